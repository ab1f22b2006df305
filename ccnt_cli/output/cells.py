"""The cell rules every format shares.

- A float is written with 12 significant digits (``number``): enough for any figure ccnt
  holds, and the binary noise of arithmetic (``0.30000000000000004``) never shows. Text formats
  write it as people do (``format_number``: no exponent for everyday sizes, no trailing zeros);
  typed formats (JSON, XLSX, Parquet) keep it a number, rounded the same way.
- A list is joined with ``"; "`` in text cells; JSON and Parquet keep it a list.
- A boolean is ``true`` or ``false``; nothing (None) is an empty cell.
- CSV only: text that a spreadsheet would run as a formula (it starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return, and is not a number) gets a leading apostrophe
  (``guard``). An XLSX cell is text or a number, never a formula, so it needs no guard.
"""

from __future__ import annotations

import math
from typing import Any

from ccnt_cli.units import format_number

DIGITS = 12
FORMULA_START = frozenset("=+-@\t\r")


def number(x: float) -> float:
    """A float as every format writes it: 12 significant digits, never ``-0``."""
    if not math.isfinite(x):
        return x
    return float(f"{x:.{DIGITS}g}") + 0.0


def cell_text(value: Any) -> str:
    """A value as the text of a cell (CSV, Markdown, a terminal table)."""
    kind = type(value)
    if kind is str:  # most cells: checked first
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        text = f"{value:.12g}"  # DIGITS; format_number's own first step, inline: many cells
        return text if "e" not in text and text != "-0" else format_number(value, DIGITS)
    if kind is int:
        return str(value)
    if isinstance(value, list | tuple):
        return "; ".join([v if type(v) is str else cell_text(v) for v in value])
    return str(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def guard(text: str) -> str:
    """CSV text that a spreadsheet would run as a formula, neutralised with a leading
    apostrophe; a number written as text (``-13.5``) is left as it is."""
    if text[:1] in FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def csv_cell(value: Any) -> str:
    """A value as a guarded CSV cell."""
    if type(value) is str:
        return value if value[:1] not in FORMULA_START else guard(value)
    return guard(cell_text(value)) if isinstance(value, list | tuple) else cell_text(value)


def typed(value: Any) -> Any:
    """A value for a typed format (JSON, XLSX, Parquet): numbers rounded by ``number``, tuples
    and sets as lists, dates and other objects as their text."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [typed(v) for v in value]
    if isinstance(value, dict):
        return {str(k): typed(v) for k, v in value.items()}
    return str(value)
