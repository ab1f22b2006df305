"""Progress of targets against reported actuals: achieved, expected, remaining, status.

The rules, in short (docs/progress.md has them in full, with the worked example):

* Figures are those whose period ends in or before ``min(as_of, target_year)`` and, with
  ``known_at``, that were published on or before that day (a ``YYYY-MM`` date counts as the last
  day of its month, a bare year as 31 December; undated figures are left out).
* Of several vintages of the same region, indicator, period, kind and basis, the latest wins.
* One basis per computation: the target's basis when figures exist on it, else (said in
  ``note``) the basis with the most recent figures. Bases are never mixed in one chain.
* ``change``: relative changes chained multiplicatively, ``prod(1 + r_i) - 1``, over contiguous
  periods from the baseline year, choosing the chain that reaches the latest year with the fewest
  links. ``increment``/``cumulative``: flows summed the same way, or (increment) the difference of
  two levels. ``level``: the latest level (or annual flow).
* ``status``: ``met`` if the comparator holds; ``missed`` if the target year is covered and it
  does not; otherwise ``on-track`` when the pace so far (per year since the start) is at least
  the pace still required (per year to the target year), else ``off-track``; ``no-data`` when
  there is nothing to compute from or no pace can be measured (a single level and no baseline).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .models import Actual, ActualTable, Dataset, Indicator, Target

#: relative tolerance of the "about" comparator ``~``: within 2% of the target counts as met
ABOUT_TOLERANCE = 0.02
STATUSES = ("met", "on-track", "off-track", "missed", "no-data", "qualitative")


@dataclass(slots=True)
class Step:
    """One link of a chain: an actual row and what it contributed."""

    actual: Actual
    factor: float | None = None  # 1 + r for a change link
    running: float | None = None  # the chained or summed value after this link


@dataclass(slots=True)
class Progress:
    """The progress of one target. Changes in signed percent; amounts in the canonical unit."""

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
    steps: list[Step] = field(default_factory=list)
    considered: list[tuple[Actual, str]] = field(default_factory=list)  # (row, why not used)
    notes: list[str] = field(default_factory=list)
    #: ``file:line`` of each row used, in order (kept when ``steps`` is not: see ``compute``)
    used: list[str] = field(default_factory=list)

    @property
    def actuals_used(self) -> list[Actual]:
        return [s.actual for s in self.steps]

    def encode(self) -> tuple[Any, ...]:
        """The figures of this result as plain values (what the result cache keeps)."""
        return (
            self.status,
            self.latest_year,
            self.achieved,
            self.expected,
            self.remaining,
            self.required_annual,
            self.pace_so_far,
            self.share_covered,
            self.start_year,
            self.start_value,
            self.basis_used,
            self.used,
            self.notes,
        )

    @classmethod
    def decode(cls, t: Target, row: Any) -> Progress:
        """A result from ``encode``: the figures, without the rows behind them."""
        if not isinstance(row, tuple) or len(row) != 13 or row[0] not in STATUSES:
            raise ValueError("cached result of another shape")
        (status, latest, achieved, expected, remaining, annual, pace, share, sy, sv, basis) = row[
            :11
        ]
        return cls(
            t,
            status,
            latest,
            achieved,
            expected,
            remaining,
            annual,
            pace,
            share,
            sy,
            sv,
            basis,
            used=list(row[11]),
            notes=list(row[12]),
        )


class ResultStore(Protocol):
    """Where ``compute`` may find results computed before, and leave new ones."""

    def get(self, t: Target) -> Any: ...
    def put(self, t: Target, row: tuple[Any, ...]) -> None: ...


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
    ) -> None:
        self.as_of = as_of
        self.known_at = known_at
        #: also say why each other row was not used (``Progress.considered``)
        self.explain = explain
        self.table = ActualTable.of(actuals)
        self.groups = self.table.groups()
        self._memo: dict[tuple[str, str, int], tuple[list[Actual], list[tuple[Actual, str]]]] = {}
        self._ends: dict[str | None, dt.date | None] = {}

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
        start, end, kind, basis, published = c[2], c[3], c[4], c[10], c[11]
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
        self._memo[(region, indicator, until)] = (result, dropped)
        return list(result), list(dropped)


def _pick_basis(
    rows: Sequence[Actual], wanted: str | None, reach: Callable[[list[Actual]], int]
) -> tuple[str | None, list[str]]:
    """The basis to compute on: the target's if it has rows, else the one whose rows reach the
    latest year (``reach`` measures that for the kind of target)."""
    bases = {a.basis for a in rows}
    if not rows or wanted in bases:
        return wanted, []
    best = max(bases, key=lambda b: (reach([a for a in rows if a.basis == b]), b or ""))
    shown = wanted or "(none)"
    return best, [f"no figures on basis {shown}; used basis {best or '(none)'} instead"]


# ------------------------------------------------------------------------------ direction


def _lower_is_better(t: Target, ind: Indicator) -> bool:
    if t.comparator in ("<=", "<"):
        return True
    if t.comparator in (">=", ">"):
        return False
    if t.kind == "change" and t.value is not None and t.value != 0:
        return t.value < 0
    return ind.direction == "decrease"


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


# ------------------------------------------------------------------------------ chains


def _chain(rows: Sequence[Actual], start: int, until: int) -> list[Actual]:
    """Contiguous periods from ``start + 1``: the chain reaching the latest year with the fewest
    links (rows already one per period). Breadth-first over years."""
    by_first: dict[int, list[Actual]] = defaultdict(list)
    for a in rows:
        if a.start > start and a.end <= until:
            by_first[a.start].append(a)
    best: dict[int, list[Actual]] = {start: []}
    frontier = [start]
    while frontier:
        nxt = []
        for year in sorted(frontier):
            for a in sorted(by_first.get(year + 1, ()), key=lambda r: (-r.end, r.where.file)):
                if a.end not in best:
                    best[a.end] = [*best[year], a]
                    nxt.append(a.end)
        frontier = nxt
    end = max(best)
    return best[end]


def _reach(chain: list[Actual], base: int) -> int:
    return chain[-1].end if chain else base


def _levels(rows: Sequence[Actual]) -> dict[int, Actual]:
    """Single-year level rows by year; annual flows stand in where there is no level."""
    out: dict[int, Actual] = {}
    for kind in ("flow", "level"):  # level last, so it wins
        for a in rows:
            if a.kind == kind and a.start == a.end:
                out[a.end] = a
    return out


# ------------------------------------------------------------------------------ evaluation


def evaluate(ds: Dataset, t: Target, index: ActualIndex) -> Progress:
    """The progress of one target."""
    p = _evaluate(ds, t, index)
    p.used = [f"{s.actual.where.file}:{s.actual.where.line}" for s in p.steps]
    if not index.explain:
        p.considered = []
    return p


def _evaluate(ds: Dataset, t: Target, index: ActualIndex) -> Progress:
    if t.kind == "qualitative" or t.value is None or t.target_year is None:
        return Progress(t, "qualitative")
    ind = ds.indicators[t.indicator]
    until = min(index.as_of, t.target_year)
    rows, dropped = index.candidates(t.region, t.indicator, until)
    p = Progress(t, "no-data", considered=dropped)
    lower_better = _lower_is_better(t, ind)
    if t.kind == "change":
        _change(p, t, rows, until)
    elif t.kind == "level":
        _level(p, t, rows)
    else:
        _amount(p, t, rows, until)
    if p.achieved is None or p.latest_year is None:
        if not rows:
            known = (t.region, t.indicator) in index.groups
            p.notes.append(
                "no figures for this region and indicator" + (f" up to {until}" if known else "")
            )
        else:  # figures exist, but none that measure this target: say which are missing
            base = t.baseline_year
            if base is not None and until <= base:
                p.notes = [f"nothing to measure yet: the baseline is {base}, figures end {until}"]
            else:
                after = f" after {base}" if base is not None else ""
                p.notes = [f"no usable figures{after} up to {until} (see --explain {t.id})"]
            p.basis_used = None
        return p
    _verdict(p, t, lower_better)
    return p


def _keep_basis(
    p: Progress,
    t: Target,
    rows: list[Actual],
    kinds: tuple[str, ...],
    reach: Callable[[list[Actual]], int] | None = None,
) -> list[Actual]:
    rows = [a for a in rows if a.kind in kinds]
    basis, notes = _pick_basis(rows, t.basis, reach or (lambda rs: max(a.end for a in rs)))
    p.basis_used = basis
    p.notes.extend(notes)
    keep = [a for a in rows if a.basis == basis]
    p.considered.extend(
        (a, f"basis {a.basis or '(none)'} differs from {basis or '(none)'}")
        for a in rows
        if a.basis != basis
    )
    return keep


def _change(p: Progress, t: Target, rows: list[Actual], until: int) -> None:
    assert t.baseline_year is not None and t.value is not None
    base = t.baseline_year
    changes = _keep_basis(p, t, rows, ("change",), lambda rs: _reach(_chain(rs, base, until), base))
    chain = _chain(changes, base, until)
    if chain:
        running = 1.0
        for a in chain:
            running *= 1 + a.value / 100
            p.steps.append(Step(a, factor=1 + a.value / 100, running=running))
        p.achieved = (running - 1) * 100
        p.latest_year = chain[-1].end
    else:  # from two levels on one basis: the level at the baseline year and the latest one
        p.steps.clear()
        levels = _levels(_keep_basis(p, t, [a for a in rows if a.kind == "level"], ("level",)))
        later = [y for y in levels if base < y <= until]
        if base in levels and later and levels[base].value:
            y = max(later)
            ratio = levels[y].value / levels[base].value
            p.steps = [
                Step(levels[base], running=1.0),
                Step(levels[y], factor=ratio, running=ratio),
            ]
            p.achieved = (ratio - 1) * 100
            p.latest_year = y
            p.notes.append("change computed from two levels")
    used = {id(a) for a in p.actuals_used}
    for a in changes:
        if id(a) not in used:
            p.considered.append((a, "not on the chain with the fewest links to the latest year"))
    p.start_year, p.start_value = base, 0.0


def _level(p: Progress, t: Target, rows: list[Actual]) -> None:
    levels = _levels(_keep_basis(p, t, rows, ("level", "flow")))
    if not levels:
        return
    latest = max(levels)
    p.latest_year = latest
    p.achieved = levels[latest].value
    if t.baseline_year is not None and t.baseline_value is not None:
        p.start_year, p.start_value = t.baseline_year, t.baseline_value
        p.steps = [Step(levels[latest], running=p.achieved)]
    else:
        first = min(levels)
        if t.baseline_year is not None and t.baseline_year in levels:
            first = t.baseline_year
        p.start_year, p.start_value = first, levels[first].value
        p.steps = (
            [Step(levels[first], running=levels[first].value)] if first != latest else []
        ) + [Step(levels[latest], running=p.achieved)]
    for y, a in levels.items():
        if y not in (latest, p.start_year):
            p.considered.append((a, "neither the start nor the latest level"))


def _amount(p: Progress, t: Target, rows: list[Actual], until: int) -> None:
    """``increment`` and ``cumulative``: an amount over the years after the baseline year."""
    assert t.baseline_year is not None
    base = t.baseline_year
    flows = _keep_basis(p, t, rows, ("flow",), lambda rs: _reach(_chain(rs, base, until), base))
    chain = _chain(flows, base, until)
    if chain:
        total = 0.0
        for a in chain:
            total += a.value
            p.steps.append(Step(a, running=total))
        p.achieved, p.latest_year = total, chain[-1].end
    elif t.kind == "increment":
        levels = _levels([a for a in rows if a.kind == "level"])
        later = [y for y in levels if base < y <= until]
        start = (
            t.baseline_value
            if t.baseline_value is not None
            else (levels[base].value if base in levels else None)
        )
        if start is not None and later:
            y = max(later)
            p.achieved, p.latest_year = levels[y].value - start, y
            p.steps = ([Step(levels[base], running=start)] if base in levels else []) + [
                Step(levels[y], running=levels[y].value)
            ]
            p.notes.append("increment computed as the difference of two levels")
    p.start_year, p.start_value = base, 0.0


def _verdict(p: Progress, t: Target, lower_better: bool) -> None:
    assert p.achieved is not None and p.latest_year is not None and t.value is not None
    assert t.target_year is not None
    target, achieved = t.value, p.achieved
    years_left = t.target_year - p.latest_year
    span = (p.latest_year - p.start_year) if p.start_year is not None else 0
    total_span = (t.target_year - p.start_year) if p.start_year is not None else 0
    met = is_met(achieved, target, t.comparator, lower_better)
    if t.kind == "change":
        goal, got = 1 + target / 100, 1 + achieved / 100
        if span > 0 and total_span > 0 and goal > 0:
            p.expected = (goal ** (span / total_span) - 1) * 100
        if got > 0 and goal > 0:
            p.remaining = 0.0 if met else (goal / got - 1) * 100
            if years_left > 0 and not met:
                p.required_annual = ((goal / got) ** (1 / years_left) - 1) * 100
            if span > 0:
                p.pace_so_far = (got ** (1 / span) - 1) * 100
            if goal != 1:
                p.share_covered = _clip(math.log(got) / math.log(goal))
    else:
        start = p.start_value if p.start_value is not None else 0.0
        if span > 0 and total_span > 0:
            p.expected = start + (target - start) * span / total_span
        p.remaining = 0.0 if met else target - achieved
        if years_left > 0 and not met:
            p.required_annual = (target - achieved) / years_left
        if span > 0:
            p.pace_so_far = (achieved - start) / span
        if target != start:
            p.share_covered = _clip((achieved - start) / (target - start))
    if met:
        p.status = "met"
        p.share_covered = 1.0
    elif years_left <= 0:
        p.status = "missed"
    elif p.pace_so_far is None or p.required_annual is None:
        p.status = "no-data"
        p.notes.append("one figure only: a pace needs a start and a latest value")
    else:
        ahead = (
            (p.pace_so_far <= p.required_annual)
            if lower_better
            else (p.pace_so_far >= p.required_annual)
        )
        p.status = "on-track" if ahead else "off-track"


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def compute(
    ds: Dataset,
    targets: Iterable[Target],
    as_of: int | None = None,
    known_at: dt.date | None = None,
    store: ResultStore | None = None,
    explain: bool = False,
) -> list[Progress]:
    """Progress of each target, as of a year, with what was published by a day.

    With a ``store`` (``cache.ResultStore``), results computed before for the same files and
    options are reused: they carry the figures, ``used`` and ``notes``, but not ``steps`` and
    ``considered`` (``--explain`` computes without a store). ``considered`` (the rows not
    used, and why) is filled only with ``explain``: at scale it would hold every row."""
    year = as_of or dt.date.today().year
    todo = list(targets)
    out: list[Progress | None] = [None] * len(todo)
    pending: list[int] = []
    for i, t in enumerate(todo):
        row = store.get(t) if store is not None else None
        if row is not None:
            try:
                out[i] = Progress.decode(t, row)
                continue
            except (ValueError, TypeError):
                pass  # recomputed below
        pending.append(i)
    if pending:
        index = ActualIndex(ds.actuals, year, known_at, explain)
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
                store.put(t, p.encode())
            out[i] = p
    return [p for p in out if p is not None]
