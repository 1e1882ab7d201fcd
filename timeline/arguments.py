"""Who did what to whom: the arguments of an event read off the dependency parse.

For a verbal event: the agent (PropBank Arg0), the patient or theme (Arg1), the recipient or
beneficiary (Arg2) and the location; for a nominal event ("the attack on Aleppo", "the
club's purchase of the stadium"): its possessor, of-, by- and on-phrases, and the subject of
the light verb that carries it ("terrorists launched an attack").

The rules are general and their word lists are data (``lang/en/arguments.toml``):

* active and passive voice, the by-agent ("was awarded ... by the city council");
* verbs whose intransitive subject is the theme ("prices fell", "the ceasefire came into
  effect");
* subjects shared through relative clauses ("Araghchi, who visited Assad"), coordinated
  verbs ("withdrew and called for"), control ("agreed to resume"), participial modifiers
  ("terrorists led by HTS": the terrorists are led) and participial adjuncts;
* coordinated arguments ("Turkey and Iran agreed"): each conjunct is a participant.

A participant is the whole noun phrase, trimmed of relative clauses, appositions and
coordination: "the International Monetary Fund's executive board".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from timeline.lang import en
from timeline.model import Participant

NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT",
                          "WORK_OF_ART", "LAW"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


@cache
def _rules() -> dict[str, frozenset[str]]:
    data = en.load("arguments.toml")
    out: dict[str, frozenset[str]] = {}
    for section in ("verbs", "nouns", "deps", "labels"):
        for key, words in data[section].items():
            out[key] = frozenset(words)
    return out


def _is_passive(verb: Token) -> bool:
    """A passive verb, or a headline's bare participle with a by-agent ("Apple swamped by
    orders")."""
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
        and not any(c.dep_ == "aux" for c in verb.children))


def _conjuncts(head: Token) -> Iterator[Token]:
    """The head and the nouns coordinated with it ("Turkey and Iran")."""
    yield head
    if not head.ent_type_:
        return  # "video and sound": one participant, as a reader names it
    for child in head.children:
        if child.dep_ == "conj" and child.ent_type_ and child.pos_ == "PROPN":
            yield from _conjuncts(child)


