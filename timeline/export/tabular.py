"""CSV export, plus the flat per-event rows that the Markdown and HTML exports share."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timeline.model import Event
    from timeline.timeline import Timeline

#: The CSV columns, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "trigger",
    "date",
    "start",
    "end",
    "granularity",
    "source",
    "participants",
    "sentence",
    "label",
)

EXPLICIT_SOURCES: frozenset[str] = frozenset({"explicit", "same-clause"})


@dataclass(frozen=True)
class EventRow:
    """One event flattened to strings (empty strings for an undated event's time fields)."""

    id: str
    trigger: str
    label: str
    event_class: str
    date: str
    start: str
    end: str
    granularity: str
    source: str
    kind: str  # "explicit", "inferred" or "" (undated)
    relation: str
    participants: str
    sentence: str

    def csv_record(self) -> list[str]:
        return [
            self.id,
            self.trigger,
            self.date,
            self.start,
            self.end,
            self.granularity,
            self.source,
            self.participants,
            self.sentence,
            self.label,
        ]


def date_cell(row: EventRow) -> str:
    """A human-readable date for tables: ``2025-11-17``, or the value and its interval,
    ``2025-W46 (2025-11-10 – 2025-11-16)``; an em dash for undated events."""
    if not row.start:
        return "\u2014"
    if row.start == row.end:
        return row.start
    span = f"{row.start} \u2013 {row.end}"
    return span if row.date in ("", row.start) else f"{row.date} ({span})"


def how_dated(row: EventRow) -> str:
    """``explicit``, ``explicit (same-clause)``, ``inferred (publication-date)``..."""
    if not row.source:
        return "undated"
    return row.kind if row.kind == row.source else f"{row.kind} ({row.source})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def event_row(event: Event) -> EventRow:
    """Flatten one event."""
    time = event.time
    return EventRow(
        id=event.id,
        trigger=event.trigger.text,
        label=event.label() or event.trigger.text,
        event_class=event.event_class,
        date=time.value if time else "",
        start=time.interval.start.isoformat() if time else "",
        end=time.interval.end.isoformat() if time else "",
        granularity=time.granularity if time else "",
        source=time.source if time else "",
        kind=("explicit" if time.source in EXPLICIT_SOURCES else "inferred") if time else "",
        relation=time.relation if time else "",
        participants="; ".join(p.text for p in event.participants),
        sentence=_one_line(event.sentence.text),
    )


def event_rows(timeline: Timeline, include_undated: bool = True, everything: bool = True,
               max_events: int | None = None) -> list[EventRow]:
    """Dated events in timeline order, then (optionally) undated events in text order: every
    event, or (``everything=False``) what the default table shows (the salient events, at
    most ``max_events`` dated ones: :func:`timeline.salience.table_events`)."""
    if everything:
        dated = timeline.ordered_events()
    else:
        from timeline.salience import table_events

        dated = table_events(timeline, max_events)
    rows = [event_row(e) for e in dated]
    if include_undated:
        undated = set(timeline.undated)
        rows += [event_row(e) for e in timeline.events
                 if e.id in undated and (everything or e.salient)]
    return rows


def shown_note(timeline: Timeline, rows: list[EventRow]) -> str:
    """"12 of 94 dated events shown" or "94 dated events", and the undated count."""
    dated = sum(1 for r in rows if r.start)
    undated = len(rows) - dated
    total = len(timeline.order)
    shown = f"{dated} of {total} dated" if dated < total else f"{total} dated"
    if undated < len(timeline.undated):
        return f"{shown}, {undated} of {len(timeline.undated)} undated events shown"
    return f"{shown}, {len(timeline.undated)} undated events" + (
        " shown" if dated < total else "")


def to_csv(timeline: Timeline, include_undated: bool = True) -> str:
    """One CSV row per event (header first), RFC 4180 quoting, ``\\r\\n`` line ends.

    Columns: id, trigger, date (the normalized value, e.g. ``2025-W46``), start, end (the
    interval, ISO dates), granularity, source, participants (joined with ``"; "``), sentence,
    label (the event's headline, "Araghchi visited Assad"; last, so that the earlier columns
    keep their places). Undated events come last with empty time columns.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in event_rows(timeline, include_undated):
        writer.writerow(row.csv_record())
    return buffer.getvalue()
