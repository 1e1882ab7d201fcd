"""Resolvers: the functions named by the rules' ``resolve`` field.

Each takes the rule's match groups, the resolution :class:`Context` and the rule's params and
returns a :class:`Normalized` value, or ``None`` when the words do not make a valid time
(such as "February 30"). They are registered by name in :data:`RESOLVERS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from timeline.model import Interval
from timeline.timex import calendar as cal
from timeline.timex.rules import lexicon, lookup


@dataclass(frozen=True)
class Context:
    """What a relative expression is resolved against.

    ``tense`` is the tense of the clause the expression sits in (``past``, ``present`` or
    ``future``). ``reference`` is the narrative's reference date (the most recent explicit
    date before the expression), with ``reference_id`` the id of that expression.
    """

    published: dt.date
    tense: str = "past"
    reference: dt.date | None = None
    reference_id: str | None = None
    published_time: dt.time | None = None
    #: the most recent quarter the text named, (year, quarter): "the quarter", "a year ago"
    #: and "the year-ago period" in a results story refer to it
    reference_quarter: tuple[int, int] | None = None
    #: the most recent explicit date of month or year granularity or finer ("In March
    #: 1989 ... the following month"), with the id of its expression
    reference_period: dt.date | None = None
    reference_period_id: str | None = None
    #: the text right after the expression, for rules whose meaning depends on what
    #: follows ("the year" in "the year ended March 31" is a duration)
    following: str = ""
    #: the text right before it ("since year-end", "by year-end")
    preceding: str = ""
    #: how to read an all-numeric date whose two first numbers could both be the month
    #: ("3/4/2013"): True day first, False month first, None month first unless told
    dayfirst: bool | None = None


@dataclass(frozen=True)
class Normalized:
    """A normalized time: TIMEX3 type and value, day interval, granularity and provenance.

    ``resolution`` is ``absolute``, ``publication``, ``expression`` or ``unresolved``.
    """

    type: str
    value: str
    interval: Interval | None
    granularity: str | None
    resolution: str
    mod: str | None = None
    anchor: str | None = None


Groups = dict[str, str | None]
Resolver = Callable[[Groups, Context, dict[str, Any]], Normalized | None]
RESOLVERS: dict[str, Resolver] = {}

_UNIT_NAMES = {"D": "day", "W": "week", "WE": "weekend", "M": "month", "Q": "quarter",
               "Y": "year", "DE": "decade", "CE": "century", "FN": "week"}
_POD_ORDER = ("pod", "pod2", "pod3")


def resolver(fn: Resolver) -> Resolver:
    RESOLVERS[fn.__name__] = fn
    return fn


Engine = Callable[[str, Context], "tuple[Normalized, str] | None"]
#: The rule engine (:func:`timeline.timex.normalize.normalize`), which reads the parts of a
#: composite expression; the engine registers itself when it is imported (it imports this
#: module, so importing it from here would be a circle).
_ENGINE: list[Engine] = []


def register_engine(engine: Engine) -> None:
    """Called by the rule engine: how :func:`_part` reads a part of an expression."""
    _ENGINE[:] = [engine]


def _period(
    period: cal.Period, resolution: str, mod: str | None = None, anchor: str | None = None
) -> Normalized:
    return Normalized(
        "DATE", period.value, cal.narrow(period.interval, mod), period.granularity, resolution,
        mod, anchor,
    )


def _mod(g: Groups) -> str | None:
    if g.get("part"):
        return lookup("part", g["part"] or "")
    if g.get("partword"):
        return lookup("part", g["partword"] or "")
    return None


def _number(text: str | None) -> float | str | None:
    if text is None:
        return None
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    try:
        return lookup("number", text)
    except KeyError:
        return None


def _year_from(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 1900 if y >= 50 else 2000
    return y


def _closest_year(
    ctx: Context, make: Callable[[int], cal.Period | None], grace_days: int = 14
) -> cal.Period | None:
    """Pick the year for a date written without one (news convention): the candidate nearest
    to publication, unless the tense says it lies on the other side of it."""
    pub = ctx.published
    cands = [p for p in (make(pub.year - 1), make(pub.year), make(pub.year + 1)) if p]
    if not cands:
        return None

    def distance(p: cal.Period) -> int:
        if p.interval.end < pub:
            return (pub - p.interval.end).days
        if p.interval.start > pub:
            return (p.interval.start - pub).days
        return 0

    best = min(cands, key=distance)
    if ctx.tense == "past" and best.interval.start > pub + dt.timedelta(days=grace_days):
        earlier = [p for p in cands if p.interval.start <= pub]
        if earlier:
            best = max(earlier, key=lambda p: p.interval.start)
    elif ctx.tense == "future" and best.interval.end < pub - dt.timedelta(days=grace_days):
        later = [p for p in cands if p.interval.end >= pub]
        if later:
            best = min(later, key=lambda p: p.interval.start)
    return best


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _annual(
    make: Callable[[int], cal.Period | None], pub: dt.date, rel: str
) -> cal.Period | None:
    """A yearly period named with last/next/this ("last June", "next March 3"): "last" the
    most recent one over before publication, "next" the first one begun after it, "this"
    the one of the publication's year."""
    rel = " ".join(rel.lower().split())
    this = make(pub.year)
    if rel in ("last", "this past"):
        return this if this is not None and this.interval.end < pub else make(pub.year - 1)
    if rel in ("next", "this coming"):
        return this if this is not None and this.interval.start > pub else make(pub.year + 1)
    return this


def _part(text: str, ctx: Context) -> Normalized | None:
    """The value of a part of a composite expression ("next month" in "the second Tuesday of
    next month"), read by the rule engine as an expression of its own."""
    result = _ENGINE[0](text, ctx)
    return result[0] if result is not None else None


def _part_period(text: str, ctx: Context) -> tuple[cal.Period | None, str]:
    """A part that names a calendar period, as a :class:`cal.Period` and its resolution."""
    whole = _part(text, ctx)
    if whole is None or whole.interval is None or whole.type != "DATE":
        return None, "unresolved"
    return cal.Period(whole.value, whole.interval, whole.granularity or "day"), whole.resolution


