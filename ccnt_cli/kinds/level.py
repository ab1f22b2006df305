"""``level``: the indicator's value in the target year meets the comparator, e.g. Yantai's PV
capacity >= 9,000 MW by 2025. Achieved is the latest level (an annual flow stands in where there
is no level). The path starts at the baseline (``baseline.value``, or the figure at
``baseline.year``) where the target has one; otherwise the pace so far runs from the earliest
figure, and nothing else depends on which earlier rows exist. Without a year, a level target is
open-ended: a standing goal judged against the latest figure."""

from __future__ import annotations

from ccnt_cli.kinds.base import Linear
from ccnt_cli.kinds.chains import levels
from ccnt_cli.kinds.steps import Calc, Measure, Step
from ccnt_cli.schema import Target
from ccnt_cli.table import Actual


class Level(Linear):
    name = "level"
    rows = ("level", "flow")

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        by_year = levels(rows)
        if not by_year:
            return None
        latest = max(by_year)
        last = by_year[latest]
        start_year: int | None = None
        start_value: float | None = None
        from_baseline = False
        steps: list[Step] = []
        if t.baseline_year is not None and t.baseline_value is not None:
            start_year, start_value, from_baseline = t.baseline_year, t.baseline_value, True
        elif (
            t.baseline_year is not None and t.baseline_year in by_year and t.baseline_year < latest
        ):
            first = by_year[t.baseline_year]
            start_year, start_value, from_baseline = first.end, first.value, True
            steps.append(Step(first, "start", running=first.value))
        elif min(by_year) < latest:
            first = by_year[min(by_year)]
            start_year, start_value = first.end, first.value
            steps.append(Step(first, "start", running=first.value))
        steps.append(Step(last, "latest", running=last.value))
        used = {id(s.actual) for s in steps}
        for a in by_year.values():
            if id(a) not in used:
                considered.append((a, "neither the start nor the latest level"))
        calc = Calc("achieved", f"latest level ({latest})", "", last.value, "")
        return Measure(last.value, latest, start_year, start_value, from_baseline, steps, [calc])


KIND = Level()
