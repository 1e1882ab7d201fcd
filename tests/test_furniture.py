"""Page furniture is dropped when the text is read: it reaches neither the table nor the JSON
(our own lines and article)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from timeline.furniture import blank_furniture, is_furniture

ARTICLE = ROOT / "fixtures" / "articles" / "bridge-wire.txt"


@pytest.mark.parametrize("line", [
    "By Maria Lindqvist",
    "By MARIA LINDQVIST and Tom Reid, Reuters",
    "BY TOM REID | STAFF WRITER",
    "(Reporting by Maria Lindqvist; Editing by Tom Reid)",
    "Additional reporting by Ana Costa in Lisbon",
    "Editing by Tom Reid",
    "Photo: A view of the old river bridge (Reuters)",
    "Reuters photo by Ana Costa",
    "Related: River levels rise after heavy rain",
    "RELATED COVERAGE",
    "Read more: Council to vote on budget",
    "Comments (3)",
    "Share this article",
    "Sign up for our morning newsletter",
    "Home | News | World | Business",
    "© 2025 Riverton Gazette. All rights reserved.",
    "Advertisement",
])
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "By Tuesday the river had risen two metres.",
    "By then the bridge was closed.",
    "Comments by the mayor angered residents.",
    "Related stories were published on Monday.",
    "Reporting was difficult, the editor said.",
    "Photographers gathered at the bridge.",
    "Next, the council voted to close the bridge.",
    "The council closed the bridge on Tuesday.",
])
def test_story_lines_are_kept(line: str) -> None:
    assert not is_furniture(line)


def test_blanking_keeps_offsets() -> None:
    text = "Bridge closes\nBy Ana Costa\n\nThe bridge closed on Tuesday.\nComments (2)\n"
    out = blank_furniture(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert "Ana Costa" not in out and "Comments" not in out
    assert out.index("The bridge closed") == text.index("The bridge closed")


def test_no_event_comes_from_furniture() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "timeline", "extract", str(ARTICLE),
                          "--published", "2025-05-16", "--json", "-"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    furniture = [(m, m + len(line)) for line in text.splitlines()
                 if is_furniture(line) for m in [text.index(line)]]
    assert len(furniture) == 6
    for item in [*data["events"], *data["time_expressions"]]:
        span = item.get("trigger", item)
        assert not any(a <= span["start"] < b for a, b in furniture), span
        assert text[span["start"]:span["end"]] == span["text"]
    table = subprocess.run([sys.executable, "-m", "timeline", "extract", str(ARTICLE),
                            "--published", "2025-05-16"], capture_output=True, text=True,
                           timeout=120).stdout
    assert "Lindqvist" not in table.split("\n", 2)[2] and "Reid" not in table
