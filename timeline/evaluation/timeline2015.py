"""SemEval-2015 Task 4 "TimeLine: cross-document event ordering": reader, system and scorer.

The task: given news documents and a target entity, list the events the entity takes part
in, anchored to a date and ordered; events are named ``docid-sentence-token`` with the
task's CAT token numbering (the sentence number, then the event's word(s), ``_``-joined).

Formats (see ``docs/batch.md``, section "SemEval-2015 TimeLine"):

* a *timeline file*: the entity on the first line, then ``ordinal<TAB>date<TAB>event``
  lines (more events may follow on a line, tab-separated: the same event in several
  documents); ordinal 0 is the "no place in the order" bucket and ``XXXX-XX-XX`` an unknown
  date;
* a *CAT document*: ``<Document doc_id=...>`` with ``<token t_id number sentence>``
  elements and the document creation time as ``<TIMEX3 functionInDocument=
  "CREATION_TIME" value=...>`` among the ``Markables`` (Track A: no event markables used).

The measure is the task's official one: each timeline is turned into a graph of TimeML
relations (every event SIMULTANEOUS with its date, consecutive events BEFORE or
SIMULTANEOUS as their ordinals say; ordinal-0 lines left out), exactly as the task's
``evaluation_timeline.py`` does, then scored with UzZaman & Allen's temporal awareness
(TempEval-3): precision = system relations of the reduced graph entailed by the closure of
the gold graph, recall = gold relations of the reduced graph entailed by the closure of the
system graph, micro-averaged over the target entities.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, TextIO

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from timeline.entity_matching import EntityMatcher
from timeline.ingest import TimelineError
from timeline.merge import merge
from timeline.model import GRANULARITIES, Document, Interval
from timeline.timeline import Timeline

__all__ = [
    "CatDocument",
    "CatToken",
    "Score",
    "TimelineFile",
    "baseline_timelines",
    "date_string",
    "read_cat",
    "read_timeline_file",
    "run_eval_timeline2015",
    "score_timeline",
    "score_timelines",
    "system_timelines",
]

UNKNOWN_DATE = "XXXX-XX-XX"


class Timeline2015Error(TimelineError, ValueError):
    """A timeline or CAT file that cannot be read."""


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class TimelineLine:
    ordinal: int
    date: str
    events: tuple[str, ...]


@dataclass(frozen=True)
class TimelineFile:
    """One timeline file: the target entity and its lines, as written."""

    entity: str
    lines: tuple[TimelineLine, ...]

    def to_text(self) -> str:
        rows = [self.entity]
        rows += ["\t".join([str(ln.ordinal), ln.date, *ln.events]) for ln in self.lines]
        return "\n".join(rows) + "\n"


def parse_timeline_text(text: str, source: str = "timeline") -> TimelineFile:
    rows = text.splitlines()
    if not rows or not rows[0].strip():
        raise Timeline2015Error(f"{source}: the first line must name the target entity")
    lines: list[TimelineLine] = []
    for n, row in enumerate(rows[1:], 2):
        if not row.strip():
            continue
        cells = [c.strip() for c in row.rstrip("\n").split("\t")]
        cells = [c for c in cells if c]
        if len(cells) < 3 or not cells[0].lstrip("-").isdigit():
            raise Timeline2015Error(f"{source}:{n}: expected ORDINAL<TAB>DATE<TAB>EVENT")
        lines.append(TimelineLine(int(cells[0]), cells[1], tuple(cells[2:])))
    return TimelineFile(rows[0].strip(), tuple(lines))


def read_timeline_file(path: str | Path) -> TimelineFile:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise Timeline2015Error(f"cannot read {p}: {exc.strerror or exc}") from None
    return parse_timeline_text(text, str(p))


def timeline_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.is_file() and f.suffix == ".txt")
    return [p]


@dataclass(frozen=True)
class CatToken:
    t_id: int
    sentence: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CatDocument:
    """A CAT document with its text rebuilt from the tokens (one sentence per line) and
    each token's offsets in that text."""

    doc_id: str
    name: str
    tokens: tuple[CatToken, ...]
    text: str
    dct: str | None
    url: str | None = None

    def tokens_between(self, start: int, end: int) -> list[CatToken]:
        return [t for t in self.tokens if t.start < end and start < t.end]

    def document(self) -> Document:
        """The :class:`Document` the extractor is given: the text, the DCT as publication
        date, the first sentence (the headline) as title."""
        from timeline.ingest import make_document

        title = self.text.split("\n", 1)[0] if "\n" in self.text else None
        if self.dct:
            # a non-ISO creation time is read when it has one reading, or when the text's
            # dateline settles it; otherwise this document fails (InvalidPublicationDate)
            return make_document(self.text, self.dct.strip(), title=title,
                                 doc_id=self.doc_id, url=self.url,
                                 published_source="timeml-dct")
        return make_document(self.text, None, title=title, doc_id=self.doc_id, url=self.url)


