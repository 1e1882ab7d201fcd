"""The gold annotation the evaluators score against, whatever file it was read from: the
types both readers return (:mod:`timeline.evaluation.timeml` for TimeML,
:mod:`timeline.evaluation.meantime` for MEANTIME CAT XML) and the error they raise. Its own
module so that neither reader imports the other for them (they used to form a circle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "GoldDocument",
    "GoldEvent",
    "GoldTLink",
    "GoldTimex",
    "TimeMLError",
    "parse_dct_value",
]


class TimeMLError(ValueError):
    """A TimeML file that cannot be read: not XML, unsafe XML, or inconsistent annotation."""


@dataclass(frozen=True)
class GoldTimex:
    """A gold ``TIMEX3`` inside ``<TEXT>``; ``text == document.text[start:end]``."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """A gold ``EVENT``; ``eiids`` are its instances (``MAKEINSTANCE``), usually one.
    ``tense``, ``aspect`` and ``polarity`` come from the first instance (``None``
    when the event has none)."""

    eid: str
    eiids: tuple[str, ...]
    start: int
    end: int
    text: str
    event_class: str
    tense: str | None = None
    aspect: str | None = None
    polarity: str | None = None


@dataclass(frozen=True)
class GoldTLink:
    """A ``TLINK``: its source is ``event_eiid`` or ``time_tid``; its target is
    ``related_event_eiid`` or ``related_time_tid``. ``rel_type`` reads from the source:
    ``event_eiid=e, rel_type=IS_INCLUDED, related_time_tid=t`` means e lies within t."""

    lid: str
    rel_type: str
    event_eiid: str | None
    time_tid: str | None
    related_event_eiid: str | None
    related_time_tid: str | None


@dataclass(frozen=True)
class GoldDocument:
    """One annotated document. ``dct`` is the creation time (a ``date``, or a
    ``datetime`` when the DCT value has a time of day); ``dct_tid`` / ``dct_value`` /
    ``dct_type`` are its TIMEX3 id, raw value and type, which TLINKs may point to.
    ``corpus`` is the top-level folder (``TimeBank``, ``AQUAINT``)."""

    id: str
    path: str
    dct: dt.date | dt.datetime
    title: str | None
    text: str
    timexes: tuple[GoldTimex, ...]
    events: tuple[GoldEvent, ...]
    tlinks: tuple[GoldTLink, ...]
    dct_tid: str = "t0"
    dct_value: str = ""
    dct_type: str = "DATE"
    corpus: str = ""

    def timex(self, tid: str) -> GoldTimex | None:
        for tx in self.timexes:
            if tx.tid == tid:
                return tx
        return None


def parse_dct_value(value: str) -> dt.date | dt.datetime:
    """``1998-08-07`` -> date; ``1998-08-07T06:18`` / ``...T06:18:00`` -> datetime."""
    value = value.strip()
    try:
        if "T" in value:
            return dt.datetime.fromisoformat(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    if len(value) == 8 and value.isdigit():  # 19980108
        try:
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            pass
    from timeline.ingest import InvalidPublicationDate, parse_published

    try:  # written otherwise, with one reading ("13-02-2009", "Feb 3, 2009"): warns
        when = parse_published(value)
    except InvalidPublicationDate as exc:
        raise TimeMLError(f"DCT value {value!r}: {exc}") from None
    has_time = (when.hour, when.minute, when.second) != (0, 0, 0)
    return when if has_time else when.date()
