"""Timeline summarization (TLS) on Timeline17-style stories: ``timeline eval tls``.

The protocol of the news-tls experiments (Ghalandari and Ifrim, 2020) with the metrics of
the tilse toolkit (Martschat and Markert, 2017):

* one task per reference timeline (``STORY/timelines/*.txt``); the story's articles
  (``STORY/docs/<date>/*.txt``) are restricted to the reference's date range, and so are
  the dates the system may pick;
* the system is asked for L = the number of reference dates and K = the average number of
  sentences per reference date (rounded, at least 1);
* date F1 (exact days), *concat* ROUGE-1/2 (all sentences of each timeline concatenated)
  and *alignment-based many-to-one* ROUGE-1/2 (AR-1/AR-2: each predicted date is aligned
  to the reference date of least cost ``(1 - 1/(|days|+1)) * (1 - approximate ROUGE-1 F)``,
  and each reference date to a predicted date the same way; the n-gram matches of aligned
  dates count ``1/(|days|+1)``; precision from the first alignment, recall from the second);
* ROUGE counts lowercase, drop stopwords, and Porter-stem (the tokenizer of the
  ``rouge-score`` package); precision and recall are macro-averaged over the tasks and F
  computed from the averages.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

# writing the Timeline17 format is the summary's job; the evaluator reads it (and re-exports
# the writer for its callers)
from timeline.summarize.summary import write_reference

RefTimeline = dict[dt.date, list[str]]

_DATE_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_DASHES = re.compile(r"^\s*-{5,}\s*$")


# ----------------------------------------------------------------------------- reading/writing


def read_reference(text: str) -> RefTimeline:
    """A timeline in the Timeline17 format: a date line, its sentences, a line of dashes."""
    timeline: RefTimeline = {}
    current: dt.date | None = None
    for line in text.splitlines():
        if _DASHES.match(line):
            current = None
            continue
        m = _DATE_LINE.match(line)
        if current is None and m:
            try:
                current = dt.date.fromisoformat(m.group(1))
            except ValueError:
                continue
            timeline.setdefault(current, [])
            continue
        if current is not None and line.strip():
            timeline[current].append(line.strip())
    return {d: s for d, s in timeline.items() if s}


@dataclass(frozen=True)
class Task:
    """One reference timeline of a story."""

    story: Path
    name: str
    reference: RefTimeline

    @property
    def id(self) -> str:
        return f"{self.story.name}/{self.name}"

    @property
    def start(self) -> dt.date:
        return min(self.reference)

    @property
    def end(self) -> dt.date:
        return max(self.reference)

    @property
    def dates(self) -> int:
        return len(self.reference)

    @property
    def sentences(self) -> int:
        total = sum(len(s) for s in self.reference.values())
        return max(1, round(total / max(1, len(self.reference))))


def read_tasks(story: Path) -> list[Task]:
    """The tasks of a story folder (``timelines/*.txt``)."""
    folder = story / "timelines"
    if not folder.is_dir():
        raise ValueError(f"{story}: no timelines/ folder (not a Timeline17 story)")
    tasks = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            ref = read_reference(path.read_text(encoding="utf-8", errors="replace"))
            if ref:
                tasks.append(Task(story, path.name, ref))
    return tasks


# ----------------------------------------------------------------------------- ROUGE


@cache
def _tokenizer() -> Any:
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@cache
def _stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


_WORD = re.compile(r"[a-z0-9]+")


@cache
def tokens(text: str) -> tuple[str, ...]:
    """ROUGE tokens: lowercase words, stopwords removed, Porter-stemmed."""
    stop = _stopwords()
    kept = " ".join(w for w in _WORD.findall(text.lower()) if w not in stop)
    return tuple(_tokenizer().tokenize(kept))


def _ngrams(sentences: Iterable[str], n: int) -> Counter[tuple[str, ...]]:
    words = [t for s in sentences for t in tokens(s)]
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class Counts:
    """Matched n-grams and the n-grams of the prediction and of the reference."""

    matched: float = 0.0
    predicted: float = 0.0
    reference: float = 0.0


def rouge_counts(pred: Sequence[str], ref: Sequence[str], n: int) -> Counts:
    p, r = _ngrams(pred, n), _ngrams(ref, n)
    matched = sum(min(c, r[g]) for g, c in p.items())
    return Counts(matched, sum(p.values()), sum(r.values()))


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f, 4)}


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else 0.0


def date_prf(pred: Iterable[dt.date], ref: Iterable[dt.date]) -> PRF:
    p, r = set(pred), set(ref)
    shared = len(p & r)
    return PRF(_ratio(shared, len(p)), _ratio(shared, len(r)))


def concat_rouge(pred: RefTimeline, ref: RefTimeline, n: int) -> PRF:
    c = rouge_counts([s for d in sorted(pred) for s in pred[d]],
                     [s for d in sorted(ref) for s in ref[d]], n)
    return PRF(_ratio(c.matched, c.predicted), _ratio(c.matched, c.reference))


def _approx_rouge1(pred: Sequence[str], ref: Sequence[str]) -> float:
    """tilse's cheap ROUGE-1 F for alignment costs: whitespace tokens, no stemming."""
    p = Counter(w for s in pred for w in s.split())
    r = Counter(w for s in ref for w in s.split())
    match = sum(min(c, r[w]) for w, c in p.items())
    prec, rec = _ratio(match, sum(p.values())), _ratio(match, sum(r.values()))
    return 2 * prec * rec / (prec + rec) if prec + rec > 0 else 0.0


def _factor(a: dt.date, b: dt.date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


def _align(src: RefTimeline, dst: RefTimeline, src_is_pred: bool) -> dict[dt.date, dt.date]:
    """Each date of ``src`` to the date of ``dst`` of least date-and-content cost."""
    out = {}
    targets = sorted(dst)
    for a in sorted(src):
        best, best_cost = None, math.inf
        for b in targets:
            pred, ref = (src[a], dst[b]) if src_is_pred else (dst[b], src[a])
            cost = (1 - _factor(a, b)) * (1 - _approx_rouge1(pred, ref))
            if cost < best_cost:  # the first of equal costs, as numpy's argmin
                best, best_cost = b, cost
        if best is not None:
            out[a] = best
    return out


def align_rouge(pred: RefTimeline, ref: RefTimeline, n: int) -> PRF:
    """Alignment-based many-to-one ROUGE-n (tilse ``align_date_content_costs_many_to_one``)."""
    num = den = 0.0
    for a, b in _align(pred, ref, True).items():
        c = rouge_counts(pred[a], ref[b], n)
        num += _factor(a, b) * c.matched
        den += c.predicted
    precision = _ratio(num, den)
    num = den = 0.0
    for b, a in _align(ref, pred, False).items():
        c = rouge_counts(pred[a], ref[b], n)
        num += _factor(a, b) * c.matched
        den += c.reference
    return PRF(precision, _ratio(num, den))


METRICS = ("date", "concat_r1", "concat_r2", "ar1", "ar2")


def score_timeline(pred: RefTimeline, ref: RefTimeline) -> dict[str, PRF]:
    """Every metric of one task."""
    pred = {d: s for d, s in pred.items() if s}
    return {
        "date": date_prf(pred, ref),
        "concat_r1": concat_rouge(pred, ref, 1),
        "concat_r2": concat_rouge(pred, ref, 2),
        "ar1": align_rouge(pred, ref, 1),
        "ar2": align_rouge(pred, ref, 2),
    }


def macro_average(results: Sequence[Mapping[str, PRF]]) -> dict[str, PRF]:
    """Precision and recall averaged over tasks; F from the averages."""
    n = max(1, len(results))
    return {m: PRF(sum(r[m].precision for r in results) / n,
                   sum(r[m].recall for r in results) / n) for m in METRICS}


# ----------------------------------------------------------------------------- running


@dataclass
class TaskResult:
    task: Task
    predicted: RefTimeline
    scores: dict[str, PRF]
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"task": self.task.id, "L": self.task.dates, "K": self.task.sentences,
                "start": self.task.start.isoformat(), "end": self.task.end.isoformat(),
                "articles": self.articles,
                "scores": {m: s.to_dict() for m, s in self.scores.items()}}


@dataclass
class TLSResult:
    system: str
    tasks: list[TaskResult] = field(default_factory=list)

    @property
    def average(self) -> dict[str, PRF]:
        return macro_average([t.scores for t in self.tasks])

    def to_dict(self) -> dict[str, Any]:
        return {"task": "tls", "system": self.system,
                "average": {m: s.to_dict() for m, s in self.average.items()},
                "tasks": [t.to_dict() for t in self.tasks]}


def format_result(result: TLSResult) -> str:
    head = f"{'task':<42} {'L':>3} {'K':>2} {'docs':>5}  " + "  ".join(
        f"{m:>9}" for m in METRICS)
    lines = [f"Timeline summarization ({result.system}); F1 per metric "
             "(date F1, concat ROUGE-1/2, alignment ROUGE-1/2 many-to-one)", "", head,
             "-" * len(head)]
    for t in result.tasks:
        lines.append(f"{t.task.id:<42} {t.task.dates:>3} {t.task.sentences:>2} "
                     f"{t.articles:>5}  " + "  ".join(f"{t.scores[m].f:>9.3f}" for m in METRICS))
    avg = result.average
    lines.append("-" * len(head))
    lines.append(f"{'average (P, R macro; F of averages)':<42} {'':>3} {'':>2} {'':>5}  "
                 + "  ".join(f"{avg[m].f:>9.3f}" for m in METRICS))
    lines.append("")
    lines.append("averages, precision / recall:  " + "   ".join(
        f"{m} {avg[m].precision:.3f}/{avg[m].recall:.3f}" for m in METRICS))
    return "\n".join(lines)


System = Callable[[Sequence[Any], Task], RefTimeline]


def evaluate(
    stories: Sequence[str | Path],
    system: System,
    *,
    name: str = "timeline summarize",
    load: Callable[[Path], Sequence[Any]],
    out_dir: str | Path | None = None,
    on_task: Callable[[TaskResult], None] | None = None,
) -> TLSResult:
    """Run ``system(articles_in_range, task)`` on every task of the stories and score it.
    ``load(story)`` gives a story's parsed articles
    (:class:`~timeline.summarize.corpus.Article`)."""
    from timeline.output import write_atomic

    result = TLSResult(name)
    for story in map(Path, stories):
        tasks = read_tasks(story)
        articles = load(story)
        for task in tasks:
            chosen = [a for a in articles
                      if task.start <= a.document.published_date <= task.end]
            predicted = system(chosen, task)
            tr = TaskResult(task, predicted, score_timeline(predicted, task.reference),
                            len(chosen))
            result.tasks.append(tr)
            if out_dir is not None:
                target = Path(out_dir) / story.name / task.name
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, write_reference(predicted))
            if on_task is not None:
                on_task(tr)
    return result


def run_eval_tls(
    stories: Sequence[str],
    *,
    baseline: bool = False,
    cache: str | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    out_dir: str | None = None,
    json_path: str | None = None,
    progress: bool = False,
    out: TextIO = sys.stdout,
) -> int:
    """``timeline eval tls``: 0 when every story was read, 2 for a story that is not one."""
    from timeline.summarize import summarize
    from timeline.summarize.baseline import baseline_summary
    from timeline.summarize.corpus import load_articles

    for story in stories:
        if not (Path(story) / "timelines").is_dir() or not (Path(story) / "docs").is_dir():
            print(f"timeline: error: {story} is not a story folder (docs/ and timelines/)",
                  file=sys.stderr)
            return 2

    def load(story: Path) -> list[Any]:
        return load_articles([str(story)], cache=cache, jobs=jobs, engine=engine,
                             scheduler=scheduler, progress=progress)

    def system(articles: Sequence[Any], task: Task) -> RefTimeline:
        make = baseline_summary if baseline else summarize
        summary = make(articles, dates=task.dates, sentences=task.sentences,
                       start=task.start, end=task.end)
        return summary.as_reference()

    result = evaluate(stories, system, name="baseline" if baseline else "timeline summarize",
                      load=load, out_dir=out_dir)
    print(format_result(result), file=out)
    if json_path:
        from timeline.output import write_atomic

        write_atomic(json_path, json.dumps(result.to_dict(), indent=2))
    return 0
