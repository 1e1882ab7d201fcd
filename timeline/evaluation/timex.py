"""TempEval-3 Task A scoring of time expressions (TIMEX3 extent, type and value).

* strict match: identical character offsets;
* relaxed match: overlapping extents, paired one-to-one, greedily by overlap length;
* type / value F1 as TempEval-3 computes them: relaxed F1 multiplied by the share of
  relaxed-matched pairs whose attribute equals the gold one (value strings are compared
  exactly, as the TempEval-3 scorer does).

:func:`score_timex` is the pure scorer (gold documents + system time expressions in,
:class:`TimexResult` out); :func:`run_eval_timex` reads TimeML, runs the extractor with the
DCT as publication date, prints a table and optionally writes JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from timeline.evaluation.common import accumulate, error_categories, result_dict
from timeline.evaluation.timeml import GoldDocument, TimeMLError, iter_timeml
from timeline.model import TimeExpression

__all__ = [
    "TimexCounts",
    "TimexError",
    "TimexResult",
    "context",
    "f1",
    "match_by_overlap",
    "ratio",
    "run_eval_timex",
    "score_timex",
    "value_shape",
]

OVERALL = "overall"


# --------------------------------------------------------------------------- helpers


def ratio(num: int, den: int) -> float:
    """``num / den``, 0.0 when ``den`` is 0."""
    return num / den if den else 0.0


def f1(p: float, r: float) -> float:
    """Harmonic mean of ``p`` and ``r`` (0.0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def match_by_overlap(
    gold: Sequence[tuple[int, int]], system: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pair gold and system spans one-to-one: every overlapping pair is a candidate; the
    pairs are taken greedily by overlap length (longest first; ties: identical extents,
    then smaller length difference, then text order). Returns ``(gold_index, system_index)``
    pairs sorted by gold index."""
    candidates: list[tuple[int, int, int, int, int, int, int]] = []
    for gi, (gs, ge) in enumerate(gold):
        for si, (ss, se) in enumerate(system):
            overlap = min(ge, se) - max(gs, ss)
            if overlap > 0:
                exact = 0 if (gs, ge) == (ss, se) else 1
                diff = abs((ge - gs) - (se - ss))
                candidates.append((-overlap, exact, diff, gs, ss, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for *_key, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    pairs.sort()
    return pairs


def context(text: str, start: int, end: int, width: int = 30) -> str:
    """About ``2 * width`` characters around ``text[start:end]``, which is marked «...»;
    whitespace runs are collapsed to one space."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}«{text[start:end]}»{right}"
    snippet = " ".join(snippet.split())
    prefix = "…" if start - width > 0 else ""
    suffix = "…" if end + width < len(text) else ""
    return f"{prefix}{snippet}{suffix}"


_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), label)
    for p, label in (
        (r"^\d{4}-\d{2}-\d{2}$", "day (YYYY-MM-DD)"),
        (r"^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}){0,2}$", "time (YYYY-MM-DDThh:mm)"),
        (r"^\d{4}-\d{2}-\d{2}T(MO|MI|AF|EV|NI|DT)$", "part of day (YYYY-MM-DDTMO)"),
        (r"^\d{4}-W\d{1,2}$", "week (YYYY-Www)"),
        (r"^\d{4}-W\d{1,2}-WE$", "weekend (YYYY-Www-WE)"),
        (r"^\d{4}-\d{2}$", "month (YYYY-MM)"),
        (r"^\d{4}-Q[1-4]$", "quarter (YYYY-Qn)"),
        (r"^\d{4}-H[12]$", "half year (YYYY-Hn)"),
        (r"^\d{4}-(SP|SU|FA|AU|WI)$", "season (YYYY-SU)"),
        (r"^\d{4}$", "year (YYYY)"),
        (r"^\d{3}$", "decade (YYY)"),
        (r"^\d{2}$", "century (YY)"),
        (r"^(PRESENT|PAST|FUTURE)_REF$", "REF"),
    )
)


_DIGIT_RUN = {4: "YYYY", 3: "YYY"}


