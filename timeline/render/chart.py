"""The timeline chart: a horizontal date axis (broken when a few events lie far away), one
marker or bar per dated event, non-overlapping labels, the publication date, a legend and a
footer. Drawn with matplotlib's object-oriented API on the Agg canvas; no pyplot, no global
rcParams changes (everything runs inside :func:`chart_rc`).

Internally all lengths are typographic points (1/72 inch); a figure's y data unit inside the
plot axes is exactly one point, so label geometry computed in points maps 1:1 onto the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from timeline.render.layout import (
    MONTHS,
    Box,
    Stack,
    StackPlacement,
    StackStyle,
    choose_ticks,
    place_stacks,
    segment_widths,
    split_ranges,
)

if TYPE_CHECKING:
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
EVENT_MODES: tuple[str, ...] = ("salient", "dated", "all")
VERBAL_POS: frozenset[str] = frozenset({"VERB", "AUX"})
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
GAP = 6.0  # vertical gap between blocks, pt
AXIS_GAP = 14.0  # horizontal gap between the pieces of a broken axis, pt
MARKER_RADIUS = 3.0
BAR_HEIGHT = 4.0
STEM_BASE = 5.0  # lowest row of marks: its bottom this far above the baseline, pt
LANE_PAD = 6.0
PUB_STRIP = 12.0
LABEL_MAX_WIDTH = 100.0  # pt; at most LABEL_MAX_SHARE of the plot width
LABEL_MAX_SHARE = 0.34
LABEL_MAX_LINES = 2
LABEL_HGAP = 8.0  # extra room between labels side by side, so they do not read as one phrase
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


def preload(formats: Sequence[str] = ()) -> None:
    """Import what drawing (and saving as ``formats``) imports on first use, for a process
    that will draw later (see :mod:`timeline.render.background`). Nothing is drawn and no
    state is changed."""
    import importlib

    import matplotlib.style  # noqa: F401
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401
    from matplotlib.lines import Line2D  # noqa: F401
    from matplotlib.patches import FancyBboxPatch, Patch, Rectangle  # noqa: F401
    from matplotlib.transforms import Affine2D  # noqa: F401

    for fmt in formats:
        if fmt in ("svg", "pdf"):
            importlib.import_module(f"matplotlib.backends.backend_{fmt}")


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
    selection: Selection | None = None


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


@dataclass(frozen=True)
class Selection:
    """Which events a chart draws and why the others are left out.

    ``events`` are drawn, in timeline order. ``publication_only`` holds dated events left out
    because their date is only the publication date (``events="dated"``); ``merged`` maps a
    left-out event noun to the verb that stands for it; ``reporting`` the reporting events
    left out by ``include_reporting=False``; ``undated`` the events with no date at all.
    """

    events: tuple[Event, ...]
    publication_only: tuple[str, ...] = ()
    merged: Mapping[str, str] = field(default_factory=dict)
    reporting: tuple[str, ...] = ()
    undated: tuple[str, ...] = ()
    #: events dated only weakly (from the story's context, or nouns not dated explicitly),
    #: left out by ``events="dated"`` to keep the chart to what the text says
    weak: tuple[str, ...] = ()
    #: minor events (not salient: see :mod:`timeline.salience`) left out by
    #: ``events="salient"``, and events beyond ``max_events``
    minor: tuple[str, ...] = ()
    capped: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.events)


def select_events(
    timeline: Timeline, events: str = "salient", include_reporting: bool = True,
    max_events: int | None = None,
) -> Selection:
    """The events :func:`draw_chart` draws.

    ``events="salient"`` (default) keeps the rows of the default table
    (:func:`timeline.salience.table_events`): the salient events (``Event.salient``: happenings
    a reader puts on a timeline, once each), at most ``max_events`` (default
    :data:`~timeline.timeline.DEFAULT_MAX_EVENTS`). With another mode, ``max_events`` keeps at
    most that many: those the text dates explicitly first, then in text order.

    ``events="dated"`` keeps events dated through a time expression or by inference within
    their sentence (not ``publication-date`` or ``inherited-from-context`` sources, and nouns
    only when a time expression dates them); ``"all"`` keeps every event with a date.
    Either way an event noun dated only by a time expression in its clause
    (``pos == "NOUN"``, source ``same-clause``) is merged into a drawn verb of the same
    sentence dated by the same expression: "launched an attack on Aleppo last week" is one
    mark, labelled by the verb. ``include_reporting=False`` also leaves out reporting events.
    """
    if events not in EVENT_MODES:
        raise ValueError(f"unknown events {events!r}; expected one of {EVENT_MODES}")
    kept: list[Event] = []
    publication: list[str] = []
    reporting: list[str] = []
    weak: list[str] = []
    minor: list[str] = []
    capped: list[str] = []
    dated = events == "dated"
    table: set[str] | None = None
    if events == "salient":
        from timeline.salience import table_events
        from timeline.timeline import DEFAULT_MAX_EVENTS

        # the default table's rows: the same selection, capped the same way
        table = {ev.id for ev in table_events(timeline, DEFAULT_MAX_EVENTS if max_events is None
                                              else max_events)}
    for ev in timeline.ordered_events():
        assert ev.time is not None
        if not include_reporting and ev.is_reporting:
            reporting.append(ev.id)
        elif table is not None and not ev.salient:
            minor.append(ev.id)
        elif table is not None and ev.id not in table:
            capped.append(ev.id)
        elif dated and ev.time.source == "publication-date":
            publication.append(ev.id)
        elif dated and (
            ev.time.source == "inherited-from-context"
            or (ev.pos == "NOUN" and ev.time.source not in ("explicit", "same-clause"))
        ):
            weak.append(ev.id)
        else:
            kept.append(ev)
    verbs: dict[tuple[int, int, str], str] = {}
    for ev in sorted(kept, key=lambda e: e.trigger.start):
        assert ev.time is not None
        if ev.pos in VERBAL_POS and ev.time.expression is not None:
            verbs.setdefault((ev.sentence.start, ev.sentence.end, ev.time.expression), ev.id)
    merged: dict[str, str] = {}
    for ev in kept:
        assert ev.time is not None
        if ev.pos == "NOUN" and ev.time.source == "same-clause" and ev.time.expression:
            verb = verbs.get((ev.sentence.start, ev.sentence.end, ev.time.expression))
            if verb is not None:
                merged[ev.id] = verb
    shown = [e for e in kept if e.id not in merged]
    if max_events is not None and len(shown) > max_events:
        ranked = sorted(shown, key=lambda e: (e.time is None or e.time.source not in (
            "explicit", "same-clause"), not e.salient, e.trigger.start))
        keep = {e.id for e in ranked[:max(0, max_events)]}
        capped += [e.id for e in shown if e.id not in keep]
        shown = [e for e in shown if e.id in keep]
    return Selection(
        events=tuple(shown),
        publication_only=tuple(publication),
        merged=MappingProxyType(merged),
        reporting=tuple(reporting),
        undated=timeline.undated,
        weak=tuple(weak),
        minor=tuple(minor),
        capped=tuple(capped),
    )


def draw_chart(
    timeline: Timeline,
    *,
    width: float = 6.27,
    dpi: float = 200,
    theme: str = "light",
    title: str | None = None,
    lanes: str = "none",
    events: str = "salient",
    include_reporting: bool = True,
    max_events: int | None = None,
) -> Chart:
    """Draw the timeline chart and return it (figure + artist handles).

    Which events are drawn is decided by :func:`select_events`. Label placement is computed
    from measured text extents, then verified on the drawn figure with ``get_window_extent``;
    if anything still overlaps, the layout is redone with more padding.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {sorted(THEMES)}")
    if lanes not in LANE_MODES:
        raise ValueError(f"unknown lanes {lanes!r}; expected one of {LANE_MODES}")
    if width <= 0 or dpi <= 0:
        raise ValueError("width and dpi must be positive")
    selection = select_events(timeline, events, include_reporting, max_events)
    with chart_rc():
        pad = 2.5
        chart = _build(timeline, selection, width, dpi, THEMES[theme], title, lanes, pad)
        for _ in range(3):
            if not measure_chart(chart).collisions():
                break
            pad += 2.0
            chart = _build(timeline, selection, width, dpi, THEMES[theme], title, lanes, pad)
        chart.selection = selection
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
    fmt: str | None = None,
    width: float = 6.27,
    dpi: float = 200,
    theme: str = "light",
    title: str | None = None,
    lanes: str = "none",
    events: str = "salient",
    include_reporting: bool = True,
    max_events: int | None = None,
) -> None:
    """Draw the timeline chart and save it as ``fmt`` (png, svg or pdf; by default the
    path's suffix, and PNG for a file object).

    ``width`` is in inches (6.27 = A4 text width); the height follows from the content. A PNG
    is exactly ``round(width * dpi)`` pixels wide. SVG and PDF keep text as text, and the SVG
    is byte-for-byte reproducible for the same input. ``events="salient"`` (default) draws the
    salient events dated by a time expression or by inference, ``"dated"`` all those events,
    ``"all"`` also those only given the publication date; ``max_events`` caps their number
    (see :func:`select_events`).
    """
    if fmt is None:
        suffix = "" if hasattr(path, "write") else os.fspath(path).rsplit(".", 1)[-1].lower()
        fmt = suffix if suffix in FORMATS else "png"
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    chart = draw_chart(
        timeline,
        width=width,
        dpi=dpi,
        theme=theme,
        title=title,
        lanes=lanes,
        events=events,
        include_reporting=include_reporting,
        max_events=max_events,
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
    segment: int
    x0: float  # extent of the mark on the page, pt (x0 == x1 for a date)
    x1: float
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
    """Measures text with the Agg renderer of a scratch figure at the output dpi. Sizes are
    remembered across charts (they depend only on text, size, weight and dpi; the font and
    rcParams are pinned by :func:`chart_rc`)."""

    _sizes: ClassVar[dict[tuple[str, float, str, float], tuple[float, float]]] = {}
    _MAX_CACHED: ClassVar[int] = 50_000

    def __init__(self, width_in: float, dpi: float) -> None:
        self.dpi = dpi
        self.width_in = width_in
        self._figure: Figure | None = None
        self._renderer: RendererBase | None = None
        self._text: Text | None = None

    @property
    def figure(self) -> Figure:
        if self._figure is None:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            self._figure = Figure(figsize=(self.width_in, 2.0), dpi=self.dpi)
            FigureCanvasAgg(self._figure)
        return self._figure

    @property
    def renderer(self) -> RendererBase:
        if self._renderer is None:
            self._renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]
        return self._renderer

    def size(self, text: str, fontsize: float, weight: str = "normal") -> tuple[float, float]:
        """Width and height in points of ``text`` as the renderer lays it out."""
        key = (text, fontsize, weight, self.dpi)
        cached = self._sizes.get(key)
        if cached is None:
            if self._text is None:
                self._text = self.figure.text(0, 0, "", multialignment="center")
            self._text.set_text(text)
            self._text.set_fontsize(fontsize)
            self._text.set_fontweight(weight)
            bb = self._text.get_window_extent(self.renderer)
            cached = (bb.width * 72.0 / self.dpi, bb.height * 72.0 / self.dpi)
            if len(self._sizes) >= self._MAX_CACHED:
                self._sizes.clear()
            self._sizes[key] = cached
        return cached

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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _footer_text(timeline: Timeline, selection: Selection) -> str:
    doc = timeline.document
    parts = [f"Source: {doc.id}" if doc.id else "Source: document"]
    if doc.title:
        parts[0] += f" \u2014 {doc.title}"
    parts.append(f"published {_format_date(doc.published_date)}")
    shown = _plural(len(selection.events), "event") + " shown"
    if selection.merged:
        n = len(selection.merged)
        shown += f" ({_plural(n, 'event noun')} merged with {'its' if n == 1 else 'their'} verb)"
    parts.append(shown)
    left_out: list[str] = []
    if selection.publication_only:
        left_out.append(_plural(len(selection.publication_only), "event") + " dated only by "
                        "publication")
    if selection.weak:
        left_out.append(_plural(len(selection.weak), "event") + " dated from context")
    if selection.reporting:
        left_out.append(_plural(len(selection.reporting), "reporting event"))
    if selection.undated:
        left_out.append(_plural(len(selection.undated), "undated event"))
    if selection.minor:
        left_out.append(_plural(len(selection.minor), "minor event"))
    if selection.capped:
        left_out.append(_plural(len(selection.capped), "more event"))
    if left_out:
        listed = ", ".join(left_out[:-1]) + (" and " if len(left_out) > 1 else "") + left_out[-1]
        parts.append(f"{listed} not shown")
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


