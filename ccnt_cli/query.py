"""Finding regions, indicators and targets by what people type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import LookupFailed, suggest
from .models import Actual, Dataset, Indicator, Pilot, Region, Target
from .units import normalize


def _labels(region: Region) -> Iterable[str]:
    yield region.id
    yield region.name
    if region.name_zh:
        yield region.name_zh
    yield from region.aliases


def find_region(ds: Dataset, typed: str) -> Region:
    """The region whose id, English or Chinese name or alias is ``typed`` (case-insensitive)."""
    key = normalize(typed).casefold()
    for region in ds.regions.values():
        if any(label.casefold() == key for label in _labels(region)):
            return region
    pool = {label: r.id for r in ds.regions.values() for label in _labels(r)}
    raise LookupFailed("region", typed, _dedupe(pool[s] for s in suggest(typed, pool)))


def find_indicator(ds: Dataset, typed: str) -> Indicator:
    key = normalize(typed).casefold()
    for ind in ds.indicators.values():
        labels = [ind.id, ind.name, ind.name_zh or "", *ind.aliases]
        if any(label.casefold() == key for label in labels if label):
            return ind
    pool = {
        label: i.id for i in ds.indicators.values() for label in (i.id, i.name, *i.aliases) if label
    }
    raise LookupFailed("indicator", typed, _dedupe(pool[s] for s in suggest(typed, pool)))


def find_pilot(ds: Dataset, typed: str) -> Pilot:
    key = normalize(typed).casefold()
    for pilot in ds.pilots.values():
        if key in (pilot.id.casefold(), pilot.name.casefold()):
            return pilot
    raise LookupFailed("pilot", typed, suggest(typed, ds.pilots))


def find_target(ds: Dataset, typed: str) -> Target:
    if typed in ds.targets:
        return ds.targets[typed]
    raise LookupFailed("target", typed, suggest(typed, ds.targets))


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def children(ds: Dataset) -> dict[str, list[str]]:
    """Region id to the ids directly below it (by parent, and an area's members)."""
    out: dict[str, list[str]] = {rid: [] for rid in ds.regions}
    for region in ds.regions.values():
        if region.parent in out:
            out[region.parent].append(region.id)
    for region in ds.regions.values():
        for member in region.members:
            if member in out and member not in out[region.id]:
                out[region.id].append(member)
    return out


def region_scope(ds: Dataset, region_id: str, exact: bool = False) -> set[str]:
    """``region_id`` and, unless ``exact``, every region below it."""
    if exact:
        return {region_id}
    below = children(ds)
    seen = {region_id}
    stack = [region_id]
    while stack:
        for child in below.get(stack.pop(), ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return seen


@dataclass(slots=True)
class TargetFilter:
    """What ``targets list`` (and ``progress``) can filter on; ``None`` is no filter."""

    region: str | None = None
    exact: bool = False
    level: str | None = None
    indicator: str | None = None
    sector: str | None = None
    kind: str | None = None
    year: int | None = None
    pilot: str | None = None
    policy: str | None = None
    search: str | None = None


def filter_targets(ds: Dataset, f: TargetFilter) -> list[Target]:
    """The targets that pass every filter, in a stable order (region tree order, then id)."""
    scope = region_scope(ds, find_region(ds, f.region).id, f.exact) if f.region else None
    indicator = find_indicator(ds, f.indicator).id if f.indicator else None
    pilot = find_pilot(ds, f.pilot) if f.pilot else None
    members = set(pilot.members) if pilot else set()
    if f.sector and ds.sectors and f.sector not in ds.sectors:
        raise LookupFailed("sector", f.sector, suggest(f.sector, ds.sectors))
    if f.policy and f.policy not in ds.policies:
        raise LookupFailed("policy", f.policy, suggest(f.policy, ds.policies))
    needle = normalize(f.search).casefold() if f.search else None
    out = []
    for t in ds.targets.values():
        if scope is not None and t.region not in scope:
            continue
        if indicator and t.indicator != indicator:
            continue
        if f.level and ds.regions[t.region].level != f.level:
            continue
        if f.sector and t.sector != f.sector:
            continue
        if f.kind and t.kind != f.kind:
            continue
        if f.year is not None and t.target_year != f.year:
            continue
        if pilot and not (t.pilot == pilot.id or t.region in members):
            continue
        if f.policy and t.policy != f.policy:
            continue
        if needle and needle not in _haystack(ds, t):
            continue
        out.append(t)
    order = region_order(ds)
    out.sort(key=lambda t: (order.get(t.region, len(order)), t.indicator, t.target_year or 0, t.id))
    return out


def _haystack(ds: Dataset, t: Target) -> str:
    policy = ds.policies.get(t.policy)
    ind = ds.indicators.get(t.indicator)
    parts = [
        t.id,
        t.text or "",
        t.note or "",
        *t.tags,
        policy.title if policy else "",
        policy.title_zh or "" if policy else "",
        ind.name if ind else "",
        ind.name_zh or "" if ind else "",
    ]
    return normalize(" ".join(parts)).casefold()


def region_order(ds: Dataset) -> dict[str, int]:
    """Depth-first order of the region tree (nation, then each province and what is below it)."""
    below = children(ds)
    roots = [r.id for r in ds.regions.values() if not r.parent or r.parent not in ds.regions]
    order: dict[str, int] = {}
    stack = list(reversed(roots))
    while stack:
        rid = stack.pop()
        if rid in order:
            continue
        order[rid] = len(order)
        stack.extend(reversed([c for c in below.get(rid, ()) if ds.regions[c].level != "area"]))
    for rid in ds.regions:  # areas and anything unreachable last
        order.setdefault(rid, len(order))
    return order


def filter_actuals(
    ds: Dataset, region: str | None = None, exact: bool = False, indicator: str | None = None
) -> list[Actual]:
    """Reported figures of a region (and the regions below it unless ``exact``) and indicator."""
    scope = region_scope(ds, find_region(ds, region).id, exact) if region else None
    ind = find_indicator(ds, indicator).id if indicator else None
    table = ds.actuals
    pairs = zip(table.column("region"), table.column("indicator"), strict=True)
    return table.take(
        i
        for i, (r, n) in enumerate(pairs)
        if (scope is None or r in scope) and (ind is None or n == ind)
    )