def value_shape(value: str | None) -> str:
    """A readable class of a TIMEX3 value: ``day (YYYY-MM-DD)``, ``week (YYYY-Www)``,
    ``REF``, ``duration (PnY)``, ``underspecified (XXXX-WXX)``, ``empty``..."""
    if not value:
        return "empty"
    value = value.strip()
    for pattern, label in _SHAPES:
        if pattern.match(value):
            return label
    if value.startswith("P"):
        return f"duration ({re.sub(r'[0-9]+(?:[.][0-9]+)?', 'n', value)})"
    masked = re.sub(r"[0-9]+", lambda m: _DIGIT_RUN.get(len(m[0]), "n"), value)
    if "X" in value:
        return f"underspecified ({masked})"
    return f"other ({masked})"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class TimexCounts:
    """Raw counts for one set of documents, and the figures derived from them."""

    documents: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_correct: int = 0
    value_correct: int = 0

    def __add__(self, other: TimexCounts) -> TimexCounts:
        return TimexCounts(
            self.documents + other.documents,
            self.gold + other.gold,
            self.system + other.system,
            self.strict + other.strict,
            self.relaxed + other.relaxed,
            self.type_correct + other.type_correct,
            self.value_correct + other.value_correct,
        )

    @property
    def strict_precision(self) -> float:
        return ratio(self.strict, self.system)

    @property
    def strict_recall(self) -> float:
        return ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return ratio(self.relaxed, self.system)

    @property
    def relaxed_recall(self) -> float:
        return ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return ratio(self.type_correct, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_correct, self.relaxed)

    @property
    def type_f1(self) -> float:
        return self.relaxed_f1 * self.type_accuracy

    @property
    def value_f1(self) -> float:
        return self.relaxed_f1 * self.value_accuracy

    def to_dict(self) -> dict[str, Any]:
        figures = {
            name: round(getattr(self, name), 4)
            for name in (
                "strict_precision",
                "strict_recall",
                "strict_f1",
                "relaxed_precision",
                "relaxed_recall",
                "relaxed_f1",
                "type_accuracy",
                "value_accuracy",
                "type_f1",
                "value_f1",
            )
        }
        counts = {
            "documents": self.documents,
            "gold": self.gold,
            "system": self.system,
            "strict": self.strict,
            "relaxed": self.relaxed,
            "type_correct": self.type_correct,
            "value_correct": self.value_correct,
        }
        return {"counts": counts, **figures}


@dataclass(frozen=True)
class TimexError:
    """One error. ``kind`` is ``miss`` (gold not found), ``false alarm`` (system not in gold),
    ``wrong value`` / ``wrong type`` (relaxed-matched pair whose attribute differs) or
    ``extent`` (relaxed- but not strictly matched pair). ``start``/``end``/``text`` are the
    gold extent when there is one, else the system's."""

    kind: str
    category: str
    doc_id: str
    corpus: str
    start: int
    end: int
    text: str
    context: str
    gold_text: str | None = None
    gold_type: str | None = None
    gold_value: str | None = None
    system_text: str | None = None
    system_type: str | None = None
    system_value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "category": self.category,
            "doc": self.doc_id,
            "corpus": self.corpus,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "context": self.context,
            "gold_text": self.gold_text,
            "gold_type": self.gold_type,
            "gold_value": self.gold_value,
            "system_text": self.system_text,
            "system_type": self.system_type,
            "system_value": self.system_value,
        }


@dataclass(frozen=True)
class TimexResult:
    """Scores per corpus (in order of first appearance) and overall, and every error."""

    overall: TimexCounts
    by_corpus: dict[str, TimexCounts] = field(default_factory=dict)
    errors: tuple[TimexError, ...] = ()

    def categories(self, kinds: Iterable[str] | None = None) -> list[tuple[str, int]]:
        """Error categories with counts, most frequent first (``kinds`` restricts them)."""
        return error_categories(self.errors, kinds)

    def to_dict(self) -> dict[str, Any]:
        return result_dict("timex", self.overall, self.by_corpus, self.errors)


# --------------------------------------------------------------------------- scoring


def _extent_category(gs: int, ge: int, ss: int, se: int) -> str:
    if ss <= gs and ge <= se:
        return "extent: system longer"
    if gs <= ss and se <= ge:
        return "extent: system shorter"
    return "extent: overlapping"


def _day_offset(gold: str, system: str) -> str:
    """For two plain days: how far off the system's day is (`, system 7 days later`)."""
    try:
        g, s = dt.date.fromisoformat(gold), dt.date.fromisoformat(system)
    except (TypeError, ValueError):
        return ""
    if len(gold) != 10 or len(system) != 10:
        return ""
    days = (s - g).days
    direction = "later" if days > 0 else "earlier"
    if (g.month, g.day) == (s.month, s.day):
        years = abs(s.year - g.year)
        return f", system {years} year{'s' if years > 1 else ''} {direction}"
    if abs(days) == 1:
        return f", system 1 day {direction}"
    if abs(days) == 7:
        return f", system 7 days {direction}"
    return ", system other day"


