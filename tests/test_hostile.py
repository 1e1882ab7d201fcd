"""Hostile inputs: every one gives a valid (possibly empty) timeline or a one-line error with
a documented exit code (docs/errors.md); never a traceback, never a partial output file,
never a changed input.

The CLI runs in-process (``timeline.cli.main``) so spaCy is loaded once; one test runs a real
``timeline batch`` process to interrupt it with SIGINT.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import interrupt

from timeline import extract
from timeline.cli import EXIT_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT, main
from timeline.ingest import MAX_CHARS, DocumentTooLong
from timeline.schema import validate

PUBLISHED = "2024-12-03"
STORY = ("GENEVA -- The rebels attacked the city on Monday. Two days later the army withdrew. "
         "Talks will resume next week.\n")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str) -> None:
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("timeline")


def extract_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes,
                 *extra: str, name: str = "article.txt") -> tuple[int, dict | None, str]:
    """Run ``timeline extract`` on ``data``; check the input is unchanged and that the JSON
    output exists only on success (and then validates)."""
    src = tmp_path / name
    src.write_bytes(data)
    before = _digest(src)
    target = tmp_path / "out.json"
    code, _, err = run_cli(capsys, "extract", str(src), "--json", str(target), *extra)
    assert _digest(src) == before, "the input was changed"
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"
    if code != EXIT_OK:
        assert_one_line_error(err)
        assert not target.exists(), "an output was written on error"
        return code, None, err
    assert "Traceback" not in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    validate(doc)
    return code, doc, err


# ----------------------------------------------------------------------------- content


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", EXIT_OK),  # empty file: an empty timeline
        (b"   \n\t\n  \r\n", EXIT_OK),  # whitespace only
        (b"Nothing happened here at all. People talked.\n", EXIT_OK),  # no dates
        (b"\x00\x01\x02\xff\xfe" * 2000 + bytes(range(256)) * 40, EXIT_INPUT),  # binary
        (b"Hello \xff\xfe\xfa world, on Monday the \xc3 talks began.", EXIT_OK),  # bad UTF-8
        ("The café opened on Monday. 🎉 Ω ≠ ∞ \u202e\u200b\ufeff".encode(), EXIT_OK),
        (b"\r\r\r\n\n\x0c\x0b" * 200, EXIT_OK),  # control characters and line breaks only
    ],
    ids=["empty", "whitespace", "no-dates", "binary", "invalid-utf8", "unicode", "controls"],
)
def test_content(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes,
                 expected: int) -> None:
    code, doc, _ = extract_json(capsys, tmp_path, data, "--published", PUBLISHED)
    assert code == expected
    if doc is not None and not data.strip(b" \n\t\r\x0b\x0c"):
        assert doc["events"] == [] and doc["time_expressions"] == []


def test_absurd_dates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = ("In the year 30000 the city fell. On February 30 the army attacked. On 31/31/2024 "
            "and on 2024-13-45 nothing happened. In 10000 BC, in the year 0 and on April 31, "
            "9,999,999 years ago, 100000 days later, the 0th century, the 99th of May.\n")
    code, doc, _ = extract_json(capsys, tmp_path, text.encode(), "--published", PUBLISHED)
    assert code == EXIT_OK and doc is not None
    for tx in doc["time_expressions"]:
        assert tx["value"] and text[tx["start"] : tx["end"]] == tx["text"]


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00",
                                       "0001-01-01T00:00:00-12:00", "2999-06-15"])
def test_extreme_publication_dates(published: str) -> None:
    text = ("Tomorrow the army will attack. Next year it will win. Yesterday it rested. Last "
            "week it slept. In 5000 years it will be gone. Next century the war ends. Two days "
            "later it fell. Next month, next quarter, next Monday, in the 2090s, 9,000 years "
            "ago and 100000 days later.")
    tl = extract(text, published)
    validate(tl.to_dict())


@pytest.mark.parametrize("published", ["2024-02-30", "2024-12-03T25:00", "", "  ", "yesterday",
                                       "12/03/2024", "2024-12-03T09:30+25:00", "10000-01-01",
                                       "\x00"])
def test_invalid_publication_date(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  published: str) -> None:
    code, _, err = extract_json(capsys, tmp_path, STORY.encode(), "--published", published)
    assert code == EXIT_INPUT and "publication date" in err


def test_missing_publication_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = extract_json(capsys, tmp_path, b"Talks began on Monday.\n")
    assert code == EXIT_INPUT and "--published" in err


def test_html_with_scripts_and_entities(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Attack &amp; response</title>
<script>alert("on Monday 2024-01-01");document.write("<p>Injected on Friday</p>")</script>
<style>p{color:red}</style></head><body><article><h1>Attack &amp; response</h1>
<p>The rebels attacked the city on Monday &mdash; officials said &lt;script&gt; two days later
&#x27;things&#x27; changed. &unknownentity; &#0; &#xD800; &#99999999;</p>
<script>var s = "</p><p>On Tuesday the script ran.</p>";</script>
<p>On December 1, 2024 the army withdrew. Nothing else happened&nbsp;there.</p>
</article></body></html>"""
    code, doc, _ = extract_json(capsys, tmp_path, html.encode(), "--published", PUBLISHED,
                                name="page.html")
    assert code == EXIT_OK and doc is not None
    assert doc["document"]["title"] == "Attack & response"
    text = json.dumps(doc)
    assert "alert(" not in text and "Injected" not in text and "script ran" not in text


