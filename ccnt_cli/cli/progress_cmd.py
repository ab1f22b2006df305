"""``ccnt progress``: how far along each target is, and ``--explain ID`` to check it by hand."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ccnt_cli.cli.options import (
    AsOfOpt,
    FormatOpt,
    KnownAtOpt,
    StatusOpt,
    parse_day,
    target_filters,
)
from ccnt_cli.cli.render import Format, emit, resolve_format, write_csv, write_json
from ccnt_cli.cli.state import leave_to_exit, state

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.progress import Progress

STATUS_STYLE = {
    "met": "green",
    "on-track": "cyan",
    "off-track": "yellow",
    "missed": "red",
    "no-data": "dim",
    "qualitative": "magenta",
}


def _bar(share: float | None, width: int = 6) -> str:
    if share is None:
        return ""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {share * 100:3.0f}%"


def _num(x: float | None, unit: str | None = None) -> str:
    from ccnt_cli.units import format_number

    if x is None:
        return ""
    text = format_number(round(x, 2) + 0.0, 8)
    return f"{text} {unit}".rstrip() if unit else text


def _table_row(p: Progress) -> dict[str, Any]:
    from ccnt_cli.tables import display_unit

    t = p.target
    unit = "%" if t.kind == "change" else display_unit(t.unit)
    if unit == "dimensionless":
        unit = ""
    diff = p.diff_unit or ""  # "pp" for a share: differences of percents are points
    per_year = f"{diff}/yr".lstrip("/")
    return {
        "id": t.id,
        "target": (
            f"{t.comparator or ''} {_num(t.value, unit)} by {t.target_year}".strip()
            if t.value is not None
            else f"by {t.target_year}"
            if t.target_year
            else ""
        ),
        "latest": str(p.latest_year or ""),
        "achieved": _num(p.achieved, unit),
        "covered": _bar(p.share_covered),
        "gap": _num(p.remaining, diff),
        "needed/yr": _num(p.required_annual, per_year),
        "status": p.status,
    }


@target_filters
def progress(
    ctx: typer.Context,
    indicator_or_target: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
        typer.Argument(
            metavar="[INDICATOR|TARGET]...",
            help="Indicator ids, names or aliases, or target ids (default: every target).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    status: StatusOpt = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Show the rows, chain and arithmetic behind one target.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Progress of targets against reported figures: achieved, gap, pace needed, status.

    Takes the filters of `targets list`; values of one option combine, different options
    narrow."""
    from ccnt_cli.progress import STATUSES, compute
    from ccnt_cli.query import TargetFilter, filter_targets, find_target, with_status

    day = parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    if explain:
        from ccnt_cli.explain import explain as explain_target

        found = explain_target(ds, find_target(ds, explain), as_of, day)
        chosen = resolve_format(fmt) if fmt is not None else None
        if chosen is Format.json:
            write_json(found.to_dict(), sys.stdout)
        elif chosen is Format.md:
            sys.stdout.write(found.to_markdown())
        else:
            sys.stdout.write(found.to_text())
        return
    chosen_filter = TargetFilter.from_options(ctx.params)
    targets = filter_targets(ds, chosen_filter)
    store = st.results(ds, as_of, day)
    results = compute(ds, targets, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(results, store)
    results = with_status(results, chosen_filter)
    chosen = resolve_format(fmt)
    counts = Counter(p.status for p in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    if chosen is Format.table:
        year = as_of or dt.date.today().year
        title = f"Progress as of {year}" + (f", known at {day}" if day else "")
        emit(
            list(_table_row(results[0]).keys()) if results else ["id"],
            [_table_row(p) for p in results],
            chosen,
            title=title,
            styles={"status": lambda s: STATUS_STYLE.get(s, "")},
            caption=f"{len(results)} targets: {summary or 'none'}",
            wrap=("id", "target"),
            optional=("latest", "needed/yr", "covered"),
        )
    else:
        from ccnt_cli.tables import PROGRESS_COLUMNS, progress_row, progress_values

        if chosen is Format.csv:  # straight from the values: no dict per row
            write_csv(PROGRESS_COLUMNS, [progress_values(p) for p in results], sys.stdout)
        else:
            emit(PROGRESS_COLUMNS, [progress_row(p) for p in results], chosen)
        if summary:
            from ccnt_cli.cli.render import message

            message(f"{len(results)} targets: {summary}")


def register(root: typer.Typer) -> None:
    root.command("progress")(progress)
