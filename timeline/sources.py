"""Reading inputs: text files in any encoding, saved web pages, JSON and JSONL documents.

Every input becomes one or more :class:`~timeline.model.Document` objects, each with where its
publication date came from (``published_source``):

``cli``
    given by the user (``--published``), which always wins;
``html-metadata``
    an HTML page's own publication date, found by htmldate in its metadata (Open Graph,
    ``article:published_time``, JSON-LD ``datePublished``, ``<time>`` elements, the URL...);
    the *original* date, not the date of the last update;
``json`` / ``jsonl``
    the ``published`` field of a JSON or JSONL record;
``dateline``
    a date line at the top of the text (see :func:`timeline.ingest.find_dateline`).

Text files are decoded as UTF-8 when they are UTF-8, otherwise by detection
(charset-normalizer); the encoding used is recorded in ``Document.encoding``.

Reading is lazy: :func:`iter_items` walks files, folders (recursively) and JSONL streams one
document at a time, so a batch over a million documents holds one of them at a time. A
document that cannot be read is yielded as an :class:`Item` with an ``error`` instead of
stopping the walk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.ingest import (
    MAX_CHARS,
    AmbiguousPublicationDate,
    TimelineError,
    make_document,
    parse_published,
)
from timeline.model import Document

__all__ = [
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "JSON_SUFFIXES",
    "TEXT_SUFFIXES",
    "InputError",
    "Item",
    "count_items",
    "decode_bytes",
    "document_from_html",
    "document_from_record",
    "document_from_text_bytes",
    "input_kind",
    "iter_files",
    "iter_items",
    "read_documents",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
#: Files a folder walk picks up; other files (images, archives...) in a folder are skipped.
KNOWN_SUFFIXES = HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | TEXT_SUFFIXES

#: Code pages preferred when detection finds several that read a text equally well.
_PREFERRED_ENCODINGS = ("cp1252", "iso8859_15", "cp1250", "koi8_r", "cp1251", "shift_jis",
                        "gb18030", "euc_kr")

#: Bigger inputs are refused: a news article is far smaller, and spaCy's memory grows fast.
MAX_BYTES = 20_000_000


class InputError(TimelineError):
    """An input that cannot be read (missing, unreadable, undecodable, malformed)."""


@dataclass(frozen=True)
class Item:
    """One document of the input stream, read or not.

    ``key`` names the document uniquely within a batch (a relative path, or
    ``stream/record-id`` for a JSONL record) and is where its output goes; ``source`` is
    what the user gave (a file path, with ``:LINE`` for a JSONL record).
    """

    key: str
    source: str
    document: Document | None = None
    error: str | None = None


# ----------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, source: str = "input") -> tuple[str, str]:
    """The text of ``data`` and the encoding it was decoded with.

    UTF-8 (with or without BOM) is tried first; anything else is detected with
    charset-normalizer. Raises :class:`InputError` for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches or b"\x00" in data[:4096]:
        raise InputError(f"{source} is not text (no character encoding fits it)")
    best = matches[0]
    # Short texts fit several code pages equally well (charset-normalizer may say cp775 for
    # "Café"); among the near-best readings, prefer the common Western ones when they read
    # the bytes the same way.
    near = {str(m) for m in matches if m.chaos <= best.chaos + 0.05}
    for encoding in _PREFERRED_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text in near:
            return text, encoding
    return str(best), best.encoding


def max_bytes(max_chars: int | None) -> int:
    """The largest file read for documents of at most ``max_chars`` characters (a
    character is at most 4 bytes in UTF-8; a page's markup is more than its text)."""
    return max(MAX_BYTES, 4 * (MAX_CHARS if max_chars is None else max_chars))


def _read_bytes(path: Path, max_chars: int | None = None) -> bytes:
    limit = max_bytes(max_chars)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path} is too large ({size:,} bytes; at most {limit:,}: "
                             "raise the limit with --max-chars)")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder, not an article file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


# ----------------------------------------------------------------------------- documents


def _make(max_chars: int | None, text: str, published: Any, **options: Any) -> Document:
    limit = MAX_CHARS if max_chars is None else max_chars
    return make_document(text, published, max_chars=limit, **options)


def document_from_text_bytes(
    data: bytes,
    *,
    source: str,
    published: str | dt.date | dt.datetime | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    max_chars: int | None = None,
) -> Document:
    """A Document from the bytes of a plain-text article."""
    text, encoding = decode_bytes(data, source)
    return _make(max_chars, text, published, title=title, doc_id=doc_id, encoding=encoding)


