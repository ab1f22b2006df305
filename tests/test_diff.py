"""``ccnt diff`` on a small git repository built in a temporary folder.

The repository is the mini data folder, committed; a second commit changes a target's value,
another's comparator, revises an actual (value and publication date) and adds a target in a
new file. Expected figures are worked out by hand below, all with ``--as-of 2025``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from gitenv import clean, git_environment
from hypothesis import example, given
from hypothesis import strategies as st

from ccnt_cli import cache, parsing, progress
from ccnt_cli.diff import actual_changes, field_changes
from ccnt_cli.errors import ExitCode
from ccnt_cli.models import Actual, ActualTable, Dataset, Where

MINI = Path(__file__).parent / "fixtures" / "mini"
PLANS = "targets/national/plans.yaml"
NEW_TARGET = """targets:
  - id: cn-pue-2030
    region: china
    policy: cn-fyp
    indicator: pue
    kind: level
    target: {year: 2030, value: 1.3}
"""


@pytest.fixture
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = git_environment(tmp_path / "home")
    for name in list(os.environ):
        if name not in clean({name: ""}):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_data(repo: Path) -> None:
    """The second version: yantai-pv 9,000 -> 9,500 MW; cn-non-fossil's comparator ~ -> >=;
    the 2024 energy-intensity figure revised from -3.8% (2025-02-28) to -5.0% (2025-09-30);
    a new target cn-pue-2030 in a new file."""
    edit(repo / PLANS, 'value: "9,000", unit: MW', 'value: "9,500", unit: MW')
    edit(repo / PLANS, 'comparator: "~"', 'comparator: ">="')
    edit(
        repo / "data/actuals.csv",
        "2024,change,-3.8,%,revised,2025-02-28",
        "2024,change,-5.0,%,revised,2025-09-30",
    )
    (repo / "targets/national/digital.yaml").write_text(NEW_TARGET, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Path:
    """mini committed once (HEAD~1), then changed and committed again (HEAD)."""
    path = tmp_path / "repo"
    shutil.copytree(MINI, path)
    git(path, "init", "--quiet")
    git(path, "add", ".")
    git(path, "commit", "--quiet", "-m", "first")
    change_data(path)
    git(path, "add", ".")
    git(path, "commit", "--quiet", "-m", "second")
    return path


HEADER = "section,change,id,field,old,new,where"
# by hand, with --as-of 2025:
# * cn-energy-intensity (<= -13.5% from 2020): -7.3% over 2021-2023 and the 2024 figure.
#   Before: 0.927 x 0.962 = 0.891774, achieved -10.8226%; pace 0.891774 ** (1/4) - 1 = -2.82%/yr;
#   required 0.865 / 0.891774 - 1 = -3.00% in the one year left: pace short -> off-track.
#   After: 0.927 x 0.950 = 0.88065, achieved -11.935%; pace 0.88065 ** (1/4) - 1 = -3.13%/yr;
#   required 0.865 / 0.88065 - 1 = -1.78%: pace enough -> on-track.
# * cn-non-fossil (20% by 2025, one level: 19.8% in 2024). Before, "~": |19.8 - 20| / 20 = 1%,
#   within the 2% tolerance before the deadline -> on-track. After, ">=": 19.8 < 20, not met;
#   one figure and no baseline, so no pace -> no-trend.
# * yantai-pv: one level (6000 MW in 2023), below 9,000 and 9,500 alike -> no-trend both times.
EXPECTED = [
    HEADER,
    "target,changed,cn-non-fossil,comparator,~,>=,targets/national/plans.yaml:25",
    "target,added,cn-pue-2030,,,,targets/national/digital.yaml:2",
    'target,changed,yantai-pv,target.value,"9,000","9,500",targets/national/plans.yaml:39',
    # text cells that start with "-" are guarded in every CSV (docs/output.md)
    "actual,revised,china/energy-intensity/2024/change/revised,value,'-3.8 %,'-5.0 %,"
    "data/actuals.csv:3",
    "actual,revised,china/energy-intensity/2024/change/revised,published,2025-02-28,2025-09-30,"
    "data/actuals.csv:3",
    "status,changed,cn-energy-intensity,status,off-track,on-track,targets/national/plans.yaml:15",
    "status,changed,cn-non-fossil,status,on-track,no-trend,targets/national/plans.yaml:25",
]
SUMMARY = "2 targets changed, 1 target added, 1 actual revised, 2 statuses changed"


def label(repo: Path, rev: str) -> str:
    return f"{rev} ({git(repo, 'rev-parse', '--short=7', rev)})"


def test_diff_of_two_revisions(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("diff", "HEAD~1", "HEAD", "--as-of", "2025", data_dir=repo)
    assert (r.exit_code, r.stdout.splitlines()) == (0, EXPECTED)
    assert r.stderr == f"{label(repo, 'HEAD~1')} -> {label(repo, 'HEAD')}: {SUMMARY}\n"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` (.git included): its bytes and modification time."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_working_tree_against_head_leaves_tree_and_index_alone(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    git(repo, "reset", "--quiet", "--soft", "HEAD~1")  # the second version, staged
    git(repo, "reset", "--quiet")  # ... and unstaged: it is only in the working tree
    git(repo, "status", "--porcelain")  # the index refreshed first, as a user's would be
    before = snapshot(repo)
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert (r.exit_code, r.stdout.splitlines()) == (0, EXPECTED)
    assert r.stderr == f"{label(repo, 'HEAD')} -> the working tree: {SUMMARY}\n"
    assert snapshot(repo) == before
    r = ccnt("diff", "HEAD", "--as-of", "2025", "--format", "json", data_dir=repo)
    rows = json.loads(r.stdout)
    assert rows[0] == {
        "section": "target",
        "change": "changed",
        "id": "cn-non-fossil",
        "field": "comparator",
        "old": "~",
        "new": ">=",
        "where": "targets/national/plans.yaml:25",
    }
    assert (rows[2]["field"], rows[2]["old"], rows[2]["new"]) == ("target.value", "9,000", "9,500")
    assert snapshot(repo) == before


def test_statuses_use_the_same_known_at_on_both_sides(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    # Known at 2025-06-30, neither status moves. cn-energy-intensity: the revised -5.0%
    # (published 2025-09-30) is not out yet, so the new side has only -7.3% over 2021-2023:
    # pace 0.927 ** (1/3) - 1 = -2.49%/yr against (0.865 / 0.927) ** (1/2) - 1 = -3.40%/yr
    # required: off-track, as on the old side. cn-non-fossil: its one figure (19.8%, published
    # "2025", so 31 December) is not known on either side: no-data both times.
    r = ccnt("diff", "HEAD~1", "HEAD", "--as-of", "2025", "--known-at", "2025-06-30", data_dir=repo)
    assert r.stdout.splitlines() == EXPECTED[:-2]
    assert r.stderr.endswith(": 2 targets changed, 1 target added, 1 actual revised\n")
    r = ccnt("diff", "HEAD~1", "HEAD", "--known-at", "2025-13-01", data_dir=repo)
    assert r.exit_code == 2 and "'2025-13-01' is not a date; write YYYY-MM-DD" in r.stderr


def test_reversed_order_and_no_difference(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("diff", "HEAD", "HEAD~1", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines()[1:4] == [
        "target,changed,cn-non-fossil,comparator,>=,~,targets/national/plans.yaml:25",
        "target,removed,cn-pue-2030,,,,targets/national/digital.yaml:2",
        'target,changed,yantai-pv,target.value,"9,500","9,000",targets/national/plans.yaml:39',
    ]
    r = ccnt("diff", "--exit-code", data_dir=repo)
    assert (r.exit_code, r.stdout) == (0, HEADER + "\n")
    assert r.stderr == f"{label(repo, 'HEAD')} -> the working tree: no differences\n"


def test_exit_code_three_when_something_differs(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("diff", "HEAD~1", "--exit-code", "--format", "md", data_dir=repo)
    assert r.exit_code == ExitCode.CHECK_FAILED == 3
    assert r.stdout.startswith("| section | change | id | field | old | new | where |\n|---|")
    assert ccnt("diff", "HEAD~1", data_dir=repo).exit_code == 0


def test_new_vintage_in_another_file_is_a_revision(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    """A revised figure appended elsewhere (as `actuals add` does) is compared with the
    latest vintage of the same figure, even though that row's file did not change."""
    (repo / "data/added.csv").write_text(
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "china,energy-intensity,2024,change,-4.1,%,revised,2025-12-01,second revision,\n",
        encoding="utf-8",
    )
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines() == [
        HEADER,
        "actual,revised,china/energy-intensity/2024/change/revised,value,'-5.0 %,'-4.1 %,"
        "data/added.csv:2",
        "actual,revised,china/energy-intensity/2024/change/revised,published,2025-09-30,"
        "2025-12-01,data/added.csv:2",
        "actual,revised,china/energy-intensity/2024/change/revised,source,fixture,"
        "second revision,data/added.csv:2",
    ]
    # the latest vintage wins: 0.927 x 0.959 = 0.888993, pace 0.888993 ** (1/4) - 1 = -2.90%/yr,
    # required 0.865 / 0.888993 - 1 = -2.70%: still on track
    assert r.stderr.endswith(": 1 actual revised\n")


