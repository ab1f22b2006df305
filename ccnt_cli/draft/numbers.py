"""Quantities in a sentence: ``9,000 MW``, ``2.5 million tons of standard coal``, ``80%``,
``900万千瓦``, ``百分之十三点五``, ``at least five charging pile demonstration communities``.

Each quantity gets a unit that ccnt's unit parser reads (``MW``, ``万千瓦``, ``Mtce``, ``%``,
``count``) and a *family* (power, energy, CO2 mass, ratio, count, ...): which indicators it can
belong to. Families are read from a table of the units policy text writes, so drafting needs no
unit maths; ``tests/test_draft_units.py`` holds the table to ccnt's unit registry.

Numbers that are not quantities are left out: years, ordinals (14th), ratings (2-star),
multiples (3 times), durations (2 hours), document numbers (〔2022〕7号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import adapter

# ------------------------------------------------------------------------------ unit table

#: (pattern, unit as ccnt writes it, family); English patterns are tried in this order
_EN_UNITS: tuple[tuple[str, str, str], ...] = (
    (r"TWh|terawatt[- ]hours?", "TWh", "energy"),
    (r"GWh|gigawatt[- ]hours?", "GWh", "energy"),
    (r"MWh|megawatt[- ]hours?", "MWh", "energy"),
    (r"kWh|kilowatt[- ]hours?", "kWh", "energy"),
    (r"GW|gigawatts?", "GW", "power"),
    (r"MW|megawatts?", "MW", "power"),
    (r"kW|kilowatts?", "kW", "power"),
    (r"Mtce", "Mtce", "energy"),
    (
        r"(?:metric )?(?:tons?|tonnes?) (?:of )?(?:standard coal(?: equivalent)?|coal equivalent|"
        r"SCE|sce)|tce",
        "tce",
        "energy",
    ),
    (r"(?:metric )?(?:tons?|tonnes?) (?:of )?oil equivalent|toe", "toe", "energy"),
    (
        r"(?:metric )?(?:tons?|tonnes?) (?:of )?(?:CO2|carbon dioxide) ?(?:e|eq|equivalent)\b|tCO2e",
        "t CO2e",
        "co2e",
    ),
    (r"(?:metric )?(?:tons?|tonnes?) (?:of )?(?:CO2|carbon dioxide)|tCO2", "t CO2", "co2"),
    (r"(?:metric )?(?:tons?|tonnes?)\b", "t", "mass"),
    (r"percentage points?|pp\b", "percentage_point", "pp"),
    (r"%|percent\b|per cent\b|pct\b", "%", "ratio"),
    (r"(?:yuan|RMB|CNY)\b", "CNY", "money"),
    (r"cubic met(?:er|re)s?|m3\b", "m**3", "volume"),
    (r"hectares?|ha\b", "ha", "area"),
    (r"hours?\b|hrs?\b", "h", "time"),
    (r"(?:days?|years?|months?|minutes?)\b", "", "time"),
    (r"times\b|-fold\b|fold\b", "", "multiple"),
    (r"(?:km|kilomet(?:er|re)s?)\b", "km", "length"),
)
#: Chinese units after an optional 万/亿: (text, unit, family); pint knows 万/亿 prefixes
_ZH_UNITS: tuple[tuple[str, str, str], ...] = (
    ("千瓦时", "千瓦时", "energy"),
    ("度", "千瓦时", "energy"),
    ("千瓦", "千瓦", "power"),
    ("兆瓦", "MW", "power"),
    ("吉瓦", "GW", "power"),
    ("吨标准煤", "吨标准煤", "energy"),
    ("吨标煤", "吨标准煤", "energy"),
    ("吨二氧化碳当量", "吨二氧化碳当量", "co2e"),
    ("吨二氧化碳", "吨二氧化碳", "co2"),
    ("吨", "吨", "mass"),
    ("立方米", "立方米", "volume"),
    ("公顷", "公顷", "area"),
    ("亩", "亩", "area"),
    ("元", "元", "money"),
    ("个百分点", "个百分点", "pp"),
    ("百分点", "个百分点", "pp"),
    ("公里", "km", "length"),
    ("千米", "km", "length"),
    ("小时", "h", "time"),
    ("倍", "", "multiple"),
)
#: counting words (measure words) of Chinese: the quantity is a count
_ZH_COUNTERS = "个辆座项台家处户套条所根批艘只栋部"
_ZH_MULTIPLIERS = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8}
_EN_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: an English multiplier folded into the unit: 2.5 million tons -> 2.5 Mt
_PREFIXED = {"t": "t", "tce": "tce", "t CO2": "t CO2", "t CO2e": "t CO2e", "toe": "toe"}
_PREFIX = {1e3: "k", 1e6: "M", 1e9: "G"}
_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "fifty": 50, "hundred": 100,
}  # fmt: skip

#: unit families by base unit (what is left of a canonical unit without a prefix)
_FAMILY_OF_BASE = {
    "W": "power", "kW": "power", "MW": "power", "GW": "power", "千瓦": "power", "瓦": "power",
    "Wh": "energy", "kWh": "energy", "MWh": "energy", "GWh": "energy", "TWh": "energy",
    "千瓦时": "energy", "tce": "energy", "Mtce": "energy", "toe": "energy", "J": "energy",
    "GJ": "energy", "吨标准煤": "energy", "t": "mass", "Mt": "mass", "kg": "mass", "吨": "mass",
    "t CO2": "co2", "Mt CO2": "co2", "tCO2": "co2", "吨二氧化碳": "co2", "t CO2e": "co2e",
    "Mt CO2e": "co2e", "吨二氧化碳当量": "co2e", "percent": "ratio", "%": "ratio",
    "dimensionless": "pure", "": "pure", "count": "count", "CNY": "money", "元": "money",
    "m**3": "volume", "立方米": "volume", "bcm": "volume", "ha": "area", "mu": "area", "公顷": "area",
    "亩": "area", "percentage_point": "pp", "个百分点": "pp", "pp": "pp", "km": "length",
    "h": "time", "hour": "time", "hr": "time",
}  # fmt: skip


def family_of(unit: str | None) -> str:
    """The family of a unit ccnt writes (an indicator's canonical unit, a draft's unit):
    ``power``, ``energy``, ``mass``, ``co2``, ``ratio``, ``pure``, ``count``, ``money``,
    ... A quotient (``tce / (10**4 CNY)``) is a family of its own, named by its text."""
    text = adapter.normalize(unit or "")
    if "/" in text:
        return "per:" + text.replace(" ", "")
    if text in _FAMILY_OF_BASE:
        return _FAMILY_OF_BASE[text]
    for prefix in ("万", "亿", "k", "M", "G", "T"):
        if text.startswith(prefix) and text[len(prefix) :] in _FAMILY_OF_BASE:
            return _FAMILY_OF_BASE[text[len(prefix) :]]
    return "other:" + text


def compatible(quantity_family: str, indicator_family: str) -> bool:
    """Whether a quantity of one family can be a value of an indicator of the other."""
    if quantity_family == indicator_family:
        return True
    loose = {"ratio", "pure"}
    if quantity_family in loose and indicator_family in loose:
        return True
    return quantity_family == "bare" and indicator_family in ("pure", "count")


# ------------------------------------------------------------------------------ quantities


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str  # as ccnt writes it ("" for a bare number)
    family: str  # see ``family_of``; "bare" for a number with no unit
    text: str  # as written
    upper: float | None = None  # the upper end of a range ("7-10%")
    integer: bool = False
    word: bool = False  # written in words ("five")
    base: int | None = None  # "six times the 2020 level": a change counted from this year


_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
_EN_UNIT_RE = re.compile(
    r"\s?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _, _) in enumerate(_EN_UNITS)) + ")"
)
_ZH_UNIT_RE = re.compile(
    r"(?P<mult>万亿|千万|百万|万|亿)?(?:(?P<unit>"
    + "|".join(re.escape(t) for t, _, _ in _ZH_UNITS)
    + f")|(?P<counter>[{_ZH_COUNTERS}]))?"
)
_QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9_.\-/])(?<!\d,)(?P<pct>百分之(?:{_CN_NUM}|{_NUM}))"
    rf"|(?<![A-Za-z0-9_./])(?<!\d,)(?P<num>{_NUM})(?:\s?(?:%|percent|per cent)?\s?(?:-|–|—|~|to|至|到)\s?"
    rf"(?P<hi>{_NUM}))?"
    rf"|(?P<cn>{_CN_NUM})(?=万亿|千万|百万|万|亿|个百分点|%|[{_ZH_COUNTERS}]|千瓦|吨|元|立方米|公顷|亩)"
    r"|\b(?P<word>" + "|".join(_WORDS) + r")\b(?=\s+(?!of\b|the\b|to\b|and\b|or\b)[a-z])"
    r"|\b(?P<frac>(?:a|one)\s(?:quarter|third|fifth|tenth)|half)(?=\s+of\b)",
    re.IGNORECASE,
)
#: "a quarter of" total energy use is 25%
_FRACTIONS = {"quarter": 25.0, "third": 100 / 3, "fifth": 20.0, "tenth": 10.0, "half": 50.0}
#: "six times the 2020 levels": a change from that year (x6 is +500%)
_TIMES_BASE = re.compile(
    r"\s?(?:as\s(?:high|large|much)\sas\s)?(?:that\sof\s|those\sof\s|of\s)?(?:the\s)?"
    r"(?P<year>(?:19|20)\d\d)(?:\s(?:levels?|figures?))?\b",
    re.IGNORECASE,
)
#: a figure that is where a change started, not a target: "up from 21% last year"
_FROM_BEFORE = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell|increased|decreased|compared)\s(?:from|with)\s?$", re.I
)
_EN_MULT_RE = re.compile(r"\s?(thousand|million|billion|trillion)\b", re.IGNORECASE)
_SKIP_AFTER = re.compile(
    r"^(?:st|nd|rd|th)\b|^-?star|^-[A-Za-z]|^\s?星|^\s?\+\s?[A-Za-z]|^[号期批次届]|^\s?(?:am|pm)\b",
    re.IGNORECASE,
)
_SKIP_BEFORE = re.compile(r"(?:第|No\.\s?|Phase\s|Article\s|〔|\[)$", re.IGNORECASE)
_YEAR_NUMBER = re.compile(r"^(?:19|20)\d\d$")


def find(text: str) -> list[Quantity]:
    """The quantities of a cleaned sentence, in order."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
        q = _read(text, m)
        if q is not None and q.family != "multiple" and (q.unit or q.family != "time"):
            out.append(q)
    return out


