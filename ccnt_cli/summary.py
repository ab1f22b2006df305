"""Summaries: how many targets have each status, per region, indicator, sector, policy, pilot
or region level, with totals.

Every status of the progress rules (``progress.STATUSES``) has its column, zero or not, so
summaries of different folders or days line up. A pilot programme's group holds its members'
targets (a target whose region is a member, or that names the pilot); a target can count in two
pilots, and the total counts it once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .models import REGION_LEVELS, Dataset, Target
from .output.rows import summary_columns
from .progress import STATUSES, Progress
from .query import region_order

#: what a summary can be grouped by
GROUPINGS = ("region", "indicator", "sector", "policy", "pilot", "level")
#: the label of the totals row
TOTAL = "total"


def columns(by: str) -> tuple[str, ...]:
    """The columns of a summary grouped by ``by``."""
    return tuple(summary_columns(by, list(STATUSES)))


def _names(ds: Dataset, by: str) -> Callable[[str], str | None]:
    if by == "region":
        return lambda k: ds.regions[k].name if k in ds.regions else None
    if by == "indicator":
        return lambda k: ds.indicators[k].name if k in ds.indicators else None
    if by == "sector":
        return lambda k: ds.sectors[k].name if k in ds.sectors else None
    if by == "policy":
        return lambda k: ds.policies[k].title if k in ds.policies else None
    if by == "pilot":
        return lambda k: ds.pilots[k].name if k in ds.pilots else None
    return lambda k: None


def _groups(ds: Dataset, by: str) -> Callable[[Target], Iterable[str]]:
    """The groups a target belongs to (several for pilots, else one)."""
    if by == "region":
        return lambda t: (t.region,)
    if by == "indicator":
        return lambda t: (t.indicator,)
    if by == "sector":
        return lambda t: (t.sector or "(none)",)
    if by == "policy":
        return lambda t: (t.policy,)
    if by == "level":
        return lambda t: (ds.regions[t.region].level,)
    members = {p.id: set(p.members) for p in ds.pilots.values()}
    return lambda t: [pid for pid, m in members.items() if t.region in m or t.pilot == pid]


def _order(ds: Dataset, by: str) -> Callable[[str], Any]:
    if by == "region":
        order = region_order(ds)
        return lambda k: order.get(k, len(order))
    if by == "level":
        return lambda k: REGION_LEVELS.index(k) if k in REGION_LEVELS else len(REGION_LEVELS)
    if by == "pilot":
        pilots = list(ds.pilots)
        return lambda k: pilots.index(k)
    return lambda k: k


def summarise(ds: Dataset, results: Iterable[Progress], by: str) -> list[dict[str, Any]]:
    """Counts of targets by status in each group, then a totals row (each target once)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    groups_of, name_of = _groups(ds, by), _names(ds, by)
    counts: dict[str, dict[str, int]] = {}
    total = dict.fromkeys(STATUSES, 0)
    for p in results:
        groups = list(groups_of(p.target))
        for g in groups:
            row = counts.setdefault(g, dict.fromkeys(STATUSES, 0))
            row[p.status] += 1
        if groups:
            total[p.status] += 1
    out = []
    for g in sorted(counts, key=_order(ds, by)):
        out.append({by: g, "name": name_of(g), **counts[g], "total": sum(counts[g].values())})
    out.append({by: TOTAL, "name": None, **total, "total": sum(total.values())})
    return out
