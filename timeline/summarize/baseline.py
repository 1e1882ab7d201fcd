"""The naive baseline of ``timeline eval tls --baseline``: the L days with the most articles
published, each filled with the first sentences of that day's articles (the first sentence
of each article in turn, then the second...)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from timeline.summarize.corpus import Article
from timeline.summarize.summary import Summary, SummaryDate, SummarySentence


def baseline_summary(
    articles: Sequence[Article],
    *,
    dates: int = 10,
    sentences: int = 2,
    start: dt.date | None = None,
    end: dt.date | None = None,
    **_: object,
) -> Summary:
    by_day: dict[dt.date, list[Article]] = defaultdict(list)
    for a in articles:
        day = a.document.published_date
        if (start is None or day >= start) and (end is None or day <= end):
            by_day[day].append(a)
    ranked = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:dates]
    out = []
    for day in sorted(ranked):
        chosen: list[SummarySentence] = []
        depth = 0
        day_articles = by_day[day]
        while len(chosen) < sentences and any(depth < len(a.sentences) for a in day_articles):
            for a in day_articles:
                if len(chosen) >= sentences:
                    break
                if depth < len(a.sentences):
                    s = a.sentences[depth]
                    chosen.append(SummarySentence(s.text.strip(), str(a.document.id or a.key),
                                                  s.start, s.end, day, None, "", 0.0))
            depth += 1
        out.append(SummaryDate(day, float(len(day_articles)), 0, len(day_articles), 0,
                               tuple(chosen)))
    return Summary(tuple(out), len(articles), dates, sentences, start, end,
                   method="baseline")