def score_document(
    doc: GoldDocument, system: Sequence[TimeExpression]
) -> tuple[TimexCounts, list[TimexError]]:
    """Score one document's system time expressions against its gold TIMEX3s."""
    gold = list(doc.timexes)
    sys_sorted = sorted(system, key=lambda t: (t.start, t.end))
    text = doc.text
    gold_spans = [(g.start, g.end) for g in gold]
    sys_spans = [(s.start, s.end) for s in sys_sorted]
    strict = len(set(gold_spans) & set(sys_spans))
    pairs = match_by_overlap(gold_spans, sys_spans)
    errors: list[TimexError] = []

    def err(kind: str, category: str, start: int, end: int, **kw: Any) -> None:
        errors.append(
            TimexError(
                kind=kind,
                category=category,
                doc_id=doc.id,
                corpus=doc.corpus,
                start=start,
                end=end,
                text=text[start:end],
                context=context(text, start, end),
                **kw,
            )
        )

    type_ok = value_ok = 0
    for gi, si in pairs:
        g, s = gold[gi], sys_sorted[si]
        attrs = {
            "gold_text": g.text,
            "gold_type": g.type,
            "gold_value": g.value,
            "system_text": text[s.start : s.end],
            "system_type": s.type,
            "system_value": s.value,
        }
        if (g.start, g.end) != (s.start, s.end):
            err("extent", _extent_category(g.start, g.end, s.start, s.end), g.start, g.end,
                **attrs)
        if g.type == s.type:
            type_ok += 1
        else:
            err("wrong type", f"wrong type: gold {g.type}, system {s.type}", g.start, g.end,
                **attrs)
        if g.value == s.value:
            value_ok += 1
        else:
            category = f"wrong value: gold {value_shape(g.value)}, system {value_shape(s.value)}"
            err("wrong value", category + _day_offset(g.value, s.value), g.start, g.end,
                **attrs)
    matched_g = {gi for gi, _ in pairs}
    matched_s = {si for _, si in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            err("miss", f"miss: {g.type} {value_shape(g.value)}", g.start, g.end,
                gold_text=g.text, gold_type=g.type, gold_value=g.value)
    for si, s in enumerate(sys_sorted):
        if si not in matched_s:
            err("false alarm", f"false alarm: {s.type} {value_shape(s.value)}", s.start, s.end,
                system_text=text[s.start : s.end], system_type=s.type, system_value=s.value)
    errors.sort(key=lambda e: (e.start, e.end, e.kind))
    counts = TimexCounts(
        documents=1,
        gold=len(gold),
        system=len(sys_sorted),
        strict=strict,
        relaxed=len(pairs),
        type_correct=type_ok,
        value_correct=value_ok,
    )
    return counts, errors


def score_timex(
    gold_docs: Sequence[GoldDocument], system_outputs: Sequence[Sequence[TimeExpression]]
) -> TimexResult:
    """Score system time expressions (one sequence per gold document, same order)."""
    overall, by_corpus, errors = accumulate(gold_docs, system_outputs, score_document, TimexCounts)
    return TimexResult(overall=overall, by_corpus=by_corpus, errors=errors)


# --------------------------------------------------------------------------- running


def load_gold(paths: Sequence[str]) -> list[GoldDocument]:
    """Read the TimeML documents named by ``paths``. One that cannot be read is reported on
    stderr and left out, so that one document does not stop the evaluation;
    :class:`TimeMLError` when there is none, or none can be read."""
    failed: list[str] = []
    docs = list(iter_timeml(paths, on_error=failed.append))
    if not docs and failed:
        raise TimeMLError(failed[0].removesuffix("; document left out") if len(failed) == 1
                          else f"none of the {len(failed)} documents could be read; first: "
                          f"{failed[0]}")
    if not docs:
        raise TimeMLError(f"no *.tml files in {', '.join(map(str, paths)) or '(nothing)'}")
    for message in failed:
        print(f"timeline: error: {message}", file=sys.stderr)
    return docs


def run_extractor(docs: Sequence[GoldDocument]) -> list[Any]:
    """The extractor's :class:`~timeline.timeline.Timeline` for each document (DCT as
    publication date), batched through :func:`timeline.extract_many`."""
    from timeline import extract_many

    timelines = list(extract_many((d.text, d.dct) for d in docs))
    if len(timelines) != len(docs):
        raise RuntimeError(f"extract_many returned {len(timelines)} timelines for {len(docs)}")
    return timelines


def write_json(data: dict[str, Any], json_path: str, out: TextIO) -> None:
    """Write ``data`` to ``json_path`` (``-``: to ``out``)."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if json_path == "-":
        out.write(text + "\n")
    else:
        with open(json_path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_timex_table(result: TimexResult) -> str:
    """The figures as a plain-text table (percentages), one row per corpus and overall."""
    header = (
        f"{'corpus':<12} {'docs':>4} {'gold':>5} {'sys':>5} | "
        f"{'strict P':>8} {'R':>5} {'F1':>5} | {'relax P':>7} {'R':>5} {'F1':>5} | "
        f"{'type F1':>7} {'value F1':>8} | {'val acc':>7}"
    )
    lines = [header, "-" * len(header)]
    rows = list(result.by_corpus.items())
    if len(rows) != 1 or rows[0][1] != result.overall:
        rows.append((OVERALL, result.overall))
    for name, c in rows:
        lines.append(
            f"{name:<12} {c.documents:>4} {c.gold:>5} {c.system:>5} | "
            f"{_pct(c.strict_precision):>8} {_pct(c.strict_recall)} {_pct(c.strict_f1)} | "
            f"{_pct(c.relaxed_precision):>7} {_pct(c.relaxed_recall)} {_pct(c.relaxed_f1)} | "
            f"{_pct(c.type_f1):>7} {_pct(c.value_f1):>8} | {_pct(c.value_accuracy):>7}"
        )
    return "\n".join(lines)


def format_timex_errors(result: TimexResult, limit_categories: int = 25) -> str:
    """Error categories with counts, then every error grouped by kind."""
    lines = ["", "Error categories:"]
    for category, count in result.categories()[:limit_categories]:
        lines.append(f"  {count:5d}  {category}")
    for kind in ("miss", "false alarm", "wrong value", "wrong type", "extent"):
        errs = [e for e in result.errors if e.kind == kind]
        if not errs:
            continue
        lines.append("")
        lines.append(f"{kind} ({len(errs)}):")
        for e in errs:
            if kind == "miss":
                what = f"gold {e.gold_type} {e.gold_value}"
            elif kind == "false alarm":
                what = f"system {e.system_type} {e.system_value}"
            elif kind == "wrong type":
                what = f"gold {e.gold_type} / system {e.system_type} ({e.system_text!r})"
            elif kind == "extent":
                what = f"gold {e.gold_text!r} / system {e.system_text!r}"
            else:
                what = f"gold {e.gold_value} / system {e.system_value} ({e.system_text!r})"
            lines.append(f"  {e.doc_id}  {e.text!r}: {what}")
            lines.append(f"      {e.context}")
    return "\n".join(lines)


def run_eval_timex(
    paths: Sequence[str],
    *,
    show_errors: bool = False,
    json_path: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Evaluate the extractor's time expressions on the TimeML files/folders in ``paths``.

    Prints a table (and, with ``show_errors``, the error categories and the errors) to
    ``out``; with ``json_path`` writes figures and errors as JSON (``-``: JSON to ``out``
    instead of the table). Returns 0, or 2 when the gold data cannot be read.
    """
    out = out if out is not None else sys.stdout
    try:
        docs = load_gold(paths)
    except TimeMLError as exc:
        print(f"timeline eval timex: {exc}", file=sys.stderr)
        return 2
    timelines = run_extractor(docs)
    result = score_timex(docs, [tl.time_expressions for tl in timelines])
    if json_path:
        write_json(result.to_dict(), json_path, out)
    if json_path != "-":
        out.write(f"TempEval-3 Task A (time expressions), {len(docs)} documents\n")
        out.write(format_timex_table(result) + "\n")
        if show_errors:
            out.write(format_timex_errors(result) + "\n")
        else:
            top = result.categories()[:8]
            if top:
                out.write("\nTop error categories (--errors for the list):\n")
                for category, count in top:
                    out.write(f"  {count:5d}  {category}\n")
    return 0
