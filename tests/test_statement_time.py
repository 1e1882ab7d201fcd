"""timeline.anchoring.statement_time: the time the statement of an undated negated or
hypothetical event is about (used by the anchoring evaluation)."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.anchoring import statement_time
from timeline.model import Event, EventTime, Interval, Span

DAY = dt.date(2006, 5, 8)


def event(sentence: str, trigger: str, modality: str, tense: str,
          time: EventTime | None = None) -> Event:
    start = sentence.index(trigger)
    return Event(
        id="e1", trigger=Span(trigger, start, start + len(trigger)), lemma=trigger,
        pos="VERB", event_class="occurrence", sentence=Span(sentence, 0, len(sentence)),
        participants=(), tense=tense, modality=modality, time=time)


@pytest.mark.parametrize(
    ("sentence", "trigger", "modality", "tense", "dated"),
    [
        ("The logo does not suggest a connection.", "suggest", "negated", "present", True),
        ("The logo did not suggest a connection.", "suggest", "negated", "past", False),
        ("75 hours of video can be stored.", "stored", "hypothetical", "past", True),
        ("75 hours can also be stored.", "stored", "hypothetical", "present", True),
        ("Video could be stored.", "stored", "hypothetical", "past", False),
        ("If the firm can sell it, it will grow.", "grow", "hypothetical", "future", False),
        ("If the firm can sell it, it will grow.", "sell", "hypothetical", "present", False),
        ("It grows, if the firm can sell it.", "sell", "hypothetical", "present", False),
        ("The firm may sell the unit.", "sell", "hypothetical", "present", False),
        ("The firm sells the unit.", "sells", "ongoing", "present", False),
    ],
)
def test_statement_time(sentence: str, trigger: str, modality: str, tense: str,
                        dated: bool) -> None:
    time = statement_time(event(sentence, trigger, modality, tense), DAY)
    if dated:
        assert time is not None
        assert (time.value, time.source, time.interval) == (
            "2006-05-08", "statement-time", Interval(DAY, DAY))
    else:
        assert time is None


def test_a_dated_event_keeps_its_own_time() -> None:
    own = EventTime("2006-05", Interval(dt.date(2006, 5, 1), dt.date(2006, 5, 31)), "month",
                    "explicit", "May", 0.9)
    assert statement_time(event("It does not fit.", "fit", "negated", "present", own),
                          DAY) is None
