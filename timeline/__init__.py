"""timeline: dated event timelines from news articles.

>>> from timeline import extract
>>> tl = extract("Officials said on Monday that talks will resume.", published="2024-12-03")
>>> [tl.event(i).trigger.text for i in tl.order]  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("timeline")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+source"

from timeline.ingest import (
    InvalidPublicationDate,
    MissingPublicationDate,
    TimelineError,
)
from timeline.model import (
    Document,
    Event,
    EventTime,
    Interval,
    Participant,
    Span,
    TimeExpression,
)
from timeline.pipeline import extract, extract_documents, extract_many
from timeline.timeline import SCHEMA_VERSION, Timeline

__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Event",
    "EventTime",
    "Interval",
    "InvalidPublicationDate",
    "MissingPublicationDate",
    "Participant",
    "Span",
    "TimeExpression",
    "Timeline",
    "TimelineError",
    "__version__",
    "extract",
    "extract_documents",
    "extract_many",
]
