"""The ordered timeline: events sorted by their time, undated events kept aside; its JSON
(:meth:`Timeline.to_dict`) and reading it back (:func:`timeline_from_dict`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from timeline import json_text
from timeline.model import (
    GRANULARITIES,
    Document,
    Entity,
    Event,
    EventTime,
    Interval,
    Participant,
    Span,
    TimeExpression,
    label_parts_from_dict,
)

SCHEMA_VERSION = "1.2"
#: How many dated events the default table, the chart and the reports for people show: what
#: a chart of A4 text width holds (:func:`timeline.salience.table_events` chooses them).
DEFAULT_MAX_EVENTS = 12


def _order_key(event: Event) -> tuple[Any, ...]:
    assert event.time is not None
    gran = event.time.granularity
    rank = GRANULARITIES.index(gran) if gran in GRANULARITIES else len(GRANULARITIES)
    return (event.time.interval.start, rank, event.trigger.start)


@dataclass(frozen=True)
class Timeline:
    """What :func:`timeline.extract` returns: the document, its time expressions, its events
    and their order. ``order`` holds the ids of dated events, earliest first (then finer
    granularity, then text order); ``undated`` the ids of events with no date."""

    document: Document
    time_expressions: tuple[TimeExpression, ...]
    events: tuple[Event, ...]
    order: tuple[str, ...]
    undated: tuple[str, ...]
    #: The document's entities (coreference groups); participants point to them by id.
    entities: tuple[Entity, ...] = ()

    @classmethod
    def build(
        cls,
        document: Document,
        time_expressions: tuple[TimeExpression, ...],
        events: tuple[Event, ...],
        entities: tuple[Entity, ...] = (),
    ) -> Timeline:
        dated = sorted((e for e in events if e.time is not None), key=_order_key)
        undated = [e.id for e in events if e.time is None]
        return cls(document, time_expressions, events, tuple(e.id for e in dated),
                   tuple(undated), entities)

    def event(self, event_id: str) -> Event:
        for ev in self.events:
            if ev.id == event_id:
                return ev
        raise KeyError(event_id)

    def ordered_events(self) -> list[Event]:
        by_id = {e.id: e for e in self.events}
        return [by_id[i] for i in self.order]

    def without_reporting(self) -> Timeline:
        """The same timeline with reporting events ("said", "told") left out."""
        kept = tuple(e for e in self.events if not e.is_reporting)
        return Timeline.build(self.document, self.time_expressions, kept, self.entities)

    def to_dict(self) -> dict[str, Any]:
        from timeline import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "generator": {"name": "timeline", "version": __version__},
            "document": self.document.to_dict(),
            "time_expressions": [t.to_dict() for t in self.time_expressions],
            "events": [e.to_dict() for e in self.events],
            "timeline": list(self.order),
            "undated": list(self.undated),
            "entities": [e.to_dict() for e in self.entities],
        }

    def to_json(self, indent: int | None = 2) -> str:
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False)
        return json_text.dumps(self.to_dict(), indent)  # the same text, 3x faster

    def iter_json(self, indent: int | None = 2) -> Iterator[str]:
        """:meth:`to_json` in pieces, for writing a large timeline without holding its whole
        text (``"".join(tl.iter_json()) == tl.to_json()``)."""
        encoder = json.JSONEncoder(indent=indent, ensure_ascii=False)
        return encoder.iterencode(self.to_dict())


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
                expressions=tuple(t.get("expressions", ())),
                computed=t.get("computed", "value"),
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
            mentions=tuple(_span(m) for m in e.get("mentions", ())),
            label_parts=label_parts_from_dict(e.get("label_parts")),
        ))
        if e.get("label") and events[-1].label() != e["label"]:  # a headline label
            events[-1] = replace(events[-1], headline=e["label"])
    entities = tuple(
        Entity(id=n["id"], name=n["name"], type=n["type"],
               mentions=tuple(_span(m) for m in n.get("mentions", [])),
               aliases=tuple(n.get("aliases", ())))
        for n in data.get("entities", [])
    )
    return Timeline(document, timexes, tuple(events), tuple(data.get("timeline", [])),
                    tuple(data.get("undated", [])), entities)
