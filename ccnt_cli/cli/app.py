"""The ``ccnt`` command: global options, the table of commands, and the one place where library
errors become messages and exit codes.

A command's module is imported only when that command runs (or is completed): ``ccnt --help``
lists the commands from ``COMMANDS`` without building them, and ``ccnt targets list`` builds
``targets`` alone. A test holds each line of ``COMMANDS`` to its command's own help.
"""

import gc
import importlib
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from ccnt_cli import __version__
from ccnt_cli.cli.options import DataDirOpt
from ccnt_cli.cli.render import message, report_problems
from ccnt_cli.cli.state import State
from ccnt_cli.errors import (
    CcntError,
    DataError,
    ExitCode,
    LookupFailed,
    LookupsFailed,
    UnitError,
)


class Command(NamedTuple):
    name: str
    #: the module of ``ccnt_cli.cli`` whose ``register`` adds the command
    module: str
    #: the first line of its help, for ``ccnt --help``
    summary: str


#: every command, in the order ``ccnt --help`` lists them
COMMANDS: tuple[Command, ...] = (
    Command(
        "progress",
        "progress_cmd",
        "Progress of targets against reported figures: achieved, gap, pace needed, status.",
    ),
    Command(
        "targets",
        "targets",
        "List and show targets.",
    ),
    Command(
        "policies",
        "policies",
        "Policies: the plans and notices targets come from; find them, see what they set.",
    ),
    Command(
        "actuals",
        "actuals_cmd",
        "Reported figures (actuals): list them, add one.",
    ),
    Command(
        "regions",
        "regions",
        "Regions: the nation, provinces, cities, districts, parks and areas.",
    ),
    Command(
        "indicators",
        "indicators",
        "Indicators: what targets measure, in which canonical unit.",
    ),
    Command(
        "pilots",
        "pilots",
        "Pilot programmes (national carbon peak pilots) and their members.",
    ),
    Command(
        "compare",
        "compare_cmd",
        "One row per region: its target for the year, achieved, remaining, pace, status; ranked furthest from the goal first, regions without a target last.",
    ),
    Command(
        "summary",
        "summary_cmd",
        "Counts of targets by status (every status of the progress rules) per group, and totals.",
    ),
    Command(
        "rollup",
        "rollup_cmd",
        "Per period, the child regions' figures summed against the region's own, and the same for targets of one year; only amounts, capacities and counts add up.",
    ),
    Command(
        "validate",
        "validate",
        "Check every registry, target file and actuals CSV; exit 0 when clean, 2 when not.",
    ),
    Command(
        "chart",
        "chart_cmd",
        "Draw progress: one target (figures, steady path, target, status), or an indicator's targets (share of the way covered, by status).",
    ),
    Command(
        "report",
        "report_cmd",
        "Write a static HTML report: status counts, every target with a chart, the rows and arithmetic behind each figure.",
    ),
    Command(
        "export",
        "export_cmd",
        "Write full records (target text, policy, issuer, url and source included) to a file, or to stdout with -o -; JSON, Markdown, XLSX and Parquet say what they are (options, run date, data version).",
    ),
    Command(
        "diff",
        "diff_cmd",
        "What changed between two versions of the data folder under git: records added, removed and changed field by field, actual rows added, removed and revised, and the statuses that changed as a result (both sides with the same --as-of and --known-at).",
    ),
    Command(
        "history",
        "diff_cmd",
        "A target's achieved value, remaining and status as known at each date a figure of its region and indicator was published (one row per publication date, oldest first).",
    ),
    Command(
        "draft",
        "draft_cmd",
        "Draft target records from policy text, for a person to review.",
    ),
    Command(
        "units",
        "units_cmd",
        "Read and convert quantities, Chinese forms included.",
    ),
    Command(
        "init",
        "init_cmd",
        "Copy the bundled targets/ and data/ into DIR, to edit and use with --data-dir DIR.",
    ),
    Command(
        "completion",
        "complete",
        "Print the shell completion script: commands, options and ids complete on TAB.",
    ),
)
_BY_NAME = {c.name: c for c in COMMANDS}


