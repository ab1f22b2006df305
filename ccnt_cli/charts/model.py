"""What a chart shows, in numbers and words, before anything draws it.

``target_chart`` turns an ``Explanation`` (the engine's figures and the rows behind them) into a
``TargetChart``; ``bar_chart`` turns many results into a ``BarChart``. matplotlib
(``charts.mpl``), the SVG of the report (``charts.svg``) and the terminal (``charts.term``) draw
these, so every drawing shows the same figures, and none of them computes a figure: values are
the engine's (achieved, the running values of its chain, its steady path, ``share_covered``,
``remaining``), moved onto the chart's scale. A change target is drawn as an index, baseline =
100 (-13.5% by 2025 is 86.5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ccnt_cli import i18n
from ccnt_cli.errors import CcntError
from ccnt_cli.kinds import KINDS
from ccnt_cli.units import format_number

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.explain import Explanation
    from ccnt_cli.models import Actual, Dataset
    from ccnt_cli.progress import Progress

#: a colour per status (charts, the report's SVG and its style sheet)
STATUS_COLOURS = {
    "met": "#1a7f37",
    "on-track": "#1f77b4",
    "off-track": "#d97706",
    "missed": "#c62828",
    "awaiting-data": "#6b7280",
    "no-trend": "#7c3aed",
    "holds": "#1a7f37",
    "does-not-hold": "#c62828",
    "no-data": "#9ca3af",
    "qualitative": "#a78bfa",
}
#: the colours of the bases a chart shows, in order (the basis used comes first)
BASIS_COLOURS = ("#1f2937", "#0e7490", "#b45309", "#7c3aed", "#be185d")
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "~": "≈"}


@dataclass(slots=True)
class Mark:
    """One reported row on a chart."""

    year: int  # the period's last year
    start: int  # the period's first year
    value: float  # on the chart's scale
    basis: str | None
    used: bool
    row: str  # file:line (a derived row: its components', `a.csv:2 + a.csv:8`)
    as_written: str = ""
    why: str = ""  # why it was not used
    kind: str = ""  # the row's kind: level, change, flow


@dataclass(slots=True)
class TargetChart:
    """One target, ready to draw."""

    id: str
    lang: str
    title: str
    subtitle: str
    status: str
    status_label: str
    y_label: str
    #: the baseline year when a change target is drawn as an index (baseline = 100)
    index_base: int | None
    #: the engine's measure on the chart's scale: start, each link of its chain, latest
    achieved: list[tuple[int, float]] = field(default_factory=list)
    #: reported rows on the chart's scale (a level target's rows, used or not)
    marks: list[Mark] = field(default_factory=list)
    #: rows as reported, in their own terms (changes in %, flows), for a second panel
    reported: list[Mark] = field(default_factory=list)
    reported_label: str = ""
    #: the steady path from the baseline to the target, one point a year
    path: list[tuple[int, float]] = field(default_factory=list)
    goal_year: int | None = None
    goal: float | None = None
    comparator: str | None = None
    band: tuple[float, float] | None = None
    as_of: int = 0
    gap_label: str = ""
    caption: str = ""
    bases: list[str | None] = field(default_factory=list)
    #: a short name for a panel among others of the same indicator: region and year
    short: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    def years(self) -> tuple[int, int] | None:
        """The span of years the chart covers (``None``: nothing to draw)."""
        found = [y for y, _ in self.achieved] + [m.year for m in self.marks]
        found += [m.start for m in self.reported] + [y for y, _ in self.path]
        if self.goal_year is not None:
            found.append(self.goal_year)
        return (min(found), max(found)) if found else None

    def values(self) -> list[float]:
        """Every value on the main scale (for the axis range)."""
        out = [v for _, v in self.achieved] + [m.value for m in self.marks]
        out += [v for _, v in self.path]
        if self.goal is not None:
            out.append(self.goal)
        if self.band:
            out += list(self.band)
        return out


def number(value: float, digits: int = 4) -> str:
    """A value as a chart labels it: a few significant digits, thousands separators (a value of
    ``digits`` whole digits or more keeps them all: 10,000,000,000)."""
    if abs(value) >= 10**digits:
        return f"{round(value):,}"
    text = format_number(value, digits)
    whole, dot, frac = text.partition(".")
    digits_only = whole.lstrip("-")
    if digits_only.isdigit() and len(digits_only) > 3:
        whole = whole[: len(whole) - len(digits_only)] + f"{int(digits_only):,}"
    return whole + dot + frac


def amount(value: float, unit: str | None) -> str:
    """A value with its unit as a chart writes it: ``-3.002%``, ``3,000 MW``, ``0.2 pp``."""
    unit = unit or ""
    sep = "" if unit.startswith("%") else " "
    return f"{number(value)}{sep}{unit}".rstrip()


def _sources(rows: Iterable[Actual], limit: int = 3) -> str:
    seen: list[str] = []
    for a in rows:
        text = (a.source or "").strip()
        if text and text not in seen:
            seen.append(text)
    shown = [s if len(s) <= 90 else s[:87] + "..." for s in seen[:limit]]
    more = len(seen) - limit
    return "; ".join(shown) + (f"; +{more}" if more > 0 else "")


def goal_text(e: Explanation, lang: str) -> str:
    """The goal in words: comparator, amount, year and baseline, in ``lang``."""
    unit = e.unit
    t = e.target
    if t.value is None:
        return i18n.kind("qualitative", lang)
    sign = COMPARATOR_SIGNS.get(t.comparator or "", t.comparator or "")
    amount = f"{number(t.value)}{unit}" if unit == "%" else f"{number(t.value)} {unit}".strip()
    if lang == "zh":
        by = f"{t.target_year}年" if t.target_year else ""
        base = f"较{t.baseline_year}年" if t.baseline_year else ""
        return f"{by}{base}{sign} {amount}".strip()
    base = f" from {t.baseline_year}" if t.baseline_year else ""
    by = f" by {t.target_year}" if t.target_year else ""
    return f"{sign} {amount}{by}{base}".strip()


def target_chart(ds: Dataset, e: Explanation, lang: str = "en") -> TargetChart:
    """The chart of one target, from its explanation."""
    t, p = e.target, e.progress
    region = i18n.name(ds.regions[t.region], lang)
    ind = ds.indicators[t.indicator]
    status_label = i18n.status(p.status, lang)
    index = t.kind == "change"
    base = t.baseline_year if index else None

    def scale(v: float) -> float:
        return 100 + v if index else v  # a signed change of v% is the index 100 + v

    unit = e.unit
    when = i18n.tr("as of {year}", lang, year=e.as_of)
    if e.known_at:
        when += ", " + i18n.tr("known at {day}", lang, day=e.known_at.isoformat())
    chart = TargetChart(
        id=t.id,
        lang=lang,
        title=f"{region}: {i18n.name(ind, lang)} ({status_label})",
        subtitle=f"{goal_text(e, lang)} · {when}",
        status=p.status,
        status_label=status_label,
        y_label=(
            i18n.tr("Index, {year} = 100", lang, year=base)
            if index
            else (unit or i18n.header("value", lang))
        ),
        index_base=base,
        short=f"{region} {t.target_year or ''}".strip(),
        comparator=t.comparator,
        as_of=e.as_of,
        labels={
            k: i18n.tr(k, lang)
            for k in (
                "reported",
                "reported (not used)",
                "steady path",
                "target",
                "baseline",
                "figures as reported",
                "basis",
            )
        },
    )
    if t.value is not None:
        chart.goal, chart.goal_year = scale(t.value), t.target_year
    if p.band is not None:
        chart.band = (scale(p.band[0]), scale(p.band[1]))
    kind = KINDS[t.kind]
    # the engine's measure: where it started, each running value of its chain, the latest
    if p.start_year is not None and p.start_value is not None and p.achieved is not None:
        chart.achieved.append((p.start_year, scale(p.start_value)))
    for s in p.steps:
        if s.role in ("link", "term") and s.running is not None:
            running = (s.running - 1) * 100 if index else s.running
            chart.achieved.append((s.actual.end, scale(running)))
    if p.achieved is not None and p.latest_year is not None:
        chart.achieved.append((p.latest_year, scale(p.achieved)))
    chart.achieved = sorted(dict(chart.achieved).items())
    # the steady path from the baseline (a level target's path needs a start at its baseline)
    start = p.start_year
    if (
        t.target_year is not None
        and start is not None
        and p.start_value is not None
        and start == t.baseline_year
    ):
        for year in range(start, t.target_year + 1):
            v = kind.steady(t, start, p.start_value, year)
            if v is not None:
                chart.path.append((year, scale(v)))
    # the rows, used and not
    rows = [(a, True, "") for a, _ in e.rows_used] + [(a, False, w) for a, w in p.considered]
    others = {a.basis for a, _, _ in rows if a.basis != p.basis_used}
    chart.bases = [p.basis_used, *sorted(others, key=lambda b: b or "")]
    for a, used, why in rows:
        mark = Mark(a.end, a.start, a.value, a.basis, used, a.ref)  # a derived row: its parts
        mark.as_written, mark.why, mark.kind = a.as_written, why, a.kind
        # a level target's rows are on its own scale; the others' are changes or flows,
        # drawn as reported in a second panel (rows of the commonest kind)
        (chart.marks if t.kind == "level" else chart.reported).append(mark)
    if chart.reported:
        kinds = [m.kind for m in chart.reported]
        common = max(sorted(set(kinds)), key=kinds.count)
        chart.reported = [m for m in chart.reported if m.kind == common]
        shown = "%" if common == "change" else kind.shown_unit(ind) or "-"
        chart.reported_label = f"{chart.labels['figures as reported']} ({shown})"
    if p.remaining is not None and p.status not in ("met", "holds"):
        chart.gap_label = f"{i18n.tr('gap to target', lang)}: {amount(p.remaining, p.diff_unit)}"
    used_rows = [a for a, _ in e.rows_used] or [a for a, _ in p.considered]
    sources = _sources(used_rows)
    policy = ds.policies.get(t.policy)
    chart.caption = i18n.tr(
        "Source: {sources}",
        lang,
        sources=sources or (policy.source if policy else "") or i18n.tr("none", lang),
    )
    return chart


# ------------------------------------------------------------------------------ many targets


@dataclass(slots=True)
class Bar:
    """One target in a bar chart."""

    id: str
    label: str
    value: float  # the bar's length: percent of the way covered, or the gap in the chart's unit
    text: str  # the value as written beside the bar: ``67%``, ``3,000 MW``
    status: str
    status_label: str


@dataclass(slots=True)
class BarChart:
    """An indicator's targets, a bar each, ready to draw: the share of the way covered, or
    (``gap``) what remains to the target, in ``unit``."""

    title: str
    subtitle: str
    axis: str  # what the value axis shows, with its unit
    items: list[Bar]
    note: str = ""
    gap: bool = False
    unit: str = ""


def more(n: int, lang: str) -> str:
    """The note for ``n`` targets left out of a chart (nothing when none)."""
    return i18n.tr("{n} more not shown", lang, n=n) if n > 0 else ""


def bar_chart(
    ds: Dataset,
    results: Sequence[Progress],
    lang: str,
    indicator: str,
    subtitle: str,
    *,
    gap: bool = False,
    limit: int = 80,
) -> BarChart:
    """A bar per target that has a share of the way covered (``gap``: a ``remaining``), the
    largest first (a gap by its size), at most ``limit``; the note counts the targets left
    out. Gaps are drawn as ``ccnt progress`` reports ``remaining``, in ``remaining_unit``; the
    gaps of one chart must share that unit (a change target's gap is a relative ``%``, which no
    other kind's gap converts to), else ``CcntError`` names the units and ``--kind``."""
    what = "gap to target" if gap else "share of the way covered"
    values = [p.remaining if gap else p.share_covered for p in results]
    drawn = [p for p, v in zip(results, values, strict=True) if v is not None]
    unit = _one_unit(drawn) if gap else "%"
    out = []
    for p, value, label in zip(results, values, _labels(ds, results, lang), strict=True):
        if value is None:
            continue
        value = value if gap else value * 100
        text = amount(value, unit) if gap else f"{value:.0f}%"
        out.append(Bar(p.target.id, label, value, text, p.status, i18n.status(p.status, lang)))
    out.sort(key=lambda b: (-abs(b.value), b.label))
    notes = [more(len(out) - limit, lang)]
    if len(drawn) < len(results):
        left = {
            i18n.status(p.status, lang) for p, v in zip(results, values, strict=True) if v is None
        }
        notes.append(
            i18n.tr(
                f"{{n}} without a {what} ({{statuses}}): not drawn",
                lang,
                n=len(results) - len(drawn),
                statuses=", ".join(sorted(left)),
            )
        )
    axis = i18n.tr(what, lang)
    if gap and unit:
        axis = i18n.tr("gap to target ({unit})", lang, unit=unit)
    return BarChart(
        f"{indicator}: {i18n.tr(what, lang)}",
        subtitle,
        axis,
        out[:limit],
        "; ".join(n for n in notes if n),
        gap,
        unit,
    )


def _labels(ds: Dataset, results: Sequence[Progress], lang: str) -> list[str]:
    """Each target's label: its region; the region's year, else the target's id, where a
    region has several targets."""
    names = [i18n.name(ds.regions[p.target.region], lang) for p in results]
    keys = [(n, p.target.target_year) for n, p in zip(names, results, strict=True)]
    out = []
    for p, region, key in zip(results, names, keys, strict=True):
        t = p.target
        label = region
        if names.count(region) > 1:  # the same region twice: its year, else the target's id
            label = f"{region} {t.target_year or ''}".strip() if keys.count(key) == 1 else t.id
        out.append(label)
    return out


def _one_unit(results: Sequence[Progress]) -> str:
    """The one unit of these targets' gaps, or ``CcntError`` naming each unit's kinds."""
    kinds: dict[str, set[str]] = {}
    for p in results:
        kinds.setdefault(p.diff_unit or "", set()).add(p.target.kind)
    if len(kinds) <= 1:
        return next(iter(kinds), "")
    found = ", ".join(
        f"{u or 'no unit'} ({' and '.join(sorted(k))} targets)" for u, k in sorted(kinds.items())
    )
    first = sorted(kinds.items())[0][1]
    raise CcntError(
        f"the gaps to target of {results[0].target.indicator} are in different units: {found}; a change "
        "target's gap is relative (%) and converts to no other unit: draw one kind at a time, "
        f"e.g. --kind {sorted(first)[0]}"
    )
