"""The batch runner: many documents in, one timeline JSON per document out.

``timeline batch INPUT... --out DIR`` walks files, folders (recursively) and JSON/JSONL
streams (:mod:`timeline.sources`) and writes

``DIR/documents/KEY.json``
    the timeline of each document (``KEY`` is the file's path relative to the folder given,
    or ``STREAM/ID`` for a record of a JSON/JSONL file);
``DIR/errors.jsonl``
    one JSON object per document that failed (``key``, ``source``, ``stage``, ``error``);
    a failing document never stops the batch;
``DIR/timeline.json`` (``--merge``) and ``DIR/timeline.png|svg|pdf`` (``--chart``)
    one timeline across all the documents of the inputs (see :mod:`timeline.merge`).

Documents stream through: one is read, parsed and written at a time (spaCy's ``nlp.pipe``
buffers ``batch_size`` of them), so memory does not grow with their number. Every output
is written atomically (temporary file, then rename), so an interrupted batch leaves no
half-written file; ``--resume`` then skips the documents whose output exists.

Engines: ``local`` (``--jobs N`` parses with ``nlp.pipe(n_process=N)``) and ``dask``
(the same per-document function, :func:`process_document`, on the workers of a Dask
cluster: an existing one with ``--scheduler ADDRESS``, else a local one of ``--jobs``
worker processes).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing.util
import os
import resource
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from timeline.ingest import TimelineError
from timeline.output import write_atomic
from timeline.sources import Item, count_items, iter_items

__all__ = [
    "BatchOptions",
    "BatchReport",
    "output_path",
    "process_document",
    "run_batch",
]

DOCUMENTS_DIR = "documents"
ERRORS_FILE = "errors.jsonl"
MERGED_FILE = "timeline.json"
ENGINES = ("local", "dask")


@dataclass
class BatchOptions:
    """What ``timeline batch`` was asked to do."""

    out: Path
    jobs: int = 1
    batch_size: int = 16
    resume: bool = False
    quiet: bool = False
    merge: bool = False
    entity: str | None = None
    published: str | None = None
    no_reporting: bool = False
    charts: tuple[str, ...] = ()
    chart_options: dict[str, Any] = field(default_factory=dict)
    #: text exports of the merged timeline: timelinejs, csv, md, html (DIR/timeline.EXT)
    exports: tuple[str, ...] = ()
    #: outputs of the merged timeline at paths of the user's: ``(format, path)`` with format
    #: png, svg, pdf (charts) or timelinejs
    outputs: tuple[tuple[str, str], ...] = ()
    #: aliases of ``entity`` the inputs teach ("Volkswagen (VW)"), read by
    #: :func:`run_batch` before the documents are processed
    entity_aliases: tuple[str, ...] = ()
    engine: str = "local"
    scheduler: str | None = None
    max_chars: int | None = None
    #: Called after each document with its key and outcome (``done``, ``skipped``,
    #: ``failed``); a hook for progress reporting and tests.
    on_document: Callable[[str, str], None] | None = None


@dataclass
class BatchReport:
    """What a batch did."""

    done: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    peak_memory_mb: float = 0.0
    merged_events: int | None = None

    @property
    def docs_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        text = (f"{self.done} document{'s' if self.done != 1 else ''} done, "
                f"{self.skipped} skipped, {self.failed} failed in {self.seconds:.1f} s "
                f"({self.docs_per_second:.2f} docs/s), peak memory {self.peak_memory_mb:.0f} MB")
        if self.merged_events is not None:
            text += f"; merged timeline: {self.merged_events} events"
        return text


def output_path(out: Path, key: str) -> Path:
    """Where the timeline of the document ``key`` goes."""
    return out / DOCUMENTS_DIR / f"{key}.json"


def _timeline_json(timeline: Any, entity: str | None, no_reporting: bool,
                   aliases: tuple[str, ...] = ()) -> str:
    if no_reporting:
        timeline = timeline.without_reporting()
    if entity:
        from timeline.entity_matching import EntityMatcher, filter_entity

        timeline = filter_entity(timeline, EntityMatcher(entity, aliases))
    return str(timeline.to_json())


def process_document(
    document: Any, entity: str | None = None, no_reporting: bool = False,
    aliases: tuple[str, ...] = (),
) -> tuple[str | None, str | None]:
    """The per-document function of the Dask engine: ``(timeline JSON, None)`` or
    ``(None, error message)``. Runs anywhere the package is installed (the spaCy
    pipeline is loaded once per process)."""
    try:
        from timeline.pipeline import timelines

        timeline = next(timelines([document]))
        return _timeline_json(timeline, entity, no_reporting, aliases), None
    except Exception as exc:  # one bad document must not stop the batch
        return None, _reason(exc)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimelineError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _ErrorLog:
    """``errors.jsonl``: each record appended with one ``write`` (no half lines)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        write_atomic(path, b"")

    def record(self, item: Item, stage: str, error: str) -> None:
        line = json.dumps({"key": item.key, "source": item.source, "stage": stage,
                           "error": error}, ensure_ascii=False) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)


