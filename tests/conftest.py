from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from ccnt_cli.cli.app import app

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own cache folder and no inherited data folder or colour."""
    monkeypatch.setenv("CCNT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("CCNT_DATA_DIR", raising=False)
    monkeypatch.delenv("CCNT_DEBUG", raising=False)
    monkeypatch.delenv("CCNT_JOBS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def cjk_font() -> str:
    """The CJK font charts in Chinese are drawn with. Without one the test is skipped, as a
    new user's machine may have none; CI installs one (.ci/run), so there it must be found."""
    from ccnt_cli.charts import mpl

    try:
        return mpl.cjk_font()
    except mpl.FontMissing:
        if os.environ.get("CI"):
            raise
        pytest.skip("no font with Chinese characters (apt-get install fonts-noto-cjk)")


@pytest.fixture
def mini() -> Path:
    return MINI


@pytest.fixture
def copy_mini(tmp_path: Path) -> Path:
    """A writable copy of the mini data folder."""
    import shutil

    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


Invoke = Callable[..., "Result"]


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def ccnt() -> Invoke:
    """Run ccnt in-process; returns exit code, stdout and stderr separately."""

    def run(*args: str, data_dir: Path | None = MINI, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        argv = (["--data-dir", str(data_dir)] if data_dir is not None else []) + list(args)
        result = runner.invoke(app, argv, env={**(env or {})}, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


# Hypothesis profiles: `ci` (the default) keeps the whole suite quick; `release` runs the fuzz
# tests at length before a release: HYPOTHESIS_PROFILE=release pytest tests/test_fuzz.py
# No deadline: on a shared, loaded machine one slow example (338 ms against hypothesis' 200 ms,
# seen in a draft test) fails the run without saying anything about the code.
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile("release", max_examples=2000, deadline=None, print_blob=True)


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
