"""``ccnt summary --by GROUP``: how many targets have each status, per group, with totals."""

from __future__ import annotations

from typing import Annotated

import typer

from ccnt_cli.cli.options import AsOfOpt, ExactOpt, FormatOpt, KnownAtOpt, RegionOpt, parse_day
from ccnt_cli.cli.render import emit
from ccnt_cli.cli.state import leave_to_exit, state

GROUPINGS = ("region", "indicator", "sector", "policy", "pilot", "level")


def summary(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            "--by", help="region, indicator, sector, policy, pilot or level.", show_default=False
        ),
    ],
    region: RegionOpt = None,
    exact: ExactOpt = False,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Counts of targets by status (every status of the progress rules) per group, and totals."""
    if by not in GROUPINGS:
        raise typer.BadParameter(f"{by!r} is not one of {', '.join(GROUPINGS)}", param_hint="--by")
    from ccnt_cli.progress import STATUSES, compute
    from ccnt_cli.query import TargetFilter, filter_targets
    from ccnt_cli.summary import columns, summarise

    day = parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    targets = filter_targets(ds, TargetFilter(region=region, exact=exact))
    store = st.results(ds, as_of, day)
    results = compute(ds, targets, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(results, store)
    rows = summarise(ds, results, by)
    cols = columns(by)
    emit(
        cols,
        rows,
        fmt,
        title=f"Targets by status, per {by}",
        wrap=("name",),
        optional=("name", *reversed(STATUSES)),
    )


def register(root: typer.Typer) -> None:
    root.command("summary")(summary)
