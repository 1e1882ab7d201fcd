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
from functools import cache
from typing import TYPE_CHECKING

from timeline.lang import en
from timeline.model import Entity, Event, evolve
from timeline.timeline import DEFAULT_MAX_EVENTS
from timeline.tokens import token_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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


def _speech(token: Token) -> bool:
    """A reporting verb that reports words ("said that ...", "..., police said"), not one
    that makes a thing public: "Apple announced a new phone", "iTunes 5 was announced" are
    happenings."""
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if any(c.dep_ in ("ccomp", "parataxis") for c in token.children) or token.dep_ in (
            "parataxis",) or (token.head is not token and token.head.dep_ != "ROOT"
                              and token.dep_ == "ccomp"):
        return True
    return not any(o.pos_ in ("NOUN", "PROPN") for o in objects)


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
    if ev.is_reporting and (ev.time is None or ev.time.source not in _EXPLICIT) \
            and _speech(token):
        return False
    return _named(ev, entities)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s*$")


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """The word lists of ``lang/en/salience.toml`` as sets (read once; read-only)."""
    data = en.load("salience.toml")
    return {"states": frozenset(data["states"]["verbs"]),
            "attitudes": frozenset(data["states"]["attitudes"]),
            "day": frozenset(data["day"]["cues"]),
            "negative": frozenset(data["negative"]["words"]),
            "negative_det": frozenset(data["negative"]["determiners"]),
            "boilerplate": frozenset(f"{v} {c}" for v, c in data["boilerplate"]["pairs"]),
            "frames": frozenset(data["frames"]["verbs"]),
            "marks": frozenset(data["hypotheses"]["marks"]),
            "inverted": frozenset(data["hypotheses"]["inverted"])}


def _supposed(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """A clause that asks or supposes: "whether he left or was forced out" (a conjunct
    shares its clause's subordinator), "had Murray taken the stand"; or the content of an
    attitude ("he feared the case raised questions")."""
    clause = token
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    for child in clause.children:
        if child.dep_ == "mark" and child.lower_ in lexicon["marks"]:
            return True
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and clause.dep_ in ("advcl", "ccomp") and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in lexicon["inverted"]
            and c.i < subject.i for c in clause.children):
        return True
    return clause.dep_ == "ccomp" and clause.head.lemma_ in lexicon["attitudes"]


def _frame(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """"The comments came as jets launched raids": a frame verb with a thing as subject and
    an adverbial clause that tells the happening."""
    if token.lemma_ not in lexicon["frames"]:
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or subject.ent_type_ in (
            "PERSON", "ORG", "GPE", "NORP"):
        return False
    return any(c.dep_ == "advcl" for c in token.children)


def _nothing_happened(token: Token, lexicon: dict[str, frozenset[str]]) -> bool:
    """A subject or object that says nothing happened ("Nobody hurried her", "gave no
    details"), or a journalist's formula ("declined to comment", "requested anonymity")."""
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                child.lower_ in lexicon["negative"] or any(
                    d.dep_ in ("det", "preconj") and d.lower_ in lexicon["negative_det"]
                    for d in child.children)):
            return True
        if child.dep_ in ("xcomp", "dobj", "prep"):
            heads = [child] if child.dep_ != "prep" else [
                g for g in child.children if g.dep_ == "pobj"]
            if any(f"{token.lemma_} {h.lemma_}" in lexicon["boilerplate"] for h in heads):
                return True
    return False


def front_sentences(events: Sequence[Event], count: int | None = None
                    ) -> tuple[int | None, set[int]]:
    """The sentences that tell the news: the start offset of a headline (a first line that
    does not end like a sentence), if any, and those of the first ``count`` sentences of the
    body."""
    if count is None:
        count = int(en.load("salience.toml")["front"]["lead_sentences"])
    sentences: dict[int, str] = {}
    for ev in events:
        sentences.setdefault(ev.sentence.start, ev.sentence.text)
    headline: int | None = None
    lead: set[int] = set()
    for start in sorted(sentences):
        text = sentences[start]
        if headline is None and not lead and not _SENTENCE_END.search(text) \
                and "\n" not in text.strip():
            headline = start
            continue
        if len(lead) >= count:
            break
        if len(text.split()) > 4:
            lead.add(start)
    return headline, lead


