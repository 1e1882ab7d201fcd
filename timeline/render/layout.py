"""Pure layout helpers for the chart: axis segments, date ticks, marker tracks, label placement.

Nothing here imports matplotlib. Positions are plain floats: dates are proleptic Gregorian
ordinals (``datetime.date.toordinal()``), and label geometry is in typographic points.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle ``x0 <= x1``, ``y0 <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        """True when the boxes share area (or come closer than ``pad``)."""
        return (
            self.x0 < other.x1 + pad
            and other.x0 < self.x1 + pad
            and self.y0 < other.y1 + pad
            and other.y0 < self.y1 + pad
        )

    def shifted(self, dx: float = 0.0, dy: float = 0.0) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def inside(self, other: Box, tol: float = 0.0) -> bool:
        return (
            self.x0 >= other.x0 - tol
            and self.y0 >= other.y0 - tol
            and self.x1 <= other.x1 + tol
            and self.y1 <= other.y1 + tol
        )


Point = tuple[float, float]


def segment_hits_box(p: Point, q: Point, box: Box) -> bool:
    """True when the line segment ``p``-``q`` meets the interior of ``box`` (Liang-Barsky)."""
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for num_p, num_q in (
        (-dx, x0 - box.x0),
        (dx, box.x1 - x0),
        (-dy, y0 - box.y0),
        (dy, box.y1 - y0),
    ):
        if num_p == 0:
            if num_q <= 0:
                return False
            continue
        t = num_q / num_p
        if num_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return True


def segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """True when segments ``p``-``q`` and ``r``-``s`` properly cross (touching ends do not
    count, so leaders that start at the same marker are fine)."""

    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(r, s, p), orient(r, s, q)
    d3, d4 = orient(p, q, r), orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


# --------------------------------------------------------------------------- axis segments


def split_ranges(
    ranges: Sequence[tuple[float, float]],
    *,
    max_breaks: int = 2,
    gain: float = 3.0,
    min_gap: float = 10.0,
    min_fraction: float = 0.16,
) -> list[tuple[float, float]]:
    """Group ``[start, end)`` ranges into clusters separated by axis breaks.

    The ranges are merged into disjoint blocks; the empty stretches between blocks are
    candidate breaks, largest first. Each cluster becomes a piece of the axis with its own
    scale, ``max(count, 1)``-weighted in width (see :func:`segment_widths`). A stretch of at
    least ``min_gap`` becomes a break when it makes the axis at least ``gain`` times sharper
    for the typical range: the geometric mean, over all ranges, of the room per day of the piece
    they fall in. How long the far ranges are does not matter (a year-long span far from a busy
    week still gets its own compressed piece); a break between lone ranges, which leaves no
    cluster with two or more, is never made. Returns the clusters (``(lo, hi)``), earliest
    first.
    """
    if not ranges:
        return []
    blocks: list[list[float]] = []  # [lo, hi, number of ranges]
    for lo, hi in sorted(ranges):
        if blocks and lo <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], hi)
            blocks[-1][2] += 1
        else:
            blocks.append([lo, hi, 1])
    gaps = sorted(
        ((blocks[i + 1][0] - blocks[i][1], i) for i in range(len(blocks) - 1)), reverse=True
    )
    breaks: set[int] = set()
    score = _sharpness(blocks, breaks, min_fraction)
    for gap, index in gaps:
        if len(breaks) >= max_breaks or gap < min_gap:
            break
        trial = breaks | {index}
        if max(n for _, _, n in _clusters(blocks, trial)) < 2:
            continue  # a break between lone events only wastes room
        trial_score = _sharpness(blocks, trial, min_fraction)
        if trial_score >= score + math.log(gain):
            breaks, score = trial, trial_score
    return [(lo, hi) for lo, hi, _ in _clusters(blocks, breaks)]


def _clusters(
    blocks: Sequence[Sequence[float]], breaks: set[int]
) -> list[tuple[float, float, float]]:
    """``(lo, hi, number of ranges)`` of each cluster when the blocks are cut after
    ``breaks``."""
    found: list[tuple[float, float, float]] = []
    start, count = blocks[0][0], 0.0
    for i, block in enumerate(blocks):
        count += block[2]
        if i in breaks or i == len(blocks) - 1:
            found.append((start, block[1], count))
            if i + 1 < len(blocks):
                start, count = blocks[i + 1][0], 0.0
    return found


def _sharpness(blocks: Sequence[Sequence[float]], breaks: set[int], min_fraction: float) -> float:
    """Mean over the ranges of log(share of the axis width per day) of their cluster."""
    clusters = _clusters(blocks, breaks)
    widths = segment_widths([n for _, _, n in clusters], 1.0, min_fraction)
    total = sum(n for _, _, n in clusters)
    return sum(
        n * math.log(w / max(hi - lo, 1.0))
        for (lo, hi, n), w in zip(clusters, widths, strict=True)
    ) / total


def segment_widths(
    weights: Sequence[float], total: float, min_fraction: float = 0.16
) -> list[float]:
    """Share ``total`` between segments in proportion to ``weights``, each at least
    ``min_fraction`` of the total (when there is more than one segment)."""
    n = len(weights)
    if n == 0:
        return []
    if n == 1:
        return [total]
    floor = min(min_fraction, 1.0 / n) * total
    fixed: set[int] = set()
    while True:
        free = total - floor * len(fixed)
        wsum = sum(w for i, w in enumerate(weights) if i not in fixed) or 1.0
        widths = [floor if i in fixed else free * w / wsum for i, w in enumerate(weights)]
        small = {i for i, w in enumerate(widths) if w < floor - 1e-9 and i not in fixed}
        if not small:
            return widths
        fixed |= small


# --------------------------------------------------------------------------- date ticks


@dataclass(frozen=True)
class Tick:
    """A tick at ``pos`` (ordinal, fractional) with a (possibly two-line) label."""

    pos: float
    label: str


_STEPS: tuple[tuple[str, int, float], ...] = (
    ("day", 1, 1.0),
    ("day", 2, 2.0),
    ("week", 1, 7.0),
    ("week", 2, 14.0),
    ("month", 1, 30.4),
    ("month", 2, 60.9),
    ("month", 3, 91.3),
    ("month", 6, 182.6),
    ("year", 1, 365.25),
    ("year", 2, 730.5),
    ("year", 5, 1826.0),
    ("year", 10, 3652.0),
    ("year", 20, 7305.0),
    ("year", 50, 18262.0),
    ("year", 100, 36525.0),
    ("year", 200, 73050.0),
    ("year", 500, 182621.0),
    ("year", 1000, 365242.0),
)


def _date(ordinal: float) -> dt.date:
    return dt.date.fromordinal(max(1, min(math.floor(ordinal), dt.date.max.toordinal())))


def _tick_dates(unit: str, step: int, lo: float, hi: float) -> Iterator[tuple[float, dt.date]]:
    first = _date(lo)
    last = _date(hi)
    if unit in ("day", "week"):
        for o in range(first.toordinal(), last.toordinal() + 1):
            d = dt.date.fromordinal(o)
            if unit == "day" and o % step:
                continue
            if unit == "week" and (d.weekday() != 0 or (o // 7) % step):
                continue
            pos = o + 0.5
            if lo <= pos <= hi:
                yield pos, d
        return
    if unit == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            if (m - 1) % step == 0:
                d = dt.date(y, m, 1)
                if lo <= d.toordinal() <= hi:
                    yield float(d.toordinal()), d
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return
    for y in range(first.year, last.year + 1):
        if y % step == 0:
            d = dt.date(y, 1, 1)
            if lo <= d.toordinal() <= hi:
                yield float(d.toordinal()), d


def _tick_label(unit: str, d: dt.date, previous: dt.date | None) -> str:
    new_year = previous is None or previous.year != d.year
    if unit == "year":
        return str(d.year)
    main = MONTHS[d.month - 1] if unit == "month" else f"{d.day} {MONTHS[d.month - 1]}"
    return f"{main}\n{d.year}" if new_year else main


def choose_ticks(lo: float, hi: float, width_pt: float, min_spacing: float = 36.0) -> list[Tick]:
    """Date ticks for the ordinal range ``[lo, hi]`` drawn ``width_pt`` points wide: the
    finest of days, weeks, months or years whose ticks stay ``min_spacing`` apart."""
    max_ticks = max(1, int(width_pt // min_spacing))
    span = max(hi - lo, 1e-9)
    fallback: list[tuple[float, dt.date]] | None = None
    fallback_unit = "year"
    for unit, step, days in _STEPS:
        if span / days > max_ticks * 2 + 2:
            continue
        found = list(_tick_dates(unit, step, lo, hi))
        if 1 <= len(found) <= max_ticks:
            return _labelled(unit, found)
        if found and fallback is None:
            fallback, fallback_unit = found, unit
    if fallback:
        middle = fallback[len(fallback) // 2]
        return _labelled(fallback_unit, [middle])
    return []


def _labelled(unit: str, found: list[tuple[float, dt.date]]) -> list[Tick]:
    ticks: list[Tick] = []
    previous: dt.date | None = None
    for pos, d in found:
        ticks.append(Tick(pos, _tick_label(unit, d, previous)))
        previous = d
    return ticks


# --------------------------------------------------------------------------- marker tracks


def track_order() -> Iterator[int]:
    """0, 1, -1, 2, -2, ..."""
    yield 0
    k = 1
    while True:
        yield k
        yield -k
        k += 1


def assign_tracks(extents: Sequence[tuple[float, float]], gap: float = 1.0) -> list[int]:
    """Give each horizontal extent ``(x0, x1)`` a track (0 = on the baseline, then
    alternately above and below) so that extents on the same track do not touch."""
    used: dict[int, list[tuple[float, float]]] = {}
    tracks: list[int] = []
    for x0, x1 in extents:
        for track in track_order():
            taken = used.setdefault(track, [])
            if all(x1 + gap <= a or b + gap <= x0 for a, b in taken):
                taken.append((x0, x1))
                tracks.append(track)
                break
    return tracks


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class LabelRequest:
    """A label of ``width`` x ``height`` points for the marker at (``x``, ``y``).
    ``prefer`` is +1 (above the baseline), -1 (below) or 0 (either side)."""

    x: float
    y: float
    width: float
    height: float
    prefer: int = 0


@dataclass(frozen=True)
class Placement:
    """Where a label went: its box, its level (+ above, - below) and its leader line."""

    box: Box
    level: int
    leader: tuple[Point, Point]


#: Horizontal placements tried at each level: (offset in label widths, cost).
_SHIFTS: tuple[tuple[float, float], ...] = (
    (0.0, 0.0),
    (0.5, 0.15),
    (-0.5, 0.15),
    (1.0, 0.7),
    (-1.0, 0.7),
    (1.5, 1.3),
    (-1.5, 1.3),
)


#: How much worse (in levels) a placement with a clean leader line may be than the best
#: placement whose leader crosses something.
_LEADER_SLACK = 2.0


def place_labels(
    requests: Sequence[LabelRequest],
    obstacles: Sequence[Box],
    *,
    x_min: float,
    x_max: float,
    base: float,
    level_height: float,
    pad: float = 2.0,
    marker_radius: float = 3.0,
) -> list[Placement]:
    """Greedy label placement in stacked levels above and below a baseline at ``y = 0``.

    Level ``k >= 1`` puts the label's bottom at ``base + (k - 1) * level_height``; level
    ``-k`` its top at ``-(base + (k - 1) * level_height)``. Each label, in order, takes the
    cheapest candidate (low level, little horizontal shift, preferred side) whose box keeps
    ``pad`` away from every placed label and every obstacle (the markers), and whose leader
    line crosses no other label, leader or marker. When a clean leader would cost more than
    ``_LEADER_SLACK`` extra levels the leader rule is dropped, and as a last resort a fresh
    level is opened; boxes never overlap.
    """
    placed: list[Placement] = []
    max_level = min(len(requests) + 3, 40)
    orders: dict[int, list[tuple[float, int, float]]] = {}
    for prefer in (-1, 0, 1):
        order = [
            (level + (0.5 if prefer and side != prefer else 0.0) + shift_cost, side * level, shift)
            for level in range(1, max_level + 1)
            for side in (1, -1)
            for shift, shift_cost in _SHIFTS
        ]
        order.sort()
        orders[prefer] = order
    for index, req in enumerate(requests):
        own = obstacles[index] if index < len(obstacles) else None
        others = [b for i, b in enumerate(obstacles) if i != index]
        candidates = orders[max(-1, min(1, req.prefer))]
        choice: Placement | None = None
        fallback: tuple[float, Placement] | None = None
        for cost, level, shift in candidates:
            if fallback is not None and cost > fallback[0] + _LEADER_SLACK:
                break
            cand = _candidate(req, level, shift, x_min, x_max, base, level_height,
                              marker_radius)
            if not _fits(cand, placed, others, own, pad, False):
                continue
            if fallback is None:
                fallback = (cost, cand)
            if _fits(cand, placed, others, own, pad, True):
                choice = cand
                break
        if choice is None and fallback is not None:
            choice = fallback[1]
        level = max_level + 1
        while choice is None:
            cand = _candidate(req, level, 0.0, x_min, x_max, base, level_height, marker_radius)
            if _fits(cand, placed, others, own, pad, False):
                choice = cand
            level += 1
        placed.append(choice)
    return placed


def _candidate(
    req: LabelRequest,
    level: int,
    shift: float,
    x_min: float,
    x_max: float,
    base: float,
    level_height: float,
    marker_radius: float,
) -> Placement:
    x0 = req.x - req.width / 2 + shift * req.width
    x0 = min(max(x0, x_min), max(x_min, x_max - req.width))
    k = abs(level)
    if level > 0:
        y0 = base + (k - 1) * level_height
        box = Box(x0, y0, x0 + req.width, y0 + req.height)
        start = (req.x, req.y + marker_radius)
        end_y = box.y0
    else:
        y1 = -(base + (k - 1) * level_height)
        box = Box(x0, y1 - req.height, x0 + req.width, y1)
        start = (req.x, req.y - marker_radius)
        end_y = box.y1
    inset = min(3.0, box.width / 2)
    end_x = min(max(req.x, box.x0 + inset), box.x1 - inset)
    return Placement(box, level, (start, (end_x, end_y)))


def _fits(
    cand: Placement,
    placed: Sequence[Placement],
    obstacles: Sequence[Box],
    own: Box | None,
    pad: float,
    strict: bool,
) -> bool:
    box = cand.box
    if own is not None and box.overlaps(own, pad):
        return False
    for other in placed:
        if box.overlaps(other.box, pad):
            return False
    for obstacle in obstacles:
        if box.overlaps(obstacle, pad):
            return False
    if not strict:
        return True
    start, end = cand.leader
    for other in placed:
        if segment_hits_box(start, end, other.box):
            return False
        if segment_hits_box(other.leader[0], other.leader[1], box):
            return False
        if segments_cross(start, end, other.leader[0], other.leader[1]):
            return False
    return not any(segment_hits_box(start, end, obstacle) for obstacle in obstacles)


# --------------------------------------------------------------------------- stacks


@dataclass(frozen=True)
class StackStyle:
    """Sizes (points) used to lay out a :class:`Stack`."""

    radius: float = 3.0  # of a date's dot
    bar_height: float = 5.0  # of a period's bar
    line_height: float = 8.0  # of one line of label text
    label_gap: float = 3.0  # between a mark and its label
    bar_gap: float = 1.5  # between a label and the bar under it ("above")
    row_gap: float = 2.5  # between the rows of a stack
    inset: float = 2.0  # of a label above a bar, from the bar's start (and the stem)


@dataclass(frozen=True)
class Stack:
    """Events drawn together on one stem: one date (``x0 == x1``: a column of dots) or one
    period (``x0 < x1``: a column of bars), in points along the lane. ``rows`` holds each
    event's label size ``(width, height)``, top row first. ``limits`` optionally narrows
    the horizontal room of this stack's boxes (e.g. to its piece of a broken axis)."""

    x0: float
    x1: float
    rows: tuple[tuple[float, float], ...]
    limits: tuple[float, float] | None = None

    @property
    def is_period(self) -> bool:
        return self.x1 > self.x0

    def sides(self) -> tuple[tuple[str, float], ...]:
        """Where the labels may go, with a small cost (points) for the less natural sides."""
        if self.is_period:
            return (("above", 0.0), ("right", 1.0), ("left", 4.0))
        return (("right", 0.0), ("left", 2.0))


