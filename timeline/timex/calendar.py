"""Calendar periods as TIMEX3 values and day intervals (pendulum does the arithmetic).

Each function returns a :class:`Period`: the ISO 8601 / TIMEX3 value, the interval of days
it covers and its granularity. These are the building blocks of every resolver.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pendulum

from timeline.model import Interval

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_MOD_THIRDS = {"START": 0, "MID": 1, "END": 2}


@dataclass(frozen=True)
class Period:
    value: str
    interval: Interval
    granularity: str


def _pd(d: dt.date) -> pendulum.Date:
    return pendulum.Date(d.year, d.month, d.day)


def _d(p: pendulum.Date) -> dt.date:
    return dt.date(p.year, p.month, p.day)


def shift(d: dt.date, *, days: int = 0, weeks: int = 0, months: int = 0, years: int = 0) -> dt.date:
    """Calendar arithmetic: month and year shifts clamp to the month's last day."""
    return _d(_pd(d).add(days=days, weeks=weeks, months=months, years=years))


def day(d: dt.date) -> Period:
    return Period(d.isoformat(), Interval(d, d), "day")


def week(d: dt.date) -> Period:
    """The ISO week (Monday to Sunday) containing ``d``: ``2024-W48``."""
    iso_year, iso_week, _ = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    sunday = monday + dt.timedelta(6)
    return Period(f"{iso_year:04d}-W{iso_week:02d}", Interval(monday, sunday), "week")


def weekend(d: dt.date) -> Period:
    """The weekend (Saturday and Sunday) of the ISO week containing ``d``: ``2024-W48-WE``."""
    wk = week(d)
    saturday = wk.interval.start + dt.timedelta(days=5)
    return Period(f"{wk.value}-WE", Interval(saturday, saturday + dt.timedelta(1)), "week")


def month(year: int, m: int) -> Period:
    first = dt.date(year, m, 1)
    last = _d(_pd(first).end_of("month"))
    return Period(f"{year:04d}-{m:02d}", Interval(first, last), "month")


def quarter(year: int, q: int) -> Period:
    first = dt.date(year, 3 * (q - 1) + 1, 1)
    last = _d(_pd(first).add(months=2).end_of("month"))
    return Period(f"{year:04d}-Q{q}", Interval(first, last), "quarter")


def quarter_of(d: dt.date) -> Period:
    return quarter(d.year, (d.month - 1) // 3 + 1)


def half(year: int, h: int) -> Period:
    first = dt.date(year, 1 if h == 1 else 7, 1)
    last = dt.date(year, 6, 30) if h == 1 else dt.date(year, 12, 31)
    return Period(f"{year:04d}-H{h}", Interval(first, last), "quarter")


def season(year: int, code: str) -> Period:
    """Meteorological seasons; winter ``YYYY-WI`` runs from December of YYYY to February."""
    first_m, last_m = _SEASON_MONTHS[code]
    first = dt.date(year, first_m, 1)
    last_year = year + 1 if code == "WI" else year
    last = _d(pendulum.Date(last_year, last_m, 1).end_of("month"))
    return Period(f"{year:04d}-{code}", Interval(first, last), "season")


def season_of(d: dt.date) -> Period:
    for code, (first_m, last_m) in _SEASON_MONTHS.items():
        if code != "WI" and first_m <= d.month <= last_m:
            return season(d.year, code)
    return season(d.year if d.month == 12 else d.year - 1, "WI")


def year(y: int) -> Period:
    return Period(f"{y:04d}", Interval(dt.date(y, 1, 1), dt.date(y, 12, 31)), "year")


def decade(first_year: int) -> Period:
    """The decade starting ``first_year`` (a multiple of ten): ``199X``."""
    return Period(
        f"{first_year // 10:03d}X",
        Interval(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31)),
        "decade",
    )


def century(first_year: int) -> Period:
    """The century starting ``first_year`` (a multiple of 100): TIMEX3 value ``19``."""
    last = min(first_year + 99, 9999)
    return Period(
        f"{first_year // 100:02d}",
        Interval(dt.date(first_year, 1, 1), dt.date(last, 12, 31)),
        "century",
    )


def period_of(d: dt.date, unit: str) -> Period:
    """The period of the given unit (week, month, quarter, year, decade, century) containing d."""
    if unit == "day":
        return day(d)
    if unit == "week":
        return week(d)
    if unit == "weekend":
        return weekend(d)
    if unit == "month":
        return month(d.year, d.month)
    if unit == "quarter":
        return quarter_of(d)
    if unit == "season":
        return season_of(d)
    if unit == "year":
        return year(d.year)
    if unit == "decade":
        return decade(d.year - d.year % 10)
    if unit == "century":
        return century(d.year - d.year % 100)
    raise ValueError(f"unknown calendar unit {unit!r}")


def shift_period(d: dt.date, unit: str, n: int) -> Period:
    """The period ``n`` units away from the one containing ``d`` (n=-1: the previous one)."""
    if unit in ("week", "weekend"):
        return period_of(shift(d, weeks=n), unit)
    if unit == "day":
        return day(shift(d, days=n))
    if unit == "month":
        return period_of(shift(d, months=n), unit)
    if unit == "quarter":
        return period_of(shift(d, months=3 * n), unit)
    if unit == "season":
        return period_of(shift(d, months=3 * n), unit)
    if unit == "year":
        return period_of(shift(d, years=n), unit)
    if unit == "decade":
        return period_of(shift(d, years=10 * n), unit)
    if unit == "century":
        return period_of(shift(d, years=100 * n), unit)
    raise ValueError(f"unknown calendar unit {unit!r}")


def narrow(interval: Interval, mod: str | None) -> Interval:
    """The part of an interval a modifier names: START, MID, END are its thirds."""
    if mod not in _MOD_THIRDS:
        return interval
    months = (interval.end.year - interval.start.year) * 12 + interval.end.month - \
        interval.start.month + 1
    whole_months = interval.start.day == 1 and \
        (interval.end + dt.timedelta(days=1)).day == 1
    if whole_months and months % 3 == 0:
        # a year or a quarter: its thirds are whole months ("the end of the year" is
        # September to December)
        third_months = months // 3
        start = shift(interval.start, months=_MOD_THIRDS[mod] * third_months)
        end = shift(start, months=third_months) - dt.timedelta(days=1)
        return Interval(start, end)
    length = (interval.end - interval.start).days + 1
    third = max(length // 3, 1)
    k = _MOD_THIRDS[mod]
    start = interval.start + dt.timedelta(days=k * third)
    end = interval.end if k == 2 else start + dt.timedelta(days=third - 1)
    return Interval(min(start, interval.end), min(end, interval.end))
