"""``ccnt indicators list``."""

from collections import Counter

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import state

app = typer.Typer(
    help="Indicators: what targets measure, in which canonical unit.", no_args_is_help=True
)


@app.command("list")
def list_indicators(
    ctx: typer.Context,
    sector: o.SectorOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """List indicators with their canonical unit, direction and how much data they have."""
    from ccnt_cli.query import filter_indicators

    ds = state(ctx).dataset()
    targets = Counter(t.indicator for t in ds.targets.values())
    actuals = Counter(ds.actuals.column("indicator"))
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import INDICATORS
    from ccnt_cli.output.rows import indicator_row

    rows = [
        indicator_row(i, targets.get(i.id, 0), actuals.get(i.id, 0))
        for i in filter_indicators(ds, sector)
    ]
    table = INDICATORS.table(rows, caption=f"{len(rows)} indicators")
    write(table, fmt, lang=lang.value, ds=ds)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="indicators")
