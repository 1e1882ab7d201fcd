"""`timeline eval phrases`: the scorer of everyday time phrases (Duckling-style corpus)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.evaluation.phrases import (
    Phrase,
    evaluate,
    load_phrases,
    reading,
    score_phrase,
)
from timeline.model import Interval, TimeExpression

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "duckling-en-dev"

READINGS = [
    # (value, start, grain, part)
    ("2013", "2013-01-01T00:00", "year", None),
    ("2013-Q2", "2013-04-01T00:00", "quarter", None),
    ("2013-03", "2013-03-01T00:00", "month", None),
    ("2013-W08", "2013-02-18T00:00", "week", None),
    ("2013-W43-WE", "2013-10-21T00:00", "week", "WE"),
    ("2013-02-15", "2013-02-15T00:00", "day", None),
    ("2013-02-11TNI", "2013-02-11T00:00", "day", "NI"),
    ("2013-02-12T15:00", "2013-02-12T15:00", "minute", None),
    ("2013-02-12T04:45:00", "2013-02-12T04:45", "second", None),
    ("2013-02-12T24:00", "2013-02-13T00:00", "minute", None),
    ("2014-07-18T19:00Z", "2014-07-18T19:00", "minute", None),
    ("PRESENT_REF", "2013-02-12T04:30", "second", None),
]


@pytest.mark.parametrize(("value", "start", "grain", "part"), READINGS)
def test_reading_of_our_values(value: str, start: str, grain: str, part: str | None) -> None:
    r = reading(value)
    assert r is not None
    assert (r.start, r.grain, r.part) == (dt.datetime.fromisoformat(start), grain, part)


@pytest.mark.parametrize("value", ["P2W", "PAST_REF", "XXXX-WXX-4", "PTXH"])
def test_values_without_a_calendar_point(value: str) -> None:
    assert reading(value) is None


def _tx(value: str, start: str | None = None, end: str | None = None) -> TimeExpression:
    interval = Interval(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) \
        if start and end else None
    return TimeExpression("t1", "x", 0, 1, "DATE", value, interval, None, "publication")


def _instant(grain: str, value: str) -> Phrase:
    return Phrase("p", "instant", grain, value=dt.datetime.fromisoformat(value))


def _interval(grain: str, start: str, end: str) -> Phrase:
    return Phrase("p", "interval", grain, start=dt.datetime.fromisoformat(start),
                  end_inclusive=dt.datetime.fromisoformat(end))


SCORES = [
    # (gold, our value, right)
    (_instant("day", "2013-02-15T00:00"), "2013-02-15", True),
    (_instant("day", "2013-02-15T00:00"), "2013-02-15T16:00", True),  # finer is fine
    (_instant("day", "2012-11-12T00:00"), "2012-11", False),  # coarser is not
    (_instant("week", "2013-02-18T00:00"), "2013-W08", True),
    (_instant("week", "2013-02-18T00:00"), "2013-02-20", True),  # a day says its week
    (_instant("month", "2013-03-01T00:00"), "2013-W10", False),  # a week straddles months
    (_instant("hour", "2013-02-12T15:00"), "2013-02-12T15:00", True),
    (_instant("minute", "2013-02-12T15:15"), "2013-02-12T15:00", False),
    (_instant("second", "2013-02-12T04:30"), "PRESENT_REF", True),
    (_instant("quarter", "2013-01-01T00:00"), "2013-Q1", True),
]


@pytest.mark.parametrize(("gold", "value", "right"), SCORES)
def test_instant_scoring(gold: Phrase, value: str, right: bool) -> None:
    assert score_phrase(gold, [_tx(value)]) is right


def test_interval_from_a_range_of_two_expressions() -> None:
    gold = _interval("minute", "2013-02-14T09:30", "2013-02-14T11:00")
    first, second = _tx("2013-02-14T09:30"), _tx("2013-02-14T11:00")
    assert score_phrase(gold, [first, second], [(first, second)])
    assert not score_phrase(gold, [first, second])  # not joined as a range
    wrong_day = _tx("2013-02-12T09:30")
    assert not score_phrase(gold, [wrong_day, second], [(wrong_day, second)])


def test_interval_from_one_expression_and_its_equivalents() -> None:
    months = _interval("month", "2013-09-01T00:00", "2013-12-31T00:00")
    assert score_phrase(months, [_tx("2013", "2013-09-01", "2013-12-31")])
    assert not score_phrase(months, [_tx("2013", "2013-08-31", "2013-12-31")])
    night = _interval("hour", "2013-02-11T18:00", "2013-02-11T23:00")
    assert score_phrase(night, [_tx("2013-02-11TNI")])
    assert not score_phrase(night, [_tx("2013-02-11TMO")])
    weekend = _interval("hour", "2013-10-25T18:00", "2013-10-27T23:00")
    assert score_phrase(weekend, [_tx("2013-W43-WE")])
    assert not score_phrase(weekend, [_tx("2013-W44-WE")])


def _corpus(tmp_path: Path) -> Path:
    lines = [
        {"phrase": "next week", "kind": "instant", "grain": "week",
         "value": "2013-02-18T00:00:00"},
        {"phrase": "first Tuesday of March 2014", "kind": "instant", "grain": "day",
         "value": "2014-03-04T00:00:00"},
        {"phrase": "from 3 to 4 pm", "kind": "interval", "grain": "hour",
         "start": "2013-02-12T15:00:00", "end": "2013-02-12T17:00:00",
         "end_inclusive": "2013-02-12T16:00:00"},
        {"phrase": "in 15 minutes", "kind": "instant", "grain": "second",
         "value": "2013-02-12T04:45:00"},
        {"phrase": "zorp", "kind": "instant", "grain": "day", "value": "2013-02-12T00:00:00"},
    ]
    (tmp_path / "phrases.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    return tmp_path


def test_evaluate_reads_each_phrase_in_its_frame(tmp_path: Path) -> None:
    results = evaluate(load_phrases(_corpus(tmp_path)))
    assert [r.right for r in results] == [True, True, True, True, False]
    assert results[-1].values == ()


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _corpus(tmp_path)
    out_json = tmp_path / "figures.json"
    assert main(["eval", "phrases", str(folder), "--errors", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"overall +4 +5 +80\.0", out)
    assert "'zorp': gold day 2013-02-12T00:00:00; ours (no expression)" in out
    data = json.loads(out_json.read_text())
    assert (data["right"], data["total"]) == (4, 5)


def test_the_command_on_a_missing_corpus(tmp_path: Path) -> None:
    assert main(["eval", "phrases", str(tmp_path / "nowhere")]) == 3


@pytest.mark.skipif(not SHARED.exists(), reason="the Duckling development phrases are absent")
def test_the_development_phrases_figure() -> None:
    results = evaluate(load_phrases(SHARED))
    assert len(results) == 258
    assert sum(r.right for r in results) / len(results) >= 0.50
