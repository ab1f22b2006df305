"""``ccnt targets list`` and ``ccnt targets show``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ccnt_cli.cli.options import FormatOpt, target_filters
from ccnt_cli.cli.render import Format, emit, resolve_format, write_json
from ccnt_cli.cli.state import state
from ccnt_cli.tables import TARGET_COLUMNS, target_record, target_row

LIST_COLUMNS = TARGET_COLUMNS


TABLE_COLUMNS = ["id", "region_name", "indicator", "kind", "years", "target", "sector"]

app = typer.Typer(help="List and show targets.", no_args_is_help=True)


@app.command("list")
@target_filters
def list_targets(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """List targets, filtered: values of one option combine, different options narrow."""
    from ccnt_cli.query import TargetFilter, filter_targets

    ds = state(ctx).dataset()
    found = filter_targets(ds, TargetFilter.from_options(ctx.params))
    rows = [target_row(ds, t) for t in found]
    if resolve_format(fmt) is Format.table:
        for row in rows:
            row.update(_shown(row))
    emit(
        LIST_COLUMNS,
        rows,
        fmt,
        table_columns=TABLE_COLUMNS,
        caption=f"{len(rows)} target{'s' if len(rows) != 1 else ''}",
        wrap=("id", "target"),
        optional=("region_name", "years", "sector"),
    )


def _shown(row: dict[str, Any]) -> dict[str, str]:
    """The compact columns of the terminal table."""
    from ccnt_cli.units import format_number

    base, year = row["baseline_year"], row["target_year"]
    years = f"{base}→{year}" if base else str(year or "")
    unit = "" if row["unit"] == "dimensionless" else row["unit"] or ""
    value = row["target_value"]
    target = (
        f"{row['comparator'] or ''} {format_number(value)} {unit}".strip()
        if value is not None
        else "(qualitative)"
    )
    return {"years": years, "target": target}


@app.command("show")
def show_target(
    ctx: typer.Context,
    target_id: Annotated[str, typer.Argument(metavar="ID", help="Target id.")],
    fmt: FormatOpt = None,
) -> None:
    """Show one target in full, with its policy and source."""
    from ccnt_cli.query import find_target

    ds = state(ctx).dataset()
    record = target_record(ds, find_target(ds, target_id))
    chosen = resolve_format(fmt)
    if chosen is Format.json:
        import sys

        write_json(record, sys.stdout)
        return
    rows = [{"field": k, "value": v} for k, v in record.items() if v not in (None, [], "")]
    emit(["field", "value"], rows, chosen, title=target_id)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="targets")
