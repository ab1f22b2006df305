"""Every example in the README runs, and prints what the README says.

Examples are ```console blocks: a line ``$ ccnt ...`` is a command, the lines after it (up to
the next ``$`` line or the end of the block) are what it prints (stdout, then stderr). Refresh
them after a change with ``python tests/test_readme.py --update``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitenv import clean, git_environment

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERMINAL_WIDTH": "100"}


def examples(text: str) -> list[list[tuple[str, str]]]:
    """Each console block as its (command, expected output) pairs, run in order in one folder."""
    blocks = []
    for block in BLOCK.findall(text):
        out: list[tuple[str, str]] = []
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    out.append((command, "\n".join(expected)))
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command is not None:
            out.append((command, "\n".join(expected)))
        blocks.append(out)
    return blocks


def run(command: str, cwd: Path, cache: Path) -> str:
    """Run one example: ccnt, or git for the steps a block needs (in the block's folder, with
    an identity, dates and configuration of its own, so commits and their hashes are the same
    on every machine)."""
    argv = shlex.split(command)
    if argv[0] not in ("ccnt", "git"):
        raise ValueError(f"README examples run ccnt and git only: {command}")
    exe = shutil.which(argv[0])
    assert exe, f"{argv[0]} is not installed (ccnt: pip install '.[test]')"
    env = {
        **clean(os.environ),
        **ENV,
        "CCNT_CACHE_DIR": str(cache),
        **git_environment(cwd / ".home"),
    }
    env.pop("CCNT_DATA_DIR", None)
    proc = subprocess.run(
        [exe, *argv[1:]], capture_output=True, text=True, cwd=cwd, env=env, timeout=120, check=False
    )
    return (proc.stdout + proc.stderr).rstrip("\n")


CASES = examples(README.read_text(encoding="utf-8"))


def test_readme_has_examples() -> None:
    assert sum(len(block) for block in CASES) >= 12


@pytest.mark.parametrize("block", CASES, ids=[b[0][0] for b in CASES])
def test_readme_example(block: list[tuple[str, str]], tmp_path: Path) -> None:
    for command, expected in block:
        assert run(command, tmp_path, tmp_path / "cache") == expected, command


def test_ci_runs_the_readme_test_command() -> None:
    readme = README.read_text(encoding="utf-8")
    match = re.search(r"```sh\n(pip install \"\.\[test\]\" && pytest)\n```", readme)
    assert match, "the README's test command is missing"
    assert match.group(1) in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def update() -> None:
    """Rewrite the README's console blocks with what the commands print now."""
    import tempfile

    text = README.read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        lines = []
        with tempfile.TemporaryDirectory() as tmp:
            for command, _ in examples(match.group(0))[0]:
                lines.append(f"$ {command}")
                printed = run(command, Path(tmp), Path(tmp) / "cache")
                if printed:
                    lines.append(printed)
        return "```console\n" + "\n".join(lines) + "\n```"

    README.write_text(BLOCK.sub(fill, text), encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    update()
