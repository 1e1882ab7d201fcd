"""``timeline extract`` on several inputs: one that cannot be read does not stop the others
when they are merged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.cli import main

WIRE = FIXTURES / "inputs" / "wire.jsonl"


def test_extract_merge_goes_on_past_a_document_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file and a record with an ambiguous date are errors for those documents
    only: the merged timeline is that of the others, and the exit code says some failed."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "published": "03-02-2009", "text": "Talks ended."})
                   + "\n", encoding="utf-8")
    out = tmp_path / "merged.json"
    code = main(["extract", str(WIRE), str(bad), str(tmp_path / "missing.txt"), "--merge",
                 "--json", str(out)])
    err = capsys.readouterr().err
    assert code == 3
    assert "ambiguous publication date '03-02-2009'" in err and "missing.txt" in err
    assert "2 of 5 documents could not be read" in err and "Traceback" not in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {"wire-001", "wire-002", "wire-003"}


def test_extract_merge_with_nothing_readable_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "merged.json"
    code = main(["extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--merge",
                 "--json", str(out)])
    assert code == 3 and "none of the 2 documents could be read" in capsys.readouterr().err
    assert not out.exists()


def test_json_is_written_in_pieces_and_reads_the_same(tmp_path: Path) -> None:
    """A large timeline's JSON is streamed to the file (never held whole as one string):
    the file is byte for byte ``to_json()``, and a failure leaves no file behind."""
    from timeline import extract
    from timeline.output import write_atomic

    text = (FIXTURES / "articles" / "storm-coast.txt").read_text(encoding="utf-8")
    tl = extract(text, "2025-03-14")
    target = tmp_path / "t.json"
    write_atomic(target, tl.iter_json())
    assert target.read_text(encoding="utf-8") == tl.to_json()

    def broken() -> Iterator[str]:
        yield "{"
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "u.json", broken())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_timeline_json_round_trip_keeps_entities_and_computed_times() -> None:
    """What batch --merge reads back from the per-document JSON: the same JSON."""
    from timeline import extract
    from timeline.timeline import timeline_from_dict

    text = ("Acme Corp. said on Monday that it will hold the vote from March 3 to March 5. "
            "The company hired Jane Doe in 2020, and she will lead the count.")
    tl = extract(text, "2025-02-10")
    assert tl.entities and any(e.time and e.time.computed == "range" for e in tl.events)
    back = timeline_from_dict(json.loads(tl.to_json())).to_dict()
    original = tl.to_dict()
    assert back["events"] == original["events"]
    assert back["entities"] == original["entities"]


@pytest.mark.parametrize("sentence", ["The ice will melt in 11,000 years.",
                                      "The debt will be repaid in 9,000 years."])
def test_a_future_beyond_the_calendar_stays_undated(sentence: str) -> None:
    from timeline import extract

    tl = extract(sentence, "2011-06-13")
    assert any(t.type == "DURATION" for t in tl.time_expressions)
    assert all(e.time is None or e.time.interval.end.year < 10000 for e in tl.events)