def _main_clause(token: Token) -> bool:
    """The sentence's own statement: its root, a conjunct of it, or the clause a report
    frames ("..., police said"); not a relative or adverbial clause."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ == "ccomp" and token.head.dep_ == "ROOT":
        return True
    return token.dep_ == "ROOT"


def is_news(ev: Event, token: Token | None, where: str, lexicon: dict[str, frozenset[str]]
            ) -> bool:
    """Whether a dated event is a happening a reader puts on the timeline, not background
    (see the module doc). ``where`` is ``headline``, ``lead`` or ``body``."""
    if ev.modality == "negated":
        return False
    if token is not None and ev.pos != "NOUN" and (
            _nothing_happened(token, lexicon) or _frame(token, lexicon)):
        return False
    own_date = ev.time is not None and ev.time.source in _EXPLICIT
    if token is not None and ev.pos != "NOUN" and not own_date and _supposed(token, lexicon):
        return False
    if ev.time is None:
        return True
    front = where != "body"
    verb = ev.pos != "NOUN"
    if verb and ev.lemma in lexicon["states"] and (ev.tense == "present" or not own_date):
        return False
    if verb and ev.lemma in lexicon["attitudes"] and not front:
        return False
    if token is not None and verb and token.dep_ == "relcl" and not own_date:
        return False  # a description of a participant ("Keating, who put the issue ...")
    if token is not None and verb and token.dep_ == "advcl" and not own_date \
            and ev.time.source != "inherited-from-sentence":
        return False  # background of the main clause ("as it moved to cut costs")
    if where == "lead" and ev.tense == "present" and not own_date and (
            token is None or not _main_clause(token)):
        return False  # the lead's background ("demonstrators who keep vigil outside")
    if ev.time.source == "publication-date":
        if front:
            return True
        sentence = ev.sentence.text.lower()
        return any(re.search(rf"\b{re.escape(cue)}\b", sentence) for cue in lexicon["day"])
    return ev.modality != "ongoing" or front or own_date


def mark_salient(doc: Doc, events: Sequence[Event], entities: Sequence[Entity]
                 ) -> tuple[Event, ...]:
    """The events with ``salient`` set."""
    ents = {e.id: e for e in entities}
    lexicon = word_lists()
    headline, lead = front_sentences(events)
    seen: set[tuple[int, str]] = set()
    out: list[Event] = []
    for ev in events:
        token = token_at(doc, ev.trigger.start)
        where = "headline" if ev.sentence.start == headline else \
            "lead" if ev.sentence.start in lead else "body"
        salient = is_salient(ev, token, ents) and is_news(ev, token, where, lexicon)
        if salient:
            key = (ev.sentence.start, ev.label().lower())
            salient = key not in seen
            seen.add(key)
        out.append(ev if ev.salient == salient else evolve(ev, salient=salient))
    return one_row_per_happening(out)


#: Which of two reports of one happening is its row: the one the text dates most directly.
_SOURCE_RANK = {"explicit": 0, "same-clause": 1, "inherited-from-sentence": 2,
                "lead-of-report": 3, "inherited-from-context": 4, "publication-date": 5}


def _participant_keys(ev: Event, roles: tuple[str, ...] = ("agent", "patient")) -> set[str]:
    """What names an event's participants in ``roles``: entity ids and head words."""
    keys: set[str] = set()
    for p in ev.participants:
        if p.role not in roles:
            continue
        if p.entity is not None:
            keys.add("entity:" + p.entity)
        words = p.text.lower().split()
        if words and words[-1] not in _FIRST_PERSON:
            keys.add("word:" + words[-1])
    return keys


@cache
def _classes() -> dict[str, tuple[tuple[int, str], ...]]:
    """Each verb lemma's happening classes with the role they share (``salience.toml``)."""
    out: dict[str, list[tuple[int, str]]] = {}
    for n, cls in enumerate(en.load("salience.toml")["happenings"]):
        for verb in cls["verbs"]:
            out.setdefault(verb, []).append((n, cls["share"]))
    return {v: tuple(c) for v, c in out.items()}


