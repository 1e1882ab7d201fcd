"""The batch runner: outputs, errors.jsonl, interruption and --resume, --jobs, the Dask engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.batch import BatchOptions, output_path, process_document, run_batch
from timeline.cli import main
from timeline.schema import validate

INPUTS = FIXTURES / "inputs"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Five readable documents in a folder tree and two that fail."""
    root = tmp_path / "in"
    (root / "pages").mkdir(parents=True)
    shutil.copy(INPUTS / "harbour-page.html", root / "pages" / "harbour.html")
    shutil.copy(INPUTS / "wire.jsonl", root / "wire.jsonl")
    (root / "pages" / "plain.txt").write_text(
        "Ferry service resumes\nMay 2, 2024\nThe ferry to Northholm resumed on Wednesday "
        "after a two-week strike.", encoding="utf-8")
    (root / "undated.txt").write_text("Nothing says when this was written.", encoding="utf-8")
    with (root / "wire.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    return root


GOOD = {"pages/harbour.html", "pages/plain.txt", "wire/wire-001", "wire/wire-002",
        "wire/wire-003"}


def outputs(out: Path) -> set[str]:
    docs = out / "documents"
    return {p.relative_to(docs).as_posix()[: -len(".json")] for p in docs.rglob("*.json")}


def errors(out: Path) -> dict[str, dict[str, str]]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["key"]: r for r in map(json.loads, lines)}