def _read(text: str, m: re.Match[str]) -> Quantity | None:
    start, end = m.start(), m.end()
    if _SKIP_BEFORE.search(text[max(0, start - 8) : start]):
        return None
    if _FROM_BEFORE.search(text[max(0, start - 20) : start]):
        return None
    if m.group("frac"):
        share = _FRACTIONS[m.group("frac").split()[-1].lower()]
        return Quantity(start, end, share, "%", "ratio", m.group())
    if m.group("pct"):
        number = adapter.parse_chinese_number(m.group("pct")[3:])
        return Quantity(start, end, number, "%", "ratio", m.group(), integer=number.is_integer())
    upper = None
    if m.group("num"):
        raw = m.group("num")
        value = float(raw.replace(",", ""))
        if m.group("hi"):
            upper = float(m.group("hi").replace(",", ""))
            if _YEAR_NUMBER.match(raw) and _YEAR_NUMBER.match(m.group("hi")):
                return None  # years: "2024-2027"
            if upper <= value:  # not a range: "2024-2027", "5-10" read backwards
                return None
        elif _YEAR_NUMBER.match(raw) and not _unit_follows(text, end):
            return None  # a year
    elif m.group("cn"):
        try:
            value = adapter.parse_chinese_number(m.group("cn"))
        except ValueError:
            return None
    else:
        value = float(_WORDS[m.group("word").lower()])
    rest = text[end:]
    word = bool(m.group("word"))
    if _SKIP_AFTER.match(rest):
        return None
    integer = value.is_integer() and "." not in m.group()
    if m.group("cn") or adapter.has_cjk(rest[:1]):
        q = _chinese_unit(text, start, end, value, upper, integer)
    else:
        q = _english_unit(text, start, end, value, upper, integer)
    if q is not None:
        q.word = word
    return q


