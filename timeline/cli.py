"""The ``timeline`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 unexpected internal error; 2 usage error (bad options);
3 input error (missing or unreadable file, bad encoding, bad or missing publication date,
bad TimeML; for ``batch``: some documents failed, see ``errors.jsonl``); 4 output error
(cannot write a result); 130 interrupted (Ctrl-C).

Importing this module imports nothing heavy: spaCy (~1.4 s) is imported by the commands that
need it, after ``extract`` has started the process that draws its charts
(:mod:`timeline.render.background`).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import signal
import sys
import textwrap
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from timeline import __version__

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
CHART_FORMATS = ("png", "svg", "pdf")


class CommandError(Exception):
    """An error of the command line, reported as a one-line message (the library's errors
    are :class:`timeline.ingest.TimelineError`)."""


class InputError(CommandError):
    pass


class OutputError(CommandError):
    pass


class UsageError(CommandError):
    """Options that do not go together (exit code 2)."""


#: Set by the Ctrl-C handler of the ``timeline`` process (see :func:`main`).
_INTERRUPTED: list[bool] = [False]


def _on_interrupt(signum: int, frame: Any) -> None:
    """Ctrl-C in the ``timeline`` process: remember it, then raise as Python does. The
    memory is for an interrupt that arrives while a library runs code that swallows the
    exception (some import-time code does: the text then ran to its end); the command
    checks it between its steps (:func:`check_interrupted`)."""
    _INTERRUPTED[0] = True
    raise KeyboardInterrupt


def _unraisable(unraisable: Any) -> None:
    """``sys.unraisablehook`` of the ``timeline`` process: a Ctrl-C raised where Python can
    only print it (a weakref callback of the import system, a ``__del__``) is not printed;
    it is remembered, and :func:`check_interrupted` raises it again."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _INTERRUPTED[0] = True
        return
    sys.__unraisablehook__(unraisable)


class _InterruptedImports:
    """A ``sys.meta_path`` entry of the ``timeline`` process that finds no module: it raises
    a swallowed Ctrl-C again at the next import, so that one lost while spaCy and its
    dependencies are imported (a second or more) stops the command there."""

    @staticmethod
    def find_spec(*args: Any, **kwargs: Any) -> None:
        check_interrupted()


def check_interrupted() -> None:
    """Raise :class:`KeyboardInterrupt` if Ctrl-C was pressed (one that was swallowed)."""
    if _INTERRUPTED[0]:
        raise KeyboardInterrupt


