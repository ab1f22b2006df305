"""CSV: a header of the column names, then one line per row, every cell by the rules of
``cells.py`` (``csv_cell``: rounding, joining, formula guard).

The cells are made a column at a time (``column_cells``): a column of texts, of numbers or of
lists of texts is converted in one pass without a call per cell, which is most of the time of a
10,000-row progress CSV; a column of anything else goes through ``csv_cell`` cell by cell. A
test holds the two to the same text (tests/test_output.py)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import DIGITS, FORMULA_START, csv_cell, guard
from ccnt_cli.units import format_number

_NONE = type(None)


def write(table: Table, out: TextIO, meta: Mapping[str, Any] | None = None) -> Written:
    write_rows(table.columns, table.rows, out)
    return Written(len(table.rows))


def write_rows(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    out: TextIO,
) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    values = [map(row.get, columns) if isinstance(row, Mapping) else row for row in rows]
    if values:
        writer.writerows(zip(*map(column_cells, zip(*values, strict=True)), strict=True))


def column_cells(col: Sequence[Any]) -> Sequence[Any]:
    """The cells of one column: ``csv_cell`` of each value (``None`` where the cell is empty,
    which the csv module writes as nothing)."""
    kinds = set(map(type, col))
    kinds.discard(_NONE)
    if kinds <= {str}:
        return _texts(col)
    if kinds == {float}:
        cells = ["" if v is None else f"{v:.{DIGITS}g}" for v in col]  # cell_text of a float
        if "e" in "".join(cells) or "-0" in cells:  # format_number writes them out
            cells = [
                c if "e" not in c and c != "-0" else format_number(v, DIGITS)
                for c, v in zip(cells, col, strict=True)
            ]
        return cells
    if kinds == {int}:
        return ["" if v is None else f"{v}" for v in col]
    if kinds <= {list, tuple} and set(map(type, chain.from_iterable(filter(None, col)))) <= {str}:
        return _texts(["" if v is None else "; ".join(v) for v in col])
    return list(map(csv_cell, col))


def _texts(col: Sequence[str | None]) -> Sequence[str | None]:
    """Texts as they are, but those a spreadsheet would run as a formula (``guard``)."""
    if FORMULA_START.isdisjoint({v[:1] for v in col if v}):
        return col
    return [v if not v or v[:1] not in FORMULA_START else guard(v) for v in col]
