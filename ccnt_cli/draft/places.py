"""Finding the regions named in a sentence: by name, Chinese name or alias, the longest first
(so ``Chifeng Hi-tech Industrial Development Zone`` is the park, not the city)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .adapter import Registry
from .text import has_cjk


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    region: str
    words: str


class RegionFinder:
    """Regions named in text, by name, Chinese name or alias (longest first)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        en: dict[str, str] = {}
        zh: dict[str, str] = {}
        for r in registry.regions.values():
            for label in (r.name, r.name_zh, *r.aliases):
                if not label:
                    continue
                if has_cjk(label):
                    # a one-character abbreviation (新 for Xinjiang, 鲁 for Shandong) is a
                    # common word in running text (新建, 新能源): only longer names count
                    if len(label) >= 2:
                        zh.setdefault(label, r.id)
                elif len(label) >= 3 and label not in ("National",):
                    en.setdefault(label, r.id)
        self._labels = {**en, **zh}
        en_alt = "|".join(re.escape(x) for x in sorted(en, key=len, reverse=True))
        zh_alt = "|".join(re.escape(x) for x in sorted(zh, key=len, reverse=True))
        parts = []
        if en_alt:
            parts.append(rf"(?<![A-Za-z])(?:{en_alt})(?![A-Za-z])")
        if zh_alt:
            parts.append(rf"(?:{zh_alt})")
        self._re = re.compile("|".join(parts)) if parts else None

    def find(self, text: str) -> list[Mention]:
        if self._re is None:
            return []
        return [
            Mention(m.start(), m.end(), self._labels[m.group()], m.group())
            for m in self._re.finditer(text)
        ]

    def level(self, region: str) -> str:
        info = self.registry.regions.get(region)
        return info.level if info else ""