def _peak_memory_mb() -> float:
    """Peak resident memory of this process plus that of its largest child process, in MB
    (the spaCy workers of ``--jobs``)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    unit = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return (own + kids) / unit


Result = tuple[Item, str | None, str | None]


class _WorkerSignals:
    """Ctrl-C is the main process's business: spaCy's worker processes (``--jobs N``, forked)
    ignore SIGINT and stop through spaCy's end-of-work sentinel. A worker killed by SIGINT
    printed a traceback and left its queue unread, which blocked the batch's exit forever."""

    @staticmethod
    def reset(_: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


_WORKER_SIGNALS = _WorkerSignals()


def _run_local(items: Iterable[Item], opts: BatchOptions) -> Iterator[Result]:
    from timeline.pipeline import timelines_of

    readable = (item for item in items if item.document is not None)
    with _interruptible_workers(opts.jobs):
        for item, timeline in timelines_of(readable, _document_of, batch_size=opts.batch_size,
                                           n_process=opts.jobs):
            if isinstance(timeline, Exception):  # one bad document must not stop the batch
                yield item, None, _reason(timeline)
                continue
            try:
                payload = _timeline_json(timeline, opts.entity, opts.no_reporting,
                                         opts.entity_aliases)
            except Exception as exc:
                yield item, None, _reason(exc)
            else:
                yield item, payload, None


def _document_of(item: Item) -> Any:
    assert item.document is not None
    return item.document


@contextlib.contextmanager
def _interruptible_workers(jobs: int) -> Iterator[None]:
    """With ``jobs > 1``: on SIGINT or SIGTERM, stop spaCy's workers before raising
    ``KeyboardInterrupt``. spaCy then joins them; left alive they would block for ever
    sending to a pipe nobody reads (every worker holds every pipe's reading end)."""
    if jobs <= 1 or threading.current_thread() is not threading.main_thread():
        yield
        return
    multiprocessing.util.register_after_fork(_WORKER_SIGNALS, _WorkerSignals.reset)

    def interrupt(signum: int, frame: Any) -> None:
        for child in multiprocessing.active_children():
            child.kill()
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W127\]")  # workers we stopped
            yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _dask_client(opts: BatchOptions) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise TimelineError("the dask engine needs dask.distributed: "
                            "pip install 'dask[distributed]'") from exc
    if opts.scheduler:
        try:
            return Client(opts.scheduler, timeout="30s"), None
        except OSError as exc:
            raise TimelineError(f"cannot reach the Dask scheduler at {opts.scheduler}: {exc}"
                                ) from None
    cluster = LocalCluster(n_workers=max(1, opts.jobs), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def _run_dask(items: Iterable[Item], opts: BatchOptions) -> Iterator[Result]:
    from dask.distributed import as_completed

    client, cluster = _dask_client(opts)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = max(4, 4 * workers)
        pending: dict[Any, Item] = {}
        queue = as_completed()
        source = (item for item in items if item.document is not None)
        exhausted = False

        def fill() -> bool:
            while len(pending) < window:
                item = next(source, None)
                if item is None:
                    return True
                fut = client.submit(process_document, item.document, opts.entity,
                                    opts.no_reporting, opts.entity_aliases, pure=False)
                pending[fut] = item
                queue.add(fut)
            return False

        exhausted = fill()
        while pending:
            fut = next(queue)
            item = pending.pop(fut)
            try:
                payload, error = fut.result()
            except Exception as exc:  # a worker died or the task could not run
                payload, error = None, _reason(exc)
            yield item, payload, error
            if not exhausted:
                exhausted = fill()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def progress_bar(total: int | None, quiet: bool, *, unit: str = "doc", **options: Any) -> Any:
    """A tqdm progress bar on stderr, shown only on a terminal and unless ``quiet``
    (``options`` go to tqdm: ``unit_scale``, ``leave``...)."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    disable = quiet or not sys.stderr.isatty()
    return tqdm(total=total, unit=unit, desc="timeline", disable=disable, file=sys.stderr,
                dynamic_ncols=True, **{"smoothing": 0.05, **options})


def _merged_outputs(keys: list[str], opts: BatchOptions) -> int:
    """Write the merged timeline (and charts) from the per-document outputs."""
    from timeline.merge import merge
    from timeline.timeline import timeline_from_dict

    def timelines() -> Iterator[Any]:
        for key in keys:
            path = output_path(opts.out, key)
            if path.is_file():
                yield timeline_from_dict(json.loads(path.read_text(encoding="utf-8")))

    # the per-document outputs are already filtered to the entity (with each document's
    # aliases, which need its text): merge them as they are
    merged = merge(timelines(), entity=opts.entity, filtered=True)
    if opts.merge:
        write_atomic(opts.out / MERGED_FILE, merged.to_json())
    if opts.charts:
        from timeline.render.chart import chart_bytes

        view = merged.as_timeline()
        for fmt in opts.charts:
            write_atomic(opts.out / f"timeline.{fmt}", chart_bytes(view, fmt, **opts.chart_options))
    for fmt, path in opts.outputs:
        view = merged.as_timeline()
        if fmt == "timelinejs":
            write_atomic(Path(path), merged.to_timelinejs())
        else:
            from timeline.render.chart import chart_bytes

            write_atomic(Path(path), chart_bytes(view, fmt, **opts.chart_options))
    if opts.exports:
        from timeline import export

        view = merged.as_timeline()
        writers = {"timelinejs": ("timelinejs.json", lambda _: merged.to_timelinejs()),
                   "csv": ("csv", export.to_csv), "md": ("md", export.to_markdown),
                   "html": ("html", lambda tl: export.to_html(tl, **opts.chart_options))}
        for fmt in opts.exports:
            suffix, write = writers[fmt]
            write_atomic(opts.out / f"timeline.{suffix}", write(view))
    return len(merged.events)


def run_batch(inputs: Iterable[str], opts: BatchOptions) -> BatchReport:
    """Run a batch (see the module docstring); raises ``KeyboardInterrupt`` through, with
    everything written so far complete."""
    inputs = list(inputs)
    if opts.engine not in ENGINES:
        raise ValueError(f"unknown engine {opts.engine!r}")
    if opts.jobs < 1:
        raise ValueError("jobs must be at least 1")
    if opts.entity:
        from timeline.entity_matching import EntityMatcher

        matcher = EntityMatcher(opts.entity)  # fail early on an empty name
        if "-" not in inputs:  # (stdin can be read once only)
            # the aliases one article teaches hold in all: read the texts once for them
            texts = (item.document.text for item in iter_items(inputs, published=opts.published)
                     if item.document is not None)
            opts = replace(opts, entity_aliases=matcher.learn_texts(texts).learned)
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / DOCUMENTS_DIR).mkdir(exist_ok=True)
    errors = _ErrorLog(opts.out / ERRORS_FILE)
    report = BatchReport()
    started = time.monotonic()
    run_start = time.time()
    if opts.resume:
        # temporary files left by a batch that was killed (SIGKILL) while writing
        for stale in opts.out.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)
    show = not opts.quiet and sys.stderr.isatty()
    bar = progress_bar(count_items(inputs) if show else None, not show)

    def note(key: str, outcome: str) -> None:
        if outcome == "done":
            report.done += 1
        elif outcome == "skipped":
            report.skipped += 1
        else:
            report.failed += 1
        bar.update(1)
        if report.failed:
            bar.set_postfix(failed=report.failed, refresh=False)
        if opts.on_document is not None:
            opts.on_document(key, outcome)

    def to_process() -> Iterator[Item]:
        for item in iter_items(inputs, published=opts.published, max_chars=opts.max_chars):
            if opts.resume and output_path(opts.out, item.key).is_file():
                if keys is not None:
                    keys.append(item.key)
                note(item.key, "skipped")
                continue
            if item.error is not None:
                errors.record(item, "read", item.error)
                note(item.key, "failed")
                continue
            yield item

    # the documents of the merged timeline (keys only: the timelines are read back from
    # their outputs at the end, so that a resumed batch merges every document)
    keys: list[str] | None = [] if (opts.merge or opts.charts or opts.exports
                                    or opts.outputs) else None
    engine = _run_dask if opts.engine == "dask" else _run_local
    try:
        for item, payload, error in engine(to_process(), opts):
            target = output_path(opts.out, item.key)
            if error is None and target.is_file() and target.stat().st_mtime >= run_start:
                error = f"another document of this batch has the same key {item.key!r}"
            if error is not None or payload is None:
                errors.record(item, "extract", error or "no result")
                note(item.key, "failed")
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, payload)
            except OSError as exc:
                errors.record(item, "write", f"cannot write {target}: {exc.strerror or exc}")
                note(item.key, "failed")
                continue
            if keys is not None:
                keys.append(item.key)
            note(item.key, "done")
    finally:
        bar.close()
    if keys is not None:
        report.merged_events = _merged_outputs(keys, opts)
    report.seconds = time.monotonic() - started
    report.peak_memory_mb = _peak_memory_mb()
    return report
