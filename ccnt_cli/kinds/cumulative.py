"""``cumulative``: a flow summed over a period, e.g. energy use cut by about 2.5 Mtce over
2024-2025. Flows from the year after the baseline are summed over the chain of periods with the
fewest links."""

from __future__ import annotations

from ccnt_cli.kinds.base import Chained, Linear
from ccnt_cli.kinds.chains import chain, describe, off_chain, others
from ccnt_cli.kinds.steps import Calc, Measure, Step, num
from ccnt_cli.schema import Target
from ccnt_cli.table import Actual


def sum_flows(
    t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
) -> Measure | None:
    """Flows after the baseline year, summed: what increment and cumulative targets share."""
    assert t.baseline_year is not None
    base = t.baseline_year
    flows = [a for a in rows if a.kind == "flow"]
    terms = chain(flows, base, until)
    off_chain(flows, terms, base, considered)
    if not terms:
        return None
    total, steps, calc = summed(terms)
    m = Measure(total, terms[-1].end, base, 0.0, True, steps, [calc])
    m.alternatives = others(
        flows,
        terms,
        base,
        summed,
        lambda value, other: f"{describe(other, 'summing')}: {num(round(value, 2))}",
    )
    return m


def summed(terms: list[Actual]) -> tuple[float, list[Step], Calc]:
    """Flows added up, with the steps."""
    total, steps = 0.0, []
    for a in terms:
        total += a.value
        steps.append(Step(a, "term", running=total))
    calc = Calc(
        "achieved",
        "sum of the flows" if len(terms) > 1 else "the flow",
        " + ".join(num(a.value) for a in terms),
        total,
        "",
        f"{terms[0].start}-{terms[-1].end}",
    )
    return total, steps, calc


class Cumulative(Chained, Linear):
    link = "flow"
    name = "cumulative"
    rows = ("flow",)
    needs_baseline = True

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        return sum_flows(t, rows, until, considered)


KIND = Cumulative()
