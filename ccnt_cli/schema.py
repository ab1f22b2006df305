"""The records of a data folder, each defined once.

Every record a data folder holds (region, sector, indicator, pilot, policy, target) is a
dataclass here: its fields, their types, which are required, the values an enumerated field
takes, and a line of documentation each. The YAML reader validates a record with pydantic
against these classes (``ccnt_cli.io.records``); listings, exports and the field tables in
docs/data-format.md are derived from them. The field types and their checks are in
``fieldtypes``; importing either module does not import pydantic, so a run that reads its
records from the cache never imports it.

Fields declared with ``init=False`` are not input: they are filled after validation (``settle``)
or by linking (the canonical value of a target, in its indicator's unit), and kept in the cache.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, fields
from typing import Annotated, Any, ClassVar

from .errors import Problem, UnitError
from .fieldtypes import (
    ACTUAL_KINDS,
    CHANGE_UNIT,
    COMPARATORS,
    DIRECTIONS,
    REGION_LEVELS,
    SLUG,
    TARGET_KINDS,
    TEXT_STATUSES,
    Bound,
    Check,
    Count,
    Date,
    DivisionCode,
    Flag,
    Id,
    Invalid,
    Issue,
    Kind,
    Level,
    Missing,
    Op,
    OptComparator,
    OptLevel,
    OptRef,
    OptText,
    OptTextStatus,
    RawValue,
    Ref,
    Text,
    Texts,
    UnitText,
    Way,
    Where,
    Year,
    computed,
    doc,
    located,
    mapping,
    normalize_date,
    shown,
    type_name,
)

# ------------------------------------------------------------------------------ records


@dataclass(slots=True, kw_only=True)
class Record:
    """What every record of a registry or target file has: an id, and where it is written."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    #: the top-level key its records are listed under (``regions:``, ``targets:``, ...)
    section: ClassVar[str] = ""
    #: what one record is called in messages ("target has no id")
    label: ClassVar[str] = ""

    id: Id = doc("unique slug: lower-case letters, digits and `-`")
    where: Where = located()

    def settle(self) -> list[Issue]:
        """Fill the computed fields from the validated input; return problems across fields."""
        return []

    def problem(self, field: str, message: str, hint: str | None = None) -> Problem:
        """A problem with this record, at the line of ``field`` (else of the record)."""
        return Problem(
            self.where.file,
            message,
            line=self.where.line_of(field),
            record=self.id,
            field=field,
            hint=hint,
        )


@dataclass(slots=True, kw_only=True)
class Named(Record):
    """A registry record: an English and a Chinese name."""

    name: Text = doc("English name")
    name_zh: OptText = doc("Chinese name", default=None)


@dataclass(slots=True, kw_only=True)
class Region(Named):
    section: ClassVar[str] = "regions"
    label: ClassVar[str] = "region"

    level: Level = doc("one of " + ", ".join(f"`{x}`" for x in REGION_LEVELS))
    parent: OptRef = doc(
        "the region it belongs to (every region but the nation has one)", default=None
    )
    code: DivisionCode = doc("GB/T 2260 six-digit division code, where one exists", default=None)
    aliases: Texts = doc("other names people type: `Inner Mongolia`, `内蒙古`, `蒙`", default=())
    members: Texts = doc("an `area`'s member regions (an area is not a division)", default=())
    note: OptText = doc("anything a reader should know", default=None)
    source: OptText = doc("where the record comes from", default=None)


@dataclass(slots=True, kw_only=True)
class Sector(Named):
    section: ClassVar[str] = "sectors"
    label: ClassVar[str] = "sector"

    description: OptText = doc("what the sector covers", default=None)
    note: OptText = doc("anything a reader should know", default=None)


