"""Inputs that look unusual but are valid: they must load, with the values people meant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ccnt_cli.dataset import check
from ccnt_cli.models import Dataset

HEADER = "region,indicator,period,kind,value,unit,basis,published,source,note\n"
POLICY = "policies:\n  - {id: p1, title: Test, source: test}\n"
EXTRA_INDICATORS = """\
  - id: energy-consumption
    name: Total energy consumption
    unit: Mtce
    direction: decrease
    sector: energy
  - id: power-generation
    name: Electricity generation
    unit: TWh
    direction: increase
    sector: power
"""


def target(tid: str, indicator: str, value: str, extra: str = "", kind: str = "level") -> str:
    return (
        f"  - id: {tid}\n    region: yantai\n    policy: p1\n    indicator: {indicator}\n"
        f"    kind: {kind}\n    target: {{year: 2025, value: {value}}}\n{extra}"
    )


def load_clean(root: Path, files: dict[str, str | bytes]) -> Dataset:
    """Write the files over the copy of mini and load it; there must be no problem at all."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    ds, problems = check(root, cache=False)
    assert [p.one_line() for p in problems] == []
    return ds


def with_indicators(root: Path) -> str:
    return (root / "targets/indicators.yaml").read_text(encoding="utf-8") + EXTRA_INDICATORS


def test_bom_on_csv_and_yaml(copy_mini: Path) -> None:
    plans = (copy_mini / "targets/national/plans.yaml").read_bytes()
    csv = HEADER + "yantai,solar-pv-capacity,2024,level,7000,MW,,2025,test,\n"
    ds = load_clean(
        copy_mini,
        {
            "targets/national/plans.yaml": b"\xef\xbb\xbf" + plans,
            "data/bom.csv": b"\xef\xbb\xbf" + csv.encode("utf-8"),
        },
    )
    assert len(ds.targets) == 6
    assert any(a.value == 7000.0 and a.where.file == "data/bom.csv" for a in ds.actuals)


def test_crlf_in_yaml_and_csv(copy_mini: Path) -> None:
    regions = (copy_mini / "targets/regions.yaml").read_text(encoding="utf-8")
    text = POLICY + "targets:\n" + target("t1", "solar-pv-capacity", '"9,000", unit: MW')
    csv = HEADER + "yantai,solar-pv-capacity,2024,level,7000,MW,,2025,test,\n"
    ds = load_clean(
        copy_mini,
        {
            "targets/regions.yaml": regions.replace("\n", "\r\n").encode("utf-8"),
            "targets/national/crlf.yaml": text.replace("\n", "\r\n").encode("utf-8"),
            "data/crlf.csv": csv.replace("\n", "\r\n").encode("utf-8"),
        },
    )
    assert ds.targets["t1"].value == 9000.0
    assert ds.targets["t1"].where.line_of("target") == 9  # CRLF counts one line, not two
    [row] = [a for a in ds.actuals if a.where.file == "data/crlf.csv"]
    assert (row.value, row.where.line, row.source) == (7000.0, 2, "test")


@pytest.mark.parametrize(
    ("indicator", "value", "expected"),
    [
        ("non-fossil-share-energy", '"８０％"', 80.0),  # full-width digits and percent sign
        ("non-fossil-share-energy", '"１２．５％"', 12.5),  # full-width decimal point
        ("solar-pv-capacity", '"９，０００ MW"', 9000.0),  # full-width thousands comma
        ("solar-pv-capacity", '"9,000", unit: MW', 9000.0),  # thousands separator
        ("solar-pv-capacity", '"1,234.5", unit: MW', 1234.5),
        ("solar-pv-capacity", '"600万千瓦"', 6000.0),  # 600 x 10^4 kW = 6000 MW
        ("solar-pv-capacity", "600, unit: 万千瓦", 6000.0),
        ("solar-pv-capacity", '"1.2 GW"', 1200.0),
        ("energy-consumption", '"50万吨标准煤"', 0.5),  # 50 x 10^4 tce = 0.5 Mtce
        ("power-generation", '"1.2亿千瓦时"', 0.12),  # 1.2 x 10^8 kWh = 0.12 TWh
        ("non-fossil-share-energy", '"百分之十三点五"', 13.5),
        ("non-fossil-share-energy", "25, unit: '%'", 25.0),
        ("pue", "1.3", 1.3),  # dimensionless: no unit needed
    ],
)
def test_values_as_policy_text_writes_them(
    copy_mini: Path, indicator: str, value: str, expected: float
) -> None:
    text = POLICY + "targets:\n" + target("t1", indicator, value)
    ds = load_clean(
        copy_mini,
        {"targets/indicators.yaml": with_indicators(copy_mini), "targets/national/t.yaml": text},
    )
    assert ds.targets["t1"].value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ('"7,000"', "MW", 7000.0),
        ("700万千瓦", "", 7000.0),
        ("７０００", "MW", 7000.0),
        ('"９，０００ MW"', "", 9000.0),
        ("7", "GW", 7000.0),
    ],
)
def test_csv_values(copy_mini: Path, cell: str, unit: str, expected: float) -> None:
    csv = HEADER + f"yantai,solar-pv-capacity,2024,level,{cell},{unit},,2025,test,\n"
    ds = load_clean(copy_mini, {"data/extra.csv": csv})
    [row] = [a for a in ds.actuals if a.where.file == "data/extra.csv"]
    assert row.value == pytest.approx(expected, rel=1e-12)


