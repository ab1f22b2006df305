"""Units: reading values as policy text writes them, and converting them."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli import units
from ccnt_cli.errors import UnitError


@pytest.mark.parametrize(
    ("text", "number", "unit"),
    [
        ("9,000", 9000.0, ""),
        ("9,000 MW", 9000.0, "MW"),
        ("600万千瓦", 600.0, "万千瓦"),
        ("８０％", 80.0, "%"),
        ("80%", 80.0, "%"),
        ("百分之十三点五", 13.5, "percent"),
        ("百分之80", 80.0, "percent"),
        ("-13.5", -13.5, ""),
        ("−13.5 %", -13.5, "%"),
        ("1.2亿千瓦时", 1.2, "亿千瓦时"),
        ("1.2万 t", 12000.0, "t"),
        ("3万", 30000.0, ""),
        ("十三", 13.0, ""),
        ("一千五百 MW", 1500.0, "MW"),
        ("1.5e3 MW", 1500.0, "MW"),
        ("3 个百分点", 3.0, "个百分点"),
    ],
)
def test_split_value(text: str, number: float, unit: str) -> None:
    assert units.split_value(text) == (number, unit)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("约3%", "starts with '约'"),
        ("about 3%", "starts with 'about'"),
        ("9,00", "cannot read"),
        ("abc", "cannot read"),
        ("", "cannot read"),
        ("千瓦", "cannot read"),
    ],
)
def test_split_value_refuses(text: str, fragment: str) -> None:
    with pytest.raises(UnitError, match=fragment):
        units.split_value(text)


def test_split_value_refuses_nan_and_infinity() -> None:
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(UnitError, match="not a finite number"):
            units.split_value(bad)
    with pytest.raises(UnitError):
        units.split_value("nan")
    with pytest.raises(UnitError, match="not a number"):
        units.split_value(True)


def test_unit_given_twice_must_agree() -> None:
    assert units.split_value("600万千瓦", "万千瓦") == (600.0, "万千瓦")
    with pytest.raises(UnitError, match="also given"):
        units.split_value("600万千瓦", "MW")


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ("万千瓦", "MW", 10.0),
        ("GW", "MW", 1000.0),
        ("万吨标准煤", "Mtce", 0.01),
        ("亿千瓦时", "TWh", 0.1),
        ("tce", "GJ", 29.3076),
        ("kgce", "MJ", 29.3076),
        ("tce", "toe", 0.7),
        ("吨标准煤/万元", "tce / (10**4 CNY)", 1.0),
        ("kgce / CNY", "tce / (10**4 CNY)", 10.0),
        ("%", "percent", 1.0),
        ("percent", "dimensionless", 0.01),
        ("个百分点", "pp", 1.0),
        ("万吨二氧化碳", "Mt CO2", 0.01),
        ("亿元", "CNY", 1e8),
        ("10**6 count", "count", 1e6),
    ],
)
def test_factor(src: str, dst: str, expected: float) -> None:
    assert units.factor(src, dst) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("src", "dst", "message"),
    [
        ("MW", "tce", "cannot convert 'MW' (power) to 'tce' (energy)"),
        ("t CO2", "tce", "cannot convert 't CO2' (CO2 mass) to 'tce' (energy)"),
        ("t CO2e", "t CO2", "cannot convert"),
        ("%", "pp", "cannot convert '%' (a pure number or percentage) to 'pp' (percentage points)"),
        ("CNY", "count", "cannot convert"),
        ("megawat", "MW", "unknown unit 'megawat'"),
    ],
)
def test_factor_refuses(src: str, dst: str, message: str) -> None:
    with pytest.raises(UnitError) as info:
        units.factor(src, dst)
    assert message in str(info.value)


def test_incompatible_pair_is_remembered_not_recomputed() -> None:
    with pytest.raises(UnitError):
        units.factor("MW", "tce")
    assert isinstance(units.known_factors()[("MW", "tce")], str)
    with pytest.raises(UnitError, match="power"):
        units.factor("MW", "tce")


def test_format_number() -> None:
    assert units.format_number(6000.0) == "6000"
    assert units.format_number(-10.8178) == "-10.8178"
    assert units.format_number(0.1 + 0.2) == "0.3"
    assert units.format_number(1.5e-3) == "0.0015"
    assert units.format_number(0) == "0"
    # whole numbers keep their zeros (forest stock once read 18 for 18,000,000,000 m**3)
    assert units.format_number(18e9) == "18000000000"
    assert units.format_number(2.0676e10) == "20676000000"
    assert units.format_number(-1.5e12) == "-1500000000000"


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: abs(x) > 1e-6))
def test_format_number_reads_back(x: float) -> None:
    """What is shown is the number, to the digits shown (ten significant by default)."""
    assert float(units.format_number(x)) == pytest.approx(x, rel=1e-9)


# ------------------------------------------------------------------------------ properties

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Write 0 <= n < 10000 in Chinese numerals (the test's own writer, not the parser's)."""
    if n == 0:
        return "零"
    out = ""
    zero = False
    for value, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[d] + mark
        elif out:
            zero = True
    return out


