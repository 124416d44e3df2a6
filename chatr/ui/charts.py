"""Charts as inline SVG: geometry computed here, shapes placed by ui/partials/bar_chart.html.

Every chart is drawn beside a table with the same figures (the accessible version); the SVG's
title says so. Include the partial with `chart=` (from `bar_chart`) and `title=`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chatr.core.text import format_number

_CHART_WIDTH = 640
_LABEL_WIDTH = 230
_VALUE_WIDTH = 80
_BAR_HEIGHT = 22
_ROW_HEIGHT = 32
_LABEL_MAX = 32


def bar_chart(rows: Sequence[tuple[str, int]], *, rtl: bool, key: str = "") -> dict[str, Any]:
    """Geometry of a horizontal bar chart of (label, count) rows: labels on the reading side,
    values beside the bars. `key` makes the SVG title's id unique on a page with several."""
    most = max((count for _label, count in rows), default=0) or 1
    room = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    bars = []
    for i, (full_label, count) in enumerate(rows):
        width = round(room * count / most, 1)
        y = i * _ROW_HEIGHT + 6
        label = full_label if len(full_label) <= _LABEL_MAX else full_label[: _LABEL_MAX - 1] + "…"
        if rtl:
            x, label_x = _CHART_WIDTH - _LABEL_WIDTH - width, float(_CHART_WIDTH - 4)
            value_x = x - 6
        else:
            x, label_x = float(_LABEL_WIDTH), 4.0
            value_x = _LABEL_WIDTH + width + 6
        bars.append(
            {
                "x": x,
                "y": y,
                "width": max(width, 1 if count else 0),
                "text_y": y + _BAR_HEIGHT * 0.72,
                "label": label,
                "label_x": label_x,
                "value_x": value_x,
                "value": format_number(count),
            }
        )
    return {
        "key": key,
        "width": _CHART_WIDTH,
        "height": max(len(rows), 1) * _ROW_HEIGHT + 8,
        "bar_height": _BAR_HEIGHT,
        "direction": "rtl" if rtl else "ltr",
        "bars": bars,
    }
