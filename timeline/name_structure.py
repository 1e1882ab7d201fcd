"""The structure of an entity's name and the words of a text, for :mod:`timeline.entity_matching`.

A name that is a common-noun phrase ("oil prices", "European stock markets") is matched by
its structure: a head noun of its family with each distinctive modifier, or a variant of it,
before the head or after it behind a preposition ("stocks in Europe", "the price of oil");
a price also by its commodity alone before a verb of movement ("oil fell"). The word lists
are data in ``timeline/lang/en/entity_matching.toml`` (``[structure]``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from timeline.lang import en
from timeline.timeline import Timeline

__all__ = [
    "BREAK",
    "POSSESSIVE",
    "TOKEN",
    "Structure",
    "Word",
    "commodity_spans",
    "dotted",
    "joined",
    "singular",
    "structure_of",
    "structure_spans",
    "text_words",
]

#: A word: letters and digits, with inner hyphens and apostrophes.
TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
#: A possessive ending.
POSSESSIVE = re.compile(r"['’]s$")


def _lexicon() -> dict[str, Any]:
    return en.load("entity_matching.toml")


def singular(word: str) -> str:
    """A plural read off ("markets" -> "market", "equities" -> "equity"; not "us", not
    "gas")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Structure:
    """A name matched by its structure (``[structure]`` in ``entity_matching.toml``): a head
    noun of its family ("shares" for "markets") with each distinctive modifier, or one of
    its variants, before it or after it in a prepositional phrase."""

    heads: frozenset[str]  # singular forms
    modifiers: tuple[frozenset[str], ...]
    head: str = ""  # the name's own head (singular)


def structure_of(tokens: Sequence[str], head_written: str) -> Structure | None:
    """The structure of a common-noun-phrase name ("oil prices", "European stock
    markets"): its head (the last word, written in lower case) is in a family of heads, and
    at least one of its modifiers tells it from the others of the family."""
    lex = _lexicon()["structure"]
    if len(tokens) < 2 or not head_written.islower():
        return None
    head = singular(tokens[-1])
    family = next((frozenset(f) for f in lex["head_families"] if head in f), None)
    if family is None:
        return None
    if family & set(lex["markets"]):
        # a market's measures: "home prices", "sales of existing homes" for "the housing
        # market"
        family |= frozenset(lex["market_measures"])
    optional = set(lex["optional"])
    variants: dict[str, list[str]] = lex["variants"]
    modifiers = tuple(
        frozenset({m, *variants.get(m, ())})
        for m in tokens[:-1] if m not in optional and singular(m) not in family)
    return Structure(family, modifiers, head) if modifiers else None


BREAK = frozenset(",;:.()\"“”!?")


def joined(text: str, a: Word, b: Word) -> bool:
    """Nothing but spaces, hyphens or a possessive between two words (one phrase)."""
    return not any(c in BREAK for c in text[a.end : b.start]) and b.start - a.end <= 4


def commodity_spans(timeline: Timeline, words: Sequence[Word], text: str,
                     st: Structure) -> list[tuple[int, int]]:
    """A price named by its commodity ("oil slid", "spot gold rose" for "oil prices", "gold
    prices"): the modifier alone as the subject of a verb of movement
    (``[measurements] movement_verbs``) right after it, for a name headed by a price."""
    lex = _lexicon()
    if st.head not in lex["structure"]["prices"] or len(st.modifiers) != 1:
        return []
    movement = set(lex["measurements"]["movement_verbs"])
    group = st.modifiers[0]
    triggers = sorted((e.trigger.start, e.lemma, e.pos) for e in timeline.events)
    starts = [t[0] for t in triggers]
    out = []
    for w in words:
        if w.lower not in group:
            continue
        k = bisect_left(starts, w.end)
        if k < len(triggers) and triggers[k][2] == "VERB" and triggers[k][1] in movement \
                and not text[w.end : triggers[k][0]].strip():
            out.append((w.start, w.end))
    return out


def dotted(words: Sequence[Word], text: str) -> list[Word]:
    """Initials written with dots as one word ("U.S." -> "us", "U.K." -> "uk")."""
    out: list[Word] = []
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and len(words[j].text) == 1 and len(words[j + 1].text) == 1 \
                and text[words[j].end : words[j + 1].start] == ".":
            j += 1
        if j > i:
            end = words[j].end + (1 if text[words[j].end : words[j].end + 1] == "." else 0)
            joined = "".join(w.text for w in words[i : j + 1])
            out.append(Word(words[i].start, end, joined, joined.lower()))
        else:
            out.append(words[i])
        i = j + 1
    return out


def structure_spans(words: Sequence[Word], text: str,
                     st: Structure) -> list[tuple[int, int]]:
    """Where the structure is written: a head of the family with every modifier before it
    (at most ``max_before`` words, within the phrase) or after it behind a preposition."""
    lex = _lexicon()["structure"]
    preps, before = set(lex["prepositions"]), int(lex["max_before"])
    out = []
    for j, w in enumerate(words):
        if singular(w.lower) not in st.heads:
            continue
        lo = hi = j
        for group in st.modifiers:
            found = None
            for k in range(j - 1, max(-1, j - before - 1), -1):
                if not joined(text, words[k], words[k + 1]):
                    break
                if words[k].lower in group or singular(words[k].lower) in group:
                    found = k
                    break
            k = j + 1
            if found is None and k < len(words) and words[k].lower in preps and \
                    joined(text, words[j], words[k]):
                # "of oil", "in Europe", "of existing homes": at most two words between
                for m in range(k + 1, min(len(words), k + 4)):
                    if not joined(text, words[m - 1], words[m]):
                        break
                    if words[m].lower in group or singular(words[m].lower) in group:
                        found = m
                        # the rest of a name ("stocks on Wall Street")
                        while found + 1 < len(words) and words[found].text[:1].isupper() \
                                and words[found + 1].text[:1].isupper() \
                                and joined(text, words[found], words[found + 1]):
                            found += 1
                        break
            if found is None:
                break
            lo, hi = min(lo, found), max(hi, found)
        else:
            out.append((words[lo].start, words[hi].end))
    return out


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str  # as written, possessive dropped
    lower: str


def text_words(text: str) -> list[Word]:
    """The words of a text with their offsets (possessives dropped, dotted initials one
    word: "U.S." is "US")."""
    out = []
    for m in TOKEN.finditer(text):
        word = POSSESSIVE.sub("", m.group())
        out.append(Word(m.start(), m.start() + len(word), word, word.lower()))
    return dotted(out, text)
