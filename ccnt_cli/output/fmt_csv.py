"""CSV: a header of the column names, then one line per row, every cell by the rules of
``cells.py`` (``csv_cell``: rounding, joining, formula guard).

Written a column at a time, for speed (a call per cell was most of the time of a 10,000-row
progress CSV): ``_column`` converts a column of texts, of numbers or of lists of texts in one
pass, and a column of anything else through ``csv_cell`` cell by cell. Most columns repeat a
few values (regions, kinds, years, target values): a column of texts is checked on its
distinct values, and a column of numbers that repeat is written a distinct number at a time.
A row none of whose cells holds a character the csv module would quote (``,``, ``"``, a line
break) is written as its cells joined by commas, which is what the csv module writes for it;
the other rows are written by the csv module. Only columns of texts can hold such a
character: a column of numbers is not searched. A test holds the result to the csv module
writing ``csv_cell`` of every cell (tests/test_output.py)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import DIGITS, FORMULA_START, csv_cell, guard
from ccnt_cli.units import format_number

_NONE = type(None)
#: what makes the csv module quote a cell (``\r`` too from Python 3.12)
_QUOTED = re.compile('[,"\r\n]')
#: a text that starts with a character of ``FORMULA_START``, among texts joined by NUL
_FORMULA = re.compile("(?:^|\0)[" + re.escape("".join(sorted(FORMULA_START))) + "]")
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
    if not columns:  # rows of no cells: an empty line each, as the csv module writes them
        out.write("\n" * len(rows))
        return
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


def _column(col: Sequence[Any]) -> tuple[Sequence[str], bool]:
    """The cells of one column, and whether any of them may need quoting (numbers never do)."""
    kinds = set(map(type, col))
    kinds.discard(_NONE)
    if kinds == {str}:  # texts: most columns repeat a few values, checked once each
        return _texts(col, set(col))
    if kinds == {float}:
        return _numbers(col, _float_cells), False
    if kinds == {int}:
        return _numbers(col, _int_cells), False
    if kinds <= {list, tuple} and set(map(type, chain.from_iterable(filter(None, col)))) <= {str}:
        joined = ["" if v is None else "; ".join(v) for v in col]
        return _texts(joined, set(joined))
    return list(map(csv_cell, col)), True


def _numbers(col: Sequence[Any], cells_of: Callable[[Sequence[Any]], list[str]]) -> list[str]:
    """The cells ``cells_of`` writes for a column of numbers: for each distinct number once
    where they repeat (years, target values), else for each. 0.0 and -0.0 are one key of a
    dict, so zeros are written each by its own sign."""
    distinct = set(col)
    if len(distinct) * 4 > len(col):
        return cells_of(col)
    keys = list(distinct)
    texts = dict(zip(keys, cells_of(keys), strict=True))
    cells = list(map(texts.__getitem__, col))
    if 0 in texts:
        at = [i for i, v in enumerate(col) if v == 0]
        for i, cell in zip(at, cells_of([col[i] for i in at]), strict=True):
            cells[i] = cell
    return cells


def _float_cells(col: Sequence[float | None]) -> list[str]:
    cells = ["" if v is None else f"{v:.12g}" for v in col]  # cell_text: DIGITS, a literal
    if "e" in "".join(cells) or "-0" in cells:  # format_number writes them out
        cells = [
            c if "e" not in c and c != "-0" else format_number(v, DIGITS)  # type: ignore[arg-type]
            for c, v in zip(cells, col, strict=True)
        ]
    return cells


def _int_cells(col: Sequence[int | None]) -> list[str]:
    return ["" if v is None else f"{v}" for v in col]


def _texts(col: Sequence[str | None], distinct: set[str | None]) -> tuple[Sequence[str], bool]:
    """Texts as they are (``None`` as nothing), but those a spreadsheet would run as a formula
    (``guard``); ``distinct`` is the set of them. Both checks search the distinct texts joined
    by NUL, which neither looks for: a text that holds a NUL can only make the first check
    look closer."""
    has_none = None in distinct
    joined = "\0".join(distinct - {None} if has_none else distinct)  # type: ignore[arg-type]
    if _FORMULA.search(joined) is None or FORMULA_START.isdisjoint({v[:1] for v in distinct if v}):
        cells = col if not has_none else ["" if v is None else v for v in col]
    else:
        guarded = ["" if v is None else v if v[:1] not in FORMULA_START else guard(v) for v in col]
        cells, joined = guarded, "\0".join(set(guarded))
    return cells, _QUOTED.search(joined) is not None  # type: ignore[return-value]
