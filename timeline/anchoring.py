"""Event anchoring: give each event the time a careful reader would give it, and say how.

Rules, strongest first:

1. ``explicit``: a time expression the event governs in the dependency parse ("pledged ...
   on Monday", "the attack on Friday").
2. ``same-clause``: a time expression of the clause the event sits in (a nominal event
   that is the subject or object of a dated verb, unless a participle that modifies it has
   a time of its own: "violates an agreement reached in 1991", or it is the subject of
   "set to", "scheduled to" with a dated complement: "the trial is set to begin on
   Wednesday"; a clause that modifies a time
   expression: "last week, when the alliance began its onslaught").
3. ``inherited-from-sentence``: a clause linked to a dated clause of the same sentence:
   coordination, participles, and subordinators of simultaneity ("came as", "when",
   "no sooner ... than").
   As a last resort within the sentence, the nearest expression (at most 25 words away) whose
   time fits the event's tense.
4. ``inherited-from-context``: an anaphoric subject ("his comments came as ...") takes the
   time of the previous sentence's dated event; a past event in a sentence with no time
   expression takes the narrative's time (a dated event up to two sentences back, unless a
   sentence in between has a time of its own); a definite nominal event ("the ceremony")
   takes the time of the last dated mention of the same event word.
5. ``publication-date``: reporting verbs ("said", "told reporters"), present-tense states
   and present perfects default to the publication date.

Hypothetical and negated events are never dated; present-perfect events get no past date
unless a time expression says so; past perfects ("had collapsed") do not take the
narrative's time. :func:`statement_time` gives the time such an undated event's statement
is about (TimeML's sense, for evaluation only: the timeline keeps them undated).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Token

from timeline.events import EventMention
from timeline.lang import en
from timeline.model import Event, EventTime, Interval, TimeExpression
from timeline.nlp import doc_text
from timeline.tense import governing_verb, tense_of_span
from timeline.timex import calendar as cal

_CONFIDENCE = {
    "explicit": 0.9,
    "same-clause": 0.8,
    "inherited-from-sentence": 0.7,
    "inherited-from-context": 0.4,
    "publication-date": 0.5,
}
_INHERIT_DEPS = {"conj", "advcl", "xcomp", "acl"}
#: How many sentences back a past event without a time looks for the narrative's time.
NARRATIVE_LOOKBACK = 2
#: How far (in words) the last-resort nearest expression of a sentence may be.
NEAREST_MAX_WORDS = 25
_UNDATABLE = {"hypothetical", "negated"}


@dataclass(frozen=True)
class _Anchor:
    """A time expression as the parse sees it."""

    timex: TimeExpression
    tokens: frozenset[int]
    attach: Token | None  # first word above the expression outside it
    relation: str
    clause: Token | None  # the verb of the clause the expression belongs to
    #: how the time an event takes from this expression is made (EventTime.computed), and
    #: the ids of the expressions it is made of
    computed: str = "value"
    expressions: tuple[str, ...] = ()
    #: the preposition before the expression ("since", "until"), lower case
    preposition: str = ""
    #: "the lowest level since March 2003", "not seen since last spring": the expression is
    #: a point of comparison, it dates nothing
    comparison: bool = False
    #: "the 2008 crisis", "his 1999 book": it dates the noun it modifies, not the verb
    nominal: bool = False
    #: "fell to $5 million from $6 million a year earlier": the period the change is measured
    #: in, the comparison's period a year on (``None`` when the comparison is not a year back)
    year_on: TimeExpression | None = None


def _relation(root: Token) -> str:
    rel = en.load("events.toml")["relations"]
    prep = root.head if root.dep_ == "pobj" else None
    if prep is None or prep.dep_ != "prep":
        # "Terrorists ... launched an attack last week": no preposition
        return "within"
    word = prep.lower_
    for name in ("begins", "ends", "before", "after"):
        if word in rel[name]:
            return name
    return "within"


def _comparison(doc: Doc, span_start: int) -> bool:
    """Whether a "since" phrase starting the expression at token ``span_start`` compares
    (a superlative, an ordinal such as "first", a negation or "any" in the few words before
    "since": "the lowest level since March 2003", "the first time since", "not seen since
    last spring", "the sharpest drop since the 1987 crash")."""
    words = set(en.load("lexicon.toml")["comparison"]["words"])
    for token in doc[max(0, span_start - 9) : max(0, span_start - 1)]:
        if token.tag_ in ("JJS", "RBS") or token.lower_ in words:
            return True
    return False


def _amount_comparison(doc: Doc, span_start: int) -> bool:
    """"sales dropped 11% to $1.27 billion from $1.43 billion a year ago", "compared with a
    loss of $3 million last year": a time right after the amount a change is measured from
    is the time of that amount, not of the change."""
    lex = en.load("lexicon.toml")["comparison"]
    units = set(lex["amount_words"])
    k, numbers = span_start - 1, 0
    while k >= 0 and span_start - k <= 10:
        token = doc[k]
        if token.like_num or token.is_currency or token.lower_ in units:
            numbers += token.like_num
            k -= 1
            continue
        break
    return numbers > 0 and k >= 0 and doc[k].lower_ in lex["amount_preps"]


_YEAR_BACK = re.compile(r"(?:a|one) year (?:ago|earlier|before)|last year|year-(?:ago|earlier)",
                        re.IGNORECASE)
_VALUE_YEAR = re.compile(r"(\d{4})(-Q[1-4]|-\d\d(?:-\d\d)?|-H[12])?")


def _year_on(tx: TimeExpression) -> TimeExpression | None:
    """"from $1.43 billion a year ago" (``1988-Q3`` in a story on 1989's third quarter): the
    period the change happened in is that period a year on (``1989-Q3``)."""
    m = _VALUE_YEAR.fullmatch(tx.value)
    if tx.interval is None or m is None or not _YEAR_BACK.search(tx.text):
        return None
    try:
        interval = Interval(cal.shift(tx.interval.start, years=1),
                            cal.shift(tx.interval.end, years=1))
    except (ValueError, OverflowError):
        return None
    return replace(tx, value=f"{int(m[1]) + 1}{m[2] or ''}", interval=interval)


def _nominal(span_root: Token, tokens: frozenset[int]) -> bool:
    """An expression that modifies the noun after it ("the 2008 crisis", "his 1999 book",
    "a 15th-century castle"), unless that noun is the occasion the verb happened at ("in a
    Wednesday media event")."""
    head = span_root.head
    if head.dep_ == "pobj" and head.head.lower_ in en.load("lexicon.toml")["comparison"][
            "occasion_preps"]:
        return False  # "in a Wednesday media event", "at a 2008 meeting": the verb's occasion
    # a subject is the happening itself ("the Aug. 7 blasts killed 257 people")
    return span_root.dep_ in ("compound", "amod", "nummod", "nmod", "poss") and \
        head.pos_ in ("NOUN", "PROPN") and head.i not in tokens and head.i > span_root.i \
        and head.dep_ not in ("nsubj", "nsubjpass")


def _preverbal_subject_time(span_root: Token, span_end: int, attach: Token | None
                            ) -> Token | None:
    """"the governor on Tuesday signed the budget": an expression the parser hung on the
    subject but that stands between the subject and its verb modifies the verb."""
    if attach is None or attach.pos_ not in ("NOUN", "PROPN") or \
            attach.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = attach.head
    doc = span_root.doc
    if verb.pos_ in ("VERB", "AUX") and attach.i < span_root.i < verb.i and \
            not any(t.is_punct for t in doc[span_end : verb.i]):
        return verb  # (not a dateline: "GENEVA, June 2 -- Ministers will meet")
    return None


def _content_verb(token: Token) -> Token:
    """Skip an auxiliary-like verb the parser made the head ("No sooner had the ceasefire
    last Wednesday come into effect": the time belongs to "come")."""
    ignore = set(en.load("events.toml")["verbs"]["ignore"]) | {"have", "get"}
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in ignore:
        for child in token.children:
            if child.pos_ == "VERB" and child.dep_ in ("dep", "xcomp", "ccomp") and \
                    child.lemma_.lower() not in ignore:
                return child
    return token


_DURATION_FIELDS = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T.*)?")


