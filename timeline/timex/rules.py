"""Compile the declarative time-expression rules of ``timeline/lang/en/timex_rules.toml``.

A rule is a pattern with macros ({MONTH}, {NUM}, ...) that expand to the word lists of
``lexicon.toml`` as named regex groups, and the name of the resolver that turns a match into
a value. This module only turns the files into compiled patterns; it knows no dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from timeline.lang import en

_UNITS = "(?:one|two|three|four|five|six|seven|eight|nine)"
_TENS = ("(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
         "|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)")

#: Macros that are plain regular expressions rather than word lists.
_REGEX_MACROS: dict[str, str] = {
    "YEAR": r"(?:1[0-9]\d\d|20\d\d)",
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
    "DECADE": r"(?:(?:1[0-9]|20)\d0['’]?s|['’]\d0s|(?:twenties|thirties|forties|fifties"
    r"|sixties|seventies|eighties|nineties))",
    "HOUR": r"(?:[01]?\d|2[0-3])",
    "MINUTE": r"[0-5]\d",
    "AMPM": r"(?:[ap]\.?m\.?|o['’]clock)",
    # an hour read out: "nine", "9" (a quarter past nine)
    "HOURW": r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|0?[1-9])",
    # a year read out: "nineteen ninety-seven", "nineteen oh five", "two thousand and one"
    "SPELLEDYEAR": (
        rf"(?:(?:nineteen|eighteen)(?: hundred)?(?: and)?(?: {_TENS}(?:[ -]{_UNITS})?"
        rf"| oh {_UNITS})|twenty(?: {_TENS}(?:[ -]{_UNITS})?| oh {_UNITS})"
        rf"|two thousand(?: and)?(?: (?:{_UNITS}|{_TENS})(?:[ -]{_UNITS})?)?)"
    ),
}

#: Word-list macros: macro name -> lexicon table.
_LIST_MACROS: dict[str, str] = {
    "MONTH": "month",
    "WEEKDAY": "weekday",
    "SEASON": "season",
    "NUM": "number",
    "ORD": "ordinal",
    "UNIT": "unit",
    "POD": "part_of_day",
    "PART": "part",
    "DIR": "direction",
    "HOLIDAY": "holiday",
    "TZ": "timezone",
    "DAYORD": "day_ordinal",
}

_MACRO = re.compile(r"\{([A-Z]+)(?::([a-z0-9_]+))?\}")


@dataclass(frozen=True)
class Rule:
    """One compiled rule. ``exact.fullmatch`` matches a whole expression; ``finder`` searches
    text (``None`` for a rule with ``find = false``).

    A findable rule is compiled once, in its finder form, and ``exact`` is that same pattern:
    its guards are lookarounds, and at the start and end of the string ``fullmatch`` is given
    they always hold, so the finder form fullmatches exactly what the bare pattern does, with
    the same groups. (Compiling each rule twice was a quarter of the first extraction.)
    """

    name: str
    resolve: str
    params: tuple[tuple[str, Any], ...]
    exact: re.Pattern[str]
    finder: re.Pattern[str] | None


def _word_alternation(words: list[str], abbreviations: bool = False) -> str:
    alts = []
    for word in sorted(words, key=len, reverse=True):
        piece = re.escape(word).replace(r"\ ", " ")
        if abbreviations and len(word) <= 4 and word not in ("may", "june", "july"):
            piece += r"\.?"  # abbreviations: "Dec.", "Wed."
        alts.append(piece)
    return "(?:" + "|".join(alts) + ")"


def _digits_or_words(table: str) -> str:
    words = _word_alternation(
        list(en.load("lexicon.toml")[table]), abbreviations=table in ("month", "weekday")
    )
    if table == "number":
        return rf"(?:\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{words})"
    return words


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


@cache
def _composite(name: str) -> str | None:
    """A macro of the rule file's ``[macro]`` table (a pattern that may use other macros),
    expanded without its inner group names, so that one rule can use it twice: the
    resolver reads the words it matched as a whole expression of their own."""
    pattern = en.load("timex_rules.toml").get("macro", {}).get(name)
    if pattern is None:
        return None
    return _GROUP_NAME.sub("(?:", expand(pattern))


def expand(pattern: str) -> str:
    """Replace macros by regex groups and spaces by ``\\s+``."""

    def one(m: re.Match[str]) -> str:
        macro, group = m.group(1), m.group(2)
        composite = _composite(macro)
        if composite is not None:
            body = composite
        elif macro in _REGEX_MACROS:
            body = _REGEX_MACROS[macro]
        elif macro in _LIST_MACROS:
            body = _digits_or_words(_LIST_MACROS[macro])
        else:
            raise ValueError(f"unknown macro {{{macro}}} in time rule pattern {pattern!r}")
        return f"(?P<{group or macro.lower()}>{body})"

    expanded = _MACRO.sub(one, pattern)
    # A space in a pattern matches any whitespace run; keep escaped spaces in classes alone.
    expanded = re.sub(r"(?<!\\) \?", r"\\s*", expanded)
    return re.sub(r"(?<!\\) ", r"\\s+", expanded)


@cache
def load_rules() -> tuple[Rule, ...]:
    """All rules of the rule file, compiled, in file order."""
    rules = []
    for raw in en.load("timex_rules.toml")["rule"]:
        body = expand(raw["pattern"])
        findable = raw.get("find", True)
        try:
            # not a word's middle before the match; not a word, a hyphen or "5.5"/"5,000" after
            exact = re.compile(
                rf"(?<![\w'’-])(?:{body})(?![\w-]|[.,]\d)" if findable else body, re.IGNORECASE
            )
        except re.error as exc:
            raise ValueError(f"time rule {raw['name']!r}: bad pattern: {exc}") from exc
        params = tuple(sorted(raw.get("params", {}).items()))
        rules.append(Rule(raw["name"], raw["resolve"], params, exact, exact if findable else None))
    return tuple(rules)


def lexicon(table: str) -> dict[str, Any]:
    """A lexicon table, keys lower-cased."""
    return en.load("lexicon.toml")[table]


def lookup(table: str, word: str) -> Any:
    """Meaning of ``word`` in a lexicon table, forgiving case, trailing dots and spacing."""
    key = " ".join(word.lower().replace("’", "'").rstrip(".").split())
    return lexicon(table)[key]
