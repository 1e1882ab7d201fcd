"""Rendering: the timeline chart (PNG, SVG, PDF).

The names below come from :mod:`timeline.render.chart`, imported on first use (so that
:mod:`timeline.render.background` can start its process before anything else is imported).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'timeline.render' has no attribute {name!r}")
    from timeline.render import chart

    value = getattr(chart, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
