"""``ccnt progress``: how far along each target is, and ``--explain ID`` to check it by hand."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ccnt_cli.cli.options import (
    AsOfOpt,
    ExactOpt,
    FormatOpt,
    KindOpt,
    KnownAtOpt,
    RegionOpt,
    parse_day,
)
from ccnt_cli.cli.render import Format, emit, resolve_format, write_csv
from ccnt_cli.cli.state import leave_to_exit, state

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset
    from ccnt_cli.progress import Progress

STATUS_STYLE = {
    "met": "green",
    "on-track": "cyan",
    "off-track": "yellow",
    "missed": "red",
    "no-data": "dim",
    "qualitative": "magenta",
}


def _bar(share: float | None, width: int = 6) -> str:
    if share is None:
        return ""
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {share * 100:3.0f}%"


def _num(x: float | None, unit: str | None = None) -> str:
    from ccnt_cli.units import format_number

    if x is None:
        return ""
    text = format_number(round(x, 2) + 0.0, 8)
    return f"{text} {unit}".rstrip() if unit else text


def _table_row(p: Progress) -> dict[str, Any]:
    from ccnt_cli.tables import display_unit

    t = p.target
    unit = "%" if t.kind == "change" else display_unit(t.unit)
    if unit == "dimensionless":
        unit = ""
    per_year = "%/yr" if t.kind == "change" else f"{unit}/yr".lstrip("/")
    return {
        "id": t.id,
        "target": (
            f"{t.comparator or ''} {_num(t.value, unit)} by {t.target_year}".strip()
            if t.value is not None
            else f"by {t.target_year}"
            if t.target_year
            else ""
        ),
        "latest": str(p.latest_year or ""),
        "achieved": _num(p.achieved, unit),
        "covered": _bar(p.share_covered),
        "gap": _num(p.remaining, unit),
        "needed/yr": _num(p.required_annual, per_year),
        "status": p.status,
    }


def progress(
    ctx: typer.Context,
    indicator: Annotated[
        str | None,
        typer.Argument(
            help="Indicator id, name or alias (default: every target).", show_default=False
        ),
    ] = None,
    region: RegionOpt = None,
    exact: ExactOpt = False,
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    status: Annotated[
        str | None,
        typer.Option(help="Only targets with this status.", show_default=False),
    ] = None,
    kind: KindOpt = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Show the rows, chain and arithmetic behind one target.",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Progress of targets against reported figures: achieved, gap, pace needed, status."""
    from ccnt_cli.progress import STATUSES, compute
    from ccnt_cli.query import TargetFilter, filter_targets, find_target

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(
            f"{status!r} is not one of {', '.join(STATUSES)}", param_hint="--status"
        )
    day = parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    if explain:
        result = compute(ds, [find_target(ds, explain)], as_of, day, explain=True)[0]
        explain_lines(ds, result, as_of, day, sys.stdout)
        return
    targets = filter_targets(
        ds, TargetFilter(region=region, exact=exact, indicator=indicator, kind=kind)
    )
    store = st.results(ds, as_of, day)
    results = compute(ds, targets, as_of, day, store)
    if store is not None:
        store.save()
    leave_to_exit(results, store)
    if status:
        results = [p for p in results if p.status == status]
    chosen = resolve_format(fmt)
    counts = Counter(p.status for p in results)
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    if chosen is Format.table:
        year = as_of or dt.date.today().year
        title = f"Progress as of {year}" + (f", known at {day}" if day else "")
        emit(
            list(_table_row(results[0]).keys()) if results else ["id"],
            [_table_row(p) for p in results],
            chosen,
            title=title,
            styles={"status": lambda s: STATUS_STYLE.get(s, "")},
            caption=f"{len(results)} targets: {summary or 'none'}",
            wrap=("id", "target"),
            optional=("latest", "needed/yr", "covered"),
        )
    else:
        from ccnt_cli.tables import PROGRESS_COLUMNS, progress_row, progress_values

        if chosen is Format.csv:  # straight from the values: no dict per row
            write_csv(PROGRESS_COLUMNS, [progress_values(p) for p in results], sys.stdout)
        else:
            emit(PROGRESS_COLUMNS, [progress_row(p) for p in results], chosen)
        if summary:
            from ccnt_cli.cli.render import message

            message(f"{len(results)} targets: {summary}")


