"""``change``: a relative change from the baseline year, e.g. energy intensity -13.5% from 2020
to 2025. Reported changes chain multiplicatively, ``prod(1 + r_i) - 1``, over contiguous periods
from the baseline (the chain reaching the latest year with the fewest links); without change
rows, two levels (at the baseline year and later) give the change."""

from __future__ import annotations

from ccnt_cli.kinds.base import Chained, Geometric
from ccnt_cli.kinds.chains import base_and_latest, chain, describe, off_chain, others
from ccnt_cli.kinds.steps import Calc, Measure, Step, num
from ccnt_cli.schema import CHANGE_UNIT, Indicator, Target
from ccnt_cli.table import Actual


def chained(links: list[Actual], base: int) -> tuple[float, list[Step], Calc]:
    """Relative changes chained multiplicatively: ``prod(1 + r_i) - 1``, with the steps."""
    running, steps = 1.0, []
    for a in links:
        running *= 1 + a.value / 100
        steps.append(Step(a, "link", factor=1 + a.value / 100, running=running))
    achieved = (running - 1) * 100
    formula = " x ".join(f"(1 + r{i})" for i in range(1, len(links) + 1)) + " - 1"
    work = " x ".join(num(s.factor or 0, 8) for s in steps) + " - 1"
    calc = Calc("achieved", formula, work, achieved, "%", f"{base}-{links[-1].end}")
    return achieved, steps, calc


class Change(Chained, Geometric):
    link = "change"
    name = "change"
    rows = ("change", "level")
    needs_baseline = True

    def value_unit(self, ind: Indicator) -> str:
        return CHANGE_UNIT

    def diff_unit(self, ind: Indicator) -> str:
        return "%"

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        assert t.baseline_year is not None
        base = t.baseline_year
        changes = [a for a in rows if a.kind == "change"]
        links = chain(changes, base, until)
        if links:
            achieved, steps, calc = chained(links, base)
            off_chain(changes, links, base, considered)
            m = Measure(achieved, links[-1].end, base, 0.0, True, steps, [calc])
            m.alternatives = others(
                changes,
                links,
                base,
                lambda other: chained(other, base),
                lambda value, other: f"{describe(other, 'chaining')}: {num(round(value, 2))}%",
            )
            return m
        off_chain(changes, [], base, considered)
        pair = base_and_latest(rows, base, until, considered)
        if pair is None:
            return None
        first, last = pair
        if first is None or not first.value:
            return None
        ratio = last.value / first.value
        calc = Calc(
            "achieved",
            f"level {last.end} / level {base} - 1",
            f"{num(last.value)} / {num(first.value)} - 1",
            (ratio - 1) * 100,
            "%",
            f"{base}-{last.end}",
        )
        steps = [Step(first, "start", running=1.0), Step(last, "latest", factor=ratio)]
        note = "change computed from two levels"
        return Measure((ratio - 1) * 100, last.end, base, 0.0, True, steps, [calc], [note])


KIND = Change()
