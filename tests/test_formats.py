"""Formats for analysts' tools: the IAMC long format and Parquet.

Expected values are worked out by hand from tests/fixtures/mini: the 2021-2023 change of -7.3%
is against 2020 ("Change since 2020", year 2023); 600万千瓦 is 6000 MW; the energy-intensity
target's progress as of 2024 is the README's worked example (achieved 0.927 x 0.962 - 1 =
-10.8226%, remaining 0.865 / 0.891774 - 1 = -3.0023%, one year left, 79% of the way)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ccnt_cli import output
from ccnt_cli.errors import OutputError
from ccnt_cli.output import Table

IAMC = ["model", "scenario", "region", "variable", "unit", "year", "value"]
PV = "Capacity|Electricity|Solar|PV"
EI = "ccnt|energy-intensity"
NF = "ccnt|non-fossil-share-energy"


def _iamc(ccnt, tmp_path: Path, what: str, *args: str) -> list[list[object]]:  # type: ignore[no-untyped-def]
    import pandas as pd

    out = tmp_path / f"{what}.csv"
    r = ccnt("export", "-w", what, "-f", "iamc", "-o", str(out), *args)
    assert r.exit_code == 0, r.stderr
    df = pd.read_csv(out)  # pandas drops the byte-order mark itself
    assert list(df.columns) == IAMC
    assert str(df["year"].dtype) == "int64" and str(df["value"].dtype) == "float64"
    assert not df.duplicated(IAMC[:-1]).any()  # pyam refuses duplicate keys
    return [list(row) for row in df.itertuples(index=False)]


def test_iamc_actuals(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _iamc(ccnt, tmp_path, "actuals") == [
        ["ccnt", "Reported|revised", "China", f"{EI}|Change since 2020", "%", 2023, -7.3],
        ["ccnt", "Reported|revised", "China", f"{EI}|Change since 2023", "%", 2024, -3.8],
        ["ccnt", "Reported", "Yantai", PV, "MW", 2023, 6000.0],
        ["ccnt", "Reported", "China", "ccnt|non-fossil-share-energy", "%", 2024, 19.8],
    ]


def test_iamc_targets(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _iamc(ccnt, tmp_path, "targets") == [
        ["ccnt", "cn-energy-intensity", "China", f"{EI}|Change since 2020", "%", 2025, -13.5],
        ["ccnt", "cn-non-fossil", "China", "ccnt|non-fossil-share-energy", "%", 2025, 20.0],
        ["ccnt", "cn-pue", "China", "ccnt|pue", "dimensionless", 2025, 1.5],
        ["ccnt", "shandong-pv", "Shandong", f"{PV}|Flow since 2020", "MW", 2025, 6000.0],
        ["ccnt", "yantai-pv", "Yantai", PV, "MW", 2025, 9000.0],
    ]  # cn-peak is qualitative: no value


def test_iamc_progress(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _iamc(ccnt, tmp_path, "progress", "--as-of", "2024", "-r", "China", "--exact")
    base = f"{EI}|Change since 2020"
    assert rows == [
        ["ccnt", "cn-energy-intensity", "China", f"{base}|Achieved", "%", 2024, -10.8226],
        ["ccnt", "cn-energy-intensity", "China", f"{base}|Expected", "%", 2024, -10.9543],
        ["ccnt", "cn-energy-intensity", "China", f"{base}|Remaining", "%", 2024, -3.0023],
        ["ccnt", "cn-energy-intensity", "China", f"{base}|Required Annual", "%/yr", 2024, -3.0023],
        ["ccnt", "cn-energy-intensity", "China", f"{base}|Share Covered", "%", 2024, 79.0],
        # ~20% by 2025 from 19.8% in 2024: 0.2 percentage points to go, in one year; 19.8 / 20
        ["ccnt", "cn-non-fossil", "China", f"{NF}|Achieved", "%", 2024, 19.8],
        ["ccnt", "cn-non-fossil", "China", f"{NF}|Remaining", "pp", 2024, 0.2],
        ["ccnt", "cn-non-fossil", "China", f"{NF}|Required Annual", "pp/yr", 2024, 0.2],
        ["ccnt", "cn-non-fossil", "China", f"{NF}|Share Covered", "%", 2024, 99.0],
    ]


def test_iamc_keeps_the_latest_vintage(ccnt, copy_mini: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = copy_mini / "data" / "actuals.csv"
    with data.open("a", encoding="utf-8") as fh:
        fh.write("china,energy-intensity,2024,change,-3.6,%,revised,2025-09-30,revision,\n")
    out = tmp_path / "a.csv"
    r = ccnt("export", "-w", "actuals", "-f", "iamc", "-o", str(out), data_dir=copy_mini)
    assert r.stderr.splitlines() == [
        f"Wrote 5 actuals rows to {out} (iamc, 4 IAMC rows)",
        "Note: 1 earlier vintage left out: IAMC holds one value per region, variable and year "
        "(every vintage is in the CSV)",
    ]
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert f"ccnt,Reported|revised,China,{EI}|Change since 2023,%,2024,-3.6" in lines
    assert not [x for x in lines if x.endswith(",2024,-3.8")]


def test_iamc_listings_and_refusal(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "-r", "yantai", "--format", "iamc")
    assert r.stdout.splitlines() == [",".join(IAMC), f"ccnt,yantai-pv,Yantai,{PV},MW,2025,9000"]
    r = ccnt("regions", "list", "--format", "iamc")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        "Error: the IAMC format is defined for targets, progress, actuals, not regions\n"
    )


def test_iamc_is_read_by_pyam_when_installed(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pyam = pytest.importorskip("pyam")  # not a dependency: checked where it is installed
    for what in ("actuals", "targets", "progress"):
        out = tmp_path / f"{what}.csv"
        args = ("export", "-w", what, "-f", "iamc", "-o", str(out), "--as-of", "2024")
        assert ccnt(*args).exit_code == 0
        df = pyam.IamDataFrame(str(out))
        assert df.model == ["ccnt"]
    assert "cn-energy-intensity" in df.scenario


# ------------------------------------------------------------------ Parquet


def test_parquet_reads_back_with_its_meta(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pyarrow")
    import pandas as pd
    import pyarrow.parquet as pq

    out = tmp_path / "p.parquet"
    r = ccnt(
        "export", "-w", "progress", "-o", str(out), "--as-of", "2024",
        env={"CCNT_RUN_DATE": "2026-01-02"},
    )  # fmt: skip
    assert (r.exit_code, r.stderr) == (0, f"Wrote 6 progress rows to {out} (parquet)\n")
    df = pd.read_parquet(out)
    row = df.set_index("id").loc["cn-energy-intensity"]
    assert (row["achieved"], row["remaining"], row["status"]) == (-10.8226, -3.0023, "off-track")
    assert row["target_year"] == 2025 and str(df["target_year"].dtype) == "int64"
    assert list(row["issuer"]) == ["Test issuer"]  # a list stays a list
    meta = json.loads(pq.read_schema(out).metadata[b"ccnt"])
    assert (meta["what"], meta["as_of"], meta["run_date"]) == ("progress", 2024, "2026-01-02")


def test_parquet_without_pyarrow_says_how_to_get_it(ccnt, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    out = tmp_path / "t.parquet"
    r = ccnt("export", "-w", "targets", "-o", str(out))
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        "Error: Parquet needs pyarrow, which is not installed; install it with "
        "pip install 'ccnt[parquet]' (or pip install pyarrow), or write csv, json or xlsx\n"
    )
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError, match="needs pyarrow"):
        output.write(Table("t", ["a"], [{"a": 1}]), "parquet", tmp_path / "x.parquet")


def test_docs_list_every_iamc_variable() -> None:
    from ccnt_cli.output.fmt_iamc import VARIABLES

    doc = (Path(__file__).parent.parent / "docs" / "output.md").read_text(encoding="utf-8")
    for indicator, variable in VARIABLES.items():
        assert f"| `{indicator}` | `{variable.replace('|', chr(92) + '|')}` |" in doc
