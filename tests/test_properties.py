"""Property-based tests of the normalizer (hypothesis).

Expressions are built from a grammar (numbers in digits and words, weekdays, months,
last/next/this, ago/later/in, units) and resolved against random publication dates from
1900 to 2100. Whatever the expression: normalize never raises, every value matches the
TIMEX3 value grammar, every interval has start <= end, and a relative date lies within the
stated offset of the publication date (and on the stated side of it).
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline.timex.normalize import find, normalize
from timeline.timex.resolvers import Context, Normalized

#: The TIMEX3 value grammar (TimeML 1.2.1, with the ISO 8601 forms TempEval-3 uses).
_DATE = (r"(?:\d{4}|\d{3}X?|\d{2}|XXXX)"
         r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:WE|[1-7]))?|-Q[1-4X]"
         r"|-H[12X]|-(?:SP|SU|FA|WI))?"
         r"(?:T(?:\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?|MO|AF|EV|NI|DT))?")
_AMOUNT = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = (rf"P(?:(?:{_AMOUNT}(?:Y|M|W|D|DE|CE|ML|Q|WE|H|FN))+"
             rf"(?:T(?:{_AMOUNT}[HMS])+)?|T(?:{_AMOUNT}[HMS])+)")
_SET = r"XXXX-WXX-[1-7](?:T(?:MO|AF|EV|NI))?|XXXX-XX(?:-XX)?"
TIMEX3_VALUE = re.compile(rf"(?:{_DATE}|{_DURATION}|{_SET}|PAST_REF|PRESENT_REF|FUTURE_REF)")

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "twenty": 20}
#: unit word -> its length in days (the longest one: a slack of one unit covers rounding)
UNITS = {"hour": 1, "day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366,
         "decade": 3653, "century": 36525}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

published_dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
tenses = st.sampled_from(["past", "present", "future"])


@st.composite
def amounts(draw: st.DrawFn) -> tuple[str, int]:
    if draw(st.booleans()):
        n = draw(st.integers(1, 99))
        return str(n), n
    word = draw(st.sampled_from(sorted(NUMBER_WORDS)))
    return word, NUMBER_WORDS[word]


def _unit_word(unit: str, n: int) -> str:
    if n == 1:
        return unit
    return "centuries" if unit == "century" else unit + "s"


@st.composite
def offsets(draw: st.DrawFn) -> tuple[str, int, str]:
    """``N UNITs ago|later|from now``, ``in N UNITs``: (text, max distance in days, side)."""
    words, n = draw(amounts())
    unit = draw(st.sampled_from(sorted(UNITS)))
    unit_text = _unit_word(unit, n) if words not in ("a", "an") else unit
    form = draw(st.sampled_from(["{} ago", "{} later", "{} earlier", "{} from now", "in {}"]))
    side = "past" if form in ("{} ago", "{} earlier") else "future"
    return form.format(f"{words} {unit_text}"), (n + 1) * UNITS[unit] + 1, side


@st.composite
def relatives(draw: st.DrawFn) -> tuple[str, int, str]:
    """``last|next|this WEEKDAY|UNIT|MONTH``: (text, max distance in days, side)."""
    which = draw(st.sampled_from(["last", "next", "this", "coming", "past"]))
    kind = draw(st.sampled_from(["weekday", "unit", "month"]))
    if kind == "weekday":
        word, reach = draw(st.sampled_from(WEEKDAYS)), 14
    elif kind == "unit":
        word = draw(st.sampled_from(sorted(UNITS)))
        reach = 2 * UNITS[word] + 1
    else:
        word, reach = draw(st.sampled_from(MONTHS)), 2 * 366
    side = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(which,
                                                                                    "any")
    return f"{which} {word}", reach, side


@st.composite
def absolutes(draw: st.DrawFn) -> str:
    month = draw(st.sampled_from(MONTHS))
    day = draw(st.integers(0, 40))
    year = draw(st.integers(1000, 2999))
    weekday = draw(st.sampled_from(WEEKDAYS))
    form = draw(st.sampled_from(["{m} {d}", "{m} {d}, {y}", "{d} {m} {y}", "{w}, {m} {d}",
                                 "{m} {y}", "early {m}", "the {d}th of {m}", "{y}",
                                 "{w}", "{m}", "the {y}s", "mid-{m}"]))
    return form.format(m=month, d=day, y=year, w=weekday)


noise = st.text(alphabet=st.sampled_from(list("0123456789 ,.-'’aAeEtTsS/")), max_size=12)


@st.composite
def expressions(draw: st.DrawFn) -> str:
    """Any expression of the grammar, sometimes with noise around it or in it."""
    text = draw(st.one_of(offsets().map(lambda o: o[0]), relatives().map(lambda r: r[0]),
                          absolutes()))
    if draw(st.booleans()):
        return text
    where = draw(st.sampled_from(["before", "after", "inside"]))
    extra = draw(noise)
    if where == "before":
        return extra + text
    if where == "after":
        return text + extra
    cut = draw(st.integers(0, len(text)))
    return text[:cut] + extra + text[cut:]


def contexts(draw: st.DrawFn, published: dt.date) -> Context:
    reference = draw(st.one_of(st.none(), st.dates(dt.date(1850, 1, 1), dt.date(2150, 1, 1))))
    return Context(published, draw(tenses), reference, "t1" if reference else None)


def check(result: tuple[Normalized, str] | None) -> Normalized | None:
    """The invariants every normalized value holds."""
    if result is None:
        return None
    norm, rule = result
    assert isinstance(rule, str) and rule
    assert TIMEX3_VALUE.fullmatch(norm.value), f"{norm.value!r} is not a TIMEX3 value"
    assert norm.type in ("DATE", "TIME", "DURATION", "SET")
    if norm.interval is not None:
        assert norm.interval.start <= norm.interval.end
    return norm


def distance(published: dt.date, norm: Normalized) -> int:
    assert norm.interval is not None
    if norm.interval.start <= published <= norm.interval.end:
        return 0
    return min(abs((norm.interval.start - published).days),
               abs((norm.interval.end - published).days))


def assert_near_publication(text: str, reach: int, side: str, published: dt.date,
                            tense: str) -> None:
    """A date resolved from publication lies within ``reach`` days of it, and on ``side``
    of it (``past``, ``future``; ``any`` for either)."""
    norm = check(normalize(text, Context(published, tense)))
    if norm is None or norm.interval is None or norm.resolution != "publication":
        return
    assert distance(published, norm) <= reach, (text, published, norm)
    if norm.type == "DATE" and side == "past":
        assert norm.interval.start <= published, (text, published, norm)
    if norm.type == "DATE" and side == "future":
        assert norm.interval.end >= published, (text, published, norm)


SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(expressions(), published_dates, st.data())
@example("February 30", dt.date(2024, 12, 3), None)
@example("in the year 30000", dt.date(2024, 12, 3), None)
@example("99 centuries ago", dt.date(1900, 1, 1), None)
@example("99 centuries later", dt.date(2100, 12, 31), None)
def test_never_raises_and_values_are_timex3(text: str, published: dt.date,
                                            data: st.DataObject | None) -> None:
    ctx = contexts(data.draw, published) if data is not None else Context(published)
    check(normalize(text, ctx))


@SETTINGS
@given(offsets(), published_dates, tenses)
def test_offsets_lie_within_the_stated_offset(offset: tuple[str, int, str],
                                              published: dt.date, tense: str) -> None:
    assert_near_publication(*offset, published, tense)


@SETTINGS
@given(relatives(), published_dates, tenses)
def test_relative_words_lie_near_publication(relative: tuple[str, int, str],
                                             published: dt.date, tense: str) -> None:
    assert_near_publication(*relative, published, tense)


@SETTINGS
@given(st.lists(expressions(), min_size=1, max_size=6), published_dates)
def test_find_then_normalize(parts: list[str], published: dt.date) -> None:
    """Running text: every match is inside the text, matches do not overlap, and each one
    normalizes (or not) without raising."""
    text = " and then ".join(parts) + "."
    found = find(text)
    last_end = 0
    for f in found:
        assert 0 <= f.start < f.end <= len(text) and f.start >= last_end
        last_end = f.end
        check(normalize(text[f.start : f.end], Context(published)))
