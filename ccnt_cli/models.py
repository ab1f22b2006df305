"""Typed records of a data folder: what the loader returns and everything else works on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

from .errors import Problem

REGION_LEVELS = ("national", "province", "prefecture", "county", "district", "park", "area")
TARGET_KINDS = ("level", "change", "increment", "cumulative", "qualitative")
ACTUAL_KINDS = ("level", "change", "flow")
COMPARATORS = (">=", "<=", ">", "<", "=", "~")
DIRECTIONS = ("increase", "decrease")
#: canonical unit of every relative change (targets of kind ``change``, actuals of kind ``change``)
CHANGE_UNIT = "percent"


@dataclass(slots=True)
class Where:
    """Where a record was written: file (relative to the data folder) and 1-based line.
    (Not frozen: one is built per row read, and a frozen one costs three times as much.)"""

    file: str
    line: int | None = None
    #: (field, line) pairs of the record's top-level keys, so a problem found later can point
    #: at the exact line of the field
    fields: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str | None) -> int | None:
        if field:
            head = field.split(".", 1)[0]
            for name, line in self.fields:
                if name == head:
                    return line
        return self.line


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: str
    level: str
    where: Where
    name_zh: str | None = None
    parent: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name: str
    where: Where
    name_zh: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    unit: str
    direction: str
    where: Where
    name_zh: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Pilot:
    id: str
    name: str
    where: Where
    name_zh: str | None = None
    issuer: tuple[str, ...] = ()
    announced: str | None = None
    members: tuple[str, ...] = ()
    expected_members: int | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    id: str
    title: str
    where: Where
    title_zh: str | None = None
    issuer: tuple[str, ...] = ()
    published: str | None = None
    level: str | None = None
    region: str | None = None
    url: str | None = None
    type: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Target:
    """One target. ``value`` is ``target_value`` in the indicator's canonical unit (for a
    ``change`` target: signed percent), ``None`` for qualitative targets.

    Not frozen, unlike the registry records: loading fills the canonical fields in place,
    and building ten thousand frozen objects costs four times as much. Treat it as read-only."""

    id: str
    region: str
    policy: str
    indicator: str
    kind: str
    where: Where
    target_year: int | None = None
    target_value: object = None  # as written (number or text)
    target_unit: str | None = None  # as written
    value: float | None = None
    unit: str | None = None  # canonical unit of ``value``
    baseline_year: int | None = None
    baseline_value: float | None = None  # canonical unit once loaded
    baseline_unit: str | None = None
    comparator: str | None = None
    basis: str | None = None
    binding: bool | None = None
    sector: str | None = None
    tags: tuple[str, ...] = ()
    pilot: str | None = None
    text: str | None = None
    relative_to: str | None = None
    note: str | None = None
    source: str | None = None


@dataclass(slots=True)
class Actual:
    """One reported figure. ``value`` is in the indicator's canonical unit (signed percent for a
    ``change``) once loaded; ``raw_value`` and ``raw_unit`` are as written. (Not frozen: loading
    converts ``value`` in place, which matters at a million rows.)"""

    region: str
    indicator: str
    start: int  # first year of the period
    end: int  # last year of the period (== start for a single year)
    kind: str
    value: float
    where: Where
    raw_value: str = ""
    raw_unit: str = ""
    basis: str | None = None
    published: str | None = None  # as written: YYYY, YYYY-MM or YYYY-MM-DD
    source: str | None = None
    note: str | None = None

    @property
    def period(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


class ActualKeys(NamedTuple):
    pairs: frozenset[tuple[str, str]]  # (region, indicator)
    units: frozenset[tuple[str, str, str]]  # (unit as written, kind, indicator)


#: the columns of an ``ActualTable``: the fields of ``Actual``, with ``where`` as file and line
ACTUAL_TABLE_COLUMNS = (
    "region",
    "indicator",
    "start",
    "end",
    "kind",
    "value",
    "file",
    "line",
    "raw_value",
    "raw_unit",
    "basis",
    "published",
    "source",
    "note",
)
_WIDTH = len(ACTUAL_TABLE_COLUMNS)


class ActualTable(Sequence[Actual]):
    """Reported figures stored as columns (one list per field), so that a million rows cost
    lists of shared values rather than a million objects. Reading a row builds its ``Actual``;
    the loader and the progress engine work on the columns and on row numbers."""

    __slots__ = ("_cols", "_groups", "_keys", "_load", "_size")

    def __init__(self, cols: list[list[Any]] | None = None) -> None:
        if cols is None:
            cols = [[] for _ in range(_WIDTH)]
        elif len(cols) != _WIDTH or len({len(c) for c in cols}) > 1:
            raise ValueError("actual columns of another shape")
        self._cols: list[list[Any]] | None = cols
        self._load: Callable[[], list[list[Any]]] | None = None
        self._size: int | None = None
        self._keys: ActualKeys | None = None
        self._groups: dict[tuple[str, str], list[int]] | None = None

    @classmethod
    def deferred(
        cls, load: Callable[[], list[list[Any]]], size: int, keys: ActualKeys | None = None
    ) -> ActualTable:
        """A table whose columns are built by ``load`` the first time they are read: a run
        whose results are all cached never decodes the actuals."""
        table = cls()
        table._cols, table._load, table._size, table._keys = None, load, size, keys
        return table

    @property
    def cols(self) -> list[list[Any]]:
        if self._cols is None:
            assert self._load is not None
            cols = self._load()
            if len(cols) != _WIDTH or {len(c) for c in cols} != {self._size}:
                raise ValueError("actual columns of another shape")
            self._cols, self._load = cols, None
        return self._cols

    def keys(self) -> ActualKeys:
        """The distinct (region, indicator) and (unit, kind, indicator) of the rows: what
        linking checks and converts, known without reading the rows when cached."""
        if self._keys is None:
            c = self.cols
            self._keys = ActualKeys(
                frozenset(zip(c[0], c[1], strict=True)),
                frozenset(zip(c[9], c[4], c[1], strict=True)),
            )
        return self._keys

    @classmethod
    def of(cls, rows: Iterable[Actual]) -> ActualTable:
        if isinstance(rows, ActualTable):
            return rows
        table = cls()
        for a in rows:
            table.append(a)
        return table

    def column(self, name: str) -> list[Any]:
        return self.cols[ACTUAL_TABLE_COLUMNS.index(name)]

    def __len__(self) -> int:
        return self._size if self._cols is None and self._size is not None else len(self.cols[0])

    def row(self, i: int) -> Actual:
        return self.take([i])[0]

    @overload
    def __getitem__(self, i: int) -> Actual: ...
    @overload
    def __getitem__(self, i: slice) -> list[Actual]: ...
    def __getitem__(self, i: int | slice) -> Actual | list[Actual]:
        if isinstance(i, slice):
            return self.take(range(len(self))[i])
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("actual row out of range")
        return self.row(i)

    def __iter__(self) -> Iterator[Actual]:
        return _actuals(self.cols)

    def take(self, rows: Iterable[int]) -> list[Actual]:
        """The given rows as ``Actual`` objects (the columns picked first, then one pass)."""
        picked = list(rows)
        return list(_actuals([[col[i] for i in picked] for col in self.cols])) if picked else []

    def append(self, a: Actual) -> None:
        values = (
            a.region,
            a.indicator,
            a.start,
            a.end,
            a.kind,
            a.value,
            a.where.file,
            a.where.line,
            a.raw_value,
            a.raw_unit,
            a.basis,
            a.published,
            a.source,
            a.note,
        )
        for col, v in zip(self.cols, values, strict=True):
            col.append(v)
        self._groups = self._keys = None

    def extend(self, other: ActualTable) -> None:
        for col, more in zip(self.cols, other.cols, strict=True):
            col.extend(more)
        self._groups = self._keys = None

    def keep(self, rows: Sequence[int]) -> ActualTable:
        """A table of the given rows, in that order."""
        return ActualTable([[col[i] for i in rows] for col in self.cols])

    def groups(self) -> dict[tuple[str, str], list[int]]:
        """Row numbers by (region, indicator), built once."""
        if self._groups is None:
            groups: dict[tuple[str, str], list[int]] = {}
            for i, key in enumerate(zip(self.cols[0], self.cols[1], strict=True)):
                rows = groups.get(key)
                if rows is None:
                    groups[key] = [i]
                else:
                    rows.append(i)
            self._groups = groups
        return self._groups


def _actuals(cols: list[list[Any]]) -> Iterator[Actual]:
    """``Actual`` objects from columns in ``ACTUAL_TABLE_COLUMNS`` order."""
    for r, ind, s, e, k, v, f, n, rv, ru, b, p, src, note in zip(*cols, strict=True):
        yield Actual(r, ind, s, e, k, v, Where(f, n), rv, ru, b, p, src, note)


@dataclass(slots=True)
class Dataset:
    """Everything in one data folder, validated."""

    root: str
    regions: dict[str, Region] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    pilots: dict[str, Pilot] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    actuals: ActualTable = field(default_factory=ActualTable)
    #: BLAKE2 digest of each file read, by path (empty when loaded without the cache)
    digests: dict[str, str] = field(default_factory=dict)
    #: digest of the files that results of a target depend on besides its own file: every
    #: file holding registries or actuals (target files holding only policies and targets
    #: are left out, so editing one does not invalidate the others)
    shared_digest: str | None = None


@dataclass(slots=True)
class FileResult:
    """What one file holds, read on its own: records by type, and the problems found."""

    regions: list[Region] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    pilots: list[Pilot] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: ActualTable = field(default_factory=ActualTable)
    problems: list[Problem] = field(default_factory=list)
