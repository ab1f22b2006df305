"""The types of record fields: the enumerations, and the checks that read a value as written.

Each check is a plain function that returns the value to store or raises ``Invalid`` with a
message a person can act on; the ``Annotated`` aliases at the end attach them to types, and
``schema`` declares its records with those aliases. pydantic calls a check through
``Check.__get_pydantic_core_schema__`` when it builds a validator; importing this module does not
import pydantic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from .errors import did_you_mean

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

# ------------------------------------------------------------------------------ enums

RegionLevel = Literal["national", "province", "prefecture", "county", "district", "park", "area"]
TargetKind = Literal["level", "change", "increment", "cumulative", "qualitative"]
ActualKind = Literal["level", "change", "flow"]
Comparator = Literal[">=", "<=", ">", "<", "=", "~"]
Direction = Literal["increase", "decrease"]
TextStatus = Literal["verbatim", "not-at-hand", "table-only", "paraphrase"]
DerivationOp = Literal["sum", "difference", "share"]

REGION_LEVELS: tuple[str, ...] = get_args(RegionLevel)
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)
ACTUAL_KINDS: tuple[str, ...] = get_args(ActualKind)
COMPARATORS: tuple[str, ...] = get_args(Comparator)
DIRECTIONS: tuple[str, ...] = get_args(Direction)
TEXT_STATUSES: tuple[str, ...] = get_args(TextStatus)
DERIVATION_OPS: tuple[str, ...] = get_args(DerivationOp)

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


def mapping(value: Any) -> Any:
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
Op = Annotated[DerivationOp, Check(_required(_choice(DERIVATION_OPS)))]
DivisionCode = Annotated[str | None, Check(_division_code)]
UnitText = Annotated[str, Check(_unit_text)]


# ------------------------------------------------------------------------------ declarations


@dataclass(slots=True)
class Where:
    """Where a record was written: file (relative to the data folder) and 1-based line.
    (Not frozen: one is built per row read, and a frozen one costs three times as much.)"""

    file: str
    line: int | None = None
    #: the record's top-level keys and the line of each, as one text (``id:8 region:9``), so a
    #: problem found later can point at the exact line of the field. One text, not a key and a
    #: line object each: a 100,000-target folder holds 1.5 million keys, and reading them from
    #: the cache was nearly half of its JSON; it is read only when a problem is reported.
    #: Only keys that are names (the fields of a record) are kept.
    keys: str = ""

    @staticmethod
    def key_text(key_lines: Mapping[str, int]) -> str:
        """``keys`` for a record's keys and their lines."""
        return " ".join([f"{k}:{n}" for k, n in key_lines.items() if k.isidentifier()])

    def line_of(self, field: str | None) -> int | None:
        if field and self.keys:
            head = field.split(".", 1)[0] + ":"
            for item in self.keys.split(" "):
                if item.startswith(head) and item[len(head) :].isdigit():
                    return int(item[len(head) :])
        return self.line

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


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