def test_html_without_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    html = b"<html><head><script>var x = 1;</script></head><body></body></html>"
    code, _, err = extract_json(capsys, tmp_path, html, "--published", PUBLISHED,
                                name="empty.html")
    assert code == EXIT_INPUT and "no article text" in err


# ----------------------------------------------------------------------------- size


def test_long_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A 200,000-character line (one enormous word: fast through spaCy) and dates around it."""
    data = ("On Monday the talks began. " + "a" * 200_000 + " Two days later they ended.\n")
    code, doc, _ = extract_json(capsys, tmp_path, data.encode(), "--published", PUBLISHED)
    assert code == EXIT_OK and doc is not None
    assert doc["document"]["length"] == len(data)
    assert {tx["value"] for tx in doc["time_expressions"]} >= {"2024-12-02"}


def test_many_dates_in_one_line() -> None:
    """Thousands of matches on one line must not be quadratic (was minutes for 40,000)."""
    text = "2024 " * 4000 + "On Monday, December 2, 2024 the war began."
    tl = extract(text, PUBLISHED)  # speed is measured in bench/, not asserted here
    assert any(tx.value == "2024-12-02" for tx in tl.time_expressions)


def test_too_long_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A 20 MB article, over the default limit: refused at once with an error that names
    the option, nothing written."""
    data = b"The war began on Monday. " * (20_000_000 // 25)
    assert len(data) == 20_000_000
    code, _, err = extract_json(capsys, tmp_path, data, "--published", PUBLISHED)
    assert code == EXIT_INPUT and "too long" in err and "--max-chars" in err
    assert not list(tmp_path.glob("out*"))
    with pytest.raises(DocumentTooLong, match="max_chars"):
        extract("x" * (MAX_CHARS + 1), PUBLISHED)


def test_max_chars_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--max-chars`` lowers (or raises) the limit; the error names the option."""
    runs = [(("--max-chars", "10"), EXIT_INPUT, "at most 10)"),
            (("--max-chars", str(len(STORY))), EXIT_OK, "")]
    for n, (options, expected, message) in enumerate(runs):
        folder = tmp_path / str(n)
        folder.mkdir()
        code, _, err = extract_json(capsys, folder, STORY.encode(), "--published", PUBLISHED,
                                    *options)
        assert code == expected and message in err


def test_too_large_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file larger than any document the limit allows is not even read."""
    code, _, err = extract_json(capsys, tmp_path, b"a" * (41 * 2**20), "--published", PUBLISHED)
    assert code == EXIT_INPUT and "too large" in err and "--max-chars" in err


# ----------------------------------------------------------------------------- JSON inputs


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.json", b'{"text": "x", "published": "2024-01-01"', "not valid JSON"),
        ("a.json", b"[" * 100_000, "nested too deeply"),
        ("a.json", b"1e999999", "JSON object"),
        ("a.json", b'{"text": ["On Monday"], "published": "2024-01-01"}', '"text"'),
        ("a.json", b'{"text": "On Monday.", "published": 20240101}', '"published"'),
        ("a.json", b'{"text": "On Monday.", "published": "2024-01-01", "title": {}}', '"title"'),
        ("a.jsonl", b'not json at all\n{"text": "On Monday.", "published": "2024-01-01"}\n',
         "not JSON"),
        ("a.jsonl", b"[" * 100_000 + b"\n", "nested too deeply"),
    ],
    ids=["truncated", "deep", "number", "text-list", "published-int", "title-object",
         "jsonl-not-json", "jsonl-deep"],
)
def test_bad_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes,
                  message: str) -> None:
    code, _, err = extract_json(capsys, tmp_path, data, name=name)
    assert code == EXIT_INPUT and message in err


