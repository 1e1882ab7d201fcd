"""Scoring the default table against reader timelines (``timeline eval reader``).

A reader timeline is what a careful reader puts on an article's timeline: its key events
(the happenings the story is about) and secondary ones, each with a date, the words that name
its actor and its content, and the trigger offsets of every sentence that reports it. The
format and the scoring are those of ``data/reader-timelines/README.md``; docs/evaluation.md
says it again for a newsroom that annotates its own articles.

The table is what ``timeline extract`` shows by default (:func:`timeline.salience.table_events`).
A row matches a gold event when its trigger overlaps one of the event's mention triggers (the
first such event, key events before secondary ones); a second row on a gold event is a
duplicate, a row on none is filler.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from timeline.model import Event
from timeline.timeline import Timeline


class ReaderGoldError(ValueError):
    """A reader-timeline file or article folder that cannot be read."""


@dataclass(frozen=True)
class Mention:
    trigger: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class GoldEvent:
    label: str
    actor: tuple[str, ...]
    content: tuple[str, ...]
    date: str
    also_ok: tuple[str, ...]
    cue: str
    mentions: tuple[Mention, ...]
    key: bool

    @classmethod
    def from_dict(cls, data: dict[str, Any], key: bool) -> GoldEvent:
        return cls(
            label=str(data.get("label", "")),
            actor=tuple(data.get("actor") or ()),
            content=tuple(data.get("content") or ()),
            date=str(data["date"]),
            also_ok=tuple(data.get("also_ok") or ()),
            cue=str(data.get("cue") or ""),
            mentions=tuple(Mention(str(m.get("trigger", "")), int(m["start"]), int(m["end"]),
                                   str(m.get("sentence", "")))
                           for m in data.get("mentions") or ()),
            key=key,
        )


@dataclass(frozen=True)
class ReaderGold:
    doc: str
    published: str
    key: tuple[GoldEvent, ...]
    secondary: tuple[GoldEvent, ...]

    @property
    def events(self) -> tuple[GoldEvent, ...]:
        return self.key + self.secondary


def read_gold(path: str | Path) -> list[ReaderGold]:
    """The reader timelines of a ``gold.jsonl`` file, in file order."""
    out: list[ReaderGold] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReaderGoldError(f"cannot read {path}: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            out.append(ReaderGold(
                doc=str(data["doc"]),
                published=str(data["published"]),
                key=tuple(GoldEvent.from_dict(e, True) for e in data.get("key") or ()),
                secondary=tuple(GoldEvent.from_dict(e, False)
                                for e in data.get("secondary") or ()),
            ))
        except (ValueError, KeyError, TypeError) as exc:
            raise ReaderGoldError(f"{path}, line {number}: not a reader timeline ({exc})"
                                  ) from None
    return out


# --- words, as the README compares them ---------------------------------------------------

_WORD = re.compile(r"[\w'&.-]+")
_SUFFIXES = ("ing", "ed", "es", "s", "d", "e")


def normal_word(word: str) -> str:
    """A word as the scoring compares it: lower case, outer ``.`` and ``'`` stripped, the
    first matching suffix stripped from a word longer than the suffix plus three letters."""
    word = word.lower().strip(".'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


def words_of(text: str) -> list[str]:
    return [w for w in (normal_word(m) for m in _WORD.findall(text)) if w]


def _has_entry(label_words: set[str], entries: Sequence[str]) -> bool:
    for entry in entries:
        words = words_of(entry)
        if words and all(w in label_words for w in words):
            return True
    return False


def labelled(label: str, gold: GoldEvent) -> bool:
    """Whether a label names the gold event's actor (when it has one) and its content."""
    have = set(words_of(label))
    if gold.actor and not _has_entry(have, gold.actor):
        return False
    return _has_entry(have, gold.content)


def _date_ok(value: str, interval: tuple[str, str], want: str) -> bool:
    if "/" in want:
        start, end = want.split("/", 1)
        return interval[0][: len(start)] == start and interval[1][: len(end)] == end
    if value == want:
        return True
    # a finer value inside a day: 2011-04-26T15:00 for 2011-04-26
    return len(want) == 10 and value.startswith(want + "T")


