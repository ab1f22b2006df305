"""``ccnt export``: read back in every format, written atomically, safe in a spreadsheet, and
saying what it is."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ccnt_cli import __version__, output
from ccnt_cli.errors import OutputError
from ccnt_cli.output import Table

RUN = {"CCNT_RUN_DATE": "2026-01-02"}


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
    assert (row["region_name"], row["indicator_name"]) == (
        "China",
        "Energy consumption per unit of GDP",
    )
    assert row["text"] == "energy intensity down 13.5%"
    assert row["policy_title"] == "Test five-year plan"
    assert row["issuer"] == "Test issuer"
    assert row["source"] == "test fixture"
    assert row["actuals_used"] == "data/actuals.csv:2; data/actuals.csv:3"


def test_export_csv_is_the_listing_csv_plus_context(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One writer: the export's first columns are the listing's, cell for cell."""
    out = tmp_path / "p.csv"
    assert ccnt("export", "-w", "progress", "-o", str(out), "--as-of", "2024").exit_code == 0
    listing = ccnt("progress", "--as-of", "2024", "--format", "csv").stdout.splitlines()
    exported = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    n = len(next(csv.reader(listing[:1])))
    assert [row[:n] for row in exported] == list(csv.reader(listing))


def test_targets_json_and_md(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "targets.json"
    assert ccnt("export", "--what", "targets", "-o", str(out), env=RUN).exit_code == 0
    records = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [r["id"] for r in records][:2] == ["cn-energy-intensity", "cn-peak"]
    assert records[0]["target_value"] == -13.5
    assert records[0]["issuer"] == ["Test issuer"]  # lists stay lists in JSON
    md = tmp_path / "targets.md"
    r = ccnt("export", "--what", "targets", "-o", str(md), "--region", "yantai", env=RUN)
    assert r.exit_code == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    table = lines.index(next(x for x in lines if x.startswith("| id |")))
    assert lines[table].startswith("| id | region | region_name | level | indicator |")
    assert lines[table + 2].startswith("| yantai-pv | yantai | Yantai | prefecture |")


def test_export_takes_the_filters_of_targets_list(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.csv"
    r = ccnt("export", "-w", "targets", "-o", str(out), "--kind", "level", "--level", "national")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [x["id"] for x in rows] == ["cn-non-fossil", "cn-pue"]  # the mini data's two
    r = ccnt("export", "-w", "progress", "-o", "-", "--search", "pv", "--kind", "increment")
    assert [x["id"] for x in csv.DictReader(r.stdout.splitlines())] == ["shandong-pv"]


def test_a_target_filter_on_actuals_is_refused(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "-w", "actuals", "-o", "-", "--kind", "level")
    assert r.exit_code == 2 and r.stdout == ""
    assert "--kind selects targets; actuals take --region, --exact and --indicator" in r.stderr


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
    ws = load_workbook(out)["progress"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].value == "id" and ws["A1"].font.bold
    header = [c.value for c in ws[1]]
    achieved = header.index("achieved") + 1
    cell = ws.cell(row=2, column=achieved)
    assert (cell.value, cell.number_format) == (-10.8226, "#,##0.00##")
    year = ws.cell(row=2, column=header.index("target_year") + 1)
    assert (year.value, year.number_format) == (2025, "0")


def test_csv_formula_guard_and_xlsx_without_it(tmp_path: Path) -> None:
    """CSV cells that a spreadsheet would run get an apostrophe; XLSX cells are text or numbers,
    never formulas, so they are written as they are."""
    rows = [
        {
            "a": '=HYPERLINK("http://x")',
            "b": -13.5,
            "c": "-13.5",
            "d": "@SUM(A1)",
            "e": "+1+1",
            "f": "plain",
            "g": "-13.5 %",
        }
    ]
    table = Table("t", list("abcdefg"), rows)
    out = tmp_path / "x.csv"
    output.write(table, "csv", out)
    [row] = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()[1:]))
    assert row == [
        '\'=HYPERLINK("http://x")',
        "-13.5",
        "-13.5",
        "'@SUM(A1)",
        "'+1+1",
        "plain",
        "'-13.5 %",
    ]
    xlsx = tmp_path / "x.xlsx"
    output.write(table, "xlsx", xlsx)
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert [c.value for c in ws[2]] == [
        '=HYPERLINK("http://x")',
        -13.5,
        "-13.5",
        "@SUM(A1)",
        "+1+1",
        "plain",
        "-13.5 %",
    ]
    assert [c.data_type for c in ws[2]] == ["s", "n", "s", "s", "s", "s", "s"]  # no formula