def _after_duration(tx: TimeExpression, published: dt.date) -> TimeExpression | None:
    """"will be announced in two weeks": the publication date moved by the duration, as a
    time expression of its own (value the day, interval the days around it: half a week
    for weeks, a week for months, a month for years). ``None`` for a vague duration."""
    m = _DURATION_FIELDS.fullmatch(tx.value)
    if m is None or not any(m.groups()[:4]):
        return None
    years, months, weeks, days = (int(x or 0) for x in m.groups()[:4])
    slack = 30 if years else 7 if months else 3 if weeks else 0
    try:  # "in 11,000 years" leaves the calendar: no date, as for other relative times
        day = cal.shift(published, years=years, months=months, weeks=weeks, days=days)
        interval = Interval(day - dt.timedelta(days=slack), day + dt.timedelta(days=slack))
    except (ValueError, OverflowError):
        return None
    granularity = "year" if years else "month" if months else "week" if weeks else "day"
    return replace(tx, type="DATE", value=day.isoformat(), interval=interval,
                   granularity=granularity)


def _ranges(
    doc: Doc, timexes: tuple[TimeExpression, ...]
) -> dict[str, tuple[Interval, tuple[str, str]]]:
    return ranges(doc_text(doc), timexes)


def ranges(
    text: str, timexes: tuple[TimeExpression, ...]
) -> dict[str, tuple[Interval, tuple[str, str]]]:
    """Both ends of each range ("from March 3 to March 5", "between Monday and Wednesday",
    "March 3-5") by id, with the interval from the start of the first to the end of the
    second."""
    words = en.load("lexicon.toml")["range"]
    out: dict[str, tuple[Interval, tuple[str, str]]] = {}
    dated = [t for t in timexes if t.interval is not None and t.type in ("DATE", "TIME")]
    for first, second in pairwise(dated):
        assert first.interval is not None and second.interval is not None
        join = text[first.end : second.start].strip().lower()
        before = text[max(0, first.start - 12) : first.start].lower().split()
        opened = bool(before) and before[-1] in words["opens"]
        if not (join in words["bare_joins"] or (opened and join in words["joins"])):
            continue
        if second.interval.end < first.interval.start:
            continue
        whole = Interval(first.interval.start, second.interval.end)
        out.setdefault(first.id, (whole, (first.id, second.id)))
        out.setdefault(second.id, (whole, (first.id, second.id)))
    return out


