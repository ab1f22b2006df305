"""``ccnt export``: full records to a file (or stdout) for a report, saying what they are."""

from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message, notes
from ccnt_cli.cli.state import state
from ccnt_cli.errors import did_you_mean
from ccnt_cli.output import Format

WHAT = ("targets", "progress", "actuals")


#: the filters that apply to reported figures (the others select targets)
ACTUAL_FILTERS = ("region", "exact", "indicator")


@o.target_filters
def export(
    ctx: typer.Context,
    what: Annotated[str, typer.Option("--what", "-w", help="targets, progress or actuals.")],
    output: o.OutputOpt,
    fmt: Annotated[
        Format | None,
        o.option(
            "--format",
            "-f",
            help="csv, json, xlsx, md, parquet or iamc (default: from the file's extension; "
            "CSV for -o -).",
            case_sensitive=False,
        ),
    ] = None,
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Write full records (target text, policy, issuer, url and source included) to a file, or
    to stdout with -o -; JSON, Markdown, XLSX and Parquet say what they are (options, run date,
    data version). Targets and progress take the filters of `targets list`; actuals take
    --region, --exact and --indicator."""
    from ccnt_cli.output import is_stdout, resolve_format, write
    from ccnt_cli.output.columns import ACTUALS, PROGRESS_EXPORT, TARGET_EXPORT
    from ccnt_cli.output.meta import export_meta, run_date
    from ccnt_cli.output.rows import actual_row, progress_record, target_record
    from ccnt_cli.query import TargetFilter, filter_actuals, filter_targets

    if what not in WHAT:
        close = did_you_mean(what, WHAT)
        raise typer.BadParameter(
            f"{what!r} is not one of {', '.join(WHAT)}" + (f"; {close}" if close else ""),
            param_hint="--what",
        )
    if fmt is Format.table:
        raise typer.BadParameter(
            "a table is for a terminal; export csv, md, ...", param_hint="--format"
        )
    dest = str(output)
    chosen = resolve_format(fmt or (Format.csv if is_stdout(dest) else None), dest)
    st = state(ctx)
    ds = st.dataset()
    day = None
    given = TargetFilter.from_options(ctx.params)
    if what == "actuals":
        other = [n for n, _, _ in o.TARGET_FILTERS if n not in ACTUAL_FILTERS and ctx.params[n]]
        if other:
            flag = "--" + other[0].replace("_", "-")
            raise typer.BadParameter(
                f"{flag} selects targets; actuals take --region, --exact and --indicator",
                param_hint=flag,
            )
        listing = ACTUALS
        p = ctx.params
        rows = [
            actual_row(ds, a) for a in filter_actuals(ds, p["region"], p["exact"], p["indicator"])
        ]
    else:
        targets = filter_targets(ds, given)
        if what == "targets":
            listing = TARGET_EXPORT
            rows = [target_record(ds, t) for t in targets]
        else:
            from ccnt_cli.progress import compute

            listing = PROGRESS_EXPORT
            day = o.parse_day(known_at)
            as_of = as_of if as_of is not None else run_date().year
            store = st.results(ds, as_of, day)
            results = compute(ds, targets, as_of, day, store)
            if store is not None:
                store.save()
            rows = [progress_record(ds, p) for p in results]
    options = {
        k: v
        for k, v in ctx.params.items()
        if k not in ("output", "fmt", "what", "as_of", "known_at", "lang")
        and v not in (None, False, ())
    }
    meta = export_meta(
        what,
        st.root,
        st.label,
        rows=len(rows),
        as_of=as_of if what == "progress" else None,
        known_at=day,
        options=options,
        lang=lang.value,
    )
    written = write(listing.table(rows), chosen, dest, meta=meta, lang=lang.value, ds=ds)
    where = "stdout" if is_stdout(dest) else dest
    shape = f", {written.rows} IAMC rows" if chosen is Format.iamc else ""
    message(f"Wrote {len(rows)} {what} rows to {where} ({chosen}{shape})")
    notes(written.notes)


def register(root: typer.Typer) -> None:
    root.command("export")(export)
