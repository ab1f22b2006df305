"""Progress of targets against reported figures: achieved, expected, remaining, status.

This module chooses the rows (``ActualIndex``: as-of year, known-at day, latest vintage; one
basis per computation), hands them to the target's kind (``ccnt_cli.kinds``), which measures
``achieved`` and its path, and decides the status. The rules are in docs/progress.md; every
number a result holds comes with the arithmetic that produced it (``Progress.calcs``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from sys import intern
from typing import Protocol

from ccnt_cli import derive
from ccnt_cli.kinds import KINDS, Calc, Kind, Step
from ccnt_cli.kinds.steps import Alternative
from ccnt_cli.models import Actual, ActualTable, Dataset, Indicator, Target
from ccnt_cli.table import COL

#: relative tolerance of the "about" comparator ``~``: within 2% of the target counts as met
ABOUT_TOLERANCE = 0.02
#: every status, in the order of docs/progress.md
STATUSES = (
    "met",
    "on-track",
    "off-track",
    "missed",
    "awaiting-data",
    "no-trend",
    "holds",
    "does-not-hold",
    "no-data",
    "qualitative",
)


@dataclass(slots=True)
class Progress:
    """The progress of one target. Changes in signed percent; amounts in the canonical unit;
    ``diff_unit`` is the unit of ``remaining`` and the paces (``pp`` for percents)."""

    target: Target
    status: str
    latest_year: int | None = None
    achieved: float | None = None
    expected: float | None = None
    remaining: float | None = None
    required_annual: float | None = None
    pace_so_far: float | None = None
    share_covered: float | None = None
    start_year: int | None = None
    start_value: float | None = None
    basis_used: str | None = None
    diff_unit: str | None = None
    #: the tolerance band of a ``~`` goal: (low, high) in the target's unit
    band: tuple[float, float] | None = None
    notes: list[str] = field(default_factory=list)
    #: ``file:line`` of each row used, in order (kept when ``steps`` is not: see ``compute``)
    used: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    calcs: list[Calc] = field(default_factory=list)
    considered: list[tuple[Actual, str]] = field(default_factory=list)  # (row, why not used)
    #: what the other chains over the same span give (``chaining 4 annual figures: -7.81%``)
    alternatives: list[str] = field(default_factory=list)
    #: those chains, with their rows and arithmetic (not kept by the result cache)
    chains: list[Alternative] = field(default_factory=list)

    @property
    def actuals_used(self) -> list[Actual]:
        return [s.actual for s in self.steps]


class ResultStore(Protocol):
    """Where ``compute`` may find results computed before, and leave new ones
    (``results.ResultStore``)."""

    def get(self, t: Target) -> Progress | None: ...
    def put(self, t: Target, p: Progress) -> None: ...


# ------------------------------------------------------------------------------ selection


def published_end(published: str | None) -> dt.date | None:
    """The last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date can mean."""
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


_START, _END, _KIND = COL["start"], COL["end"], COL["kind"]
_BASIS, _PUBLISHED = COL["basis"], COL["published"]


class ActualIndex:
    """Actuals by (region, indicator); the rows of a pair become ``Actual`` objects (and are
    filtered for the known-at day) the first time a target asks for them. The as-of year and
    target year are applied per target."""

    def __init__(
        self,
        actuals: Iterable[Actual],
        as_of: int,
        known_at: dt.date | None,
        explain: bool = True,
        indicators: Mapping[str, Indicator] | None = None,
    ) -> None:
        self.as_of = as_of
        self.known_at = known_at
        #: also say why each other row was not used (``Progress.considered``)
        self.explain = explain
        self.table = ActualTable.of(actuals)
        self.groups = self.table.groups()
        self._memo: dict[tuple[str, str, int], tuple[list[Actual], list[tuple[Actual, str]]]] = {}
        self._ends: dict[str | None, dt.date | None] = {}
        #: the indicators, for the derived ones (``Indicator.derived``) and their components
        self.indicators = indicators or {}
        self.derived = derive.definitions(self.indicators)
        self._deriving: set[str] = set()

    def _unknown(self, published: str | None) -> str | None:
        """Why a row published then is left out with the known-at day (``None``: it is in)."""
        if self.known_at is None:
            return None
        if published not in self._ends:
            self._ends[published] = published_end(published)
        day = self._ends[published]
        if day is None:
            return "no publication date (left out with --known-at)"
        if day > self.known_at:
            return f"published {published}, after {self.known_at}"
        return None

    def _usable(self, region: str, indicator: str, until: int) -> list[int]:
        """Row numbers of ``candidates`` (the latest vintage of each period up to ``until``,
        known at the day), read from the columns."""
        c = self.table.cols
        start, end, kind, basis, published = c[_START], c[_END], c[_KIND], c[_BASIS], c[_PUBLISHED]
        dated = self.known_at is not None
        usable: dict[tuple[int, int, str, str | None], int] = {}
        for i in self.groups.get((region, indicator), ()):
            if end[i] > until:
                continue
            pub = published[i]
            if dated and self._unknown(pub) is not None:
                continue
            key = (start[i], end[i], kind[i], basis[i])
            j = usable.get(key)
            if j is None or (pub or "") > (published[j] or ""):
                usable[key] = i
        return list(usable.values())

    def release(self) -> None:
        """Forget the rows built so far (``compute`` works through one region and indicator
        at a time, so a million rows are never all objects at once)."""
        self._memo.clear()

    def candidates(
        self, region: str, indicator: str, until: int
    ) -> tuple[list[Actual], list[tuple[Actual, str]]]:
        """Rows usable up to ``until`` (latest vintage of each period), and the rest with why.
        Targets sharing a region, indicator and year share the answer (callers copy the lists
        before changing them)."""
        memo = self._memo.get((region, indicator, until))
        if memo is not None:
            return list(memo[0]), list(memo[1])
        rows = self._usable(region, indicator, until)
        result = self.table.take(rows)
        dropped: list[tuple[Actual, str]] = []
        if self.explain:  # the same choice, and why each other row was left out
            kept = set(rows)
            vintage = {(a.start, a.end, a.kind, a.basis): a.published for a in result}
            later: list[tuple[Actual, str]] = []
            for i in self.groups.get((region, indicator), ()):
                if i in kept:
                    continue
                a = self.table.row(i)
                why = self._unknown(a.published)
                if why is not None:
                    dropped.append((a, why))
                elif a.end > until:
                    later.append(
                        (
                            a,
                            f"period ends after the as-of year {self.as_of}"
                            if a.end > self.as_of
                            else "period ends after the target year",
                        )
                    )
                else:
                    newer = vintage[(a.start, a.end, a.kind, a.basis)]
                    later.append((a, f"superseded by the vintage of {newer}"))
            dropped.extend(later)  # rows not known at the day first, as before
        if indicator in self.derived and indicator not in self._deriving:
            result = derive.merge(
                self.derive(region, indicator, until), result, dropped, self.explain
            )
        self._memo[(region, indicator, until)] = (result, dropped)
        return list(result), list(dropped)

    def derive(self, region: str, indicator: str, until: int) -> list[derive.Derived]:
        """Figures of a derived indicator from its components' usable rows."""
        ind = self.derived[indicator]
        self._deriving.add(indicator)  # a cycle (refused when linking) ends here
        try:
            parts = derive.rows_for(ind, self.candidates, region, until)
        finally:
            self._deriving.discard(indicator)
        return derive.derive(ind, self.indicators, parts)


