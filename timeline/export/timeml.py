"""Export to TimeML 1.2: the input text with TIMEX3 and EVENT tags, MAKEINSTANCE records and
TLINKs from events to the time expressions that date them.

The output is a well-formed XML document::

    <TimeML>
      <DOCID>...</DOCID>
      <DCT><TIMEX3 tid="t0" type="DATE" value="2025-11-20"
            functionInDocument="CREATION_TIME">2025-11-20</TIMEX3></DCT>
      <TEXT>... <TIMEX3 tid="t1" type="DATE" value="2025-W46">last week</TIMEX3> ...
            <EVENT eid="e1" class="OCCURRENCE">protested</EVENT> ...</TEXT>
      <MAKEINSTANCE eiid="ei1" eventID="e1" tense="PAST" aspect="NONE" polarity="POS" .../>
      <TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/>
    </TimeML>
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from timeline.model import Event, TimeExpression
    from timeline.timeline import Timeline

#: EventTime.relation -> TimeML relType for the link *event -> time*. "begins" ("since
#: 2022") means the event is begun by the time: BEGUN_BY; "ends" ("until last week"):
#: ENDED_BY.
REL_TYPES: dict[str, str] = {
    "within": "IS_INCLUDED",
    "begins": "BEGUN_BY",
    "ends": "ENDED_BY",
    "before": "BEFORE",
    "after": "AFTER",
}

TIMEML_CLASSES: frozenset[str] = frozenset(
    {"OCCURRENCE", "PERCEPTION", "REPORTING", "ASPECTUAL", "STATE", "I_STATE", "I_ACTION"}
)

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return _INVALID_XML.sub("", text)


def _text(text: str) -> str:
    return escape(_clean(text))


def _attr(value: str) -> str:
    return quoteattr(_clean(value))


def _event_class(event: Event) -> str:
    cls = event.event_class.upper().replace("-", "_")
    return cls if cls in TIMEML_CLASSES else "OCCURRENCE"


def _timex_type(timex: TimeExpression) -> str:
    t = timex.type.upper()
    return t if t in ("DATE", "TIME", "DURATION", "SET") else "DATE"


def _tags(timeline: Timeline, dct: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, open tag, close tag) spans; time expressions win over
    event triggers, earlier and longer spans over later ones. Spans whose offsets do not match
    the text are skipped."""
    text = timeline.document.text
    spans: list[tuple[int, int, int, str, str]] = []
    for tx in timeline.time_expressions:
        if 0 <= tx.start < tx.end <= len(text) and text[tx.start:tx.end] == tx.text:
            attrs = f"tid={_attr(tx.id)} type={_attr(_timex_type(tx))} value={_attr(tx.value)}"
            if tx.mod:
                attrs += f" mod={_attr(tx.mod)}"
            if tx.resolution in ("publication", "expression"):
                attrs += ' temporalFunction="true"'
                anchor = tx.anchor if tx.resolution == "expression" else dct
                if anchor:
                    attrs += f" anchorTimeID={_attr(anchor)}"
            spans.append((tx.start, tx.end, 0, f"<TIMEX3 {attrs}>", "</TIMEX3>"))
    for ev in timeline.events:
        tr = ev.trigger
        if 0 <= tr.start < tr.end <= len(text) and text[tr.start:tr.end] == tr.text:
            attrs = f"eid={_attr(ev.id)} class={_attr(_event_class(ev))}"
            spans.append((tr.start, tr.end, 1, f"<EVENT {attrs}>", "</EVENT>"))
    spans.sort(key=lambda s: (s[2], s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str]] = []
    for start, end, _kind, open_tag, close_tag in spans:
        if all(end <= a or b <= start for a, b, _, _ in kept):
            kept.append((start, end, open_tag, close_tag))
    kept.sort()
    return kept


def _dct_id(timeline: Timeline) -> str:
    taken = {tx.id for tx in timeline.time_expressions}
    candidate = "t0"
    n = 0
    while candidate in taken:
        n += 1
        candidate = f"t0_{n}"
    return candidate


def to_timeml(timeline: Timeline) -> str:
    """The document as TimeML 1.2 XML (see the module docstring)."""
    doc = timeline.document
    text = doc.text
    dct = _dct_id(timeline)
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<TimeML>"]
    if doc.id:
        out.append(f"<DOCID>{_text(doc.id)}</DOCID>")
    published = doc.published_date.isoformat()
    out.append(
        f'<DCT><TIMEX3 tid={_attr(dct)} type="DATE" value={_attr(published)} '
        f'temporalFunction="false" functionInDocument="CREATION_TIME">{published}</TIMEX3></DCT>'
    )
    if doc.title:
        out.append(f"<TITLE>{_text(doc.title)}</TITLE>")
    body: list[str] = []
    pos = 0
    for start, end, open_tag, close_tag in _tags(timeline, dct):
        body += [_text(text[pos:start]), open_tag, _text(text[start:end]), close_tag]
        pos = end
    body.append(_text(text[pos:]))
    out.append("<TEXT>" + "".join(body) + "</TEXT>")

    tagged_events = {
        ev.id for ev in timeline.events
        if 0 <= ev.trigger.start < ev.trigger.end <= len(text)
        and text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    }
    timex_ids = {tx.id for tx in timeline.time_expressions}
    links: list[str] = []
    for ev in timeline.events:
        if ev.id not in tagged_events:
            continue
        eiid = f"ei{ev.id[1:]}" if ev.id.startswith("e") else f"ei_{ev.id}"
        polarity = "NEG" if ev.modality.lower() in ("neg", "negated", "negative") else "POS"
        out.append(
            f"<MAKEINSTANCE eiid={_attr(eiid)} eventID={_attr(ev.id)} "
            f"tense={_attr(ev.tense.upper())} aspect=\"NONE\" polarity=\"{polarity}\" "
            f"pos={_attr(ev.pos.upper())}/>"
        )
        time = ev.time
        if time is None or time.expression is None or time.expression not in timex_ids:
            continue
        rel = REL_TYPES.get(time.relation, "IS_INCLUDED")
        links.append(
            f'<TLINK lid="l{len(links) + 1}" relType="{rel}" eventInstanceID={_attr(eiid)} '
            f"relatedToTime={_attr(time.expression)}/>"
        )
    out += links
    out.append("</TimeML>")
    return "\n".join(out) + "\n"
