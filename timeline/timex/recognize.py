"""Find the time expressions of a parsed document and normalize them in text order.

Candidates come from two places: spaCy's DATE/TIME entities and our rules searching the
text (they catch what the statistical model misses or mis-splits). Each candidate is then
normalized against the publication date, the tense of its clause and the narrative's
reference date (the most recent explicit date before it, for "two days later").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc

from timeline.model import TimeExpression
from timeline.nlp import doc_text
from timeline.tense import tense_of_span
from timeline.timex.normalize import Found, clean, find, normalize
from timeline.timex.resolvers import Context, Normalized
from timeline.timex.rules import expand, lexicon

_ENTITY_LABELS = ("DATE", "TIME")
#: a day of the month in an expression: a number, or a day ordinal written out
_DAY_NUMBER = re.compile(
    r"\d|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh"
    r"|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
    r"|twentieth|twenty-\w+|thirtieth|thirty-first)\b", re.I)
#: "2009-2010", "1998–99" is not matched: a year range, each end its own expression
_YEAR_RANGE = re.compile(
    r"(?<![\w.,/-])(1[89]\d\d|20\d\d)\s*[-–—]\s*(1[89]\d\d|20\d\d)(?![\w/-]|[.,]\d)"
)
#: Rules naming a quarter outright; they set the quarter a results story is about.
_QUARTER_RULES = ("quarter", "quarter-year", "year-quarter")
#: Words before a bare year that make it a date ("in 1998", "since 2022").
_YEAR_PREPOSITIONS = {"in", "since", "until", "till", "by", "of", "from", "before", "after",
                      "during", "through", "to", "and", "between", "early", "late", "mid",
                      "throughout", "around", "circa", "fiscal", "for", "as"}
#: Words TimeML leaves outside an expression's extent: prepositions and approximators.
_LEADING_WORDS = re.compile(
    r"(?:in|on|at|for|during|since|until|till|by|from|within|throughout|about|nearly|almost"
    r"|only|just|roughly|around|approximately|some)\s+",
    re.I,
)
_AMPM_END = re.compile(r"\b[ap]\.m$", re.I)
_CONTINUES = re.compile(r"\s*(?:[a-z]|,)")
#: Ages ("a 6-year-old boy", "52 years old") are not time expressions in TimeML.
_AGE = re.compile(r"\bold\b|-old\b", re.I)
#: Frequency adverbs that, used as adjectives ("a quarterly dividend"), are not times.
_SET_ADJECTIVES = {"daily", "weekly", "monthly", "quarterly", "annual", "annually", "yearly",
                   "hourly", "nightly", "biweekly"}
#: Rules whose single-word matches need confirmation (capital letter, or spaCy's entity).
_SINGLE_WORD_GUARDED = ("month", "weekday", "season-relative", "year")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    from_entity: bool
    #: the words to read when the expression leans on its neighbour: "Nov. 29" for the
    #: "29" of "Nov. 28-29", "June 24, 2025" for the "June 24" of "June 24-25, 2025"
    read_as: str = ""


@cache
def _day_range() -> re.Pattern[str]:
    """"Nov. 28-29": two days of one month, two expressions ("Nov. 28", "29")."""
    first = expand("{MONTH} {DAY}")
    return re.compile(rf"(?<![\w'’-])(?P<first>{first})\s*[-–]\s*(?P<second>"
                      rf"(?P<day2>[12]\d|3[01]|0?[1-9])(?:,?\s+(?P<year>1[89]\d\d|20\d\d))?)"
                      rf"(?![\w-]|[.,]\d)", re.IGNORECASE)


@cache
def _clock_range() -> re.Pattern[str]:
    """"3-4pm", "from 3 to 4 p.m.", "9-11am": a range of hours whose first end borrows the
    second's a.m./p.m. (two expressions, TimeML; the first is read as "3 pm")."""
    return re.compile(
        r"(?<![\w'’:./-])(?P<first>(?P<h1>1[0-2]|0?[1-9])(?::(?P<m1>[0-5]\d))?)\s*"
        r"(?:[-–]|to|till|until)\s*(?P<second>(?P<h2>1[0-2]|0?[1-9])(?::[0-5]\d)?\s*"
        r"(?P<ampm>[ap]\.?m\.?))(?![\w-])", re.IGNORECASE)


