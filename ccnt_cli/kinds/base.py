"""What every kind of target shares: the values a computation keeps, and the two kinds of path.

A kind (``level``, ``change``, ``increment``, ``cumulative``, ``qualitative``) is a ``Kind``:
it says how its value is expressed, which reported rows measure it, how ``achieved`` is
measured from them (``measure``), and, through its path (``Linear`` or ``Geometric``), how
``expected``, ``remaining``, the pace required and the pace so far follow. Every number it
computes is kept as a ``Calc`` (the formula, the same formula with the numbers, the result), so
an explanation renders what was computed and never computes it again.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ccnt_cli.schema import CHANGE_UNIT, Indicator, Target
from ccnt_cli.table import Actual
from ccnt_cli.units import display_unit, format_number


def num(x: float, digits: int = 6) -> str:
    """A number in an explanation: six significant digits, no exponent for ordinary sizes."""
    return format_number(x, digits)


@dataclass(slots=True)
class Step:
    """A reported row used, and what it contributed."""

    actual: Actual
    #: "link" (a change in a chain), "term" (a flow in a sum), "start", "latest" (levels)
    role: str
    factor: float | None = None  # 1 + r for a change link
    running: float | None = None  # the chained or summed value after this row


@dataclass(slots=True)
class Calc:
    """One line of arithmetic as it was computed: ``name = formula = work = value unit``."""

    name: str
    formula: str
    work: str
    value: float
    unit: str
    #: what the line covers, e.g. the years of a chain: ``(2020-2024)``
    note: str = ""

    def text(self) -> str:
        if self.unit.startswith("%"):
            shown = f"{num(self.value)}{self.unit}"
        else:
            shown = f"{num(self.value)} {self.unit}".rstrip()
        parts = [self.name, self.formula]
        if self.work and self.work != self.formula:
            parts.append(self.work)
        return " = ".join([*parts, shown]) + (f" ({self.note})" if self.note else "")

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "formula": self.formula,
            "work": self.work,
            "value": self.value,
            "unit": self.unit,
            "note": self.note,
        }


@dataclass(slots=True)
class Alternative:
    """Another chain of figures over the same span as the one used, set aside by the rule
    (fewest links): its rows, its arithmetic and a summary for the progress row."""

    value: float
    steps: list[Step]
    calc: Calc
    #: e.g. ``chaining 4 annual figures: -7.81%`` (text, not a signed number, first: a CSV
    #: cell starting with a minus would be guarded against formulas)
    summary: str


@dataclass(slots=True)
class Measure:
    """What a kind measured from the rows: the achieved value and where it started."""

    achieved: float
    latest_year: int
    #: where the path starts: the baseline, or the earliest figure (``None``: no start known)
    start_year: int | None
    start_value: float | None
    #: the start is the target's own baseline, not merely the earliest figure at hand
    from_baseline: bool
    steps: list[Step] = field(default_factory=list)
    calcs: list[Calc] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the other chains over the same span, and what each gives
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass(slots=True)
class Path:
    """What follows from a measure for a target: the figures besides ``achieved``."""

    expected: float | None = None
    remaining: float | None = None
    required_annual: float | None = None
    pace_so_far: float | None = None
    share_covered: float | None = None
    calcs: list[Calc] = field(default_factory=list)


class Kind:
    """A kind of target. Subclasses set the class attributes and ``measure``."""

    name: str = ""
    #: the kinds of reported rows that measure it (``Actual.kind``)
    rows: tuple[str, ...] = ()
    #: whether ``baseline.year`` is required
    needs_baseline: bool = False
    #: whether the target carries a number (``False``: qualitative)
    scored: bool = True

    def value_unit(self, ind: Indicator) -> str:
        """The canonical unit of the target's value (and of ``achieved``)."""
        return ind.unit

    def shown_unit(self, ind: Indicator) -> str:
        return display_unit(self.value_unit(ind))

    def diff_unit(self, ind: Indicator) -> str:
        """The unit of ``remaining`` and the paces: a difference of percents is in points."""
        return "pp" if ind.unit == CHANGE_UNIT else display_unit(ind.unit)

    def reach(self, t: Target, rows: list[Actual], until: int) -> int:
        """How far these rows (of one basis) would take the measure: the basis that reaches
        furthest is used when the target's own basis has no rows."""
        return max(a.end for a in rows)

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        """``achieved`` from the rows (one basis, latest vintages, up to ``until``), or
        ``None`` when they do not measure the target; rows looked at and not used go to
        ``considered`` with the reason."""
        raise NotImplementedError

    def path(
        self, t: Target, m: Measure, ind: Indicator, met: bool, years_left: int
    ) -> Path:  # pragma: no cover - every kind has a path
        raise NotImplementedError

    def steady(self, t: Target, start_year: int, start: float, year: int) -> float | None:
        """Where the steady path from ``start`` (at ``start_year``) to the target would be in
        ``year``, in the target's terms (``expected`` is this at the latest year); ``None``
        for a target without a number or a year."""
        return None


