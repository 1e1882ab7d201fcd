"""Headline-style labels: "Araghchi visited Assad", "Regulator moved to allow share sales".

A label says who did what, with the content that makes it news. It is built from the event's
arguments, its entities and its parse (word lists in ``lang/en/arguments.toml``, ``[labels]``):

* the **actor** is the participant before the verb (the agent, or the theme of "prices fell"
  and of passives); a pronoun or a description ("the minister") becomes its entity's name (a
  person's surname, an organisation's short form); a quantifier keeps its noun ("Hundreds of
  protesters"); a named possessor stays ("Armco's income");
* the **action** keeps negation, modals and the particle or idiom of the trigger ("would not
  join", "came into effect"); a light, control or aspectual verb keeps its complement, the
  verb chain that carries the content ("moved to allow share sales", "continued to fall",
  "agreed to compensate families", "ordered banks closed", "took steps to expand aid");
* the **object** is the patient after the verb (with its adjectives while the budget allows:
  "do not show elevated levels"), else the light verb's event noun with its target
  ("launched attack on Aleppo"), else the recipient or the first prepositional phrase that is
  not a clause ("from several positions"); "not by X but by Y" stays whole;
* a **report** with a clause is labelled by what was reported: "State television: banks to
  stay shut" (a reported "would" or "will" is a headline's "to"); when the reporter is the
  clause's actor, the label is the clause with the reporter's name;
* an existential is its noun ("Relative peace"); a nominal event is its noun with its
  possessor, target and agent ("Assad's comments", "Attack on Aleppo by rebels");
* at most :data:`MAX_WORDS` words: modifiers go first, then prepositional phrases, then
  objects; the verb chain (the content) is never cut.

:func:`label_events` also records the label's structured parts (:class:`LabelParts`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from timeline.arguments import (
    _rules,
    entity_span,
    hyphen_run,
    is_event_noun,
    participant_head,
    phrase_bounds,
)
from timeline.entities import short_names
from timeline.model import Entity, Event, LabelParts, Participant, evolve

MAX_WORDS = 10
_KEEP_DET = frozenset({"no", "several", "some", "many", "all", "both", "few", "most", "each",
                       "every", "any", "another", "more"})
_CONTRACTIONS = {"n't": "not", "ca": "can", "wo": "will", "'ll": "will", "'d": "would",
                 "'ve": "have", "'s": "has", "'re": "are", "'m": "am"}
_TIME_ENTS = frozenset({"DATE", "TIME"})
_NAMED_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART",
                         "LOC", "EVENT", "LAW"})
_THIRD_PERSON = {"have": "has", "am": "is", "do": "does", "are": "is", "'m": "is", "'ve": "has"}
_POSS_PRONOUNS = frozenset({"its", "their", "his", "her"})
_QUOTED_PERSONS = frozenset({"i", "we", "you"})

# priorities of a label's chunks: the lowest go first when the label is too long
_PREP, _AGENT, _OBJECT, _CORE = 1, 2, 3, 9


class _Mod(str):
    """A modifier word ("elevated", "free"): the first thing a long label drops."""

    __slots__ = ()


@dataclass(frozen=True)
class _Chunk:
    priority: int
    words: tuple[str, ...]


def _chunk(priority: int, words: Sequence[str]) -> list[_Chunk]:
    return [_Chunk(priority, tuple(words))] if words else []


def _compact(head: Token, keep_adjectives: bool = False,
             possessor: Mapping[int, str] | None = None, possessive: bool = True) -> list[str]:
    """A common noun phrase without its article and possessive pronoun: "several
    positions", "air raids", "Armco's income"; adjectives are kept (as droppable
    modifiers) only with ``keep_adjectives``. ``possessor`` names a possessive pronoun by its
    token index ("its income": "Armco's income")."""
    words: list[tuple[int, str]] = []
    for child in head.lefts:
        subtree = [t for t in child.subtree if t.i < head.i]
        named = any(t.ent_type_ in _NAMED_ENTS for t in subtree)
        if child.dep_ == "poss":
            if not possessive:
                continue  # the caller names the owner ("the Pope's visit")
            if named or child.pos_ == "PROPN":
                words.extend((t.i, t.text) for t in subtree if (
                    not t.is_punct or t.dep_ == "case") and t.dep_ != "det")  # "Armco's"
            elif possessor is not None and child.i in possessor:
                name = possessor[child.i]
                words.append((child.i, name + ("'" if name.endswith("s") else "'s")))
            continue
        keep = (child.dep_ in ("compound", "nummod", "quantmod", "nmod")
                or (named and child.dep_ not in ("det", "punct", "nsubj"))
                or child.lower_ in _KEEP_DET)
        modifier = child.dep_ == "amod" and not named
        if keep:
            words.extend((t.i, t.text) for t in subtree
                         if not t.is_punct or t.text in ("-", "%"))
        elif modifier and keep_adjectives:
            words.extend((t.i, _Mod(t.text)) for t in subtree
                         if not t.is_punct or t.text == "-")
    run = hyphen_run(head)
    if len(run) > 1:  # "re-designs": the pieces the parse left as siblings
        words.extend((t.i, t.text) for t in run[:-1])
    out: list[str] = []
    for _, word in sorted(words, key=lambda w: w[0]):
        if out and (word in ("-", "%", "'s", "'", "’s") or out[-1].endswith("-")):
            out[-1] = type(out[-1])(out[-1] + word)  # "Turkey-backed"
        else:
            out.append(word)
    if out and out[-1].endswith("-"):
        out[-1] = type(out[-1])(out[-1] + head.text)  # "re-designs"
        return out
    return [*out, head.text]


class _Labeller:
    """The labels of one document's events: its parse, its entities (for names) and its
    events (a reported or chained verb that is an event of its own is worded from its
    resolved participants)."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], events: Sequence[Event]) -> None:
        self.doc = doc
        # token index by character offset, without building a Token per word
        self.by_start = {int(idx): i for i, idx in enumerate(doc.to_array(IDX).tolist())}
        self.entities = {e.id: e for e in entities}
        self.short = short_names(entities)
        self.events_at = {ev.trigger.start: ev for ev in events}
        self.mention: dict[tuple[int, int], Entity] = {
            (m.start, m.end): e for e in entities for m in e.mentions}
        rules = _rules()
        self.quantifiers = rules["quantifiers"] | rules["of_nouns"]
        self.complement_nouns = rules["complement_nouns"] | rules["clausal_nouns"]
        self.future = rules["future_modals"]
        self.subordinators = rules["subordinators"]
        self.object_control = rules["object_control"]
        self.vague = rules["vague_heads"]
        self.report_topics = rules["report_topic_preps"]
        self.object_preps = rules["object_preps"]
        self.speaker_pronouns = rules["speaker_pronouns"]
        self._possessors: dict[int, str] | None = None

    def token_at(self, start: int) -> Token | None:
        i = self.by_start.get(start)
        return self.doc[i] if i is not None else None

    def head_of(self, p: Participant) -> Token | None:
        return participant_head(self.doc, p.start, p.end)

    # -- names --------------------------------------------------------------------------

    @property
    def possessors(self) -> dict[int, str]:
        """Possessive pronouns resolved to a named entity, by token index ("its": Armco)."""
        if self._possessors is None:
            self._possessors = {}
            for (start, _), entity in self.mention.items():
                tok = self.token_at(start)
                if tok is not None and tok.lower_ in _POSS_PRONOUNS and entity.type != "NP":
                    self._possessors[tok.i] = self.short[entity.id]
        return self._possessors

    def _entity_of(self, tok: Token) -> Entity | None:
        """The named entity a pronoun or a description at ``tok`` was resolved to."""
        ent = entity_span(tok) if tok.ent_type_ in _NAMED_ENTS else None
        if tok.pos_ == "PRON":
            entity = self.mention.get((tok.idx, tok.idx + len(tok.text)))
        elif ent is not None and (ent.start_char, ent.end_char) in self.mention:
            entity = self.mention[(ent.start_char, ent.end_char)]
        else:
            start, end = phrase_bounds(tok)
            span = self.doc[start:end]
            entity = self.mention.get((span.start_char, span.end_char))
        return entity if entity is not None and entity.type != "NP" else None

    def _quantified(self, head: Token, adjectives: bool, owner: bool = False
                    ) -> list[str] | None:
        """A quantifier or a kind with its noun: "Hundreds of protesters", "some of the
        buyers", "new lineup of MacBook Air laptops"."""
        if head.lower_ not in self.quantifiers and head.lemma_.lower() not in self.quantifiers:
            return None
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is None or pobj.ent_type_ in _TIME_ENTS:
            return None
        lead = _compact(head, adjectives, self.possessors if owner else None)[:-1]
        return [*lead, head.text, "of", *self._name_token(pobj, adjectives)]

    def name(self, p: Participant, adjectives: bool = False, owner: bool = False
             ) -> list[str]:
        """A participant as a headline names it."""
        entity = self.entities.get(p.entity or "")
        head = self.head_of(p)
        if head is not None and not head.ent_type_:
            person = next((c for c in head.children if c.dep_ in ("conj", "appos")
                           and c.ent_type_ == "PERSON"), None)
            if person is not None:
                # "Apple Computer CEO and co-founder Steve Jobs": the title's person
                named = self._entity_of(person)
                return self.short[named.id].split() if named else self._name_token(person)
        if entity is not None and entity.type != "NP":
            return self.short[entity.id].split()
        if entity is not None and head is not None and head.pos_ == "PRON":
            return entity.name.split()
        if head is None:
            return p.text.split()
        return self._name_token(head, adjectives, owner)

    def _name_token(self, head: Token, adjectives: bool = False, owner: bool = False
                    ) -> list[str]:
        """The noun phrase headed by ``head`` as a headline names it; ``owner``: a possessive
        pronoun becomes its named owner ("its income": "Armco's income"), for actors only (an
        object's "its" is most often the actor's own)."""
        entity = self._entity_of(head) if head.pos_ == "PRON" else None
        if entity is not None:
            return self.short[entity.id].split()
        quantified = self._quantified(head, adjectives, owner)
        if quantified is not None:
            return quantified
        if head.ent_type_ and head.ent_type_ not in _TIME_ENTS and not (
                head.ent_type_ == "CARDINAL" and any(c.dep_ == "compound" for c in head.lefts)):
            # (a number with a name before it is a version: "iOS 5", not "5")
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
                          and not any(a.dep_ in ("relcl", "acl") or (
                              a.dep_ == "prep" and a.lower_ != "of")  # "embassies in X, Y"
                                      for a in t.ancestors
                                      if a.i != head.i and head in a.ancestors)), None)
        if appos is not None and appos.i != head.i:
            return self._name_token(appos)  # "the technology blog Gizmodo": Gizmodo
        words = _compact(head, adjectives, self.possessors if owner else None)
        if head.lemma_.lower() in self.vague or head.lower_ in self.vague:
            prep = next((c for c in head.rights if c.dep_ == "prep"), None)
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if pobj is not None and pobj.ent_type_ not in _TIME_ENTS and pobj.pos_ != "PRON":
                return [*words, prep.lower_, *self._name_token(pobj)]  # "Men in masks"
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is not None and pobj.ent_type_ in _NAMED_ENTS:
            # "presidents of Russia and Iran", "integration of podcasting into iTunes"
            names = [t for t in pobj.subtree if t.ent_type_ or t.dep_ == "cc"]
            words += ["of", *[t.text for t in names]]
        elif pobj is not None and any(c.ent_type_ in _NAMED_ENTS and c.dep_ == "compound"
                                      for c in pobj.lefts):
            words += ["of", *_compact(pobj)]  # "re-designs of the iPod range"
        return words

    def actor_names(self, ev: Event, actor: Participant) -> list[str]:
        """The actor and the participants coordinated with it ("Turkey and Iran")."""
        group = [p for p in ev.participants if p.role == actor.role
                 and p.end <= ev.trigger.start and p.label != "NP"]
        if actor not in group or len(group) < 2:
            return self.name(actor, owner=True)
        names = [" ".join(self.name(p)) for p in group]
        return " and ".join([", ".join(names[:-1]), names[-1]]).split()

    # -- the action -----------------------------------------------------------------------

    def verb_group(self, verb: Token, trigger: str, first_person: bool = False,
                   reported: bool = False) -> list[str]:
        words: list[str] = []
        head = verb.head
        if (verb.dep_ in ("dep", "xcomp", "ccomp") and head.i < verb.i
                and head.lemma_ in ("have", "be", "do") and verb.tag_ in ("VB", "VBN")
                and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)):
            words.append(head.lower_)  # "No sooner had the ceasefire ... come"
        for child in verb.lefts:
            if child.dep_ in ("aux", "auxpass", "neg"):
                words.append(_CONTRACTIONS.get(child.lower_, child.lower_))
        if reported and words[:1] and words[0] in self.future:
            # a reported "would stay" is a headline's "to stay" ("not to join")
            rest = words[1:]
            words = (["not", "to", *rest[1:]] if rest[:1] == ["not"] else ["to", *rest])
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

    def _clause_continues(self, pobj: Token) -> bool:
        """Whether a preposition's object is the subject of a clause the parse broke ("came
        as the president on Tuesday approved"): a finite verb follows its phrase."""
        nxt = pobj.right_edge.i + 1
        return nxt < len(self.doc) and self.doc[nxt].tag_ in ("VBD", "VBZ", "VBP", "MD")

    def prep_phrase(self, verb: Token, trigger_end: int) -> list[str]:
        """The verb's first prepositional phrase after the trigger that is not a date or a
        clause."""
        for child in verb.rights:
            if child.dep_ != "prep" or child.pos_ not in ("ADP", "SCONJ"):
                continue
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            pcomp = next((c for c in child.children if c.dep_ == "pcomp"
                          and c.tag_ == "VBG"), None)
            if pobj is None and pcomp is not None and child.idx > trigger_end:
                # a gerund: "accused Paribas of planning to break up the company"
                obj = next((c for c in pcomp.children if c.dep_ == "dobj"), None)
                more = (self._name_token(obj) if obj.pos_ != "PRON" else [obj.text]) \
                    if obj is not None else self.prep_phrase(pcomp, pcomp.idx + len(pcomp.text))
                chain, _ = self.complement(pcomp, 2)
                subj = next((c for c in pcomp.children if c.dep_ == "nsubj"), None)
                who = self._name_token(subj) if subj is not None and subj.pos_ != "PRON" \
                    else []  # "settled, with Apple Computer paying $26.5 million"
                return [child.lower_, *who, pcomp.text, *more,
                        *(w for c in chain for w in c.words)][:6]
            if pobj is None or pobj.ent_type_ in _TIME_ENTS:
                continue
            if child.lower_ in self.subordinators and self._clause_continues(pobj):
                continue  # "came as the president approved": a clause, not an object
            # a pronoun stays as written: which of the sentence's entities it is needs more
            # than the parse ("demanding Elian be returned to him")
            words = [pobj.text] if pobj.pos_ == "PRON" else self._name_token(pobj)
            if child.idx + len(child.text) == trigger_end:
                return words  # "called for" + "a corridor"
            if child.idx < trigger_end:
                continue  # inside the trigger: "come into effect"
            return [child.lower_, *words]
        return []

    def target(self, noun: Token) -> list[str]:
        """An event noun's target or theme phrase: "on Aleppo", "of the stadium"."""
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "into", "for",
                                                         "over", "to", "with"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ not in _TIME_ENTS:
                    return [child.lower_, *self._name_token(pobj)]
                pcomp = next((c for c in child.children if c.dep_ == "pcomp"
                              and c.tag_ == "VBG"), None)
                if pcomp is not None:
                    # "integration of podcasting with iTunes": the gerund and its phrase
                    return [child.lower_, pcomp.text,
                            *self.prep_phrase(pcomp, pcomp.idx + len(pcomp.text))]
        return []

    def _complement_verb(self, verb: Token) -> Token | None:
        """The verb whose clause carries the content after a light, control or aspectual
        verb: its infinitive or gerund complement ("moved to allow", "continued to fall",
        "began selling"), the infinitive after a light verb's noun ("took steps to expand",
        "made an effort to reach"), or the bare clause of an object-control verb ("ordered
        the banks closed")."""
        for child in verb.rights:
            if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
                return child
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")
                    and c.pos_ == "NOUN"), None)  # "took steps to", "is an attempt to"
        if obj is not None and obj.lemma_.lower() in self.complement_nouns:
            for child in (*obj.rights, *verb.rights):
                if child.dep_ in ("acl", "advcl", "relcl") and child.i > obj.i and any(
                        a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
                    return child
        if verb.lemma_.lower() in self.object_control:
            for child in verb.rights:
                if child.dep_ == "ccomp" and not any(m.dep_ == "mark" for m in child.children) \
                        and not _question(child):
                    return child
        return None

    def complement(self, verb: Token, depth: int = 0, has_object: bool = False
                   ) -> tuple[list[_Chunk], list[str]]:
        """The chain after a verb: (chunks, lemmas of the chained verbs). ``has_object``: the
        label already names the verb's object (the complement's subject, "ordered the banks
        closed")."""
        comp = self._complement_verb(verb) if depth < 3 else None
        if comp is None:
            return [], []
        chunks: list[_Chunk] = []
        subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and comp.dep_ == "ccomp" and not has_object and not any(
                c.dep_ == "dobj" for c in verb.children):
            chunks += _chunk(_OBJECT, self._name_token(subj))  # "ordered the banks closed"
        words = [_CONTRACTIONS.get(c.lower_, c.lower_) for c in comp.lefts
                 if c.dep_ in ("aux", "auxpass", "neg") and (c.dep_ != "aux" or c.lower_ == "to"
                                                             or c.tag_ == "VB")]
        words += [comp.text, *[c.text for c in comp.rights if c.dep_ == "prt"]]
        inner = self.events_at.get(comp.idx)
        if inner is not None and inner.pos != "NOUN" and depth < 2:
            # the complement is an event of its own: its object and recipient as resolved
            actor, by_agent = self._actor(inner)
            more, lemmas, _ = self.predicate(inner, comp, actor, by_agent, depth=depth + 1)
            return chunks + more, [comp.lemma_.lower(), *lemmas]
        chunks += _chunk(_CORE, words)
        more, lemmas = self.clause_tail(comp, comp.idx + len(comp.text), depth + 1)
        return chunks + more, [comp.lemma_.lower(), *lemmas]

    def small_clause(self, verb: Token) -> list[_Chunk]:
        """A verbless clause as the verb's complement ("make Australia a republic")."""
        for c in verb.rights:
            if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("NOUN", "PROPN"):
                subj = next((s for s in c.children if s.dep_ == "nsubj"), None)
                words = self._name_token(subj) if subj is not None else []
                return _chunk(_OBJECT, [*words, *_compact(c)])
        return []

    def that_clause(self, verb: Token) -> list[_Chunk]:
        """A clause that is the verb's object ("ruled that the boy must be returned"):
        its subject, verb group and object carry the content."""
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in (
            "VERB", "AUX")), None)  # also fronted: "the boy must be returned, ... ruled"
        if clause is None or _question(clause):
            return []
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ == "it":
            return []
        group = self.verb_group(clause, clause.text)
        tail, _ = self.clause_tail(clause, clause.idx + len(clause.text), 2)
        return [*_chunk(_OBJECT, self._name_token(subj)), *_chunk(_CORE, group), *tail]

    def clause_tail(self, verb: Token, trigger_end: int, depth: int = 0
                    ) -> tuple[list[_Chunk], list[str]]:
        """A verb's object, complement and chain read off the parse: for verbs that are not
        the event labelled (a chained or reported verb)."""
        chunks: list[_Chunk] = []
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "dative", "attr", "oprd")
                and c.ent_type_ not in _TIME_ENTS]
        for obj in objs[:2]:
            # an object pronoun of a chained verb stays as written: coreference is surest for
            # subjects ("Russia will continue to support him")
            chunks += _chunk(_OBJECT, [obj.text] if obj.pos_ == "PRON" else
                             self._name_token(obj, adjectives=True))
        for c in verb.rights:
            if c.dep_ in ("acomp",) or (c.dep_ == "xcomp" and c.pos_ == "ADJ"):
                chunks += _chunk(_OBJECT, [c.text])  # "stay shut", "made available"
        chunks += self.small_clause(verb)
        more, lemmas = self.complement(verb, depth)
        chunks += more
        if not objs and not more:
            chunks += _chunk(_PREP, self.prep_phrase(verb, trigger_end))
        elif objs and not more:
            chunks += _chunk(_PREP, self.object_prep(verb))
        return chunks, lemmas

    def object_prep(self, verb: Token) -> list[str]:
        """The phrase that completes a verb with its object ("put the question to a national
        referendum", "sold the unit to Nestle"), while the budget allows."""
        phrase = self.prep_phrase(verb, verb.idx + len(verb.text))
        return phrase if phrase[:1] and phrase[0] in self.object_preps else []

    # -- labels ---------------------------------------------------------------------------

    def label(self, ev: Event) -> tuple[str, LabelParts | None]:
        token = self.token_at(ev.trigger.start)
        if token is None:
            return ev.label(), None
        if token.lemma_ == "be" and any(c.dep_ == "expl" for c in token.children):
            attr = next((c for c in token.children if c.dep_ in ("attr", "nsubj")
                         and c.dep_ != "expl"), None)
            if attr is not None:
                words = _compact(attr, keep_adjectives=True)
                return _finish([], _chunk(_CORE, [str(w) for w in words])), LabelParts(
                    predicate=("be",), object=" ".join(words))
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
        if actor is None:
            # the subject of "include", "feature", "contain": the whole, not an agent, but
            # what the label is about ("The MacBook features a 13.3-inch display")
            token = self.token_at(ev.trigger.start)
            actor = next((p for p in ev.participants if p.role == "other"
                          and p.end <= ev.trigger.start and token is not None
                          and (h := self.head_of(p)) is not None
                          and h.dep_ in ("nsubj", "nsubjpass") and h.head.i == token.i), None)
        by_agent = None
        if actor is not None and actor.role == "patient":
            by_agent = next((p for p in ev.participants if p.role == "agent"
                             and p.start > ev.trigger.start), None)
        return actor, by_agent

    def _reported_clause(self, ev: Event, verb: Token) -> Token | None:
        """The clause a report reports ("announced that the banks would stay shut"), when it
        has a subject of its own."""
        if not ev.is_reporting:
            return None
        for child in verb.children:
            if child.dep_ == "ccomp" and any(c.dep_ == "nsubj" and c.lower_ in _QUOTED_PERSONS
                                             for c in child.children):
                return None  # '"We continue our contacts," Peskov told reporters': a quote
            if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX") and any(
                    c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
                return child
        return None

    def report_label(self, ev: Event, verb: Token, clause: Token,
                     speaker: list[str], speaker_entity: str | None
                     ) -> tuple[str, LabelParts] | None:
        """"State television: banks to stay shut"; the reporter's own act with its name."""
        inner = self.events_at.get(clause.idx)
        if inner is not None and self._actor(inner)[0] is None:
            inner = None  # "the release ... will include": the parse's subject names it
        if inner is not None and inner.trigger.start == clause.idx:
            actor, by_agent = self._actor(inner)
            same = actor is not None and (
                (speaker_entity is not None and actor.entity == speaker_entity)
                or (actor.entity is None and actor.text.lower() in self.speaker_pronouns))
            told = any(c.dep_ in ("dobj", "dative") for c in verb.children)
            head = self.head_of(actor) if actor is not None else None
            if told and head is not None and head.pos_ == "PRON":
                # "told the lawyers they could expect...": the reporter or the one told?
                same, who = False, [actor.text]
            else:
                who = speaker if same else (self.actor_names(inner, actor) if actor else [])
            chunks, lemmas, obj = self.predicate(inner, clause, actor, by_agent, reported=True)
        else:
            subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.dep_ == "expl":
                subj = None
            ent = self._entity_of(subj) if subj is not None else None
            same = (ent is not None and ent.id == speaker_entity) or (
                subj is not None and ent is None and subj.lower_ in self.speaker_pronouns)
            who = speaker if same else (self._name_token(subj, owner=True) if subj is not None
                                        else [])
            group = self.verb_group(clause, clause.text, reported=True)
            more, lemmas = self.clause_tail(clause, clause.idx + len(clause.text))
            chunks = [*_chunk(_CORE, group), *more]
            lemmas = [clause.lemma_.lower(), *lemmas]
            obj = next((" ".join(c.words) for c in more if c.priority == _OBJECT), None)
        if not who or not chunks:
            return None
        if speaker and " ".join(speaker).lower() in " ".join(who).lower():
            same = True  # "Armco: Armco's income dropped": the clause names the reporter
        head = list(who) if same or not speaker else [*speaker[:-1], speaker[-1] + ":", *who]
        parts = LabelParts(" ".join(speaker) or None, speaker_entity,
                           (verb.lemma_.lower(), *lemmas), obj,
                           any(c.dep_ == "neg" for c in clause.children))
        return _finish(head, chunks), parts

    def predicate(self, ev: Event, verb: Token, actor: Participant | None,
                  by_agent: Participant | None, reported: bool = False, depth: int = 0,
                  ) -> tuple[list[_Chunk], list[str], str | None]:
        """The verb group, object and chain of an event: (chunks, lemmas, object)."""
        first = actor is not None and actor.text.lower() in ("i", "we") and bool(actor.entity)
        group = self.verb_group(verb, ev.trigger.text, first, reported)
        not_but = self._not_but(verb, by_agent)
        if not_but:  # the "not" belongs to the phrase, not the verb
            group = [w for w in group if w != "not"]
        chunks = _chunk(_CORE, group)
        obj = next((p for p in ev.participants if p.role == "patient" and p is not actor
                    and p.start >= ev.trigger.start), None)
        support = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"
                        and not ev.trigger.start <= c.idx < ev.trigger.end  # "took place"
                        and not any(p.start <= c.idx < p.end for p in ev.participants
                                    if p.role == "patient")), None)
        obj_words: list[str] = []
        more: list[Participant] = []
        if obj is not None:
            head = self.head_of(obj)
            # an object pronoun of a chained verb stays as written (see clause_tail)
            obj_words = [obj.text] if depth and head is not None and head.pos_ == "PRON" \
                else self.name(obj, adjectives=True)
            obj_head = self.head_of(obj)
            if obj_head is not None and obj_head.pos_ == "NOUN" and "of" not in obj_words \
                    and is_event_noun(obj_head):
                obj_words += self.target(obj_head)  # "announced the release of iLife"
            more = [p for p in ev.participants if p.role == "patient" and p.start > obj.start]
        elif support is not None:
            obj_words = _compact(support) + self.target(support)
        chunks += _chunk(_OBJECT, obj_words)
        if obj is not None and more:
            chunks += _chunk(_AGENT, ["and", *self.name(more[0])])  # "SDK and App Store"
        elif obj is not None and (h := self.head_of(obj)) is not None:
            # "released the SDK and the associated App Store": a named conjunct the
            # participant (one phrase of common nouns) leaves out
            conj = next((c for c in h.children if c.dep_ == "conj" and (
                c.ent_type_ in _NAMED_ENTS or c.pos_ == "PROPN")), None)
            if conj is not None:
                chunks += _chunk(_AGENT, ["and", *self._name_token(conj)])
        if obj is None and support is None:
            # "the program costs $99": the amount of a measure verb
            amount = next((p for p in ev.participants if p.role == "other"
                           and p.start >= ev.trigger.end and (h := self.head_of(p)) is not None
                           and h.dep_ == "dobj" and h.head.i == verb.i), None)
            if amount is not None:
                chunks += _chunk(_OBJECT, amount.text.split())
        recipient = next((p for p in ev.participants if p.role == "recipient"), None)
        if recipient is not None and (obj is not None or not obj_words):
            to = self.name(recipient)
            if " ".join(to) not in " ".join(obj_words):  # the object's own "to" phrase
                chunks += _chunk(_PREP, ["to", *to])
        for c in verb.rights:
            if c.dep_ == "acomp" or (c.dep_ == "xcomp" and c.pos_ == "ADJ"):
                chunks += _chunk(_OBJECT, [c.text])  # "stay shut", "were made available"
        chunks += self.small_clause(verb)
        tail, lemmas = self.complement(verb, depth, has_object=obj is not None)
        if not tail and not obj_words and not ev.is_reporting:
            tail = self.that_clause(verb)
        chunks += tail
        if not_but:
            chunks += _chunk(_AGENT, not_but)
        elif by_agent is not None:
            # with its own preposition: "by the council", "reached between two companies"
            head = self.head_of(by_agent)
            prep = head.head.lower_ if head is not None and head.dep_ == "pobj" else "by"
            chunks += _chunk(_AGENT, [prep, *self.name(by_agent)])
        if obj_words and not tail and not any(c.priority in (_PREP, _AGENT) for c in chunks):
            chunks += _chunk(_PREP, self.object_prep(verb))
        if not obj_words and not tail and not any(c.priority in (_PREP, _AGENT)
                                                  for c in chunks):
            phrase = self.prep_phrase(verb, ev.trigger.end)
            if not ev.is_reporting or (phrase[:1] and phrase[0] in self.report_topics):
                # "the spokeswoman commented on the market falls": what the report is about
                chunks += _chunk(_PREP, phrase)
        return chunks, lemmas, (" ".join(obj_words) or None)

    def _not_but(self, verb: Token, by_agent: Participant | None) -> list[str]:
        """"held back not by the conditions but by the weather": both phrases, in order."""
        if by_agent is None:
            return []
        prep = next((c for c in verb.children if c.dep_ == "agent"), None)
        if prep is None or prep.i == 0:
            return []
        neg = self.doc[prep.i - 1]
        if neg.dep_ != "neg" or neg.head.i not in (verb.i, prep.i):
            return []
        conj = next((c for c in prep.children if c.dep_ == "conj"), None)
        cc = next((c for c in prep.children if c.dep_ == "cc" and c.lower_ == "but"), None)
        if conj is None or cc is None:
            return []
        first = next((c for c in prep.children if c.dep_ == "pobj"), None)
        second = next((c for c in conj.children if c.dep_ == "pobj"), None)
        if first is None or second is None:
            return []
        return ["not", prep.lower_, *self._name_token(first), "but", conj.lower_,
                *self._name_token(second)]

    def _reporter_owns(self, verb: Token, actor: Participant | None) -> list[str]:
        """The organisation that reports a clause whose subject is a bare noun ("Armco said
        third-quarter net income dropped": Armco's income): the label names it first."""
        if actor is None or verb.dep_ != "ccomp" or (actor.entity and self.entities.get(
                actor.entity, None) is not None and self.entities[actor.entity].type != "NP"):
            return []
        report = self.events_at.get(verb.head.idx)
        head = self.head_of(actor)
        if report is None or not report.is_reporting or head is None or head.pos_ != "NOUN" \
                or any(c.dep_ in ("det", "poss") for c in head.children):
            return []
        reporter = next((p for p in report.participants if p.role == "agent"), None)
        entity = self.entities.get(reporter.entity or "") if reporter is not None else None
        if entity is None or entity.type != "ORG":
            return []
        return self.short[entity.id].split()

    def verb_label(self, ev: Event, verb: Token) -> tuple[str, LabelParts]:
        actor, by_agent = self._actor(ev)
        words: list[str] = self.actor_names(ev, actor) if actor is not None else []
        entity = actor.entity if actor is not None else None
        clause = self._reported_clause(ev, verb)
        if clause is not None:
            reported = self.report_label(ev, verb, clause, words, entity)
            if reported is not None:
                return reported
        chunks, lemmas, obj = self.predicate(ev, verb, actor, by_agent)
        owner = self._reporter_owns(verb, actor)
        if owner:
            words = [*owner[:-1], owner[-1] + ":", *words]
        parts = LabelParts(" ".join(words) or None, entity,
                           (verb.lemma_.lower(), *lemmas), obj,
                           any(c.dep_ == "neg" for c in verb.children))
        return _finish(words, chunks), parts

    def noun_label(self, ev: Event, noun: Token) -> tuple[str, LabelParts]:
        agent = next((p for p in ev.participants if p.role == "agent"), None)
        head = noun.head
        lemma = noun.lemma_.lower()
        if agent is not None and noun.dep_ == "dobj" and head.pos_ == "VERB" and \
                agent.end <= head.idx:
            # a light verb: "Terrorists launched attack on Aleppo"
            words = self.name(agent)
            chunks = [*_chunk(_CORE, self.verb_group(head, head.text) + _compact(noun)),
                      *_chunk(_PREP, self.target(noun))]
            return _finish(words, chunks), LabelParts(
                " ".join(words), agent.entity, (head.lemma_.lower(), lemma),
                " ".join(self.target(noun)[1:]) or None)
        owner_p = next((p for p in ev.participants if p.role in ("agent", "patient")
                        and any(c.dep_ == "poss" and p.start <= c.idx < p.end
                                for c in noun.children)), None)
        if agent is None or (owner_p is not None and owner_p.role == "patient"):
            agent = owner_p or agent  # "its launch": the owner names what was launched
        words = _compact(noun, possessive=agent is None)
        target = self.target(noun)
        inside = agent is not None and any(agent.start <= t.idx < agent.end
                                           for t in noun.lefts if t.dep_ != "poss")
        who = self.name(agent) if agent is not None else []
        parts = LabelParts(" ".join(who) or None, agent.entity if agent else None, (lemma,),
                           " ".join(target[1:]) or None)
        if agent is not None and agent.end <= noun.idx and not inside:
            mark = "'" if who and who[-1].endswith("s") else "'s"
            words = [*who[:-1], who[-1] + mark, *words] if who else words
            return _finish(words, _chunk(_PREP, target)), parts
        if inside:
            return _finish(words, _chunk(_PREP, target)), parts
        chunks = _chunk(_PREP, target)
        if agent is not None:
            chunks += _chunk(_AGENT, ["by", *who])
        return _finish(words, chunks), parts


