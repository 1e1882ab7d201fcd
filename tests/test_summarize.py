"""timeline summarize: date selection, sentence selection, near-duplicates, outputs, the parse
cache, and timeline eval tls on the fixture story."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.cli import main
from timeline.schema import validate_summary
from timeline.summarize import corpus, summarize
from timeline.summarize.baseline import baseline_summary
from timeline.summarize.corpus import load_articles
from timeline.summarize.sentences import normalized, quality

STORY = FIXTURES / "tls" / "bridge"
D = dt.date


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def articles(cache_dir: Path) -> list[corpus.Article]:
    return load_articles([str(STORY)], cache=cache_dir)


def test_story_folder_articles_take_their_folder_date(articles: list[corpus.Article]) -> None:
    assert len(articles) == 6
    assert {a.document.published_source for a in articles} == {"folder"}
    a = next(a for a in articles if a.document.id == "2024-03-12/wire-4.txt")
    assert a.document.published_date == D(2024, 3, 12)
    assert all(a.document.text[s.start:s.end] == s.text for s in a.sentences)


def test_the_cache_is_read_back_without_parsing(
    articles: list[corpus.Article], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(corpus, "_parse", no_parse)
    again = load_articles([str(STORY)], cache=cache_dir)
    assert [a.timeline.to_dict() for a in again] == [a.timeline.to_dict() for a in articles]


def test_summary_picks_the_days_the_coverage_recalls(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=3, sentences=2)
    assert [d.date for d in summary.dates] == [D(2024, 3, 4), D(2024, 3, 5), D(2024, 3, 12)]
    assert all(1 <= len(d.sentences) <= 2 for d in summary.dates)


@pytest.mark.parametrize(("dates", "sentences"), [(1, 1), (2, 3), (4, 2), (10, 1)])
def test_summary_respects_l_and_k(articles: list[corpus.Article], dates: int,
                                  sentences: int) -> None:
    summary = summarize(articles, dates=dates, sentences=sentences)
    assert 1 <= len(summary.dates) <= dates
    assert all(1 <= len(d.sentences) <= sentences for d in summary.dates)
    assert [d.date for d in summary.dates] == sorted(d.date for d in summary.dates)


def test_l_dates_when_the_story_has_them(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=4, sentences=1)
    assert len(summary.dates) == 4


def test_sentences_are_extractive_with_their_offsets(articles: list[corpus.Article]) -> None:
    texts = {str(a.document.id): a.document.text for a in articles}
    summary = summarize(articles, dates=5, sentences=3)
    for day in summary.dates:
        for s in day.sentences:
            assert texts[s.document][s.start:s.end].strip() == s.text


def test_no_sentence_is_repeated_across_articles(articles: list[corpus.Article]) -> None:
    # "The Harrow Street bridge collapsed into the Lind river on Monday..." is in two articles
    summary = summarize(articles, dates=5, sentences=3)
    seen = [normalized(s.text) for d in summary.dates for s in d.sentences]
    assert len(seen) == len(set(seen))


def test_from_to_bound_the_dates(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=10, sentences=1, start=D(2024, 3, 5),
                        end=D(2024, 3, 31))
    assert summary.dates
    assert all(D(2024, 3, 5) <= d.date <= D(2024, 3, 31) for d in summary.dates)


def test_query_keeps_sentences_with_its_words(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=10, sentences=2, query="engineer")
    sentences = [s.text for d in summary.dates for s in d.sentences]
    assert sentences
    assert all("engineer" in s.lower() for s in sentences)


def test_entity_keeps_its_events(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=10, sentences=2, entity="Police")
    assert summary.dates
    assert all("police" in s.text.lower() for d in summary.dates for s in d.sentences)


@pytest.mark.parametrize(("text", "worse_than"), [
    ("Why did the bridge fall into the river on Monday ?",
     "The bridge fell into the river on Monday after weeks of warnings ."),
    ("Page last updated at 14:59 GMT on Monday 4 March 2024",
     "The bridge fell into the river on Monday after weeks of warnings ."),
    ("It fell .", "The bridge fell into the river on Monday after weeks of warnings ."),
])
def test_quality_cues(text: str, worse_than: str) -> None:
    assert quality(text) < quality(worse_than)


def test_baseline_takes_the_busiest_days_and_first_sentences(
    articles: list[corpus.Article]
) -> None:
    summary = baseline_summary(articles, dates=1, sentences=2)
    (day,) = summary.dates
    assert day.date == D(2024, 3, 4)  # two articles published that day
    firsts = {a.sentences[0].text.strip() for a in articles
              if a.document.published_date == D(2024, 3, 4)}
    assert {s.text for s in day.sentences} == firsts


def test_summary_json_follows_the_schema(articles: list[corpus.Article]) -> None:
    data = json.loads(summarize(articles, dates=3, sentences=2).to_json())
    validate_summary(data)
    assert data["options"]["dates"] == 3


def test_cli_writes_every_format(cache_dir: Path, tmp_path: Path) -> None:
    out = {fmt: tmp_path / f"s.{fmt}" for fmt in ("json", "md", "timelinejs", "txt", "svg")}
    args = ["summarize", str(STORY), "--dates", "3", "--sentences", "1", "--cache",
            str(cache_dir), "--quiet"]
    for fmt, path in out.items():
        args += [f"--{fmt}", str(path)]
    assert main(args) == 0
    data = json.loads(out["json"].read_text(encoding="utf-8"))
    validate_summary(data)
    assert len(data["dates"]) == 3
    assert out["md"].read_text(encoding="utf-8").count("\n## ") == 3
    assert len(json.loads(out["timelinejs"].read_text(encoding="utf-8"))["events"]) == 3
    lines = out["txt"].read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if set(line) == {"-"}) == 3
    svg = out["svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]


def test_cli_prints_a_table(cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(STORY), "-L", "2", "-K", "1", "--cache", str(cache_dir),
                 "--quiet"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("Timeline of 6 documents")
    assert "2024-03-04" in table


@pytest.mark.parametrize(("args", "code"), [
    (["--from", "2024-04-01", "--to", "2024-03-01"], 2),
    (["--jobs", "0"], 2),
    (["--scheduler", "tcp://x:1"], 2),
])
def test_cli_refuses_bad_options(cache_dir: Path, args: list[str], code: int) -> None:
    assert main(["summarize", str(STORY), "--cache", str(cache_dir), *args]) == code


def test_cli_missing_input(tmp_path: Path) -> None:
    assert main(["summarize", str(tmp_path / "nope")]) == 3


def test_eval_tls_scores_the_fixture_and_writes_the_reference_format(
    cache_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, report = tmp_path / "out", tmp_path / "tls.json"
    assert main(["eval", "tls", str(STORY), "--cache", str(cache_dir), "--out", str(out),
                 "--json", str(report)]) == 0
    assert "bridge/wire-timeline.txt" in capsys.readouterr().out
    written = (out / "bridge" / "wire-timeline.txt").read_text(encoding="utf-8")
    assert written.splitlines()[0] == "2024-03-04"
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["tasks"][0]["L"] == 4
    assert data["average"]["date"]["f1"] >= 0.75


def test_eval_tls_baseline(cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "tls", str(STORY), "--cache", str(cache_dir), "--baseline"]) == 0
    assert "baseline" in capsys.readouterr().out


def test_eval_tls_refuses_a_folder_that_is_not_a_story(tmp_path: Path) -> None:
    assert main(["eval", "tls", str(tmp_path)]) == 3


def test_the_chart_has_one_row_per_date(articles: list[corpus.Article]) -> None:
    summary = summarize(articles, dates=3, sentences=2)
    view = summary.as_timeline()
    assert len(view.events) == len(summary.dates) == 3
    assert all(e.label().startswith(f"{d.date.day} ") for e, d in
               zip(view.ordered_events(), summary.dates, strict=True))


def test_dask_engine_parses_like_the_local_one(
    articles: list[corpus.Article], tmp_path: Path
) -> None:
    pytest.importorskip("dask.distributed")
    remote = load_articles([str(STORY)], engine="dask", jobs=1, cache=tmp_path)
    assert [a.timeline.to_dict() for a in remote] == [a.timeline.to_dict() for a in articles]


def test_cli_reads_jsonl_with_mixed_publication_times(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(FIXTURES / "inputs" / "wire.jsonl"), "-L", "3", "-K", "1",
                 "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("Timeline of 3 documents")


@pytest.mark.parametrize(("day", "factor"), [
    (D(2024, 3, 1), 1.0),     # days before the first article, within the grace period
    (D(2023, 6, 1), 0.3),     # background
    (D(2024, 3, 20), 1.0),    # inside the span
    (D(2024, 6, 1), 0.3),     # after the last article
])
def test_days_outside_the_story_span_weigh_less(day: dt.date, factor: float) -> None:
    from timeline.summarize.dates import DayEvidence, score_days

    evidence = {day: DayEvidence(day, articles={"a", "b"})}
    plain = score_days(evidence, {}, None)[day]
    spanned = score_days(evidence, {}, (D(2024, 3, 10), D(2024, 4, 1)))[day]
    assert spanned == pytest.approx(plain * factor)


@pytest.mark.parametrize("options", [{"query": "volcano"}, {"entity": "Nobody Atall"},
                                     {"start": D(2030, 1, 1)}])
def test_nothing_to_summarize_gives_an_empty_summary(articles: list[corpus.Article],
                                                     options: dict[str, object]) -> None:
    summary = summarize(articles, dates=3, sentences=1, **options)  # type: ignore[arg-type]
    assert summary.dates == ()
    validate_summary(summary.to_dict())


def test_no_articles_gives_an_empty_summary() -> None:
    assert summarize([], dates=3, sentences=1).dates == ()
