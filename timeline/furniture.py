"""Page furniture: the lines of a news page that are not the story.

Bylines ("By Jane Okafor"), the wire's credits ("(Reporting by ...; Editing by ...)"), photo
credits, comment and sharing prompts, "Related:" links to other stories, navigation and
copyright lines are no events. :func:`blank_furniture` blanks such lines (spaces, so that
every other character keeps its offset) in the text the pipeline reads; they reach neither
the table nor the JSON. The patterns are data: ``lang/en/furniture.toml``.
"""

from __future__ import annotations

import re
from functools import cache

from timeline.lang import en

_LINE = re.compile(r"[^\n]+")


@cache
def _patterns() -> re.Pattern[str]:
    patterns = en.load("furniture.toml")["lines"]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def is_furniture(line: str) -> bool:
    """Whether one line of a page (without its line break) is furniture."""
    stripped = line.strip()
    return bool(stripped) and _patterns().fullmatch(stripped) is not None


def blank_furniture(text: str) -> str:
    """The text with its furniture lines blanked (same length, same line breaks)."""
    if not text:
        return text
    return _LINE.sub(lambda m: " " * len(m.group()) if is_furniture(m.group()) else m.group(),
                     text)