def _anchors(
    doc: Doc, timexes: tuple[TimeExpression, ...], published: dt.date | None = None
) -> list[_Anchor]:
    out = []
    ranges = _ranges(doc, timexes)
    for tx in timexes:
        computed, expressions = "value", (tx.id,)
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None:
            continue
        if tx.type == "DURATION" and tx.interval is None and published is not None:
            # "in two weeks" in a future clause: the publication date moved by the duration
            before = doc_text(doc)[max(0, tx.start - 4) : tx.start].lower().split()
            moved = _after_duration(tx, published)
            if moved is None or before[-1:] != ["in"] or tense_of_span(span) != "future":
                continue
            tx, computed = moved, "publication-plus-duration"
        if tx.interval is None or tx.type not in ("DATE", "TIME"):
            continue
        if tx.id in ranges:
            whole, expressions = ranges[tx.id]
            tx, computed = replace(tx, interval=whole), "range"
        tokens = frozenset(range(span.start, span.end))
        attach: Token | None = span.root.head
        relation = _relation(span.root)
        steps = 0
        while attach is not None and (attach.i in tokens or attach.dep_ == "prep") and steps < 6:
            attach = attach.head if attach.head.i != attach.i else None
            steps += 1
        if attach is not None and attach.i in tokens:
            attach = None
        if attach is not None:
            attach = _preverbal_subject_time(span.root, span.end, attach) or attach
            attach = _content_verb(attach)
        clause = governing_verb(attach) if attach is not None else None
        if computed == "range":
            relation = "within"  # the event spans the range
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        by_amount = _amount_comparison(doc, span.start)
        comparison = (before == "since" and _comparison(doc, span.start)) or by_amount
        out.append(_Anchor(tx, tokens, attach, relation, clause, computed, expressions,
                           before, comparison, _nominal(span.root, tokens),
                           _year_on(tx) if by_amount else None))
    return out