def _relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("Araghchi, who visited": Araghchi)."""
    if token.lower_ not in _rules()["relative_pronouns"]:
        return None
    clause = token.head
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl":
        return clause.head
    return None


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """The subject heads of a verb, its own or shared (coordination, control, relative and
    participial clauses), and whether they are its logical object (a passive subject, the
    noun a past participle modifies)."""
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if own:
        passive = any(c.dep_ in ("nsubjpass", "csubjpass") for c in own) or _is_passive(verb)
        return own, passive
    if depth > 6 or verb.head.i == verb.i:
        return [], False
    head = verb.head
    rules = _rules()
    if verb.dep_ in ("dep", "xcomp", "ccomp") and head.lemma_ in ("have", "be", "do") and \
            verb.tag_ in ("VB", "VBN") and not any(c.dep_ in ("aux", "auxpass", "mark")
                                                   for c in verb.children):
        # "No sooner had the ceasefire ... come into effect": the parse hangs the subject
        # on the auxiliary
        subj = [c for c in head.children if c.dep_ in _SUBJECTS] or [
            c for c in head.children if c.dep_ == "dobj" and c.i < verb.i]  # inverted
        if subj:
            return subj, _is_passive(verb)
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        subj, passive = _subjects(head, depth + 1)
        return subj, passive and (verb.tag_ == "VBN" or _is_passive(verb))
    if verb.dep_ == "xcomp" and any(t.is_quote for t in verb.doc[min(head.i, verb.i) + 1:
                                                                max(head.i, verb.i)]):
        return [], False  # 'saying, "Stop me if ...': a quoted command, not control
    if verb.dep_ == "xcomp" and head.lemma_.lower() in rules["subject_theme"]:
        return [], False  # "the program costs $99 to join": the program joins nothing
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX", "ADJ"):
        objs = _unstacked_objects(head, [c for c in head.children
                                         if c.dep_ in ("dobj", "dative")])
        if objs and head.lemma_.lower() in rules["object_control"]:
            return objs, _is_passive(verb)
        # "agreed to resume": the controller's subject, in the complement's own voice
        subj, _ = _subjects(head, depth + 1)
        return subj, _is_passive(verb)
    if verb.dep_ == "relcl":
        if head.ent_type_ in rules["possessor_not_agent"]:
            return [], False  # "costs 50 dollars to take": an amount does nothing
        if any(c.dep_ in ("dobj", "pobj") and c.lower_ in rules["relative_pronouns"]
               for c in verb.children):
            return [], False
        return [head], _is_passive(verb)
    if verb.dep_ == "acl" and head.pos_ == "NOUN" and verb.tag_ != "VBN" and (
            head.lemma_.lower() in rules["clausal_nouns"] or _listed_happening(head)):
        # "had difficulty finishing", "are in negotiations to arrange the deal": who
        # finishes is who has the difficulty, not the difficulty
        return _noun_controllers(head, depth), False
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "terrorists led by HTS" (tagged VBN, or VBD with its by-agent): a passive
        return [head], verb.tag_ == "VBN" or any(c.dep_ == "agent" for c in verb.children)
    if (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN") and head.pos_ in ("VERB", "AUX")
            and (verb.tag_ == "VBG" or not any(c.dep_ == "mark" for c in verb.children))):
        # "..., occupying territories"; "while introducing the phone, Jobs started": a
        # gerund clause, with or without its subordinator, shares the main clause's subject
        subj, _ = _subjects(head, depth + 1)
        return subj, verb.tag_ == "VBN"
    if (verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.dep_ == "prep"
            and head.head.pos_ in ("VERB", "AUX")):
        # "before introducing the phone": who introduces is who the clause's verb has;
        # "barred Apple from using the name": who uses is the verb's object
        objs = [c for c in head.head.children if c.dep_ == "dobj"]
        if objs and head.lower_ in rules["object_controlled_preps"]:
            return objs, False
        subj, _ = _subjects(head.head, depth + 1)
        return subj, False
    return [], False


def _listed_happening(tok: Token) -> bool:
    """A noun listed as naming an event ("negotiations", "attack"), by its form or lemma."""
    nouns, _ = _event_nouns()
    return tok.lower_ in nouns or tok.lemma_.lower() in nouns


def _noun_controllers(noun: Token, depth: int) -> list[Token]:
    """Who acts in a clause hanging off an abstract or event noun: the noun's own agent
    ("Apple's plan to sell"), else the subject of the verb that has the noun as its object
    ("some had difficulty finishing") or in its prepositional phrase ("executives are in
    negotiations to arrange")."""
    agents = [t for role, t in noun_roles(noun) if role == "agent"]
    if agents:
        return agents
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        noun, head = head, head.head
    if noun.dep_ in ("dobj", "prep", "attr") and head.pos_ in ("VERB", "AUX") and depth <= 6:
        subj, passive = _subjects(head, depth + 1)
        return [] if passive else subj
    return []


def _expletive(verb: Token, subj: Token) -> bool:
    """"It" that only holds the place of a clause: "it is expected that films will ...",
    "it seems that ..."."""
    return subj.lower_ == "it" and subj.dep_ != "expl" and any(
        c.dep_ in ("ccomp", "csubj") and c.i > verb.i
        and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)
        for c in verb.children) and (_is_passive(verb) or verb.lemma_.lower() in _rules()[
            "raising"] or verb.lemma_ == "be")


def _unstacked(subjects: list[Token]) -> list[Token]:
    """Subjects the parse stacked on one verb without a conjunction between them ("The
    former Chief Operating Officer, Tim Cook will succeed"; "Apple Inc. co-founder Steve
    Jobs dies") are one participant in apposition: the one nearest the verb stands for it."""
    if len(subjects) < 2:
        return subjects
    doc = subjects[0].doc
    ordered = sorted(subjects, key=lambda t: t.i)
    out = [ordered[0]]
    for tok in ordered[1:]:
        prev = out[-1]
        between = doc[prev.i + 1:tok.left_edge.i]
        if (tok.dep_ == prev.dep_ and tok.i < tok.head.i
                and not any(t.dep_ in ("cc", "conj") or t.lower_ in ("and", "or")
                            for t in between)):
            out[-1] = tok
        else:
            out.append(tok)
    return out


def _unstacked_objects(verb: Token, objects: list[Token]) -> list[Token]:
    """The objects without a second direct object that no "and" joins to the first: the
    parse's apposition ("forced Apple Inc. to lower its prices ..., Apple's online media
    shop")."""
    return [o for k, o in enumerate(objects) if o.dep_ != "dobj" or not any(
        p.dep_ == "dobj" and not any(c.dep_ == "cc" and p.i < c.i < o.i for c in verb.children)
        for p in objects[:k])]


