"""Nominal events take the time of the participle that modifies them ("an agreement reached in
1991"), or the time they are set for ("the trial is set to begin on Wednesday"), before the
time of the clause they sit in."""

from __future__ import annotations

import pytest

from timeline import extract

CASES = [
    # (text, published, trigger, expected value)
    ("The union claims that the owners' new plant violates an agreement reached between the "
     "two sides in 2019, which barred the owners from building it.",
     "2006-03-28", "agreement", "2019"),
    ("The union claims that the plant violates an agreement with the owners.",
     "2006-03-28", "agreement", "2006-03-28"),  # no participle: the clause's time
    # the subject of "set to", "scheduled to": the time it is set for
    ("The hearing is scheduled to start on Friday in the federal court.",
     "2024-05-01", "hearing", "2024-05-03"),
    ("The vote is set to take place on Monday.", "2024-05-01", "vote", "2024-05-06"),
]


@pytest.mark.parametrize(("text", "published", "trigger", "value"), CASES)
def test_noun_takes_the_time_its_clause_gives_it(text: str, published: str, trigger: str,
                                        value: str) -> None:
    tl = extract(text, published=published)
    event = next(e for e in tl.events if e.trigger.text == trigger)
    assert event.time is not None and event.time.value == value
