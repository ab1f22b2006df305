"""Values in canonical units: every target's number and every reported figure converted to its
indicator's unit (one factor per distinct unit, kind and indicator) and checked against the
indicator's valid range. Part of linking (``link``)."""

from __future__ import annotations

import math
from collections.abc import Collection

from . import units
from .errors import Problem, UnitError
from .kinds import KINDS
from .models import Actual, ActualTable, Dataset, Indicator, Target
from .schema import CHANGE_UNIT
from .table import COL

_REGION, _INDICATOR, _KIND = COL["region"], COL["indicator"], COL["kind"]
_UNIT, _VALUE = COL["raw_unit"], COL["value"]


def _canonical_unit(kind: str, ind: Indicator) -> str:
    """Values of a target of this kind, and actual rows of this kind, are in this unit."""
    if kind == "change":  # an actual row's relative change, as a change target's value
        return CHANGE_UNIT
    found = KINDS.get(kind)
    return found.value_unit(ind) if found is not None else ind.unit


def convert(value: float, unit: str | None, kind: str, ind: Indicator) -> float:
    """``value`` in ``unit`` as the canonical unit of a ``kind`` value of ``ind``."""
    return _converted(value, unit, kind, ind, _canonical_unit(kind, ind))


def _converted(
    value: float, unit: str | None, kind: str, ind: Indicator, target_unit: str
) -> float:
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
    if kind == "change":
        if value > -100:
            return None
        return (
            f"a change of {units.format_number(value)}% is impossible: nothing falls by 100% or more",
            "a cut of 30% is written -30 (percent), not -0.3 or -300",
        )
    if kind != "level":
        return None
    lo, hi = ind.valid_range()
    if lo <= value <= hi:
        return None
    unit = "%" if ind.unit == "percent" else "" if ind.unit == "dimensionless" else f" {ind.unit}"
    return (
        f"{units.format_number(value)}{unit} is outside the valid range of {ind.id} ({range_text(ind)})",
        "check the value and its unit; if the indicator can go beyond, set min/max on it in "
        "targets/indicators.yaml",
    )


def convert_target(
    ds: Dataset, tid: str, t: Target, problems: list[Problem], broken: set[str]
) -> None:
    """Put the target's values in the indicator's canonical unit (in place), or report why
    they cannot be converted and leave it out."""
    ind = ds.indicators[t.indicator]
    unit = _canonical_unit(t.kind, ind)
    value = baseline = None
    ok = True
    try:
        if t.value is not None:
            value = _converted(t.value, t.unit, t.kind, ind, unit)
    except UnitError as exc:
        inside = bool(t.unit) and not t.target_unit  # "9000 megawat": the unit is in the value
        problems.append(
            t.problem(
                "target.value" if inside else "target.unit",
                f"value {t.target_value!r}: {exc}" if inside else str(exc),
                exc.hint,
            )
        )
        ok = False
    try:
        if t.baseline_value is not None:
            level = _canonical_unit("level", ind)
            baseline = _converted(t.baseline_value, t.baseline_unit, "level", ind, level)
    except UnitError as exc:
        problems.append(t.problem("baseline.unit", str(exc), exc.hint))
        ok = False
    wrong = out_of_range(value, t.kind, ind) if value is not None else None
    if wrong is not None:
        problems.append(t.problem("target.value", *wrong))
        ok = False
    wrong = out_of_range(baseline, "level", ind) if baseline is not None else None
    if wrong is not None:
        problems.append(t.problem("baseline.value", *wrong))
        ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    if t.kind != "qualitative" and t.comparator is None:
        t.comparator = ">=" if ind.direction == "increase" else "<="
    t.value = value
    t.unit = unit if value is not None else None
    t.baseline_value = baseline
    t.baseline_unit = ind.unit if baseline is not None else None
    t.sector = t.sector or ind.sector


def link_actuals(
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
        if scale:  # each value by its key's factor, if it has one
            c = table.cols
            factors = map(scale.get, zip(c[_UNIT], c[_KIND], c[_INDICATOR], strict=True))
            c[_VALUE][:] = [
                v if f is None else v * f for v, f in zip(c[_VALUE], factors, strict=True)
            ]
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
            problems.append(table.row(i).problem("value", *wrong))
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
    from .lookup import unknown_hint

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
            unknown_hint(regions, a.region, "region"),
        )
    elif a.indicator not in ds.indicators:
        field, message, hint = (
            "indicator",
            f"unknown indicator {a.indicator!r}",
            unknown_hint(ds.indicators, a.indicator, "indicator"),
        )
    else:
        assert isinstance(f, UnitError)
        # the unit was written inside the value ("12abc") or in the unit column
        if a.raw_unit and units.normalize(a.raw_value).endswith(a.raw_unit):
            field, message = "value", f"value {a.raw_value!r}: {f}"
        else:
            field, message = "unit", str(f)
        hint = f.hint
    problems.append(a.problem(field, message, hint))
