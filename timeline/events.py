"""Event extraction: verbal predicates and event nouns with participants, tense and modality.

Dating the events is :mod:`timeline.anchoring`'s job; this module only says what happened,
who took part and how the text reports it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.symbols import ADJ, ADV, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from timeline.arguments import find_arguments
from timeline.lang import en
from timeline.model import Participant
from timeline.model import Span as TextSpan
from timeline.nlp import doc_text
from timeline.tense import verb_tense
from timeline.tokens import token_table

_VERB, _NOUN, _BE = int(VERB), int(NOUN), get_string_id("be")
_ADJ, _ADV = int(ADJ), int(ADV)

_PARTICIPANT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_AGENT_DEPS = {"nsubj", "agent", "csubj"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "attr", "dative", "oprd"}


@dataclass(frozen=True)
class EventMention:
    """An event found in the parse, before it is dated. ``token`` is its head word."""

    token: Token
    trigger: TextSpan
    lemma: str
    pos: str
    event_class: str
    sentence: TextSpan
    participants: tuple[Participant, ...]
    tense: str
    modality: str


def _lex() -> dict[str, dict[str, list[str]]]:
    return en.load("events.toml")


def _trigger(token: Token) -> TextSpan:
    """The trigger text: the head word, extended over a verb particle or idiom."""
    doc = token.doc
    end_tok = token
    idioms = _lex()["idioms"].get(token.lemma_.lower(), [])
    for phrase in sorted(idioms, key=len, reverse=True):
        words = phrase.split()
        nxt = doc[token.i + 1 : token.i + 1 + len(words)]
        if [t.lower_ for t in nxt] == words:
            end_tok = nxt[-1]
            break
    else:
        for child in token.rights:
            if child.dep_ == "prt" and child.i == token.i + 1:
                end_tok = child
    start, end = token.idx, end_tok.idx + len(end_tok.text)
    return TextSpan(doc_text(doc)[start:end], start, end)


def _in_clause(token: Token, head: Token) -> bool:
    """True when ``token`` belongs to ``head``'s own clause (no other verb in between)."""
    table = token_table(token.doc)
    heads, pos = table.head, table.pos
    current, target = token.i, head.i
    for _ in range(12):
        if current == target:
            return True
        if current != token.i and pos[current] == _VERB:
            return False
        if heads[current] == current:
            return False
        current = heads[current]
    return False


def _role(ent: Span, head: Token) -> str:
    root = ent.root
    path: list[Token] = []
    current = root
    while current.i != head.i and current.head.i != current.i and len(path) < 12:
        path.append(current)
        current = current.head
    top = path[-1] if path else root
    if top.dep_ in _AGENT_DEPS:
        return "agent"
    if top.dep_ in _PATIENT_DEPS:
        return "patient"
    if head.pos_ == "NOUN":
        if top.dep_ in ("poss", "compound", "amod") and ent.label_ in ("NORP", "GPE", "ORG",
                                                                        "PERSON"):
            return "agent"
        if top.dep_ == "prep" and top.lower_ in ("on", "against") and len(path) >= 2:
            return "patient"
    if top.dep_ == "prep" and ent.label_ in _PLACE_LABELS:
        return "location"
    if top.dep_ == "prep" and top.lower_ in ("by",):
        return "agent"
    if ent.label_ in _PLACE_LABELS and top.dep_ in ("npadvmod", "advmod"):
        return "location"
    return "other"


def _participants(
    token: Token, sent: Span, ents: list[Span] | None = None
) -> tuple[Participant, ...]:
    """The event's arguments (:mod:`timeline.arguments`), then the other named entities of
    its clause: places as ``location``, the rest as ``other``."""
    found = list(find_arguments(token))
    taken = [(p.start, p.end) for p in found]
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in _PARTICIPANT_LABELS:
            continue
        if not _in_clause(ent.root, token):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        taken.append((ent.start_char, ent.end_char))
        role = "location" if _role(ent, token) == "location" else "other"
        found.append(Participant(ent.text, ent.start_char, ent.end_char, ent.label_, role))
    return tuple(found)


def _outside(trigger: TextSpan, participants: tuple[Participant, ...]
             ) -> tuple[Participant, ...]:
    """The participants that are not part of the trigger itself (the "place" of "took
    place" is the predicate, not its patient)."""
    return tuple(p for p in participants
                 if not (trigger.start <= p.start and p.end <= trigger.end))


def _modality(token: Token, tense: str) -> str:
    lex = _lex()["modality"]
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    children = list(verb.children)
    if any(c.dep_ == "neg" or c.lower_ in lex["negations"] for c in children):
        return "negated"
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return "negated"
    if any(c.dep_ == "aux" and c.lower_ in lex["conditional_aux"] for c in children):
        reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in set(
            _lex()["reporting"]["verbs"])
        if reported and any(c.dep_ == "aux" and c.lower_ == "would" for c in children) and \
                not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
            return "planned"  # "said its troops would join": a reported future, not a wish
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in lex["hypothetical_marks"] for c in children):
        return "hypothetical"
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.i != verb.i:
        if head.lemma_.lower() in lex["non_factive_heads"]:
            return "planned" if tense == "future" else "hypothetical"
        if any(c.dep_ == "neg" for c in head.children):
            return "negated"
    if tense == "future":
        return "planned"
    if tense == "present":
        return "ongoing"
    return "happened"