class Chained(Kind):
    """A kind measured by a chain of periods from the baseline year (changes, flows)."""

    #: the row kind the chain is made of
    link: str = ""

    def reach(self, t: Target, rows: list[Actual], until: int) -> int:
        links = [a for a in rows if a.kind == self.link]
        if links and t.baseline_year is not None:
            return reach(links, t.baseline_year, until)
        return max(a.end for a in rows)


class Linear(Kind):
    """Amounts and levels: a straight path from the start to the target; distances are
    differences, paces are per year."""

    def path(self, t: Target, m: Measure, ind: Indicator, met: bool, years_left: int) -> Path:
        assert t.value is not None
        out = Path()
        unit = self.diff_unit(ind)
        per_year = f"{unit}/yr" if unit else "/yr"
        target, achieved = t.value, m.achieved
        out.remaining = 0.0 if met else target - achieved
        out.calcs.append(
            Calc(
                "remaining",
                "target - achieved",
                f"{num(target)} - {num(achieved)}",
                target - achieved,
                unit,
            )
        )
        if years_left > 0 and not met:
            out.required_annual = (target - achieved) / years_left
            out.calcs.append(
                Calc(
                    "required per year",
                    "remaining / years left",
                    f"{num(target - achieved)} / {years_left}",
                    out.required_annual,
                    per_year,
                )
            )
        start_year, start = m.start_year, m.start_value
        if start_year is not None and start is not None:
            span = m.latest_year - start_year
            if span > 0:
                out.pace_so_far = (achieved - start) / span
                out.calcs.append(
                    Calc(
                        "pace so far",
                        f"(achieved - start) / years since {start_year}",
                        f"({num(achieved)} - {num(start)}) / {span}",
                        out.pace_so_far,
                        per_year,
                    )
                )
            total = (t.target_year or 0) - start_year
            expected = self.steady(t, start_year, start, m.latest_year)
            if m.from_baseline and span > 0 and expected is not None:
                out.expected = expected
                out.calcs.append(
                    Calc(
                        "expected on a steady path",
                        f"start + (target - start) x {span}/{total}",
                        f"{num(start)} + ({num(target)} - {num(start)}) x {span}/{total}",
                        out.expected,
                        self.shown_unit(ind),
                    )
                )
        if met:
            out.share_covered = 1.0
        elif m.from_baseline and start is not None and target != start:
            out.share_covered = clip((achieved - start) / (target - start))
        elif not m.from_baseline and ind.direction == "increase" and target > 0 <= achieved:
            out.share_covered = clip(achieved / target)  # growing from zero
        return out

    def steady(self, t: Target, start_year: int, start: float, year: int) -> float | None:
        if t.value is None or t.target_year is None or t.target_year <= start_year:
            return None
        span, total = year - start_year, t.target_year - start_year
        return start + (t.value - start) * span / total


class Geometric(Kind):
    """Relative changes: a path of constant yearly rate from the baseline; distances are
    ratios (``(1 + target) / (1 + achieved) - 1``), paces are yearly rates."""

    def path(self, t: Target, m: Measure, ind: Indicator, met: bool, years_left: int) -> Path:
        assert t.value is not None and m.start_year is not None
        out = Path()
        goal, got = 1 + t.value / 100, 1 + m.achieved / 100
        span = m.latest_year - m.start_year
        total = (t.target_year or 0) - m.start_year
        if got > 0 and goal > 0:
            margin = (goal / got - 1) * 100
            out.remaining = 0.0 if met else margin
            out.calcs.append(
                Calc(
                    "remaining",
                    "(1 + target) / (1 + achieved) - 1",
                    f"{num(goal, 8)} / {num(got, 8)} - 1",
                    margin,
                    "%",
                )
            )
            if years_left > 0 and not met:
                out.required_annual = ((goal / got) ** (1 / years_left) - 1) * 100
                out.calcs.append(
                    Calc(
                        "required per year",
                        f"((1 + target) / (1 + achieved)) ** (1/{years_left}) - 1",
                        f"({num(goal, 8)} / {num(got, 8)}) ** (1/{years_left}) - 1",
                        out.required_annual,
                        "%/yr",
                    )
                )
            if span > 0:
                out.pace_so_far = (got ** (1 / span) - 1) * 100
                out.calcs.append(
                    Calc(
                        "pace so far",
                        f"(1 + achieved) ** (1/{span}) - 1",
                        f"{num(got, 8)} ** (1/{span}) - 1",
                        out.pace_so_far,
                        "%/yr",
                    )
                )
            if goal != 1:
                out.share_covered = 1.0 if met else clip(math.log(got) / math.log(goal))
        expected = self.steady(t, m.start_year, 0.0, m.latest_year)
        if span > 0 and expected is not None:
            out.expected = expected
            out.calcs.append(
                Calc(
                    "expected on a steady path",
                    f"(1 + target) ** ({span}/{total}) - 1",
                    f"{num(goal, 8)} ** ({span}/{total}) - 1",
                    out.expected,
                    "%",
                )
            )
        if met:
            out.share_covered = 1.0
        return out

    def steady(self, t: Target, start_year: int, start: float, year: int) -> float | None:
        """A constant yearly rate from the baseline (``start`` is a change of 0)."""
        if t.value is None or t.target_year is None or t.target_year <= start_year:
            return None
        goal = 1 + t.value / 100
        if goal <= 0:
            return None
        rate: float = goal ** ((year - start_year) / (t.target_year - start_year))
        return (rate - 1) * 100


