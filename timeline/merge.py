"""Merged timelines across documents.

:func:`merge` puts the events of many documents on one timeline. Each event keeps where it
comes from (its document and its id there); the same event reported by several documents
(same date, same trigger lemma, matching participants; on an entity's timeline the entity is
the participant in common) is shown once with all its sources. With ``entity`` only that
entity's events are kept: finding the entity is :mod:`timeline.entity_matching`
(:class:`EntityMatcher`, :func:`filter_entity`); reading a timeline back from its JSON is
:func:`timeline.timeline.timeline_from_dict`. Both are importable from here as before.

This is the SemEval-2015 Task 4 "TimeLine" setting (cross-document event ordering for a
target entity); :mod:`timeline.evaluation.timeline2015` scores it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from timeline.entity_matching import (
    _PERSONISH,
    EntityMatcher,
    acronym,
    filter_entity,
    is_copula_state,
    name_tokens,
)
from timeline.model import GRANULARITIES, Document, Event
from timeline.timeline import SCHEMA_VERSION, Timeline, timeline_from_dict

__all__ = [
    "EntityMatcher",
    "MergedEvent",
    "MergedTimeline",
    "acronym",
    "filter_entity",
    "is_copula_state",
    "merge",
    "name_tokens",
    "timeline_from_dict",
]


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

    def to_timelinejs(self, groups: bool = True, indent: int | None = 2) -> str:
        """TimelineJS3 JSON of the merged events, each slide listing its sources (the
        articles reporting the happening, linked when they have a URL)."""
        from timeline.export.timelinejs import timelinejs_data

        data = timelinejs_data(self.as_timeline(), groups)
        by_id = {m.id: m for m in self.events}
        for slide in data["events"]:
            m = by_id.get(slide.get("unique_id", ""))
            if m is None:
                continue
            links = []
            for doc, _ in m.sources:
                name = html.escape(doc.title or doc.id or "document")
                when = doc.published.date().isoformat()
                link = (f'<a href="{html.escape(doc.url, quote=True)}">{name}</a>'
                        if doc.url else name)
                links.append(f"{link} ({when})")
            label = "Source" if len(links) == 1 else f"{len(links)} sources"
            slide["text"]["text"] += f"<p><small>{label}: " + "; ".join(links) + "</small></p>"
        return json.dumps(data, indent=indent, ensure_ascii=False)


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
    filtered: bool = False,
) -> MergedTimeline:
    """One timeline across documents. With ``entity`` only that entity's events are kept
    (see :func:`filter_entity`; the aliases one document teaches hold in all, see
    :meth:`EntityMatcher.learn`). With ``deduplicate`` an event reported by several
    documents (same date value, same trigger lemma, a participant in common, or none on
    either side; on an entity's timeline the entity is the participant in common) is shown
    once, with all its sources. ``filtered``: the timelines are already the entity's (read
    back from a batch's outputs, without their text): merged as they are."""
    matcher: EntityMatcher | None = None
    if entity:
        timelines = list(timelines)
        matcher = EntityMatcher(entity).learn(timelines)
    on_entity = matcher is not None
    if filtered:
        matcher = None
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
                    # on an entity's timeline every event has the entity in common
                    # (what is said is not one happening: reports are merged by participants)
                    shared = on_entity and not ev.is_reporting
                    if shared or (keys & other) or (not keys and not other):
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
