"""Tests for the timeline chart (timeline.render)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images
from PIL import Image

from timeline.model import Document, Event, EventTime, Interval, Participant, Span
from timeline.render.chart import (
    ChartGeometry,
    chart_bytes,
    draw_chart,
    measure_chart,
    save_chart,
)
from timeline.render.layout import (
    Box,
    LabelRequest,
    assign_tracks,
    choose_ticks,
    place_labels,
    segment_hits_box,
    split_ranges,
)
from timeline.timeline import Timeline

BASELINES = Path(__file__).parent / "baseline_images"

#: Allowed RMS difference (0-255 grey levels) between a rendering and its stored baseline.
#: The chart pins DejaVu Sans (shipped with matplotlib), matplotlib's default rcParams and
#: unhinted text, so the same matplotlib wheel reproduces the baselines exactly (RMS 0). Other
#: FreeType builds rasterise glyph edges a little differently; those anti-aliasing differences
#: are spread thinly over the text and stay well under 1.5. Real regressions are larger: one
#: marker drawn filled instead of hollow measures ~2.6, one label word changed ~4.0, the whole
#: chart shifted by one pixel ~31. Set TIMELINE_UPDATE_BASELINES=1 to rewrite the baselines.
TOLERANCE = 1.5
BASELINE_DPI = 80

D = dt.date


def make_event(
    n: int,
    trigger: str,
    start: dt.date | None,
    end: dt.date | None = None,
    granularity: str = "day",
    source: str = "explicit",
    agent: str | None = None,
    patient: str | None = None,
    event_class: str = "occurrence",
    relation: str = "within",
) -> Event:
    participants = []
    if agent:
        participants.append(Participant(agent, 0, len(agent), "ORG", "agent"))
    if patient:
        participants.append(Participant(patient, 0, len(patient), "ORG", "patient"))
    time = None
    if start is not None:
        interval = Interval(start, end or start)
        time = EventTime(start.isoformat(), interval, granularity, source, None, 0.9, relation)
    return Event(
        f"e{n}", Span(trigger, 0, len(trigger)), trigger, "VERB", event_class,
        Span(trigger, 0, len(trigger)), tuple(participants), "PAST", "NONE", time,
    )


DOC = Document(
    "Acme recalls scooters.",
    dt.datetime(2025, 11, 20, 9, 0),
    id="doc-42",
    title="Acme recalls scooters after crash",
)


def sample_timeline() -> Timeline:
    events = (
        make_event(1, "founded", D(2022, 1, 1), D(2022, 12, 31), "year", agent="Acme Corp",
                   relation="begins"),
        make_event(2, "announced", D(2025, 11, 17), agent="Acme Corp",
                   patient="a recall of its scooters"),
        make_event(3, "protested", D(2025, 11, 10), D(2025, 11, 16), "week",
                   source="inherited-from-context", agent="Workers"),
        make_event(4, "said", D(2025, 11, 20), source="publication-date", agent="The CEO",
                   event_class="reporting"),
        make_event(5, "met", D(2025, 11, 18), agent="Regulators", patient="the board"),
        make_event(6, "fined", D(2025, 11, 18), agent="The regulator", patient="Acme"),
        make_event(7, "resigned", D(2025, 11, 18), source="same-clause", agent="CFO Jane Smith"),
        make_event(8, "crashed", D(2025, 11, 18), source="inherited-from-sentence",
                   agent="Shares"),
        make_event(9, "investigated", D(2025, 11, 17), D(2025, 11, 23), "week", agent="Police"),
        make_event(10, "rallied", D(2025, 11, 19), agent="Investors"),
        make_event(11, "planned", None, agent="Nobody"),
    )
    return Timeline.build(DOC, (), events)


def stacked_timeline(n: int = 14) -> Timeline:
    """Many events on one day, plus a few neighbours: forces deep label stacking."""
    names = ["Police", "The mayor", "Firefighters", "Residents of the old town", "The council",
             "A spokesperson for the regional government", "Witnesses", "The army"]
    events = [
        make_event(i, f"acted{i}", D(2025, 3, 4), agent=names[i % len(names)],
                   source="explicit" if i % 3 else "inherited-from-context")
        for i in range(n)
    ]
    events.append(make_event(n, "ended", D(2025, 3, 3), agent="The strike"))
    events.append(make_event(n + 1, "resumed", D(2025, 3, 5), agent="Talks"))
    doc = dataclasses.replace(DOC, published=dt.datetime(2025, 3, 5, 8, 0), title=None)
    return Timeline.build(doc, (), tuple(events))


def empty_timeline() -> Timeline:
    return Timeline.build(DOC, (), (make_event(1, "planned", None),))


TIMELINES = {
    "sample": sample_timeline,
    "stacked": stacked_timeline,
}


@functools.cache
def geometry_of(name: str, lanes: str = "none") -> ChartGeometry:
    """Measured geometry of a drawn test chart (cached: drawing is the slow part)."""
    return measure_chart(draw_chart(TIMELINES[name](), dpi=72, lanes=lanes))


# --------------------------------------------------------------------------- layout (pure)


def test_split_ranges_breaks_far_cluster() -> None:
    week = [(738000.0 + i, 738001.0 + i) for i in range(7)]
    far = (736000.0, 736365.0)
    assert split_ranges(week) == [(738000.0, 738007.0)]
    assert split_ranges([far, *week]) == [far, (738000.0, 738007.0)]
    # a spread-out series has no break
    spread = [(738000.0 + 30 * i, 738001.0 + 30 * i) for i in range(12)]
    assert len(split_ranges(spread)) == 1
    # two lone events years apart: breaking between them would show nothing better
    assert len(split_ranges([(700000.0, 700001.0), (701500.0, 701501.0)])) == 1


@pytest.mark.parametrize(
    ("lo", "hi", "expect"),
    [
        (D(2025, 11, 10), D(2025, 11, 17), "day"),
        (D(2025, 1, 1), D(2025, 12, 31), "month"),
        (D(1990, 1, 1), D(2025, 1, 1), "year"),
    ],
)
def test_ticks_fit_the_span(lo: dt.date, hi: dt.date, expect: str) -> None:
    ticks = choose_ticks(lo.toordinal(), hi.toordinal(), width_pt=400)
    assert 2 <= len(ticks) <= 400 // 36
    first = ticks[0].label.split("\n")[0]
    if expect == "day":
        assert first.split()[0].isdigit() and len(first.split()) == 2
    elif expect == "month":
        assert first.isalpha() and len(first) == 3
    else:
        assert all(t.label.isdigit() for t in ticks)
    assert all(lo.toordinal() <= t.pos <= hi.toordinal() + 1 for t in ticks)


def test_assign_tracks_separates_overlaps() -> None:
    assert assign_tracks([(0, 5), (10, 15), (3, 8), (4, 6)]) == [0, 0, 1, -1]


def test_segment_hits_box() -> None:
    box = Box(0, 0, 10, 10)
    assert segment_hits_box((-5, 5), (15, 5), box)
    assert not segment_hits_box((-5, 15), (15, 15), box)
    assert not segment_hits_box((5, -10), (5, 0), box)


def test_place_labels_never_overlaps() -> None:
    rng = random.Random(7)
    requests = [
        LabelRequest(rng.uniform(20, 300), 0.0, rng.uniform(20, 90), rng.choice([9.0, 17.0]))
        for _ in range(40)
    ]
    markers = [Box(r.x - 3, -3, r.x + 3, 3) for r in requests]
    placed = place_labels(requests, markers, x_min=0, x_max=320, base=7, level_height=19)
    boxes = [p.box for p in placed]
    for i, a in enumerate(boxes):
        assert 0 <= a.x0 and a.x1 <= 320
        assert not any(a.overlaps(m) for m in markers)
        assert not any(a.overlaps(b) for b in boxes[i + 1:])


# --------------------------------------------------------------------------- drawn chart


@pytest.mark.parametrize("name", sorted(TIMELINES))
@pytest.mark.parametrize("lanes", ["none", "entity"])
def test_labels_do_not_overlap(name: str, lanes: str) -> None:
    timeline = TIMELINES[name]()
    geometry = geometry_of(name, lanes)
    assert geometry.collisions() == []
    page = Box(0, 0, geometry.width_px, geometry.height_px)
    for box in geometry.labels.values():
        assert box.inside(page, tol=0.5)
    assert set(geometry.labels) == set(timeline.order)


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_every_dated_event_has_a_marker_inside_its_axes(name: str) -> None:
    timeline = TIMELINES[name]()
    geometry = geometry_of(name)
    assert set(geometry.markers) == set(timeline.order)
    for event_id, box in geometry.markers.items():
        axes = geometry.marker_axes[event_id]
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        assert axes.x0 <= cx <= axes.x1 and axes.y0 <= cy <= axes.y1, event_id


def test_far_event_breaks_the_axis() -> None:
    timeline = sample_timeline()
    assert len(draw_chart(timeline, dpi=72).axes) == 2
    recent = tuple(e for e in timeline.events if e.id != "e1")
    assert len(draw_chart(Timeline.build(DOC, (), recent), dpi=72).axes) == 1


def test_title_footer_and_legend_do_not_collide() -> None:
    geometry = geometry_of("sample")
    assert geometry.title is not None and geometry.footer is not None
    assert geometry.legend is not None
    blocks = [geometry.title, geometry.legend, geometry.footer, *geometry.labels.values()]
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            assert not a.overlaps(b)
    lowest_axes = min(a.y0 for a in geometry.axes)
    assert geometry.legend.y1 < lowest_axes


def test_reporting_events_can_be_left_out() -> None:
    chart = draw_chart(sample_timeline(), dpi=72, include_reporting=False)
    assert "e4" not in chart.markers and "e2" in chart.markers


@pytest.mark.parametrize(("width", "dpi"), [(6.27, 200), (5.55, 73)])
def test_png_has_the_requested_pixel_size(width: float, dpi: float) -> None:
    data = chart_bytes(sample_timeline(), "png", width=width, dpi=dpi)
    chart = draw_chart(sample_timeline(), width=width, dpi=dpi)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (round(width * dpi), chart.height_px)


def test_svg_is_deterministic_and_keeps_text() -> None:
    first = chart_bytes(sample_timeline(), "svg")
    second = chart_bytes(sample_timeline(), "svg")
    assert first == second
    text = first.decode()
    assert text.count("<text") >= len(sample_timeline().order)
    assert "Acme recalls scooters after crash" in text
    assert "CFO Jane Smith resigned" in text


def test_pdf_keeps_text_and_has_no_dates() -> None:
    data = chart_bytes(empty_timeline(), "pdf", width=3.0)
    assert data.startswith(b"%PDF")
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    assert b"/FontFile2" in data  # TrueType (Type 42) font embedded: text stays text


def test_empty_timeline() -> None:
    svg = chart_bytes(empty_timeline(), "svg").decode()
    assert "No dated events" in svg
    assert "1 undated event not shown" in svg
    chart = draw_chart(empty_timeline(), dpi=72)
    assert chart.axes == [] and chart.labels == {}


@pytest.mark.parametrize("theme", ["light", "dark", "print"])
def test_themes_paint_their_background(theme: str) -> None:
    from timeline.render.chart import THEMES

    data = chart_bytes(sample_timeline(), "png", dpi=50, theme=theme)
    with Image.open(io.BytesIO(data)) as image:
        corner = image.convert("RGB").getpixel((1, 1))
    assert isinstance(corner, tuple)
    assert "#{:02x}{:02x}{:02x}".format(*corner) == THEMES[theme].background


def test_title_option_and_rcparams_untouched(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    save_chart(sample_timeline(), tmp_path / "chart.svg", fmt="svg", title="My <title> & co")
    assert dict(matplotlib.rcParams) == before
    svg = (tmp_path / "chart.svg").read_text()
    assert "My &lt;title&gt; &amp; co" in svg


def test_bad_options_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        save_chart(sample_timeline(), tmp_path / "x.gif", fmt="gif")
    with pytest.raises(ValueError):
        draw_chart(sample_timeline(), theme="neon")
    with pytest.raises(ValueError):
        draw_chart(sample_timeline(), lanes="sentence")


def test_timeline_save_methods(tmp_path: Path) -> None:
    timeline = sample_timeline()
    timeline.save_png(tmp_path / "t.png", dpi=40)
    timeline.save_svg(tmp_path / "t.svg")
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "t.svg").read_bytes()


# --------------------------------------------------------------------------- baselines

BASELINE_CASES: dict[str, tuple[Callable[[], Timeline], dict[str, Any]]] = {
    "sample_light": (sample_timeline, {}),
    "sample_dark_lanes": (sample_timeline, {"theme": "dark", "lanes": "entity"}),
    "stacked_print": (stacked_timeline, {"theme": "print"}),
    "empty": (empty_timeline, {}),
}


@pytest.mark.parametrize("case", sorted(BASELINE_CASES))
def test_matches_baseline_image(case: str, tmp_path: Path) -> None:
    build, options = BASELINE_CASES[case]
    expected = BASELINES / f"{case}.png"
    actual = tmp_path / f"{case}.png"
    save_chart(build(), actual, fmt="png", dpi=BASELINE_DPI, **options)
    if os.environ.get("TIMELINE_UPDATE_BASELINES"):
        BASELINES.mkdir(exist_ok=True)
        expected.write_bytes(actual.read_bytes())
    assert expected.exists(), f"missing baseline {expected}; run with TIMELINE_UPDATE_BASELINES=1"
    result = compare_images(str(expected), str(actual), tol=TOLERANCE)
    assert result is None, result
