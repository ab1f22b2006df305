"""``ccnt indicators list``."""

from collections import Counter

import typer

from ccnt_cli.cli.options import FormatOpt, Lang, LangOpt, SectorOpt
from ccnt_cli.cli.state import state

COLUMNS = ["id", "name", "name_zh", "unit", "direction", "sector", "aliases", "targets", "actuals"]

app = typer.Typer(
    help="Indicators: what targets measure, in which canonical unit.", no_args_is_help=True
)


@app.command("list")
def list_indicators(
    ctx: typer.Context,
    sector: SectorOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """List indicators with their canonical unit, direction and how much data they have."""
    from ccnt_cli.query import filter_indicators

    ds = state(ctx).dataset()
    targets = Counter(t.indicator for t in ds.targets.values())
    actuals = Counter(ds.actuals.column("indicator"))
    rows = [
        {
            "id": i.id,
            "name": i.name,
            "name_zh": i.name_zh,
            "unit": i.unit,
            "direction": i.direction,
            "sector": i.sector,
            "aliases": list(i.aliases),
            "targets": targets.get(i.id, 0),
            "actuals": actuals.get(i.id, 0),
        }
        for i in filter_indicators(ds, sector)
    ]
    from ccnt_cli.output import Table, write

    view = ("id", "name", "unit", "direction", "sector", "targets", "actuals")
    table = Table("indicators", COLUMNS, rows, view, caption=f"{len(rows)} indicators")
    write(table, fmt, lang=lang.value, ds=ds)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="indicators")
