"""The generic rule engine: match an expression against the rules, call the resolver.

``normalize`` takes the words of one expression; ``find`` searches running text for every
expression the rules know. Neither knows a single English word: those live in the rule and
lexicon files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from timeline.timex.resolvers import RESOLVERS, Context, Normalized, register_engine
from timeline.timex.rules import Rule, load_rules

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
    where matches overlap, returned in text order."""
    end = len(text) if end is None else end
    matches: list[Found] = []
    for rule in load_rules():
        if rule.finder is None:
            continue
        for m in rule.finder.finditer(text, start, end):
            if m.end() > m.start():
                matches.append(Found(m.start(), m.end(), rule.name))
    # longest match wins; ties go to the earlier rule (file order is priority)
    priority = {r.name: i for i, r in enumerate(load_rules())}
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
