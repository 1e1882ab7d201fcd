"""`timeline eval` through the command line on the team's hand-written TimeML fixtures.

Every expression and anchored event in fixtures/timeml was annotated by hand; the values are
what a careful reader gives them, so the extractor is expected to reproduce all of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.cli import main

TIMEML = FIXTURES / "timeml"


def test_eval_timex_cli_on_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "timex.json"
    assert main(["eval", "timex", str(TIMEML), "--errors", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "strict P" in printed
    overall = json.loads(out.read_text(encoding="utf-8"))["overall"]
    assert overall["counts"]["documents"] == 2
    assert overall["counts"]["gold"] == 11  # counted by hand in storm.tml and summit.tml
    assert overall["counts"]["system"] == 11
    for key in ("strict_f1", "relaxed_f1", "type_f1", "value_f1"):
        assert overall[key] == pytest.approx(1.0), key


def test_eval_anchoring_cli_on_fixture(tmp_path: Path) -> None:
    out = tmp_path / "anchoring.json"
    assert main(["eval", "anchoring", str(TIMEML), "--json", str(out)]) == 0
    overall = json.loads(out.read_text(encoding="utf-8"))["overall"]
    counts = overall["counts"]
    assert (counts["gold_events"], counts["gold_anchored"]) == (11, 10)  # counted by hand
    assert overall["detection"]["recall"] == pytest.approx(1.0)
    # 9 of the 10 anchored events get the right day. The tenth, "a meeting in April" after
    # "Now the mayor plans", is a known miss: the parser attaches "in April" to "plans", so
    # the meeting takes the planning's date.
    assert counts["correct"]["day"] == 9
    assert overall["dating"]["day"]["f1"] == pytest.approx(0.9)


def test_eval_rejects_missing_gold(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "timex", "no/such/folder"]) == 3
    assert "no such file" in capsys.readouterr().err


def test_eval_goes_on_past_a_document_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unreadable TimeML file (an ambiguous creation time) is reported on stderr and left
    out; the rest are scored. A creation time with one reading is read."""
    for f in TIMEML.glob("*.tml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    storm = (tmp_path / "storm.tml").read_text(encoding="utf-8")
    dct = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', storm)
    assert dct is not None
    iso = re.search(r'value="(\d{4})-(\d{2})-(\d{2})', dct.group(0))
    assert iso is not None
    y, m, d = iso.groups()
    ambiguous = f"{m}-{d}-{y}"  # month first: ambiguous when the day is 12 or less
    bad = storm.replace(dct.group(0), dct.group(0).replace(f'value="{y}-{m}-{d}',
                                                              f'value="{ambiguous}'))
    (tmp_path / "broken.tml").write_text(bad, encoding="utf-8")
    out = tmp_path / "timex.json"
    code = main(["eval", "timex", str(tmp_path), "--json", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "broken.tml" in err and "left out" in err
    assert json.loads(out.read_text(encoding="utf-8"))["overall"]["counts"]["documents"] == 2