def test_csv_quoted_note_over_two_lines_and_columns_in_any_order(copy_mini: Path) -> None:
    csv = (
        "source,value,region,period,indicator,kind,note\n"
        'test,7000 MW,yantai,2024,solar-pv-capacity,level,"first line\nsecond line"\n'
        "test,6500 MW,yantai,2023,solar-pv-capacity,level,\n"
    )
    ds = load_clean(copy_mini, {"data/extra.csv": csv})
    rows = sorted(
        (a.where.line, a.value, a.note) for a in ds.actuals if a.where.file == "data/extra.csv"
    )
    assert rows == [(2, 7000.0, "first line\nsecond line"), (4, 6500.0, None)]


def test_yaml_comments_anchors_and_plain_forms(copy_mini: Path) -> None:
    text = (
        "# a comment line\n"
        "policies:  # a comment after a key\n"
        "  - {id: p1, title: Test, source: test, published: 2025-03-05}\n"
        "targets:\n"
        "  - id: t1  # the first target\n"
        "    region: yantai\n"
        "    policy: p1\n"
        "    indicator: solar-pv-capacity\n"
        "    kind: increment\n"
        "    baseline: &from-2020 {year: 2020}\n"
        "    target: {year: 2025.0, value: 500, unit: MW}\n"
        "    comparator: =\n"
        "    text: |\n"
        "      PV capacity up by\tabout 500 MW  # not a comment inside a block\n"
        "  - id: t2\n"
        "    region: shandong\n"
        "    policy: p1\n"
        "    indicator: solar-pv-capacity\n"
        "    kind: increment\n"
        "    baseline: *from-2020\n"
        '    target: {year: "２０２５", value: 800, unit: MW}\n'
    )
    ds = load_clean(copy_mini, {"targets/national/t.yaml": text})
    t1, t2 = ds.targets["t1"], ds.targets["t2"]
    assert (t1.target_year, t1.baseline_year, t1.comparator) == (2025, 2020, "=")
    assert t1.text == "PV capacity up by\tabout 500 MW  # not a comment inside a block"
    assert (t2.target_year, t2.baseline_year) == (2025, 2020)
    assert ds.policies["p1"].published == "2025-03-05"


def test_good_inputs_pass_the_cli(copy_mini: Path, ccnt: Callable[..., Any]) -> None:
    csv = HEADER + 'yantai,solar-pv-capacity,2024,level,"９，０００",MW,,2025,test,\r\n'
    (copy_mini / "data/extra.csv").write_bytes(b"\xef\xbb\xbf" + csv.encode("utf-8"))
    result = ccnt("validate", data_dir=copy_mini)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("OK: ")


def test_full_width_region_code_and_dates(copy_mini: Path) -> None:
    regions = (copy_mini / "targets/regions.yaml").read_text(encoding="utf-8")
    regions = regions.replace('code: "370600"', 'code: "３７０６００"')
    text = 'policies:\n  - {id: p1, title: Test, source: test, published: "２０２５-０３"}\n'
    ds = load_clean(copy_mini, {"targets/regions.yaml": regions, "targets/national/t.yaml": text})
    assert ds.regions["yantai"].code == "370600"
    assert ds.policies["p1"].published == "2025-03"
