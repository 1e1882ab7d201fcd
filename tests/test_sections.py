"""Long texts in sections: where they are cut, and that the joined timeline is the timeline
of each section, put back in place."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.ingest import make_document
from timeline.pipeline import timelines_of
from timeline.sections import split_sections

ROOT = Path(__file__).resolve().parent.parent
STORM = (ROOT / "fixtures" / "articles" / "storm-coast.txt").read_text(encoding="utf-8")


def check_cover(text: str, sections: list[tuple[int, int]], size: int) -> None:
    assert sections[0][0] == 0 and sections[-1][1] == len(text)
    for (_, end), (start, _) in pairwise(sections):
        assert end == start
    assert all(0 < b - a <= size for a, b in sections) or text == ""


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("Short text.", 100, ["Short text."]),
        # paragraphs are packed together while they fit
        ("One.\n\nTwo.\n\nThree.", 12, ["One.\n\nTwo.\n\n", "Three."]),
        # a paragraph too long for a section is cut after a sentence
        ("First one here. Second one here. Third.", 20,
         ["First one here. ", "Second one here. ", "Third."]),
        # a sentence too long is cut between words
        ("aaaa bbbb cccc dddd", 10, ["aaaa bbbb ", "cccc dddd"]),
        # and a word longer than a section anywhere
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        # a paragraph break wins over a sentence end
        ("A b. C d.\n\nE f.", 11, ["A b. C d.\n\n", "E f."]),
    ],
)
def test_where_sections_are_cut(text: str, size: int, expected: list[str]) -> None:
    sections = split_sections(text, size, None)
    assert [text[a:b] for a, b in sections] == expected
    check_cover(text, sections, size)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!\n\t"), max_size=400),
       st.integers(min_value=1, max_value=60))
def test_sections_cover_the_text(text: str, size: int) -> None:
    check_cover(text, split_sections(text, size, None), size)


def test_a_news_article_is_parsed_whole() -> None:
    text = "A paragraph of news.\n\n" * 2000  # 44,000 characters
    assert split_sections(text) == [(0, len(text))]
    assert len(split_sections(text * 2)) > 1
    assert max(b - a for a, b in split_sections(text * 2)) <= 10_000


def test_section_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one"):
        split_sections("text", 0)


def test_joined_sections_are_each_sections_timeline() -> None:
    """Three copies of an article, one a section: each copy gives the article's own
    expressions and events, at its own offsets, with ids numbered on."""
    copies = 3
    text = "\n\n".join([STORM.strip()] * copies)
    size = len(STORM.strip()) + 2
    document = make_document(text, "2025-03-14")
    [(_, whole)] = list(timelines_of([document], lambda d: d, section_chars=size,
                                     whole_chars=size))
    [(_, alone)] = list(timelines_of([make_document(STORM.strip(), "2025-03-14")],
                                     lambda d: d))
    assert len(split_sections(text, size, size)) == copies
    assert not isinstance(whole, Exception) and not isinstance(alone, Exception)
    assert whole.document == document
    assert len(whole.time_expressions) == copies * len(alone.time_expressions)
    assert len(whole.events) == copies * len(alone.events)
    for t in whole.time_expressions:
        assert text[t.start : t.end] == t.text
    timex_ids = [t.id for t in whole.time_expressions]
    event_ids = [e.id for e in whole.events]
    assert len(set(timex_ids)) == len(timex_ids) and len(set(event_ids)) == len(event_ids)
    for e in whole.events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert text[e.sentence.start : e.sentence.end] == e.sentence.text
        for p in e.participants:
            assert text[p.start : p.end] == p.text
        if e.time is not None and e.time.expression is not None:
            assert e.time.expression in timex_ids
    for t in whole.time_expressions:
        assert t.anchor is None or t.anchor in timex_ids
    # the last copy reads like the article alone
    last = whole.time_expressions[-len(alone.time_expressions):]
    assert [(t.text, t.value) for t in last] == [(t.text, t.value) for t in
                                                 alone.time_expressions]
    assert sorted(e.label() for e in whole.events[-len(alone.events):]) == sorted(
        e.label() for e in alone.events)

