"""Sentence selection per date: centrality among the day's candidates, quality cues, and no
near-duplicates (one happening, one sentence).

Candidates for a day are the sentences whose event is dated to that day (by a time
expression: weight 1; by the publication date only: :data:`PUBLICATION_WEIGHT`). The same
sentence in several articles (wire copy, updated pages) is one candidate that several
articles support. A candidate's score is

    centrality x weight x support x completeness x quality

where centrality mixes the TF-IDF cosine similarity to the weighted centroid of the day's
candidates (what the day is about) with that to the centroid of the whole story (what the
story is about: :data:`STORY_WEIGHT`), support grows with the number of articles carrying
the sentence, completeness prefers sentences that state the event in full (who did what to
whom), and
quality applies the cues of ``timeline/lang/en/summarize.toml`` (length, questions,
quotations, page furniture...). Sentences are then taken greedily, best first, skipping any
whose cosine similarity to a sentence already in the summary reaches
:data:`DUPLICATE_SIMILARITY`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from timeline.model import Event

PUBLICATION_WEIGHT = 1.0
DUPLICATE_SIMILARITY = 0.5
#: factor for a sentence of an article published after the day (a look back that names
#: the day: "On 8 February Dr Murray pleaded not guilty")
RETROSPECTIVE = 1.0
#: weight of the similarity to the whole story, beside that to the day's candidates
STORY_WEIGHT = 0.8
#: factor for a sentence that states its event in full (:func:`completeness`)
COMPLETE = 1.1


@dataclass
class Candidate:
    """A sentence of the story (deduplicated by its words)."""

    text: str
    article: int
    start: int
    end: int
    event: Event
    by_text: bool
    support: set[int]
    #: the day the sentence is a candidate for, and the publication day of its article
    day: dt.date | None = None
    published: dt.date | None = None
    row: int = -1
    #: every event of the sentence dated to the day (``event`` is the first)
    events: list[Event] = field(default_factory=list)

    def best_event(self) -> Event:
        """The event that names the sentence best: with who and what, a label of two to
        eight words, not a reporting verb."""

        def rank(e: Event) -> tuple[int, ...]:
            roles = {p.role for p in e.participants}
            words = len(e.label().split())
            return ("agent" in roles, 2 <= words <= 8, not e.is_reporting, "patient" in roles,
                    e.pos == "VERB")

        return max([self.event, *self.events], key=rank)


@dataclass(frozen=True)
class _Rules:
    min_words: int
    max_words: int
    penalties: tuple[tuple[re.Pattern[str], float], ...]


@cache
def _rules() -> _Rules:
    from timeline.lang.en import load

    data = load("summarize.toml")
    return _Rules(
        int(data["length"]["min_words"]), int(data["length"]["max_words"]),
        tuple((re.compile(p["pattern"]), float(p["factor"])) for p in data.get("penalty", [])),
    )


def quality(text: str) -> float:
    """The product of the quality cues a sentence has (1.0 for none)."""
    rules = _rules()
    words = len(text.split())
    factor = 1.0
    if words < rules.min_words:
        factor *= (words / rules.min_words) ** 2
    elif words > rules.max_words:
        factor *= rules.max_words / words
    for pattern, penalty in rules.penalties:
        if pattern.search(text):
            factor *= penalty
    return factor


def completeness(event: Event) -> float:
    """Sentences that state the event in full: who did what to whom (an agent and a patient
    of the event). (A bonus for the date expression in the sentence was tried too: it lowered
    AR-1 on the development stories, 0.189 -> 0.178.)"""
    roles = {p.role for p in event.participants}
    return COMPLETE if {"agent", "patient"} <= roles else 1.0


def normalized(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


class Vectors:
    """TF-IDF vectors of the story's sentences (scikit-learn), L2-normalized rows."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                          min_df=1, token_pattern=r"(?u)\b[A-Za-z][\w'-]+\b")
        try:
            self.matrix: Any = self.vectorizer.fit_transform(list(texts))
        except ValueError:  # no text, or nothing but stopwords: every vector is zero
            from scipy.sparse import csr_matrix

            self.matrix = csr_matrix((max(1, len(texts)), 1))

    def rows(self, rows: Sequence[int]) -> Any:
        return self.matrix[list(rows)]


def centrality(vectors: Vectors, rows: Sequence[int], weights: Sequence[float]) -> list[float]:
    """Cosine similarity of each row to the weighted centroid of the rows."""
    import numpy as np

    if not rows:
        return []
    m = vectors.rows(rows)
    w = np.asarray(weights, dtype=float)
    centroid = np.asarray(m.multiply(w[:, None]).sum(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm == 0:
        return [0.0] * len(rows)
    return [float(x) for x in (m @ (centroid / norm))]


def candidate_score(c: Candidate, central: float, story: float = 0.0) -> float:
    weight = 1.0 if c.by_text else PUBLICATION_WEIGHT
    if c.day is not None and c.published is not None and c.published > c.day:
        weight *= RETROSPECTIVE
    central = (1 - STORY_WEIGHT) * central + STORY_WEIGHT * story
    support = 1 + math.log(len(c.support))
    return central * weight * support * completeness(c.event) * quality(c.text)


def pick(
    candidates: Sequence[Candidate],
    scores: Sequence[float],
    count: int,
    vectors: Vectors,
    chosen_rows: list[int],
) -> list[tuple[Candidate, float]]:
    """The ``count`` best candidates that are not near-duplicates of each other or of
    ``chosen_rows`` (the summary so far; extended in place)."""
    order = sorted(range(len(candidates)), key=lambda i: -scores[i])
    out: list[tuple[Candidate, float]] = []
    for i in order:
        if len(out) >= count:
            break
        c = candidates[i]
        if scores[i] <= 0:
            break
        if chosen_rows:
            sims = vectors.rows(chosen_rows) @ vectors.rows([c.row]).T
            if sims.max() >= DUPLICATE_SIMILARITY:
                continue
        out.append((c, scores[i]))
        chosen_rows.append(c.row)
    return out
