"""XLSX: one sheet of rows, named after the listing (a bold header row, frozen, with a filter;
number formats by column), and for an export an ``about`` sheet with what it is.

A cell is a number or text, never a formula: text is stored as text even when it starts with
``=``, so no apostrophe guard is needed (or written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import cell_text, typed


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return cell_text(value)
    return typed(value)


def _append(ws: Any, values: list[Any]) -> None:
    """One row; text stays text (openpyxl would take ``=...`` for a formula)."""
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type != "s":
            cell.data_type = "s"


def _number_format(name: str, values: list[Any]) -> str | None:
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return None
    if all(float(v).is_integer() for v in numbers):
        return "0" if name.endswith("year") else "#,##0"
    return "#,##0.00##"


def write(table: Table, out: IO[bytes], meta: Mapping[str, Any] | None = None) -> Written:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = list(table.columns)
    rows = [[_value(v) for v in row] for row in table.values()]
    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31]
    _append(ws, columns)
    for row in rows:
        _append(ws, row)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="305496")
    for cell in ws[1]:
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for col, name in enumerate(columns, start=1):
        values = [row[col - 1] for row in rows]
        fmt = _number_format(name, values)
        if fmt:
            for r in range(2, len(rows) + 2):
                ws.cell(row=r, column=col).number_format = fmt
        longest = max([len(name), *(len(cell_text(v)) for v in values[:500])])
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, longest + 2))
    if meta is not None:
        about = wb.create_sheet("about")
        _append(about, ["field", "value"])
        for key, value in meta.items():
            if isinstance(value, Mapping):
                value = ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
            _append(about, [key, _value(value)])
        about["A1"].font = about["B1"].font = Font(bold=True)
        about.column_dimensions["A"].width = 24
        about.column_dimensions["B"].width = 60
    wb.save(out)
    return Written(len(rows))
