"""One output layer: every listing, export and record ccnt prints or saves is written here.

A listing is a :class:`Table`: a name (what the rows are), its columns, its rows, and the view a
terminal table shows (some of the same columns, rendered compactly). :func:`write` writes it in
any :class:`Format`, to stdout or whole to a file; each format has one module (``fmt_*.py``),
and every format shares the cell rules of ``cells.py``: the same rounding, the same joining of
lists, the same CSV formula guard. A new format is one module and one line in ``_MODULES``; a
new listing is one :class:`Listing`.

This module is imported at start-up (the ``--format`` option names its formats), so it imports
nothing heavy: each format's module, and the library it needs (rich, openpyxl, pyarrow), is
imported only when that format is written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Any, TextIO, overload

from ccnt_cli.errors import OutputError


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    parquet = "parquet"
    iamc = "iamc"


#: the module that writes each format (``ccnt_cli.output.<module>``)
_MODULES = {
    Format.table: "fmt_table",
    Format.csv: "fmt_csv",
    Format.json: "fmt_json",
    Format.md: "fmt_md",
    Format.xlsx: "fmt_xlsx",
    Format.parquet: "fmt_parquet",
    Format.iamc: "fmt_iamc",
}
BINARY = frozenset({Format.xlsx, Format.parquet})
#: a file's format when none is asked for, from its extension
EXTENSIONS = {
    ".csv": Format.csv,
    ".json": Format.json,
    ".md": Format.md,
    ".xlsx": Format.xlsx,
    ".parquet": Format.parquet,
}
#: the listings the IAMC layout is defined for (docs/output.md)
IAMC_LISTINGS = ("targets", "progress", "actuals")
FORMAT_HELP = (
    "table, csv, json, md, xlsx, parquet or iamc (default: table on a terminal, CSV in a pipe)."
)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a terminal table: one of the listing's columns, by its name.

    ``show`` renders the cell from the whole row (e.g. ``target_value`` as ``<= -13.5 % by
    2025``); ``drop`` > 0 marks a column the table leaves out when the terminal is too narrow,
    lowest number first; ``breaks`` are the characters after which its text may wrap (None:
    decided from the name and values, see ``fmt_table``); ``style`` colours a cell by its value;
    ``right`` aligns it right (None: when the column's values are numbers).
    """

    name: str
    show: Callable[[Mapping[str, Any]], str] | None = None
    drop: int = 0
    breaks: str | None = None
    style: Callable[[Any], str] | None = None
    right: bool | None = None


Rows = Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]]


class RowsOf(Sequence[Any]):
    """Rows made from items as they are read: ``RowsOf(items, make)`` reads as
    ``[make(x) for x in items]`` without holding every row at once (a writer that goes through
    the rows a chunk at a time, as the CSV writer does, never holds more than a chunk: 30 MB
    less for 100,000 progress rows). ``make`` must give the same row each time."""

    __slots__ = ("_items", "_make")

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any]) -> None:
        self._items, self._make = items, make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return list(map(self._make, self._items[i]))
        return self._make(self._items[i])

    def __iter__(self) -> Iterator[Any]:
        return map(self._make, self._items)


@dataclass(slots=True)
class Table:
    """Rows to write: dicts, or sequences of values in ``columns`` order (the faster form)."""

    name: str
    columns: Sequence[str]
    rows: Rows
    view: Sequence[Column | str] = ()
    title: str | None = None
    caption: str | None = None

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of the table's columns."""
        cols = self.columns
        return [
            {c: row.get(c) for c in cols}
            if isinstance(row, Mapping)
            else dict(zip(cols, row, strict=True))
            for row in self.rows
        ]

    def values(self) -> list[Sequence[Any]]:
        """The rows as sequences of values in column order."""
        cols = self.columns
        return [
            [row.get(c) for c in cols] if isinstance(row, Mapping) else row for row in self.rows
        ]


@dataclass(frozen=True, slots=True)
class Listing:
    """What a listing is: its name, its columns, and its terminal view. Defined once, used by
    the listing command and by ``ccnt export`` alike (``columns.py``)."""

    name: str
    columns: tuple[str, ...]
    view: tuple[Column | str, ...] = ()

    def table(self, rows: Rows, *, title: str | None = None, caption: str | None = None) -> Table:
        return Table(self.name, self.columns, rows, self.view, title, caption)


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`write` wrote: the number of rows, and notes for the person (what a format
    could not hold, e.g. older vintages in IAMC)."""

    rows: int
    notes: tuple[str, ...] = field(default=())


def is_stdout(dest: str | os.PathLike[str] | None) -> bool:
    return dest is None or str(dest) == "-"


def resolve_format(fmt: Format | str | None, dest: str | os.PathLike[str] | None = None) -> Format:
    """The asked format; else, for stdout, a table on a terminal and CSV in a pipe, and for a
    file, the format its extension names."""
    if fmt is not None:
        try:
            return Format(str(fmt).lower())
        except ValueError:
            raise OutputError(f"unknown format {fmt!r}; use one of {', '.join(Format)}") from None
    if is_stdout(dest):
        return Format.table if sys.stdout.isatty() else Format.csv
    suffix = Path(str(dest)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise OutputError(
            f"cannot tell the format of {dest} from its extension; give --format "
            f"({', '.join(f for f in Format if f is not Format.table)})"
        )
    return EXTENSIONS[suffix]


def write(
    table: Table,
    fmt: Format | str | None = None,
    dest: str | os.PathLike[str] | None = None,
    *,
    meta: Mapping[str, Any] | None = None,
    lang: str = "en",
    names: Mapping[str, Sequence[str | None]] | None = None,
    ds: Any = None,
) -> Written:
    """Write ``table`` in ``fmt`` to ``dest``: stdout when None or ``"-"``, else a file written
    whole or not at all. ``meta`` (what an export is: see ``meta.py``) goes where the format
    can hold it: JSON (``{"meta": ..., "rows": [...]}``), Markdown, an XLSX sheet, Parquet
    metadata. Raises ``OutputError`` when the format does not fit the destination or the
    listing. ``lang`` other than English translates headers and words (``lang.py``), with
    ``names`` (a column's values in that language, row by row), by default those of the
    records of ``ds`` (the dataset) that the rows name."""
    from ccnt_cli.output import sink

    chosen = resolve_format(fmt, dest)
    if lang != "en":
        from ccnt_cli.output.lang import localized
        from ccnt_cli.output.lang import names as named

        table = localized(table, chosen, lang, named(ds, table, lang) if names is None else names)
    module = import_module(f"ccnt_cli.output.{_MODULES[chosen]}")
    check: Callable[[Table], None] | None = getattr(module, "check", None)
    if check is not None:
        check(table)  # before anything is opened: nothing half-written
    to_file = not is_stdout(dest)
    if chosen is Format.table and to_file:
        raise OutputError("a table is drawn for a terminal; write csv, md or another format")
    binary = chosen in BINARY
    if binary and not to_file and sys.stdout.isatty():
        raise OutputError(
            f"{chosen} is a binary format; give a file (--output FILE) or redirect stdout"
        )
    with sink.open_dest(None if not to_file else Path(str(dest)), binary=binary) as out:
        if to_file and chosen in (Format.csv, Format.iamc):
            out.write("\ufeff")  # a byte-order mark: Excel then reads the file as UTF-8
        written: Written = module.write(table, out, meta)
    return written


def write_json(value: Any, out: TextIO | None = None) -> None:
    """A value that is not a listing (a record, a report) as JSON, with the cell rules of every
    other format."""
    from ccnt_cli.output.fmt_json import dump

    dump(value, out or sys.stdout)
