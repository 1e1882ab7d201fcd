"""The ``timeline`` command end to end: tables, JSON (validated), charts, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.cli import main
from timeline.schema import validate

STORM = FIXTURES / "articles" / "storm-coast.txt"
SUMMIT = FIXTURES / "articles" / "summit-plans.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args], input=stdin, capture_output=True, timeout=120
    )


def test_table_on_the_terminal() -> None:
    proc = run("extract", str(STORM), "--published", "2025-03-14")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "2025-03-11" in out and "hit" in out
    assert "2025-W10" in out and "formed" in out
    assert "undated" in out


def test_json_to_stdout_from_stdin_is_valid() -> None:
    proc = run("extract", "-", "--published", "2025-03-14T08:30:00+01:00", "--json", "-",
               stdin=STORM.read_bytes())
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    validate(data)
    assert data["document"]["published"].startswith("2025-03-14T08:30:00")
    text = STORM.read_text(encoding="utf-8")
    for tx in data["time_expressions"]:
        assert text[tx["start"] : tx["end"]] == tx["text"]
    for ev in data["events"]:
        assert text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
        assert text[ev["sentence"]["start"] : ev["sentence"]["end"]] == ev["sentence"]["text"]
    assert set(data["timeline"]) | set(data["undated"]) == {e["id"] for e in data["events"]}


def test_all_outputs_to_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = {k: tmp_path / f"out.{k}" for k in ("json", "png", "svg", "csv", "md", "html")}
    args = ["extract", str(SUMMIT), "--width", "5", "--dpi", "100"]
    for key, path in paths.items():
        args += [f"--{key}", str(path)]
    assert main(args) == 0
    validate(json.loads(paths["json"].read_text(encoding="utf-8")))
    from PIL import Image

    with Image.open(paths["png"]) as img:
        assert img.size[0] == 500
    assert "<text" in paths["svg"].read_text(encoding="utf-8")
    assert capsys.readouterr().out == ""  # nothing printed when outputs are written
    assert not list(tmp_path.glob(".*.tmp"))


def test_no_reporting_filter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(STORM), "--published", "2025-03-14", "--json", "-",
                 "--no-reporting"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(e["class"] != "reporting" for e in data["events"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["extract", "no-such-file.txt", "--published", "2024-12-03"], 3, "no such file"),
        (["extract", str(STORM), "--published", "yesterday"], 3, "invalid publication date"),
        (["extract", str(STORM), "--published", "2024-13-45"], 3, "invalid publication date"),
        (["extract", str(STORM)], 3, "--published"),
        (["extract", str(FIXTURES)], 3, "folder"),
        (["extract", str(STORM), "--published", "2025-03-14", "--json", "/no/such/dir/x.json"],
         4, "cannot write"),
    ],
)
def test_user_errors_are_one_line(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == code
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_invalid_utf8_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Caf\xe9 opened on Monday.\xff\xfe")
    code = main(["extract", str(bad), "--published", "2024-12-03"])
    err = capsys.readouterr().err
    if code == 0:  # charset detection may decode it: then the encoding is recorded
        return
    assert code == 3 and "Traceback" not in err


def test_help_and_version() -> None:
    proc = run("--help")
    assert proc.returncode == 0 and b"extract" in proc.stdout
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith(b"timeline ")


@pytest.mark.parametrize(("option", "value"), [("--width", "0"), ("--width", "abc"),
                                               ("--dpi", "-5"), ("--max-chars", "0"),
                                               ("--max-chars", "1e6")])
def test_impossible_chart_sizes_are_usage_errors(option: str, value: str,
                                                 tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(STORM), "--published", "2025-03-14", "--png",
              str(tmp_path / "c.png"), option, value])
    assert exc.value.code == 2
    assert not (tmp_path / "c.png").exists()