def _html_date(html: str, url: str | None) -> dt.datetime | None:
    """The original publication date of a page, from its metadata (htmldate)."""
    from htmldate import find_date

    try:
        found = find_date(
            html,
            url=url,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    except Exception:  # htmldate raises on some malformed pages; a date is optional
        return None
    if not found:
        return None
    return dt.datetime.combine(dt.date.fromisoformat(found), dt.time())


def document_from_html(
    data: bytes | str,
    *,
    source: str,
    published: str | dt.date | dt.datetime | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
    max_chars: int | None = None,
) -> Document:
    """A Document from a saved web page: main text by trafilatura, date by htmldate.

    The publication date is, in order: ``published`` (``cli``); the page's original
    publication date in its metadata (``html-metadata``); a dateline at the top of the
    extracted text (``dateline``). The headline is the page's title metadata.
    """
    import trafilatura

    if isinstance(data, bytes):
        html, encoding = decode_bytes(data, source)
    else:
        html, encoding = data, None
    meta = trafilatura.extract_metadata(html, default_url=url)
    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise InputError(f"{source}: no article text found in the page")
    page_url = url or (meta.url if meta is not None else None)
    page_title = title or (meta.title if meta is not None else None)
    if published is not None:
        when: Any = published
        how = "cli"
        try:
            with warnings.catch_warnings():  # make_document warns, once
                warnings.simplefilter("ignore")
                parse_published(published)
        except AmbiguousPublicationDate:  # the page's own date may settle it
            page_date = _html_date(html, page_url)
            hints = (page_date.date(),) if page_date is not None else ()
            return _make(max_chars, text, when, title=page_title, doc_id=doc_id, url=page_url,
                         encoding=encoding, published_source=how, date_hints=hints)
    else:
        when = _html_date(html, page_url)
        how = "html-metadata"
    if when is None:
        return _make(max_chars, text, None, title=page_title, doc_id=doc_id, url=page_url,
                     encoding=encoding)
    return _make(max_chars, text, when, title=page_title, doc_id=doc_id, url=page_url,
                 encoding=encoding, published_source=how)


def document_from_record(
    record: Any,
    *,
    source: str,
    kind: str = "json",
    published: str | dt.date | dt.datetime | None = None,
    max_chars: int | None = None,
) -> Document:
    """A Document from a JSON object with ``text`` and ``published`` (optional ``id``,
    ``title``, ``url``). Without ``published`` a dateline is looked for; ``published``
    (the ``--published`` option) overrides the record's date."""
    if not isinstance(record, dict):
        raise InputError(f"{source}: a document must be a JSON object, not "
                         f"{type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{source}: the document has no \"text\" string")
    for name in ("id", "title", "url"):
        if record.get(name) is not None and not isinstance(record[name], (str, int)):
            raise InputError(f"{source}: \"{name}\" must be a string")
    doc_id = None if record.get("id") is None else str(record["id"])
    title = record.get("title")
    url = record.get("url")
    if published is not None:
        return _make(max_chars, text, published, title=title, doc_id=doc_id, url=url,
                     published_source="cli")
    value = record.get("published")
    if value is None:
        return _make(max_chars, text, None, title=title, doc_id=doc_id, url=url)
    if not isinstance(value, str):
        raise InputError(f"{source}: \"published\" must be a date string")
    return _make(max_chars, text, value, title=title, doc_id=doc_id, url=url,
                 published_source=kind)


# ----------------------------------------------------------------------------- walking


def input_kind(path: Path) -> str:
    """``html``, ``jsonl``, ``json`` or ``text``, from the file name (then the content)."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    return "text"


def _sniff_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:256]


def iter_files(paths: Iterable[str]) -> Iterator[tuple[Path, str]]:
    """``(file, key)`` for every file named or found (recursively, in name order) in a
    folder named. ``key`` is the path relative to the folder given (the file name for a
    file given). Hidden files and unknown kinds of file inside folders are skipped."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root) / name
                    if file.suffix.lower() not in KNOWN_SUFFIXES:
                        continue
                    yield file, file.relative_to(path).as_posix()
        else:
            yield path, path.name


_SAFE_KEY = re.compile(r"[^A-Za-z0-9._\-]+")


def _record_key(stem: str, record: Any, line: int) -> str:
    rid = record.get("id") if isinstance(record, dict) else None
    name = _SAFE_KEY.sub("_", str(rid)).strip("._") if rid is not None else ""
    return f"{stem}/{name or f'line-{line}'}"


def _items_of_file(
    path: Path, key: str, published: str | dt.date | dt.datetime | None,
    max_chars: int | None = None,
) -> Iterator[Item]:
    kind = input_kind(path)
    source = str(path)
    if kind == "jsonl":
        yield from _items_of_jsonl(path, key, published, max_chars)
        return
    try:
        data = _read_bytes(path, max_chars)
        if kind == "json":
            text, _ = decode_bytes(data, source)
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})"
                                 ) from None
            except RecursionError:
                raise InputError(f"{source}: JSON nested too deeply") from None
            if isinstance(value, list):
                stem = key.rsplit(".", 1)[0]
                for i, record in enumerate(value, 1):
                    rkey = _record_key(stem, record, i)
                    try:
                        doc = document_from_record(record, source=f"{source}[{i}]",
                                                   published=published,
                                                   max_chars=max_chars)
                        yield Item(rkey, f"{source}[{i}]", _with_id(doc, rkey))
                    except TimelineError as exc:
                        yield Item(rkey, f"{source}[{i}]", error=str(exc))
                return
            doc = document_from_record(value, source=source, published=published,
                                       max_chars=max_chars)
        elif kind == "html" or _sniff_html(data):
            doc = document_from_html(data, source=source, published=published,
                                     doc_id=path.name, max_chars=max_chars)
        else:
            doc = document_from_text_bytes(data, source=source, published=published,
                                           doc_id=path.name, max_chars=max_chars)
        yield Item(key, source, _with_id(doc, path.name))
    except TimelineError as exc:
        yield Item(key, source, error=str(exc))