def _pick_basis(p: Progress, t: Target, rows: list[Actual], kind: Kind, until: int) -> list[Actual]:
    """The rows of one basis: the target's when it has rows, else the basis whose rows reach
    the latest year (said in a note). Rows on other bases go to ``considered``."""
    rows = [a for a in rows if a.kind in kind.rows]
    bases = {a.basis for a in rows}
    basis = t.basis
    if rows and basis not in bases:
        basis = max(
            bases, key=lambda b: (kind.reach(t, [a for a in rows if a.basis == b], until), b or "")
        )
        p.notes.append(
            f"no figures on basis {t.basis or '(none)'}; used basis {basis or '(none)'} instead"
        )
    p.basis_used = basis
    p.considered.extend(
        (a, f"basis {a.basis or '(none)'} differs from {basis or '(none)'}")
        for a in rows
        if a.basis != basis
    )
    return [a for a in rows if a.basis == basis]


# ------------------------------------------------------------------------------ verdict


def lower_is_better(t: Target, ind: Indicator) -> bool:
    if t.comparator in ("<=", "<"):
        return True
    if t.comparator in (">=", ">"):
        return False
    if t.kind == "change" and t.value is not None and t.value != 0:
        return t.value < 0
    return ind.direction == "decrease"


def about_band(target: float) -> tuple[float, float]:
    """The values within the tolerance of an "about" (``~``) goal."""
    tol = ABOUT_TOLERANCE * abs(target)
    return target - tol, target + tol