def _is_existential(token: Token) -> bool:
    """"there had been relative peace": existence is an event (a state) too."""
    return token.lemma_ == "be" and any(c.dep_ == "expl" for c in token.children)


def _is_verbal_event(token: Token, ignore: set[str]) -> bool:
    if _is_existential(token):
        return True
    if token.pos_ != "VERB":
        return False
    if token.lemma_ in _AUXILIARY_LIKE and any(
        c.pos_ == "VERB" and c.dep_ in ("dep", "xcomp", "ccomp") and c.tag_ in ("VB", "VBN")
        for c in token.children
    ):
        return False  # "No sooner had the ceasefire ... come into effect": an auxiliary
    if token.lemma_.lower() in ignore:
        return False
    if token.dep_ in ("amod",) or (token.tag_ == "VBG" and token.dep_ in ("compound", "amod")):
        return False
    return token.is_alpha


_AUXILIARY_LIKE = {"have", "be", "do"}
_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"}


def _is_nominal_event(token: Token, nouns: set[str], suffixes: tuple[str, ...]) -> bool:
    if token.pos_ != "NOUN":
        return False
    if token.lower_ in nouns or token.lemma_.lower() in nouns:
        return True
    lemma = token.lemma_.lower()
    return len(lemma) > 5 and lemma.endswith(suffixes) and token.dep_ in _NOMINAL_DEPS


def _is_timed_predication(token: Token, time_tokens: list[Token]) -> bool:
    """"The index was 1.9% lower at 14:30 GMT": an adjective predicated with a copula whose
    clause has a time expression of its own is an event (a state, TimeML's and MEANTIME's
    reading)."""
    if token.head.lemma_ != "be":
        return False
    adjective = token.pos_ == "ADJ" and token.dep_ == "acomp"
    # "shares were up 2 pence yesterday", "the stock was down 25 cents"
    movement = token.pos_ == "ADV" and token.dep_ in ("advmod", "prt", "acomp") and \
        token.lower_ in _lex()["predication"]["movement"]
    if not (adjective or movement):
        return False
    copula = token.head
    return any(_in_clause(t, copula) or _in_clause(t, token) for t in time_tokens)


def find_events(doc: Doc, time_spans: list[tuple[int, int]]) -> list[EventMention]:
    """Every event mention of a parsed document, in text order."""
    lex = _lex()
    ignore = set(lex["verbs"]["ignore"])
    nouns = set(lex["nouns"]["events"])
    suffixes = tuple(lex["verbs"]["event_noun_suffixes"])
    reporting = set(lex["reporting"]["verbs"])
    events: list[EventMention] = []
    # per document, not per token or sentence: both are quadratic on long documents
    in_time = {i for s, e in time_spans for i in range(s, e)}
    doc_ents = list(doc.ents)
    ent_starts = [ent.start for ent in doc_ents]
    table = token_table(doc)
    pos, lemmas, idx = table.pos, table.lemma, table.idx
    for sent in doc.sents:
        sentence = TextSpan(sent.text, sent.start_char, sent.end_char)
        sent_ents = [ent for ent in doc_ents[bisect_left(ent_starts, sent.start):
                                             bisect_left(ent_starts, sent.end)]
                     if ent.end <= sent.end]  # == sent.ents
        time_tokens = [doc[i] for i in range(sent.start, sent.end) if idx[i] in in_time]
        for i in range(sent.start, sent.end):
            # only a verb, a noun or "be" can be an event (_is_verbal_event,
            # _is_nominal_event), or an adjective or adverb predicated in a timed clause
            # (_is_timed_predication): the others are passed over without making their Token
            if idx[i] in in_time or (
                    pos[i] != _VERB and pos[i] != _NOUN and lemmas[i] != _BE
                    and not (time_tokens and pos[i] in (_ADJ, _ADV))):
                continue
            token = doc[i]
            verbal = _is_verbal_event(token, ignore)
            predication = not verbal and bool(time_tokens) and \
                _is_timed_predication(token, time_tokens)
            if not verbal and not predication and \
                    not _is_nominal_event(token, nouns, suffixes):
                continue
            if verbal:
                tense = verb_tense(token)
            elif predication:
                tense = verb_tense(token.head)
            else:
                gov = token.head if token.head.pos_ in ("VERB", "AUX") else None
                tense = verb_tense(gov) if gov is not None else "past"
            lemma = token.lemma_.lower()
            trigger = _trigger(token)
            events.append(
                EventMention(
                    token=token,
                    trigger=trigger,
                    lemma=lemma,
                    pos=token.pos_,
                    event_class="reporting" if verbal and lemma in reporting else "occurrence",
                    sentence=sentence,
                    participants=_outside(trigger, _participants(token, sent, sent_ents)),
                    tense=tense,
                    modality=_modality(token.head if predication else token, tense),
                )
            )
    return events
