"""Roll-ups: do the regions below a region add up to it?

``rollup`` sets, per period, the sum of the child regions' figures of an indicator (with how
many children have one) beside the parent's own figure, and the same for targets of one year
(the children's targets summed against the parent's). Only additive indicators roll up
(``adds_up``: amounts, capacities, counts); an intensity or a share is refused.

Figures are each region's usable rows as progress chooses them (``progress.ActualIndex``: the
latest vintage of each period known at the day, derived figures included), one line per period,
kind and basis. The children are the regions whose parent is the region (an area's members for
an area); areas below a region are left out, since they overlap its divisions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import CcntError
from .models import Actual, Dataset, Indicator, Target
from .output.rows import ROLLUP_COLUMNS
from .progress import ActualIndex
from .query import children
from .units import display_unit

#: the columns of a roll-up, in order
COLUMNS = tuple(ROLLUP_COLUMNS)


@dataclass(slots=True)
class Line:
    """One period (figures) or target year (targets): the children's sum against the parent.
    ``difference`` is the parent's figure minus the children's sum."""

    what: str  # "figure" or "target"
    period: str
    kind: str
    basis: str | None
    children_sum: float | None
    children_reporting: int
    children: int
    parent: float | None
    difference: float | None
    unit: str
    #: the rows (file:line) or target ids behind the sum, then the parent's
    rows: list[str] = field(default_factory=list)
    note: str | None = None

    def values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, c) for c in COLUMNS)


@dataclass(slots=True)
class Rollup:
    indicator: Indicator
    parent: str
    children: list[str]
    lines: list[Line]


def child_regions(ds: Dataset, parent: str) -> list[str]:
    """The regions directly below ``parent`` (its members for an area), areas left out."""
    return [c for c in children(ds).get(parent, []) if ds.regions[c].level != "area"]


def with_figures(ds: Dataset, index: ActualIndex, indicator: str) -> set[str]:
    """Regions with a reported figure of the indicator, or of every component of a derived
    one (they may still have no figure to show: their periods may not match)."""
    ind = ds.indicators[indicator]
    found = {r for (r, i) in index.groups if i == indicator}
    if ind.derived is not None:
        parts = [with_figures(ds, index, c) for c in ind.derived.of if c != indicator]
        if parts:
            found |= set.intersection(*parts)
    return found


#: units of a duration: a figure per region that does not add up (hours of storage)
_DURATIONS = frozenset({"hour", "h", "day", "year", "minute", "second", "s"})


def adds_up(ind: Indicator) -> bool:
    """Whether regions' figures of this indicator add up to their parent's: ``additive`` when
    set; else amounts, capacities and counts do, percents, ratios and durations do not."""
    if ind.additive is not None:
        return ind.additive
    unit = ind.unit
    return not (unit in ("percent", "dimensionless") or "/" in unit or unit in _DURATIONS)


def refuse_unless_additive(ind: Indicator) -> None:
    if not adds_up(ind):
        unit = display_unit(ind.unit, dimensionless="dimensionless")
        raise CcntError(
            f"{ind.id} ({unit}) does not add up across regions: only amounts, capacities and "
            "counts roll up, not intensities, shares or durations; compare regions with "
            f"`ccnt compare {ind.id}`"
        )


def figure_lines(
    index: ActualIndex, ind: Indicator, parent: str, kids: list[str], until: int
) -> list[Line]:
    """Per period, kind and basis: the children's figures summed against the parent's."""
    keyed: dict[tuple[int, int, str, str | None], tuple[list[Actual], list[Actual]]] = {}
    for region in [*kids, parent]:
        for a in index.candidates(region, ind.id, until)[0]:
            if a.kind not in ("level", "flow"):
                continue  # relative changes do not add up
            mine, theirs = keyed.setdefault((a.start, a.end, a.kind, a.basis), ([], []))
            (theirs if region == parent else mine).append(a)
    out = []
    unit = display_unit(ind.unit)
    for (start, end, kind, basis), (mine, theirs) in sorted(
        keyed.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1], kv[0][3] or "")
    ):
        total = sum(a.value for a in mine) if mine else None
        own = theirs[0].value if theirs else None
        out.append(
            Line(
                "figure",
                str(start) if start == end else f"{start}-{end}",
                kind,
                basis,
                total,
                len(mine),
                len(kids),
                own,
                own - total if own is not None and total is not None else None,
                unit,
                [a.ref for a in mine] + [a.ref for a in theirs],
            )
        )
    return out


def _ambitious(targets: list[Target], ind: Indicator) -> Target:
    """Of one region's targets for the same year, the most ambitious one."""
    pick = max if ind.direction == "increase" else min
    return pick(targets, key=lambda t: t.value or 0.0)


def target_lines(ds: Dataset, ind: Indicator, parent: str, kids: list[str]) -> list[Line]:
    """Per kind, baseline and target year: the children's targets summed against the parent's
    (one target a region: the most ambitious where it has several)."""
    groups: dict[tuple[str, int | None, int], dict[str, list[Target]]] = {}
    wanted = {*kids, parent}
    for t in ds.targets.values():
        if (
            t.indicator != ind.id
            or t.region not in wanted
            or t.kind not in ("level", "increment", "cumulative")
            or t.target_year is None
            or t.value is None
        ):
            continue
        key = (t.kind, t.baseline_year if t.kind != "level" else None, t.target_year)
        groups.setdefault(key, {}).setdefault(t.region, []).append(t)
    out = []
    for (kind, base, year), by_region in sorted(
        groups.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1] or 0)
    ):
        chosen = {r: _ambitious(ts, ind) for r, ts in by_region.items()}
        several = sorted(r for r, ts in by_region.items() if len(ts) > 1)
        mine = [chosen[r] for r in kids if r in chosen]
        own = chosen.get(parent)
        total = sum(t.value or 0.0 for t in mine) if mine else None
        mark = "higher" if ind.direction == "increase" else "lower"
        out.append(
            Line(
                "target",
                str(year) if base is None or base + 1 == year else f"{base + 1}-{year}",
                kind,
                None,
                total,
                len(mine),
                len(kids),
                own.value if own else None,
                own.value - total if own and own.value is not None and total is not None else None,
                display_unit(ind.unit),
                [t.id for t in mine] + ([own.id] if own else []),
                f"several targets for {', '.join(several)}: the {mark} one counted"
                if several
                else None,
            )
        )
    return out


def rollup(
    ds: Dataset,
    indicator: str,
    parent: str,
    as_of: int | None = None,
    known_at: dt.date | None = None,
) -> Rollup:
    """The children of ``parent`` summed against it, figures (up to ``as_of``, published by
    ``known_at``) and targets; ``CcntError`` for an indicator that does not add up."""
    ind = ds.indicators[indicator]
    refuse_unless_additive(ind)
    year = as_of or dt.date.today().year
    kids = child_regions(ds, parent)
    index = ActualIndex(ds.actuals, year, known_at, explain=False, indicators=ds.indicators)
    lines = figure_lines(index, ind, parent, kids, year) + target_lines(ds, ind, parent, kids)
    return Rollup(ind, parent, kids, lines)
