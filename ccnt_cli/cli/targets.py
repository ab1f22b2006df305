"""``ccnt targets list`` and ``ccnt targets show``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .options import ExactOpt, FormatOpt, IndicatorOpt, KindOpt, RegionOpt
from .render import Format, emit, resolve_format, write_json
from .state import state

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Dataset, Target

LIST_COLUMNS = ["id", "region", "region_name", "level", "indicator", "kind", "baseline_year",
                "target_year", "comparator", "target_value", "unit", "policy", "sector", "basis",
                "binding", "pilot"]
TABLE_COLUMNS = ["id", "region_name", "indicator", "kind", "years", "target", "sector"]

app = typer.Typer(help="List and show targets.", no_args_is_help=True)


def display_unit(unit: str | None) -> str:
    return "%" if unit == "percent" else (unit or "")


def target_row(ds: Dataset, t: Target) -> dict[str, Any]:
    """One target as a flat row: ``target_value`` and ``unit`` in the indicator's canonical
    unit (a ``change`` target in signed percent)."""
    from ..units import format_number

    region = ds.regions[t.region]
    unit = display_unit(t.unit)
    years = f"{t.baseline_year}→{t.target_year}" if t.baseline_year else str(t.target_year or "")
    shown = (f"{t.comparator or ''} {format_number(t.value)} {unit}".strip()
             if t.value is not None else "(qualitative)")
    return {
        "id": t.id, "region": t.region, "region_name": region.name, "level": region.level,
        "indicator": t.indicator, "kind": t.kind, "baseline_year": t.baseline_year,
        "target_year": t.target_year, "comparator": t.comparator, "target_value": t.value,
        "unit": unit if t.value is not None else None, "policy": t.policy, "sector": t.sector,
        "basis": t.basis, "binding": t.binding, "pilot": t.pilot, "years": years,
        "target": shown,
    }


@app.command("list")
def list_targets(
    ctx: typer.Context,
    region: RegionOpt = None,
    exact: ExactOpt = False,
    level: Annotated[Optional[str], typer.Option(help="Region level: national, province, "  # noqa: UP045
                     "prefecture, county, district, park, area.", show_default=False)] = None,
    indicator: IndicatorOpt = None,
    sector: Annotated[Optional[str], typer.Option(help="Sector id.", show_default=False)] = None,  # noqa: UP045
    kind: KindOpt = None,
    year: Annotated[Optional[int], typer.Option(help="Target year.", show_default=False)] = None,  # noqa: UP045
    pilot: Annotated[Optional[str], typer.Option(help="Pilot programme id: its members' "  # noqa: UP045
                     "targets.", show_default=False)] = None,
    policy: Annotated[Optional[str], typer.Option(help="Policy id.", show_default=False)] = None,  # noqa: UP045
    search: Annotated[Optional[str], typer.Option(help="Text to find in the target's id, "  # noqa: UP045
                      "sentence, note, tags, policy title or indicator name.",
                      show_default=False)] = None,
    fmt: FormatOpt = None,
) -> None:
    """List targets, filtered; every filter narrows the list."""
    from ..models import TARGET_KINDS
    from ..query import TargetFilter, filter_targets

    if kind is not None and kind not in TARGET_KINDS:
        raise typer.BadParameter(f"{kind!r} is not one of {', '.join(TARGET_KINDS)}",
                                 param_hint="--kind")
    ds = state(ctx).dataset()
    found = filter_targets(ds, TargetFilter(
        region=region, exact=exact, level=level, indicator=indicator, sector=sector, kind=kind,
        year=year, pilot=pilot, policy=policy, search=search))
    rows = [target_row(ds, t) for t in found]
    emit(LIST_COLUMNS, rows, fmt, table_columns=TABLE_COLUMNS,
         caption=f"{len(rows)} target{'s' if len(rows) != 1 else ''}")


def target_record(ds: Dataset, t: Target) -> dict[str, Any]:
    """Everything about one target, its policy included."""
    policy = ds.policies[t.policy]
    region = ds.regions[t.region]
    ind = ds.indicators[t.indicator]
    return {
        "id": t.id,
        "region": t.region, "region_name": region.name, "region_name_zh": region.name_zh,
        "indicator": t.indicator, "indicator_name": ind.name,
        "kind": t.kind,
        "baseline_year": t.baseline_year, "baseline_value": t.baseline_value,
        "target_year": t.target_year,
        "target_as_written": (f"{t.target_value} {t.target_unit or ''}".strip()
                              if t.target_value is not None else None),
        "comparator": t.comparator, "target_value": t.value, "unit": display_unit(t.unit) or None,
        "basis": t.basis, "binding": t.binding, "sector": t.sector, "tags": list(t.tags),
        "pilot": t.pilot, "relative_to": t.relative_to, "text": t.text, "note": t.note,
        "source": t.source or policy.source,
        "policy": t.policy, "policy_title": policy.title, "policy_title_zh": policy.title_zh,
        "issuer": list(policy.issuer), "published": policy.published, "policy_type": policy.type,
        "url": policy.url, "policy_source": policy.source,
        "defined_at": f"{t.where.file}:{t.where.line}",
    }


@app.command("show")
def show_target(
    ctx: typer.Context,
    target_id: Annotated[str, typer.Argument(metavar="ID", help="Target id.")],
    fmt: FormatOpt = None,
) -> None:
    """Show one target in full, with its policy and source."""
    from ..query import find_target

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
