"""``increment``: an amount added over a period, e.g. 1,500 MW of new PV during the 14th FYP.
Flows after the baseline year are summed (the chain with the fewest links); without flows, the
latest level minus the level at the baseline year (or ``baseline.value``)."""

from __future__ import annotations

from ccnt_cli.kinds.base import Calc, Chained, Linear, Measure, Step, levels, num
from ccnt_cli.kinds.cumulative import sum_flows
from ccnt_cli.schema import Target
from ccnt_cli.table import Actual


class Increment(Chained, Linear):
    link = "flow"
    name = "increment"
    rows = ("flow", "level")
    needs_baseline = True

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        assert t.baseline_year is not None
        base = t.baseline_year
        summed = sum_flows(t, rows, until, considered)
        if summed is not None:
            return summed
        by_year = levels([a for a in rows if a.kind == "level"])
        later = [y for y in by_year if base < y <= until]
        if t.baseline_value is not None:
            start, first = t.baseline_value, None
        elif base in by_year:
            first = by_year[base]
            start = first.value
        else:
            return None
        if not later:
            return None
        y = max(later)
        last = by_year[y]
        achieved = last.value - start
        steps = ([Step(first, "start", running=start)] if first is not None else []) + [
            Step(last, "latest", running=last.value)
        ]
        for year, a in by_year.items():
            if year not in (base, y):
                considered.append((a, "neither the baseline level nor the latest one"))
        calc = Calc(
            "achieved",
            f"level {y} - level {base}",
            f"{num(last.value)} - {num(start)}",
            achieved,
            "",
        )
        note = "increment computed as the difference of two levels"
        return Measure(achieved, y, base, 0.0, True, steps, [calc], [note])


KIND = Increment()
