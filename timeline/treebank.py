"""Text tokenized the Penn Treebank way, read as the text it stands for.

Research corpora and some feeds deliver text already tokenized: ``-LRB- AP -RRB-``,
``the country 's``, ``did n't``, ```` quoted '' ``. spaCy reads ``-RRB-`` as a proper noun
(an actor, in a label) and ````` as two backticks. :func:`readable` maps such a text to one of
the same length that spaCy reads as normal text: an escape becomes the character it stands
for, padded with spaces, and a split clitic moves back onto its word ("country 's" ->
"country's "). Every character keeps its place except a moved clitic and the space before
it; :class:`OffsetMap` maps offsets in the readable text back to the input, and
:func:`restore` puts a timeline built on the readable text back onto the input (its offsets
and the text of its spans). The word lists are data: ``lang/en/treebank.toml``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from timeline.lang import en

_OPENING = frozenset("([{")


@cache
def _patterns() -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str], int, int]:
    data = en.load("treebank.toml")
    escapes: dict[str, str] = dict(data["escapes"])
    escape = re.compile("|".join(re.escape(e) for e in sorted(escapes, key=len, reverse=True)))
    pieces = "|".join(re.escape(p) for p in data["clitics"]["pieces"])
    clitic = re.compile(rf"(?<=\w) ({pieces})(?![\w'])", re.IGNORECASE)
    return (escapes, escape, clitic, int(data["detect"]["brackets"]),
            int(data["detect"]["others"]))


def is_treebank(text: str) -> bool:
    """Whether the text looks tokenized the Penn Treebank way."""
    _, escape, clitic, brackets, others = _patterns()
    found = escape.findall(text)
    bracket = sum(1 for e in found if e.startswith("-"))
    if bracket >= brackets:
        return True
    return len(found) + len(clitic.findall(text)) >= others and "``" in found


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of the readable text came from in the input (same length; an
    empty map is the identity)."""

    source: tuple[int, ...]

    def start(self, offset: int) -> int:
        return self.source[offset] if offset < len(self.source) else offset

    def end(self, offset: int) -> int:
        return self.source[offset - 1] + 1 if 0 < offset <= len(self.source) else offset


def readable(text: str) -> tuple[str, OffsetMap | None]:
    """The text spaCy should read, and the map back to the input (``None``: the text is
    not treebank-tokenized and is read as it is)."""
    if not is_treebank(text):
        return text, None
    escapes, escape, clitic, _, _ = _patterns()
    chars = list(text)
    source = list(range(len(text)))
    for m in escape.finditer(text):
        char = escapes[m.group()]
        pad = len(m.group()) - 1
        opening = char in _OPENING or m.group() == "``"
        chars[m.start():m.end()] = list(" " * pad + char if opening else char + " " * pad)
    for m in clitic.finditer(text):
        space, piece = m.start(), m.start(1)
        # "word 's" -> "word's ": the clitic moves onto its word, the space after it
        chars[space:m.end()] = [*text[piece:m.end()], " "]
        source[space:m.end()] = [*range(piece, m.end()), space]
    return "".join(chars), OffsetMap(tuple(source))


def _restore(value: Any, text: str, where: OffsetMap) -> Any:
    if isinstance(value, tuple):
        return tuple(_restore(v, text, where) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(value)}
    if {"text", "start", "end"} <= names and isinstance(value.start, int):
        start, end = where.start(value.start), where.end(value.end)
        changes.update(start=start, end=end, text=text[start:end])
    for f in dataclasses.fields(value):
        if f.name in changes or f.name == "document":
            continue
        old = getattr(value, f.name)
        new = _restore(old, text, where)
        if new is not old:
            changes[f.name] = new
    return dataclasses.replace(value, **changes) if changes else value


def restore(timeline: Any, text: str, where: OffsetMap) -> Any:
    """A timeline built on the readable text, put back on the input ``text``: every span's
    offsets mapped and its text taken from the input. ``timeline.document`` is left as it
    is (the caller gives it the input)."""
    return _restore(timeline, text, where)
