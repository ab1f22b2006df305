"""A listing in another language (``--lang zh``): the words of ``ccnt_cli.i18n`` applied to a
``Table`` before any format writes it.

Headers, statuses, kinds and levels are translated, and the names of the records the rows name
(``names``: region, indicator and policy names from ``name_zh`` and ``title_zh``, the English
ones where there is none) put in. JSON, Parquet and IAMC keep their keys: a ``<column>_zh``
follows each translated column. A terminal table keeps its view (each column under its
translated header, rendered and coloured from the row as before, from English keys). English
returns the table as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ccnt_cli import i18n
from ccnt_cli.output import Column, Format, Table

#: formats whose column names are keys a program reads: they stay, and ``*_zh`` are added
KEYED = frozenset({Format.json, Format.parquet, Format.iamc})


#: name columns of any listing: the column of the id of the record whose name they hold, and
#: its kind
NAMED = {
    "region_name": ("region", "regions"),
    "indicator_name": ("indicator", "indicators"),
    "policy_title": ("policy", "policies"),
    "parent_name": ("parent", "regions"),  # ``pilots show``: a member's parent region
}
#: listings of records whose own name is a column: that column, the kind of record, and the
#: column of its id
OWN_NAME = {
    "regions": ("name", "regions", "id"),
    "indicators": ("name", "indicators", "id"),
    "pilots": ("name", "pilots", "id"),
    "policies": ("title", "policies", "id"),
    "members": ("name", "regions", "id"),  # ``pilots show``: the member regions
    "policy": ("title", "policies", "policy"),  # ``policies show`` as one table: a target a row
}
#: what a summary's groups are (its first column), as kinds of record with names
GROUPS = {
    "region": "regions",
    "indicator": "indicators",
    "sector": "sectors",
    "pilot": "pilots",
    "policy": "policies",
}


def names(ds: Any, table: Table, lang: str) -> dict[str, list[str | None]]:
    """The names in ``lang`` of the records each row names, column by column (for
    ``i18n.localize``): a region's, indicator's, sector's or pilot's ``name_zh``, a policy's
    ``title_zh``, the English name where there is none, the row's own value where the record
    is not found; nothing for English."""
    if lang == "en" or ds is None:
        return {}
    sources = {c: named for c, named in NAMED.items() if c in table.columns}
    if table.name in OWN_NAME and OWN_NAME[table.name][0] in table.columns:
        column, kind, key = OWN_NAME[table.name]
        sources[column] = (key, kind)
    if table.name == "summary" and table.columns[0] in GROUPS:
        sources["name"] = (table.columns[0], GROUPS[table.columns[0]])
    records = table.records() if sources else []
    out: dict[str, list[str | None]] = {}
    for column, (key, kind) in sources.items():
        found = getattr(ds, kind)
        out[column] = [
            _name(found.get(_key(ds, row, key)), lang) or row.get(column) for row in records
        ]
    return out


def _key(ds: Any, row: Mapping[str, Any], key: str) -> Any:
    """The id of the record a row names in ``key``; a target's policy where a row of a target
    (its ``id``) has no policy column (a progress row)."""
    if key == "policy" and key not in row:
        target = ds.targets.get(row.get("id"))
        return target.policy if target is not None else None
    return row.get(key)


def _name(record: Any, lang: str) -> str | None:
    if record is None:
        return None
    return i18n.title(record, lang) if hasattr(record, "title") else i18n.name(record, lang)


def rows_in(
    ds: Any,
    kind: str,
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    lang: str,
    keyed: bool,
) -> list[dict[str, Any]]:
    """Rows of the listing of ``kind`` in ``lang`` before a writer gets them (what ``show``
    commands print as JSON, or field by field): words translated and names put in; with
    ``keyed`` (JSON) English keys and a ``<column>_zh`` after each translated column, else
    translated headers."""
    table = Table(kind, list(columns), list(rows))
    fmt = Format.json if keyed else Format.csv  # keys kept, or headers translated
    return localized(table, fmt, lang, names(ds, table, lang)).records()


def record_in(ds: Any, kind: str, record: dict[str, Any], lang: str, keyed: bool) -> dict[str, Any]:
    """One record shown field by field (``targets show``, ``policies show``) in ``lang``, as
    its row in the listing of ``kind`` would be (``rows_in``)."""
    return rows_in(ds, kind, list(record), [record], lang, keyed)[0]


def fields_table(name: str, record: dict[str, Any], lang: str, title: str) -> Table:
    """A record shown as a table of its fields and values (``targets show``), the record
    already in ``lang`` (``record_in``): its two columns under headers in ``lang`` too, in
    every format (a terminal table included)."""
    field, value = i18n.header("field", lang), i18n.header("value", lang)
    rows = [{field: k, value: v} for k, v in record.items() if v not in (None, [], "")]
    return Table(name, [field, value], rows, title=title)


def localized(
    table: Table, fmt: Format, lang: str, names: Mapping[str, Sequence[str | None]] | None = None
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
