"""Date selection: which days of a story matter, from the evidence across its articles.

A day's score adds up, with the weights of :class:`DateWeights`:

* the distinct articles whose events a time expression of their clause dates to the day
  ("on June 25",
  "on Thursday", "yesterday"): each article counts once, however often it repeats the date;
* the distinct articles published *after* the day whose time expressions point back to it:
  a day that later coverage still recalls is a day the story is about (the strongest
  evidence on the development stories);
* the events so dated (the number of mentions, on a log scale: saturating);
* the articles published that day (their present-day events are dated by publication only,
  which is weaker evidence than a time expression);
* the salience of the day's events: how central their sentences are to the whole story
  (TF-IDF similarity of the day's sentences to the story's centroid);

and days outside the story's span (a month or more before its first article, or after its
last) weigh less: background mentions ("in 2005 he was acquitted") should not outrank what
the coverage is about.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from timeline.model import Event
from timeline.summarize.corpus import Article

#: Event sources that come from a time expression (not from the publication date).
TEXT_SOURCES = frozenset({"explicit", "same-clause", "inherited-from-sentence",
                          "inherited-from-context"})
#: Sources where the event's own clause has the time expression (the strongest).
DIRECT_SOURCES = frozenset({"explicit", "same-clause"})
SKIPPED_MODALITIES = frozenset({"hypothetical", "negated"})


@dataclass(frozen=True)
class DateWeights:
    """Hand-set weights of the date score (see the module docstring)."""

    articles: float = 0.5
    recalled: float = 1.0
    mentions: float = 0.0
    published: float = 0.25
    salience: float = 1.0
    #: factor for a day more than ``grace_days`` before the first article's publication
    #: (background), or after the last article's (a planned event)
    before_story: float = 0.3
    grace_days: int = 30
    #: factor for a day after the last article's publication (a planned event)
    after_story: float = 0.3


@dataclass
class DayEvidence:
    """What the articles say about one day."""

    day: dt.date
    articles: set[str] = field(default_factory=set)
    #: articles published after the day whose time expressions point to it
    recalled: set[str] = field(default_factory=set)
    mentions: int = 0
    published: int = 0
    #: (article index, event) pairs dated to the day, by text or by publication
    events: list[tuple[int, Event, bool]] = field(default_factory=list)


def day_of(event: Event) -> dt.date | None:
    """The day an event is dated to, if it is dated to one day."""
    t = event.time
    if t is None or t.granularity not in ("day", "time") or t.relation != "within":
        return None
    if t.interval.start != t.interval.end:
        return None
    if event.modality in SKIPPED_MODALITIES:
        return None
    return t.interval.start


def _days_pointed(
    article: Article, sentences: set[tuple[int, int]] | None
) -> dict[dt.date, list[int]]:
    """The days the article's time expressions resolve to, with the start offsets of those
    expressions (within ``sentences`` when given: the sentences of the events kept by an
    entity or query filter)."""
    days: dict[dt.date, list[int]] = {}
    for t in article.timeline.time_expressions:
        iv = t.interval
        if iv is None or t.granularity not in ("day", "time") or iv.start != iv.end:
            continue
        if sentences is not None and not any(a <= t.start < b for a, b in sentences):
            continue
        days.setdefault(iv.start, []).append(t.start)
    return days


def collect_evidence(
    articles: Sequence[Article],
    events_of: Sequence[Iterable[Event]],
    filtered: bool = False,
) -> dict[dt.date, DayEvidence]:
    """Evidence per day; ``events_of[i]`` are the events of ``articles[i]`` to consider
    (``filtered``: a subset of them, whose sentences then bound the time expressions)."""
    days: dict[dt.date, DayEvidence] = {}

    def get(day: dt.date) -> DayEvidence:
        if day not in days:
            days[day] = DayEvidence(day)
        return days[day]

    for i, (article, events) in enumerate(zip(articles, events_of, strict=True)):
        published = article.document.published_date
        get(published).published += 1
        events = list(events)
        bounds = {(e.sentence.start, e.sentence.end) for e in events} if filtered else None
        pointed = _days_pointed(article, bounds)
        for day in pointed:
            if day < published:
                get(day).recalled.add(article.key)
        dated: set[tuple[dt.date, int]] = set()
        for ev in events:
            day = day_of(ev)
            if day is None:
                continue
            assert ev.time is not None
            by_text = ev.time.source in TEXT_SOURCES
            evidence = get(day)
            evidence.events.append((i, ev, by_text))
            dated.add((day, ev.sentence.start))
            if by_text:
                evidence.mentions += 1
            if ev.time.source in DIRECT_SOURCES:
                evidence.articles.add(article.key)
        # a sentence that names the day is a candidate for it even when the resolver dated
        # its event otherwise (a coarser date, another clause's date)
        for day, offsets in pointed.items():
            for ev in events:
                sent = ev.sentence
                if (day, sent.start) in dated or ev.modality in SKIPPED_MODALITIES:
                    continue
                if any(sent.start <= o < sent.end for o in offsets):
                    get(day).events.append((i, ev, True))
                    dated.add((day, sent.start))
    return days


def score_days(
    days: dict[dt.date, DayEvidence],
    salience: dict[dt.date, float],
    story: tuple[dt.date, dt.date] | None,
    weights: DateWeights | None = None,
) -> dict[dt.date, float]:
    """The score of every day with evidence."""
    weights = weights or DateWeights()
    scores: dict[dt.date, float] = defaultdict(float)
    for day, ev in days.items():
        score = (weights.articles * len(ev.articles)
                 + weights.recalled * len(ev.recalled)
                 + weights.mentions * math.log1p(ev.mentions)
                 + weights.published * ev.published)
        score *= 1 + weights.salience * salience.get(day, 0.0)
        if story is not None:
            if (story[0] - day).days > weights.grace_days:
                score *= weights.before_story
            elif day > story[1]:
                score *= weights.after_story
        scores[day] = score
    return dict(scores)


def top_days(scores: dict[dt.date, float], count: int) -> list[dt.date]:
    """The ``count`` best days, best first (ties: the earlier day)."""
    return sorted(scores, key=lambda d: (-scores[d], d))[:count]
