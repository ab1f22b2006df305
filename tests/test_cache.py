"""The parse cache: same output with and without it, re-reads exactly what changed, and never
trusts a damaged or foreign file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccnt_cli import cache, parsing
from ccnt_cli.dataset import load
from ccnt_cli.models import FileResult

COMMANDS = [
    ["targets", "list", "--format", "json"],
    ["progress", "--as-of", "2024", "--format", "csv"],
    ["regions", "list", "--format", "md"],
    ["indicators", "list"],
    ["validate", "--format", "json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_cached_and_uncached_print_the_same_bytes(ccnt, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    uncached = ccnt("--no-cache", *command)
    cold = ccnt(*command)
    warm = ccnt(*command)
    assert uncached.exit_code == cold.exit_code == warm.exit_code == 0
    assert uncached.stdout == cold.stdout == warm.stdout
    assert uncached.stderr == cold.stderr == warm.stderr


def test_bundled_data_same_with_and_without_cache(ccnt) -> None:  # type: ignore[no-untyped-def]
    first = ccnt("progress", "--format", "csv", data_dir=None)
    again = ccnt("progress", "--format", "csv", data_dir=None)
    plain = ccnt("--no-cache", "progress", "--format", "csv", data_dir=None)
    assert first.stdout == again.stdout == plain.stdout


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = parsing.parse_file

    def spy(path: Path, root: Path) -> FileResult:
        seen.append(path.relative_to(root).as_posix())
        return real(path, root)

    monkeypatch.setattr(parsing, "parse_file", spy)
    return seen


def test_only_changed_files_are_parsed_again(copy_mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = count_parses(monkeypatch)
    load(copy_mini)
    assert len(seen) == 6
    seen.clear()
    load(copy_mini)
    assert seen == []
    csv = copy_mini / "data" / "actuals.csv"
    csv.write_text(
        csv.read_text(encoding="utf-8") + "china,pue,2024,level,1.48,,,2025,s,\n", encoding="utf-8"
    )
    ds = load(copy_mini)
    assert seen == ["data/actuals.csv"]
    assert len(ds.actuals) == 5


def test_same_size_and_time_but_new_content_is_parsed_again(copy_mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    seen = count_parses(monkeypatch)
    path = copy_mini / "targets" / "pilots.yaml"
    load(copy_mini)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Test pilot", "Tost pilot"), encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    seen.clear()
    ds = load(copy_mini)
    assert seen == ["targets/pilots.yaml"]
    assert ds.pilots["pilot-a"].name == "Tost pilot"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        cache.MAGIC + b"\x00\x01not marshal",
        cache.MAGIC[:-1] + b"X\n" + b"{}",
        b"\x80\x04\x95pickle-looking bytes",
    ],
    ids=["empty", "garbage", "bad-marshal", "foreign-magic", "pickle"],
)
def test_damaged_cache_is_ignored_and_rebuilt(copy_mini: Path, monkeypatch, damage: bytes) -> None:  # type: ignore[no-untyped-def]
    load(copy_mini)
    entries = sorted((cache.cache_folder(copy_mini) / "files").iterdir())
    assert len(entries) == 6
    for where in [*entries, cache.cache_file(copy_mini, "factors")]:
        where.write_bytes(damage)
    seen = count_parses(monkeypatch)
    ds = load(copy_mini)
    assert len(seen) == 6 and len(ds.targets) == 6
    assert all(where.read_bytes().startswith(cache.MAGIC) for where in entries)


def test_entries_of_removed_files_are_removed(copy_mini: Path) -> None:
    load(copy_mini)
    (copy_mini / "targets" / "pilots.yaml").unlink()
    (copy_mini / "targets" / "national" / "plans.yaml").write_text(
        (copy_mini / "targets" / "national" / "plans.yaml")
        .read_text(encoding="utf-8")
        .replace("pilot: pilot-a", ""),
        encoding="utf-8",
    )
    load(copy_mini)
    folder = cache.cache_folder(copy_mini) / "files"
    names = {p.name for p in folder.iterdir()}
    assert cache.entry_file(copy_mini, "targets/pilots.yaml").name not in names
    assert len(names) == 5


def test_cache_from_another_version_is_ignored(copy_mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load(copy_mini)
    monkeypatch.setattr(cache, "_stamp", lambda: "another version")
    seen = count_parses(monkeypatch)
    load(copy_mini)
    assert len(seen) == 6


def test_cache_location(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCNT_CACHE_DIR", str(tmp_path / "a"))
    assert cache.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("CCNT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "ccnt"


def test_no_cache_writes_nothing(ccnt, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCNT_CACHE_DIR", str(tmp_path / "c"))
    assert ccnt("--no-cache", "targets", "list").exit_code == 0
    assert not (tmp_path / "c").exists()