def load_command(name: str) -> Any:
    """The click command ``name``, built from its module (imported now)."""
    module = importlib.import_module(f"ccnt_cli.cli.{_BY_NAME[name].module}")
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    module.register(holder)
    return typer.main.get_group(holder).commands[name]


class CcntGroup(TyperGroup):
    """Builds each command when it is first asked for (``COMMANDS``); turns library errors into
    a message on stderr and a named exit code: no traceback for a user's mistake, one with
    ``--debug`` (or ``CCNT_DEBUG=1``) for ours."""

    completing = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if "_CCNT_COMPLETE" in os.environ:  # the shell asks what completes the command line
            from ccnt_cli.cli import complete

            complete.prepare(self)
            self.completing = True
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: Any) -> list[str]:
        return [c.name for c in COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in _BY_NAME:
            found = self.commands[cmd_name] = load_command(cmd_name)
            if self.completing:
                from ccnt_cli.cli import complete

                complete.attach(found)
        return found

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands and their summaries, from ``COMMANDS`` (nothing is imported)."""
        from typer._click.utils import make_default_short_help

        width = max(len(c.name) for c in COMMANDS)
        limit = formatter.width - 6 - width
        rows = [(c.name, make_default_short_help(c.summary, limit)) for c in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DataError as exc:
            if not getattr(exc, "reported", False):
                label = exc.label or (ctx.obj.label if isinstance(ctx.obj, State) else None)
                report_problems(exc.problems, label)
            raise typer.Exit(ExitCode.USAGE_OR_INVALID_INPUT) from None
        except LookupsFailed as exc:
            for failure in exc.failures:
                message(f"Error: {failure}", "red")
            raise typer.Exit(ExitCode.USAGE_OR_INVALID_INPUT) from None
        except (LookupFailed, UnitError) as exc:
            hint = getattr(exc, "hint", None)
            message(f"Error: {exc}" + (f" ({hint})" if hint else ""), "red")
            raise typer.Exit(ExitCode.USAGE_OR_INVALID_INPUT) from None
        except CcntError as exc:
            message(f"Error: {exc}", "red")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (e.g. `| head`): not an error
            raise typer.Exit(ExitCode.OK) from None
        except Exception as exc:
            if type(exc).__module__.startswith("typer"):  # usage errors, Exit, Abort
                raise
            debug = isinstance(ctx.obj, State) and ctx.obj.debug
            if debug:
                traceback.print_exc()
            message(f"Internal error: {type(exc).__name__}: {exc}", "red")
            if not debug:
                message("Run again with --debug for a traceback, and please report it.")
            raise typer.Exit(ExitCode.INTERNAL_ERROR) from None


app = typer.Typer(
    cls=CcntGroup,
    name="ccnt",
    help="Track China's carbon-neutrality targets: list them, check the data, convert units, "
    "and measure progress against reported figures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ccnt {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data_dir: DataDirOpt = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse every file again; neither read nor write the cache."
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", envvar="CCNT_DEBUG", help="Show a traceback on internal errors."),
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    ctx.obj = State(data_dir=Path(data_dir) if data_dir else None, cache=not no_cache, debug=debug)


def main() -> None:
    """Entry point of the ``ccnt`` script."""
    # One short-lived run builds many objects and frees few: the cyclic garbage collector would
    # rescan them over and over (about a third of a 10,000-target run). Reference counting
    # still frees everything that is not a cycle.
    gc.disable()
    from ccnt_cli.cli import state as state_module

    state_module.LEFT_TO_EXIT = []
    try:
        app()
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code + "\n")
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    # Leave without freeing a run's objects one by one (tens of milliseconds at 10,000
    # targets): flush what was written and let the system reclaim the memory at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass  # the reader went away, or the stream is closed: nothing more to say
    os._exit(code)
