"""``ccnt policies list`` and ``ccnt policies show``: the policy documents targets come from."""

import sys
from collections import Counter
from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import notes
from ccnt_cli.cli.state import state

app = typer.Typer(
    help="Policies: the plans and notices targets come from; find them, see what they set.",
    no_args_is_help=True,
)


@app.command("list")
def list_policies(
    ctx: typer.Context,
    region: o.RegionOpt = None,
    exact: o.ExactOpt = False,
    issuer: Annotated[
        o.Texts, o.repeatable("--issuer", help="Text in the name of an issuer (case-insensitive).")
    ] = None,
    type: Annotated[
        o.Texts,
        o.repeatable("--type", help="Policy type (action-plan, five-year-plan, notice, ...)."),
    ] = None,
    level: o.LevelOpt = None,
    since: o.SinceOpt = None,
    until: o.UntilOpt = None,
    search: Annotated[
        o.Texts,
        o.repeatable(
            "--search", help="Text in the title (English or Chinese).", many="any of several"
        ),
    ] = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """List policies, filtered: values of one option combine, different options narrow.

    A policy dated only by its year or month is kept when that year or month overlaps
    --since/--until; an undated one only when neither is given."""
    from ccnt_cli.output import write
    from ccnt_cli.output.columns import POLICIES
    from ccnt_cli.output.rows import policy_row
    from ccnt_cli.query import PolicyFilter, filter_policies

    ds = state(ctx).dataset()
    counts = Counter(t.policy for t in ds.targets.values())
    found = filter_policies(ds, PolicyFilter.from_options(ctx.params))
    rows = [policy_row(ds, p, counts.get(p.id, 0)) for p in found]
    caption = f"{len(rows)} polic{'ies' if len(rows) != 1 else 'y'}"
    notes(write(POLICIES.table(rows, caption=caption), fmt, lang=lang.value, ds=ds).notes)


@app.command("show")
def show_policy(
    ctx: typer.Context,
    policy_id: Annotated[str, typer.Argument(metavar="ID", help="Policy id.")],
    as_of: o.AsOfOpt = None,
    known_at: o.KnownAtOpt = None,
    fmt: o.FormatOpt = None,
    lang: o.LangOpt = o.Lang.en,
) -> None:
    """Show one policy (issuer, date, link, source) and every target it sets, with its status."""
    from ccnt_cli.output import Format, resolve_format, write, write_json
    from ccnt_cli.output.columns import POLICY_SHOW_COLUMNS, POLICY_TARGETS
    from ccnt_cli.output.lang import fields_table, record_in, rows_in
    from ccnt_cli.output.rows import POLICY_TARGET_COLUMNS, policy_row, policy_target_row
    from ccnt_cli.progress import compute
    from ccnt_cli.query import TargetFilter, filter_targets, find_policy

    day = o.parse_day(known_at)
    st = state(ctx)
    ds = st.dataset()
    policy = find_policy(ds, policy_id)
    store = st.results(ds, as_of, day)
    results = compute(ds, filter_targets(ds, TargetFilter(policy=policy.id)), as_of, day, store)
    if store is not None:
        store.save()
    record = policy_row(ds, policy, len(results))
    del record["targets"]
    record["defined_at"] = f"{policy.where.file}:{policy.where.line}"
    targets = [policy_target_row(ds, p) for p in results]
    chosen = resolve_format(fmt)
    if chosen is Format.json:
        shown = rows_in(ds, "policy", POLICY_TARGET_COLUMNS, targets, lang.value, keyed=True)
        write_json({**record_in(ds, "policies", record, lang.value, keyed=True), "targets": shown})
        return
    n = len(targets)
    caption = f"{n} target{'s' if n != 1 else ''}"
    if chosen in (Format.table, Format.md):  # the policy's fields, then its targets
        from ccnt_cli.output import Table

        shown_record = record_in(ds, "policies", record, lang.value, keyed=False)
        write(fields_table("policy", shown_record, lang.value, title=record["id"]), chosen)
        if chosen is Format.md:
            sys.stdout.write("\n")
        view = POLICY_TARGETS.view
        title = "Targets it sets"
        table = Table("policy", POLICY_TARGET_COLUMNS, targets, view, title, caption)
        write(table, chosen, lang=lang.value, ds=ds)
        return
    # one table: a row per target with the policy's fields first (one row of them if none)
    own = {"policy": record["id"], **{c: record[c] for c in POLICY_SHOW_COLUMNS[1:]}}
    rows = [{**own, **t} for t in targets] or [own]
    table = POLICY_TARGETS.table(rows, caption=caption)
    notes(write(table, chosen, lang=lang.value, ds=ds).notes)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="policies")
