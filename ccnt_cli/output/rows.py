"""Records as flat rows for listings and exports: the columns of each listing, and how a record
fills them. ``columns.py`` defines the listings on top of these names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ccnt_cli.units import display_unit

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Actual, Dataset, Policy, Target
    from ccnt_cli.progress import Progress
    from ccnt_cli.schema import Indicator, Region

#: a target's goal, in every listing of targets
GOAL_COLUMNS = ["kind", "baseline_year", "target_year", "comparator", "target_value", "unit"]
TARGET_COLUMNS = [
    "id",
    "region",
    "region_name",
    "level",
    "indicator",
    *GOAL_COLUMNS,
    "policy",
    "sector",
    "basis",
    "binding",
    "pilot",
]
PROGRESS_COLUMNS = [
    "id",
    "region",
    "region_name",
    "indicator",
    "indicator_name",
    *GOAL_COLUMNS,
    "basis",
    "latest_year",
    "achieved",
    "expected",
    "remaining",
    "required_annual",
    "remaining_unit",
    "status",
    "share_covered",
    "basis_used",
    "actuals_used",
    "alternatives",
    "note",
]
ACTUAL_COLUMNS = [
    "region",
    "region_name",
    "indicator",
    "period",
    "kind",
    "value",
    "unit",
    "value_as_written",
    "unit_as_written",
    "basis",
    "published",
    "source",
    "note",
    "defined_at",
]
#: what every full record (export) adds about the target's sentence, policy and source
CONTEXT_COLUMNS = [
    "text",
    "text_status",
    "policy_title",
    "policy_title_zh",
    "issuer",
    "published",
    "policy_type",
    "url",
    "source",
]


#: ``ccnt compare``: a region's target for the year, its progress and its distance from the goal
COMPARE_COLUMNS = [
    "rank",
    "region",
    "region_name",
    "level",
    "target",
    *GOAL_COLUMNS,
    "latest_year",
    "achieved",
    "remaining",
    "required_annual",
    "pace_so_far",
    "remaining_unit",
    "status",
    "distance",
    "note",
]
#: ``ccnt rollup``: per period (or target year), the children's sum against the parent's own
ROLLUP_COLUMNS = [
    "what",
    "period",
    "kind",
    "basis",
    "children_sum",
    "children_reporting",
    "children",
    "parent",
    "difference",
    "unit",
    "rows",
    "note",
]


def summary_columns(by: str, statuses: list[str]) -> list[str]:
    """``ccnt summary --by BY``: the group, its name, a count per status and the total."""
    return [by, "name", *statuses, "total"]


def target_row(ds: Dataset, t: Target) -> dict[str, Any]:
    """One target as a flat row: ``target_value`` and ``unit`` in the indicator's canonical
    unit (a ``change`` target in signed percent)."""
    region = ds.regions[t.region]
    return {
        "id": t.id,
        "region": t.region,
        "region_name": region.name,
        "level": region.level,
        "indicator": t.indicator,
        "kind": t.kind,
        "baseline_year": t.baseline_year,
        "target_year": t.target_year,
        "comparator": t.comparator,
        "target_value": t.value,
        "unit": display_unit(t.unit, dimensionless="dimensionless")
        if t.value is not None
        else None,
        "policy": t.policy,
        "sector": t.sector,
        "basis": t.basis,
        "binding": t.binding,
        "pilot": t.pilot,
    }


def target_record(ds: Dataset, t: Target) -> dict[str, Any]:
    """Everything about one target, its policy included: the target list's columns, then the
    rest (``columns.TARGET_EXPORT_COLUMNS`` order)."""
    policy = ds.policies[t.policy]
    return {
        **target_row(ds, t),
        "region_name_zh": ds.regions[t.region].name_zh,
        "indicator_name": ds.indicators[t.indicator].name,
        "baseline_value": t.baseline_value,
        "target_as_written": (
            f"{t.target_value} {t.target_unit or ''}".strip()
            if t.target_value is not None
            else None
        ),
        "tags": list(t.tags),
        "relative_to": t.relative_to,
        "note": t.note,
        "text": t.text,
        "text_status": t.text_status or ("verbatim" if t.text else None),
        "policy_title": policy.title,
        "policy_title_zh": policy.title_zh,
        "issuer": list(policy.issuer),
        "published": policy.published,
        "policy_type": policy.type,
        "url": policy.url,
        "source": t.source or policy.source,
        "policy_source": policy.source,
        "defined_at": f"{t.where.file}:{t.where.line}",
    }


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits) + 0.0


def progress_values(ds: Dataset, p: Progress) -> tuple[Any, ...]:
    """One target's progress as values in ``PROGRESS_COLUMNS`` order (changes in signed
    percent): what a CSV of ten thousand rows is written from, without a dict per row."""
    t = p.target
    return (
        t.id,
        t.region,
        ds.regions[t.region].name,
        t.indicator,
        ds.indicators[t.indicator].name,
        t.kind,
        t.baseline_year,
        t.target_year,
        t.comparator,
        t.value,
        display_unit(t.unit, dimensionless="dimensionless") or None,
        t.basis,
        p.latest_year,
        _round(p.achieved),
        _round(p.expected),
        _round(p.remaining),
        _round(p.required_annual),
        p.diff_unit,
        p.status,
        _round(p.share_covered, 3),
        p.basis_used,
        p.used,
        p.alternatives,
        "; ".join(p.notes) or None,
    )


def progress_row(ds: Dataset, p: Progress) -> dict[str, Any]:
    """One target's progress as a flat row (changes in signed percent)."""
    return dict(zip(PROGRESS_COLUMNS, progress_values(ds, p), strict=True))


