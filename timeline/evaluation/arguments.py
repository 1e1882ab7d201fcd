"""Who did what: event arguments and labels scored against MEANTIME's semantic roles.

MEANTIME (NewsReader, Minard et al. 2016) annotates Wikinews articles in CAT XML: event
mentions, entity mentions (whole noun phrases, with ``syntactic_type`` NAM, NOM, PRO...),
``HAS_PARTICIPANT`` links from an event mention to an entity mention with a PropBank role
(``Arg0`` agent, ``Arg1`` patient or theme, ``Arg2``...) and ``REFERS_TO`` links that group
mentions into entity instances (coreference).

The measure (see docs/evaluation.md, "Arguments"):

* **events found**: a gold event mention is found when a system event's trigger overlaps
  its tokens (one system event per gold event, in text order);
* **arguments**, on the found events only: the gold arguments are the event's ``Arg0``
  (= our ``agent``) and ``Arg1`` (= our ``patient``) entity mentions; a system participant
  in one of those roles is correct when its span overlaps *any* mention of the gold
  argument's entity (coreference credit), each gold argument matched at most once.
  *Role-strict* also asks for the same role; *role-agnostic* does not;
* **label coverage**: of the gold Arg0/Arg1 entities of found events that have a named
  (NAM) mention, the share whose label contains the head word of one of those names (its
  last word, company suffixes such as "Inc." aside), case-insensitively, a possessive "'s"
  aside.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from timeline.evaluation.timeline2015 import CatDocument, Timeline2015Error, cat_files, read_cat
from timeline.model import Event

__all__ = [
    "ArgumentCounts",
    "GoldArgument",
    "GoldEventMention",
    "MeantimeDocument",
    "evaluate_arguments",
    "read_meantime",
    "run_eval_arguments",
    "score_document",
]

ROLES = {"Arg0": "agent", "Arg1": "patient"}
_WORD = re.compile(r"\w[\w-]*")
#: Words that end a company name without being its head ("Apple Inc.": the head is Apple).
_NAME_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "ltd", "llc", "plc", "sa", "ag",
                            "gmbh", "nv", "bv", "limited", "incorporated"})


class MeantimeError(Timeline2015Error):
    """A MEANTIME document that cannot be read."""


@dataclass(frozen=True)
class GoldArgument:
    role: str  # "agent" (Arg0) or "patient" (Arg1)
    entity: str  # the entity instance id (or the mention's own id without coreference)
    mention: tuple[int, int]  # character span of the linked mention


@dataclass(frozen=True)
class GoldEventMention:
    m_id: str
    start: int
    end: int
    text: str
    arguments: tuple[GoldArgument, ...]
    #: the character spans of its tokens (a few gold events have several, not contiguous)
    tokens: tuple[tuple[int, int], ...] = ()
    #: whether its sentence has role annotation (MEANTIME gives roles in the first sentences)
    in_role_scope: bool = True


@dataclass(frozen=True)
class MeantimeDocument:
    """A MEANTIME document: the CAT text, its events with Arg0/Arg1, and for each entity
    its mentions' spans and its named mentions' texts."""

    cat: CatDocument
    events: tuple[GoldEventMention, ...]
    entity_mentions: dict[str, tuple[tuple[int, int], ...]]
    entity_names: dict[str, tuple[str, ...]]
    corpus: str = "meantime"


def read_meantime(path: str | Path) -> MeantimeDocument:
    """Read one MEANTIME CAT XML file."""
    p = Path(path)
    cat = read_cat(p)
    try:
        root = SafeET.parse(str(p)).getroot()
    except Exception as exc:  # read_cat has already refused bad XML; be safe anyway
        raise MeantimeError(f"cannot read {p}: {exc}") from None
    by_tid = {t.t_id: t for t in cat.tokens}
    markables = root.find("Markables")
    relations = root.find("Relations")
    spans: dict[str, tuple[int, int]] = {}
    token_spans: dict[str, tuple[tuple[int, int], ...]] = {}
    sentences: dict[str, int] = {}
    kinds: dict[str, tuple[str, str]] = {}
    for m in markables if markables is not None else ():
        toks = [by_tid[int(a.get("t_id", "-1"))] for a in m.findall("token_anchor")
                if int(a.get("t_id", "-1")) in by_tid]
        if not toks:
            continue
        mid = m.get("m_id", "")
        spans[mid] = (min(t.start for t in toks), max(t.end for t in toks))
        token_spans[mid] = tuple((t.start, t.end) for t in toks)
        sentences[mid] = toks[0].sentence
        kinds[mid] = (m.tag, m.get("syntactic_type", ""))
    instance: dict[str, str] = {}
    participants: dict[str, list[tuple[str, str]]] = {}
    for rel in relations if relations is not None else ():
        if rel.tag == "REFERS_TO":
            target = rel.find("target")
            if target is None:
                continue
            for src in rel.findall("source"):
                instance[src.get("m_id", "")] = "i" + target.get("m_id", "")
        elif rel.tag == "HAS_PARTICIPANT" and rel.get("sem_role") in ROLES:
            src, tgt = rel.find("source"), rel.find("target")
            if src is None or tgt is None:
                continue
            participants.setdefault(src.get("m_id", ""), []).append(
                (ROLES[rel.get("sem_role", "")], tgt.get("m_id", "")))
    mentions: dict[str, list[tuple[int, int]]] = {}
    names: dict[str, list[str]] = {}
    for mid, (tag, syn) in kinds.items():
        if tag != "ENTITY_MENTION":
            continue
        ent = instance.get(mid, "m" + mid)
        mentions.setdefault(ent, []).append(spans[mid])
        if syn == "NAM":
            names.setdefault(ent, []).append(cat.text[spans[mid][0]:spans[mid][1]])
    role_sentences = {sentences[m] for m in participants if m in sentences}
    events = []
    for mid, (tag, _) in kinds.items():
        if tag != "EVENT_MENTION":
            continue
        args = tuple(
            GoldArgument(role, instance.get(tgt, "m" + tgt), spans[tgt])
            for role, tgt in participants.get(mid, ())
            if tgt in spans and kinds[tgt][0] == "ENTITY_MENTION"
        )
        s, e = spans[mid]
        text = " ".join(cat.text[a:b] for a, b in token_spans[mid])
        events.append(GoldEventMention(mid, s, e, text, args, token_spans[mid],
                                       sentences[mid] in role_sentences))
    events.sort(key=lambda ev: (ev.start, ev.end))
    return MeantimeDocument(
        cat, tuple(events),
        {k: tuple(v) for k, v in mentions.items()},
        {k: tuple(v) for k, v in names.items()},
        corpus=p.parent.name,
    )


@dataclass(frozen=True)
class ArgumentCounts:
    documents: int = 0
    gold_events: int = 0
    found_events: int = 0
    gold_args: int = 0
    system_args: int = 0
    strict_correct: int = 0
    agnostic_correct: int = 0
    named_agents: int = 0
    labelled_agents: int = 0
    named_patients: int = 0
    labelled_patients: int = 0
    scoped_system_args: int = 0
    scoped_strict_correct: int = 0

    def __add__(self, other: ArgumentCounts) -> ArgumentCounts:
        return ArgumentCounts(*(getattr(self, f) + getattr(other, f)
                                for f in self.__dataclass_fields__))

    @staticmethod
    def _prf(correct: int, system: int, gold: int) -> dict[str, float]:
        p = correct / system if system else 0.0
        r = correct / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f}

    @property
    def strict(self) -> dict[str, float]:
        return self._prf(self.strict_correct, self.system_args, self.gold_args)

    @property
    def scoped(self) -> dict[str, float]:
        """Role-strict, counting only events in sentences that have role annotation."""
        return self._prf(self.scoped_strict_correct, self.scoped_system_args, self.gold_args)

    @property
    def agnostic(self) -> dict[str, float]:
        return self._prf(self.agnostic_correct, self.system_args, self.gold_args)

    @property
    def event_recall(self) -> float:
        return self.found_events / self.gold_events if self.gold_events else 0.0

    @property
    def label_coverage(self) -> float:
        named = self.named_agents + self.named_patients
        return (self.labelled_agents + self.labelled_patients) / named if named else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": {f: getattr(self, f) for f in self.__dataclass_fields__},
            "event_recall": self.event_recall,
            "role_strict": self.strict,
            "role_agnostic": self.agnostic,
            "role_strict_in_annotated_sentences": self.scoped,
            "label_coverage": {
                "all": self.label_coverage,
                "agents": self.labelled_agents / self.named_agents if self.named_agents else 0.0,
                "patients": (self.labelled_patients / self.named_patients
                             if self.named_patients else 0.0),
            },
        }


@dataclass(frozen=True)
class ArgumentError:
    """A missed or spurious argument, for ``--errors``."""

    kind: str  # "missed", "spurious" or "unlabelled"
    document: str
    event: str
    role: str
    text: str
    category: str = field(default="")
    #: the label of our event, shown beside the gold
    label: str = ""
    #: whether the event's sentence has role annotation (the headline figure counts only those)
    scoped: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, "event": self.event,
                "role": self.role, "text": self.text, "category": self.category,
                "label": self.label, "scoped": self.scoped}


#: What the scorer needs of a system event: its trigger span, its (role, start, end, text)
#: arguments and its label.
SystemEvent = tuple[tuple[int, int], tuple[tuple[str, int, int, str], ...], str]


def system_events(events: Iterable[Event]) -> list[SystemEvent]:
    """The scorer's view of our events."""
    return [((e.trigger.start, e.trigger.end),
             tuple((p.role, p.start, p.end, p.text) for p in e.participants),
             e.label()) for e in events]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _words(text: str) -> set[str]:
    """The words of a label, lower case, without a possessive ending."""
    return {w.lower() for w in _WORD.findall(text.replace("'s", " ").replace("’s", " "))}