def _clock_range_reading(m: re.Match[str]) -> str:
    """The first end of a clock range read with the second's half of the day ("3" of
    "3-4pm" is "3 pm"; "11" of "11-1pm" is "11 am")."""
    ampm = m["ampm"].lower().replace(".", "")
    h1, h2 = int(m["h1"]) % 12, int(m["h2"]) % 12
    if h1 > h2:  # the range crosses noon (or midnight)
        ampm = "am" if ampm == "pm" else "pm"
    return f"{m['h1']}:{m['m1'] or '00'} {ampm}"


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding punctuation, a possessive, or a leading preposition or
    approximator that TimeML keeps outside the expression ("in the past" -> "the past")."""
    piece = text[start:end]
    cleaned = clean(piece)
    if not cleaned:
        return start, start
    offset = piece.find(cleaned)
    start, end = start + offset, start + offset + len(cleaned)
    if _AMPM_END.search(text, max(start, end - 4), end) and end < len(text) and \
            text[end] == "." and \
            _CONTINUES.match(text, end + 1):
        end += 1  # "at 10 p.m. and ...": the period belongs to the abbreviation
    m = _LEADING_WORDS.match(text, start, end)
    if m is not None and m.end() < end and _normalizes(text[m.end() : end]):
        start = m.end()
    return start, end


def _skip_leading_verb(doc: Doc, start: int, end: int) -> int:
    """"will last three days": a first word the parser reads as a verb is not part of it."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) < 2 or span[0].pos_ != "VERB":
        return start
    rest = span[1].idx
    return rest if _normalizes(doc_text(doc)[rest:end]) else start


def _is_time(doc: Doc, start: int, end: int) -> bool:
    """False for ages and for frequency words used as adjectives."""
    text = doc_text(doc)[start:end]
    if _AGE.search(text):
        return False
    if text.lower() in _SET_ADJECTIVES:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("amod", "compound") and \
                span.root.head.pos_ in ("NOUN", "PROPN"):
            return False
    return True


def _is_plausible_finder_match(doc: Doc, start: int, end: int, rule: str) -> bool:
    text = doc_text(doc)[start:end]
    words = text.split()
    months = lexicon("month")
    if any(w[:1].islower() and w.rstrip(".,").lower() in months for w in words) and \
            not _DAY_NUMBER.search(text):
        return False  # "this march", "may soon": a month is written with a capital
        # (unless a day is given with it: "4 of july", "second of march")
    if rule not in _SINGLE_WORD_GUARDED or len(words) > 1:
        return True
    word = words[0].rstrip(".").lower()
    span = doc.char_span(start, end, alignment_mode="expand")
    if rule == "year":
        prev = doc[span.start - 1] if span is not None and span.start > 0 else None
        return prev is not None and prev.lower_ in _YEAR_PREPOSITIONS
    if rule == "season-relative":
        return False  # "fall", "spring": too often a verb or noun; spaCy must agree
    if not text[0].isupper():
        return False
    if rule == "month" and len(word) <= 4 and word not in ("may", "june", "july"):
        return text.endswith(".") and False  # "Dec." alone: not a date
    if span is not None and span.root.tag_ == "MD":  # "May I ..."
        return False
    if rule == "weekday" and word not in lexicon("weekday"):
        return False
    return not (rule == "weekday" and len(word) <= 4)


