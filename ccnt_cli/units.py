"""Reading quantities as policy text writes them, and converting between units.

Two layers:

* ``split_value`` reads a value such as ``"9,000"``, ``"600万千瓦"``, ``"８０％"`` or
  ``"百分之十三点五"`` into a number and a unit text. It is pure Python and never imports pint.
* ``factor(src, dst)`` gives the multiplier from one unit to another. pint is imported, and its
  registry built from ``units.txt``, only the first time a pair is not already known; every pair
  is computed once and remembered (and can be persisted by the cache), so converting a column of
  values is one factor lookup per distinct unit and a multiply.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UnitError

if TYPE_CHECKING:  # pragma: no cover
    import pint

DEFINITIONS = Path(__file__).with_name("units.txt")

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "点负"
_CN_RUN = re.compile(f"^[{_CN_NUMERAL_CHARS}]+")
_ARABIC = re.compile(
    r"^(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+)"
)
_BIG_MULTIPLIER = re.compile(r"^(万亿|万|亿)(?=$|[\sA-Za-z%(])")
_BIG_VALUES = {"万亿": 1e12, "万": 1e4, "亿": 1e8}
#: 万亿 before a Chinese unit (万亿千瓦时): two prefixes, which pint cannot read as one
_TRILLION = re.compile(r"^万亿(?=.)")
_NOT_FINITE = re.compile(r"^[+-]?(?:nan|inf|infinity)$")
_HEDGES = (
    "约",
    "大约",
    "about",
    "approximately",
    "approx.",
    "~",
    "≈",
    "超过",
    "over",
    "近",
    "nearly",
)


def display_unit(unit: str | None, *, dimensionless: str = "") -> str:
    """A canonical unit as a person reads it: ``%`` for percent; a dimensionless quantity
    shows ``dimensionless`` (pass ``dimensionless="dimensionless"``, as CSV columns do) or
    nothing (in text and tables)."""
    if unit == "percent":
        return "%"
    if unit == "dimensionless":
        return dimensionless
    return unit or ""


def normalize(text: str) -> str:
    """NFKC-normalise (full-width ``８０％`` becomes ``80%``), unify minus signs, strip."""
    if text.isascii():  # nothing to normalise: the common case, kept fast
        return text.strip()
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2212", "-").replace("\u2013", "-").strip()


def parse_chinese_number(text: str) -> float:
    """Read a number written in Chinese numerals: ``十三点五`` is 13.5, ``一千五百`` is 1500.

    Arabic digits may stand in for Chinese ones (``百分之80`` reaches here as ``80``).
    """
    text = normalize(text)
    if not text:
        raise ValueError("empty number")
    sign = 1.0
    if text[0] in "负-":
        sign, text = -1.0, text[1:]
    whole, _, frac = text.partition("点")
    if not whole and not frac:
        raise ValueError("no digits")
    if re.fullmatch(r"\d+", whole or "0") and (not frac or re.fullmatch(r"\d+", frac)):
        return sign * float(f"{whole or '0'}.{frac or '0'}")
    total = 0
    current: int | None = None
    for ch in whole:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch] if current is None else current * 10 + _CN_DIGITS[ch]
        elif ch.isdigit():
            current = int(ch) if current is None else current * 10 + int(ch)
        elif ch in _CN_SMALL_UNITS:
            total += (1 if current is None else current) * _CN_SMALL_UNITS[ch]
            current = None
        else:
            raise ValueError(f"not a Chinese numeral: {ch!r}")
    total += current or 0
    digits = ""
    for ch in frac:
        if ch in _CN_DIGITS:
            digits += str(_CN_DIGITS[ch])
        elif ch.isdigit():
            digits += ch
        else:
            raise ValueError(f"not a decimal digit: {ch!r}")
    return sign * float(f"{total}.{digits or '0'}")


def split_value(value: object, unit: str | None = None) -> tuple[float, str]:
    """Read a value (number or text, possibly with its unit inside) into ``(number, unit)``.

    ``unit`` is the separately given unit; when the text carries a unit too, the two must agree.
    Raises ``UnitError`` with a hint when the value cannot be read.
    """
    given = normalize(unit) if unit is not None else ""
    if isinstance(value, bool):
        raise UnitError(f"{value!r} is not a number", "write the value as a number, e.g. 9000")
    if isinstance(value, int | float):
        number = float(value)
        inner = ""
    elif isinstance(value, str):
        number, inner = _split_text(value)
    else:
        raise UnitError(f"{value!r} is not a number", "write the value as a number, e.g. 9000")
    if not math.isfinite(number):
        raise UnitError(f"{value!r} is not a finite number", "NaN and infinities are not values")
    if inner and given and inner != given:
        raise UnitError(
            f"value {value!r} carries unit {inner!r} but unit {given!r} is also given",
            "keep the unit in one place: the value as a plain number, the unit beside it",
        )
    return number, inner or given


#: the characters of a plain number such as -3.8 or 1e5 (its fast path)
PLAIN_NUMBER = frozenset("0123456789+-.eE")


def _split_text(raw: str) -> tuple[float, str]:
    plain = raw.strip()
    if plain and plain.isascii() and PLAIN_NUMBER.issuperset(plain):
        try:  # fast path for a plain number such as "-3.8" (most rows of a CSV)
            return float(plain), ""
        except ValueError:
            pass
    text = normalize(raw)
    lowered = text.lower()
    if _NOT_FINITE.match(lowered):
        raise UnitError(f"{raw!r} is not a finite number", "NaN and infinities are not values")
    for hedge in _HEDGES:
        if lowered.startswith(hedge) and len(text) > len(hedge):
            raise UnitError(
                f"value {raw!r} starts with {hedge!r}",
                "write only the number and put 'about' in comparator: \"~\"",
            )
    if text.startswith("百分之"):
        try:
            return parse_chinese_number(text[3:]), "percent"
        except ValueError:
            raise UnitError(f"cannot read {raw!r} as a percentage", "e.g. 百分之十三点五") from None
    match = _ARABIC.match(text)
    if match:
        number = float(match.group("num").replace(",", ""))
        rest = text[match.end() :].strip()
        if rest.startswith(",") or (rest[:1].isdigit()):
            raise UnitError(
                f"cannot read {raw!r} as a number",
                "use ',' only between groups of three digits and '.' for decimals, e.g. 9,000.5",
            )
    else:
        run = _CN_RUN.match(text)
        if not run or not (set(run.group()) & set(_CN_DIGITS) or run.group().startswith("十")):
            raise UnitError(
                f"cannot read {raw!r} as a number",
                'write a number, optionally with its unit: 9000, "9,000", "600万千瓦", "80%"',
            )
        try:
            number = parse_chinese_number(run.group())
        except ValueError:
            raise UnitError(f"cannot read {raw!r} as a Chinese number", "e.g. 十三点五") from None
        rest = text[run.end() :].strip()
    big = _BIG_MULTIPLIER.match(rest)
    if big:
        number *= _BIG_VALUES[big.group()]
        rest = rest[big.end() :].strip()
    return number, rest


def unit_key(unit: str | None) -> str:
    """The normalised text of a unit, used as the key of conversion factors."""
    text = normalize(unit or "")
    return "dimensionless" if text in ("", "1") else text


# ---------------------------------------------------------------------------- pint layer


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry, built from ``units.txt`` on first use."""
    import pint

    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    ureg.load_definitions(str(DEFINITIONS))
    # the spellings suggested for a mistyped unit, fixed now: pint adds every prefixed unit it
    # parses to the registry, and suggestions must not depend on what was parsed before
    names = [n for n in ureg._units if not n.startswith("_")]
    _SPELLINGS[:] = sorted({*names, *(p + n for p in ureg._prefixes if p for n in names)})
    return ureg


