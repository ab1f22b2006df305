"""Reported figures: the row record (``Actual``), the columns of an actuals CSV, and the table
they are held in (``ActualTable``): a million rows are fourteen lists, not a million objects. A
row becomes an ``Actual`` only when something reads it; columns are read by name."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from operator import itemgetter
from typing import Any, NamedTuple, overload

from .errors import Problem
from .schema import Where


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an actuals CSV."""

    name: str
    required: bool
    doc: str


#: the columns of an actuals CSV, in the order ccnt writes them
CSV_COLUMNS: tuple[Column, ...] = (
    Column("region", True, "region id"),
    Column("indicator", True, "indicator id"),
    Column("period", True, "a year (`2024`) or an inclusive range (`2021-2023`)"),
    Column(
        "kind",
        True,
        "`level` (at the end of the period), `change` (relative, against the year before the period), `flow` (within the period)",
    ),
    Column("value", True, "the figure; may carry its unit (`600万千瓦`)"),
    Column("unit", False, "unit of the value, unless the value carries it"),
    Column("basis", False, "accounting basis; figures on different bases never chain"),
    Column("published", False, "publication date (its vintage): YYYY-MM-DD, YYYY-MM or YYYY"),
    Column("source", True, "where the figure was published (a URL, and its grade)"),
    Column("note", False, "anything a reader should know"),
)
CSV_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in CSV_COLUMNS)
CSV_REQUIRED: tuple[str, ...] = tuple(c.name for c in CSV_COLUMNS if c.required)


@dataclass(slots=True)
class Actual:
    """One reported figure. ``value`` is in the indicator's canonical unit (signed percent for a
    ``change``) once linked; ``raw_value`` and ``raw_unit`` are as written (``raw_unit`` is the
    unit read from the value or the unit column)."""

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

    @property
    def ref(self) -> str:
        """Where the figure comes from, as ``actuals_used`` names it: ``file:line`` (a derived
        figure names its components')."""
        return f"{self.where.file}:{self.where.line}"

    def problem(self, field: str, message: str, hint: str | None = None) -> Problem:
        """A problem with this row, named ``region/indicator/period``."""
        return Problem(
            self.where.file,
            message,
            line=self.where.line,
            record=f"{self.region}/{self.indicator}/{self.period}",
            field=field,
            hint=hint,
        )

    @property
    def as_written(self) -> str:
        """The value and its unit as the row gives them: the unit once, whether it was written
        inside the value (``600万千瓦``) or in the unit column."""
        from .units import normalize

        value = self.raw_value
        if not self.raw_unit or normalize(value).endswith(self.raw_unit):
            return value
        return value + ("" if self.raw_unit.startswith("%") else " ") + self.raw_unit


_FIELDS = [f.name for f in fields(Actual)]


class ActualKeys(NamedTuple):
    pairs: frozenset[tuple[str, str]]  # (region, indicator)
    units: frozenset[tuple[str, str, str]]  # (unit as written, kind, indicator)
    #: (unit as written, kind, indicator, lowest value, highest value), values as read: linking
    #: checks the valid range of every row on these, without reading the rows
    bounds: frozenset[tuple[str, str, str, float, float]] = frozenset()


#: the columns of an ``ActualTable``: the fields of ``Actual``, with ``where`` as file and line
ACTUAL_TABLE_COLUMNS: tuple[str, ...] = tuple(
    name for f in fields(Actual) for name in (("file", "line") if f.name == "where" else (f.name,))
)
_WIDTH = len(ACTUAL_TABLE_COLUMNS)
#: position of each column
COL = {name: i for i, name in enumerate(ACTUAL_TABLE_COLUMNS)}
_REGION, _INDICATOR, _KIND, _UNIT = COL["region"], COL["indicator"], COL["kind"], COL["raw_unit"]
_VALUE = COL["value"]


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
        self._groups: dict[tuple[str, str], array[int]] | None = None

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
            spans: dict[tuple[str, str, str], list[float]] = {}
            for key, v in zip(
                zip(c[_UNIT], c[_KIND], c[_INDICATOR], strict=True), c[_VALUE], strict=True
            ):
                span = spans.get(key)
                if span is None:
                    spans[key] = [v, v]
                elif v < span[0]:
                    span[0] = v
                elif v > span[1]:
                    span[1] = v
            self._keys = ActualKeys(
                frozenset(zip(c[_REGION], c[_INDICATOR], strict=True)),
                frozenset(spans),
                frozenset((*k, lo, hi) for k, (lo, hi) in spans.items()),
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
        return self.cols[COL[name]]

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
        if not picked:
            return []
        get = itemgetter(*picked) if len(picked) > 1 else lambda col: (col[picked[0]],)
        return list(_actuals([get(col) for col in self.cols]))

    def append(self, a: Actual) -> None:
        values = [
            v
            for name in _FIELDS
            for v in ((a.where.file, a.where.line) if name == "where" else (getattr(a, name),))
        ]
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

    def groups(self) -> dict[tuple[str, str], array[int]]:
        """Row numbers by (region, indicator), built once (as arrays: a million rows' numbers
        take 8 MB, not 36 MB of number objects and lists)."""
        if self._groups is None:
            groups: dict[tuple[str, str], array[int]] = {}
            regions, indicators = self.cols[_REGION], self.cols[_INDICATOR]
            for i, key in enumerate(zip(regions, indicators, strict=True)):
                rows = groups.get(key)
                if rows is None:
                    groups[key] = array("q", (i,))
                else:
                    rows.append(i)
            self._groups = groups
        return self._groups


def _actuals(cols: Sequence[Sequence[Any]]) -> Iterator[Actual]:
    """``Actual`` objects from columns in ``ACTUAL_TABLE_COLUMNS`` order."""
    file, line = COL["file"], COL["line"]
    for row in zip(*cols, strict=True):
        # the columns are Actual's fields in order, with ``where`` as file and line
        yield Actual(*row[:file], Where(row[file], row[line]), *row[line + 1 :])  # type: ignore[call-arg]