def _candidates(doc: Doc) -> list[_Candidate]:
    text = doc_text(doc)
    found = []
    for f in find(text):
        s, e = _strip_span(text, f.start, f.end)
        s = _skip_leading_verb(doc, s, e)
        if e > s and _is_plausible_finder_match(doc, s, e, f.rule):
            found.append(Found(s, e, f.rule))
    for m in _YEAR_RANGE.finditer(text):  # "the 2009-2010 season": two DATEs (TimeML)
        found.extend(Found(m.start(g), m.end(g), "year") for g in (1, 2))
    readings: dict[tuple[int, int], str] = {}
    for m in _day_range().finditer(text):
        year = f", {m['year']}" if m["year"] else ""
        for part, words in (("first", f"{m['month']} {m['day']}{year}"),
                            ("second", f"{m['month']} {m['day2']}{year}")):
            found.append(Found(m.start(part), m.end(part), "weekday-month-day"))
            readings[(m.start(part), m.end(part))] = words
    for m in _clock_range().finditer(text):
        found.append(Found(m.start("first"), m.end("first"), "clock-time"))
        readings[(m.start("first"), m.end("first"))] = _clock_range_reading(m)
        found.append(Found(m.start("second"), m.end("second"), "clock-time"))
    entities = []
    for ent in doc.ents:
        if ent.label_ in _ENTITY_LABELS:
            s, e = _strip_span(text, ent.start_char, ent.end_char)
            s = _skip_leading_verb(doc, s, e)
            if e > s:
                entities.append((s, e))
    chosen: list[_Candidate] = []
    used_found: set[int] = set()
    for s, e in entities:
        inside = [i for i, f in enumerate(found) if f.start < e and s < f.end]
        pieces = [found[i] for i in inside]
        longer_piece = any(f.end - f.start > e - s for f in pieces)
        if not longer_piece and _normalizes(text[s:e]):
            chosen.append(_Candidate(s, e, True))
            used_found.update(inside)
        elif pieces:
            for i in inside:
                used_found.add(i)
                f = found[i]
                chosen.append(_Candidate(f.start, f.end, True, readings.get((f.start, f.end), "")))
        else:
            sub = _trimmed(text, s, e)
            if sub is not None:
                chosen.append(_Candidate(sub[0], sub[1], True))
            # an entity no rule can read ("the night", "a fiscal year") is left out: without
            # a value it would only be noise in the output
    for i, f in enumerate(found):
        if i not in used_found:
            chosen.append(_Candidate(f.start, f.end, False, readings.get((f.start, f.end), "")))
    chosen = [c for c in chosen if _is_time(doc, c.start, c.end)]
    chosen.sort(key=lambda c: (c.start, -c.end))
    merged: list[_Candidate] = []
    for c in chosen:
        if merged and c.start < merged[-1].end:
            continue
        merged.append(c)
    return merged


_PROBE = Context(dt.date(2000, 6, 15))


#: Longer text is never one expression (the longest in TBAQ is 31 characters); the bound
#: keeps a huge DATE entity ("2024 2024 2024 ...") from costing a probe per word.
_MAX_EXPRESSION_CHARS = 200


