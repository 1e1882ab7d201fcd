"""English language data: ``lexicon.toml`` (word lists), ``timex_rules.toml`` (time-expression
rules) and ``events.toml`` (event nouns, reporting verbs, modality cues)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """Load one of this folder's TOML resources by file name (cached, read-only use)."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)