def progress_record(ds: Dataset, p: Progress) -> dict[str, Any]:
    """A progress row with the target's sentence, policy and source."""
    full = target_record(ds, p.target)
    row = progress_row(ds, p)
    row.update({c: full[c] for c in CONTEXT_COLUMNS})
    return row


def actual_row(ds: Dataset, a: Actual) -> dict[str, Any]:
    ind = ds.indicators[a.indicator]
    return {
        "region": a.region,
        "region_name": ds.regions[a.region].name,
        "indicator": a.indicator,
        "period": a.period,
        "kind": a.kind,
        "value": a.value,
        "unit": "%"
        if a.kind == "change"
        else display_unit(ind.unit, dimensionless="dimensionless"),
        "value_as_written": a.raw_value,
        "unit_as_written": a.raw_unit,
        "basis": a.basis,
        "published": a.published,
        "source": a.source,
        "note": a.note,
        "defined_at": f"{a.where.file}:{a.where.line}",
    }


POLICY_COLUMNS = [
    "id",
    "title",
    "title_zh",
    "issuer",
    "published",
    "type",
    "level",
    "region",
    "region_name",
    "url",
    "source",
    "targets",
]
#: a target of a policy with its status (``policies show``): the target's own columns of a
#: progress row, then the status
POLICY_TARGET_COLUMNS = [*PROGRESS_COLUMNS[: PROGRESS_COLUMNS.index("basis")], "status"]


def policy_row(ds: Dataset, p: Policy, targets: int) -> dict[str, Any]:
    """One policy as a flat row, with the number of targets it sets."""
    from ccnt_cli.query import policy_level

    region = ds.regions.get(p.region or "")
    return {
        "id": p.id,
        "title": p.title,
        "title_zh": p.title_zh,
        "issuer": list(p.issuer),
        "published": p.published,
        "type": p.type,
        "level": policy_level(ds, p),
        "region": p.region,
        "region_name": region.name if region else None,
        "url": p.url,
        "source": p.source,
        "targets": targets,
    }


def policy_target_row(ds: Dataset, p: Progress) -> dict[str, Any]:
    """A target of a policy, with its status."""
    row = progress_row(ds, p)
    return {c: row[c] for c in POLICY_TARGET_COLUMNS}


REGION_COLUMNS = [
    "id",
    "name",
    "name_zh",
    "level",
    "parent",
    "code",
    "aliases",
    "members",
    "targets",
]


def region_row(r: Region, targets: int) -> dict[str, Any]:
    """A row of ``ccnt regions list``: the record and how many targets it has."""
    return {
        "id": r.id,
        "name": r.name,
        "name_zh": r.name_zh,
        "level": r.level,
        "parent": r.parent,
        "code": r.code,
        "aliases": list(r.aliases),
        "members": list(r.members),
        "targets": targets,
    }


INDICATOR_COLUMNS = [
    "id",
    "name",
    "name_zh",
    "unit",
    "direction",
    "sector",
    "aliases",
    "targets",
    "actuals",
]


def indicator_row(i: Indicator, targets: int, actuals: int) -> dict[str, Any]:
    """A row of ``ccnt indicators list``: the record, and how many targets and figures."""
    return {
        "id": i.id,
        "name": i.name,
        "name_zh": i.name_zh,
        "unit": i.unit,
        "direction": i.direction,
        "sector": i.sector,
        "aliases": list(i.aliases),
        "targets": targets,
        "actuals": actuals,
    }