def _axis_ticks(
    segments: Sequence[_Segment], measurer: _Measurer, fig_w: float
) -> tuple[list[tuple[list[float], list[tuple[float, str]] | None]], dict[tuple[int, float], str]]:
    """Tick positions per segment and the text of each tick label (``""``: unlabelled).

    Years get their label centred under the year, between ticks at 1 January, when a year is
    wide enough. Labels that would leave the figure or run into a neighbour (across the pieces
    of a broken axis too) are dropped; the year moves to the next label when needed."""
    per_segment: list[tuple[list[float], list[tuple[float, str]] | None]] = []
    texts: list[tuple[int, float, str]] = []  # (segment, position, label)
    for j, seg in enumerate(segments):
        ticks = choose_ticks(seg.lo, seg.hi, seg.width)
        year_w = seg.width * 365.25 / (seg.hi - seg.lo)
        if ticks and all(t.label.isdigit() for t in ticks) and year_w >= 30.0:
            first, last = _year_of(seg.lo), _year_of(seg.hi)
            major = [float(_ordinal(y, 1, 1)) for y in range(first, last + 2)]
            major = [p for p in major if seg.lo <= p <= seg.hi]
            centred = [(float(_ordinal(y, 7, 2)), str(y)) for y in range(first, last + 1)]
            centred = [(p, t) for p, t in centred if seg.lo <= p <= seg.hi]
            per_segment.append((major, centred))
            texts.extend((j, p, t) for p, t in centred)
        else:
            per_segment.append(([t.pos for t in ticks], None))
            texts.extend((j, t.pos, t.label) for t in ticks)
    kept: dict[tuple[int, float], str] = {}
    right_edge = MARGIN / 2
    carry = ""
    for j, pos, text in sorted(texts, key=lambda t: segments[t[0]].x(t[1])):
        if carry and "\n" not in text and not text.isdigit():
            text = f"{text}\n{carry}"
        carry = ""
        width = measurer.size(text, TICK_SIZE)[0]
        x = segments[j].x(pos)
        if x - width / 2 >= right_edge + 3.0 and x + width / 2 <= fig_w - MARGIN / 2:
            kept[(j, pos)] = text
            right_edge = x + width / 2
        else:
            kept[(j, pos)] = ""
            if "\n" in text:
                carry = text.split("\n", 1)[1]
    return per_segment, kept


