"""The Python API: DataFrames with proper dtypes, progress equal to the CLI's CSV, explanations,
no pandas on import, and docs/api.md run as a doctest."""

from __future__ import annotations

import csv
import doctest
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ccnt_cli

DOCS = Path(__file__).parent.parent / "docs" / "api.md"


def test_docs_api_examples_run() -> None:
    result = doctest.testfile(
        str(DOCS),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 8
    assert result.failed == 0


def test_readme_python_examples_run() -> None:
    import re

    readme = (DOCS.parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README-{i}", "README.md", 0))
    assert runner.failures == 0


def test_import_needs_no_pandas() -> None:
    code = "import sys, ccnt_cli; print(','.join(m for m in ('pandas', 'pint', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_tables_have_proper_dtypes(mini: Path) -> None:
    data = ccnt_cli.load(mini)
    t = data.targets.set_index("id")
    assert list(t.index) == [
        "cn-energy-intensity",
        "cn-non-fossil",
        "cn-pue",
        "yantai-pv",
        "shandong-pv",
        "cn-peak",
    ]
    assert str(t["target_year"].dtype) == "Int64"
    assert pd.isna(t.loc["cn-energy-intensity", "target_as_written"]) is False
    assert t.loc["cn-non-fossil", "target_as_written"] == "２０％"  # as written
    assert t.loc["cn-non-fossil", "target_value"] == 20.0
    assert t.loc["shandong-pv", "target_value"] == 6000.0  # 600万千瓦 in MW
    assert t.loc["cn-peak", "target_value"] is pd.NA or pd.isna(t.loc["cn-peak", "target_value"])
    assert str(t["kind"].dtype) == "category"
    assert str(t["binding"].dtype) == "boolean"
    # text keeps the string dtype of the pandas installed: object (pandas 2) or str (pandas 3);
    # pandas before 2.3 does not call an object column with gaps a string column, so look
    text = t["text"]
    assert text.dtype == object or isinstance(text.dtype, pd.StringDtype)
    assert {type(v) for v in text.dropna()} == {str} and text.isna().any()
    a = data.actuals
    assert str(a["start"].dtype) == "Int64" and str(a["value"].dtype) == "float64"
    assert a.loc[a["raw_value"] == "600万千瓦", "value"].tolist() == [6000.0]
    assert data.regions.set_index("id").loc["yantai", "parent"] == "shandong"
    assert str(data.indicators["direction"].dtype) == "category"


def test_progress_equals_the_cli_csv(ccnt, mini: Path) -> None:  # type: ignore[no-untyped-def]
    cli = ccnt("progress", "--format", "csv", "--as-of", "2024")
    rows = list(csv.DictReader(io.StringIO(cli.stdout)))
    frame = ccnt_cli.load(mini).progress(as_of=2024)
    assert list(frame.columns) == list(rows[0])
    assert frame["id"].tolist() == [r["id"] for r in rows]
    assert frame["status"].astype(str).tolist() == [r["status"] for r in rows]
    got = frame.set_index("id")["achieved"].round(4)
    for r in rows:
        if r["achieved"]:
            assert got[r["id"]] == pytest.approx(float(r["achieved"]))
    only = ccnt_cli.load(mini).progress(as_of=2024, status=["off-track", "on-track"])
    assert set(only["status"].astype(str)) == {"off-track", "on-track"}


def test_explain_is_structured(mini: Path) -> None:
    e = ccnt_cli.load(mini).explain("cn-energy-intensity", as_of=2024)
    d = e.to_dict()
    assert d["status"] == "off-track"
    assert [u["period"] for u in d["rows_used"]] == ["2021-2023", "2024"]
    assert e.progress.achieved == pytest.approx((0.927 * 0.962 - 1) * 100)
