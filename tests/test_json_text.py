"""``json_text.dumps`` writes what ``json.dumps(..., indent, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import extract, json_text


class Text(str):
    pass


class Number(int):
    pass


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(), st.builds(Text, st.text()), st.builds(Number, st.integers()))
KEYS = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.booleans(),
                 st.none())
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.lists(inner, max_size=3).map(tuple),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from([0, 1, 2, 4, "\t", ""]))
def test_same_text_as_json(value: Any, indent: int | str) -> None:
    assert json_text.dumps(value, indent) == json.dumps(value, indent=indent,
                                                        ensure_ascii=False)


def test_special_values() -> None:
    value = {"a": [math.nan, math.inf, -math.inf, 1e300, -0.0, True, None, "é\n\u2028\"x"],
             7: {}, 2.5: [], None: (1, 2), True: "t", "tail": Text("x")}
    for indent in (2, 3):
        assert json_text.dumps(value, indent) == json.dumps(value, indent=indent,
                                                            ensure_ascii=False)


def test_unserializable() -> None:
    with pytest.raises(TypeError):
        json_text.dumps({"a": object()})
    with pytest.raises(TypeError):
        json_text.dumps({(1, 2): 1})


@pytest.mark.parametrize("name", ["storm-coast", "plant-strike", "summit-plans"])
def test_fixture_timelines(name: str) -> None:
    expected = json.loads((FIXTURES / "articles" / f"{name}.expected.json").read_text())
    tl = extract((FIXTURES / "articles" / f"{name}.txt").read_text(encoding="utf-8"),
                 published=expected["published"])
    assert tl.to_json() == json.dumps(tl.to_dict(), indent=2, ensure_ascii=False)
    assert tl.to_json() == "".join(tl.iter_json())
