"""Dates that hold on unseen news (issue 20): one table of our own sentences per point.

1. "since X" / "until X" do not date the happening at X; 2. a clause's own date beats the
context; 3. the day's news beyond the lead; 4. a time modifying a noun does not date the
verb; 5. ranges are one interval; 6. "at/over the weekend" in past text; 7. compositions;
8. copula predications with their own time.
"""

from __future__ import annotations

import datetime as dt

import pytest

from timeline import extract
from timeline.model import Event
from timeline.timex.normalize import normalize
from timeline.timex.resolvers import Context


def _event(text: str, published: str, trigger: str, nth: int = 0) -> Event:
    tl = extract(text, published)
    found = [e for e in tl.events if e.trigger.text == trigger]
    assert len(found) > nth, f"no event {trigger!r} in {[e.trigger.text for e in tl.events]}"
    return found[nth]


def _value(ev: Event) -> str | None:
    return ev.time.value if ev.time is not None else None


# ---- 1. since and until --------------------------------------------------------------------
SINCE_UNTIL = [
    # (published, text, trigger, value, relation, interval or None)
    ("2024-03-15", "Shares closed at their lowest level since March 2003 on Friday.",
     "closed", "2024-03-15", "within", None),
    ("2024-03-15", "Stocks posted their best week since November on Friday.",
     "posted", "2024-03-15", "within", None),
    ("2024-03-15", "The yen hit a level not seen since last spring on Friday.",
     "hit", "2024-03-15", "within", None),
    ("2024-03-13", "The border will stay closed until Friday, officials said.",
     "stay", "2024-03-13", "ends", ("2024-03-13", "2024-03-15")),
    ("2024-03-15", "He has lived in Paris since 2022, his lawyer said.",
     "lived", "2022", "begins", ("2022-01-01", "2024-03-15")),
]


@pytest.mark.parametrize(("published", "text", "trigger", "value", "relation", "interval"),
                         SINCE_UNTIL)
def test_since_and_until_do_not_date_the_happening(
    published: str, text: str, trigger: str, value: str, relation: str,
    interval: tuple[str, str] | None,
) -> None:
    ev = _event(text, published, trigger)
    assert ev.time is not None
    assert (ev.time.value, ev.time.relation) == (value, relation)
    if interval is not None:
        assert (ev.time.interval.start.isoformat(), ev.time.interval.end.isoformat()) == interval


def test_until_in_a_past_clause_gives_no_date_of_its_own() -> None:
    """"postponed until Tuesday": the postponing is not on Tuesday (the day's news dates it)."""
    ev = _event("Officials postponed until Tuesday any action on the permit.", "2024-03-15",
                "postponed")
    assert _value(ev) != "2024-03-19"


# ---- 2. a clause's own date beats the context -----------------------------------------------
OWN_DATE = [
    ("2024-03-15", "Lawmakers approved the bill on Thursday. The vote came as the governor on "
     "Tuesday signed the budget.", "signed", "2024-03-12"),
    ("2024-03-15", "Lawmakers approved the bill on Thursday. The vote came as the governor on "
     "Tuesday signed the budget.", "came", "2024-03-12"),
    ("2024-03-15", "The strike ended on Monday. Its end came as the union on Wednesday accepted "
     "the offer.", "accepted", "2024-03-13"),
]


@pytest.mark.parametrize(("published", "text", "trigger", "value"), OWN_DATE)
def test_a_clause_own_date_beats_the_context(published: str, text: str, trigger: str,
                                              value: str) -> None:
    assert _value(_event(text, published, trigger)) == value


# ---- 3. the day's news beyond the lead ------------------------------------------------------
MARKET = ("Stocks fell sharply in Tokyo on Friday. Exporters led the decline. The benchmark "
          "slid 3% by the close. Declines were seen across Asian markets. The rally had begun "
          "after the old regime fell.\n\nIn 1998, the bank collapsed. Investors lost billions.")
DAY_NEWS = [
    # (trigger, nth, value)
    ("led", 0, "2024-03-15"),
    ("slid", 0, "2024-03-15"),
    ("seen", 0, "2024-03-15"),
    ("fell", 1, None),  # "after the old regime fell": background
    ("lost", 0, None),  # a paragraph about 1998
]


