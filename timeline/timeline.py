"""The ordered timeline: events sorted by their time, undated events kept aside."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from timeline import json_text
from timeline.model import GRANULARITIES, Document, Entity, Event, TimeExpression

SCHEMA_VERSION = "1.1"


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