def _year_of(ordinal: float) -> int:
    return dt.date.fromordinal(max(1, math.floor(ordinal))).year


def _ordinal(year: int, month: int, day: int) -> int:
    return dt.date(year, month, day).toordinal()


def _build(
    timeline: Timeline,
    selection: Selection,
    width: float,
    dpi: float,
    theme: Theme,
    title: str | None,
    lanes: str,
    pad: float,
) -> Chart:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    events = list(selection.events)
    doc = timeline.document
    width_px = round(width * dpi)
    fig_w = width_px * 72.0 / dpi
    measurer = _Measurer(width, dpi)
    inner_w = fig_w - 2 * MARGIN

    title_str = measurer.wrap(title or doc.title or "Timeline", inner_w, TITLE_SIZE, 2, "bold")
    title_h = measurer.size(title_str, TITLE_SIZE, "bold")[1] if title_str else 0.0
    footer_str = measurer.wrap(_footer_text(timeline, selection), inner_w, FOOTER_SIZE, 3)
    footer_h = measurer.size(footer_str, FOOTER_SIZE)[1]

    if not events:
        message = "No events dated in the text" if selection.publication_only else (
            "No dated events")
        return _build_empty(width_px, dpi, theme, title_str, title_h, footer_str, footer_h,
                            message)

    # ---- lanes
    keys = _lane_keys(events, lanes, timeline)
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
        name_w = min(LANE_NAME_WIDTH, 0.22 * inner_w)
        lane_labels = [measurer.wrap(n, name_w, LANE_SIZE, 3, "bold") for n in lane_names]
        lane_margin = max(measurer.size(s, LANE_SIZE, "bold")[0] for s in lane_labels) + 8.0
    content_left = MARGIN + lane_margin
    content_right = fig_w - MARGIN

    # ---- axis segments
    spans: list[tuple[float, float]] = []
    for ev in events:
        assert ev.time is not None
        interval = ev.time.interval
        spans.append((float(interval.start.toordinal()), float(interval.end.toordinal() + 1)))
    pub = float(doc.published_date.toordinal())
    clusters = split_ranges([*spans, (pub, pub + 1)])
    clusters = [c for c in clusters if any(c[0] <= lo and hi <= c[1] for lo, hi in spans)]
    n_in = [sum(1 for lo, hi in spans if c[0] <= lo and hi <= c[1]) for c in clusters]
    plot_w = content_right - content_left - AXIS_GAP * (len(clusters) - 1)
    widths = segment_widths([float(n) for n in n_in], plot_w)
    segments: list[_Segment] = []
    left = content_left
    for (lo, hi), w in zip(clusters, widths, strict=True):
        margin = max(0.04 * (hi - lo), 0.6)
        segments.append(_Segment(lo - margin, hi + margin, left, w))
        left += w + AXIS_GAP
    # labels stay over their own piece of the axis (and half the gaps beside it)
    limits = [
        (content_left if j == 0 else seg.left - AXIS_GAP / 2 + 1.0,
         content_right if j == len(segments) - 1 else seg.left + seg.width + AXIS_GAP / 2 - 1.0)
        for j, seg in enumerate(segments)
    ]

    style = StackStyle(
        radius=MARKER_RADIUS,
        bar_height=BAR_HEIGHT,
        line_height=measurer.size("Ag", LABEL_SIZE)[1],
    )

    # ---- items
    label_max = min(LABEL_MAX_WIDTH, LABEL_MAX_SHARE * (content_right - content_left))
    items: list[_Item] = []
    for ev, lane, (start, end) in zip(events, lane_of, spans, strict=True):
        assert ev.time is not None
        point = ev.time.granularity in POINT_GRANULARITIES or end - start <= 1
        j = next((j for j, s in enumerate(segments) if s.lo <= start and end <= s.hi), 0)
        lo_lim, hi_lim = limits[j]
        seg = segments[j]
        # the widest label that still fits on one side of its mark (or above its bar)
        if point:
            x0 = x1 = seg.x(start + 0.5)
            room = max(hi_lim - x0, x0 - lo_lim) - MARKER_RADIUS - style.label_gap
        else:
            x0, x1 = seg.x(start), seg.x(end)
            if x1 - x0 < 2 * MARKER_RADIUS:
                x0, x1 = (x0 + x1) / 2 - MARKER_RADIUS, (x0 + x1) / 2 + MARKER_RADIUS
            room = max(hi_lim - x0 - style.inset, hi_lim - x1 - style.label_gap,
                       x0 - style.label_gap - lo_lim)
        room = max(room - 0.5, 12.0)
        text = ev.label() or ev.trigger.text or ev.id
        label = measurer.wrap(text, min(label_max, room), LABEL_SIZE, LABEL_MAX_LINES)
        lw, lh = measurer.size(label, LABEL_SIZE)
        items.append(_Item(ev, start, end, point, _is_inferred(ev), lane, j, x0, x1, label,
                           lw, lh))

    seg_of = [it.segment for it in items]
    pub_seg = next((j for j, s in enumerate(segments) if s.lo <= pub + 0.5 <= s.hi), None)

    # ---- stacks: the events of one lane on one date (or one period), in text order
    lane_stacks: list[list[list[int]]] = []
    lane_places: list[list[StackPlacement]] = []
    for lane in range(len(lane_names)):
        groups: dict[tuple[int, float, float, bool], list[int]] = {}
        for i, it in enumerate(items):
            if it.lane == lane:
                key = (seg_of[i], it.lo, it.lo + 1 if it.point else it.hi, it.point)
                groups.setdefault(key, []).append(i)
        members = [sorted(g, key=lambda i: items[i].event.trigger.start) for g in groups.values()]
        stacks: list[Stack] = []
        for g in members:
            it = items[g[0]]
            rows = tuple((items[i].label_w, items[i].label_h) for i in g)
            stacks.append(Stack(it.x0, it.x1, rows, limits[it.segment]))
        lane_stacks.append(members)
        lane_places.append(place_stacks(stacks, x_min=content_left, x_max=content_right,
                                        base=STEM_BASE, pad=pad, hpad=LABEL_HGAP + pad,
                                        style=style))

    # ---- vertical layout (pt from the figure bottom)
    show_pub = pub_seg is not None
    bands = [max(p.top for p in places) + LANE_PAD for places in lane_places]
    if lanes != "none":
        name_h = [measurer.size(s, LANE_SIZE, "bold")[1] + 2 * LANE_PAD for s in lane_labels]
        bands = [max(b, h) for b, h in zip(bands, name_h, strict=True)]
    plot_h = sum(bands) + (PUB_STRIP if show_pub else 0.0)
    tick_h = measurer.size("0\n0", TICK_SIZE)[1] + 3.0 + 3.0

    used_kinds = {(it.point, it.inferred) for it in items}
    legend_color = lane_colors[0] if lanes == "none" else theme.foreground
    handles: list[Artist] = []
    legend_labels: list[str] = []
    for point, inferred, name in (
        (True, False, "explicit date"),
        (True, True, "inferred date"),
        (False, False, "explicit period"),
        (False, True, "inferred period"),
    ):
        if (point, inferred) not in used_kinds:
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

    # lane baselines inside the axes (pt from the axes bottom); lane 0 on top
    baselines: list[float] = []
    cursor = plot_h - (PUB_STRIP if show_pub else 0.0)
    for band in bands:
        cursor -= band
        baselines.append(cursor)

    axis_ticks, tick_labels = _axis_ticks(segments, measurer, fig_w)
    for seg in segments:
        ax = fig.add_axes((seg.left / fig_w, axes_y / fig_h, seg.width / fig_w, plot_h / fig_h))
        ax.set_xlim(seg.lo, seg.hi)
        ax.set_ylim(0.0, plot_h)
        ax.set_facecolor("none")
        for name, spine in ax.spines.items():
            spine.set_visible(name == "bottom")
            spine.set_color(theme.muted)
            spine.set_linewidth(0.8)
        major, labelled = axis_ticks[len(chart.axes)]
        ax.set_xticks(major, [""] * len(major) if labelled is not None else None)
        if labelled is None:
            ax.set_xticks(major, [tick_labels[(len(chart.axes), p)] for p in major])
        else:
            ax.set_xticks([p for p, _ in labelled],
                          [tick_labels[(len(chart.axes), p)] for p, _ in labelled], minor=True)
            ax.tick_params(axis="x", which="minor", length=0.0, pad=5.0,
                           labelsize=TICK_SIZE, labelcolor=theme.foreground)
        ax.set_yticks([])
        ax.tick_params(axis="x", which="major", length=3.0, width=0.6, pad=2.0,
                       labelsize=TICK_SIZE, colors=theme.muted, labelcolor=theme.foreground)
        ax.grid(axis="x", color=theme.grid, lw=0.5, zorder=0)
        ax.set_axisbelow(True)
        for y in baselines[:-1]:
            ax.axhline(y, color=theme.muted, lw=0.6, zorder=1)
        chart.axes.append(ax)

    # break marks between the pieces of a broken axis
    for j in range(len(segments) - 1):
        for ax, xa in ((chart.axes[j], 1.0), (chart.axes[j + 1], 0.0)):
            for y in baselines:
                ax.plot([xa], [y / plot_h], transform=ax.transAxes, ls="none",
                        marker=[(-1.0, -1.6), (1.0, 1.6)], ms=7, mec=theme.muted, mew=0.8,
                        clip_on=False, zorder=5)

    # publication date
    if pub_seg is not None:
        ax = chart.axes[pub_seg]
        seg = segments[pub_seg]
        ax.axvline(pub + 0.5, ymin=0.0, ymax=(plot_h - 2.0) / plot_h, color=theme.publication,
                   ls=(0, (3.0, 2.0)), lw=0.8, zorder=1.5)
        text = f"published {_format_date(doc.published_date)}"
        tw = measurer.size(text, FOOTER_SIZE)[0]
        px = seg.x(pub + 0.5)
        right = px + 3.0 + tw <= content_right
        note = fig.text(px + (3.0 if right else -3.0), axes_top - 1.0, text,
                        transform=pt, ha="left" if right else "right", va="top",
                        fontsize=FOOTER_SIZE, color=theme.publication, gid="publication")
        chart.annotations.append(note)

    # stacks: stem, marks, labels
    for lane, (members, places) in enumerate(zip(lane_stacks, lane_places, strict=True)):
        color = lane_colors[lane]
        base_y = baselines[lane]
        for group, place in zip(members, places, strict=True):
            first = items[group[0]]
            ax = chart.axes[seg_of[group[0]]]
            (sx, _), (_, sy) = place.stem
            fig.add_artist(Line2D([sx, sx], [axes_y + base_y, axes_y + base_y + sy],
                                  transform=pt, color=theme.leader, lw=0.6, zorder=2,
                                  solid_capstyle="butt"))
            if first.point:
                ax.plot([first.lo + 0.5], [base_y], ls="none", marker="o", ms=2.6, mew=0,
                        mfc=color, zorder=3, clip_on=False)
            else:
                ax.plot([first.lo, first.hi], [base_y, base_y], color=color, lw=2.2,
                        alpha=0.55, solid_capstyle="butt", zorder=3, clip_on=False)
            for i, mark_box, label_box in zip(group, place.marks, place.labels, strict=True):
                it = items[i]
                face = theme.background if it.inferred else color
                cy = base_y + (mark_box.y0 + mark_box.y1) / 2
                marker: Artist
                if it.point:
                    (marker,) = ax.plot([it.lo + 0.5], [cy], ls="none", marker="o",
                                        ms=2 * MARKER_RADIUS, mfc=face, mec=color, mew=1.0,
                                        zorder=4, clip_on=False)
                else:
                    seg = segments[seg_of[i]]
                    x0, x1 = it.lo, it.hi
                    min_w = seg.span_to_data(2 * MARKER_RADIUS)
                    if x1 - x0 < min_w:
                        mid = (x0 + x1) / 2
                        x0, x1 = mid - min_w / 2, mid + min_w / 2
                    marker = Rectangle((x0, cy - BAR_HEIGHT / 2), x1 - x0, BAR_HEIGHT, fc=face,
                                       ec=color, lw=0.8,
                                       ls=(0, (2.5, 1.5)) if it.inferred else "-",
                                       zorder=4, clip_on=False)
                    ax.add_patch(marker)
                marker.set_gid(f"marker-{it.event.id}")
                chart.markers[it.event.id] = marker
                chart.marker_axes[it.event.id] = ax

                on_left = place.side == "left"
                label_artist = fig.text(
                    label_box.x1 if on_left else label_box.x0, axes_y + base_y + label_box.y1,
                    it.label, transform=pt, ha="right" if on_left else "left", va="top",
                    multialignment="right" if on_left else "left", fontsize=LABEL_SIZE,
                    color=theme.foreground, zorder=6, gid=f"label-{it.event.id}",
                )
                label_artist.set_bbox({"boxstyle": "square,pad=0.1", "fc": theme.background,
                                       "ec": "none", "alpha": 0.9})
                chart.labels[it.event.id] = label_artist

    # lane names
    for lane, text in enumerate(lane_labels):
        fig.text(MARGIN, axes_y + baselines[lane] + bands[lane] / 2, text, transform=pt,
                 ha="left", va="center", fontsize=LANE_SIZE, weight="bold",
                 color=lane_colors[lane])

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
    message: str = "No dated events",
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
        fig.text(fig_w / 2, body_y + body / 2, message, transform=pt, ha="center",
                 va="center", fontsize=LABEL_SIZE + 2, color=theme.muted, gid="empty")
    )
    chart.title = fig.text(MARGIN, fig_h - MARGIN, title_str, transform=pt, ha="left",
                           va="top", fontsize=TITLE_SIZE, weight="bold",
                           color=theme.foreground)
    chart.footer = fig.text(MARGIN, MARGIN, footer_str, transform=pt, ha="left",
                            va="bottom", fontsize=FOOTER_SIZE, color=theme.muted)
    return chart