def test_batch_bad_jsonl_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """In a batch, each bad line is an errors.jsonl record and the good ones go through."""
    src = tmp_path / "wire.jsonl"
    src.write_bytes(b'{"id": "a", "published": "2024-01-01", "text": "On Monday it rained."}\n'
                    b"not json at all\n" + b"[" * 50_000 + b"\n\xff\xfe\x00\n"
                    b'{"id": "c", "published": "garbage", "text": "On Monday."}\n'
                    b'{"id": "d", "published": "2024-01-01", "text": "Next week."}\n')
    before = _digest(src)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(src), "--out", str(out), "--quiet")
    assert code == EXIT_INPUT and "Traceback" not in err
    assert _digest(src) == before
    records = [json.loads(ln) for ln in (out / "errors.jsonl").read_text().splitlines()]
    assert len(records) == 4 and all(r["stage"] == "read" for r in records)
    done = sorted(p.name for p in (out / "documents" / "wire").iterdir())
    assert done == ["a.json", "d.json"]


# ----------------------------------------------------------------------------- TimeML


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TimeML><DOCID>x</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-01"
functionInDocument="CREATION_TIME">1998-01-01</TIMEX3></DCT><TEXT>&lol3;</TEXT></TimeML>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TimeML><DOCID>x</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-01"
functionInDocument="CREATION_TIME">1998-01-01</TIMEX3></DCT><TEXT>&xxe;</TEXT></TimeML>
"""


@pytest.mark.parametrize("xml", [BOMB, XXE, "<TimeML><TEXT>unclosed", "\x00\x01binary"],
                         ids=["bomb", "xxe", "malformed", "binary"])
@pytest.mark.parametrize("what", ["timex", "anchoring"])
def test_hostile_timeml(capsys: pytest.CaptureFixture[str], tmp_path: Path, xml: str,
                        what: str) -> None:
    gold = tmp_path / "doc.tml"
    gold.write_text(xml, encoding="utf-8")
    code, out, err = run_cli(capsys, "eval", what, str(gold))
    assert code == EXIT_INPUT  # eval: gold data that cannot be read (docs/errors.md)
    assert_one_line_error(err)
    assert "root:" not in out + err  # /etc/passwd was not read


# ----------------------------------------------------------------------------- paths


def test_missing_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "extract", str(tmp_path / "nope.txt"), "--published",
                           PUBLISHED)
    assert code == EXIT_INPUT and "no such file" in err
    assert_one_line_error(err)
    code, _, err = run_cli(capsys, "extract", str(tmp_path), "--published", PUBLISHED)
    assert code == EXIT_INPUT and "folder" in err
    code, _, err = run_cli(capsys, "eval", "timex", str(tmp_path / "nope"))
    assert code == EXIT_INPUT
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(tmp_path / "nope.txt"), "--out", str(out),
                           "--quiet")
    assert code == EXIT_INPUT and "Traceback" not in err
    assert "no such file" in (out / "errors.jsonl").read_text()


def test_output_folder_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(STORY)
    for target in (tmp_path / "no" / "such" / "x.json", src / "x.json"):
        code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                               "--json", str(target))
        assert code == EXIT_OUTPUT
        assert_one_line_error(err)
    code, _, err = run_cli(capsys, "batch", str(src), "--out", str(src), "--quiet")
    assert code == EXIT_OUTPUT
    assert_one_line_error(err)


def test_output_not_writable(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 4 and no file when the folder refuses writes (simulated: tests may run as root,
    which ignores permissions); the real chmod case runs when not root."""
    src = tmp_path / "a.txt"
    src.write_text(STORY)
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        ro.chmod(0o555)
        try:
            code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                                   "--json", str(ro / "x.json"), "--csv", str(ro / "x.csv"))
            assert code == EXIT_OUTPUT and "cannot write" in err
            assert_one_line_error(err)
            code, _, err = run_cli(capsys, "batch", str(src), "--out", str(ro / "b"), "--quiet")
            assert code == EXIT_OUTPUT
            assert_one_line_error(err)
        finally:
            ro.chmod(0o755)
        assert list(ro.iterdir()) == []

    import tempfile

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                           "--json", str(ro / "x.json"))
    assert code == EXIT_OUTPUT and "Permission denied" in err
    assert_one_line_error(err)
    code, _, err = run_cli(capsys, "batch", str(src), "--out", str(ro / "b"), "--quiet")
    assert code == EXIT_OUTPUT
    assert_one_line_error(err)
    assert list(ro.rglob("*.json")) == []


