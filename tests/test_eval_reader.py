"""`timeline eval reader`: the default table against reader timelines (scoring as the
reader-timelines README defines it), on our own article and gold, and on ../shared."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, shared_path

from timeline.evaluation.reader import GoldEvent, Mention, _date_ok, labelled, normal_word

STORM = ROOT / "fixtures" / "articles" / "storm-coast.txt"


@pytest.mark.parametrize(("word", "normal"), [
    ("Launched", "launch"),     # -ed
    ("talking", "talk"),        # -ing
    ("sing", "sing"),           # too short to strip -ing
    ("Boxes", "boxe"),          # -es needs six letters: then -s
    ("votes", "vote"),          # -s (first matching suffix only)
    ("U.S.", "u.s"),            # outer dots stripped
    ("'quoted'", "quot"),       # quotes stripped, then -ed
    ("Jobs'", "jobs"),
    ("free", "free"),           # -e needs a word longer than four letters
    ("shape", "shap"),
])
def test_words_are_compared_as_the_readme_says(word: str, normal: str) -> None:
    assert normal_word(word) == normal


def _gold(actor: tuple[str, ...], content: tuple[str, ...]) -> GoldEvent:
    return GoldEvent("", actor, content, "2025-03-11", (), "", (Mention("x", 0, 1, ""),), True)


@pytest.mark.parametrize(("label", "actor", "content", "ok"), [
    ("Storm hit coast", ("storm",), ("coast",), True),
    ("Storm hit", ("storm",), ("coast",), False),                      # no content
    ("Hit coast", ("storm",), ("coast",), False),                      # no actor
    ("Crews restored electricity", (), ("electricity",), True),        # no actor needed
    ("Space agency named commander", ("space agency",), ("name",), True),  # all words
    ("Agency named commander", ("space agency",), ("named",), False),  # one word missing
    ("Mayor promised help", ("mayor",), ("promising",), True),         # suffixes stripped
])
def test_a_label_names_actor_and_content(label: str, actor: tuple[str, ...],
                                         content: tuple[str, ...], ok: bool) -> None:
    assert labelled(label, _gold(actor, content)) is ok


@pytest.mark.parametrize(("value", "interval", "want", "ok"), [
    ("2025-03-11", ("2025-03-11", "2025-03-11"), "2025-03-11", True),
    ("2025-03-11T15:00", ("2025-03-11", "2025-03-11"), "2025-03-11", True),  # finer
    ("2025-03-13TNI", ("2025-03-13", "2025-03-13"), "2025-03-13", True),
    ("2025-03", ("2025-03-01", "2025-03-31"), "2025-03-11", False),          # coarser
    ("2025-W10", ("2025-03-03", "2025-03-09"), "2025-W10", True),
    ("2006-03-03", ("2006-03-03", "2006-04-19"), "2006-03-03/2006-04-19", True),
    ("1989-06", ("1989-06-01", "1989-08-31"), "1989-06/1989-08", True),
    ("2006-03-03", ("2006-03-03", "2006-03-03"), "2006-03-03/2006-04-19", False),
])
def test_dates(value: str, interval: tuple[str, str], want: str, ok: bool) -> None:
    assert _date_ok(value, interval, want) is ok


def _event(label: str, actor: list[str], content: list[str], date: str,
           mentions: list[tuple[str, int]]) -> dict:
    return {"label": label, "actor": actor, "content": content, "date": date,
            "granularity": "day", "also_ok": [], "cue": "",
            "mentions": [{"sentence": "", "trigger": t, "start": s, "end": s + len(t)}
                         for t, s in mentions]}


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    text = STORM.read_text(encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(STORM, articles / "storm.txt")
    (articles / "storm.meta.json").write_text(json.dumps(
        {"doc": "storm", "source": "ours", "published": "2025-03-14"}))

    def at(word: str) -> tuple[str, int]:
        return word, text.index(word)

    gold = {"doc": "storm", "published": "2025-03-14",
            "key": [
                _event("Storm hits northern coast", ["storm"], ["coast", "power"], "2025-03-11",
                       [at("hit")]),
                _event("Storm forms over the ocean", ["storm"], ["form", "ocean"], "2025-W10",
                       [at("formed"), at("strengthened")]),
                _event("Crews restore electricity", ["crews"], ["electricity"], "2025-03-13",
                       [at("restored")]),
                _event("Harbour wall collapsed", ["wall"], ["collapse"], "2015",
                       [at("collapsed")]),
            ],
            "secondary": [_event("Mayor visits neighbourhood", ["mayor"], ["visit"],
                                 "2025-03-13", [at("visited")])],
            "not_events": []}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n")
    return path, articles


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "timeline", "eval", "reader", *args],
                          capture_output=True, text=True, timeout=300)


def test_the_command_scores_our_article(tmp_path: Path) -> None:
    gold, articles = _folder(tmp_path)
    out = tmp_path / "r.json"
    run = _run(str(gold), str(articles), "--errors", "--json", str(out))
    assert run.returncode == 0, run.stderr
    figures = json.loads(out.read_text())["documents"]["storm"]["counts"]
    rows = figures["rows"]
    # three of the four key events have a row with the reader's date and label; the wall's
    # collapse, in a report of residents, has none
    assert (figures["key"], figures["key_found"], figures["key_right"]) == (4, 3, 3)
    # one row each for the storm, its forming, the crews and the mayor; 'strengthened' is
    # a second row on the forming
    assert figures["matched"] == 4 and figures["duplicates"] == 1
    assert figures["filler"] == rows - 5
    assert "Harbour wall collapsed" in run.stdout and "no row on 'collapsed'" in run.stdout
    assert "filler rows" in run.stdout


def test_a_missing_article_is_an_input_error(tmp_path: Path) -> None:
    gold, articles = _folder(tmp_path)
    (articles / "storm.txt").unlink()
    run = _run(str(gold), str(articles))
    assert run.returncode == 3
    assert "no article" in run.stderr and "Traceback" not in run.stderr


def test_reader_takes_two_paths(tmp_path: Path) -> None:
    gold, _ = _folder(tmp_path)
    assert _run(str(gold)).returncode == 2


def test_the_development_set_is_scored() -> None:
    data = shared_path("data", "reader-timelines")
    run = _run(str(data / "gold.jsonl"), str(data / "articles"))
    assert run.returncode == 0, run.stderr
    assert "48 articles, 166 key events" in run.stdout
