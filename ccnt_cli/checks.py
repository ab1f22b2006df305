"""Consistency checks across records (``ccnt validate --checks``): findings a person should look
at, not errors. Each is a ``Finding`` (a ``Problem`` with the name of its check):

* ``rollup``: the figures of the regions below a region sum to more than its own figure for the
  same period, by more than the tolerance (percent of the parent's figure);
* ``weaker-target``: a region's intensity target (a change of an indicator whose unit is a
  ratio) is a smaller cut than its nearest ancestor's for the same baseline and target year;
* ``before-policy``: a target's year is before its policy's publication year;
* ``duplicate-target``: the same target under two ids (region, indicator, kind, baseline and
  target year, value);
* ``chains-disagree``: figures over the same span that do not reconcile: a multi-year change
  against the chain of shorter periods inside it (by more than the tolerance, in percentage
  points), a multi-year flow against the sum of the flows inside it (percent of it);
* ``derived-disagrees``: a reported figure of a derived indicator against the figure derived
  from its components (percent of the reported figure).

Figures are the latest vintage of each period, every vintage known (``progress.ActualIndex``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .derive import Derived
from .errors import Problem
from .kinds.chains import chains, describe
from .kinds.change import chained
from .kinds.cumulative import summed
from .kinds.steps import num
from .models import Actual, Dataset, Target
from .progress import ActualIndex
from .rollup import adds_up, child_regions, figure_lines, with_figures

#: default tolerance: percentage points for changes, percent for amounts
DEFAULT_TOLERANCE = 0.2
#: the checks, in the order they are described
CHECKS = (
    "rollup",
    "weaker-target",
    "before-policy",
    "duplicate-target",
    "chains-disagree",
    "derived-disagrees",
)
_ALL = 9999  # every period


@dataclass(frozen=True, slots=True)
class Finding(Problem):
    """A problem found by a check: reported as a warning."""

    check: str = ""

    def one_line(self) -> str:
        return f"{Problem.one_line(self)} [{self.check}]"


def run(ds: Dataset, tolerance: float = DEFAULT_TOLERANCE) -> list[Finding]:
    """Every finding of every check, in file and line order."""
    index = ActualIndex(ds.actuals, _ALL, None, explain=False, indicators=ds.indicators)
    found = [
        *rollups(ds, index, tolerance),
        *weaker_targets(ds),
        *before_policy(ds),
        *duplicate_targets(ds),
        *disagreeing_chains(index, tolerance),
        *disagreeing_derived(ds, index, tolerance),
    ]
    found.sort(key=lambda f: (f.file, f.line or 0, CHECKS.index(f.check)))
    return found


def _at(a: Actual, check: str, message: str, hint: str | None = None) -> Finding:
    if isinstance(a, Derived):  # located by its first component's row
        return _at(a.parts[0], check, message, hint)
    return Finding(
        a.where.file,
        message,
        line=a.where.line,
        record=f"{a.region}/{a.indicator}/{a.period}",
        field="value",
        hint=hint,
        check=check,
    )


def _target(t: Target, fld: str, check: str, message: str, hint: str) -> Finding:
    return Finding(t.where.file, message, t.where.line_of(fld), t.id, fld, hint, check=check)


# ------------------------------------------------------------------------------ figures


def rollups(ds: Dataset, index: ActualIndex, tolerance: float) -> Iterator[Finding]:
    for ind in ds.indicators.values():
        if not adds_up(ind):
            continue
        having = with_figures(ds, index, ind.id)
        for parent in sorted(having):
            kids = child_regions(ds, parent)
            if not having.intersection(kids):
                continue
            parent_rows = {a.ref: a for a in index.candidates(parent, ind.id, _ALL)[0]}
            for line in figure_lines(index, ind, parent, kids, _ALL):
                if line.parent is None or line.children_sum is None or line.parent <= 0:
                    continue
                over = (line.children_sum - line.parent) / line.parent * 100
                if over > tolerance:
                    yield _at(
                        parent_rows[line.rows[-1]],
                        "rollup",
                        f"the figures of {line.children_reporting} regions below {parent} sum "
                        f"to {num(line.children_sum)} {line.unit}, {num(round(over, 2))}% more "
                        f"than {parent}'s own {num(line.parent)} {line.unit}",
                        "rows: " + ", ".join(line.rows[:-1]),
                    )


def disagreeing_chains(index: ActualIndex, tolerance: float) -> Iterator[Finding]:
    for region, indicator in sorted(index.groups):
        rows = index.candidates(region, indicator, _ALL)[0]
        for kind, verb in (("change", "chaining"), ("flow", "summing")):
            for basis in sorted({a.basis or "" for a in rows if a.kind == kind}):
                same = [a for a in rows if a.kind == kind and (a.basis or "") == basis]
                yield from _spans(same, kind, verb, tolerance)


def _spans(rows: list[Actual], kind: str, verb: str, tolerance: float) -> Iterator[Finding]:
    """Each multi-year row against the other chains over its span."""
    for a in sorted(rows, key=lambda r: (r.start, r.end)):
        if a.start == a.end:
            continue
        found = chains(rows, a.start - 1, a.end)
        if len(found) < 2:
            continue
        first = found[0]
        base = first[0].start - 1
        value = _value(kind, first, base)
        for other in found[1:]:
            alt = _value(kind, other, base)
            if kind == "change":
                gap, unit = abs(alt - value), "pp"
            else:
                gap, unit = (abs(alt - value) / abs(value) * 100 if value else 0.0), "%"
            if gap <= tolerance:
                continue
            shown = "%" if kind == "change" else ""
            yield _at(
                first[0],
                "chains-disagree",
                f"{a.period} {kind} {num(round(value, 2))}{shown} disagrees with "
                f"{num(round(alt, 2))}{shown} {describe(other, verb)} by "
                f"{num(round(gap, 2))} {unit}",
                "rows: "
                + ", ".join(r.ref for r in other)
                + "; progress uses the chain with the fewest links",
            )


def _value(kind: str, links: list[Actual], base: int) -> float:
    return chained(links, base)[0] if kind == "change" else summed(links)[0]


def disagreeing_derived(ds: Dataset, index: ActualIndex, tolerance: float) -> Iterator[Finding]:
    for indicator in sorted(index.derived):
        for region in sorted({r for (r, i) in index.groups if i == indicator}):
            kept = index.candidates(region, indicator, _ALL)[0]
            reported = {
                (a.start, a.end, a.kind, a.basis): a for a in kept if not isinstance(a, Derived)
            }
            for dv in index.derive(region, indicator, _ALL):
                rep = reported.get((dv.start, dv.end, dv.kind, dv.basis))
                if rep is None or not rep.value:
                    continue
                gap = abs(dv.value - rep.value) / abs(rep.value) * 100
                if gap > tolerance and dv.calc is not None:
                    yield _at(
                        rep,
                        "derived-disagrees",
                        f"reported {rep.as_written}, but {dv.calc.formula} gives "
                        f"{num(dv.value)} {dv.raw_unit}, {num(round(gap, 2))}% apart",
                        f"rows: {dv.ref}; the reported figure is used",
                    )


# ------------------------------------------------------------------------------ targets


def weaker_targets(ds: Dataset) -> Iterator[Finding]:
    by_key: dict[tuple[str, str, int | None, int | None], list[Target]] = {}
    for t in ds.targets.values():
        if t.kind == "change" and t.value is not None:
            by_key.setdefault((t.region, t.indicator, t.baseline_year, t.target_year), []).append(t)
    for (region, indicator, base, year), mine in sorted(by_key.items(), key=lambda kv: kv[0][0]):
        ind = ds.indicators[indicator]
        if "/" not in ind.unit:
            continue
        up = ds.regions[region].parent
        while up and (up, indicator, base, year) not in by_key:
            up = ds.regions[up].parent if up in ds.regions else None
        if not up:
            continue
        theirs = min(by_key[(up, indicator, base, year)], key=lambda t: t.id)
        for t in mine:
            assert t.value is not None and theirs.value is not None
            weaker = (
                t.value > theirs.value if ind.direction == "decrease" else t.value < theirs.value
            )
            if weaker:
                yield _target(
                    t,
                    "target.value",
                    "weaker-target",
                    f"{num(t.value)}% ({base}-{year}) is a smaller cut than {up}'s "
                    f"{num(theirs.value)}% ({theirs.id})",
                    "a region's intensity target is usually at least its parent's; check the "
                    "value, or say in `note` why it differs",
                )


def before_policy(ds: Dataset) -> Iterator[Finding]:
    for t in ds.targets.values():
        published = ds.policies[t.policy].published
        year = t.target_year
        if year is not None and published and year < int(published[:4]):
            yield _target(
                t,
                "target",
                "before-policy",
                f"target year {year} is before its policy {t.policy} was published ({published})",
                "check the target's year and the policy's publication date",
            )


def duplicate_targets(ds: Dataset) -> Iterator[Finding]:
    seen: dict[tuple[object, ...], Target] = {}
    for t in ds.targets.values():
        if t.value is None:
            continue
        key = (t.region, t.indicator, t.kind, t.baseline_year, t.target_year, round(t.value, 9))
        first = seen.setdefault(key, t)
        if first is not t:
            yield _target(
                t,
                "id",
                "duplicate-target",
                f"the same target as {first.id} (region, indicator, kind, years and value)",
                f"{first.id} is at {first.where.file}:{first.where.line}; "
                + (
                    f"expected if {first.policy} and {t.policy} both state it, else keep one"
                    if first.policy != t.policy
                    else "keep one"
                ),
            )
