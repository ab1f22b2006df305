"""Markdown: a pipe table with the column names as its header. An export starts with what it
is (``meta``) as a list of ``name: value`` lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import cell_text


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table_lines(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A pipe table: header, rule, one line per row (values in column order)."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(escape(cell_text(v)) for v in row) + " |" for row in rows]
    return lines


def meta_lines(meta: Mapping[str, Any]) -> list[str]:
    """What an export is, one ``- name: value`` line each (nested values flattened)."""
    lines = []
    for key, value in meta.items():
        if isinstance(value, Mapping):
            text = ", ".join(f"{k}={cell_text(v)}" for k, v in value.items())
        else:
            text = cell_text(value)
        lines.append(f"- {key}: {escape(text)}" if text else f"- {key}:")
    return lines


def write(table: Table, out: TextIO, meta: Mapping[str, Any] | None = None) -> Written:
    lines = []
    if meta is not None:
        lines += [f"# ccnt export: {table.name}", "", *meta_lines(meta), ""]
    lines += table_lines(table.columns, table.values())
    out.write("\n".join(lines) + "\n")
    return Written(len(table.rows))