def _time_from(anchor: _Anchor, source: str, relation: str | None = None) -> EventTime:
    tx = anchor.timex
    assert tx.interval is not None
    # "now" dates an event to the publication day: give the day, not the TIMEX3 reference
    value = tx.interval.start.isoformat() if tx.value.endswith("_REF") else tx.value
    return EventTime(
        value=value,
        interval=tx.interval,
        granularity=tx.granularity or "day",
        source=source,
        expression=tx.id,
        confidence=_CONFIDENCE[source],
        relation=relation or anchor.relation,
        expressions=anchor.expressions,
        computed=anchor.computed,
    )


def _inherit(time: EventTime, source: str) -> EventTime:
    if time.source == "publication-date":
        return time  # a default stays a default, whoever passes it on
    return replace(time, source=source, confidence=_CONFIDENCE[source], relation="within")


def _past_perfect(token: Token) -> bool:
    return token.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ == "VBD" for c in token.children
    )


def _present_perfect(token: Token) -> bool:
    return token.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in token.children
    )


def _scoped(
    anchor: _Anchor, mention: EventMention, published: dt.date | None, source: str
) -> EventTime | None:
    """The time an expression gives an event, "since" and "until" aside from the others:
    "since X" begins at X and runs to publication (interval X to P); "until X" does not date
    the happening at X: in a present or future clause it holds now and ends at X (value
    the publication day, interval P to X, relation ``ends``), in a past clause it gives no
    date ("postponed until Tuesday" is not a postponing on Tuesday); an X already past ends
    the happening ("there had been relative peace until last week": X, ``ends``)."""
    time = _time_from(anchor, source)
    if published is None or anchor.relation not in ("begins", "ends"):
        return time
    tx = anchor.timex
    assert tx.interval is not None
    if anchor.preposition == "since" and tx.interval.start <= published:
        return replace(time, interval=Interval(tx.interval.start,
                                               max(tx.interval.end, published)))
    if anchor.preposition in _until():
        if _negated_clause(anchor):
            return replace(time, relation="within")  # "not until 1993": it happens then
        if mention.pos == "NOUN":
            return time  # "an offer until 5 p.m. Nov. 9": the thing lasts until then
        if tx.interval.end < published:
            return time  # "there had been peace until last week": it ended then
        if mention.tense == "past":
            return None
        return replace(time, value=published.isoformat(),
                       interval=Interval(published, tx.interval.end), granularity="day")
    return time


def _until() -> list[str]:
    return en.load("lexicon.toml")["comparison"]["until"]


def _negated_clause(anchor: _Anchor) -> bool:
    """"wasn't to begin ... until 1993", "it was not until Tuesday that ...": "not until X"
    says the happening comes at X."""
    clause = anchor.clause
    if clause is None:
        return False
    verbs = [clause, *([clause.head] if clause.head.pos_ in ("VERB", "AUX") else [])]
    return any(c.dep_ == "neg" for v in verbs for c in v.children)


