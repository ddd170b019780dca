"""Horizontal bar charts as inline SVG, for the printable report (no script, no external file).

Every label is escaped; the chart scales to the width of the page and prints as vector art.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["bar_chart"]

_BAR = 18
_GAP = 6
_LABEL_WIDTH = 220
_VALUE_WIDTH = 110
_WIDTH = 720


def _format(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0%}"
    if unit == "USD":
        for size, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
            if abs(value) >= size:
                return f"USD {value / size:,.1f}{suffix}"
        return f"USD {value:,.0f}"
    return f"{value:,.0f}"


def _clip(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(items: Sequence[tuple[str, float]], *, title: str, unit: str = "") -> str:
    """An SVG bar chart of ``(label, value)`` pairs; ``unit`` is ``""``, ``"USD"`` or ``"%"``.

    >>> svg = bar_chart([("Africa <2>", 3.0), ("Asia", 1.0)], title="Needs")
    >>> svg.startswith("<svg") and "Africa &lt;2&gt;" in svg
    True
    """
    rows = [(label, max(float(value), 0.0)) for label, value in items]
    largest = max((value for _, value in rows), default=0.0) or 1.0
    height = 30 + len(rows) * (_BAR + _GAP) + 4
    span = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {_WIDTH} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 30 + index * (_BAR + _GAP)
        width = span * value / largest
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + _BAR - 5}" text-anchor="end" '
            f'class="chart-label">{escape(_clip(label))}</text>'
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{_BAR}" '
            f'class="chart-bar"><title>{escape(label)}: {escape(_format(value, unit))}'
            f"</title></rect>"
            f'<text x="{_LABEL_WIDTH + width + 6:.1f}" y="{y + _BAR - 5}" '
            f'class="chart-value">{escape(_format(value, unit))}</text>'
        )
    if not rows:
        parts.append('<text x="0" y="44" class="chart-label">No data</text>')
    parts.append("</svg>")
    return "".join(parts)
