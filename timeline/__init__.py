"""timeline: dated event timelines from news articles.

>>> from timeline import extract
>>> tl = extract("Officials said on Monday that talks will resume.", published="2024-12-03")
>>> [tl.event(i).trigger.text for i in tl.order]  # doctest: +SKIP

The names below are imported on first use, so that ``import timeline.cli`` (or any other
submodule) does not import spaCy before it is needed.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("timeline")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+source"

if TYPE_CHECKING:
    from timeline.ingest import (
        InvalidPublicationDate,
        MissingPublicationDate,
        TimelineError,
    )
    from timeline.model import (
        Document,
        Entity,
        Event,
        EventTime,
        Interval,
        Participant,
        Span,
        TimeExpression,
    )
    from timeline.pipeline import extract, extract_documents, extract_many
    from timeline.render.chart import save_chart
    from timeline.timeline import SCHEMA_VERSION, Timeline

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "InvalidPublicationDate": "timeline.ingest",
    "MissingPublicationDate": "timeline.ingest",
    "TimelineError": "timeline.ingest",
    "Document": "timeline.model",
    "Entity": "timeline.model",
    "Event": "timeline.model",
    "EventTime": "timeline.model",
    "Interval": "timeline.model",
    "Participant": "timeline.model",
    "Span": "timeline.model",
    "TimeExpression": "timeline.model",
    "extract": "timeline.pipeline",
    "extract_documents": "timeline.pipeline",
    "extract_many": "timeline.pipeline",
    "save_chart": "timeline.render.chart",
    "SCHEMA_VERSION": "timeline.timeline",
    "Timeline": "timeline.timeline",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "SCHEMA_VERSION",
    "Document",
    "Entity",
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
    "save_chart",
]
