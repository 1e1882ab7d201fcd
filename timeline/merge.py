"""Merged timelines across documents, and the timeline of one entity.

:func:`merge` puts the events of many documents on one timeline. Each event keeps where it
comes from (its document and its id there); the same event reported by several documents
(same date, same trigger lemma, matching participants) is shown once with all its sources.

:func:`filter_entity` keeps the events whose participants include an entity, matching its
aliases within each document: once a document names "Steve Jobs", a later "Jobs" in it is
the same person; "Apple Inc." is matched by "Apple" (company suffixes are not part of a
name); "Apple CEO Steve Jobs" contains the name, so it matches too.

This is the SemEval-2015 Task 4 "TimeLine" setting (cross-document event ordering for a
target entity); :mod:`timeline.evaluation.timeline2015` scores it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from timeline.model import (
    GRANULARITIES,
    Document,
    Event,
    EventTime,
    Interval,
    Participant,
    Span,
    TimeExpression,
)
from timeline.timeline import SCHEMA_VERSION, Timeline

__all__ = [
    "EntityMatcher",
    "MergedEvent",
    "MergedTimeline",
    "filter_entity",
    "merge",
    "timeline_from_dict",
]

#: Words dropped from names before matching: articles and company-form suffixes.
_DROP_LEADING = frozenset({"the", "a", "an"})
_COMPANY_SUFFIXES = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
    "plc", "ag", "sa", "gmbh", "group", "holdings",
})
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_PERSONISH = frozenset({"PERSON"})


def name_tokens(text: str) -> tuple[str, ...]:
    """A name as lower-case words: no leading article, no possessive, no company suffix."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    words = [re.sub(r"['’]s$", "", w) for w in words]
    while words and words[0] in _DROP_LEADING:
        words = words[1:]
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words = words[:-1]
    return tuple(w for w in words if w)


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    return any(tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1))


