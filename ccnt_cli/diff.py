"""What changed between two versions of a data folder.

Three parts, each a list of ``Change`` rows:

* records (regions, sectors, indicators, pilots, policies, targets): added, removed, and
  changed field by field, compared over their input dataclass fields (a nested record as
  dotted names, ``target.value``), where they were written and derived values left aside;
* actual rows, matched on region, indicator, period, kind and basis: added, removed, and
  revised (the value as written, publication date, source or note of the same figure);
* the statuses that changed as a result, computed on both sides with the same options.

Only what differs is compared in detail: with the digests of both sides' files (a load through
the cache), records and rows of files whose bytes are the same on both sides are equal; and
unless a file holding registry records (regions, indicators, ...) differs, statuses are computed
only for the targets of changed files and those whose region and indicator have rows in changed
actuals files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import ACTUAL_TABLE_COLUMNS, ActualTable, Dataset
from .units import normalize

if TYPE_CHECKING:  # pragma: no cover
    from .results import ResultStore

ACTUAL = "actual"
STATUS = "status"
#: what identifies a reported figure: rows with the same key are vintages of one figure
ACTUAL_KEY = ("region", "indicator", "start", "end", "kind", "basis")
#: columns that say where a row was written, or are derived from others (the canonical value)
_NOT_COMPARED = ("file", "line", "value", "raw_value", "raw_unit")
#: fields of a record that say where it was written, not what it says
_WHERE = "where"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``field`` is ``None`` for a record or row added or removed."""

    section: str  # region, sector, indicator, pilot, policy, target, actual or status
    change: str  # added, removed, changed (a record or a status) or revised (an actual)
    id: str
    field: str | None = None
    old: Any = None
    new: Any = None
    where: str | None = None  # file:line on the new side (the old one for what was removed)


CHANGE_COLUMNS = tuple(f.name for f in dataclasses.fields(Change))


@dataclass(slots=True)
class Side:
    """One version of the data: how to name it, the loaded data, and computed progress to
    reuse (``results.ResultStore``), if any."""

    label: str
    dataset: Dataset
    store: ResultStore | None = None


@dataclass(slots=True)
class DataDiff:
    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> list[tuple[str, str, int]]:
        """(section, change, how many records, rows or targets), in the order of the changes."""
        seen = dict.fromkeys((c.section, c.change, c.id) for c in self.changes)
        tally = Counter((s, ch) for s, ch, _ in seen)
        return [(s, ch, n) for (s, ch), n in tally.items()]

    def summary(self) -> str:
        head = f"{self.old} -> {self.new}: "
        if not self.changes:
            return head + "no differences"
        return head + ", ".join(
            f"{n} {section if n == 1 else plural(section)} {change}"
            for section, change, n in self.counts()
        )


def plural(section: str) -> str:
    if section == STATUS:
        return "statuses"
    if section.endswith("y"):
        return section[:-1] + "ies"
    return section + "s"


def _singular(name: str) -> str:
    return name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")


# ------------------------------------------------------------------------------ records


def record_sections(ds: Dataset) -> list[str]:
    """The fields of a ``Dataset`` that hold records by id, in declaration order."""
    out = []
    for f in dataclasses.fields(ds):
        value = getattr(ds, f.name)
        if isinstance(value, dict):
            first = next(iter(value.values()), None)
            if first is None or (dataclasses.is_dataclass(first) and not isinstance(first, type)):
                out.append(f.name)
    return out


