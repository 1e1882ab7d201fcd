"""Which events a reader needs: the ones the chart and the table show by default.

An event is salient when

* it is a predicate of its own clause: a finite verb (main, coordinated, reported, relative
  or adverbial clause), an existential ("there had been relative peace"); not an infinitive
  complement ("to restore"), a participle modifying a noun ("terrorists led by HTS"), a bare
  participle adjunct ("..., occupying territories"), a copula or an auxiliary;
* it has an actor or theme a reader can name: a named entity, or a pronoun or description
  resolved to one, or a common noun phrase ("the ceasefire", "Syrian and Russian jets");
* it is not only a report, unless the report is the news: a reporting verb ("said",
  "told") is salient when the text dates it itself ("Peskov told reporters Monday");
* it is not hypothetical;
* it is one happening once: an event noun that is an argument of another event ("launched
  an attack": the attack) is shown through that event, and two events of a sentence with
  the same label are one;
* it is a happening, not a state: a stative verb ("has 60 members", "owns", "remains") in the
  present tense is background; in the past it needs a date of its own ("the rate remained at
  4.7% in January"); an attitude ("analysts believe", "expects") is shown only in the lead;
* it is not negated ("did not show"): a negated happening did not happen;
* when the publication day is its only date, there is evidence that it is the day's news: it
  is in the headline or the lead (the first sentences of the body), or its sentence says
  "today". Present-tense background dated by default is not shown; neither is an ongoing
  happening ("is fighting in the courts") outside the lead that the text does not date.

The word lists are data: ``lang/en/salience.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from timeline.lang import en
from timeline.model import Entity, Event, evolve

if TYPE_CHECKING:
    from timeline.timeline import Timeline

_NON_FINITE_DEPS = frozenset({"xcomp", "acl", "amod", "pcomp", "csubj", "prep", "compound",
                              "npadvmod", "nmod", "dep"})
_LIGHT = frozenset({"be", "have", "do", "get", "seem", "become"})
_EXPLICIT = frozenset({"explicit", "same-clause"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def _is_existential(token: Token) -> bool:
    return token.lemma_ == "be" and any(c.dep_ == "expl" for c in token.children)


def _finite(token: Token) -> bool:
    if token.dep_ == "ROOT":
        return True
    head = token.head
    if head.i < token.i and head.lemma_ in ("have", "be", "do") and token.dep_ in (
            "dep", "xcomp", "ccomp") and token.tag_ in ("VB", "VBN") and not any(
            c.dep_ in ("aux", "auxpass") for c in token.children):
        return True  # "No sooner had the ceasefire ... come into effect"
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("MD", "VBD", "VBZ", "VBP")
           for c in token.children):
        return True  # a tensed auxiliary ("has been", "will"), not "being" or "to"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    return token.tag_ in ("VBD", "VBZ", "VBP")


def _clause_predicate(token: Token) -> bool:
    if _is_existential(token):
        return True
    if token.dep_ == "acl" and token.head.dep_ == "ROOT" and token.head.i < token.i and \
            token.head.pos_ in ("NOUN", "PROPN") and token.tag_ in ("VBD", "VBN"):
        return True  # a sentence with no verb as its root: "Apple swamped by orders"
    if token.pos_ not in ("VERB", "AUX") or (token.lemma_ in _LIGHT and not any(
            c.dep_ == "dobj" for c in token.children)):
        return False
    if token.dep_ in _NON_FINITE_DEPS and not (token.dep_ == "dep" and _finite(token)):
        return False
    return _finite(token)


def _named(ev: Event, entities: dict[str, Entity]) -> bool:
    """Whether the actor (the agent, else the theme) is named, resolved or a noun."""
    agents = [p for p in ev.participants if p.role == "agent"]
    for p in agents or ev.participants:
        if p.role not in ("agent", "patient"):
            continue
        if p.text.lower() in _FIRST_PERSON:
            return False  # a speaker's own words ("I have a hard time..."): the report is
        if p.entity is not None or p.label != "NP":
            return True
        if p.text and p.text.split()[0].lower() not in ("i", "we", "you", "me", "us", "it",
                                                         "they", "he", "she", "them"):
            return True  # a common noun phrase names what it is
    return False


def is_salient(ev: Event, token: Token | None, entities: dict[str, Entity]) -> bool:
    """Whether the chart and the table show the event by default (see the module doc)."""
    if token is None or ev.modality == "hypothetical":
        return False
    if ev.pos == "NOUN":
        # an event noun is shown through the event whose clause it is in; alone (a
        # headline) it is shown when it says who or what
        if any(a.pos_ in ("VERB", "AUX") for a in token.ancestors):
            return False
        return _named(ev, entities)
    if not _clause_predicate(token):
        return False
    if _is_existential(token):
        return True
    if ev.is_reporting and (ev.time is None or ev.time.source not in _EXPLICIT):
        return False
    return _named(ev, entities)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


def _lexicon() -> dict[str, frozenset[str]]:
    data = en.load("salience.toml")
    return {"states": frozenset(data["states"]["verbs"]),
            "attitudes": frozenset(data["states"]["attitudes"]),
            "day": frozenset(data["day"]["cues"])}


def front_sentences(events: Sequence[Event], count: int | None = None) -> set[int]:
    """Start offsets of the sentences that tell the news: a headline (a first line that does
    not end like a sentence) and the first ``count`` sentences of the body."""
    if count is None:
        count = int(en.load("salience.toml")["front"]["lead_sentences"])
    sentences: dict[int, str] = {}
    for ev in events:
        sentences.setdefault(ev.sentence.start, ev.sentence.text)
    front: set[int] = set()
    body = 0
    for start in sorted(sentences):
        text = sentences[start]
        if not front and not _SENTENCE_END.search(text) and "\n" not in text.strip():
            front.add(start)  # the headline
            continue
        if body >= count:
            break
        if len(text.split()) > 4:
            front.add(start)
            body += 1
    return front


def is_news(ev: Event, front: bool, lexicon: dict[str, frozenset[str]]) -> bool:
    """Whether a dated event is a happening a reader puts on the timeline, not background
    (see the module doc): states, attitudes, negation and the day's-news evidence."""
    if ev.modality == "negated":
        return False
    if ev.time is None:
        return True
    own_date = ev.time.source in _EXPLICIT
    if ev.pos != "NOUN" and ev.lemma in lexicon["states"] and (
            ev.tense == "present" or not own_date):
        return False
    if ev.pos != "NOUN" and ev.lemma in lexicon["attitudes"] and not front:
        return False
    if ev.time.source == "publication-date":
        if front:
            return True
        sentence = ev.sentence.text.lower()
        return any(re.search(rf"\b{re.escape(cue)}\b", sentence) for cue in lexicon["day"])
    return ev.modality != "ongoing" or front or own_date


def mark_salient(doc: Doc, events: Sequence[Event], entities: Sequence[Entity]
                 ) -> tuple[Event, ...]:
    """The events with ``salient`` set."""
    by_start = {t.idx: t for t in doc}
    ents = {e.id: e for e in entities}
    lexicon = _lexicon()
    front = front_sentences(events)
    seen: set[tuple[int, str]] = set()
    out: list[Event] = []
    for ev in events:
        salient = is_salient(ev, by_start.get(ev.trigger.start), ents) and is_news(
            ev, ev.sentence.start in front, lexicon)
        if salient:
            key = (ev.sentence.start, ev.label().lower())
            salient = key not in seen
            seen.add(key)
        out.append(ev if ev.salient == salient else evolve(ev, salient=salient))
    return tuple(out)


def table_events(tl: Timeline, max_events: int | None = None) -> list[Event]:
    """The rows of the default table (and what the reports for people show): the salient
    dated events in timeline order, at most ``max_events``."""
    shown = [ev for ev in tl.ordered_events() if ev.salient]
    if max_events is not None:
        shown = shown[:max(0, max_events)]
    return shown
