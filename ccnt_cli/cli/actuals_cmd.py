"""``ccnt actuals add`` and ``ccnt actuals list``."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message, notes
from ccnt_cli.cli.state import state

app = typer.Typer(help="Reported figures (actuals): list them, add one.", no_args_is_help=True)


@app.command("list")
def list_actuals(
    ctx: typer.Context,
    region: o.RegionOpt = None,
    exact: o.ExactOpt = False,
    indicator: o.IndicatorOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """List reported figures, in the indicator's canonical unit and as written."""
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import ACTUALS
    from ccnt_cli.output.rows import actual_row
    from ccnt_cli.query import filter_actuals

    ds = state(ctx).dataset()
    rows = [actual_row(ds, a) for a in filter_actuals(ds, region, exact, indicator)]
    table = ACTUALS.table(rows, caption=f"{len(rows)} figures")
    notes(write(table, fmt, lang=lang.value, ds=ds).notes)


@app.command("add", context_settings={"ignore_unknown_options": True})
def add_actual(
    ctx: typer.Context,
    region: Annotated[
        str,
        typer.Argument(help="Region id, name, alias or code."),
    ],
    indicator: Annotated[
        str,
        typer.Argument(help="Indicator id, name or alias."),
    ],
    period: Annotated[str, typer.Argument(help="A year (2024) or a range (2021-2023).")],
    value: Annotated[str, typer.Argument(help='The figure; may carry its unit ("600万千瓦").')],
    source: Annotated[str, typer.Option(help="Where the figure was published.")],
    unit: Annotated[str, typer.Option(help="Unit, unless the value carries it.")] = "",
    kind: Annotated[str, typer.Option(help="level, change or flow.")] = "level",
    basis: Annotated[str, typer.Option(help="Accounting basis, where one applies.")] = "",
    published: Annotated[
        str,
        typer.Option(help="Publication date (YYYY-MM-DD, YYYY-MM or YYYY): the figure's vintage."),
    ] = "",
    note: Annotated[str, typer.Option(help="A note.")] = "",
    file: Annotated[
        str, typer.Option(help="CSV under data/ to append to (created with a header if new).")
    ] = "data/added.csv",
) -> None:
    """Check one figure against the registries and the rows already there, then append it."""
    from ccnt_cli.actuals import add
    from ccnt_cli.query import find_indicator, find_region

    st = state(ctx)
    ds = st.dataset()
    values = {
        "region": find_region(ds, region).id,
        "indicator": find_indicator(ds, indicator).id,
        "period": period,
        "kind": kind,
        "value": value,
        "unit": unit,
        "basis": basis,
        "published": published,
        "source": source,
        "note": note,
    }
    added = add(st.root, ds, values, file)
    a = added.actual
    shown = f"{value} {unit}".strip()
    message(
        f"Added {a.region} {a.indicator} {a.period} {a.kind} {shown} at {added.file}:{added.line}"
    )
    if not published:
        message("Note: the figure has no publication date, so --known-at leaves it out.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="actuals")
