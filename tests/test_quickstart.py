"""Smoke test of a new user's first commands, through the installed ``timeline`` command:
the README's quick start as written there, then ``timeline extract`` on a saved web page, a
JSONL file and a text in Latin-1 (the bundled inputs)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from timeline.schema import validate

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "fixtures" / "inputs"
BIN = Path(sys.executable).parent


def timeline_command() -> str:
    """The ``timeline`` script that ``pip install`` put beside this Python."""
    script = BIN / "timeline"
    assert script.exists(), f"{script} is missing: install the package first (pip install .)"
    return str(script)


def quick_start_commands() -> list[str]:
    """The shell commands of the README's quick start, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_readme_quick_start_draws_the_bundled_example(tmp_path: Path) -> None:
    """The first command, minus its ``pip install .`` (the install this suite runs on),
    in a folder that has the repository's fixtures: it writes the chart it promises."""
    first, second = quick_start_commands()
    install, command = (part.strip() for part in first.split("&&", 1))
    assert install == "pip install ."
    assert second.startswith("pip install ") and "'.[test]'" in second
    assert "deptry ." in second and "python -m pytest" in second
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    proc = run(["bash", "-c", command], tmp_path)
    assert proc.returncode == 0, proc.stderr
    charts = [tmp_path / word for word in command.split() if word.endswith(".png")]
    assert charts, "the quick start should write a PNG"
    with Image.open(charts[0]) as image:
        assert image.format == "PNG" and image.width > 800 and image.height > 200
        assert sum(1 for n in image.convert("L").histogram() if n) > 10  # drawn, not blank


def test_a_saved_web_page(tmp_path: Path) -> None:
    proc = run([timeline_command(), "extract", str(INPUTS / "harbour-page.html"), "--json",
                "-"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    validate(data)
    assert data["document"]["published_source"] == "html-metadata"
    assert data["document"]["published"].startswith("2024-05-14")
    assert "terminal" in (data["document"]["title"] or "").lower()
    assert data["events"] and data["timeline"]


def test_a_jsonl_file_merged(tmp_path: Path) -> None:
    proc = run([timeline_command(), "extract", str(INPUTS / "wire.jsonl"), "--merge", "--json",
                "-"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {d["id"] for d in data["documents"]} == {"wire-001", "wire-002", "wire-003"}
    assert data["events"]


def test_a_jsonl_file_needs_merge(tmp_path: Path) -> None:
    proc = run([timeline_command(), "extract", str(INPUTS / "wire.jsonl")], tmp_path)
    assert proc.returncode == 2 and "--merge" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_latin1_text(tmp_path: Path) -> None:
    proc = run([timeline_command(), "extract", str(INPUTS / "cafe-latin1.txt"), "--published",
                "2024-06-03", "--json", "-"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["document"]["title"] == "Café Müller reopens in Westhaven"
    assert data["document"]["encoding"] not in (None, "utf-8", "utf_8")
    assert any(t["text"] == "Saturday" and t["value"] == "2024-06-01"
               for t in data["time_expressions"])


@pytest.mark.parametrize("name", ["harbour-page.html", "cafe-latin1.txt"])
def test_the_table_is_the_default_output(tmp_path: Path, name: str) -> None:
    proc = run([timeline_command(), "extract", str(INPUTS / name), "--published",
                "2024-06-03"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    header = [line.split()[:2] for line in proc.stdout.splitlines()]
    assert ["date", "granularity"] in header and len(proc.stdout.splitlines()) > 3