def flatten(record: Any, prefix: str = "") -> dict[str, Any]:
    """A record's input fields as ``{dotted name: value}``, nested records included. Fields
    that are not input (``init=False``: where it was written, values filled in by linking
    such as the canonical value) are left out: what was written is compared."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if not f.init or f.name == _WHERE:
            continue
        value = getattr(record, f.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.update(flatten(value, f"{prefix}{f.name}."))
        else:
            out[prefix + f.name] = value
    return out


def field_changes(old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """(field, old value, new value) of every field that differs, in declaration order (a
    field missing on one side, such as a nested record that is absent, counts as ``None``)."""
    a, b = flatten(old), flatten(new)
    names = list(a) + [n for n in b if n not in a]
    return [(n, a.get(n), b.get(n)) for n in names if a.get(n) != b.get(n)]


def _where(record: Any) -> str | None:
    w = getattr(record, _WHERE, None)
    if w is None:
        return None
    return f"{w.file}:{w.line}" if w.line is not None else str(w.file)


def _file(record: Any) -> str | None:
    w = getattr(record, _WHERE, None)
    return None if w is None else str(w.file)


def record_changes(old: Dataset, new: Dataset, files: set[str] | None = None) -> list[Change]:
    """Records added, removed and changed. With ``files``, only records written in those
    files (on either side) are compared: the others are the same bytes on both sides."""
    out: list[Change] = []
    for name in record_sections(new):
        section = _singular(name)
        a: dict[str, Any] = getattr(old, name, {})
        b: dict[str, Any] = getattr(new, name, {})
        if files is None:
            ids = a.keys() | b.keys()
        else:
            ids = {k for k, r in a.items() if _file(r) in files}
            ids |= {k for k, r in b.items() if _file(r) in files}
        for rid in sorted(ids):
            ra, rb = a.get(rid), b.get(rid)
            if ra is None:
                out.append(Change(section, "added", rid, where=_where(rb)))
            elif rb is None:
                out.append(Change(section, "removed", rid, where=_where(ra)))
            else:
                out.extend(
                    Change(section, "changed", rid, f, x, y, _where(rb))
                    for f, x, y in field_changes(ra, rb)
                )
    return out


# ------------------------------------------------------------------------------ actuals

_COLUMN = {name: i for i, name in enumerate(ACTUAL_TABLE_COLUMNS)}
_KEY_AT = [_COLUMN[c] for c in ACTUAL_KEY]
#: what is compared between vintages: the value as written, then every other column
ACTUAL_FIELDS = (
    "value",
    *(c for c in ACTUAL_TABLE_COLUMNS if c not in (*ACTUAL_KEY, *_NOT_COMPARED)),
)
_FIELDS_AT = [_COLUMN[c] for c in ACTUAL_FIELDS[1:]]
_PUBLISHED = ACTUAL_FIELDS.index("published")

Key = tuple[Any, ...]
Row = tuple[tuple[Any, ...], str]  # (compared fields, file:line)


def as_written(value: str, unit: str | None) -> str:
    """A reported value with its unit as written (``600万千瓦``, ``-3.8 %``): the unit is
    added unless the value already carries it."""
    if not unit or normalize(value).endswith(unit):
        return value
    return f"{value} {unit}"


def _rows(table: ActualTable, index: Iterable[int]) -> Iterator[tuple[Key, Row]]:
    c = table.cols
    raw_value, raw_unit, file, line = (
        c[_COLUMN["raw_value"]],
        c[_COLUMN["raw_unit"]],
        c[_COLUMN["file"]],
        c[_COLUMN["line"]],
    )
    for i in index:
        fields = (as_written(raw_value[i], raw_unit[i]), *(c[j][i] for j in _FIELDS_AT))
        yield tuple(c[j][i] for j in _KEY_AT), (fields, f"{file[i]}:{line[i]}")


def _keys_in(table: ActualTable, files: set[str] | None) -> set[Key]:
    """The keys of the rows written in ``files`` (every row's without). Rows are written in
    CSV files only: when none of ``files`` is one, the table is not even decoded."""
    if files is not None and not any(f.endswith(".csv") for f in files):
        return set()
    c = table.cols
    names = c[_COLUMN["file"]]
    index = range(len(table)) if files is None else [i for i, f in enumerate(names) if f in files]
    return {tuple(c[j][i] for j in _KEY_AT) for i in index}


def _by_key(table: ActualTable, keys: set[Key]) -> dict[Key, list[Row]]:
    """Every row of ``keys``, wherever it is written."""
    if not keys:
        return {}
    c = table.cols
    columns = [c[j] for j in _KEY_AT]
    groups = table.groups()
    index = [
        i
        for pair in {(k[0], k[1]) for k in keys}
        for i in groups.get(pair, ())
        if tuple(col[i] for col in columns) in keys
    ]
    out: dict[Key, list[Row]] = {}
    for key, row in _rows(table, index):
        out.setdefault(key, []).append(row)
    return out


def actual_id(key: Key) -> str:
    """``region/indicator/period/kind[/basis]``."""
    region, indicator, start, end, kind, basis = key
    period = str(start) if start == end else f"{start}-{end}"
    return "/".join(str(p) for p in (region, indicator, period, kind, basis) if p)


def _described(row: Row) -> str:
    fields = row[0]
    published = fields[_PUBLISHED]
    return str(fields[0]) + (f" published {published}" if published else "")


def _latest(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r[0][_PUBLISHED] or "", r[1]))


def actual_changes(old: Dataset, new: Dataset, files: set[str] | None = None) -> list[Change]:
    """Rows added, removed and revised. Rows the same on both sides cancel out; of what is
    left of a figure (same key), rows are paired in order of publication and their differing
    fields reported as ``revised``; a new row of a figure that had rows before is a revision
    of the latest of them (unless it is a copy of it); the rest are ``added`` or
    ``removed``."""
    keys = _keys_in(old.actuals, files) | _keys_in(new.actuals, files)
    before, after = _by_key(old.actuals, keys), _by_key(new.actuals, keys)
    out: list[Change] = []
    for key in sorted(keys, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        rid = actual_id(key)
        a, b = before.get(key, []), after.get(key, [])
        left = Counter(r[0] for r in a)
        left.subtract(r[0] for r in b)
        gone = _latest([r for r in a if _take(left, r[0], 1)])
        came = _latest([r for r in b if _take(left, r[0], -1)])
        pairs = list(zip(gone, came, strict=False))
        latest = _latest(a)[-1] if a else None
        for r in came[len(gone) :]:
            if latest is not None and latest[0] != r[0]:
                pairs.append((latest, r))
            else:  # a figure new to the data, or one more copy of a row
                out.append(Change(ACTUAL, "added", rid, None, None, _described(r), r[1]))
        out += [
            Change(ACTUAL, "removed", rid, None, _described(r), None, r[1])
            for r in gone[len(came) :]
        ]
        for x, y in pairs:
            out += [
                Change(ACTUAL, "revised", rid, name, u, v, y[1])
                for name, u, v in zip(ACTUAL_FIELDS, x[0], y[0], strict=True)
                if u != v
            ]
    return out


def _take(left: Counter[Any], fields: Any, sign: int) -> bool:
    """Whether a row is left over once equal rows cancel (counting it off ``left``)."""
    if left[fields] * sign > 0:
        left[fields] -= sign
        return True
    return False


# ------------------------------------------------------------------------------ statuses


def changed_files(old: Dataset, new: Dataset) -> set[str] | None:
    """Files whose bytes differ (or that are on one side only); ``None`` when a side was
    loaded without the cache and so has no digests."""
    if not old.digests or not new.digests:
        return None
    names = old.digests.keys() | new.digests.keys()
    return {n for n in names if old.digests.get(n) != new.digests.get(n)}


#: record sections whose changes affect no other target's progress (a target's own record is
#: compared anyway; a policy is not read by the progress engine)
_OWN = ("targets", "policies")


def status_scope(
    old: Dataset, new: Dataset, files: set[str] | None
) -> tuple[set[str], set[tuple[str, str]]] | None:
    """What a status can have changed through: the target files in ``files``, and the
    (region, indicator) of actual rows in them. ``None`` (any target) when the sides were
    loaded without digests, or a changed file holds registry records (regions, indicators,
    ...)."""
    if files is None:
        return None
    pairs: set[tuple[str, str]] = set()
    for ds in (old, new):
        for name in record_sections(ds):
            if name not in _OWN and any(_file(r) in files for r in getattr(ds, name).values()):
                return None
        pairs |= {(k[0], k[1]) for k in _keys_in(ds.actuals, files)}
    return files, pairs


def status_changes(
    old: Side,
    new: Side,
    as_of: int | None = None,
    known_at: dt.date | None = None,
    scope: tuple[set[str], set[tuple[str, str]]] | None = None,
) -> list[Change]:
    """Targets on both sides whose status differs, computed with the same options; with a
    ``scope`` (``status_scope``), only the targets that can differ are computed."""
    from .progress import compute

    a, b = old.dataset, new.dataset
    files, pairs = scope or (set(), set())
    ids = sorted(
        k
        for k, t in a.targets.items()
        if k in b.targets
        and (
            scope is None
            or (t.region, t.indicator) in pairs
            or _file(t) in files
            or _file(b.targets[k]) in files
        )
    )
    before = compute(a, [a.targets[k] for k in ids], as_of, known_at, old.store)
    after = compute(b, [b.targets[k] for k in ids], as_of, known_at, new.store)
    was = {p.target.id: p.status for p in before}
    return [
        Change(
            STATUS, "changed", p.target.id, "status", was[p.target.id], p.status, _where(p.target)
        )
        for p in sorted(after, key=lambda p: p.target.id)
        if was[p.target.id] != p.status
    ]


def compare(
    old: Side, new: Side, as_of: int | None = None, known_at: dt.date | None = None
) -> DataDiff:
    """Everything that differs from ``old`` to ``new``."""
    a, b = old.dataset, new.dataset
    files = changed_files(a, b)
    changes = record_changes(a, b, files) + actual_changes(a, b, files)
    changes += status_changes(old, new, as_of, known_at, status_scope(a, b, files))
    return DataDiff(old.label, new.label, changes)