def _bare_number(tok: Token) -> bool:
    """A number standing alone, no amount ("dies aged 56": the parse's object 56)."""
    return tok.pos_ == "NUM" and not any(tok.children) and tok.ent_type_ not in (
        "MONEY", "PERCENT", "QUANTITY")


def _animate(tok: Token) -> bool:
    return tok.ent_type_ in ("PERSON", "NORP") or tok.lower_ in _rules()[
        "animate_pronouns"]


def _subject_role(verb: Token, subj: Token, passive: bool, objects: list[Token],
                  by_agents: list[Token]) -> str:
    rules = _rules()
    lemma = verb.lemma_.lower()
    if passive or lemma in rules["subject_theme"]:
        return "patient"
    if lemma in rules["subject_whole"]:
        return "other"
    if lemma in rules["raising"] and any(c.dep_ == "xcomp" for c in verb.children):
        return "patient"  # "the device appears to be running": it does not appear as an act
    if lemma in rules["unaccusative"] and not objects and not by_agents:
        if lemma in rules["animate_agentive"] and _animate(subj):
            return "agent"
        if lemma in rules["organisation_agentive"] and subj.ent_type_ == "ORG":
            return "agent"
        if any(c.dep_ == "xcomp" for c in verb.children):
            return "agent"  # "began selling", "will continue to support": control
        return "patient"
    return "agent"


def verb_roles(verb: Token) -> list[tuple[str, Token]]:
    """(role, head token) of each argument of a verb."""
    rules = _rules()
    lemma = verb.lemma_.lower()
    out: list[tuple[str, Token]] = []
    objects = [c for c in verb.children
               if c.dep_ in rules["patient_deps"] and c.dep_ != "nsubjpass"
               and not _bare_number(c)]
    objects = _unstacked_objects(verb, objects)
    by_agents = [p for c in verb.children if c.dep_ in rules["by_agent_deps"]
                 for p in c.children if p.dep_ == "pobj"]
    subjects, passive = _subjects(verb)
    if lemma == "be" and any(c.dep_ == "expl" for c in verb.children):
        # "there were 3,800 attendees": what exists is the theme
        subjects = [c for c in verb.children if c.dep_ in ("attr", "nsubj") and c.dep_ != "expl"]
        passive = True
    subjects = _unstacked(subjects)
    for subj in subjects:
        if _expletive(verb, subj):
            continue
        out.append((_subject_role(verb, subj, passive, objects, by_agents), subj))
    theme_subject = lemma in rules["subject_theme"]
    for obj in objects:
        if _support_noun(verb, obj):
            continue  # "launched an attack": the attack is the event, not a participant
        if theme_subject or _listed_event_noun(obj):
            # "held a press conference", "announced a special event": an event is what
            # happens, not who or what takes part (a participant of its own kind)
            out.append(("other", obj))
        else:
            out.append(("patient", obj))
    if not objects and lemma in rules["object_control"]:
        # "allow developers to create": the developers are allowed
        for comp in verb.children:
            if comp.dep_ in ("ccomp", "xcomp") and not any(
                    m.dep_ == "mark" for m in comp.children):  # not "expected that ..."
                out.extend(("patient", c) for c in comp.children if c.dep_ == "nsubj")
    for a in by_agents:
        out.append(("agent", a))
    # relative pronouns as objects: "the phone that Apple launched"
    if verb.dep_ == "relcl" and any(c.dep_ in ("dobj",) and c.lower_ in rules[
            "relative_pronouns"] for c in verb.children):
        out.append(("patient", verb.head))
    if lemma in rules["recipient"]:
        # "pledged support to Syria": the parse may hang the "to" phrase on the object
        for obj in objects:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    out.extend(("recipient", p) for p in prep.children if p.dep_ == "pobj")
    for child in verb.children:
        if child.dep_ in rules["recipient_deps"]:
            pobj = [p for p in child.children if p.dep_ == "pobj"]
            out.extend(("recipient", p) for p in (pobj or [child]))
        elif child.dep_ == "prep":
            pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
            if pobj is None:
                continue
            prep = child.lower_
            if prep == "to" and lemma in rules["recipient"]:
                out.append(("recipient", pobj))
            elif prep in rules["reciprocal_preps"] and passive and not by_agents and all(
                    role != "agent" for role, _ in out):
                # "an agreement reached between the two companies": the parties act
                out.append(("agent", pobj))
            elif prep in rules["location_preps"] and pobj.ent_type_ in _PLACE_LABELS:
                out.append(("location", pobj))
    return out


