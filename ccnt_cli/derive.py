"""Derived indicators: figures of an indicator defined from others (``Indicator.derived``).

A derived figure exists for a region, period, kind and basis where every component has one:
the latest vintage of each, as known at the day (``progress.ActualIndex`` chooses them). The
components' values are converted to the derived indicator's unit first (one factor per
component, found when the folder is linked, so a warm run needs no pint). A derived figure is an
``Actual`` that carries its components (``Derived.parts``) and its arithmetic
(``Derived.calc``): ``actuals_used`` names the components, ``--explain`` shows them.

A reported figure of the derived indicator itself wins over a derived one of the same period,
kind, basis and vintage; a derived figure wins only when its components are of a later vintage
(dates compared at the precision of the less precise one: ``2025-01`` and ``2025-01-21`` are
the same vintage). The figure set aside is kept with the reason, for ``--explain``.

Linking (``check``) refuses a definition whose components are unknown, whose units do not
convert, or that is part of a cycle, with the file and line of ``derived:``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from . import units
from .errors import Problem, UnitError, did_you_mean
from .kinds.steps import Calc, num
from .schema import Indicator, Where
from .table import Actual
from .units import display_unit

#: how each operation is written between its components
SIGNS = {"sum": " + ", "difference": " - ", "share": " / "}
#: the kinds of rows a derivation combines (a sum of relative changes means nothing)
COMBINED = ("level", "flow")
_WHERE = Where("(derived)")

Key = tuple[int, int, str, str | None]


@dataclass(slots=True)
class Derived(Actual):
    """A figure derived from the figures of other indicators (one per component, in order)."""

    op: str = "sum"
    parts: tuple[Actual, ...] = ()
    calc: Calc | None = None

    @property
    def ref(self) -> str:
        """The components' rows, joined by the operation: ``a.csv:2 + a.csv:8``."""
        return SIGNS[self.op].join(
            f"({p.ref})" if isinstance(p, Derived) else p.ref for p in self.parts
        )


def formula(ind: Indicator) -> str:
    """A definition as a person reads it: ``wind-capacity + solar-pv-capacity``."""
    d = ind.derived
    assert d is not None
    text = SIGNS[d.op].join(d.of)
    return f"{text} x 100" if d.op == "share" else text


def definitions(indicators: Mapping[str, Indicator]) -> dict[str, Indicator]:
    """The derived indicators of a folder, by id."""
    return {k: ind for k, ind in indicators.items() if ind.derived is not None}


def later(a: str | None, b: str | None) -> bool:
    """Whether vintage ``a`` is after ``b``, at the precision of the less precise date (an
    undated figure is the oldest)."""
    if not a:
        return False
    if not b:
        return True
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def _latest(published: Sequence[str | None]) -> str | None:
    """The vintage of a derived figure: the latest of its components' (none if one is undated)."""
    if any(not p for p in published):
        return None
    out = published[0]
    for p in published[1:]:
        if later(p, out) or (p and out and len(p) > len(out) and not later(out, p)):
            out = p  # the later one, or the more precise of the same vintage
    return out


# ------------------------------------------------------------------------------ deriving

Candidates = Callable[[str, str, int], tuple[list[Actual], list[tuple[Actual, str]]]]


def derive(
    ind: Indicator, indicators: Mapping[str, Indicator], rows_of: Sequence[list[Actual]]
) -> list[Derived]:
    """The figures of ``ind`` derived from its components' rows (``rows_of[i]`` for
    ``ind.derived.of[i]``, one row per period, kind and basis): one per period, kind and basis
    that every component has."""
    d = ind.derived
    assert d is not None
    comps = [indicators[c] for c in d.of]
    keyed: list[dict[Key, Actual]] = [
        {(a.start, a.end, a.kind, a.basis): a for a in rows if a.kind in COMBINED}
        for rows in rows_of
    ]
    if d.op == "share":
        factors = [1.0, units.factor(comps[1].unit, comps[0].unit)]
    else:
        factors = [units.factor(c.unit, ind.unit) for c in comps]
    unit = display_unit(ind.unit)
    converted = sorted({c.unit for c, f in zip(comps, factors, strict=True) if f != 1.0})
    note = (
        f"{', '.join(converted)} converted to {comps[0].unit if d.op == 'share' else ind.unit}"
        if converted
        else ""
    )
    out: list[Derived] = []
    common = set(keyed[0]).intersection(*keyed[1:])
    for key in sorted(common, key=lambda k: (k[0], k[1], k[2], k[3] or "")):
        parts = tuple(k[key] for k in keyed)
        values = [a.value * f for a, f in zip(parts, factors, strict=True)]
        if d.op == "sum":
            value = sum(values)
        elif d.op == "difference":
            value = values[0] - sum(values[1:])
        elif values[1] == 0:
            continue  # a share of nothing
        else:
            value = values[0] / values[1] * 100
        kind = "level" if d.op == "share" else key[2]
        work = SIGNS[d.op].join(num(v) for v in values) + (" x 100" if d.op == "share" else "")
        start, end = key[0], key[1]
        period = str(start) if start == end else f"{start}-{end}"
        out.append(
            Derived(
                parts[0].region,
                ind.id,
                start,
                end,
                kind,
                value,
                _WHERE,
                num(value),
                unit,
                key[3],
                _latest([a.published for a in parts]),
                f"derived: {formula(ind)}",
                op=d.op,
                parts=parts,
                calc=Calc(f"{ind.id} {period}", formula(ind), work, value, unit, note),
            )
        )
    return out