def _explicit(
    mention: EventMention, anchors: list[_Anchor], published: dt.date | None = None
) -> EventTime | None:
    token = mention.token
    own = [a for a in anchors if not a.comparison]
    for anchor in own:
        if anchor.attach is not None and anchor.attach.i == token.i:
            return _scoped(anchor, mention, published, "explicit")
    for anchor in anchors:
        if anchor.year_on is not None and anchor.attach is not None and \
                anchor.attach.i == token.i and mention.pos == "VERB":
            # "revenue declined 8% to $85.7 million from $93.3 million a year earlier"
            return _time_from(replace(anchor, timex=anchor.year_on), "explicit")
    anchors = own
    # "The index was 1.9% lower at 14:30 GMT": a copula's time dates its predicate
    if mention.pos in ("ADJ", "ADV") and token.head.lemma_ == "be":
        for anchor in anchors:
            if anchor.attach is not None and anchor.attach.i == token.head.i:
                return _scoped(anchor, mention, published, "explicit")
    # "since 2022" and "until last week" scope over the predicate, wherever the parser put them
    if token.pos_ in ("VERB", "AUX"):
        for anchor in anchors:
            if anchor.relation in ("begins", "ends") and anchor.clause is not None \
                    and anchor.clause.i == token.i:
                return _scoped(anchor, mention, published, "explicit")
    if token.pos_ == "NOUN":
        # "the ceasefire ... last Wednesday": the expression sits inside the noun phrase
        for anchor in anchors:
            head = anchor.attach
            while head is not None and head.pos_ != "VERB" and head.i != head.head.i:
                if head.i == token.i:
                    return _time_from(anchor, "explicit")
                head = head.head
    # a clause that modifies a time expression: "last week, when ... began"
    if token.dep_ in ("relcl", "advcl", "acl"):
        for anchor in anchors:
            if token.head.i in anchor.tokens:
                return _time_from(anchor, "same-clause", "within")
    return None


def _defaults_to_publication(m: EventMention) -> bool:
    if m.modality in _UNDATABLE:
        return False
    if _present_perfect(m.token):
        return True  # "Hungary has come home": true at publication, no past date given
    if m.event_class == "reporting" and m.tense != "future":
        return True
    return m.pos == "VERB" and m.tense == "present" and m.modality == "ongoing"


def _nearest_in_sentence(
    m: EventMention, anchors: list[_Anchor], published: dt.date
) -> _Anchor | None:
    """The closest (in words) expression of the event's sentence whose time fits the tense."""
    best: tuple[int, _Anchor] | None = None
    for anchor in anchors:
        tx = anchor.timex
        if not (m.sentence.start <= tx.start < m.sentence.end) or tx.value == "PRESENT_REF":
            continue
        if anchor.comparison or anchor.nominal or anchor.preposition in ("since", *_until()):
            continue  # "recalled the 2008 crisis", "the lowest since 2003": not the verb's time
        clause = anchor.clause
        if clause is not None and clause.dep_ in ("relcl", "acl") and clause.i != m.token.i \
                and m.token.i not in {t.i for t in clause.subtree}:
            continue  # "the list, which began in 1950": the relative clause's time, not ours
        assert tx.interval is not None
        if m.tense == "past" and tx.interval.start > published:
            continue
        if m.tense == "future" and tx.interval.end < published:
            continue
        distance = min(abs(m.token.i - i) for i in anchor.tokens)
        if distance > NEAREST_MAX_WORDS:
            continue
        if best is None or distance < best[0]:
            best = (distance, anchor)
    return best[1] if best else None


def _publication(published: dt.date) -> EventTime:
    return EventTime(published.isoformat(), Interval(published, published), "day",
                     "publication-date", None, _CONFIDENCE["publication-date"], "within")


#: The dates given so far, by the token index of each event mention (``None``: undated).
_Times = dict[int, EventTime | None]


