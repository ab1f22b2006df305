"""``ccnt regions list``."""

import sys
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ccnt_cli.cli.options import FormatOpt, Lang, LangOpt, LevelOpt, RegionOpt
from ccnt_cli.cli.state import state

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset

COLUMNS = ["id", "name", "name_zh", "level", "parent", "code", "aliases", "members", "targets"]

app = typer.Typer(
    help="Regions: the nation, provinces, cities, districts, parks and areas.", no_args_is_help=True
)


@app.command("list")
def list_regions(
    ctx: typer.Context,
    region: RegionOpt = None,
    level: LevelOpt = None,
    tree: Annotated[bool, typer.Option("--tree", help="Show the hierarchy as a tree.")] = False,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """List regions with their codes, aliases and number of targets."""
    from ccnt_cli.query import filter_regions, find_region

    ds = state(ctx).dataset()
    counts = Counter(t.region for t in ds.targets.values())
    picked = filter_regions(ds, region, level)
    starts = [find_region(ds, r).id for r in region or ()]
    if tree:
        _print_tree(ds, starts, counts)
        return
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "name_zh": r.name_zh,
            "level": r.level,
            "parent": r.parent,
            "code": r.code,
            "aliases": list(r.aliases),
            "members": list(r.members),
            "targets": counts.get(r.id, 0),
        }
        for r in picked
    ]
    from ccnt_cli.output import Table, write

    view = ("id", "name", "name_zh", "level", "parent", "code", "targets")
    table = Table("regions", COLUMNS, rows, view, caption=f"{len(rows)} regions")
    write(table, fmt, lang=lang.value, ds=ds)


def _print_tree(ds: "Dataset", starts: list[str], counts: Counter[str]) -> None:
    from ccnt_cli.query import children

    below = children(ds)
    roots = starts or [r.id for r in ds.regions.values() if not r.parent]

    def label(rid: str) -> str:
        r = ds.regions[rid]
        n = counts.get(rid, 0)
        zh = f" {r.name_zh}" if r.name_zh else ""
        return f"{r.name}{zh} [{r.level}] ({rid})" + (
            f" - {n} target{'s' if n != 1 else ''}" if n else ""
        )

    def kids(rid: str) -> list[str]:
        # an area's members are shown under their own parent, not twice
        return (
            []
            if ds.regions[rid].level == "area"
            else [c for c in below[rid] if ds.regions[c].parent == rid]
        )

    from ccnt_cli.output import Format, resolve_format

    if resolve_format(None) is Format.table:
        from rich.tree import Tree

        from ccnt_cli.output.fmt_table import console

        def add(node: Any, rid: str) -> None:
            for c in kids(rid):
                add(node.add(label(c)), c)

        for root in roots:
            t = Tree(label(root))
            add(t, root)
            console().print(t)
        return
    out = sys.stdout

    def walk(rid: str, depth: int) -> None:
        out.write("  " * depth + label(rid) + "\n")
        for c in kids(rid):
            walk(c, depth + 1)

    for root in roots:
        walk(root, 0)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="regions")
