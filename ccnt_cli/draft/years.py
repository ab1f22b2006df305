"""When a target is for, and what it is counted from.

Phrases found in a cleaned sentence, each with its span:

* target years: ``by 2025``, ``by the end of 2025``, ``in 2025``, ``by 2025 and 2030`` (a list,
  paired with a list of values), ``到2025年``, ``2025年底``, ``二〇三〇年前``;
* periods: ``during the 14th Five-Year Plan`` (2021-2025, so baseline 2020 and target 2025),
  ``“十五五”期间``, ``from 2024 to 2025``, ``2024—2025年``;
* baselines: ``compared with 2020``, ``than the 2020 level``, ``比2020年``, ``较2005年``;
  relative ones: ``year-on-year``, ``比上年``, ``同比`` (the year before the target year);
* the document's own year: ``this year``, ``今年``, ``next year``, ``明年`` (from ``--published``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import adapter


@dataclass(slots=True)
class When:
    start: int
    end: int
    kind: str  # "target", "period", "baseline", "previous" (the year before), "annual", "past",
    # "document" (this year, next year: the year is unknown without --published)
    years: list[int] = field(default_factory=list)  # target years, or [baseline] for a baseline
    text: str = ""
    single: bool = False  # a year of its own ("in 2025", "this year"), not a deadline ("by 2025")
    baseline: int | None = None  # the baseline a period implies


_Y = r"(?:19|20)\d\d"
_ZH_Y = r"[〇零一二三四五六七八九]{4}"
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_EN_LIST = rf"{_Y}(?:(?:\s?,\s?|\s(?:and|or)\s|\s?,\s?and\s){_Y})*"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "period",
        re.compile(
            rf"\b(?:from|between)\s(?P<a>{_Y})\s(?:to|and|through|until)\s(?P<b>{_Y})\b"
            rf"|(?P<c>{_Y})\s?(?:-|–|—|~|至|到)\s?(?P<d>{_Y})\s?年?",
            re.IGNORECASE,
        ),
    ),
    (
        "fyp",
        re.compile(
            r"(?:\b(?:during|over|in|under|throughout|by the end of|at the end of|for)\s"
            r"(?:(?:the|its|their|this)\s)?[\"“']?(?P<n>\d{1,2})(?:st|nd|rd|th)\s"
            r"(?:Five[- ]Year[- ]Plan|FYP)[\"”']?(?:\s(?:period|era))?)"
            r"|[\"“”‘’「『](?P<zq>十[一二三四五六七八九]|[三四五六七八九])五[\"“”‘’」』]"
            r"(?P<zqwhen>期间|时期|末|规划期|以来|时期内)?"
            r"|(?P<zh>十[一二三四五六七八九]|[三四五六七八九])五(?P<zhwhen>期间|时期|末|规划期|以来)",
            re.IGNORECASE,
        ),
    ),
    (
        "previous",
        re.compile(
            r"\byear[- ]on[- ]year\b|\b(?:compared (?:with|to)|than|over|from) (?:the )?"
            r"(?:previous|preceding|last|prior) year\b|比上年|较上年|同比|比去年|较去年|比上一年",
            re.IGNORECASE,
        ),
    ),
    (
        "baseline",
        re.compile(
            rf"\b(?:compared (?:with|to)|relative to|versus|vs\.?|than|against)\s"
            rf"(?:(?:the|a|its|their|of)\s)?(?:(?!by\b)[A-Za-z-]+\s){{0,6}}?(?:in\s|of\s)?(?P<y>{_Y})"
            rf"(?:\s(?:levels?|figures?|baseline))?\b"
            rf"|\b(?:from|over|on|above|below)\s(?:the\s)?(?P<w>{_Y})(?:\s(?:levels?|figures?))?\b"
            rf"|(?:比|较|相比|与|相较于|相对于|对比)\s?(?P<zy>{_Y}|{_ZH_Y})\s?年(?:底|末)?(?:相比|水平)?",
            re.IGNORECASE,
        ),
    ),
    (
        "target",
        re.compile(
            rf"\b(?:by|before|until|in|for|through|to|at|as of|by the end of|at the end of|"
            rf"before the end of|by end-?|end-?)\s?(?:the\s)?(?:end of\s)?(?:the\s)?(?:year\s)?"
            rf"(?:{_MONTHS}\s)?(?P<ys>{_EN_LIST})\b"
            rf"|(?P<zys>(?:{_Y}|{_ZH_Y})\s?年(?:(?:和|、|及|与|至|到)\s?(?:{_Y}|{_ZH_Y})\s?年)*)"
            rf"(?P<zsuffix>底|末|前|以前|之前)?",
            re.IGNORECASE,
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(?P<rel>this|next|last) year(?:'s)?\b|(?P<zrel>今年|明年|去年|本年度|当年)"
            r"|\b(?:by|before|until) the end of the (?P<decade>decade)\b",
            re.IGNORECASE,
        ),
    ),
    ("annual", re.compile(r"\b(?:annual|annually|per year|a year|each year)\b|年均|每年")),
)
_BY = re.compile(
    r"^(?:by|before|until|to|through|(?:by |at |before )?the end of|end|截至|到|至)", re.I
)


def _zh_year(text: str) -> int:
    text = text.strip().rstrip("年").strip()
    if text.isdigit():
        return int(text)
    return int("".join(str(int(adapter.parse_chinese_number(ch))) for ch in text))


def _fyp_years(n: int) -> tuple[int, int]:
    """The first and last year of the nth Five-Year Plan (the 3rd began in 1966)."""
    start = 1966 + 5 * (n - 3)
    return start, start + 4


def find(text: str, published: int | None = None) -> list[When]:
    """The time phrases of a cleaned sentence, in order, without overlaps (the first pattern
    listed wins where two overlap)."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            when = _read(kind, m, published)
            if when is not None:
                found.append(when)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda w: w.start)
    return found


