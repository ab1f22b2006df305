"""``ccnt diff``: what changed between two versions of the data; ``ccnt history``: how one
target looked at each date a figure was published."""

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message
from ccnt_cli.cli.state import State, leave_to_exit, state
from ccnt_cli.errors import ExitCode

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt

    from ccnt_cli.diff import Side
    from ccnt_cli.models import Dataset

AGAINST_HELP = "Compare with another data folder (the older side) instead of a revision."
EXIT_CODE_HELP = "Exit with 3 when something differs (for CI)."
CHANGE_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "revised": "yellow"}
#: what a history row says besides the progress columns it takes from ``rows.progress_row``
HISTORY_OWN = ["known_at", "published", "figures"]
HISTORY_COLUMNS = [
    *HISTORY_OWN,
    "latest_year",
    "achieved",
    "unit",
    "expected",
    "remaining",
    "remaining_unit",
    "status",
    "basis_used",
    "actuals_used",
    "note",
]


def diff(
    ctx: typer.Context,
    rev_a: Annotated[
        str | None, o.argument("[REV_A]", "The older revision (default: HEAD).")
    ] = None,
    rev_b: Annotated[
        str | None, o.argument("[REV_B]", "The newer revision (default: the working tree).")
    ] = None,
    against: Annotated[
        Path | None,
        o.option("--against", metavar="DIR", help=AGAINST_HELP, file_okay=False),
    ] = None,
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
    exit_code: Annotated[bool, o.option("--exit-code", help=EXIT_CODE_HELP)] = False,
) -> None:
    """What changed between two versions of the data folder under git: records added,
    removed and changed field by field, actual rows added, removed and revised, and the
    statuses that changed as a result (both sides with the same --as-of and --known-at).

    No revision: HEAD against the working tree; one: that revision against the working
    tree; two: the first against the second. --against DIR compares two folders without git.
    A summary line ends on stderr."""
    from ccnt_cli.diff import CHANGE_COLUMNS, Side, compare
    from ccnt_cli.gitdata import load_revision, revision

    if against is not None and rev_a is not None:
        raise typer.BadParameter(
            "compare with revisions or with --against DIR, not both", param_hint="--against"
        )
    day = o.parse_day(known_at)
    st = state(ctx)
    root = st.root
    if against is not None:
        old = _folder(st, against, as_of, day)
        new = _working(st, st.label, as_of, day)
    else:
        revs = [revision(root, spec) for spec in (rev_a or "HEAD", rev_b) if spec is not None]
        if rev_b is None:
            new = _working(st, "the working tree", as_of, day)
        elif st.cache:  # the revisions read the working tree's cache for files alike
            from ccnt_cli.cache import parse_all

            parse_all(root).save()
        sides = []
        for repo, rev in revs:  # after the working tree, whose cache they read
            ds = load_revision(root, repo, rev, cache=st.cache)
            sides.append(Side(rev.label, ds, st.results(ds, as_of, day, borrow=root)))
        old, new = sides[0], sides[1] if rev_b is not None else new
    result = compare(old, new, as_of, day)
    for side in (old, new):
        if side.store is not None:
            side.store.save()
    leave_to_exit(old, new, result)
    from ccnt_cli.output import Column, Format, Table, resolve_format, write

    rows = [dataclasses.asdict(c) for c in result.changes]
    chosen = resolve_format(fmt)
    if rows or chosen is not Format.table:
        view = [
            Column(c, style=lambda v: CHANGE_STYLE.get(v, ""))
            if c == "change"
            else Column(c, drop=1 if c == "where" else 0)
            for c in CHANGE_COLUMNS
        ]
        title = f"Changes from {result.old} to {result.new}"
        write(Table("changes", CHANGE_COLUMNS, rows, view, title=title), chosen, lang=lang.value)
    message(result.summary())
    if exit_code and result.changes:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _working(st: State, label: str, as_of: int | None, day: "dt.date | None") -> "Side":
    from ccnt_cli.diff import Side

    ds = st.dataset()
    return Side(label, ds, st.results(ds, as_of, day))


def _folder(st: State, path: Path, as_of: int | None, day: "dt.date | None") -> "Side":
    from ccnt_cli.dataset import load
    from ccnt_cli.diff import Side
    from ccnt_cli.errors import DataError

    try:
        ds = load(path, cache=st.cache)
    except DataError as exc:
        exc.label = str(path)
        raise
    return Side(str(path), ds, st.results(ds, as_of, day))


def history(
    ctx: typer.Context,
    target_id: Annotated[str, typer.Argument(metavar="TARGET_ID", help="The target's id.")],
    as_of: o.AsOfOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """A target's achieved value, remaining and status as known at each date a figure of its
    region and indicator was published (one row per publication date, oldest first)."""
    from ccnt_cli.history import history as target_history
    from ccnt_cli.query import find_target

    ds = state(ctx).dataset()
    t = find_target(ds, target_id)
    if t.kind == "qualitative":
        message(f"{t.id} is qualitative: tracked, never scored, so it has no history of figures")
        return
    points = target_history(ds, t, as_of)
    from ccnt_cli.output import Column, Format, Table, resolve_format, write
    from ccnt_cli.output.columns import status_style

    rows = [_history_row(ds, p) for p in points]
    chosen = resolve_format(fmt)
    if rows or chosen is not Format.table:
        drops = ["note", "actuals_used", "basis_used", "expected", "remaining_unit", "published"]
        view = [
            Column(c, style=status_style if c == "status" else None)
            if c not in drops
            else Column(c, drop=drops.index(c) + 1)
            for c in HISTORY_COLUMNS
        ]
        title = f"{t.id} as known at each publication date"
        table = Table("history", HISTORY_COLUMNS, rows, view, title=title)
        write(table, chosen, lang=lang.value, ds=ds)
    if not points:
        message(f"{t.id}: no dated figures of {t.region}/{t.indicator} to show a history from")
        return
    n = len(points)
    seen = [f"{p.progress.status} as known at {p.known_at}" for p in (points[0], points[-1])]
    seen = seen[:1] if n == 1 else seen
    message(f"{t.id}: {n} publication date{'s' if n != 1 else ''}; {', '.join(seen)}")


def _history_row(ds: "Dataset", point: Any) -> dict[str, Any]:
    from ccnt_cli.diff import as_written
    from ccnt_cli.output.rows import progress_row

    progress = progress_row(ds, point.progress)
    own = (
        point.known_at.isoformat(),
        "; ".join(point.published),
        "; ".join(
            f"{a.period} {a.kind} {as_written(a.raw_value, a.raw_unit)}" for a in point.figures
        ),
    )
    return {
        **dict(zip(HISTORY_OWN, own, strict=True)),
        **{c: progress[c] for c in HISTORY_COLUMNS[len(HISTORY_OWN) :]},
    }


def register(root: typer.Typer) -> None:
    root.command("diff")(diff)
    root.command("history")(history)
