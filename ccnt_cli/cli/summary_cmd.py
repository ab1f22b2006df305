"""``ccnt summary --by GROUP``: how many targets have each status, per group, with totals."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import leave_to_exit, state


@o.target_filters
def summary(
    ctx: typer.Context,
    by: Annotated[
        str,
        o.option("--by", help="region, indicator, sector, policy, pilot or level."),
    ],
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Counts of targets by status (every status of the progress rules) per group, and totals.

    Takes the filters of `targets list` to choose the targets counted."""
    from ccnt_cli.lookup import choose
    from ccnt_cli.progress import STATUSES, compute
    from ccnt_cli.query import TargetFilter, filter_targets
    from ccnt_cli.summary import GROUPINGS, summarise

    by = choose("grouping", by, GROUPINGS)
    day = o.parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    targets = filter_targets(ds, TargetFilter.from_options(ctx.params))
    store = st.results(ds, as_of, day)
    results = compute(ds, targets, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(results, store)
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import summary_listing

    listing = summary_listing(by, list(STATUSES))
    table = listing.table(summarise(ds, results, by), title=f"Targets by status, per {by}")
    write(table, fmt, lang=lang.value, ds=ds)


def register(root: typer.Typer) -> None:
    root.command("summary")(summary)