def _roles_in_common(a: Event, b: Event) -> tuple[str, ...] | None:
    """The roles in which two events must share a participant to be one happening: agent or
    patient for the same verb, the class's for two verbs of one class; None for others."""
    if a.lemma == b.lemma:
        return ("agent", "patient")
    classes = _classes()
    shared = {share for n, share in classes.get(a.lemma, ())
              if (n, share) in classes.get(b.lemma, ())}
    if not shared:
        return None
    return ("patient",) if shared == {"patient"} else ("agent", "patient")


def _same_happening(a: Event, b: Event) -> bool:
    """Two salient events report one happening: the same predicate with a participant in
    common ("Apple unveils iPod nano" in the headline, "Apple unveiled ..." in the body), and
    times that agree (one within the other, or one of them the publication day by default)."""
    roles = _roles_in_common(a, b)
    if roles is None or a.sentence.start == b.sentence.start:
        return False
    if not _participant_keys(a, roles) & _participant_keys(b, roles):
        return False
    if a.time is None or b.time is None:
        return True  # a repeat of the fact that the text dates elsewhere, or not at all
    if "publication-date" in (a.time.source, b.time.source):
        return True
    return a.time.interval.contains(b.time.interval) or \
        b.time.interval.contains(a.time.interval)


def _row_rank(ev: Event) -> tuple[int, int]:
    if ev.time is None:
        return (len(_SOURCE_RANK) + 1, ev.trigger.start)
    return (_SOURCE_RANK.get(ev.time.source, len(_SOURCE_RANK)), ev.trigger.start)


def one_row_per_happening(events: Sequence[Event]) -> tuple[Event, ...]:
    """The events with one salient row for each happening the text reports more than once:
    the best-dated report stays salient and lists the others' triggers in ``mentions``."""
    groups: list[list[Event]] = []
    for ev in events:
        if not ev.salient:
            continue
        for group in groups:
            if any(_same_happening(ev, other) for other in group):
                group.append(ev)
                break
        else:
            groups.append([ev])
    changed: dict[str, Event] = {}
    for group in groups:
        if len(group) < 2:
            continue
        best = min(group, key=_row_rank)
        others = sorted((e for e in group if e is not best), key=lambda e: e.trigger.start)
        changed[best.id] = evolve(best, mentions=tuple(e.trigger for e in others))
        for e in others:
            changed[e.id] = evolve(e, salient=False)
    return tuple(changed.get(ev.id, ev) for ev in events)


#: The order in which rows are kept when there are more than fit: what the text dates itself
#: first, then the news of the headline and lead, then what is dated from the sentence, and
#: what the story's context, the day's news further down or the publication day dates last.
_KEEP_RANK = {"explicit": 0, "same-clause": 0, "inherited-from-sentence": 2,
              "lead-of-report": 3, "inherited-from-context": 3, "publication-date": 3}


def _keep_key(ev: Event, weight: dict[str, int], front: set[int]) -> tuple[int, int, int]:
    assert ev.time is not None
    rank = _KEEP_RANK.get(ev.time.source, 3)
    if ev.sentence.start in front:
        rank = min(rank, 1)
    about = max((weight.get(p.entity, 0) for p in ev.participants if p.entity), default=0)
    return (rank, -about, ev.trigger.start)


def table_events(tl: Timeline, max_events: int | None = DEFAULT_MAX_EVENTS) -> list[Event]:
    """The rows of the default table, and what the chart and the reports for people show:
    the salient dated events in timeline order; when there are more than ``max_events``
    (``None``: no limit), those ranked first: dated by the text itself, then the headline and
    the lead, then those about the entities the article mentions most."""
    shown = [ev for ev in tl.ordered_events() if ev.salient]
    if max_events is None or len(shown) <= max_events:
        return shown
    weight = {e.id: len(e.mentions) for e in tl.entities}
    headline, lead = front_sentences(tl.events)
    front = lead | ({headline} if headline is not None else set())
    keep = {ev.id for ev in sorted(shown, key=lambda e: _keep_key(e, weight, front))
            [:max(0, max_events)]}
    return [ev for ev in shown if ev.id in keep]
