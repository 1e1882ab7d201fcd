"""Exports: each a pure function from a :class:`~timeline.timeline.Timeline` to text (or PDF
bytes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from timeline.export.html import to_html
from timeline.export.markdown import to_markdown
from timeline.export.tabular import to_csv
from timeline.export.timelinejs import to_timelinejs
from timeline.export.timeml import to_timeml

if TYPE_CHECKING:
    from timeline.timeline import Timeline


def to_pdf(timeline: Timeline, **chart_options: Any) -> bytes:
    """The chart as a PDF document (``save_chart(..., fmt="pdf")``), text kept as text."""
    from timeline.render.chart import chart_bytes

    return chart_bytes(timeline, "pdf", **chart_options)


__all__ = ["to_csv", "to_html", "to_markdown", "to_pdf", "to_timelinejs", "to_timeml"]
