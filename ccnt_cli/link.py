"""Phase 2 of loading: the folder as a whole.

Unique ids, references between records, region cycles, and every value converted to its
indicator's canonical unit (one factor per distinct unit pair) and checked against the
indicator's valid range (``Indicator.valid_range``; a change never falls by 100% or more).
Canonical values are filled into the records this load made (``Target.value`` and the other
computed fields); the actuals' values are multiplied by their factor when the table is built.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from . import units
from .errors import Problem, UnitError, did_you_mean
from .kinds import KINDS
from .models import Actual, ActualTable, Dataset, FileResult, Indicator, Target, Where
from .schema import CHANGE_UNIT
from .table import COL

_REGION, _INDICATOR, _KIND = COL["region"], COL["indicator"], COL["kind"]
_UNIT, _VALUE = COL["raw_unit"], COL["value"]


def _unique(kind: str, records: list[Any], store: dict[str, Any], problems: list[Problem]) -> None:
    for rec in records:
        first = store.get(rec.id)
        if first is not None:
            problems.append(
                Problem(
                    rec.where.file,
                    f"duplicate {kind} id {rec.id!r}",
                    line=rec.where.line_of("id"),
                    record=rec.id,
                    field="id",
                    hint=f"first defined at {first.where.file}:{first.where.line}; ids must be unique",
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
    for pilot in ds.pilots.values():
        for m in pilot.members:
            _ref(ds.regions, m, "region", pilot.where, pilot.id, "members", problems, broken)
    for policy in ds.policies.values():
        if policy.region:
            _ref(
                ds.regions,
                policy.region,
                "region",
                policy.where,
                policy.id,
                "region",
                problems,
                broken,
            )
    _link_targets(ds, problems, broken)
    ds.actuals = _link_actuals(ds, [fr.actuals for fr in results], problems, broken)


def _ref(
    store: dict[str, Any],
    key: str,
    what: str,
    where: Where,
    record: str,
    fld: str,
    problems: list[Problem],
    broken: Collection[str] = (),
) -> bool:
    if key in store:
        return True
    if key in broken:  # defined, but refused: its own problems say why
        return False
    hint = (
        did_you_mean(key, store) or f"add it to targets/{what}s.yaml"
        if what != "policy"
        else (did_you_mean(key, store) or "define the policy under `policies:` in a target file")
    )
    problems.append(
        Problem(
            where.file,
            f"unknown {what} {key!r}",
            line=where.line_of(fld),
            record=record,
            field=fld,
            hint=hint,
        )
    )
    return False


def _link_regions(ds: Dataset, problems: list[Problem], broken: Collection[str]) -> None:
    names: dict[str, str] = {}
    for region in ds.regions.values():
        if region.parent:
            _ref(
                ds.regions,
                region.parent,
                "region",
                region.where,
                region.id,
                "parent",
                problems,
                broken,
            )
        elif region.level != "national":
            problems.append(
                Problem(
                    region.where.file,
                    "region has no parent",
                    line=region.where.line,
                    record=region.id,
                    field="parent",
                    hint="every region but the nation names its parent region",
                )
            )
        for m in region.members:
            _ref(ds.regions, m, "region", region.where, region.id, "members", problems, broken)
        if region.level == "area" and not region.members:
            problems.append(
                Problem(
                    region.where.file,
                    "an area lists its members",
                    line=region.where.line,
                    record=region.id,
                    field="members",
                )
            )
        for label in (region.id, region.name, region.name_zh, *region.aliases):
            if not label:
                continue
            key = label.casefold()
            other = names.setdefault(key, region.id)
            if other != region.id:
                problems.append(
                    Problem(
                        region.where.file,
                        f"name or alias {label!r} also names region {other!r}",
                        line=region.where.line_of("aliases"),
                        record=region.id,
                        field="aliases",
                        hint="a name must point at one region; remove or change the alias",
                    )
                )
    for region in ds.regions.values():  # cycles
        seen = [region.id]
        cur = region.parent
        while cur and cur in ds.regions:
            if cur in seen:
                if cur == region.id:
                    problems.append(
                        Problem(
                            region.where.file,
                            "region parents form a cycle: " + " -> ".join([*seen, cur]),
                            line=region.where.line_of("parent"),
                            record=region.id,
                            field="parent",
                            hint="a region cannot be its own ancestor",
                        )
                    )
                break
            seen.append(cur)
            cur = ds.regions[cur].parent


def _link_indicators(ds: Dataset, problems: list[Problem], broken: set[str]) -> None:
    for ind in list(ds.indicators.values()):
        if ind.sector and ds.sectors:
            _ref(ds.sectors, ind.sector, "sector", ind.where, ind.id, "sector", problems, broken)
        try:
            units.check_unit(ind.unit)
        except UnitError as exc:
            problems.append(
                Problem(
                    ind.where.file,
                    str(exc),
                    line=ind.where.line_of("unit"),
                    record=ind.id,
                    field="unit",
                    hint=exc.hint,
                )
            )
            del ds.indicators[ind.id]
            broken.add(ind.id)


def _canonical_unit(kind: str, ind: Indicator) -> str:
    """Values of a target of this kind, and actual rows of this kind, are in this unit."""
    if kind == "change":  # an actual row's relative change, as a change target's value
        return CHANGE_UNIT
    found = KINDS.get(kind)
    return found.value_unit(ind) if found is not None else ind.unit


def convert(value: float, unit: str | None, kind: str, ind: Indicator) -> float:
    target_unit = _canonical_unit(kind, ind)
    if not unit:
        if ind.unit == "dimensionless" and kind != "change":
            return value
        raise UnitError(
            "missing unit",
            f"write the unit ({'%' if kind == 'change' else ind.unit}); "
            f"values of {ind.id} are in {target_unit}",
        )
    return value * units.factor(unit, target_unit)


def range_text(ind: Indicator) -> str:
    """The valid range of an indicator's levels, as a person reads it: ``0 to 100 %``."""
    lo, hi = ind.valid_range()
    unit = "%" if ind.unit == "percent" else "" if ind.unit == "dimensionless" else f" {ind.unit}"
    if math.isinf(hi):
        text = f"at least {units.format_number(lo)}" if not math.isinf(lo) else "any value"
    elif math.isinf(lo):
        text = f"at most {units.format_number(hi)}"
    else:
        text = f"{units.format_number(lo)} to {units.format_number(hi)}"
    return text + unit