def _support_noun(verb: Token, obj: Token) -> bool:
    """Whether ``obj`` is the event noun of the light verb ``verb`` ("launched an attack")."""
    if verb.lemma_.lower() not in _rules()["support"] or obj.pos_ != "NOUN":
        return False
    return is_event_noun(obj)


@cache
def _event_nouns() -> tuple[frozenset[str], tuple[str, ...]]:
    lex = en.load("events.toml")
    return frozenset(lex["nouns"]["events"]), tuple(lex["verbs"]["event_noun_suffixes"])


def _listed_event_noun(tok: Token) -> bool:
    """A noun that names an occasion ("conference", "event", "keynote"), not a thing."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _rules()["occasions"]


def is_event_noun(tok: Token) -> bool:
    """A noun that names an event: listed, or with an event suffix ("withdrawal")."""
    nouns, suffixes = _event_nouns()
    lemma = tok.lemma_.lower()
    return tok.lower_ in nouns or lemma in nouns or (len(lemma) > 5 and lemma.endswith(suffixes))


def _support_verb(noun: Token) -> Token | None:
    """The light verb of an event noun ("launched an attack"), if the noun is its object."""
    head = noun.head
    rules = _rules()
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and (
            head.lemma_.lower() in rules["support"]
            or head.lemma_.lower() in rules["aspectual_support"]):
        return head
    return None


def noun_roles(noun: Token) -> list[tuple[str, Token]]:
    """(role, head token) of each argument of an event noun."""
    rules = _rules()
    out: list[tuple[str, Token]] = []
    # "the club's purchase of the stadium", "its dispute with Apple Corps", "its lawsuit
    # against Apple": with the patient or the other party named, the possessor acts
    has_of = any(c.dep_ == "prep" and c.lower_ in rules["possessor_agent_preps"]
                 for c in noun.children)
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_ not in rules["possessor_not_agent"]:
            person = (child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                      or child.lower_ in rules["person_possessives"])
            out.append(("agent" if person or has_of else "patient", child))
        elif ((child.dep_ == "compound" and child.ent_type_ in ("ORG", "GPE", "PERSON", "NORP"))
              or (child.dep_ == "amod" and child.ent_type_ in ("NORP", "GPE"))):
            out.append(("agent", child))
        elif child.dep_ == "prep":
            pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
            if pobj is None:
                continue
            prep = child.lower_
            if prep in rules["reciprocal_preps"]:
                out.append(("agent", pobj))  # "the dispute between the two companies"
            elif prep in rules["agent_preps"] and (prep == "by" or pobj.ent_type_ in NAMED_LABELS):
                out.append(("agent", pobj))
            elif prep in rules["patient_preps"]:
                out.append(("patient", pobj))
            elif prep in rules["location_preps"] and pobj.ent_type_ in _PLACE_LABELS:
                out.append(("location", pobj))
    verb = _support_verb(noun)
    if verb is not None and not any(role == "agent" for role, _ in out):
        out.extend(("agent", tok) for role, tok in verb_roles(verb) if role == "agent")
    prep = noun.head
    if (noun.dep_ == "pobj" and prep.lower_ in rules["state_preps"] and prep.head.lemma_ == "be"
            and not any(role == "agent" for role, _ in out)):
        # "Apple executives are in negotiations", "the two countries are at war"
        out.extend(("agent", c) for c in prep.head.children if c.dep_ == "nsubj")
    return out


def hyphen_run(tok: Token) -> list[Token]:
    """The pieces of a hyphenated word the parse left as siblings ("pre-orders": "pre", "-",
    "orders", each hanging off the verb with the same label), in text order; else the
    token alone."""
    doc = tok.doc

    def glued(a: Token, b: Token) -> bool:
        return (not a.whitespace_ and b.head.i == tok.head.i and b.dep_ == tok.dep_
                and b.i != b.head.i)

    start = end = tok.i
    while (start >= 2 and doc[start - 1].text == "-" and glued(doc[start - 1], doc[start])
           and glued(doc[start - 2], doc[start - 1])):
        start -= 2
    while (end + 2 < len(doc) and doc[end + 1].text == "-" and glued(doc[end], doc[end + 1])
           and glued(doc[end + 1], doc[end + 2])):
        end += 2
    return [doc[i] for i in range(start, end + 1)]


def _kept(head: Token) -> list[Token]:
    """The tokens of the head's noun phrase: its subtree without relative clauses,
    appositions, coordination, clauses and punctuation hanging off it."""
    trim = _rules()["trim"]
    run = hyphen_run(head)
    kept: list[Token] = list(run)
    stack = [c for piece in run for c in piece.children]
    while stack:
        tok = stack.pop()
        inner = tok.head.i not in {t.i for t in run}
        if tok.dep_ in ("conj", "cc") and (inner or not head.ent_type_):
            pass  # "the presidents of Russia and Iran", "video and sound": one phrase
        elif tok.dep_ == "punct" and inner and tok.i not in (tok.head.left_edge.i,
                                                              tok.head.right_edge.i):
            pass
        elif tok.dep_ in trim:
            continue
        if tok.dep_ == "acl" or (tok.dep_ == "case" and tok.head.i == head.i):
            continue
        kept.append(tok)
        stack.extend(tok.children)
    return kept


def entity_span(tok: Token) -> Span | None:
    """The named entity a token belongs to, found from its IOB tags (``doc.ents`` builds
    every entity span again on each access)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the head's noun phrase (contiguous around the head)."""
    idx = {t.i for t in _kept(head)}
    start = end = head.i
    while start - 1 in idx:
        start -= 1
    while end + 1 in idx:
        end += 1
    doc = head.doc
    while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_):
        start = doc[start - 2].left_edge.i  # "Apple Inc. co-founder Steve Jobs"
    while start < head.i and (doc[start].is_punct or doc[start].is_space
                              or doc[start].dep_ == "cc"):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    # a name split by the parse: keep the whole named entity
    if head.ent_type_:
        ent = entity_span(head)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end - 1)
    return start, end + 1


