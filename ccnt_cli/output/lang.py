"""A listing in another language (``--lang zh``): the words of ``ccnt_cli.i18n`` applied to a
``Table`` before any format writes it.

Headers, statuses, kinds and levels are translated, and the names a command gives (a column's
values in the language, row by row: region names from ``name_zh``) put in. JSON, Parquet and
IAMC keep their keys: a ``<column>_zh`` follows each translated column. A terminal table keeps
its view (each column under its translated header, rendered and coloured from the row as
before, from English keys). English returns the table as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ccnt_cli import i18n
from ccnt_cli.output import Column, Format, Table

#: formats whose column names are keys a program reads: they stay, and ``*_zh`` are added
KEYED = frozenset({Format.json, Format.parquet, Format.iamc})


def localized(
    table: Table, fmt: Format, lang: str, names: Mapping[str, Sequence[str]] | None = None
) -> Table:
    if lang == "en":
        return table
    records = table.records()
    if fmt in KEYED:
        columns, rows = i18n.localize(table.columns, records, lang, keep_keys=True, names=names)
        return Table(table.name, columns, rows, table.view, table.title, table.caption)
    _, shown = i18n.localize(table.columns, records, lang, names=names)
    if fmt is Format.table:  # English keys (what the view renders from), translated words
        rows = [{c: row[i18n.header(c, lang)] for c in table.columns} for row in shown]
        view = [_column(c if isinstance(c, Column) else Column(c), lang) for c in table.view]
        return Table(table.name, table.columns, rows, view, table.title, table.caption)
    columns = i18n.headers(list(table.columns), lang)
    return Table(table.name, columns, shown, (), table.title, table.caption)


def _column(col: Column, lang: str) -> Column:
    """A column of the terminal view under its translated header: rendered from the same row,
    wrapped as the English column would be, coloured by the word's English form."""
    from ccnt_cli.output.cells import cell_text
    from ccnt_cli.output.fmt_table import ID_COLUMNS, WHOLE_COLUMNS

    breaks = col.breaks
    if breaks is None and col.name in ID_COLUMNS:
        breaks = " -"
    elif breaks is None and col.name in WHOLE_COLUMNS:
        breaks = ""
    style = col.style
    if style is not None:
        original = style

        def style(value: Any) -> str:
            return original(i18n.unstatus(value) if isinstance(value, str) else value)

    name = col.name
    show = col.show or (lambda row: cell_text(row.get(name)))
    return Column(i18n.header(name, lang), show, col.drop, breaks, style, col.right)
