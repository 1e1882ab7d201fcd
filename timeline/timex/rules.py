"""Compile the declarative time-expression rules of ``timeline/lang/en/timex_rules.toml``.

A rule is a pattern with macros ({MONTH}, {NUM}, ...) that expand to the word lists of
``lexicon.toml`` as named regex groups, and the name of the resolver that turns a match into
a value. This module only turns the files into compiled patterns; it knows no dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from timeline.lang import en

_sre: Any = getattr(re, "_constants")  # noqa: B009 - the opcodes of the pattern parser
_sre_parse: Any = getattr(re, "_parser").parse  # noqa: B009
_compiler: Any = getattr(re, "_compiler")  # noqa: B009
_sre_compile: Any = _compiler.compile
_SubPattern: Any = getattr(re, "_parser").SubPattern  # noqa: B009

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
    #: Lower-case strings one of which every match of ``finder`` contains (see
    #: :func:`required_keywords`); ``None`` when there is no such set (the rule runs on
    #: every text).
    keywords: frozenset[str] | None = None


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

    return _spaces(_MACRO.sub(one, pattern))


def _spaces(pattern: str) -> str:
    # A space in a pattern matches any whitespace run; keep escaped spaces in classes alone.
    pattern = re.sub(r"(?<!\\) \?", r"\\s*", pattern)
    return re.sub(r"(?<!\\) ", r"\\s+", pattern)


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
        keywords = required_keywords(raw["pattern"]) if findable else None
        rules.append(Rule(raw["name"], raw["resolve"], params, exact, exact if findable else None,
                          keywords))
    return tuple(rules)


# ------------------------------------------------------------------------- required keywords
#
# A rule can only match a text that contains one of its keywords, so the scanner
# (:func:`timeline.timex.normalize.find`) runs only the rules whose keywords the text has,
# with the same matches as running them all. The keywords are read from the parsed
# pattern (``re._parser``, the parser ``re.compile`` uses): in each sequence, every run of
# items that match one of a few fixed strings (literals, optional literals, small classes
# and alternations of them) gives the set of strings that run can match, every group,
# alternation or repetition one of its own; the sequence keeps the set whose shortest
# string is longest. Macros are not expanded for this: each stands for its own keyword set
# (parsing the expanded patterns took 0.06 s, a sizeable part of a cold start).

_MAX_STRINGS = 64  # a larger set of fixed strings is no use as a filter
_PLACEHOLDER = 0xE000  # private-use characters stand for the macros in a rule's skeleton

Strings = frozenset[str]


def _product(a: Strings, b: Strings) -> Strings | None:
    out = frozenset(x + y for x in a for y in b)
    return out if len(out) <= _MAX_STRINGS else None


def _exact(items: Any) -> Strings | None:
    """The strings a sequence of parsed items matches, when they are few and fixed."""
    out: Strings | None = frozenset({""})
    for op, av in items:
        one = _exact_item(op, av)
        if one is None or out is None:
            return None
        out = _product(out, one)
    return out


def _exact_item(op: Any, av: Any) -> Strings | None:
    c = _sre
    if op is c.LITERAL:
        ch = chr(av)
        return frozenset({ch.lower()}) if ch.isascii() else None
    if op is c.SUBPATTERN:
        return _exact(av[-1])
    if op is c.BRANCH:
        parts = [_exact(b) for b in av[1]]
        if any(p is None for p in parts):
            return None
        union = frozenset().union(*parts)  # type: ignore[arg-type]
        return union if len(union) <= _MAX_STRINGS else None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _exact(sub) if (low, high) in ((1, 1), (0, 1)) else None
        if inner is None:
            return None
        return inner if low == 1 else inner | {""}
    if op is c.IN:
        chars = set()
        for kind, value in av:
            if kind is not c.LITERAL or not chr(value).isascii():
                return None
            chars.add(chr(value).lower())
        return frozenset(chars)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""})  # zero-width
    return None


def _required(items: Any, macros: dict[int, Strings | None]) -> Strings | None:
    """Strings one of which every match of a sequence of parsed items contains."""
    best: Strings | None = None

    def offer(candidate: Strings | None) -> None:
        nonlocal best
        if not candidate or "" in candidate:
            return
        if best is None or _score(candidate) > _score(best):
            best = candidate

    run: Strings = frozenset({""})
    for op, av in items:
        one = None if op is _sre.LITERAL and av in macros else _exact_item(op, av)
        if one is not None:
            longer = _product(run, one)
            if longer is None:
                offer(run)
                run = one
            else:
                run = longer
            continue
        offer(run)
        run = frozenset({""})
        offer(_required_item(op, av, macros))
    offer(run)
    return best


def _score(strings: Strings) -> tuple[int, int]:
    return min(map(len, strings)), -len(strings)


def _required_item(op: Any, av: Any, macros: dict[int, Strings | None]) -> Strings | None:
    c = _sre
    if op is c.LITERAL:
        return macros.get(av)
    if op is c.SUBPATTERN:
        return _required(av[-1], macros)
    if op is c.BRANCH:
        parts = [_required(b, macros) for b in av[1]]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*parts)  # type: ignore[arg-type]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required(av[2], macros)
    return None


def _skeleton_keywords(pattern: str) -> Strings | None:
    """The keywords of a pattern whose macros each stand for their own keyword set."""
    macros: dict[int, Strings | None] = {}

    def one(m: re.Match[str]) -> str:
        code = _PLACEHOLDER + len(macros)
        macros[code] = _macro_keywords(m.group(1))
        return f"(?:{chr(code)})"

    skeleton = _spaces(_MACRO.sub(one, pattern))
    return _required(_sre_parse(skeleton), macros)


@cache
def _macro_keywords(macro: str) -> Strings | None:
    composite = en.load("timex_rules.toml").get("macro", {}).get(macro)
    if composite is not None:
        return _skeleton_keywords(composite)
    if macro in _REGEX_MACROS:
        body = _REGEX_MACROS[macro]
    elif macro in _LIST_MACROS:
        body = _digits_or_words(_LIST_MACROS[macro])
    else:
        return None
    return _required(_sre_parse(_spaces(body)), {})


def required_keywords(pattern: str) -> Strings | None:
    """Lower-case strings one of which is in every text a rule's pattern (macros and all)
    matches, case-insensitively; ``None`` when the analysis finds none (digits, open
    classes) or cannot read the pattern. Compare with :func:`fold`ed text."""
    try:
        return _skeleton_keywords(pattern)
    except Exception:  # a pattern the analysis does not know: the rule always runs
        return None


# ------------------------------------------------------------------- the lower-case finders
#
# ``re.IGNORECASE`` makes every alternative of a rule's large alternations a slow
# case-folding comparison at every word of the text. The same pattern with its letters in
# lower case, compiled case-sensitively and run over the text in lower case, finds the same
# spans at about twice the speed (letters of a pattern only ever match letters of the same
# case-folded value, and ``str.lower`` keeps every offset, with the exceptions
# :func:`lowered` turns down).

_ASCII_UPPER = range(ord("A"), ord("Z") + 1)


@dataclass(frozen=True)
class LowercaseFinder:
    """A finder's pattern in lower case, split in two for speed: ``body`` without the
    leading lookbehind, and ``before``, that lookbehind alone. A pattern that starts with
    a lookbehind cannot use the regex engine's quick scan for its first character, and
    that per-position cost was most of the time of the scan; the body alone can, and the
    lookbehind is then checked where the body matches. :meth:`spans` gives exactly the
    spans of ``finditer`` of the whole pattern."""

    body: re.Pattern[str]
    before: re.Pattern[str] | None

    def spans(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        if self.before is None:
            for m in self.body.finditer(text, start, end):
                yield m.span()
            return
        # finditer's leftmost match from ``pos`` is at the first position where the body
        # matches and the lookbehind holds (a zero-width lookbehind does not change the
        # body's match there); the body never matches empty (see lowercase_finder)
        search, holds = self.body.search, self.before.match
        pos = start
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            p = m.start()
            if holds(text, p, end) is None:
                pos = p + 1
                continue
            yield p, m.end()
            pos = m.end()


def lowercase_finder(pattern: re.Pattern[str]) -> LowercaseFinder | None:
    """``pattern`` (compiled with ``re.IGNORECASE``) for text in lower case, compiled
    case-sensitively: on :func:`lowered` text its :meth:`LowercaseFinder.spans` are the
    spans ``pattern.finditer`` gives on the text. ``None`` for a pattern this cannot be done
    for (inline flags, a cased letter outside ASCII)."""
    try:
        tree = _sre_parse(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        if tree.state.flags & re.IGNORECASE or not _lower_items(tree.data):
            return None
        flags = tree.state.flags
        data = tree.data
        if data and data[0][0] is _sre.ASSERT_NOT and data[0][1][0] == -1:
            body = _SubPattern(tree.state, data[1:])
            # only a body with a known first character or literal prefix is quicker alone:
            # another one is tried in full at every position, inside words too
            if body.getwidth()[0] > 0 and (_compiler._get_literal_prefix(body, flags)[0]
                                           or _compiler._get_charset_prefix(body, flags)):
                return LowercaseFinder(_sre_compile(body, flags),
                                       _sre_compile(_SubPattern(tree.state, data[:1]), flags))
        return LowercaseFinder(_sre_compile(tree, flags), None)
    except Exception:  # a construct this does not know: keep the case-insensitive finder
        return None


def _lower_char(code: int) -> int | None:
    ch = chr(code)
    if code in _ASCII_UPPER:
        return code + 32
    if ch.isascii() or (ch.lower() == ch and ch.upper() == ch):
        return code
    return None  # a cased letter outside ASCII: its case variants are not one character


def _lower_items(items: list[Any]) -> bool:
    """Lower-case the parsed items in place; False when they cannot be."""
    c = _sre
    for k, (op, av) in enumerate(items):
        if op in (c.LITERAL, c.NOT_LITERAL):
            low = _lower_char(av)
            if low is None:
                return False
            items[k] = (op, low)
        elif op is c.IN:
            extra = []
            for j, (kind, value) in enumerate(av):
                if kind is c.LITERAL:
                    low = _lower_char(value)
                    if low is None:
                        return False
                    av[j] = (kind, low)
                elif kind is c.RANGE:
                    lo, hi = value
                    if hi > 0x7F:
                        return False
                    a, b = max(lo, ord("A")), min(hi, ord("Z"))
                    if a <= b:
                        extra.append((c.RANGE, (a + 32, b + 32)))
                elif kind not in (c.NEGATE, c.CATEGORY):
                    return False
            av.extend(extra)
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:  # inline flags
                return False
            if not _lower_items(av[3].data):
                return False
        elif op is c.BRANCH:
            if not all(_lower_items(b.data) for b in av[1]):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if not _lower_items(av[2].data):
                return False
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if not _lower_items(av[1].data):
                return False
        elif op is c.ATOMIC_GROUP:
            if not _lower_items(av.data):
                return False
        elif op not in (c.AT, c.ANY, c.CATEGORY, c.GROUPREF):
            return False
    return True


def lowered(text: str) -> str | None:
    """``text.lower()`` when the lower-case finders read it as the rules read ``text``:
    same length (every offset kept), and none of the letters ``re.IGNORECASE`` matches with
    an ASCII letter that ``str.lower`` leaves alone (dotless i, long s)."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and ("\u0131" in text or "\u017f" in text)):
        return None
    return low


#: Characters that ``re.IGNORECASE`` matches with an ASCII letter although their
#: ``str.lower()`` is not that letter (checked against ``re`` in the tests).
_CASE_EXTRA = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """``text`` as keywords are compared with it: where a pattern's ASCII letters match
    case-insensitively, the folded text has those letters in lower case."""
    return text.lower() if text.isascii() else text.translate(_CASE_EXTRA).lower()


def lexicon(table: str) -> dict[str, Any]:
    """A lexicon table, keys lower-cased."""
    return en.load("lexicon.toml")[table]


def lookup(table: str, word: str) -> Any:
    """Meaning of ``word`` in a lexicon table, forgiving case, trailing dots and spacing."""
    key = " ".join(word.lower().replace("’", "'").rstrip(".").split())
    return lexicon(table)[key]
