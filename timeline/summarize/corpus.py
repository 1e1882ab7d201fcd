"""The articles of a story, parsed once and cached.

Every article becomes an :class:`Article`: its document (text included), its timeline
(:func:`timeline.pipeline.build_timeline`) and the character spans of its sentences. Parsing
is the slow part (spaCy), so ``cache`` (a folder) keeps each article's parse as one JSON file
named by a hash of its text, publication date and the package version: a second run with
other options reads them back in a fraction of the time.

Inputs are what ``timeline batch`` reads (files, folders, JSON/JSONL streams, through
:mod:`timeline.sources`), plus *story folders* laid out like Timeline17's: ``docs/<date>/
<name>.txt``, the folder name being each article's publication date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from timeline.model import Document, Span
from timeline.sources import Item, count_items, iter_items
from timeline.timeline import Timeline

#: Bumped when the cached record changes shape.
CACHE_FORMAT = "1"
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Article:
    """One parsed article: the document, its timeline and its sentences (spans of the text)."""

    document: Document
    timeline: Timeline
    sentences: tuple[Span, ...]
    key: str


# ----------------------------------------------------------------------------- inputs


def is_story_folder(path: Path) -> bool:
    """A folder laid out like a Timeline17 story: ``docs/<YYYY-MM-DD>/...``."""
    docs = path / "docs"
    return docs.is_dir() and any(_DATE_DIR.match(p.name) for p in docs.iterdir() if p.is_dir())


def _story_items(path: Path, published: str | None) -> Iterator[Item]:
    docs = path / "docs"
    for day in sorted(p for p in docs.iterdir() if p.is_dir() and _DATE_DIR.match(p.name)):
        for item in iter_items([str(day)], published=published or day.name):
            key = f"{path.name}/{day.name}/{item.key}"
            doc = item.document
            if doc is not None:
                doc = replace(doc, id=f"{day.name}/{item.key}",
                              published_source=doc.published_source if published
                              else "folder")
            yield replace(item, key=key, document=doc)


def iter_inputs(paths: Iterable[str], published: str | None = None) -> Iterator[Item]:
    """Every document of the inputs (story folders included), lazily."""
    for p in paths:
        path = Path(p)
        if path.is_dir() and is_story_folder(path):
            yield from _story_items(path, published)
        else:
            yield from iter_items([p], published=published)


def count_inputs(paths: Iterable[str]) -> int:
    total = 0
    for p in paths:
        path = Path(p)
        if path.is_dir() and is_story_folder(path):
            total += sum(1 for f in (path / "docs").rglob("*") if f.is_file())
        else:
            total += count_items([p])
    return total


# ----------------------------------------------------------------------------- cache


def cache_key(document: Document) -> str:
    from timeline import __version__

    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, __version__, document.published.isoformat(), document.text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _cache_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.json"


def record_of(document: Document) -> dict[str, Any]:
    """Parse one document: the cache record (the timeline JSON and the sentence spans).
    The per-document function of the Dask engine."""
    from timeline.nlp import get_nlp

    return _record(document, get_nlp()(document.text))


def _record(document: Document, doc: Any) -> dict[str, Any]:
    from timeline.pipeline import build_timeline

    timeline = build_timeline(document, doc)
    sentences = [[s.start_char, s.end_char] for s in doc.sents if s.text.strip()]
    return {"timeline": timeline.to_dict(), "sentences": sentences}


def _article(document: Document, record: dict[str, Any], key: str) -> Article:
    from timeline.timeline import timeline_from_dict

    tl = timeline_from_dict(record["timeline"])
    tl = replace(tl, document=document)
    text = document.text
    sentences = tuple(Span(text[a:b], a, b) for a, b in record["sentences"])
    return Article(document, tl, sentences, key)


def _read_cache(cache: Path | None, document: Document) -> dict[str, Any] | None:
    if cache is None:
        return None
    path = _cache_path(cache, cache_key(document))
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _write_cache(cache: Path | None, document: Document, record: dict[str, Any]) -> None:
    if cache is None:
        return
    from timeline.output import write_atomic

    path = _cache_path(cache, cache_key(document))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(record, ensure_ascii=False, separators=(",", ":")))


def load_articles(
    paths: Iterable[str],
    *,
    cache: str | Path | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    published: str | None = None,
    keep: Callable[[Document], bool] | None = None,
    progress: bool = False,
    on_error: Callable[[Item, str], None] | None = None,
) -> list[Article]:
    """Parse (or read back from ``cache``) every document of the inputs. ``keep`` filters
    the documents before parsing (a date range); unreadable documents go to ``on_error``."""
    from timeline.batch import progress_bar

    paths = list(paths)
    cache_dir = Path(cache) if cache is not None else None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    bar = progress_bar(count_inputs(paths) if progress else None, not progress)
    articles: list[Article] = []
    todo: list[Item] = []
    try:
        for item in iter_inputs(paths, published):
            if item.error is not None or item.document is None:
                if on_error is not None:
                    on_error(item, item.error or "unreadable")
                bar.update(1)
                continue
            if keep is not None and not keep(item.document):
                bar.update(1)
                continue
            record = _read_cache(cache_dir, item.document)
            if record is not None:
                articles.append(_article(item.document, record, item.key))
                bar.update(1)
            else:
                todo.append(item)
        for item, record in _parse(todo, jobs, engine, scheduler) if todo else ():
            assert item.document is not None
            bar.update(1)
            if isinstance(record, str):
                if on_error is not None:
                    on_error(item, record)
                continue
            _write_cache(cache_dir, item.document, record)
            articles.append(_article(item.document, record, item.key))
    finally:
        bar.close()
    articles.sort(key=lambda a: (a.document.published_date, a.key))
    return articles


def _parse(
    items: list[Item], jobs: int, engine: str, scheduler: str | None
) -> Iterator[tuple[Item, dict[str, Any] | str]]:
    if not items:
        return
    if engine == "dask":
        yield from _parse_dask(items, jobs, scheduler)
        return
    from timeline.batch import _interruptible_workers
    from timeline.nlp import get_nlp

    nlp = get_nlp()
    stream = ((item.document.text, item) for item in items if item.document is not None)
    with _interruptible_workers(jobs):
        for doc, item in nlp.pipe(stream, as_tuples=True, batch_size=16, n_process=jobs):
            try:
                yield item, _record(item.document, doc)
            except Exception as exc:  # one bad document must not stop the story
                yield item, f"{type(exc).__name__}: {exc}"


def _safe_record(document: Document) -> dict[str, Any] | str:
    try:
        return record_of(document)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"


def _parse_dask(
    items: list[Item], jobs: int, scheduler: str | None
) -> Iterator[tuple[Item, dict[str, Any] | str]]:
    from dask.distributed import as_completed

    from timeline.batch import BatchOptions, _dask_client

    client, cluster = _dask_client(BatchOptions(out=Path("."), jobs=jobs, scheduler=scheduler))
    try:
        futures = {client.submit(_safe_record, item.document, pure=False): item
                   for item in items}
        for fut in as_completed(futures):
            try:
                yield futures[fut], fut.result()
            except Exception as exc:
                yield futures[fut], f"{type(exc).__name__}: {exc}"
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def in_range(start: dt.date | None, end: dt.date | None) -> Callable[[Document], bool]:
    """A ``keep`` filter: documents published between ``start`` and ``end`` (inclusive)."""

    def keep(document: Document) -> bool:
        day = document.published_date
        return (start is None or day >= start) and (end is None or day <= end)

    return keep
