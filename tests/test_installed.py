"""The installed ``ccnt`` script works from any folder, on the bundled data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ccnt")
    assert exe, "the ccnt entry point is not installed: pip install '.[test]'"
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_installed_entry_point(tmp_path: Path) -> None:
    version = run("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith("ccnt ")
    checked = run("validate", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.startswith("OK: ")
    listed = run("targets", "list", "--region", "Shandong", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].startswith("id,region,region_name,level,indicator,kind")
    bad = run("units", "convert", "5 MW", "tce", cwd=tmp_path)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
