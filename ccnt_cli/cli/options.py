"""Options shared by several commands, declared once.

A filter option may be repeated: its values combine (``-r Shandong -r Jiangsu``), and different
options narrow (``--kind level --sector power``). The parameter names of a command's filter
options are the field names of ``query.TargetFilter`` / ``query.PolicyFilter``, which are built
from them (``TargetFilter.from_options(ctx.params)``). Ids complete on TAB (``cli/complete.py``).
"""

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ccnt_cli.output import FORMAT_HELP, Format

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
R = TypeVar("R")


def option(*names: str, help: str, **settings: Any) -> Any:
    """An option whose default (``None`` or ``False``) goes without saying in the help."""
    return typer.Option(*names, help=help, show_default=False, **settings)


def argument(metavar: str, help: str) -> Any:
    """A positional argument, named in the help by ``metavar``."""
    return typer.Argument(metavar=metavar, help=help, show_default=False)


def repeatable(*names: str, help: str, many: str = "several") -> Any:
    """A filter option that may be given more than once (its values combine)."""
    return typer.Option(*names, help=f"{help} Repeat for {many}.", show_default=False)


FormatOpt = Annotated[
    Format | None, option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
]
Texts = list[str] | None
RegionOpt = Annotated[
    Texts,
    repeatable(
        "--region",
        "-r",
        help="Region id, English or Chinese name, alias (山东, 鲁, SD) or GB/T 2260 code; "
        "regions below it are included.",
    ),
]
ExactOpt = Annotated[
    bool, typer.Option("--exact", help="Only the regions named, not the regions below them.")
]
IndicatorOpt = Annotated[
    Texts, repeatable("--indicator", "-i", help="Indicator id, name or alias.")
]
KindOpt = Annotated[
    Texts, repeatable("--kind", help="level, change, increment, cumulative or qualitative.")
]
LevelOpt = Annotated[
    Texts,
    repeatable(
        "--level",
        help="Region level: national, province, prefecture, county, district, park, area.",
    ),
]
SectorOpt = Annotated[Texts, repeatable("--sector", help="Sector id.")]
YearOpt = Annotated[list[int] | None, repeatable("--year", help="Target year.")]
PilotOpt = Annotated[Texts, repeatable("--pilot", help="Pilot programme id: its members' targets.")]
PolicyOpt = Annotated[Texts, repeatable("--policy", help="Policy id.")]
SearchOpt = Annotated[
    Texts,
    repeatable(
        "--search",
        help="Text to find in the target's id, sentence, note, tags, policy title or indicator "
        "name.",
        many="any of several",
    ),
]
StatusOpt = Annotated[Texts, repeatable("--status", help="Only targets with this status.")]
OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="File to write (written whole, or not at all).", dir_okay=False
    ),
]
DataDirOpt = Annotated[
    Path | None,
    option(
        "--data-dir",
        "-d",
        help="Data folder (default: $CCNT_DATA_DIR, else the bundled data).",
        envvar="CCNT_DATA_DIR",
        file_okay=False,
    ),
]
AsOfOpt = Annotated[
    int | None,
    option(
        "--as-of",
        help="Use figures for periods ending in or before this year (default: the current year).",
    ),
]


def _date(ctx: typer.Context, param: typer.CallbackParam, text: str | None) -> str | None:
    """A date option's text, once checked to be a date."""
    from ccnt_cli.query import day_span

    if text is not None and day_span(text) is None:
        raise typer.BadParameter(f"{text!r} is not a date; write {DATE_FORMS}")
    return text


def date_option(name: str, help: str) -> Any:
    """An option taking a date as the data writes them, checked when the command line is read."""
    return typer.Option(name, help=help, show_default=False, callback=_date)


KnownAtOpt = Annotated[
    str | None,
    date_option(
        "--known-at",
        f"Use only figures published on or before this day ({DATE_FORMS}; a month or year "
        "means its last day): what was known then.",
    ),
]
SinceOpt = Annotated[
    str | None,
    date_option("--since", f"Published on or after this date ({DATE_FORMS})."),
]
UntilOpt = Annotated[
    str | None,
    date_option("--until", f"Published on or before this date ({DATE_FORMS})."),
]


def parse_day(text: str | None) -> dt.date | None:
    """The ``--known-at`` day: the last day that ``2025``, ``2025-03`` or ``2025-03-31`` can
    mean, as for a figure's publication date; a usage error if ``text`` is not a date."""
    from ccnt_cli.query import day_span

    if text is None:
        return None
    span = day_span(text)
    if span is None:
        raise typer.BadParameter(
            f"{text!r} is not a date; write {DATE_FORMS}", param_hint="--known-at"
        )
    return span[1]


#: the filter options of ``targets list`` and ``progress``: parameter name, type and default
TARGET_FILTERS: tuple[tuple[str, Any, Any], ...] = (
    ("region", RegionOpt, None),
    ("exact", ExactOpt, False),
    ("level", LevelOpt, None),
    ("indicator", IndicatorOpt, None),
    ("sector", SectorOpt, None),
    ("kind", KindOpt, None),
    ("year", YearOpt, None),
    ("pilot", PilotOpt, None),
    ("policy", PolicyOpt, None),
    ("search", SearchOpt, None),
)


def target_filters(command: Callable[..., R]) -> Callable[..., R]:
    """Give a command the options of ``TARGET_FILTERS`` (before its ``--format``), declared
    once here; the command reads them from ``ctx.params`` with ``TargetFilter.from_options``."""
    own = list(inspect.signature(command, eval_str=True).parameters.values())
    names = {p.name for p in own}
    at = next((i for i, p in enumerate(own) if p.name == "fmt"), len(own))
    added = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d, annotation=a)
        for name, a, d in TARGET_FILTERS
    ]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> R:
        return command(*args, **{k: v for k, v in kwargs.items() if k in names})

    run.__signature__ = inspect.Signature([*own[:at], *added, *own[at:]])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in run.__signature__.parameters.values()}  # type: ignore[attr-defined]
    return run


class Lang(StrEnum):
    en = "en"
    zh = "zh"


LangOpt = Annotated[
    Lang,
    option(
        "--lang",
        envvar="CCNT_LANG",
        help="Language of headers, statuses, names, charts and the report: en or zh "
        "(default: $CCNT_LANG, else en). Ids stay ids.",
        case_sensitive=False,
    ),
]
ImageOpt = Annotated[
    Path | None,
    option(
        "--output",
        "-o",
        help="PNG or SVG file to write (default: a chart in the terminal).",
        dir_okay=False,
    ),
]
GapOpt = Annotated[
    bool,
    option(
        "--gap",
        help="Many targets: each one's gap to its target (remaining, in remaining_unit) instead "
        "of its share of the way covered.",
    ),
]