def merge(
    derived: list[Derived],
    reported: list[Actual],
    dropped: list[tuple[Actual, str]],
    explain: bool,
) -> list[Actual]:
    """Reported and derived figures of one indicator, one per period, kind and basis: the
    reported one wins unless the derived one is of a later vintage. What is set aside goes to
    ``dropped`` with the reason (when ``explain``)."""
    by_key: dict[Key, Actual] = {(a.start, a.end, a.kind, a.basis): a for a in reported}
    out = list(reported)
    for dv in derived:
        key = (dv.start, dv.end, dv.kind, dv.basis)
        rep = by_key.get(key)
        if rep is None:
            out.append(dv)
        elif later(dv.published, rep.published):
            out.remove(rep)
            out.append(dv)
            if explain:
                dropped.append(
                    (rep, f"the figure derived from later vintages ({dv.published}) wins")
                )
        elif explain:
            dropped.append(
                (
                    dv,
                    f"the reported figure of the same period ({rep.ref}) wins over the derived one",
                )
            )
    return out


def missing(ind: Indicator, rows_of: Sequence[list[Actual]]) -> str:
    """Why no figure could be derived: which components have figures, and for which periods."""
    assert ind.derived is not None
    have = []
    for comp, rows in zip(ind.derived.of, rows_of, strict=True):
        periods = sorted({a.period for a in rows if a.kind in COMBINED})
        have.append(f"{comp} {', '.join(periods)}" if periods else f"{comp} none")
    return (
        f"none derived from {formula(ind)} either: a figure needs every component for the "
        f"same period, kind and basis (figures of {'; '.join(have)})"
    )


# ------------------------------------------------------------------------------ checking


def check(indicators: dict[str, Indicator], problems: list[Problem], broken: set[str]) -> None:
    """Refuse definitions with unknown components, units that do not convert, or a cycle;
    compute the conversion factors (remembered, and kept in the cache)."""
    for ind in definitions(indicators).values():
        wrong = _components(ind, indicators, broken) or _units(ind, indicators)
        wrong.sort(key=lambda w: w[0])  # derived.of, then derived.op
        for fld, message, hint in wrong:
            problems.append(_problem(ind, fld, message, hint))
    for ind in definitions(indicators).values():
        path = _cycle(ind.id, indicators)
        if path:
            problems.append(
                _problem(
                    ind,
                    "derived.of",
                    "indicator definitions form a cycle: " + " -> ".join(path),
                    "an indicator cannot be derived, directly or not, from itself",
                )
            )
    for ind in list(definitions(indicators).values()):
        if any(p.record == ind.id and (p.field or "").startswith("derived") for p in problems):
            ind.derived = None  # refused: nothing is derived from it
            broken.add(ind.id)


def _problem(ind: Indicator, fld: str, message: str, hint: str | None) -> Problem:
    """At the line of ``derived:`` (its nested keys' lines are not kept)."""
    return ind.problem(fld, message, hint)


def _components(
    ind: Indicator, indicators: Mapping[str, Indicator], broken: set[str]
) -> list[tuple[str, str, str | None]]:
    d = ind.derived
    assert d is not None
    out: list[tuple[str, str, str | None]] = []
    if len(d.of) < 2 or (d.op == "share" and len(d.of) != 2):
        wanted = "exactly 2" if d.op == "share" else "at least 2"
        hint = (
            "`of: [part, whole]`: the part as a percent of the whole"
            if d.op == "share"
            else "e.g. `of: [wind-capacity, solar-pv-capacity]`"
        )
        out.append(("derived.of", f"a {d.op} needs {wanted} components, not {len(d.of)}", hint))
    if d.op == "share" and ind.unit != "percent":
        out.append(
            (
                "derived.op",
                f"a share is a percent, but the unit is {ind.unit!r}",
                "write `unit: percent`, or use `op: sum` or `difference`",
            )
        )
    if out:
        return out
    for comp in d.of:
        if comp == ind.id:
            out.append(("derived.of", f"{ind.id} is derived from itself", "name other indicators"))
        elif comp not in indicators and comp not in broken:
            others = [k for k in indicators if k != ind.id]
            hint = did_you_mean(comp, others) or "add it to targets/indicators.yaml"
            out.append(("derived.of", f"unknown indicator {comp!r}", hint))
        elif comp in broken:
            out.append(("derived.of", f"component {comp!r} was refused (see its problems)", None))
    return out


def _units(
    ind: Indicator, indicators: Mapping[str, Indicator]
) -> list[tuple[str, str, str | None]]:
    d = ind.derived
    assert d is not None
    comps = [indicators[c] for c in d.of]
    if d.op == "share":  # the part and the whole in units of one kind
        pairs = [(comps[1], comps[0].unit)]
        hint = f"a share divides two figures of one kind: {comps[1].id} must convert to {comps[0].unit}"
    else:
        pairs = [(c, ind.unit) for c in comps]
        hint = f"a {d.op} combines figures of one kind: each component must convert to {ind.unit}"
    out: list[tuple[str, str, str | None]] = []
    for comp, dst in pairs:
        try:
            units.factor(comp.unit, dst)
        except UnitError as exc:
            out.append(("derived.of", f"component {comp.id}: {exc}", hint))
    return out


def _cycle(start: str, indicators: Mapping[str, Indicator]) -> list[str] | None:
    """The path back to ``start`` through derived components, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        d = indicators[current].derived if current in indicators else None
        for comp in d.of if d is not None else ():
            if comp == start and len(path) > 1:
                return [*path, comp]
            if comp not in seen and comp != start:
                seen.add(comp)
                stack.append((comp, [*path, comp]))
    return None


def rows_for(ind: Indicator, candidates: Candidates, region: str, until: int) -> list[list[Actual]]:
    """The components' usable rows (each list a copy the caller may keep)."""
    assert ind.derived is not None
    return [candidates(region, comp, until)[0] for comp in ind.derived.of]


__all__ = ["Derived", "check", "definitions", "derive", "formula", "later", "merge", "missing"]
