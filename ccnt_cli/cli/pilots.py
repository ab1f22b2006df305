"""``ccnt pilots list`` and ``ccnt pilots show``."""

from collections import Counter
from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import state

COLUMNS = [
    "id",
    "name",
    "name_zh",
    "announced",
    "members",
    "expected_members",
    "member_targets",
    "note",
]

app = typer.Typer(
    help="Pilot programmes (national carbon peak pilots) and their members.", no_args_is_help=True
)


@app.command("list")
def list_pilots(ctx: typer.Context, fmt: o.FormatOpt = None, lang: o.LangOpt = o.Lang.en) -> None:
    """List pilot programmes: members recorded, members announced, targets of members."""
    ds = state(ctx).dataset()
    rows = []
    for p in ds.pilots.values():
        members = set(p.members)
        n_targets = sum(1 for t in ds.targets.values() if t.pilot == p.id or t.region in members)
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "name_zh": p.name_zh,
                "announced": p.announced,
                "members": len(p.members),
                "expected_members": p.expected_members,
                "member_targets": n_targets,
                "note": p.note,
            }
        )
    from ccnt_cli.output import Table, write

    view = ("id", "name", "announced", "members", "expected_members", "member_targets")
    write(Table("pilots", COLUMNS, rows, view), fmt, lang=lang.value, ds=ds)


@app.command("show")
def show_pilot(
    ctx: typer.Context,
    pilot_id: Annotated[str, typer.Argument(metavar="ID", help="Pilot id.")],
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """List the members of one pilot programme."""
    from ccnt_cli.query import find_pilot

    ds = state(ctx).dataset()
    pilot = find_pilot(ds, pilot_id)
    counts = Counter(t.region for t in ds.targets.values())
    rows = []
    for rid in pilot.members:
        r = ds.regions[rid]
        parent = ds.regions.get(r.parent or "")
        rows.append(
            {
                "id": r.id,
                "name": r.name,
                "name_zh": r.name_zh,
                "level": r.level,
                "parent": r.parent,
                "parent_name": parent.name if parent else None,
                "targets": counts.get(rid, 0),
            }
        )
    from ccnt_cli.output import Table, write

    columns = ["id", "name", "name_zh", "level", "parent", "parent_name", "targets"]
    write(Table("members", columns, rows, title=pilot.name), fmt, lang=lang.value, ds=ds)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="pilots")
