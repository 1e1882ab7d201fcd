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
