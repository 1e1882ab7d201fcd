"""Reports of measurements with no verb of their own ("the euro was down 0.5% at $1.12"):
events of the entity they follow, for :func:`timeline.entity_matching.filter_entity`. The word
lists are data in ``timeline/lang/en/entity_matching.toml`` (``[measurements]``)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from timeline.lang import en
from timeline.model import Event, EventTime, Interval, Participant, Span
from timeline.timeline import Timeline

__all__ = ["measurement_events"]


def _measurement_pattern() -> re.Pattern[str]:
    lex = en.load("entity_matching.toml")["measurements"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    number = r"[$€£¥]?\d[\d,.]*"
    amount = rf"{number}\s*(?:{alt(lex['units'])})?"
    direction = rf"(?P<dir>{alt(lex['directions'])})"
    return re.compile(
        rf"[\s,]*(?:(?:{alt(lex['linking_verbs'])})\s+)?"
        rf"(?:{direction}(?:\s+(?:by\s+)?{amount})?|{amount}\s+(?P<dir2>{alt(lex['directions'])}))"
        r"(?![\w-])", re.IGNORECASE)


def measurement_events(timeline: Timeline,
                       mentions: Sequence[tuple[int, int]]) -> tuple[Event, ...]:
    """Reports of measurements with no verb of their own, right after a mention of the
    entity ("the euro was down 0.5% at $1.12", "Brent, 2% higher at $62.80"): each is an
    event of the entity (its trigger the direction word), on the day its sentence names,
    else on the publication day. A report whose verb is an event already ("closed at 9,694,
    down 2.6%") is that event. Word lists: ``[measurements]`` in ``entity_matching.toml``."""
    text = timeline.document.text
    if not text or not mentions:
        return ()
    pattern = _measurement_pattern()
    triggers = sorted(e.trigger.start for e in timeline.events)
    taken = {(e.trigger.start, e.trigger.end) for e in timeline.events}
    next_id = 1 + max((int(e.id[1:]) for e in timeline.events if e.id[1:].isdigit()),
                      default=0)
    out: list[Event] = []
    for start, end in mentions:
        m = pattern.match(text, end, min(len(text), end + 60))
        if m is None:
            continue
        key = "dir" if m.group("dir") else "dir2"
        t_start, t_end = m.start(key), m.end(key)
        k = bisect_left(triggers, end)
        if (t_start, t_end) in taken or (k < len(triggers) and triggers[k] < t_start):
            continue
        taken.add((t_start, t_end))
        sentence = _sentence_at(timeline, text, start)
        participant = Participant(text[start:end], start, end, "NP", "patient")
        report = " ".join(text[start : m.end()].split())  # "The euro was down 0.5%"
        out.append(Event(f"e{next_id}", Span(text[t_start:t_end], t_start, t_end),
                         m.group(key).lower(), "ADV", "occurrence", sentence, (participant,),
                         "past", "happened", _day_of(timeline, sentence),
                         headline=report[:1].upper() + report[1:]))
        next_id += 1
    return tuple(out)


def _sentence_at(timeline: Timeline, text: str, at: int) -> Span:
    """The sentence holding a character offset: an event's sentence, else the text between
    the sentence ends around it."""
    for ev in timeline.events:
        if ev.sentence.start <= at < ev.sentence.end:
            return ev.sentence
    starts = [m.end() for m in re.finditer(r"[.!?]\s+|\n", text[:at])]
    begin = starts[-1] if starts else 0
    stop = re.search(r"[.!?](?=\s|$)|\n", text[at:])
    finish = at + stop.end() if stop else len(text)
    return Span(text[begin:finish], begin, finish)


def _day_of(timeline: Timeline, sentence: Span) -> EventTime:
    """The date a sentence names (its first time expression with a calendar value), else
    the publication day."""
    for t in timeline.time_expressions:
        if sentence.start <= t.start < sentence.end and t.type == "DATE" and \
                t.interval is not None and t.granularity is not None:
            return EventTime(t.value, t.interval, t.granularity, "same-clause", t.id, 0.7)
    day = timeline.document.published.date()
    return EventTime(day.isoformat(), Interval(day, day), "day", "publication-date", None, 0.5)
