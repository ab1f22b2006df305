"""``ccnt compare INDICATOR``: regions side by side, ranked by how far each is from its goal."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message
from ccnt_cli.cli.state import leave_to_exit, state


def compare(
    ctx: typer.Context,
    indicator: Annotated[str, typer.Argument(help="Indicator id, name or alias.")],
    level: o.LevelOpt = None,
    year: Annotated[
        int | None,
        o.option(
            help="Targets for this year (default: the year most of the indicator's targets share).",
        ),
    ] = None,
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """One row per region: its target for the year, achieved, remaining, pace, status;
    ranked furthest from the goal first, regions without a target last."""
    from ccnt_cli.compare import compare as comparison
    from ccnt_cli.lookup import choose
    from ccnt_cli.models import REGION_LEVELS
    from ccnt_cli.query import find_indicator, values

    levels = {choose("level", v, REGION_LEVELS) for v in values(level)} or None
    day = o.parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    ind = find_indicator(ds, indicator)
    store = st.results(ds, as_of, day)
    result = comparison(ds, ind.id, levels, year, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(result, store)
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import COMPARE

    title = f"{ind.id}: targets for {result.year}" if result.year else ind.id
    write(COMPARE.table(result.rows, title=title), fmt, lang=lang.value, ds=ds)
    ranked = sum(1 for r in result.rows if r["rank"] is not None)
    goal = f"{result.year} goal" if result.year else "goal"
    n = len(result.rows)
    message(f"{n} region{'s' if n != 1 else ''}: {ranked} ranked by distance from the {goal}")


def register(root: typer.Typer) -> None:
    root.command("compare")(compare)
