"""Export to one standalone HTML page: the chart as inline SVG and a table of events.

The page loads nothing from elsewhere (no scripts, stylesheets, fonts or images); all text
taken from the document is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from timeline.export.tabular import EventRow, date_cell, event_rows, how_dated, shown_note
from timeline.timeline import DEFAULT_MAX_EVENTS

if TYPE_CHECKING:
    from timeline.timeline import Timeline

_STYLE = """
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --rule: #ddd; --band: #f6f7f9; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: var(--fg); margin: 2rem auto;
       max-width: 60rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
p.meta { color: var(--muted); margin-top: 0; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
         border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--fg); }
tbody tr:nth-child(even) { background: var(--band); }
td.date { white-space: nowrap; }
td.inferred { font-style: italic; }
""".strip()

_COLUMNS = ("#", "Date", "Event", "Participants", "How dated", "Sentence")

_PROLOG = re.compile(r"^\s*(<\?xml[^>]*\?>\s*)?(<!DOCTYPE[^>]*>\s*)?", re.IGNORECASE)


def _svg_fragment(svg: str) -> str:
    """An SVG file's markup without its XML declaration and DOCTYPE, ready to inline."""
    return _PROLOG.sub("", svg, count=1).strip()




def _table(rows: list[EventRow], caption: str) -> str:
    e = html.escape
    header = "".join(f"<th>{h}</th>" for h in _COLUMNS)
    out = [f"<table>\n<caption>{e(caption)}</caption>",
           f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    for n, row in enumerate(rows, 1):
        how = how_dated(row)
        out.append(
            f'<tr id="{e(row.id)}"><td>{n}</td><td class="date">{e(date_cell(row))}</td>'
            f"<td>{e(row.label)}</td><td>{e(row.participants)}</td>"
            f'<td class="{e(row.kind or "undated")}">{e(how)}</td><td>{e(row.sentence)}</td></tr>'
        )
    out.append("</tbody>\n</table>")
    return "\n".join(out)


def to_html(timeline: Timeline, chart: bool = True, everything: bool = False,
            **chart_options: Any) -> str:
    """A standalone HTML5 page: title, publication line, the chart (inline SVG, drawn with
    ``chart_options`` passed to :func:`timeline.render.chart.save_chart`) and the events
    table (dated events in order, then undated ones): what the default table shows, at most
    ``chart_options["max_events"]`` dated ones (``everything=True``: every event)."""
    e = html.escape
    doc = timeline.document
    title = doc.title or "Timeline"
    meta = [f"Published {doc.published_date.isoformat()}"]
    if doc.id:
        meta.append(f"source {doc.id}")
    if doc.url:
        meta.append(doc.url)
    max_events = chart_options.get("max_events") or DEFAULT_MAX_EVENTS
    rows = event_rows(timeline, True, everything, max_events)
    meta.append(shown_note(timeline, rows))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="timeline">',
        f"<title>{e(title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(" · ".join(meta))}</p>',
    ]
    if chart:
        from timeline.render.chart import chart_bytes

        svg = chart_bytes(timeline, "svg", **chart_options).decode("utf-8")
        label = e(f"Timeline chart: {title}")
        parts.append(f'<figure role="img" aria-label="{label}">\n{_svg_fragment(svg)}\n</figure>')
    dated = [r for r in rows if r.start]
    undated = [r for r in rows if not r.start]
    if dated:
        parts.append(_table(dated, "Events in time order"))
    if undated:
        parts.append(_table(undated, "Undated events"))
    if not rows:
        parts.append("<p>No events.</p>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
