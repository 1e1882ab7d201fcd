"""Tests for the timeline chart (timeline.render)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import pytest
from matplotlib.testing.compare import compare_images
from PIL import Image

from timeline import extract
from timeline.model import Document, Event, EventTime, Interval, Participant, Span
from timeline.render.chart import (
    ChartGeometry,
    chart_bytes,
    draw_chart,
    measure_chart,
    save_chart,
    select_events,
)
from timeline.render.layout import (
    Box,
    LabelRequest,
    Stack,
    assign_tracks,
    choose_ticks,
    place_labels,
    place_stacks,
    segment_hits_box,
    split_ranges,
)
from timeline.timeline import Timeline

BASELINES = Path(__file__).parent / "baseline_images"
ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "unconditional-support-to-syria.txt"

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
    pos: str = "VERB",
    expression: str | None = None,
    sentence: tuple[int, int] = (0, 0),
    offset: int = 0,
) -> Event:
    participants = []
    if agent:
        participants.append(Participant(agent, 0, len(agent), "ORG", "agent"))
    if patient:
        participants.append(Participant(patient, 0, len(patient), "ORG", "patient"))
    time = None
    if start is not None:
        interval = Interval(start, end or start)
        time = EventTime(start.isoformat(), interval, granularity, source, expression, 0.9,
                         relation)
    return Event(
        f"e{n}", Span(trigger, offset, offset + len(trigger)), trigger, pos, event_class,
        Span(trigger, *sentence) if sentence != (0, 0) else Span(trigger, 0, len(trigger)),
        tuple(participants), "PAST", "NONE", time,
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


def seed_like_timeline() -> Timeline:
    """The seed article's shape: two year-long spans in 2022 ("since 2022"), ten day and
    week events from late November to early December 2024, published 3 December 2024."""
    events = [
        make_event(1, "focused", D(2022, 1, 1), D(2022, 12, 31), "year", agent="Russia",
                   relation="begins"),
        make_event(2, "fought", D(2022, 1, 1), D(2022, 12, 31), "year", agent="Ukraine"),
        make_event(3, "launched", D(2024, 11, 25), D(2024, 12, 1), "week", agent="Rebels",
                   patient="an offensive"),
        make_event(4, "occupied", D(2024, 11, 25), D(2024, 12, 1), "week",
                   source="inherited-from-sentence", agent="Rebels", patient="Aleppo"),
        make_event(5, "came into effect", D(2024, 11, 27), agent="A ceasefire"),
        make_event(6, "attacked", D(2024, 11, 27), source="inherited-from-sentence",
                   agent="Militants"),
        make_event(7, "visited", D(2024, 12, 1), agent="The minister", patient="Damascus"),
        make_event(8, "pledged", D(2024, 12, 2), agent="Russia", patient="support"),
        make_event(9, "said", D(2024, 12, 2), agent="Bashar al-Assad",
                   event_class="reporting"),
        make_event(10, "came", D(2024, 12, 2), source="inherited-from-context",
                   agent="The president"),
        make_event(11, "told", D(2024, 12, 2), agent="Dmitry Peskov", event_class="reporting"),
        make_event(12, "struck", D(2024, 11, 22), agent="Jets", patient="the city"),
    ]
    doc = dataclasses.replace(DOC, published=dt.datetime(2024, 12, 3, 9, 0), title="Seed-like")
    return Timeline.build(doc, (), tuple(events))


TIMELINES["seed_like"] = seed_like_timeline


@functools.cache
def geometry_of(name: str, lanes: str = "none", events: str = "dated") -> ChartGeometry:
    """Measured geometry of a drawn test chart (cached: drawing is the slow part)."""
    return measure_chart(draw_chart(TIMELINES[name](), dpi=72, lanes=lanes, events=events))


def assert_clean(geometry: ChartGeometry, expected_ids: set[str]) -> None:
    """No label touches a label or marker, labels stay on the page, and exactly the expected
    events have a marker whose centre lies inside its own axes."""
    assert geometry.collisions() == []
    page = Box(0, 0, geometry.width_px, geometry.height_px)
    for box in geometry.labels.values():
        assert box.inside(page, tol=0.5)
    assert set(geometry.labels) == expected_ids
    assert set(geometry.markers) == expected_ids
    for event_id, box in geometry.markers.items():
        axes = geometry.marker_axes[event_id]
        cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        assert axes.x0 <= cx <= axes.x1 and axes.y0 <= cy <= axes.y1, event_id


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


def test_split_ranges_breaks_off_far_year_spans() -> None:
    """Year-long spans far away get their own piece even though they are long themselves."""
    year = (float(D(2022, 1, 1).toordinal()), float(D(2023, 1, 1).toordinal()))
    near = [(float(D(2024, 11, 22).toordinal()) + i, float(D(2024, 11, 23).toordinal()) + i)
            for i in range(12)]
    clusters = split_ranges([year, year, *near])
    assert clusters == [year, (near[0][0], near[-1][1])]
    # two busy clusters a fortnight apart stay on one axis
    a = [(738000.0 + i, 738001.0 + i) for i in range(5)]
    b = [(738020.0 + i, 738021.0 + i) for i in range(5)]
    assert len(split_ranges([*a, *b])) == 1


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
        assert a.x0 >= 0 and a.x1 <= 320
        assert not any(a.overlaps(m) for m in markers)
        assert not any(a.overlaps(b) for b in boxes[i + 1:])


def test_place_stacks_never_overlaps() -> None:
    rng = random.Random(3)
    stacks = []
    for _ in range(14):
        x = rng.uniform(10, 390)
        rows = tuple((rng.uniform(20, 90), rng.choice([8.0, 16.0]))
                     for _ in range(rng.choice([1, 1, 2, 4])))
        stacks.append(Stack(x, min(x + rng.choice([0.0, 0.0, 40.0]), 395.0), rows))
    placed = place_stacks(stacks, x_min=0, x_max=400, pad=2.0)
    boxes = [(i, b) for i, p in enumerate(placed) for b in p.boxes]
    for i, a in boxes:
        assert a.x0 >= 0 and a.x1 <= 400 and a.y0 >= 0
        assert not any(a.overlaps(b) for j, b in boxes if j != i)
    for i, p in enumerate(placed):
        (sx, sy), (ex, ey) = p.stem
        assert sx == ex == stacks[i].x0 and sy == 0.0
        assert p.marks[0].y0 <= ey <= p.marks[0].y1  # the stem ends in the top mark


def test_place_stacks_keeps_stems_out_of_labels() -> None:
    """Dates closer together than their labels are wide: a staircase, no stem runs through
    a label, a bar or a dot of another stack."""
    stacks = [Stack(20.0 + 30 * i, 20.0 + 30 * i, ((70.0, 8.0),) * (1 + i % 3))
              for i in range(9)]
    stacks.append(Stack(40.0, 160.0, ((60.0, 8.0), (50.0, 8.0))))
    placed = place_stacks(stacks, x_min=0, x_max=400, pad=2.0)
    for i, p in enumerate(placed):
        for j, q in enumerate(placed):
            if i != j:
                assert not any(a.overlaps(b) for a in p.boxes for b in q.boxes)
                assert not any(segment_hits_box(*p.stem, b) for b in q.boxes), (i, j)


def test_place_stacks_lines_up_one_day() -> None:
    rows = ((40.0, 8.0), (60.0, 8.0), (30.0, 16.0))
    (placed,) = place_stacks([Stack(100.0, 100.0, rows)], x_min=0, x_max=300)
    assert placed.side == "right"
    tops = [b.y1 for b in placed.labels]
    assert tops == sorted(tops, reverse=True)  # first row on top
    assert len({b.x0 for b in placed.labels}) == 1  # one flush column
    assert len({(b.x0 + b.x1) / 2 for b in placed.marks}) == 1  # dots on one stem
    # at the right edge the labels go to the left
    (placed,) = place_stacks([Stack(290.0, 290.0, rows)], x_min=0, x_max=300)
    assert placed.side == "left" and all(b.x1 < 290 for b in placed.labels)


# --------------------------------------------------------------------------- selection


def test_dated_leaves_out_publication_dated_events() -> None:
    timeline = sample_timeline()
    selection = select_events(timeline, "dated")
    assert "e4" not in selection.ids and selection.publication_only == ("e4",)
    assert set(select_events(timeline, "all").ids) == set(timeline.order)
    chart = draw_chart(timeline, dpi=72, events="dated")
    assert "e4" not in chart.markers and "e2" in chart.markers
    assert chart.footer is not None
    footer = chart.footer.get_text().replace("\n", " ")
    assert "8 events shown" in footer
    assert ("1 event dated only by publication, 1 event dated from context and 1 undated "
            "event not shown") in footer
    assert len(selection.weak) == 1 and selection.weak[0] not in selection.ids
    assert "e4" in draw_chart(timeline, dpi=72, events="all").markers
    with pytest.raises(ValueError):
        draw_chart(timeline, events="some")


def test_default_draws_the_rows_of_the_default_table() -> None:
    from timeline.salience import table_events

    timeline = sample_timeline()
    events = tuple(dataclasses.replace(e, salient=e.id != "e2") for e in timeline.events)
    timeline = Timeline.build(DOC, (), events)
    rows = {e.id for e in table_events(timeline)}
    assert set(select_events(timeline).ids) == rows and "e2" not in rows
    assert {e.id for e in table_events(timeline, 3)} == set(select_events(timeline,
                                                                          max_events=3).ids)


def test_same_clause_nouns_merge_into_their_verb() -> None:
    sentence = (100, 180)
    events = (
        make_event(1, "launched", D(2024, 11, 27), agent="Rebels", expression="t3",
                   sentence=sentence, offset=110),
        make_event(2, "attack", D(2024, 11, 27), source="same-clause", pos="NOUN",
                   expression="t3", sentence=sentence, offset=125),
        # another expression, another sentence, or an explicit noun: kept
        make_event(3, "talks", D(2024, 11, 28), source="same-clause", pos="NOUN",
                   expression="t4", sentence=sentence, offset=150),
        make_event(4, "summit", D(2024, 11, 27), source="same-clause", pos="NOUN",
                   expression="t3", sentence=(200, 260), offset=210),
        make_event(5, "war", D(2024, 11, 27), source="explicit", pos="NOUN",
                   expression="t3", sentence=sentence, offset=170),
        # a reporting verb dated explicitly ("Assad on Monday said") stays
        make_event(6, "said", D(2024, 11, 25), agent="Assad", event_class="reporting",
                   expression="t1", sentence=(300, 340), offset=320),
    )
    timeline = Timeline.build(DOC, (), events)
    selection = select_events(timeline)
    assert dict(selection.merged) == {"e2": "e1"}
    assert set(selection.ids) == {"e1", "e3", "e4", "e5", "e6"}
    # without reporting verbs nothing else changes; the noun of a dropped verb comes back
    report = make_event(7, "announced", D(2024, 11, 25), agent="Assad",
                        event_class="reporting", expression="t1", sentence=(300, 340),
                        offset=305)
    noun = make_event(8, "announcement", D(2024, 11, 25), source="same-clause", pos="NOUN",
                      expression="t1", sentence=(300, 340), offset=330)
    timeline = Timeline.build(DOC, (), (*events, report, noun))
    assert "e8" not in select_events(timeline).ids
    assert "e8" in select_events(timeline, include_reporting=False).ids


def test_salient_selection_and_max_events() -> None:
    timeline = sample_timeline()
    minor = timeline.order[0]
    events = tuple(dataclasses.replace(e, salient=e.id != minor) for e in timeline.events)
    timeline = Timeline.build(DOC, (), events)
    salient = select_events(timeline)
    assert minor not in salient.ids and salient.minor == (minor,)
    assert minor in select_events(timeline, "dated").ids
    capped = select_events(timeline, max_events=3)
    assert len(capped.ids) == 3 and len(capped.capped) == len(salient.ids) - 3
    # the ones kept are in timeline order, and explicitly dated ones go first
    assert list(capped.ids) == [i for i in timeline.order if i in capped.ids]
    assert all(timeline.event(i).time.source in ("explicit", "same-clause")
               for i in capped.ids)
    footer = draw_chart(timeline, dpi=72, max_events=3).footer
    assert footer is not None and "1 minor event" in footer.get_text().replace("\n", " ")


# --------------------------------------------------------------------------- drawn chart


@pytest.mark.parametrize("name", sorted(TIMELINES))
@pytest.mark.parametrize("lanes", ["none", "entity"])
def test_labels_do_not_overlap(name: str, lanes: str) -> None:
    timeline = TIMELINES[name]()
    assert_clean(geometry_of(name, lanes), set(select_events(timeline, "dated").ids))


@pytest.mark.parametrize("name", sorted(TIMELINES))
def test_all_events_have_a_marker_inside_their_axes(name: str) -> None:
    timeline = TIMELINES[name]()
    assert_clean(geometry_of(name, events="all"), set(timeline.order))


def test_far_event_breaks_the_axis() -> None:
    timeline = sample_timeline()
    assert len(draw_chart(timeline, dpi=72).axes) == 2
    recent = tuple(e for e in timeline.events if e.id != "e1")
    assert len(draw_chart(Timeline.build(DOC, (), recent), dpi=72).axes) == 1


def test_far_year_spans_get_a_compressed_piece() -> None:
    chart = draw_chart(seed_like_timeline(), dpi=72)
    assert len(chart.axes) == 2
    far, main = chart.axes
    lo, hi = main.get_xlim()
    assert D(2024, 11, 19).toordinal() <= lo and hi <= D(2024, 12, 6).toordinal()
    assert far.get_xlim()[0] < D(2022, 1, 1).toordinal() < far.get_xlim()[1]
    geometry = measure_chart(chart)
    far_box, main_box = geometry.axes
    assert main_box.width > 0.7 * (far_box.width + main_box.width)
    assert main_box.width > 0.6 * geometry.width_px
    # the 2022 spans are drawn in the compressed piece
    assert geometry.marker_axes["e1"] == far_box and geometry.marker_axes["e3"] == main_box


def test_same_day_events_stack_in_text_order() -> None:
    chart = draw_chart(seed_like_timeline(), dpi=72, events="all")
    geometry = measure_chart(chart)
    same_day = ["e8", "e9", "e10", "e11"]  # 2 Dec, in text order (make_event offsets equal)
    xs = {round((geometry.markers[i].x0 + geometry.markers[i].x1) / 2, 1) for i in same_day}
    assert len(xs) == 1
    tops = [geometry.labels[i].y1 for i in same_day]
    assert tops == sorted(tops, reverse=True)


@functools.cache
def _article_timeline(path: Path, published: str) -> Timeline:
    return extract(path.read_text(encoding="utf-8"), published, doc_id=path.name)


ARTICLES = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))


@pytest.mark.parametrize("article", [*ARTICLES, SEED], ids=[p.stem for p in [*ARTICLES, SEED]])
def test_real_articles_render_cleanly(article: Path) -> None:
    if article == SEED:
        if not SEED.exists():
            pytest.skip(f"{SEED} not available (../shared is not part of a clone)")
        published = "2024-12-03"
    else:
        expected = article.with_name(article.stem + ".expected.json")
        published = json.loads(expected.read_text(encoding="utf-8"))["published"]
    timeline = _article_timeline(article, published)
    for width in (6.27, 4.0):
        geometry = measure_chart(draw_chart(timeline, width=width, dpi=72))
        assert_clean(geometry, set(select_events(timeline).ids))
    if article == SEED:
        assert len(select_events(timeline).ids) < len(timeline.order) // 2


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
    chart = draw_chart(sample_timeline(), dpi=72, events="all", include_reporting=False)
    assert "e4" not in chart.markers and "e2" in chart.markers
    assert chart.footer is not None and "1 reporting event" in chart.footer.get_text()


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


def test_save_chart_takes_the_format_from_the_path(tmp_path: Path) -> None:
    from timeline import save_chart as public_save_chart

    timeline = sample_timeline()
    public_save_chart(timeline, tmp_path / "t.png", dpi=40)
    public_save_chart(timeline, tmp_path / "t.SVG")
    public_save_chart(timeline, tmp_path / "t.pdf")
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "t.SVG").read_bytes()
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert not hasattr(timeline, "save_png")  # the model does not know its renderer


# --------------------------------------------------------------------------- baselines

BASELINE_CASES: dict[str, tuple[Callable[[], Timeline], dict[str, Any]]] = {
    # the drawing, not the selection (that is the default table's: tested above), is what
    # these images pin: they draw what the text dates
    "sample_light": (sample_timeline, {"events": "dated"}),
    "sample_dark_lanes": (sample_timeline, {"theme": "dark", "lanes": "entity",
                                            "events": "dated"}),
    "stacked_print": (stacked_timeline, {"theme": "print", "events": "dated"}),
    "empty": (empty_timeline, {}),
    "seed_like_all": (seed_like_timeline, {"events": "all", "width": 4.0}),
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
