"""The pipeline: ingest -> time expressions -> events -> anchoring -> timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from timeline.anchoring import anchor_events
from timeline.events import find_events
from timeline.ingest import make_document
from timeline.lead import date_lead_events
from timeline.model import Document
from timeline.nlp import get_nlp
from timeline.timeline import Timeline
from timeline.timex.recognize import recognize

Published = str | dt.date | dt.datetime | None


def build_timeline(document: Document, doc: Doc) -> Timeline:
    """The timeline of a document whose text spaCy has parsed (``doc.text == document.text``)."""
    published = document.published_date
    when = document.published
    has_time = (when.hour, when.minute, when.second) != (0, 0, 0)
    timexes = recognize(doc, published, when.time() if has_time else None)
    mentions = find_events(doc, [(t.start, t.end) for t in timexes])
    events = anchor_events(doc, mentions, timexes, published)
    events = date_lead_events(events, document.text, published)
    return Timeline.build(document, timexes, events)


def extract(
    text: str,
    published: Published = None,
    *,
    title: str | None = None,
    doc_id: str | None = None,
) -> Timeline:
    """The dated event timeline of one article.

    ``published`` is the publication date (ISO string, date or datetime); when ``None`` the
    date is looked for at the top of the text and :class:`MissingPublicationDate` is raised
    if there is none.
    """
    document = make_document(text, published, title=title, doc_id=doc_id)
    return build_timeline(document, get_nlp()(text))


def extract_documents(
    documents: Iterable[Document], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Timeline]:
    """Timelines of many documents, parsed in batches with ``nlp.pipe`` (streams: constant
    memory in the number of documents)."""
    nlp = get_nlp()
    stream = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size,
                                  n_process=n_process):
        yield build_timeline(document, doc)


def extract_many(
    items: Iterable[tuple[str, Published]], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Timeline]:
    """Timelines of many ``(text, published)`` pairs, in input order."""
    docs = (make_document(text, published) for text, published in items)
    return extract_documents(docs, batch_size=batch_size, n_process=n_process)