class EntityMatcher:
    """Whether a participant is a given entity, with the aliases a document sets up."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tokens = name_tokens(name)
        if not self.tokens:
            raise ValueError(f"entity name {name!r} has no words")

    def is_full_mention(self, text: str) -> bool:
        """The whole name appears in ``text`` ("Apple CEO Steve Jobs" for Steve Jobs)."""
        return _contains(name_tokens(text), self.tokens)

    @property
    def person_like(self) -> bool:
        """"Steve Jobs": several capitalised words (not "iPhone 4", not "iTunes store")."""
        words = self.name.split()
        return len(words) > 1 and all(w[:1].isupper() and w.isalpha() for w in words)

    def aliases(self, timeline: Timeline) -> frozenset[tuple[str, ...]]:
        """Short forms that stand for the entity in this document, once the document has
        named it in full: a person's surname ("Jobs") and first name ("Steve") when a
        PERSON participant is the full name; the last word of a person-like name when the
        full name is only in the text."""
        if len(self.tokens) < 2:
            return frozenset()
        labels = {p.label for e in timeline.events for p in e.participants
                  if self.is_full_mention(p.text)}
        if "PERSON" in labels:
            return frozenset({self.tokens[-1:], self.tokens[:1]})
        if not self.person_like:
            return frozenset()
        named = bool(labels)
        if not named:
            text = timeline.document.text
            if text:
                named = self.is_full_mention(text)
            else:
                named = any(self.is_full_mention(e.sentence.text) for e in timeline.events)
        return frozenset({self.tokens[-1:]}) if named else frozenset()

    def matches(self, participant: Participant | str,
                aliases: frozenset[tuple[str, ...]] = frozenset()) -> bool:
        text = participant if isinstance(participant, str) else participant.text
        toks = name_tokens(text)
        if not toks:
            return False
        if _contains(toks, self.tokens):
            return True
        return toks in aliases


def filter_entity(timeline: Timeline, name: str | EntityMatcher) -> Timeline:
    """The timeline with only the events one of whose participants is the entity."""
    matcher = name if isinstance(name, EntityMatcher) else EntityMatcher(name)
    aliases = matcher.aliases(timeline)
    kept = tuple(e for e in timeline.events
                 if any(matcher.matches(p, aliases) for p in e.participants))
    return Timeline.build(timeline.document, timeline.time_expressions, kept)


# ----------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class MergedEvent:
    """One event of a merged timeline: the first report of it and every report."""

    id: str
    event: Event
    document: Document
    sources: tuple[tuple[Document, Event], ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.event.to_dict()
        data["id"] = self.id
        data["document"] = self.document.id
        data["sources"] = [
            {
                "document": doc.id,
                "event": ev.id,
                "title": doc.title,
                "url": doc.url,
                "published": doc.published.isoformat(),
                "trigger": ev.trigger.text,
                "sentence": ev.sentence.text,
            }
            for doc, ev in self.sources
        ]
        return data


def _participant_keys(event: Event) -> frozenset[str]:
    keys: set[str] = set()
    for p in event.participants:
        toks = name_tokens(p.text)
        if not toks:
            continue
        keys.add(" ".join(toks))
        if p.label in _PERSONISH and len(toks) > 1:
            keys.add(toks[-1])
    return frozenset(keys)


def _gran_rank(gran: str) -> int:
    return GRANULARITIES.index(gran) if gran in GRANULARITIES else len(GRANULARITIES)


@dataclass(frozen=True)
class MergedTimeline:
    """Events of several documents on one timeline (``order``: dated, earliest first)."""

    documents: tuple[Document, ...]
    events: tuple[MergedEvent, ...]
    order: tuple[str, ...]
    undated: tuple[str, ...]
    entity: str | None = None

    def ordered_events(self) -> list[MergedEvent]:
        by_id = {e.id: e for e in self.events}
        return [by_id[i] for i in self.order]

    def summary_document(self) -> Document:
        """A stand-in document for the whole set (for charts and the ``document`` field)."""
        n = len(self.documents)
        latest = max((d.published for d in self.documents),
                     key=lambda d: d.replace(tzinfo=None),
                     default=dt.datetime(1970, 1, 1))
        what = f"{n} document{'s' if n != 1 else ''}"
        title = f"{self.entity} — {what}" if self.entity else f"Merged timeline of {what}"
        return Document(text="", published=latest, published_source="merged", id="merged",
                        title=title)

    def as_timeline(self) -> Timeline:
        """A :class:`Timeline` view of the merged events (for the chart and exports that
        need no text); event ids are the merged ids."""
        events = tuple(replace(m.event, id=m.id) for m in self.events)
        return Timeline(self.summary_document(), (), events, self.order, self.undated)

    def to_dict(self) -> dict[str, Any]:
        from timeline import __version__

        summary = self.summary_document().to_dict()
        summary["length"] = sum(_length(d) for d in self.documents)
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": {"name": "timeline", "version": __version__},
            "document": summary,
            "documents": [_doc_dict(d) for d in self.documents],
            "entity": self.entity,
            "time_expressions": [],
            "events": [e.to_dict() for e in self.events],
            "timeline": list(self.order),
            "undated": list(self.undated),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


def _length(doc: Document) -> int:
    for key, value in doc.meta:
        if key == "length":
            return int(value)
    return len(doc.text)


def _doc_dict(doc: Document) -> dict[str, Any]:
    data = doc.to_dict()
    data["length"] = _length(doc)
    return data


def merge(
    timelines: Iterable[Timeline],
    *,
    entity: str | None = None,
    deduplicate: bool = True,
) -> MergedTimeline:
    """One timeline across documents. With ``entity`` only that entity's events are kept
    (see :func:`filter_entity`). With ``deduplicate`` an event reported by several
    documents (same date value, same trigger lemma, a participant in common, or none on
    either side) is shown once, with all its sources."""
    matcher = EntityMatcher(entity) if entity else None
    documents: list[Document] = []
    groups: list[list[tuple[Document, Event]]] = []
    index: dict[tuple[str, str], list[int]] = {}
    for tl in timelines:
        if matcher is not None:
            tl = filter_entity(tl, matcher)
        doc = tl.document
        documents.append(doc)
        ordered = tl.ordered_events() + [tl.event(i) for i in tl.undated]
        for ev in ordered:
            if deduplicate and ev.time is not None:
                key = (ev.time.value, ev.lemma)
                keys = _participant_keys(ev)
                target = None
                for g in index.get(key, []):
                    if any(d is doc for d, _ in groups[g]):
                        continue
                    other = _participant_keys(groups[g][0][1])
                    if (keys & other) or (not keys and not other):
                        target = g
                        break
                if target is not None:
                    groups[target].append((doc, ev))
                    continue
                index.setdefault(key, []).append(len(groups))
            groups.append([(doc, ev)])

    merged = [
        MergedEvent(f"e{i}", g[0][1], g[0][0], tuple(g)) for i, g in enumerate(groups, 1)
    ]

    def order_key(m: MergedEvent) -> tuple[Any, ...]:
        t = m.event.time
        assert t is not None
        return (t.interval.start, _gran_rank(t.granularity),
                m.document.published.replace(tzinfo=None), m.event.trigger.start)

    dated = sorted((m for m in merged if m.event.time is not None), key=order_key)
    undated = [m.id for m in merged if m.event.time is None]
    return MergedTimeline(tuple(documents), tuple(merged), tuple(m.id for m in dated),
                          tuple(undated), entity)


# ----------------------------------------------------------------------------- loading


def _span(d: dict[str, Any]) -> Span:
    return Span(d["text"], int(d["start"]), int(d["end"]))


def _interval(d: dict[str, Any] | None) -> Interval | None:
    if d is None:
        return None
    return Interval(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]))


def timeline_from_dict(data: dict[str, Any]) -> Timeline:
    """A :class:`Timeline` back from its JSON (``Timeline.to_dict``). The document text is
    not in the JSON: the document comes back with an empty text (its length in ``meta``)."""
    d = data["document"]
    published = dt.datetime.fromisoformat(d["published"])
    document = Document(
        text="",
        published=published,
        published_source=d.get("published_source", "cli"),
        id=d.get("id"),
        title=d.get("title"),
        url=d.get("url"),
        encoding=d.get("encoding"),
        meta=(("length", str(d.get("length", 0))),),
    )
    timexes = tuple(
        TimeExpression(
            id=t["id"], text=t["text"], start=t["start"], end=t["end"], type=t["type"],
            value=t["value"], interval=_interval(t.get("interval")),
            granularity=t.get("granularity"), resolution=t["resolution"],
            anchor=t.get("anchor"), mod=t.get("mod"), rule=t.get("rule"),
        )
        for t in data.get("time_expressions", [])
    )
    events = []
    for e in data.get("events", []):
        t = e.get("time")
        time = None
        if t is not None:
            interval = _interval(t["interval"])
            assert interval is not None
            time = EventTime(
                value=t["value"], interval=interval, granularity=t["granularity"],
                source=t["source"], expression=t.get("expression"),
                confidence=float(t["confidence"]), relation=t.get("relation", "within"),
            )
        events.append(Event(
            id=e["id"],
            trigger=_span(e["trigger"]),
            lemma=e["lemma"],
            pos=e["pos"],
            event_class=e["class"],
            sentence=_span(e["sentence"]),
            participants=tuple(
                Participant(p["text"], p["start"], p["end"], p["label"], p["role"],
                            p.get("entity"))
                for p in e.get("participants", [])
            ),
            tense=e["tense"],
            modality=e["modality"],
            time=time,
            salient=e.get("salient", True),
        ))
        if e.get("label") and events[-1].label() != e["label"]:  # a headline label
            events[-1] = replace(events[-1], headline=e["label"])
    return Timeline(document, timexes, tuple(events), tuple(data.get("timeline", [])),
                    tuple(data.get("undated", [])))
