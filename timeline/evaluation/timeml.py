"""A safe reader for TimeML gold documents (TimeBank, AQUAINT, TempEval-3).

The file is parsed with :mod:`defusedxml`: DTDs, entity declarations and external
references are refused (:class:`TimeMLError`), so an XXE or an entity-expansion bomb
can neither read local files nor exhaust memory.

``GoldDocument.text`` is the content of ``<TEXT>`` with the inline tags removed and the
XML entities decoded: exactly the string the extractor is given. Every offset of a
timex or an event is an index into that string.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from timeline.evaluation.gold import (
    GoldDocument,
    GoldEvent,
    GoldTimex,
    GoldTLink,
    TimeMLError,
    parse_dct_value,
)

__all__ = [
    "GoldDocument",
    "GoldEvent",
    "GoldTLink",
    "GoldTimex",
    "TimeMLError",
    "iter_timeml",
    "parse_dct_value",
    "read_timeml",
    "timeml_files",
]


def _parse_xml(path: Path) -> ET.Element:
    try:
        tree = SafeET.parse(
            str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as exc:
        raise TimeMLError(
            f"{path}: refused unsafe XML (DTD, entity declaration or external reference): "
            f"{exc.__class__.__name__}"
        ) from exc
    except ET.ParseError as exc:
        raise TimeMLError(f"{path}: not well-formed XML: {exc}") from exc
    except OSError as exc:
        raise TimeMLError(f"{path}: cannot read: {exc}") from exc
    root = tree.getroot()
    if root is None:
        raise TimeMLError(f"{path}: empty document")
    return root


def _local(tag: object) -> str:
    name = str(tag)
    return name.rsplit("}", 1)[-1]


def _find(root: ET.Element, name: str) -> ET.Element | None:
    for el in root.iter():
        if _local(el.tag) == name:
            return el
    return None


def _findall(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if _local(el.tag) == name]


def _opt(el: ET.Element, attr: str) -> str | None:
    value = el.get(attr)
    return value if value not in (None, "") else None


def _flatten(
    text_el: ET.Element, path: Path
) -> tuple[str, list[tuple[ET.Element, int, int]]]:
    """The text of ``text_el`` without tags, and each descendant element with its offsets."""
    parts: list[str] = []
    spans: list[tuple[ET.Element, int, int]] = []
    length = 0

    def walk(el: ET.Element, depth: int) -> None:
        nonlocal length
        if depth > 50:
            raise TimeMLError(f"{path}: tags nested too deeply inside <TEXT>")
        if el.text:
            parts.append(el.text)
            length += len(el.text)
        for child in el:
            start = length
            walk(child, depth + 1)
            spans.append((child, start, length))
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)

    walk(text_el, 0)
    return "".join(parts), spans


def read_timeml(path: str | os.PathLike[str], corpus: str | None = None) -> GoldDocument:
    """Read one TimeML file. ``corpus`` defaults to the name of the file's folder."""
    p = Path(path)
    root = _parse_xml(p)

    docid_el = _find(root, "DOCID")
    doc_id = (docid_el.text or "").strip() if docid_el is not None else ""
    doc_id = doc_id or p.stem

    dct_el = _find(root, "DCT")
    dct_timex = None
    if dct_el is not None:
        dct_timex = next((el for el in dct_el.iter() if _local(el.tag) == "TIMEX3"), None)
    if dct_timex is None:
        dct_timex = next(
            (
                el
                for el in _findall(root, "TIMEX3")
                if el.get("functionInDocument") in ("CREATION_TIME", "PUBLICATION_TIME")
            ),
            None,
        )
    if dct_timex is None or not dct_timex.get("value"):
        raise TimeMLError(f"{p}: no document creation time (<DCT><TIMEX3 value=...>)")
    dct_value = dct_timex.get("value", "")
    dct = parse_dct_value(dct_value)

    title_el = _find(root, "TITLE")
    title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else None

    text_el = _find(root, "TEXT")
    if text_el is None:
        raise TimeMLError(f"{p}: no <TEXT> element")
    text, spans = _flatten(text_el, p)

    instances: dict[str, list[ET.Element]] = {}
    for mi in _findall(root, "MAKEINSTANCE"):
        eid = mi.get("eventID")
        if eid:
            instances.setdefault(eid, []).append(mi)

    timexes: list[GoldTimex] = []
    events: list[GoldEvent] = []
    for el, start, end in sorted(spans, key=lambda s: (s[1], s[2])):
        name = _local(el.tag)
        surface = text[start:end]
        if name == "TIMEX3":
            tid = el.get("tid")
            if not tid:
                raise TimeMLError(f"{p}: TIMEX3 without tid at offset {start}")
            timexes.append(
                GoldTimex(
                    tid=tid,
                    start=start,
                    end=end,
                    text=surface,
                    type=el.get("type", ""),
                    value=el.get("value", ""),
                    mod=_opt(el, "mod"),
                )
            )
        elif name == "EVENT":
            eid = el.get("eid")
            if not eid:
                raise TimeMLError(f"{p}: EVENT without eid at offset {start}")
            inst = instances.get(eid, [])
            first = inst[0] if inst else None
            events.append(
                GoldEvent(
                    eid=eid,
                    eiids=tuple(i.get("eiid", "") for i in inst if i.get("eiid")),
                    start=start,
                    end=end,
                    text=surface,
                    event_class=el.get("class", ""),
                    tense=_opt(first, "tense") if first is not None else None,
                    aspect=_opt(first, "aspect") if first is not None else None,
                    polarity=_opt(first, "polarity") if first is not None else None,
                )
            )
    for tx in timexes:  # the invariant the scorers rely on
        if text[tx.start : tx.end] != tx.text:
            raise TimeMLError(f"{p}: offsets of {tx.tid} do not match its text")

    tlinks = tuple(
        GoldTLink(
            lid=el.get("lid", ""),
            rel_type=el.get("relType", ""),
            event_eiid=_opt(el, "eventInstanceID"),
            time_tid=_opt(el, "timeID"),
            related_event_eiid=_opt(el, "relatedToEventInstance"),
            related_time_tid=_opt(el, "relatedToTime"),
        )
        for el in _findall(root, "TLINK")
    )

    return GoldDocument(
        id=doc_id,
        path=str(p),
        dct=dct,
        title=title,
        text=text,
        timexes=tuple(timexes),
        events=tuple(events),
        tlinks=tlinks,
        dct_tid=dct_timex.get("tid", "t0"),
        dct_value=dct_value,
        dct_type=dct_timex.get("type", "DATE"),
        corpus=corpus if corpus is not None else p.parent.name,
    )


