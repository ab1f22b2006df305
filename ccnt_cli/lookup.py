"""Finding records by what people type: ids, English and Chinese names, aliases, division
codes, in any case; the closest matches when nothing matches; and dates as the data writes them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from .errors import LookupFailed, did_you_mean, suggest
from .models import Dataset, Indicator, Pilot, Policy, Region, Target
from .units import normalize

T = TypeVar("T")


def labels(record: object) -> Iterator[str]:
    """Every name a record is known by: id, English and Chinese name, aliases, division code."""
    yield getattr(record, "id")  # noqa: B009 - every record has one
    for attr in ("name", "name_zh", "code"):
        label = getattr(record, attr, None)
        if label:
            yield label
    yield from getattr(record, "aliases", ())


def close_ids(typed: str, pool: Mapping[str, str], n: int = 3) -> list[str]:
    """Ids whose labels (``pool``: label to id) are close to ``typed``: close spellings first,
    then labels that contain it (``solar`` in ``solar capacity``, ``光伏`` in ``光伏装机容量``),
    shortest first."""
    key = normalize(typed).casefold()
    found = [pool[label] for label in suggest(key, pool)]
    if key:
        found += [pool[label] for label in sorted(pool, key=len) if key in label.casefold()]
    return list(dict.fromkeys(found))[:n]


def _find(what: str, typed: str, store: Mapping[str, T]) -> T:
    """The record that ``typed`` names by any label (case-insensitive), else ``LookupFailed``
    with the closest ids."""
    key = normalize(typed).casefold()
    for record in store.values():
        if any(label.casefold() == key for label in labels(record)):
            return record
    pool = {label: rid for rid, record in store.items() for label in labels(record)}
    raise LookupFailed(what, typed, close_ids(typed, pool))


def find_region(ds: Dataset, typed: str) -> Region:
    """The region named ``typed`` by id, English or Chinese name, alias (山东, 鲁, SD) or
    GB/T 2260 code (370000), case-insensitively."""
    return _find("region", typed, ds.regions)


def find_indicator(ds: Dataset, typed: str) -> Indicator:
    """The indicator named ``typed`` by id, English or Chinese name or alias."""
    return _find("indicator", typed, ds.indicators)


def find_pilot(ds: Dataset, typed: str) -> Pilot:
    return _find("pilot", typed, ds.pilots)


def find_policy(ds: Dataset, typed: str) -> Policy:
    return _find("policy", typed, ds.policies)


def find_target(ds: Dataset, typed: str) -> Target:
    if typed in ds.targets:
        return ds.targets[typed]
    raise LookupFailed("target", typed, suggest(typed, ds.targets))


def known_as(store: Mapping[str, object], key: str) -> str | None:
    """The id of the record that ``key`` names by another label (name, alias, code) or with
    its id in another case: what a data file should have written instead."""
    wanted = normalize(key).casefold()
    for rid, record in store.items():
        if any(label.casefold() == wanted for label in labels(record)):
            return rid
    return None


def unknown_hint(store: Mapping[str, object], key: str, what: str) -> str:
    """How to fix a data file's reference to an unknown record: the id it means when ``key``
    is the record's name, alias, code or id in another case (data files keep ids), else the
    closest ids, else where to define the record."""
    meant = known_as(store, key)
    if meant is not None:
        return f"{key} is `{meant}`; write ids in data files"
    if what == "policy":
        return did_you_mean(key, store) or "define the policy under `policies:` in a target file"
    return did_you_mean(key, store) or f"add it to targets/{what}s.yaml"


def choose(what: str, typed: str, choices: Iterable[str]) -> str:
    """The choice that ``typed`` names (case-insensitive), else ``LookupFailed`` naming the
    closest choices, or all of them when there are few."""
    pool = {c: c for c in choices}
    key = normalize(typed).casefold()
    for c in pool:
        if c.casefold() == key:
            return c
    raise LookupFailed(what, typed, close_ids(typed, pool), list(pool) if len(pool) <= 12 else ())


_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)


def day_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date can mean (full-
    width digits read as digits), or ``None`` if ``text`` is not such a date."""
    m = _DAY.fullmatch(normalize(text))
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    try:
        if day is not None:
            one = dt.date(year, month or 1, day)
            return one, one
        if month is not None:
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # month 13, day 30 of February, ...
        return None
