"""Tense and modality of a clause from spaCy's tags and parse.

Used twice: to resolve relative time expressions ("Monday" in past-tense text is the most
recent Monday, in future-tense text the next one) and to say how an event is reported.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from timeline.lang import en

_VERBAL = {"VERB", "AUX"}


def _cues() -> dict[str, list[str]]:
    return en.load("events.toml")["modality"]


def governing_verb(token: Token, max_steps: int = 8) -> Token | None:
    """The nearest verb at or above ``token`` in the dependency tree."""
    current = token
    for _ in range(max_steps):
        if current.pos_ in _VERBAL:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def verb_tense(verb: Token) -> str:
    """``past``, ``present`` or ``future`` for a verb, from its auxiliaries and tag."""
    cues = _cues()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_lemmas = {a.lower_ for a in auxes} | {a.lemma_.lower() for a in auxes}
    if aux_lemmas & set(cues["future_aux"]):
        return "future"
    if any(a.lower_ == "going" for a in auxes) and any(c.lower_ == "to" for c in verb.children):
        return "future"
    # "plans to visit", "is expected to meet", "is due to arrive"
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i and head.lemma_.lower() in cues["future_heads"]:
        return "future"  # "plans to visit", "planned to leave", "is set to resume"
    if any(a.tag_ in ("VBD",) for a in auxes):
        return "past"
    if verb.tag_ in ("VBG", "VBN") and not auxes and verb.dep_ in ("advcl", "xcomp", "conj",
                                                                   "acl", "relcl"):
        # a non-finite participle ("..., demanding higher pay") takes its head's tense
        head = verb.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            return verb_tense(head)
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        # "has launched", "was killed": completed; a bare participle (reduced relative) too
        if any(a.lemma_ in ("have", "be") and a.tag_ in ("VBZ", "VBP") for a in auxes):
            return "past" if any(a.lemma_ == "have" for a in auxes) else "present"
        return "past"
    if verb.tag_ == "VBP" and any(c.dep_ == "nsubj" and c.tag_ == "NN"
                                  for c in verb.children):
        # "Weakness in big stocks hurt the index": a singular subject cannot take the
        # plural present, so "hurt" (cut, set, put ...) is the past tagged as present
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    if verb.tag_ == "VB" and verb.head.i != verb.i and verb.dep_ in ("xcomp", "ccomp", "advcl"):
        head_verb = governing_verb(verb.head)  # "is ready to help": the tense of "is"
        return verb_tense(head_verb) if head_verb is not None else "past"
    return "past"


def tense_of_span(span: Span) -> str:
    """Tense of the clause a span (a time expression) belongs to; news default ``past``.

    Words between the expression and its verb can point forward on their own: "as soon as
    Tuesday", "payable Jan. 2", "scheduled for Thursday"."""
    cues = _cues()
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.start - 3, 0) : span.start])
    if any(before.endswith(phrase) for phrase in cues["future_phrases"]):
        return "future"
    for token in reversed(doc[max(span.start - 5, 0) : span.start]):
        if token.is_punct or token.pos_ in _VERBAL:
            break
        if token.lower_ in cues["past_words"]:
            return "past"  # "since shortly after the Oct. 23 slaying"
    current = span.root
    for _ in range(4):
        if current.head.i == current.i or current.pos_ in _VERBAL:
            break
        current = current.head
        if current.lemma_.lower() in cues["future_words"]:
            return "future"
    verb = governing_verb(span.root)
    if verb is None:
        return "past"
    if verb.lemma_.lower() in cues["future_words"] and verb.tag_ in ("VBN", "JJ"):
        return "future"
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.i != verb.i:
        # "After touring the capital Thursday, he said ...": the main clause's tense
        head_verb = governing_verb(verb.head)
        if head_verb is not None and not any(c.dep_ == "aux" for c in verb.children):
            verb = head_verb
    tense = verb_tense(verb)
    if tense == "past" and _prospective(verb):
        return "future"
    return tense


def _prospective(verb: Token) -> bool:
    """A verb that looks forward from a past clause: "would be paid in January" (future in
    the past), "an agreement to acquire the bank in January" (an infinitive naming what a
    noun plans)."""
    children = list(verb.children)
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if "would" in auxes and "have" not in auxes:
        return True
    return verb.tag_ == "VB" and verb.dep_ == "acl" and "to" in auxes
