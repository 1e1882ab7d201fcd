"""Merged timelines (one event shown once with all its sources) and the entity filter."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.entity_matching import EntityMatcher, filter_entity, name_tokens
from timeline.merge import merge
from timeline.model import Document, Event, EventTime, Interval, Participant, Span
from timeline.schema import validate
from timeline.timeline import Timeline, timeline_from_dict

WIRE = FIXTURES / "inputs" / "wire.jsonl"


def day(iso: str) -> EventTime:
    d = dt.date.fromisoformat(iso)
    return EventTime(iso, Interval(d, d), "day", "explicit", iso, 0.9)


def event(eid: str, lemma: str, when: str | None, *people: tuple[str, str],
          sentence: str = "") -> Event:
    parts = tuple(Participant(text, 0, len(text), label, "agent") for text, label in people)
    return Event(eid, Span(lemma, 0, len(lemma)), lemma, "VERB", "occurrence",
                 Span(sentence or lemma, 0, len(sentence or lemma)), parts, "past", "happened",
                 day(when) if when else None)


def timeline(doc_id: str, published: str, *events: Event, text: str = "") -> Timeline:
    doc = Document(text=text, published=dt.datetime.fromisoformat(published), id=doc_id,
                   title=f"title {doc_id}")
    return Timeline.build(doc, (), events)


def test_name_tokens() -> None:
    assert name_tokens("the Apple Inc.") == ("apple",)
    assert name_tokens("Steve Jobs's") == ("steve", "jobs")
    assert name_tokens("iPhone 3G") == ("iphone", "3g")


def test_same_event_in_two_documents_is_shown_once_with_both_sources() -> None:
    a = timeline("a", "2010-06-08",
                 event("e1", "unveil", "2010-06-07", ("Steve Jobs", "PERSON")),
                 event("e2", "say", "2010-06-08", ("Jobs", "PERSON")))
    b = timeline("b", "2010-06-09",
                 event("e1", "unveil", "2010-06-07", ("Jobs", "PERSON")),
                 event("e2", "unveil", "2010-06-01", ("Jobs", "PERSON")),
                 event("e3", "unveil", "2010-06-07", ("Nokia", "ORG")))
    merged = merge([a, b])
    ordered = merged.ordered_events()
    assert [(m.event.lemma, m.event.time.value) for m in ordered] == [  # type: ignore[union-attr]
        ("unveil", "2010-06-01"), ("unveil", "2010-06-07"), ("unveil", "2010-06-07"),
        ("say", "2010-06-08")]
    shared = ordered[1]
    assert [(d.id, e.id) for d, e in shared.sources] == [("a", "e1"), ("b", "e1")]
    assert len(ordered[2].sources) == 1  # other participants: another event
    data = merged.to_dict()
    validate(data)
    assert [s["document"] for s in data["events"][0]["sources"]] == ["a", "b"]
    assert data["document"]["published_source"] == "merged"
    assert [d["id"] for d in data["documents"]] == ["a", "b"]
    assert len(merge([a, b], deduplicate=False).events) == 5


def test_events_of_one_document_are_never_merged_together() -> None:
    a = timeline("a", "2010-06-08", event("e1", "sell", "2010-06-07"),
                 event("e2", "sell", "2010-06-07"))
    assert len(merge([a]).events) == 2
    b = timeline("b", "2010-06-09", event("e1", "sell", "2010-06-07"),
                 event("e2", "sell", "2010-06-07"))
    merged = merge([a, b])  # each of b's reports joins one of a's
    assert [[(d.id, e.id) for d, e in m.sources] for m in merged.events] == [
        [("a", "e1"), ("b", "e1")], [("a", "e2"), ("b", "e2")]]


def test_entity_filter_matches_aliases_within_a_document() -> None:
    full = timeline(
        "a", "2011-01-18",
        event("e1", "announce", "2011-01-17", ("Apple CEO Steve Jobs", "PERSON")),
        event("e2", "leave", "2011-01-17", ("Jobs", "PERSON")),
        event("e3", "rise", "2011-01-17", ("Apple", "ORG")),
        event("e4", "meet", None, ("Steve", "PERSON")),
    )
    kept = filter_entity(full, "Steve Jobs")
    assert [e.lemma for e in kept.events] == ["announce", "leave", "meet"]
    # a document that never names him in full: "Jobs" alone is not enough
    alone = timeline("b", "2011-01-18", event("e1", "leave", "2011-01-17", ("Jobs", "PERSON")))
    assert filter_entity(alone, "Steve Jobs").events == ()
    # ... unless the text names him (a person-like name: its surname stands for it)
    named = timeline("c", "2011-01-18", event("e1", "leave", "2011-01-17", ("Jobs", "PERSON")),
                     text="Steve Jobs is ill. Jobs will leave.")
    assert len(filter_entity(named, "Steve Jobs").events) == 1
    # company suffixes are not part of a name
    assert [e.lemma for e in filter_entity(full, "Apple Inc.").events] == ["announce", "rise"]
    # "Apple" is not "Apple Corps"
    assert filter_entity(full, "Apple Corps").events == ()
    with pytest.raises(ValueError):
        EntityMatcher("  ")


def test_merge_with_entity_keeps_its_events_across_documents() -> None:
    a = timeline("a", "2010-06-08", event("e1", "unveil", "2010-06-07", ("Steve Jobs", "PERSON")),
                 event("e2", "fall", "2010-06-07", ("Nokia", "ORG")))
    b = timeline("b", "2010-06-09", event("e1", "praise", "2010-06-07", ("Steve Jobs", "PERSON")))
    merged = merge([a, b], entity="Steve Jobs")
    assert [m.event.lemma for m in merged.ordered_events()] == ["unveil", "praise"]
    assert merged.entity == "Steve Jobs"
    assert merged.to_dict()["entity"] == "Steve Jobs"
    assert merged.as_timeline().document.title == "Steve Jobs — 2 documents"


def test_timeline_json_round_trip() -> None:
    a = timeline("a", "2010-06-08T10:00:00+02:00",
                 event("e1", "unveil", "2010-06-07", ("Steve Jobs", "PERSON")),
                 event("e2", "think", None), text="some text")
    back = timeline_from_dict(json.loads(a.to_json()))
    assert back.events == a.events and back.order == a.order and back.undated == a.undated
    assert back.document.published == a.document.published
    assert merge([back]).to_dict()["document"]["length"] == len("some text")


def test_extract_merge_and_entity_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.cli import main

    out = tmp_path / "merged.json"
    assert main(["extract", str(WIRE), "--merge", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    flood = [e for e in data["events"] if e["lemma"] == "flood"]
    assert len(flood) == 1
    assert [s["document"] for s in flood[0]["sources"]] == ["wire-001", "wire-002"]
    assert len(data["documents"]) == 3

    assert main(["extract", str(WIRE), "--merge", "--entity", "Westhaven", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entity"] == "Westhaven" and data["events"]
    # each event names the entity: as a participant, or in its sentence (the text links a
    # mention to the events next to it)
    assert all(any("Westhaven" in p["text"] for p in e["participants"])
               or "Westhaven" in e["sentence"]["text"] for e in data["events"])

    assert main(["extract", str(WIRE)]) == 2  # several documents need --merge
    assert "--merge" in capsys.readouterr().err
