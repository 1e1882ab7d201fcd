"""Rendering: the timeline chart (PNG, SVG, PDF)."""

from __future__ import annotations

from timeline.render.chart import (
    THEMES,
    Chart,
    ChartGeometry,
    Selection,
    chart_bytes,
    draw_chart,
    measure_chart,
    save_chart,
    select_events,
)

__all__ = [
    "THEMES",
    "Chart",
    "ChartGeometry",
    "Selection",
    "chart_bytes",
    "draw_chart",
    "measure_chart",
    "save_chart",
    "select_events",
]