def _is_timeline_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a :class:`~timeline.ingest.TimelineError`, without importing the
    module (and spaCy with it) to find out: if it is not imported, no such error exists."""
    ingest = sys.modules.get("timeline.ingest")
    return ingest is not None and isinstance(exc, ingest.TimelineError)


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _bounded(kind: type, low: float, high: float, name: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be between {_number(low)} and "
                                             f"{_number(high)}")
        return value

    return parse


_width = _bounded(float, 1, 40, "width")
_dpi = _bounded(int, 30, 1200, "dpi")
_max_chars = _bounded(int, 1, 2_000_000_000, "max-chars")


def _chart_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"width": args.width, "dpi": args.dpi, "theme": args.theme, "title": args.title,
            "lanes": args.lanes, "events": args.events, "max_events": args.max_events}


def _export(name: str) -> Callable[..., str]:
    """``timeline.export.NAME``, imported when called."""

    def run(*args: Any, **kwargs: Any) -> str:
        from timeline import export

        return getattr(export, name)(*args, **kwargs)

    return run


def _outputs(
    args: argparse.Namespace, chart_bytes: Callable[..., bytes]
) -> list[tuple[str, Callable[..., Any]]]:
    """(path, function of the timeline giving the content: text, bytes, or text in pieces)
    of each output asked for."""
    table: list[tuple[str | None, Callable[..., Any]]] = [
        (args.json, lambda tl: tl.iter_json()),
        (args.png, lambda tl: chart_bytes(tl, "png", **_chart_options(args))),
        (args.svg, lambda tl: chart_bytes(tl, "svg", **_chart_options(args))),
        (args.pdf, lambda tl: chart_bytes(tl, "pdf", **_chart_options(args))),
        (args.timelinejs, _export("to_timelinejs")),
        (args.csv, _export("to_csv")),
        (args.md, lambda tl: _export("to_markdown")(tl, everything=args.all,
                                                    max_events=_max_events(args))),
        (args.html, lambda tl: _export("to_html")(tl, everything=args.all,
                                                  **_chart_options(args))),
        (args.timeml, _export("to_timeml")),
    ]
    return [(path, fn) for path, fn in table if path]


def _max_events(args: argparse.Namespace) -> int:
    from timeline.timeline import DEFAULT_MAX_EVENTS

    return DEFAULT_MAX_EVENTS if args.max_events is None else args.max_events


def format_table(tl: Any, width: int | None = None, everything: bool = True,
                 max_events: int | None = None) -> str:
    """The ordered timeline as a plain-text table for the terminal: every dated event, or
    (``everything=False``) the salient ones, at most ``max_events`` (default
    :data:`timeline.timeline.DEFAULT_MAX_EVENTS`) chosen by
    :func:`timeline.salience.table_events`."""
    width = width or shutil.get_terminal_size((100, 20)).columns
    rows = [("date", "granularity", "event", "how dated")]
    if everything:
        shown = tl.ordered_events()
    else:
        from timeline.salience import table_events
        from timeline.timeline import DEFAULT_MAX_EVENTS

        shown = table_events(tl, DEFAULT_MAX_EVENTS if max_events is None else max_events)
    left_out = len(tl.order) - len(shown)
    for ev in shown:
        t = ev.time
        how = t.source + ("" if t.relation == "within" else f" ({t.relation})")
        rows.append((t.value, t.granularity, ev.label() or ev.trigger.text, how))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    widths[2] = min(widths[2], max(20, width - widths[0] - widths[1] - 30))
    lines = []
    for i, row in enumerate(rows):
        event = textwrap.shorten(row[2], widths[2], placeholder="…")
        lines.append(
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {event:<{widths[2]}}  {row[3]}"
        )
        if i == 0:
            lines.append("-" * min(width, sum(widths) + 6 + len("inherited-from-sentence")))
    undated = [tl.event(i) for i in tl.undated if everything or tl.event(i).salient]
    if left_out:
        lines.append(f"({left_out} minor dated events not shown: --all lists every event)")
    if undated:
        lines.append("")
        lines.append(f"undated ({len(undated)}): " + "; ".join(
            f"{e.label() or e.trigger.text}" + (
                f" [{e.modality}]" if e.modality in ("hypothetical", "negated") else "")
            for e in undated))
    head = f"{tl.document.title or tl.document.id or 'document'} — published " \
           f"{tl.document.published.date().isoformat()} ({tl.document.published_source})"
    return head + "\n\n" + "\n".join(lines)


def _check_outputs(outputs: list[tuple[str, Callable[..., str | bytes]]]) -> None:
    for path, _ in outputs:
        if path != "-":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise OutputError(f"cannot write {path}: folder {parent} does not exist")


def _write_outputs(outputs: list[tuple[str, Callable[..., str | bytes]]], value: Any) -> None:
    from timeline.output import write_atomic

    for path, fn in outputs:
        try:
            write_atomic(path, fn(value))
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def format_merged_table(merged: Any, width: int | None = None) -> str:
    """A merged timeline as a plain-text table: date, event, the documents reporting it."""
    width = width or shutil.get_terminal_size((100, 20)).columns
    rows = [("date", "event", "sources")]
    for m in merged.ordered_events():
        ids = ", ".join(dict.fromkeys(str(d.id or "?") for d, _ in m.sources))
        rows.append((m.event.time.value, m.event.label() or m.event.trigger.text, ids))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    widths[1] = min(widths[1], max(20, width - widths[0] - 30))
    lines = []
    for i, row in enumerate(rows):
        event = textwrap.shorten(row[1], widths[1], placeholder="…")
        lines.append(f"{row[0]:<{widths[0]}}  {event:<{widths[1]}}  {row[2]}")
        if i == 0:
            lines.append("-" * min(width, sum(widths) + 14))
    if merged.undated:
        lines.append("")
        lines.append(f"undated: {len(merged.undated)} events")
    head = f"{merged.summary_document().title}"
    return head + "\n\n" + "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    from timeline.render.background import chart_renderer

    # first, so that the chart process imports matplotlib while this one imports spaCy
    with chart_renderer([fmt for fmt in CHART_FORMATS if getattr(args, fmt)]) as chart_bytes:
        return _extract(args, chart_bytes)


def _read_inputs(args: argparse.Namespace, read: Callable[..., list[Any]]
                 ) -> tuple[list[Any], list[str]]:
    """The documents of the inputs, and the errors of those that could not be read. With
    ``--merge`` one unreadable document does not stop the others: its error is printed and
    the timeline is that of the rest (unless none is left)."""
    documents: list[Any] = []
    failed: list[str] = []

    def report(message: str) -> None:
        failed.append(message)
        print(f"timeline: error: {message}", file=sys.stderr)

    for source in args.article:
        options = {"published": args.published, "title": args.title,
                   "max_chars": args.max_chars}
        if not args.merge:
            documents.extend(read(source, **options))
            continue
        try:
            documents.extend(read(source, on_error=report, **options))
        except Exception as exc:
            if not (_is_timeline_error(exc) or isinstance(exc, CommandError)):
                raise
            report(str(exc))
    if args.merge and not documents:
        raise InputError(f"none of the {len(failed)} documents could be read")
    return documents, failed


def _extract(args: argparse.Namespace, chart_bytes: Callable[..., bytes]) -> int:
    own_process = getattr(args, "own_process", False)
    if own_process:
        # Importing spaCy and loading the model make ~100,000 container objects that live
        # to the end, and no garbage: the cyclic collector would only walk them again and
        # again (0.15-0.25 s). Paused until the model is loaded; then they are frozen, so
        # that no later collection walks them (at exit neither).
        gc.disable()
    from timeline.nlp import get_nlp
    from timeline.pipeline import timelines
    from timeline.sources import read_documents

    check_interrupted()  # the imports may have swallowed a Ctrl-C
    documents, failed = _read_inputs(args, read_documents)
    if len(documents) > 1 and not args.merge:
        raise UsageError(f"{len(documents)} documents given: add --merge for one timeline "
                         "across them, or use timeline batch for one timeline each")
    if args.merge and args.timeml:
        raise UsageError("--timeml needs the text of one document; it cannot be merged")
    outputs = _outputs(args, chart_bytes)
    _check_outputs(outputs)
    get_nlp()  # loaded before the collector is frozen
    check_interrupted()
    if own_process:
        gc.freeze()
        gc.enable()
    results = []
    with _progress(sum(len(d.text) for d in documents), args.quiet) as bar:

        def progress(chars: int) -> None:
            check_interrupted()  # after each section of a long text
            bar.update(chars)

        for tl in timelines(documents, on_progress=progress, dayfirst=args.dayfirst):
            check_interrupted()
            results.append(tl.without_reporting() if args.no_reporting else tl)
    if args.merge:
        from timeline.merge import merge

        merged = merge(results, entity=args.entity)
        view = merged.as_timeline()
        # the JSON is the merged timeline (with every event's sources); the other outputs
        # draw the merged events as one timeline
        # (TimelineJS slides list their sources)
        special = {args.json: lambda _: merged.to_json(),
                   args.timelinejs: lambda _: merged.to_timelinejs()}
        _write_outputs([(path, special.get(path, fn)) for path, fn in outputs], view)
        if not outputs:
            print(format_merged_table(merged))
        if failed:
            print(f"timeline: {len(failed)} of {len(failed) + len(documents)} documents could "
                  "not be read; the timeline is that of the others", file=sys.stderr)
            return EXIT_INPUT
        return EXIT_OK
    tl = results[0]
    if args.entity:
        from timeline.entity_matching import filter_entity

        tl = filter_entity(tl, args.entity)
    _write_outputs(outputs, tl)
    if not outputs:
        print(format_table(tl, everything=args.all, max_events=args.max_events))
    return EXIT_OK


#: Texts shorter than this parse in a second or two: no progress bar for them.
PROGRESS_MIN_CHARS = 200_000


def _progress(total_chars: int, quiet: bool) -> Any:
    """A progress bar on stderr, in characters parsed, for long inputs on a terminal."""
    from timeline.batch import progress_bar

    return progress_bar(total_chars, quiet or total_chars < PROGRESS_MIN_CHARS, unit="char",
                        unit_scale=True, leave=False, smoothing=0.3)


def cmd_eval(args: argparse.Namespace) -> int:
    for path in args.gold:
        if not Path(path).exists():
            raise InputError(f"no such file or folder: {path}")
    if args.what == "tls":
        return _run_eval_tls(args)
    if args.what == "timeline2015":
        from timeline.evaluation.timeline2015 import run_eval_timeline2015

        if len(args.gold) != 2:
            raise UsageError("timeline2015 takes two paths: GOLD_TIMELINES DOCS")
        return run_eval_timeline2015(args.gold[0], args.gold[1], baseline=args.baseline,
                                     json_path=args.json, out_dir=args.out, out=sys.stdout)
    if args.what == "reader":
        from timeline.evaluation.reader import run_eval_reader

        if len(args.gold) != 2:
            raise UsageError("reader takes two paths: GOLD.jsonl ARTICLES_DIR")
        if args.baseline or args.out:
            raise UsageError("--baseline and --out are not for reader")
        code = run_eval_reader(args.gold[0], args.gold[1], show_errors=args.errors,
                               json_path=args.json, out=sys.stdout)
        return EXIT_INPUT if code == 2 else code
    if args.out:
        raise UsageError("--out is for timeline2015 and tls")
    if args.what == "phrases":
        from timeline.evaluation.phrases import run_eval_phrases

        code = run_eval_phrases(args.gold, show_errors=args.errors, json_path=args.json,
                                out=sys.stdout)
        return EXIT_INPUT if code == 2 else code
    if args.what == "arguments":
        from timeline.evaluation.arguments import run_eval_arguments

        code = run_eval_arguments(args.gold, baseline=args.baseline, show_errors=args.errors,
                                  json_path=args.json, out=sys.stdout)
        return EXIT_INPUT if code == 2 else code
    from timeline.evaluation.anchoring import run_eval_anchoring
    from timeline.evaluation.timex import run_eval_timex

    if args.what == "timex":
        code = run_eval_timex(args.gold, show_errors=args.errors, json_path=args.json,
                              out=sys.stdout)
    else:
        code = run_eval_anchoring(args.gold, show_errors=args.errors, json_path=args.json,
                                  baseline=args.baseline, out=sys.stdout)
    # the evaluators say 2 for gold data they cannot read: for the command that is bad input
    return EXIT_INPUT if code == 2 else code


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


#: ``timeline batch`` outputs of the merged timeline written to a path of the user's.
BATCH_PATH_OUTPUTS = ("png", "svg", "pdf", "timelinejs")


def cmd_batch(args: argparse.Namespace) -> int:
    from timeline.batch import BatchOptions, run_batch

    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.published is not None:
        from timeline.ingest import parse_published

        parse_published(args.published)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write to {out}: it is a file, not a folder")
    opts = BatchOptions(
        out=out, jobs=args.jobs, batch_size=args.batch_size, resume=args.resume,
        quiet=args.quiet, merge=args.merge, entity=args.entity, published=args.published,
        no_reporting=args.no_reporting, charts=tuple(args.chart or ()),
        exports=tuple(args.export or ()),
        outputs=tuple((fmt, getattr(args, fmt)) for fmt in BATCH_PATH_OUTPUTS
                      if getattr(args, fmt)),
        chart_options={"width": args.width, "dpi": args.dpi, "theme": args.theme},
        engine=args.engine, scheduler=args.scheduler, max_chars=args.max_chars,
    )
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _interrupt)  # a killed batch cleans up like Ctrl-C
    try:
        report = run_batch(args.inputs, opts)
    except PermissionError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        print(f"timeline: {report.summary()}", file=sys.stderr)
        if report.failed:
            print(f"timeline: failures are listed in {out / 'errors.jsonl'}", file=sys.stderr)
    return EXIT_INPUT if report.failed else EXIT_OK


# ----------------------------------------------------------------------------- summarize


def _date_option(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


_positive = _bounded(int, 1, 10_000, "count")


def cmd_summarize(args: argparse.Namespace) -> int:
    """``timeline summarize``: a story's timeline of L dates, K sentences each."""
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.start and args.end and args.start > args.end:
        raise UsageError("--from is after --to")
    if args.published is not None:
        from timeline.ingest import parse_published

        parse_published(args.published)
    for source in args.inputs:
        if not Path(source).exists():
            raise InputError(f"no such file or folder: {source}")
    outputs: list[tuple[str, Callable[[Any], str | bytes]]] = []
    chart = {"width": args.width, "dpi": args.dpi, "theme": args.theme}
    for path, fn in [
        (args.json, lambda s: s.to_json()),
        (args.md, lambda s: s.to_markdown()),
        (args.timelinejs, lambda s: s.to_timelinejs()),
        (args.txt, lambda s: s.to_reference_text()),
        (args.png, lambda s: _summary_chart(s, "png", chart)),
        (args.svg, lambda s: _summary_chart(s, "svg", chart)),
        (args.pdf, lambda s: _summary_chart(s, "pdf", chart)),
    ]:
        if path:
            outputs.append((path, fn))
    _check_outputs(outputs)
    from timeline.summarize import summarize
    from timeline.summarize.corpus import in_range, load_articles

    failures: list[str] = []

    def on_error(item: Any, error: str) -> None:
        failures.append(f"{item.source}: {error}")

    # articles published up to a week before --from still date events inside the range
    import datetime as dt

    first = args.start - dt.timedelta(days=7) if args.start else None
    articles = load_articles(
        args.inputs, cache=args.cache, jobs=args.jobs, engine=args.engine,
        scheduler=args.scheduler, published=args.published,
        keep=in_range(first, args.end + dt.timedelta(days=7) if args.end else None),
        progress=not args.quiet and sys.stderr.isatty(), on_error=on_error)
    if not articles:
        raise InputError("no readable article in the inputs" + (
            f" (first failure: {failures[0]})" if failures else ""))
    summary = summarize(articles, dates=args.dates, sentences=args.sentences,
                        start=args.start, end=args.end, query=args.query, entity=args.entity)
    _write_outputs(outputs, summary)
    if not outputs:
        print(summary.to_table(), end="")
    if failures and not args.quiet:
        print(f"timeline: {len(failures)} documents could not be read; first: {failures[0]}",
              file=sys.stderr)
    return EXIT_OK


