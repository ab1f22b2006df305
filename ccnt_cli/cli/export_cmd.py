"""``ccnt export``: full records to a file for a report."""

from __future__ import annotations

from typing import Annotated

import typer

from ccnt_cli.cli.options import (
    AsOfOpt,
    ExactOpt,
    IndicatorOpt,
    KnownAtOpt,
    OutputOpt,
    RegionOpt,
    parse_day,
)
from ccnt_cli.cli.render import message
from ccnt_cli.cli.state import state
from ccnt_cli.errors import did_you_mean

WHAT = ("targets", "progress", "actuals")


def export(
    ctx: typer.Context,
    what: Annotated[str, typer.Option("--what", "-w", help="targets, progress or actuals.")],
    output: OutputOpt,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json, xlsx or md (default: from the file's extension).",
            show_default=False,
        ),
    ] = None,
    region: RegionOpt = None,
    exact: ExactOpt = False,
    indicator: IndicatorOpt = None,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
) -> None:
    """Write full records (target text, policy, issuer, url and source included) to a file."""
    from ccnt_cli import tables
    from ccnt_cli.export import FORMATS, write_table
    from ccnt_cli.query import TargetFilter, filter_actuals, filter_targets

    if what not in WHAT:
        close = did_you_mean(what, WHAT)
        raise typer.BadParameter(
            f"{what!r} is not one of {', '.join(WHAT)}" + (f"; {close}" if close else ""),
            param_hint="--what",
        )
    chosen = fmt or output.suffix.lstrip(".").lower()
    if chosen not in FORMATS:
        raise typer.BadParameter(
            f"{chosen!r} is not one of {', '.join(FORMATS)}", param_hint="--format"
        )
    st = state(ctx)
    ds = st.dataset()
    if what == "actuals":
        rows = [tables.actual_row(ds, a) for a in filter_actuals(ds, region, exact, indicator)]
        columns = tables.ACTUAL_COLUMNS
    else:
        targets = filter_targets(ds, TargetFilter(region=region, exact=exact, indicator=indicator))
        if what == "targets":
            rows = [tables.target_record(ds, t) for t in targets]
            columns = list(rows[0]) if rows else list(tables.TARGET_COLUMNS)
        else:
            from ccnt_cli.progress import compute

            day = parse_day(known_at)
            store = st.results(ds, as_of, day)
            results = compute(ds, targets, as_of, day, store)
            if store is not None:
                store.save()
            rows = [tables.progress_record(ds, p) for p in results]
            columns = tables.PROGRESS_COLUMNS + tables.CONTEXT_COLUMNS
    write_table(output, chosen, columns, rows, sheet=what)
    message(f"Wrote {len(rows)} {what} rows to {output} ({chosen})")


def register(root: typer.Typer) -> None:
    root.command("export")(export)
