"""Options shared by several commands, declared once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from ccnt_cli.cli.render import Format

FormatOpt = Annotated[
    Optional[Format],  # noqa: UP045 - typer reads the annotation at run time
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json or md (default: table on a terminal, CSV in a pipe).",
        case_sensitive=False,
        show_default=False,
    ),
]
RegionOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--region",
        "-r",
        help="Region id, English or Chinese name, or alias; regions below it are included.",
        show_default=False,
    ),
]
ExactOpt = Annotated[
    bool, typer.Option("--exact", help="Only the region itself, not the regions below it.")
]
IndicatorOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--indicator", "-i", help="Indicator id, name or alias.", show_default=False),
]
KindOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--kind", help="level, change, increment, cumulative or qualitative.", show_default=False
    ),
]
OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="File to write (written whole, or not at all).", dir_okay=False
    ),
]
DataDirOpt = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--data-dir",
        "-d",
        help="Data folder (default: $CCNT_DATA_DIR, else the bundled data).",
        envvar="CCNT_DATA_DIR",
        file_okay=False,
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--as-of",
        help="Use figures for periods ending in or before this year (default: the current year).",
        show_default=False,
    ),
]
KnownAtOpt = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--known-at",
        help="Use only figures published on or before this day (YYYY-MM-DD): what was known then.",
        show_default=False,
    ),
]


def parse_day(text: str | None) -> dt.date | None:
    """The ``--known-at`` day, or a usage error."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; write YYYY-MM-DD", param_hint="--known-at"
        ) from None
