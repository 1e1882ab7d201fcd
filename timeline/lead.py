"""Dating in the lead of a news report.

A report's lead tells the news: an event it puts in the past tense with no time of its own
("Apple unveiled the iPhone 4 at its developers' conference") happened on the day the report
came out or the day before. :func:`date_lead_events` gives such events that day; it is one
self-contained step, run once after anchoring (:func:`timeline.pipeline.build_timeline`).

``LEAD_READING`` says which day: ``publication`` (the day of the report) or
``day-before``. Both were measured on the SemEval-2015 Task 4 trial data, MEANTIME (Wikinews)
and TempEval-3 TBAQ (see ``docs/evaluation.md``, "Dating in the lead").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from timeline.lang import en
from timeline.model import Event, EventTime, Interval

__all__ = ["LEAD_READING", "LEAD_SENTENCES", "date_lead_events", "lead_sentences"]

#: ``publication`` or ``day-before`` (or ``None``: no lead rule).
LEAD_READING: str | None = "publication"
#: How many sentences of the body make the lead.
LEAD_SENTENCES = 1
#: How sure the rule is (an inference, like the publication-date default).
CONFIDENCE = 0.4
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def lead_sentences(events: Sequence[Event], text: str, count: int = LEAD_SENTENCES) -> set[int]:
    """Start offsets of the lead's sentences: the first ``count`` sentences (among those
    with events) that end like a sentence; a headline or a dateline does not."""
    starts: dict[int, str] = {}
    for ev in events:
        starts.setdefault(ev.sentence.start, ev.sentence.text)
    lead: set[int] = set()
    for start in sorted(starts):
        if len(lead) >= count:
            break
        if _SENTENCE_END.search(starts[start]) and len(starts[start].split()) > 4:
            lead.add(start)
    return lead


def _perfect(event: Event, text: str) -> bool:
    """"had collapsed": before the narrative's time, not on it."""
    before = text[max(event.sentence.start, event.trigger.start - 24) : event.trigger.start]
    words = before.lower().split()
    return bool(words) and words[-1] in en.load("report.toml")["lead"]["perfect"]


def date_lead_events(
    events: Sequence[Event],
    text: str,
    published: dt.date,
    reading: str | None = None,
) -> tuple[Event, ...]:
    """The events with the un-timed past-tense events of the lead dated by ``reading``
    (default :data:`LEAD_READING`); all other events unchanged."""
    reading = LEAD_READING if reading is None else reading
    if reading not in ("publication", "day-before") or not text:
        return tuple(events)
    day = published if reading == "publication" else published - dt.timedelta(days=1)
    lead = lead_sentences(events, text)
    out = []
    for ev in events:
        if ev.time is None and ev.tense == "past" and ev.modality == "happened" \
                and ev.sentence.start in lead and not _perfect(ev, text):
            ev = replace(ev, time=EventTime(day.isoformat(), Interval(day, day), "day",
                                            "lead-of-report", None, CONFIDENCE, "within"))
        out.append(ev)
    return tuple(out)
