"""Comparisons: one indicator across regions, ranked by how far each is from its goal.

``compare`` takes each region's target of one indicator for one year (the year most of the
indicator's targets share, unless asked), computes its progress (``progress.compute``, so the
result cache serves it) and ranks the regions by their distance from the goal:

* a change target: the relative change still needed, ``|remaining|`` in % (e.g. 10.28);
* a level, increment or cumulative target: what is still needed as a percent of the goal,
  ``|remaining| / |target| x 100``, so regions of different sizes compare;
* a target met (or holding) is at distance 0.

Rank 1 is the furthest from its goal; regions whose target cannot be measured (no data) come
after the ranked ones without a rank, and regions with figures but no target for that year
last, with their latest figure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from .models import Actual, Dataset, Target
from .output.rows import COMPARE_COLUMNS
from .progress import ActualIndex, Progress, ResultStore, compute
from .query import region_order
from .rollup import with_figures
from .units import display_unit

#: the columns of a comparison, in order
COLUMNS = tuple(COMPARE_COLUMNS)
#: the status of a region with figures and no target for the year
NO_TARGET = "no-target"


@dataclass(slots=True)
class Comparison:
    indicator: str
    year: int | None
    rows: list[dict[str, Any]] = field(default_factory=list)


def default_year(targets: Iterable[Target]) -> int | None:
    """The target year most of these targets share (the later one on a tie)."""
    counts = Counter(t.target_year for t in targets if t.target_year is not None)
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def distance(p: Progress) -> float | None:
    """How far a target is from its goal, comparable across regions (see the module)."""
    t = p.target
    if p.status in ("met", "holds"):
        return 0.0
    if p.remaining is None or t.value is None:
        return None
    if t.kind == "change":
        return abs(p.remaining)
    return abs(p.remaining) / abs(t.value) * 100 if t.value else None


def _one_per_region(targets: list[Target]) -> tuple[list[Target], dict[str, list[str]]]:
    """Each region's target: binding first, then the longest span (earliest baseline), then
    the id; the others by region, to be named in the note."""
    by_region: dict[str, list[Target]] = {}
    for t in targets:
        by_region.setdefault(t.region, []).append(t)
    chosen, others = [], {}
    for region, ts in by_region.items():
        ts.sort(key=lambda t: (not t.binding, t.baseline_year or 9999, t.id))
        chosen.append(ts[0])
        if len(ts) > 1:
            others[region] = [t.id for t in ts[1:]]
    return chosen, others


def _row(ds: Dataset, p: Progress, others: dict[str, list[str]]) -> dict[str, Any]:
    t = p.target
    region = ds.regions[t.region]
    notes = list(p.notes)
    if t.region in others:
        notes.append("also: " + ", ".join(others[t.region]))
    return {
        "rank": None,
        "region": t.region,
        "region_name": region.name,
        "level": region.level,
        "target": t.id,
        "kind": t.kind,
        "baseline_year": t.baseline_year,
        "target_year": t.target_year,
        "comparator": t.comparator,
        "target_value": t.value,
        "unit": "%" if t.kind == "change" else display_unit(t.unit),
        "latest_year": p.latest_year,
        "achieved": _round(p.achieved),
        "remaining": _round(p.remaining),
        "required_annual": _round(p.required_annual),
        "pace_so_far": _round(p.pace_so_far),
        "remaining_unit": p.diff_unit,
        "status": p.status,
        "distance": _round(distance(p)),
        "note": "; ".join(notes) or None,
    }


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits) + 0.0


def _latest(rows: list[Actual]) -> Actual | None:
    """The figure reaching the latest year (a level before a flow before a change)."""
    order = {"level": 0, "flow": 1, "change": 2}
    return min(rows, key=lambda a: (-a.end, order.get(a.kind, 3), a.start), default=None)


def _untargeted(
    ds: Dataset, indicator: str, regions: set[str], index: ActualIndex, year: int | None
) -> list[dict[str, Any]]:
    """Regions with figures of the indicator and no target for the year, with their latest."""
    ind = ds.indicators[indicator]
    out = []
    order = region_order(ds)
    for region in sorted(regions, key=lambda r: order.get(r, len(order))):
        latest = _latest(index.candidates(region, indicator, index.as_of)[0])
        if latest is None:
            continue
        info = ds.regions[region]
        unit = "%" if latest.kind == "change" else display_unit(ind.unit)
        out.append(
            dict.fromkeys(COLUMNS)
            | {
                "region": region,
                "region_name": info.name,
                "level": info.level,
                "kind": latest.kind,
                "unit": unit,
                "latest_year": latest.end,
                "achieved": _round(latest.value),
                "status": NO_TARGET,
                "note": (f"no target for {year}" if year else "no target")
                + f"; latest figure: {latest.period} {latest.kind} {latest.as_written}"
                f" ({latest.ref})",
            }
        )
    return out


def compare(
    ds: Dataset,
    indicator: str,
    levels: Collection[str] | None = None,
    year: int | None = None,
    as_of: int | None = None,
    known_at: dt.date | None = None,
    store: ResultStore | None = None,
) -> Comparison:
    """Every region's target of ``indicator`` for ``year`` (of regions at ``levels``), ranked
    (see the module)."""
    in_scope = {r for r, info in ds.regions.items() if not levels or info.level in levels}
    pool = [
        t
        for t in ds.targets.values()
        if t.indicator == indicator and t.region in in_scope and t.value is not None
    ]
    year = year if year is not None else default_year(pool)
    chosen, others = _one_per_region([t for t in pool if t.target_year == year])
    results = compute(ds, chosen, as_of, known_at, store)
    rows = [_row(ds, p, others) for p in results]
    ranked = sorted(
        (r for r in rows if r["distance"] is not None),
        key=lambda r: (-r["distance"], r["region"]),
    )
    rank, last = 0, None
    for i, r in enumerate(ranked, 1):
        if r["distance"] != last:
            rank, last = i, r["distance"]
        r["rank"] = rank
    order = region_order(ds)
    unranked = sorted(
        (r for r in rows if r["distance"] is None), key=lambda r: order.get(r["region"], 0)
    )
    index = ActualIndex(ds.actuals, as_of or dt.date.today().year, known_at, False, ds.indicators)
    rest = with_figures(ds, index, indicator) & in_scope - {t.region for t in chosen}
    return Comparison(
        indicator, year, ranked + unranked + _untargeted(ds, indicator, rest, index, year)
    )
