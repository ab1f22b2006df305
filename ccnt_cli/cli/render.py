"""Rendering rows for a terminal (rich table) or a pipe (CSV, JSON, Markdown).

Data goes to stdout, messages to stderr. rich is imported only to draw a table or a message in
colour; ``NO_COLOR`` and ``TERMINAL_WIDTH`` are honoured by rich itself.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from ccnt_cli.errors import Problem
from ccnt_cli.units import format_number


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


def resolve_format(fmt: Format | None, stream: TextIO | None = None) -> Format:
    """The asked format, else a table on a terminal and CSV in a pipe."""
    if fmt is not None:
        return fmt
    stream = stream or sys.stdout
    return Format.table if stream.isatty() else Format.csv


def cell_text(value: Any) -> str:
    kind = type(value)
    if kind is str:  # most cells: checked first
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        text = f"{value:.12g}"  # format_number's own first step, inline: 40,000 cells a run
        return text if "e" not in text and text != "-0" else format_number(value, 12)
    if kind is int:
        return str(value)
    if isinstance(value, list | tuple):
        return "; ".join([v if type(v) is str else cell_text(v) for v in value])
    return str(value)


def write_csv(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    out: TextIO,
) -> None:
    """Rows as dicts, or as sequences of values in ``columns`` order (the faster form)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    text = cell_text
    writer.writerows(
        [
            [
                v if type(v) is str else "" if v is None else text(v)
                for v in (map(row.get, columns) if isinstance(row, Mapping) else row)
            ]
            for row in rows
        ]
    )


def write_json(rows: Sequence[Mapping[str, Any]] | Mapping[str, Any], out: TextIO) -> None:
    def default(o: Any) -> Any:
        return list(o) if isinstance(o, tuple | set) else str(o)

    json.dump(rows, out, ensure_ascii=False, indent=2, default=default)
    out.write("\n")


def md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_md(columns: Sequence[str], rows: Sequence[Mapping[str, Any]], out: TextIO) -> None:
    out.write("| " + " | ".join(columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(md_escape(cell_text(row.get(c))) for c in columns) + " |\n")


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    width = os.environ.get("TERMINAL_WIDTH") or os.environ.get("COLUMNS")
    return Console(
        stderr=stderr,
        width=int(width) if width and width.isdigit() else None,
        highlight=False,
        soft_wrap=False,
    )


def emit(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    fmt: Format | None,
    *,
    title: str | None = None,
    table_columns: Sequence[str] | None = None,
    styles: Mapping[str, Callable[[Any], str]] | None = None,
    caption: str | None = None,
    wrap: Sequence[str] = (),
    optional: Sequence[str] = (),
) -> None:
    """Write rows in the chosen format to stdout. In a table, only the ``wrap`` columns (by
    default the first) may wrap; the others keep to one line, so numbers are never broken.
    ``optional`` columns are dropped, first named first, while the table is too wide."""
    fmt = resolve_format(fmt)
    out = sys.stdout
    if fmt is Format.csv:
        write_csv(columns, rows, out)
    elif fmt is Format.json:
        write_json([{c: row.get(c) for c in columns} for row in rows], out)
    elif fmt is Format.md:
        write_md(columns, rows, out)
    else:
        con = console()
        shown = list(table_columns or columns)
        droppable = [c for c in optional if c in shown]
        for c in droppable[:]:  # an optional column with nothing in it goes first
            if not any(cell_text(r.get(c)) for r in rows):
                shown.remove(c)
                droppable.remove(c)
        table = _table(shown, rows, title, caption, wrap, styles)
        while droppable and _min_width(table) > con.width:
            shown.remove(droppable.pop(0))
            table = _table(shown, rows, title, caption, wrap, styles)
        con.print(table)


def _min_width(table: Any) -> int:
    """Narrowest the table can be: each column's minimum plus borders and padding."""
    return sum((c.min_width or 1) + 3 for c in table.columns) + 1


def _table(
    shown: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    title: str | None,
    caption: str | None,
    wrap: Sequence[str],
    styles: Mapping[str, Callable[[Any], str]] | None,
) -> Any:
    from rich.table import Table

    table = Table(title=title, caption=caption, header_style="bold")
    for c in shown:
        values = [r.get(c) for r in rows if r.get(c) is not None]
        numeric = bool(values) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values
        )
        longest = max([len(c), *(len(cell_text(v)) for v in values)])
        wraps = c in wrap if wrap else c == shown[0]
        # wrapping columns fold long text; the others keep their content whole (numbers are
        # never broken)
        table.add_column(
            c,
            justify="right" if numeric else "left",
            overflow="fold" if wraps else "ellipsis",
            min_width=min(longest, 14 if wraps else 24),
        )
    for row in rows:
        cells = []
        for c in shown:
            text = _markup_escape(cell_text(row.get(c)))
            style = styles.get(c) if styles else None
            chosen = style(row.get(c)) if style else ""
            cells.append(f"[{chosen}]{text}[/]" if chosen else text)
        table.add_row(*cells)
    return table


def _markup_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def message(text: str, style: str | None = None) -> None:
    """A message for the person (stderr)."""
    if style and sys.stderr.isatty():
        console(stderr=True).print(f"[{style}]{_markup_escape(text)}[/]")
    else:
        sys.stderr.write(text + "\n")


def report_problems(problems: Sequence[Problem], root: str | None = None) -> None:
    """Every problem on its own line on stderr, then a count."""
    for p in problems:
        message(p.one_line(), "red")
    n = len(problems)
    where = f" in {root}" if root else ""
    message(f"{n} problem{'s' if n != 1 else ''}{where}; nothing was computed.", "bold red")
