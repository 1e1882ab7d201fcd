"""SemEval-2015 Task 4 TimeLine: the timeline and CAT readers, the official measure, the run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import shared_path

from timeline.evaluation.timeline2015 import (
    PointGraph,
    Timeline2015Error,
    date_string,
    evaluate,
    parse_timeline_text,
    read_cat,
    score_timeline,
)
from timeline.model import Interval

TRIAL = "data/timeline-2015-trial"


def tl(text: str) -> object:
    return parse_timeline_text(text.replace("|", "\t"))


GOLD = tl("Acme\n0|XXXX-XX-XX|1-4-said\n1|2010-01-01|1-2-founded\n2|2010-02-01|1-3-sold|2-5-sold\n")


def test_identical_timelines_score_100() -> None:
    sc = score_timeline(GOLD, GOLD)
    assert sc.official() == (100.0, 100.0, 100.0)
    # 3 event-date links + 1 BEFORE (the SIMULTANEOUS between the two "sold" is implied by
    # their shared date and left out of the reduced graph); ordinal 0 is not scored
    assert sc.gold_total == 4


def test_missing_or_empty_system_scores_zero() -> None:
    assert score_timeline(GOLD, None).official() == (0.0, 0.0, 0.0)
    empty = tl("Acme\n")
    sc = score_timeline(GOLD, empty)
    assert (sc.system_total, sc.gold_total, sc.f1) == (0, 4, 0.0)


def test_hand_computed_temporal_awareness() -> None:
    gold = tl("X\n1|2010-01-01|1-1-a\n2|2010-02-01|1-2-b\n")
    # b put on a's date: a=t0 is right, b=t0 is not in the gold closure (b=t1, t0 ? t1);
    # recall: a=t0 found, b=t1 and a<b are not in the system's closure (it says a=b)
    system = tl("X\n1|2010-01-01|1-1-a\n1|2010-01-01|1-2-b\n")
    sc = score_timeline(gold, system)
    assert (sc.precision_matched, sc.system_total) == (1, 2)
    assert (sc.recall_matched, sc.gold_total) == (1, 3)
    assert sc.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_order_is_scored_through_the_closure() -> None:
    gold = tl("X\n1|2001|1-1-a\n2|2002|1-2-b\n3|2003|1-3-c\n")
    # a before c holds in the gold closure (a<b<c) though the gold never says it directly
    system = tl("X\n1|1999|1-1-a\n2|1998|1-3-c\n")
    sc = score_timeline(gold, system)
    assert sc.precision_matched == 1 and sc.system_total == 3


def test_repeated_gold_event_takes_ids_in_turn() -> None:
    gold = tl("X\n1|2011-10-05|9-12-lost\n1|2011-10-05|9-12-lost\n")
    assert score_timeline(gold, gold).f1 == 1.0
    once = tl("X\n1|2011-10-05|9-12-lost\n")
    sc = score_timeline(gold, once)
    assert sc.precision == 1.0 and 0 < sc.recall < 1


def test_point_graph_closure_and_contradiction() -> None:
    g = PointGraph()
    g.add("a", "b", "BEFORE")
    g.add("b", "c", "SIMULTANEOUS")
    assert g.status("a", "c", "BEFORE") == "entailed"
    assert g.status("c", "a", "AFTER") == "entailed"
    assert g.status("c", "a", "BEFORE") == "contradicted"
    assert g.status("a", "z", "BEFORE") == "unknown"


def test_timeline_file_errors() -> None:
    with pytest.raises(Timeline2015Error):
        parse_timeline_text("")
    with pytest.raises(Timeline2015Error, match="ORDINAL"):
        parse_timeline_text("Acme\nfirst\t2010\tx\n")
    assert GOLD.to_text().splitlines()[0] == "Acme"  # type: ignore[attr-defined]


def test_date_strings_follow_the_task() -> None:
    d = Interval(dt.date(2010, 6, 7), dt.date(2010, 6, 7))
    assert date_string(d, "day") == "2010-06-07"
    assert date_string(Interval(dt.date(2010, 6, 1), dt.date(2010, 6, 30)), "month") == "2010-06"
    assert date_string(Interval(dt.date(2010, 1, 1), dt.date(2010, 12, 31)), "year") == "2010"
    assert date_string(None, None) == "XXXX-XX-XX"


CAT = """<?xml version="1.0" ?><Document doc_id="42" doc_name="42-Acme" src_url="http://x">
<token number="0" sentence="0" t_id="1">Acme</token>
<token number="1" sentence="0" t_id="2">sold</token>
<token number="2" sentence="1" t_id="3">Acme</token>
<token number="3" sentence="1" t_id="4">'</token>
<token number="4" sentence="1" t_id="5">s</token>
<token number="5" sentence="1" t_id="6">boss</token>
<token number="6" sentence="1" t_id="7">,</token>
<token number="7" sentence="1" t_id="8">Jo</token>
<token number="8" sentence="1" t_id="9">Ray</token>
<token number="9" sentence="1" t_id="10">,</token>
<token number="10" sentence="1" t_id="11">said</token>
<token number="11" sentence="1" t_id="12">"</token>
<token number="12" sentence="1" t_id="13">yes</token>
<token number="13" sentence="1" t_id="14">"</token>
<token number="14" sentence="1" t_id="15">.</token>
<Markables><TIMEX3 functionInDocument="CREATION_TIME" m_id="9" type="DATE" value="2010-06-07">
<token_anchor t_id="1"/></TIMEX3></Markables></Document>
"""


def test_cat_reader_rebuilds_readable_text(tmp_path: Path) -> None:
    path = tmp_path / "42-Acme.xml"
    path.write_text(CAT, encoding="utf-8")
    cat = read_cat(path)
    assert cat.doc_id == "42" and cat.dct == "2010-06-07"
    assert cat.text == 'Acme sold\nAcme\'s boss, Jo Ray, said "yes".'
    for tok in cat.tokens:
        assert cat.text[tok.start : tok.end] == tok.text
    said = next(t for t in cat.tokens if t.text == "said")
    assert said.sentence == 1 and [t.text for t in cat.tokens_between(said.start, said.end)] == [
        "said"
    ]
    doc = cat.document()
    assert doc.published == dt.datetime(2010, 6, 7) and doc.published_source == "timeml-dct"


def test_unsafe_cat_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;'
                    "</Document>", encoding="utf-8")
    with pytest.raises(Timeline2015Error):
        read_cat(bomb)


def test_trial_data_official_f1(tmp_path: Path) -> None:
    """The figure of the issue: our timelines beat the naive baseline and reach 25 F1."""
    gold = shared_path(TRIAL, "TimeLines_trial_data_task4_v1.2")
    docs = shared_path(TRIAL, "Corpus-trial-data_task4")
    total, per, gold_tl, system = evaluate(gold, docs)
    f1 = total.official()[0]
    assert f1 >= 25.0, f1
    assert set(per) == set(gold_tl) == set(system)
    self_total, _ = evaluate_gold_against_itself(gold)
    assert self_total == 100.0
    base_total, _, _, _ = evaluate(gold, docs, baseline=True)
    assert base_total.official()[0] < f1

    from timeline.cli import main

    out = tmp_path / "sys"
    report = tmp_path / "t15.json"
    assert main(["eval", "timeline2015", str(gold), str(docs), "--out", str(out),
                 "--json", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["micro"]["f1"] == pytest.approx(f1)
    assert sorted(p.name for p in out.iterdir()) == sorted(gold_tl)


def evaluate_gold_against_itself(gold: Path) -> tuple[float, int]:
    from timeline.evaluation.timeline2015 import read_timeline_file, score_timelines

    files = {p.name: read_timeline_file(p) for p in gold.glob("*.txt")}
    total, _ = score_timelines(files, files)
    return total.official()[0], total.gold_total


def test_a_bad_creation_time_leaves_out_its_document_only(tmp_path: Path) -> None:
    """Creation times as people write them: one reading is read; ``03-02-2009`` with nothing
    in the text to settle it leaves that document out with an error, and the others are
    scored."""
    from timeline.evaluation.timeline2015 import evaluate

    gold = tmp_path / "gold"
    docs = tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (gold / "acme.txt").write_text("Acme\n1\t2010-06-07\t42-1-2\n", encoding="utf-8")
    for doc_id, value in [("42", "07-06-2010"), ("43", "13-06-2010"), ("44", "Jun 8, 2010")]:
        text = CAT.replace('doc_id="42" doc_name="42-Acme"', f'doc_id="{doc_id}" '
                           f'doc_name="{doc_id}-Acme"').replace('value="2010-06-07"',
                                                              f'value="{value}"')
        (docs / f"{doc_id}-Acme.xml").write_text(text, encoding="utf-8")
    cats = {p.name: read_cat(p) for p in docs.iterdir()}
    with pytest.warns(UserWarning):
        assert cats["43-Acme.xml"].document().published == dt.datetime(2010, 6, 13)
        assert cats["44-Acme.xml"].document().published == dt.datetime(2010, 6, 8)
    errors: list[str] = []
    with pytest.warns(UserWarning):
        _, _, _, system = evaluate(gold, docs, on_error=errors.append)
    assert len(errors) == 1 and "42-Acme" in errors[0]
    assert "ambiguous publication date '07-06-2010'" in errors[0]
    assert "acme.txt" in system
