"""The data model: frozen dataclasses that every pipeline stage takes and returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

#: Granularities, finest first. Used to order events that start on the same day.
GRANULARITIES: tuple[str, ...] = (
    "time",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
)


def evolve(obj: Any, **changes: Any) -> Any:
    """A copy of a frozen dataclass with some fields changed: what ``dataclasses.replace``
    does, without re-running ``__init__`` (a tenth of the cost, for the many events and
    participants the pipeline updates)."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)
    return new


@dataclass(frozen=True)
class Interval:
    """A closed interval of calendar days, ``start <= end``."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"interval start {self.start} is after end {self.end}")

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class Span:
    """A piece of the input text with character offsets (``text == input[start:end]``)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3 time expression found in the text and normalized.

    ``resolution`` says how the value was obtained: ``absolute`` (the text says it all),
    ``publication`` (relative to the publication date), ``expression`` (relative to another
    time expression, named by ``anchor``), or ``unresolved`` (vague: no calendar value).
    ``mod`` is the TIMEX3 modifier (``START``, ``MID``, ``END``, ``BEFORE``, ``AFTER``,
    ``ON_OR_AFTER``, ``APPROX``...), ``None`` when there is none.
    """

    id: str
    text: str
    start: int
    end: int
    type: str
    value: str
    interval: Interval | None
    granularity: str | None
    resolution: str
    anchor: str | None = None
    mod: str | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": self.value,
            "interval": self.interval.to_dict() if self.interval else None,
            "granularity": self.granularity,
            "resolution": self.resolution,
            "anchor": self.anchor,
            "mod": self.mod,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Participant:
    """A person, organisation or place taking part in an event."""

    text: str
    start: int
    end: int
    label: str
    role: str
    #: The id of the document entity (:class:`Entity`) this mention refers to, if known.
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "role": self.role,
            "entity": self.entity,
        }


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place or thing a document mentions, with all its mentions
    (names, short forms, descriptions, pronouns) grouped by coreference.

    ``name`` is the canonical name (the longest proper name), ``type`` the named-entity
    label (``PERSON``, ``ORG``, ``GPE``...) or ``NP`` for an unnamed one, ``aliases`` the
    other names and short forms the document uses for it ("VW", "Araghchi").
    """

    id: str
    name: str
    type: str
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class EventTime:
    """When an event happened and how we know.

    ``source`` is one of ``explicit`` (a time expression governs the event in the parse),
    ``same-clause`` (a time expression in the same clause), ``inherited-from-sentence``
    (from a linked clause: "came as", "when", "no sooner ... than", "until"),
    ``inherited-from-context`` (the narrative's reference time),
    ``publication-date`` (default for reporting and present-tense events), or
    ``lead-of-report`` (an un-timed past event of a report's lead, :mod:`timeline.lead`).
    ``relation`` is how the event lies relative to the time: ``within``, ``begins``
    ("since 2022"), ``ends`` ("until last week"), ``before``, ``after``.
    ``computed`` says how the time was made from the expressions named in ``expressions``:
    ``value`` (the expression's own value), ``range`` (from the start of the first to the end
    of the second: "held from March 3 to March 5"; ``value`` is the first one's) or
    ``publication-plus-duration`` ("will be announced in two weeks": the publication date
    moved by the duration, ``interval`` the days around it).
    """

    value: str
    interval: Interval
    granularity: str
    source: str
    expression: str | None
    confidence: float
    relation: str = "within"
    expressions: tuple[str, ...] = ()
    computed: str = "value"

    def __post_init__(self) -> None:
        if not self.expressions and self.expression is not None:
            # the expression the time came from is always among those it was computed from
            object.__setattr__(self, "expressions", (self.expression,))

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "interval": self.interval.to_dict(),
            "granularity": self.granularity,
            "source": self.source,
            "expression": self.expression,
            "confidence": round(self.confidence, 3),
            "relation": self.relation,
            "expressions": list(self.expressions),
            "computed": self.computed,
        }


@dataclass(frozen=True)
class LabelParts:
    """The structured parts of an event's headline label (:mod:`timeline.labels`), for users
    who build their own labels: the actor as the label names it and its entity id, the
    predicate's lemma chain ("agree", "sell" for "agreed to sell"; a light or control verb
    and the verb of its complement), the object or complement that carries the content, and
    whether the predicate is negated."""

    actor: str | None = None
    actor_entity: str | None = None
    predicate: tuple[str, ...] = ()
    object: str | None = None
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "actor_entity": self.actor_entity,
                "predicate": list(self.predicate), "object": self.object,
                "negated": self.negated}


def label_parts_from_dict(data: dict[str, Any] | None) -> LabelParts | None:
    """:class:`LabelParts` read back from :meth:`LabelParts.to_dict` (``None`` stays
    ``None``)."""
    if not data:
        return None
    return LabelParts(data.get("actor"), data.get("actor_entity"),
                      tuple(data.get("predicate", ())), data.get("object"),
                      bool(data.get("negated", False)))


@dataclass(frozen=True)
class Event:
    """An event the article reports: a verbal predicate or an event noun."""

    id: str
    trigger: Span
    lemma: str
    pos: str
    event_class: str
    sentence: Span
    participants: tuple[Participant, ...]
    tense: str
    modality: str
    time: EventTime | None
    #: The headline-style "actor action object" label (:mod:`timeline.labels`), when made.
    headline: str | None = None
    #: Whether the event is one a reader of the chart needs (:mod:`timeline.salience`).
    salient: bool = True
    #: The structured parts of the headline label, when made.
    label_parts: LabelParts | None = None
    #: The triggers of the other sentences that report the same happening (the headline and
    #: the body, a fact repeated): they are this one row (:mod:`timeline.salience`).
    mentions: tuple[Span, ...] = ()

    @property
    def is_reporting(self) -> bool:
        return self.event_class == "reporting"

    def label(self) -> str:
        """A short "who did what" label for charts and tables: the headline when the
        pipeline made one, else the agent, the trigger and the first object."""
        if self.headline:
            return self.headline
        preference = {"PERSON": 0, "ORG": 1, "NP": 2, "NORP": 3}
        agents = sorted(
            (p for p in self.participants if p.role == "agent"),
            key=lambda p: preference.get(p.label, 3),
        )
        who = agents[0].text if agents else ""
        objects = sorted(
            (p for p in self.participants if p.role in ("patient", "location")),
            key=lambda p: (p.role != "patient", p.label == "NP"),
        )
        objects = [p.text for p in objects]
        what = self.trigger.text
        if objects:
            what = f"{what} {objects[0]}"
        return f"{who} {what}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "trigger": self.trigger.to_dict(),
            "lemma": self.lemma,
            "pos": self.pos,
            "class": self.event_class,
            "sentence": self.sentence.to_dict(),
            "participants": [p.to_dict() for p in self.participants],
            "tense": self.tense,
            "modality": self.modality,
            "label": self.label(),
            "salient": self.salient,
            "mentions": [m.to_dict() for m in self.mentions],
            "time": self.time.to_dict() if self.time else None,
            **({"label_parts": self.label_parts.to_dict()} if self.label_parts else {}),
        }


@dataclass(frozen=True)
class Document:
    """The input: text, identity and publication date (with where the date came from)."""

    text: str
    published: dt.datetime
    published_source: str = "cli"
    id: str | None = None
    title: str | None = None
    url: str | None = None
    encoding: str | None = None
    meta: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def published_date(self) -> dt.date:
        return self.published.date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat(),
            "published_source": self.published_source,
            "encoding": self.encoding,
            "length": len(self.text),
        }
