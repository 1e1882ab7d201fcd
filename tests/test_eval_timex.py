"""TempEval-3 Task A scoring on hand-written fixtures with hand-computed figures."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from timeline.evaluation.timeml import GoldDocument, read_timeml
from timeline.evaluation.timex import (
    TimexCounts,
    _day_offset,
    context,
    match_by_overlap,
    run_eval_timex,
    score_timex,
    value_shape,
)
from timeline.model import TimeExpression

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "timeml"


def tx(doc: GoldDocument, surface: str, type_: str, value: str) -> TimeExpression:
    """A system time expression over the first occurrence of ``surface`` in the text."""
    start = doc.text.index(surface)
    return TimeExpression(
        id=f"s{start}",
        text=surface,
        start=start,
        end=start + len(surface),
        type=type_,
        value=value,
        interval=None,
        granularity=None,
        resolution="publication",
    )


@pytest.fixture
def storm() -> GoldDocument:
    return read_timeml(FIXTURES / "storm.tml")


@pytest.fixture
def summit() -> GoldDocument:
    return read_timeml(FIXTURES / "summit.tml")


def storm_system(doc: GoldDocument) -> list[TimeExpression]:
    # gold: Monday 2024-03-04, last week 2024-W09, February 2024-02, three days P3D (DURATION),
    #       Now PRESENT_REF, April 2024-04
    return [
        tx(doc, "Monday", "DATE", "2024-03-04"),  # strict, type ok, value ok
        tx(doc, "week", "DATE", "2024-W10"),  # relaxed (shorter), value wrong
        tx(doc, "in February", "DATE", "2024-02"),  # relaxed (longer), ok
        tx(doc, "three days", "DATE", "P3D"),  # strict, type wrong
        # "Now" missed
        tx(doc, "April", "DATE", "2024-04"),  # strict, ok
        tx(doc, "the town", "DATE", "XXXX"),  # false alarm
    ]


def test_score_one_document(storm: GoldDocument) -> None:
    result = score_timex([storm], [storm_system(storm)])
    c = result.overall
    assert c == TimexCounts(
        documents=1, gold=6, system=6, strict=3, relaxed=5, type_correct=4, value_correct=4
    )
    assert c.strict_precision == pytest.approx(3 / 6)
    assert c.strict_recall == pytest.approx(3 / 6)
    assert c.strict_f1 == pytest.approx(1 / 2)
    assert c.relaxed_precision == pytest.approx(5 / 6)
    assert c.relaxed_recall == pytest.approx(5 / 6)
    assert c.relaxed_f1 == pytest.approx(5 / 6)
    # TempEval-3: attribute F1 = relaxed F1 x attribute accuracy = 5/6 x 4/5
    assert c.type_f1 == pytest.approx(2 / 3)
    assert c.value_f1 == pytest.approx(2 / 3)

    kinds = sorted((e.kind, e.text) for e in result.errors)
    assert kinds == [
        ("extent", "February"),
        ("extent", "last week"),
        ("false alarm", "the town"),
        ("miss", "Now"),
        ("wrong type", "three days"),
        ("wrong value", "last week"),
    ]
    assert dict(result.categories()) == {
        "extent: system longer": 1,
        "extent: system shorter": 1,
        "false alarm: DATE underspecified (XXXX)": 1,
        "miss: DATE REF": 1,
        "wrong type: gold DURATION, system DATE": 1,
        "wrong value: gold week (YYYY-Www), system week (YYYY-Www)": 1,
    }
    wrong = next(e for e in result.errors if e.kind == "wrong value")
    assert (wrong.doc_id, wrong.gold_value, wrong.system_value) == (
        "FIXTURE-STORM", "2024-W09", "2024-W10",
    )
    assert wrong.system_text == "week"
    assert "«last week»" in wrong.context
    miss = next(e for e in result.errors if e.kind == "miss")
    assert miss.gold_value == "PRESENT_REF" and miss.system_value is None


def test_score_two_documents_and_corpora(storm: GoldDocument, summit: GoldDocument) -> None:
    # summit: nothing found -> 5 misses
    result = score_timex([storm, summit], [storm_system(storm), []])
    c = result.overall
    assert (c.documents, c.gold, c.system, c.strict, c.relaxed) == (2, 11, 6, 3, 5)
    assert c.relaxed_precision == pytest.approx(5 / 6)
    assert c.relaxed_recall == pytest.approx(5 / 11)
    assert c.relaxed_f1 == pytest.approx(10 / 17)  # 2 * 5 / (6 + 11)
    assert c.strict_f1 == pytest.approx(6 / 17)
    assert c.value_f1 == pytest.approx(10 / 17 * 4 / 5)
    assert list(result.by_corpus) == ["timeml"]
    categories = dict(result.categories(kinds=["miss"]))
    assert categories == {
        "miss: DATE REF": 1,
        "miss: DATE day (YYYY-MM-DD)": 1,
        "miss: DATE quarter (YYYY-Qn)": 1,
        "miss: SET underspecified (XXXX-WXX-n)": 1,
        "miss: TIME part of day (YYYY-MM-DDTMO)": 1,
        "miss: TIME time (YYYY-MM-DDThh:mm)": 1,
    }
    # per corpus: re-label the documents
    a, b = replace(storm, corpus="TimeBank"), replace(summit, corpus="AQUAINT")
    found = [tx(summit, "yesterday", "DATE", "1999-11-29")]
    result = score_timex([a, b], [storm_system(storm), found])
    assert list(result.by_corpus) == ["TimeBank", "AQUAINT"]
    assert result.by_corpus["AQUAINT"] == TimexCounts(1, 5, 1, 1, 1, 1, 1)
    assert result.by_corpus["AQUAINT"].relaxed_f1 == pytest.approx(2 / 6)
    assert result.overall == result.by_corpus["TimeBank"] + result.by_corpus["AQUAINT"]


def test_empty_is_zero_not_error(storm: GoldDocument) -> None:
    c = score_timex([storm], [[]]).overall
    assert (c.strict_f1, c.relaxed_f1, c.value_f1, c.value_accuracy) == (0.0, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        score_timex([storm], [])


def test_match_by_overlap_is_one_to_one_and_greedy() -> None:
    gold = [(0, 10), (12, 20)]
    # system (5, 15) overlaps both: 5 with gold 0, 3 with gold 1; (14, 30) overlaps gold 1 by 6
    assert match_by_overlap(gold, [(5, 15), (14, 30)]) == [(0, 0), (1, 1)]
    # one system span over two gold spans matches only one (the larger overlap)
    assert match_by_overlap(gold, [(0, 20)]) == [(0, 0)]
    # identical extent wins a tie
    assert match_by_overlap([(0, 4)], [(0, 5), (0, 4)]) == [(0, 1)]
    assert match_by_overlap(gold, [(10, 12)]) == []  # touching is not overlapping


def test_value_shape_and_context() -> None:
    assert value_shape("1998-08-07") == "day (YYYY-MM-DD)"
    assert value_shape("1998-W32") == "week (YYYY-Www)"
    assert value_shape("1998-W32-WE") == "weekend (YYYY-Www-WE)"
    assert value_shape("1998-08-07T06:18") == "time (YYYY-MM-DDThh:mm)"
    assert value_shape("1998-Q3") == "quarter (YYYY-Qn)"
    assert value_shape("199") == "decade (YYY)"
    assert value_shape("PAST_REF") == "REF"
    assert value_shape("P10Y") == "duration (PnY)"
    assert value_shape("PXY") == "duration (PXY)"
    assert value_shape("XXXX-WI") == "underspecified (XXXX-WI)"
    assert value_shape("1998-WXX") == "underspecified (YYYY-WXX)"
    assert value_shape("199X") == "underspecified (YYYX)"
    assert value_shape("") == "empty"
    assert _day_offset("1990-08-07", "1990-08-14") == ", system 7 days later"
    assert _day_offset("1990-08-07", "1990-08-06") == ", system 1 day earlier"
    assert _day_offset("1988-10-31", "1989-10-31") == ", system 1 year later"
    assert _day_offset("1988-10-31", "1988-10-21") == ", system other day"
    assert _day_offset("1988-10", "1988-10-21") == ""
    text = "0123456789" * 10
    assert context(text, 50, 52, width=5) == "…56789«01»23456…"
    assert context("a\n\nb  c", 3, 4) == "a «b» c"


def _extractor_available() -> bool:
    try:
        from timeline import extract
    except ImportError:
        return False
    return callable(extract)


def test_run_eval_timex_end_to_end(tmp_path: Path) -> None:
    if not _extractor_available():
        pytest.skip("timeline.extract is not available yet")
    shutil.copy(FIXTURES / "storm.tml", tmp_path / "storm.tml")
    shutil.copy(FIXTURES / "summit.tml", tmp_path / "summit.tml")
    out = io.StringIO()
    json_path = tmp_path / "out.json"
    code = run_eval_timex([str(tmp_path)], show_errors=True, json_path=str(json_path), out=out)
    assert code == 0
    printed = out.getvalue()
    assert "strict P" in printed and tmp_path.name in printed
    data = json.loads(json_path.read_text(encoding="utf-8"))
    counts = data["overall"]["counts"]
    assert (counts["documents"], counts["gold"]) == (2, 11)
    assert 0.0 <= data["overall"]["value_f1"] <= data["overall"]["relaxed_f1"] <= 1.0
    # the extractor should find most of these plain expressions
    assert data["overall"]["relaxed_recall"] >= 0.5
    # JSON to the output stream, no table
    out = io.StringIO()
    assert run_eval_timex([str(tmp_path)], show_errors=False, json_path="-", out=out) == 0
    assert json.loads(out.getvalue())["task"] == "timex"


def test_run_eval_timex_bad_input(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_eval_timex([str(tmp_path)], show_errors=False, json_path=None, out=out) == 2
    assert run_eval_timex([str(tmp_path / "nope")], show_errors=False, json_path=None, out=out) == 2
    assert out.getvalue() == ""