def name_head(name: str) -> str | None:
    """The head word of a name: its last word, company suffixes ("Inc.") aside."""
    words = [w.lower() for w in _WORD.findall(name)]
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else None


def score_document(
    gold: MeantimeDocument, system: Sequence[SystemEvent]
) -> tuple[ArgumentCounts, list[ArgumentError]]:
    """The counts of one document (see the module docstring for the measure)."""
    used: set[int] = set()
    counts = ArgumentCounts(documents=1)
    errors: list[ArgumentError] = []
    doc = gold.cat.name
    for ev in gold.events:
        match = next((i for i, (span, _, _) in enumerate(system)
                      if i not in used and any(_overlaps(span, t) for t in ev.tokens)), None)
        found = match is not None
        counts += ArgumentCounts(gold_events=1, found_events=int(found))
        if match is None:
            continue
        used.add(match)
        _, args, label = system[match]
        sys_args = [(role, (s, e), text) for role, s, e, text in args
                    if role in ("agent", "patient")]
        gold_args = list(dict.fromkeys((a.role, a.entity) for a in ev.arguments))
        strict = _matches(sys_args, gold_args, gold, strict=True)
        agnostic = _matches(sys_args, gold_args, gold, strict=False)
        label_words = _words(label)
        named = {"agent": 0, "patient": 0}
        labelled = {"agent": 0, "patient": 0}
        for role, ent in gold_args:
            heads = {h for n in gold.entity_names.get(ent, ()) if (h := name_head(n))}
            if not heads:
                continue
            named[role] += 1
            if heads & label_words:
                labelled[role] += 1
            else:
                errors.append(ArgumentError("unlabelled", doc, ev.text, role,
                                            f"lacks {sorted(heads)}", label=label,
                                            scoped=ev.in_role_scope))
        counts += ArgumentCounts(
            gold_args=len(gold_args), system_args=len(sys_args),
            strict_correct=len(strict), agnostic_correct=len(agnostic),
            named_agents=named["agent"], labelled_agents=labelled["agent"],
            named_patients=named["patient"], labelled_patients=labelled["patient"],
            scoped_system_args=len(sys_args) if ev.in_role_scope else 0,
            scoped_strict_correct=len(strict) if ev.in_role_scope else 0,
        )
        for k, (role, ent) in enumerate(gold_args):
            if k not in {g for _, g in strict}:
                first = gold.entity_mentions.get(ent, ((0, 0),))[0]
                errors.append(ArgumentError("missed", doc, ev.text, role,
                                            gold.cat.text[first[0]:first[1]], label=label,
                                            scoped=ev.in_role_scope))
        for j, (role, _, text) in enumerate(sys_args):
            if j not in {s for s, _ in strict}:
                errors.append(ArgumentError("spurious", doc, ev.text, role, text, label=label,
                                            scoped=ev.in_role_scope))
    return counts, errors


