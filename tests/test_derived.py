"""Derived indicators (issue 13, items 1-2): sums, differences and shares of other indicators'
figures, worked out by hand. Each case writes a small data folder over a copy of mini."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ccnt_cli.dataset import load
from ccnt_cli.derive import Derived, later
from ccnt_cli.progress import compute

HEADER = "region,indicator,period,kind,value,unit,basis,published,source,note\n"

INDICATORS = """  - id: wind-capacity
    name: Wind capacity
    unit: MW
    direction: increase
  - id: wind-solar-capacity
    name: Wind and solar capacity
    unit: GW
    direction: increase
    derived: {op: sum, of: [wind-capacity, solar-pv-capacity]}
  - id: power-capacity
    name: Total capacity
    unit: GW
    direction: increase
  - id: fossil-capacity
    name: Fossil capacity
    unit: GW
    direction: decrease
    derived: {op: difference, of: [power-capacity, wind-solar-capacity]}
  - id: wind-solar-share
    name: Wind and solar share of capacity
    unit: percent
    direction: increase
    derived: {op: share, of: [wind-solar-capacity, power-capacity]}
"""

TARGETS = """policies: []
targets:
  - id: ws-2030
    region: china
    policy: cn-fyp
    indicator: wind-solar-capacity
    kind: level
    target: {year: 2030, value: 1200, unit: GW}
    comparator: ">"
  - id: ws-add
    region: china
    policy: cn-fyp
    indicator: wind-solar-capacity
    kind: increment
    baseline: {year: 2023}
    target: {year: 2025, value: 500, unit: GW}
  - id: share-2030
    region: china
    policy: cn-fyp
    indicator: wind-solar-share
    kind: level
    target: {year: 2030, value: 50, unit: "%"}
  - id: fossil-2030
    region: china
    policy: cn-fyp
    indicator: fossil-capacity
    kind: level
    target: {year: 2030, value: 1500, unit: GW}
    comparator: "<="
"""


def folder(root: Path, rows: str) -> Path:
    path = root / "targets" / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8") + INDICATORS, encoding="utf-8")
    (root / "targets" / "national" / "derived.yaml").write_text(TARGETS, encoding="utf-8")
    (root / "data" / "case.csv").write_text(HEADER + rows, encoding="utf-8")
    return root


def progress(ccnt, root: Path, *args: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--format", "csv", *args, data_dir=root)
    assert r.exit_code == 0, r.stderr
    return {row["id"]: row for row in csv.DictReader(r.stdout.splitlines())}


# wind in GW and solar in 万千瓦 (10^4 kW): 520 GW + 89000 万千瓦 (890 GW) = 1410 GW
ROWS_2024 = (
    "china,wind-capacity,2024,level,520,GW,,2025-01-21,NEA,\n"
    "china,solar-pv-capacity,2024,level,89000万千瓦,,,2025-01-21,NEA,\n"
)


def test_a_sum_converts_units_first(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    root = folder(copy_mini, ROWS_2024)
    row = progress(ccnt, root, "--as-of", "2024")["ws-2030"]
    assert (row["achieved"], row["status"], row["unit"]) == ("1410", "met", "GW")
    # actuals_used names the two rows the figure comes from
    assert row["actuals_used"] == "data/case.csv:2 + data/case.csv:3"


def test_missing_component_derives_nothing_and_says_why(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "china,wind-capacity,2023,level,440,GW,,2024,NEA,\n" + ROWS_2024.splitlines()[0] + "\n"
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2024")["ws-2030"]
    assert row["status"] == "no-data"
    assert row["note"] == (
        "no figures for this region and indicator; none derived from wind-capacity + "
        "solar-pv-capacity either: a figure needs every component for the same period, kind "
        "and basis (figures of wind-capacity 2023, 2024; solar-pv-capacity none)"
    )


def test_only_the_years_every_component_has(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Wind has 2023 and 2024, solar only 2024: one figure (2024), no pace."""
    rows = "china,wind-capacity,2023,level,440,GW,,2024,NEA,\n" + ROWS_2024
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2024")["ws-add"]
    # an increment from 2023 needs the 2023 level: wind 440 GW alone is not a derived figure
    assert row["status"] == "no-data"


