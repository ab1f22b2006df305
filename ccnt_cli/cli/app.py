"""The ``ccnt`` command: global options, the command groups, and the one place where library
errors become messages and exit codes."""

from __future__ import annotations

import gc
import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ccnt_cli import __version__
from ccnt_cli.cli import (
    actuals_cmd,
    chart_cmd,
    compare_cmd,
    complete,
    diff_cmd,
    draft_cmd,
    export_cmd,
    indicators,
    init_cmd,
    pilots,
    policies,
    progress_cmd,
    regions,
    report_cmd,
    rollup_cmd,
    summary_cmd,
    targets,
    units_cmd,
    validate,
)
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


class CcntGroup(TyperGroup):
    """Turns library errors into a message on stderr and a named exit code; no traceback for a
    user's mistake, one with ``--debug`` (or ``CCNT_DEBUG=1``) for ours."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if "_CCNT_COMPLETE" in os.environ:  # the shell asks what completes the command line
            complete.prepare(self)
        return super().main(*args, **kwargs)

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


for module in (
    actuals_cmd,
    progress_cmd,
    targets,
    policies,
    regions,
    indicators,
    pilots,
    validate,
    units_cmd,
    export_cmd,
    chart_cmd,
    report_cmd,
    init_cmd,
    complete,
    diff_cmd,
    draft_cmd,
    compare_cmd,
    summary_cmd,
    rollup_cmd,
):
    module.register(app)


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
