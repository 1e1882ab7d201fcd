"""End-to-end dating of whole articles: the team's fixtures (always) and the mission's seed
(when ../shared is present)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, find_event, load_expected, shared_path

from timeline import extract
from timeline.schema import validate

ARTICLES = sorted((FIXTURES / "articles").glob("*.expected.json"))


def _article(expected_path: Path) -> tuple[str, dict]:
    expected = load_expected(expected_path)
    text = (expected_path.parent / expected["document"]).read_text(encoding="utf-8")
    return text, expected


@pytest.mark.parametrize("expected_path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_fixture_article(expected_path: Path) -> None:
    text, expected = _article(expected_path)
    tl = extract(text, published=expected["published"])
    validate(tl.to_dict())
    for item in expected["dated"]:
        ev = find_event(tl, item["trigger"], item["sentence_contains"])
        assert ev.time is not None, f"{item['trigger']} undated"
        assert ev.time.value == item["date"], item
        assert ev.time.relation == item.get("relation", "within"), item
        assert ev.id in tl.order
    for item in expected.get("undated", []):
        ev = find_event(tl, item["trigger"], item["sentence_contains"])
        assert ev.time is None, item
        assert ev.id in tl.undated
    for kind in ("hypothetical", "negated"):
        for item in expected.get(kind, []):
            ev = find_event(tl, item["trigger"], item["sentence_contains"])
            assert ev.modality == kind, item
            assert ev.time is None, item


def test_fixture_set_covers_the_required_cases() -> None:
    assert len(ARTICLES) >= 3
    kinds = {k for p in ARTICLES for k, v in load_expected(p).items() if v}
    assert {"dated", "undated", "hypothetical"} <= kinds


def test_dateline_gives_the_publication_date() -> None:
    text, expected = _article(FIXTURES / "articles" / "summit-plans.expected.json")
    tl = extract(text)
    assert tl.document.published_source == "dateline"
    assert tl.document.published.date().isoformat() == expected["published"]


def test_timeline_order_is_by_interval_then_granularity() -> None:
    text, expected = _article(FIXTURES / "articles" / "plant-strike.expected.json")
    tl = extract(text, published=expected["published"])
    keys = [(e.time.interval.start, e.trigger.start) for e in tl.ordered_events()]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)


@pytest.mark.parametrize("published", ["2024-12-03", "2024-12-02"])
def test_seed_must_items(published: str) -> None:
    seeds = shared_path("seeds")
    expected = load_expected(seeds / "unconditional-support-to-syria.expected.json")
    text = (seeds / "unconditional-support-to-syria.txt").read_text(encoding="utf-8")
    tl = extract(text, published=published)
    validate(tl.to_dict())
    for item in expected["must"]:
        ev = find_event(tl, item["trigger"], item["sentence_contains"])
        assert ev.time is not None and ev.time.value == item["date"], (item, ev.time)


def test_seed_stretch_and_undated_items() -> None:
    seeds = shared_path("seeds")
    expected = load_expected(seeds / "unconditional-support-to-syria.expected.json")
    text = (seeds / "unconditional-support-to-syria.txt").read_text(encoding="utf-8")
    tl = extract(text, published=expected["published"])
    for item in expected["stretch"]:
        ev = find_event(tl, item["trigger"], item["sentence_contains"])
        assert ev.time is not None and ev.time.value == item["date"], (item, ev.time)
    for phrase in expected["undated"]:
        verb = {"withdrew": "withdrew", "seized": "seized", "saw": "saw"}
        word = next(w for w in verb if w in phrase)
        ev = find_event(tl, word, phrase.split("...")[-1].strip().split(" ", 1)[-1])
        assert ev.time is None, phrase
