"""Writing tables to files for reports: CSV (Excel-friendly), JSON, XLSX, Markdown.

Every file is written whole or not at all: the content goes to a temporary file in the same
folder, which is renamed over the destination only when complete. A failed export leaves any
existing file as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import OutputError
from .units import format_number

FORMATS = ("csv", "json", "xlsx", "md")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cell(value: Any) -> Any:
    """A value as it goes into a spreadsheet cell: numbers stay numbers, lists are joined, and
    text that a spreadsheet would run as a formula is neutralised with a leading apostrophe."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number_text(text):
        return "'" + text
    return text


def _csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        out = []
        for c in columns:
            v = cell(row.get(c))
            out.append(
                "" if v is None else format_number(v, 15) if isinstance(v, float) else str(v)
            )
        writer.writerow(out)
    return buf.getvalue()


def _md_text(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    def esc(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, float):
            return format_number(v, 12)
        if isinstance(v, list | tuple):
            v = "; ".join(str(x) for x in v)
        return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(esc(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _write_xlsx(
    path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]], sheet: str
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(columns))
    for row in rows:
        ws.append([cell(row.get(c)) for c in columns])
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="305496")
    for col in range(1, len(columns) + 1):
        head = ws.cell(row=1, column=col)
        head.font = header_font
        head.fill = header_fill
        head.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for col, name in enumerate(columns, start=1):
        letter = get_column_letter(col)
        values = [row.get(name) for row in rows]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and all(float(v).is_integer() for v in numbers) and name.endswith("year"):
            fmt = "0"
        elif numbers and all(float(v).is_integer() for v in numbers):
            fmt = "#,##0"
        elif numbers:
            fmt = "#,##0.00##"
        else:
            fmt = None
        if fmt:
            for r in range(2, len(rows) + 2):
                ws.cell(row=r, column=col).number_format = fmt
        longest = max([len(name), *(len(str(cell(v) or "")) for v in values[:500])])
        ws.column_dimensions[letter].width = min(60, max(8, longest + 2))
    wb.save(path)


def write_table(
    path: Path,
    fmt: str,
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    sheet: str = "ccnt",
) -> None:
    """Write rows to ``path`` in ``fmt``, atomically. Raises ``OutputError`` when it cannot."""
    if fmt not in FORMATS:
        raise OutputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        if fmt == "xlsx":
            os.close(fd)
            _write_xlsx(tmp, columns, rows, sheet)
        else:
            if fmt == "csv":
                data = "\ufeff" + _csv_text(columns, rows)  # BOM: Excel reads it as UTF-8
            elif fmt == "json":
                data = (
                    json.dumps(
                        [{c: row.get(c) for c in columns} for row in rows],
                        ensure_ascii=False,
                        indent=2,
                    )
                    + "\n"
                )
            else:
                data = _md_text(columns, rows)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