def _read(kind: str, m: re.Match[str], published: int | None) -> When | None:
    s, e, t = m.start(), m.end(), m.group()
    if kind == "period":
        a = m.group("a") or m.group("c")
        b = m.group("b") or m.group("d")
        first, last = int(a), int(b)
        if last <= first:
            return None
        return When(s, e, "period", [last], t, baseline=first - 1)
    if kind == "fyp":
        zh = m.group("zq") or m.group("zh")
        n = int(m.group("n")) if m.group("n") else int(adapter.parse_chinese_number(zh))
        if n < 3:
            return None
        first, last = _fyp_years(n)
        return When(s, e, "period", [last], t, baseline=first - 1)
    if kind == "previous":
        return When(s, e, "previous", [], t)
    if kind == "baseline":
        year = m.group("y") or m.group("w") or m.group("zy")
        return When(s, e, "baseline", [_zh_year(year)], t)
    if kind == "target":
        if m.group("ys"):
            years = [int(y) for y in re.findall(_Y, m.group("ys"))]
            single = not _BY.match(t)
        else:
            years = [_zh_year(y) for y in re.findall(rf"(?:{_Y}|{_ZH_Y})\s?年", m.group("zys"))]
            before = m.string[max(0, s - 2) : s]
            single = not (m.group("zsuffix") or re.search(r"(?:到|至|截至)$", before))
        return When(s, e, "target", years, t, single=single)
    if kind == "document" and m.group("decade"):
        if published is None:
            return When(s, e, "document", [], t)
        return When(s, e, "target", [(published // 10 + 1) * 10], t)  # 2026: 2030
    if kind == "document":
        rel = (m.group("rel") or "").lower() or {
            "今年": "this",
            "本年度": "this",
            "当年": "this",
            "明年": "next",
            "去年": "last",
        }[m.group("zrel")]
        if rel == "last":
            return When(s, e, "past", [], t)
        if published is None:
            return When(s, e, "document", [], t, single=True)
        year = published + {"this": 0, "next": 1, "last": -1}[rel]
        return When(s, e, "target", [year], t, single=True)
    return When(s, e, "annual", [], t)
