"""``ccnt policies list`` and ``ccnt policies show``: the policy documents targets come from."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Annotated, Any

import typer

from ccnt_cli.cli.options import (
    AsOfOpt,
    ExactOpt,
    FormatOpt,
    KnownAtOpt,
    LevelOpt,
    RegionOpt,
    SinceOpt,
    Texts,
    UntilOpt,
    parse_day,
    repeatable,
)
from ccnt_cli.cli.render import Format, emit, resolve_format, write_json
from ccnt_cli.cli.state import state

TABLE_COLUMNS = ["id", "published", "region_name", "title", "targets"]
#: ``policies show`` as CSV: one row per target, the policy's own fields repeated
SHOW_CSV_POLICY = ["policy", "title", "issuer", "published", "type", "url", "source"]

app = typer.Typer(
    help="Policies: the plans and notices targets come from; find them, see what they set.",
    no_args_is_help=True,
)


@app.command("list")
def list_policies(
    ctx: typer.Context,
    region: RegionOpt = None,
    exact: ExactOpt = False,
    issuer: Annotated[
        Texts, repeatable("--issuer", help="Text in the name of an issuer (case-insensitive).")
    ] = None,
    type: Annotated[
        Texts,
        repeatable("--type", help="Policy type (action-plan, five-year-plan, notice, ...)."),
    ] = None,
    level: LevelOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    search: Annotated[
        Texts,
        repeatable(
            "--search", help="Text in the title (English or Chinese).", many="any of several"
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """List policies, filtered: values of one option combine, different options narrow.

    A policy dated only by its year or month is kept when that year or month overlaps
    --since/--until; an undated one only when neither is given."""
    from ccnt_cli.query import PolicyFilter, filter_policies
    from ccnt_cli.tables import POLICY_COLUMNS, policy_row

    ds = state(ctx).dataset()
    counts = Counter(t.policy for t in ds.targets.values())
    found = filter_policies(ds, PolicyFilter.from_options(ctx.params))
    rows = [policy_row(ds, p, counts.get(p.id, 0)) for p in found]
    emit(
        POLICY_COLUMNS,
        rows,
        fmt,
        table_columns=TABLE_COLUMNS,
        caption=f"{len(rows)} polic{'ies' if len(rows) != 1 else 'y'}",
        wrap=("id", "title"),
        optional=("published", "region_name"),
    )


@app.command("show")
def show_policy(
    ctx: typer.Context,
    policy_id: Annotated[str, typer.Argument(metavar="ID", help="Policy id.")],
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Show one policy (issuer, date, link, source) and every target it sets, with its status."""
    from ccnt_cli.progress import compute
    from ccnt_cli.query import TargetFilter, filter_targets, find_policy
    from ccnt_cli.tables import POLICY_TARGET_COLUMNS, policy_row, policy_target_row

    day = parse_day(known_at)
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
    targets = [policy_target_row(p) for p in results]
    chosen = resolve_format(fmt)
    if chosen is Format.json:
        write_json({**record, "targets": targets}, sys.stdout)
    elif chosen is Format.csv:
        emit([*SHOW_CSV_POLICY, *POLICY_TARGET_COLUMNS], _csv_rows(record, targets), chosen)
    else:
        _show_tables(record, targets, chosen)


def _csv_rows(record: dict[str, Any], targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per target with the policy's fields first (one row of them alone if none)."""
    policy = {"policy": record["id"], **{c: record[c] for c in SHOW_CSV_POLICY[1:]}}
    return [{**policy, **t} for t in targets] or [policy]


def _show_tables(record: dict[str, Any], targets: list[dict[str, Any]], chosen: Format) -> None:
    from ccnt_cli.cli.progress_cmd import STATUS_STYLE
    from ccnt_cli.cli.targets import _shown

    fields = [{"field": k, "value": v} for k, v in record.items() if v not in (None, [], "")]
    emit(["field", "value"], fields, chosen, title=record["id"])
    if chosen is Format.md:
        sys.stdout.write("\n")
    rows = [{**t, **_shown(t)} for t in targets]
    n = len(rows)
    emit(
        ["id", "region", "indicator", "years", "target", "status"],
        rows,
        chosen,
        title="Targets it sets",
        styles={"status": lambda s: STATUS_STYLE.get(s, "")},
        caption=f"{n} target{'s' if n != 1 else ''}",
        wrap=("id", "indicator", "target"),
        optional=("region", "years", "indicator"),
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="policies")