def _mark_of(tok: Token) -> str | None:
    """The subordinator of a clause ("as", "when"), if any."""
    marks = [c.lower_ for c in tok.children
             if c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB")]
    return marks[0] if marks else None


def _date_explicit(
    mentions: list[EventMention], anchors: list[_Anchor], published: dt.date | None = None
) -> _Times:
    """Step 1: the expressions the parse ties to each event (undatable events stay None)."""
    return {m.token.i: None if m.modality in _UNDATABLE else _explicit(m, anchors, published)
            for m in mentions}


def _date_by_default(mentions: list[EventMention], times: _Times, published: dt.date) -> None:
    """Step 2: reporting verbs, present-tense states and present perfects default to the
    publication day."""
    for m in mentions:
        if times[m.token.i] is None and _defaults_to_publication(m):
            times[m.token.i] = _publication(published)


def _future_heads() -> set[str]:
    return set(en.load("events.toml")["modality"]["future_heads"])


def _linked_time(m: EventMention, times: _Times, links: set[str]) -> EventTime | None:
    """The time a mention takes from the clause or the verb it is linked to, if any."""
    tok = m.token
    head = tok.head
    head_time = times.get(head.i) if head.i != tok.i else None
    if head_time is not None and tok.dep_ in _INHERIT_DEPS and m.modality == "happened":
        mark = _mark_of(tok)
        if tok.dep_ != "advcl" or mark is None or mark in links:
            return _inherit(head_time, "inherited-from-sentence")
    if m.pos == "NOUN":
        for child in tok.children:
            ct = times.get(child.i)
            if child.dep_ == "acl" and ct is not None and ct.source == "explicit":
                # "an agreement reached in 1991": the participle's own time, not the clause's
                return _inherit(ct, "same-clause")
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in _future_heads():
            for child in head.children:
                ct = times.get(child.i)
                if child.dep_ == "xcomp" and ct is not None and ct.source == "explicit":
                    # "the trial is set to begin on Wednesday": the time it is set for
                    return _inherit(ct, "same-clause")
    if tok.dep_ == "relcl" and m.modality == "happened":
        # "the January 1998 bombing ... that killed an officer": the event noun's time; the
        # parser often hangs the clause on the noun's complement ("the bombing of a clinic
        # that killed ..."): the event noun above "of" then
        antecedent = head
        if antecedent.dep_ == "pobj" and antecedent.head.lower_ == "of" and \
                times.get(antecedent.i) is None:
            antecedent = antecedent.head.head
        noun_time = times.get(antecedent.i)
        if antecedent.pos_ == "NOUN" and noun_time is not None and \
                noun_time.source in ("explicit", "same-clause"):
            return _inherit(noun_time, "inherited-from-sentence")
    if m.pos == "NOUN" and head_time is not None and tok.dep_ in (
        "dobj", "nsubj", "nsubjpass", "pobj"
    ):
        return _inherit(head_time, "same-clause")
    if m.pos == "NOUN" and tok.dep_ == "pobj" and head.dep_ == "prep" \
            and head.head.pos_ in ("VERB", "AUX"):
        # "said in a statement", "spoke at the ceremony": the verb's time
        verb_time = times.get(head.head.i)
        if verb_time is not None:
            return _inherit(verb_time, "same-clause")
    if m.modality in ("happened", "ongoing"):
        for child in tok.children:
            ct = times.get(child.i)
            if ct is not None and child.dep_ == "advcl" and _mark_of(child) in links:
                return _inherit(ct, "inherited-from-sentence")
    return None


def _propagate_in_sentence(mentions: list[EventMention], times: _Times, links: set[str]) -> None:
    """Step 3: pass times along clause links within a sentence until nothing changes."""
    for _ in range(3):
        changed = False
        for m in mentions:
            if times[m.token.i] is not None or m.modality in _UNDATABLE:
                continue
            new = _linked_time(m, times, links)
            if new is not None:
                times[m.token.i] = new
                changed = True
        if not changed:
            break


def _anaphoric_subject(m: EventMention, nouns: set[str]) -> bool:
    """"his comments came as ...": a past verb whose subject is a definite event noun."""
    subj = next((c for c in m.token.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.pos_ == "NOUN" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
        for c in subj.children
    ) and bool({subj.lower_, subj.lemma_.lower()} & nouns)


def _date_anaphoric_subjects(
    mentions: list[EventMention], times: _Times, links: set[str], nouns: set[str]
) -> None:
    """Step 4: anaphoric subjects ("his comments came as ...") take the previous sentence's
    time, and pass it to their simultaneous clauses."""
    by_token = {m.token.i: m for m in mentions}
    previous_time: EventTime | None = None
    current_sent = None
    sentence_times: list[EventTime] = []
    for m in mentions:
        if m.sentence.start != current_sent:
            if sentence_times:
                previous_time = sentence_times[0]
            sentence_times = []
            current_sent = m.sentence.start
        t = times[m.token.i]
        if t is None and m.pos == "VERB" and m.modality == "happened" and previous_time \
                and _anaphoric_subject(m, nouns):
            t = _inherit(previous_time, "inherited-from-context")
            times[m.token.i] = t
            for child in m.token.children:
                if child.i in by_token and child.dep_ == "advcl" and times[child.i] is None \
                        and _mark_of(child) in links:
                    times[child.i] = _inherit(t, "inherited-from-sentence")
        if t is not None and t.source == "explicit":
            sentence_times.append(t)


def _date_nearest(
    mentions: list[EventMention], times: _Times, anchors: list[_Anchor], published: dt.date
) -> None:
    """Step 5: the last resort within a sentence, the nearest expression that fits the
    tense."""
    for m in mentions:
        if times[m.token.i] is None and m.modality not in _UNDATABLE:
            near = _nearest_in_sentence(m, anchors, published)
            if near is not None:
                times[m.token.i] = _time_from(near, "inherited-from-sentence", "within")


def _sentence_times(mentions: list[EventMention], times: _Times) -> dict[int, EventTime]:
    """The first explicit or same-clause time of each sentence (by its start offset)."""
    sentence_time: dict[int, EventTime] = {}
    for m in mentions:
        t = times[m.token.i]
        if (
            t is not None
            and t.source in ("explicit", "same-clause")
            and t.relation == "within"
            and t.value != "PRESENT_REF"
        ):
            sentence_time.setdefault(m.sentence.start, t)
    return sentence_time


def _sentences_with_timex(doc: Doc, timexes: tuple[TimeExpression, ...]) -> set[int]:
    """Start offsets of the sentences with any time expression, even a vague one."""
    anchored = set()
    for tx in timexes:
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is not None:
            anchored.add(span.sent.start_char)
    return anchored


def _takes_narrative_time(m: EventMention, anchored_sentences: set[int]) -> bool:
    """A past event in a sentence without a time expression, not a past perfect, and (for
    a nominal event) the argument of a past verb."""
    if m.modality != "happened" or m.tense != "past":
        return False
    if m.sentence.start in anchored_sentences:
        return False
    if m.pos == "NOUN" and m.token.head.tag_ != "VBD":
        return False  # a nominal event takes the narrative time only as a past verb's argument
    return not _past_perfect(m.token)  # "had collapsed": before the narrative's time


def _date_narrative(
    doc: Doc,
    mentions: list[EventMention],
    times: _Times,
    timexes: tuple[TimeExpression, ...],
    published: dt.date,
) -> None:
    """Step 6: narrative time. A past event in a sentence with no time expression happened
    when the previous sentence's events did ("Suspected bombs exploded Friday. ... The blast
    destroyed ...")."""
    sentence_starts = sorted({m.sentence.start for m in mentions})
    position = {start: k for k, start in enumerate(sentence_starts)}
    sentence_time = _sentence_times(mentions, times)
    anchored_sentences = _sentences_with_timex(doc, timexes)
    own_time_only = anchored_sentences - sentence_time.keys()
    for m in mentions:
        if times[m.token.i] is not None or not _takes_narrative_time(m, anchored_sentences):
            continue
        k = position[m.sentence.start]
        previous = None
        for back in range(1, NARRATIVE_LOOKBACK + 1):
            earlier = sentence_starts[k - back] if k - back >= 0 else None
            if earlier is None or earlier in own_time_only:
                break  # a sentence with its own (vague) time ends the narrative thread
            previous = sentence_time.get(sentence_starts[k - back])
            if previous is not None:
                break
        if previous is not None and previous.interval.start <= published:
            times[m.token.i] = _inherit(previous, "inherited-from-context")


def _date_definite_nouns(mentions: list[EventMention], times: _Times) -> None:
    """Step 7: a definite nominal event names one already told: "the ceremony", "the
    attack" take the time of the last dated mention of the same word."""
    last_by_lemma: dict[str, EventTime] = {}
    for m in mentions:
        t = times[m.token.i]
        if t is None and m.pos == "NOUN" and m.modality not in _UNDATABLE and any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "no", "any", "some")
            for c in m.token.children
        ) and m.lemma in last_by_lemma:
            times[m.token.i] = _inherit(last_by_lemma[m.lemma], "inherited-from-context")
        elif t is not None and t.source != "publication-date":
            last_by_lemma[m.lemma] = t


