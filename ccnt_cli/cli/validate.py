"""``ccnt validate``: check a data folder and report every problem at once; ``--checks`` adds
the consistency checks (warnings)."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message, report_problems
from ccnt_cli.cli.state import state
from ccnt_cli.errors import DataError, ExitCode

PROBLEM_COLUMNS = ["file", "line", "record", "field", "message", "hint"]
#: with --checks: each row says whether it is an error or a warning, and which check found it
CHECK_COLUMNS = ["severity", "check", *PROBLEM_COLUMNS]


def validate(
    ctx: typer.Context,
    checks: Annotated[
        bool,
        typer.Option(
            "--checks",
            help="Also run the consistency checks (roll-ups, weaker targets, duplicates, "
            "figures that disagree): warnings, exit 0.",
        ),
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="With --checks: exit 3 when a check finds something.")
    ] = False,
    tolerance: Annotated[
        float,
        typer.Option(
            help="With --checks: how far figures may disagree, in percentage points for "
            "changes and percent for amounts.",
            min=0,
        ),
    ] = 0.2,
    fmt: o.FormatOpt = None,
) -> None:
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
    found = []
    if checks and ds is not None and not problems:  # checks run on valid data only
        from ccnt_cli.checks import run

        found = run(ds, tolerance)
    from ccnt_cli.output import Format, Table, write, write_json

    rows = [p.to_dict() for p in problems]
    if fmt is Format.json:
        out = {"ok": not problems, "data_dir": str(root), "counts": counts, "problems": rows}
        if checks:
            out["warnings"] = [f.to_dict() for f in found]
        write_json(out)
    elif fmt is not None and checks:
        rows = [{"severity": "error", **r} for r in rows]
        rows += [{"severity": "warning", **f.to_dict()} for f in found]
        write(Table("problems", CHECK_COLUMNS, rows, title="Problems and warnings"), fmt)
    elif fmt is not None:
        write(Table("problems", PROBLEM_COLUMNS, rows, title="Problems"), fmt)
    elif problems:
        report_problems(problems, st.label)
    else:
        for f in found:
            message(f"warning: {f.one_line()}", "yellow")
    if problems:
        if fmt is not None:
            n = len(problems)
            message(f"{n} problem{'s' if n != 1 else ''} in {st.label}", "bold red")
        raise typer.Exit(ExitCode.USAGE_OR_INVALID_INPUT)
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    message(f"OK: {summary} in {st.label}", "green")
    if checks:
        n = len(found)
        message(
            f"{n} warning{'s' if n != 1 else ''} from the checks"
            + (" (--strict: a check failed)" if strict and n else ""),
            "yellow" if n else "green",
        )
        if strict and n:
            raise typer.Exit(ExitCode.CHECK_FAILED)


def register(root: typer.Typer) -> None:
    root.command("validate")(validate)
