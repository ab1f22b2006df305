"""``ccnt progress``: how far along each target is, and ``--explain ID`` to check it by hand."""

import datetime as dt
import functools
import sys
from collections import Counter
from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.state import leave_to_exit, state


@o.target_filters
def progress(
    ctx: typer.Context,
    indicator_or_target: Annotated[
        list[str] | None,
        o.argument(
            "[INDICATOR|TARGET]...",
            "Indicator ids, names or aliases, or target ids (default: every target).",
        ),
    ] = None,
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    status: o.StatusOpt = None,
    explain: Annotated[
        str | None,
        o.option(
            "--explain",
            metavar="ID",
            help="Show the rows, chain and arithmetic behind one target.",
        ),
    ] = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Progress of targets against reported figures: achieved, gap, pace needed, status.

    Takes the filters of `targets list`; values of one option combine, different options
    narrow."""
    from ccnt_cli.progress import STATUSES, compute
    from ccnt_cli.query import TargetFilter, filter_targets, find_target, with_status

    day = o.parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    if explain:
        from ccnt_cli.explain import explain as explain_target
        from ccnt_cli.output import Format, write_json

        found = explain_target(ds, find_target(ds, explain), as_of, day)
        if fmt is Format.json:
            write_json(found.to_dict())
        else:
            sys.stdout.write(found.to_markdown() if fmt is Format.md else found.to_text())
        return
    chosen_filter = TargetFilter.from_options(ctx.params)
    targets = filter_targets(ds, chosen_filter)
    store = st.results(ds, as_of, day)
    results = compute(ds, targets, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(results, store)
    results = with_status(results, chosen_filter)
    from ccnt_cli.output import Format, RowsOf, resolve_format, write
    from ccnt_cli.output.columns import PROGRESS
    from ccnt_cli.output.rows import progress_values

    chosen = resolve_format(fmt)
    counts = Counter(p.status for p in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    year = as_of or dt.date.today().year
    table = PROGRESS.table(
        # value tuples (no dict per row for CSV), made as the writer reads them
        RowsOf(results, functools.partial(progress_values, ds)),
        title=f"Progress as of {year}" + (f", known at {day}" if day else ""),
        caption=_caption(counts, len(results), lang.value),
    )
    written = write(table, chosen, lang=lang.value, ds=ds)
    if chosen is not Format.table:
        from ccnt_cli.cli.render import message, notes

        notes(written.notes)
        if summary:
            message(f"{len(results)} targets: {summary}")


def _caption(counts: Counter[str], n: int, lang: str) -> str:
    from ccnt_cli import i18n
    from ccnt_cli.progress import STATUSES

    summary = ", ".join(f"{counts[s]} {i18n.status(s, lang)}" for s in STATUSES if counts[s])
    return f"{i18n.tr('{n} targets', lang, n=n)}: {summary or i18n.tr('none', lang)}"


def register(root: typer.Typer) -> None:
    root.command("progress")(progress)
