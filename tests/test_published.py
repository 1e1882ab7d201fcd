"""Publication dates as people write them: ISO silently, one-reading forms with a warning,
ambiguous numeric dates as an error unless the document's own date settles them."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from timeline import extract
from timeline.ingest import (
    AmbiguousPublicationDate,
    InvalidPublicationDate,
    PublicationDateWarning,
    make_document,
    parse_published,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2009-02-13", dt.datetime(2009, 2, 13)),
        ("2009-02-13T10:30:00+01:00",
         dt.datetime(2009, 2, 13, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
        ("2009-02-13T10:30Z", dt.datetime(2009, 2, 13, 10, 30, tzinfo=dt.UTC)),
    ],
)
def test_iso_dates_are_read_silently(written: str, expected: dt.datetime) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse_published(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("13-02-2009", dt.date(2009, 2, 13)),  # 13 cannot be a month: day first
        ("02-13-2009", dt.date(2009, 2, 13)),  # month first
        ("13/02/2009", dt.date(2009, 2, 13)),
        ("13.02.2009", dt.date(2009, 2, 13)),
        ("2009/02/13", dt.date(2009, 2, 13)),  # year first
        ("03-03-2009", dt.date(2009, 3, 3)),  # both readings are the same day
        ("Feb 3, 2009", dt.date(2009, 2, 3)),
        ("February 3, 2009", dt.date(2009, 2, 3)),
        ("3 February 2009", dt.date(2009, 2, 3)),
        ("Tuesday, 3 Feb 2009 10:00 GMT", dt.date(2009, 2, 3)),
    ],
)
def test_one_reading_is_read_with_a_warning(written: str, expected: dt.date) -> None:
    with pytest.warns(PublicationDateWarning, match=expected.isoformat()):
        assert parse_published(written).date() == expected


def test_a_time_after_a_numeric_date_is_kept() -> None:
    with pytest.warns(PublicationDateWarning):
        assert parse_published("13-02-2009 14:05") == dt.datetime(2009, 2, 13, 14, 5)


@pytest.mark.parametrize("written", ["03-02-2009", "03/02/2009", "11.12.2010"])
def test_two_readings_are_an_error_naming_both(written: str) -> None:
    with pytest.raises(AmbiguousPublicationDate) as exc:
        parse_published(written)
    assert "day first" in str(exc.value) and "month first" in str(exc.value)
    assert len(exc.value.readings) == 2


@pytest.mark.parametrize("written", ["", "yesterday", "Feb 2009", "31-02-2009", "3/2/09",
                                     "2009-02-30", "13-13-2009", "2024-12-03T25:00"])
def test_not_a_date_names_the_accepted_forms(written: str) -> None:
    with pytest.raises(InvalidPublicationDate, match="ISO date"):
        parse_published(written)


def test_the_documents_dateline_settles_an_ambiguous_date() -> None:
    text = "LONDON, February 3, 2009 -- The strike ended on Monday."
    with pytest.warns(PublicationDateWarning, match="the date the document gives"):
        doc = make_document(text, "03-02-2009")
    assert doc.published.date() == dt.date(2009, 2, 3)
    with pytest.warns(PublicationDateWarning):
        doc = make_document("LONDON, March 2, 2009 -- Talks.", "03-02-2009")
    assert doc.published.date() == dt.date(2009, 3, 2)


def test_a_dateline_that_agrees_with_neither_reading_does_not_settle_it() -> None:
    with pytest.raises(AmbiguousPublicationDate):
        make_document("LONDON, May 5, 2009 -- Talks.", "03-02-2009")
    with pytest.raises(AmbiguousPublicationDate):
        make_document("No dateline here.", "03-02-2009")


def test_the_api_gives_the_caller_the_error() -> None:
    with pytest.raises(AmbiguousPublicationDate, match="2009-02-03"):
        extract("The strike ended on Monday.", published="03-02-2009")