def _unit_follows(text: str, end: int) -> bool:
    rest = text[end : end + 24]
    if rest.startswith(("年", "s", "'s")):
        return False
    m = _EN_UNIT_RE.match(rest)
    if m and m.group().strip():
        return True
    z = _ZH_UNIT_RE.match(rest)
    return bool(z and (z.group("unit") or z.group("counter")))


def _chinese_unit(
    text: str, start: int, end: int, value: float, upper: float | None, integer: bool
) -> Quantity | None:
    if text[end : end + 1] == "%":
        return Quantity(start, end + 1, value, "%", "ratio", text[start : end + 1], upper, integer)
    m = _ZH_UNIT_RE.match(text, end)
    assert m is not None  # every group is optional
    mult = m.group("mult") or ""
    stop = m.end()
    written = text[start:stop]
    if m.group("unit"):
        unit, family = next((u, f) for t, u, f in _ZH_UNITS if t == m.group("unit"))
        if not unit:
            return Quantity(start, stop, value, "", family, written)
        if mult in ("万", "亿") and family != "pp" and adapter.has_cjk(unit):
            return Quantity(start, stop, value, mult + unit, family, written, upper, integer)
        factor = _ZH_MULTIPLIERS.get(mult, 1.0)
        return _scaled(start, stop, value, factor, unit, family, written, upper)
    if m.group("counter") or mult:
        factor = _ZH_MULTIPLIERS.get(mult, 1.0)
        return _scaled(start, stop, value, factor, "count", "count", written, upper)
    after = text[end : end + 1]
    if after and adapter.has_cjk(after) and after not in "以左及和、至到":
        return None  # a number followed by a word that is not a unit: not a quantity
    return Quantity(start, end, value, "", "bare", text[start:end], upper, integer)