def test_rows_added_and_removed(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    csv = repo / "data/actuals.csv"
    edit(csv, "yantai,solar-pv-capacity,2023,level,600万千瓦,,,2024,fixture,\n", "")
    with csv.open("a", encoding="utf-8") as fh:
        fh.write("yantai,solar-pv-capacity,2024,level,7000,MW,,2025-01-20,fixture,\n")
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines() == [
        HEADER,
        "actual,removed,yantai/solar-pv-capacity/2023/level,,600万千瓦 published 2024,,"
        "data/actuals.csv:4",
        "actual,added,yantai/solar-pv-capacity/2024/level,,,7000 MW published 2025-01-20,"
        "data/actuals.csv:5",
    ]


def test_against_a_folder(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "new"
    shutil.copytree(MINI, new)
    change_data(new)
    r = ccnt("diff", "--against", str(MINI), "--as-of", "2025", data_dir=new)
    assert (r.exit_code, r.stdout.splitlines()) == (0, EXPECTED)
    assert r.stderr == f"{MINI} -> {new}: {SUMMARY}\n"


def test_data_folder_below_the_top_of_the_repository(ccnt, tmp_path: Path, git_env) -> None:  # type: ignore[no-untyped-def]
    top = tmp_path / "top"
    shutil.copytree(MINI, top / "figures" / "cn")
    (top / "README").write_text("not data\n", encoding="utf-8")
    git(top, "init", "--quiet")
    git(top, "add", ".")
    git(top, "commit", "--quiet", "-m", "first")
    change_data(top / "figures" / "cn")
    r = ccnt("diff", "--as-of", "2025", data_dir=top / "figures" / "cn")
    assert (r.exit_code, r.stdout.splitlines()) == (0, EXPECTED)
    r = ccnt("diff", data_dir=top)
    assert r.exit_code == 2
    assert "not a ccnt data folder: it has no targets/ folder" in r.stderr


# ------------------------------------------------------------------------------ errors


def test_not_a_git_repository(ccnt, copy_mini: Path, git_env) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("diff", data_dir=copy_mini)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"Error: {copy_mini} is not in a git repository (fatal: ")
    assert r.stderr.endswith("); to compare with another folder, use --against DIR\n")


def test_unknown_revision(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    for rev in ("no-such-rev", "--all"):
        r = ccnt("diff", "--", rev, data_dir=repo)
        assert (r.exit_code, r.stdout) == (2, "")
        assert r.stderr.startswith(f"Error: unknown revision {rev!r}")


def test_revision_whose_data_does_not_load(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    edit(repo / PLANS, "indicator: pue\n", "indicator: pues\n")
    git(repo, "commit", "--quiet", "-am", "broken")
    git(repo, "revert", "--quiet", "--no-edit", "HEAD")
    r = ccnt("diff", "HEAD~1", data_dir=repo)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr.splitlines() == [
        "targets/national/plans.yaml:35 [cn-pue] indicator: unknown indicator 'pues' "
        "(hint: did you mean 'pue'?)",
        f"1 problem in revision {label(repo, 'HEAD~1')}; nothing was computed.",
    ]


def test_revision_without_the_data_folder(ccnt, tmp_path: Path, git_env) -> None:  # type: ignore[no-untyped-def]
    top = tmp_path / "top"
    top.mkdir()
    (top / "README").write_text("first\n", encoding="utf-8")
    git(top, "init", "--quiet")
    git(top, "add", ".")
    git(top, "commit", "--quiet", "-m", "first")
    shutil.copytree(MINI, top / "mine")
    r = ccnt("diff", data_dir=top / "mine")
    assert r.exit_code == 2
    assert r.stderr == (
        f"Error: revision {label(top, 'HEAD')} has no data folder at mine (no targets/ files "
        "there): was the data committed by then?\n"
    )


def test_empty_repository_and_missing_git(ccnt, copy_mini: Path, git_env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    git(copy_mini, "init", "--quiet")
    r = ccnt("diff", data_dir=copy_mini)
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: unknown revision 'HEAD' in ")
    monkeypatch.setenv("PATH", str(copy_mini / "nowhere"))
    r = ccnt("diff", data_dir=copy_mini)
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: git is not installed (or not on PATH); `ccnt diff` reads revisions with git. "
        "To compare two folders without git, use --against DIR\n"
    )


def test_revisions_and_against_together(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("diff", "HEAD~1", "--against", str(MINI), data_dir=repo)
    assert r.exit_code == 2
    assert "compare with revisions or with --against DIR, not both" in r.stderr


# ------------------------------------------------------------------------------ only what differs


def test_only_changed_files_parsed_and_no_cache_left_for_the_copy(  # type: ignore[no-untyped-def]
    ccnt, repo: Path, monkeypatch
) -> None:
    assert ccnt("validate", data_dir=repo).exit_code == 0  # the working tree's cache is warm
    (repo / "targets/national/digital.yaml").write_text(
        NEW_TARGET.replace("1.3", "1.25"), encoding="utf-8"
    )
    parsed: list[str] = []
    evaluated: list[str] = []
    real_parse, real_evaluate = parsing.parse_file, progress.evaluate

    def parse(path: Path, root: Path):  # type: ignore[no-untyped-def]
        parsed.append(path.relative_to(root).as_posix())
        return real_parse(path, root)

    def evaluate(ds, t, index):  # type: ignore[no-untyped-def]
        evaluated.append(t.id)
        return real_evaluate(ds, t, index)

    monkeypatch.setattr(parsing, "parse_file", parse)
    monkeypatch.setattr(progress, "evaluate", evaluate)
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines() == [
        HEADER,
        "target,changed,cn-pue-2030,target.value,1.3,1.25,targets/national/digital.yaml:2",
    ]
    # the changed file is parsed on each side; every other one is read from the cache
    assert parsed == ["targets/national/digital.yaml"] * 2
    # registries and actuals are the same bytes: only the changed file's target is computed
    assert evaluated == ["cn-pue-2030"] * 2
    folders = [p.name for p in Path(os.environ["CCNT_CACHE_DIR"]).iterdir()]
    assert folders == [cache.cache_folder(repo).name]
    # a figure in a new actuals file: only the targets of its region and indicator are
    # computed. cn-pue (< 1.5 by 2025) had no figure (no-data); 1.4 in 2024 meets it.
    # cn-pue-2030 (<= 1.25 by 2030): 1.4 is above it, one figure and no baseline: no-trend.
    (repo / "data/pue.csv").write_text(
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "china,pue,2024,level,1.4,,,2025-05,fixture,\n",
        encoding="utf-8",
    )
    parsed.clear()
    evaluated.clear()
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines()[2:] == [
        "actual,added,china/pue/2024/level,,,1.4 published 2025-05,data/pue.csv:2",
        "status,changed,cn-pue,status,no-data,met,targets/national/plans.yaml:32",
        "status,changed,cn-pue-2030,status,no-data,no-trend,targets/national/digital.yaml:2",
    ]
    # the new file on the working tree's side; the changed target file again on the old side
    assert parsed == ["data/pue.csv", "targets/national/digital.yaml"]
    assert evaluated == ["cn-pue", "cn-pue-2030"] * 2


def test_warm_diff_reads_no_yaml_and_imports_no_pint(repo: Path, tmp_path: Path) -> None:
    """With every file cached (the revision's files are the working tree's bytes), diff
    parses nothing and converts no unit: neither the readers nor pint are imported."""
    from test_startup import heavy_modules

    env = {"CCNT_CACHE_DIR": str(tmp_path / "cache")}
    command = ["--data-dir", str(repo), "diff", "--as-of", "2025"]
    assert "yaml" in heavy_modules(*command, env_extra=env)  # cold: files are read
    assert heavy_modules(*command, env_extra=env) == ""


def test_unit_factors_a_revision_needed_are_kept(ccnt, repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A unit only the older revision uses is converted with pint once: the factor joins the
    working tree's cache, so the next diff imports no pint (the changed file is still parsed)."""
    from test_startup import heavy_modules

    edit(repo / "data/actuals.csv", ",600万千瓦,,,2024,", ",6,GW,,2024,")
    git(repo, "commit", "--quiet", "-am", "in GW")
    edit(repo / "data/actuals.csv", ",6,GW,,2024,", ",6000,MW,,2024,")
    env = {"CCNT_CACHE_DIR": str(tmp_path / "cache")}
    command = ["--data-dir", str(repo), "diff", "--as-of", "2025"]
    assert "pint" in heavy_modules(*command, env_extra=env)
    assert heavy_modules(*command, env_extra=env) == "ccnt_cli.parsing,yaml"
    r = ccnt("diff", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines()[1:] == [
        "actual,revised,yantai/solar-pv-capacity/2023/level,value,6 GW,6000 MW,data/actuals.csv:4"
    ]


def test_no_cache_gives_the_same_diff(ccnt, repo: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("--no-cache", "diff", "HEAD~1", "HEAD", "--as-of", "2025", data_dir=repo)
    assert r.stdout.splitlines() == EXPECTED


# ------------------------------------------------------------------------------ the library


@dataclasses.dataclass
class Year:
    year: int
    value: float | None = None


@dataclasses.dataclass
class Rec:
    id: str
    where: Where
    target: Year
    baseline: Year | None = None
    tags: tuple[str, ...] = ()


def test_fields_compared_generically_nested_as_dotted_names() -> None:
    a = Rec("x", Where("a.yaml", 1), Year(2025, 9000.0), None, ("solar",))
    b = Rec("x", Where("b.yaml", 7), Year(2025, 9500.0), Year(2020), ("solar", "pilot"))
    assert field_changes(a, b) == [
        ("target.value", 9000.0, 9500.0),
        ("tags", ("solar",), ("solar", "pilot")),
        ("baseline.year", None, 2020),
    ]
    assert field_changes(b, b) == []


ROW = st.tuples(
    st.sampled_from(["china", "yantai"]),
    st.sampled_from([2023, 2024]),
    st.sampled_from(["-3.8", "-5.0", "7000"]),
    st.sampled_from([None, "revised"]),
    st.sampled_from([None, "2025", "2025-02-28"]),
)


def _dataset(rows: list[tuple[str, int, str, str | None, str | None]]) -> Dataset:
    table = ActualTable.of(
        Actual(r, "x", y, y, "level", float(v), Where("data/a.csv", i), v, "MW", b, p)
        for i, (r, y, v, b, p) in enumerate(rows)
    )
    return Dataset(root="", actuals=table)


@given(st.lists(ROW, max_size=6), st.lists(ROW, max_size=6))
@example([("china", 2023, "-3.8", None, None)], [("china", 2023, "-3.8", None, None)] * 2)
def test_actual_changes_empty_exactly_when_the_rows_are_the_same(a, b) -> None:  # type: ignore[no-untyped-def]
    changes = actual_changes(_dataset(a), _dataset(b))
    assert (changes == []) == (sorted(a, key=str) == sorted(b, key=str))
    assert actual_changes(_dataset(a), _dataset(list(reversed(a)))) == []
    assert {c.change for c in changes} <= {"added", "removed", "revised"}