def _events(mentions: list[EventMention], times: _Times) -> tuple[Event, ...]:
    """The events in text order (ids ``e1``, ``e2``...) with the times given."""
    return tuple(
        Event(
            id=f"e{k}",
            trigger=m.trigger,
            lemma=m.lemma,
            pos=m.pos,
            event_class=m.event_class,
            sentence=m.sentence,
            participants=m.participants,
            tense=m.tense,
            modality=m.modality,
            time=times[m.token.i],
        )
        for k, m in enumerate(mentions, start=1)
    )


def anchor_events(
    doc: Doc,
    mentions: list[EventMention],
    timexes: tuple[TimeExpression, ...],
    published: dt.date,
) -> tuple[Event, ...]:
    """Date every event mention; return the events in text order (ids ``e1``, ``e2``...).

    The steps run strongest first; each dates only the mentions still undated."""
    anchors = _anchors(doc, timexes, published)
    links = set(en.load("events.toml")["links"]["simultaneous"])
    nouns = set(en.load("events.toml")["nouns"]["events"])
    times = _date_explicit(mentions, anchors, published)
    _date_by_default(mentions, times, published)
    _propagate_in_sentence(mentions, times, links)
    _date_anaphoric_subjects(mentions, times, links, nouns)
    _date_nearest(mentions, times, anchors, published)
    _date_narrative(doc, mentions, times, timexes, published)
    _date_definite_nouns(mentions, times)
    return _events(mentions, times)


