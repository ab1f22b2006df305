"""CSV: a header of the column names, then one line per row, every cell by the rules of
``cells.py`` (``csv_cell``: rounding, joining, formula guard).

Written a column at a time, for speed (a call per cell was most of the time of a 10,000-row
progress CSV): ``column_cells`` converts a column of texts, of numbers or of lists of texts in
one pass (a column of texts is checked on its distinct values: most repeat a few), and a column
of anything else through ``csv_cell`` cell by cell. A row none of whose cells holds a character
the csv module would quote (``,``, ``"``, a line break) is written as its cells joined by
commas, which is what the csv module writes for it; the other rows are written by the csv
module. Only columns of texts can hold such a character: a column of numbers is not searched.
A test holds the result to the csv module writing ``csv_cell`` of every cell
(tests/test_output.py)."""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import DIGITS, FORMULA_START, csv_cell, guard
from ccnt_cli.units import format_number

_NONE = type(None)
#: what makes the csv module quote a cell (``\r`` too from Python 3.12)
_QUOTED = re.compile('[,"\r\n]')
#: rows converted at a time (a few megabytes of cells at most)
_CHUNK = 10_000


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
    for at in range(0, len(rows), _CHUNK):  # the cells of a chunk of rows at a time
        chunk = rows[at : at + _CHUNK]
        values = [map(row.get, columns) if isinstance(row, Mapping) else row for row in chunk]
        _write_lines(list(map(_column, zip(*values, strict=True))), writer, out)


def _write_lines(cells: list[tuple[Sequence[str], bool]], writer: Any, out: TextIO) -> None:
    """Rows of the given columns of cells (each with whether any cell may need quoting)."""
    if len(cells) == 1:  # the csv module writes a lone empty cell as ""
        writer.writerows(zip(cells[0][0]))
        return
    quoted = sorted({i for col, maybe in cells if maybe for i in _quoted_rows(col)})
    lines = map(",".join, zip(*[col for col, _ in cells], strict=True))
    if not quoted:
        out.write("\n".join(lines) + "\n")
        return
    rows = list(lines)
    start = 0
    for end in [*quoted, len(rows)]:
        if start < end:
            out.write("\n".join(rows[start:end]) + "\n")
        if end < len(rows):
            writer.writerow([col[end] for col, _ in cells])
        start = end + 1


def _quoted_rows(col: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(col) if _QUOTED.search(cell)]


def column_cells(col: Sequence[Any]) -> Sequence[str]:
    """The cells of one column: ``csv_cell`` of each value."""
    return _column(col)[0]


def _column(col: Sequence[Any]) -> tuple[Sequence[str], bool]:
    """The cells of one column, and whether any of them may need quoting (numbers never do)."""
    if type(next((v for v in col if v is not None), None)) is str:
        # texts: most columns repeat a few values, checked once each. (Only a str subclass
        # equal to a text could hide behind it in the set; its cell is that text all the same.)
        with contextlib.suppress(TypeError):  # a list among them: cell by cell below
            distinct = set(col)
            if {type(v) for v in distinct if v is not None} == {str}:
                return _texts(col, distinct)
    kinds = set(map(type, col))
    kinds.discard(_NONE)
    if kinds == {float}:
        cells = ["" if v is None else f"{v:.12g}" for v in col]  # cell_text: DIGITS, a literal
        if "e" in "".join(cells) or "-0" in cells:  # format_number writes them out
            cells = [
                c if "e" not in c and c != "-0" else format_number(v, DIGITS)
                for c, v in zip(cells, col, strict=True)
            ]
        return cells, False
    if kinds == {int}:
        return ["" if v is None else f"{v}" for v in col], False
    if kinds <= {list, tuple} and set(map(type, chain.from_iterable(filter(None, col)))) <= {str}:
        joined = ["" if v is None else "; ".join(v) for v in col]
        return _texts(joined, set(joined))
    return list(map(csv_cell, col)), True


def _texts(col: Sequence[str | None], distinct: set[str | None]) -> tuple[Sequence[str], bool]:
    """Texts as they are (``None`` as nothing), but those a spreadsheet would run as a formula
    (``guard``); ``distinct`` is the set of them."""
    if FORMULA_START.isdisjoint({v[:1] for v in distinct if v}):
        cells = col if None not in distinct else ["" if v is None else v for v in col]
    else:
        cells = ["" if v is None else v if v[:1] not in FORMULA_START else guard(v) for v in col]
        distinct = set(cells)
    maybe = _QUOTED.search("".join([v for v in distinct if v])) is not None
    return cells, maybe  # type: ignore[return-value]
