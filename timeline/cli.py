"""The ``timeline`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 unexpected internal error; 2 usage error (bad options);
3 input error (missing or unreadable file, bad encoding, bad or missing publication date,
bad TimeML); 4 output error (cannot write a result); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from timeline import __version__
from timeline.ingest import TimelineError

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_INPUT, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


class InputError(TimelineError):
    pass


class OutputError(TimelineError):
    pass


def read_article(source: str) -> str:
    """The text of a UTF-8 file, or of stdin for ``-``."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {source}") from None
    except IsADirectoryError:
        raise InputError(f"{source} is a folder, not an article file") from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not UTF-8 text (byte {exc.start}); convert it with iconv first"
        ) from None


def _chart_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"width": args.width, "dpi": args.dpi, "theme": args.theme, "title": args.title,
            "lanes": args.lanes}


def _outputs(args: argparse.Namespace) -> list[tuple[str, Callable[..., str | bytes]]]:
    from timeline import export
    from timeline.render.chart import chart_bytes

    table: list[tuple[str | None, Callable[..., str | bytes]]] = [
        (args.json, lambda tl: tl.to_json()),
        (args.png, lambda tl: chart_bytes(tl, "png", **_chart_options(args))),
        (args.svg, lambda tl: chart_bytes(tl, "svg", **_chart_options(args))),
        (args.pdf, lambda tl: chart_bytes(tl, "pdf", **_chart_options(args))),
        (args.timelinejs, export.to_timelinejs),
        (args.csv, export.to_csv),
        (args.md, export.to_markdown),
        (args.html, lambda tl: export.to_html(tl, **_chart_options(args))),
        (args.timeml, export.to_timeml),
    ]
    return [(path, fn) for path, fn in table if path]


def format_table(tl: Any, width: int | None = None) -> str:
    """The ordered timeline as a plain-text table for the terminal."""
    width = width or shutil.get_terminal_size((100, 20)).columns
    rows = [("date", "granularity", "event", "how dated")]
    for ev in tl.ordered_events():
        t = ev.time
        how = t.source + ("" if t.relation == "within" else f" ({t.relation})")
        rows.append((t.value, t.granularity, ev.label() or ev.trigger.text, how))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    widths[2] = min(widths[2], max(20, width - widths[0] - widths[1] - 30))
    lines = []
    for i, row in enumerate(rows):
        event = textwrap.shorten(row[2], widths[2], placeholder="…")
        lines.append(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {event:<{widths[2]}}  {row[3]}")
        if i == 0:
            lines.append("-" * min(width, sum(widths) + 6 + len("inherited-from-sentence")))
    undated = [tl.event(i) for i in tl.undated]
    if undated:
        lines.append("")
        lines.append(f"undated ({len(undated)}): " + ", ".join(
            f"{e.trigger.text}" + (f" [{e.modality}]" if e.modality in ("hypothetical", "negated")
                                   else "") for e in undated))
    head = f"{tl.document.title or tl.document.id or 'document'} — published " \
           f"{tl.document.published.date().isoformat()} ({tl.document.published_source})"
    return head + "\n\n" + "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    from timeline.ingest import make_document
    from timeline.nlp import get_nlp
    from timeline.output import write_atomic
    from timeline.pipeline import build_timeline

    text = read_article(args.article)
    doc_id = None if args.article == "-" else Path(args.article).name
    document = make_document(text, args.published, title=args.title, doc_id=doc_id)
    tl = build_timeline(document, get_nlp()(text))
    if args.no_reporting:
        tl = tl.without_reporting()
    outputs = _outputs(args)
    for path, fn in outputs:
        if path != "-":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise OutputError(f"cannot write {path}: folder {parent} does not exist")
    for path, fn in outputs:
        try:
            write_atomic(path, fn(tl))
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if not outputs:
        print(format_table(tl))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from timeline.evaluation.anchoring import run_eval_anchoring
    from timeline.evaluation.timex import run_eval_timex

    for path in args.gold:
        if not Path(path).exists():
            raise InputError(f"no such file or folder: {path}")
    if args.what == "timex":
        return run_eval_timex(args.gold, show_errors=args.errors, json_path=args.json,
                              out=sys.stdout)
    return run_eval_anchoring(args.gold, show_errors=args.errors, json_path=args.json,
                              baseline=args.baseline, out=sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Dated event timelines from news articles.",
        epilog="Exit codes: 0 ok, 2 usage, 3 input error, 4 output error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"timeline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract the timeline of one article",
                        description="Extract the dated event timeline of one article. Without "
                        "output options, print it as a table.")
    ex.add_argument("article", help="UTF-8 text file, or - for stdin")
    ex.add_argument("--published", metavar="DATE",
                    help="publication date, ISO 8601 (2024-12-03 or 2024-12-03T09:30+01:00); "
                    "default: a dateline at the top of the article")
    ex.add_argument("--title", help="document title (default: the headline line, if any)")
    ex.add_argument("--no-reporting", action="store_true",
                    help="leave out reporting events (said, told, ...)")
    group = ex.add_argument_group("outputs (PATH or - for stdout where the format is text)")
    for flag, what in [("json", "timeline JSON"), ("png", "chart as PNG"),
                       ("svg", "chart as SVG"), ("pdf", "chart as PDF"),
                       ("timelinejs", "TimelineJS JSON"), ("csv", "CSV, one row per event"),
                       ("md", "Markdown table"), ("html", "standalone HTML page"),
                       ("timeml", "TimeML-annotated text")]:
        group.add_argument(f"--{flag}", metavar="PATH", help=what)
    chart = ex.add_argument_group("chart")
    chart.add_argument("--width", type=float, default=6.27, help="inches (default A4 text width)")
    chart.add_argument("--dpi", type=int, default=200)
    chart.add_argument("--theme", choices=("light", "dark", "print"), default="light")
    chart.add_argument("--lanes", choices=("none", "entity", "document"), default="none")
    ex.set_defaults(func=cmd_extract)

    ev = sub.add_parser("eval", help="measure against gold TimeML",
                        description="Score the extractor on TimeML documents (the DCT is the "
                        "publication date).")
    ev.add_argument("what", choices=("timex", "anchoring"),
                    help="timex: TempEval-3 Task A; anchoring: event dating via TLINKs")
    ev.add_argument("gold", nargs="+", metavar="GOLD", help="TimeML files or folders")
    ev.add_argument("--errors", action="store_true", help="list every error with its context")
    ev.add_argument("--json", metavar="PATH", help="write figures and errors as JSON")
    ev.add_argument("--baseline", action="store_true",
                    help="(anchoring) score the naive nearest-date baseline instead")
    ev.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except OutputError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except TimelineError as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
