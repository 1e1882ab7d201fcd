"""MEANTIME (NewsReader) CAT XML as gold data for event dating.

A MEANTIME document (``<Document doc_id=... url=...>``) holds its words as ``<token t_id
sentence number>`` elements, then ``<Markables>`` (``EVENT_MENTION``, ``ENTITY_MENTION``,
``TIMEX3``..., each with ``<token_anchor t_id>`` children; the creation time is the
``TIMEX3`` with ``functionInDocument="CREATION_TIME"``, anchored to the dateline) and
``<Relations>`` (``TLINK`` with ``reltype``, ``<source m_id>`` and ``<target m_id>``).

:func:`read_meantime` turns one into a :class:`~timeline.evaluation.gold.GoldDocument`:
the text is rebuilt from the tokens as the SemEval-2015 Task 4 reader does (one sentence a
line, ordinary spacing), event mentions become gold events (their instance id is their
``m_id``), time expressions gold timexes, and TLINKs between them gold TLINKs, so that
:mod:`timeline.evaluation.anchoring` scores them as it scores TimeML.
"""

from __future__ import annotations

import os
from pathlib import Path

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]

from timeline.evaluation.gold import (
    GoldDocument,
    GoldEvent,
    GoldTimex,
    GoldTLink,
    TimeMLError,
    parse_dct_value,
)

__all__ = ["is_meantime", "read_meantime"]


def is_meantime(path: str | os.PathLike[str]) -> bool:
    """Whether a file is CAT XML (a ``<Document>`` root with ``<token>`` elements)."""
    p = Path(path)
    if p.suffix.lower() != ".xml":
        return False
    try:
        with p.open("rb") as fh:
            head = fh.read(2048)
    except OSError:
        return False
    return b"<Document" in head and b"<token" in head


def read_meantime(path: str | os.PathLike[str], corpus: str | None = None) -> GoldDocument:
    """Read one MEANTIME CAT document (raises :class:`TimeMLError`)."""
    from timeline.evaluation.timeline2015 import Timeline2015Error, read_cat

    p = Path(path)
    try:
        cat = read_cat(p)
        root = SafeET.parse(str(p)).getroot()
    except Timeline2015Error as exc:
        raise TimeMLError(str(exc)) from None
    except Exception as exc:  # XML errors, defusedxml refusals
        raise TimeMLError(f"{p}: unsafe or invalid XML ({exc})") from None
    offsets = {t.t_id: (t.start, t.end) for t in cat.tokens}

    def span(el: object) -> tuple[int, int] | None:
        ids = [int(a.get("t_id", "0")) for a in el.iter("token_anchor")]  # type: ignore[attr-defined]
        ids = [i for i in ids if i in offsets]
        if not ids:
            return None
        return min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)

    markables = root.find("Markables")
    events: list[GoldEvent] = []
    timexes: list[GoldTimex] = []
    dct_el = None
    if markables is not None:
        for el in markables:
            m_id = el.get("m_id", "")
            if el.tag == "EVENT_MENTION":
                where = span(el)
                if where is None:
                    continue
                s, e = where
                events.append(GoldEvent(
                    eid=m_id, eiids=(m_id,), start=s, end=e, text=cat.text[s:e],
                    event_class=el.get("pred") or "OCCURRENCE",
                    tense=el.get("tense") or None, aspect=el.get("aspect") or None,
                    polarity=el.get("polarity") or None))
            elif el.tag == "TIMEX3":
                if el.get("functionInDocument") == "CREATION_TIME":
                    dct_el = el
                    continue
                where = span(el)
                if where is None:
                    continue
                s, e = where
                timexes.append(GoldTimex(m_id, s, e, cat.text[s:e], el.get("type", "DATE"),
                                         el.get("value", ""), el.get("mod") or None))
    if dct_el is None or not dct_el.get("value"):
        raise TimeMLError(f"{p}: no creation time (TIMEX3 functionInDocument=CREATION_TIME)")
    dct_id = dct_el.get("m_id", "t0")
    event_ids = {ev.eid for ev in events}
    time_ids = {tx.tid for tx in timexes} | {dct_id}
    tlinks: list[GoldTLink] = []
    relations = root.find("Relations")
    for link in relations.iter("TLINK") if relations is not None else ():
        src, tgt = link.find("source"), link.find("target")
        if src is None or tgt is None:
            continue
        a, b = src.get("m_id", ""), tgt.get("m_id", "")
        rel = (link.get("reltype") or "").upper()
        tlinks.append(GoldTLink(
            lid=link.get("r_id", ""), rel_type=rel,
            event_eiid=a if a in event_ids else None, time_tid=a if a in time_ids else None,
            related_event_eiid=b if b in event_ids else None,
            related_time_tid=b if b in time_ids else None))
    title = cat.text.split("\n", 1)[0] if cat.text else None
    return GoldDocument(
        id=cat.doc_id, path=str(p), dct=parse_dct_value(dct_el.get("value", "")),
        title=title, text=cat.text, timexes=tuple(sorted(timexes, key=lambda t: t.start)),
        events=tuple(sorted(events, key=lambda e: (e.start, e.end))),
        tlinks=tuple(tlinks), dct_tid=dct_id, dct_value=dct_el.get("value", ""),
        dct_type=dct_el.get("type", "DATE"),
        corpus=corpus if corpus is not None else p.parent.name)