def clip(x: float) -> float:
    return max(0.0, min(1.0, x))


# ------------------------------------------------------------------------------ chains


def chain(rows: Sequence[Actual], start: int, until: int) -> list[Actual]:
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
    return best[max(best)]


def chains(rows: Sequence[Actual], start: int, end: int, limit: int = 12) -> list[list[Actual]]:
    """Every chain of contiguous periods from ``start + 1`` to ``end`` (rows one per period),
    fewest links first; at most ``limit`` of them."""
    by_first: dict[int, list[Actual]] = defaultdict(list)
    for a in rows:
        if a.start > start and a.end <= end:
            by_first[a.start].append(a)
    for links in by_first.values():
        links.sort(key=lambda r: (-r.end, r.where.file, r.where.line or 0))
    found: list[list[Actual]] = []
    stack: list[tuple[int, list[Actual]]] = [(start, [])]
    while stack and len(found) < limit:
        year, path = stack.pop()
        if year == end:
            found.append(path)
            continue
        for a in reversed(by_first.get(year + 1, ())):  # the longest link first off the stack
            stack.append((a.end, [*path, a]))
    found.sort(key=len)
    return found


def describe(links: Sequence[Actual], verb: str) -> str:
    """How a chain is made: ``chaining 4 annual figures``, ``chaining 2021-2023 and 2024``,
    ``from the 2021-2024 figure``."""
    if len(links) == 1:
        return f"from the {links[0].period} figure"
    if all(a.start == a.end for a in links):
        return f"{verb} {len(links)} annual figures"
    periods = [a.period for a in links]
    return f"{verb} {', '.join(periods[:-1])} and {periods[-1]}"


def others(
    rows: Sequence[Actual],
    used: Sequence[Actual],
    start: int,
    value_of: Callable[[list[Actual]], tuple[float, list[Step], Calc]],
    summary: Callable[[float, list[Actual]], str],
) -> list[Alternative]:
    """The chains over the span of ``used`` other than ``used`` itself, each with its result
    (``value_of`` is how the kind computes a chain, so the arithmetic is the same)."""
    if not used:
        return []
    mine = [id(a) for a in used]
    out = []
    for links in chains(rows, start, used[-1].end):
        if [id(a) for a in links] == mine:
            continue
        value, steps, calc = value_of(links)
        calc.name = "other chain"
        out.append(Alternative(value, steps, calc, summary(value, links)))
    return out


def reach(rows: list[Actual], base: int, until: int) -> int:
    """How far a chain of these rows from ``base`` reaches (to choose between bases)."""
    found = chain(rows, base, until)
    return found[-1].end if found else base


def off_chain(
    rows: Sequence[Actual], used: list[Actual], base: int, considered: list[tuple[Actual, str]]
) -> None:
    """Why each row of a chain's kind was not used: the true reason."""
    used_ids = {id(a) for a in used}
    end = used[-1].end if used else base
    reachable = {base}  # years a chain of these rows from the baseline can end in
    for a in sorted(rows, key=lambda r: r.start):
        if a.start - 1 in reachable and a.start > base:
            reachable.add(a.end)
    for a in rows:
        if id(a) in used_ids:
            continue
        if a.start <= base:
            why = (
                f"starts in or before the baseline year {base}: the target counts from the end "
                f"of {base}"
            )
        elif a.start - 1 not in reachable:
            why = f"no chain of figures from {base} ends in {a.start - 1}, so it cannot be linked"
        elif a.end <= end:
            why = f"covered by the chain with the fewest links to {end}"
        else:
            why = "not on the chain with the fewest links to the latest year"
        considered.append((a, why))


def base_and_latest(
    rows: Sequence[Actual], base: int, until: int, considered: list[tuple[Actual, str]]
) -> tuple[Actual | None, Actual] | None:
    """The level at the baseline year (if reported) and the latest level after it, up to
    ``until``; the other levels go to ``considered``. ``None`` without a later level."""
    by_year = levels([a for a in rows if a.kind == "level"])
    later = [y for y in by_year if base < y <= until]
    if not later:
        return None
    last = by_year[max(later)]
    for year, a in by_year.items():
        if year not in (base, last.end):
            considered.append((a, "neither the baseline level nor the latest one"))
    return by_year.get(base), last


def levels(rows: Sequence[Actual]) -> dict[int, Actual]:
    """Single-year level rows by year; annual flows stand in where there is no level."""
    out: dict[int, Actual] = {}
    for kind in ("flow", "level"):  # level last, so it wins
        for a in rows:
            if a.kind == kind and a.start == a.end:
                out[a.end] = a
    return out
