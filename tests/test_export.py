"""Exports: read back in every format, written atomically, safe in a spreadsheet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ccnt_cli import export
from ccnt_cli.errors import OutputError


def test_progress_csv_reads_back(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "progress.csv"
    r = ccnt("export", "--what", "progress", "--output", str(out), "--as-of", "2024")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"Wrote 6 progress rows to {out} (csv)\n"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    row = next(r for r in rows if r["id"] == "cn-energy-intensity")
    assert (row["achieved"], row["remaining"], row["status"]) == (
        "-10.8226",
        "-3.0023",
        "off-track",
    )
    assert row["text"] == "energy intensity down 13.5%"
    assert row["policy_title"] == "Test five-year plan"
    assert row["issuer"] == "Test issuer"
    assert row["source"] == "test fixture"
    assert row["actuals_used"] == "data/actuals.csv:2; data/actuals.csv:3"


def test_targets_json_and_md(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "targets.json"
    assert ccnt("export", "--what", "targets", "-o", str(out)).exit_code == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in records][:2] == ["cn-energy-intensity", "cn-peak"]
    assert records[0]["target_value"] == -13.5
    md = tmp_path / "targets.md"
    assert ccnt("export", "--what", "targets", "-o", str(md), "--region", "yantai").exit_code == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| id | region | region_name |")
    assert lines[2].startswith("| yantai-pv | yantai | Yantai | 烟台市 |")


def test_actuals_export(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "a.csv"
    assert ccnt("export", "--what", "actuals", "-o", str(out), "--region", "yantai").exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["value"], r["unit"], r["value_as_written"]) for r in rows] == [
        ("6000", "MW", "600万千瓦")
    ]


def test_xlsx_is_styled(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "progress.xlsx"
    assert ccnt("export", "--what", "progress", "-o", str(out), "--as-of", "2024").exit_code == 0
    ws = load_workbook(out).active
    assert ws.title == "progress"
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "id" and ws["A1"].font.bold
    header = [c.value for c in ws[1]]
    achieved = header.index("achieved") + 1
    cell = ws.cell(row=2, column=achieved)
    assert (cell.value, cell.number_format) == (-10.8226, "#,##0.00##")
    year = ws.cell(row=2, column=header.index("target_year") + 1)
    assert (year.value, year.number_format) == (2025, "0")


def test_formula_injection_is_neutralised(tmp_path: Path) -> None:
    rows = [
        {
            "a": '=HYPERLINK("http://x")',
            "b": -13.5,
            "c": "-13.5",
            "d": "@SUM(A1)",
            "e": "+1+1",
            "f": "plain",
        }
    ]
    out = tmp_path / "x.csv"
    export.write_table(out, "csv", list("abcdef"), rows)
    [row] = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()[1:]))
    assert row == ['\'=HYPERLINK("http://x")', "-13.5", "-13.5", "'@SUM(A1)", "'+1+1", "plain"]
    xlsx = tmp_path / "x.xlsx"
    export.write_table(xlsx, "xlsx", list("abcdef"), rows)
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert [c.value for c in ws[2]] == [
        '\'=HYPERLINK("http://x")',
        -13.5,
        "-13.5",
        "'@SUM(A1)",
        "'+1+1",
        "plain",
    ]


def test_failed_export_leaves_existing_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "keep.csv"
    out.write_text("precious\n", encoding="utf-8")

    def boom(*a: object, **k: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export, "_csv_text", boom)
    with pytest.raises(RuntimeError):
        export.write_table(out, "csv", ["a"], [{"a": 1}])
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]  # no temporary left


def test_missing_folder_is_exit_2(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "--what", "targets", "-o", str(tmp_path / "nope" / "t.csv"))
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == f"Error: the folder {tmp_path / 'nope'} does not exist; create it first\n"
    with pytest.raises(OutputError, match="is a folder"):
        export.write_table(tmp_path, "csv", ["a"], [])


def test_unknown_format_is_usage_error(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "--what", "targets", "-o", str(tmp_path / "t.pdf"))
    assert r.exit_code == 2
    assert "'pdf' is not one of csv, json, xlsx, md" in r.stderr
