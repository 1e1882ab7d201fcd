"""The summarized timeline: L dates, K extractive sentences each, and its outputs
(JSON, table, Markdown, TimelineJS, chart)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SUMMARY_SCHEMA_VERSION = "1.0"


def write_reference(timeline: Mapping[dt.date, Sequence[str]]) -> str:
    """The Timeline17 format of a timeline (dates in order): each date, its sentences
    (one per line), a line of dashes. :func:`timeline.evaluation.tls.read_reference` reads it."""
    lines: list[str] = []
    for day in sorted(timeline):
        lines.append(day.isoformat())
        lines.extend(" ".join(s.split()) for s in timeline[day])
        lines.append("-" * 32)
    return "\n".join(lines) + ("\n" if lines else "")


@dataclass(frozen=True)
class SummarySentence:
    """An article sentence chosen for a date: its text, the document it comes from and its
    character offsets in that document's text; ``event`` is the id (in that document's
    timeline) of the event the sentence was chosen for, ``label`` its who-did-what label."""

    text: str
    document: str
    start: int
    end: int
    published: dt.date
    event: str | None
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "document": self.document, "start": self.start,
                "end": self.end, "published": self.published.isoformat(),
                "event": self.event, "label": self.label, "score": round(self.score, 4)}


@dataclass(frozen=True)
class SummaryDate:
    """One date of the summary with the evidence that chose it."""

    date: dt.date
    score: float
    #: distinct articles whose events are dated to this day by a time expression
    articles: int
    #: articles published on this day
    published: int
    #: events dated to this day by a time expression
    mentions: int
    sentences: tuple[SummarySentence, ...]

    def label(self) -> str:
        """The short who-did-what label of the date: that of its best sentence with a label
        of two words or more, else the first label, else the first sentence."""
        labels = [s.label for s in self.sentences if s.label]
        for label in labels:
            if len(label.split()) >= 2:
                return label
        if labels:
            return labels[0]
        return self.sentences[0].text if self.sentences else ""

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "score": round(self.score, 4),
                "articles": self.articles, "published": self.published,
                "mentions": self.mentions, "label": self.label(),
                "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True)
class Summary:
    """A story's timeline summary (dates in chronological order)."""

    dates: tuple[SummaryDate, ...]
    documents: int
    requested_dates: int
    requested_sentences: int
    start: dt.date | None = None
    end: dt.date | None = None
    query: str | None = None
    entity: str | None = None
    method: str = "timeline summarize"

    def to_dict(self) -> dict[str, Any]:
        from timeline import __version__

        return {
            "schema_version": SUMMARY_SCHEMA_VERSION,
            "generator": {"name": "timeline", "version": __version__},
            "kind": "summary",
            "method": self.method,
            "options": {"dates": self.requested_dates, "sentences": self.requested_sentences,
                        "from": self.start.isoformat() if self.start else None,
                        "to": self.end.isoformat() if self.end else None,
                        "query": self.query, "entity": self.entity},
            "documents": self.documents,
            "dates": [d.to_dict() for d in self.dates],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def as_reference(self) -> dict[dt.date, list[str]]:
        """Date -> sentence texts (the Timeline17 reference form)."""
        return {d.date: [s.text for s in d.sentences] for d in self.dates if d.sentences}

    def to_reference_text(self) -> str:
        return write_reference(self.as_reference())

    def to_table(self, width: int | None = None) -> str:
        width = width or shutil.get_terminal_size((100, 20)).columns
        k = self.requested_sentences
        head = (f"Timeline of {self.documents} documents: {len(self.dates)} dates, up to "
                f"{k} sentence{'s' if k != 1 else ''} each")
        lines = [head, ""]
        for d in self.dates:
            lines.append(f"{d.date.isoformat()}  {d.label()}  "
                         f"({d.articles} articles date it, {d.published} published)")
            for s in d.sentences:
                body = textwrap.fill(" ".join(s.text.split()), width=max(40, width - 4),
                                     initial_indent="  - ", subsequent_indent="    ")
                lines.append(body)
                lines.append(f"    [{s.document}, {s.start}-{s.end}]")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def to_markdown(self) -> str:
        lines = [f"# Timeline ({len(self.dates)} dates, {self.documents} documents)", ""]
        for d in self.dates:
            lines.append(f"## {d.date.isoformat()}: {_md(d.label())}")
            lines.append("")
            for s in d.sentences:
                lines.append(f"- {_md(' '.join(s.text.split()))} "
                             f"*({_md(s.document)}, {s.start}-{s.end})*")
            lines.append("")
        return "\n".join(lines)

    def to_timelinejs(self) -> str:
        events = []
        for d in self.dates:
            events.append({
                "start_date": {"year": d.date.year, "month": d.date.month, "day": d.date.day},
                "text": {"headline": d.label(),
                         "text": " ".join(f"<p>{_html(s.text)}</p>" for s in d.sentences)},
                "group": "summary",
            })
        data = {"title": {"text": {"headline": "Timeline",
                                   "text": f"{self.documents} documents"}},
                "events": events}
        return json.dumps(data, indent=2, ensure_ascii=False)

    def as_timeline(self) -> Any:
        """A :class:`~timeline.timeline.Timeline` with one event per date (its label the
        date's who-did-what label), for the chart renderer."""
        from timeline.model import Document, Event, EventTime, Interval, Span
        from timeline.timeline import Timeline

        events = []
        for i, d in enumerate(self.dates, 1):
            label = f"{d.date.day} {d.date:%b} {d.date.year}: {d.label()}"
            sentence = d.sentences[0].text if d.sentences else label
            events.append(Event(
                id=f"d{i}", trigger=Span(label, 0, len(label)), lemma=label, pos="VERB",
                event_class="occurrence", sentence=Span(sentence, 0, len(sentence)),
                participants=(), tense="past", modality="actual",
                time=EventTime(value=d.date.isoformat(), interval=Interval(d.date, d.date),
                               granularity="day", source="explicit", expression=None,
                               confidence=1.0),
            ))
        latest = max((d.date for d in self.dates), default=dt.date.today())
        document = Document(text="", published=dt.datetime.combine(latest, dt.time()),
                            published_source="merged", id="summary",
                            title=f"Timeline of {self.documents} documents")
        return Timeline.build(document, (), tuple(events))


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
