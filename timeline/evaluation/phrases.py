"""Everyday time phrases: the Duckling-style corpus of ``../shared/data/duckling-en-dev``.

Each line of ``phrases.jsonl`` is a phrase with the value a careful reader gives it at the
reference time, Tuesday 2013-02-12T04:30:00 (UTC-2):

* ``{"phrase", "kind": "instant", "grain", "value"}``: the ``grain`` (year, quarter, month,
  week, day, hour, minute, second) that starts at ``value``;
* ``{"phrase", "kind": "interval", "grain", "start", "end", "end_inclusive"}``.

Scoring (the corpus README's rules): the phrase is put in the frame ``The meeting is
<phrase>.`` with the reference time as publication date; it is right when a time expression
of ours that overlaps it has the value at the grain: our value, truncated to the gold grain,
equals the gold value truncated to it (a value coarser than the grain is wrong). For an
interval, start and inclusive end must both agree at the grain; an interval of ours is a
range of two expressions (``from 9:30 to 11:00``, :func:`timeline.anchoring.ranges`: the
first's start, the second's end) or the day interval of one expression. TIMEX3 equivalents
count as right: ``PRESENT_REF`` for the reference instant, a part-of-day code
(``2013-02-12TEV``) for an hour-grain interval inside that part of the day, a weekend
(``2013-W43-WE``) for the Friday-evening-to-Sunday-night interval of that week.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from timeline.model import TimeExpression

__all__ = [
    "FRAME",
    "REFERENCE",
    "Phrase",
    "PhraseResult",
    "load_phrases",
    "reading",
    "run_eval_phrases",
    "score_phrase",
]

#: The sentence each phrase is read in.
FRAME = "The meeting is {}."
#: The corpus's reference time (the publication date of every frame).
REFERENCE = "2013-02-12T04:30:00-02:00"
_REFERENCE_INSTANT = dt.datetime(2013, 2, 12, 4, 30, 0)
_GRAINS = ("year", "quarter", "month", "week", "day", "hour", "minute", "second")
#: How fine each grain is; a week is finer than a year but not comparable with a month or
#: a quarter (a week can straddle two of them).
_RANK = {"year": 0, "quarter": 1, "month": 2, "week": 2, "day": 3, "hour": 4, "minute": 5,
         "second": 6}
#: Parts of the day, as hours [from, to) of their day (the night runs into the next day).
_PARTS_OF_DAY = {"MO": (0, 12), "AF": (12, 18), "EV": (18, 24), "NI": (18, 30),
                 "DT": (8, 18)}
_DATE_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d)(?:T(?:(?P<pod>MO|AF|EV|NI|DT)|(?P<h>\d\d)"
    r"(?::(?P<mi>\d\d)(?::(?P<s>\d\d))?)?))?)?)?(?:Z|[+-]\d\d:?\d\d)?"
)
_WEEK_VALUE = re.compile(r"(?P<y>\d{4})-W(?P<w>\d\d)(?P<we>-WE)?")
_QUARTER_VALUE = re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])")


@dataclass(frozen=True)
class Phrase:
    """One gold phrase: its kind (``instant`` or ``interval``), grain and value(s)."""

    phrase: str
    kind: str
    grain: str
    value: dt.datetime | None = None
    start: dt.datetime | None = None
    end_inclusive: dt.datetime | None = None


@dataclass(frozen=True)
class Reading:
    """A value of ours as a point in time and the grain it is given at; ``part`` names a
    part of the day or a weekend the point's day (week) holds."""

    start: dt.datetime
    grain: str
    part: str | None = None


@dataclass(frozen=True)
class PhraseResult:
    """How one phrase was read: right or not, and our values of the expressions over it."""

    phrase: Phrase
    right: bool
    values: tuple[str, ...]


def load_phrases(path: str | Path) -> list[Phrase]:
    """The phrases of ``phrases.jsonl`` (a file, or the folder that holds it)."""
    path = Path(path)
    if path.is_dir():
        path = path / "phrases.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        if raw["kind"] == "instant":
            out.append(Phrase(raw["phrase"], "instant", raw["grain"],
                              value=dt.datetime.fromisoformat(raw["value"])))
        else:
            out.append(Phrase(raw["phrase"], "interval", raw["grain"],
                              start=dt.datetime.fromisoformat(raw["start"]),
                              end_inclusive=dt.datetime.fromisoformat(raw["end_inclusive"])))
    return out


