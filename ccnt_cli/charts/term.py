"""Charts as lines of text for a terminal (``ccnt chart`` without ``-o``): a bar per year for
one target, a bar per target for many (its share of the way covered, or its gap). Plain text
(the command colours the status)."""

from __future__ import annotations

from ccnt_cli.charts.model import COMPARATOR_SIGNS, BarChart, TargetChart, number


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


def bar_lines(chart: BarChart, width: int = 30) -> list[str]:
    """The chart's title, then one line a target: its value as a bar (a gap: its size against
    the largest), the value as written, and its status; the note last."""
    items = chart.items
    label_width = min(40, max((len(b.label) for b in items), default=0))
    text_width = max((len(b.text) for b in items), default=0)
    top = max((abs(b.value) for b in items), default=0.0) or 1.0
    scale = top if chart.gap else 100.0
    lines = [chart.title, chart.subtitle, ""]
    if chart.gap:
        lines.append(f"  {chart.axis}")
    lines += [
        f"  {b.label[:label_width]:<{label_width}}  {_bar(abs(b.value) / scale, width)} "
        f"{b.text:>{max(4, text_width)}}  {b.status_label}"
        for b in items
    ]
    return [*lines, "", chart.note]
