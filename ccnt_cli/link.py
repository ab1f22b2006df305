"""Phase 2 of loading: the folder as a whole.

Unique ids, references between records and region cycles (here), and every value converted to
its indicator's canonical unit and range-checked (``convert``). Canonical values are filled into
the records this load made (``Target.value`` and the other computed fields: the records are not
shared before linking completes them); the actuals' values are multiplied by their factor when
the table is built.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from . import derive, units
from .convert import convert_target, link_actuals
from .errors import Problem, UnitError, did_you_mean
from .models import Dataset, FileResult, Target
from .schema import Record


def _unique(kind: str, records: list[Any], store: dict[str, Any], problems: list[Problem]) -> None:
    for rec in records:
        first = store.get(rec.id)
        if first is not None:
            problems.append(
                rec.problem(
                    "id",
                    f"duplicate {kind} id {rec.id!r}",
                    f"first defined at {first.where.file}:{first.where.line}; ids must be unique",
                )
            )
            continue
        store[rec.id] = rec


def link(ds: Dataset, results: list[FileResult], problems: list[Problem]) -> None:
    """Fill ``ds`` from the files' records: unique ids, references resolved, values converted
    to canonical units and checked against their indicator's range. Records with a problem
    are left out; every problem is appended."""
    # ids of records that are defined but were refused (their problems are reported): a
    # reference to one is not reported again as "unknown"
    broken = {p.record for fr in results for p in fr.problems if p.record}
    for fr in results:
        _unique("region", fr.regions, ds.regions, problems)
        _unique("sector", fr.sectors, ds.sectors, problems)
        _unique("indicator", fr.indicators, ds.indicators, problems)
        _unique("pilot", fr.pilots, ds.pilots, problems)
        _unique("policy", fr.policies, ds.policies, problems)
    for fr in results:
        _unique("target", fr.targets, ds.targets, problems)
    _link_regions(ds, problems, broken)
    _link_indicators(ds, problems, broken)
    derive.check(ds.indicators, problems, broken)
    for pilot in ds.pilots.values():
        for m in pilot.members:
            _ref(ds.regions, m, "region", pilot, "members", problems, broken)
    for policy in ds.policies.values():
        if policy.region:
            _ref(ds.regions, policy.region, "region", policy, "region", problems, broken)
    _link_targets(ds, problems, broken)
    ds.actuals = link_actuals(ds, [fr.actuals for fr in results], problems, broken)


def _ref(
    store: dict[str, Any],
    key: str,
    what: str,
    rec: Record,
    fld: str,
    problems: list[Problem],
    broken: Collection[str] = (),
) -> bool:
    """Whether ``key`` (in field ``fld`` of ``rec``) names a record of ``store``; a problem
    if not (unless that record exists but was refused: its own problems say why)."""
    if key in store:
        return True
    if key in broken:
        return False
    from .lookup import unknown_hint

    hint = unknown_hint(store, key, what)
    problems.append(rec.problem(fld, f"unknown {what} {key!r}", hint))
    return False


def _link_regions(ds: Dataset, problems: list[Problem], broken: Collection[str]) -> None:
    names: dict[str, str] = {}
    for region in ds.regions.values():
        if region.parent:
            _ref(ds.regions, region.parent, "region", region, "parent", problems, broken)
        elif region.level != "national":
            problems.append(
                region.problem(
                    "parent",
                    "region has no parent",
                    "every region but the nation names its parent region",
                )
            )
        for m in region.members:
            _ref(ds.regions, m, "region", region, "members", problems, broken)
        if region.level == "area" and not region.members:
            problems.append(region.problem("members", "an area lists its members"))
        for label in (region.id, region.name, region.name_zh, *region.aliases):
            if not label:
                continue
            key = label.casefold()
            other = names.setdefault(key, region.id)
            if other != region.id:
                problems.append(
                    region.problem(
                        "aliases",
                        f"name or alias {label!r} also names region {other!r}",
                        "a name must point at one region; remove or change the alias",
                    )
                )
    for region in ds.regions.values():  # cycles
        seen = [region.id]
        cur = region.parent
        while cur and cur in ds.regions:
            if cur in seen:
                if cur == region.id:
                    problems.append(
                        region.problem(
                            "parent",
                            "region parents form a cycle: " + " -> ".join([*seen, cur]),
                            "a region cannot be its own ancestor",
                        )
                    )
                break
            seen.append(cur)
            cur = ds.regions[cur].parent


def _link_indicators(ds: Dataset, problems: list[Problem], broken: set[str]) -> None:
    for ind in list(ds.indicators.values()):
        if ind.sector and ds.sectors:
            _ref(ds.sectors, ind.sector, "sector", ind, "sector", problems, broken)
        try:
            units.check_unit(ind.unit)
        except UnitError as exc:
            problems.append(ind.problem("unit", str(exc), exc.hint))
            del ds.indicators[ind.id]
            broken.add(ind.id)


def _refs_known(ds: Dataset, t: Target) -> bool:
    """Every reference of a target resolves (the common case, checked without messages)."""
    return (
        t.region in ds.regions
        and t.policy in ds.policies
        and t.indicator in ds.indicators
        and (not t.pilot or t.pilot in ds.pilots)
        and (not t.sector or not ds.sectors or t.sector in ds.sectors)
        and (not t.relative_to or t.relative_to in ds.targets)
    )


def _link_targets(ds: Dataset, problems: list[Problem], broken: set[str]) -> None:
    for tid, t in list(ds.targets.items()):
        if not _refs_known(ds, t):
            _target_refs(ds, tid, t, problems, broken)
            continue
        convert_target(ds, tid, t, problems, broken)


def _target_refs(
    ds: Dataset, tid: str, t: Target, problems: list[Problem], broken: set[str]
) -> None:
    """Report the references of a target that do not resolve; convert it if they all do."""
    ok = True
    for key, store, what in (
        (t.region, ds.regions, "region"),
        (t.policy, ds.policies, "policy"),
        (t.indicator, ds.indicators, "indicator"),
    ):
        ok = _ref(store, key, what, t, what, problems, broken) and ok
    if t.pilot:
        ok = _ref(ds.pilots, t.pilot, "pilot", t, "pilot", problems, broken) and ok
    if t.sector and ds.sectors:
        ok = _ref(ds.sectors, t.sector, "sector", t, "sector", problems, broken) and ok
    if t.relative_to and t.relative_to in broken and t.relative_to not in ds.targets:
        ok = False
    elif t.relative_to and t.relative_to not in ds.targets:
        problems.append(
            t.problem(
                "relative_to",
                f"unknown target {t.relative_to!r}",
                did_you_mean(t.relative_to, ds.targets),
            )
        )
        ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    convert_target(ds, tid, t, problems, broken)
