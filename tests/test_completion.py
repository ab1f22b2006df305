"""Shell completion: the scripts for bash, zsh and fish, and what a TAB offers."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"


def complete(ccnt, line: str, data_dir: Path | None = MINI) -> list[str]:  # type: ignore[no-untyped-def]
    """What bash completion offers for ``line`` (the word being typed is its last word, or an
    empty one after a trailing space)."""
    words = line.split()
    if line.endswith(" "):
        words.append("")
    if data_dir is not None:
        words[1:1] = ["--data-dir", str(data_dir)]
    env = {
        "_CCNT_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
    }
    r = ccnt(data_dir=None, env=env)
    assert r.exit_code == 0, r.stderr
    return [line for line in r.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ccnt p", ["progress", "policies", "pilots"]),
        ("ccnt targets list --reg", ["--region"]),
        ("ccnt progress --st", ["--status"]),
        ("ccnt completion ", ["bash", "zsh", "fish"]),
        # ids of regions, indicators, targets, policies, pilots and sectors
        ("ccnt targets list --region sh", ["shandong", "shenzhen"]),
        ("ccnt progress -r y", ["yantai"]),
        ("ccnt progress -r 山", ["山东省"]),
        ("ccnt targets list --indicator so", ["solar-pv-capacity"]),
        ("ccnt targets show yan", ["yantai-pv"]),
        ("ccnt progress --explain cn-", ["cn-energy-intensity", "cn-non-fossil", "cn-pue",
                                          "cn-peak"]),
        ("ccnt progress p", ["pue"]),
        ("ccnt progress y", ["yantai-pv"]),
        ("ccnt policies show ", ["cn-fyp", "yantai-plan"]),
        ("ccnt policies list --type f", ["five-year-plan"]),
        ("ccnt progress --policy y", ["yantai-plan"]),
        ("ccnt pilots show ", ["pilot-a"]),
        ("ccnt targets list --sector d", ["digital"]),
        # fixed choices
        ("ccnt targets list --kind c", ["change", "cumulative"]),
        ("ccnt progress --level p", ["province", "prefecture", "park"]),
        ("ccnt progress --status o", ["on-track", "off-track"]),
        ("ccnt targets list --format m", ["md"]),
    ],
)  # fmt: skip
def test_completes(ccnt, line: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert complete(ccnt, line) == expected


def test_completion_reads_the_data_folder_given(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    text = (copy_mini / "targets" / "regions.yaml").read_text(encoding="utf-8")
    text += "  - {id: shantou, name: Shantou, level: prefecture, parent: guangdong}\n"
    (copy_mini / "targets" / "regions.yaml").write_text(text, encoding="utf-8")
    assert complete(ccnt, "ccnt regions list -r sh", copy_mini) == [
        "shandong",
        "shenzhen",
        "shantou",
    ]


def test_completion_of_ids_is_quiet_on_invalid_data(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    (copy_mini / "targets" / "regions.yaml").write_text("regions: 5\n", encoding="utf-8")
    assert complete(ccnt, "ccnt targets show y", copy_mini) == []


@pytest.mark.parametrize(
    ("shell", "fragment"),
    [
        ("bash", "complete -o default -F _ccnt_completion ccnt"),
        ("zsh", "compdef _ccnt_completion ccnt"),
        ("fish", "complete --command ccnt --no-files"),
    ],
)
def test_completion_script(ccnt, shell: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("completion", shell, data_dir=None)
    assert r.exit_code == 0, r.stderr
    assert fragment in r.stdout
    assert f"_CCNT_COMPLETE=complete_{shell}" in r.stdout


def test_completion_script_unknown_shell(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("completion", "tcsh", data_dir=None)
    assert r.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in r.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_with_the_installed_script(tmp_path: Path) -> None:
    """The script ``ccnt completion bash`` prints, loaded into a real bash, completes ids."""
    ccnt = shutil.which("ccnt")
    if ccnt is None:
        pytest.skip("ccnt is not installed on PATH")
    script = subprocess.run(
        [ccnt, "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    program = (
        f"{script}\n"
        f"COMP_WORDS=(ccnt --data-dir {MINI} targets show yan); COMP_CWORD=5\n"
        "_ccnt_completion ccnt\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "CCNT_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.splitlines() == ["yantai-pv"]


def test_zsh_and_fish_answers_carry_names(ccnt) -> None:  # type: ignore[no-untyped-def]
    """zsh and fish show each id with its names beside it."""
    line = f"ccnt --data-dir {MINI} targets list -r sh"
    zsh = ccnt(data_dir=None, env={"_CCNT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert zsh.stdout == (
        '_arguments \'*: :(("shandong":"Shandong 山东省"\n"shenzhen":"Shenzhen 深圳市"))\'\n'
    )
    fish = ccnt(
        data_dir=None,
        env={
            "_CCNT_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": line,
        },
    )
    assert fish.stdout == "shandong\tShandong 山东省\nshenzhen\tShenzhen 深圳市\n"