def reading(value: str) -> Reading | None:
    """Our TIMEX3 value as a point and a grain; ``None`` for what has no calendar point
    (durations, sets, vague references other than ``PRESENT_REF``)."""
    if value == "PRESENT_REF":
        return Reading(_REFERENCE_INSTANT, "second")
    if (m := _WEEK_VALUE.fullmatch(value)) is not None:
        monday = dt.date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
        return Reading(dt.datetime.combine(monday, dt.time()), "week",
                       "WE" if m["we"] else None)
    if (m := _QUARTER_VALUE.fullmatch(value)) is not None:
        return Reading(dt.datetime(int(m["y"]), 3 * int(m["q"]) - 2, 1), "quarter")
    m = _DATE_VALUE.fullmatch(value)
    if m is None:
        return None
    y, mo, d = int(m["y"]), int(m["m"] or 1), int(m["d"] or 1)
    if m["m"] is None:
        return Reading(dt.datetime(y, 1, 1), "year")
    if m["d"] is None:
        return Reading(dt.datetime(y, mo, 1), "month")
    day = dt.datetime(y, mo, d)
    if m["pod"]:
        return Reading(day, "day", m["pod"])
    if m["h"] is None:
        return Reading(day, "day")
    when = day + dt.timedelta(hours=int(m["h"]), minutes=int(m["mi"] or 0),
                              seconds=int(m["s"] or 0))  # T24:00 is the next day's 00:00
    grain = "second" if m["s"] else "minute" if m["mi"] else "hour"
    return Reading(when, grain)