@dataclass(frozen=True)
class StackPlacement:
    """Where a stack went: its side, one mark box and one label box per row, and its stem,
    a vertical line from the baseline (``y = 0``) to the centre of the top mark."""

    side: str
    marks: tuple[Box, ...]
    labels: tuple[Box, ...]
    stem: tuple[Point, Point]

    @property
    def boxes(self) -> tuple[Box, ...]:
        return self.marks + self.labels

    @property
    def bottom(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def top(self) -> float:
        return max(b.y1 for b in self.boxes)


def stack_shape(stack: Stack, side: str, style: StackStyle) -> StackPlacement:
    """The stack laid out with its labels on ``side``, its bottom at ``y = 0``."""
    r = style.radius
    half = r if not stack.is_period else style.bar_height / 2
    marks: list[Box] = []
    labels: list[Box] = []
    y = 0.0  # top of the current row; rows go downwards, shifted up at the end
    for width, height in stack.rows:
        if side == "above":
            label = Box(stack.x0 + style.inset, y - height, stack.x0 + style.inset + width, y)
            cy = label.y0 - style.bar_gap - half
        else:
            first = max(style.line_height, 2 * half)
            cy = y - first / 2
            top = cy + style.line_height / 2
            if side == "right":
                x0 = stack.x1 + (r if not stack.is_period else 0.0) + style.label_gap
            else:
                x0 = stack.x0 - (r if not stack.is_period else 0.0) - style.label_gap - width
            label = Box(x0, top - height, x0 + width, top)
        mark = Box(stack.x0 - (r if not stack.is_period else 0.0), cy - half,
                   stack.x1 + (r if not stack.is_period else 0.0), cy + half)
        marks.append(mark)
        labels.append(label)
        y = min(label.y0, mark.y0) - style.row_gap
    bottom = min(b.y0 for b in (*marks, *labels))
    marks = [b.shifted(dy=-bottom) for b in marks]
    labels = [b.shifted(dy=-bottom) for b in labels]
    stem_top = (marks[0].y0 + marks[0].y1) / 2
    stem = ((stack.x0, 0.0), (stack.x0, stem_top))
    return StackPlacement(side, tuple(marks), tuple(labels), stem)


def _lifted(shape: StackPlacement, dy: float) -> StackPlacement:
    (sx, sy), (ex, ey) = shape.stem
    return StackPlacement(
        shape.side,
        tuple(b.shifted(dy=dy) for b in shape.marks),
        tuple(b.shifted(dy=dy) for b in shape.labels),
        ((sx, sy), (ex, ey + dy)),
    )


def place_stacks(
    stacks: Sequence[Stack],
    *,
    x_min: float,
    x_max: float,
    base: float = 4.0,
    pad: float = 2.0,
    hpad: float | None = None,
    style: StackStyle | None = None,
) -> list[StackPlacement]:
    """Lay out stacks above a baseline at ``y = 0``, as low as possible, so that no two
    boxes (marks, labels) come within ``pad`` of each other vertically or ``hpad`` (default
    ``2 * pad``) side by side, and no stem runs through another stack's box. Stems are
    vertical, so they never cross each other.

    A stack whose labels would cover another stack's stem must sit above it; so stacks are
    placed when they cover no stem still to be placed, lowest result first (this yields
    the familiar staircase of flags). Labels go to the right of a date's dots, or to the
    left when that is lower or the right runs out of room; above a period's bars, or beside
    them. Only when stems would block one another in a cycle may a stem pass behind a label.
    """
    style = style or StackStyle()
    gaps = (2 * pad if hpad is None else hpad, pad)
    shapes = [
        [(stack_shape(s, side, style), cost) for side, cost in s.sides()] for s in stacks
    ]

    def inside(shape: StackPlacement, stack: Stack) -> bool:
        lo, hi = stack.limits or (x_min, x_max)
        lo, hi = max(lo, x_min), min(hi, x_max)
        return lo - 0.01 <= min(b.x0 for b in shape.boxes) and max(
            b.x1 for b in shape.boxes
        ) <= hi + 0.01

    shapes = [
        [(sh, c) for sh, c in options if inside(sh, stack)]
        or [(sh, c) for sh, c in options if inside(sh, Stack(0.0, 0.0, ()))]
        or options
        for stack, options in zip(stacks, shapes, strict=True)
    ]
    placed: dict[int, StackPlacement] = {}
    todo = set(range(len(stacks)))
    while todo:
        best: tuple[tuple[float, ...], int, StackPlacement] | None = None
        for i in sorted(todo):
            others = [stacks[j].x0 for j in todo if j != i]
            for shape, cost in shapes[i]:
                blocked = sum(
                    1 for x in others
                    if any(b.x0 - pad < x < b.x1 + pad for b in shape.boxes)
                )
                found = _lowest(shape, list(placed.values()), base, gaps, True)
                strict = found is not None
                if found is None:
                    found = _lowest(shape, list(placed.values()), base, gaps, False)
                assert found is not None
                key = (float(blocked), 0.0 if strict else 1.0, found.top + cost, found.stem[0][0])
                if best is None or key < best[0]:
                    best = (key, i, found)
        assert best is not None
        placed[best[1]] = best[2]
        todo.discard(best[1])
    return [placed[i] for i in range(len(stacks))]


def _lowest(
    shape: StackPlacement,
    placed: Sequence[StackPlacement],
    base: float,
    gaps: tuple[float, float],
    strict: bool,
) -> StackPlacement | None:
    """``shape`` lifted to the lowest height (``>= base``) where it fits among ``placed``
    (``gaps``: horizontal and vertical room between boxes); ``strict`` also keeps stems out
    of boxes. ``None`` when no height works."""
    pad = gaps[1]  # the shape's bottom is at 0: try the baseline and just above each box
    heights = sorted({base} | {b.y1 + pad for p in placed for b in p.boxes if b.y1 + pad > base})
    for y in heights:
        cand = _lifted(shape, y)
        if _stack_fits(cand, placed, gaps, strict):
            return cand
    return None


def _stack_fits(
    cand: StackPlacement,
    placed: Sequence[StackPlacement],
    gaps: tuple[float, float],
    strict: bool,
) -> bool:
    hpad, pad = gaps
    for other in placed:
        for a in cand.boxes:
            for b in other.boxes:
                if (a.x0 < b.x1 + hpad and b.x0 < a.x1 + hpad
                        and a.y0 < b.y1 + pad and b.y0 < a.y1 + pad):
                    return False
        if not strict:
            continue
        if _stem_hits(cand.stem, other.boxes, pad / 2) or _stem_hits(
            other.stem, cand.boxes, pad / 2
        ):
            return False
    return True


def _stem_hits(stem: tuple[Point, Point], boxes: Sequence[Box], pad: float) -> bool:
    (x, y0), (_, y1) = stem
    return any(
        b.x0 - pad < x < b.x1 + pad and b.y0 - pad < y1 and y0 < b.y1 + pad for b in boxes
    )