def _present_modal_before(event: Event) -> bool:
    """A present modal of ability ("can") right before the trigger, with only words such as
    "be" or "also" between ("75 hours can be stored")."""
    lex = en.load("events.toml")["modality"]
    modals, gap = set(lex["present_modals"]), set(lex["modal_gap"])
    # the clause's text before the trigger, as lower-case words, nearest first
    before = event.sentence.text[: max(0, event.trigger.start - event.sentence.start)]
    words = re.findall(r"[A-Za-z']+", re.split(r"[,;:]", before)[-1].lower())
    if set(words) & set(lex["hypothetical_marks"]):
        return False  # "if the firm can sell it": a condition, not a present fact
    for word in reversed(words[-4:]):
        if word in modals:
            return True
        if word not in gap:
            return False
    return False


def statement_time(event: Event, published: dt.date) -> EventTime | None:
    """The time the statement of an undated negated or hypothetical event is about, when it
    holds at the publication date: a negated one in the present tense ("the logo does not
    suggest a connection") or one with a present modal of ability ("75 hours can be stored").

    The timeline leaves such events undated (they did not happen, or not yet); TimeML and
    MEANTIME anchor the mention to the time of the statement, so the anchoring evaluation
    scores them with this time (source ``statement-time``). ``None`` for any other event."""
    if event.time is not None or event.modality not in _UNDATABLE:
        return None
    negated_now = event.modality == "negated" and event.tense == "present"
    if negated_now or (event.tense != "future" and _present_modal_before(event)):
        return replace(_publication(published), source="statement-time")
    return None
