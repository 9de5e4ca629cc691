"""Charts drawn on the server as SVG, so the page and the PDF show the same picture and
the PDF needs no JavaScript. Any review section may use them (template tags in
``governance_review``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f4e79", "#c0392b", "#2e8b57", "#d4a017", "#7d3c98", "#5d6d7e"]


def _number(value) -> float:
    if value in (None, ""):
        return 0.0
    return float(Decimal(str(value)))


def hbar_chart(
    rows: list[dict],
    *,
    label: str = "label",
    series: list[tuple[str, str]] | None = None,
    width: int = 520,
    bar_height: int = 16,
    title: str = "",
) -> SafeString:
    """A horizontal (stacked) bar chart: one bar per row, one segment per series.

    ``rows`` are dicts; ``series`` is ``[(key, legend label), ...]`` (default: one
    series ``value``). Values may be numbers or numeric strings (JSON contexts).
    """
    series = series or [("value", "")]
    if not rows:
        return mark_safe("")
    label_width, gap, legend_height = 170, 6, 18 if len(series) > 1 else 0
    plot_width = width - label_width - 50
    totals = [sum(_number(row.get(key)) for key, _ in series) for row in rows]
    top = max(totals) or 1.0
    height = legend_height + len(rows) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    x = label_width
    if len(series) > 1:
        for i, (_, name) in enumerate(series):
            colour = PALETTE[i % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="3" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="12">{escape(name)}</text>'
            )
            x += 24 + 7 * len(name)
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = legend_height + gap + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" text-anchor="end">'
            f"{escape(str(row.get(label, ''))[:28])}</text>"
        )
        x = float(label_width)
        for i, (key, _) in enumerate(series):
            value = _number(row.get(key))
            if value <= 0:
                continue
            w = value / top * plot_width
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            )
            x += w
        shown = f"{total:g}"
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar_height - 4}">{shown}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text node above is escaped)
