"""Event extraction: verbal predicates and event nouns with participants, tense and modality.

Dating the events is :mod:`timeline.anchoring`'s job; this module only says what happened,
who took part and how the text reports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from timeline.lang import en
from timeline.model import Participant
from timeline.model import Span as TextSpan
from timeline.tense import verb_tense

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
    return TextSpan(doc.text[start:end], start, end)


def _in_clause(token: Token, head: Token) -> bool:
    """True when ``token`` belongs to ``head``'s own clause (no other verb in between)."""
    current = token
    for _ in range(12):
        if current.i == head.i:
            return True
        if current.i != token.i and current.pos_ == "VERB":
            return False
        if current.head.i == current.i:
            return False
        current = current.head
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


def _participants(token: Token, sent: Span) -> tuple[Participant, ...]:
    found: list[Participant] = []
    seen: set[tuple[int, int]] = set()
    for ent in sent.ents:
        if ent.label_ not in _PARTICIPANT_LABELS:
            continue
        if not _in_clause(ent.root, token):
            continue
        key = (ent.start_char, ent.end_char)
        if key not in seen:
            seen.add(key)
            found.append(
                Participant(ent.text, ent.start_char, ent.end_char, ent.label_, _role(ent, token))
            )
    if token.pos_ == "VERB" and not any(p.role == "agent" for p in found):
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.dep_ == "nsubj" and subj.pos_ in ("NOUN", "PROPN"):
            left = subj.left_edge
            start = left.i + (1 if left.dep_ == "det" else 0)
            chunk = token.doc[start : subj.i + 1]
            found.insert(
                0, Participant(chunk.text, chunk.start_char, chunk.end_char, "NP", "agent")
            )
    return tuple(found)


def _modality(token: Token, tense: str) -> str:
    lex = _lex()["modality"]
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    children = list(verb.children)
    if any(c.dep_ == "neg" or c.lower_ in lex["negations"] for c in children):
        return "negated"
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return "negated"
    if any(c.dep_ == "aux" and c.lower_ in lex["conditional_aux"] for c in children):
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
    if token.lemma_.lower() in ignore:
        return False
    if token.dep_ in ("amod",) or (token.tag_ == "VBG" and token.dep_ in ("compound", "amod")):
        return False
    return token.is_alpha


_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"}


def _is_nominal_event(token: Token, nouns: set[str], suffixes: tuple[str, ...]) -> bool:
    if token.pos_ != "NOUN":
        return False
    if token.lower_ in nouns or token.lemma_.lower() in nouns:
        return True
    lemma = token.lemma_.lower()
    return len(lemma) > 5 and lemma.endswith(suffixes) and token.dep_ in _NOMINAL_DEPS


def find_events(doc: Doc, time_spans: list[tuple[int, int]]) -> list[EventMention]:
    """Every event mention of a parsed document, in text order."""
    lex = _lex()
    ignore = set(lex["verbs"]["ignore"])
    nouns = set(lex["nouns"]["events"])
    suffixes = tuple(lex["verbs"]["event_noun_suffixes"])
    reporting = set(lex["reporting"]["verbs"])
    events: list[EventMention] = []
    for sent in doc.sents:
        sentence = TextSpan(sent.text, sent.start_char, sent.end_char)
        for token in sent:
            if any(s <= token.idx < e for s, e in time_spans):
                continue
            verbal = _is_verbal_event(token, ignore)
            if not verbal and not _is_nominal_event(token, nouns, suffixes):
                continue
            if verbal:
                tense = verb_tense(token)
            else:
                gov = token.head if token.head.pos_ in ("VERB", "AUX") else None
                tense = verb_tense(gov) if gov is not None else "past"
            lemma = token.lemma_.lower()
            events.append(
                EventMention(
                    token=token,
                    trigger=_trigger(token),
                    lemma=lemma,
                    pos=token.pos_,
                    event_class="reporting" if verbal and lemma in reporting else "occurrence",
                    sentence=sentence,
                    participants=_participants(token, sent),
                    tense=tense,
                    modality=_modality(token, tense),
                )
            )
    return events
