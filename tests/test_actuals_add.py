"""``ccnt actuals add``: checked, appended atomically, existing bytes untouched, concurrent-safe."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HEADER = "region,indicator,period,kind,value,unit,basis,published,source,note\n"


def test_add_appends_and_validates(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    before = (copy_mini / "data" / "actuals.csv").read_bytes()
    r = ccnt(
        "actuals",
        "add",
        "山东",
        "PV capacity",
        "2024",
        "800万千瓦",
        "--source",
        "test",
        "--published",
        "2025-01",
        "--file",
        "data/actuals.csv",
        data_dir=copy_mini,
    )
    assert r.exit_code == 0, r.stderr
    assert r.stderr == (
        "Added shandong solar-pv-capacity 2024 level 800万千瓦 at data/actuals.csv:6\n"
    )
    after = (copy_mini / "data" / "actuals.csv").read_bytes()
    assert after.startswith(before)
    assert (
        after[len(before) :]
        == "shandong,solar-pv-capacity,2024,level,800万千瓦,,,2025-01,test,\n".encode()
    )
    assert ccnt("validate", data_dir=copy_mini).exit_code == 0


def test_new_file_gets_a_header(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("actuals", "add", "china", "pue", "2024", "1.48", "--source", "s", data_dir=copy_mini)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[-1] == (
        "Note: the figure has no publication date, so --known-at leaves it out."
    )
    assert (copy_mini / "data" / "added.csv").read_text(encoding="utf-8") == (
        HEADER + "china,pue,2024,level,1.48,,,,s,\n"
    )


def test_keeps_crlf_bom_and_column_order(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    path = copy_mini / "data" / "excel.csv"
    original = (
        "\ufeffsource,region,indicator,period,kind,value,unit\r\ns,china,pue,2022,level,1.6,\r\n"
    ).encode()
    path.write_bytes(original)
    r = ccnt(
        "actuals",
        "add",
        "china",
        "pue",
        "2023",
        "1.55",
        "--source",
        "t",
        "--file",
        "data/excel.csv",
        data_dir=copy_mini,
    )
    assert r.exit_code == 0, r.stderr
    assert path.read_bytes() == original + b"t,china,pue,2023,level,1.55,\r\n"


def test_missing_final_newline_is_added_not_rewritten(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    path = copy_mini / "data" / "x.csv"
    path.write_bytes((HEADER + "china,pue,2022,level,1.6,,,2023,s,").encode())
    assert (
        ccnt(
            "actuals",
            "add",
            "china",
            "pue",
            "2023",
            "1.5",
            "--source",
            "s",
            "--file",
            "data/x.csv",
            data_dir=copy_mini,
        ).exit_code
        == 0
    )
    assert path.read_text(encoding="utf-8").splitlines()[-2:] == [
        "china,pue,2022,level,1.6,,,2023,s,",
        "china,pue,2023,level,1.5,,,,s,",
    ]


def test_refuses_duplicates_and_bad_rows(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    before = (copy_mini / "data" / "actuals.csv").read_bytes()
    dup = ccnt(
        "actuals",
        "add",
        "china",
        "energy-intensity",
        "2024",
        "-3.8",
        "--unit",
        "%",
        "--kind",
        "change",
        "--basis",
        "revised",
        "--published",
        "2025-02-28",
        "--source",
        "s",
        "--file",
        "data/actuals.csv",
        data_dir=copy_mini,
    )
    assert dup.exit_code == 2
    assert dup.stderr.splitlines()[0] == (
        "data/actuals.csv [china/energy-intensity/2024] a 2024 figure for "
        "china/energy-intensity with basis revised published 2025-02-28 is already recorded "
        "(hint: see data/actuals.csv:3; a revision needs its own publication date)"
    )
    bad = ccnt(
        "actuals",
        "add",
        "china",
        "solar-pv-capacity",
        "2024-2021",
        "5",
        "--unit",
        "tce",
        "--source",
        "s",
        "--file",
        "data/actuals.csv",
        data_dir=copy_mini,
    )
    assert bad.exit_code == 2
    assert "period '2024-2021' runs backwards" in bad.stderr
    unit = ccnt(
        "actuals",
        "add",
        "china",
        "solar-pv-capacity",
        "2024",
        "5",
        "--unit",
        "tce",
        "--source",
        "s",
        "--file",
        "data/actuals.csv",
        data_dir=copy_mini,
    )
    assert unit.exit_code == 2
    assert "cannot convert 'tce' (energy) to 'MW' (power)" in unit.stderr
    outside = ccnt(
        "actuals",
        "add",
        "china",
        "pue",
        "2024",
        "1.4",
        "--source",
        "s",
        "--file",
        "targets/x.csv",
        data_dir=copy_mini,
    )
    assert outside.exit_code == 2
    assert (copy_mini / "data" / "actuals.csv").read_bytes() == before
    assert not (copy_mini / "targets" / "x.csv").exists()


def test_twenty_concurrent_adds_all_land(copy_mini: Path) -> None:
    exe = shutil.which("ccnt")
    assert exe
    path = copy_mini / "data" / "actuals.csv"
    before = path.read_bytes()

    def add(i: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                exe,
                "--data-dir",
                str(copy_mini),
                "--no-cache",
                "actuals",
                "add",
                "china",
                "pue",
                str(2000 + i),
                f"1.{i:02d}",
                "--source",
                "concurrent test",
                "--published",
                f"{2001 + i}",
                "--file",
                "data/actuals.csv",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(add, range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    after = path.read_bytes()
    assert after.startswith(before)
    added = after[len(before) :].decode().splitlines()
    assert sorted(added) == sorted(
        f"china,pue,{2000 + i},level,1.{i:02d},,,{2001 + i},concurrent test," for i in range(20)
    )
    check = subprocess.run(
        [exe, "--data-dir", str(copy_mini), "validate"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stderr


def test_bundled_data_is_read_only(ccnt) -> None:  # type: ignore[no-untyped-def]
    """Without --data-dir, `actuals add` once wrote into the installed package's data."""
    from ccnt_cli.dataset import default_root

    root = default_root()
    before = sorted((p.relative_to(root), p.stat().st_mtime_ns) for p in root.rglob("data/**/*"))
    for data_dir in (None, root):
        r = ccnt(
            "actuals",
            "add",
            "china",
            "pue",
            "2024",
            "1.48",
            "--source",
            "s",
            data_dir=data_dir,
        )
        assert r.exit_code == 2
        assert r.stdout == ""
        assert r.stderr == (
            "Error: the bundled data is read-only; nothing was written. Make your own copy "
            "with `ccnt init DIR`, then pass `--data-dir DIR` (or set CCNT_DATA_DIR)\n"
        )
    after = sorted((p.relative_to(root), p.stat().st_mtime_ns) for p in root.rglob("data/**/*"))
    assert after == before
    assert not (root / "data" / "added.csv").exists()