def _normalizes(text: str) -> bool:
    return len(text) <= _MAX_EXPRESSION_CHARS and normalize(text, _PROBE) is not None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest tail of an entity that normalizes ("about three weeks" -> "three weeks")."""
    positions = [m.start() for m in re.finditer(r"(?<=\s)\S", text[start:end])]
    for offset in positions:
        if _normalizes(text[start + offset : end]):
            return start + offset, end
    return None


def _reporting_quarter(norm: Normalized, published: dt.date) -> bool:
    """Whether a named quarter can be the one a results story reports on: over by the
    publication date (results come after the quarter) and begun less than 15 months before
    it. A forecast ("losses through the third quarter of 1990", "fourth-quarter earnings
    will fall" in October) or a history ("stopped paying in the third quarter of 1984")
    does not change which quarter "the quarter" and "a year ago" mean."""
    if norm.interval is None or not re.fullmatch(r"\d{4}-Q[1-4]", norm.value):
        return False
    start = norm.interval.start
    months_before = (published.year - start.year) * 12 + published.month - start.month
    return norm.interval.end < published and months_before < 15


_NUMERIC_DATE = re.compile(r"(?<![\w/.])([0-3]?\d)/([0-3]?\d)/(?:\d{4}|\d\d)(?![\w/])")
_DATELINE = re.compile(r"\s*([A-Z][A-Z .'-]{2,30}?)\s*(?:,|\(|--|[-—–])")
_DOMAIN = re.compile(r"^[a-z]+://([^/:?#]+)", re.IGNORECASE)


def document_dayfirst(text: str, url: str | None = None) -> bool:
    """How a document writes numeric dates, when nobody says: day first if a numeric date in
    it can only be read so ("15/2/2013"), or (none deciding) its dateline's city or its
    site's country writes day first (lexicon ``[numeric_dates]``); month first otherwise."""
    for m in _NUMERIC_DATE.finditer(text):
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    table = lexicon("numeric_dates")
    line = _DATELINE.match(text[:80])
    if line is not None and " ".join(line.group(1).lower().split()) in table["dayfirst_cities"]:
        return True
    host = _DOMAIN.match(url or "")
    if host is not None:
        suffix = host.group(1).lower().rsplit(".", 1)[-1]
        return suffix in table["dayfirst_domains"]
    return False


def recognize(
    doc: Doc,
    published: dt.date,
    published_time: dt.time | None = None,
    *,
    dayfirst: bool | None = None,
) -> tuple[TimeExpression, ...]:
    """All time expressions of ``doc``, normalized, in text order (ids ``t1``, ``t2``...).

    ``published_time`` (the time of day of publication, when known) lets a past-tense clock
    time later than it fall on the day before ("arrested at 10 p.m." in a 9:15 a.m. story).
    ``dayfirst`` reads "3/4/2013" as 3 April (True) or March 4 (False, or None: unless the
    text itself settles it, see :func:`document_dayfirst`)."""
    if dayfirst is None:
        dayfirst = document_dayfirst(doc_text(doc))
    out: list[TimeExpression] = []
    reference: tuple[dt.date, str] | None = None
    coarse: tuple[dt.date, str] | None = None  # reference of month or year granularity
    quarter: tuple[int, int] | None = None
    text = doc_text(doc)
    contexts: list[Context] = []
    for cand in _candidates(doc):
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        tense = tense_of_span(span) if span is not None else "past"
        ctx = Context(
            published,
            tense,
            reference[0] if reference else None,
            reference[1] if reference else None,
            published_time=published_time,
            reference_quarter=quarter,
            reference_period=coarse[0] if coarse else None,
            reference_period_id=coarse[1] if coarse else None,
            following=text[cand.end : cand.end + 40],
            preceding=text[max(cand.start - 40, 0) : cand.start],
            dayfirst=dayfirst,
        )
        surface = text[cand.start : cand.end]
        result = normalize(cand.read_as or surface, ctx)
        if result is None:
            # read with the sample date but not here: a rule turned it down in context
            # ("three-quarters of its food" is a fraction)
            continue
        norm, rule = result
        tid = f"t{len(out) + 1}"
        out.append(
            TimeExpression(
                id=tid,
                text=surface,
                start=cand.start,
                end=cand.end,
                type=norm.type,
                value=norm.value,
                interval=norm.interval,
                granularity=norm.granularity,
                resolution=norm.resolution,
                anchor=norm.anchor,
                mod=norm.mod,
                rule=rule,
            )
        )
        contexts.append(ctx)
        if rule in _QUARTER_RULES and _reporting_quarter(norm, published):
            quarter = (int(norm.value[:4]), int(norm.value[-1]))
        if norm.interval is not None and _narrates(norm, rule):
            if norm.granularity in ("day", "time"):
                reference = (norm.interval.start, tid)
            if norm.granularity in ("day", "time", "month", "year") and rule != "anaphoric-day":
                coarse = (norm.interval.start, tid)
    return _complete_ranges(text, out, contexts)


def _range_joined(text: str, first: TimeExpression, second: TimeExpression) -> bool:
    """Whether two expressions are the ends of one range ("from March 3 to April 19",
    "9:30 - 11:00"): the words of ``[range]`` in ``lexicon.toml``."""
    words = lexicon("range")
    join = text[first.end : second.start].strip().lower()
    before = text[max(0, first.start - 12) : first.start].lower().split()
    opened = bool(before) and before[-1] in words["opens"]
    return join in words["bare_joins"] or (opened and join in words["joins"])


def _complete_ranges(
    text: str, out: list[TimeExpression], contexts: list[Context]
) -> tuple[TimeExpression, ...]:
    """The first end of a range borrows what only the second says: "between March 3 and
    April 19 2006" (the year), "from the 2nd to the 9th of June" (the month), "9:30 - 11:00
    on Thursday" (the day). The first is read again with the shortest tail of the second's
    words that changes its value but not its granularity."""
    for k in range(len(out) - 1):
        first, second = out[k], out[k + 1]
        if first.type not in ("DATE", "TIME") or second.type not in ("DATE", "TIME") or \
                first.interval is None or not _range_joined(text, first, second):
            continue
        words = second.text.split()
        for n in range(1, len(words)):
            tail = " ".join(words[len(words) - n :])
            result = normalize(f"{first.text} {tail}", contexts[k])
            if result is None:
                continue
            norm = result[0]
            if norm.granularity == first.granularity and norm.value != first.value and \
                    norm.interval is not None:
                out[k] = replace(first, value=norm.value, interval=norm.interval,
                                 resolution="expression", anchor=second.id)
                break
    return tuple(out)


def _narrates(norm: Normalized, rule: str) -> bool:
    """Whether an expression moves the narrative's reference date: a calendar DATE or TIME,
    not "now" or "today" (which restate the publication date rather than tell a story)."""
    return (
        norm.type in ("DATE", "TIME")
        and norm.value != "PRESENT_REF"
        and norm.resolution in ("absolute", "publication", "expression")
        and rule not in ("today", "now", "today-part-of-day")
    )
