"""Merged timelines across documents, and the timeline of one entity.

:func:`merge` puts the events of many documents on one timeline. Each event keeps where it
comes from (its document and its id there); the same event reported by several documents
(same date, same trigger lemma, matching participants; on an entity's timeline the entity is
the participant in common) is shown once with all its sources.

:class:`EntityMatcher` finds an entity in a document: by its name and short forms (a
person's surname once the document names them in full, the last words of a long name, a
model number, the initials, "the store" for "iTunes store"), by the aliases the documents
teach ("Volkswagen (VW)"), through the document's coreference groups
(:attr:`Timeline.entities`) when the extractor gives them, else through pronouns that follow
a mention of it. :func:`filter_entity` keeps the events it takes part in, in any role, less
the states described with a copula. The word lists are data in
``timeline/lang/en/entity_matching.toml``.

This is the SemEval-2015 Task 4 "TimeLine" setting (cross-document event ordering for a
target entity); :mod:`timeline.evaluation.timeline2015` scores it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from timeline.lang import en
from timeline.model import (
    GRANULARITIES,
    Document,
    Entity,
    Event,
    EventTime,
    Interval,
    Participant,
    Span,
    TimeExpression,
    label_parts_from_dict,
)
from timeline.timeline import SCHEMA_VERSION, Timeline

__all__ = [
    "EntityMatcher",
    "MergedEvent",
    "MergedTimeline",
    "acronym",
    "filter_entity",
    "is_copula_state",
    "merge",
    "name_tokens",
    "timeline_from_dict",
]

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_PERSONISH = frozenset({"PERSON"})
#: Labels of names that, longer than the entity's name and holding it, name another thing
#: ("iPod Nano", "Apple Corps"); a person's title keeps its organisation ("Apple CEO Steve
#: Jobs" is about Apple), and a description (``NP``) holds the entity ("shares of VW").
_OTHER_NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT",
                                "WORK_OF_ART", "EVENT"})
_POSSESSIVE = re.compile(r"['’]s$")


def _lexicon() -> dict[str, Any]:
    return en.load("entity_matching.toml")


def name_tokens(text: str) -> tuple[str, ...]:
    """A name as lower-case words: no leading article, no possessive, no company suffix."""
    lex = _lexicon()["names"]
    leading, suffixes = set(lex["leading"]), set(lex["company_suffixes"])
    words = [w.lower() for w in _TOKEN.findall(text)]
    words = [_POSSESSIVE.sub("", w) for w in words]
    while words and words[0] in leading:
        words = words[1:]
    while len(words) > 1 and words[-1] in suffixes:
        words = words[:-1]
    return tuple(w for w in words if w)


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    return any(tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1))


def acronym(name: str) -> str | None:
    """The initials of a name of two or more significant words ("Worldwide Developers
    Conference" -> "WDC"), or ``None``."""
    skip = set(_lexicon()["names"]["acronym_skip"])
    words = [w for w in _TOKEN.findall(name) if w.lower() not in skip]
    if len(words) < 2 or not all(w[:1].isalpha() for w in words):
        return None
    return "".join(w[0].upper() for w in words)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str  # as written, possessive dropped
    lower: str


def _words(text: str) -> list[_Word]:
    out = []
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        out.append(_Word(m.start(), m.start() + len(word), word, word.lower()))
    return out


@dataclass(frozen=True)
class _Form:
    """One way of writing the entity: lower-case words, or (``exact``) one word as written."""

    words: tuple[str, ...]
    exact: bool = False
    #: a person's first name: not when the document names another person so
    first_name: bool = False


#: An "ACR (Full Name)" or "Full Name (ACR)" pair in a text (a name of at most 8 words:
#: the search stays linear on a text of capitalised words).
_PAREN = re.compile(r"([A-Z][\w&.'’-]{0,40}(?:\s+(?:[A-Z][\w&.'’-]{0,40}|of|and|for|the|de))"
                    r"{0,7})\s*\(\s*([^()]{1,60}?)\s*\)")


class EntityMatcher:
    """Whether an event of a document involves a given entity.

    The entity is found through its full name and, in a document that names it in full,
    through the short forms that name sets up: a person's surname ("Jobs"), the last words
    of a long name ("Apple Corps" for "Beatles Apple Corps"), a model number ("3G" for
    "iPhone 3G"), the initials ("WWDC"); through the aliases given or learned from the
    documents (:meth:`learn`: "Volkswagen (VW)" teaches "VW" to every document); through the
    document's coreference groups (:attr:`Timeline.entities`: descriptions and pronouns)
    when the extractor gives them, else through personal pronouns that follow a mention of
    a person with no other person named in between.
    """

    def __init__(self, name: str, aliases: Iterable[str] = ()) -> None:
        self.name = name
        self.tokens = name_tokens(name)
        if not self.tokens:
            raise ValueError(f"entity name {name!r} has no words")
        self.learned: tuple[str, ...] = tuple(
            dict.fromkeys(a for a in aliases if name_tokens(a) and name_tokens(a) != self.tokens))

    # ------------------------------------------------------------------ names

    def is_full_mention(self, text: str) -> bool:
        """The whole name (or a learned alias) appears in ``text`` ("Apple CEO Steve Jobs"
        for Steve Jobs)."""
        toks = name_tokens(text)
        return _contains(toks, self.tokens) or any(
            _contains(toks, name_tokens(a)) for a in self.learned)

    @property
    def person_like(self) -> bool:
        """"Steve Jobs": several capitalised words (not "iPhone 4", not "iTunes store")."""
        words = self.name.split()
        return len(words) > 1 and all(w[:1].isupper() and w.isalpha() for w in words)

    def _always_forms(self) -> list[_Form]:
        forms = [_Form(self.tokens)]
        forms += [_Form(name_tokens(a)) for a in self.learned]
        words = self.name.split()
        # "Apple Corps" for "Beatles Apple Corps": the last words of a long name, from a
        # capitalised word on
        if len(self.tokens) >= 3 and len(words) == len(self.tokens):
            for i in range(1, len(self.tokens) - 1):
                if words[i][:1].isupper():
                    forms.append(_Form(self.tokens[i:]))
        return forms

    def _short_forms(self, person: bool) -> list[_Form]:
        """Forms that stand for the entity once a document has named it in full; a
        person's surname and first name when the document shows it is a person."""
        if len(self.tokens) < 2:
            return []
        words = [_POSSESSIVE.sub("", w) for w in _TOKEN.findall(self.name)]
        forms: list[_Form] = []
        if person and self.person_like:
            forms.append(_Form((words[-1],), exact=True))  # "Jobs"
            forms.append(_Form((words[0],), exact=True, first_name=True))  # "Steve"
        last = words[-1]
        if any(c.isdigit() for c in last) and any(c.isalpha() for c in last) and len(last) > 1:
            forms.append(_Form((last,), exact=True))  # "3G" for "iPhone 3G"
        if last.islower() and last.isalpha():
            forms.append(_Form(("the", last.lower())))  # "the store" for "iTunes store"
        initials = acronym(self.name)
        if initials and len(initials) >= 2:
            forms.append(_Form((initials,), exact=True))
        return forms

    def aliases(self, timeline: Timeline) -> frozenset[tuple[str, ...]]:
        """Short forms (lower-case words) that stand for the entity in this document, once
        the document has named it in full: a person's surname ("Jobs") and first name
        ("Steve") when a PERSON participant is the full name; the last word of a
        person-like name when the full name is only in the text; the document's own
        aliases of the entity (:attr:`Timeline.entities`)."""
        found: set[tuple[str, ...]] = set()
        for ent in self.matching_entities(timeline):
            for alias in (ent.name, *ent.aliases):
                toks = name_tokens(alias)
                if toks:
                    found.add(toks)
        if len(self.tokens) < 2:
            return frozenset(found)
        labels = {p.label for e in timeline.events for p in e.participants
                  if self.is_full_mention(p.text)}
        if "PERSON" in labels:
            return frozenset(found | {self.tokens[-1:], self.tokens[:1]})
        if not self.person_like:
            return frozenset(found)
        named = bool(labels) or self._named_in(timeline)
        return frozenset(found | {self.tokens[-1:]}) if named else frozenset(found)

    def _named_in(self, timeline: Timeline) -> bool:
        text = timeline.document.text
        if text:
            return self.is_full_mention(text)
        return any(self.is_full_mention(e.sentence.text) for e in timeline.events)

    def matches(self, participant: Participant | str,
                aliases: frozenset[tuple[str, ...]] = frozenset()) -> bool:
        text = participant if isinstance(participant, str) else participant.text
        toks = name_tokens(text)
        if not toks:
            return False
        if self.is_full_mention(text):
            # a longer name is another entity ("iPod nano" is not "iPod", "Apple Corps"
            # is not "Apple"); a description holding the name is this one ("shares of VW")
            return isinstance(participant, str) or not self._other_name(participant)
        return toks in aliases

    def _other_name(self, participant: Participant) -> bool:
        """A named participant (not a noun phrase) that holds the name but is longer."""
        return participant.label in _OTHER_NAME_LABELS and \
            _contains(name_tokens(participant.text), self.tokens) and \
            not _head_matches(participant.text, self)

    # ------------------------------------------------------------------ documents

    def matching_entities(self, timeline: Timeline) -> list[Entity]:
        """The document's entities (coreference groups) that are this entity: named by
        the full name or a learned alias, or having it among their aliases."""
        out = []
        for ent in timeline.entities:
            names = (ent.name, *ent.aliases)
            if any(self.is_full_mention(n) and _head_matches(n, self) for n in names):
                out.append(ent)
        return out

    def learn(self, timelines: Iterable[Timeline]) -> EntityMatcher:
        """A matcher that also knows the aliases the documents teach: "Full Name (ACR)"
        and "ACR (Full Name)" in a text, and the aliases of the documents' entities that
        are named by the full name. Aliases then hold in every document."""
        learned = list(self.learned)
        for tl in timelines:
            for ent in self.matching_entities(tl):
                learned += [a for a in ent.aliases if a[:1].isupper()]
            learned += self._taught(tl.document.text)
        return EntityMatcher(self.name, learned)

    def learn_texts(self, texts: Iterable[str]) -> EntityMatcher:
        """:meth:`learn` from the texts alone ("Full Name (ACR)"), before any parsing (a
        batch reads its inputs once for this)."""
        learned = list(self.learned)
        for text in texts:
            learned += self._taught(text)
        return EntityMatcher(self.name, learned)

    def _taught(self, text: str | None) -> list[str]:
        out = []
        for m in _PAREN.finditer(text or ""):
            outside, inside = m.group(1), m.group(2)
            for full, short in ((outside, inside), (inside, outside)):
                short = short.strip(".,;:")
                if len(short.split()) != 1 or not any(c.isupper() for c in short):
                    continue
                # "Apple Worldwide Developers Conference (WWDC)": the name ends the phrase
                if name_tokens(full)[-len(self.tokens):] == self.tokens and (
                        _abbreviates(short, full) or _abbreviates(short, self.name)):
                    out.append(short)
        return out

    def mentions(self, timeline: Timeline) -> list[tuple[int, int]]:
        """Character spans of the entity's mentions in the document text: names and short
        forms, the mentions of its coreference groups, and (with no coreference groups)
        personal pronouns that follow a mention of it as a person. Empty when the
        document's text is not at hand (a timeline read back from JSON)."""
        text = timeline.document.text
        spans: set[tuple[int, int]] = set()
        for ent in self.matching_entities(timeline):
            spans.update((m.start, m.end) for m in ent.mentions)
        if not text:
            return sorted(spans)
        words = _words(text)
        lower = [w.lower for w in words]
        named: list[tuple[int, int]] = []
        for form in self._always_forms():
            named += _find(words, lower, form)
        person = _is_person(self, timeline)
        if named:
            for form in self._short_forms(person):
                if form.first_name and self._first_name_shared(timeline, form.words[0]):
                    continue
                named += _find(words, lower, form)
        # a mention inside a longer name ("iPod nano" for "iPod") is another entity's
        others = [(p.start, p.end) for e in timeline.events for p in e.participants
                  if self._other_name(p)]
        named = [(s, e) for s, e in named
                 if not any(a <= s and e <= b for a, b in others)]
        spans.update(named)
        if named and not timeline.entities:
            spans.update(self._pronouns(timeline, words, named, person))
        # a short form inside a longer mention is part of it ("Jobs" in "Steve Jobs")
        return _outermost(spans)

    def _first_name_shared(self, timeline: Timeline, first: str) -> bool:
        """Another person of the document has the same first name ("Steve Wozniak")."""
        return any(p.label in _PERSONISH and p.text.split()[:1] == [first]
                   and not self.is_full_mention(p.text)
                   for e in timeline.events for p in e.participants)

    def _pronouns(self, timeline: Timeline, words: list[_Word],
                  named: list[tuple[int, int]], person: bool) -> list[tuple[int, int]]:
        """Pronouns ("he" for a person, "it" for a thing) whose nearest preceding
        candidate (a mention of the entity, or another named participant of the same
        kind) is the entity; for "it", in the same or the previous sentence."""
        lex = _lexicon()["pronouns"]
        pronouns = set(lex["person"] if person else lex["thing"])
        labels = _PERSONISH if person else frozenset(lex["thing_labels"])
        candidates: dict[int, bool] = {s: True for s, _ in named}
        mentions = _outermost(named)
        mention_starts = [s for s, _ in mentions]

        def in_mention(at: int) -> bool:
            k = bisect_right(mention_starts, at) - 1
            return k >= 0 and at < mentions[k][1]

        for ev in timeline.events:
            for p in ev.participants:
                if p.label in labels and p.start not in candidates and not in_mention(p.start):
                    candidates[p.start] = False
        starts = sorted(candidates)
        sentences = sorted({ev.sentence.start for ev in timeline.events})
        out = []
        for w in words:
            if w.lower not in pronouns:
                continue
            k = bisect_right(starts, w.start) - 1
            if k < 0 or not candidates[starts[k]]:
                continue
            here = bisect_right(sentences, w.start) - 1
            earliest = sentences[here - 1] if here >= 1 else 0
            if person or starts[k] >= earliest:
                out.append((w.start, w.end))
        return out

    def involved(self, timeline: Timeline) -> frozenset[str]:
        """Ids of the events the entity takes part in, in any role: a participant that
        names it (or one of its aliases), that is one of its coreference groups, or that
        holds a mention of it ("shares of VW"); else, from the text, the event nearest a
        mention on either side within its sentence and at most ``[linking] max_words``
        words away (``entity_matching.toml``): its predicate when it is the subject ("VW cut
        jobs", "the index fell"), its verb when it is the object ("unveiled iPhone 4")."""
        aliases = self.aliases(timeline)
        ids = {ent.id for ent in self.matching_entities(timeline)}
        spans = self.mentions(timeline)  # sorted
        starts = [s for s, _ in spans]

        def holds_mention(p: Participant) -> bool:
            k = bisect_left(starts, p.start)
            while k < len(spans) and spans[k][0] < p.end:
                if spans[k][1] <= p.end:
                    return True
                k += 1
            return False

        kept: set[str] = set()
        for ev in timeline.events:
            for p in ev.participants:
                if self.matches(p, aliases) or (p.entity is not None and p.entity in ids) or \
                        holds_mention(p):
                    kept.add(ev.id)
                    break
        text = timeline.document.text
        window = int(_lexicon()["linking"]["max_words"])
        by_sentence: dict[tuple[int, int], list[Event]] = {}
        for ev in timeline.events:
            by_sentence.setdefault((ev.sentence.start, ev.sentence.end), []).append(ev)
        sentences = sorted(by_sentence)
        for s, e in spans:
            k = bisect_right(sentences, (s, len(text) + 1)) - 1
            if k < 0 or not sentences[k][0] <= s < sentences[k][1]:
                continue
            same = [ev for ev in by_sentence[sentences[k]]
                    if not (s <= ev.trigger.start and ev.trigger.end <= e)]
            left = [ev for ev in same if ev.trigger.end <= s]
            right = [ev for ev in same if ev.trigger.start >= e]
            if left:
                ev = max(left, key=lambda x: x.trigger.start)
                if len(text[ev.trigger.end : s].split()) <= window:
                    kept.add(ev.id)
            if right:
                ev = min(right, key=lambda x: x.trigger.start)
                if len(text[e : ev.trigger.start].split()) <= window:
                    kept.add(ev.id)
        return frozenset(kept)


def _outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one, sorted."""
    out: list[tuple[int, int]] = []
    reach = -1
    for start, end in sorted(set(spans), key=lambda sp: (sp[0], -sp[1])):
        if end > reach:
            out.append((start, end))
            reach = end
    return out


def _abbreviates(short: str, full: str) -> bool:
    """"VW" can stand for "Volkswagen", "WWDC" for "Worldwide Developers Conference": the
    same first letter, and every letter of the short form in the full name, in order
    ("US" cannot stand for "Apple")."""
    letters = [c.lower() for c in short if c.isalpha()]
    text = "".join(w.lower() for w in name_tokens(full))
    if not letters or not text or letters[0] != text[0]:
        return False
    pos = 0
    for c in letters:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _head_matches(name: str, matcher: EntityMatcher) -> bool:
    """"Apple Corps" is not "Apple": a name that holds the entity's name must end with it
    (or be one of the learned aliases)."""
    toks = name_tokens(name)
    if toks[-len(matcher.tokens):] == matcher.tokens:
        return True
    return any(toks == name_tokens(a) for a in matcher.learned)


def _is_person(matcher: EntityMatcher, timeline: Timeline) -> bool:
    """The document shows the entity is a person: a PERSON participant holds its name or
    is its surname."""
    surname = matcher.tokens[-1:]
    return any(p.label in _PERSONISH and (matcher.is_full_mention(p.text)
                                          or name_tokens(p.text) == surname)
               for e in timeline.events for p in e.participants)


def _find(words: list[_Word], lower: list[str], form: _Form) -> list[tuple[int, int]]:
    """Where a form is written: its words in a row, or with one capitalised word inserted
    ("iTunes Music Store" for "iTunes store")."""
    n = len(form.words)
    out = []
    for i in range(len(words)):
        if form.exact:
            if n == 1 and words[i].text == form.words[0]:
                out.append((words[i].start, words[i].end))
            continue
        if not _same_word(words[i].text, form.words[0], n == 1):
            continue
        j, k, inserted = i + 1, 1, False
        while k < n and j < len(words):
            if _same_word(words[j].text, form.words[k], k == n - 1):
                j, k = j + 1, k + 1
            elif not inserted and words[j].text[:1].isupper() and _adjacent(words, j):
                j, inserted = j + 1, True
            else:
                break
        if k == n:
            out.append((words[i].start, words[j - 1].end))
    return out


def _same_word(word: str, name_word: str, last: bool) -> bool:
    """A word of the text is the name's (lower-case) word; the last word may take a plural
    "s" ("iPods", not "3GS")."""
    low = word.lower()
    return low == name_word or (last and word[-2:-1].islower() and word.endswith("s")
                                and low == name_word + "s")


def _adjacent(words: list[_Word], j: int) -> bool:
    """Word ``j`` is at most a space from its neighbours (within one name, no comma)."""
    before = words[j].start - words[j - 1].end <= 1
    after = j + 1 >= len(words) or words[j + 1].start - words[j].end <= 1
    return before and after


def is_copula_state(event: Event, text: str) -> bool:
    """A noun or adjective predicated with a copula ("the firm is the third-largest
    carmaker"): a state, not a happening. Needs the document text."""
    if event.pos not in ("NOUN", "ADJ") or not text:
        return False
    lex = _lexicon()["copula"]
    forms, stops = set(lex["forms"]), set(lex["stops"])
    before = text[event.sentence.start : event.trigger.start]
    words = _words(before)[-(int(lex["max_words"]) + 1):]
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w.lower in forms:
            # nothing but modifiers in between: no punctuation, no preposition, no clause
            gap = before[w.end:]
            return not any(c in gap for c in ",;:()\"“”") and not any(
                x.lower in stops for x in words[k + 1:])
    return False


def filter_entity(timeline: Timeline, name: str | EntityMatcher) -> Timeline:
    """The timeline with only the events the entity takes part in
    (:meth:`EntityMatcher.involved`, with the aliases the document itself teaches), less the
    states described with a copula."""
    matcher = name if isinstance(name, EntityMatcher) else EntityMatcher(name)
    matcher = matcher.learn([timeline])  # the article's own "Volkswagen (VW)"
    ids = matcher.involved(timeline)
    text = timeline.document.text
    kept = tuple(e for e in timeline.events
                 if e.id in ids and not is_copula_state(e, text))
    return Timeline.build(timeline.document, timeline.time_expressions, kept,
                          timeline.entities)


# ----------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class MergedEvent:
    """One event of a merged timeline: the first report of it and every report."""

    id: str
    event: Event
    document: Document
    sources: tuple[tuple[Document, Event], ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.event.to_dict()
        data["id"] = self.id
        data["document"] = self.document.id
        data["sources"] = [
            {
                "document": doc.id,
                "event": ev.id,
                "title": doc.title,
                "url": doc.url,
                "published": doc.published.isoformat(),
                "trigger": ev.trigger.text,
                "sentence": ev.sentence.text,
            }
            for doc, ev in self.sources
        ]
        return data


def _participant_keys(event: Event) -> frozenset[str]:
    keys: set[str] = set()
    for p in event.participants:
        toks = name_tokens(p.text)
        if not toks:
            continue
        keys.add(" ".join(toks))
        if p.label in _PERSONISH and len(toks) > 1:
            keys.add(toks[-1])
    return frozenset(keys)


def _gran_rank(gran: str) -> int:
    return GRANULARITIES.index(gran) if gran in GRANULARITIES else len(GRANULARITIES)


@dataclass(frozen=True)
class MergedTimeline:
    """Events of several documents on one timeline (``order``: dated, earliest first)."""

    documents: tuple[Document, ...]
    events: tuple[MergedEvent, ...]
    order: tuple[str, ...]
    undated: tuple[str, ...]
    entity: str | None = None

    def ordered_events(self) -> list[MergedEvent]:
        by_id = {e.id: e for e in self.events}
        return [by_id[i] for i in self.order]

    def summary_document(self) -> Document:
        """A stand-in document for the whole set (for charts and the ``document`` field)."""
        n = len(self.documents)
        latest = max((d.published for d in self.documents),
                     key=lambda d: d.replace(tzinfo=None),
                     default=dt.datetime(1970, 1, 1))
        what = f"{n} document{'s' if n != 1 else ''}"
        title = f"{self.entity} — {what}" if self.entity else f"Merged timeline of {what}"
        return Document(text="", published=latest, published_source="merged", id="merged",
                        title=title)

    def as_timeline(self) -> Timeline:
        """A :class:`Timeline` view of the merged events (for the chart and exports that
        need no text); event ids are the merged ids."""
        events = tuple(replace(m.event, id=m.id) for m in self.events)
        return Timeline(self.summary_document(), (), events, self.order, self.undated)

    def to_dict(self) -> dict[str, Any]:
        from timeline import __version__

        summary = self.summary_document().to_dict()
        summary["length"] = sum(_length(d) for d in self.documents)
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": {"name": "timeline", "version": __version__},
            "document": summary,
            "documents": [_doc_dict(d) for d in self.documents],
            "entity": self.entity,
            "time_expressions": [],
            "events": [e.to_dict() for e in self.events],
            "timeline": list(self.order),
            "undated": list(self.undated),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_timelinejs(self, groups: bool = True, indent: int | None = 2) -> str:
        """TimelineJS3 JSON of the merged events, each slide listing its sources (the
        articles reporting the happening, linked when they have a URL)."""
        from timeline.export.timelinejs import timelinejs_data

        data = timelinejs_data(self.as_timeline(), groups)
        by_id = {m.id: m for m in self.events}
        for slide in data["events"]:
            m = by_id.get(slide.get("unique_id", ""))
            if m is None:
                continue
            links = []
            for doc, _ in m.sources:
                name = html.escape(doc.title or doc.id or "document")
                when = doc.published.date().isoformat()
                link = (f'<a href="{html.escape(doc.url, quote=True)}">{name}</a>'
                        if doc.url else name)
                links.append(f"{link} ({when})")
            label = "Source" if len(links) == 1 else f"{len(links)} sources"
            slide["text"]["text"] += f"<p><small>{label}: " + "; ".join(links) + "</small></p>"
        return json.dumps(data, indent=indent, ensure_ascii=False)


def _length(doc: Document) -> int:
    for key, value in doc.meta:
        if key == "length":
            return int(value)
    return len(doc.text)


def _doc_dict(doc: Document) -> dict[str, Any]:
    data = doc.to_dict()
    data["length"] = _length(doc)
    return data


def merge(
    timelines: Iterable[Timeline],
    *,
    entity: str | None = None,
    deduplicate: bool = True,
    filtered: bool = False,
) -> MergedTimeline:
    """One timeline across documents. With ``entity`` only that entity's events are kept
    (see :func:`filter_entity`; the aliases one document teaches hold in all, see
    :meth:`EntityMatcher.learn`). With ``deduplicate`` an event reported by several
    documents (same date value, same trigger lemma, a participant in common, or none on
    either side; on an entity's timeline the entity is the participant in common) is shown
    once, with all its sources. ``filtered``: the timelines are already the entity's (read
    back from a batch's outputs, without their text): merged as they are."""
    matcher: EntityMatcher | None = None
    if entity:
        timelines = list(timelines)
        matcher = EntityMatcher(entity).learn(timelines)
    on_entity = matcher is not None
    if filtered:
        matcher = None
    documents: list[Document] = []
    groups: list[list[tuple[Document, Event]]] = []
    index: dict[tuple[str, str], list[int]] = {}
    for tl in timelines:
        if matcher is not None:
            tl = filter_entity(tl, matcher)
        doc = tl.document
        documents.append(doc)
        ordered = tl.ordered_events() + [tl.event(i) for i in tl.undated]
        for ev in ordered:
            if deduplicate and ev.time is not None:
                key = (ev.time.value, ev.lemma)
                keys = _participant_keys(ev)
                target = None
                for g in index.get(key, []):
                    if any(d is doc for d, _ in groups[g]):
                        continue
                    other = _participant_keys(groups[g][0][1])
                    # on an entity's timeline every event has the entity in common
                    # (what is said is not one happening: reports are merged by participants)
                    shared = on_entity and not ev.is_reporting
                    if shared or (keys & other) or (not keys and not other):
                        target = g
                        break
                if target is not None:
                    groups[target].append((doc, ev))
                    continue
                index.setdefault(key, []).append(len(groups))
            groups.append([(doc, ev)])

    merged = [
        MergedEvent(f"e{i}", g[0][1], g[0][0], tuple(g)) for i, g in enumerate(groups, 1)
    ]

    def order_key(m: MergedEvent) -> tuple[Any, ...]:
        t = m.event.time
        assert t is not None
        return (t.interval.start, _gran_rank(t.granularity),
                m.document.published.replace(tzinfo=None), m.event.trigger.start)

    dated = sorted((m for m in merged if m.event.time is not None), key=order_key)
    undated = [m.id for m in merged if m.event.time is None]
    return MergedTimeline(tuple(documents), tuple(merged), tuple(m.id for m in dated),
                          tuple(undated), entity)


# ----------------------------------------------------------------------------- loading


def _span(d: dict[str, Any]) -> Span:
    return Span(d["text"], int(d["start"]), int(d["end"]))


def _interval(d: dict[str, Any] | None) -> Interval | None:
    if d is None:
        return None
    return Interval(dt.date.fromisoformat(d["start"]), dt.date.fromisoformat(d["end"]))


def timeline_from_dict(data: dict[str, Any]) -> Timeline:
    """A :class:`Timeline` back from its JSON (``Timeline.to_dict``). The document text is
    not in the JSON: the document comes back with an empty text (its length in ``meta``)."""
    d = data["document"]
    published = dt.datetime.fromisoformat(d["published"])
    document = Document(
        text="",
        published=published,
        published_source=d.get("published_source", "cli"),
        id=d.get("id"),
        title=d.get("title"),
        url=d.get("url"),
        encoding=d.get("encoding"),
        meta=(("length", str(d.get("length", 0))),),
    )
    timexes = tuple(
        TimeExpression(
            id=t["id"], text=t["text"], start=t["start"], end=t["end"], type=t["type"],
            value=t["value"], interval=_interval(t.get("interval")),
            granularity=t.get("granularity"), resolution=t["resolution"],
            anchor=t.get("anchor"), mod=t.get("mod"), rule=t.get("rule"),
        )
        for t in data.get("time_expressions", [])
    )
    events = []
    for e in data.get("events", []):
        t = e.get("time")
        time = None
        if t is not None:
            interval = _interval(t["interval"])
            assert interval is not None
            time = EventTime(
                value=t["value"], interval=interval, granularity=t["granularity"],
                source=t["source"], expression=t.get("expression"),
                confidence=float(t["confidence"]), relation=t.get("relation", "within"),
                expressions=tuple(t.get("expressions", ())),
                computed=t.get("computed", "value"),
            )
        events.append(Event(
            id=e["id"],
            trigger=_span(e["trigger"]),
            lemma=e["lemma"],
            pos=e["pos"],
            event_class=e["class"],
            sentence=_span(e["sentence"]),
            participants=tuple(
                Participant(p["text"], p["start"], p["end"], p["label"], p["role"],
                            p.get("entity"))
                for p in e.get("participants", [])
            ),
            tense=e["tense"],
            modality=e["modality"],
            time=time,
            salient=e.get("salient", True),
            label_parts=label_parts_from_dict(e.get("label_parts")),
            mentions=tuple(_span(m) for m in e.get("mentions", ())),
        ))
        if e.get("label") and events[-1].label() != e["label"]:  # a headline label
            events[-1] = replace(events[-1], headline=e["label"])
    entities = tuple(
        Entity(id=n["id"], name=n["name"], type=n["type"],
               mentions=tuple(_span(m) for m in n.get("mentions", [])),
               aliases=tuple(n.get("aliases", ())))
        for n in data.get("entities", [])
    )
    return Timeline(document, timexes, tuple(events), tuple(data.get("timeline", [])),
                    tuple(data.get("undated", [])), entities)
