"""`timeline eval arguments` on a hand-written MEANTIME-style document, and its reader.

fixtures/meantime/acme_buys_mill.xml (written for these tests) has 4 sentences and 5 gold
events, counted by hand:

* "Acme buys mill": buys (Arg0 Acme, Arg1 mill);
* "Acme Corp bought the old mill on Monday.": bought (Arg0 Acme Corp, Arg1 the old mill; an
  Argm-TMP that is not scored);
* "It said the workers were happy.": said (Arg0 It, which REFERS_TO Acme Corp), happy (an
  adjective event, Arg1 the workers: we do not extract adjectives, so it is not found);
* "The shares gained 5 %.": gained (Arg1 The shares: PropBank's gain.01 makes the gainer its
  theme; our rules read a subject with an object as the agent, a known role error).

So: 5 gold events, 4 found; 6 gold Arg0/Arg1 on them; the system gives 6, all on a gold
entity (role-agnostic 6/6), 5 in the right role (role-strict 5/6). Acme is the one entity
with a name (NAM "Acme", "Acme Corp"), the agent of buys, bought and said: 3 named agents,
and each label names Acme ("It said" is labelled "Acme said" through coreference).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.cli import main
from timeline.evaluation.arguments import name_head, read_meantime

MEANTIME = FIXTURES / "meantime"


def test_reader_counts_the_gold() -> None:
    doc = read_meantime(MEANTIME / "acme_buys_mill.xml")
    assert [e.text for e in doc.events] == ["buys", "bought", "said", "happy", "gained"]
    assert [len(e.arguments) for e in doc.events] == [2, 2, 1, 1, 1]
    said = doc.events[2]
    acme = said.arguments[0].entity
    assert doc.entity_names[acme] == ("Acme", "Acme Corp")
    assert len(doc.entity_mentions[acme]) == 3  # Acme, Acme Corp, It


def test_eval_arguments_cli_on_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    out = tmp_path / "arguments.json"
    # the hand-counted file alone (the folder also holds another team fixture)
    gold = MEANTIME / "acme_buys_mill.xml"
    assert main(["eval", "arguments", str(gold), "--errors", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[1].startswith("role-strict F1 on role-annotated sentences 83.3")
    overall = json.loads(out.read_text(encoding="utf-8"))["overall"]
    counts = overall["counts"]
    assert (counts["gold_events"], counts["found_events"]) == (5, 4)
    assert (counts["gold_args"], counts["system_args"]) == (6, 6)
    assert (counts["strict_correct"], counts["agnostic_correct"]) == (5, 6)
    assert (counts["named_agents"], counts["labelled_agents"]) == (3, 3)
    assert counts["named_patients"] == 0
    assert overall["role_strict"]["f1"] == pytest.approx(5 / 6)


def test_eval_arguments_baseline_runs() -> None:
    assert main(["eval", "arguments", str(MEANTIME), "--baseline"]) == 0


@pytest.mark.parametrize(("name", "head"), [("Apple Inc.", "apple"), ("Steve Jobs", "jobs"),
                                            ("the iPhone 3GS", "3gs"), ("Wal-Mart", "wal-mart")])
def test_name_head(name: str, head: str) -> None:
    assert name_head(name) == head


def test_eval_arguments_rejects_empty_folder(tmp_path: Path) -> None:
    assert main(["eval", "arguments", str(tmp_path)]) == 3