@pytest.mark.parametrize(("trigger", "nth", "value"), DAY_NEWS)
def test_the_day_news_beyond_the_lead(trigger: str, nth: int, value: str | None) -> None:
    ev = _event(MARKET, "2024-03-15", trigger, nth)
    assert (_value(ev) if value is None else _value(ev)[:10]) == value \
        or (value is None and _value(ev) != "2024-03-15")


def test_the_day_news_is_the_day_the_story_tells() -> None:
    """A story of Friday's events published on Saturday: undated happenings are Friday's."""
    text = ("Apple held a press conference on Friday morning. Jobs acknowledged the problem "
            "but dismissed the criticism.")
    assert _value(_event(text, "2010-07-17", "dismissed")) == "2010-07-16"


# ---- 4. a time expression modifying a noun --------------------------------------------------
NOUN_TIMES = [
    ("2024-03-15", "The banker recalled the 2008 crisis in a speech.", "recalled", "2008"),
    ("2024-03-15", "She discussed his 1999 book with students.", "discussed", "1999"),
    ("2024-03-15", "The family sold a 15th-century castle to an investor.", "sold", "14"),
]


@pytest.mark.parametrize(("published", "text", "trigger", "not_value"), NOUN_TIMES)
def test_a_noun_modifier_does_not_date_the_verb(published: str, text: str, trigger: str,
                                                not_value: str) -> None:
    value = _value(_event(text, published, trigger))
    assert value is None or not value.startswith(not_value)


# ---- 5. ranges ------------------------------------------------------------------------------
RANGES = [
    # (published, text, trigger, interval)
    ("2024-03-15", "Police held the suspects between March 3 and April 19 2006.", "held",
     ("2006-03-03", "2006-04-19")),
    ("2024-05-15", "The festival will run from the 2nd to the 9th of June.", "run",
     ("2024-06-02", "2024-06-09")),
    ("2024-08-15", "The talks will be held Sept 4 - Sept 9.", "held",
     ("2024-09-04", "2024-09-09")),
    ("2024-05-15", "The fair will run June 2-9.", "run", ("2024-06-02", "2024-06-09")),
]


@pytest.mark.parametrize(("published", "text", "trigger", "interval"), RANGES)
def test_a_range_is_one_interval_and_the_event_takes_it(
    published: str, text: str, trigger: str, interval: tuple[str, str]
) -> None:
    ev = _event(text, published, trigger)
    assert ev.time is not None and ev.time.computed == "range"
    assert (ev.time.interval.start.isoformat(), ev.time.interval.end.isoformat()) == interval


CLOCK_RANGES = [
    ("The meeting will last from 3 to 4 pm.", ("T15:00", "T16:00")),
    ("The shop opens 9-11am on Thursday.", ("T09:00", "T11:00")),
    ("Talks ran from 9:30 - 11:00 on Thursday.", ("2024-03-14T09:30", "2024-03-14T11:00")),
]


@pytest.mark.parametrize(("text", "ends"), CLOCK_RANGES)
def test_clock_ranges_borrow_from_their_second_end(text: str, ends: tuple[str, str]) -> None:
    tl = extract(text, "2024-03-15")
    values = [t.value for t in tl.time_expressions]
    assert any(v.endswith(ends[0]) for v in values), values
    assert any(v.endswith(ends[1]) for v in values), values


# ---- 6. the weekend in past-tense text ------------------------------------------------------
WEEKENDS = [
    ("2024-03-18", "Rebels attacked the town at the weekend.", "attacked", "2024-W11-WE"),
    ("2024-03-20", "Protesters marched over the weekend.", "marched", "2024-W11-WE"),
    ("2024-03-17", "Protesters marched over the weekend.", "marched", "2024-W11-WE"),
    ("2024-03-20", "Markets have recovered from losses suffered over the weekend.", "suffered",
     "2024-W11-WE"),
]


@pytest.mark.parametrize(("published", "text", "trigger", "value"), WEEKENDS)
def test_the_weekend_in_past_text_is_the_one_before_publication(
    published: str, text: str, trigger: str, value: str
) -> None:
    assert _value(_event(text, published, trigger)) == value