def _at(when: dt.datetime, grain: str) -> tuple[int, ...]:
    """``when`` truncated to ``grain``, as a comparable tuple."""
    if grain == "year":
        return (when.year,)
    if grain == "quarter":
        return (when.year, (when.month - 1) // 3)
    if grain == "month":
        return (when.year, when.month)
    if grain == "week":
        iso = when.isocalendar()
        return (iso.year, iso.week)
    if grain == "day":
        return (when.year, when.month, when.day)
    hms = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    return hms[: {"hour": 4, "minute": 5, "second": 6}[grain]]


def _fine_enough(ours: str, grain: str) -> bool:
    """Whether a value at grain ``ours`` says which ``grain`` it falls in."""
    if grain == "week":
        return ours == "week" or _RANK[ours] >= _RANK["day"]
    if ours == "week":
        return False  # a week can straddle two months, quarters or years
    return _RANK[ours] >= _RANK[grain]


def _instant_right(r: Reading, gold: Phrase) -> bool:
    assert gold.value is not None
    if r.part is not None:
        return False
    return _fine_enough(r.grain, gold.grain) and _at(r.start, gold.grain) == \
        _at(gold.value, gold.grain)


def _part_covers(r: Reading, start: dt.datetime, end: dt.datetime) -> bool:
    """A part of the day (or a weekend) of ours that holds the gold hour interval."""
    if r.part == "WE":
        friday = r.start + dt.timedelta(days=4)
        return start == friday.replace(hour=18) and \
            end == friday + dt.timedelta(days=2, hours=23)
    assert r.part is not None
    low, high = _PARTS_OF_DAY[r.part]
    return r.start + dt.timedelta(hours=low) <= start and \
        end < r.start + dt.timedelta(hours=high)


def _interval_right(start: Reading, end: Reading, gold: Phrase) -> bool:
    assert gold.start is not None and gold.end_inclusive is not None
    g = gold.grain
    if not (_fine_enough(start.grain, g) and _fine_enough(end.grain, g)):
        return False
    return _at(start.start, g) == _at(gold.start, g) and \
        _at(end.start, g) == _at(gold.end_inclusive, g)


def score_phrase(
    gold: Phrase,
    expressions: Sequence[TimeExpression],
    pairs: Sequence[tuple[TimeExpression, TimeExpression]] = (),
) -> bool:
    """Whether one of ``expressions`` (those over the phrase) or one range of two of them
    (``pairs``) has the gold value at its grain."""
    if gold.kind == "instant":
        for tx in expressions:
            r = reading(tx.value)
            if r is not None and _instant_right(r, gold):
                return True
        return False
    assert gold.start is not None and gold.end_inclusive is not None
    for first, second in pairs:
        a, b = reading(first.value), reading(second.value)
        if a is not None and b is not None and a.part is None and b.part is None and \
                _interval_right(a, b, gold):
            return True
    for tx in expressions:
        r = reading(tx.value)
        if r is not None and r.part is not None and gold.grain == "hour" and \
                _part_covers(r, gold.start, gold.end_inclusive):
            return True
        if tx.interval is not None and gold.grain in ("day", "week", "month", "year"):
            a = Reading(dt.datetime.combine(tx.interval.start, dt.time()), "day")
            b = Reading(dt.datetime.combine(tx.interval.end, dt.time()), "day")
            if _interval_right(a, b, gold):
                return True
    return False


def evaluate(phrases: Sequence[Phrase]) -> list[PhraseResult]:
    """Read every phrase in its frame with the extractor and score it."""
    from timeline.anchoring import ranges
    from timeline.ingest import make_document
    from timeline.pipeline import timelines

    documents = [make_document(FRAME.format(p.phrase), REFERENCE) for p in phrases]
    offset = FRAME.index("{}")
    out = []
    for p, tl in zip(phrases, timelines(documents), strict=True):
        start, end = offset, offset + len(p.phrase)
        over = [tx for tx in tl.time_expressions if tx.start < end and start < tx.end]
        ids = {tx.id for tx in over}
        by_id = {tx.id: tx for tx in tl.time_expressions}
        pairs = sorted({pair for _, pair in ranges(tl.document.text,
                                                   tl.time_expressions).values()
                        if ids & set(pair)})
        right = score_phrase(p, over, [(by_id[a], by_id[b]) for a, b in pairs])
        out.append(PhraseResult(p, right, tuple(f"{tx.text!r}={tx.value}" for tx in over)))
    return out


def _gold_text(p: Phrase) -> str:
    if p.kind == "instant":
        assert p.value is not None
        return f"{p.grain} {p.value.isoformat()}"
    assert p.start is not None and p.end_inclusive is not None
    return f"{p.grain} {p.start.isoformat()} .. {p.end_inclusive.isoformat()}"


def format_table(results: Sequence[PhraseResult]) -> str:
    """Right / total by kind and grain, then overall."""
    total: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for r in results:
        key = (r.phrase.kind, r.phrase.grain)
        total[key] += 1
        right[key] += r.right
    lines = [f"{'kind':<9} {'grain':<8} {'right':>5} {'total':>5} {'%':>6}", "-" * 37]
    for kind in ("instant", "interval"):
        for grain in _GRAINS:
            if total[(kind, grain)]:
                n, k = total[(kind, grain)], right[(kind, grain)]
                lines.append(f"{kind:<9} {grain:<8} {k:>5} {n:>5} {100 * k / n:>6.1f}")
    n, k = len(results), sum(r.right for r in results)
    lines.append("-" * 37)
    lines.append(f"{'overall':<18} {k:>5} {n:>5} {100 * k / max(n, 1):>6.1f}")
    return "\n".join(lines)


def run_eval_phrases(
    paths: Sequence[str], show_errors: bool = False, json_path: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """``timeline eval phrases DIR``: print the table (and with ``show_errors`` every phrase
    read wrong, its gold value and ours); 2 when the corpus cannot be read."""
    try:
        phrases = [p for path in paths for p in load_phrases(path)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"cannot read the phrases: {exc}", file=sys.stderr)
        return 2
    results = evaluate(phrases)
    out.write(format_table(results) + "\n")
    if show_errors:
        out.write("\nwrong:\n")
        for r in results:
            if not r.right:
                ours = ", ".join(r.values) or "(no expression)"
                out.write(f"  {r.phrase.phrase!r}: gold {_gold_text(r.phrase)}; ours {ours}\n")
    if json_path:
        from timeline.evaluation.timex import write_json

        data: dict[str, Any] = {
            "right": sum(r.right for r in results),
            "total": len(results),
            "phrases": [{"phrase": r.phrase.phrase, "right": r.right, "ours": list(r.values)}
                        for r in results],
        }
        write_json(data, json_path, out)
    return 0
