"""The generic rule engine: match an expression against the rules, call the resolver.

``normalize`` takes the words of one expression; ``find`` searches running text for every
expression the rules know. Neither knows a single English word: those live in the rule and
lexicon files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from timeline.timex.resolvers import RESOLVERS, Context, Normalized, register_engine
from timeline.timex.rules import (
    LowercaseFinder,
    Rule,
    fold,
    load_rules,
    lowercase_finder,
    lowered,
)

_TRAILING = re.compile(r"(?:['’]s|['’]|[\s,.;:!?\"“”)]+)$")
_LEADING = re.compile(r"^[\s\"“”(]+")


def clean(text: str) -> str:
    """The words of an expression without surrounding punctuation or a possessive."""
    prev = None
    while prev != text:
        prev = text
        text = _TRAILING.sub("", _LEADING.sub("", text))
    return text


def normalize(text: str, ctx: Context) -> tuple[Normalized, str] | None:
    """The value of a whole expression, with the name of the rule that gave it.

    Rules are tried in file order; the first whose pattern matches the whole text and whose
    resolver accepts the match wins. ``None`` when no rule does.
    """
    words = " ".join(clean(text).split())
    if not words:
        return None
    for rule in load_rules():
        m = rule.exact.fullmatch(words)
        if m is None:
            continue
        result = _resolve(rule, m, ctx)
        if result is not None:
            return result, rule.name
    return None


register_engine(normalize)  # composite rules read their parts through the engine


def _resolve(rule: Rule, m: re.Match[str], ctx: Context) -> Normalized | None:
    try:
        return RESOLVERS[rule.resolve](m.groupdict(), ctx, dict(rule.params))
    except (ValueError, KeyError, OverflowError):
        # a match the calendar cannot hold ("February 30", "the 0th century")
        return None


@dataclass(frozen=True)
class Found:
    """A stretch of text a rule matched: character offsets and the rule's name."""

    start: int
    end: int
    rule: str


def find(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """Every expression the searchable rules find in ``text[start:end]``, longest first
    where matches overlap, returned in text order.

    The result is that of running every rule over the text (:func:`find_all_rules`), got
    faster two ways: a rule whose keywords (:func:`timeline.timex.rules.required_keywords`)
    are all absent from the text cannot match it and does not run; and from the third call
    of the process on, the rules run in their lower-case form over the text in lower case
    (:func:`timeline.timex.rules.lowercase_finder`), twice as fast as case-insensitively.
    (Compiling those takes 0.1-0.2 s: a one-document run, which calls this once or twice
    with the dateline search, would lose what it gains.)"""
    end = len(text) if end is None else end
    _CALLS[0] += 1
    low = lowered(text) if _CALLS[0] > _PLAIN_CALLS else None
    finders = _lowercase_finders() if low is not None else None
    folded = low[start:end] if low is not None else fold(text[start:end])
    seen: dict[str, bool] = {}
    runs: list[tuple[str, re.Pattern[str] | LowercaseFinder, str]] = []
    for k, rule in enumerate(_findable()):
        keywords = rule.keywords
        if keywords is not None:
            for word in keywords:
                hit = seen.get(word)
                if hit is None:
                    hit = seen[word] = word in folded
                if hit:
                    break
            else:
                continue
        fast = finders[k] if finders is not None else None
        if fast is not None and low is not None:
            runs.append((rule.name, fast, low))
        else:
            assert rule.finder is not None
            runs.append((rule.name, rule.finder, text))
    return _scan(runs, start, end)


def find_all_rules(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """:func:`find` the plain way: every searchable rule, case-insensitively, over the
    text (the reference its faster paths are tested against)."""
    runs = [(rule.name, rule.finder, text) for rule in _findable() if rule.finder is not None]
    return _scan(runs, start, len(text) if end is None else end)


_CALLS = [0]
_PLAIN_CALLS = 2


@cache
def _findable() -> tuple[Rule, ...]:
    return tuple(rule for rule in load_rules() if rule.finder is not None)


@cache
def _lowercase_finders() -> tuple[LowercaseFinder | None, ...]:
    return tuple(lowercase_finder(rule.finder) for rule in _findable()
                 if rule.finder is not None)


@cache
def _priority() -> dict[str, int]:
    return {r.name: i for i, r in enumerate(load_rules())}


def _scan(runs: Sequence[tuple[str, re.Pattern[str] | LowercaseFinder, str]], start: int,
          end: int) -> list[Found]:
    """The matches of each ``(rule name, pattern, text)``, the overlaps resolved."""
    matches: list[Found] = []
    for name, finder, text in runs:
        if isinstance(finder, LowercaseFinder):
            for s, e in finder.spans(text, start, end):
                if e > s:
                    matches.append(Found(s, e, name))
            continue
        for m in finder.finditer(text, start, end):
            if m.end() > m.start():
                matches.append(Found(m.start(), m.end(), name))
    # longest match wins; ties go to the earlier rule (file order is priority)
    priority = _priority()
    matches.sort(key=lambda f: (-(f.end - f.start), priority[f.rule], f.start))
    # the taken matches are disjoint, so sorted by start they are sorted by end too: only
    # the last one starting before f ends can overlap f (linear scans were quadratic)
    starts: list[int] = []
    taken: list[Found] = []
    for f in matches:
        k = bisect_left(starts, f.end)
        if k == 0 or taken[k - 1].end <= f.start:
            starts.insert(k, f.start)
            taken.insert(k, f)
    return taken
