"""The IAMC long format: ``model, scenario, region, variable, unit, year, value``, one number a
row, written as CSV. ``pyam.IamDataFrame`` reads it (pyam is not a dependency of ccnt).

How ccnt's rows map to it (docs/output.md has the full table):

- ``model`` is ``ccnt``; ``region`` is the region's English name.
- ``variable`` is the indicator's IAMC variable (``VARIABLES``, else ``ccnt|<indicator id>``),
  plus the shape of the figure: ``|Change since Y`` for a relative change against the year Y,
  ``|Flow since Y`` for an amount over the years after Y; a level has no suffix.
- actuals: scenario ``Reported`` (``Reported|<basis>`` when the figure has one), year = the end
  of the period; IAMC holds one value per key, so of several vintages the latest is written.
- targets: scenario = the target's id, year = the target year, value = the target value
  (qualitative targets have none and are left out).
- progress: scenario = the target's id, year = the latest figure's year, one row for each of
  achieved, expected, remaining, required_annual and share_covered (as ``|Achieved``, ...).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from ccnt_cli.errors import OutputError
from ccnt_cli.output import IAMC_LISTINGS, Table, Written

COLUMNS = ("model", "scenario", "region", "variable", "unit", "year", "value")
MODEL = "ccnt"
#: indicators with a variable of the IAMC common definitions; every other indicator is
#: ``ccnt|<indicator id>``
VARIABLES = {
    "power-capacity": "Capacity|Electricity",
    "nuclear-capacity": "Capacity|Electricity|Nuclear",
    "solar-pv-capacity": "Capacity|Electricity|Solar|PV",
    "wind-capacity": "Capacity|Electricity|Wind",
    "offshore-wind-capacity": "Capacity|Electricity|Wind|Offshore",
    "energy-consumption": "Primary Energy",
}
#: progress columns written: the suffix of their variable, and their unit (the target's unit,
#: the unit of a difference such as ``pp`` for a share, or a fixed one)
PROGRESS_MEASURES = (
    ("achieved", "Achieved", "unit"),
    ("expected", "Expected", "unit"),
    ("remaining", "Remaining", "difference"),
    ("required_annual", "Required Annual", "difference/yr"),
    ("share_covered", "Share Covered", "%"),
)


def variable(indicator: str) -> str:
    return VARIABLES.get(indicator) or f"{MODEL}|{indicator}"


def _shape(kind: str | None, since: int | None) -> str:
    if kind == "change":
        return f"|Change since {since}"
    if kind in ("flow", "increment", "cumulative"):
        return f"|Flow since {since}" if since is not None else "|Flow"
    return ""


def _unit(unit: str | None) -> str:
    return unit or "dimensionless"


def check(table: Table) -> None:
    if table.name not in IAMC_LISTINGS:
        raise OutputError(
            f"the IAMC format is defined for {', '.join(IAMC_LISTINGS)}, not {table.name}"
        )


def _actuals(records: list[dict[str, Any]], notes: list[str]) -> Iterator[tuple[Any, ...]]:
    latest: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
    for r in records:
        if r["value"] is None:
            continue
        first, _, last = str(r["period"]).partition("-")
        start, end = int(first), int(last or first)
        basis = r.get("basis")
        scenario = f"Reported|{basis}" if basis else "Reported"
        var = variable(r["indicator"]) + _shape(r["kind"], start - 1)
        row = (MODEL, scenario, r["region_name"], var, _unit(r["unit"]), end, r["value"])
        key = row[1:4] + row[5:6]
        vintage = str(r.get("published") or "")
        if key not in latest or vintage >= latest[key][0]:
            latest[key] = (vintage, row)
    older = sum(1 for r in records if r["value"] is not None) - len(latest)
    if older:
        notes.append(
            f"{older} earlier vintage{'s' if older != 1 else ''} left out: IAMC holds one value "
            "per region, variable and year (every vintage is in the CSV)"
        )
    for _, row in latest.values():
        yield row


def _targets(records: list[dict[str, Any]], notes: list[str]) -> Iterator[tuple[Any, ...]]:
    skipped = 0
    for r in records:
        if r["target_value"] is None or r["target_year"] is None:
            skipped += 1
            continue
        var = variable(r["indicator"]) + _shape(r["kind"], r["baseline_year"])
        yield (
            MODEL,
            r["id"],
            r["region_name"],
            var,
            _unit(r["unit"]),
            r["target_year"],
            r["target_value"],
        )
    if skipped:
        notes.append(f"{skipped} target{'s' if skipped != 1 else ''} without a value left out")


def _progress(records: list[dict[str, Any]], notes: list[str]) -> Iterator[tuple[Any, ...]]:
    for r in records:
        if r["latest_year"] is None or r["target_value"] is None:
            continue
        base = variable(r["indicator"]) + _shape(r["kind"], r["baseline_year"])
        unit = _unit(r["unit"])
        difference = r.get("remaining_unit") or unit
        units = {"unit": unit, "difference": difference, "difference/yr": f"{difference}/yr"}
        for column, suffix, unit_of in PROGRESS_MEASURES:
            value = r.get(column)
            if value is None:
                continue
            if column == "share_covered":
                value *= 100
            shown = units.get(unit_of, unit_of)
            yield (
                MODEL,
                r["id"],
                r["region_name"],
                f"{base}|{suffix}",
                shown,
                r["latest_year"],
                value,
            )


_LAYOUTS = {"actuals": _actuals, "targets": _targets, "progress": _progress}


def iamc_rows(table: Table, notes: list[str] | None = None) -> list[tuple[Any, ...]]:
    """The table's rows in the IAMC long format (``COLUMNS`` order)."""
    check(table)
    return list(_LAYOUTS[table.name](table.records(), notes if notes is not None else []))


def write(table: Table, out: TextIO, meta: Mapping[str, Any] | None = None) -> Written:
    from ccnt_cli.output.fmt_csv import write_rows

    notes: list[str] = []
    rows = iamc_rows(table, notes)
    write_rows(COLUMNS, rows, out)
    return Written(len(rows), tuple(notes))
