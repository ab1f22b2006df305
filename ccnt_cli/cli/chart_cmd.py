"""``ccnt chart``: one target's progress as a picture, or many targets of an indicator."""

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import state

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset, Target
    from ccnt_cli.query import TargetFilter

SMALL_HELP = "Many targets as small multiples instead of bars."
#: at most this many panels in --small, and bars in a bar chart
MAX_SMALL, MAX_BARS = 24, 80


@o.target_filters
def chart(
    ctx: typer.Context,
    what: Annotated[
        str,
        o.argument(
            "TARGET|INDICATOR",
            "A target id (one target), or an indicator id, name or alias (its targets).",
        ),
    ],
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    status: o.StatusOpt = None,
    small: Annotated[bool, o.option("--small", help=SMALL_HELP)] = False,
    gap: o.GapOpt = False,
    output: o.ImageOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Draw progress: one target (figures, steady path, target, status), or an indicator's
    targets (share of the way covered, by status). With --gap, each target's gap to its goal
    instead. PNG or SVG with -o; text without. Takes the filters of `progress` for an
    indicator's targets."""
    from ccnt_cli.errors import LookupFailed, suggest

    if output is not None and output.suffix.lower() not in (".png", ".svg"):
        raise typer.BadParameter(f"{output.name!r} is neither .png nor .svg", param_hint="--output")
    day = o.parse_day(known_at)
    ds = state(ctx).dataset()
    if gap and (small or what in ds.targets):
        raise typer.BadParameter(
            "is for an indicator's targets as bars, not one target or --small", param_hint="--gap"
        )
    if what in ds.targets:
        _one(ds, ds.targets[what], as_of, day, output, lang.value)
        return
    from ccnt_cli.query import TargetFilter, filter_targets, find_indicator

    try:
        indicator = find_indicator(ds, what)
    except LookupFailed:
        close = suggest(what, [*ds.targets, *ds.indicators])
        raise LookupFailed("target or indicator", what, close) from None
    chosen = TargetFilter.from_options({**ctx.params, "indicator": [indicator.id]})
    targets = filter_targets(ds, chosen)
    _many(ctx, ds, targets, as_of, day, chosen, small, output, lang.value, gap)


def _one(
    ds: "Dataset",
    target: "Target",
    as_of: int | None,
    day: dt.date | None,
    output: Path | None,
    lang: str,
) -> None:
    from ccnt_cli.charts.model import target_chart
    from ccnt_cli.explain import explain

    drawn = target_chart(ds, explain(ds, target, as_of, day), lang)
    if output is None:
        from ccnt_cli.charts.term import target_lines

        _print(target_lines(drawn), drawn.status)
        return
    from ccnt_cli.charts.mpl import write_target

    write_target(drawn, output)
    _wrote(output)


def _many(
    ctx: typer.Context,
    ds: "Dataset",
    targets: "list[Target]",
    as_of: int | None,
    day: dt.date | None,
    chosen: "TargetFilter",
    small: bool,
    output: Path | None,
    lang: str,
    gap: bool = False,
) -> None:
    from ccnt_cli import i18n
    from ccnt_cli.charts.model import bar_chart, more

    st = state(ctx)
    results = st.progress(ds, targets, as_of, day)
    from ccnt_cli.query import with_status

    results = with_status(results, chosen)
    year = as_of or dt.date.today().year
    indicator = i18n.name(ds.indicators[targets[0].indicator], lang) if targets else ""
    subtitle = (
        i18n.tr("{n} targets", lang, n=len(results))
        + " · "
        + i18n.tr("as of {year}", lang, year=year)
    )
    if small:
        from ccnt_cli.charts.model import target_chart
        from ccnt_cli.explain import explain_many

        scored = [p.target for p in results if p.status != "qualitative"]
        shown = explain_many(ds, scored[:MAX_SMALL], as_of, day)
        charts = [target_chart(ds, e, lang) for e in shown]
        note = more(len(scored) - len(charts), lang)
        if output is None:
            from ccnt_cli.charts.term import target_lines

            for c in charts:
                _print(target_lines(c, width=24), c.status)
            return
        from ccnt_cli.charts.mpl import write_small

        write_small(output, charts, f"{indicator} · {subtitle}", note)
        _wrote(output)
        return
    drawn = bar_chart(ds, results, lang, indicator, subtitle, gap=gap, limit=MAX_BARS)
    if output is None:
        from ccnt_cli.charts.term import bar_lines

        _print(bar_lines(drawn), None)
        return
    from ccnt_cli.charts.mpl import write_bars

    write_bars(output, drawn)
    _wrote(output)


def _print(lines: list[str], status: str | None) -> None:
    from ccnt_cli.output.fmt_table import console

    if not sys.stdout.isatty():
        sys.stdout.write("\n".join(lines) + "\n")
        return
    from rich.text import Text

    from ccnt_cli.charts.model import STATUS_COLOURS

    con = console()
    con.print(Text(lines[0], style=f"bold {STATUS_COLOURS.get(status or '', '')}".strip()))
    for line in lines[1:]:
        con.print(Text(line))


def _wrote(path: Path) -> None:
    from ccnt_cli.cli.render import message

    message(f"wrote {path}")


def register(root: typer.Typer) -> None:
    root.command("chart")(chart)
