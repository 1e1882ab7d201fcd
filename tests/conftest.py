from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when that data is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is not part of a clone)")
    return path


def find_event(tl: Any, trigger: str, sentence_contains: str) -> Any:
    """The event whose trigger starts like ``trigger`` in the sentence containing the text."""
    first = trigger.split()[0].lower()
    matches = [
        e
        for e in tl.events
        if sentence_contains in e.sentence.text and e.trigger.text.split()[0].lower() == first
    ]
    assert matches, f"no event {trigger!r} in a sentence containing {sentence_contains!r}"
    return matches[0]


def load_expected(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def interrupt(proc: subprocess.Popen[bytes], what: str) -> str:
    """Ctrl-C to the process group of ``proc`` (started with ``start_new_session``): its
    stderr once it has stopped; the test fails if it does not stop within a minute."""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the interrupted {what} did not stop")
    return err.decode()