@given(st.integers(min_value=0, max_value=9999))
def test_chinese_integers_round_trip(n: int) -> None:
    assert units.parse_chinese_number(chinese_numeral(n)) == n


@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=99))
def test_chinese_decimals_round_trip(whole: int, frac: int) -> None:
    text = chinese_numeral(whole) + "点" + "".join(_DIGITS[int(c)] for c in f"{frac:02d}")
    assert units.parse_chinese_number(text) == pytest.approx(whole + frac / 100)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda x: x != 0))
def test_formatted_numbers_read_back(x: float) -> None:
    number, unit = units.split_value(units.format_number(x, 17))
    assert unit == ""
    assert number == pytest.approx(x, rel=1e-15)


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators(n: int) -> None:
    assert units.split_value(f"{n:,}") == (float(n), "")


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_full_width_forms_read_as_ascii(d: object) -> None:
    ascii_text = f"{d}%"
    full_width = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in ascii_text)
    assert unicodedata.normalize("NFKC", full_width) == ascii_text
    assert units.split_value(full_width) == units.split_value(ascii_text)


@given(st.floats(min_value=0.001, max_value=1e6), st.sampled_from(["万", "亿"]))
def test_chinese_multipliers(x: float, mult: str) -> None:
    scale = {"万": 1e4, "亿": 1e8}[mult]
    number, unit = units.split_value(f"{units.format_number(x, 17)}{mult}千瓦")
    assert number * units.factor(unit, "kW") == pytest.approx(x * scale, rel=1e-12)


@settings(max_examples=50)
@given(
    st.floats(min_value=1e-6, max_value=1e9),
    st.sampled_from(
        [
            ("MW", "万千瓦"),
            ("GW", "kW"),
            ("TWh", "亿千瓦时"),
            ("tce", "万吨标准煤"),
            ("Mtce", "GJ"),
            ("toe", "tce"),
            ("t CO2", "万吨二氧化碳"),
        ]
    ),
)
def test_conversions_round_trip(x: float, pair: tuple[str, str]) -> None:
    src, dst = pair
    there = x * units.factor(src, dst)
    assert there * units.factor(dst, src) == pytest.approx(x, rel=1e-12)


# ------------------------------------------------ a Chinese multiplier written in the unit


@pytest.mark.parametrize(
    ("src", "dst", "expected"),
    [
        ("万kW", "MW", 10.0),
        ("MW", "万kW", 0.1),
        ("GW", "万kW", 100.0),
        ("万 kW", "MW", 10.0),
        ("万ｋＷ", "MW", 10.0),
        ("亿kWh", "TWh", 0.1),
        ("万亿kWh", "TWh", 1000.0),
        ("万亿千瓦时", "TWh", 1000.0),
        ("万t", "t", 1e4),
        ("万t CO2", "Mt CO2", 0.01),
        ("万tce", "Mtce", 0.01),
        ("万kW", "万千瓦", 1.0),
        ("万", "dimensionless", 1e4),
        ("亿元", "万元", 1e4),
        ("kgce / 万元", "tce / (10**4 CNY)", 0.001),
    ],
)
def test_chinese_multiplier_alone_as_unit(src: str, dst: str, expected: float) -> None:
    assert units.factor(src, dst) == pytest.approx(expected, rel=1e-12)
    units.check_unit(src)


def test_chinese_multiplier_unit_refusals_name_the_unit() -> None:
    with pytest.raises(UnitError, match="cannot convert '万kW' \\(power\\) to 'tce' \\(energy\\)"):
        units.factor("万kW", "tce")
    with pytest.raises(UnitError, match="unknown unit '万kWx'"):
        units.factor("万kWx", "MW")


@given(
    st.floats(min_value=0.001, max_value=1e6),
    st.sampled_from(["万", "亿", "万亿"]),
    st.sampled_from(["kW", "MW", "kWh", "t", "tce", "t CO2", "千瓦", "吨标准煤", "元", ""]),
    st.sampled_from(["", " "]),
)
def test_forms_inside_a_value_work_alone_as_units(
    x: float, mult: str, unit: str, space: str
) -> None:
    """``3万kW`` read as a value and ``3`` in unit ``万kW`` are the same quantity."""
    text = units.format_number(x, 17)
    number, inner = units.split_value(f"{text}{mult}{space}{unit}")
    ref = unit or "dimensionless"
    alone = units.factor(f"{mult}{space}{unit}".strip(), ref)
    assert number * units.factor(inner, ref) == pytest.approx(x * alone, rel=1e-12)
