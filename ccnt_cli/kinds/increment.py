"""``increment``: an amount added over a period, e.g. 1,500 MW of new PV during the 14th FYP.
Flows after the baseline year are summed (the chain with the fewest links); without flows, the
latest level minus the level at the baseline year (or ``baseline.value``)."""

from __future__ import annotations

from ccnt_cli.kinds.base import Chained, Linear
from ccnt_cli.kinds.chains import base_and_latest
from ccnt_cli.kinds.cumulative import sum_flows
from ccnt_cli.kinds.steps import Calc, Measure, Step, num
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
        pair = base_and_latest(rows, base, until, considered)
        if pair is None:
            return None
        first, last = pair
        if t.baseline_value is not None:
            start = t.baseline_value
        elif first is not None:
            start = first.value
        else:
            return None
        y = last.end
        achieved = last.value - start
        steps = ([Step(first, "start", running=start)] if first is not None else []) + [
            Step(last, "latest", running=last.value)
        ]
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