_SPELLINGS: list[str] = []


_FACTORS: dict[tuple[str, str], float | str] = {}
_DIMENSION_NAMES = {
    "[mass] * [length] ** 2 / [time] ** 2": "energy",
    "[mass] * [length] ** 2 / [time] ** 3": "power",
    "[mass]": "mass",
    "[mass] * [carbon_dioxide]": "CO2 mass",
    "[mass] * [carbon_dioxide_equivalent]": "CO2-equivalent mass",
    "[currency]": "money",
    "[count]": "a count",
    "[percentage_point]": "percentage points",
    "dimensionless": "a pure number or percentage",
    "[length] ** 3": "volume",
    "[length] ** 2": "area",
    "[mass] * [length] ** 2 / [time] ** 2 / [currency]": "energy per money",
    "[mass] * [carbon_dioxide] / [currency]": "CO2 mass per money",
    "[carbon_dioxide] * [time] ** 2 / [length] ** 2": "CO2 mass per energy",
}


def _describe(dimensionality: object) -> str:
    text = str(dimensionality)
    return _DIMENSION_NAMES.get(text, text)


def _quantity(unit: str) -> Any:
    """``unit`` as a pint quantity. A leading 万, 亿 or 万亿 scales what follows, as inside a
    value: ``万kW`` is 10^4 kW as ``3万kW`` is 3 x 10^4 kW. (pint's own prefixes read
    ``万千瓦``, but not a prefix before another: ``万kW``, ``万亿千瓦时``.)"""
    import pint

    ureg = registry()
    big = _BIG_MULTIPLIER.match(unit) or _TRILLION.match(unit)
    text = (unit[big.end() :].strip() or "dimensionless") if big else unit
    try:
        parsed = ureg.parse_expression(text)
        return parsed * _BIG_VALUES[big.group()] if big else parsed
    except pint.UndefinedUnitError as exc:
        bad = str(getattr(exc, "unit_names", "") or exc)
        close = difflib.get_close_matches(bad.strip("'\"()"), _SPELLINGS, n=3, cutoff=0.75)
        hint = ("did you mean " + ", ".join(close) + "?") if close else "see `ccnt units list`"
        raise UnitError(f"unknown unit {unit!r}", hint) from None
    except Exception:  # pint raises several syntax errors of its own
        raise UnitError(f"cannot read unit {unit!r}", "write a unit such as MW, tce, %") from None