@dataclass(slots=True, kw_only=True)
class Derivation:
    """``derived:`` of an indicator: its figures follow from other indicators' figures, per
    region and period (``ccnt_cli.derive``)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    op: Op = doc(
        "`sum` (the components added), `difference` (the first minus the others) or `share` "
        "(the first as a percent of the second)"
    )
    of: Texts = doc(
        "the ids of the component indicators, in order: `[wind-capacity, solar-pv-capacity]`"
    )


OptDerivation = Annotated[Derivation | None, Check(mapping)]


@dataclass(slots=True, kw_only=True)
class Indicator(Named):
    section: ClassVar[str] = "indicators"
    label: ClassVar[str] = "indicator"

    unit: UnitText = doc("canonical unit, a pint expression: `tce / (10**4 CNY)`, `MW`, `percent`")
    direction: Way = doc("which way is progress: `increase` or `decrease`")
    sector: OptRef = doc("sector id", default=None)
    aliases: Texts = doc("other names people type", default=())
    description: OptText = doc("what is measured, and how", default=None)
    note: OptText = doc("anything a reader should know", default=None)
    min: Bound = doc(
        "lowest valid level, in the canonical unit (default 0: amounts, capacities, counts, "
        "intensities and shares are never negative; `-.inf` for none)",
        default=None,
    )
    max: Bound = doc(
        "highest valid level (default 100 for a `percent` unit, a share; none otherwise; "
        "`.inf` for a percent that is not a share, such as a ratio to a target)",
        default=None,
    )
    derived: OptDerivation = doc(
        "`{op, of}`: figures derived from other indicators' figures where every component has "
        "one (`op: sum`, `difference` or `share`; `of`: the component ids)",
        default=None,
    )
    additive: Flag = doc(
        "whether the figures of regions add up to their parent's (default: yes for amounts, "
        "capacities and counts; no for percents, dimensionless values, ratios such as "
        "`tce / (10**4 CNY)` and durations)",
        default=None,
    )

    def valid_range(self) -> tuple[float, float]:
        """The valid range of a level of this indicator, defaults applied."""
        lo = 0.0 if self.min is None else self.min
        hi = (100.0 if self.unit == "percent" else math.inf) if self.max is None else self.max
        return lo, hi

    @property
    def is_share(self) -> bool:
        """A percent bounded by 100: differences between two of them are percentage points."""
        return self.unit == "percent" and self.valid_range()[1] <= 100

    def settle(self) -> list[Issue]:
        lo, hi = self.valid_range()
        if lo > hi:
            return [Issue("min", f"min {lo:g} is above max {hi:g}", "swap them")]
        return []


@dataclass(slots=True, kw_only=True)
class Pilot(Named):
    section: ClassVar[str] = "pilots"
    label: ClassVar[str] = "pilot"

    issuer: Texts = doc("who announced it", default=())
    announced: Date = doc("when it was announced (YYYY-MM-DD, YYYY-MM or YYYY)", default=None)
    members: Texts = doc("region ids of its members", default=())
    expected_members: Count = doc("how many members were announced", default=None)
    url: OptText = doc("link to the announcement", default=None)
    source: OptText = doc("where the record comes from", default=None)
    note: OptText = doc("anything a reader should know", default=None)


@dataclass(slots=True, kw_only=True)
class Policy(Record):
    section: ClassVar[str] = "policies"
    label: ClassVar[str] = "policy"

    title: Text = doc("English title")
    source: Text = doc("where the record was found, e.g. the newsletter issue")
    title_zh: OptText = doc("Chinese title", default=None)
    issuer: Texts = doc("issuing bodies", default=())
    published: Date = doc("publication date (YYYY-MM-DD, YYYY-MM or YYYY)", default=None)
    level: OptLevel = doc("level of the issuing government", default=None)
    region: OptRef = doc("region id", default=None)
    url: OptText = doc("link to the document", default=None)
    type: OptText = doc(
        "`five-year-plan`, `action-plan`, `implementation-plan`, `work-plan`, `notice`, "
        "`guiding-opinions`, `government-work-report`, ...",
        default=None,
    )
    note: OptText = doc("anything a reader should know", default=None)


@dataclass(slots=True, kw_only=True)
class Point:
    """``target:`` and ``baseline:`` of a target: a year, and a value with its unit."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    year: Year = doc("the year", default=None)
    value: RawValue = doc(
        'a number, or text such as `"9,000"` or `"600万千瓦"` (the unit may sit inside)',
        default=None,
    )
    unit: OptText = doc(
        "unit of the value (a pint expression, Chinese forms included)", default=None
    )


OptPoint = Annotated[Point | None, Check(mapping)]