_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "’s",
                              "n't", "'re", "'ve", "'ll", "'d", "'m", "...", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "#"})
_CONTRACTION_TAILS = frozenset({"s", "re", "ve", "ll", "d", "m", "t"})


def _detokenize(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans of the words in a readable sentence (no space before a comma, a closing
    quote...), so that the parser sees ordinary English."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    quote_open = False
    glue_next = False
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        space = bool(out) and not glue_next
        if w in _NO_SPACE_BEFORE:
            space = False
        glue_next = False
        if w == '"':
            if quote_open:
                space = False
            else:
                glue_next = True
            quote_open = not quote_open
        elif w in ("'", "’") and prev and nxt.lower() in _CONTRACTION_TAILS and prev.isalpha():
            space = False
            glue_next = True
        elif w in ("'", "’") and prev.lower().endswith("s"):
            space = False
        if w in _NO_SPACE_AFTER:
            glue_next = True
        if space:
            pos += 1
        out.append((pos, pos + len(w), w))
        pos += len(w)
    return out


def read_cat(path: str | Path) -> CatDocument:
    """A CAT XML document of the task (Track A: tokens and the creation time)."""
    p = Path(path)
    try:
        root = SafeET.parse(str(p)).getroot()
    except (SafeET.ParseError, OSError) as exc:
        raise Timeline2015Error(f"cannot read {p}: {exc}") from None
    except Exception as exc:  # defusedxml refusals (DTDs, entities)
        raise Timeline2015Error(f"{p}: unsafe or invalid XML ({exc})") from None
    doc_id = root.get("doc_id") or p.stem.split("-", 1)[0].split("_", 1)[0]
    raw: list[tuple[int, int, str]] = []
    for tok in root.iter("token"):
        raw.append((int(tok.get("t_id", "0")), int(tok.get("sentence", "0")), tok.text or ""))
    dct = None
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME" and tx.get("value"):
            dct = tx.get("value")
            break
    tokens: list[CatToken] = []
    parts: list[str] = []
    offset = 0
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    order: list[int] = []
    for t_id, sent, text in raw:
        if sent not in by_sentence:
            by_sentence[sent] = []
            order.append(sent)
        by_sentence[sent].append((t_id, text))
    for k, sent in enumerate(order):
        words = by_sentence[sent]
        spans = _detokenize([w for _, w in words])
        line = ""
        for (t_id, w), (s, e, _) in zip(words, spans, strict=True):
            line += " " * (s - len(line)) + w
            tokens.append(CatToken(t_id, sent, w, offset + s, offset + e))
        parts.append(line)
        offset += len(line) + (1 if k + 1 < len(order) else 0)
    return CatDocument(doc_id, root.get("doc_name") or p.stem, tuple(tokens), "\n".join(parts),
                       dct, root.get("src_url"))


def cat_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.is_file() and f.suffix == ".xml")
    return [p]


# ----------------------------------------------------------------------------- scoring

# The official tool turns a timeline into TimeML: a TIMEX3 per distinct date, an EVENT per
# event mention, a TLINK SIMULTANEOUS from each event to its date, then, down the lines in
# order, a TLINK between consecutive events: BEFORE when the ordinal grows, else
# SIMULTANEOUS. The system's events and dates take the gold ids when their strings are the
# gold's (an event named twice in the gold takes its ids in turn).

Relation = tuple[str, str, str]


def _natural_key(text: str) -> list[Any]:
    return [int(c) if c.isdigit() else c for c in re.split(r"(\d+)", text)]


def _ordered_rows(tl: TimelineFile) -> list[tuple[int, str, tuple[str, ...]]]:
    rows = ["\t".join([str(ln.ordinal), ln.date, *ln.events]) for ln in tl.lines]
    rows.sort(key=_natural_key)
    out = []
    for row in rows:
        cells = row.split("\t")
        if int(cells[0]) == 0:
            continue
        out.append((int(cells[0]), cells[1], tuple(cells[2:])))
    return out