def _question(clause: Token) -> bool:
    """A question or a quotation as a clause ("asked 'what sense does it make'"): a wh-word
    or a quotation mark of its own before its verb (not one of a relative clause in its
    subject)."""
    return any((t.tag_ in ("WP", "WDT", "WRB", "``", "''") or t.is_quote)
               and (t.head.i == clause.i or (t.head.head.i == clause.i
                                             and t.head.dep_ not in ("relcl", "acl")))
               for t in clause.subtree if t.i < clause.i)


def _finish(words: Sequence[str], chunks: Sequence[_Chunk] = ()) -> str:
    """Join, fit in :data:`MAX_WORDS` (modifiers first, then the chunks of lowest priority,
    the last first; the core is never cut), capitalise."""
    head = list(words)
    parts = [list(c.words) for c in chunks]
    prio = [c.priority for c in chunks]

    def size() -> int:
        return len(head) + sum(len(p) for p in parts)

    # 1. modifiers of the tail, the last chunk first; then of the actor
    for part in reversed(parts):
        while size() > MAX_WORDS and any(isinstance(w, _Mod) for w in part):
            part.remove(next(w for w in part if isinstance(w, _Mod)))
    while size() > MAX_WORDS and any(isinstance(w, _Mod) for w in head):
        head.remove(next(w for w in head if isinstance(w, _Mod)))
    # 2. whole chunks, the lowest priority first, the last of them first
    for level in (_PREP, _AGENT, _OBJECT):
        for k in range(len(parts) - 1, -1, -1):
            if size() <= MAX_WORDS:
                break
            if prio[k] == level and k > 0:
                parts[k] = []
    # 3. a long object keeps its head word (the last)
    for k in range(len(parts) - 1, -1, -1):
        if size() > MAX_WORDS and prio[k] != _CORE and len(parts[k]) > 1:
            parts[k] = [parts[k][0], parts[k][-1]] if parts[k][0] in (
                "to", "by", "of", "on", "in", "for", "from") else parts[k][-1:]
    out = [*head, *(w for p in parts for w in p)]
    if len(out) > MAX_WORDS + 2:
        out = out[:MAX_WORDS + 2]
    text = " ".join(str(w) for w in out if w.strip())
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]):
        return text  # "iPhone", "eBay": as written
    return text[:1].upper() + text[1:]


def label_events(
    doc: Doc, events: Sequence[Event], entities: Sequence[Entity]
) -> tuple[Event, ...]:
    """The events with their headline labels and the labels' structured parts."""
    labeller = _Labeller(doc, entities, events)
    out = []
    for ev in events:
        text, parts = labeller.label(ev)
        out.append(evolve(ev, headline=text or None, label_parts=parts))
    return tuple(out)


def entity_names(entities: Sequence[Entity]) -> Mapping[str, str]:
    """Each entity's short name, by id."""
    return short_names(entities)
