"""The JSON Schemas of the outputs (``timeline.schema.json``; ``summary.schema.json`` for
``timeline summarize``) and validators for them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def schema() -> dict[str, Any]:
    text = resources.files(__name__).joinpath("timeline.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` does not follow the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(data)


@cache
def summary_schema() -> dict[str, Any]:
    text = resources.files(__name__).joinpath("summary.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate_summary(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` does not follow the summary schema."""
    import jsonschema

    jsonschema.Draft202012Validator(summary_schema()).validate(data)
