"""Typed records of a data folder: what the loader returns and everything else works on."""

from __future__ import annotations

from dataclasses import dataclass, field

REGION_LEVELS = ("national", "province", "prefecture", "county", "district", "park", "area")
TARGET_KINDS = ("level", "change", "increment", "cumulative", "qualitative")
ACTUAL_KINDS = ("level", "change", "flow")
COMPARATORS = (">=", "<=", ">", "<", "=", "~")
DIRECTIONS = ("increase", "decrease")
#: canonical unit of every relative change (targets of kind ``change``, actuals of kind ``change``)
CHANGE_UNIT = "percent"


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record was written: file (relative to the data folder) and 1-based line."""

    file: str
    line: int | None = None
    #: (field, line) pairs of the record's top-level keys, so a problem found later can point
    #: at the exact line of the field
    fields: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str | None) -> int | None:
        if field:
            head = field.split(".", 1)[0]
            for name, line in self.fields:
                if name == head:
                    return line
        return self.line


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    level: str
    where: Where
    name_zh: str | None = None
    parent: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name: str
    where: Where
    name_zh: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    unit: str
    direction: str
    where: Where
    name_zh: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Pilot:
    id: str
    name: str
    where: Where
    name_zh: str | None = None
    issuer: tuple[str, ...] = ()
    announced: str | None = None
    members: tuple[str, ...] = ()
    expected_members: int | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    title: str
    where: Where
    title_zh: str | None = None
    issuer: tuple[str, ...] = ()
    published: str | None = None
    level: str | None = None
    region: str | None = None
    url: str | None = None
    type: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """One target. ``value`` is ``target_value`` in the indicator's canonical unit (for a
    ``change`` target: signed percent), ``None`` for qualitative targets."""

    id: str
    region: str
    policy: str
    indicator: str
    kind: str
    where: Where
    target_year: int | None = None
    target_value: object = None  # as written (number or text)
    target_unit: str | None = None  # as written
    value: float | None = None
    unit: str | None = None  # canonical unit of ``value``
    baseline_year: int | None = None
    baseline_value: float | None = None  # canonical unit once loaded
    baseline_unit: str | None = None
    comparator: str | None = None
    basis: str | None = None
    binding: bool | None = None
    sector: str | None = None
    tags: tuple[str, ...] = ()
    pilot: str | None = None
    text: str | None = None
    relative_to: str | None = None
    note: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Actual:
    """One reported figure. ``value`` is in the indicator's canonical unit (signed percent for a
    ``change``) once loaded; ``raw_value`` and ``raw_unit`` are as written. (Not frozen: loading
    converts ``value`` in place, which matters at a million rows.)"""

    region: str
    indicator: str
    start: int  # first year of the period
    end: int  # last year of the period (== start for a single year)
    kind: str
    value: float
    where: Where
    raw_value: str = ""
    raw_unit: str = ""
    basis: str | None = None
    published: str | None = None  # as written: YYYY, YYYY-MM or YYYY-MM-DD
    source: str | None = None
    note: str | None = None

    @property
    def period(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(slots=True)
class Dataset:
    """Everything in one data folder, validated."""

    root: str
    regions: dict[str, Region] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    pilots: dict[str, Pilot] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    actuals: list[Actual] = field(default_factory=list)
