"""Charts as lines of text for a terminal (``ccnt chart`` without ``-o``): a bar per year for
one target, a bar per target for many. Plain text (the command colours the status)."""

from __future__ import annotations

from collections.abc import Sequence

from ccnt_cli.charts.model import COMPARATOR_SIGNS, Bar, TargetChart, number


def _bar(fraction: float, width: int) -> str:
    """A bar of eighths: ``fraction`` (0-1) of ``width`` cells."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[part] if part else "")).ljust(width)


def target_lines(chart: TargetChart, width: int = 40) -> list[str]:
    """One line a year: the figure as a bar, the steady path and the target beside it."""
    lines = [chart.title, chart.subtitle, ""]
    values = chart.values()
    if not values:
        return [*lines, f"  ({chart.status_label})"]
    lo, hi = min(values), max(values)
    lo = lo - (hi - lo) * 0.1 if hi > lo else lo - abs(lo) * 0.1 - 1
    span = (hi - lo) or 1.0
    figures = {m.year: (m.value, m.used) for m in chart.marks if m.basis == chart.bases[0]}
    figures.update({y: (v, True) for y, v in chart.achieved})
    path = dict(chart.path)
    years = chart.years() or (chart.as_of, chart.as_of)
    lines.append(f"  {chart.y_label}")
    for year in range(years[0], years[1] + 1):
        cells = [f"  {year}  "]
        if year in figures:
            value, used = figures[year]
            cells.append(_bar((value - lo) / span, width))
            cells.append(f" {number(value):>10}" + ("" if used else " ○"))
        else:
            cells.append(" " * width + " " * 11)
        if year in path:
            cells.append(f"   {chart.labels['steady path']} {number(path[year])}")
        if year == chart.goal_year and chart.goal is not None:
            sign = COMPARATOR_SIGNS.get(chart.comparator or "", "")
            cells.append(f"   ◆ {chart.labels['target']} {sign} {number(chart.goal)}")
        if year == chart.as_of:
            cells.append("   ◂ " + chart.subtitle.rsplit(" · ", 1)[-1])
        lines.append("".join(cells).rstrip())
    if chart.goal_year is None and chart.goal is not None:
        sign = COMPARATOR_SIGNS.get(chart.comparator or "", "")
        lines.append(f"  ◆ {chart.labels['target']} {sign} {number(chart.goal)}")
    if chart.gap_label:
        lines.append(f"  {chart.gap_label}")
    lines += ["", f"  {chart.caption}"]
    return lines


def bar_lines(items: Sequence[Bar], width: int = 30) -> list[str]:
    """One line a target: its share of the way covered as a bar, and its status."""
    label_width = min(40, max((len(b.label) for b in items), default=0))
    return [
        f"  {b.label[:label_width]:<{label_width}}  {_bar(b.share, width)} "
        f"{b.share * 100:4.0f}%  {b.status_label}"
        for b in items
    ]