def test_failure_while_writing_leaves_no_partial_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills up in the middle of a write: exit 4, no file, no temporary file."""
    src = tmp_path / "a.txt"
    src.write_text(STORY)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r": Full(real_fdopen(fd, mode)))
    code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                           "--json", str(tmp_path / "x.json"))
    assert code == EXIT_OUTPUT and "No space left" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_internal_error_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug anywhere: exit 1 and one line, not a traceback."""
    import timeline.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(timeline.pipeline, "build_timeline", boom)
    src = tmp_path / "a.txt"
    src.write_text(STORY)
    code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                           "--json", str(tmp_path / "x.json"))
    assert code == 1 and "internal error" in err and "boom" in err
    assert_one_line_error(err)
    assert not (tmp_path / "x.json").exists()


def test_interrupted_extract(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    import timeline.pipeline

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(timeline.pipeline, "build_timeline", interrupt)
    src = tmp_path / "a.txt"
    src.write_text(STORY)
    code, _, err = run_cli(capsys, "extract", str(src), "--published", PUBLISHED,
                           "--json", str(tmp_path / "x.json"))
    assert code == EXIT_INTERRUPTED and err.strip() == "timeline: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_the_middle_of_a_batch(tmp_path: Path, jobs: str) -> None:
    """SIGINT to the process group of a running batch (what Ctrl-C does): exit 130, one
    line (no traceback from spaCy's workers either), every output complete, no temporary
    file, the input unchanged. With --jobs 2 this used to hang for ever."""
    src = tmp_path / "docs.jsonl"
    line = {"published": "2024-12-03", "text": STORY * 3}
    src.write_text("".join(json.dumps({**line, "id": f"d{i:03d}"}) + "\n" for i in range(300)))
    before = _digest(src)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "timeline", "batch", str(src), "--out", str(out),
           "--batch-size", "4", "--jobs", jobs]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    docs = out / "documents" / "docs"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if docs.is_dir() and len(list(docs.glob("*.json"))) >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    text = interrupt(proc, "batch")
    assert proc.returncode == EXIT_INTERRUPTED, text
    assert "Traceback" not in text and text.strip().splitlines() == ["timeline: interrupted"]
    assert _digest(src) == before
    assert not list(out.rglob(".*.tmp"))
    written = list(docs.glob("*.json"))
    assert 5 <= len(written) < 300
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # complete
    for line_text in (out / "errors.jsonl").read_text().splitlines():
        json.loads(line_text)


def test_a_non_iso_date_is_read_with_a_one_line_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, data, err = extract_json(capsys, tmp_path, STORY.encode(), "--published",
                                   "Dec 3, 2024")
    assert code == EXIT_OK and data is not None
    assert data["document"]["published"].startswith("2024-12-03")
    assert err.strip() == ("timeline: warning: publication date 'Dec 3, 2024' is not ISO "
                           "8601: read as 2024-12-03")