_HEADS_KEY = "timeline.participant_heads"


def participant_head(doc: Doc, start: int, end: int) -> Token | None:
    """The head token of the participant at these character offsets: the one it was made
    from (recorded by :func:`participant`), else the root of the span."""
    heads = doc.user_data.get(_HEADS_KEY)
    if isinstance(heads, dict) and (start, end) in heads:
        return doc[heads[(start, end)]]
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def participant(head: Token, role: str) -> Participant:
    """The participant a head token stands for, with its noun phrase and entity label."""
    start, end = phrase_bounds(head)
    span = head.doc[start:end]
    head.doc.user_data.setdefault(_HEADS_KEY, {})[(span.start_char, span.end_char)] = head.i
    label = head.ent_type_ if head.ent_type_ in NAMED_LABELS else "NP"
    return Participant(span.text, span.start_char, span.end_char, label, role)


def _resolve(tok: Token) -> Token:
    ante = _relative_antecedent(tok)
    return ante if ante is not None else tok


def find_arguments(token: Token) -> tuple[Participant, ...]:
    """The participants of the event whose head word is ``token``, in role order."""
    roles = verb_roles(token) if token.pos_ in ("VERB", "AUX") else noun_roles(token)
    found: list[Participant] = []
    seen: set[tuple[str, int]] = set()
    for role, head in roles:
        head = hyphen_run(head)[-1]  # "pre-orders": one word, headed by its last piece
        for tok in _conjuncts(_resolve(head)):
            if tok.i == token.i or tok.pos_ in ("VERB", "AUX", "ADP"):
                continue
            if tok.is_punct or tok.ent_type_ == "DATE" or (
                    tok.like_num and tok.ent_type_ == "TIME"):
                continue  # a date is when, not who or what ("the release on June 24")
            key = (role, tok.i)
            if key in seen:
                continue
            seen.add(key)
            found.append(participant(tok, role))
    order = {"agent": 0, "patient": 1, "recipient": 2, "location": 3}
    found.sort(key=lambda p: (order.get(p.role, 4), p.start))
    return tuple(_dedupe(found))


def _dedupe(found: Iterable[Participant]) -> Iterator[Participant]:
    spans: set[tuple[int, int]] = set()
    for p in found:
        if (p.start, p.end) in spans:
            continue
        spans.add((p.start, p.end))
        yield p
