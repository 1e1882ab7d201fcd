"""Finding one entity across documents: its names, short forms, aliases and mentions.

:class:`EntityMatcher` finds an entity in a document: by its name and short forms (a
person's surname once the document names them in full, the last words of a long name, a
model number, the initials, "the store" for "iTunes store"), by the aliases the documents
teach ("Volkswagen (VW)"), through the document's coreference groups
(:attr:`Timeline.entities`) when the extractor gives them, else through pronouns that follow
a mention of it. Entities named by a phrase, an index, a currency or an institution are
found from the name's structure: a head of its family with its modifiers ("stocks in
Europe" for "European stock markets", "the price of oil"), the first word of an index
("Brent"), a currency's code ("EUR"), known abbreviations ("ECB"), "the" + head or kind
("the central bank", "the benchmark", "the currency"), descriptions in apposition.
:func:`filter_entity` keeps the events it takes part in, in any role, less the states
described with a copula, plus the reports of measurements with no verb of their own ("the
euro was down 0.5%"). The word lists are data in ``timeline/lang/en/entity_matching.toml``.

:mod:`timeline.merge` puts the entity's events of many documents on one timeline; this is
the SemEval-2015 Task 4 "TimeLine" setting (cross-document event ordering for a target
entity), scored by :mod:`timeline.evaluation.timeline2015`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from timeline.lang import en
from timeline.measurements import measurement_events
from timeline.model import Entity, Event, Participant
from timeline.name_structure import (
    POSSESSIVE,
    TOKEN,
    Word,
    commodity_spans,
    singular,
    structure_of,
    structure_spans,
    text_words,
)
from timeline.timeline import Timeline

__all__ = [
    "EntityMatcher",
    "acronym",
    "filter_entity",
    "is_copula_state",
    "name_tokens",
]

_PERSONISH = frozenset({"PERSON"})
#: Labels of names that, longer than the entity's name and holding it, name another thing
#: ("iPod Nano", "Apple Corps"); a person's title keeps its organisation ("Apple CEO Steve
#: Jobs" is about Apple), and a description (``NP``) holds the entity ("shares of VW").
_OTHER_NAME_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT",
                                "WORK_OF_ART", "EVENT"})


def _lexicon() -> dict[str, Any]:
    return en.load("entity_matching.toml")


#: Initials written with dots ("U.S.", "U.K."): one word.
_INITIALS = re.compile(r"\b(?:[^\W\d_]\.){2,}")


def name_tokens(text: str) -> tuple[str, ...]:
    """A name as lower-case words: no leading article, no possessive, no company suffix."""
    lex = _lexicon()["names"]
    leading, suffixes = set(lex["leading"]), set(lex["company_suffixes"])
    text = _INITIALS.sub(lambda m: m.group().replace(".", ""), text)  # "U.S." -> "US"
    words = [w.lower() for w in TOKEN.findall(text)]
    words = [POSSESSIVE.sub("", w) for w in words]
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
    words = [w for w in TOKEN.findall(name) if w.lower() not in skip]
    if len(words) < 2 or not all(w[:1].isalpha() for w in words):
        return None
    return "".join(w[0].upper() for w in words)


@dataclass(frozen=True)
class _Form:
    """One way of writing the entity: lower-case words, or (``exact``) one word as written."""

    words: tuple[str, ...]
    exact: bool = False
    #: a person's first name: not when the document names another person so
    first_name: bool = False


#: A name's possessor and what it owns ("Japan's | Ministry of Finance").
_OWNED = re.compile(r"['’]s\s+(.+)$")

#: An "ACR (Full Name)" or "Full Name (ACR)" pair in a text (a name of at most 8 words:
#: the search stays linear on a text of capitalised words).
_PAREN = re.compile(r"([A-Z][\w&.'’-]{0,40}(?:\s+(?:[A-Z][\w&.'’-]{0,40}|of|and|for|the|de))"
                    r"{0,7})\s*\(\s*([^()]{1,60}?)\s*\)")


def _written_form(form: str) -> _Form:
    """A short form as the word list says it: one word with a capital as written ("Fed"),
    else lower-case words ("single currency")."""
    words = [POSSESSIVE.sub("", w) for w in TOKEN.findall(form)]
    if len(words) == 1 and any(c.isupper() for c in form):
        return _Form((words[0],), exact=True)
    return _Form(tuple(w.lower() for w in words))


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
        # "Japan's Ministry of Finance", "the Bank of England's base rate": what the
        # possessor owns names the entity too ("the Ministry of Finance", "its base rate")
        owned = _OWNED.search(name)
        self.owned: tuple[str, ...] = name_tokens(owned.group(1)) if owned else ()
        self.owned_name = owned.group(1) if owned else None
        written = [POSSESSIVE.sub("", w) for w in TOKEN.findall(owned.group(1) if owned
                                                                   else name)]
        while written and written[0].lower() in _lexicon()["names"]["leading"]:
            written = written[1:]
        self.written: tuple[str, ...] = tuple(written)
        if owned and len(written) >= 2 and written[0][:1].isupper():
            aliases = (*aliases, owned.group(1))  # a proper name: "Ministry of Finance"
        self.learned: tuple[str, ...] = tuple(
            dict.fromkeys(a for a in aliases if name_tokens(a) and name_tokens(a) != self.tokens))
        self.structure = structure_of(self.owned or self.tokens,
                                       written[-1] if written else "")

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
        return forms + self._known_forms()

    def _known_forms(self) -> list[_Form]:
        """Forms that name the entity wherever they stand: the short forms news uses for
        well-known names ("ECB", "the single currency"), a currency's ISO code ("EUR" in
        "EUR/USD"), and the first word of an index's name ("Brent" for "the Brent crude
        benchmark", "Nikkei" for "the Nikkei 225 index")."""
        lex = _lexicon()
        forms: list[_Form] = []
        for form in lex["abbreviations"].get(" ".join(self.tokens), ()):
            forms.append(_written_form(form))
        code = lex["currencies"].get(" ".join(self.tokens))
        if code:
            forms.append(_Form((code,), exact=True))
            # "the Japanese currency", "Japan's currency"
            for country in lex["currency_countries"].get(self.tokens[0], ()):
                forms.append(_Form((country, "currency")))
        # the first word as written between spaces: a proper name of its own ("Brent",
        # "Nikkei"), not an abbreviated place that modifies it ("U.S. dollar index")
        written = [w for w in (self.owned_name or self.name).split()
                   if w.lower() not in lex["names"]["leading"]]
        index_head = singular(self.tokens[-1]) in lex["kinds"]["index"] or \
            any(w.isdigit() for w in written)
        if len(written) >= 2 and index_head and written[0][:1].isupper() and \
                written[0].isalpha() and len(written[0]) >= 3:
            forms.append(_Form((written[0],), exact=True))
        return forms

    def _short_forms(self, person: bool) -> list[_Form]:
        """Forms that stand for the entity once a document has named it in full; a
        person's surname and first name when the document shows it is a person."""
        if len(self.tokens) < 2:
            return []
        words = [POSSESSIVE.sub("", w) for w in TOKEN.findall(self.name)]
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
        return forms + self._definite_forms()

    def _definite_forms(self) -> list[_Form]:
        """An institution or an index taken up by its head: "the exchange", "the central
        bank" (the last two words), "Tokyo's exchange" (the first word + head)."""
        toks = self.owned or self.tokens
        # the head of "Bank of England", "Ministry of Finance" comes before "of"
        of = toks.index("of") if "of" in toks[1:] else len(toks)
        head = toks[of - 1]
        kinds = _lexicon()["kinds"]
        # a description by the entity's kind: "the currency" for the rupee, "the gauge"
        # for an index
        forms = [_Form(("the", *word.split())) for kind, words in kinds["descriptions"].items()
                 if self._of_kind(kind, head) for word in words]
        # an institution by its function: "the central bank" for the Bank of Japan
        forms += [_Form(("the", *function.split()))
                  for function, names in _lexicon()["functions"].items()
                  if any(toks == name_tokens(n) for n in names)]
        if head not in kinds["definite"]:
            return forms
        forms.append(_Form(("the", head)))
        if of >= 3:
            forms.append(_Form(("the", *toks[of - 2 : of])))
            if self.written and self.written[0][:1].isupper():
                forms.append(_Form((toks[0], head)))
        return forms

    def _of_kind(self, kind: str, head: str) -> bool:
        """The entity is a currency (its name ends with one) or an index (its head is an
        index's)."""
        if kind == "currency":
            return head in _lexicon()["currencies"]
        return singular(head) in _lexicon()["kinds"].get(kind, ())

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
            # is not "Apple"); a description holding the name is this one ("shares of VW"),
            # not one it modifies ("the euro zone economy")
            if isinstance(participant, str):
                return True
            return not self._other_name(participant) and not self._modifies(text)
        if self.structure is not None and \
                structure_spans(text_words(text), text, self.structure):
            return True  # "stocks in Europe" for "European stock markets"
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
        forms = [_Form(self.tokens), *self._known_forms()]
        definite: list[_Form] = []
        if timeline.entities and self._named_in(timeline):
            definite = self._definite_forms()  # "Tokyo's exchange", once named in full
        for ent in timeline.entities:
            names = (ent.name, *ent.aliases)
            named = any(self.is_full_mention(n) and _head_matches(n, self) for n in names)
            headed = any(self._heads_mention(m.text, forms) for m in ent.mentions)
            # a description in a group named by another proper name was linked to it by
            # mistake ("the central bank" to the index named before it): not this entity's
            described = ent.type == "NP" and any(self._heads_mention(m.text, definite)
                                                 for m in ent.mentions)
            if named or headed or described:
                out.append(ent)
        return out

    def _heads_mention(self, text: str, forms: Sequence[_Form]) -> bool:
        """A mention of a coreference group is headed by the entity, named by its full name,
        a form that always names it or its structure ("The Brent crude benchmark", "the
        single currency", "the price of oil"): the group's descriptions and pronouns
        ("the benchmark", "it") stand for it too."""
        words = text_words(text)
        if not words:
            return False
        end = words[-1].end
        if self.structure is not None and any(
                e == end for _, e in structure_spans(words, text, self.structure)):
            return True
        # a name after a preposition or a relative is not the head ("the coastal road near
        # Westhaven" is a road)
        after_head = set(_lexicon()["linking"]["after_head"])
        if any(w.lower in after_head for w in words[1:]):
            return False
        lower = [w.lower for w in words]
        return any(e == end for form in forms for _, e in _find(words, lower, form))

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
        # a document that names the entity in full and writes its initials ("the European
        # Central Bank" ... "ECB President") teaches them to every document of the set
        initials = acronym(self.name)
        if text and initials and len(initials) >= 3 and \
                re.search(rf"\b{initials}\b", text) and self.is_full_mention(text):
            out.append(initials)
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
        words = text_words(text)
        lower = [w.lower for w in words]
        named: list[tuple[int, int]] = []
        for form in self._always_forms():
            named += _find(words, lower, form)
        if self.structure is not None:
            named += structure_spans(words, text, self.structure)
            named += commodity_spans(timeline, words, text, self.structure)
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
        phrases = [(p.start, p.end) for e in timeline.events for p in e.participants]
        named = self._without_compounds(phrases, words, named)
        spans.update(named)
        spans.update(_appositions(timeline, text, named))
        if named and not timeline.entities:
            spans.update(self._pronouns(timeline, words, named, person))
        # a short form inside a longer mention is part of it ("Jobs" in "Steve Jobs")
        return _outermost(spans)

    def _modifies(self, text: str) -> bool:
        """In a phrase, the (lower-case) name is only ever the modifier of another noun
        ("the euro zone economy"; see :meth:`_without_compounds`)."""
        if not self.written or not self.written[-1].islower():
            return False
        words = text_words(text)
        spans = _find(words, [w.lower for w in words], _Form(self.tokens))
        if not spans:
            return False
        return not self._without_compounds([(0, len(text))], words, spans)

    def _without_compounds(self, phrases: Sequence[tuple[int, int]], words: list[Word],
                           named: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A lower-case name written as the modifier of another noun inside a phrase names
        another thing ("the euro zone economy" is not the euro), unless that noun is a part
        or a measure of it (``[compounds] parts``: "euro trading")."""
        if not named or not self.written or not self.written[-1].islower():
            return named
        parts = set(_lexicon()["compounds"]["parts"])
        starts = [w.start for w in words]
        kept = []
        for s, e in named:
            k = bisect_left(starts, e)
            nxt = words[k] if k < len(words) else None
            compound = nxt is not None and nxt.start == e + 1 and nxt.text.islower() and \
                singular(nxt.lower) not in parts and \
                any(a <= s and nxt.end < b for a, b in phrases)
            if not compound:
                kept.append((s, e))
        return kept

    def _first_name_shared(self, timeline: Timeline, first: str) -> bool:
        """Another person of the document has the same first name ("Steve Wozniak")."""
        return any(p.label in _PERSONISH and p.text.split()[:1] == [first]
                   and not self.is_full_mention(p.text)
                   for e in timeline.events for p in e.participants)

    def _pronouns(self, timeline: Timeline, words: list[Word],
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
        subject_of: set[str] = set()  # events the entity is the subject of
        for ev in timeline.events:
            for p in ev.participants:
                if self.matches(p, aliases) or (p.entity is not None and p.entity in ids) or \
                        holds_mention(p):
                    kept.add(ev.id)
                    if p.end <= ev.trigger.start and p.role in ("agent", "patient"):
                        subject_of.add(ev.id)
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
                gap = text[ev.trigger.end : s]
                # a mention after a clause break is the next clause's subject, not the
                # object of the verb before it ("after the announcement, while London's
                # FTSE 100 index closed")
                if len(gap.split()) <= window and not _clause_break(gap):
                    kept.add(ev.id)
            if right:
                ev = min(right, key=lambda x: x.trigger.start)
                if len(text[e : ev.trigger.start].split()) <= window:
                    kept.add(ev.id)
                    subject_of.add(ev.id)
        kept |= _coordinated(by_sentence, subject_of, text)
        return frozenset(kept)


#: ", the international benchmark," after a mention: a description in apposition.
_APPOSITION = re.compile(r"\s*,\s*((?:the|a|an|its|their)\s[^,;:.()\"“”]{1,60}?)\s*,")


def _appositions(timeline: Timeline, text: str,
                 named: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Descriptions in apposition to a mention ("Brent crude, the international benchmark,
    dropped") are mentions of the entity: the subject's verb comes after them. Not when
    the description holds an event's trigger (a clause, not a description)."""
    triggers = sorted(e.trigger.start for e in timeline.events)
    out = []
    for _, end in named:
        m = _APPOSITION.match(text, end)
        if m is None:
            continue
        k = bisect_left(triggers, m.start(1))
        if k < len(triggers) and triggers[k] < m.end(1):
            continue
        out.append((m.start(1), m.end(1)))
    return out


def _coordinated(by_sentence: dict[tuple[int, int], list[Event]], subject_of: set[str],
                 text: str) -> set[str]:
    """Verbs coordinated with a verb the entity is the subject of share its subject ("the
    yen plunged past 160, then rebounded"): the next verb of the sentence, right after a
    coordinator (``[linking] coordinators``, at most two words before the verb) and with no
    subject of its own."""
    lex = _lexicon()["linking"]
    coordinators = set(lex["coordinators"])
    out: set[str] = set()
    for events in by_sentence.values():
        verbs = sorted((ev for ev in events if ev.pos == "VERB"),
                       key=lambda ev: ev.trigger.start)
        for first, second in pairwise(verbs):
            if first.id not in subject_of and first.id not in out:
                continue
            between = text[first.trigger.end : second.trigger.start]
            near = [w.lower for w in text_words(between)][-3:]
            if not coordinators.intersection(near) or ";" in between:
                continue
            if any(p.start < second.trigger.start and p.start >= first.trigger.end
                   for p in second.participants):
                continue  # a subject of its own ("and the dollar rose")
            out.add(second.id)
    return out


def _clause_break(gap: str) -> bool:
    """Between a verb and a mention after it: a comma or a semicolon followed by a word
    that opens a clause (``[linking] clause_openers``) or by nothing else."""
    openers = set(_lexicon()["linking"]["clause_openers"])
    for m in re.finditer(r"[,;](?!\d)\s*([^\W\d_]+)?", gap):  # not "9,694"
        if m.group(1) is None or m.group(1).lower() in openers:
            return True
    return False


def _outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one, sorted; two that overlap are one ("The Bank" and
    "Bank of Japan": "The Bank of Japan")."""
    out: list[tuple[int, int]] = []
    reach = -1
    for start, end in sorted(set(spans), key=lambda sp: (sp[0], -sp[1])):
        if end > reach:
            if start < reach:
                out[-1] = (out[-1][0], end)
            else:
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


def _find(words: list[Word], lower: list[str], form: _Form) -> list[tuple[int, int]]:
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


def _adjacent(words: list[Word], j: int) -> bool:
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
    words = text_words(before)[-(int(lex["max_words"]) + 1):]
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
    kept += measurement_events(timeline, matcher.mentions(timeline))
    return Timeline.build(timeline.document, timeline.time_expressions, kept,
                          timeline.entities)