@dataclass(slots=True, kw_only=True)
class Target(Record):
    """One target. ``value``, ``unit`` and ``baseline_value`` are computed: the number read from
    ``target.value`` (and its unit), put in the indicator's canonical unit by linking (signed
    percent for a ``change`` target)."""

    section: ClassVar[str] = "targets"
    label: ClassVar[str] = "target"

    region: Ref = doc("region id")
    policy: Ref = doc("policy id")
    indicator: Ref = doc("indicator id")
    kind: Kind = doc("one of " + ", ".join(f"`{x}`" for x in TARGET_KINDS))
    target: OptPoint = doc(
        "`{year, value, unit}`; for `change` the signed relative change (`-13.5` with unit "
        '`"%"`); a `level` target without a year is open-ended (a standing goal)',
        default=None,
    )
    baseline: OptPoint = doc(
        "`{year, value?, unit?}`: the reference point of a change, increment or cumulative "
        "target (or of a level target's path)",
        default=None,
    )
    comparator: OptComparator = doc(
        "`>=`, `<=`, `>`, `<`, `=`, `~` (about); default from the indicator's direction",
        default=None,
    )
    basis: OptText = doc("accounting basis, where one matters", default=None)
    binding: Flag = doc("`true` for a binding (约束性) target", default=None)
    sector: OptRef = doc("sector id (default: the indicator's)", default=None)
    tags: Texts = doc("free labels", default=())
    pilot: OptRef = doc("pilot programme id", default=None)
    text: OptText = doc("the sentence the target comes from, verbatim", default=None)
    text_status: OptTextStatus = doc(
        "why `text` is absent or not a quotation: `not-at-hand`, `table-only`, `paraphrase` "
        "(`verbatim` when `text` is a quotation)",
        default=None,
    )
    relative_to: OptRef = doc("another target this one is stated against", default=None)
    note: OptText = doc("anything a reader should know", default=None)
    source: OptText = doc("where the target was found (default: its policy's source)", default=None)
    value: float | None = computed(
        "the target's number: as read, then in the indicator's canonical unit once linked"
    )
    unit: str | None = computed("the unit of `value`")
    baseline_value: float | None = computed("the baseline's number, canonical once linked")
    baseline_unit: str | None = computed("the unit of `baseline_value`")

    @property
    def target_year(self) -> int | None:
        return self.target.year if self.target is not None else None

    @property
    def baseline_year(self) -> int | None:
        return self.baseline.year if self.baseline is not None else None

    @property
    def target_value(self) -> object:
        """``target.value`` as written."""
        return self.target.value if self.target is not None else None

    @property
    def target_unit(self) -> str | None:
        """``target.unit`` as written."""
        return self.target.unit if self.target is not None else None

    @property
    def open_ended(self) -> bool:
        """A number with no year: a standing goal, judged against the latest figure."""
        return self.kind == "level" and self.target_year is None and self.value is not None

    def settle(self) -> list[Issue]:
        from .units import split_value

        issues: list[Issue] = []
        kind, t, b = self.kind, self.target, self.baseline
        for name, point in (("target", t), ("baseline", b)):
            if point is None or point.value is None:
                continue
            try:
                number, unit = split_value(point.value, point.unit)
            except UnitError as exc:
                message = str(exc)  # "value '约9000' starts with '约'": name the field in full
                if message.startswith("value "):
                    message = f"{name}.{message}"
                issues.append(Issue(f"{name}.value", message, exc.hint))
                continue
            if name == "target":
                self.value, self.unit = number, unit
            else:
                self.baseline_value, self.baseline_unit = number, unit
        article = "an" if kind[:1] in "aeiou" else "a"
        if kind != "qualitative":  # every kind but qualitative carries a number
            if t is None:
                issues.append(
                    Issue("target", "missing required field 'target'", "add `target: {year: ...}`")
                )
            elif t.value is None:
                issues.append(
                    Issue(
                        "target",
                        f"{article} {kind} target needs target.value",
                        "e.g. `value: 9000, unit: MW`",
                    )
                )
            elif t.year is None and kind != "level":
                issues.append(
                    Issue(
                        "target",
                        f"{article} {kind} target needs target.year",
                        "only a level target may be open-ended (no year)",
                    )
                )
        elif t is not None and t.value is not None:
            issues.append(
                Issue(
                    "target",
                    "a qualitative target has no value",
                    "drop target.value, or use kind level/change if it is a number",
                )
            )
        from .kinds import KINDS

        if KINDS[kind].needs_baseline and self.baseline_year is None:
            issues.append(
                Issue(
                    "baseline",
                    f"{article} {kind} target needs baseline.year",
                    "e.g. `baseline: {year: 2020}`, the year the change is counted from",
                )
            )
        ty, by = self.target_year, self.baseline_year
        if ty is not None and by is not None and by >= ty:
            issues.append(
                Issue(
                    "baseline",
                    f"baseline year {by} is not before target year {ty}",
                    "the baseline is the year the target is counted from",
                )
            )
        return issues


#: the record types of YAML files, by their top-level key
RECORDS: dict[str, type[Record]] = {
    cls.section: cls for cls in (Region, Sector, Indicator, Pilot, Policy, Target)
}
#: registry files: ``targets/<name>`` holds the records under its key
REGISTRIES = {
    "regions.yaml": "regions",
    "indicators.yaml": "indicators",
    "pilots.yaml": "pilots",
    "sectors.yaml": "sectors",
}


def input_fields(cls: type) -> list[str]:
    """The fields a record takes as input, in declaration order."""
    return [f.name for f in fields(cls) if f.init]


def required_fields(cls: type) -> list[str]:
    return [
        f.name
        for f in fields(cls)
        if f.init and f.default is MISSING and f.default_factory is MISSING
    ]


__all__ = [
    "ACTUAL_KINDS",
    "CHANGE_UNIT",
    "COMPARATORS",
    "DIRECTIONS",
    "RECORDS",
    "REGION_LEVELS",
    "REGISTRIES",
    "SLUG",
    "TARGET_KINDS",
    "TEXT_STATUSES",
    "Indicator",
    "Invalid",
    "Issue",
    "Missing",
    "Pilot",
    "Point",
    "Policy",
    "Record",
    "Region",
    "Sector",
    "Target",
    "Where",
    "input_fields",
    "normalize_date",
    "required_fields",
    "shown",
    "type_name",
]
