"""Time expressions in running text: what one expression tells about the next (the
reporting quarter of a results story, the month a "following month" counts from)."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.nlp import get_nlp
from timeline.timex.recognize import recognize


def values(text: str, published: dt.date) -> dict[str, str]:
    return {t.text: t.value for t in recognize(get_nlp()(text), published)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # a forecast of a later quarter does not become the quarter the story reports on
        ("Steelmakers expect losses through the third quarter of 1990. Third-quarter sales "
         "dropped 11% to $1.27 billion.", "Third-quarter", "1989-Q3"),
        # nor does a quarter of long ago
        ("The company stopped paying a dividend in the third quarter of 1984. CMS reported "
         "third-quarter net of $68.2 million.", "third-quarter", "1989-Q3"),
        # a recent quarter does: "the quarter" and "a year ago" refer to it
        ("Profit fell in the second quarter of 1989. Sales in the quarter rose 4%.",
         "the quarter", "1989-Q2"),
    ],
)
def test_reporting_quarter(text: str, expression: str, value: str) -> None:
    assert values(text, dt.date(1989, 10, 26))[expression] == value


def test_following_month_counts_from_the_last_named_month() -> None:
    found = values("The board met in March 1989. The following month, the company put "
                   "itself up for sale.", dt.date(1989, 10, 26))
    assert found["The following month"] == "1989-04"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # future in the past: a payment that "would be paid" lies ahead
        ("The stock split would be paid on a date in January to holders of record.",
         "January", "1990-01"),
        # an infinitive naming what an agreement plans
        ("The bank announced an agreement to acquire the company in January.",
         "January", "1990-01"),
        # a plain past clause keeps the most recent January
        ("The bank acquired the company in January.", "January", "1989-01"),
        # "since" puts a date in the past whatever the tense of the verb
        ("Investigators have been searching for him since shortly after the Oct. 23 "
         "slaying.", "Oct. 23", "1988-10-23"),
        # "that year" is the narrative's year, "the year" the publication's
        ("He fled in June 1986 and returned later that year.", "that year", "1986"),
        # a participle after a preposition takes the tense of the main clause
        ("After touring the capital Wednesday, the FBI chief said he was satisfied.",
         "Wednesday", "1989-10-25"),
        # "ahead of" looks forward whatever the tense of the verb
        ("Traders squared positions ahead of the weekend.", "the weekend", "1989-W43-WE"),
        ("Traders squared positions over the weekend.", "the weekend", "1989-W42-WE"),
    ],
)
def test_clause_and_narrative(text: str, expression: str, value: str) -> None:
    published = dt.date(1989, 5, 6) if "since" in text else dt.date(1989, 10, 26)
    assert values(text, published)[expression] == value


def test_a_singular_subject_makes_an_ambiguous_verb_past() -> None:
    """The tagger reads "hurt" as the plural present (VBP); after a singular subject it can
    only be the past."""
    from timeline.tense import verb_tense

    doc = get_nlp()("Weakness in chip stocks hurt the composite index.")
    hurt = next(t for t in doc if t.lower_ == "hurt")
    assert hurt.tag_ == "VBP"  # what the tagger says; the rule corrects it
    assert verb_tense(hurt) == "past"


@pytest.mark.parametrize(
    ("text", "not_a_time"),
    [
        ("Dozens were arrested at this march in each of the last three years.", "march"),
        ("Gary Cooper starred in the film High Noon.", "Noon"),
    ],
)
def test_words_that_only_look_like_times(text: str, not_a_time: str) -> None:
    assert not any(not_a_time in found for found in values(text, dt.date(1999, 3, 12)))


@pytest.mark.parametrize("text", ["The 2009-2010 season was poor.",
                                  "The 2009–2010 budget passed.", "Output fell in 2009 - 2010."])
def test_a_year_range_is_two_dates(text: str) -> None:
    found = recognize(get_nlp()(text), dt.date(2024, 12, 3))
    assert [(t.text, t.type, t.value) for t in found] == [("2009", "DATE", "2009"),
                                                         ("2010", "DATE", "2010")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks, held on Nov. 28-29, ended without a deal.",
         [("Nov. 28", "2024-11-28"), ("29", "2024-11-29")]),
        ("The summit on June 24–25, 2025 was called off.",
         [("June 24", "2025-06-24"), ("25, 2025", "2025-06-25")]),
        # the end of a range of weekdays comes after its start, not the Thursday before it
        ("The strike was set to run from Monday to Thursday.",
         [("Monday", "2024-12-09"), ("Thursday", "2024-12-12")]),
    ],
)
def test_ranges_are_two_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    found = recognize(get_nlp()(text), dt.date(2024, 12, 3))
    assert [(t.text, t.value) for t in found] == expected


def test_later_that_day_is_the_narratives_day_earlier_in_the_day_the_publications() -> None:
    found = values("Police arrested him on Nov. 28. Later that day, he was released. "
                   "Earlier in the day, a court had heard the case.", dt.date(2024, 12, 3))
    assert found["Later that day"] == "2024-11-28"
    assert found["Earlier in the day"] == "2024-12-03"
