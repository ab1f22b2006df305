"""``ccnt rollup INDICATOR --to REGION``: do the regions below a region add up to it?"""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message
from ccnt_cli.cli.state import state


def rollup(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(help="Indicator id, name or alias.")],
    to: Annotated[
        str,
        o.option(
            "--to",
            help="The region whose children are summed (id, name or alias).",
        ),
    ],
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Per period, the child regions' figures summed against the region's own, and the same
    for targets of one year; only amounts, capacities and counts add up."""
    from ccnt_cli.query import find_indicator, find_region
    from ccnt_cli.rollup import rollup as roll

    day = o.parse_day(known_at)
    ds = state(ctx).dataset()
    ind, parent = find_indicator(ds, indicator), find_region(ds, to)
    result = roll(ds, ind.id, parent.id, as_of, day)
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import ROLLUP

    title = f"{ind.id}: the {len(result.children)} regions below {parent.id} against it"
    table = ROLLUP.table([line.values() for line in result.lines], title=title)
    write(table, fmt, lang=lang.value, ds=ds)
    if not result.lines:
        message(f"no figures or targets of {ind.id} for {parent.id} or the regions below it")


def register(root: typer.Typer) -> None:
    root.command("rollup")(rollup)
