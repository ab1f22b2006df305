"""What every kind of target shares: the ``Kind`` interface and the two kinds of path.

A kind (``level``, ``change``, ``increment``, ``cumulative``, ``qualitative``) is a ``Kind``:
it says how its value is expressed, which reported rows measure it, how ``achieved`` is
measured from them (``measure``), and, through its path (``Linear`` or ``Geometric``), how
``expected``, ``remaining``, the pace required and the pace so far follow. Every number it
computes is kept as a ``Calc`` (the formula, the same formula with the numbers, the result), so
an explanation renders what was computed and never computes it again. The values kept are
in ``steps``; the chains of reported periods in ``chains``.
"""

from __future__ import annotations

import math

from ccnt_cli.kinds.chains import reach
from ccnt_cli.kinds.steps import Calc, Measure, Path, num
from ccnt_cli.schema import CHANGE_UNIT, Indicator, Target
from ccnt_cli.table import Actual
from ccnt_cli.units import display_unit


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
