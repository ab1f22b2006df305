"""``ccnt validate``: check a data folder and report every problem at once."""

from __future__ import annotations

import typer

from ccnt_cli.cli.options import FormatOpt
from ccnt_cli.cli.render import message, report_problems
from ccnt_cli.cli.state import state
from ccnt_cli.errors import DataError, ExitCode

PROBLEM_COLUMNS = ["file", "line", "record", "field", "message", "hint"]


def validate(ctx: typer.Context, fmt: FormatOpt = None) -> None:
    """Check every registry, target file and actuals CSV; exit 0 when clean, 2 when not.

    Without --format, problems are printed one per line on stderr; with --format they are
    written to stdout as data (json, csv, md).
    """
    from ccnt_cli.dataset import check

    st = state(ctx)
    root = st.root
    try:
        ds, problems = check(root, cache=st.cache)
    except DataError as exc:  # not a data folder at all
        ds, problems = None, exc.problems
    counts = {
        "regions": len(ds.regions) if ds else 0,
        "indicators": len(ds.indicators) if ds else 0,
        "pilots": len(ds.pilots) if ds else 0,
        "policies": len(ds.policies) if ds else 0,
        "targets": len(ds.targets) if ds else 0,
        "actuals": len(ds.actuals) if ds else 0,
    }
    from ccnt_cli.output import Format, Table, write, write_json

    rows = [p.to_dict() for p in problems]
    if fmt is Format.json:
        write_json({"ok": not problems, "data_dir": str(root), "counts": counts, "problems": rows})
    elif fmt is not None:
        write(Table("problems", PROBLEM_COLUMNS, rows, title="Problems"), fmt)
    elif problems:
        report_problems(problems, st.label)
    if problems:
        if fmt is not None:
            n = len(problems)
            message(f"{n} problem{'s' if n != 1 else ''} in {st.label}", "bold red")
        raise typer.Exit(ExitCode.USAGE_OR_INVALID_INPUT)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    message(f"OK: {summary} in {st.label}", "green")


def register(root: typer.Typer) -> None:
    root.command("validate")(validate)
