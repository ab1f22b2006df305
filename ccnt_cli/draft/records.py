"""A draft target: the fields of a target record, and what a reviewer needs to check them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: what each guessed field costs the draft's confidence
_COST = {
    "indicator": 0.35,
    "region": 0.15,
    "target.year": 0.3,
    "baseline.year": 0.1,
    "comparator": 0.05,
    "kind": 0.05,
    "unit": 0.1,
}


@dataclass(slots=True)
class Draft:
    region: str | None
    indicator: str | None
    kind: str
    text: str
    line: int
    comparator: str | None = None
    value: float | None = None
    unit: str | None = None
    target_year: int | None = None
    baseline_year: int | None = None
    policy: str | None = None
    id: str = ""
    new_indicator: bool = False  # the indicator is not in the registry: a proposed id
    #: fields not stated in the sentence (taken from context, a default or a rule)
    guessed: list[str] = field(default_factory=list)
    #: field -> the words it came from
    evidence: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    at: int = -1  # where its figure ends in the sentence (to pair a bracket with it)

    @property
    def confidence(self) -> float:
        c = 1.0 - sum(_COST.get(g, 0.05) for g in self.guessed)
        if self.target_year is None and self.kind != "qualitative":
            c -= 0.2
        return round(max(0.05, min(1.0, c)), 2)

    def guess(self, fld: str, why: str | None = None) -> None:
        if fld not in self.guessed:
            self.guessed.append(fld)
        if why:
            self.evidence.setdefault(fld, why)

    def key(self) -> tuple[object, ...]:
        """What makes two drafts the same target (a document may state one twice)."""
        return (
            self.region,
            self.indicator,
            self.kind,
            self.value,
            self.unit,
            self.target_year,
            self.baseline_year,
        )


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def assign_ids(drafts: Iterable[Draft], taken: Iterable[str]) -> list[tuple[str, str]]:
    """Give each draft an id ``region-indicator-year``; an id already used by the data folder or
    an earlier draft gets a suffix (``-2``, ``-3``). Returns the (id wanted, id given) pairs that
    clashed with the data folder's ids."""
    existing = set(taken)
    used: set[str] = set()
    clashes: list[tuple[str, str]] = []
    for d in drafts:
        year = str(d.target_year) if d.target_year else "undated"
        base = "-".join(slug(p) for p in (d.region or "region", d.indicator or "indicator", year))
        wanted = base
        n = 1
        while wanted in existing or wanted in used:
            n += 1
            wanted = f"{base}-{n}"
        if base in existing:
            clashes.append((base, wanted))
            d.notes.append(f"the id {base} is taken in the data folder; this draft is {wanted}")
        used.add(wanted)
        d.id = wanted
    return clashes
