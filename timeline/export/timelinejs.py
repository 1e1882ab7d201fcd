"""Export to Knight Lab's TimelineJS3 JSON format.

See https://timeline.knightlab.com/docs/json-format.html: an object with ``events`` (a list of
slides), an optional ``title`` slide and ``scale``. A slide has ``start_date`` (a date object
with a required ``year`` and optional ``month``, ``day``, ``display_date``...), optional
``end_date``, ``text`` (``headline`` and ``text``, both HTML), ``group``, ``display_date``,
``unique_id`` and ``autolink``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING, Any

from timeline.export.tabular import EXPLICIT_SOURCES

if TYPE_CHECKING:
    from timeline.model import Event
    from timeline.timeline import Timeline

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

#: How precisely each granularity pins a date down: 3 = day, 2 = month, 1 = year.
_PRECISION: dict[str, int] = {
    "time": 3, "day": 3, "week": 3, "month": 2, "quarter": 2, "season": 2,
    "year": 1, "decade": 1, "century": 1,
}


def _date_object(day: dt.date, precision: int) -> dict[str, Any]:
    obj: dict[str, Any] = {"year": day.year}
    if precision >= 2:
        obj["month"] = day.month
    if precision >= 3:
        obj["day"] = day.day
    return obj


def _display(event: Event) -> str:
    assert event.time is not None
    interval, gran = event.time.interval, event.time.granularity
    start, end = interval.start, interval.end
    if gran in ("time", "day") or start == end:
        text = f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    elif gran == "month":
        text = f"{_MONTHS[start.month - 1]} {start.year}"
    elif gran == "year":
        text = str(start.year)
    elif gran in ("decade", "century"):
        text = f"{start.year}\u2013{end.year}"
    else:
        text = (f"{start.day} {_MONTHS[start.month - 1]} {start.year} \u2013 "
                f"{end.day} {_MONTHS[end.month - 1]} {end.year}")
    prefix = {"begins": "since ", "ends": "until ", "before": "before ", "after": "after "}
    return prefix.get(event.time.relation, "") + text


def _slide(event: Event, group: str | None) -> dict[str, Any]:
    time = event.time
    assert time is not None
    precision = _PRECISION.get(time.granularity, 3)
    slide: dict[str, Any] = {
        "start_date": _date_object(time.interval.start, precision),
    }
    if time.interval.end != time.interval.start and time.granularity not in ("time", "day"):
        # the last day of the period, to the day, so that TimelineJS draws the whole span
        slide["end_date"] = _date_object(time.interval.end, 3)
    how = "explicit" if time.source in EXPLICIT_SOURCES else "inferred"
    details = [
        html.escape(event.sentence.text.strip()),
        f"<small>{html.escape(_display(event))} ("
        + (how if how == time.source else f"{how}: {html.escape(time.source)}")
        + ")</small>",
    ]
    slide["text"] = {
        "headline": html.escape(event.label() or event.trigger.text),
        "text": "<p>" + "</p><p>".join(details) + "</p>",
    }
    slide["display_date"] = _display(event)
    if group:
        slide["group"] = group
    slide["unique_id"] = event.id
    slide["autolink"] = False
    return slide


def _group(event: Event) -> str | None:
    agents = [p.text for p in event.participants if p.role == "agent"]
    return agents[0] if agents else None


def timelinejs_data(timeline: Timeline, groups: bool = True) -> dict[str, Any]:
    """The TimelineJS data as a dict: one slide per dated event (undated events have no place
    on a TimelineJS timeline). With ``groups``, events are grouped by their first agent."""
    doc = timeline.document
    published = doc.published_date
    intro = [f"Published {published.day} {_MONTHS[published.month - 1]} {published.year}."]
    if doc.id:
        intro.append(f"Source: {html.escape(doc.id)}.")
    if timeline.undated:
        intro.append(f"{len(timeline.undated)} undated event(s) not shown.")
    return {
        "title": {
            "text": {
                "headline": html.escape(doc.title or "Timeline"),
                "text": "<p>" + " ".join(intro) + "</p>",
            },
        },
        "events": [
            _slide(e, _group(e) if groups else None) for e in timeline.ordered_events()
        ],
        "scale": "human",
    }


def to_timelinejs(timeline: Timeline, groups: bool = True, indent: int | None = 2) -> str:
    """The timeline as TimelineJS3 JSON (UTF-8 text)."""
    return json.dumps(timelinejs_data(timeline, groups), indent=indent, ensure_ascii=False)
