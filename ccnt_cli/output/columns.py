"""The listings: each one's columns (the names every format writes) and its terminal view.

A view shows some of the listing's columns under the same names; ``show`` renders a cell from
the whole row (a bar for ``share_covered``, ``<= -13.5 % by 2025`` for ``target_value``) and
``drop`` gives the order in which a narrow terminal leaves columns out (docs/output.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ccnt_cli.output import Column, Listing
from ccnt_cli.output.rows import (
    ACTUAL_COLUMNS,
    COMPARE_COLUMNS,
    CONTEXT_COLUMNS,
    INDICATOR_COLUMNS,
    POLICY_COLUMNS,
    POLICY_TARGET_COLUMNS,
    PROGRESS_COLUMNS,
    REGION_COLUMNS,
    ROLLUP_COLUMNS,
    TARGET_COLUMNS,
    summary_columns,
)
from ccnt_cli.units import format_number

STATUS_STYLE = {
    "met": "green",
    "on-track": "cyan",
    "off-track": "yellow",
    "missed": "red",
    "awaiting-data": "blue",
    "no-trend": "dim",
    "holds": "green",
    "does-not-hold": "red",
    "no-data": "dim",
    "qualitative": "magenta",
}


def status_style(status: Any) -> str:
    return STATUS_STYLE.get(str(status), "")


def _unit(row: Mapping[str, Any], column: str = "unit") -> str:
    unit = row.get(column) or row.get("unit") or ""
    return "" if unit == "dimensionless" else str(unit)


def _num(x: float | None, unit: str = "") -> str:
    if x is None:
        return ""
    text = format_number(round(x, 2) + 0.0, 8)
    return f"{text} {unit}".rstrip()


def _goal(row: Mapping[str, Any]) -> str:
    """``target_value`` in a progress table: ``<= -13.5 % by 2025``."""
    year = row.get("target_year")
    if row.get("target_value") is None:
        return f"by {year}" if year else ""
    return (
        f"{row.get('comparator') or ''} {_num(row['target_value'], _unit(row))} by {year}".strip()
    )


def _target(row: Mapping[str, Any]) -> str:
    """``target_value`` in a target list: ``>= 9000 MW``."""
    value = row.get("target_value")
    if value is None:
        return "(qualitative)"
    return f"{row.get('comparator') or ''} {format_number(value)} {_unit(row)}".strip()


def _years(row: Mapping[str, Any]) -> str:
    """``target_year`` in a target list, with the baseline: ``2020→2025``."""
    base, year = row.get("baseline_year"), row.get("target_year")
    return f"{base}→{year}" if base else str(year or "")


def _share_bar(row: Mapping[str, Any], width: int = 6) -> str:
    share = row.get("share_covered")
    if share is None:
        return ""
    share = float(share)
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled) + f" {share * 100:3.0f}%"


def _per_year(row: Mapping[str, Any]) -> str:
    unit = _unit(row, "remaining_unit")
    return f"{unit}/yr" if unit else "/yr"


def _achieved() -> Column:
    """``achieved`` with the target's unit: ``-10.82 %``."""
    return Column("achieved", show=lambda r: _num(r.get("achieved"), _unit(r)))


def _remaining(drop: int) -> Column:
    """``remaining`` in the unit of a difference: ``-3 %``, ``0.2 pp``."""
    return Column(
        "remaining", show=lambda r: _num(r.get("remaining"), _unit(r, "remaining_unit")), drop=drop
    )


def _yearly(name: str, drop: int) -> Column:
    """A pace per year: ``-3 %/yr``."""
    return Column(name, show=lambda r: _num(r.get(name), _per_year(r)), drop=drop)


TARGETS = Listing(
    "targets",
    tuple(TARGET_COLUMNS),
    (
        Column("id"),
        Column("region_name", drop=1),
        Column("indicator"),
        Column("kind", drop=4),
        Column("target_year", show=_years, drop=2),
        Column("target_value", show=_target, breaks=" ", right=False),
        Column("sector", drop=3),
    ),
)
REGIONS = Listing(
    "regions",
    tuple(REGION_COLUMNS),
    ("id", "name", "name_zh", "level", "parent", "code", "targets"),
)
INDICATORS = Listing(
    "indicators",
    tuple(INDICATOR_COLUMNS),
    ("id", "name", "unit", "direction", "sector", "targets", "actuals"),
)
#: every field of a target, its policy included: the target list's columns first
TARGET_EXPORT_COLUMNS = (
    *TARGET_COLUMNS,
    "region_name_zh",
    "indicator_name",
    "baseline_value",
    "target_as_written",
    "tags",
    "relative_to",
    "note",
    *CONTEXT_COLUMNS,
    "policy_source",
    "defined_at",
)
TARGET_EXPORT = Listing("targets", TARGET_EXPORT_COLUMNS, TARGETS.view)

PROGRESS = Listing(
    "progress",
    tuple(PROGRESS_COLUMNS),
    (
        Column("id"),
        Column("target_value", show=_goal, breaks=" ", right=False),
        Column("latest_year", drop=1),
        _achieved(),
        Column("share_covered", show=_share_bar, drop=3),
        _remaining(drop=4),
        _yearly("required_annual", drop=2),
        Column("status", style=status_style),
    ),
)
PROGRESS_EXPORT = Listing("progress", (*PROGRESS_COLUMNS, *CONTEXT_COLUMNS), PROGRESS.view)

ACTUALS = Listing(
    "actuals",
    tuple(ACTUAL_COLUMNS),
    ("region", "indicator", "period", "kind", "value", "unit", "basis", "published"),
)

POLICIES = Listing(
    "policies",
    tuple(POLICY_COLUMNS),
    (
        Column("id"),
        Column("published", drop=1),
        Column("region_name", drop=2),
        Column("title"),
        Column("targets"),
    ),
)
#: ``policies show`` as one table: a row per target, the policy's own fields first
POLICY_SHOW_COLUMNS = (
    "policy",
    "title",
    "title_zh",
    "issuer",
    "published",
    "type",
    "url",
    "source",
)
POLICY_TARGETS = Listing(
    "policy",
    (*POLICY_SHOW_COLUMNS, *POLICY_TARGET_COLUMNS),
    (
        Column("id"),
        Column("region", drop=1),
        Column("indicator", drop=3),
        Column("target_year", show=_years, drop=2),
        Column("target_value", show=_target, breaks=" ", right=False),
        Column("status", style=status_style),
    ),
)

COMPARE = Listing(
    "compare",
    tuple(COMPARE_COLUMNS),
    (
        Column("rank"),
        Column("region"),
        Column("target", drop=1),
        Column("target_value", show=_goal, breaks=" ", right=False),
        Column("latest_year", drop=2),
        _achieved(),
        _remaining(drop=5),
        _yearly("required_annual", drop=4),
        _yearly("pace_so_far", drop=3),
        Column("status", style=status_style),
    ),
)

ROLLUP = Listing(
    "rollup",
    tuple(ROLLUP_COLUMNS),
    (
        Column("what"),
        Column("period"),
        Column("kind", drop=3),
        Column("basis", drop=2),
        Column("children_sum"),
        Column("children_reporting"),
        Column("children", drop=1),
        Column("parent"),
        Column("difference"),
        Column("unit"),
        Column("note", drop=4),
    ),
)


def summary_listing(by: str, statuses: list[str]) -> Listing:
    """``ccnt summary --by BY``: the group's name is left out first on a narrow terminal."""
    columns = tuple(summary_columns(by, statuses))
    view: tuple[Column | str, ...] = (Column(by), Column("name", drop=1), *statuses, "total")
    return Listing("summary", columns, view)