@dataclass
class _Ids:
    times: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)


def _gold_relations(tl: TimelineFile) -> tuple[list[Relation], _Ids]:
    ids = _Ids()
    info: dict[int, tuple[int, str]] = {}
    eid = 1
    for ordinal, date, events in _ordered_rows(tl):
        if date not in ids.times:
            ids.times.append(date)
        for ev in events:
            info[eid] = (ordinal, date)
            ids.events.append(ev)
            ids.event_ids.append(eid)
            eid += 1
    rels: list[Relation] = []
    for e in ids.event_ids:
        rels.append((f"ei{e}", f"t{ids.times.index(info[e][1])}", "SIMULTANEOUS"))
    for a, b in pairwise(ids.event_ids):
        rel = "BEFORE" if info[a][0] < info[b][0] else "SIMULTANEOUS"
        rels.append((f"ei{a}", f"ei{b}", rel))
    return rels, ids


def _system_relations(tl: TimelineFile, gold: _Ids) -> list[Relation]:
    next_tid = len(gold.times) + 1
    next_eid = len(gold.events) + 1
    time_ids: dict[str, int] = {}
    seen: list[str] = []
    info: dict[int, tuple[int, int]] = {}
    order: list[int] = []
    for ordinal, date, events in _ordered_rows(tl):
        if date in time_ids:
            tid = time_ids[date]
        elif date in gold.times:
            tid = gold.times.index(date)
        else:
            tid = next_tid
            next_tid += 1
        time_ids.setdefault(date, tid)
        for ev in events:
            used = seen.count(ev)
            if used < gold.events.count(ev):
                pos = -1
                for _ in range(used + 1):
                    pos = gold.events.index(ev, pos + 1)
                eid = gold.event_ids[pos]
            else:
                eid = next_eid
                next_eid += 1
            seen.append(ev)
            info[eid] = (ordinal, tid)
            order.append(eid)
    rels: list[Relation] = [(f"ei{e}", f"t{info[e][1]}", "SIMULTANEOUS") for e in order]
    for a, b in pairwise(order):
        rel = "BEFORE" if info[a][0] < info[b][0] else "SIMULTANEOUS"
        rels.append((f"ei{a}", f"ei{b}", rel))
    return rels


_INVERSE = {"BEFORE": "AFTER", "AFTER": "BEFORE", "SIMULTANEOUS": "SIMULTANEOUS"}