def no_temp_files(out: Path) -> bool:
    return not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_batch_writes_one_valid_json_per_document_and_records_failures(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = run_batch([str(corpus)], BatchOptions(out=out, quiet=True, merge=True,
                                                   charts=("svg",)))
    assert (report.done, report.failed, report.skipped) == (5, 2, 0)
    assert outputs(out) == GOOD
    for key in GOOD:
        data = json.loads(output_path(out, key).read_text(encoding="utf-8"))
        validate(data)
    page = json.loads(output_path(out, "pages/harbour.html").read_text(encoding="utf-8"))
    assert page["document"]["published_source"] == "html-metadata"
    errs = errors(out)
    assert set(errs) == {"undated.txt", "wire/line-4"}
    assert "publication date" in errs["undated.txt"]["error"]
    assert errs["wire/line-4"]["source"].endswith("wire.jsonl:4")
    merged = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    validate(merged)
    assert len(merged["documents"]) == 5
    assert (out / "timeline.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert no_temp_files(out)


def test_interrupted_batch_resumes_where_it_stopped(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    seen: list[str] = []

    def stop_after_two(key: str, outcome: str) -> None:
        if outcome == "done":
            seen.append(key)
            if len(seen) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([str(corpus)], BatchOptions(out=out, quiet=True, on_document=stop_after_two))
    assert outputs(out) == set(seen) and len(seen) == 2
    assert no_temp_files(out)  # nothing half-written
    before = {k: output_path(out, k).stat().st_mtime_ns for k in seen}
    stale = out / "documents" / ".wire-009.json.x1y2.tmp"  # as a SIGKILL mid-write leaves
    stale.write_text('{"half', encoding="utf-8")

    outcomes: dict[str, str] = {}
    report = run_batch([str(corpus)], BatchOptions(
        out=out, quiet=True, resume=True, merge=True,
        on_document=lambda k, o: outcomes.__setitem__(k, o)))
    assert (report.skipped, report.done, report.failed) == (2, 3, 2)
    assert {k for k, o in outcomes.items() if o == "skipped"} == set(seen)
    assert {k: output_path(out, k).stat().st_mtime_ns for k in seen} == before
    assert outputs(out) == GOOD
    assert no_temp_files(out)
    merged = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert len(merged["documents"]) == 5  # the resumed run merges every document
    assert set(errors(out)) == {"undated.txt", "wire/line-4"}


def test_batch_command_exit_codes_and_entity(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["batch", str(corpus / "pages"), "--out", str(out), "--entity", "Westhaven",
                 "--merge"])
    assert code == 0
    assert "2 documents done" in capsys.readouterr().err
    merged = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert merged["entity"] == "Westhaven"
    assert main(["batch", str(corpus), "--out", str(tmp_path / "o2"), "--quiet"]) == 3
    assert capsys.readouterr().err == ""
    assert main(["batch", str(corpus), "--out", str(out), "--scheduler", "tcp://x:1"]) == 2


def test_jobs_two_gives_the_same_outputs(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([str(corpus)], BatchOptions(out=one, quiet=True))
    report = run_batch([str(corpus)], BatchOptions(out=two, quiet=True, jobs=2, batch_size=2))
    assert report.done == 5
    for key in GOOD:
        assert output_path(one, key).read_text(encoding="utf-8") == output_path(
            two, key).read_text(encoding="utf-8")


def test_process_document_reports_errors_instead_of_raising() -> None:
    payload, error = process_document(None)
    assert payload is None and error and "AttributeError" in error


def test_dask_engine_on_a_local_cluster_of_two_workers(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    local, remote = tmp_path / "local", tmp_path / "dask"
    run_batch([str(corpus)], BatchOptions(out=local, quiet=True))
    report = run_batch([str(corpus)], BatchOptions(out=remote, quiet=True, engine="dask",
                                                   jobs=2, merge=True))
    assert (report.done, report.failed) == (5, 2)
    assert outputs(remote) == GOOD
    for key in GOOD:
        assert output_path(local, key).read_text(encoding="utf-8") == output_path(
            remote, key).read_text(encoding="utf-8")
    assert set(errors(remote)) == {"undated.txt", "wire/line-4"}
    validate(json.loads((remote / "timeline.json").read_text(encoding="utf-8")))


def test_batch_exports_the_merged_timeline(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["batch", str(corpus / "pages"), "--out", str(out), "--quiet",
                 "--export", "csv", "--export", "md", "--export", "timelinejs",
                 "--export", "html", "--chart", "svg", "--dpi", "60"])
    assert code == 0
    rows = (out / "timeline.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 1 and "," in rows[0]
    assert (out / "timeline.md").read_text(encoding="utf-8").lstrip().startswith(("|", "#"))
    tljs = json.loads((out / "timeline.timelinejs.json").read_text(encoding="utf-8"))
    assert tljs["events"]
    page = (out / "timeline.html").read_text(encoding="utf-8")
    assert "<svg" in page and "<table" in page
    assert "<text" in (out / "timeline.svg").read_text(encoding="utf-8")


def test_non_iso_dates_are_read_and_an_ambiguous_one_fails_only_its_document(
    tmp_path: Path
) -> None:
    """A day-first date with one reading is read; ``03-02-2009`` with no dateline to settle
    it fails that document only, in errors.jsonl; one whose dateline agrees is read."""
    src = tmp_path / "wire.jsonl"
    records = [
        {"id": "one", "published": "13-02-2009", "text": "The strike ended on Monday."},
        {"id": "two", "published": "03-02-2009", "text": "The strike ended on Monday."},
        {"id": "three", "published": "03-02-2009",
         "text": "LONDON, March 2, 2009 -- The strike ended on Monday."},
        {"id": "four", "published": "Feb 3, 2009", "text": "Talks resumed on Monday."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.warns(UserWarning):
        report = run_batch([str(src)], BatchOptions(out=out, quiet=True))
    assert (report.done, report.failed) == (3, 1)
    assert outputs(out) == {"wire/one", "wire/three", "wire/four"}
    assert "ambiguous publication date '03-02-2009'" in errors(out)["wire/two"]["error"]
    published = {key: json.loads(output_path(out, key).read_text())["document"]["published"]
                 for key in ("wire/one", "wire/three", "wire/four")}
    assert published == {"wire/one": "2009-02-13T00:00:00", "wire/three": "2009-03-02T00:00:00",
                         "wire/four": "2009-02-03T00:00:00"}
