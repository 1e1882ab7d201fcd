"""The time rules' fast scan (keyword filter, lower-case finders) finds exactly what running
every rule case-insensitively over the text finds."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import FIXTURES

from timeline.timex.normalize import find, find_all_rules
from timeline.timex.rules import fold, load_rules, lowercase_finder, lowered

#: the engine module (``timeline.timex.normalize`` the attribute is its function)
engine = sys.modules["timeline.timex.normalize"]

TEXTS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".html", ".tml", ".xml",
                                                                ".jsonl"))
TRICKY = [
    "ON MONDAY, DEC. 5, 2024 AT 10 P.M. EST the talks resumed; Q3 2025 and H2 2025 too.",
    "Last ſunday and the ſecond quarter; İstanbul on Frİday; ı; 3 WEEKS AGO.",
    "KELVIN: 5 \u212aM; the weeK of March 3rd; Ünïcödé Ämter on Tuesday morning.",
    "In the 1990s, the year-ago period, three-month period, fiscal 2024, mid-2023.",
]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in TEXTS]
    return texts + TRICKY


@pytest.fixture
def fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_CALLS", [5])  # the lower-case finders run from call 3


@pytest.mark.parametrize("path", ["first call", "later calls"])
def test_find_is_the_plain_scan_on_the_fixtures(path: str, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    assert len(TEXTS) >= 8
    for text in _texts():
        for start, end in ((0, None), (7, len(text) // 2), (len(text) // 3, len(text))):
            monkeypatch.setattr(engine, "_CALLS", [0 if path == "first call" else 5])
            assert find(text, start, end) == find_all_rules(text, start, end), text[:60]


def test_every_match_holds_one_of_its_rules_keywords() -> None:
    rules = {r.name: r for r in load_rules()}
    checked = 0
    for text in _texts():
        for found in find_all_rules(text):
            keywords = rules[found.rule].keywords
            if keywords is not None:
                assert any(k in fold(text[found.start:found.end]) for k in keywords), found
                checked += 1
    assert checked > 100


def test_lowercase_finders_find_the_same_spans(fast_path: None) -> None:
    for rule in load_rules():
        if rule.finder is None:
            continue
        fast = lowercase_finder(rule.finder)
        assert fast is not None, rule.name
        for text in _texts():
            low = lowered(text)
            if low is None:
                continue
            for start, end in ((0, len(text)), (5, len(text) - 3)):
                assert list(fast.spans(low, start, end)) == \
                    [m.span() for m in rule.finder.finditer(text, start, end)], (rule.name,
                                                                                 text[:60])


def test_lowered_refuses_what_it_cannot_keep() -> None:
    assert lowered("Dec. 5") == "dec. 5"
    assert lowered("İstanbul") is None  # lower() makes two characters of one
    assert lowered("ſunday") is None  # re.IGNORECASE reads it as "s"


def test_case_folding_table_is_complete() -> None:
    """The characters outside ASCII that re.IGNORECASE matches with an ASCII letter or digit
    are the ones fold() maps (the keyword filter relies on it)."""
    chars = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1)
                    if not 0xD800 <= c < 0xE000)
    found = set(re.findall("[a-z0-9]", chars, re.IGNORECASE))
    assert found == {"\u0130", "\u0131", "\u017f", "\u212a"}
    for ch in found:
        assert fold(ch).isascii() and re.fullmatch(fold(ch), ch, re.IGNORECASE)


def test_a_rule_without_its_keywords_does_not_run() -> None:
    assert find("Nothing to see here.") == []
    assert [f.rule for f in find("It happened on Monday.")] == ["weekday"]


def test_pattern_analysis() -> None:
    from timeline.timex.rules import required_keywords

    assert required_keywords("the (?:first|second) week") == frozenset({"first", "second"})
    assert required_keywords("the (?:1st|2nd) week") == frozenset({"week"})
    assert required_keywords(r"(?:jan|june)\.? \d+") == frozenset(
        {"jan", "jan.", "june", "june."})
    assert required_keywords(r"\d+/\d+") == frozenset({"/"})
    assert required_keywords(r"\d+") is None
    assert required_keywords("(?:a|b)?c?") is None
