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
  the same label are one.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from timeline.model import Entity, Event, evolve
from timeline.tokens import token_at

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


def mark_salient(doc: Doc, events: Sequence[Event], entities: Sequence[Entity]
                 ) -> tuple[Event, ...]:
    """The events with ``salient`` set."""
    ents = {e.id: e for e in entities}
    seen: set[tuple[int, str]] = set()
    out: list[Event] = []
    for ev in events:
        salient = is_salient(ev, token_at(doc, ev.trigger.start), ents)
        if salient:
            key = (ev.sentence.start, ev.label().lower())
            salient = key not in seen
            seen.add(key)
        out.append(ev if ev.salient == salient else evolve(ev, salient=salient))
    return tuple(out)