def test_increment_from_two_derived_levels(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """2023: 440 + 610 = 1050 GW; 2024: 520 + 890 = 1410 GW; added 360 of 500 GW."""
    rows = (
        "china,wind-capacity,2023,level,440000,MW,,2024,NEA,\n"
        "china,solar-pv-capacity,2023,level,610,GW,,2024,NEA,\n" + ROWS_2024
    )
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2024")["ws-add"]
    assert (row["achieved"], row["remaining"], row["required_annual"]) == ("360", "140", "140")
    assert row["actuals_used"] == (
        "data/case.csv:2 + data/case.csv:3; data/case.csv:4 + data/case.csv:5"
    )


def test_flows_sum_too(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Added in 2024: 80 GW of wind and 278 GW of solar; in 2025: 120 + 315: 793 GW over two
    years, more than the 500 GW to add."""
    rows = (
        "china,wind-capacity,2024,flow,80,GW,,2025,NEA,\n"
        "china,solar-pv-capacity,2024,flow,278,GW,,2025,NEA,\n"
        "china,wind-capacity,2025,flow,120,GW,,2026,NEA,\n"
        "china,solar-pv-capacity,2025,flow,315,GW,,2026,NEA,\n"
    )
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2025")["ws-add"]
    assert (row["achieved"], row["status"]) == ("793", "met")


def test_share_and_difference(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Total 3,350 GW: wind and solar 1,410 GW is 1410 / 3350 x 100 = 42.0896% of it; the
    rest (fossil here) 3350 - 1410 = 1940 GW. The total written in 万千瓦 converts first."""
    rows = ROWS_2024 + "china,power-capacity,2024,level,335000万千瓦,,,2025-01-21,NEA,\n"
    root = folder(copy_mini, rows)
    out = progress(ccnt, root, "--as-of", "2024")
    assert (out["share-2030"]["achieved"], out["share-2030"]["unit"]) == ("42.0896", "%")
    # a share's remaining is in percentage points: 50 - 42.0896
    assert (out["share-2030"]["remaining"], out["share-2030"]["remaining_unit"]) == (
        "7.9104",
        "pp",
    )
    # a derived component inside a derived figure is bracketed
    assert out["share-2030"]["actuals_used"] == (
        "(data/case.csv:2 + data/case.csv:3) / data/case.csv:4"
    )
    # at most 1,500 GW by 2030: 1500 - 1940 = -440 GW still to cut, one figure and no pace
    fossil = out["fossil-2030"]
    assert (fossil["achieved"], fossil["remaining"], fossil["status"]) == (
        "1940",
        "-440",
        "no-trend",
    )


def test_latest_vintage_of_each_component_and_known_at(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Wind 2024 was 500 GW in January, revised to 520 in April: 1410 GW with every vintage,
    500 + 890 = 1390 GW with what was known on 1 February."""
    rows = ROWS_2024.replace("2025-01-21,NEA", "2025-04-01,NEA", 1) + (
        "china,wind-capacity,2024,level,500,GW,,2025-01-10,NEA,\n"
    )
    root = folder(copy_mini, rows)
    assert progress(ccnt, root, "--as-of", "2024")["ws-2030"]["achieved"] == "1410"
    known = progress(ccnt, root, "--as-of", "2024", "--known-at", "2025-02-01")["ws-2030"]
    assert (known["achieved"], known["actuals_used"]) == (
        "1390",
        "data/case.csv:4 + data/case.csv:3",
    )


def test_bases_are_never_mixed(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Wind on basis nea and solar on basis nbs: nothing to add; both on nea: 1410 GW on nea."""
    mixed = ROWS_2024.replace(",,2025-01-21,NEA", ",nea,2025-01-21,NEA", 1).replace(
        ",,,2025-01-21", ",,nbs,2025-01-21"
    )
    assert progress(ccnt, folder(copy_mini, mixed), "--as-of", "2024")["ws-2030"]["status"] == (
        "no-data"
    )
    same = mixed.replace(",nbs,", ",nea,")
    (copy_mini / "data" / "case.csv").write_text(HEADER + same, encoding="utf-8")
    row = progress(ccnt, copy_mini, "--as-of", "2024")["ws-2030"]
    assert (row["achieved"], row["basis_used"]) == ("1410", "nea")


def test_reported_figure_of_the_same_vintage_wins(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """A reported 1,400 GW published in 2025-01 is of the same vintage as the components
    (2025-01-21): it wins over the derived 1,410 GW, and --explain says so."""
    rows = ROWS_2024 + "china,wind-solar-capacity,2024,level,1400,GW,,2025-01,People's Daily,\n"
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2024")["ws-2030"]
    assert (row["achieved"], row["actuals_used"]) == ("1400", "data/case.csv:4")
    r = ccnt("progress", "--explain", "ws-2030", "--as-of", "2024", data_dir=root)
    assert (
        "Rows not used:\n"
        "  derived  2024 level 1410 GW  basis=- published=2025-01-21: the reported figure of "
        "the same period (data/case.csv:4) wins over the derived one\n"
        "    wind-solar-capacity 2024 = wind-capacity + solar-pv-capacity = 520 + 890 = 1410 GW "
        "(MW converted to GW)\n"
        "    data/case.csv:2  2024 level 520 GW  basis=- published=2025-01-21\n"
        "    data/case.csv:3  2024 level 89000万千瓦  basis=- published=2025-01-21\n"
    ) in r.stdout


def test_derived_figure_of_a_later_vintage_wins(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    rows = ROWS_2024 + "china,wind-solar-capacity,2024,level,1400,GW,,2024-12,early estimate,\n"
    root = folder(copy_mini, rows)
    row = progress(ccnt, root, "--as-of", "2024")["ws-2030"]
    assert (row["achieved"], row["actuals_used"]) == ("1410", "data/case.csv:2 + data/case.csv:3")
    r = ccnt("progress", "--explain", "ws-2030", "--as-of", "2024", data_dir=root)
    assert (
        "data/case.csv:4  2024 level 1400 GW  basis=- published=2024-12: the figure derived "
        "from later vintages (2025-01-21) wins\n"
    ) in r.stdout


def test_explain_shows_the_components(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    root = folder(copy_mini, ROWS_2024)
    r = ccnt("progress", "--explain", "ws-2030", "--as-of", "2024", data_dir=root)
    assert (
        "Rows used:\n"
        "  derived  2024 level 1410 GW  basis=- published=2025-01-21\n"
        "    wind-solar-capacity 2024 = wind-capacity + solar-pv-capacity = 520 + 890 = 1410 GW "
        "(MW converted to GW)\n"
        "    data/case.csv:2  2024 level 520 GW  basis=- published=2025-01-21  source: NEA\n"
        "    data/case.csv:3  2024 level 89000万千瓦  basis=- published=2025-01-21  source: NEA\n"
    ) in r.stdout
    doc = json.loads(
        ccnt(
            "progress", "--explain", "ws-2030", "--as-of", "2024", "-f", "json", data_dir=root
        ).stdout
    )
    [used] = doc["rows_used"]
    assert used["file"] is None
    assert used["derived"]["rows"] == "data/case.csv:2 + data/case.csv:3"
    assert [(c["line"], c["value"]) for c in used["derived"]["components"]] == [
        (2, 520000.0),  # components in their own canonical unit (MW)
        (3, 890000.0),
    ]
    md = ccnt("progress", "--explain", "ws-2030", "--as-of", "2024", "-f", "md", data_dir=root)
    assert "| derived: data/case.csv:2 + data/case.csv:3 | 2024 | level | 1410 GW |" in md.stdout
    assert "wind-solar-capacity 2024 = wind-capacity + solar-pv-capacity = 520 + 890" in md.stdout


def test_library_derived_rows_carry_their_parts(copy_mini: Path) -> None:
    ds = load(folder(copy_mini, ROWS_2024), cache=False)
    [p] = compute(ds, [ds.targets["ws-2030"]], as_of=2024, explain=True)
    [row] = p.actuals_used
    assert isinstance(row, Derived)
    assert [(a.indicator, a.value) for a in row.parts] == [
        ("wind-capacity", 520000.0),
        ("solar-pv-capacity", 890000.0),
    ]
    assert (row.value, row.published, row.source) == (
        pytest.approx(1410.0),
        "2025-01-21",
        "derived: wind-capacity + solar-pv-capacity",
    )


def test_warm_results_keep_derived_rows(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """A second run reads the stored results: the same rows, the same figures."""
    root = folder(copy_mini, ROWS_2024)
    first = ccnt("progress", "--as-of", "2024", "-f", "csv", data_dir=root).stdout
    assert ccnt("progress", "--as-of", "2024", "-f", "csv", data_dir=root).stdout == first


def test_a_warm_run_decodes_no_actuals(copy_mini: Path) -> None:
    """Derived figures are made while a target is computed: with every result cached, the
    actuals stay an undecoded blob."""
    from ccnt_cli.results import ResultStore

    root = folder(copy_mini, ROWS_2024)
    for _run in ("cold", "warm"):
        ds = load(root)
        store = ResultStore(ds, 2024, None)
        results = compute(ds, list(ds.targets.values()), 2024, None, store)
        store.save()
    assert ds.actuals._cols is None
    [ws] = [p for p in results if p.target.id == "ws-2030"]
    assert (ws.achieved, ws.used) == (pytest.approx(1410.0), ["data/case.csv:2 + data/case.csv:3"])


@pytest.mark.parametrize(
    ("a", "b", "later_"),
    [
        ("2025-01-21", "2025-01", False),  # the same month: the same vintage
        ("2025-01", "2025-01-21", False),
        ("2025-02", "2025-01-21", True),
        ("2025", "2024-12-31", True),
        ("2025-03-01", "2025", False),
        (None, "2025", False),  # an undated figure is the oldest
        ("2025", None, True),
    ],
)
def test_vintages_compare_at_the_common_precision(
    a: str | None, b: str | None, later_: bool
) -> None:
    assert later(a, b) is later_


def test_bundled_wind_and_solar(ccnt) -> None:  # type: ignore[no-untyped-def]
    """The bundled 2030 goal (> 1,200 GW) is met; the reported combined figures win over the
    sums of wind and solar where both exist, and the explanation shows both."""
    r = ccnt(
        "progress", "--explain", "cn-wind-solar-capacity-2030", "--as-of", "2024", data_dir=None
    )
    assert "Status: met" in r.stdout
    assert (
        "  derived  2024 level 1410 GW  basis=- published=2025-01-21: the reported figure of the "
        "same period (data/national/power-capacity.csv:22) wins over the derived one\n"
        "    wind-solar-capacity 2024 = wind-capacity + solar-pv-capacity = 520 + 890 = 1410 GW "
        "(MW converted to GW)\n"
    ) in r.stdout
    # 2020 has no reported combined figure: the sum of wind and solar is the start
    assert "wind-solar-capacity 2020 = wind-capacity + solar-pv-capacity = 281.53 + 253.43" in (
        r.stdout
    )


def test_report_and_chart_name_the_components(ccnt, copy_mini: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The HTML report's rows and a chart's marks name a derived row by its components, as
    actuals_used does (not a file and line it does not have)."""
    from ccnt_cli.charts.model import target_chart
    from ccnt_cli.explain import explain

    root = folder(copy_mini, ROWS_2024)
    r = ccnt(
        "report",
        "-o",
        str(tmp_path / "site"),
        "-i",
        "wind-solar-capacity",
        "--as-of",
        "2024",
        data_dir=root,
    )
    assert r.exit_code == 0, r.stderr
    page = (tmp_path / "site" / "targets" / "ws-2030.html").read_text(encoding="utf-8")
    assert "<code>data/case.csv:2 + data/case.csv:3</code>" in page
    assert "(derived)" not in page
    ds = load(root, cache=False)
    chart = target_chart(ds, explain(ds, ds.targets["ws-2030"], 2024), "en")
    assert [m.row for m in chart.marks] == ["data/case.csv:2 + data/case.csv:3"]
