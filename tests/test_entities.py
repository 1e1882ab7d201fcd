"""Entities and coreference, headline labels and salient events, on short texts."""

from __future__ import annotations

import pytest

from timeline import extract
from timeline.entities import same_name
from timeline.model import Entity, Span
from timeline.timeline import SCHEMA_VERSION

TEXT = (
    "Volkswagen will cut 3,000 jobs in Germany, the company said on Monday. VW said the "
    "carmaker expects losses. It blamed weak demand.\n"
    "The International Atomic Energy Agency sent inspectors on Tuesday. The IAEA said the "
    "plant was safe.\n"
    "Lebanon's Hezbollah played a key role, but it withdrew from several positions.\n"
    "Aron Lund of the Century International think tank said a question hangs over Turkey. "
    "\"I have a hard time imagining it,\" he said.\n"
    "Iranian Foreign Minister Abbas Araghchi, who visited Assad on Sunday, reiterated "
    "Tehran's support.\n"
    "Terrorists launched a two-pronged attack on Aleppo last week.\n"
    "No sooner had the ceasefire with the Zionist regime last Wednesday come into effect than "
    "the terrorists launched their onslaught.\n"
    "There had been relative peace in the country until last week.\n"
)


@pytest.fixture(scope="module")
def timeline():  # type: ignore[no-untyped-def]
    return extract(TEXT, "2024-12-03")


def _entity(tl, name: str) -> Entity:  # type: ignore[no-untyped-def]
    return next(e for e in tl.entities if e.name == name)


@pytest.mark.parametrize(("name", "mentions"), [
    ("Volkswagen", {"Volkswagen", "the company", "VW", "the carmaker", "It"}),
    ("International Atomic Energy Agency", {"The International Atomic Energy Agency",
                                            "The IAEA"}),
    ("Hezbollah", {"Lebanon's Hezbollah", "it"}),
    ("Aron Lund", {"I", "he"}),
    ("Abbas Araghchi", {"Iranian Foreign Minister Abbas Araghchi"}),
])
def test_mentions_grouped(timeline, name: str, mentions: set[str]) -> None:  # type: ignore[no-untyped-def]
    found = {m.text for m in _entity(timeline, name).mentions}
    assert mentions <= found, found


def test_participants_point_to_entities(timeline) -> None:  # type: ignore[no-untyped-def]
    ids = {e.id for e in timeline.entities}
    pointed = [p.entity for ev in timeline.events for p in ev.participants if p.entity]
    assert pointed and set(pointed) <= ids
    data = timeline.to_dict()
    assert data["schema_version"] == SCHEMA_VERSION
    assert {e["id"] for e in data["entities"]} == ids
    for entity in data["entities"]:
        for m in entity["mentions"]:
            assert TEXT[m["start"]:m["end"]] == m["text"]


@pytest.mark.parametrize(("short", "long", "person", "same"), [
    (["Jobs"], ["Steve", "Jobs"], True, True),
    (["Assad"], ["Bashar", "al-Assad"], True, True),
    (["IAEA"], ["International", "Atomic", "Energy", "Agency"], False, True),
    (["VW"], ["Volkswagen"], False, True),
    (["Apple"], ["Apple", "Computer"], False, True),
    (["Steve", "Ballmer"], ["Steve", "Jobs"], True, False),
    (["BMW"], ["Volkswagen"], False, False),
])
def test_same_name(short: list[str], long: list[str], person: bool, same: bool) -> None:
    assert same_name(short, long, person) is same


@pytest.mark.parametrize(("trigger", "label"), [
    ("visited", "Araghchi visited Assad"),
    ("withdrew", "Hezbollah withdrew from several positions"),
    ("launched", "Terrorists launched attack on Aleppo"),
    ("come into effect", "Ceasefire had come into effect"),
    ("been", "Relative peace"),
    ("blamed", "VW blamed weak demand"),
    ("have", "Lund has hard time"),
])
def test_labels(timeline, trigger: str, label: str) -> None:  # type: ignore[no-untyped-def]
    labels = [e.label() for e in timeline.events if e.trigger.text == trigger]
    assert label in labels, labels


def test_labels_are_short_and_never_bare(timeline) -> None:  # type: ignore[no-untyped-def]
    for ev in timeline.events:
        label = ev.label()
        assert len(label.split()) <= 12, label
        assert label.lower() not in ("been", "be", "led", "had", "was"), label


def test_salient_events(timeline) -> None:  # type: ignore[no-untyped-def]
    salient = {e.label() for e in timeline.events if e.salient}
    for label in ("Araghchi visited Assad", "Terrorists launched attack on Aleppo",
                  "Ceasefire had come into effect", "Relative peace"):
        assert label in salient
    # an infinitive, a participle modifier and an undated report are not salient
    minor = {e.trigger.text for e in timeline.events if not e.salient}
    assert "imagining" in minor


def test_entity_to_dict() -> None:
    entity = Entity("E1", "Apple", "ORG", (Span("Apple", 0, 5), Span("it", 10, 12)), ("AAPL",))
    assert entity.to_dict() == {"id": "E1", "name": "Apple", "type": "ORG",
                                "aliases": ["AAPL"],
                                "mentions": [{"text": "Apple", "start": 0, "end": 5},
                                             {"text": "it", "start": 10, "end": 12}]}


def test_quoted_first_person_of_a_shared_reporting_subject() -> None:
    """"me" in a quotation whose reporting verb shares its subject ('Jobs started ...,
    saying, "Stop me"') is the speaker."""
    text = ('Steve Jobs took the stage on Monday. Jobs started by hinting at the incident, '
            'saying, "Stop me if you have seen this."')
    tl = extract(text, "2010-06-07")
    found = {m.text for m in _entity(tl, "Steve Jobs").mentions}
    assert "me" in found, found


@pytest.mark.parametrize(("sentence", "trigger", "label"), [
    ("The concert took place on Monday.", "took place", "Concert took place"),
    ("The trial of the doctor took place in Los Angeles on Monday.", "took place",
     "Trial took place in Los Angeles"),
])
def test_a_multiword_trigger_is_not_its_own_object(sentence: str, trigger: str,
                                                   label: str) -> None:
    """The "place" of "took place" is the predicate: no patient, not repeated in the label."""
    from timeline import extract

    [event] = [e for e in extract(sentence, "2011-11-08").events if e.trigger.text == trigger]
    assert event.label() == label
    assert not any(p.text == "place" for p in event.participants)
