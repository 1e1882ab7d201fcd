"""Headline-style labels: "Araghchi visited Assad", "Terrorists launched attack on Aleppo".

A label is actor + action + object, built from the event's arguments and its parse:

* the actor is the participant before the verb (the agent, or the theme of "prices fell"
  and of passives); a pronoun or a description becomes its entity's short name (a person's
  surname, an organisation's shortest name);
* the action keeps negation, modals and the particle or idiom of the trigger ("withdrew",
  "would not join", "came into effect"); a verb after an inverted auxiliary keeps it ("had
  come into effect");
* the object is the patient after the verb, else the recipient ("to Syria") or the verb's
  first prepositional phrase ("from several positions"); a light verb's event noun keeps its
  target ("launched attack on Aleppo");
* an existential is its noun ("Relative peace"); a nominal event is its noun with its
  possessor, target and agent ("Assad's comments", "Attack on Aleppo by rebels");
* articles, possessive pronouns and adjectives are dropped from common nouns; at most
  :data:`MAX_WORDS` words (more when a name is long).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Token

from timeline.arguments import entity_span, participant_head
from timeline.entities import short_name
from timeline.model import Entity, Event, Participant, evolve
from timeline.tokens import token_at

MAX_WORDS = 8
MAX_WORDS_LONG_NAME = 10
_KEEP_DET = frozenset({"no", "several", "some", "many", "all", "both", "few", "most", "each",
                       "every", "any", "another", "more"})
_CONTRACTIONS = {"n't": "not", "ca": "can", "wo": "will", "'ll": "will", "'d": "would",
                 "'ve": "have", "'s": "has", "'re": "are", "'m": "am"}
_TIME_ENTS = frozenset({"DATE", "TIME"})
_THIRD_PERSON = {"have": "has", "am": "is", "do": "does", "are": "is", "'m": "is", "'ve": "has"}


def _compact(head: Token, keep_adjectives: bool = False) -> list[str]:
    """A common noun phrase without its article, possessive pronoun and adjectives:
    "a two-pronged attack" -> "attack", "several positions", "air raids"."""
    words: list[Token] = []
    for child in head.lefts:
        subtree = [t for t in child.subtree if t.i < head.i]
        named = any(t.ent_type_ in ("NORP", "GPE", "ORG", "PERSON", "PRODUCT", "FAC",
                                    "WORK_OF_ART") for t in subtree)
        keep = (child.dep_ in ("compound", "nummod", "quantmod", "nmod")
                or (named and child.dep_ not in ("det", "poss", "punct"))
                or child.lower_ in _KEEP_DET
                or (child.dep_ == "amod" and (keep_adjectives or named)))
        if keep:
            words.extend(t for t in subtree if not t.is_punct or t.text == "-")
    out: list[str] = []
    for tok in sorted(words, key=lambda t: t.i):
        if out and (tok.text == "-" or out[-1].endswith("-")):
            out[-1] += tok.text  # "Turkey-backed"
        else:
            out.append(tok.text)
    return [*out, head.text]


class _Labeller:
    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.entities = {e.id: e for e in entities}

    def token_at(self, start: int) -> Token | None:
        return token_at(self.doc, start)  # the shared per-document table (timeline.tokens)

    def head_of(self, p: Participant) -> Token | None:
        return participant_head(self.doc, p.start, p.end)

    def name(self, p: Participant) -> list[str]:
        """A participant as a headline names it."""
        entity = self.entities.get(p.entity or "")
        head = self.head_of(p)
        if entity is not None and entity.type != "NP":
            return short_name(entity).split()
        if entity is not None and head is not None and head.pos_ == "PRON":
            return entity.name.split()
        if head is None:
            return p.text.split()
        if head.ent_type_ and head.ent_type_ not in _TIME_ENTS:
            ent = entity_span(head)
            if ent is not None:
                words = ent.text.split()
                return words[1:] if words and words[0].lower() == "the" else words
        appos = next((c for c in head.children if c.dep_ in ("appos", "npadvmod")
                      and c.ent_type_ and c.ent_type_ not in _TIME_ENTS), None)
        if appos is None:
            # "its latest iteration of the iPhone, the iPhone 3GS": the name in apposition
            appos = next((t for t in head.subtree if t.dep_ == "appos" and (
                t.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in t.lefts))
                          and not any(a.dep_ in ("relcl", "acl") for a in t.ancestors
                                      if a.i != head.i and head in a.ancestors)), None)
        if appos is not None:
            return self._name_token(appos)  # "the technology blog Gizmodo": Gizmodo
        words = _compact(head)
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is not None and pobj.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"):
            # "presidents of Russia and Iran"
            names = [t for t in pobj.subtree if t.ent_type_ or t.dep_ == "cc"]
            words += ["of", *[t.text for t in names]]
        return words

    def actor_names(self, ev: Event, actor: Participant) -> list[str]:
        """The actor and the participants coordinated with it ("Turkey and Iran")."""
        group = [p for p in ev.participants if p.role == actor.role
                 and p.end <= ev.trigger.start and p.label != "NP"]
        if actor not in group or len(group) < 2:
            return self.name(actor)
        names = [" ".join(self.name(p)) for p in group]
        return " and ".join([", ".join(names[:-1]), names[-1]]).split()

    def verb_group(self, verb: Token, trigger: str, first_person: bool = False
                   ) -> list[str]:
        words: list[str] = []
        head = verb.head
        if (verb.dep_ in ("dep", "xcomp", "ccomp") and head.i < verb.i
                and head.lemma_ in ("have", "be", "do") and verb.tag_ in ("VB", "VBN")
                and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)):
            words.append(head.lower_)  # "No sooner had the ceasefire ... come"
        for child in verb.lefts:
            if child.dep_ in ("aux", "auxpass", "neg"):
                words.append(_CONTRACTIONS.get(child.lower_, child.lower_))
        words.extend(trigger.split())
        if first_person:
            # "I have" becomes "Lund has": the first finite word agrees with a third person
            for k, word in enumerate(words):
                if word in _THIRD_PERSON:
                    words[k] = _THIRD_PERSON[word]
                    break
                tok = next((t for t in (verb, *verb.lefts) if t.lower_ == word), None)
                if tok is not None and tok.tag_ == "VBP":
                    words[k] = word + ("es" if word.endswith(("s", "sh", "ch", "x", "o"))
                                       else "s")
                    break
                if tok is not None and tok.tag_ in ("MD", "VBD"):
                    break
        return words

    def prep_phrase(self, verb: Token, trigger_end: int) -> list[str]:
        """The verb's first prepositional phrase after the trigger that is not a date."""
        for child in verb.rights:
            if child.dep_ != "prep" or child.pos_ != "ADP":
                continue
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.ent_type_ in _TIME_ENTS:
                continue
            if child.idx + len(child.text) == trigger_end:
                return self._name_token(pobj)  # "called for" + "a corridor"
            if child.idx < trigger_end:
                continue  # inside the trigger: "come into effect"
            return [child.lower_, *self._name_token(pobj)]
        return []

    def _name_token(self, tok: Token) -> list[str]:
        if tok.ent_type_ and tok.ent_type_ not in _TIME_ENTS:
            ent = entity_span(tok)
            if ent is not None:
                words = ent.text.split()
                return words[1:] if words and words[0].lower() == "the" else words
        return _compact(tok)

    def target(self, noun: Token) -> list[str]:
        """An event noun's target or theme phrase: "on Aleppo", "of the stadium"."""
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "into", "for",
                                                         "over", "to", "with"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ not in _TIME_ENTS:
                    return [child.lower_, *self._name_token(pobj)]
        return []

    def label(self, ev: Event) -> str:
        token = self.token_at(ev.trigger.start)
        if token is None:
            return ev.label()
        if token.lemma_ == "be" and any(c.dep_ == "expl" for c in token.children):
            attr = next((c for c in token.children if c.dep_ in ("attr", "nsubj")
                         and c.dep_ != "expl"), None)
            if attr is not None:
                return _finish(_compact(attr, keep_adjectives=True))
        if token.pos_ == "NOUN":
            return self.noun_label(ev, token)
        return self.verb_label(ev, token)

    def _actor(self, ev: Event) -> tuple[Participant | None, Participant | None]:
        """(actor, by-agent): the participant before the trigger, agent first."""
        before = [p for p in ev.participants if p.role in ("agent", "patient")
                  and p.end <= ev.trigger.start]
        agents = [p for p in before if p.role == "agent"]
        actor = (agents or before or [None])[-1] if agents or before else None
        if actor is None:
            actor = next((p for p in ev.participants if p.role == "agent"), None)
        by_agent = None
        if actor is not None and actor.role == "patient":
            by_agent = next((p for p in ev.participants if p.role == "agent"
                             and p.start > ev.trigger.start), None)
        return actor, by_agent

    def verb_label(self, ev: Event, verb: Token) -> str:
        actor, by_agent = self._actor(ev)
        words: list[str] = self.actor_names(ev, actor) if actor is not None else []
        first = actor is not None and actor.text.lower() in ("i", "we") and bool(actor.entity)
        words += self.verb_group(verb, ev.trigger.text, first)
        obj = next((p for p in ev.participants if p.role == "patient" and p is not actor
                    and p.start >= ev.trigger.start), None)
        support = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"
                        and not ev.trigger.start <= c.idx < ev.trigger.end  # "took place"
                        and not any(p.start <= c.idx < p.end for p in ev.participants
                                    if p.role == "patient")), None)
        tail: list[str] = []
        if obj is not None:
            tail = self.name(obj)
            more = [p for p in ev.participants if p.role == "patient" and p.start > obj.start]
            if more and len(tail) + len(self.name(more[0])) <= 4:
                tail += ["and", *self.name(more[0])]  # "released SDK and App Store"
        elif support is not None:
            tail = _compact(support) + self.target(support)
        recipient = next((p for p in ev.participants if p.role == "recipient"), None)
        if recipient is not None:
            tail += ["to", *self.name(recipient)] if obj is not None or not tail else []
        if by_agent is not None:
            tail += ["by", *self.name(by_agent)]
        if not tail and not ev.is_reporting:
            tail = self.prep_phrase(verb, ev.trigger.end)
        return _finish(words, tail)

    def noun_label(self, ev: Event, noun: Token) -> str:
        agent = next((p for p in ev.participants if p.role == "agent"), None)
        head = noun.head
        if agent is not None and noun.dep_ == "dobj" and head.pos_ == "VERB" and \
                agent.end <= head.idx:
            # a light verb: "Terrorists launched attack on Aleppo"
            words = self.name(agent) + self.verb_group(head, head.text)
            return _finish(words, _compact(noun) + self.target(noun))
        owner_p = next((p for p in ev.participants if p.role in ("agent", "patient")
                        and any(c.dep_ == "poss" and p.start <= c.idx < p.end
                                for c in noun.children)), None)
        if agent is None or (owner_p is not None and owner_p.role == "patient"):
            agent = owner_p or agent  # "its launch": the owner names what was launched
        words = _compact(noun)
        inside = agent is not None and any(agent.start <= t.idx < agent.end
                                           for t in noun.lefts if t.dep_ != "poss")
        if agent is not None and agent.end <= noun.idx and not inside:
            owner = self.name(agent)
            mark = "'" if owner and owner[-1].endswith("s") else "'s"
            words = [*owner[:-1], owner[-1] + mark, *words] if owner else words
            return _finish(words, self.target(noun))
        if inside:
            return _finish(words, self.target(noun))
        tail = self.target(noun)
        if agent is not None:
            tail += ["by", *self.name(agent)]
        return _finish(words, tail)


def _finish(words: list[str], tail: Sequence[str] = ()) -> str:
    """Join, cut to the word budget (the tail goes first), capitalise."""
    budget = MAX_WORDS_LONG_NAME if len(words) > 4 else MAX_WORDS
    out = list(words)
    if len(out) + len(tail) <= budget:
        out += tail
    elif tail and len(out) < budget:
        out += list(tail)[: budget - len(out)]
    out = out[:MAX_WORDS_LONG_NAME + 2]
    text = " ".join(w for w in out if w.strip())
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text  # "iPhone", "eBay": as written
    return text[:1].upper() + text[1:]


def label_events(
    doc: Doc, events: Sequence[Event], entities: Sequence[Entity]
) -> tuple[Event, ...]:
    """The events with their headline labels."""
    labeller = _Labeller(doc, entities)
    return tuple(evolve(ev, headline=labeller.label(ev) or None) for ev in events)


def entity_names(entities: Sequence[Entity]) -> Mapping[str, str]:
    """Each entity's short name, by id."""
    return {e.id: short_name(e) for e in entities}
