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

from spacy.tokens import Doc, Token

from timeline.lang import en
from timeline.model import Event, EventTime, Interval, TimeExpression

__all__ = ["DAY_NEWS", "LEAD_READING", "LEAD_SENTENCES", "NEWS_WINDOW_DAYS",
           "date_lead_events", "lead_sentences"]

#: ``publication`` or ``day-before`` (or ``None``: no lead rule).
LEAD_READING: str | None = "publication"
#: How many sentences of the body make the lead.
LEAD_SENTENCES = 1
#: How sure the rule is (an inference, like the publication-date default).
CONFIDENCE = 0.4
#: Whether the day's news goes on beyond the lead (:func:`_date_day_news`).
DAY_NEWS = True
#: Whether past happenings the parse dated by the publication-date default ("said") take the
#: day the story tells instead.
REPORTED_ON_NEWS_DAY = True
#: How many days before publication a date may lie and still be the day's news ("Sunday" in
#: a Monday paper).
NEWS_WINDOW_DAYS = 3
_PARAGRAPH = re.compile(r"\n\s*\n")
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
    *,
    doc: Doc | None = None,
    timexes: Sequence[TimeExpression] = (),
) -> tuple[Event, ...]:
    """The events with the un-timed past-tense events of the lead dated by ``reading``
    (default :data:`LEAD_READING`); all other events unchanged.

    With the parse (``doc``) and the time expressions, a report of the day (its lead tells
    a happening of the news window) also dates the un-timed past happenings further down
    unless their sentence is about another time (:func:`_date_day_news`)."""
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
    if DAY_NEWS and doc is not None and reading == "publication":
        return _date_day_news(tuple(out), text, published, doc, timexes, lead)
    return tuple(out)


def _in_window(interval: Interval, published: dt.date) -> bool:
    return interval.start <= published and (published - interval.end).days <= NEWS_WINDOW_DAYS


def _sentence_kind(
    start: int, end: int, timexes: Sequence[TimeExpression], published: dt.date, doc: Doc
) -> str | None:
    """What the time expressions of a sentence's main clauses say about it: ``day`` (one
    lies in the news window), ``background`` (all the dated ones lie before it, or a vague
    past: "years ago", "recently"), ``None`` (none, or only future ones). An expression that
    dates a noun ("its record high set on Aug. 7", "the 2008 crisis") or that a "since"
    compares with ("the lowest level since March") says nothing of the sentence."""
    kinds = set()
    for tx in timexes:
        if not start <= tx.start < end or not _dates_main_clause(tx, doc):
            continue
        if tx.value == "PAST_REF":
            kinds.add("background")
        elif tx.interval is not None and tx.type in ("DATE", "TIME"):
            if _in_window(tx.interval, published):
                kinds.add("day")
            elif tx.interval.end < published:
                kinds.add("background")
    if "day" in kinds:
        return "day"
    return "background" if kinds else None


def _dates_main_clause(tx: TimeExpression, doc: Doc) -> bool:
    """Whether an expression dates a main clause of its sentence: not a noun's modifier
    ("the 2008 crisis", "a record set on Aug. 7"), not a "since" or "until" phrase, not in
    a background clause."""
    span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in en.load("report.toml")["day_news"]["comparison_preps"]:
        return False
    for _ in range(6):
        if token.head.i == token.i:
            return True
        head = token.head
        if head.pos_ in ("VERB", "AUX"):
            return not _background_token(head)
        if head.pos_ in ("NOUN", "PROPN") and token.dep_ in ("compound", "amod", "nummod",
                                                             "poss", "nmod"):
            return False  # "the 2008 crisis"
        token = head
    return True


def _present_perfect(ev: Event, doc: Doc) -> bool:
    """"has sent": true at publication, not a happening of the story's day."""
    span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    return span is not None and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
        for c in span.root.children)


def _background_clause(ev: Event, doc: Doc) -> bool:
    """A happening told as background to another: a clause of "after", "since", "before",
    "until", "once" ("after the old regime fell", "since the war began") or a participle
    modifying a noun ("a British expert kidnapped in 1996")."""
    span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
    return span is None or _background_token(span.root)


