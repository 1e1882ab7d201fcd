"""Ingest: turn what the user gives (text, a publication date or none) into a Document.

The publication date may come from the caller (``cli``/``api``) or from the document itself:
a leading dateline or date line ("December 3, 2024", "2024-12-03", "Published: 3 Dec 2024").
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

from timeline.model import Document
from timeline.timex.normalize import find, normalize
from timeline.timex.resolvers import Context

#: How far into a document a dateline may be.
DATELINE_WINDOW = 400
#: The longest text one document may have, by default (``--max-chars``, ``max_chars=``).
#: A long text is parsed in sections (:mod:`timeline.sections`), so time and memory grow
#: with its length, not faster; the limit only guards against feeding the tool a corpus or a
#: binary dump by mistake.
MAX_CHARS = 10_000_000

#: What ``--published`` and ``published=`` accept, for error messages.
ACCEPTED_DATE_FORMS = (
    "an ISO date (2024-12-03), an ISO datetime (2024-12-03T09:30:00+01:00), a date with "
    "the month in words (Dec 3, 2024; 3 December 2024), or day and month in numbers when "
    "only one reading is a date (13-02-2009)"
)


class TimelineError(Exception):
    """A problem with the user's input, reported as a one-line message."""


class InvalidPublicationDate(TimelineError, ValueError):
    pass


class AmbiguousPublicationDate(InvalidPublicationDate):
    """A numeric date that reads as two different days (``03-02-2009``: 3 February or
    2 March). ``readings`` holds both, day-first reading first."""

    def __init__(self, message: str, readings: tuple[dt.date, ...]) -> None:
        super().__init__(message)
        self.readings = readings


class PublicationDateWarning(UserWarning):
    """A publication date that was not ISO 8601 but had one reading, and was read so."""


class MissingPublicationDate(TimelineError):
    pass


class DocumentTooLong(TimelineError):
    pass


_NUMERIC_DATE = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})"
    r"(?:[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?))?"
)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric_readings(text: str) -> tuple[list[dt.date], dt.time] | None:
    """The calendar dates a numeric date can be (year first, or day/month then year)."""
    m = _NUMERIC_DATE.fullmatch(text)
    if m is None:
        return None
    a, b, c = m["a"], m["b"], m["c"]
    try:
        when = dt.time.fromisoformat(m["time"].zfill(5) if m["time"] else "00:00")
    except ValueError:  # 25:00
        return [], dt.time()
    if len(a) == 4:  # 2009/02/13: year, month, day (nobody writes year, day, month)
        found = _date_or_none(int(a), int(b), int(c))
        return ([found] if found else []), when
    if len(c) != 4:  # a two-digit year is a third ambiguity: refuse it
        return [], when
    readings = [_date_or_none(int(c), int(b), int(a)), _date_or_none(int(c), int(a), int(b))]
    unique = list(dict.fromkeys(d for d in readings if d is not None))
    return unique, when


def _worded_date(text: str) -> dt.datetime | None:
    """A date with the month in words ("Feb 3, 2009", "3 February 2009 10:00 GMT"), read by
    dateutil; None when a day, month or year is missing or the text is not a date."""
    from dateutil import parser

    if not re.search(r"[A-Za-z]{3,}", text):
        return None
    found = []
    for default in (dt.datetime(1904, 1, 1), dt.datetime(1908, 2, 2)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # an unknown zone name is dropped
                found.append(parser.parse(text, default=default))
        except (ValueError, OverflowError):
            return None
    if found[0].date() != found[1].date():  # the defaults showed through: a part is missing
        return None
    return found[0]


def parse_published(
    value: str | dt.date | dt.datetime, *, hints: tuple[dt.date, ...] = ()
) -> dt.datetime:
    """The publication date as a datetime.

    ISO 8601 dates and datetimes (with or without offset) are read silently. A date in
    another form is read, with a :class:`PublicationDateWarning`, when it has only one
    reading: the month in words ("Feb 3, 2009"), or numbers whose day cannot be a month
    (``13-02-2009``). A numeric date with two readings (``03-02-2009``) is settled by
    ``hints`` (dates the document itself gives: a dateline, the page's metadata) when one
    of them agrees; otherwise :class:`AmbiguousPublicationDate` is raised.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    numeric = _numeric_readings(text)
    if numeric is not None:
        readings, when = numeric
        if len(readings) > 1:
            agreed = [d for d in readings if d in hints]
            if len(agreed) != 1:
                day_first, month_first = readings
                raise AmbiguousPublicationDate(
                    f"ambiguous publication date {text!r}: {day_first} (day first) or "
                    f"{month_first} (month first); write it as an ISO date such as "
                    f"{day_first}", tuple(readings))
            readings = agreed
            how = "the date the document gives"
        else:
            how = "the only reading"
        if len(readings) == 1:
            result = dt.datetime.combine(readings[0], when)
            _warn(f"publication date {text!r} is not ISO 8601: read as {result.date()} "
                  f"({how})")
            return result
    else:
        worded = _worded_date(text)
        if worded is not None:
            _warn(f"publication date {text!r} is not ISO 8601: read as {worded.date()}")
            return worded
    raise InvalidPublicationDate(
        f"invalid publication date {text!r}: use {ACCEPTED_DATE_FORMS}"
    )


def _warn(message: str) -> None:
    warnings.warn(message, PublicationDateWarning, stacklevel=3)


def find_dateline(text: str) -> dt.datetime | None:
    """The first full calendar date (day, month and year written out) near the top."""
    head = text[:DATELINE_WINDOW]
    probe = Context(dt.date(2000, 1, 1))
    for found in find(head):
        result = normalize(head[found.start : found.end], probe)
        if result is None:
            continue
        norm, _ = result
        if norm.resolution == "absolute" and norm.granularity in ("day", "time") and norm.interval:
            d = norm.interval.start
            return dt.datetime(d.year, d.month, d.day)
    return None


def guess_title(text: str) -> str | None:
    """A first line that looks like a headline: short, followed by more text, no final stop."""
    lines = text.strip().splitlines()
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    if 0 < len(first) <= 150 and not re.search(r"[.!?:;,]$", first):
        return first
    return None


def make_document(
    text: str,
    published: str | dt.date | dt.datetime | None = None,
    *,
    title: str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
    published_source: str = "cli",
    max_chars: int = MAX_CHARS,
    date_hints: tuple[dt.date, ...] = (),
) -> Document:
    """A Document from text and a publication date, looking for a dateline when none is given.

    A non-ISO ``published`` with two readings is settled by ``date_hints`` (dates the page
    itself gives) or a dateline at the top of the text when one agrees with a reading."""
    if len(text) > max_chars:
        raise DocumentTooLong(
            f"document too long ({len(text):,} characters; at most {max_chars:,}): raise "
            "the limit with --max-chars (max_chars= in the API), or split it"
        )
    if published is None:
        found = find_dateline(text)
        if found is None:
            raise MissingPublicationDate(
                "no publication date: pass it with --published YYYY-MM-DD "
                "(or published=... in the API); none was found at the top of the document"
            )
        when, source = found, "dateline"
    else:
        try:
            when = parse_published(published, hints=date_hints)
        except AmbiguousPublicationDate:
            dateline = find_dateline(text)
            if dateline is None:
                raise
            when = parse_published(published, hints=(*date_hints, dateline.date()))
        source = published_source
    return Document(
        text=text,
        published=when,
        published_source=source,
        id=doc_id,
        title=title if title is not None else guess_title(text),
        url=url,
        encoding=encoding,
    )