def test_xlsx_export_has_no_apostrophes(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The bug report: `'-13.5 %` in 42 cells of an XLSX export."""
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert ccnt("export", "--what", "targets", "-o", str(out)).exit_code == 0
    ws = load_workbook(out)["targets"]
    header = [c.value for c in ws[1]]
    written = [row[header.index("target_as_written")].value for row in ws.iter_rows(min_row=2)]
    assert "-13.5 %" in written
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith("'")]


def test_failed_export_leaves_existing_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ccnt_cli.output import fmt_csv

    out = tmp_path / "keep.csv"
    out.write_text("precious\n", encoding="utf-8")

    def boom(*a: object, **k: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(fmt_csv, "write_rows", boom)
    with pytest.raises(RuntimeError):
        output.write(Table("t", ["a"], [{"a": 1}]), "csv", out)
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]  # no temporary left


def test_missing_folder_is_exit_2(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "--what", "targets", "-o", str(tmp_path / "nope" / "t.csv"))
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == f"Error: the folder {tmp_path / 'nope'} does not exist; create it first\n"
    with pytest.raises(OutputError, match="is a folder"):
        output.write(Table("t", ["a"], []), "csv", tmp_path)


def test_unknown_extension_is_usage_error(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "--what", "targets", "-o", str(tmp_path / "t.pdf"))
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        f"Error: cannot tell the format of {tmp_path / 't.pdf'} from its extension; give "
        "--format (csv, json, md, xlsx, parquet, iamc)\n"
    )
    assert not (tmp_path / "t.pdf").exists()


# ------------------------------------------------------------------ -o - writes to stdout


def test_output_dash_is_stdout(ccnt, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    r = ccnt("export", "--what", "targets", "--region", "yantai", "-o", "-")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("id,region,region_name,level,")  # CSV, no BOM
    assert r.stdout.splitlines()[1].startswith("yantai-pv,yantai,Yantai,")
    assert r.stderr == "Wrote 1 targets rows to stdout (csv)\n"
    r = ccnt("export", "-w", "targets", "-r", "yantai", "-f", "csv", "-o", "-")
    assert r.stdout.splitlines()[1].startswith("yantai-pv,yantai,Yantai,")
    assert list(tmp_path.iterdir()) == []  # no file named "-"
    r = ccnt("export", "-w", "targets", "-r", "yantai", "-o", "-", "-f", "json", env=RUN)
    assert json.loads(r.stdout)["rows"][0]["id"] == "yantai-pv"


def test_binary_format_refuses_a_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with pytest.raises(OutputError, match="xlsx is a binary format; give a file"):
        output.write(Table("t", ["a"], [{"a": 1}]), "xlsx", "-")


# ------------------------------------------------------------------ exports say what they are


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_json_export_says_what_it_is(ccnt, copy_mini: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "p.json"
    args = ("export", "-w", "progress", "-r", "China", "--exact", "--as-of", "2024")
    r = ccnt(*args, "--known-at", "2025-03-31", "-o", str(out), data_dir=copy_mini, env=RUN)
    assert r.exit_code == 0, r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(doc) == ["meta", "rows"]
    meta = doc["meta"]
    digest = meta.pop("data_digest")
    assert re.fullmatch(r"blake2b:[0-9a-f]{32}", digest)
    assert meta == {
        "what": "progress",
        "rows": 4,
        "as_of": 2024,
        "known_at": "2025-03-31",
        "run_date": "2026-01-02",
        "data": str(copy_mini),
        "data_commit": None,  # not under git: the digest tells the version
        "data_uncommitted_changes": None,
        "options": {"region": ["China"], "exact": True},
        "lang": "en",
        "ccnt_version": __version__,
    }
    assert [row["id"] for row in doc["rows"]] == [
        "cn-energy-intensity",
        "cn-peak",
        "cn-non-fossil",
        "cn-pue",
    ]
    # the same data gives the same digest; a changed figure a different one
    again = tmp_path / "again.json"
    assert ccnt(*args, "-o", str(again), data_dir=copy_mini, env=RUN).exit_code == 0
    assert json.loads(again.read_text(encoding="utf-8"))["meta"]["data_digest"] == digest
    csv_file = copy_mini / "data" / "actuals.csv"
    csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("-3.8", "-3.9"), "utf-8")
    assert ccnt(*args, "-o", str(again), data_dir=copy_mini, env=RUN).exit_code == 0
    assert json.loads(again.read_text(encoding="utf-8"))["meta"]["data_digest"] != digest


def test_export_as_of_defaults_to_the_run_year(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "p.json"
    r = ccnt("export", "-w", "progress", "-o", str(out), env={"CCNT_RUN_DATE": "2024-06-30"})
    assert r.exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["meta"]["as_of"], doc["meta"]["run_date"]) == (2024, "2024-06-30")
    row = next(r for r in doc["rows"] if r["id"] == "cn-energy-intensity")
    assert row["latest_year"] == 2024  # the 2024 figure is used, nothing later


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_export_names_the_git_commit(ccnt, copy_mini: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _git(copy_mini, "init", "-q")
    _git(copy_mini, "add", ".")
    _git(copy_mini, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "data")
    head = _git(copy_mini, "rev-parse", "HEAD")
    out = tmp_path / "t.json"
    assert ccnt("export", "-w", "targets", "-o", str(out), data_dir=copy_mini).exit_code == 0
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert (meta["data_commit"], meta["data_uncommitted_changes"]) == (head, False)
    (copy_mini / "data" / "more.csv").write_text(
        "region,indicator,period,kind,value,unit,basis,published,source,note\n", "utf-8"
    )
    assert ccnt("export", "-w", "targets", "-o", str(out), data_dir=copy_mini).exit_code == 0
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert (meta["data_commit"], meta["data_uncommitted_changes"]) == (head, True)


def test_markdown_and_xlsx_exports_say_what_they_are(ccnt, copy_mini: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    md = tmp_path / "a.md"
    args = ("export", "-w", "actuals", "-r", "yantai")
    assert ccnt(*args, "-o", str(md), data_dir=copy_mini, env=RUN).exit_code == 0
    lines = md.read_text(encoding="utf-8").splitlines()
    assert lines[:6] == [
        "# ccnt export: actuals",
        "",
        "- what: actuals",
        "- rows: 1",
        "- as_of:",
        "- known_at:",
    ]
    assert lines[6:9] == ["- run_date: 2026-01-02", f"- data: {copy_mini}", "- data_commit:"]
    assert lines[11:13] == ["- options: region=yantai", "- lang: en"]
    assert lines[15].startswith("| region | region_name | indicator | period |")
    xlsx = tmp_path / "a.xlsx"
    assert ccnt(*args, "-o", str(xlsx), data_dir=copy_mini, env=RUN).exit_code == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["actuals", "about"]
    about = {row[0].value: row[1].value for row in wb["about"].iter_rows(min_row=2)}
    assert (about["what"], about["rows"], about["run_date"]) == ("actuals", 1, "2026-01-02")
    assert about["options"] == "region=yantai"


def test_listing_json_stays_an_array(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", "yantai", "--format", "json")
    assert [row["id"] for row in json.loads(r.stdout)] == ["yantai-pv"]
    r = ccnt("progress", "--as-of", "2024", "--format", "json")
    assert isinstance(json.loads(r.stdout), list)


def test_run_date_must_be_a_date(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "-w", "targets", "-o", str(tmp_path / "t.json"), env={"CCNT_RUN_DATE": "x"})
    assert (r.exit_code, r.stderr) == (
        2,
        "Error: CCNT_RUN_DATE='x' is not a date; write YYYY-MM-DD\n",
    )


def test_stdout_csv_and_file_csv_differ_only_by_the_bom(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.csv"
    assert ccnt("export", "-w", "targets", "-o", str(out)).exit_code == 0
    piped = ccnt("export", "-w", "targets", "-o", "-").stdout
    assert out.read_text(encoding="utf-8") == "\ufeff" + piped
    assert io.StringIO(piped).readline().startswith("id,")
