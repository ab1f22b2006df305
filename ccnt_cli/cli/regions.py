"""``ccnt regions list``."""

import sys
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import state

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset


app = typer.Typer(
    help="Regions: the nation, provinces, cities, districts, parks and areas.", no_args_is_help=True
)


@app.command("list")
def list_regions(
    ctx: typer.Context,
    region: o.RegionOpt = None,
    level: o.LevelOpt = None,
    tree: Annotated[bool, typer.Option("--tree", help="Show the hierarchy as a tree.")] = False,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
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
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import REGIONS
    from ccnt_cli.output.rows import region_row

    rows = [region_row(r, counts.get(r.id, 0)) for r in picked]
    write(REGIONS.table(rows, caption=f"{len(rows)} regions"), fmt, lang=lang.value, ds=ds)


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