def _items_of_jsonl(
    path: Path, key: str, published: str | dt.date | dt.datetime | None,
    max_chars: int | None = None,
) -> Iterator[Item]:
    stem = key.rsplit(".", 1)[0]
    source = str(path)
    try:
        fh = sys.stdin.buffer if source == "-" else path.open("rb")
    except OSError as exc:
        yield Item(key, source, error=f"cannot read {source}: {exc.strerror or exc}")
        return
    with fh:
        for line_no, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            where = f"{source}:{line_no}"
            try:
                line, _ = decode_bytes(raw, where)
                record = json.loads(line)
            except (InputError, json.JSONDecodeError, RecursionError) as exc:
                msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
                if isinstance(exc, RecursionError):
                    msg = "nested too deeply"
                yield Item(f"{stem}/line-{line_no}", where, error=f"{where}: not JSON ({msg})")
                continue
            rkey = _record_key(stem, record, line_no)
            try:
                doc = document_from_record(record, source=where, kind="jsonl",
                                           published=published,
                                           max_chars=max_chars)
                yield Item(rkey, where, _with_id(doc, rkey))
            except TimelineError as exc:
                yield Item(rkey, where, error=str(exc))


def _with_id(doc: Document, fallback: str) -> Document:
    if doc.id is not None:
        return doc
    from dataclasses import replace

    return replace(doc, id=fallback)


def iter_items(
    paths: Iterable[str], *, published: str | dt.date | dt.datetime | None = None,
    max_chars: int | None = None,
) -> Iterator[Item]:
    """Every document of the inputs, lazily, in order: files, folders (recursively) and
    the records of JSON/JSONL files. Unreadable documents come as items with an error."""
    for path, key in iter_files(paths):
        if not path.exists():
            yield Item(key, str(path), error=f"no such file or folder: {path}")
            continue
        yield from _items_of_file(path, key, published, max_chars)


def count_items(paths: Iterable[str]) -> int:
    """How many documents :func:`iter_items` will yield, without reading them (JSONL lines
    are counted; a JSON array counts as one). For a progress bar's ETA."""
    total = 0
    for path, _ in iter_files(paths):
        if input_kind(path) == "jsonl" and path.is_file():
            try:
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def read_documents(
    source: str,
    *,
    published: str | dt.date | dt.datetime | None = None,
    title: str | None = None,
    max_chars: int | None = None,
    on_error: Callable[[str], None] | None = None,
) -> list[Document]:
    """The documents of one input given to ``timeline extract``: a text, HTML, JSON or
    JSONL file, or ``-`` for text on stdin. Raises :class:`InputError` when it cannot be
    read (the first unreadable record of a JSON/JSONL file included); with ``on_error``,
    an unreadable record is passed to it as a message instead, and reading goes on."""
    if source == "-":
        limit = max_bytes(max_chars)
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"stdin is too large (more than {limit:,} bytes: raise the limit "
                             "with --max-chars)")
        if _sniff_html(data):
            return [document_from_html(data, source="stdin", published=published, title=title,
                                       max_chars=max_chars)]
        return [document_from_text_bytes(data, source="stdin", published=published,
                                         title=title, max_chars=max_chars)]
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{source} is a folder, not an article file (use timeline batch)")
    if not path.exists():
        raise InputError(f"no such file: {source}")
    docs: list[Document] = []
    for item in _items_of_file(path, path.name, published, max_chars):
        if item.error is not None:
            if on_error is None:
                raise InputError(item.error)
            on_error(item.error)
            continue
        assert item.document is not None
        doc = item.document
        if title is not None:
            from dataclasses import replace

            doc = replace(doc, title=title)
        docs.append(doc)
    return docs