#: an exponent in a unit: a small literal number (``10**4``, ``m**3``, ``s**-1``)
_EXPONENT = re.compile(r"(?:\*\*|\^)\s*(?P<exp>[+-]?\d{1,2}(?:\.\d+)?)(?![\w.])(?!\s*(?:\*\*|\^))")
_POWER = re.compile(r"\*\*|\^")
_LONG_NUMBER = re.compile(r"\d{16}")


def _check_expression(unit: str) -> None:
    """Refuse unit text whose arithmetic could not finish (``10**10**10``) before pint
    evaluates it: units are short, and their exponents small literal numbers."""
    powers = len(_POWER.findall(unit))
    small = [m for m in _EXPONENT.finditer(unit) if abs(float(m.group("exp"))) <= 12]
    if len(unit) > 100 or powers > 4 or len(small) != powers or _LONG_NUMBER.search(unit):
        raise UnitError(
            f"cannot read unit {unit[:40]!r}",
            "write a unit such as MW, tce or 10**4 CNY, with exponents up to 12",
        )


def _compute_factor(src: str, dst: str) -> float:
    import pint

    _check_expression(src)
    _check_expression(dst)
    q_src, q_dst = _quantity(src), _quantity(dst)
    if not hasattr(q_src, "units"):
        q_src = registry().Quantity(q_src)
    if not hasattr(q_dst, "units"):
        q_dst = registry().Quantity(q_dst)
    try:
        result = float(q_src.to(q_dst.units).magnitude / q_dst.magnitude)
    except pint.DimensionalityError:
        raise UnitError(
            f"cannot convert {src!r} ({_describe(q_src.dimensionality)}) "
            f"to {dst!r} ({_describe(q_dst.dimensionality)})",
            "the two measure different things; check the unit or the indicator",
        ) from None
    except (ArithmeticError, ValueError, TypeError):  # 0 MW, 1e999 MW, ...
        result = math.nan
    if not (math.isfinite(result) and result > 0):  # a unit scales by a positive number
        bad = src if not _positive(q_src) else dst
        raise UnitError(
            f"unit {bad!r} is not a positive, finite amount",
            "a unit may carry a positive factor such as 10**4 CNY; never 0, a sign or infinity",
        )
    return result


def _positive(quantity: Any) -> bool:
    try:
        magnitude = float(quantity.magnitude)
    except (ArithmeticError, ValueError, TypeError):
        return False
    return math.isfinite(magnitude) and magnitude > 0


def factor(src: str | None, dst: str | None) -> float:
    """Multiplier taking a value in ``src`` to ``dst``; computed once per pair, then remembered.

    Raises ``UnitError`` for an unknown unit or an incompatible pair (remembered too).
    """
    known = _FACTORS.get((src, dst)) if src and dst else None  # already keys: the usual case
    if known is None:
        key = (unit_key(src), unit_key(dst))
        known = _FACTORS.get(key)
    if known is None:
        if key == ("dimensionless", "dimensionless"):
            known = 1.0
        else:
            try:  # a pair of equal units is computed too: that checks the unit exists
                known = _compute_factor(*key)
            except UnitError as exc:
                known = f"{exc}\x00{exc.hint or ''}"
        _FACTORS[key] = known
    if isinstance(known, str):
        message, _, hint = known.partition("\x00")
        raise UnitError(message, hint or None)
    return known


def check_unit(unit: str | None) -> None:
    """Raise ``UnitError`` unless ``unit`` is a unit ccnt knows."""
    factor(unit, unit)


def known_factors() -> dict[tuple[str, str], float | str]:
    """Every pair computed so far (for the cache)."""
    return dict(_FACTORS)


def remember_factors(pairs: Mapping[tuple[str, str], float | str]) -> None:
    """Load pairs computed by an earlier run."""
    for key, value in pairs.items():
        _FACTORS.setdefault(key, value)


def format_number(x: float, digits: int = 10) -> str:
    """A number as people write it: no trailing zeros, no exponent for everyday sizes."""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    text = f"{x:.{digits}g}"
    if "e" in text:
        _, exp = text.split("e")
        if -6 <= int(exp) < 16:
            text = f"{x:.{max(0, digits - 1 - int(exp))}f}"
            if "." in text:  # trailing zeros of the fraction only: 18000000000 stays whole
                text = text.rstrip("0").rstrip(".")
    return text


def unit_names() -> list[str]:
    """The unit names the registry knows, for ``ccnt units list``."""
    ureg = registry()
    return sorted(n for n in ureg._units if not n.startswith("_"))
