"""Ingest: turn what the user gives (text, a publication date or none) into a Document.

The publication date may come from the caller (``cli``/``api``) or from the document itself:
a leading dateline or date line ("December 3, 2024", "2024-12-03", "Published: 3 Dec 2024").
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.model import Document
from timeline.timex.normalize import find, normalize
from timeline.timex.resolvers import Context

#: How far into a document a dateline may be.
DATELINE_WINDOW = 400
#: The longest text one document may have. News articles are 1,000-20,000 characters;
#: spaCy's parser needs about 4 KB of memory per character of one document, so a longer
#: text is refused (split it into articles) rather than swapping for minutes.
MAX_CHARS = 250_000


class TimelineError(Exception):
    """A problem with the user's input, reported as a one-line message."""


class InvalidPublicationDate(TimelineError, ValueError):
    pass


class MissingPublicationDate(TimelineError):
    pass


class DocumentTooLong(TimelineError):
    pass


def parse_published(value: str | dt.date | dt.datetime) -> dt.datetime:
    """An ISO 8601 date or datetime (with or without offset) as a datetime."""
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
        raise InvalidPublicationDate(
            f"invalid publication date {text!r}: use an ISO date such as 2024-12-03 "
            "or a datetime such as 2024-12-03T09:30:00+01:00"
        ) from None


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
) -> Document:
    """A Document from text and a publication date, looking for a dateline when none is given."""
    if len(text) > MAX_CHARS:
        raise DocumentTooLong(
            f"document too long ({len(text):,} characters; at most {MAX_CHARS:,}): "
            "split it into articles"
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
        when, source = parse_published(published), published_source
    return Document(
        text=text,
        published=when,
        published_source=source,
        id=doc_id,
        title=title if title is not None else guess_title(text),
        url=url,
        encoding=encoding,
    )
