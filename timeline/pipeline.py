"""The pipeline: ingest -> time expressions -> events -> anchoring -> timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from timeline.anchoring import anchor_events
from timeline.entities import resolve_entities
from timeline.events import find_events
from timeline.furniture import blank_furniture
from timeline.ingest import MAX_CHARS, make_document
from timeline.labels import label_events
from timeline.lead import date_lead_events
from timeline.model import Document
from timeline.nlp import doc_text, get_nlp, remember_text
from timeline.salience import mark_salient
from timeline.sections import SECTION_CHARS, WHOLE_CHARS, Joiner, split_sections
from timeline.timeline import Timeline
from timeline.timex.recognize import document_dayfirst, recognize
from timeline.treebank import OffsetMap, readable, restore

Published = str | dt.date | dt.datetime | None
T = TypeVar("T")


def build_timeline(
    document: Document, doc: Doc, *, dayfirst: bool | None = None, lead: bool = True
) -> Timeline:
    """The timeline of a document whose text spaCy has parsed (``doc.text == document.text``).

    ``dayfirst`` says how to read numeric dates ("3/4/2013"): ``None`` decides from the
    document (see :func:`timeline.timex.recognize.document_dayfirst`). ``lead`` says whether
    the text starts the report, so that its lead dates un-timed events (false for the later
    sections of a long text)."""
    published = document.published_date
    when = document.published
    has_time = (when.hour, when.minute, when.second) != (0, 0, 0)
    if dayfirst is None:
        dayfirst = document_dayfirst(document.text, document.url)
    timexes = recognize(doc, published, when.time() if has_time else None, dayfirst=dayfirst)
    mentions = find_events(doc, [(t.start, t.end) for t in timexes])
    events = anchor_events(doc, mentions, timexes, published)
    if lead:
        events = date_lead_events(events, document.text, published, doc=doc,
                                  timexes=timexes)
    events, entities = resolve_entities(doc, events)
    events = mark_salient(doc, label_events(doc, events, entities), entities)
    return Timeline.build(document, timexes, events, entities)


def timelines_of(
    items: Iterable[T],
    document_of: Callable[[T], Document],
    *,
    nlp: Language | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    section_chars: int = SECTION_CHARS,
    whole_chars: int = WHOLE_CHARS,
    on_progress: Callable[[int], None] | None = None,
    dayfirst: bool | None = None,
) -> Iterator[tuple[T, Timeline | Exception]]:
    """``(item, its timeline)`` for each of ``items``, in order, parsed in batches with
    ``nlp.pipe``; ``(item, the exception)`` when building its timeline failed, so that one
    bad document does not stop the others.

    A document longer than ``whole_chars`` is parsed in sections of at most
    ``section_chars`` (:mod:`timeline.sections`), so time grows linearly with its length and
    memory stays bounded. ``on_progress(n)`` is called with the number of characters of each
    section parsed (for a progress bar). ``dayfirst`` is passed to :func:`build_timeline` (for a
    document in sections, ``None`` is decided once, from the whole text). Streams: memory
    does not grow with the number of documents.
    """
    nlp = nlp if nlp is not None else get_nlp()
    in_flight: dict[int, T] = {}
    # texts with furniture or treebank tokens: what spaCy reads, and the map back to the input
    readable_texts: dict[int, tuple[str, OffsetMap]] = {}

    def stream() -> Iterator[tuple[str, tuple[int, int, bool, bool | None, str]]]:
        for index, item in enumerate(items):
            in_flight[index] = item
            document = document_of(item)
            # page furniture blanked, treebank tokens read as the text they stand for
            # (same length: offsets stay those of the input)
            unfurnished = blank_furniture(document.text)
            text, where = readable(unfurnished)
            if where is None and unfurnished != document.text:
                where = OffsetMap(())
            if where is not None:
                readable_texts[index] = (text, where)
            sections = split_sections(text, section_chars, whole_chars)
            reads = dayfirst  # how the document reads numeric dates
            if reads is None and len(sections) > 1:  # decided once for all its sections
                reads = document_dayfirst(text, document.url)
            for n, (start, end) in enumerate(sections):
                piece = text if len(sections) == 1 else text[start:end]
                yield piece, (index, start, n == len(sections) - 1, reads, piece)

    joined: Joiner | None = None
    failure: Exception | None = None
    for doc, (index, start, last, order, parsed) in nlp.pipe(stream(), as_tuples=True,
                                                             batch_size=batch_size,
                                                             n_process=n_process):
        remember_text(doc, parsed)  # doc.text joins every token
        original = document_of(in_flight[index])
        document = original
        if index in readable_texts:
            document = dataclasses.replace(original, text=readable_texts[index][0])
        result: Timeline | None = None
        if failure is None:
            try:
                if start == 0 and last:
                    result = build_timeline(document, doc, dayfirst=order)
                else:
                    section = dataclasses.replace(document, text=doc_text(doc))
                    part = build_timeline(section, doc, dayfirst=order, lead=start == 0)
                    joined = (joined or Joiner()).add(part, start)
                    if last:
                        result = joined.timeline(document)
                if result is not None and index in readable_texts:
                    result = dataclasses.replace(
                        restore(result, original.text, readable_texts.pop(index)[1]),
                        document=original)
            except Exception as exc:
                failure = exc
        if on_progress is not None:
            on_progress(len(doc_text(doc)))
        if last:
            readable_texts.pop(index, None)
            item = in_flight.pop(index)
            yield item, failure if failure is not None else result  # type: ignore[misc]
            joined, failure = None, None


def timelines(
    documents: Iterable[Document],
    *,
    batch_size: int = 16,
    n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
    dayfirst: bool | None = None,
) -> Iterator[Timeline]:
    """The timelines of ``documents``, in order (see :func:`timelines_of`); raises the
    first error."""
    for _, result in timelines_of(documents, _same, batch_size=batch_size,
                                  n_process=n_process, on_progress=on_progress,
                                  dayfirst=dayfirst):
        if isinstance(result, Exception):
            raise result
        yield result


def _same(document: Document) -> Document:
    return document


def extract(
    text: str,
    published: Published = None,
    *,
    title: str | None = None,
    doc_id: str | None = None,
    max_chars: int = MAX_CHARS,
    dayfirst: bool | None = None,
) -> Timeline:
    """The dated event timeline of one article.

    ``published`` is the publication date (ISO string, date or datetime); when ``None`` the
    date is looked for at the top of the text and :class:`MissingPublicationDate` is raised
    if there is none. A text longer than ``max_chars`` raises :class:`DocumentTooLong`.
    ``dayfirst`` reads numeric dates such as "3/4/2013" day first (True) or month first
    (False); ``None`` decides from the document.
    """
    document = make_document(text, published, title=title, doc_id=doc_id, max_chars=max_chars)
    return next(timelines([document], dayfirst=dayfirst))


def extract_documents(
    documents: Iterable[Document], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Timeline]:
    """Timelines of many documents, parsed in batches with ``nlp.pipe`` (streams: constant
    memory in the number of documents)."""
    return timelines(documents, batch_size=batch_size, n_process=n_process)


def extract_many(
    items: Iterable[tuple[str, Published]], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Timeline]:
    """Timelines of many ``(text, published)`` pairs, in input order."""
    docs = (make_document(text, published) for text, published in items)
    return extract_documents(docs, batch_size=batch_size, n_process=n_process)