def is_met(achieved: float, target: float, comparator: str | None, lower_better: bool) -> bool:
    if comparator == ">=":
        return achieved >= target
    if comparator == ">":
        return achieved > target
    if comparator == "<=":
        return achieved <= target
    if comparator == "<":
        return achieved < target
    tol = ABOUT_TOLERANCE * abs(target) if comparator == "~" else 1e-9 * max(1.0, abs(target))
    if comparator == "=":
        return abs(achieved - target) <= tol
    # "~" (about): within the tolerance, or beyond the target in the direction of progress
    return achieved <= target + tol if lower_better else achieved >= target - tol


# ------------------------------------------------------------------------------ evaluation


def evaluate(ds: Dataset, t: Target, index: ActualIndex) -> Progress:
    """The progress of one target."""
    p = _evaluate(ds, t, index)
    p.used = [intern(s.actual.ref) for s in p.steps]  # targets share rows: one text each
    if not index.explain:
        p.considered = []
    return p


def _evaluate(ds: Dataset, t: Target, index: ActualIndex) -> Progress:
    kind = KINDS[t.kind]
    if not kind.scored or t.value is None:
        return Progress(t, "qualitative")
    ind = ds.indicators[t.indicator]
    year = t.target_year
    until = index.as_of if year is None else min(index.as_of, year)
    rows, dropped = index.candidates(t.region, t.indicator, until)
    p = Progress(t, "no-data", considered=dropped, diff_unit=kind.diff_unit(ind))
    lower_better = lower_is_better(t, ind)
    if t.comparator == "~":
        p.band = about_band(t.value)
    chosen = _pick_basis(p, t, rows, kind, until)
    m = kind.measure(t, chosen, until, p.considered)
    if m is None:
        _no_data(p, t, rows, until, index)
        return p
    p.achieved, p.latest_year = m.achieved, m.latest_year
    p.start_year, p.start_value = m.start_year, m.start_value
    p.steps, p.notes = m.steps, p.notes + m.notes
    p.calcs = list(m.calcs)
    p.chains = m.alternatives
    p.alternatives = [a.summary for a in m.alternatives]
    for calc in p.calcs:  # what a kind measured is in the target's unit
        calc.unit = calc.unit or kind.shown_unit(ind)
    met = is_met(m.achieved, t.value, t.comparator, lower_better)
    if year is None:  # open-ended: a standing goal, judged on the latest figure
        p.status = "holds" if met else "does-not-hold"
        p.remaining = 0.0 if met else t.value - m.achieved
        return p
    two_sided = t.comparator in ("~", "=")
    has_final = m.latest_year >= year
    met_now = met and (has_final or not two_sided)
    path = kind.path(t, m, ind, met_now, year - m.latest_year)
    p.expected, p.remaining = path.expected, path.remaining
    p.required_annual, p.pace_so_far = path.required_annual, path.pace_so_far
    p.share_covered = path.share_covered
    p.calcs.extend(path.calcs)
    if met_now:
        p.status = "met"
    elif has_final:
        p.status = "missed"
    elif index.as_of > year:
        p.status = "awaiting-data"
        p.notes.append(
            f"the deadline ({year}) has passed; the latest figure is for {m.latest_year}"
        )
    elif two_sided and met:
        p.status = "on-track"  # already within the band, before the target year's figure
    elif p.pace_so_far is None or p.required_annual is None:
        p.status = "no-trend"
        p.notes.append("one figure and no baseline: the pace so far cannot be measured")
    else:
        ahead = (
            p.pace_so_far <= p.required_annual
            if lower_better
            else p.pace_so_far >= p.required_annual
        )
        p.status = "on-track" if ahead else "off-track"
    return p


