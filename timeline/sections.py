"""Long texts in sections: a report of megabytes is parsed a section at a time.

spaCy's memory grows with the length of one ``Doc`` (its parser keeps about 4 KB a
character at its peak) and with the number of documents ``nlp.pipe`` parses together, and so
does the time of anything that scans a whole document. A text longer than
:data:`WHOLE_CHARS` is therefore cut into sections of at most :data:`SECTION_CHARS`
characters, at paragraph breaks, then at sentence ends inside a paragraph that is too long,
then at spaces, and only as a last resort anywhere. Each section is parsed and turned into a
timeline on its own, and the sections' timelines are joined: offsets shifted back into the
whole text, ids numbered on. Time grows linearly with the length, and memory is bounded by
one section plus what the timeline keeps (its expressions and events).

A text up to :data:`WHOLE_CHARS` (every news article) is one section: its timeline is
exactly the one the whole document gives. What a section break costs: the narrative's
reference date ("two days later") and coreference do not cross it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from timeline.model import Document, Entity, Event, TimeExpression
from timeline.timeline import Timeline

#: The longest text parsed whole, as one spaCy document.
WHOLE_CHARS = 50_000
#: The longest section of a longer text (a batch of 16 sections is then 160,000 characters).
SECTION_CHARS = 10_000

_BREAKS = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),  # paragraph: after a blank line
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),  # sentence: after its final stop
    re.compile(r"\s+"),  # word
)


def _pieces(
    text: str, start: int, end: int, size: int, level: int = 0
) -> Iterator[tuple[int, int]]:
    """Consecutive pieces of ``text[start:end]``, each at most ``size`` long, cut at the
    coarsest break that makes them short enough."""
    if end - start <= size:
        yield start, end
        return
    if level == len(_BREAKS):  # one "word" longer than a section: cut it anywhere
        for a in range(start, end, size):
            yield a, min(a + size, end)
        return
    cuts = [m.end() for m in _BREAKS[level].finditer(text, start, end) if start < m.end() < end]
    for a, b in pairwise([start, *cuts, end]):
        yield from _pieces(text, a, b, size, level + 1)


def split_sections(
    text: str, size: int = SECTION_CHARS, whole: int | None = WHOLE_CHARS
) -> list[tuple[int, int]]:
    """``(start, end)`` of the sections of ``text``: consecutive, covering it all, each at
    most ``size`` characters; one section when the text is at most ``whole`` characters
    long (``None``: ``size``)."""
    if size < 1:
        raise ValueError("a section holds at least one character")
    if len(text) <= max(size, whole or 0):
        return [(0, len(text))]
    sections: list[tuple[int, int]] = []
    first, last = 0, 0
    for a, b in _pieces(text, 0, len(text), size):
        if b - first > size and last > first:
            sections.append((first, last))
            first = a
        last = b
    sections.append((first, last))
    return sections


# ------------------------------------------------------------------------------- joining

_NUMBERED = re.compile(r"(\D*)(\d+)")
#: Which id space a field that names another object refers to.
_REFERENCES = {"anchor": "timex", "expression": "timex", "entity": "entity"}
_KIND_OF_CLASS = {TimeExpression: "timex", Event: "event", Entity: "entity"}


def _renumbered(ident: str, base: int) -> str:
    m = _NUMBERED.fullmatch(ident)
    return f"{m[1]}{int(m[2]) + base}" if m else ident


def _shifted(obj: Any, offset: int, bases: dict[str, int]) -> Any:
    """``obj`` (a dataclass, or a tuple of them) with every ``start``/``end`` offset moved by
    ``offset`` and every id (its own and those it refers to) numbered on by ``bases``."""
    if isinstance(obj, tuple):
        return tuple(_shifted(x, offset, bases) for x in obj)
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in ("start", "end") and isinstance(value, int) and not isinstance(value, bool):
            changes[f.name] = value + offset
        elif f.name == "id" and isinstance(value, str) and type(obj) in _KIND_OF_CLASS:
            changes[f.name] = _renumbered(value, bases[_KIND_OF_CLASS[type(obj)]])
        elif f.name in _REFERENCES and isinstance(value, str):
            changes[f.name] = _renumbered(value, bases[_REFERENCES[f.name]])
        elif isinstance(value, tuple) or dataclasses.is_dataclass(value):
            changes[f.name] = _shifted(value, offset, bases)
    return dataclasses.replace(obj, **changes) if changes else obj


def _count(ids: Sequence[str]) -> int:
    """The highest number among ``ids`` (``t1``... ``t12`` -> 12)."""
    best = 0
    for ident in ids:
        m = _NUMBERED.fullmatch(ident)
        if m:
            best = max(best, int(m[2]))
    return best


#: How many ids of each kind (expressions, events, entities) the sections before used.
Bases = tuple[int, int, int]


def shift_section(
    part: Timeline, offset: int, bases: Bases
) -> tuple[tuple[TimeExpression, ...], tuple[Event, ...], tuple[Entity, ...], Bases]:
    """The expressions, events and entities of a section's timeline in the whole text's
    offsets and ids (the section starts at ``offset``; ``bases`` are the ids the sections
    before used), and the bases for the next section."""
    timex, event, entity = bases
    by_kind = {"timex": timex, "event": event, "entity": entity}
    return (
        _shifted(part.time_expressions, offset, by_kind),
        _shifted(part.events, offset, by_kind),
        _shifted(part.entities, offset, by_kind),
        (timex + _count([t.id for t in part.time_expressions]),
         event + _count([e.id for e in part.events]),
         entity + _count([e.id for e in part.entities])),
    )


class Joiner:
    """The sections of one long document joined so far. Each section's timeline is shifted
    in as soon as it is built and can then be dropped, so memory holds the document's
    timeline once."""

    def __init__(self) -> None:
        self.time_expressions: list[TimeExpression] = []
        self.events: list[Event] = []
        self.entities: list[Entity] = []
        self.bases: Bases = (0, 0, 0)

    def add(self, part: Timeline, offset: int) -> Joiner:
        """Join the timeline of the section that starts at ``offset``."""
        timexes, events, entities, self.bases = shift_section(part, offset, self.bases)
        self.time_expressions.extend(timexes)
        self.events.extend(events)
        self.entities.extend(entities)
        return self

    def timeline(self, document: Document) -> Timeline:
        """The joined timeline of ``document`` (whose text the sections cut)."""
        return Timeline.build(document, tuple(self.time_expressions), tuple(self.events),
                              tuple(self.entities))
