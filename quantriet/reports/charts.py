"""Small server-side SVG charts: no JavaScript, no network, printable, readable on a phone.

Each chart is a self-contained <svg> string (labels escaped) with a <title> for screen
readers; pages always show the same figures as a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from quantriet.lib import vntext

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
BAR = "#188038"
TRACK = "#f1f3f4"
AXIS = "#9aa0a6"
TEXT = "#1d1d1f"
LABEL_CHARS = 26


@dataclass(frozen=True)
class Point:
    label: str
    value: float  # a percentage, 0..100


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    label = vntext.clean(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, float(value)))


def bar_chart(points: list[Point], *, title: str, width: int = 640, row: int = 26) -> str:
    """Horizontal bars of percentages (0–100 %), one per label, value written at the end."""
    label_w, value_w, pad = 190, 62, 6
    bar_w = width - label_w - value_w - 2 * pad
    height = max(1, len(points)) * row + 2 * pad
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{_attr(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    for i, p in enumerate(points):
        y = pad + i * row
        length = round(bar_w * _clamp(p.value) / 100, 1)
        mid = y + row / 2 + 4
        parts += [
            f'<text x="{label_w - 6}" y="{mid}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_short(p.label))}</text>",
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="{row - 8}" '
            f'fill="{TRACK}"/>',
            f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row - 8}" '
            f'fill="{BAR}"/>',
            f'<text x="{label_w + bar_w + 6}" y="{mid}" fill="{TEXT}">'
            f"{escape(vntext.format_percent(p.value))}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def line_chart(points: list[Point], *, title: str, width: int = 640, height: int = 220) -> str:
    """Percentages (0–100 %) in order, joined by a line, with a 0/50/100 % scale."""
    left, right, top, bottom = 46, 32, 18, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(points) - 1)
    # At most one label every ~70 px (always the last): many meetings must not overlap.
    every = max(1, -(-len(points) * 70 // max(plot_w, 1)))

    def y_of(value: float) -> float:
        return round(top + plot_h * (1 - _clamp(value) / 100), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{_attr(title)}" {FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 50, 100):
        y = y_of(tick)
        parts += [
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{AXIS}" '
            f'stroke-width="0.5"/>',
            f'<text x="{left - 4}" y="{y + 4}" text-anchor="end" fill="{TEXT}">'
            f"{escape(vntext.format_percent(tick, 0))}</text>",
        ]
    coords = [(round(left + i * step if len(points) > 1 else left + plot_w / 2, 1),
               y_of(p.value)) for i, p in enumerate(points)]
    if len(coords) > 1:
        joined = " ".join(f"{x},{y}" for x, y in coords)
        parts.append(f'<polyline points="{joined}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    for i, ((x, y), p) in enumerate(zip(coords, points, strict=True)):
        parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{BAR}"/>')
        if i % every and i != len(points) - 1:
            continue
        parts += [
            f'<text x="{x}" y="{y - 7}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(vntext.format_percent(p.value))}</text>",
            f'<text x="{x}" y="{height - bottom + 18}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(_short(p.label, 10))}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)
