"""The values a computation keeps: the rows used (``Step``), each line of arithmetic (``Calc``),
the chains set aside (``Alternative``), what a kind measured (``Measure``) and what follows from
it (``Path``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ccnt_cli.table import Actual
from ccnt_cli.units import format_number


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
