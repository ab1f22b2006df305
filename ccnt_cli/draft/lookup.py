"""Finding the indicator a figure is about.

Indicators are scored against the words around a figure: each indicator's English name, aliases
and id, or its Chinese name and aliases, are words (English: lower case, plurals and a few
spellings folded, ``photovoltaic`` read as ``pv``, ``carbon dioxide`` as ``co2``) or character
pairs (Chinese). A word counts in full if it is in the figure's own clause, half if elsewhere in
the sentence, a quarter if only in the heading or lead-in above; rare words count more than common
ones (inverse document frequency over the registry); words of the name found nowhere count
against it. The best score wins if it is high enough; otherwise a new indicator id is proposed.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .numbers import compatible, family_of
from .text import has_cjk

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.schema import Indicator

#: share of an indicator's name a clause must hold to be read without the rest of the sentence
CLAUSE_ALONE = 0.75
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"carbon dioxide|co₂", "co2"),
    (r"gross domestic product|regional gdp", "gdp"),
    (r"power usage effectiveness", "pue"),
    (r"virtual power plants?'?", "vpp"),
    (r"new energy vehicles?|nevs?\b", "nev"),
    (r"electric vehicles?|\bevs?\b", "ev"),
    (r"solar photovoltaics?|photovoltaics?|solar pv|solar power|solar", "pv"),
    (r"non-fossil", "nonfossil"),
    (r"fully electrified|all-electric", "allelectric"),
    (r"greenhouse gas(?:es)?|ghg", "ghg"),
    (r"power generation capacity|generation capacity", "power capacity"),
    (r"kilowatt[- ]hours?|kwh", "kwh"),
    (r"crop straw", "straw"),
    (r"newly built|newly constructed|new-built", "new"),
    (r"above designated size|above a designated size", "designated"),
)
#: every phrase in one pattern, one group each, in the order above (the first that matches wins)
_PHRASE_ONE = re.compile("|".join(f"({p})" for p, _ in _PHRASES), re.IGNORECASE)
_SYNONYMS = {
    "utilization": "utilisation", "utilized": "utilisation", "utilised": "utilisation",
    "utilisation": "utilisation", "fertilizer": "fertiliser", "aluminum": "aluminium",
    "center": "centre", "proportion": "share", "percentage": "share", "ratio": "share",
    "ton": "tonne", "tons": "tonne", "tonnes": "tonne", "domestic": "household",
    "carbon": "co2", "installed": "install", "installation": "install", "capacities": "capacity",
    "electricity": "power", "electric": "power", "intensities": "intensity",
    "reductions": "cut", "reduction": "cut", "reduce": "cut", "reduced": "cut", "cuts": "cut",
    "saved": "cut", "saving": "cut", "savings": "cut", "save": "cut", "electrolysis": "electrolytic",
    "mw": "capacity", "gw": "capacity", "use": "utilisation", "used": "utilisation",
    "cover": "coverage", "covers": "coverage", "covering": "coverage", "controlling": "control",
}  # fmt: skip
_STOP = frozenset([
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "and", "or", "with", "as",
    "its", "their", "that", "which", "will", "be", "is", "are", "should", "shall", "than",
    "from", "per", "into", "this", "these", "those", "it", "they", "them", "been", "being",
    "has", "have", "had", "such", "also", "more", "over", "least", "about", "around",
    "approximately", "nearly", "each", "all", "any", "other", "others", "total", "respectively",
    "while", "reach", "reaches", "reaching", "achieve", "achieved", "further", "significantly",
    "year", "years", "end", "new", "put", "rated",
])  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")
_ZH_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("国内生产总值", "GDP"), ("地区生产总值", "GDP"), ("生产总值", "GDP"), ("万元GDP", "GDP"),
    ("能源消耗", "能耗"), ("二氧化碳", "碳"), ("所占比重", "比重"), ("占比", "比重"),
    ("比例", "比重"), ("太阳能发电", "光伏"), ("光伏发电", "光伏"), ("风力发电", "风电"),
    ("装机规模", "装机容量"), ("装机量", "装机容量"), ("利用效率", "利用率"),
)  # fmt: skip
_PUNCT = re.compile(r"[\s\W_]+")


@functools.lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """The words of English text as the index reads them."""
    text = text.lower().replace("-", " - ")
    text = _PHRASE_ONE.sub(_phrase, text)
    out = set()
    for w in _WORD.findall(text):
        w = _SYNONYMS.get(w, w)
        if w in _STOP or w.isdigit():
            continue
        out.add(_stem(w))
    return frozenset(out)


def _phrase(m: re.Match[str]) -> str:
    index = next(i for i, v in enumerate(m.groups()) if v is not None)
    return f" {_PHRASES[index][1]} "


def _stem(w: str) -> str:
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if (len(w) > 6 and w.endswith("ed")) or (len(w) > 6 and w.endswith("ly")):
        w = w[:-2]
    if len(w) > 5 and w.endswith("e"):
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=4096)
def pairs(text: str) -> frozenset[str]:
    """The character pairs of Chinese text as the index reads them."""
    for a, b in _ZH_SYNONYMS:
        text = text.replace(a, b)
    text = _PUNCT.sub("", text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _core_and_extra(name: str) -> tuple[str, str]:
    extra = " ".join(re.findall(r"\(([^)]*)\)", name))
    return re.sub(r"\([^)]*\)", " ", name), extra


@dataclass(slots=True)
class _Doc:
    core: frozenset[str]
    extra: frozenset[str]
    #: filled once the weights of words are known: (word, weight) of the core and extra words,
    #: their total, and the two rarest core words
    weighted: tuple[tuple[str, float], ...] = ()
    extra_weighted: tuple[tuple[str, float], ...] = ()
    total: float = 0.0
    rarest: tuple[str, ...] = ()

    def weigh(self, idf: dict[str, float]) -> None:
        self.weighted = tuple((t, idf.get(t, 1.0)) for t in sorted(self.core))
        self.extra_weighted = tuple((t, idf.get(t, 1.0)) for t in sorted(self.extra))
        self.total = sum(w for _, w in self.weighted)
        self.rarest = tuple(t for t, _ in sorted(self.weighted, key=lambda x: (-x[1], x[0]))[:2])


@dataclass(slots=True)
class Match:
    indicator: str
    score: float
    coverage: float  # share of the name's weight found
    words: str  # the name or alias that matched
    hits: frozenset[str] = frozenset()  # its words found in the clause
    alone: float = 0.0  # the score with the clause alone
    alone_coverage: float = 0.0  # share of the name's weight found in the clause


class IndicatorIndex:
    """The registry's indicators, ready to be scored against text."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.info: dict[str, Indicator] = {}
        self.en: dict[str, list[tuple[_Doc, str]]] = {}
        self.zh: dict[str, list[tuple[_Doc, str]]] = {}
        for ind in indicators:
            self.info[ind.id] = ind
            en_names = [ind.name, *(a for a in ind.aliases if not has_cjk(a))]
            en_names.append(ind.id.replace("-", " "))
            zh_names = [n for n in (ind.name_zh, *ind.aliases) if n and has_cjk(n)]
            for name in en_names:
                core, extra = _core_and_extra(name)
                doc = _Doc(frozenset(words(core)), frozenset(words(extra) - words(core)))
                if doc.core:
                    self.en.setdefault(ind.id, []).append((doc, name))
            for name in zh_names:
                core, extra = _core_and_extra(name.replace("（", "(").replace("）", ")"))
                zdoc = _Doc(frozenset(pairs(core)), frozenset(pairs(extra) - pairs(core)))
                if zdoc.core:
                    self.zh.setdefault(ind.id, []).append((zdoc, name))
        self.idf_en = self._idf(self.en)
        self.idf_zh = self._idf(self.zh)
        self.by_word_en = self._inverted(self.en)
        self.by_word_zh = self._inverted(self.zh)
        for docs, idf in ((self.en, self.idf_en), (self.zh, self.idf_zh)):
            for entries in docs.values():
                for doc, _ in entries:
                    doc.weigh(idf)
        set_suffix_vocabulary(n for entries in self.zh.values() for _, n in entries)

    @staticmethod
    def _score(
        ind_id: str,
        doc: _Doc,
        name: str,
        weights: dict[str, float],
        clause: set[str],
    ) -> Match:
        """Two readings of a name against the text. Alone: only the clause counts, words of the
        name not in it count against it. Helped: words elsewhere in the sentence count half, in
        the heading or lead-in a quarter; words found nowhere count against it."""
        found = alone = helped = in_clause = 0.0
        for t, w in doc.weighted:
            seen = weights.get(t, 0.0)
            found += w * seen
            if t in clause:
                alone += w
                in_clause += w
            else:
                alone -= 0.6 * w
            helped += w * seen if seen else -0.6 * w
        total = doc.total
        extra = 0.5 * sum(w for t, w in doc.extra_weighted if t in clause)
        hits = frozenset((doc.core | doc.extra) & clause)
        # in a Chinese name the rarest pairs of characters say what it is (秸秆 in 秸秆综合利用率):
        # without either of the two rarest the match is only of common words (工业固体废物综合利用率)
        rarest = doc.rarest
        if rarest and rarest[0][:1] >= "\u4e00" and not any(t in weights for t in rarest):
            found = min(found, 0.49 * total)
        return Match(
            ind_id,
            helped + extra,
            found / total if total else 0.0,
            name,
            hits,
            alone=alone + extra,
            alone_coverage=in_clause / total if total else 0.0,
        )

    @staticmethod
    def same_words(m: Match, better: Match) -> bool:
        """``m`` was found only by words that already found ``better``."""
        return m.hits <= better.hits

    @staticmethod
    def _inverted(docs: dict[str, list[tuple[_Doc, str]]]) -> dict[str, set[str]]:
        """Which indicators a word of a name (core) belongs to."""
        out: dict[str, set[str]] = {}
        for ind_id, entries in docs.items():
            for doc, _ in entries:
                for t in doc.core:
                    out.setdefault(t, set()).add(ind_id)
        return out

    @staticmethod
    def _idf(docs: dict[str, list[tuple[_Doc, str]]]) -> dict[str, float]:
        df: Counter[str] = Counter()
        for entries in docs.values():
            df.update(set().union(*(d.core | d.extra for d, _ in entries)))
        n = max(1, len(docs))
        return {t: math.log(1 + n / c) for t, c in df.items()}

    def best(
        self,
        views: Sequence[tuple[str, float]],
        family: str | None,
        *,
        change: bool = False,
        ignore: frozenset[str] = frozenset(),
    ) -> list[Match]:
        """Indicators scored against ``views`` ((text, weight): the clause at 1, the sentence at
        0.5, the context at 0.25), best first; only those whose unit suits a figure of
        ``family`` (any unit for a relative ``change``)."""
        chinese = any(has_cjk(t) for t, w in views if w >= 1)
        docs, split, by_word = (
            (self.zh, pairs, self.by_word_zh) if chinese else (self.en, words, self.by_word_en)
        )
        weights: dict[str, float] = {}
        clause: set[str] = set()
        for text, weight in views:
            toks = split(text) - ignore
            if weight >= 1:
                clause |= toks
            for t in toks:
                weights[t] = max(weights.get(t, 0.0), weight)
        out: list[Match] = []
        candidates = sorted({i for t in clause for i in by_word.get(t, ())})
        for ind_id in candidates:
            entries = docs[ind_id]
            ind = self.info[ind_id]
            if family is not None and not change and not compatible(family, family_of(ind.unit)):
                continue
            for doc, name in entries:
                if not doc.core & clause:
                    continue
                out.append(self._score(ind_id, doc, name, weights, clause))
        # a clause that names an indicator well on its own is read alone ("the utilization rate
        # of straw", not the manure of the clause before); otherwise the sentence helps
        top = max(out, key=lambda m: m.alone, default=None)
        if top is not None and top.alone_coverage >= CLAUSE_ALONE:
            out.sort(key=lambda m: (-m.alone, m.indicator))
        else:
            out.sort(key=lambda m: (-m.score, -m.coverage, m.indicator))
        seen: set[str] = set()
        unique = []
        for m in out:
            if m.indicator not in seen:
                seen.add(m.indicator)
                unique.append(m)
        return unique


