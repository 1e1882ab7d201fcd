"""Timeline summarization: a story's timeline of L dates with K extractive sentences each,
from hundreds of articles (``timeline summarize``).

* :mod:`timeline.summarize.corpus` - parsing the articles, with a cache;
* :mod:`timeline.summarize.dates` - date selection from the evidence across articles;
* :mod:`timeline.summarize.sentences` - sentence selection per date, near-duplicate removal;
* :mod:`timeline.summarize.summary` - the result and its outputs;
* :mod:`timeline.summarize.baseline` - the naive baseline of the evaluation.

See docs/summarize.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from timeline.model import Event
from timeline.summarize.corpus import Article, load_articles
from timeline.summarize.dates import DateWeights, collect_evidence, score_days, top_days
from timeline.summarize.sentences import (
    Candidate,
    Vectors,
    candidate_score,
    centrality,
    normalized,
    pick,
)
from timeline.summarize.summary import Summary, SummaryDate, SummarySentence

__all__ = [
    "Article",
    "DateWeights",
    "Summary",
    "SummaryDate",
    "SummarySentence",
    "load_articles",
    "summarize",
]


def _query_matcher(query: str | None) -> re.Pattern[str] | None:
    words = [w for w in re.findall(r"\w+", query or "") if w]
    if not words:
        return None
    return re.compile(r"(?i)\b(" + "|".join(re.escape(w) for w in words) + r")")


def _events(articles: Sequence[Article], entity: str | None,
            query: re.Pattern[str] | None) -> list[list[Event]]:
    matcher = None
    if entity:
        from timeline.entity_matching import EntityMatcher

        matcher = EntityMatcher(entity)
    out = []
    for a in articles:
        tl = a.timeline
        if matcher is not None:
            from timeline.entity_matching import filter_entity

            tl = filter_entity(tl, matcher)
        events = [e for e in tl.events if e.time is not None]
        if query is not None:
            events = [e for e in events if query.search(e.sentence.text)]
        out.append(events)
    return out


def summarize(
    articles: Sequence[Article],
    *,
    dates: int = 10,
    sentences: int = 2,
    start: dt.date | None = None,
    end: dt.date | None = None,
    query: str | None = None,
    entity: str | None = None,
    weights: DateWeights | None = None,
) -> Summary:
    """The timeline summary of a story's articles: ``dates`` days (within ``start`` ..
    ``end`` when given), ``sentences`` sentences each."""
    if dates < 1 or sentences < 1:
        raise ValueError("dates and sentences must be at least 1")
    matcher = _query_matcher(query)
    events_of = _events(articles, entity, matcher)
    evidence = collect_evidence(articles, events_of, filtered=bool(entity or matcher))
    evidence = {d: e for d, e in evidence.items()
                if (start is None or d >= start) and (end is None or d <= end)}

    # candidates per day, deduplicated by their words across articles
    by_text: dict[str, Candidate] = {}
    per_day: dict[dt.date, list[Candidate]] = {}
    for day in sorted(evidence):
        seen: dict[str, Candidate] = {}
        for i, ev, textual in evidence[day].events:
            sent = ev.sentence
            key = normalized(sent.text)
            if not key:
                continue
            c = seen.get(key)
            if c is None:
                c = Candidate(sent.text.strip(), i, sent.start, sent.end, ev, textual, {i},
                              day, articles[i].document.published_date)
                seen[key] = c
            else:
                c.support.add(i)
                if textual and not c.by_text:  # the same sentence, dated by its text
                    c.by_text, c.event, c.events = True, ev, []
                    c.article, c.start, c.end = i, sent.start, sent.end
                    c.published = articles[i].document.published_date
                elif i == c.article and ev.id != c.event.id:
                    c.events.append(ev)
        per_day[day] = list(seen.values())
    texts: list[str] = []
    for cands in per_day.values():
        for c in cands:
            key = normalized(c.text)
            if key not in by_text:
                by_text[key] = c
                c.row = len(texts)
                texts.append(c.text)
            else:
                c.row = by_text[key].row
    vectors = Vectors(texts)

    # salience: the day's sentences against the story's
    all_rows = list(range(len(texts)))
    story_central = dict(zip(all_rows, centrality(vectors, all_rows, [1.0] * len(all_rows)),
                             strict=True))
    salience = {}
    for day, cands in per_day.items():
        textual = [c for c in cands if c.by_text]
        salience[day] = (sum(story_central[c.row] for c in textual) / len(textual)
                         if textual else 0.0)
    span = None
    if articles:
        pubs = [a.document.published_date for a in articles]
        span = (min(pubs), max(pubs))
    scores = score_days(evidence, salience, span, weights or DateWeights())

    # the best days first, each filled with its best sentences that are not near-duplicates
    # of the summary so far; a day left with none gives way to the next
    picked: dict[dt.date, list[tuple[Candidate, float]]] = {}
    chosen_rows: list[int] = []
    for day in top_days(scores, len(scores)):
        if len(picked) >= dates:
            break
        cands = per_day.get(day, [])
        central = centrality(vectors, [c.row for c in cands],
                             [1.0 if c.by_text else 0.4 for c in cands])
        cscores = [candidate_score(c, x, story_central[c.row])
                   for c, x in zip(cands, central, strict=True)]
        chosen = pick(cands, cscores, sentences, vectors, chosen_rows)
        if chosen:
            picked[day] = chosen

    out = []
    for day in sorted(picked):
        ev = evidence[day]
        sents = tuple(
            SummarySentence(
                text=c.text, document=str(articles[c.article].document.id or
                                          articles[c.article].key),
                start=c.start, end=c.end, published=articles[c.article].document.published_date,
                event=c.best_event().id, label=c.best_event().label(), score=s)
            for c, s in picked[day])
        out.append(SummaryDate(day, scores[day], len(ev.articles), ev.published, ev.mentions,
                               sents))
    return Summary(tuple(out), len(articles), dates, sentences, start, end, query, entity)

