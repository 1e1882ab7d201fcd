"""Export to a Markdown document: a heading, the publication date and a table of events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from timeline.export.tabular import date_cell, event_rows, how_dated, shown_note
from timeline.timeline import DEFAULT_MAX_EVENTS

if TYPE_CHECKING:
    from timeline.timeline import Timeline

_HEADER = ("#", "Date", "Event", "Participants", "How dated", "Sentence")


def escape_cell(text: str) -> str:
    """Make ``text`` safe inside a GitHub-flavoured Markdown table cell."""
    text = " ".join(text.split())
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(ch, "\\" + ch)
    return text




def to_markdown(timeline: Timeline, include_undated: bool = True, everything: bool = False,
                max_events: int | None = DEFAULT_MAX_EVENTS) -> str:
    """The timeline as Markdown: ``# title``, a metadata line, a table of dated events in
    order, then the undated events in a second table. A report for people: it shows what the
    default table shows (``everything=True``: every event)."""
    doc = timeline.document
    lines = [f"# {escape_cell(doc.title or 'Timeline')}", ""]
    meta = [f"Published {doc.published_date.isoformat()}"]
    if doc.id:
        meta.append(f"source `{doc.id.replace('`', '')}`")
    rows = event_rows(timeline, include_undated, everything, max_events)
    meta.append(shown_note(timeline, rows))
    lines += [" \u00b7 ".join(meta), ""]
    dated = [r for r in rows if r.start]
    undated = [r for r in rows if not r.start]
    for heading, group in (("Events", dated), ("Undated events", undated)):
        if not group:
            continue
        if heading != "Events" or undated:
            lines += [f"## {heading}", ""]
        lines.append("| " + " | ".join(_HEADER) + " |")
        lines.append("|" + "|".join(["---:"] + ["---"] * (len(_HEADER) - 1)) + "|")
        for n, row in enumerate(group, 1):
            cells = [str(n), date_cell(row), row.label, row.participants, how_dated(row),
                     row.sentence]
            lines.append("| " + " | ".join(escape_cell(c) for c in cells) + " |")
        lines.append("")
    if not dated and not undated:
        lines += ["_No events._", ""]
    return "\n".join(lines)