def out_of_range(value: float, kind: str, ind: Indicator) -> tuple[str, str] | None:
    """Why a value (canonical unit) cannot be, or ``None``: a relative change never falls by
    100% or more; a level lies in its indicator's valid range."""
    shown = units.format_number(value)
    if kind == "change":
        if value > -100:
            return None
        return (
            f"a change of {shown}% is impossible: nothing falls by 100% or more",
            "a cut of 30% is written -30 (percent), not -0.3 or -300",
        )
    if kind != "level":
        return None
    lo, hi = ind.valid_range()
    if lo <= value <= hi:
        return None
    unit = "%" if ind.unit == "percent" else "" if ind.unit == "dimensionless" else f" {ind.unit}"
    return (
        f"{shown}{unit} is outside the valid range of {ind.id} ({range_text(ind)})",
        "check the value and its unit; if the indicator can go beyond, set min/max on it in "
        "targets/indicators.yaml",
    )


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
        _convert_target(ds, tid, t, problems, broken)


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
        ok = _ref(store, key, what, t.where, tid, what, problems, broken) and ok
    if t.pilot:
        ok = _ref(ds.pilots, t.pilot, "pilot", t.where, tid, "pilot", problems, broken) and ok
    if t.sector and ds.sectors:
        ok = _ref(ds.sectors, t.sector, "sector", t.where, tid, "sector", problems, broken) and ok
    if t.relative_to and t.relative_to in broken and t.relative_to not in ds.targets:
        ok = False
    elif t.relative_to and t.relative_to not in ds.targets:
        problems.append(
            Problem(
                t.where.file,
                f"unknown target {t.relative_to!r}",
                line=t.where.line_of("relative_to"),
                record=tid,
                field="relative_to",
                hint=did_you_mean(t.relative_to, ds.targets),
            )
        )
        ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    _convert_target(ds, tid, t, problems, broken)


def _convert_target(
    ds: Dataset, tid: str, t: Target, problems: list[Problem], broken: set[str]
) -> None:
    """Put the target's values in the indicator's canonical unit (in place), or report why
    they cannot be converted and leave it out."""
    ind = ds.indicators[t.indicator]
    value = baseline = None
    ok = True
    try:
        if t.value is not None:
            value = convert(t.value, t.unit, t.kind, ind)
    except UnitError as exc:
        inside = bool(t.unit) and not t.target_unit  # "9000 megawat": the unit is in the value
        problems.append(
            Problem(
                t.where.file,
                f"value {t.target_value!r}: {exc}" if inside else str(exc),
                line=t.where.line_of("target"),
                record=tid,
                field="target.value" if inside else "target.unit",
                hint=exc.hint,
            )
        )
        ok = False
    try:
        if t.baseline_value is not None:
            baseline = convert(t.baseline_value, t.baseline_unit, "level", ind)
    except UnitError as exc:
        problems.append(
            Problem(
                t.where.file,
                str(exc),
                line=t.where.line_of("baseline"),
                record=tid,
                field="baseline.unit",
                hint=exc.hint,
            )
        )
        ok = False
    for fld, number, kind in (
        ("target.value", value, t.kind),
        ("baseline.value", baseline, "level"),
    ):
        wrong = out_of_range(number, kind, ind) if number is not None else None
        if wrong is not None:
            problems.append(
                Problem(
                    t.where.file,
                    wrong[0],
                    line=t.where.line_of(fld),
                    record=tid,
                    field=fld,
                    hint=wrong[1],
                )
            )
            ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    if t.kind != "qualitative" and t.comparator is None:
        t.comparator = ">=" if ind.direction == "increase" else "<="
    t.value = value
    t.unit = _canonical_unit(t.kind, ind) if value is not None else None
    t.baseline_value = baseline
    t.baseline_unit = ind.unit if baseline is not None else None
    t.sector = t.sector or ind.sector