def _scaled(
    start: int,
    stop: int,
    value: float,
    factor: float,
    unit: str,
    family: str,
    written: str,
    upper: float | None,
) -> Quantity:
    v = value * factor
    u = upper * factor if upper is not None else None
    return Quantity(start, stop, v, unit, family, written, u, v.is_integer())


def _english_unit(
    text: str, start: int, end: int, value: float, upper: float | None, integer: bool
) -> Quantity | None:
    factor = 1.0
    stop = end
    mult = _EN_MULT_RE.match(text, stop)
    if mult:
        factor = _EN_MULTIPLIERS[mult.group(1).lower()]
        stop = mult.end()
    m = _EN_UNIT_RE.match(text, stop)
    if m and m.group().strip():
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        _, unit, family = _EN_UNITS[index]
        stop = m.end()
        written = text[start:stop]
        if family == "multiple":
            base = _TIMES_BASE.match(text, stop)
            if base:
                times = value * factor
                q = Quantity(start, stop, (times - 1) * 100, "%", "ratio", written)
                q.base = int(base.group("year"))
                return q
            return Quantity(start, stop, value, "", family, written)
        if family == "time" and not unit:
            return Quantity(start, stop, value, "", family, written)
        unit, family = _co2_if_said(text, start, stop, unit, family)
        if factor != 1.0 and unit in _PREFIXED and factor in _PREFIX:
            prefixed = _PREFIX[factor] + _PREFIXED[unit]
            return Quantity(start, stop, value, prefixed, family, written, upper, integer)
        return _scaled(start, stop, value, factor, unit, family, written, upper)
    written = text[start:stop]
    nxt = text[stop : stop + 2]
    if nxt[:1] == " " and nxt[1:2].isalpha():  # "70 national standards", "6 of them"
        return _scaled(start, stop, value, factor, "count", "count", written, upper)
    if factor != 1.0:
        return _scaled(start, stop, value, factor, "count", "count", written, upper)
    return Quantity(start, stop, value, "", "bare", written, upper, integer)


_CO2_WORDS = re.compile(r"CO2|carbon dioxide|carbon emission|二氧化碳|碳排放", re.IGNORECASE)


def _co2_if_said(text: str, start: int, stop: int, unit: str, family: str) -> tuple[str, str]:
    """Tonnes in a sentence about CO2 are tonnes of CO2 ("CO2 emissions by 6.5 million tons")."""
    if family != "mass":
        return unit, family
    before = text[max(0, start - 60) : start]
    after = text[stop : stop + 20]
    if _CO2_WORDS.search(before) or _CO2_WORDS.match(after.strip()):
        return "t CO2", "co2"
    return unit, family
