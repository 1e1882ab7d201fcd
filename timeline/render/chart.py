"""The timeline chart: a horizontal date axis (broken when a few events lie far away), one
marker or bar per dated event, non-overlapping labels, the publication date, a legend and a
footer. Drawn with matplotlib's object-oriented API on the Agg canvas; no pyplot, no global
rcParams changes (everything runs inside :func:`chart_rc`).

Internally all lengths are typographic points (1/72 inch); a figure's y data unit inside the
plot axes is exactly one point, so label geometry computed in points maps 1:1 onto the page.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO

from timeline.render.layout import (
    MONTHS,
    Box,
    LabelRequest,
    assign_tracks,
    choose_ticks,
    place_labels,
    segment_widths,
    split_ranges,
)

if TYPE_CHECKING:
    import datetime as dt

    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.text import Text
    from matplotlib.transforms import Transform

    from timeline.model import Event
    from timeline.timeline import Timeline

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
LANE_MODES: tuple[str, ...] = ("none", "entity", "document")
POINT_GRANULARITIES: frozenset[str] = frozenset({"time", "day"})
EXPLICIT_SOURCES: frozenset[str] = frozenset({"explicit", "same-clause"})

#: Font sizes in points, chosen to stay legible when the figure is printed at A4 text width.
TITLE_SIZE = 10.0
LABEL_SIZE = 7.0
TICK_SIZE = 6.5
LEGEND_SIZE = 6.5
FOOTER_SIZE = 6.0
LANE_SIZE = 6.5

MARGIN = 8.0  # outer margin, pt
GAP = 5.0  # vertical gap between blocks, pt
AXIS_GAP = 12.0  # horizontal gap between the pieces of a broken axis, pt
MARKER_RADIUS = 3.2
BAR_HEIGHT = 5.0
TRACK_HEIGHT = 8.0
LANE_PAD = 5.0
PUB_STRIP = 11.0
LABEL_MAX_WIDTH = 100.0
LABEL_MAX_LINES = 2
LANE_NAME_WIDTH = 64.0
MAX_LANES = 8


@dataclass(frozen=True)
class Theme:
    """Colours of one chart theme."""

    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    leader: str
    publication: str
    palette: tuple[str, ...]


THEMES: Mapping[str, Theme] = MappingProxyType(
    {
        "light": Theme(
            "light", "#ffffff", "#1a1a1a", "#555555", "#e4e4e4", "#9a9a9a", "#c0392b",
            ("#1f5fa8", "#d9822b", "#2a9d5c", "#8e44ad", "#b03a48", "#167d87", "#7a6a1f",
             "#555555"),
        ),
        "dark": Theme(
            "dark", "#16191d", "#e8e8e8", "#a8a8a8", "#2e333a", "#6f757d", "#ff7b6b",
            ("#6fb1ff", "#ffb56b", "#6ad69a", "#c99bff", "#ff8fa0", "#5fd4df", "#e0d27a",
             "#cfcfcf"),
        ),
        "print": Theme(
            "print", "#ffffff", "#000000", "#333333", "#d0d0d0", "#777777", "#000000",
            ("#000000",),
        ),
    }
)

_RC: Mapping[str, Any] = MappingProxyType(
    {
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],
        "mathtext.fontset": "dejavusans",
        "text.usetex": False,
        "text.parse_math": False,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",
        "svg.hashsalt": "timeline-chart",
        "svg.image_inline": True,
        "pdf.fonttype": 42,
        "pdf.compression": 6,
        "path.simplify": False,
        "hatch.linewidth": 0.6,
        "text.hinting": "none",
        "text.antialiased": True,
        "lines.antialiased": True,
        "patch.antialiased": True,
    }
)


@contextlib.contextmanager
def chart_rc() -> Iterator[None]:
    """The rcParams the chart is drawn and saved with, applied locally: matplotlib's defaults
    (so a user's matplotlibrc or style cannot change the output), DejaVu Sans without hinting,
    text kept as text in SVG and PDF, a fixed SVG hash salt."""
    import matplotlib
    import matplotlib.style

    rc: Any = dict(_RC)
    with matplotlib.style.context("default"), matplotlib.rc_context(rc):
        yield


# --------------------------------------------------------------------------- results


@dataclass
class Chart:
    """A drawn chart: the figure plus handles on the artists, for saving and for checks."""

    figure: Figure
    axes: list[Axes]
    labels: dict[str, Text] = field(default_factory=dict)
    markers: dict[str, Artist] = field(default_factory=dict)
    marker_axes: dict[str, Axes] = field(default_factory=dict)
    annotations: list[Text] = field(default_factory=list)
    title: Text | None = None
    footer: Text | None = None
    legend: Legend | None = None
    width_px: int = 0
    height_px: int = 0
    dpi: float = 200.0
    theme: Theme = THEMES["light"]


@dataclass(frozen=True)
class ChartGeometry:
    """Where things ended up, in display pixels (origin bottom left), measured from the drawn
    figure with the renderer's own text extents."""

    width_px: int
    height_px: int
    labels: Mapping[str, Box]
    markers: Mapping[str, Box]
    marker_axes: Mapping[str, Box]
    axes: tuple[Box, ...]
    annotations: tuple[Box, ...]
    title: Box | None
    footer: Box | None
    legend: Box | None

    def collisions(self, pad: float = 0.0) -> list[tuple[str, str]]:
        """Pairs (label id, label or ``marker:`` id) whose boxes overlap."""
        found: list[tuple[str, str]] = []
        ids = sorted(self.labels)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if self.labels[a].overlaps(self.labels[b], pad):
                    found.append((a, b))
            for m, box in self.markers.items():
                if self.labels[a].overlaps(box, pad):
                    found.append((a, f"marker:{m}"))
        return found


# --------------------------------------------------------------------------- public API


def draw_chart(
    timeline: Timeline,
    *,
    width: float = 6.27,
    dpi: float = 200,
    theme: str = "light",
    title: str | None = None,
    lanes: str = "none",
    include_reporting: bool = True,
) -> Chart:
    """Draw the timeline chart and return it (figure + artist handles).

    Label placement is computed from measured text extents, then verified on the drawn figure
    with ``get_window_extent``; if anything still overlaps, the layout is redone with more
    padding.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {sorted(THEMES)}")
    if lanes not in LANE_MODES:
        raise ValueError(f"unknown lanes {lanes!r}; expected one of {LANE_MODES}")
    if width <= 0 or dpi <= 0:
        raise ValueError("width and dpi must be positive")
    with chart_rc():
        pad = 2.0
        chart = _build(timeline, width, dpi, THEMES[theme], title, lanes, include_reporting, pad)
        for _ in range(3):
            if not measure_chart(chart).collisions():
                break
            pad += 2.0
            chart = _build(
                timeline, width, dpi, THEMES[theme], title, lanes, include_reporting, pad
            )
        return chart


def measure_chart(chart: Chart) -> ChartGeometry:
    """Measure the drawn chart: label boxes, marker boxes, axes, title, footer, legend."""
    with chart_rc():
        fig = chart.figure
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]

        def box(artist: Artist) -> Box:
            return _box(artist.get_window_extent(renderer))

        width_px, height_px = fig.canvas.get_width_height(physical=True)
        return ChartGeometry(
            width_px=width_px,
            height_px=height_px,
            labels={k: box(t) for k, t in chart.labels.items()},
            markers={k: box(m) for k, m in chart.markers.items()},
            marker_axes={k: box(a) for k, a in chart.marker_axes.items()},
            axes=tuple(box(a) for a in chart.axes),
            annotations=tuple(box(t) for t in chart.annotations),
            title=box(chart.title) if chart.title is not None else None,
            footer=box(chart.footer) if chart.footer is not None else None,
            legend=box(chart.legend) if chart.legend is not None else None,
        )


def chart_bytes(timeline: Timeline, fmt: str = "svg", **options: Any) -> bytes:
    """The chart as PNG, SVG or PDF bytes (same options as :func:`save_chart`)."""
    buffer = io.BytesIO()
    save_chart(timeline, buffer, fmt=fmt, **options)
    return buffer.getvalue()


def save_chart(
    timeline: Timeline,
    path: str | os.PathLike[str] | BinaryIO,
    fmt: str = "png",
    width: float = 6.27,
    dpi: float = 200,
    theme: str = "light",
    title: str | None = None,
    lanes: str = "none",
    include_reporting: bool = True,
) -> None:
    """Draw the timeline chart and save it as ``fmt`` (png, svg or pdf).

    ``width`` is in inches (6.27 = A4 text width); the height follows from the content. A PNG
    is exactly ``round(width * dpi)`` pixels wide. SVG and PDF keep text as text, and the SVG
    is byte-for-byte reproducible for the same input.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    chart = draw_chart(
        timeline,
        width=width,
        dpi=dpi,
        theme=theme,
        title=title,
        lanes=lanes,
        include_reporting=include_reporting,
    )
    metadata: dict[str, Any]
    if fmt == "svg":
        metadata = {"Date": None, "Creator": "timeline"}
    elif fmt == "pdf":
        metadata = {"CreationDate": None, "ModDate": None, "Creator": "timeline"}
    else:
        metadata = {"Software": "timeline"}
    target: Any = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
    with chart_rc():
        chart.figure.savefig(
            target,
            format=fmt,
            dpi=dpi,
            metadata=metadata,
            facecolor=chart.theme.background,
            edgecolor="none",
        )


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _Item:
    event: Event
    lo: float  # first day (ordinal)
    hi: float  # day after the last day (ordinal)
    point: bool
    inferred: bool
    lane: int
    label: str
    label_w: float
    label_h: float


@dataclass(frozen=True)
class _Segment:
    lo: float
    hi: float
    left: float  # pt from the figure's left edge
    width: float  # pt

    def x(self, ordinal: float) -> float:
        return self.left + (ordinal - self.lo) / (self.hi - self.lo) * self.width

    def span_to_data(self, points: float) -> float:
        return points / self.width * (self.hi - self.lo)


class _Measurer:
    """Measures text with the Agg renderer of a scratch figure at the output dpi."""

    def __init__(self, width_in: float, dpi: float) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.dpi = dpi
        self.figure = Figure(figsize=(width_in, 2.0), dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.renderer: RendererBase = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        self._text = self.figure.text(0, 0, "", multialignment="center")
        self._cache: dict[tuple[str, float, str], tuple[float, float]] = {}

    def size(self, text: str, fontsize: float, weight: str = "normal") -> tuple[float, float]:
        """Width and height in points of ``text`` as the renderer lays it out."""
        key = (text, fontsize, weight)
        if key not in self._cache:
            self._text.set_text(text)
            self._text.set_fontsize(fontsize)
            self._text.set_fontweight(weight)
            bb = self._text.get_window_extent(self.renderer)
            self._cache[key] = (bb.width * 72.0 / self.dpi, bb.height * 72.0 / self.dpi)
        return self._cache[key]

    def wrap(
        self, text: str, max_width: float, fontsize: float, max_lines: int, weight: str = "normal"
    ) -> str:
        """Word-wrap ``text`` into at most ``max_lines`` lines of at most ``max_width`` pt,
        cutting with an ellipsis when it does not fit."""

        def fits(s: str) -> bool:
            return self.size(s, fontsize, weight)[0] <= max_width

        words = text.split()
        if fits(" ".join(words)):
            return " ".join(words)
        lines: list[str] = []
        current = ""
        truncated = False
        for i, word in enumerate(words):
            trial = f"{current} {word}".strip()
            if fits(trial):
                current = trial
                continue
            if current:
                lines.append(current)
                current = ""
            if len(lines) == max_lines:
                truncated = True
                break
            if fits(word):
                current = word
            else:
                current = self._cut(word, max_width, fontsize, weight)
                if i < len(words) - 1 or current != word:
                    truncated = current != word or truncated
                    if current != word:
                        lines.append(current)
                        current = ""
                        if len(lines) == max_lines:
                            truncated = True
                            break
        if current and len(lines) < max_lines:
            lines.append(current)
        elif current:
            truncated = True
        if truncated and lines:
            lines[-1] = self._cut(lines[-1] + "\u2026", max_width, fontsize, weight, force=True)
        return "\n".join(lines)

    def _cut(
        self, s: str, max_width: float, fontsize: float, weight: str, force: bool = False
    ) -> str:
        if self.size(s, fontsize, weight)[0] <= max_width:
            return s
        base = s.rstrip("\u2026")
        while base:
            base = base[:-1].rstrip()
            trial = base + "\u2026"
            if self.size(trial, fontsize, weight)[0] <= max_width:
                return trial
        return "\u2026" if force else s[:1]

    def legend_size(self, handles: Sequence[Artist], labels: Sequence[str],
                    ncols: int) -> tuple[float, float]:
        legend = self.figure.legend(handles, labels, ncols=ncols, **_legend_style())
        bb = legend.get_window_extent(self.renderer)
        legend.remove()
        return bb.width * 72.0 / self.dpi, bb.height * 72.0 / self.dpi


def _legend_style() -> dict[str, Any]:
    return {
        "frameon": False,
        "fontsize": LEGEND_SIZE,
        "handlelength": 1.8,
        "handleheight": 0.7,
        "handletextpad": 0.5,
        "columnspacing": 1.4,
        "borderpad": 0.1,
        "borderaxespad": 0.0,
        "labelspacing": 0.3,
    }


def _box(bbox: Any) -> Box:
    return Box(float(bbox.x0), float(bbox.y0), float(bbox.x1), float(bbox.y1))


def _exact_inches(pixels: int, dpi: float) -> float:
    """Inches that matplotlib turns into exactly ``pixels`` (it truncates ``inches * dpi``)."""
    inches = pixels / dpi
    while int(inches * dpi) < pixels:
        inches = math.nextafter(inches, math.inf)
    return inches


def _format_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _is_inferred(event: Event) -> bool:
    return event.time is not None and event.time.source not in EXPLICIT_SOURCES


def _lane_keys(events: Sequence[Event], lanes: str, timeline: Timeline) -> list[str]:
    if lanes == "none":
        return [""] * len(events)
    if lanes == "document":
        doc = timeline.document
        name = doc.title or doc.id or "document"
        return [name] * len(events)
    keys: list[str] = []
    for ev in events:
        agents = [p.text for p in ev.participants if p.role == "agent"]
        others = [p.text for p in ev.participants]
        keys.append((agents or others or ["(no participant)"])[0])
    return keys


def _footer_text(timeline: Timeline, shown: int, include_reporting: bool) -> str:
    doc = timeline.document
    parts = [f"Source: {doc.id}" if doc.id else "Source: document"]
    if doc.title:
        parts[0] += f" \u2014 {doc.title}"
    parts.append(f"published {_format_date(doc.published_date)}")
    parts.append(f"{shown} dated event{'s' if shown != 1 else ''}")
    undated = len(timeline.undated)
    if undated:
        parts.append(f"{undated} undated event{'s' if undated != 1 else ''} not shown")
    if not include_reporting:
        parts.append("reporting events omitted")
    return " \u00b7 ".join(parts)


def _points_transform(fig: Figure) -> Transform:
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(1.0 / 72.0) + fig.dpi_scale_trans


def _new_figure(width_px: int, height_px: int, dpi: float, theme: Theme) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(
        figsize=(_exact_inches(width_px, dpi), _exact_inches(height_px, dpi)),
        dpi=dpi,
        facecolor=theme.background,
    )
    FigureCanvasAgg(fig)
    return fig


def _build(
    timeline: Timeline,
    width: float,
    dpi: float,
    theme: Theme,
    title: str | None,
    lanes: str,
    include_reporting: bool,
    pad: float,
) -> Chart:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    source = timeline if include_reporting else timeline.without_reporting()
    events = source.ordered_events()
    doc = timeline.document
    width_px = round(width * dpi)
    fig_w = width_px * 72.0 / dpi
    measurer = _Measurer(width, dpi)
    inner_w = fig_w - 2 * MARGIN

    title_str = measurer.wrap(title or doc.title or "Timeline", inner_w, TITLE_SIZE, 2, "bold")
    title_h = measurer.size(title_str, TITLE_SIZE, "bold")[1] if title_str else 0.0
    footer_str = measurer.wrap(
        _footer_text(timeline, len(events), include_reporting), inner_w, FOOTER_SIZE, 2
    )
    footer_h = measurer.size(footer_str, FOOTER_SIZE)[1]

    if not events:
        return _build_empty(width_px, dpi, theme, title_str, title_h, footer_str, footer_h)

    # ---- lanes
    keys = _lane_keys(events, lanes, source)
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    kept = sorted(counts, key=lambda k: (-counts[k], keys.index(k)))
    if len(kept) > MAX_LANES:
        kept_set = set(kept[: MAX_LANES - 1])
        keys = [k if k in kept_set else "Other" for k in keys]
    lane_names: list[str] = []
    for k in keys:
        if k not in lane_names:
            lane_names.append(k)
    lane_of = [lane_names.index(k) for k in keys]
    lane_colors = [theme.palette[i % len(theme.palette)] for i in range(len(lane_names))]
    lane_labels: list[str] = []
    lane_margin = 0.0
    if lanes != "none":
        lane_labels = [measurer.wrap(n, LANE_NAME_WIDTH, LANE_SIZE, 3, "bold") for n in lane_names]
        lane_margin = max(measurer.size(s, LANE_SIZE, "bold")[0] for s in lane_labels) + 6.0

    # ---- items
    items: list[_Item] = []
    for ev, lane in zip(events, lane_of, strict=True):
        assert ev.time is not None
        start, end = ev.time.interval.start.toordinal(), ev.time.interval.end.toordinal() + 1
        point = ev.time.granularity in POINT_GRANULARITIES or end - start <= 1
        text = ev.label() or ev.trigger.text or ev.id
        label = measurer.wrap(text, LABEL_MAX_WIDTH, LABEL_SIZE, LABEL_MAX_LINES)
        lw, lh = measurer.size(label, LABEL_SIZE)
        items.append(_Item(ev, float(start), float(end), point, _is_inferred(ev), lane,
                           label, lw, lh))

    # ---- axis segments
    pub = float(doc.published_date.toordinal())
    clusters = split_ranges([(it.lo, it.hi) for it in items] + [(pub, pub + 1)])
    clusters = [c for c in clusters if any(c[0] <= it.lo and it.hi <= c[1] for it in items)]
    n_in = [sum(1 for it in items if c[0] <= it.lo and it.hi <= c[1]) for c in clusters]
    content_left = MARGIN + lane_margin
    plot_w = fig_w - content_left - MARGIN - AXIS_GAP * (len(clusters) - 1)
    widths = segment_widths([1.0 + n for n in n_in], plot_w)
    segments: list[_Segment] = []
    left = content_left
    for (lo, hi), w in zip(clusters, widths, strict=True):
        span = hi - lo
        margin = max(0.05 * span, 0.6)
        segments.append(_Segment(lo - margin, hi + margin, left, w))
        left += w + AXIS_GAP

    def segment_of(it: _Item) -> int:
        for j, seg in enumerate(segments):
            if seg.lo <= it.lo and it.hi <= seg.hi:
                return j
        return 0

    seg_of = [segment_of(it) for it in items]
    pub_seg = next((j for j, s in enumerate(segments) if s.lo <= pub + 0.5 <= s.hi), None)

    # ---- per-lane layout (lane-local y, pt; x in figure pt)
    centers: list[float] = []
    extents: list[tuple[float, float]] = []
    for it, j in zip(items, seg_of, strict=True):
        seg = segments[j]
        if it.point:
            cx = seg.x(it.lo + 0.5)
            extents.append((cx - MARKER_RADIUS, cx + MARKER_RADIUS))
        else:
            x0, x1 = seg.x(it.lo), seg.x(it.hi)
            if x1 - x0 < 2 * MARKER_RADIUS:
                mid = (x0 + x1) / 2
                x0, x1 = mid - MARKER_RADIUS, mid + MARKER_RADIUS
            cx = (x0 + x1) / 2
            extents.append((x0, x1))
        centers.append(cx)

    level_h = max(it.label_h for it in items) + pad + 1.0
    base = MARKER_RADIUS + 4.0
    track_of: list[int] = [0] * len(items)
    boxes: list[Box] = [Box(0, 0, 0, 0)] * len(items)
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = [((0, 0), (0, 0))] * len(
        items
    )
    lane_extent: list[tuple[float, float]] = []
    for lane in range(len(lane_names)):
        idx = [i for i, it in enumerate(items) if it.lane == lane]
        tracks = assign_tracks([extents[i] for i in idx], gap=1.5)
        obstacles: list[Box] = []
        for i, track in zip(idx, tracks, strict=True):
            track_of[i] = track
            y = track * TRACK_HEIGHT
            half = MARKER_RADIUS if items[i].point else BAR_HEIGHT / 2
            obstacles.append(Box(extents[i][0], y - half, extents[i][1], y + half))
        requests = [
            LabelRequest(centers[i], track_of[i] * TRACK_HEIGHT, items[i].label_w,
                         items[i].label_h, (track_of[i] > 0) - (track_of[i] < 0))
            for i in idx
        ]
        placements = place_labels(
            requests, obstacles, x_min=content_left, x_max=fig_w - MARGIN, base=base,
            level_height=level_h, pad=pad, marker_radius=MARKER_RADIUS,
        )
        top = max([p.box.y1 for p in placements] + [o.y1 for o in obstacles])
        bottom = min([p.box.y0 for p in placements] + [o.y0 for o in obstacles])
        lane_extent.append((bottom, top))
        for i, p in zip(idx, placements, strict=True):
            boxes[i] = p.box
            leaders[i] = p.leader

    # ---- vertical layout (pt from the figure bottom)
    show_pub = pub_seg is not None
    bands = [top - bottom + 2 * LANE_PAD for bottom, top in lane_extent]
    plot_h = sum(bands) + (PUB_STRIP if show_pub else 0.0)
    tick_h = measurer.size("0\n0", TICK_SIZE)[1] + 3.0 + 3.0

    used_inferred = {(it.point, it.inferred) for it in items}
    legend_color = lane_colors[0] if lanes == "none" else theme.foreground
    handles: list[Artist] = []
    legend_labels: list[str] = []
    for point, inferred, name in (
        (True, False, "explicit date"),
        (True, True, "inferred date"),
        (False, False, "explicit period"),
        (False, True, "inferred period"),
    ):
        if (point, inferred) not in used_inferred:
            continue
        if point:
            handles.append(Line2D([], [], ls="none", marker="o", ms=2 * MARKER_RADIUS,
                                  mfc=theme.background if inferred else legend_color,
                                  mec=legend_color, mew=1.0))
        else:
            handles.append(Patch(fc=theme.background if inferred else legend_color,
                                 ec=legend_color, lw=0.8, ls="--" if inferred else "-"))
        legend_labels.append(name)
    if show_pub:
        handles.append(Line2D([], [], color=theme.publication, ls="--", lw=0.8))
        legend_labels.append("publication date")
    ncols = len(handles)
    legend_w, legend_h = measurer.legend_size(handles, legend_labels, ncols)
    while legend_w > inner_w and ncols > 1:
        ncols -= 1
        legend_w, legend_h = measurer.legend_size(handles, legend_labels, ncols)

    footer_y = MARGIN
    legend_y = footer_y + footer_h + GAP
    axes_y = legend_y + legend_h + GAP + tick_h
    axes_top = axes_y + plot_h
    fig_h = axes_top + GAP + title_h + MARGIN
    height_px = max(1, round(fig_h / 72.0 * dpi))
    fig_h = height_px * 72.0 / dpi

    fig = _new_figure(width_px, height_px, dpi, theme)
    pt = _points_transform(fig)
    chart = Chart(figure=fig, axes=[], width_px=width_px, height_px=height_px, dpi=dpi,
                  theme=theme)

    # lane baselines inside the axes (pt from the axes bottom), top lane first
    baselines: list[float] = []
    cursor = plot_h - (PUB_STRIP if show_pub else 0.0)
    for (bottom, top), band in zip(lane_extent, bands, strict=True):
        baselines.append(cursor - LANE_PAD - top)
        cursor -= band

    for j, seg in enumerate(segments):
        ax = fig.add_axes((seg.left / fig_w, axes_y / fig_h, seg.width / fig_w, plot_h / fig_h))
        ax.set_xlim(seg.lo, seg.hi)
        ax.set_ylim(0.0, plot_h)
        ax.set_facecolor("none")
        for name, spine in ax.spines.items():
            spine.set_visible(name == "bottom")
            spine.set_color(theme.muted)
            spine.set_linewidth(0.6)
        ticks = choose_ticks(seg.lo, seg.hi, seg.width)
        ax.set_xticks([t.pos for t in ticks], [t.label for t in ticks])
        ax.set_yticks([])
        ax.tick_params(axis="x", length=3.0, width=0.6, pad=2.0, labelsize=TICK_SIZE,
                       colors=theme.muted, labelcolor=theme.foreground)
        ax.grid(axis="x", color=theme.grid, lw=0.5, zorder=0)
        ax.set_axisbelow(True)
        for lane, y in enumerate(baselines):
            ax.axhline(y, color=theme.muted, lw=0.8, zorder=1)
            if lane:
                ax.axhline(y + lane_extent[lane][1] + LANE_PAD, color=theme.grid, lw=0.5,
                           zorder=0)
        chart.axes.append(ax)

    # break marks between the pieces of a broken axis
    for j in range(len(segments) - 1):
        for ax, xa in ((chart.axes[j], 1.0), (chart.axes[j + 1], 0.0)):
            for y in [0.0] + [b / plot_h for b in baselines]:
                ax.plot([xa], [y], transform=ax.transAxes, ls="none",
                        marker=[(-1.0, -1.6), (1.0, 1.6)], ms=7, mec=theme.muted, mew=0.8,
                        clip_on=False, zorder=5)

    # publication date
    if pub_seg is not None:
        ax = chart.axes[pub_seg]
        seg = segments[pub_seg]
        ax.axvline(pub + 0.5, ymin=0.0, ymax=(plot_h - 2.0) / plot_h, color=theme.publication,
                   ls="--", lw=0.8, zorder=1.5)
        text = f"published {_format_date(doc.published_date)}"
        tw = measurer.size(text, FOOTER_SIZE)[0]
        px = seg.x(pub + 0.5)
        right = px + 3.0 + tw <= fig_w - MARGIN
        note = fig.text(px + (3.0 if right else -3.0), axes_top - 2.0, text,
                        transform=pt, ha="left" if right else "right", va="top",
                        fontsize=FOOTER_SIZE, color=theme.publication, gid="publication")
        chart.annotations.append(note)

    # markers, leaders, labels
    for i, it in enumerate(items):
        j = seg_of[i]
        ax = chart.axes[j]
        seg = segments[j]
        color = lane_colors[it.lane]
        y = baselines[it.lane] + track_of[i] * TRACK_HEIGHT
        face = theme.background if it.inferred else color
        marker: Artist
        if it.point:
            (marker,) = ax.plot([it.lo + 0.5], [y], ls="none", marker="o",
                                ms=2 * MARKER_RADIUS, mfc=face, mec=color, mew=1.0,
                                zorder=4, clip_on=False)
        else:
            x0, x1 = it.lo, it.hi
            min_w = seg.span_to_data(2 * MARKER_RADIUS)
            if x1 - x0 < min_w:
                mid = (x0 + x1) / 2
                x0, x1 = mid - min_w / 2, mid + min_w / 2
            marker = Rectangle((x0, y - BAR_HEIGHT / 2), x1 - x0, BAR_HEIGHT, fc=face,
                               ec=color, lw=0.8, ls=(0, (2.5, 1.5)) if it.inferred else "-",
                               zorder=3, clip_on=False)
            ax.add_patch(marker)
        marker.set_gid(f"marker-{it.event.id}")
        chart.markers[it.event.id] = marker
        chart.marker_axes[it.event.id] = ax

        dy = axes_y + baselines[it.lane]
        (sx, sy), (ex, ey) = leaders[i]
        fig.add_artist(Line2D([sx, ex], [sy + dy, ey + dy], transform=pt, color=theme.leader,
                              lw=0.5, zorder=2))
        box = boxes[i]
        label_artist = fig.text((box.x0 + box.x1) / 2, box.y0 + dy, it.label, transform=pt,
                                ha="center", va="bottom", multialignment="center",
                                fontsize=LABEL_SIZE, color=theme.foreground, zorder=6,
                                gid=f"label-{it.event.id}")
        label_artist.set_bbox({"boxstyle": "square,pad=0.08", "fc": theme.background,
                               "ec": "none", "alpha": 0.85})
        chart.labels[it.event.id] = label_artist

    # lane names
    for lane, text in enumerate(lane_labels):
        fig.text(MARGIN, axes_y + baselines[lane], text, transform=pt, ha="left",
                 va="center", fontsize=LANE_SIZE, weight="bold", color=lane_colors[lane])

    chart.title = fig.text(MARGIN, fig_h - MARGIN, title_str, transform=pt, ha="left",
                           va="top", fontsize=TITLE_SIZE, weight="bold",
                           color=theme.foreground)
    chart.footer = fig.text(MARGIN, footer_y, footer_str, transform=pt, ha="left",
                            va="bottom", fontsize=FOOTER_SIZE, color=theme.muted)
    if handles:
        chart.legend = fig.legend(handles, legend_labels, ncols=ncols, loc="lower center",
                                  bbox_to_anchor=(0.5, legend_y / fig_h),
                                  labelcolor=theme.foreground, **_legend_style())
    return chart


def _build_empty(
    width_px: int,
    dpi: float,
    theme: Theme,
    title_str: str,
    title_h: float,
    footer_str: str,
    footer_h: float,
) -> Chart:
    body = 54.0
    fig_h = MARGIN + footer_h + GAP + body + GAP + title_h + MARGIN
    height_px = max(1, round(fig_h / 72.0 * dpi))
    fig_h = height_px * 72.0 / dpi
    fig = _new_figure(width_px, height_px, dpi, theme)
    pt = _points_transform(fig)
    fig_w = width_px * 72.0 / dpi
    chart = Chart(figure=fig, axes=[], width_px=width_px, height_px=height_px, dpi=dpi,
                  theme=theme)
    body_y = MARGIN + footer_h + GAP
    from matplotlib.patches import FancyBboxPatch

    frame = FancyBboxPatch((MARGIN, body_y), fig_w - 2 * MARGIN, body,
                           boxstyle="round,pad=0,rounding_size=4", transform=pt,
                           fc="none", ec=theme.grid, lw=0.8, ls="--")
    fig.add_artist(frame)
    chart.annotations.append(
        fig.text(fig_w / 2, body_y + body / 2, "No dated events", transform=pt, ha="center",
                 va="center", fontsize=LABEL_SIZE + 2, color=theme.muted, gid="empty")
    )
    chart.title = fig.text(MARGIN, fig_h - MARGIN, title_str, transform=pt, ha="left",
                           va="top", fontsize=TITLE_SIZE, weight="bold",
                           color=theme.foreground)
    chart.footer = fig.text(MARGIN, MARGIN, footer_str, transform=pt, ha="left",
                            va="bottom", fontsize=FOOTER_SIZE, color=theme.muted)
    return chart
