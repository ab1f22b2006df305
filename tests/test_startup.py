"""Start-up stays light: commands that do not need pandas or pint do not import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from ccnt_cli.cli.app import app
try:
    app(sys.argv[1:], standalone_mode=True)
except SystemExit:
    pass
heavy = sorted(
    m
    for m in (
        "pandas", "pint", "numpy", "openpyxl", "pyarrow", "rich", "yaml", "pydantic",
        "ccnt_cli.parsing", "matplotlib", "jinja2",
    )
    if m in sys.modules
)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


def heavy_modules(*args: str, env_extra: dict[str, str] | None = None) -> str:
    import os

    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, proc.stderr
    return line[-1].removeprefix("HEAVY=")


def test_help_imports_neither_pandas_nor_pint() -> None:
    assert heavy_modules("--help") == ""


@pytest.mark.parametrize("command", [["chart", "--help"], ["report", "--help"]])
def test_chart_and_report_import_matplotlib_and_jinja2_only_when_drawing(
    command: list[str],
) -> None:
    assert heavy_modules(*command) == ""


def test_a_warm_progress_csv_in_chinese_stays_light(tmp_path: Path) -> None:
    env = {"CCNT_CACHE_DIR": str(tmp_path)}
    command = ["progress", "--format", "csv", "--lang", "zh"]
    heavy_modules(*command, env_extra=env)
    assert heavy_modules(*command, env_extra=env) == ""


@pytest.mark.parametrize(
    "command", [["targets", "list", "--region", "Shandong"], ["regions", "list"], ["validate"]]
)
def test_warm_listing_needs_no_pint(command: list[str], tmp_path: Path) -> None:
    env = {"CCNT_CACHE_DIR": str(tmp_path)}
    heavy_modules(*command, env_extra=env)  # cold: may compute unit factors with pint
    assert heavy_modules(*command, env_extra=env) == ""  # warm: factors come from the cache


def test_warm_progress_reads_no_yaml_and_computes_nothing(tmp_path: Path) -> None:
    """With every file and result cached, progress imports neither the readers nor pint."""
    env = {"CCNT_CACHE_DIR": str(tmp_path)}
    command = ["progress", "--format", "csv"]
    cold = heavy_modules(*command, env_extra=env).split(",")
    assert "yaml" in cold and "pydantic" in cold  # cold: files are read and validated
    assert heavy_modules(*command, env_extra=env) == ""


@pytest.mark.parametrize(
    ("command", "allowed"),
    [
        (["targets", "list", "--format", "csv"], set()),
        (["progress", "--format", "json"], set()),
        (["actuals", "list", "--format", "md"], set()),
        (["export", "-w", "targets", "-o", "{tmp}/t.xlsx"], {"openpyxl", "numpy"}),
    ],
)
def test_each_format_imports_only_what_it_needs(
    command: list[str], allowed: set[str], tmp_path: Path
) -> None:
    """rich only for a table on a terminal, openpyxl only for XLSX, pyarrow (and the pandas it
    brings) only for Parquet."""
    env = {"CCNT_CACHE_DIR": str(tmp_path)}
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    heavy_modules(*args, env_extra=env)  # cold
    warm = heavy_modules(*args, env_extra=env)
    assert set(filter(None, warm.split(","))) <= allowed, warm