def _no_data(
    p: Progress, t: Target, rows: Sequence[Actual], until: int, index: ActualIndex
) -> None:
    """Say why there is nothing to compute from: no rows at all, none known, or none after the
    baseline (with the year the known figures end)."""
    p.basis_used = None
    if not rows:
        known = (t.region, t.indicator) in index.groups
        p.notes = [
            "no figures for this region and indicator" + (f" known up to {until}" if known else "")
        ]
        if t.indicator in index.derived:  # which components have figures
            parts = derive.rows_for(index.derived[t.indicator], index.candidates, t.region, until)
            p.notes[0] += "; " + derive.missing(index.derived[t.indicator], parts)
        return
    base = t.baseline_year
    last = max(a.end for a in rows)
    if base is not None and last <= base:
        p.notes = [
            f"nothing to measure yet: the baseline is {base} and the figures known end {last}"
        ]
    else:
        after = f" after {base}" if base is not None else ""
        hint = "" if index.explain else f" (see --explain {t.id})"
        p.notes = [f"no usable figures{after} up to {until}{hint}"]


def compute(
    ds: Dataset,
    targets: Iterable[Target],
    as_of: int | None = None,
    known_at: dt.date | None = None,
    store: ResultStore | None = None,
    explain: bool = False,
) -> list[Progress]:
    """Progress of each target, as of a year, with what was published by a day.

    With a ``store`` (``results.ResultStore``), results computed before for the same files and
    options are reused: they carry the figures, ``used``, ``notes`` and ``alternatives``, but
    not the rows and arithmetic behind them (``steps``, ``calcs``, ``chains``), and neither do
    the results computed in the same call (unless ``explain``): every result is then what the
    store keeps, whatever it held before, and a large folder's results do not all hold their
    rows and arithmetic at once (about a third of the memory of a 100,000-target run).
    ``--explain`` computes without a store. ``considered`` (the rows not used, and why) is
    filled only with ``explain``: at scale it would hold every row."""
    year = as_of or dt.date.today().year
    todo = list(targets)
    out: list[Progress | None] = [None] * len(todo)
    pending: list[int] = []
    for i, t in enumerate(todo):
        found = store.get(t) if store is not None else None
        if found is None:
            pending.append(i)  # computed below
        else:
            out[i] = found
    if pending:
        index = ActualIndex(ds.actuals, year, known_at, explain, ds.indicators)
        # one region and indicator at a time: its rows are built once, then let go
        pending.sort(key=lambda i: (todo[i].region, todo[i].indicator))
        current: tuple[str, str] | None = None
        for i in pending:
            t = todo[i]
            if (t.region, t.indicator) != current:
                index.release()
                current = (t.region, t.indicator)
            p = evaluate(ds, t, index)
            if store is not None:
                store.put(t, p)
                if not explain:  # as the store gives it back
                    p.steps, p.calcs, p.chains = [], [], []
            out[i] = p
    return [p for p in out if p is not None]
