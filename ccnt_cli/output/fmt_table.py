"""A table for a terminal, drawn with rich (imported only here).

The table shows the listing's view (``Table.view``): some of its columns, under the same names,
each rendered by its ``show`` function. It is fitted to the terminal (``COLUMNS`` or
``TERMINAL_WIDTH``) so that nothing is cut mid-word:

1. each column's text may wrap only after its break characters: ids after a hyphen
   (``shandong-carbon-`` / ``intensity-2025``), other text at spaces; a status, a number, a unit
   or a date never wraps. A header wraps after an underscore (``required_`` / ``annual``).
2. a wrapping column asks for up to ``COMFORT`` cells, any other column for its longest text;
   while that adds up to more than the terminal, optional columns are left out: first those with
   nothing in them, then by their ``drop`` number (docs/output.md lists each listing's order).
   If the rest is still too wide, the widest wrapping column is narrowed, down to its longest
   unbreakable piece.
3. the room left widens the id columns first (an id on one line when it fits), then the other
   wrapping columns, in order.

If even the columns that are never left out need more than the terminal, the table is drawn as
wide as they need, and the terminal wraps its lines: a cell is still never cut.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ccnt_cli.output import Column, Table, Written
from ccnt_cli.output.cells import cell_text

#: columns whose values are ids: they wrap after a hyphen, never inside a part
ID_COLUMNS = frozenset(
    {"id", "region", "indicator", "policy", "pilot", "parent", "sector", "basis", "basis_used"}
)
#: columns that never wrap (codes and dates: a status is one word)
WHOLE_COLUMNS = frozenset(
    {
        "status",
        "kind",
        "level",
        "comparator",
        "unit",
        "direction",
        "period",
        "published",
        "announced",
        "code",
        "latest_year",
        "target_year",
        "baseline_year",
    }
)
_BORDER = 3  # a column's share of the borders and padding: "│ " before, " " after
#: the room a wrapping column asks for before optional columns are left out
COMFORT = 18


def console(stderr: bool = False, file: TextIO | None = None) -> Any:
    from rich.console import Console

    width = os.environ.get("TERMINAL_WIDTH") or os.environ.get("COLUMNS")
    return Console(
        stderr=stderr,
        file=file,
        width=int(width) if width and width.isdigit() else None,
        highlight=False,
        soft_wrap=False,
    )


def _numeric(values: Sequence[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    )


def _breaks(col: Column, numeric: bool) -> str:
    if col.breaks is not None:
        return col.breaks
    if numeric or col.name in WHOLE_COLUMNS:
        return ""
    return " -" if col.name in ID_COLUMNS else " "


def pieces(text: str, breaks: str) -> list[str]:
    """``text`` cut after each break character (a space stays at the end of its piece)."""
    if not breaks or not text:
        return [text]
    return re.findall(
        f"[^{re.escape(breaks)}]*[{re.escape(breaks)}]+|[^{re.escape(breaks)}]+", text
    )


def wrap(text: str, width: int, breaks: str) -> str:
    """``text`` as lines of at most ``width`` cells, broken only after a break character."""
    from rich.cells import cell_len

    if cell_len(text) <= width or not breaks:
        return text
    lines: list[str] = []
    line = ""
    for piece in pieces(text, breaks):
        if line and cell_len((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


class _Fit:
    """One shown column: its texts, and the least and most room it needs."""

    def __init__(self, col: Column, records: list[dict[str, Any]]) -> None:
        from rich.cells import cell_len

        values = [r.get(col.name) for r in records]
        self.col = col
        self.numeric = _numeric(values)
        self.breaks = _breaks(col, self.numeric)
        show = col.show
        self.texts = [
            (show(r) if show else cell_text(r.get(col.name))).replace("\n", " ") for r in records
        ]
        self.empty = not any(self.texts)
        header = pieces(col.name, "_")
        self.full = max([cell_len(col.name), *(cell_len(t) for t in self.texts)])
        self.least = max(
            [
                *(cell_len(p) for p in header),
                *(cell_len(p.rstrip()) for t in self.texts for p in pieces(t, self.breaks)),
            ]
        )
        self.width = self.least


def _fit(fits: list[_Fit], room: int) -> list[_Fit]:
    """Leave out optional columns until the rest fit in ``room``; then narrow or widen the
    columns that wrap."""
    shown = [f for f in fits if not (f.col.drop and f.empty)]
    optional = sorted((f for f in shown if f.col.drop), key=lambda f: f.col.drop)
    for f in shown:  # a wrapping column asks for some room before others are left out
        f.width = max(f.least, min(f.full, COMFORT)) if f.breaks else f.least

    def over() -> int:
        return sum(f.width + _BORDER for f in shown) + 1 - room

    while optional and over() > 0:
        shown.remove(optional.pop(0))
    while over() > 0:  # still too wide: narrow the widest wrapping column, down to its least
        slack = [f for f in shown if f.width > f.least]
        if not slack:
            break
        max(slack, key=lambda f: f.width - f.least).width -= 1
    for f in sorted(shown, key=lambda f: "-" not in f.breaks):  # room left: ids first
        f.width += max(0, min(-over(), f.full - f.width))
    return shown


def write(table: Table, out: TextIO, meta: Mapping[str, Any] | None = None) -> Written:
    from rich.table import Table as RichTable
    from rich.text import Text

    con = console(file=out)
    records = table.records()
    view = [c if isinstance(c, Column) else Column(c) for c in (table.view or table.columns)]
    shown = _fit([_Fit(c, records) for c in view], con.width)
    rt = RichTable(title=table.title, caption=table.caption, header_style="bold")
    for f in shown:
        rt.add_column(
            wrap(f.col.name, f.width, "_"),
            justify="right" if (f.numeric if f.col.right is None else f.col.right) else "left",
            width=f.width,
            no_wrap=True,
        )
    for i, r in enumerate(records):
        cells = []
        for f in shown:
            style = f.col.style(r.get(f.col.name)) if f.col.style else ""
            cells.append(Text(wrap(f.texts[i], f.width, f.breaks), style=style or ""))
        rt.add_row(*cells)
    rt.width = sum(f.width + _BORDER for f in shown) + 1
    con.print(rt, crop=False)
    return Written(len(records))
