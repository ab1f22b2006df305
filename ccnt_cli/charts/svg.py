"""Small charts as inline SVG text, for the report's pages (no matplotlib: a figure drawn by
matplotlib costs about 86 ms, some 15 minutes at 10,000 targets; this costs well under one).

The same ``TargetChart`` as ``ccnt chart`` draws: the figures, the steady path, the target (and
its band), the as-of year. Text is escaped; the chart carries a ``<title>`` and an
``aria-label`` (its alt text).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ccnt_cli.charts.model import (
    BASIS_COLOURS,
    COMPARATOR_SIGNS,
    STATUS_COLOURS,
    TargetChart,
    number,
)

GREY, LIGHT, INK = "#6b7280", "#e5e7eb", "#1f2937"


def alt_text(chart: TargetChart) -> str:
    """What the chart shows, in words."""
    parts = [chart.title, chart.subtitle]
    if chart.achieved:
        year, value = chart.achieved[-1]
        parts.append(f"{chart.labels['reported']} {year}: {number(value)}")
    elif chart.marks:
        last = max(chart.marks, key=lambda m: m.year)
        parts.append(f"{chart.labels['reported']} {last.year}: {number(last.value)}")
    if chart.goal is not None:
        parts.append(f"{chart.labels['target']}: {number(chart.goal)}")
    return ". ".join(parts)


def svg(chart: TargetChart, width: int = 320, height: int = 130) -> str:
    """The chart as an ``<svg>`` element."""
    left, right, top, bottom = 44, 10, 8, 18
    label = escape(alt_text(chart))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-label="{label}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>{label}</title>'
    )
    years = chart.years()
    values = chart.values()
    if years is None or not values:
        return (
            f'{head}<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" '
            f'fill="{GREY}" font-size="12">{escape(chart.status_label)}</text></svg>'
        )
    y0, y1 = min(years[0], chart.as_of), max(years[1], chart.as_of)
    if y1 - y0 < 2:
        y0 = y1 - 2
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.08 or abs(hi) * 0.05 or 1.0
    lo, hi = lo - pad, hi + pad
    w, h = width - left - right, height - top - bottom

    def x(year: float) -> float:
        return left + (year - y0) / (y1 - y0) * w

    def y(value: float) -> float:
        return top + (hi - value) / (hi - lo) * h

    out = [head]
    colour = STATUS_COLOURS.get(chart.status, INK)
    for v in (lo + pad, hi - pad):  # the range of the values, labelled
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="{LIGHT}"/><text x="{left - 4}" y="{y(v) + 3:.1f}" text-anchor="end" '
            f'font-size="9" fill="{GREY}">{escape(number(v))}</text>'
        )
    for year, anchor in ((y0, "start"), (y1, "end")):
        out.append(
            f'<text x="{x(year):.1f}" y="{height - 4}" text-anchor="{anchor}" font-size="9" '
            f'fill="{GREY}">{year}</text>'
        )
    if not chart.achieved and not chart.marks:
        out.append(
            f'<text x="{left + w / 2:.0f}" y="{top + h / 2 + 4:.0f}" text-anchor="middle" '
            f'fill="{GREY}" font-size="11">{escape(chart.status_label)}</text>'
        )
    out.append(
        f'<line x1="{x(chart.as_of):.1f}" x2="{x(chart.as_of):.1f}" y1="{top}" '
        f'y2="{top + h}" stroke="{GREY}" stroke-dasharray="2 2"/>'
    )
    if chart.band is not None:
        b0, b1 = chart.band
        if chart.goal_year is None:
            x_a, x_b = float(left), float(width - right)
        else:
            x_a, x_b = x(chart.goal_year - 0.3), x(chart.goal_year + 0.3)
        out.append(
            f'<rect x="{x_a:.1f}" y="{y(b1):.1f}" width="{x_b - x_a:.1f}" '
            f'height="{max(y(b0) - y(b1), 1):.1f}" fill="{colour}" opacity="0.2"/>'
        )
    if chart.path:
        out.append(_polyline(chart.path, x, y, GREY, 'stroke-dasharray="4 3"'))
    if chart.marks:
        series = sorted((m.year, m.value) for m in chart.marks if m.basis == chart.bases[0])
        out.append(_polyline(series, x, y, BASIS_COLOURS[0], 'stroke-width="1" opacity="0.6"'))
        for m in chart.marks:
            shade = BASIS_COLOURS[chart.bases.index(m.basis) % len(BASIS_COLOURS)]
            fill = shade if m.used else "#fff"
            out.append(
                f'<circle cx="{x(m.year):.1f}" cy="{y(m.value):.1f}" r="3" fill="{fill}" '
                f'stroke="{shade}"/>'
            )
    elif chart.achieved:
        out.append(_polyline(chart.achieved, x, y, BASIS_COLOURS[0], 'stroke-width="1.6"'))
        for year, value in chart.achieved:
            out.append(
                f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3" fill="{BASIS_COLOURS[0]}"/>'
            )
    if chart.goal is not None:
        if chart.goal_year is None:
            out.append(
                f'<line x1="{left}" x2="{width - right}" y1="{y(chart.goal):.1f}" '
                f'y2="{y(chart.goal):.1f}" stroke="{colour}" stroke-width="1.4"/>'
            )
        else:
            gx, gy = x(chart.goal_year), y(chart.goal)
            out.append(
                f'<path d="M{gx:.1f} {gy - 5:.1f}L{gx + 5:.1f} {gy:.1f}L{gx:.1f} {gy + 5:.1f}'
                f'L{gx - 5:.1f} {gy:.1f}Z" fill="{colour}"/>'
            )
    if width >= 500:  # a page's own chart: direct labels
        out += _labels(chart, x, y, colour)
    out.append("</svg>")
    return "".join(out)


def _labels(
    chart: TargetChart, x: Callable[[float], float], y: Callable[[float], float], colour: str
) -> list[str]:
    """The target and the latest figure, labelled where they are."""
    out = []
    if chart.goal is not None:
        sign = COMPARATOR_SIGNS.get(chart.comparator or "", "")
        text = f"{chart.labels['target']} {sign} {number(chart.goal)}"
        gx = x(chart.goal_year) if chart.goal_year is not None else x(chart.as_of)
        out.append(
            f'<text x="{gx - 8:.1f}" y="{y(chart.goal) + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{colour}">{escape(text)}</text>'
        )
    if chart.achieved:
        year, value = chart.achieved[-1]
        text = number(value) + (f" ({chart.gap_label})" if chart.gap_label else "")
        out.append(
            f'<text x="{x(year) - 6:.1f}" y="{y(value) - 8:.1f}" text-anchor="end" '
            f'font-size="11" fill="{INK}">{escape(text)}</text>'
        )
    return out


def _polyline(
    points: list[tuple[int, float]],
    x: Callable[[float], float],
    y: Callable[[float], float],
    colour: str,
    extra: str,
) -> str:
    coords = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in points)
    return f'<polyline points="{coords}" fill="none" stroke="{colour}" {extra}/>'