def timeml_files(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively, sorted) into ``(file, corpus)`` pairs.

    A folder's ``*.tml`` files (any depth) are taken in sorted order (a folder with none:
    its MEANTIME CAT ``*.xml`` files); the corpus of a file
    is the first folder below the given folder (``TBAQ-cleaned/TimeBank/x.tml`` ->
    ``TimeBank``) or, for a file directly in it or given by itself, its own folder's name.
    """
    result: list[tuple[Path, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            tml = sorted(p.rglob("*.tml"))
            if not tml:  # MEANTIME CAT XML (see timeline.evaluation.meantime)
                from timeline.evaluation.meantime import is_meantime

                tml = [f for f in sorted(p.rglob("*.xml")) if is_meantime(f)]
            for f in tml:
                if not f.is_file():
                    continue
                rel = f.relative_to(p).parts
                corpus = rel[0] if len(rel) > 1 else (p.resolve().name or str(p))
                result.append((f, corpus))
        elif p.is_file():
            result.append((p, p.resolve().parent.name))
        else:
            raise TimeMLError(f"{p}: no such file or folder")
    return result


def iter_timeml(
    paths: Iterable[str | os.PathLike[str]],
    on_error: Callable[[str], None] | None = None,
) -> Iterator[GoldDocument]:
    """Read every TimeML file named in ``paths`` (files or folders, see :func:`timeml_files`).
    With ``on_error``, a file that cannot be read (unsafe XML, an unusable creation time) is
    reported to it and passed over, so that one document does not stop an evaluation;
    without, its :class:`TimeMLError` is raised."""
    from timeline.evaluation.meantime import is_meantime, read_meantime

    for f, corpus in timeml_files(paths):
        try:
            if is_meantime(f):
                yield read_meantime(f, corpus=corpus)
            else:
                yield read_timeml(f, corpus=corpus)
        except TimeMLError as exc:
            if on_error is None:
                raise
            where = "" if str(f) in str(exc) else f"{f}: "
            on_error(f"{where}{exc}; document left out")