class PointGraph:
    """Interval relations as relations between start and end points (point algebra):
    equal points share a class, ``<`` edges join classes. Closure queries are exact."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._succ: dict[str, set[str]] = {}
        self._members: dict[str, set[str]] = {}
        self.intervals: set[str] = set()

    def _find(self, x: str) -> str:
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:
            self._parent[x], x = root, self._parent[x]
        return root

    def _point(self, x: str) -> None:
        if x not in self._parent:
            self._parent[x] = x
            self._succ[x] = set()
            self._members[x] = {x}

    def add_interval(self, name: str) -> None:
        if name in self.intervals:
            return
        self.intervals.add(name)
        self._point(f"{name}_s")
        self._point(f"{name}_e")
        self._succ[f"{name}_s"].add(f"{name}_e")

    def _less(self, a: str, b: str) -> bool:
        """``a < b`` follows from the graph."""
        start, goal = self._find(a), self._find(b)
        seen = {start}
        stack = [start]
        while stack:
            cls = stack.pop()
            for member in self._members[cls]:
                for nxt in self._succ[member]:
                    c = self._find(nxt)
                    if c == goal:
                        return True
                    if c not in seen:
                        seen.add(c)
                        stack.append(c)
        return False

    def point_relation(self, a: str, b: str) -> str:
        if self._find(a) == self._find(b):
            return "="
        if self._less(a, b):
            return "<"
        if self._less(b, a):
            return ">"
        return "?"

    def _needs(self, x: str, y: str, rel: str) -> list[tuple[str, str, str]]:
        if rel == "BEFORE":
            return [(f"{x}_e", f"{y}_s", "<")]
        if rel == "AFTER":
            return [(f"{y}_e", f"{x}_s", "<")]
        if rel == "SIMULTANEOUS":
            return [(f"{x}_s", f"{y}_s", "="), (f"{x}_e", f"{y}_e", "=")]
        raise ValueError(f"unsupported relation {rel}")

    def status(self, x: str, y: str, rel: str) -> str:
        """``entailed``, ``contradicted`` or ``unknown`` (``unknown`` too when an interval
        is not in the graph)."""
        if x not in self.intervals or y not in self.intervals:
            return "unknown"
        found = [self.point_relation(a, b) for a, b, _ in self._needs(x, y, rel)]
        wanted = [r for _, _, r in self._needs(x, y, rel)]
        if found == wanted:
            return "entailed"
        if any(f not in ("?", w) for f, w in zip(found, wanted, strict=True)):
            return "contradicted"
        return "unknown"

    def add(self, x: str, y: str, rel: str) -> None:
        self.add_interval(x)
        self.add_interval(y)
        for a, b, r in self._needs(x, y, rel):
            if r == "<":
                self._succ[a].add(b)
            else:
                ra, rb = self._find(a), self._find(b)
                if ra != rb:
                    self._parent[rb] = ra
                    self._members[ra] |= self._members.pop(rb)


@dataclass
class _Graph:
    graph: PointGraph
    final: list[Relation]
    triples: set[Relation]


def _timegraph(relations: Iterable[Relation]) -> _Graph:
    """Relations added in order; one already entailed by those before it (both intervals
    known) is left out of the reduced graph; one contradicting them is kept in the reduced
    graph but not added (as the official timegraph does)."""
    graph = PointGraph()
    final: list[Relation] = []
    handled: set[Relation] = set()
    triples: set[Relation] = set()
    for x, y, rel in relations:
        triples.add((x, y, rel))
        if x != y:
            triples.add((y, x, _INVERSE[rel]))
        if (x, y, rel) in handled:
            continue
        handled.add((x, y, rel))
        if x in graph.intervals and y in graph.intervals:
            status = graph.status(x, y, rel)
            if status == "entailed":
                continue
            if status == "contradicted":
                final.append((x, y, rel))
                continue
        graph.add(x, y, rel)
        final.append((x, y, rel))
    return _Graph(graph, final, triples)


def _matched(relations: Sequence[Relation], other: _Graph) -> int:
    return sum(1 for r in relations
               if r in other.triples or other.graph.status(*r) == "entailed")


@dataclass(frozen=True)
class Score:
    """Temporal-awareness counts of one timeline (or a sum of them)."""

    precision_matched: float
    system_total: int
    recall_matched: float
    gold_total: int

    @property
    def precision(self) -> float:
        return self.precision_matched / self.system_total if self.system_total else 0.0

    @property
    def recall(self) -> float:
        return self.recall_matched / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.precision_matched + other.precision_matched,
                     self.system_total + other.system_total,
                     self.recall_matched + other.recall_matched,
                     self.gold_total + other.gold_total)

    def official(self) -> tuple[float, float, float]:
        """Micro F1, precision and recall in percent, rounded as the official tool does."""
        p = 100 * round(self.precision, 6)
        r = 100 * round(self.recall, 6)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f, p, r


def score_timeline(gold: TimelineFile, system: TimelineFile | None) -> Score:
    """The temporal-awareness counts of a system timeline against the gold one."""
    gold_rels, ids = _gold_relations(gold)
    g = _timegraph(gold_rels)
    if system is None:
        return Score(0, 0, 0, len(g.final))
    s = _timegraph(_system_relations(system, ids))
    return Score(_matched(s.final, g), len(s.final), _matched(g.final, s), len(g.final))


def score_timelines(
    gold: dict[str, TimelineFile], system: dict[str, TimelineFile]
) -> tuple[Score, dict[str, Score]]:
    """Micro-averaged counts over the gold timelines (keyed by file name) and per file."""
    per: dict[str, Score] = {}
    total = Score(0, 0, 0, 0)
    for name in sorted(gold):
        sc = score_timeline(gold[name], system.get(name))
        per[name] = sc
        total = total + sc
    return total, per


# ----------------------------------------------------------------------------- systems


def date_string(interval: Interval | None, granularity: str | None) -> str:
    """A date as the task writes it: ``2010-06-07``, ``2010-06`` or ``2010``."""
    if interval is None or granularity is None:
        return UNKNOWN_DATE
    d = interval.start
    if granularity in ("time", "day"):
        return d.isoformat()
    if granularity in ("week", "month") or (granularity in ("quarter", "season")
                                            and interval.start.month == interval.end.month):
        return f"{d.year:04d}-{d.month:02d}"
    if granularity in ("quarter", "season", "year"):
        return f"{d.year:04d}"
    return UNKNOWN_DATE


def _date_rank(interval: Interval | None, granularity: str | None) -> tuple[Any, ...]:
    if interval is None or granularity is None:
        return (dt.date.max, 0)
    return (interval.start, -GRANULARITIES.index(granularity)
            if granularity in GRANULARITIES else 0)


def _mention(cat: CatDocument, start: int, end: int) -> str | None:
    toks = cat.tokens_between(start, end)
    if not toks:
        return None
    return f"{cat.doc_id}-{toks[0].sentence}-" + "_".join(t.text for t in toks)


@dataclass(frozen=True)
class _Entry:
    rank: tuple[Any, ...]
    date: str
    mentions: tuple[str, ...]


def _write_entries(entity: str, entries: Iterable[_Entry]) -> TimelineFile:
    """Ordinals from the dates: one per distinct date, earliest (then coarsest) first;
    undated entries at 0."""
    entries = list(entries)
    dated = sorted((e for e in entries if e.date != UNKNOWN_DATE), key=lambda e: e.rank)
    lines: list[TimelineLine] = [TimelineLine(0, UNKNOWN_DATE, e.mentions)
                                 for e in entries if e.date == UNKNOWN_DATE]
    ordinal = 0
    last: str | None = None
    for e in dated:
        if e.date != last:
            ordinal += 1
            last = e.date
        lines.append(TimelineLine(ordinal, e.date, e.mentions))
    return TimelineFile(entity, tuple(lines))


def system_timelines(
    entities: dict[str, str],
    cats: Sequence[CatDocument],
    timelines: Sequence[Timeline],
) -> dict[str, TimelineFile]:
    """Our timeline of each entity (file name -> entity name): the documents' timelines
    filtered to the entity and merged (``timeline extract ... --merge --entity``)."""
    by_id = {c.doc_id: c for c in cats}
    out: dict[str, TimelineFile] = {}
    for fname, entity in entities.items():
        merged = merge(timelines, entity=entity)
        entries: list[_Entry] = []
        undated = {m.id for m in merged.events if m.event.time is None}
        for m in merged.ordered_events() + [m for m in merged.events if m.id in undated]:
            t = m.event.time
            mentions = []
            for doc, ev in m.sources:
                cat = by_id.get(doc.id or "")
                name = _mention(cat, ev.trigger.start, ev.trigger.end) if cat else None
                if name and name not in mentions:
                    mentions.append(name)
            if mentions and t is None:  # in the timeline, with no place in the order
                entries.append(_Entry(_date_rank(None, None), UNKNOWN_DATE, tuple(mentions)))
            elif mentions and t is not None:
                entries.append(_Entry(_date_rank(t.interval, t.granularity),
                                      date_string(t.interval, t.granularity),
                                      tuple(mentions)))
        out[fname] = _write_entries(entity, entries)
    return out


def baseline_timelines(
    entities: dict[str, str],
    cats: Sequence[CatDocument],
    timelines: Sequence[Timeline],
    docs: Sequence[Any],
) -> dict[str, TimelineFile]:
    """The naive baseline: every verb of a sentence that names the entity, dated by the
    nearest time expression with a calendar value in that sentence, else the creation
    time."""
    out: dict[str, TimelineFile] = {}
    for fname, entity in entities.items():
        matcher = EntityMatcher(entity)
        entries: list[_Entry] = []
        for cat, tl, doc in zip(cats, timelines, docs, strict=True):
            timexes = [t for t in tl.time_expressions if t.interval is not None]
            pub = tl.document.published_date
            for sent in doc.sents:
                if not matcher.is_full_mention(sent.text):
                    continue
                local = [t for t in timexes if sent.start_char <= t.start < sent.end_char]
                for tok in sent:
                    if tok.pos_ != "VERB":
                        continue
                    if local:
                        near = min(local, key=lambda t: abs(t.start - tok.idx))
                        interval, gran = near.interval, near.granularity
                    else:
                        interval, gran = Interval(pub, pub), "day"
                    name = _mention(cat, tok.idx, tok.idx + len(tok.text))
                    if name:
                        entries.append(_Entry(_date_rank(interval, gran),
                                              date_string(interval, gran), (name,)))
        out[fname] = _write_entries(entity, entries)
    return out


# ----------------------------------------------------------------------------- running


def _file_label(name: str) -> str:
    return name[:-4] if name.endswith(".txt") else name


def format_table(total: Score, per: dict[str, Score], gold: dict[str, TimelineFile]) -> str:
    rows = [f"{'timeline':<24} {'entity':<22} {'F1':>7} {'P':>7} {'R':>7} "
            f"{'sys rel':>8} {'gold rel':>8}"]
    for name, sc in per.items():
        f, p, r = sc.official()
        rows.append(f"{_file_label(name):<24} {gold[name].entity[:22]:<22} {f:7.2f} {p:7.2f} "
                    f"{r:7.2f} {sc.system_total:8d} {sc.gold_total:8d}")
    f, p, r = total.official()
    rows.append("-" * len(rows[0]))
    rows.append(f"{'micro average':<47} {f:7.2f} {p:7.2f} {r:7.2f} {total.system_total:8d} "
                f"{total.gold_total:8d}")
    return "\n".join(rows)


def _process(
    cats: Sequence[CatDocument], on_error: Callable[[str], None]
) -> tuple[list[CatDocument], list[Timeline], list[Any]]:
    """The documents that could be read, their timelines and parses. A document that cannot
    be (an unusable creation time) is reported to ``on_error`` and left out: one document
    does not stop the evaluation."""
    from timeline.nlp import get_nlp
    from timeline.pipeline import build_timeline

    kept: list[CatDocument] = []
    docs: list[Document] = []
    for cat in cats:
        try:
            docs.append(cat.document())
        except TimelineError as exc:
            on_error(f"{cat.name}: {exc}; document left out")
            continue
        kept.append(cat)
    nlp = get_nlp()
    parsed = list(nlp.pipe([d.text for d in docs], batch_size=8))
    return kept, [build_timeline(d, p) for d, p in zip(docs, parsed, strict=True)], parsed


def _warn_stderr(message: str) -> None:
    print(f"timeline: error: {message}", file=sys.stderr)


def evaluate(
    gold_path: str | Path, docs_path: str | Path, *, baseline: bool = False,
    on_error: Callable[[str], None] = _warn_stderr,
) -> tuple[Score, dict[str, Score], dict[str, TimelineFile], dict[str, TimelineFile]]:
    """Score our system (or the baseline) on the gold timelines of a folder against the
    CAT documents of another: ``(total, per file, gold, system)``. A document that cannot
    be read is reported to ``on_error`` (stderr by default) and left out."""
    gold = {p.name: read_timeline_file(p) for p in timeline_files(gold_path)}
    if not gold:
        raise Timeline2015Error(f"no timeline files (*.txt) in {gold_path}")
    cats = [read_cat(p) for p in cat_files(docs_path)]
    if not cats:
        raise Timeline2015Error(f"no CAT documents (*.xml) in {docs_path}")
    cats, timelines, parsed = _process(cats, on_error)
    entities = {name: tl.entity for name, tl in gold.items()}
    if baseline:
        system = baseline_timelines(entities, cats, timelines, parsed)
    else:
        system = system_timelines(entities, cats, timelines)
    total, per = score_timelines(gold, system)
    return total, per, gold, system


def run_eval_timeline2015(
    gold_path: str,
    docs_path: str,
    *,
    baseline: bool = False,
    json_path: str | None = None,
    out_dir: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """``timeline eval timeline2015 GOLD DOCS``: print the official micro F1 and per-entity
    figures; optionally write them as JSON and our timelines in the task's format."""
    from timeline.output import write_atomic

    total, per, gold, system = evaluate(gold_path, docs_path, baseline=baseline)
    what = "naive baseline" if baseline else "timeline"
    print(f"SemEval-2015 Task 4 TimeLine (Track A, temporal awareness), {what}:", file=out)
    print(format_table(total, per, gold), file=out)
    f, p, r = total.official()
    print(f"\nofficial micro F1: {f:.2f} (P {p:.2f}, R {r:.2f})", file=out)
    if out_dir:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, tl in system.items():
            write_atomic(folder / name, tl.to_text())
    if json_path:
        data = {
            "task": "semeval2015-task4-timeline",
            "system": what,
            "micro": {"f1": f, "precision": p, "recall": r,
                      "system_relations": total.system_total,
                      "gold_relations": total.gold_total},
            "timelines": {
                name: dict(zip(("f1", "precision", "recall"), sc.official(), strict=True))
                | {"entity": gold[name].entity, "system_relations": sc.system_total,
                   "gold_relations": sc.gold_total}
                for name, sc in per.items()
            },
        }
        write_atomic(json_path, json.dumps(data, indent=2))
    return 0


def iter_system_lines(tl: TimelineFile) -> Iterator[str]:  # pragma: no cover - helper
    yield from tl.to_text().splitlines()
