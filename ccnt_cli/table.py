"""Reported figures as a table of columns: a million rows are fourteen lists, not a million
objects. A row becomes an ``Actual`` only when something reads it; columns are read by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any, NamedTuple, overload

from .schema import Actual, Where

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
        return list(_actuals([[col[i] for i in picked] for col in self.cols])) if picked else []

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

    def groups(self) -> dict[tuple[str, str], list[int]]:
        """Row numbers by (region, indicator), built once."""
        if self._groups is None:
            groups: dict[tuple[str, str], list[int]] = {}
            regions, indicators = self.cols[_REGION], self.cols[_INDICATOR]
            for i, key in enumerate(zip(regions, indicators, strict=True)):
                rows = groups.get(key)
                if rows is None:
                    groups[key] = [i]
                else:
                    rows.append(i)
            self._groups = groups
        return self._groups


def _actuals(cols: list[list[Any]]) -> Iterator[Actual]:
    """``Actual`` objects from columns in ``ACTUAL_TABLE_COLUMNS`` order."""
    file, line = COL["file"], COL["line"]
    for row in zip(*cols, strict=True):
        # the columns are Actual's fields in order, with ``where`` as file and line
        yield Actual(*row[:file], Where(row[file], row[line]), *row[line + 1 :])  # type: ignore[call-arg]
