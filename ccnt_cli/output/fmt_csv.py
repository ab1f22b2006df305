"""CSV: a header of the column names, then one line per row, every cell by the rules of
``cells.py`` (formula guard included). Rows given as value tuples are written straight from
them: ten thousand progress rows without a dict each."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import FORMULA_START, cell_text, guard


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
    text, guarded, starts, seqs = cell_text, guard, FORMULA_START, (list, tuple)
    writer.writerows(
        [
            [  # csv_cell, inline: a call per cell costs a third of a 10,000-row CSV
                (v if v[:1] not in starts else guarded(v))
                if type(v) is str
                else ""
                if v is None
                else text(v)
                if type(v) not in seqs
                else guarded(text(v))
                for v in (map(row.get, columns) if isinstance(row, Mapping) else row)
            ]
            for row in rows
        ]
    )
