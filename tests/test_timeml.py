"""The TimeML reader: offsets, attributes, links, and refusal of unsafe XML."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from timeline.evaluation.timeml import (
    TimeMLError,
    iter_timeml,
    parse_dct_value,
    read_timeml,
    timeml_files,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "timeml"
TBAQ = ROOT.parent / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"


def test_read_storm_fixture() -> None:
    doc = read_timeml(FIXTURES / "storm.tml")
    assert doc.id == "FIXTURE-STORM"
    assert doc.dct == dt.date(2024, 3, 8)
    assert not isinstance(doc.dct, dt.datetime)
    assert doc.dct_tid == "t0" and doc.dct_value == "2024-03-08" and doc.dct_type == "DATE"
    assert doc.title == "Storm & floods hit coastal town"
    assert doc.corpus == "timeml"
    # tags stripped, entities decoded, surrounding newlines kept
    assert doc.text.startswith("\nA storm hit the town on Monday, officials said.")
    assert "The clean-up & repairs will last three days.\n\nNow the mayor" in doc.text
    assert "<" not in doc.text
    assert [t.tid for t in doc.timexes] == ["t1", "t2", "t3", "t4", "t5", "t6"]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    t1 = doc.timexes[0]
    assert (t1.start, t1.end, t1.text, t1.type, t1.value, t1.mod) == (
        25, 31, "Monday", "DATE", "2024-03-04", None,
    )
    assert [(t.text, t.value) for t in doc.timexes[1:]] == [
        ("last week", "2024-W09"),
        ("February", "2024-02"),
        ("three days", "P3D"),
        ("Now", "PRESENT_REF"),
        ("April", "2024-04"),
    ]
    assert [e.text for e in doc.events] == ["hit", "said", "fled", "last", "plans", "meeting"]
    for e in doc.events:
        assert doc.text[e.start : e.end] == e.text
    e2 = doc.events[1]
    assert (e2.eid, e2.eiids, e2.event_class, e2.tense, e2.aspect, e2.polarity) == (
        "e2", ("ei2",), "REPORTING", "PAST", "NONE", "POS",
    )
    assert len(doc.tlinks) == 11  # the SLINK is not a TLINK
    l1, l3, l11 = doc.tlinks[0], doc.tlinks[2], doc.tlinks[10]
    assert (l1.lid, l1.rel_type, l1.event_eiid, l1.time_tid) == ("l1", "IS_INCLUDED", "ei1", None)
    assert (l1.related_event_eiid, l1.related_time_tid) == (None, "t1")
    assert (l3.time_tid, l3.rel_type, l3.related_event_eiid) == ("t2", "INCLUDES", "ei3")
    assert (l11.event_eiid, l11.related_event_eiid) == ("ei3", "ei1")


def test_read_summit_fixture_datetime_dct() -> None:
    doc = read_timeml(FIXTURES / "summit.tml")
    assert doc.dct == dt.datetime(1999, 11, 30, 9, 15)
    assert doc.dct_type == "TIME"
    assert doc.title is None
    assert doc.events[4].polarity == "NEG"
    assert [t.type for t in doc.timexes] == ["DATE", "TIME", "TIME", "SET", "DATE"]


def test_parse_dct_value() -> None:
    assert parse_dct_value("1998-08-07") == dt.date(1998, 8, 7)
    assert parse_dct_value("1998-08-07T06:18:00") == dt.datetime(1998, 8, 7, 6, 18)
    assert parse_dct_value("1998-12-05T09:42") == dt.datetime(1998, 12, 5, 9, 42)
    assert parse_dct_value("19980108") == dt.date(1998, 1, 8)
    with pytest.raises(TimeMLError):
        parse_dct_value("XXXX-XX-XX")


XXE = """<?xml version="1.0"?>
<!DOCTYPE TimeML [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2000-01-01">x</TIMEX3></DCT>
<TEXT>Leak: &secret;</TEXT></TimeML>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2000-01-01">x</TIMEX3></DCT>
<TEXT>&lol9;</TEXT></TimeML>
"""


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_refuses_unsafe_xml(tmp_path: Path, content: str) -> None:
    path = tmp_path / "evil.tml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TimeMLError, match="unsafe XML"):
        read_timeml(path)
    with pytest.raises(TimeMLError):
        list(iter_timeml([tmp_path]))


def test_malformed_and_incomplete(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>unclosed</TimeML>", encoding="utf-8")
    with pytest.raises(TimeMLError, match="not well-formed"):
        read_timeml(bad)
    no_dct = tmp_path / "nodct.tml"
    no_dct.write_text("<TimeML><TEXT>text</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(TimeMLError, match="creation time"):
        read_timeml(no_dct)
    no_text = tmp_path / "notext.tml"
    no_text.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2000-01-01">x</TIMEX3></DCT>'
        "</TimeML>",
        encoding="utf-8",
    )
    with pytest.raises(TimeMLError, match="TEXT"):
        read_timeml(no_text)
    with pytest.raises(TimeMLError, match="no such file"):
        timeml_files([tmp_path / "missing"])


def test_iter_timeml_sorted_recursive_with_corpora(tmp_path: Path) -> None:
    (tmp_path / "B").mkdir()
    (tmp_path / "A" / "deeper").mkdir(parents=True)
    shutil.copy(FIXTURES / "summit.tml", tmp_path / "B" / "a.tml")
    shutil.copy(FIXTURES / "storm.tml", tmp_path / "A" / "deeper" / "z.tml")
    shutil.copy(FIXTURES / "storm.tml", tmp_path / "top.tml")
    (tmp_path / "notes.txt").write_text("not TimeML", encoding="utf-8")
    docs = list(iter_timeml([tmp_path]))
    assert [(Path(d.path).name, d.corpus) for d in docs] == [
        ("z.tml", "A"),
        ("a.tml", "B"),
        ("top.tml", tmp_path.name),
    ]
    # a folder given directly is its own corpus; a file given directly: its folder
    docs = list(iter_timeml([tmp_path / "B", tmp_path / "A" / "deeper" / "z.tml"]))
    assert [d.corpus for d in docs] == ["B", "deeper"]


@pytest.mark.skipif(not TBAQ.is_dir(), reason="TempEval-3 data (../shared) not present")
def test_reads_all_of_tbaq() -> None:
    docs = list(iter_timeml([TBAQ / "TimeBank", TBAQ / "AQUAINT"]))
    assert len(docs) == 256
    assert {d.corpus for d in docs} == {"TimeBank", "AQUAINT"}
    assert sum(len(d.timexes) for d in docs) == 1822
    for doc in docs:
        for item in (*doc.timexes, *doc.events):
            assert doc.text[item.start : item.end] == item.text
    assert any(isinstance(d.dct, dt.datetime) for d in docs)
