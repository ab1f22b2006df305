"""The records of a data folder, each defined once.

Every record a data folder holds (region, sector, indicator, pilot, policy, target) is a
dataclass here: its fields, their types, which are required, the values an enumerated field
takes, and a line of documentation each. The YAML reader validates a record with pydantic
against these classes (``ccnt_cli.io.records``); listings, exports and the field tables in
docs/data-format.md are derived from them. Importing this module does not import pydantic: the
checks below are plain functions that pydantic picks up through ``__get_pydantic_core_schema__``
when it builds a validator, so a run that reads its records from the cache never imports it.

Fields declared with ``init=False`` are not input: they are filled after validation (``settle``)
or by linking (the canonical value of a target, in its indicator's unit), and kept in the cache.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Annotated, Any, ClassVar, Literal, get_args

from .errors import UnitError, did_you_mean

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(slots=True)
class Where:
    """Where a record was written: file (relative to the data folder) and 1-based line.
    (Not frozen: one is built per row read, and a frozen one costs three times as much.)"""

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

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


# ------------------------------------------------------------------------------ enums

RegionLevel = Literal["national", "province", "prefecture", "county", "district", "park", "area"]
TargetKind = Literal["level", "change", "increment", "cumulative", "qualitative"]
ActualKind = Literal["level", "change", "flow"]
Comparator = Literal[">=", "<=", ">", "<", "=", "~"]
Direction = Literal["increase", "decrease"]
TextStatus = Literal["verbatim", "not-at-hand", "table-only", "paraphrase"]

REGION_LEVELS: tuple[str, ...] = get_args(RegionLevel)
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
ACTUAL_KINDS: tuple[str, ...] = get_args(ActualKind)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
TEXT_STATUSES: tuple[str, ...] = get_args(TextStatus)

#: canonical unit of every relative change (targets of kind ``change``, actuals of kind ``change``)
CHANGE_UNIT = "percent"


# ------------------------------------------------------------------------------ checks


class Invalid(ValueError):
    """A value as written that a field does not take. ``message`` follows the field's name
    ("must be a whole number, not 'twenty'"); ``{field}`` in the hint is replaced by it.
    ``index`` points into a list; ``missing`` says the field is as good as absent."""

    def __init__(self, message: str, hint: str | None = None, *, index: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.index = index


class Missing(Invalid):
    """An empty value where one is required: reported as a missing field."""

    def __init__(self) -> None:
        super().__init__("is missing")


class Check:
    """Type metadata: ``fn`` reads the value as written and returns the value pydantic then
    validates against the field's type, or raises ``Invalid``. pydantic finds it through
    ``__get_pydantic_core_schema__``; nothing here imports pydantic."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.fn, handler(source))


