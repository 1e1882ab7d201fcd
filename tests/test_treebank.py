"""Text tokenized the Penn Treebank way is read as the text it stands for, with every offset
into the input kept (our own sentences)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import extract
from timeline.treebank import is_treebank, readable


@pytest.mark.parametrize(("text", "read"), [
    ("Quake hits town -LRB- AP -RRB- .", "Quake hits town     ( AP )     ."),
    ("the country 's port -LRB- AP -RRB-", "the country's  port     ( AP )    "),
    ("they did n't -LSB- sic -RSB- go", "they didn't  -LSB- sic -RSB- go".replace(
        "-LSB-", "    [").replace("-RSB-", "]    ")),
    ("`` We wo n't , '' he said . `` No , '' she said .",
     ' " We won\'t  , "  he said .  " No , "  she said .'),
])
def test_treebank_text_reads_as_normal_text(text: str, read: str) -> None:
    out, where = readable(text)
    assert out == read and len(out) == len(text) and where is not None


@pytest.mark.parametrize("text", [
    "The country's port was closed (temporarily) on Monday.",
    "He said: \"We won't go.\" Rock 'n' roll, the '90s.",
    "A quote ''like this'' once.",
])
def test_normal_text_is_left_alone(text: str) -> None:
    assert not is_treebank(text)
    assert readable(text) == (text, None)


ARTICLE = ("Quake closes port -LRB- AP -RRB-\n\n"
           "The country 's largest port was closed on Monday after an earthquake struck the "
           "coast . `` We did n't expect it , '' the mayor told reporters on Tuesday .\n")


def test_offsets_index_the_input_and_labels_read_normally() -> None:
    tl = extract(ARTICLE, published="2024-03-06")
    assert tl.document.text == ARTICLE
    spans = [t for t in tl.time_expressions]
    for ev in tl.events:
        spans += [ev.trigger, ev.sentence, *ev.participants]
    for entity in tl.entities:
        spans += list(entity.mentions)
    for span in spans:
        assert ARTICLE[span.start:span.end] == span.text
    labels = " ".join(ev.label() for ev in tl.events)
    assert "RRB" not in labels and "LRB" not in labels
    closed = next(ev for ev in tl.events if ev.trigger.text == "closed")
    assert closed.time is not None and closed.time.value == "2024-03-04"
    told = next(ev for ev in tl.events if ev.trigger.text == "told")
    assert told.time is not None and told.time.value == "2024-03-05"


def test_the_command_reads_treebank_text(tmp_path: Path) -> None:
    path = tmp_path / "quake.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "timeline", "extract", str(path),
                          "--published", "2024-03-06", "--json", "-"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert all("RRB" not in e["label"] for e in data["events"])
    assert any(p["text"] == "The country 's largest port"
               for e in data["events"] for p in e["participants"])