def _background_token(token: Token) -> bool:
    """A verb told as background: in a clause or phrase of "after", "since", "before",
    "until", "once" (its own subordinator or one above it: "since the 1998 bombing that
    killed ..."), or a participle or relative clause modifying a noun."""
    marks = set(en.load("report.toml")["day_news"]["background_marks"])
    current = token
    for _ in range(8):
        if current.dep_ in ("acl", "amod", "relcl"):
            return True
        if any(c.lower_ in marks for c in current.children if c.dep_ in ("mark", "advmod")) \
                and current.dep_ in ("advcl", "pcomp", "pobj", "ccomp", "conj"):
            return True
        if current.dep_ == "prep" and current.lower_ in marks:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _date_day_news(
    events: tuple[Event, ...],
    text: str,
    published: dt.date,
    doc: Doc,
    timexes: Sequence[TimeExpression],
    lead: set[int],
) -> tuple[Event, ...]:
    """The day's news beyond the lead. In a report of the day (its lead is not dated before
    the news window, the publication day and the few days before it), a past-tense verb
    event that happened and has no time gets the day the story tells (the last day in the
    window an explicit time gave an event so far, else the publication day) while its
    paragraph is still about the day: no sentence since the paragraph began, or since the
    last sentence dated in the window, has its main clauses dated before the window ("saw
    fierce fighting earlier in the war" makes what follows background). Not a past perfect,
    not a background clause ("after the old regime fell"). A past event the parse only
    dated by the publication-date default ("..., the official said") takes that day too."""
    lead_kinds = {_sentence_kind(ev.sentence.start, ev.sentence.end, timexes, published, doc)
                  for ev in events if ev.sentence.start in lead}
    if not lead or lead_kinds == {"background"}:
        return events  # the lead tells of another time: not a report of the day
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    state, paragraph = "day", 0
    news_day = published
    first = min(lead)  # the headline and the dateline before the lead are not the story
    out = []
    current_sentence = -1
    sentence_kind: str | None = None
    for ev in sorted(events, key=lambda e: e.trigger.start):
        if ev.sentence.start != current_sentence:
            current_sentence = ev.sentence.start
            k = sum(1 for p in paragraph_starts if p <= ev.sentence.start) - 1
            if k != paragraph:
                paragraph, state = k, "day"  # a new paragraph: back to the day's news
            sentence_kind = _sentence_kind(ev.sentence.start, ev.sentence.end, timexes,
                                           published, doc)
            if sentence_kind is not None:
                state = sentence_kind
        if ev.sentence.start < first:
            out.append(ev)
            continue
        if ev.time is None and state == "day" \
                and ev.pos == "VERB" and ev.tense == "past" and ev.modality == "happened" \
                and not _perfect(ev, text) and not _background_clause(ev, doc):
            ev = replace(ev, time=EventTime(news_day.isoformat(), Interval(news_day, news_day),
                                            "day", "lead-of-report", None, CONFIDENCE,
                                            "within"))
        elif REPORTED_ON_NEWS_DAY and ev.time is not None and \
                ev.time.source == "publication-date" and news_day != published and \
                state == "day" \
                and ev.pos == "VERB" and ev.tense == "past" and ev.modality == "happened" \
                and not _present_perfect(ev, doc):
            # "..., the official said" (and what it passes on: "acknowledged ... but
            # dismissed"): on the day the story tells, not on the paper's
            ev = replace(ev, time=EventTime(news_day.isoformat(), Interval(news_day, news_day),
                                            "day", "inherited-from-context", None, CONFIDENCE,
                                            "within"))
        elif ev.time is not None and ev.time.source in ("explicit", "same-clause") and \
                ev.time.relation == "within" and ev.time.granularity in ("day", "time") and \
                _in_window(ev.time.interval, published):
            news_day = ev.time.interval.start  # the day the story is telling
        out.append(ev)
    out = _arguments_of_day_news(out, doc)
    order = {ev.id: k for k, ev in enumerate(events)}
    return tuple(sorted(out, key=lambda e: order[e.id]))


def _arguments_of_day_news(events: list[Event], doc: Doc) -> list[Event]:
    """An event noun that is the subject or object of a verb the day's news dated ("The
    company announced a restructuring": the restructuring) takes its day, as the
    same-clause rule of :mod:`timeline.anchoring` does for verbs dated otherwise."""
    by_start = {ev.trigger.start: ev for ev in events}
    out = []
    for ev in events:
        if ev.time is None and ev.pos == "NOUN" and ev.modality == "happened":
            span = doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
            head = span.root.head if span is not None else None
            verb = by_start.get(head.idx) if head is not None else None
            if verb is not None and verb.time is not None and \
                    verb.time.source == "lead-of-report" and \
                    span is not None and span.root.dep_ in ("dobj", "nsubj", "nsubjpass"):
                ev = replace(ev, time=verb.time)
        out.append(ev)
    return out