def _summary_chart(summary: Any, fmt: str, options: dict[str, Any]) -> bytes:
    from timeline.render.chart import chart_bytes

    return chart_bytes(summary.as_timeline(), fmt, **options)


def _add_summarize(sub: Any) -> None:
    su = sub.add_parser(
        "summarize", help="a story's timeline: L dates, K article sentences each",
        description="Summarize the coverage of a story (folders, JSONL, HTML, text files; "
        "Timeline17 story folders) as a timeline of L dates with K extractive sentences "
        "each. Without output options, print it as a table.")
    su.add_argument("inputs", nargs="+", metavar="INPUT", help="file or folder")
    su.add_argument("--dates", "-L", type=_positive, default=10, metavar="L",
                    help="number of dates (default 10)")
    su.add_argument("--sentences", "-K", type=_positive, default=2, metavar="K",
                    help="sentences per date (default 2)")
    su.add_argument("--from", dest="start", type=_date_option, metavar="DATE",
                    help="first date of the timeline (ISO)")
    su.add_argument("--to", dest="end", type=_date_option, metavar="DATE",
                    help="last date of the timeline (ISO)")
    su.add_argument("--query", metavar="WORDS",
                    help="keep the events whose sentence has one of these words")
    su.add_argument("--entity", metavar="NAME", help="keep the events NAME takes part in")
    su.add_argument("--published", metavar="DATE",
                    help="publication date of every document (overrides their own)")
    su.add_argument("--cache", metavar="DIR",
                    help="keep parsed articles in DIR: a second run reads them back")
    su.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="parser processes, or Dask workers of a local cluster (default 1)")
    su.add_argument("--engine", choices=("local", "dask"), default="local")
    su.add_argument("--scheduler", metavar="ADDRESS", help="(dask) an existing scheduler")
    su.add_argument("--quiet", action="store_true", help="no progress bar")
    group = su.add_argument_group("outputs (PATH or - for stdout where the format is text)")
    for flag, what in [("json", "summary JSON"), ("md", "Markdown"),
                       ("timelinejs", "TimelineJS JSON"),
                       ("txt", "Timeline17 format (date line, sentences, dashes)"),
                       ("png", "chart as PNG"), ("svg", "chart as SVG"),
                       ("pdf", "chart as PDF")]:
        group.add_argument(f"--{flag}", metavar="PATH", help=what)
    su.add_argument("--width", type=_width, default=6.27, help="chart width, inches")
    su.add_argument("--dpi", type=_dpi, default=200, help="chart resolution")
    su.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    su.set_defaults(func=cmd_summarize)


