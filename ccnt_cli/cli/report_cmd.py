"""``ccnt report -o DIR``: every target's progress as a static site for any browser."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import leave_to_exit, state


@o.target_filters
def report(
    ctx: typer.Context,
    output: Annotated[
        Path,
        o.option(
            "--output",
            "-o",
            help="Folder to write the site to (replaced whole when it holds an earlier report).",
            file_okay=False,
        ),
    ],
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    status: o.StatusOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Write a static HTML report: status counts, every target with a chart, the rows and
    arithmetic behind each figure. Opens from file:// with no network. Takes the filters of
    `progress`."""
    from ccnt_cli.query import TargetFilter, filter_targets, with_status

    day = o.parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    chosen = TargetFilter.from_options(ctx.params)
    targets = filter_targets(ds, chosen)
    if status:
        results = st.progress(ds, targets, as_of, day)
        targets = [p.target for p in with_status(results, chosen)]
    from ccnt_cli.report.build import build

    with _progress_bar() as tick:
        built = build(ds, targets, output, as_of, day, lang.value, tick)
    leave_to_exit(built)
    from ccnt_cli.cli.render import message

    message(
        f"wrote {built.pages} pages ({built.targets} targets) to {built.folder}; "
        f"open {built.folder / 'index.html'}"
    )


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal (stderr); nothing elsewhere."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ccnt_cli.output.fmt_table import console

    bar = Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task("pages", total=None)

    def tick(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield tick


def register(root: typer.Typer) -> None:
    root.command("report")(report)
