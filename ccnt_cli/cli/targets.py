"""``ccnt targets list`` and ``ccnt targets show``."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import notes
from ccnt_cli.cli.state import state

app = typer.Typer(help="List and show targets.", no_args_is_help=True)


@app.command("list")
@o.target_filters
def list_targets(ctx: typer.Context, fmt: o.FormatOpt = None, lang: o.LangOpt = o.Lang.en) -> None:
    """List targets, filtered: values of one option combine, different options narrow."""
    from ccnt_cli.query import TargetFilter, filter_targets

    ds = state(ctx).dataset()
    found = filter_targets(ds, TargetFilter.from_options(ctx.params))
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import TARGETS
    from ccnt_cli.output.rows import target_row

    rows = [target_row(ds, t) for t in found]
    caption = f"{len(rows)} target{'s' if len(rows) != 1 else ''}"
    table = TARGETS.table(rows, caption=caption)
    notes(write(table, fmt, lang=lang.value, ds=ds).notes)


@app.command("show")
def show_target(
    ctx: typer.Context,
    target_id: Annotated[str, typer.Argument(metavar="ID", help="Target id.")],
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Show one target in full, with its policy and source."""
    from ccnt_cli.output import Format, resolve_format, write, write_json
    from ccnt_cli.output.lang import fields_table, record_in
    from ccnt_cli.output.rows import target_record
    from ccnt_cli.query import find_target

    ds = state(ctx).dataset()
    chosen = resolve_format(fmt)
    record = target_record(ds, find_target(ds, target_id))
    record = record_in(ds, "targets", record, lang.value, keyed=chosen is Format.json)
    if chosen is Format.json:
        write_json(record)
        return
    write(fields_table("target", record, lang.value, title=target_id), chosen)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="targets")
