"""Timeline summarization metrics (timeline eval tls): reading and writing the Timeline17
format, date F1, concat and alignment-based ROUGE, macro-averaging."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from timeline.evaluation.tls import (
    PRF,
    align_rouge,
    concat_rouge,
    date_prf,
    macro_average,
    read_reference,
    read_tasks,
    score_timeline,
    tokens,
    write_reference,
)

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "timeline17-dev"

REF = {
    D(2024, 3, 4): ["The bridge collapses into the river .", "Two cars fall into the water ."],
    D(2024, 3, 12): ["A public inquiry opens ."],
}


def test_reference_round_trip() -> None:
    text = write_reference(REF)
    assert text.splitlines()[0] == "2024-03-04"
    assert read_reference(text) == REF


def test_reference_reader_skips_dateless_lines_and_empty_dates() -> None:
    text = "2024-01-02\nA sentence .\n-----\n2024-01-03\n-----\nnot a date\n"
    assert read_reference(text) == {D(2024, 1, 2): ["A sentence ."]}


@pytest.mark.parametrize(("text", "expected"), [
    ("The bridges collapsed", ("bridg", "collaps")),
    ("It was in the river", ("river",)),
    ("Police -LRB- DEA -RRB- raided 3 homes", ("polic", "lrb", "dea", "rrb", "raid", "3", "home")),
])
def test_rouge_tokens_drop_stopwords_and_stem(text: str, expected: tuple[str, ...]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(("pred", "ref", "p", "r"), [
    ([D(2024, 1, 1), D(2024, 1, 2)], [D(2024, 1, 2)], 0.5, 1.0),
    ([D(2024, 1, 1)], [D(2024, 1, 2), D(2024, 1, 3)], 0.0, 0.0),
    ([], [D(2024, 1, 2)], 0.0, 0.0),
])
def test_date_prf(pred: list[dt.date], ref: list[dt.date], p: float, r: float) -> None:
    result = date_prf(pred, ref)
    assert (result.precision, result.recall) == (p, r)


def test_a_perfect_timeline_scores_one_everywhere() -> None:
    scores = score_timeline(REF, REF)
    assert {m: round(s.f, 6) for m, s in scores.items()} == {m: 1.0 for m in scores}


def test_alignment_discounts_a_date_one_day_off_by_half() -> None:
    shifted = {d + dt.timedelta(days=1): s for d, s in REF.items()}
    ar = align_rouge(shifted, REF, 1)
    assert ar.precision == pytest.approx(0.5)
    assert ar.recall == pytest.approx(0.5)
    # concat ROUGE ignores dates
    assert concat_rouge(shifted, REF, 1).f == pytest.approx(1.0)


def test_many_to_one_alignment_lets_two_predicted_dates_share_a_reference_date() -> None:
    pred = {D(2024, 3, 4): ["The bridge collapses into the river ."],
            D(2024, 3, 5): ["Two cars fall into the water ."]}
    ar = align_rouge(pred, REF, 1)
    # the 03-05 sentence aligns with 03-04 (content), its matches counted at 1/2
    assert 0.5 < ar.precision < 1.0


def test_unrelated_content_scores_zero() -> None:
    pred = {D(2024, 3, 4): ["Completely different words here ."]}
    assert align_rouge(pred, REF, 1).f == 0.0
    assert align_rouge(pred, REF, 2).f == 0.0


def test_macro_average_takes_f_from_averaged_precision_and_recall() -> None:
    a = {m: PRF(1.0, 0.0) for m in ("date", "concat_r1", "concat_r2", "ar1", "ar2")}
    b = {m: PRF(0.0, 1.0) for m in a}
    avg = macro_average([a, b])["date"]
    assert (avg.precision, avg.recall) == (0.5, 0.5)
    assert avg.f == pytest.approx(0.5)  # not the mean of the two F1 (0.0)


def test_tasks_of_the_fixture_story() -> None:
    (task,) = read_tasks(ROOT / "fixtures" / "tls" / "bridge")
    assert (task.dates, task.sentences) == (4, 1)
    assert (task.start, task.end) == (D(2024, 3, 4), D(2024, 4, 2))


@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/data/timeline17-dev")
def test_tasks_of_the_development_stories() -> None:
    tasks = [t for story in sorted(DEV.iterdir()) for t in read_tasks(story)]
    assert len(tasks) == 4
    assert all(t.dates >= 5 and t.sentences >= 1 for t in tasks)
