"""The corpus of bad inputs: each case's exact messages, from every command that reads data.

A case is a folder under ``tests/corpus/``: its files are written over a copy of
``tests/fixtures/mini`` (after removing the paths listed in ``delete.txt``, if any), and
``expected.txt`` holds the problem lines ``ccnt validate`` prints, without the summary line.
See ``docs/testing.md``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
CORPUS = HERE / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
MARKER = "ccnt-marker-was-run"  # what tag-python-object-apply would create if run
SLOW_CASES = {"alias-bomb": 5.0}  # seconds a case may take, at most


def build(case: str, dest: Path) -> Path:
    """The data folder of a case: mini, minus delete.txt, plus the case's files."""
    root = dest / "data"
    shutil.copytree(MINI, root)
    folder = CORPUS / case
    deleted = folder / "delete.txt"
    if deleted.exists():
        for rel in deleted.read_text(encoding="utf-8").split():
            (root / rel).unlink()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in ("expected.txt", "delete.txt"):
            target = root / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def expected_lines(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def summary(n: int, root: Path) -> str:
    return f"{n} problem{'s' if n != 1 else ''} in {root}; nothing was computed."


def one_line(p: dict[str, Any]) -> str:
    """``file:line [record] field: message (hint: ...)``, rebuilt from a JSON problem."""
    text = p["file"] + (f":{p['line']}" if p["line"] is not None else "")
    if p["record"]:
        text += f" [{p['record']}]"
    if p["field"]:
        text += f" {p['field']}:"
    text += f" {p['message']}"
    if p["hint"]:
        text += f" (hint: {p['hint']})"
    return text


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(
    case: str, tmp_path: Path, ccnt: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(case, tmp_path)
    monkeypatch.chdir(tmp_path)  # a tag that ran a command would leave MARKER here
    expected = expected_lines(case)
    assert expected, f"{case}: expected.txt is empty"

    started = time.perf_counter()
    result = ccnt("validate", data_dir=root)
    elapsed = time.perf_counter() - started
    assert elapsed < SLOW_CASES.get(case, 5.0), f"{case} took {elapsed:.1f} s"
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == summary(len(expected), root)

    as_json = ccnt("validate", "--format", "json", data_dir=root)
    assert as_json.exit_code == 2
    assert "Traceback" not in as_json.stdout + as_json.stderr
    report = json.loads(as_json.stdout)
    assert report["ok"] is False
    assert [one_line(p) for p in report["problems"]] == expected

    for command in (["targets", "list"], ["progress"]):  # every command refuses invalid data
        other = ccnt(*command, data_dir=root)
        assert other.exit_code == 2, command
        assert "Traceback" not in other.stdout + other.stderr
        assert other.stderr.splitlines() == [*expected, summary(len(expected), root)], command

    assert not (tmp_path / MARKER).exists()
    assert not (root / MARKER).exists()


def test_python_tag_case_would_create_the_marker() -> None:
    """The tag case is a real attempt: running its tag would create MARKER."""
    text = (CORPUS / "tag-python-object-apply" / "targets/national/typo.yaml").read_text(
        encoding="utf-8"
    )
    assert f"os.system ['touch {MARKER}']" in text