def type_name(value: object) -> str:
    """What a YAML value is, in the words of the data format (never an internal class name)."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def shown(value: object, limit: int = 40) -> str:
    """A value as written in a message: its repr, cut short when long."""
    if isinstance(value, dict | list):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit] + "...")
    return repr(value)


def _text(value: Any) -> str | None:
    if type(value) is str:
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, bool | dict | list):
        raise Invalid(f"must be text, not {type_name(value)}", "quote it")
    return str(value).strip() or None


def _required_text(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise Missing()
    return text


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise Invalid(
            f"{value!r} is not a slug",
            "use lower-case letters, digits and '-', e.g. yantai-solar-pv-capacity-2025",
        )
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        text = _text(value)
        if text is None or text in choices:
            return text
        hint = f"did you mean {text[::-1]!r}?" if text[::-1] in choices else None
        raise Invalid(
            f"{text!r} is not one of {', '.join(choices)}", hint or did_you_mean(text, choices)
        )

    return check


def _required(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def required(value: Any) -> Any:
        out = check(value)
        if out is None:
            raise Missing()
        return out

    return required


def _whole(lo: int, hi: int, example: str) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        if type(value) is int and lo <= value <= hi:  # the common case, first
            return value
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 20:
            value = int(value.strip())  # "2025", full-width "２０２５" too
        elif isinstance(value, float) and value.is_integer():
            value = int(value)  # 2025.0
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be a whole number, not {shown(value)}", f"e.g. {example}")
        if not lo <= value <= hi:
            raise Invalid(f"{value} is out of range {lo}-{hi}")
        return value

    return check


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"must be a number, not {shown(value)}", "e.g. 0, 100 or .inf")
    if math.isnan(value):
        raise Invalid("must be a number, not NaN")
    return float(value)


def _boolean(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise Invalid(
        f"must be true or false, not {shown(value)}",
        "write `{field}: true` or `{field}: false`, without quotes",
    )


def _texts(value: Any) -> tuple[str, ...]:
    """A list of text (a single text is accepted as a list of one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if not isinstance(value, list | tuple):
        raise Invalid(f"must be a list of text, not {type_name(value)}", "e.g. `{field}: [a, b]`")
    for i, item in enumerate(value):
        if not isinstance(item, str | int) or isinstance(item, bool):
            raise Invalid(f"must be text, not {type_name(item)}", "e.g. `{field}: [a, b]`", index=i)
    return tuple(str(v).strip() for v in value)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


def normalize_date(value: object) -> str | None:
    """``2025-03-01`` / ``2025-03`` / ``2025`` (text or a YAML date) as text; None if not a date."""
    import datetime as dt
    import unicodedata

    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return str(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()  # full-width digits are digits
        m = _DATE.match(text)
        if m:
            year, month, day = m.groups()
            try:
                dt.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                return None
            return text
    return None


def _date(value: Any) -> str | None:
    if value is None:
        return None
    text = normalize_date(value)
    if text is None:
        raise Invalid(f"{shown(value)} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY")
    return text


def _division_code(value: Any) -> str | None:
    from .units import normalize

    text = _text(value)
    if text is None:
        return None
    code = normalize(text)  # full-width digits, as copied from a Chinese document
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise Invalid(f"{code!r} is not a six-digit GB/T 2260 code", 'e.g. "370600"')
    return code


def _unit_text(value: Any) -> str:
    from .units import unit_key

    return unit_key(_required_text(value))


def _mapping(value: Any) -> Any:
    if value is None or isinstance(value, dict):
        return value
    raise Invalid(
        f"must be a mapping, not {type_name(value)}",
        "e.g. `{field}: {year: 2025, value: 9000, unit: MW}`",
    )


def _raw_value(value: Any) -> Any:
    if value is None or (isinstance(value, int | float | str) and not isinstance(value, bool)):
        return value
    raise Invalid(
        f"must be a number or text, not {type_name(value)}",
        'write a number, optionally with its unit: 9000, "9,000", "600万千瓦", "80%"',
    )


Id = Annotated[str, Check(_slug)]
Ref = Annotated[str, Check(_required_text)]
OptRef = Annotated[str | None, Check(_text)]
Text = Annotated[str, Check(_required_text)]
OptText = Annotated[str | None, Check(_text)]
Texts = Annotated[tuple[str, ...], Check(_texts)]
Year = Annotated[int | None, Check(_whole(1900, 2200, "2025"))]
Count = Annotated[int | None, Check(_whole(0, 100_000, "27"))]
Bound = Annotated[float | None, Check(_number)]
Flag = Annotated[bool | None, Check(_boolean)]
Date = Annotated[str | None, Check(_date)]
RawValue = Annotated[int | float | str | None, Check(_raw_value)]
Level = Annotated[RegionLevel, Check(_required(_choice(REGION_LEVELS)))]
OptLevel = Annotated[RegionLevel | None, Check(_choice(REGION_LEVELS))]
Kind = Annotated[TargetKind, Check(_required(_choice(TARGET_KINDS)))]
OptComparator = Annotated[Comparator | None, Check(_choice(COMPARATORS))]
Way = Annotated[Direction, Check(_required(_choice(DIRECTIONS)))]
OptTextStatus = Annotated[TextStatus | None, Check(_choice(TEXT_STATUSES))]
DivisionCode = Annotated[str | None, Check(_division_code)]
UnitText = Annotated[str, Check(_unit_text)]


def doc(text: str, **kw: Any) -> Any:
    """A field with its documentation (shown in docs/data-format.md)."""
    return field(metadata={"doc": text}, **kw)


def computed(text: str, default: Any = None) -> Any:
    """A field that is not input: filled after validation or by linking."""
    return field(default=default, init=False, metadata={"doc": text, "computed": True})


def _nowhere() -> Where:
    return Where("")


def located() -> Any:
    """The ``where`` of a record: set by the reader, not input."""
    return field(
        default_factory=_nowhere,
        init=False,
        metadata={"doc": "file and line it is written at", "computed": True},
    )


@dataclass(slots=True)
class Issue:
    """A problem ``settle`` finds across fields: reported at ``field`` of the record."""

    field: str
    message: str
    hint: str | None = None


class Record:
    """What every record of a registry or target file has."""

    __slots__ = ()
    #: the top-level key its records are listed under (``regions:``, ``targets:``, ...)
    section: ClassVar[str]
    #: what one record is called in messages ("target has no id")
    label: ClassVar[str]
    where: Where

    def settle(self) -> list[Issue]:
        """Fill the computed fields from the validated input; return problems across fields."""
        return []


# ------------------------------------------------------------------------------ records

_PYDANTIC = {"extra": "forbid"}


@dataclass(slots=True, kw_only=True)
class Region(Record):
    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "regions"
    label: ClassVar[str] = "region"

    id: Id = doc("unique slug: `china`, `shandong`, `yantai`, `chifeng-hi-tech-zone`")
    name: Text = doc("English name")
    level: Level = doc("one of " + ", ".join(f"`{x}`" for x in REGION_LEVELS))
    name_zh: OptText = doc("Chinese name", default=None)
    parent: OptRef = doc(
        "the region it belongs to (every region but the nation has one)", default=None
    )
    code: DivisionCode = doc("GB/T 2260 six-digit division code, where one exists", default=None)
    aliases: Texts = doc("other names people type: `Inner Mongolia`, `内蒙古`, `蒙`", default=())
    members: Texts = doc("an `area`'s member regions (an area is not a division)", default=())
    note: OptText = doc("anything a reader should know", default=None)
    source: OptText = doc("where the record comes from", default=None)
    where: Where = located()


@dataclass(slots=True, kw_only=True)
class Sector(Record):
    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "sectors"
    label: ClassVar[str] = "sector"

    id: Id = doc("unique slug: `power`, `industry`, `buildings`")
    name: Text = doc("English name")
    name_zh: OptText = doc("Chinese name", default=None)
    description: OptText = doc("what the sector covers", default=None)
    note: OptText = doc("anything a reader should know", default=None)
    where: Where = located()


@dataclass(slots=True, kw_only=True)
class Indicator(Record):
    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "indicators"
    label: ClassVar[str] = "indicator"

    id: Id = doc("unique slug: `energy-intensity`, `solar-pv-capacity`")
    name: Text = doc("English name")
    unit: UnitText = doc("canonical unit, a pint expression: `tce / (10**4 CNY)`, `MW`, `percent`")
    direction: Way = doc("which way is progress: `increase` or `decrease`")
    name_zh: OptText = doc("Chinese name", default=None)
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
    where: Where = located()

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
class Pilot(Record):
    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "pilots"
    label: ClassVar[str] = "pilot"

    id: Id = doc("unique slug: `carbon-peak-pilot-batch-1`")
    name: Text = doc("English name")
    name_zh: OptText = doc("Chinese name", default=None)
    issuer: Texts = doc("who announced it", default=())
    announced: Date = doc("when it was announced (YYYY-MM-DD, YYYY-MM or YYYY)", default=None)
    members: Texts = doc("region ids of its members", default=())
    expected_members: Count = doc("how many members were announced", default=None)
    url: OptText = doc("link to the announcement", default=None)
    source: OptText = doc("where the record comes from", default=None)
    note: OptText = doc("anything a reader should know", default=None)
    where: Where = located()


@dataclass(slots=True, kw_only=True)
class Policy(Record):
    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "policies"
    label: ClassVar[str] = "policy"

    id: Id = doc("unique slug")
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
    where: Where = located()


@dataclass(slots=True, kw_only=True)
class Point:
    """``target:`` and ``baseline:`` of a target: a year, and a value with its unit."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC

    year: Year = doc("the year", default=None)
    value: RawValue = doc(
        'a number, or text such as `"9,000"` or `"600万千瓦"` (the unit may sit inside)',
        default=None,
    )
    unit: OptText = doc(
        "unit of the value (a pint expression, Chinese forms included)", default=None
    )


OptPoint = Annotated[Point | None, Check(_mapping)]


@dataclass(slots=True, kw_only=True)
class Target(Record):
    """One target. ``value``, ``unit`` and ``baseline_value`` are computed: the number read from
    ``target.value`` (and its unit), put in the indicator's canonical unit by linking (signed
    percent for a ``change`` target)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _PYDANTIC
    section: ClassVar[str] = "targets"
    label: ClassVar[str] = "target"

    id: Id = doc("unique slug")
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
    where: Where = located()
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


# ------------------------------------------------------------------------------ actuals


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an actuals CSV."""

    name: str
    required: bool
    doc: str


#: the columns of an actuals CSV, in the order ccnt writes them
CSV_COLUMNS: tuple[Column, ...] = (
    Column("region", True, "region id"),
    Column("indicator", True, "indicator id"),
    Column("period", True, "a year (`2024`) or an inclusive range (`2021-2023`)"),
    Column(
        "kind",
        True,
        "`level` (at the end of the period), `change` (relative, against the year before the period), `flow` (within the period)",
    ),
    Column("value", True, "the figure; may carry its unit (`600万千瓦`)"),
    Column("unit", False, "unit of the value, unless the value carries it"),
    Column("basis", False, "accounting basis; figures on different bases never chain"),
    Column("published", False, "publication date (its vintage): YYYY-MM-DD, YYYY-MM or YYYY"),
    Column("source", True, "where the figure was published (a URL, and its grade)"),
    Column("note", False, "anything a reader should know"),
)
CSV_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in CSV_COLUMNS)
CSV_REQUIRED: tuple[str, ...] = tuple(c.name for c in CSV_COLUMNS if c.required)


@dataclass(slots=True)
class Actual:
    """One reported figure. ``value`` is in the indicator's canonical unit (signed percent for a
    ``change``) once linked; ``raw_value`` and ``raw_unit`` are as written (``raw_unit`` is the
    unit read from the value or the unit column)."""

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

    @property
    def as_written(self) -> str:
        """The value and its unit as the row gives them: the unit once, whether it was written
        inside the value (``600万千瓦``) or in the unit column."""
        from .units import normalize

        value = self.raw_value
        if not self.raw_unit or normalize(value).endswith(self.raw_unit):
            return value
        return value + ("" if self.raw_unit.startswith("%") else " ") + self.raw_unit