def _run_eval_tls(args: argparse.Namespace) -> int:
    from timeline.evaluation.tls import run_eval_tls

    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    code = run_eval_tls(args.gold, baseline=args.baseline, cache=args.cache, jobs=args.jobs,
                        engine=args.engine, out_dir=args.out, json_path=args.json,
                        progress=sys.stderr.isatty(), out=sys.stdout)
    return EXIT_INPUT if code == 2 else code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Dated event timelines from news articles.",
        epilog="Exit codes: 0 ok, 2 usage, 3 input error, 4 output error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract the timeline of one article (or merge several)",
                        description="Extract the dated event timeline of an article: a text "
                        "file (any encoding), a saved web page (.html), a JSON document or a "
                        "JSONL file. Without output options, print it as a table.")
    ex.add_argument("article", nargs="+", metavar="ARTICLE",
                    help="text, HTML, JSON or JSONL file, or - for stdin; several with --merge")
    ex.add_argument("--published", metavar="DATE",
                    help="publication date, ISO 8601 (2024-12-03 or 2024-12-03T09:30+01:00); "
                    "default: the page's metadata, the JSON field, or a dateline at the top "
                    "of the article")
    ex.add_argument("--title", help="document title (default: the headline line, if any)")
    ex.add_argument("--max-chars", type=_max_chars, default=None, metavar="N",
                    help="refuse a document longer than N characters (default 10,000,000; "
                    "longer texts are parsed in sections, so time grows with the length)")
    ex.add_argument("--quiet", action="store_true",
                    help="no progress bar (shown on a terminal for long inputs)")
    order = ex.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       default=None, help="read numeric dates such as 3/4/2013 day first "
                       "(3 April)")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="read them month first (March 4); default: from the document "
                       "(an unambiguous numeric date in it, its dateline, its site's country), "
                       "else month first")
    ex.add_argument("--no-reporting", action="store_true",
                    help="leave out reporting events (said, told, ...)")
    ex.add_argument("--merge", action="store_true",
                    help="one timeline across all the documents; an event reported by several "
                    "is shown once with all its sources")
    ex.add_argument("--all", action="store_true",
                    help="table: list every event (default: the salient ones, as the chart)")
    ex.add_argument("--entity", metavar="NAME",
                    help="keep only the events NAME takes part in, found by its names, short "
                    "forms ('Jobs', '3G', initials), the aliases the articles teach "
                    "('Volkswagen (VW)'), descriptions and pronouns (docs/batch.md)")
    group = ex.add_argument_group("outputs (PATH or - for stdout where the format is text)")
    for flag, what in [("json", "timeline JSON"), ("png", "chart as PNG"),
                       ("svg", "chart as SVG"), ("pdf", "chart as PDF"),
                       ("timelinejs", "TimelineJS JSON"), ("csv", "CSV, one row per event"),
                       ("md", "Markdown table"), ("html", "standalone HTML page"),
                       ("timeml", "TimeML-annotated text")]:
        group.add_argument(f"--{flag}", metavar="PATH", help=what)
    chart = ex.add_argument_group("chart")
    chart.add_argument("--width", type=_width, default=6.27,
                       help="inches, 1 to 40 (default A4 text width)")
    chart.add_argument("--dpi", type=_dpi, default=200, help="30 to 1200 (default 200)")
    chart.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    chart.add_argument("--lanes", choices=("none", "entity", "document"), default="none")
    chart.add_argument("--events", choices=("salient", "dated", "all"), default="salient",
                       help="salient: the events a reader needs, dated by the text (default); "
                       "dated: every event the text dates; all: also those dated only by the "
                       "publication date")
    chart.add_argument("--max-events", type=int, metavar="N",
                       help="at most N dated events in the table, the chart, --md and --html "
                       "(default 12: what an A4-wide chart holds; those the text dates itself "
                       "first, then the headline and lead, then the article's main actors)")
    ex.set_defaults(func=cmd_extract)

    ba = sub.add_parser("batch", help="timelines of many documents",
                        description="One timeline JSON per document (DIR/documents/), failures "
                        "in DIR/errors.jsonl, optionally one merged timeline (DIR/timeline.json) "
                        "and its chart. Inputs: files, folders (walked recursively), JSON and "
                        "JSONL files. Exit code 3 when some documents failed.")
    ba.add_argument("inputs", nargs="+", metavar="INPUT", help="file or folder")
    ba.add_argument("--out", required=True, metavar="DIR", help="output folder")
    ba.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="parser processes (spaCy nlp.pipe n_process), or Dask workers of a "
                    "local cluster (default 1)")
    ba.add_argument("--batch-size", type=int, default=16, metavar="N",
                    help="documents per spaCy batch (default 16)")
    ba.add_argument("--resume", action="store_true",
                    help="skip the documents whose output already exists")
    ba.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    ba.add_argument("--max-chars", type=_max_chars, default=None, metavar="N",
                    help="a document longer than N characters is an error (default "
                    "10,000,000)")
    ba.add_argument("--published", metavar="DATE",
                    help="publication date of every document (overrides their own)")
    ba.add_argument("--no-reporting", action="store_true",
                    help="leave out reporting events (said, told, ...)")
    ba.add_argument("--merge", action="store_true",
                    help="also write one timeline across all documents: DIR/timeline.json")
    ba.add_argument("--entity", metavar="NAME",
                    help="keep only the events NAME takes part in (names, short forms, "
                    "aliases the articles teach, descriptions, pronouns: docs/batch.md)")
    ba.add_argument("--chart", action="append", choices=("png", "svg", "pdf"), metavar="FMT",
                    help="also draw the merged timeline: DIR/timeline.FMT (png, svg or pdf; "
                    "repeatable)")
    ba.add_argument("--export", action="append", choices=("timelinejs", "csv", "md", "html"),
                    metavar="FMT", help="also export the merged timeline: DIR/timeline.csv, "
                    ".md, .html or .timelinejs.json (repeatable)")
    for flag, what in [("png", "chart as PNG"), ("svg", "chart as SVG"),
                       ("pdf", "chart as PDF"), ("timelinejs", "TimelineJS JSON")]:
        ba.add_argument(f"--{flag}", metavar="PATH",
                        help=f"also write the merged timeline's {what} to PATH")
    ba.add_argument("--width", type=_width, default=6.27, help="chart width, inches, 1 to 40")
    ba.add_argument("--dpi", type=_dpi, default=200, help="chart resolution, 30 to 1200")
    ba.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    ba.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="local processes (default) or a Dask cluster")
    ba.add_argument("--scheduler", metavar="ADDRESS",
                    help="(dask) address of an existing scheduler, e.g. tcp://host:8786; "
                    "default: start a local cluster of --jobs workers")
    ba.set_defaults(func=cmd_batch)

    ev = sub.add_parser("eval", help="measure against gold annotations",
                        description="Score the extractor on TimeML documents (the DCT is the "
                        "publication date), or on SemEval-2015 Task 4 timelines.")
    ev.add_argument("what", choices=("timex", "anchoring", "timeline2015", "arguments", "tls",
                                     "reader", "phrases"),
                    help="timex: TempEval-3 Task A; anchoring: event dating via TLINKs; "
                    "timeline2015: SemEval-2015 Task 4 TimeLine (GOLD_TIMELINES DOCS); "
                    "arguments: who did what, against MEANTIME CAT XML roles; "
                    "tls: timeline summarization on Timeline17 story folders; "
                    "reader: the default table against reader timelines (GOLD.jsonl "
                    "ARTICLES_DIR); "
                    "phrases: everyday time phrases (a folder with phrases.jsonl)")
    ev.add_argument("gold", nargs="+", metavar="GOLD",
                    help="TimeML files or folders; for timeline2015 the folder of gold "
                    "timelines then the folder of CAT documents")
    ev.add_argument("--errors", action="store_true", help="list every error with its context")
    ev.add_argument("--json", metavar="PATH", help="write figures and errors as JSON")
    ev.add_argument("--baseline", action="store_true",
                    help="score the naive baseline instead (anchoring: nearest date; "
                    "timeline2015: verbs of sentences naming the entity, nearest date; "
                    "arguments: subject and object subtrees of every verb)")
    ev.add_argument("--out", metavar="DIR",
                    help="(timeline2015, tls) write our timelines in the task's format")
    ev.add_argument("--cache", metavar="DIR", help="(tls) keep parsed articles in DIR")
    ev.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="(tls) parser processes or Dask workers")
    ev.add_argument("--engine", choices=("local", "dask"), default="local",
                    help="(tls) local processes or a Dask cluster")
    ev.set_defaults(func=cmd_eval)
    _add_summarize(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; ``argv`` None (the arguments of the process) means that this process
    is the ``timeline`` command and ends when ``main`` returns."""
    own_process = argv is None
    if own_process and threading_is_main():
        # before any heavy import: a Ctrl-C from now on is remembered even where a library
        # swallows the KeyboardInterrupt (see _on_interrupt)
        _INTERRUPTED[0] = False
        signal.signal(signal.SIGINT, _on_interrupt)
        sys.unraisablehook = _unraisable
        sys.meta_path.insert(0, _InterruptedImports)  # type: ignore[arg-type]
    code = EXIT_INTERNAL
    try:
        try:
            args = build_parser().parse_args(argv)
        except KeyboardInterrupt:
            print("timeline: interrupted", file=sys.stderr)
            code = EXIT_INTERRUPTED
            return code
        args.own_process = own_process
        code = _run(args)
        return code
    finally:
        if own_process:
            # the process ends: without this, the collections of the interpreter's shutdown
            # walk every object again (0.4-0.5 s with spaCy loaded)
            gc.freeze()
            if code == EXIT_INTERRUPTED or _INTERRUPTED[0]:
                # interrupted, and everything of ours cleaned up (the chart process reaped,
                # temporary files removed): end now, with 130. The interpreter's shutdown
                # could otherwise turn a late interrupt into a death by SIGINT (-2).
                sys.stderr.flush()
                os._exit(EXIT_INTERRUPTED)


def threading_is_main() -> bool:
    """Whether this is the main thread (the only one that may set signal handlers)."""
    import threading

    return threading.current_thread() is threading.main_thread()


def _show_warning(message: Warning | str, category: type[Warning], filename: str,
                  lineno: int, file: Any = None, line: str | None = None) -> None:
    """Warnings of ours as one line (``timeline: warning: ...``), never a source line."""
    print(f"timeline: warning: {message}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except InputError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if _is_timeline_error(exc):
            print(f"timeline: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        if isinstance(exc, BrokenPipeError):
            return EXIT_OK
        # a bug: one line and exit code 1, the traceback on request
        if os.environ.get("TIMELINE_DEBUG"):
            raise
        print(f"timeline: internal error: {type(exc).__name__}: {exc} "
              "(set TIMELINE_DEBUG=1 to see the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