def _matches(
    sys_args: Sequence[tuple[str, tuple[int, int], str]],
    gold_args: Sequence[tuple[str, str]],
    gold: MeantimeDocument,
    *,
    strict: bool,
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of system to gold arguments: (system index, gold index)."""
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for j, (role, span, _) in enumerate(sys_args):
        for k, (g_role, ent) in enumerate(gold_args):
            if k in taken or (strict and role != g_role):
                continue
            if any(_overlaps(span, m) for m in gold.entity_mentions.get(ent, ())):
                pairs.append((j, k))
                taken.add(k)
                break
    return pairs


def baseline_events(doc: Any) -> list[SystemEvent]:
    """The naive baseline: every verb, its subject subtree as agent, its object or passive
    subject subtree as patient."""
    out: list[SystemEvent] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        args = []
        for c in tok.children:
            role = {"nsubj": "agent", "dobj": "patient", "nsubjpass": "patient"}.get(c.dep_)
            if role:
                sub = doc[c.left_edge.i:c.right_edge.i + 1]
                args.append((role, sub.start_char, sub.end_char, sub.text))
        agents = [a[3] for a in args if a[0] == "agent"][:1]
        patients = [a[3] for a in args if a[0] == "patient"][:1]
        label = " ".join([*agents, tok.text, *patients])
        out.append(((tok.idx, tok.idx + len(tok.text)), tuple(args), label))
    return out


def evaluate_arguments(
    paths: Sequence[str | Path], *, baseline: bool = False
) -> tuple[ArgumentCounts, dict[str, ArgumentCounts], list[ArgumentError]]:
    """Score the extractor (or the baseline) on MEANTIME files or folders."""
    from timeline.nlp import get_nlp
    from timeline.pipeline import build_timeline

    files = [f for p in paths for f in cat_files(p)]
    if not files:
        raise MeantimeError(f"no CAT documents (*.xml) in {', '.join(map(str, paths))}")
    golds = [read_meantime(f) for f in files]
    docs = [g.cat.document() for g in golds]
    nlp = get_nlp()
    total = ArgumentCounts()
    per: dict[str, ArgumentCounts] = {}
    errors: list[ArgumentError] = []
    for gold, document, parsed in zip(golds, docs, nlp.pipe([d.text for d in docs]),
                                      strict=True):
        if baseline:
            system = baseline_events(parsed)
        else:
            system = system_events(build_timeline(document, parsed).events)
        counts, errs = score_document(gold, system)
        total += counts
        per[gold.corpus] = per.get(gold.corpus, ArgumentCounts()) + counts
        errors.extend(errs)
    return total, per, errors


def format_table(per: dict[str, ArgumentCounts], total: ArgumentCounts) -> str:
    """One row per corpus: the headline figure (role-strict F1 on the role-annotated
    sentences) first, then events found, role-strict P/R/F1 on every sentence, role-agnostic
    F1 and label coverage."""
    head = (f"{'corpus':<20} {'docs':>5} {'annot F1':>9} {'events':>7} {'found':>7} "
            f"{'strict P':>9} {'R':>6} {'F1':>6} {'agnostic F1':>12} {'labels':>7}")
    rows = [head, "-" * len(head)]
    for name, c in [*per.items(), ("all", total)]:
        s, a = c.strict, c.agnostic
        rows.append(f"{name[:20]:<20} {c.documents:>5} {100 * c.scoped['f1']:>9.1f} "
                    f"{c.gold_events:>7} "
                    f"{100 * c.event_recall:>6.1f}% {100 * s['precision']:>9.1f} "
                    f"{100 * s['recall']:>6.1f} {100 * s['f1']:>6.1f} {100 * a['f1']:>12.1f} "
                    f"{100 * c.label_coverage:>6.1f}%")
    return "\n".join(rows)


def run_eval_arguments(
    paths: Sequence[str],
    *,
    baseline: bool = False,
    show_errors: bool = False,
    json_path: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """``timeline eval arguments MEANTIME_DIR``: print the figures; 2 for unreadable gold."""
    from timeline.output import write_atomic

    try:
        total, per, errors = evaluate_arguments(paths, baseline=baseline)
    except Timeline2015Error as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    what = "naive baseline" if baseline else "timeline"
    scoped = total.scoped
    print(f"Event arguments against MEANTIME HAS_PARTICIPANT Arg0/Arg1, {what}:", file=out)
    print(f"role-strict F1 on role-annotated sentences {100 * scoped['f1']:.1f} "
          f"(P {100 * scoped['precision']:.1f}, R {100 * scoped['recall']:.1f})\n", file=out)
    print(format_table(per, total), file=out)
    cov = total.to_dict()["label_coverage"]
    print(f"\nrole-strict F1 on every sentence {100 * total.strict['f1']:.1f}, role-agnostic "
          f"F1 {100 * total.agnostic['f1']:.1f}, events found {100 * total.event_recall:.1f}%, "
          f"label coverage {100 * cov['all']:.1f}% (agents {100 * cov['agents']:.1f}%, "
          f"objects {100 * cov['patients']:.1f}%)", file=out)
    if show_errors:
        print("\nkind       document                       event           role     "
              "gold or ours                    | our label (* outside the role-annotated "
              "sentences)", file=out)
        for err in errors:
            print(f"{err.kind:<10} {err.document[:30]:<30} {err.event:<15} {err.role:<8} "
                  f"{err.text[:31]:<31} | {'' if err.scoped else '* '}{err.label}", file=out)
    if json_path:
        data = {"task": "arguments", "system": what, "overall": total.to_dict(),
                "by_corpus": {k: v.to_dict() for k, v in per.items()},
                "errors": [e.to_dict() for e in errors]}
        write_atomic(json_path, json.dumps(data, indent=2))
    return 0