def dated(event: Event, gold: GoldEvent) -> bool:
    """Whether the row's date is the reader's (or one the reader also accepts)."""
    if event.time is None:
        return False
    interval = (event.time.interval.start.isoformat(), event.time.interval.end.isoformat())
    return any(_date_ok(event.time.value, interval, want)
               for want in (gold.date, *gold.also_ok))


# --- scoring ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    docs: int = 0
    key: int = 0
    key_found: int = 0
    key_dated: int = 0
    key_labelled: int = 0
    key_right: int = 0
    rows: int = 0
    matched: int = 0
    filler: int = 0
    duplicates: int = 0
    label_words: tuple[int, ...] = ()

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[Any, ...]:
        return (self.docs, self.key, self.key_found, self.key_dated, self.key_labelled,
                self.key_right, self.rows, self.matched, self.filler, self.duplicates,
                self.label_words)

    @staticmethod
    def _pct(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 0.0

    @property
    def figures(self) -> dict[str, float]:
        lengths = sorted(self.label_words)
        p95 = lengths[max(0, math.ceil(0.95 * len(lengths)) - 1)] if lengths else 0
        return {
            "key_recall": self._pct(self.key_found, self.key),
            "key_dated": self._pct(self.key_dated, self.key),
            "key_labelled": self._pct(self.key_labelled, self.key),
            "key_right": self._pct(self.key_right, self.key),
            "precision": self._pct(self.matched, self.rows),
            "filler": self._pct(self.filler, self.rows),
            "duplicates": self._pct(self.duplicates, self.rows),
            "rows_per_doc": self.rows / self.docs if self.docs else 0.0,
            "label_p95_words": float(p95),
        }

    def to_dict(self) -> dict[str, Any]:
        counts = {k: v for k, v in zip(
            ("docs", "key", "key_found", "key_dated", "key_labelled", "key_right", "rows",
             "matched", "filler", "duplicates"), self._values(), strict=False)}
        return {**{k: round(v, 1) for k, v in self.figures.items()}, "counts": counts}


def filler_cause(event: Event) -> str:
    """What kind of row a filler row is, from the event alone: a report, a state, an event
    dated only by the publication day (present or past tense), or dated from the story's
    context, from its sentence, or by the text itself."""
    from timeline.salience import word_lists

    assert event.time is not None
    words = word_lists()
    if event.is_reporting:
        return "report"
    if event.pos != "NOUN" and (event.lemma in words["states"]
                                or event.lemma in words["attitudes"]):
        return "state or attitude"
    source = event.time.source
    if source == "publication-date":
        return "publication day, " + ("present" if event.tense == "present" else "past/future")
    if source == "inherited-from-context":
        return "dated from context"
    if source in ("inherited-from-sentence", "lead-of-report"):
        return "dated from its sentence or the lead"
    return "dated by the text"


@dataclass(frozen=True)
class Row:
    """A row of the default table, as the scoring sees it."""

    value: str
    label: str
    source: str
    trigger: str
    start: int
    end: int
    sentence: str
    cause: str = ""

    @classmethod
    def of(cls, event: Event, filler: bool = False) -> Row:
        assert event.time is not None
        how = event.time.source + ("" if event.time.relation == "within"
                                   else f" ({event.time.relation})")
        return cls(event.time.value, event.label() or event.trigger.text, how,
                   event.trigger.text, event.trigger.start, event.trigger.end,
                   event.sentence.text, filler_cause(event) if filler else "")

    def to_dict(self) -> dict[str, Any]:
        out = {"value": self.value, "label": self.label, "how": self.source,
               "trigger": self.trigger, "start": self.start, "end": self.end}
        if self.cause:
            out["cause"] = self.cause
        return out


@dataclass(frozen=True)
class KeyResult:
    gold: GoldEvent
    rows: tuple[Row, ...]
    dated: bool
    labelled: bool
    right: bool


@dataclass(frozen=True)
class DocumentResult:
    doc: str
    counts: Counts
    keys: tuple[KeyResult, ...]
    filler: tuple[Row, ...]
    duplicates: tuple[Row, ...] = field(default=())


def _overlaps(event: Event, gold: GoldEvent) -> bool:
    return any(event.trigger.start < m.end and m.start < event.trigger.end
               for m in gold.mentions)


def score_document(gold: ReaderGold, rows: Sequence[Event]) -> DocumentResult:
    """Score one article's table (its rows in table order) against its reader timeline."""
    events = gold.events
    matched: dict[int, list[Event]] = {}
    filler: list[Row] = []
    duplicates: list[Row] = []
    for ev in rows:
        hit = next((i for i, g in enumerate(events) if _overlaps(ev, g)), None)
        if hit is None:
            filler.append(Row.of(ev, filler=True))
            continue
        if hit in matched:
            duplicates.append(Row.of(ev))
        matched.setdefault(hit, []).append(ev)
    keys: list[KeyResult] = []
    for i, g in enumerate(gold.key):
        got = matched.get(i, [])
        is_dated = [dated(ev, g) for ev in got]
        is_labelled = [labelled(ev.label() or ev.trigger.text, g) for ev in got]
        keys.append(KeyResult(
            g, tuple(Row.of(ev) for ev in got), any(is_dated), any(is_labelled),
            any(d and lab for d, lab in zip(is_dated, is_labelled, strict=True))))
    counts = Counts(
        docs=1,
        key=len(keys),
        key_found=sum(1 for k in keys if k.rows),
        key_dated=sum(k.dated for k in keys),
        key_labelled=sum(k.labelled for k in keys),
        key_right=sum(k.right for k in keys),
        rows=len(rows),
        matched=len(matched),
        filler=len(filler),
        duplicates=len(duplicates),
        label_words=tuple(len((ev.label() or ev.trigger.text).split()) for ev in rows),
    )
    return DocumentResult(gold.doc, counts, tuple(keys), tuple(filler), tuple(duplicates))


# --- the command --------------------------------------------------------------------------

def _timelines(golds: Sequence[ReaderGold], articles: Path) -> Iterable[Timeline]:
    from timeline.pipeline import timelines
    from timeline.sources import read_documents

    documents = []
    for gold in golds:
        path = articles / f"{gold.doc}.txt"
        meta = articles / f"{gold.doc}.meta.json"
        published = gold.published
        if meta.exists():
            try:
                published = json.loads(meta.read_text(encoding="utf-8")).get(
                    "published", published)
            except (OSError, ValueError) as exc:
                raise ReaderGoldError(f"cannot read {meta}: {exc}") from None
        if not path.exists():
            raise ReaderGoldError(f"no article {path} for the reader timeline of {gold.doc}")
        documents.extend(read_documents(str(path), published=published))
    return timelines(documents)


def evaluate(gold_path: str | Path, articles: str | Path,
             max_events: int | None = -1) -> list[DocumentResult]:
    """Run the extractor on each article of a reader-timeline folder and score its table
    (``max_events`` -1: the table's default length)."""
    from timeline.salience import DEFAULT_MAX_EVENTS, table_events

    if max_events == -1:
        max_events = DEFAULT_MAX_EVENTS
    golds = read_gold(gold_path)
    folder = Path(articles)
    if not folder.is_dir():
        raise ReaderGoldError(f"{articles} is not a folder of articles")
    results = []
    for gold, tl in zip(golds, _timelines(golds, folder), strict=True):
        results.append(score_document(gold, table_events(tl, max_events)))
    return results


def _pooled(results: Sequence[DocumentResult]) -> Counts:
    total = Counts()
    for r in results:
        total = total + r.counts
    return total


_COLUMNS = (("key", "keys", "{:>4}"), ("key_recall", "recall", "{:>6.1f}"),
            ("key_dated", "dated", "{:>6.1f}"), ("key_labelled", "labelled", "{:>8.1f}"),
            ("key_right", "right", "{:>6.1f}"), ("rows", "rows", "{:>5}"),
            ("precision", "prec", "{:>6.1f}"), ("filler", "filler", "{:>6.1f}"),
            ("duplicates", "dup", "{:>5.1f}"))


def format_results(results: Sequence[DocumentResult], errors: bool = False) -> str:
    """One line per article, the pooled figures, and (``errors``) what went wrong."""
    width = max([len(r.doc) for r in results] + [len("pooled")])
    head = f"{'article':<{width}}  " + "  ".join(f"{name:>{len(fmt.format(0))}}"
                                                 for _, name, fmt in _COLUMNS)
    lines = [head, "-" * len(head)]

    def line(name: str, counts: Counts) -> str:
        values = {**counts.to_dict()["counts"], **counts.figures}
        return f"{name:<{width}}  " + "  ".join(fmt.format(values[k]) for k, _, fmt in _COLUMNS)

    for r in results:
        lines.append(line(r.doc, r.counts))
    lines.append("-" * len(head))
    pooled = _pooled(results)
    lines.append(line("pooled", pooled))
    f = pooled.figures
    lines.append("")
    lines.append(
        f"{pooled.docs} articles, {pooled.key} key events: key recall {f['key_recall']:.1f}, "
        f"key dated {f['key_dated']:.1f}, key labelled {f['key_labelled']:.1f}, "
        f"key right {f['key_right']:.1f}; precision {f['precision']:.1f} "
        f"(filler {f['filler']:.1f}, dup {f['duplicates']:.1f}), "
        f"{f['rows_per_doc']:.1f} rows per article, label p95 {f['label_p95_words']:.0f} words")
    causes = Counter(row.cause for r in results for row in r.filler)
    if causes:
        lines.append("filler rows by cause: " + ", ".join(
            f"{cause} {n}" for cause, n in causes.most_common()))
    if errors:
        lines.extend(_error_lines(results))
    return "\n".join(lines)


def _error_lines(results: Sequence[DocumentResult]) -> list[str]:
    lines = ["", "key events not right (gold: date [cue] label; then the rows it got)"]
    for r in results:
        for k in r.keys:
            if k.right:
                continue
            why = ("no row" if not k.rows else "date" if not k.dated
                   else "label" if not k.labelled else "date and label not in one row")
            dates = "|".join((k.gold.date, *k.gold.also_ok))
            lines.append(f"{r.doc}: [{why}] {dates} [{k.gold.cue}] {k.gold.label}")
            lines.append(f"    actor {list(k.gold.actor)} content {list(k.gold.content)}")
            for row in k.rows:
                lines.append(f"    row: {row.value}  {row.label}  ({row.source}; "
                             f"trigger '{row.trigger}' {row.start})")
            if not k.rows:
                triggers = ", ".join(f"'{m.trigger}' {m.start}" for m in k.gold.mentions)
                lines.append(f"    no row on {triggers}")
    lines.append("")
    lines.append("filler rows (date  label  how dated | sentence)")
    for r in results:
        for row in r.filler:
            sentence = " ".join(row.sentence.split())
            lines.append(f"{r.doc}: {row.value}  {row.label}  ({row.source}; {row.cause}) | "
                         f"{sentence}")
    return lines


def result_json(results: Sequence[DocumentResult]) -> dict[str, Any]:
    return {
        "task": "reader",
        "overall": _pooled(results).to_dict(),
        "filler_causes": dict(Counter(row.cause for r in results for row in r.filler)),
        "documents": {
            r.doc: {
                **r.counts.to_dict(),
                "keys": [{"label": k.gold.label, "date": k.gold.date, "dated": k.dated,
                          "labelled": k.labelled, "right": k.right,
                          "rows": [row.to_dict() for row in k.rows]} for k in r.keys],
                "filler": [row.to_dict() for row in r.filler],
                "duplicates": [row.to_dict() for row in r.duplicates],
            }
            for r in results
        },
    }


def run_eval_reader(gold_path: str, articles: str, *, show_errors: bool = False,
                    json_path: str | None = None, out: TextIO | None = None,
                    max_events: int | None = -1) -> int:
    """``timeline eval reader GOLD.jsonl ARTICLES_DIR``: 0 when scored, 2 for gold data or
    articles that cannot be read."""
    out = out or sys.stdout
    try:
        results = evaluate(gold_path, articles, max_events=max_events)
    except ReaderGoldError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    print(format_results(results, errors=show_errors), file=out)
    if json_path:
        from timeline.output import write_atomic

        write_atomic(json_path, json.dumps(result_json(results), indent=2, ensure_ascii=False))
    return 0