# ---- 7. compositions ------------------------------------------------------------------------
_TUESDAY = Context(dt.date(2013, 2, 12), "future", published_time=dt.time(4, 30),
                   preceding="will meet ")
COMPOSITIONS = [
    ("first Tuesday in October", "2013-10-01"),
    ("the second Monday of next month", "2013-03-11"),
    ("last Sunday of March 2014", "2014-03-30"),
    ("third tuesday after christmas 2014", "2015-01-13"),
    ("in 7 days at 5pm", "2013-02-19T17:00"),
    ("three days after Easter", "2013-04-03"),
    ("the closest Monday to Oct 5th", "2013-10-07"),
    ("2 thursdays ago", "2013-01-31"),
    ("Wednesday of next week", "2013-02-20"),
    ("last week's Sunday", "2013-02-10"),
    ("the day after tomorrow at 5pm", "2013-02-14T17:00"),
    ("a quarter past 3pm", "2013-02-12T15:15"),
    ("15h15", "2013-02-12T15:15"),
    ("31-Oct-74", "1974-10-31"),
    ("the end of next month", "2013-03"),
    ("EOY", "2013"),
    ("last weekend of October", "2013-W43-WE"),
]


@pytest.mark.parametrize(("words", "value"), COMPOSITIONS)
def test_compositions(words: str, value: str) -> None:
    result = normalize(words, _TUESDAY)
    assert result is not None, words
    assert result[0].value == value


def test_in_minutes_is_a_clock_time_only_with_a_time_of_publication() -> None:
    after = Context(dt.date(2013, 2, 12), "present", published_time=dt.time(4, 30),
                    preceding="starts in ")
    result = normalize("15 minutes", after)
    assert result is not None and result[0].value == "2013-02-12T04:45:00"
    without = Context(dt.date(2013, 2, 12), "present", preceding="starts in ")
    result = normalize("15 minutes", without)
    assert result is not None and result[0].value == "PT15M"


def test_the_end_of_the_year_is_its_last_four_months() -> None:
    result = normalize("the end of the year", _TUESDAY)
    assert result is not None and result[0].interval is not None
    assert (result[0].interval.start, result[0].interval.end) == \
        (dt.date(2013, 9, 1), dt.date(2013, 12, 31))


# ---- 8. copula predications with their own time ---------------------------------------------
COPULAS = [
    ("2024-03-15", "The index was 1.9% lower at 14:30 GMT.", "lower", "2024-03-15T14:30Z"),
    ("2024-03-15", "The dollar was weaker against the yen on Thursday.", "weaker",
     "2024-03-14"),
    ("2024-03-15", "Its shares were down 25 cents in New York on Thursday.", "down",
     "2024-03-14"),
]


@pytest.mark.parametrize(("published", "text", "trigger", "value"), COPULAS)
def test_copula_predications_with_their_own_time_are_dated_events(
    published: str, text: str, trigger: str, value: str
) -> None:
    ev = _event(text, published, trigger)
    assert _value(ev) == value
    assert not ev.salient  # a state: off the default table


def test_a_copula_without_a_time_is_no_event() -> None:
    tl = extract("The index was lower.", "2024-03-15")
    assert "lower" not in [e.trigger.text for e in tl.events]


def test_the_amount_a_change_is_measured_from_keeps_its_own_time() -> None:
    """"from $93 million a year earlier": the change is this year's; the earlier amount's time
    is the comparison a year back."""
    text = ("Acme Corp. reported results for the third quarter on Tuesday. Revenue declined 8% "
            "to $85.7 million from $93.3 million a year earlier.")
    ev = _event(text, "1989-10-26", "declined")
    assert ev.time is not None and ev.time.value.startswith("1989")


def test_a_relative_clause_on_a_dated_event_shares_its_time() -> None:
    """"the January 1998 bombing of a clinic that killed an officer": the killing is the
    bombing's, though the parser hangs the clause on "clinic"."""
    text = ("Rudolph has been on the run since the January 1998 bombing of an abortion clinic "
            "that killed an off-duty police officer.")
    assert _value(_event(text, "1999-06-07", "killed")) == "1998-01"