def propose_id(subject: str) -> str:
    """A new indicator id from the words that name it ("rate of harmless disposal of sludge"
    -> ``harmless-disposal-sludge-rate``); Chinese words get ``new-`` and a short hash."""
    if has_cjk(subject):
        core = _PUNCT.sub("", subject)
        return "new-" + hashlib.blake2b(core.encode(), digest_size=3).hexdigest()
    kept = [
        w for w in re.findall(r"[a-z0-9]+", subject.lower()) if w not in _STOP and not w.isdigit()
    ]
    kept = [w for w in kept if w not in _VERBS]
    return "-".join(kept[:6]) or "new-indicator"


_VERBS = frozenset([
    "will", "be", "reach", "reached", "increase", "decrease", "reduce", "reduced", "cut",
    "raise", "rise", "grow", "improve", "build", "built", "add", "added", "achieve", "keep",
    "maintain", "stabilize", "stabilise", "exceed", "account", "accounts", "percent", "least",
    "most", "less", "no", "not", "than", "below", "above", "under", "within", "up", "down",
    "more", "over", "about", "around", "by", "should", "must", "shall", "aims", "aim", "strive",
    "striving", "target", "targets", "targeting", "expected", "plan", "plans", "proposes",
    "specifies", "requires", "ensure", "there", "city", "province", "district", "region",
    "whole",
])  # fmt: skip


_SUFFIXES: list[str] = []


def set_suffix_vocabulary(names: Iterable[str]) -> None:
    """The Chinese indicator names ``shared_suffix`` reads."""
    _SUFFIXES[:] = [n for n in names if n]


def shared_suffix(text: str) -> str:
    """The longest end of ``text`` found in at least two Chinese indicator names."""
    for i in range(len(text)):
        tail = text[i:]
        if len(tail) >= 2 and sum(tail in n for n in _SUFFIXES) >= 2:
            return tail
    return ""
