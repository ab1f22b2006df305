"""``ccnt targets list`` and ``ccnt targets show``."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from ccnt_cli.cli.options import ExactOpt, FormatOpt, IndicatorOpt, KindOpt, RegionOpt
from ccnt_cli.cli.render import Format, emit, resolve_format, write_json
from ccnt_cli.cli.state import state
from ccnt_cli.tables import TARGET_COLUMNS, target_record, target_row

LIST_COLUMNS = TARGET_COLUMNS


TABLE_COLUMNS = ["id", "region_name", "indicator", "kind", "years", "target", "sector"]

app = typer.Typer(help="List and show targets.", no_args_is_help=True)


@app.command("list")
def list_targets(
    ctx: typer.Context,
    region: RegionOpt = None,
    exact: ExactOpt = False,
    level: Annotated[
        str | None,
        typer.Option(
            help="Region level: national, province, prefecture, county, district, park, area.",
            show_default=False,
        ),
    ] = None,
    indicator: IndicatorOpt = None,
    sector: Annotated[Optional[str], typer.Option(help="Sector id.", show_default=False)] = None,  # noqa: UP045
    kind: KindOpt = None,
    year: Annotated[Optional[int], typer.Option(help="Target year.", show_default=False)] = None,  # noqa: UP045
    pilot: Annotated[
        str | None,
        typer.Option(
            help="Pilot programme id: its members' targets.",
            show_default=False,
        ),
    ] = None,
    policy: Annotated[Optional[str], typer.Option(help="Policy id.", show_default=False)] = None,  # noqa: UP045
    search: Annotated[
        str | None,
        typer.Option(
            help="Text to find in the target's id, "
            "sentence, note, tags, policy title or indicator name.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """List targets, filtered; every filter narrows the list."""
    from ccnt_cli.models import TARGET_KINDS
    from ccnt_cli.query import TargetFilter, filter_targets

    if kind is not None and kind not in TARGET_KINDS:
        raise typer.BadParameter(
            f"{kind!r} is not one of {', '.join(TARGET_KINDS)}", param_hint="--kind"
        )
    ds = state(ctx).dataset()
    found = filter_targets(
        ds,
        TargetFilter(
            region=region,
            exact=exact,
            level=level,
            indicator=indicator,
            sector=sector,
            kind=kind,
            year=year,
            pilot=pilot,
            policy=policy,
            search=search,
        ),
    )
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
