"""Table-driven tests of time-expression normalization: (expression, publication date,
tense) -> TIMEX3 value, granularity and interval."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.timex.normalize import normalize
from timeline.timex.resolvers import Context

TUE = "2024-12-03"  # a Tuesday
MON = "2024-12-02"  # a Monday
SAT = "2025-03-15"  # a Saturday

# (expression, published, tense, value, granularity, interval start, interval end)
CASES: list[tuple[str, str, str, str, str | None, str | None, str | None]] = [
    # days relative to publication
    ("today", TUE, "past", "2024-12-03", "day", "2024-12-03", "2024-12-03"),
    ("yesterday", TUE, "past", "2024-12-02", "day", "2024-12-02", "2024-12-02"),
    ("tomorrow", TUE, "future", "2024-12-04", "day", "2024-12-04", "2024-12-04"),
    ("the day before yesterday", TUE, "past", "2024-12-01", "day", None, None),
    ("tonight", TUE, "future", "2024-12-03TNI", "time", "2024-12-03", "2024-12-03"),
    ("last night", TUE, "past", "2024-12-02TNI", "time", None, None),
    ("this morning", TUE, "past", "2024-12-03TMO", "time", None, None),
    ("yesterday afternoon", TUE, "past", "2024-12-02TAF", "time", None, None),
    # bare weekdays: news convention
    ("Monday", TUE, "past", "2024-12-02", "day", "2024-12-02", "2024-12-02"),
    ("on Monday", TUE, "past", "2024-12-02", "day", None, None),
    ("Monday", MON, "past", "2024-12-02", "day", None, None),  # the day itself counts
    ("Tuesday", TUE, "past", "2024-12-03", "day", None, None),
    ("Wednesday", TUE, "past", "2024-11-27", "day", None, None),
    ("Sunday", TUE, "past", "2024-12-01", "day", None, None),
    ("on Sunday", MON, "past", "2024-12-01", "day", None, None),
    ("Thursday", TUE, "future", "2024-12-05", "day", None, None),
    ("Monday", TUE, "future", "2024-12-09", "day", None, None),
    ("Friday", SAT, "past", "2025-03-14", "day", None, None),
    ("Friday", SAT, "future", "2025-03-21", "day", None, None),
    ("last Wednesday", TUE, "past", "2024-11-27", "day", None, None),
    ("last Wednesday", "2024-12-04", "past", "2024-11-27", "day", None, None),
    ("last Monday", TUE, "past", "2024-12-02", "day", None, None),
    ("next Friday", TUE, "future", "2024-12-06", "day", None, None),
    ("this coming Sunday", TUE, "future", "2024-12-08", "day", None, None),
    ("Monday night", TUE, "past", "2024-12-02TNI", "time", "2024-12-02", "2024-12-02"),
    ("Friday morning", SAT, "past", "2025-03-14TMO", "time", None, None),
    ("Wed.", TUE, "past", "2024-11-27", "day", None, None),
    # weeks, weekends, months, years
    ("last week", TUE, "past", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("last week", MON, "past", "2024-W48", "week", "2024-11-25", "2024-12-01"),
    ("this week", TUE, "past", "2024-W49", "week", "2024-12-02", "2024-12-08"),
    ("next week", TUE, "future", "2024-W50", "week", "2024-12-09", "2024-12-15"),
    ("the last week", "2013-03-22", "past", "2013-W11", "week", None, None),
    ("last week", "2025-01-02", "past", "2024-W52", "week", "2024-12-23", "2024-12-29"),
    ("the weekend", TUE, "past", "2024-W48-WE", "week", "2024-11-30", "2024-12-01"),
    ("last weekend", TUE, "past", "2024-W48-WE", "week", None, None),
    ("this weekend", TUE, "future", "2024-W49-WE", "week", "2024-12-07", "2024-12-08"),
    ("next weekend", TUE, "future", "2024-W50-WE", "week", None, None),
    ("last month", TUE, "past", "2024-11", "month", "2024-11-01", "2024-11-30"),
    ("this month", TUE, "past", "2024-12", "month", "2024-12-01", "2024-12-31"),
    ("next month", TUE, "future", "2025-01", "month", "2025-01-01", "2025-01-31"),
    ("last year", TUE, "past", "2023", "year", "2023-01-01", "2023-12-31"),
    ("this year", TUE, "past", "2024", "year", "2024-01-01", "2024-12-31"),
    ("next year", TUE, "future", "2025", "year", None, None),
    ("earlier this month", TUE, "past", "2024-12", "month", "2024-12-01", "2024-12-03"),
    ("later this year", TUE, "future", "2024", "year", "2024-12-03", "2024-12-31"),
    ("earlier this year", "2024-06-10", "past", "2024", "year", "2024-01-01", "2024-06-10"),
    # ago / later
    ("two days ago", TUE, "past", "2024-12-01", "day", "2024-12-01", "2024-12-01"),
    ("three days ago", TUE, "past", "2024-11-30", "day", None, None),
    ("a week ago", TUE, "past", "2024-W48", "week", None, None),
    ("two weeks ago", TUE, "past", "2024-W47", "week", None, None),
    ("a month ago", TUE, "past", "2024-11", "month", None, None),
    ("three years ago", TUE, "past", "2021", "year", "2021-01-01", "2021-12-31"),
    ("a decade ago", TUE, "past", "201X", "decade", None, None),
    ("years ago", TUE, "past", "PAST_REF", None, None, None),
    ("several years ago", TUE, "past", "PAST_REF", None, None, None),
    ("two days from now", TUE, "future", "2024-12-05", "day", None, None),
    # absolute dates
    ("December 2, 2024", TUE, "past", "2024-12-02", "day", "2024-12-02", "2024-12-02"),
    ("Dec. 2, 2024", TUE, "past", "2024-12-02", "day", None, None),
    ("Monday, December 2, 2024", TUE, "past", "2024-12-02", "day", None, None),
    ("5 March 2023", TUE, "past", "2023-03-05", "day", "2023-03-05", "2023-03-05"),
    ("the 5th of March 2023", TUE, "past", "2023-03-05", "day", None, None),
    ("2023-03-05", TUE, "past", "2023-03-05", "day", "2023-03-05", "2023-03-05"),
    ("03/05/2023", TUE, "past", "2023-03-05", "day", None, None),
    ("March 5", TUE, "past", "2024-03-05", "day", "2024-03-05", "2024-03-05"),
    ("March 5", TUE, "future", "2025-03-05", "day", None, None),
    ("December 28", "2025-01-03", "past", "2024-12-28", "day", None, None),
    ("January 5", "2024-12-20", "future", "2025-01-05", "day", None, None),
    ("March 2023", TUE, "past", "2023-03", "month", "2023-03-01", "2023-03-31"),
    ("in March", TUE, "past", "2024-03", "month", None, None),
    ("March", TUE, "past", "2024-03", "month", None, None),
    ("March", TUE, "future", "2025-03", "month", "2025-03-01", "2025-03-31"),
    ("in December", TUE, "future", "2024-12", "month", None, None),
    ("mid-December", TUE, "past", "2024-12", "month", "2024-12-11", "2024-12-20"),
    ("early March", TUE, "future", "2025-03", "month", "2025-03-01", "2025-03-10"),
    ("late 2023", TUE, "past", "2023", "year", None, "2023-12-31"),
    ("2022", TUE, "past", "2022", "year", "2022-01-01", "2022-12-31"),
    ("in 2022", TUE, "past", "2022", "year", "2022-01-01", "2022-12-31"),
    ("since 2022", TUE, "past", "2022", "year", "2022-01-01", "2022-12-31"),
    ("fiscal 1998", TUE, "past", "1998", "year", "1998-01-01", "1998-12-31"),
    ("nineteen ninety-seven", TUE, "past", "1997", "year", "1997-01-01", "1997-12-31"),
    ("the year two thousand", TUE, "past", "2000", "year", None, None),
    # quarters, halves, seasons
    ("the third quarter", TUE, "past", "2024-Q3", "quarter", "2024-07-01", "2024-09-30"),
    ("the third quarter", "2024-05-10", "past", "2023-Q3", "quarter", None, None),
    ("the first quarter of 2023", TUE, "past", "2023-Q1", "quarter", "2023-01-01", "2023-03-31"),
    ("the fourth quarter", TUE, "future", "2024-Q4", "quarter", None, None),
    ("last quarter", "2000-08-01", "past", "2000-Q2", "quarter", "2000-04-01", "2000-06-30"),
    ("the first half of 2024", TUE, "past", "2024-H1", "quarter", "2024-01-01", "2024-06-30"),
    ("the second half of last year", TUE, "past", "2023-H2", "quarter", None, None),
    ("the last half of 1989", TUE, "past", "1989-H2", "quarter", None, None),
    ("the first two quarters of 1990", TUE, "past", "1990-H1", "quarter", None, None),
    ("last summer", TUE, "past", "2024-SU", "season", "2024-06-01", "2024-08-31"),
    ("last summer", "2024-07-15", "past", "2023-SU", "season", None, None),
    ("next spring", TUE, "future", "2025-SP", "season", "2025-03-01", "2025-05-31"),
    ("the winter of 2023", TUE, "past", "2023-WI", "season", "2023-12-01", "2024-02-29"),
    ("this summer", "2024-07-15", "past", "2024-SU", "season", None, None),
    # decades and centuries
    ("the 1990s", TUE, "past", "199X", "decade", "1990-01-01", "1999-12-31"),
    ("the '90s", TUE, "past", "199X", "decade", None, None),
    ("the early 1980s", TUE, "past", "198X", "decade", "1980-01-01", None),
    ("the 19th century", TUE, "past", "18", "century", "1800-01-01", "1899-12-31"),
    # times of day
    ("6:18 p.m.", TUE, "past", "2024-12-03T18:18", "time", None, None),
    ("10 a.m.", TUE, "future", "2024-12-03T10:00", "time", None, None),
    ("noon", TUE, "past", "2024-12-03T12:00", "time", None, None),
    # holidays
    ("Thanksgiving Day", "1999-11-20", "future", "1999-11-25", "day", None, None),
    ("last Christmas", TUE, "past", "2023-12-25", "day", None, None),
    ("Election Day", "1998-10-26", "future", "1998-11-03", "day", None, None),
    ("Easter 2024", TUE, "past", "2024-03-31", "day", None, None),
    ("4 in the morning", TUE, "past", "2024-12-03T04:00", "time", None, None),
    # vague references
    ("now", TUE, "present", "PRESENT_REF", "day", "2024-12-03", "2024-12-03"),
    ("currently", TUE, "present", "PRESENT_REF", "day", None, None),
    ("recently", TUE, "past", "PAST_REF", None, None, None),
    ("the past", TUE, "past", "PAST_REF", None, None, None),
    ("the future", TUE, "future", "FUTURE_REF", None, None, None),
    ("soon", TUE, "future", "FUTURE_REF", None, None, None),
    # durations
    ("a month", TUE, "past", "P1M", None, None, None),
    ("three years", TUE, "past", "P3Y", None, None, None),
    ("two days", TUE, "past", "P2D", None, None, None),
    ("24 hours", TUE, "past", "PT24H", None, None, None),
    ("a year and a half", TUE, "past", "P1Y6M", None, None, None),
    ("5 1/2 hours", TUE, "past", "PT5H30M", None, None, None),
    ("two and a half months", TUE, "past", "P2M15D", None, None, None),
    ("several weeks", TUE, "past", "PXW", None, None, None),
    ("the last twenty-four hours", TUE, "past", "PT24H", None, None, None),
    ("recent quarters", TUE, "past", "PXQ", None, None, None),
    ("two more weeks", TUE, "future", "P2W", None, None, None),
    ("an additional year", TUE, "future", "P1Y", None, None, None),
    ("mid-afternoon yesterday", TUE, "past", "2024-12-02TAF", "time", None, None),
    ("overnight", TUE, "past", "2024-12-02TNI", "time", None, None),
    ("the early hours of Sunday", TUE, "past", "2024-12-01TMO", "time", None, None),
    ("coming months", TUE, "future", "PXM", None, None, None),
    # months named with a relative year; reporting periods a year back
    ("June last year", TUE, "past", "2023-06", "month", "2023-06-01", "2023-06-30"),
    ("January nineteen ninety-seven", TUE, "past", "1997-01", "month", None, None),
    ("the winter of nineteen ninety-four", TUE, "past", "1994-WI", "season", None, None),
    ("last Oct. 23", TUE, "past", "2024-10-23", "day", None, None),
    ("next March 3", TUE, "future", "2025-03-03", "day", None, None),
    ("the week of March 6", TUE, "future", "2025-W10", "week", "2025-03-03", "2025-03-09"),
    ("the first week of January", TUE, "future", "2025-W01", "week", None, None),
    ("the last week of November", TUE, "past", "2024-W48", "week", None, None),
    ("January this year", TUE, "past", "2024-01", "month", None, None),
    ("last year's quarter", TUE, "past", "2023-Q3", "quarter", None, None),
    ("the quarter a year ago", TUE, "past", "2023-Q3", "quarter", None, None),
    ("the past three years", TUE, "past", "P3Y", "year", "2021-12-03", "2024-12-03"),
    ("the next two weeks", TUE, "future", "P2W", "week", "2024-12-03", "2024-12-17"),
    ("60 years old", TUE, "present", "P60Y", None, None, None),
    # sets
    ("each season", TUE, "present", "P3M", None, None, None),
    ("every day", TUE, "present", "P1D", None, None, None),
    ("weekly", TUE, "present", "P1W", None, None, None),
    ("every Monday", TUE, "present", "XXXX-WXX-1", None, None, None),
    ("Mondays", TUE, "present", "XXXX-WXX-1", None, None, None),
    ("annually", TUE, "present", "P1Y", None, None, None),
]


@pytest.mark.parametrize(
    ("text", "published", "tense", "value", "granularity", "start", "end"),
    CASES,
    ids=[f"{c[0]}@{c[1]}/{c[2]}" for c in CASES],
)
def test_normalize(
    text: str,
    published: str,
    tense: str,
    value: str,
    granularity: str | None,
    start: str | None,
    end: str | None,
) -> None:
    words = text.removeprefix("on ").removeprefix("in ").removeprefix("since ")
    result = normalize(words, Context(dt.date.fromisoformat(published), tense))
    assert result is not None, f"{text!r} not normalized"
    norm, _rule = result
    assert norm.value == value
    assert norm.granularity == granularity
    if start is not None:
        assert norm.interval is not None and norm.interval.start.isoformat() == start
    if end is not None:
        assert norm.interval is not None and norm.interval.end.isoformat() == end
    if norm.interval is not None:
        assert norm.interval.start <= norm.interval.end


def test_case_count() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize(
    "text", ["February 30", "the 0th century", "13/45/2020", "banana", "thus", "period"]
)
def test_invalid_dates_do_not_normalize(text: str) -> None:
    assert normalize(text, Context(dt.date(2024, 12, 3))) is None


def test_anchored_to_reference() -> None:
    ctx = Context(dt.date(2025, 10, 17), "past", dt.date(2025, 10, 6), "t1")
    later, _ = normalize("two days later", ctx) or (None, None)
    assert later is not None and later.value == "2025-10-08"
    assert later.resolution == "expression" and later.anchor == "t1"
    following, _ = normalize("the following day", ctx) or (None, None)
    assert following is not None and following.value == "2025-10-07"
    week, _ = normalize("the following week", ctx) or (None, None)
    assert week is not None and week.value == "2025-W42"


def test_what_follows_can_decide() -> None:
    """"the year ended March 31" is a reporting period (a duration); "the year" alone is
    the year of publication. A possessive weekday in the present is news already made."""
    pub = dt.date(1989, 10, 30)  # a Monday
    ended, _ = normalize("the year", Context(pub, "past", following=" ended March 31")) or (
        None, None)
    assert ended is not None and (ended.type, ended.value) == ("DURATION", "P1Y")
    plain, _ = normalize("the year", Context(pub, "past", following=", analysts said")) or (
        None, None)
    assert plain is not None and (plain.type, plain.value) == ("DATE", "1989")
    quarter, _ = normalize("the quarter", Context(pub, "past", following=" ended Sept. 30, "
                                                  "Delta posted", reference_quarter=(1989, 1))) or (
        None, None)
    assert quarter is not None and quarter.value == "1989-Q3"
    fraction = normalize("three-quarters", Context(pub, "present", following=" of its food"))
    assert fraction is None
    losses = normalize("several quarters", Context(pub, "past", following=" of losses"))
    assert losses is not None and losses[0].value == "PXQ"
    friday, _ = normalize("Friday", Context(pub, "present", following="'s purchases")) or (
        None, None)
    assert friday is not None and friday.value == "1989-10-27"
    ahead, _ = normalize("Friday", Context(pub, "present", following=" is the deadline")) or (
        None, None)
    assert ahead is not None and ahead.value == "1989-11-03"


def test_month_anaphora_use_a_month_wide_reference() -> None:
    ctx = Context(dt.date(1989, 10, 30), "past", reference_period=dt.date(1989, 3, 1),
                  reference_period_id="t4")
    following, _ = normalize("the following month", ctx) or (None, None)
    assert following is not None and following.value == "1989-04"
    assert following.anchor == "t4"


@pytest.mark.parametrize(
    ("preceding", "tense", "value"),
    [
        ("The percentage change is since ", "present", "1988-12-31"),
        ("The company will complete the sale by ", "future", "1989-12-31"),
        ("The company said it would complete the sale by ", "past", "1989-12-31"),
        ("Sales fell 5% at ", "past", "1988-12-31"),
    ],
)
def test_year_end_follows_the_words_before_it(preceding: str, tense: str, value: str) -> None:
    ctx = Context(dt.date(1989, 10, 26), tense, preceding=preceding)
    result = normalize("year-end", ctx)
    assert result is not None and result[0].value == value


def test_fiscal_years() -> None:
    ctx = Context(dt.date(1989, 10, 26), "past")
    assert [normalize(t, ctx)[0].value for t in  # type: ignore[index]
            ("the current fiscal year", "the latest fiscal year", "the fiscal year")] == [
        "1989", "1988", "1989"]


@pytest.mark.parametrize(
    ("preceding", "kind"),
    [("a dividend rate of $1.76 ", "SET"), ("add nearly 700 seats ", "SET"),
     ("prices rose 5% ", "SET"), ("victory within ", "DURATION"),
     ("In 1988, ", "DURATION")],
)
def test_a_rate_is_a_set(preceding: str, kind: str) -> None:
    result = normalize("a year", Context(dt.date(1989, 11, 2), "past", preceding=preceding))
    assert result is not None and (result[0].type, result[0].value) == (kind, "P1Y")
