"""What the default table shows: happenings a reader puts on a timeline, once each (our own
sentences; rules in timeline/salience.py and lang/en/salience.toml)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from timeline import extract
from timeline.model import Event
from timeline.salience import table_events
from timeline.timeline import DEFAULT_MAX_EVENTS, Timeline

ARTICLE = """Harbour council approves new ferry link

The harbour council approved a new ferry link to the islands on Monday, the mayor said.
The council has 14 members. Analysts believe the link will cut travel times.
Norway signed a fishing treaty with Sweden on Tuesday. The ferry company announced a new timetable.
Keating, who put the issue on the agenda, welcomed the decision on Wednesday.
Nobody opposed the plan on Wednesday. The ferry company gave no details on Thursday.
A spokesman declined to comment on Thursday.
The decision came on Thursday as the storm season began.
The mayor did not say on Friday whether the old operator resigned or was dismissed.
Things might have been different had the council delayed the vote.
Engineers feared the old pier had cracked.
Officials inspected the pier as the storm passed.
Readings near the pier did not show elevated levels.
The mayor said he was pleased. Residents are cautiously optimistic about the ferry.
The council approved the ferry link after a long debate.
"""


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return extract(ARTICLE, published="2025-04-11")


def _event(tl: Timeline, trigger: str, near: str) -> Event:
    at = ARTICLE.index(near)
    return min((e for e in tl.events if e.trigger.text == trigger),
               key=lambda e: abs(e.trigger.start - at))


@pytest.mark.parametrize(("trigger", "near", "salient", "why"), [
    ("approved", "approved a new ferry", True, "the lead's happening, dated by the text"),
    ("approves", "approves new ferry", False, "the headline's report of it: one row"),
    ("approved", "approved the ferry link after", False, "a repeat of the same fact"),
    ("signed", "signed a fishing", True, "a happening the text dates"),
    ("has", "has 14 members", False, "a present-tense state"),
    ("believe", "believe the link", False, "an attitude outside the lead"),
    ("said", "said he was pleased", False, "a bare report the text does not date"),
    ("announced", "announced a new timetable", False,
     "dated only by the publication day, outside the headline and lead"),
    ("put", "put the issue", False, "a relative clause describing a participant"),
    ("welcomed", "welcomed the decision", True, "the main clause, dated by the text"),
    ("passed", "storm passed", False, "an adverbial clause without a date of its own"),
    ("show", "did not show", False, "negated: it did not happen"),
    ("opposed", "Nobody opposed", False, "a subject that says nothing happened"),
    ("gave", "gave no details", False, "an object that says nothing happened"),
    ("declined", "declined to comment", False, "a journalist's formula"),
    ("came", "came on Thursday as", False, "a frame: the happening is its clause's"),
    ("resigned", "operator resigned", False, "a question: whether it happened"),
    ("dismissed", "was dismissed", False, "the other half of the question"),
    ("delayed", "delayed the vote", False, "an inverted condition"),
    ("cracked", "had cracked", False, "the content of an attitude"),
    ("optimistic", "cautiously optimistic", False, "a state, not an event"),
])
def test_what_the_table_shows(timeline: Timeline, trigger: str, near: str, salient: bool,
                              why: str) -> None:
    events = [e for e in timeline.events if e.trigger.text == trigger]
    if not events:
        assert not salient, why
        return
    assert _event(timeline, trigger, near).salient is salient, why


def test_one_row_lists_the_other_mentions(timeline: Timeline) -> None:
    row = _event(timeline, "approved", "approved a new ferry")
    mentions = {m.start for m in row.mentions}
    assert mentions == {ARTICLE.index("approves"), ARTICLE.index("approved the ferry link")}
    assert row.label() == "Council approved new ferry link to islands"
    data = timeline.to_dict()
    ev = next(e for e in data["events"] if e["id"] == row.id)
    assert len(ev["mentions"]) == 2


def test_the_table_is_capped_and_ranked() -> None:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    happenings = ["the mayor opened a school", "the army cleared the bridge",
                  "the port reopened its gates", "volunteers rebuilt a clinic",
                  "the airline resumed flights", "the bank lent funds to farmers",
                  "engineers restored the power grid", "the police arrested two looters",
                  "the court freed a journalist", "the union ended its strike",
                  "the ministry released aid", "the rail operator added trains",
                  "the museum returned a statue", "the club sacked its coach",
                  "the council raised a levy", "the zoo welcomed a panda"]
    lines = ["Storms sweep the coast", ""]
    for n, what in enumerate(happenings):
        lines.append(f"On {days[n % 6]}, {what}.")
    lines.append("Inspectors visited the harbour.")
    tl = extract("\n".join(lines) + "\n", published="2025-04-12")
    rows = table_events(tl)
    salient = [e for e in tl.ordered_events() if e.salient]
    assert len(salient) > DEFAULT_MAX_EVENTS == len(rows)
    # in timeline order, and those the text dates itself first
    assert rows == [e for e in tl.ordered_events() if e in rows]
    assert all(e.time is not None and e.time.source == "explicit" for e in rows)
    assert len(table_events(tl, None)) == len(salient)


def test_all_lists_every_event_and_the_table_says_how_many_are_left() -> None:
    run = subprocess.run([sys.executable, "-m", "timeline", "extract", "-", "--published",
                          "2025-04-11"], input=ARTICLE, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "minor dated events not shown: --all lists every event" in run.stdout
    assert "Council has 14 members" not in run.stdout
    everything = subprocess.run([sys.executable, "-m", "timeline", "extract", "-",
                                 "--published", "2025-04-11", "--all"], input=ARTICLE,
                                capture_output=True, text=True, timeout=120)
    assert "Council has 14 members" in everything.stdout


def test_mentions_survive_the_json(timeline: Timeline) -> None:
    from timeline.timeline import timeline_from_dict

    back = timeline_from_dict(timeline.to_dict())
    row = _event(timeline, "approved", "approved a new ferry")
    assert back.event(row.id).mentions == row.mentions
    assert [e.salient for e in back.events] == [e.salient for e in timeline.events]


def test_verbs_of_one_happening_are_one_row() -> None:
    text = ("Transport minister quits\n\nThe transport minister resigned on Monday after a "
            "row over rail fares. Critics had demanded a fare freeze. The minister quit "
            "hours after the vote. Police arrested two protesters on Monday. The protesters "
            "were detained outside the ministry.\n")
    tl = extract(text, published="2025-04-09")
    rows = table_events(tl)
    leaving = [e for e in rows if e.lemma in ("resign", "quit")]
    assert len(leaving) == 1 and {m.text for m in leaving[0].mentions} >= {"quit"}
    arrests = [e for e in rows if e.lemma in ("arrest", "detain")]
    assert len(arrests) == 1