@resolver
def calendar_date(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    m = lookup("month", g["month"] or "") if g.get("month") else int(g["monthnum"] or 0)
    d = int("".join(ch for ch in (g["day"] or "") if ch.isdigit()) or 0)
    if g.get("year"):
        date = _safe_date(_year_from(g["year"] or ""), m, d)
        if date is None:
            return None
        resolution = "absolute"
    elif g.get("mrel"):
        day = _annual(lambda y: cal.day(x) if (x := _safe_date(y, m, d)) else None,
                      ctx.published, g["mrel"] or "")
        if day is None:
            return None
        date, resolution = day.interval.start, "publication"
    elif g.get("weekday") and (agreeing := _weekday_agreement(ctx, m, d, g["weekday"] or "")):
        date, resolution = agreeing, "publication"
    else:
        period = _closest_year(
            ctx, lambda y: cal.day(x) if (x := _safe_date(y, m, d)) else None, grace_days=75
        )
        if period is None:
            return None
        date = period.interval.start
        resolution = "publication"
    if params.get("week"):  # "the week of March 6"
        return _period(cal.week(date), resolution)
    if g.get("hour"):
        hour = int(g["hour"] or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        value = f"{date.isoformat()}T{hour:02d}:{int(g.get('minute') or 0):02d}"
        return Normalized("TIME", value, Interval(date, date), "time", resolution)
    return _period(cal.day(date), resolution)


#: how many years either side of publication a weekday-date agreement looks
_AGREEMENT_YEARS = 6


def _weekday_agreement(ctx: Context, m: int, d: int, weekday_word: str) -> dt.date | None:
    """"Saturday, Sept. 21": the year nearest to publication in which that month-day is that
    weekday (ties: the side the tense points to). ``None`` if no nearby year agrees."""
    wd = lookup("weekday", weekday_word)
    pub = ctx.published
    found = [x for y in range(pub.year - _AGREEMENT_YEARS, pub.year + _AGREEMENT_YEARS + 1)
             if (x := _safe_date(y, m, d)) is not None and x.isoweekday() == wd]
    if not found:
        return None
    later_first = ctx.tense == "future"
    return min(found, key=lambda x: (abs((x - pub).days), (x < pub) if later_first else (x > pub)))


@resolver
def numeric_date(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"2/15", "15/2/2013", "3/4/2013": a number above 12 can only be the day; otherwise
    ``Context.dayfirst`` decides (month first by default, the US convention)."""
    if params.get("before") and not re.search(params["before"], ctx.preceding, re.IGNORECASE):
        return None
    first, second = int(g["first"] or 0), int(g["second"] or 0)
    if first > 12 and second > 12:
        return None
    told = params.get("dayfirst", ctx.dayfirst)  # a form that is always day first says so
    dayfirst = first > 12 or (second <= 12 and bool(told))
    month_n, day_n = (second, first) if dayfirst else (first, second)
    groups: Groups = {"monthnum": str(month_n), "day": str(day_n), "year": g.get("year")}
    return calendar_date(groups, ctx, {})


@resolver
def week_of_month(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"the first week of January": the ISO week holding the middle day of the month's
    first seven days (the 4th); "the last week" that of its last seven days."""
    period: cal.Period | None
    if g.get("period"):  # "the first week of next month"
        period, resolution = _part_period(g["period"] or "", ctx)
    elif g.get("year"):
        m = lookup("month", g["month"] or "")
        period, resolution = cal.month(int(g["year"] or 0), m), "absolute"
    else:
        m = lookup("month", g["month"] or "")
        period = _closest_year(ctx, lambda y: cal.month(y, m), grace_days=45)
        resolution = "publication"
    if period is None:
        return None
    nth = (g["nth"] or "").lower()
    start, end = period.interval.start, period.interval.end
    if nth in ("last", "final"):
        middle = end - dt.timedelta(days=3)
    else:
        weeks_in = ("first", "second", "third", "fourth").index(nth)
        middle = start + dt.timedelta(days=3 + 7 * weeks_in)
    return _period(cal.week(middle), resolution)


@resolver
def month(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    m = lookup("month", g["month"] or "")
    mod = _mod(g)
    if g.get("year") or g.get("words"):
        y = int(g["year"] or 0) if g.get("year") else _spelled(g["words"] or "")
        return _period(cal.month(y, m), "absolute", mod) if y else None
    if g.get("yrel"):  # "June last year"
        offset = lookup("direction", g["yrel"] or "")
        return _period(cal.month(ctx.published.year + offset, m), "publication", mod)
    if g.get("mrel"):
        period = _annual(lambda y: cal.month(y, m), ctx.published, g["mrel"] or "")
        return _period(period, "publication", mod) if period else None
    period = _closest_year(ctx, lambda y: cal.month(y, m), grace_days=45)
    return _period(period, "publication", mod) if period else None


@resolver
def season(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    code = lookup("season", g["season"] or "")
    mod = _mod(g)
    if g.get("year") or g.get("words"):
        y = int(g["year"] or 0) if g.get("year") else _spelled(g["words"] or "")
        return _period(cal.season(y, code), "absolute", mod) if y else None
    direction = lookup("direction", g["dir"] or "") if g.get("dir") else None
    pub = ctx.published
    start_year = pub.year - 1 if code == "WI" and pub.month <= 2 else pub.year
    this_year = cal.season(start_year, code)
    if direction == -1 or (direction is None and ctx.tense == "past"):
        # the most recent such season that has begun (last: that has ended)
        p = this_year
        while p.interval.start > pub or (direction == -1 and p.interval.end >= pub):
            p = cal.season(int(p.value[:4]) - 1, code)
        return _period(p, "publication", mod)
    if direction == 1 or (direction is None and ctx.tense == "future"):
        p = this_year
        while p.interval.end < pub or (direction == 1 and p.interval.start <= pub):
            p = cal.season(int(p.value[:4]) + 1, code)
        return _period(p, "publication", mod)
    return _period(this_year, "publication", mod)


@resolver
def quarter(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    pub = ctx.published
    word = (g.get("ord") or g.get("ord2") or g.get("ord3") or "").lower()
    if g.get("qnum") or g.get("qnum2"):  # "Q3 2025"
        q = int(g.get("qnum") or g.get("qnum2") or 0)
    elif not word:
        return None
    else:
        q = lookup("ordinal", word)
    if g.get("year") or g.get("year2"):
        return _period(cal.quarter(int(g.get("year") or g.get("year2") or 0), q), "absolute")
    rel = (g.get("yearrel") or "").lower()
    if rel:
        offset = {"last year": -1, "this year": 0, "next year": 1}[" ".join(rel.split())]
        return _period(cal.quarter(pub.year + offset, q), "publication")
    if ctx.reference_quarter is not None:
        # a results story: the named quarter of the year it is reporting on
        return _period(cal.quarter(ctx.reference_quarter[0], q), "expression")
    # the most recent such quarter that has begun: results are reported after the fact
    year = pub.year if cal.quarter(pub.year, q).interval.start <= pub else pub.year - 1
    return _period(cal.quarter(year, q), "publication")


_YEAR_BACK = ("year-ago", "year-earlier", "prior-year", "year-before", "last year's")


_ENDED = re.compile(r"\s*,?\s*(?:ended|ending)\s+(?P<month>[A-Za-z]+)\.?\s+\d")


@resolver
def fiscal_period(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"the quarter", "the latest period", "the year-ago quarter": the reporting period a
    results story is about (the last quarter it named), or the one a year before it."""
    rel = " ".join((g.get("rel") or g.get("bare") or "").lower().split())
    unit = (g.get("unit") or "quarter").lower()
    pub = ctx.published
    ended = _ENDED.match(ctx.following)
    if ended and unit in ("quarter", "period", "three months", "three-month period") and \
            not (g.get("ord") or g.get("year") or g.get("yago") or rel in _YEAR_BACK):
        # "the quarter ended Sept. 30": the three months that end in that month, the most
        # recent such before publication (a fiscal quarter named by its calendar months)
        try:
            month = lookup("month", ended["month"])
        except KeyError:
            month = None
        if month is not None and month % 3 == 0:
            year = pub.year if month <= pub.month else pub.year - 1
            return _period(cal.quarter(year, month // 3), "publication")
    if g.get("ord") and unit == "quarter":
        q = lookup("ordinal", g["ord"] or "")
        base = ctx.reference_quarter[0] if ctx.reference_quarter else pub.year
        back = rel in _YEAR_BACK or bool(g.get("yago"))
        year = int(g["year"]) if g.get("year") else base - (1 if back else 0)
        return _period(cal.quarter(year, q), "expression" if ctx.reference_quarter else
                       "publication")
    if g.get("year"):
        q = ctx.reference_quarter[1] if ctx.reference_quarter else None
        if q is None:
            return _period(cal.year(int(g["year"] or 0)), "absolute")
        return _period(cal.quarter(int(g["year"] or 0), q), "expression")
    if ctx.reference_quarter is not None:
        year, q = ctx.reference_quarter
        resolution = "expression"
    elif unit == "quarter" or (unit == "period" and rel):  # "the latest period": a quarter
        last_done = cal.shift_period(pub, "quarter", -1)
        year, q = int(last_done.value[:4]), int(last_done.value[-1])
        if rel in ("current", "coming"):
            year, q = pub.year, (pub.month - 1) // 3 + 1
        resolution = "publication"
    else:
        return None  # "the period" with no quarter named before it
    if rel in _YEAR_BACK or g.get("yago"):
        year -= 1
    elif rel in ("previous", "past", "last") and resolution == "expression":
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return _period(cal.quarter(year, q), resolution)


@resolver
def half(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    if g.get("hnum") or g.get("hnum2"):  # "H2 2025"
        h = int(g.get("hnum") or g.get("hnum2") or 0)
    else:
        h = 1 if (g.get("half") or g.get("quarters") or "").lower() in ("first", "1st") else 2
    if g.get("year") or g.get("year2"):
        return _period(cal.half(int(g.get("year") or g.get("year2") or 0), h), "absolute")
    offset = lookup("direction", g["yrel"] or "") if g.get("yrel") else 0
    return _period(cal.half(ctx.published.year + offset, h), "publication")


@resolver
def year(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    y = int(g["year"] or 0)
    period = cal.year(y)
    return _period(period, "absolute", _mod(g))


@resolver
def spelled_year(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"nineteen ninety-seven", "the year two thousand": years read out in transcripts."""
    y = _spelled(g["words"] or "")
    return _period(cal.year(y), "absolute") if y is not None else None


def _spelled(text: str) -> int | None:
    """The year a {SPELLEDYEAR} match reads out."""
    words = text.lower().replace("-", " ").replace(" and", "").split()
    words = [w for w in words if w not in ("hundred", "oh")]
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        century = 2000
    else:
        century = int(lookup("number", words[0])) * 100
        rest = words[1:]
    tail = sum(int(lookup("number", w)) for w in rest)
    return century + tail if tail < 100 else None


_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}


@resolver
def decade(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    text = (g["decade"] or "").lower().replace("’", "'")
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 4:
        first = int(digits)
        resolution = "absolute"
    else:
        two = int(digits) if digits else _DECADE_WORDS[text]
        # '90s: the most recent such decade that has begun by publication
        century = ctx.published.year - ctx.published.year % 100
        first = century + two if century + two <= ctx.published.year else century - 100 + two
        resolution = "publication"
    return _period(cal.decade(first), resolution, _mod(g))


@resolver
def century(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    n = int(g["cent"] or 0)
    if n < 1:
        return None
    return _period(cal.century((n - 1) * 100), "absolute", _mod(g))


def _weekday_date(ctx: Context, weekday: int, rel: str, possessive: bool = False) -> dt.date:
    pub = ctx.published
    back = (pub.isoweekday() - weekday) % 7  # days back to the most recent such day
    fwd = (weekday - pub.isoweekday()) % 7
    rel = " ".join(rel.lower().split())
    if rel in ("last", "this past", "the past", "past"):
        return pub - dt.timedelta(days=back or 7)
    if rel in ("next", "this coming", "the coming", "coming"):
        return pub + dt.timedelta(days=fwd or 7)
    if ctx.tense == "future" or (ctx.tense == "present" and not possessive):
        return pub + dt.timedelta(days=fwd)
    # past, or a possessive in the present: "Tuesday's ruling" is news already made
    return pub - dt.timedelta(days=back)


@cache
def _library_holidays(country: str, category: str, year: int) -> dict[dt.date, str]:
    """One year of a country's holidays from the ``holidays`` package (English names)."""
    import holidays

    cats = (category,) if category else ("public",)
    return dict(holidays.country_holidays(country, years=year, categories=cats,
                                          language="en_US"))


def _library_holiday(spec: str, year: int) -> dt.date:
    """``lib:COUNTRY:Name[:category]``: the first day of the year with that name (an
    estimate of the ``holidays`` package counts; "(observed)" days do not)."""
    _, country, name, *rest = spec.split(":")
    days = _library_holidays(country, rest[0] if rest else "", year)
    for date in sorted(days):
        for one in days[date].split("; "):
            if one.removesuffix(" (estimated)") == name:
                return date
    raise ValueError(f"no {name} in {country} in {year}")


def _holiday_date(rule: str, year: int) -> dt.date:
    from dateutil.easter import easter

    if rule.startswith("lib:"):
        return _library_holiday(rule, year)
    if rule == "easter-monday":
        return easter(year) + dt.timedelta(days=1)
    if rule == "easter":
        return easter(year)
    if rule == "good-friday":
        return easter(year) - dt.timedelta(days=2)
    if rule == "easter-week":
        return easter(year)
    if rule == "election":  # US: the Tuesday after the first Monday of November
        first = dt.date(year, 11, 1)
        monday = first + dt.timedelta(days=(0 - first.weekday()) % 7)
        return monday + dt.timedelta(days=1)
    if ":" in rule:
        month_s, n_s, wd_s = rule.split(":")
        m, n, wd = int(month_s), int(n_s), int(wd_s)
        if n > 0:
            first = dt.date(year, m, 1)
            return first + dt.timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
        last = cal.month(year, m).interval.end
        return last - dt.timedelta(days=(last.isoweekday() - wd) % 7)
    month_s, day_s = rule.split("-")
    return dt.date(year, int(month_s), int(day_s))


@resolver
def holiday(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    rule = lookup("holiday", g["holiday"] or "")
    if g.get("year"):
        date, resolution = _holiday_date(rule, int(g["year"] or 0)), "absolute"
    else:
        rel = (g.get("rel") or "").lower()
        pub = ctx.published
        this = _holiday_date(rule, pub.year)
        if rel == "last":
            date = this if this < pub else _holiday_date(rule, pub.year - 1)
        elif rel == "next":
            date = this if this > pub else _holiday_date(rule, pub.year + 1)
        else:
            period = _closest_year(ctx, lambda y: cal.day(_holiday_date(rule, y)))
            if period is None:
                return None
            date = period.interval.start
        resolution = "publication"
    if rule == "easter-week":
        return _period(cal.week(date - dt.timedelta(days=1)), resolution)
    return _period(cal.day(date), resolution)


#: "Monday to", "Monday through", "Monday-": the text before the second weekday of a range
_RANGE_END = re.compile(r"(?:\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*(?:to|through|thru|"
                        r"till|until|[-–])|\bbetween\s+(?:mon|tues|wednes|thurs|fri|satur|sun)"
                        r"day\s+and)\s*$", re.IGNORECASE)


@resolver
def weekday(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    wd = lookup("weekday", g["weekday"] or "")
    possessive = bool(g.get("poss")) or ctx.following.startswith(("'s", "’s"))
    if g.get("anarel"):  # "the previous Friday": the one before the narrative's date
        base = ctx.reference or ctx.published
        if (g["anarel"] or "").lower() == "following":
            date = base + dt.timedelta(days=(wd - base.isoweekday()) % 7 or 7)
        else:
            date = base - dt.timedelta(days=(base.isoweekday() - wd) % 7 or 7)
        resolution = "expression" if ctx.reference else "publication"
        return _period(cal.day(date), resolution, None,
                       ctx.reference_id if ctx.reference else None)
    if g.get("twice"):  # "the Monday after next": a week after next Monday
        after = (g["twice"] or "").lower().startswith("after")
        date = _weekday_date(ctx, wd, "next" if after else "last")
        date += dt.timedelta(days=7 if after else -7)
        return _period(cal.day(date), "publication")
    date = _weekday_date(ctx, wd, g.get("rel") or "", possessive=possessive)
    if ctx.reference is not None and not g.get("rel") and _RANGE_END.search(ctx.preceding):
        # "from Monday to Thursday": the end of a range of weekdays follows its start
        date = ctx.reference + dt.timedelta(days=(wd - ctx.reference.isoweekday()) % 7 or 7)
    pod = g.get("pod") or ("morning" if g.get("small") else None)  # "the early hours of"
    if pod:
        code = lookup("part_of_day", pod)
        return Normalized("TIME", f"{date.isoformat()}T{code}", Interval(date, date), "time",
                          "publication")
    return _period(cal.day(date), "publication")


@resolver
def weekend(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    pub = ctx.published
    rel = " ".join((g.get("rel") or "").lower().split())
    this = cal.weekend(pub)
    if rel in ("last", "this past", "the past"):
        p = this if this.interval.end < pub else cal.weekend(pub - dt.timedelta(days=7))
    elif rel == "next":
        p = cal.weekend(pub + dt.timedelta(days=7))
    elif rel == "this":  # the weekend of this week
        p = this
    elif rel in ("this coming", "the coming"):
        p = this if this.interval.start > pub else cal.weekend(pub + dt.timedelta(days=7))
    elif ctx.tense == "future":
        p = this if this.interval.end >= pub else cal.weekend(pub + dt.timedelta(days=7))
    else:
        p = this if this.interval.start <= pub else cal.weekend(pub - dt.timedelta(days=7))
    return _period(p, "publication")


@resolver
def part_of_period(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    unit = (g["unit"] or "").lower()
    pub = ctx.published
    p = cal.period_of(pub, unit)
    if (g["side"] or "").lower() == "earlier":
        interval = Interval(p.interval.start, max(p.interval.start, pub))
    else:
        interval = Interval(min(pub, p.interval.end), p.interval.end)
    return Normalized("DATE", p.value, interval, p.granularity, "publication")


_DIRECTIONS = {"last": -1, "past": -1, "previous": -1, "latest": -1, "this": 0, "current": 0,
               "the": 0, "next": 1, "coming": 1, "upcoming": 1, "following": 1}


@resolver
def period(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    unit = (g.get("unit") or _PERIOD_UNITS.get((g.get("unitletter") or "").lower(), "")).lower()
    unit = _PERIOD_UNITS.get(unit, unit)
    if g.get("twice"):  # "the week after next": two periods on; "the year before last"
        n = 2 if (g["twice"] or "").lower().startswith("after") else -2
    else:
        n = _DIRECTIONS[(g.get("dirword") or params.get("dirword", "")).lower()]
    return _period(cal.shift_period(ctx.published, unit, n), "publication",
                   _mod(g) or params.get("mod"))


_DEADLINE = (["by"], ["until"], ["before"], ["around"], ["through"])
#: abbreviations of period names ("this qtr")
_PERIOD_UNITS = {"qtr": "quarter", "y": "year", "m": "month"}


@resolver
def year_end(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"by year-end", "since year end": December 31 of the year the words point to: the one
    that has passed after "since" or in a past clause, the coming one after "by", "until",
    "before" or "around" (a deadline) and in other tenses."""
    pub = ctx.published
    before = ctx.preceding.lower().split()[-1:]
    if g.get("dirword"):
        year = pub.year + _DIRECTIONS[(g["dirword"] or "").lower()]
    elif before == ["since"] or (ctx.tense == "past" and before not in _DEADLINE):
        year = pub.year - 1 if (pub.month, pub.day) != (12, 31) else pub.year
    else:
        year = pub.year
    return _period(cal.day(dt.date(year, 12, 31)), "publication")


_BACKWARD = ("ago", "earlier", "before", "previously", "prior", "since")
_FROM_PUBLICATION = ("ago", "hence", "from now", "since")


@resolver
def ago(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    word = " ".join((g["ago"] or "").lower().split())
    sign = -1 if word in _BACKWARD else 1
    unit_code = lookup("unit", g["unit"] or "")
    n = _number(g.get("num")) if g.get("num") else 1
    if n is None:
        return None
    if n == "X":
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Normalized("DATE", ref, None, None, "unresolved")
    if (ctx.reference_quarter is not None and unit_code == "Y" and n == 1
            and word in ("ago", "earlier")):
        # results stories: "from $1.2 million a year ago" is the same quarter last year
        year, q = ctx.reference_quarter
        return _period(cal.quarter(year - 1, q), "expression")
    use_reference = word not in _FROM_PUBLICATION and ctx.reference is not None
    base = ctx.reference if use_reference and ctx.reference else ctx.published
    resolution = "expression" if use_reference else "publication"
    anchor = ctx.reference_id if use_reference else None
    assert isinstance(n, float | int)
    if unit_code in ("S", "MIN", "H"):
        return _period(cal.day(base), resolution, None, anchor)
    unit = _UNIT_NAMES[unit_code]
    amount = n * (2 if unit_code == "FN" else 1)
    if amount != int(amount):  # "a year and a half ago": count in the next smaller unit
        smaller = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7),
                   "decade": ("year", 10), "century": ("year", 100), "day": ("day", 1)}
        unit, factor = smaller.get(unit, ("day", 1))
        amount = round(amount * factor)
    steps = sign * int(amount)
    if unit == "day":
        return _period(cal.day(cal.shift(base, days=steps)), resolution, None, anchor)
    return _period(cal.shift_period(base, unit, steps), resolution, None, anchor)


_ANAPHORA: dict[str, tuple[str, int, str | None]] = {
    "the same day": ("day", 0, None), "that day": ("day", 0, None),
    "earlier in the day": ("day", 0, None), "later in the day": ("day", 0, None),
    "earlier that day": ("day", 0, None), "later that day": ("day", 0, None),
    "the next day": ("day", 1, None), "the following day": ("day", 1, None),
    "the day after": ("day", 1, None), "the day before": ("day", -1, None),
    "the previous day": ("day", -1, None), "the next morning": ("day", 1, "MO"),
    "the following morning": ("day", 1, "MO"), "the previous night": ("day", -1, "NI"),
    "the night before": ("day", -1, "NI"), "that night": ("day", 0, "NI"),
    "that morning": ("day", 0, "MO"), "that evening": ("day", 0, "EV"),
    "the same week": ("week", 0, None), "that week": ("week", 0, None),
    "the following week": ("week", 1, None), "the next week": ("week", 1, None),
    "the previous week": ("week", -1, None), "the week before": ("week", -1, None),
    "the same month": ("month", 0, None), "that month": ("month", 0, None),
    "the following month": ("month", 1, None), "the next month": ("month", 1, None),
    "the previous month": ("month", -1, None), "the month before": ("month", -1, None),
    "the same year": ("year", 0, None), "that year": ("year", 0, None),
    "the following year": ("year", 1, None), "the next year": ("year", 1, None),
    "the previous year": ("year", -1, None), "the year before": ("year", -1, None),
    "the year": ("year", 0, None), "the full year": ("year", 0, None),
    "the whole year": ("year", 0, None), "the entire year": ("year", 0, None),
    "the fiscal year": ("year", 0, None),
}


#: anaphora that name the publication's own period: "the year" is P's year, "earlier in the
#: day" P's day; "that year", "later that day" are the narrative's
_THIS_YEAR = ("the year", "the full year", "the whole year", "the entire year",
              "the fiscal year", "earlier in the day", "later in the day")


@resolver
def anaphoric(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    phrase = " ".join((g["phrase"] or "").lower().split())
    unit, n, pod = _ANAPHORA[phrase]
    reference, reference_id = ctx.reference, ctx.reference_id
    if unit in ("month", "year"):
        # "the following month" after "In March 1989": a month-wide date is reference enough
        reference, reference_id = ctx.reference_period, ctx.reference_period_id
    use_reference = reference is not None and (n != 0 or phrase not in _THIS_YEAR)
    base = reference if use_reference and reference else ctx.published
    resolution = "expression" if use_reference else "publication"
    anchor = reference_id if use_reference else None
    p = cal.shift_period(base, unit, n)
    if pod:
        d = p.interval.start
        return Normalized("TIME", f"{d.isoformat()}T{pod}", Interval(d, d), "time", resolution,
                          None, anchor)
    return _period(p, resolution, None, anchor)


_REF_INTERVAL = {"PRESENT_REF": 0}


@resolver
def reference(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    value = params["value"]
    if value == "PRESENT_REF":
        pub = ctx.published
        return Normalized("DATE", value, Interval(pub, pub), "day", "publication")
    return Normalized("DATE", value, None, None, "unresolved")


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
                  "the day before yesterday": -2, "the day after tomorrow": 2,
                  "day before yesterday": -2, "day after tomorrow": 2}


@resolver
def relative_day(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    word = " ".join((g["word"] or "").lower().split())
    date = ctx.published + dt.timedelta(days=_RELATIVE_DAYS[word])
    if word == "tonight":
        return Normalized("TIME", f"{date.isoformat()}TNI", Interval(date, date), "time",
                          "publication")
    return _period(cal.day(date), "publication")


@resolver
def part_of_day(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    pub = ctx.published
    if g.get("tonight"):
        date, code = pub, "NI"
    elif g.get("lastnight"):
        date, code = pub - dt.timedelta(days=1), "NI"
    elif g.get("overnight"):  # in a past clause, the night before publication
        date, code = pub - dt.timedelta(days=1 if ctx.tense == "past" else 0), "NI"
    else:
        word = (g.get("tmrw") or g.get("tmrw3") or "today").lower()
        date = pub + dt.timedelta(days=_RELATIVE_DAYS[word])
        code = lookup("part_of_day", next(g[k] for k in _POD_ORDER if g.get(k)) or "")
    return Normalized("TIME", f"{date.isoformat()}T{code}", Interval(date, date), "time",
                      "publication")


_MINUTE_WORDS = {"a quarter": 15, "quarter": 15, "half": 30}


def _clock_words(g: Groups) -> tuple[int, int] | None:
    """"a quarter past nine" (9, 15), "ten to noon" (11, 50), "half past six" (6, 30)."""
    word = " ".join((g.get("minword") or "").lower().split())
    if word in _MINUTE_WORDS:
        minutes = _MINUTE_WORDS[word]
    else:
        n = _number(word.removesuffix(" minutes").removesuffix(" minute"))
        if not isinstance(n, float | int) or not 0 < n < 60 or n != int(n):
            return None
        minutes = int(n)
    if g.get("named"):
        hour = 0 if (g["named"] or "").lower() == "midnight" else 12
    else:
        h = _number(g.get("hourword"))
        if not isinstance(h, float | int) or not 1 <= h <= 12:
            return None
        hour = int(h)
    if (g.get("pastto") or "").lower() in ("to", "before", "till"):
        hour, minutes = (hour - 1) % 24, 60 - minutes
    return hour, minutes


@resolver
def clock_time(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    seconds = ""
    end_of_day = False
    if g.get("minword"):
        words = _clock_words(g)
        if words is None:
            return None
        hour, minute = words
        pm = (g.get("ampm") or "").lower().startswith("p")  # "a quarter past 3pm"
        if (g.get("podword", "") in ("afternoon", "evening") or g.get("atnight") or pm) \
                and hour < 12:
            hour += 12
    elif g.get("named"):
        named = (g["named"] or "").lower()
        hour, minute = (0, 0) if named == "midnight" else (12, 0)
        end_of_day = named == "midnight"  # midnight ends the day it names: T24:00
    else:
        if g.get("hourword"):  # "nine a.m."
            spelled = _number(g["hourword"])
            if not isinstance(spelled, float | int):
                return None
            hour = int(spelled)
        else:
            hour = int(g["hour"] or 0)
        minute = int(g.get("minute") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        evening = g.get("podword", "") in ("afternoon", "evening") or (
            g.get("atnight") and hour >= 6)
        if (ampm.startswith("p") or evening) and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 23:
            return None
        if g.get("second"):
            seconds = f":{int(g['second'] or 0):02d}"
    zone = lookup("timezone", g["tz"] or "") if g.get("tz") else ""
    date = ctx.published
    if g.get("weekday"):
        date = _weekday_date(ctx, lookup("weekday", g["weekday"] or ""), "")
    elif ctx.reference is not None:
        date = ctx.reference
    elif ctx.published_time is not None and ctx.tense == "past" and \
            (hour, minute) > (ctx.published_time.hour, ctx.published_time.minute):
        date = ctx.published - dt.timedelta(days=1)  # already past: the evening before
    resolution = "publication" if ctx.reference is None or g.get("weekday") else "expression"
    anchor = ctx.reference_id if resolution == "expression" else None
    clock = "24:00" if end_of_day else f"{hour:02d}:{minute:02d}{seconds}"
    return Normalized("TIME", f"{date.isoformat()}T{clock}{zone}",
                      Interval(date, date), "time", resolution, None, anchor)


_TIME_UNITS = {"S": "S", "MIN": "M", "H": "H"}
_SMALLER = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("MIN", 60),
            "MIN": ("S", 60), "DE": ("Y", 10), "CE": ("Y", 100), "Q": ("M", 3)}
#: units whose fractions TimeML writes as two fields ("2 1/2 years" P2Y6M, "5 1/2 hours"
#: PT5H30M) rather than as one smaller unit ("a decade and a half" P15Y)
_COMPOUND = ("Y", "M", "D", "H", "MIN")


def _fields(parts: list[tuple[int, str]]) -> str:
    date = "".join(f"{n}{code}" for n, code in parts if code not in _TIME_UNITS)
    time = "".join(f"{n}{_TIME_UNITS[code]}" for n, code in parts if code in _TIME_UNITS)
    return "P" + date + ("T" + time if time else "")


def duration_value(n: float | str, code: str) -> str:
    """TIMEX3 duration value: ``P3D``, ``PT24H``, ``PXY``, ``P18M``, ``P2Y6M``."""
    if code == "FN":
        code, n = "W", (n * 2 if not isinstance(n, str) else n)
    if not isinstance(n, str) and n != int(n) and code in _SMALLER:
        smaller, factor = _SMALLER[code]
        whole, rest = int(n), round((n - int(n)) * factor)
        if whole and code in _COMPOUND:
            return _fields([(whole, code), (rest, smaller)])
        code, n = smaller, n * factor
    amount = n if isinstance(n, str) else str(round(n))
    if code in _TIME_UNITS:
        return f"PT{amount}{_TIME_UNITS[code]}"
    return f"P{amount}{code}"


#: an amount just before "a year": "$1.76 ", "700 seats ", "$2 million "
_QUANTITY = re.compile(r"(?:[$£€#]\s?)?\d(?:[\d,.]*\d)?%?(?:\s+(?:million|billion|thousand|hundred|"
                       r"cents?|dollars?|percent))?(?:\s+[a-z]+)?\s+$", re.IGNORECASE)
_OF = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|your|a|an|all|this|that|these|"
                 r"those|u\.s\.)(?!\s+year)\b", re.IGNORECASE)
_VAGUE_UNITS = {"years": "Y", "months": "M", "weeks": "W", "days": "D", "decades": "DE",
                "centuries": "CE", "hours": "H", "minutes": "MIN", "quarters": "Q"}


@resolver
def duration(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    if g.get("vague"):
        return Normalized("DURATION", duration_value("X", _VAGUE_UNITS[(g["vague"] or "").lower()]),
                          None, None, "unresolved")
    code = lookup("unit", g["unit"] or "")
    if g.get("fracword"):  # "half an hour", "a quarter of an hour"
        fraction = {"half": 0.5, "a quarter": 0.25, "quarter": 0.25, "three quarters": 0.75,
                    "three-quarters": 0.75}[" ".join((g["fracword"] or "").lower().split())]
        return Normalized("DURATION", duration_value(fraction, code), None, None, "absolute")
    if code == "Q" and _OF.match(ctx.following):
        return None  # "three-quarters of its food", "a quarter of the market": a fraction
    if (g.get("num") or "").lower() in ("a", "an") and _QUANTITY.search(ctx.preceding) and \
            not g.get("andhalf") and not g.get("andhalf2"):
        # "$1.76 a year", "700 seats a week": a rate, a set of times
        return Normalized("SET", duration_value(1, code), None, None, "absolute")
    if g.get("num"):
        n = _number(g["num"])
        if n is None:
            return None
        if g.get("tens"):  # "twenty-four hours"
            tens = _number(g["tens"])
            if not isinstance(tens, float | int) or not isinstance(n, float | int) or n >= 10:
                return None
            n = tens + n
    elif (g["unit"] or "").lower().endswith("s"):
        # "recent quarters", "the first hours": no count, a vague duration
        return Normalized("DURATION", duration_value("X", code), None, None, "unresolved")
    else:
        n = 1.0
    if g.get("num2") or g.get("num3"):
        n = "X"  # "two to three years"
    if (g.get("andhalf") or g.get("andhalf2") or g.get("frac")) and not isinstance(n, str):
        n = float(n) + 0.5
    value = duration_value(n, code)
    if params.get("context") and not isinstance(n, str) and code in _UNIT_NAMES:
        # "the past three years": a duration that ends at publication
        unit = _UNIT_NAMES[code]
        pub = ctx.published
        steps = int(n) if n == int(n) else 1
        if unit in ("weekend",):
            unit = "week"
        kwargs = {"day": {"days": -steps}, "week": {"weeks": -steps}, "month": {"months": -steps},
                  "quarter": {"months": -3 * steps}, "year": {"years": -steps},
                  "decade": {"years": -10 * steps}, "century": {"years": -100 * steps}}[unit]
        start = cal.shift(pub, **kwargs)
        future = (g.get("dirw") or "").lower() in ("next", "coming", "following")
        interval = Interval(pub, cal.shift(pub, **{k: -v for k, v in kwargs.items()})) if future \
            else Interval(start, pub)
        return Normalized("DURATION", value, interval, unit, "publication")
    return Normalized("DURATION", value, None, None, "unresolved")


@resolver
def ended_period(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"the year" in "the year ended March 31": a reporting period named by its end, a
    duration (TimeML's reading); only when the words that follow say so."""
    if not re.match(params["after"], ctx.following, re.IGNORECASE):
        return None
    n = _number(g.get("num")) if g.get("num") else 1
    if not isinstance(n, float | int):
        return None
    return Normalized("DURATION", duration_value(n, lookup("unit", g["unit"] or "")), None,
                      None, "unresolved")


_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "quarterly": "P3M", "hourly": "PT1H", "nightly": "P1D",
                "biweekly": "P2W"}


@resolver
def set(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:  # noqa: A001
    if g.get("adverb"):
        word = " ".join((g["adverb"] or "").lower().split())
        if word in _SET_ADVERBS:
            value = _SET_ADVERBS[word]
        else:  # "twice a week"
            value = duration_value(1, lookup("unit", word.split()[-1]))
    elif g.get("weekday") or g.get("weekday2"):
        value = f"XXXX-WXX-{lookup('weekday', g.get('weekday') or g.get('weekday2') or '')}"
    elif g.get("season"):
        value = f"XXXX-{lookup('season', g['season'] or '')}"
    elif g.get("unit"):
        n = _number(g.get("num")) if g.get("num") else 1
        value = duration_value(n if n is not None else 1, lookup("unit", g["unit"] or ""))
    else:
        value = "P3M"  # each season
    return Normalized("SET", value, None, None, "absolute")


_BUSINESS_DAYS = 5  # Monday to Friday: isoweekday() <= 5


@resolver
def nth_in_period(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"the second Tuesday of next month", "the last Friday in October", "the last day of
    February", "the first business day of the year": a position within a period."""
    words = " ".join((g["period"] or "").lower().split())
    # "the first Monday of the month": the month of the report
    period, resolution = _part_period("this month" if words == "the month" else words, ctx)
    if period is None:
        return None
    found = _nth_in(period, g, resolution)
    bare_month = (g["period"] or "").lower().rstrip(".") in lexicon("month")
    if found is not None and found.interval is not None and bare_month:
        # a month named without its year ("the last Friday in October"): the position must
        # lie on the side of publication the tense points to, else the month a year on/back
        pub, step = ctx.published, 0
        if ctx.tense == "future" and found.interval.end < pub:
            step = 1
        elif ctx.tense == "past" and found.interval.start > pub:
            step = -1
        if step:
            y, m = int(period.value[:4]) + step, int(period.value[5:])
            found = _nth_in(cal.month(y, m), g, resolution)
    return found


def _nth_in(period: cal.Period, g: Groups, resolution: str) -> Normalized | None:
    """The day (or weekend) an ordinal names within ``period``."""
    nth_word = " ".join((g["nth"] or "").lower().split())
    if nth_word in ("last", "final"):
        nth = -1
    elif nth_word == "penultimate":
        nth = -2
    else:
        nth = int(lookup("ordinal", nth_word))
    start, end = period.interval.start, period.interval.end
    days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
    what = re.sub(r"week[- ]?end", "weekend", " ".join((g.get("what") or "").lower().split()))
    if g.get("weekday"):
        wd = lookup("weekday", g["weekday"] or "")
        days = [x for x in days if x.isoweekday() == wd]
    elif what == "business day":
        days = [x for x in days if x.isoweekday() <= _BUSINESS_DAYS]
    elif what == "weekend":
        saturdays = [x for x in days if x.isoweekday() == 6]
        if not -len(saturdays) <= nth - (nth > 0) < len(saturdays):
            return None
        return _period(cal.weekend(saturdays[nth - 1 if nth > 0 else nth]), resolution)
    if not -len(days) <= nth - (nth > 0) < len(days):
        return None
    return _period(cal.day(days[nth - 1 if nth > 0 else nth]), resolution)


_OFFSET_BACK = ("before", "prior to", "ahead of")


@resolver
def offset(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"three days after Thanksgiving", "two weeks before Easter", "a month from today",
    "three Fridays from now": an amount of time counted from an anchor that is itself a
    time expression. The value is the anchor moved by the amount."""
    anchor = _part(g.get("anchor") or params.get("anchor", ""), ctx)
    if anchor is None or anchor.interval is None:
        return None
    if g.get("ordn"):  # "the third Tuesday after Christmas"
        n: float | str | None = float(lookup("ordinal", g["ordn"] or ""))
    else:
        n = 1.0 if g.get("the") else _number(g.get("num"))
    if not isinstance(n, float | int):
        return None  # "a few days after": no calendar value
    if g.get("tens"):
        tens = _number(g["tens"])
        if not isinstance(tens, float | int) or n >= 10:
            return None
        n = tens + n
    direction = g.get("dir") or params.get("dir", "")
    sign = -1 if " ".join(direction.lower().split()) in _OFFSET_BACK else 1
    base = anchor.interval.start if sign > 0 else anchor.interval.end
    if anchor.granularity not in ("day", "time") and sign > 0:
        base = anchor.interval.end  # "a week after next month": counted from its end
    resolution = "absolute" if anchor.resolution == "absolute" else "publication"
    if g.get("weekday"):  # "three Fridays from now": the third such day after the anchor
        wd = lookup("weekday", g["weekday"] or "")
        k = int(n)
        if sign > 0:
            first = base + dt.timedelta(days=(wd - base.isoweekday()) % 7 or 7)
            return _period(cal.day(first + dt.timedelta(weeks=k - 1)), resolution)
        last = base - dt.timedelta(days=(base.isoweekday() - wd) % 7 or 7)
        return _period(cal.day(last - dt.timedelta(weeks=k - 1)), resolution)
    code = lookup("unit", g["unit"] or "")
    days_per = {"D": 1, "W": 7, "FN": 14}
    if code in days_per:
        return _period(cal.day(base + dt.timedelta(days=sign * round(n * days_per[code]))),
                       resolution)
    if code in ("M", "Y", "Q", "DE") and n == int(n):
        months = {"M": 1, "Q": 3, "Y": 12, "DE": 120}[code] * int(n)
        return _period(cal.day(cal.shift(base, months=sign * months)), resolution)
    return None  # hours after a day, half a month: no calendar day to give


#: parts of the day that put a clock hour below 12 in the afternoon or the evening
_PM_PARTS = ("AF", "EV", "NI")


@resolver
def time_on_day(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """A clock time and the day it falls on, read apart and joined: "10:15:30 p.m. on
    Monday", "a quarter past nine tonight", "Monday at noon", "0400 GMT on Wednesday"."""
    bare = g.get("barehour") or g.get("barehour2")
    if bare:  # "tonight at 11", "3 this afternoon": the hour on the clock
        time: Normalized | None = Normalized("TIME", f"T{int(bare):02d}:00", None, "time",
                                             "publication")
    else:
        time = _part(g.get("time") or g.get("time2") or g.get("time3") or "", ctx)
    day = _part(g.get("day") or g.get("day2") or g.get("day3") or "", ctx)
    if time is None or day is None or day.interval is None or time.type != "TIME":
        return None
    if day.granularity not in ("day", "time") or "T" not in time.value:
        return None
    date = day.interval.start
    clock = time.value.split("T", 1)[1]
    day_part = day.value.split("T", 1)[1] if "T" in day.value else ""
    if clock[:2].isdigit():
        hour = int(clock[:2])
        if day_part in _PM_PARTS and hour < 12 and not re.search(
            r"[ap]\.?m\b|morning", g.get("time") or g.get("time2") or g.get("time3") or "",
            re.IGNORECASE
        ):
            clock = f"{hour + 12:02d}{clock[2:]}"  # "nine tonight": 21:00
    elif day_part:
        return None  # "morning on Monday night": two parts of a day
    return Normalized("TIME", f"{date.isoformat()}T{clock}", Interval(date, date), "time",
                      day.resolution, None, day.anchor)


@resolver
def clock_duration(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"finished the marathon in 2:07:35", "a time of 1:05:12": a clock reading with seconds
    that measures a duration (hours, minutes, seconds), told by the words before it."""
    if not re.search(params["before"], ctx.preceding, re.IGNORECASE):
        return None
    parts = [(int(g["hour"] or 0), "H"), (int(g["minute"] or 0), "MIN"),
             (int(g["second"] or 0), "S")]
    value = _fields([(n, code) for n, code in parts if n])
    return Normalized("DURATION", value if value != "P" else "PT0S", None, None, "absolute")


@resolver
def day_of_month(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"on the 15th", "Wednesday the 11th", "the 3rd of next month": a day of the month;
    without a month, of the publication's month or the one before or after, the nearest
    that agrees with the weekday given, else the nearest on the tense's side."""
    if not re.match(params["after"], ctx.following, re.IGNORECASE):
        return None
    spelled = g.get("dayword") or g.get("dayword2")
    if spelled:
        d = int(lookup("day_ordinal", spelled))
        if g.get("month") or g.get("month2"):  # "the fifteenth of January": "January 15"
            groups: Groups = {"month": g.get("month") or g.get("month2"), "day": str(d),
                              "year": g.get("year") or g.get("year2"),
                              "weekday": g.get("weekday")}
            return calendar_date(groups, ctx, {})
    else:
        d = int("".join(ch for ch in g["day"] or "" if ch.isdigit()))
    if g.get("period"):
        period, resolution = _part_period(g["period"] or "", ctx)
        if period is None or period.granularity != "month":
            return None
        date = _safe_date(period.interval.start.year, period.interval.start.month, d)
        return _period(cal.day(date), resolution) if date else None
    pub = ctx.published
    months = [cal.shift(pub.replace(day=1), months=k) for k in (-1, 0, 1)]
    days = [x for m in months if (x := _safe_date(m.year, m.month, d)) is not None]
    if g.get("weekday"):
        wd = lookup("weekday", g["weekday"] or "")
        days = [x for x in days if x.isoweekday() == wd]
    elif ctx.tense == "past":
        days = [x for x in days if x <= pub]
    elif ctx.tense == "future":
        days = [x for x in days if x >= pub]
    if not days:
        return None
    return _period(cal.day(min(days, key=lambda x: abs((x - pub).days))), "publication")


@resolver
def weekday_of_week(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"Wednesday of next week", "Monday last week", "last week's Sunday": the day of that
    weekday in the (ISO) week named."""
    week = _part(g.get("week") or g.get("week2") or "", ctx)
    if week is None or week.interval is None or week.granularity != "week":
        return None
    wd = lookup("weekday", g.get("weekday") or g.get("weekday2") or "")
    monday = week.interval.start - dt.timedelta(days=week.interval.start.isoweekday() - 1)
    return _period(cal.day(monday + dt.timedelta(days=wd - 1)), week.resolution)


@resolver
def closest_weekday(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"the closest Monday to Oct 5th": the day of that weekday nearest the anchor's day
    (the later one when two are as near)."""
    anchor = _part(g["anchor"] or "", ctx)
    if anchor is None or anchor.interval is None or anchor.granularity not in ("day", "time"):
        return None
    base = anchor.interval.start
    wd = lookup("weekday", g["weekday"] or "")
    ahead = (wd - base.isoweekday()) % 7
    shift = ahead if ahead <= 3 else ahead - 7
    resolution = "absolute" if anchor.resolution == "absolute" else "publication"
    return _period(cal.day(base + dt.timedelta(days=shift)), resolution)


@resolver
def after_now(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"in 15 minutes", "in half an hour" in a present or future clause of a report whose
    time of publication is known: the clock time that far after it (a TIME, to the second).
    Without a time of publication, or in a past clause, the words stay a duration."""
    if ctx.published_time is None or ctx.tense == "past" or \
            not re.search(params["before"], ctx.preceding, re.IGNORECASE):
        return None
    length = duration(g, ctx, {})
    if length is None:
        return None
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", length.value)
    if m is None or not any(m.groups()):
        return None
    start = dt.datetime.combine(ctx.published, ctx.published_time)
    when = start + dt.timedelta(hours=int(m[1] or 0), minutes=int(m[2] or 0))
    day = when.date()
    return Normalized("TIME", when.strftime("%Y-%m-%dT%H:%M:%S"), Interval(day, day), "time",
                      "publication")


@resolver
def days_from_now_at(g: Groups, ctx: Context, params: dict[str, Any]) -> Normalized | None:
    """"in 7 days at 5pm": the day that many days (weeks) after publication, at the clock
    time given."""
    n = _number(g.get("num"))
    time = _part(g.get("time") or "", ctx)
    if not isinstance(n, float | int) or n != int(n) or time is None or "T" not in time.value:
        return None
    days = int(n) * (7 if (g["unit"] or "").lower().startswith("week") else 1)
    date = ctx.published + dt.timedelta(days=days)
    clock = time.value.split("T", 1)[1]
    return Normalized("TIME", f"{date.isoformat()}T{clock}", Interval(date, date), "time",
                      "publication")
