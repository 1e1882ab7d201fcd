"""Entities and coreference: the mentions of a document grouped into who and what it is about.

Rules over the parse and the named entities (word lists in ``lang/en/entities.toml``):

* names and their short forms: the same name, a part of a longer name of a compatible type
  ("Apple" and "Apple Computer"; a person's surname "Araghchi" or first name), an acronym
  of the initials ("IAEA" for the International Atomic Energy Agency);
* definite descriptions ("the company", "the carmaker", "the Iranian foreign minister"):
  the most recent entity of the type their head noun names;
* pronouns (he, she, it, they, his, its, their...): the nearest compatible entity before
  them, subjects first, in the same sentence or the two before;
* unnamed noun phrases ("terrorists", "the ceasefire"): one entity per head noun.

Relative pronouns ("who", "which") are resolved by :mod:`timeline.arguments`, which puts
the antecedent in their place.

:func:`resolve_entities` returns the events with each participant's ``entity`` set, and the
entities.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from timeline.arguments import entity_span, participant_head, verb_roles
from timeline.lang import en
from timeline.model import Entity, Event, Participant, Span, evolve
from timeline.nlp import doc_text

_WORD = re.compile(r"[\w][\w.&'’-]*")


@cache
def _lex() -> dict[str, Any]:
    data = en.load("entities.toml")
    compat: dict[str, frozenset[str]] = {}
    for group in data["names"]["compatible"]:
        for label in group:
            compat[label] = frozenset(group)
    return {
        "pronouns": data["pronouns"],
        "descriptions": {w: t for t, words in data["descriptions"].items() for w in words},
        "acronym_skip": frozenset(data["names"]["acronym_skip"]),
        "strip": frozenset(data["names"]["strip_leading"]),
        "labels": frozenset(data["names"]["labels"]),
        "compatible": compat,
        "particles": tuple(data["names"]["surname_particles"]),
        "first_person": frozenset(data["first_person"]["singular"]),
        "first_plural": frozenset(data["first_person"]["plural"]),
        "suffixes": frozenset(data["names"]["company_suffixes"]),
        "org_words": frozenset(data["names"]["organisation_words"]),
        "shortened": frozenset(data["names"]["shortened_types"]),
    }


@dataclass
class _Cluster:
    id: str
    type: str
    names: list[str] = field(default_factory=list)
    words: list[list[str]] = field(default_factory=list)  # name_words of each name
    mentions: list[tuple[int, int]] = field(default_factory=list)
    head_lemma: str | None = None  # for unnamed noun phrases
    plural: bool = False
    last: int = -1  # token index of the latest mention
    positions: list[int] = field(default_factory=list)  # token index of each mention's head
    subjects: set[int] = field(default_factory=set)  # token indices of subject mentions


def name_words(text: str) -> list[str]:
    """The words of a name, without a leading article and a possessive ending."""
    words = _WORD.findall(text)
    while words and words[0].lower() in _lex()["strip"]:
        words = words[1:]
    if words and words[-1].lower() in ("'s", "’s"):
        words = words[:-1]
    return [re.sub(r"['’]s$", "", w) for w in words]


def _bare(word: str) -> str:
    """A name word for comparison: lower case, without a surname particle ("al-Assad")."""
    low = word.lower()
    for particle in _lex()["particles"]:
        if low.startswith(particle) and len(low) > len(particle) + 1:
            return low[len(particle):]
    return low


def _acronym(words: Sequence[str]) -> str:
    skip = _lex()["acronym_skip"]
    return "".join(w[0] for w in words if w.lower() not in skip and w[:1].isalpha()).upper()


def same_name(short: Sequence[str], long: Sequence[str], person: bool) -> bool:
    """Whether ``short`` names what ``long`` names: equal, a part of it (a person's first or
    last name; a company's leading words), or its acronym."""
    if not short or not long:
        return False
    a = [_bare(w) for w in short]
    b = [_bare(w) for w in long]
    if a == b:
        return True
    if len(a) < len(b):
        if person:
            return a == b[-len(a):] or a == b[:len(a)]
        if a == b[:len(a)] or a == b[-len(a):]:
            return True
    word = short[0]
    if len(short) != 1 or len(word) < 2 or not word.replace(".", "").isupper():
        return False
    letters = word.replace(".", "").lower()
    if len(long) >= 2:
        return letters.upper() == _acronym(long)
    # a one-word name's short form: its first letter, then letters of it in order ("VW")
    whole = long[0].lower()
    if len(letters) > 4 or not whole.startswith(letters[0]) or len(whole) < 2 * len(letters):
        return False
    pos = 1
    for ch in letters[1:]:
        pos = whole.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _clean(name: str) -> str:
    """A name as written, without a leading article or a possessive ending."""
    text = re.sub(r"['’]s$", "", name.strip())
    first = text.split(" ", 1)
    if len(first) == 2 and first[0].lower() in _lex()["strip"]:
        text = first[1]
    return text


def _conflicts(words: Sequence[str], names: Sequence[Sequence[str]]) -> bool:
    """Whether a full name differs from every full (several-word) name of a cluster."""
    full = [n for n in names if len(n) > 1]
    return bool(full) and not any(same_name(words, f, True) or same_name(f, words, True)
                                  for f in full)


def canonical_name(names: Sequence[str]) -> str:
    """The longest proper name (most words, then most characters)."""
    return max(names, key=lambda n: (len(name_words(n)), len(n)))


def short_name(entity: Entity) -> str:
    """The name a headline uses: a person's surname, else the shortest name that is not an
    acronym of a longer one... the shortest name."""
    words = name_words(entity.name)
    lex = _lex()
    company = entity.type != "PERSON" or any(w.lower() in lex["org_words"] for w in words)
    if entity.type in ("PERSON", "ORG") and company and words:
        # "Armco Inc.": Armco; "Sansui Electric" (tagged a person): the company's name
        names = [entity.name, *entity.aliases] if entity.type == "ORG" else [entity.name]
        best = min(names, key=lambda n: (len(name_words(n)), len(n)))
        if _ambiguous_short(names):
            best = entity.name  # "iPod Nano" and "iPod Mini": "iPod" would name either
        kept = best.split()
        while len(kept) > 1 and kept[-1].lower().rstrip(",") in lex["suffixes"]:
            kept.pop()
        while len(kept) > 1 and kept[0].islower():
            kept.pop(0)  # "the associated iTunes App Store": the name starts at a capital
        return " ".join(kept).rstrip(",")
    if entity.type == "PERSON" and words:
        # the surname, as the text writes it alone ("Assad" for Bashar al-Assad)
        alone = [a for a in entity.aliases if len(name_words(a)) == 1
                 and _bare(name_words(a)[0]) == _bare(words[-1])]
        return min(alone, key=len) if alone else words[-1]
    names = [entity.name, *entity.aliases]
    if entity.type not in lex["shortened"]:
        # a product's shorter name is often another product ("iPod" for the iPod Nano)
        return _from_capital(entity.name)
    if _ambiguous_short(names):
        return _from_capital(entity.name)
    return _from_capital(min(names, key=lambda n: (len(name_words(n)), len(n))))


def _from_capital(name: str) -> str:
    """A name from its first word with a capital ("the associated iTunes App Store")."""
    kept = name.split()
    while len(kept) > 1 and kept[0].islower():
        kept.pop(0)
    return " ".join(kept)


def _ambiguous_short(names: Sequence[str]) -> bool:
    """Whether an entity has two different several-word names, so that the word they share
    would name either ("iPod Nano", "iPod Mini"); company suffixes aside."""
    suffixes = _lex()["suffixes"]
    longer = {" ".join(w.lower() for w in name_words(n) if w.lower() not in suffixes)
              for n in names}
    return len({n for n in longer if " " in n}) > 1


def short_names(entities: Sequence[Entity]) -> dict[str, str]:
    """Each entity's short name, by id; two entities that would share one ("Apple" for Apple
    Computer and Apple Corps) keep their names without company suffixes."""
    short = {e.id: short_name(e) for e in entities}
    suffixes = _lex()["suffixes"]
    taken = {n.lower() for n in short.values()}
    seen: dict[str, int] = {}
    for name in short.values():
        seen[name.lower()] = seen.get(name.lower(), 0) + 1
    for e in entities:
        if e.type != "NP" and seen[short[e.id].lower()] > 1:
            # the shortest of its names that no other entity goes by ("Apple Corps")
            others = {n.lower() for o in entities if o.id != e.id
                      for n in (o.name, *o.aliases)}
            names = sorted((n for n in (e.name, *e.aliases) if len(name_words(n)) > 1
                            and n.lower() not in others and n.lower() not in taken),
                           key=lambda n: (len(name_words(n)), len(n)))
            # (a person by the full name: "Juan Miguel Gonzalez" beside "Elian Gonzalez")
            kept = (names[0] if names and e.type != "PERSON" else e.name).split()
            while len(kept) > 1 and kept[-1].lower().rstrip(",") in suffixes:
                kept.pop()
            short[e.id] = " ".join(kept).rstrip(",")
    return short


def _name_of(head: Token) -> str | None:
    """The named entity the head word belongs to, if any."""
    if not head.ent_type_ or head.ent_type_ not in _lex()["labels"]:
        return None
    ent = entity_span(head)
    return ent.text if ent is not None else None


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in ("nsubj", "nsubjpass")


class _Resolver:
    """Mentions in text order, each joined to an existing cluster or starting one."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.clusters: list[_Cluster] = []
        self.by_span: dict[tuple[int, int], _Cluster] = {}
        self.sent_starts = [s.start for s in doc.sents] or [0]
        self.by_word: dict[str, list[_Cluster]] = {}

    def _new(self, kind: str) -> _Cluster:
        cluster = _Cluster(f"E{len(self.clusters) + 1}", kind)
        self.clusters.append(cluster)
        return cluster

    def _add(self, cluster: _Cluster, span: tuple[int, int], head: Token) -> None:
        if span not in self.by_span:
            cluster.mentions.append(span)
            self.by_span[span] = cluster
        cluster.last = max(cluster.last, head.i)
        cluster.positions.append(head.i)
        if _is_subject(head):
            cluster.subjects.add(head.i)

    def name(self, span: tuple[int, int], head: Token, text: str) -> None:
        label = head.ent_type_ or "MISC"
        words = name_words(text)
        if not words:
            return
        compat = _lex()["compatible"].get(label, frozenset({label}))
        person = label == "PERSON"
        best = None
        candidates = {id(c): c for w in words for c in self.by_word.get(_bare(w), ())}
        if len(words) == 1 and words[0].replace(".", "").isupper():
            candidates = {id(c): c for c in self.clusters}  # an acronym: any cluster
        for cluster in sorted(candidates.values(), key=lambda c: -int(c.id[1:])):
            if cluster.type not in compat:
                continue
            if len(words) > 1 and _conflicts(words, cluster.words):
                continue  # "Steve Ballmer" is not "Steve Jobs", though both are "Steve";
                # "Apple Corps" is not "Apple Computer", though both are "Apple"
            for other in cluster.words:
                if same_name(words, other, person) or same_name(other, words, person):
                    best = cluster
                    break
            if best is not None:
                break
        if best is None and len(words) <= 2:
            # spaCy labels a surname alone by context ("Araghchi" as GPE, "Assad" as ORG)
            people = sorted({id(c): c for w in words for c in self.by_word.get(_bare(w), ())
                             if c.type == "PERSON"}.values(), key=lambda c: -int(c.id[1:]))
            best = next((c for c in people if any(same_name(words, other, True)
                                                  for other in c.words)), None)
        cluster = best or self._new(label)
        if text not in cluster.names:
            cluster.names.append(text)
            cluster.words.append(words)
            for w in words:
                bucket = self.by_word.setdefault(_bare(w), [])
                if cluster not in bucket:
                    bucket.append(cluster)
        self._add(cluster, span, head)

    def description(self, span: tuple[int, int], head: Token) -> bool:
        """A definite description of a named entity: "the company"."""
        wanted = _lex()["descriptions"].get(head.lemma_.lower())
        if wanted is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                     for c in head.children):
            return False
        if head.tag_ != "NN" or any(c.dep_ in ("prep", "relcl", "acl", "appos", "compound")
                                    or (c.dep_ == "amod" and (c.tag_ == "VBN" or "-" in [
                                        t.text for t in c.subtree]))
                                    for c in head.children):
            return False  # "the country of Syria", "the takfiri-led alliance": new entities
        window = self._window(self._sent_start(head.i))
        compat = _lex()["compatible"].get(wanted, frozenset({wanted}))
        # a name that holds the description's noun ("the court": the Supreme Court), however
        # far back, before the latest entity of the type
        word = head.lower_
        named = [c for c in self.clusters if c.type in compat and c.last < head.i
                 and any(word in (w.lower() for w in ws) for ws in c.words)]
        if named:
            self._add(max(named, key=lambda c: c.last), span, head)
            return True
        candidates = [c for c in self.clusters if c.type in compat and window <= c.last < head.i
                      and c.names]
        if not candidates:
            return False
        self._add(max(candidates, key=lambda c: c.last), span, head)
        return True

    def pronoun(self, span: tuple[int, int], head: Token) -> None:
        features = _lex()["pronouns"].get(head.lower_)
        if features is None:
            return
        types = set(features["types"])
        plural = features["number"] == "plural"
        sent_start = self._sent_start(head.i)
        window = self._window(sent_start)
        best: tuple[Any, ...] | None = None
        for cluster in self.clusters:
            if cluster.type not in types or cluster.last >= head.i or cluster.last < window:
                continue
            if cluster.type == "NP" and cluster.plural != plural:
                continue
            if cluster.type == "PERSON" and plural:
                continue
            # the mention closest before the pronoun, subjects first
            positions = [p for p in cluster.positions if window <= p < head.i]
            if not positions:
                continue
            subj = any(window <= i < head.i for i in cluster.subjects)
            same = any(p >= sent_start for p in positions)
            key = (same and subj, subj, max(positions))
            if best is None or key > best[0]:
                best = (key, cluster)
        if best is not None and self._ambiguous(head, types, plural, sent_start, best[1]):
            return
        if best is not None:
            self._add(best[1], span, head)

    def _ambiguous(self, head: Token, types: set[str], plural: bool, sent_start: int,
                   best: _Cluster) -> bool:
        """A plural pronoun subject of an adverbial clause ("Police prevented the
        Protestants from interfering with the Catholics as they marched") with another
        compatible group before it in its sentence: which one is meant needs more than the
        parse, and a label keeps no actor rather than a wrong one."""
        if not plural or head.dep_ != "nsubj" or head.head.dep_ != "advcl":
            return False
        return any(c is not best and c.type in types and c.type != "PERSON"
                   and (c.type != "NP" or c.plural)
                   and any(sent_start <= p < head.i for p in c.positions)
                   for c in self.clusters)

    def _sent_start(self, i: int) -> int:
        """The first token of the sentence of token ``i`` (``Token.sent`` walks the doc)."""
        return self.sent_starts[bisect_right(self.sent_starts, i) - 1]

    def _window(self, sent_start: int) -> int:
        """The first token of the sentence two before the one starting at ``sent_start``."""
        starts = self.sent_starts
        k = starts.index(sent_start) if sent_start in starts else 0
        return starts[max(0, k - 2)]

    def phrase(self, span: tuple[int, int], head: Token) -> None:
        """An unnamed noun phrase: the same head noun is the same entity."""
        lemma = head.lemma_.lower()
        for cluster in reversed(self.clusters):
            if cluster.type == "NP" and cluster.head_lemma == lemma and \
                    cluster.plural == (head.tag_ in ("NNS", "NNPS")):
                self._add(cluster, span, head)
                return
        cluster = self._new("NP")
        cluster.head_lemma = lemma
        cluster.plural = head.tag_ in ("NNS", "NNPS")
        cluster.names.append(_phrase_name(head))
        self._add(cluster, span, head)


def _phrase_name(head: Token) -> str:
    """An unnamed entity's name: its head noun with the compound words before it."""
    left = head
    while left.i > 0 and head.doc[left.i - 1].dep_ == "compound" and \
            head.doc[left.i - 1].head.i == head.i:
        left = head.doc[left.i - 1]
    return head.doc[left.i:head.i + 1].text


def _mentions(doc: Doc, events: Sequence[Event]) -> list[tuple[tuple[int, int], Token]]:
    """Every mention to resolve, in text order: participants, named entities, pronouns."""
    found: dict[tuple[int, int], Token] = {}
    heads: set[int] = set()
    for ev in events:
        for p in ev.participants:
            tok = participant_head(doc, p.start, p.end)
            if tok is not None:
                found.setdefault((p.start, p.end), tok)
                heads.add(tok.i)
    labels = _lex()["labels"]
    for ent in doc.ents:
        if ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound"):
            continue  # "Iranian", "Syrian" as adjectives name no one
        if ent.label_ in labels and ent.root.i not in heads:
            found.setdefault((ent.start_char, ent.end_char), ent.root)
            heads.add(ent.root.i)
    pronouns = _lex()["pronouns"]
    for tok in doc:
        if tok.lower_ in pronouns and tok.pos_ == "PRON" and tok.i not in heads:
            found[(tok.idx, tok.idx + len(tok.text))] = tok
    return sorted(found.items(), key=lambda kv: (kv[1].i, kv[0]))


def _speakers(doc: Doc, resolver: _Resolver) -> None:
    """"I", "me", "my" in a quotation: the subject of the sentence's reporting verb ("'I
    have said...', Jobs wrote"), or of the sentence before."""
    first = _lex()["first_person"]
    plural = _lex()["first_plural"]
    if not any(tok.lower_ in first or tok.lower_ in plural for tok in doc):
        return
    reporting = frozenset(en.load("events.toml")["reporting"]["verbs"])
    by_head = {i: c for c in resolver.clusters for i in c.positions}
    sents = list(doc.sents)
    speaker_of: dict[int, _Cluster | None] = {}
    group_of: dict[int, _Cluster | None] = {}
    for k, sent in enumerate(sents):
        speaker = group = None
        for tok in sent:
            if tok.lemma_.lower() in reporting and tok.pos_ == "VERB":
                # its own subject, or the one it shares ('Jobs started ..., saying, "...')
                subj = next((c for c in tok.children if c.dep_ == "nsubj"
                             and c.lower_ not in first and c.lower_ not in plural), None) or next(
                    (h for role, h in verb_roles(tok) if role == "agent"
                     and h.lower_ not in first and h.lower_ not in plural), None)
                if subj is not None and by_head.get(subj.i) is not None:
                    speaker = by_head[subj.i]
                    # "Apple CEO Steve Jobs", "Jobs, the CEO of Apple": the speaker's firm
                    group = next((by_head[t.i] for t in subj.subtree if t.i in by_head
                                  and by_head[t.i].type == "ORG"), None)
                    break
        speaker_of[k] = speaker
        group_of[k] = group if group is not None else (
            speaker if speaker is not None and speaker.type == "ORG" else None)
    for k, sent in enumerate(sents):
        for tok in sent:
            if tok.i in by_head or (tok.lower_ not in first and tok.lower_ not in plural):
                continue
            if tok.lower_ in plural:
                # "we" in a quotation: the organisation the speaker speaks for
                group = group_of[k] or (group_of.get(k - 1) if k else None)
                if group is not None:
                    resolver._add(group, (tok.idx, tok.idx + len(tok.text)), tok)
                continue
            speaker = speaker_of[k] or (speaker_of.get(k - 1) if k else None)
            if speaker is not None and speaker.type == "PERSON":
                resolver._add(speaker, (tok.idx, tok.idx + len(tok.text)), tok)


def resolve_entities(
    doc: Doc, events: Sequence[Event]
) -> tuple[tuple[Event, ...], tuple[Entity, ...]]:
    """The events with their participants' entity ids, and the document's entities."""
    resolver = _Resolver(doc)
    pronouns = _lex()["pronouns"]
    for span, head in _mentions(doc, events):
        name = _name_of(head)
        if name is None and not head.ent_type_ and (head.pos_ == "PROPN" or (
                head.text[:1].isupper() and _bare(head.text) in resolver.by_word)):
            name = head.text  # a name the recognizer missed ("Pezeshkian", even as ADJ)
        if name is not None:
            resolver.name(span, head, name)
        elif head.pos_ == "PRON" or head.lower_ in pronouns:
            resolver.pronoun(span, head)
        elif head.pos_ in ("NOUN", "PROPN") and not resolver.description(span, head):
            resolver.phrase(span, head)
    _speakers(doc, resolver)
    text = doc_text(doc)
    entities: list[Entity] = []
    ids: dict[str, str] = {}
    for cluster in resolver.clusters:
        if not cluster.mentions:
            continue
        new_id = f"E{len(entities) + 1}"
        ids[cluster.id] = new_id
        name = canonical_name(cluster.names) if cluster.type != "NP" else cluster.names[0]
        name = _clean(name) if cluster.type != "NP" else name
        aliases = tuple(dict.fromkeys(_clean(n) for n in cluster.names if _clean(n) != name))
        mentions = tuple(Span(text[s:e], s, e) for s, e in sorted(cluster.mentions))
        entities.append(Entity(new_id, name, cluster.type, mentions, aliases))
    out = []
    for ev in events:
        parts = []
        for p in ev.participants:
            cluster = resolver.by_span.get((p.start, p.end))
            parts.append(_with_entity(p, ids.get(cluster.id) if cluster else None))
        out.append(evolve(ev, participants=tuple(parts)))
    return tuple(out), tuple(entities)


def _with_entity(p: Participant, entity: str | None) -> Participant:
    return p if p.entity == entity else evolve(p, entity=entity)