def _link_actuals(
    ds: Dataset, parts: list[ActualTable], problems: list[Problem], broken: Collection[str]
) -> ActualTable:
    """Check references and convert values of every file's actuals, on distinct keys: each
    (region, indicator) checked once, one factor per (unit, kind, indicator). When every key
    is good, the rows are not read here: the table is built (and values multiplied by their
    factor) the first time it is read. Otherwise rows with a problem are reported, left out."""
    regions, indicators = ds.regions, ds.indicators
    pairs: set[tuple[str, str]] = set()
    keys: set[tuple[str, str, str]] = set()
    bounds: set[tuple[str, str, str, float, float]] = set()
    for part in parts:
        k = part.keys()
        pairs |= k.pairs
        keys |= k.units
        bounds |= k.bounds
    bad_pairs = {p for p in pairs if p[0] not in regions or p[1] not in indicators}
    factors: dict[tuple[str, str, str], float | UnitError] = {}
    for key in keys:
        ind = indicators.get(key[2])
        if ind is not None:
            try:
                factors[key] = convert(1.0, key[0], key[1], ind)
            except UnitError as exc:
                factors[key] = exc
    scale = {k: f for k, f in factors.items() if not isinstance(f, UnitError) and f != 1.0}
    # keys some row of which is out of its indicator's range (factors are positive)
    stray = set()
    for unit, kind, name, lo, hi in bounds:
        f = factors.get((unit, kind, name))
        if isinstance(f, float) and any(
            out_of_range(v * f, kind, indicators[name]) for v in (lo, hi)
        ):
            stray.add((unit, kind, name))

    def build() -> ActualTable:
        table = ActualTable()
        for part in parts:
            table.extend(part)
        if scale:
            c = table.cols
            get, values = scale.get, c[_VALUE]
            for i, key in enumerate(zip(c[_UNIT], c[_KIND], c[_INDICATOR], strict=True)):
                f = get(key)
                if f is not None:
                    values[i] *= f
        return table

    failed = {k for k, f in factors.items() if isinstance(f, UnitError)}
    if not bad_pairs and not failed and not stray:
        return ActualTable.deferred(lambda: build().cols, sum(len(p) for p in parts))
    table = build()
    c = table.cols
    keep = []
    rows = zip(c[_REGION], c[_INDICATOR], c[_KIND], c[_UNIT], c[_VALUE], strict=True)
    for i, (region, indicator, kind, unit, value) in enumerate(rows):
        key = (unit, kind, indicator)
        if (region, indicator) in bad_pairs or key in failed:
            _actual_problem(ds, table.row(i), factors.get(key), problems, broken)
        elif key in stray and (wrong := out_of_range(value, kind, indicators[indicator])):
            a = table.row(i)
            problems.append(
                Problem(
                    a.where.file,
                    wrong[0],
                    line=a.where.line,
                    record=f"{a.region}/{a.indicator}/{a.period}",
                    field="value",
                    hint=wrong[1],
                )
            )
        else:
            keep.append(i)
    return table.keep(keep)


def _actual_problem(
    ds: Dataset,
    a: Actual,
    f: float | UnitError | None,
    problems: list[Problem],
    broken: Collection[str],
) -> None:
    regions = ds.regions
    hint: str | None
    if (a.region not in regions and a.region in broken) or (
        a.indicator not in ds.indicators and a.indicator in broken
    ):
        return  # refers to a record that was refused: its problems say why
    if a.region not in regions:
        field, message, hint = (
            "region",
            f"unknown region {a.region!r}",
            (did_you_mean(a.region, regions) or "add it to targets/regions.yaml"),
        )
    elif a.indicator not in ds.indicators:
        field, message, hint = (
            "indicator",
            f"unknown indicator {a.indicator!r}",
            (did_you_mean(a.indicator, ds.indicators) or "add it to targets/indicators.yaml"),
        )
    else:
        assert isinstance(f, UnitError)
        # the unit was written inside the value ("12abc") or in the unit column
        if a.raw_unit and units.normalize(a.raw_value).endswith(a.raw_unit):
            field, message = "value", f"value {a.raw_value!r}: {f}"
        else:
            field, message = "unit", str(f)
        hint = f.hint
    problems.append(
        Problem(
            a.where.file,
            message,
            line=a.where.line,
            record=f"{a.region}/{a.indicator}/{a.period}",
            field=field,
            hint=hint,
        )
    )