def explain_lines(
    ds: Dataset, p: Progress, as_of: int | None, day: dt.date | None, out: Any
) -> None:
    """Everything behind one progress figure, as text a person can check by hand."""
    from ccnt_cli.tables import display_unit
    from ccnt_cli.units import format_number as fmt

    t = p.target
    unit = "%" if t.kind == "change" else display_unit(t.unit)
    w = out.write
    w(f"Target {t.id}: {t.region} / {t.indicator} ({t.kind})\n")
    if t.text:
        w(f'  "{t.text}"\n')
    if t.value is not None:
        base = f"from {t.baseline_year} " if t.baseline_year else ""
        w(
            f"  goal: {base}{t.comparator} {fmt(t.value)} {unit} by {t.target_year}"
            f"{f' (basis {t.basis})' if t.basis else ''}\n"
        )
    w(
        f"  as of {as_of or dt.date.today().year}"
        + (f", with figures published by {day}" if day else ", with every vintage")
        + "\n"
    )
    if t.kind == "qualitative":
        w("  qualitative: tracked, never scored\n")
        return
    w("Rows used:\n")
    if not p.steps:
        w("  (none)\n")
    for s in p.steps:
        a = s.actual
        w(
            f"  {a.where.file}:{a.where.line}  {a.period} {a.kind} {a.raw_value} {a.raw_unit}"
            f"  basis={a.basis or '-'} published={a.published or '-'}  source: {a.source}\n"
        )
    if p.considered:
        w("Rows not used:\n")
        for a, why in p.considered:
            w(
                f"  {a.where.file}:{a.where.line}  {a.period} {a.kind} {a.raw_value} {a.raw_unit}"
                f"  basis={a.basis or '-'} published={a.published or '-'}: {why}\n"
            )
    for note in p.notes:
        w(f"Note: {note}\n")
    if p.achieved is None:
        w(f"Status: {p.status}\n")
        return
    latest = p.latest_year or 0
    w("Arithmetic:\n")
    if t.kind == "change" and p.steps and p.steps[-1].factor is not None:
        if any(s.factor is None for s in p.steps):
            w(
                f"  achieved = level {fmt(p.steps[-1].actual.value)} / level "
                f"{fmt(p.steps[0].actual.value)} - 1 = {fmt(p.achieved, 6)}%\n"
            )
        else:
            factors = " x ".join(fmt(s.factor or 0, 8) for s in p.steps)
            w(
                f"  achieved = {factors} - 1 = {fmt(p.achieved / 100 + 1, 8)} - 1 = "
                f"{fmt(p.achieved, 6)}% ({t.baseline_year}-{latest})\n"
            )
        goal = 1 + (t.value or 0) / 100
        got = 1 + p.achieved / 100
        if p.remaining is not None:
            margin = fmt((goal / got - 1) * 100, 6)
            w(
                f"  remaining = (1 + target) / (1 + achieved) - 1 = {fmt(goal, 8)} / {fmt(got, 8)}"
                f" - 1 = {margin}%"
                + (" -> 0: met, with that margin to spare\n" if p.status == "met" else "\n")
            )
        if p.required_annual is not None:
            n = (t.target_year or 0) - latest
            w(
                f"  required per year = ({fmt(goal, 8)} / {fmt(got, 8)}) ** (1/{n}) - 1 = "
                f"{fmt(p.required_annual, 6)}%/yr over {n} year{'s' if n != 1 else ''}\n"
            )
        if p.pace_so_far is not None:
            n = latest - (t.baseline_year or 0)
            w(f"  pace so far = {fmt(got, 8)} ** (1/{n}) - 1 = {fmt(p.pace_so_far, 6)}%/yr\n")
        if p.expected is not None:
            w(
                f"  expected on a steady path = {fmt(goal, 8)} ** ({latest - (t.baseline_year or 0)}"
                f"/{(t.target_year or 0) - (t.baseline_year or 0)}) - 1 = {fmt(p.expected, 6)}%\n"
            )
    else:
        if t.kind in ("increment", "cumulative"):
            parts = " + ".join(fmt(s.actual.value) for s in p.steps if s.factor is None)
            w(f"  achieved = {parts or fmt(p.achieved)} = {fmt(p.achieved)} {unit}\n")
        else:
            w(f"  achieved = latest level ({latest}) = {fmt(p.achieved)} {unit}\n")
        if p.remaining is not None:
            w(
                f"  remaining = target - achieved = {fmt(t.value or 0)} - {fmt(p.achieved)} = "
                f"{fmt((t.value or 0) - p.achieved)} {unit}".rstrip()
                + (" -> 0: met\n" if p.status == "met" else "\n")
            )
        if p.required_annual is not None:
            n = (t.target_year or 0) - latest
            w(
                f"  required per year = {fmt((t.value or 0) - p.achieved)} / {n} = "
                f"{fmt(p.required_annual)} {unit}/yr\n"
            )
        if p.pace_so_far is not None:
            w(
                f"  pace so far = ({fmt(p.achieved)} - {fmt(p.start_value or 0)}) / "
                f"{latest - (p.start_year or 0)} = {fmt(p.pace_so_far)} {unit}/yr "
                f"(from {p.start_year})\n"
            )
        if p.expected is not None:
            w(f"  expected on a steady path = {fmt(p.expected)} {unit}\n")
    w(
        f"Status: {p.status}"
        + (
            f" (share of the way covered: {p.share_covered * 100:.0f}%)"
            if p.share_covered is not None
            else ""
        )
        + "\n"
    )


def register(root: typer.Typer) -> None:
    root.command("progress")(progress)
