"""Event-dating evaluation on hand-written fixtures with hand-computed figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from timeline.evaluation.anchoring import (
    AnchoringCounts,
    baseline_events,
    day_value,
    gold_anchored_events,
    is_correct,
    normalize_value,
    run_eval_anchoring,
    score_anchoring,
    value_interval,
)
from timeline.evaluation.timeml import GoldDocument, read_timeml
from timeline.model import Event, EventTime, Interval, Span, TimeExpression

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "timeml"
D = dt.date


def ev(
    doc: GoldDocument, surface: str, value: str | None, source: str = "explicit", after: str = ""
) -> Event:
    """A system event over the first occurrence of ``surface`` (preceded by ``after``),
    dated ``value``."""
    start = doc.text.index(after + surface) + len(after)
    time = None
    if value is not None:
        interval = value_interval(value) or Interval(D(1, 1, 1), D(1, 1, 1))
        time = EventTime(value, interval, "day", source, None, 0.9)
    return Event(
        id=f"e{start}",
        trigger=Span(surface, start, start + len(surface)),
        lemma=surface,
        pos="VERB",
        event_class="occurrence",
        sentence=Span(doc.text, 0, len(doc.text)),
        participants=(),
        tense="PAST",
        modality="",
        time=time,
    )


@pytest.fixture
def storm() -> GoldDocument:
    return read_timeml(FIXTURES / "storm.tml")


@pytest.fixture
def summit() -> GoldDocument:
    return read_timeml(FIXTURES / "summit.tml")


def test_gold_anchored_events(storm: GoldDocument, summit: GoldDocument) -> None:
    anchored = {
        a.event.text: sorted(x.value for x in a.anchors) for a in gold_anchored_events(storm)
    }
    # "last": DURING a DURATION, and "t0 IS_INCLUDED last" puts the time inside the event:
    # neither anchors it. "plans": SIMULTANEOUS with PRESENT_REF does not, IS_INCLUDED DCT does.
    assert anchored == {
        "hit": ["2024-03-04"],
        "said": ["2024-03-08"],
        "fled": ["2024-02", "2024-W09"],  # time->event INCLUDES + event->time IS_INCLUDED
        "plans": ["2024-03-08"],
        "meeting": ["2024-04"],
    }
    said = next(a for a in gold_anchored_events(storm) if a.event.text == "said")
    assert said.anchors[0].is_dct and said.anchors[0].lid == "l2"
    anchored = {a.event.text: [x.value for x in a.anchors] for a in gold_anchored_events(summit)}
    assert anchored == {
        "collapsed": ["1999-11-29"],
        "arrested": ["1999-11-29T22:00"],
        "released": ["1999-11-30TMO"],
        "continue": ["1999-11-30T09:15:00"],  # the SET is not concrete; the DCT is
        "fell": ["1999-Q4"],
    }


def storm_system(doc: GoldDocument) -> list[Event]:
    return [
        ev(doc, "hit", "2024-03-04"),  # right at every level
        ev(doc, "said", "2024-03-08T10:00", "publication-date"),  # right by day
        ev(doc, "fled", "2024-02-27"),  # inside 2024-W09 and 2024-02: lenient only
        ev(doc, "last", "2024-03-08", after="will "),  # gold event, not anchored
        ev(doc, "plans", None),  # found, undated
        # "meeting" not found
        ev(doc, "storm", "2024-03-04"),  # not a gold event
    ]


def summit_system(doc: GoldDocument) -> list[Event]:
    return [
        ev(doc, "collapsed", "1999-11"),  # coarser than gold: wrong everywhere
        ev(doc, "arrested", "1999-11-29T22:00"),  # exact
        ev(doc, "released", "1999-11-30"),  # gold 1999-11-30TMO: by day
        ev(doc, "continue", "1999-11-30T09:15"),  # gold DCT ...T09:15:00: exact
        ev(doc, "fell", "1999-12-15"),  # inside 1999-Q4: lenient
    ]


def test_score_one_document(storm: GoldDocument) -> None:
    result = score_anchoring([storm], [storm_system(storm)])
    c = result.overall
    assert c == AnchoringCounts(
        documents=1,
        gold_events=6,
        system_events=6,
        detected_strict=5,
        detected=5,
        gold_anchored=5,
        matched=4,
        matched_dated=3,
        system_dated=5,
        correct=(1, 2, 3),
        precise=(1, 2, 3),
    )
    assert c.detection_precision == pytest.approx(5 / 6)
    assert c.detection_recall == pytest.approx(5 / 6)
    levels = ("exact", "day", "lenient")
    assert [c.recall(x) for x in levels] == pytest.approx([1 / 5, 2 / 5, 3 / 5])
    assert [c.accuracy(x) for x in levels] == pytest.approx([1 / 3, 2 / 3, 1])
    assert [c.f1(x) for x in levels] == pytest.approx([1 / 4, 1 / 2, 3 / 4])
    assert [c.precision(x) for x in levels] == pytest.approx([1 / 5, 2 / 5, 3 / 5])
    errors = sorted((e.kind, e.text, e.lenient_ok) for e in result.errors)
    assert errors == [
        ("not detected", "meeting", False),
        ("undated", "plans", False),
        ("wrong date", "fled", True),
    ]
    assert dict(result.categories()) == {
        "not detected: gold OCCURRENCE": 1,
        "undated: our VERB (occurrence)": 1,
        "wrong date (ours inside gold interval): gold from text timex, ours from explicit": 1,
    }
    missing = next(e for e in result.errors if e.kind == "not detected")
    assert missing.sentence == "Now the mayor plans a meeting in April."
    assert missing.gold_values == ("2024-04",)


def test_score_two_documents(storm: GoldDocument, summit: GoldDocument) -> None:
    result = score_anchoring([storm, summit], [storm_system(storm), summit_system(summit)])
    c = result.overall
    assert (c.gold_anchored, c.matched, c.matched_dated, c.system_dated) == (10, 9, 8, 10)
    assert c.correct == (3, 5, 7)
    assert c.precise == (3, 5, 7)
    assert c.recall("day") == pytest.approx(5 / 10)
    assert c.accuracy("day") == pytest.approx(5 / 8)
    assert c.f1("day") == pytest.approx(2 * 0.5 * 0.625 / 1.125)
    assert c.recall("lenient") == pytest.approx(7 / 10)
    assert c.accuracy("lenient") == pytest.approx(7 / 8)
    assert c.precision("exact") == pytest.approx(3 / 10)
    assert (c.gold_events, c.system_events, c.detected) == (11, 11, 10)
    categories = dict(result.categories(kinds=["wrong date"]))
    assert categories == {
        "wrong date (ours coarser): gold from text timex, ours from explicit": 1,
        "wrong date (ours inside gold interval): gold from text timex, ours from explicit": 2,
    }
    data = result.to_dict()
    assert data["overall"]["dating"]["day"]["recall"] == 0.5
    assert data["error_counts"] == {"not detected": 1, "undated": 1, "wrong date": 3}
    json.dumps(data)


def test_value_interval() -> None:
    assert value_interval("1998-08-07") == Interval(D(1998, 8, 7), D(1998, 8, 7))
    assert value_interval("1998-08-07T06:18") == Interval(D(1998, 8, 7), D(1998, 8, 7))
    assert value_interval("1998-08-07TNI") == Interval(D(1998, 8, 7), D(1998, 8, 7))
    assert value_interval("1998-W32") == Interval(D(1998, 8, 3), D(1998, 8, 9))
    assert value_interval("1998-W32-WE") == Interval(D(1998, 8, 8), D(1998, 8, 9))
    assert value_interval("2024-W01") == Interval(D(2024, 1, 1), D(2024, 1, 7))
    assert value_interval("1998-02") == Interval(D(1998, 2, 1), D(1998, 2, 28))
    assert value_interval("2000-02") == Interval(D(2000, 2, 1), D(2000, 2, 29))
    assert value_interval("1998-Q3") == Interval(D(1998, 7, 1), D(1998, 9, 30))
    assert value_interval("1998-H2") == Interval(D(1998, 7, 1), D(1998, 12, 31))
    assert value_interval("1998-SU") == Interval(D(1998, 6, 1), D(1998, 8, 31))
    assert value_interval("1998-FA") == Interval(D(1998, 9, 1), D(1998, 11, 30))
    assert value_interval("1998-WI") == Interval(D(1997, 12, 1), D(1999, 2, 28))
    assert value_interval("1998") == Interval(D(1998, 1, 1), D(1998, 12, 31))
    assert value_interval("199") == Interval(D(1990, 1, 1), D(1999, 12, 31))
    assert value_interval("19") == Interval(D(1900, 1, 1), D(1999, 12, 31))
    for vague in ("PRESENT_REF", "199X", "XXXX-08-07", "1998-XX", "P1D", "", None, "1998-13"):
        assert value_interval(vague) is None


def test_normalization_and_levels() -> None:
    assert normalize_value(" 1998-08-07t06:18:00 ") == "1998-08-07T06:18"
    assert day_value("1998-08-07T06:18") == "1998-08-07"
    assert day_value("1998-08-07TMO") == "1998-08-07"
    assert day_value("1998-W32") == "1998-W32"
    storm = read_timeml(FIXTURES / "storm.tml")
    fled = next(a for a in gold_anchored_events(storm) if a.event.text == "fled")

    def t(value: str) -> EventTime:
        interval = value_interval(value)
        assert interval is not None
        return EventTime(value, interval, "day", "explicit", None, 1.0)

    assert is_correct("exact", t("2024-W09"), fled.anchors)
    assert is_correct("exact", t("2024-02"), fled.anchors)
    assert not is_correct("day", t("2024-02-27"), fled.anchors)
    assert is_correct("lenient", t("2024-02-27"), fled.anchors)
    assert is_correct("lenient", t("2024-02-02"), fled.anchors)  # in February, not in W09
    assert not is_correct("lenient", t("2024-03-04"), fled.anchors)
    assert not is_correct("lenient", t("2024"), fled.anchors)  # coarser is not inside
    with pytest.raises(ValueError):
        is_correct("weekly", t("2024"), fled.anchors)


def _model_available() -> bool:
    try:
        from timeline.nlp import get_nlp

        get_nlp()
    except (ImportError, RuntimeError):  # RuntimeError: timeline.nlp.ModelNotInstalled
        return False
    return True


def test_baseline_events() -> None:
    if not _model_available():
        pytest.skip("spaCy English pipeline not available")
    from timeline.evaluation.anchoring import _baseline_nlp

    text = "Rebels attacked the town on Monday. Officials said the army would respond."
    start = text.index("Monday")
    monday = TimeExpression(
        id="t1",
        text="Monday",
        start=start,
        end=start + 6,
        type="DATE",
        value="2024-03-04",
        interval=Interval(D(2024, 3, 4), D(2024, 3, 4)),
        granularity="day",
        resolution="publication",
    )
    events = baseline_events(_baseline_nlp()(text), [monday], D(2024, 3, 8))
    by_text = {e.trigger.text: e for e in events}
    assert "attacked" in by_text and "said" in by_text
    assert all(e.pos == "VERB" for e in events)
    attacked, said = by_text["attacked"], by_text["said"]
    assert attacked.time is not None and attacked.time.value == "2024-03-04"
    assert attacked.time.expression == "t1"
    assert said.time is not None and said.time.value == "2024-03-08"  # other sentence: DCT
    assert said.time.source == "publication-date"
    for e in events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text


def _extractor_available() -> bool:
    try:
        from timeline import extract
    except ImportError:
        return False
    return callable(extract)


@pytest.mark.parametrize("baseline", [False, True], ids=["timeline", "baseline"])
def test_run_eval_anchoring_end_to_end(tmp_path: Path, baseline: bool) -> None:
    if not _extractor_available():
        pytest.skip("timeline.extract is not available yet")
    shutil.copy(FIXTURES / "storm.tml", tmp_path / "storm.tml")
    shutil.copy(FIXTURES / "summit.tml", tmp_path / "summit.tml")
    out = io.StringIO()
    json_path = tmp_path / "anchoring.json"
    code = run_eval_anchoring(
        [str(tmp_path)], show_errors=True, json_path=str(json_path), baseline=baseline, out=out
    )
    assert code == 0
    assert "Event dating" in out.getvalue()
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["system"] == ("baseline" if baseline else "timeline")
    assert data["overall"]["counts"]["gold_anchored"] == 10
    dating = data["overall"]["dating"]
    assert dating["exact"]["recall"] <= dating["day"]["recall"] <= dating["lenient"]["recall"]


@pytest.mark.parametrize(
    ("modality", "tense", "statements", "dated"),
    [
        ("negated", "present", True, True),  # "does not plan": holds at the DCT
        ("negated", "present", False, False),  # the timeline's own view: undated
        ("negated", "past", True, False),  # "did not plan": no statement time given
        ("hypothetical", "present", True, False),  # no present modal before it
        ("happened", "present", True, False),  # not negated or hypothetical
    ],
)
def test_statement_times(
    storm: GoldDocument, modality: str, tense: str, statements: bool, dated: bool
) -> None:
    system = storm_system(storm)
    system = [replace(e, modality=modality, tense=tense) if e.trigger.text == "plans" else e
              for e in system]
    result = score_anchoring([storm], [system], statements=statements)
    undated = [e.text for e in result.errors if e.kind == "undated"]
    assert undated == ([] if dated else ["plans"])
    assert result.overall.correct[1] == (3 if dated else 2)  # the DCT is the gold date
