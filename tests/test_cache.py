"""The cache: same output with and without it, re-reads exactly what changed, never trusts a
damaged or foreign file, is shared safely by concurrent runs, and stores records by their
dataclass fields exactly as they were."""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import math
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli import cache, codec, columns, parsing, results
from ccnt_cli.dataset import data_files, load
from ccnt_cli.models import FileResult
from ccnt_cli.progress import Progress

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


def count_digests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = cache._digest

    def spy(path: Path) -> str:
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(cache, "_digest", spy)
    return seen


@pytest.mark.parametrize("racy_ns", [cache.RACY_NS, 0], ids=["just written", "trusted"])
def test_same_size_and_time_but_new_content_is_parsed_again(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch, racy_ns: int
) -> None:
    """Whether the stored digest is trusted (times well before it was read: ``racy_ns`` 0
    here) or not (a file written just now), a new content is seen: the write set the change
    time."""
    monkeypatch.setattr(cache, "RACY_NS", racy_ns)
    monkeypatch.setattr(cache, "kept_ctime", lambda device: True)  # whatever the test's disk
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


def test_an_unchanged_file_is_not_read_again_unless_just_written(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's stored digest is used when its size, times and inode are those stored and its
    times are more than ``RACY_NS`` before it was hashed; a file written within that time is
    hashed on every run."""
    files = len(list(data_files(copy_mini)))
    monkeypatch.setattr(cache, "kept_ctime", lambda device: True)  # whatever the test's disk
    hashed = count_digests(monkeypatch)
    load(copy_mini)
    load(copy_mini)
    assert len(hashed) == 2 * files  # just copied: hashed again
    monkeypatch.setattr(cache, "RACY_NS", 0)  # as if they were copied long ago
    hashed.clear()
    ds = load(copy_mini)
    assert hashed == []
    plain = load(copy_mini, cache=False)
    assert ds.digests == plain.digests and ds.shared_digest == plain.shared_digest
    # a file system that may not keep change times (network, FAT, FUSE): hashed every run
    monkeypatch.setattr(cache, "kept_ctime", lambda device: False)
    hashed.clear()
    load(copy_mini)
    assert len(hashed) == files


def test_a_file_touched_is_hashed_once_and_not_parsed(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    monkeypatch.setattr(cache, "kept_ctime", lambda device: True)
    path = copy_mini / "targets" / "pilots.yaml"
    load(copy_mini)
    load(copy_mini)
    hashed, parsed = count_digests(monkeypatch), count_parses(monkeypatch)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same times: a new change time
    load(copy_mini)
    assert (hashed, parsed) == (["pilots.yaml"], [])
    hashed.clear()
    load(copy_mini)
    assert hashed == []


MOUNTINFO = """\
22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
23 22 0:23 / /dev/shm rw,nosuid shared:2 - tmpfs shm rw,size=65536k
24 22 0:45 /export /mnt/share rw,relatime shared:3 - nfs4 server:/export rw,vers=4.2
25 22 8:17 / /media/usb rw,relatime shared:4 - vfat /dev/sdb1 rw,fmask=0022
"""


@pytest.mark.parametrize(
    ("device", "kind", "kept"),
    [
        (os.makedev(254, 0), "ext4", True),
        (os.makedev(0, 23), "tmpfs", True),
        (os.makedev(0, 45), "nfs4", False),
        (os.makedev(8, 17), "vfat", False),
        (os.makedev(8, 18), None, False),  # not in the table
    ],
)
def test_the_file_systems_whose_change_times_are_trusted(
    device: int, kind: str | None, kept: bool
) -> None:
    assert cache.fs_type(MOUNTINFO, device) == kind
    assert (kind in cache.CTIME_KEPT) is kept
    here = os.stat(Path(__file__)).st_dev
    assert isinstance(cache.kept_ctime(here), bool)  # this machine's table, read


def stored(root: Path, sql: str) -> list[Any]:
    with contextlib.closing(sqlite3.connect(cache.database(root))) as con:
        return con.execute(sql).fetchall()


def change(root: Path, *statements: str) -> None:
    with contextlib.closing(sqlite3.connect(cache.database(root))) as con:
        for sql in statements:
            con.execute(sql)
        con.commit()


def overwrite(data: bytes) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{cache.database(root)}{suffix}").unlink(missing_ok=True)
        cache.database(root).write_bytes(data)

    return damage


def truncate(root: Path) -> None:
    path = cache.database(root)
    path.write_bytes(path.read_bytes()[:4096])


def foreign(root: Path) -> None:
    overwrite(b"")(root)
    change(root, "CREATE TABLE files (name TEXT)", "INSERT INTO files VALUES ('x')")


DAMAGES: dict[str, Callable[[Path], None]] = {
    "empty": overwrite(b""),
    "garbage": overwrite(b"garbage" * 1000),
    "pickle": overwrite(b"\x80\x04\x95pickle-looking bytes"),
    "truncated": truncate,
    "foreign-sqlite": foreign,
    "other-layout": lambda root: change(root, "PRAGMA user_version = 99"),
    "header-not-json": lambda root: change(root, "UPDATE files SET header = 'not json{'"),
    "header-pickle": lambda root: change(root, "UPDATE files SET header = X'80049563'"),
    "header-other-shape": lambda root: change(
        root, """UPDATE files SET header = '{"targets": [[1, 2, 3]]}'"""
    ),
    "record-field-of-another-type": lambda root: change(
        root, """UPDATE files SET header = replace(header, '"cn-fyp"', '7')"""
    ),
    "records-cut": lambda root: change(
        root, "UPDATE files SET records = substr(records, 1, 3) WHERE length(records) > 3"
    ),
    "tables-cut": lambda root: change(root, "UPDATE files SET tables = X'00'"),
    "factors-of-another-type": lambda root: change(root, "UPDATE factors SET factor = X'00'"),
}


@pytest.mark.parametrize("damage", list(DAMAGES.values()), ids=list(DAMAGES))
def test_damaged_cache_is_ignored_and_rebuilt(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[Path], None]
) -> None:
    plain = load(copy_mini, cache=False)
    load(copy_mini)
    damage(copy_mini)
    seen = count_parses(monkeypatch)
    ds = load(copy_mini)
    assert ds.targets == plain.targets and ds.regions == plain.regions
    assert list(ds.actuals) == list(plain.actuals)
    seen.clear()
    again = load(copy_mini)  # rebuilt: nothing is parsed
    assert seen == [] and again.targets == plain.targets
    assert list(again.actuals) == list(plain.actuals)


def test_damaged_actuals_are_read_again_when_decoded(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of actuals are decoded only when read: if they are damaged then, the file is
    read again."""
    plain = load(copy_mini, cache=False)
    load(copy_mini)
    ((text,),) = stored(copy_mini, "SELECT header FROM files WHERE name = 'data/actuals.csv'")
    header = json.loads(text)
    heads = json.loads(header["actuals"][1])  # the headers of the columns, read with the rows
    years = heads[2]  # the column of first years
    assert years[1][:2] == ["s", "h"]
    years[1][1] = "b"  # read as bytes: twice as many values
    header["actuals"][1] = json.dumps(heads)
    with contextlib.closing(sqlite3.connect(cache.database(copy_mini))) as con:
        con.execute(
            "UPDATE files SET header = ? WHERE name = 'data/actuals.csv'", (json.dumps(header),)
        )
        con.commit()
    seen = count_parses(monkeypatch)
    ds = load(copy_mini)
    assert seen == []  # the header was fine
    assert list(ds.actuals) == list(plain.actuals)
    assert seen == ["data/actuals.csv"]  # read again when the rows were decoded


def test_entries_of_removed_files_are_removed(copy_mini: Path, ccnt) -> None:  # type: ignore[no-untyped-def]
    ccnt("progress", "--as-of", "2024", data_dir=copy_mini)
    assert ("targets/pilots.yaml",) in stored(copy_mini, "SELECT name FROM files")
    (copy_mini / "targets" / "pilots.yaml").unlink()
    plans = copy_mini / "targets" / "national" / "plans.yaml"
    plans.write_text(plans.read_text(encoding="utf-8").replace("pilot: pilot-a", ""), "utf-8")
    load(copy_mini)
    names = {name for (name,) in stored(copy_mini, "SELECT name FROM files")}
    assert names == {
        "data/actuals.csv",
        "targets/indicators.yaml",
        "targets/national/plans.yaml",
        "targets/regions.yaml",
        "targets/sectors.yaml",
    }


def test_cache_from_another_version_is_ignored(copy_mini: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load(copy_mini)
    monkeypatch.setattr(cache, "_stamp", lambda: "another version")
    seen = count_parses(monkeypatch)
    load(copy_mini)
    assert len(seen) == 6
    assert stored(copy_mini, "SELECT value FROM meta") == [("another version",)]


def test_one_sqlite_file_in_wal_mode(copy_mini: Path) -> None:
    load(copy_mini)
    folder = cache.cache_folder(copy_mini)
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "cache.sqlite"
    ]
    assert stored(copy_mini, "PRAGMA journal_mode") == [("wal",)]


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


def test_an_unwritable_cache_only_costs_time(ccnt, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CCNT_CACHE_DIR", str(blocked / "below"))
    plain = ccnt("--no-cache", "progress", "--as-of", "2024")
    assert ccnt("progress", "--as-of", "2024").stdout == plain.stdout


def test_results_keep_the_most_recent_option_sets(copy_mini: Path, ccnt) -> None:  # type: ignore[no-untyped-def]
    for year in range(2020, 2027):
        ccnt("progress", "--as-of", str(year), data_dir=copy_mini)
    options = stored(copy_mini, "SELECT DISTINCT option FROM results ORDER BY option")
    assert options == [(f"[{y}, null]",) for y in range(2023, 2027)]
    plans = copy_mini / "targets" / "national" / "plans.yaml"
    plans.write_text(plans.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    ccnt("progress", "--as-of", "2024", data_dir=copy_mini)
    rows = stored(
        copy_mini, "SELECT option FROM results WHERE file = 'targets/national/plans.yaml'"
    )
    assert rows == [("[2024, null]",)]  # results of the file's old content are gone


def test_stored_results_come_back_as_computed() -> None:
    """Every result of the bundled data, stored as a row and read back through JSON, has the
    figures it was computed with (``band`` a tuple again); the rows behind them are not kept."""
    from ccnt_cli.dataset import default_root
    from ccnt_cli.progress import compute

    ds = load(default_root())
    computed = compute(ds, list(ds.targets.values()), as_of=2024)
    assert any(p.band for p in computed) and any(p.alternatives for p in computed)
    for p in computed:
        back = results.decode(p.target, json.loads(json.dumps(results.encode(p))))
        assert [getattr(back, f) for f in results.FIELDS] == [getattr(p, f) for f in results.FIELDS]
        assert type(back.band) is type(p.band)
        assert (back.steps, back.calcs, back.considered, back.chains) == ([], [], [], [])


def test_with_a_store_results_are_the_same_computed_or_read(copy_mini: Path) -> None:
    """With a store, a result computed now is what the store gives back on the next run: the
    figures, without the rows and arithmetic behind them; without one, those are kept."""
    from ccnt_cli.progress import compute

    ds = load(copy_mini)
    targets = list(ds.targets.values())
    runs = []
    for _run in ("cold", "warm"):
        store = results.ResultStore(ds, 2024, None)
        runs.append(compute(ds, targets, 2024, None, store))
        again = [store.get(t) for t in targets]  # what was put, as the store gives it back
        assert [results.encode(p) for p in again if p] == [results.encode(p) for p in runs[-1]]
        assert not any(a is p for a, p in zip(again, runs[-1], strict=True))
        store.save()
    fields = [f.name for f in dataclasses.fields(runs[0][0])]
    assert [[getattr(p, f) for f in fields] for p in runs[0]] == [
        [getattr(p, f) for f in fields] for p in runs[1]
    ]
    assert not any(p.steps or p.calcs or p.chains for p in runs[0])
    plain = compute(ds, targets, 2024)
    assert any(p.steps for p in plain) and any(p.calcs for p in plain)
    assert [results.encode(p) for p in plain] == [results.encode(p) for p in runs[0]]


@pytest.mark.parametrize(
    "change",
    [
        lambda row: row[:-1],  # one value short
        lambda row: [*row, None],
        lambda row: ["finished", *row[1:]],  # a status that does not exist
        lambda row: dict(zip(results.FIELDS, row, strict=True)),  # the former layout
        lambda row: [*row[:13], 5, *row[14:]],  # notes that are not a list
        lambda row: None,
    ],
)
def test_a_stored_result_of_another_shape_is_computed_again(
    change: Callable[[Any], Any], copy_mini: Path
) -> None:
    from ccnt_cli.progress import compute

    ds = load(copy_mini)
    targets = list(ds.targets.values())
    plain = compute(ds, targets, as_of=2024)
    store = results.ResultStore(ds, 2024, None)
    compute(ds, targets, 2024, None, store)
    store.save()
    store = results.ResultStore(ds, 2024, None)
    assert [store.get(t) is not None for t in targets] == [True] * len(targets)
    file = targets[0].where.file
    read = store.entries[file][targets[0].id]  # the result read, in place of its row
    assert isinstance(read, Progress)
    store.entries[file][targets[0].id] = change(results.encode(read))
    assert store.get(targets[0]) is None
    again = compute(ds, targets, 2024, None, store)
    assert [results.encode(p) for p in again] == [results.encode(p) for p in plain]


def test_a_result_read_twice_is_the_same_figures_in_lists_of_its_own(copy_mini: Path) -> None:
    from ccnt_cli.progress import compute

    ds = load(copy_mini)
    targets = list(ds.targets.values())
    store = results.ResultStore(ds, 2024, None)
    compute(ds, targets, 2024, None, store)
    store.save()
    store = results.ResultStore(ds, 2024, None)
    first = [store.get(t) for t in targets]
    again = [store.get(t) for t in targets]
    assert all(p is not None for p in first)
    assert [results.encode(p) for p in first] == [results.encode(p) for p in again]  # type: ignore[arg-type]
    for a, b in zip(first, again, strict=True):
        assert a is not b and a is not None and b is not None
        assert a.used is not b.used and a.notes is not b.notes
        assert a.alternatives is not b.alternatives
    # a file whose results were read, then one recomputed, is saved whole
    store.put(targets[0], compute(ds, targets[:1], 2024)[0])
    store.save()
    store = results.ResultStore(ds, 2024, None)
    assert [results.encode(store.get(t)) for t in targets] == [  # type: ignore[arg-type]
        results.encode(p)  # type: ignore[arg-type]
        for p in first
    ]


def test_stored_results_under_other_field_names_are_not_read(copy_mini: Path) -> None:
    from ccnt_cli.progress import compute

    ds = load(copy_mini)
    store = results.ResultStore(ds, 2024, None)
    compute(ds, list(ds.targets.values()), 2024, None, store)
    store.save()
    with contextlib.closing(sqlite3.connect(cache.database(copy_mini))) as con, con:
        for file, data in con.execute("SELECT file, rows FROM results").fetchall():
            keys, rows = json.loads(data)
            keys[0] = "state"
            con.execute(
                "UPDATE results SET rows = ? WHERE file = ?", (json.dumps([keys, rows]), file)
            )
    store = results.ResultStore(ds, 2024, None)
    assert all(store.get(t) is None for t in ds.targets.values())


# ---------------------------------------------------------------------------- concurrency


def test_twenty_concurrent_runs_share_one_cache(copy_mini: Path, tmp_path: Path) -> None:
    """Concurrent `actuals add` runs (each one changes a file the others read) and progress
    runs, all on one cache: every run succeeds, every row lands, and the cache then gives what
    a run without it gives."""
    exe = shutil.which("ccnt")
    assert exe
    env = {**os.environ, "CCNT_CACHE_DIR": str(tmp_path / "shared-cache")}
    base = [exe, "--data-dir", str(copy_mini)]

    def run(i: int) -> subprocess.CompletedProcess[str]:
        if i % 2:
            command = ["progress", "--as-of", str(2020 + i % 5), "--format", "csv"]
        else:
            command = ["actuals", "add", "china", "pue", str(2000 + i), f"1.{i:02d}"]
            command += ["--source", "concurrent", "--published", str(2001 + i)]
        return subprocess.run(
            base + command, capture_output=True, text=True, timeout=300, check=False, env=env
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        done = list(pool.map(run, range(20)))
    assert [r.returncode for r in done] == [0] * 20, [r.stderr for r in done]
    assert all("Traceback" not in r.stderr for r in done)
    added = (copy_mini / "data" / "added.csv").read_text(encoding="utf-8").splitlines()
    assert len(added) == 1 + 10
    for args in (["progress", "--as-of", "2024", "--format", "csv"], ["actuals", "list"]):
        cached = subprocess.run(base + args, capture_output=True, text=True, env=env, check=True)
        plain = subprocess.run(
            [*base, "--no-cache", *args], capture_output=True, text=True, env=env, check=True
        )
        assert cached.stdout == plain.stdout


# ---------------------------------------------------------------------------- the codec


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True, slots=True)
class Point:
    year: int
    value: float | None = None
    unit: str | None = None


@dataclasses.dataclass(slots=True)
class Record:
    id: str
    target: Point
    baseline: Point | None = None
    tags: tuple[str, ...] = ()
    history: list[Point] = dataclasses.field(default_factory=list)
    lines: tuple[tuple[str, int], ...] = ()
    pair: tuple[int, Point] = (0, Point(0))
    extra: dict[str, int] = dataclasses.field(default_factory=dict)
    colour: Colour = Colour.RED
    kind: Literal["level", "change"] = "level"
    raw: object = None
    derived: float = dataclasses.field(init=False, default=0.0)  # set after validation


@dataclasses.dataclass
class Plain:  # no slots: fields live in the instance's __dict__
    name: str
    points: list[Point]
    computed: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        raise AssertionError("decode restores the state; it does not construct again")


def round_trip(values: list[Any], tp: Any) -> list[Any]:
    header, blob = columns.encode(values, tp)
    return columns.decode(tp, json.loads(json.dumps(header)), blob)


def by_type(value: Any) -> Any:
    """A value with the type of everything in it, so that 1 is not 1.0, nor () a list."""
    if dataclasses.is_dataclass(value):
        return (type(value), [by_type(getattr(value, f.name)) for f in dataclasses.fields(value)])
    if isinstance(value, list | tuple):
        return (type(value), [by_type(v) for v in value])
    if isinstance(value, dict):
        return (dict, {k: by_type(v) for k, v in value.items()})
    return (type(value), repr(value))


RECORD = Record(
    "t1",
    Point(2025, 13.5, "percent"),
    Point(2020),
    ("a", "b"),
    [Point(2021, 1.0), Point(2022, -0.0, "MW")],
    (("id", 3), ("target", 4)),
    (7, Point(1, math.inf)),
    {"x": 1},
    Colour.BLUE,
    "change",
    "as written",
)
RECORD.derived = 0.25


def test_records_round_trip_by_their_fields() -> None:
    other = Record("t2", Point(2030, 1))  # a whole number in a float field stays one
    records = [RECORD, other, Record("t3", Point(-1, math.nan), raw=7.5)]
    back = round_trip(records, Record)
    assert [by_type(r) for r in back] == [by_type(r) for r in records]
    assert back[0].derived == 0.25 and back[1].derived == 0.0 and back[1].baseline is None
    assert back[0].colour is Colour.BLUE and type(back[1].target.value) is int
    assert round_trip([], Record) == []
    to_json, from_json = codec.converters(Record)  # one record as JSON: the same
    assert json.loads(json.dumps(to_json(RECORD))) == [
        "t1", [2025, 13.5, "percent"], [2020, None, None], ["a", "b"],
        [[2021, 1.0, None], [2022, -0.0, "MW"]], [["id", 3], ["target", 4]],
        [7, [1, math.inf, None]], {"x": 1}, "blue", "change", "as written", 0.25,
    ]  # fmt: skip
    assert by_type(from_json(json.loads(json.dumps(to_json(RECORD))))) == by_type(RECORD)


def test_records_are_restored_not_constructed_again() -> None:
    plain = Plain.__new__(Plain)
    plain.name, plain.points, plain.computed = "p", [Point(1)], "after"
    (back,) = round_trip([plain], Plain)
    assert back.__dict__ == {"name": "p", "points": [Point(1)], "computed": "after"}
    assert vars(codec.converters(Plain)[1](codec.converters(Plain)[0](plain))) == vars(plain)


records = st.builds(
    Record,
    id=st.text(max_size=5),
    target=st.builds(Point, st.integers(), st.none() | st.floats(), st.none() | st.text()),
    baseline=st.none() | st.builds(Point, st.integers()),
    tags=st.lists(st.text(max_size=3), max_size=3).map(tuple),
    history=st.lists(st.builds(Point, st.integers()), max_size=2),
    lines=st.lists(st.tuples(st.text(max_size=3), st.integers()), max_size=3).map(tuple),
    colour=st.sampled_from(Colour),
    kind=st.sampled_from(["level", "change"]),
    raw=st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
)


@settings(deadline=None)
@given(st.lists(records, max_size=6))
def test_any_records_round_trip(values: list[Record]) -> None:
    assert [by_type(r) for r in round_trip(values, Record)] == [by_type(r) for r in values]


GOOD = codec.converters(Record)[0](Record("t1", Point(2025)))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d[:-1],  # a field missing
        lambda d: [*d, None],  # one too many
        lambda d: {"id": "t1"},
        lambda d: [7, *d[1:]],  # an id that is not text
        lambda d: [d[0], [2025, "x", None], *d[2:]],  # a value that is not a number
        lambda d: [d[0], [2025.5, None, None], *d[2:]],  # a year that is not whole
        lambda d: [d[0], [2025], *d[2:]],  # a nested record of another shape
        lambda d: [*d[:3], "ab", *d[4:]],  # text where a tuple belongs
        lambda d: [*d[:5], [["id", "3"]], *d[6:]],
        lambda d: [*d[:5], [["id"]], *d[6:]],
        lambda d: [*d[:8], "green", *d[9:]],  # not one of the enum's values
        lambda d: [*d[:9], "stock", *d[10:]],  # not one of the literal values
        lambda d: [*d[:9], ["level"], *d[10:]],
        lambda d: [*d[:10], [1, 2], d[11]],  # a list where a scalar belongs
        lambda d: [*d[:7], {"x": "1"}, *d[8:]],
    ],
)
def test_a_stored_record_of_another_shape_is_refused(change: Callable[[Any], Any]) -> None:
    from_json = codec.converters(Record)[1]
    from_json(json.loads(json.dumps(GOOD)))  # the unchanged one is fine
    with pytest.raises(ValueError):
        from_json(change(json.loads(json.dumps(GOOD))))


def test_a_type_the_cache_cannot_store_is_refused_when_encoding() -> None:
    @dataclasses.dataclass
    class WithSet:
        values: set[str]

    with pytest.raises(TypeError):
        columns.encode([WithSet({"a"})], WithSet)
    with pytest.raises(TypeError):  # a tuple in a field typed ``object`` would come back a list
        columns.encode([Record("t", Point(1), raw=(1, 2))], Record)


def test_every_record_of_the_bundled_data_round_trips() -> None:
    from ccnt_cli.dataset import default_root

    root = default_root()
    for path in data_files(root):
        result = parsing.parse_file(path, root)
        header, records, tables = cache._encode(result)
        back = cache._decode(header, records, tables, lambda: pytest.fail("read again"))
        for field in dataclasses.fields(FileResult):
            if field.name != "actuals":
                before, after = getattr(result, field.name), getattr(back, field.name)
                assert [by_type(r) for r in after] == [by_type(r) for r in before], path
        assert by_type(back.actuals.cols) == by_type(result.actuals.cols)
        assert back.actuals.keys() == result.actuals.keys()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=5),
)


@settings(deadline=None)
@given(
    col=st.one_of(
        st.lists(scalars, max_size=30),
        st.lists(st.floats(allow_nan=True), max_size=30),
        st.lists(st.integers(-(2**40), 2**40), max_size=30),
        st.lists(st.sampled_from(["china", "yantai", None]), max_size=30),
        st.lists(st.text(), max_size=30),  # mostly distinct texts, surrogates too
    )
)
def test_columns_of_scalars_round_trip_with_their_types(col: list[Any]) -> None:
    back = round_trip(col, object)
    assert by_type(back) == by_type(col)
    texts = [v for v in back if type(v) is str]
    if 2 * len(set(texts)) <= len(texts):  # mostly repeated texts come back as one object each
        assert len({id(v) for v in texts}) == len(set(texts))


def damaged(values: list[Any], tp: Any, change: Callable[[Any], Any]) -> Callable[[], Any]:
    header, blob = columns.encode(values, tp)
    header, blob = change([json.loads(json.dumps(header)), blob])
    return lambda: columns.decode(tp, header, blob)


def at(path: list[int], value: Any) -> Callable[[Any], Any]:
    """Change the header (or, for path [1], the blob) at ``path``."""

    def change(stored: Any) -> Any:
        inner = stored
        for i in path[:-1]:
            inner = inner[i]
        inner[path[-1]] = value
        return stored

    return change


@pytest.mark.parametrize(
    ("values", "tp", "change"),
    [
        ([1.5, 2.5], float, at([0, 0], 3)),  # more rows than stored
        ([1.5], float, at([0, 1, 3], 7)),  # a size that is not whole values
        ([1.5], float, at([0, 1, 1], "x")),  # not a type of number
        ([1.5], float, at([1], b"\0" * 16)),  # bytes left over
        (["a", "b"], str, at([1], b"\x02\x00")),  # an index past the values
        (["a", "b"], str, at([1], b"\xff\x00")),  # a negative index
        (["a"], str, at([0, 1, 2], [["a"]])),  # a value that is not a scalar
        (["a"], str, at([0, 1, 2], "a")),
        (["a"], str, at([0, 1, 2], [7])),  # not of the declared type
        ([1], int, at([0, 1, 0], "t")),  # stored as records, declared as numbers
        ([Point(1)], Point, at([0, 1, 0], "s")),  # the other way round
        ([Point(1)], Point, at([0, 1, 2], [])),  # fields missing
        ([Point(1)], Point, at([0, 1, 1], 2)),  # records of another count
        ([("a",)], tuple[str, ...], at([1], b"\x05\x61")),  # a length past the items
        ([Point(1)], Point, at([0], {"rows": 1})),
        (["ab", "c"], str, at([0, 1, 4], 2)),  # texts: fewer characters than the lengths say
        (["ab", "c"], str, at([1], b"\x02\x01\xff\xfe\xfd")),  # not UTF-8
        (["ab", "c"], str, at([0, 1, 2], "d")),  # lengths that are not whole numbers
        (["ab", "c"], str, at([1], b"\x03\xff" + b"abc")),  # a negative length
        (["ab", "c"], int, lambda stored: stored),  # texts where numbers are declared
    ],
)
def test_damaged_columns_are_refused(values: list[Any], tp: Any, change: Any) -> None:
    if tp is not int:
        assert damaged(values, tp, lambda stored: stored)() == values  # unchanged: fine
    with pytest.raises(ValueError):
        damaged(values, tp, change)()


def test_a_stored_result_lists_the_fields_of_progress_in_their_order() -> None:
    """``results.decode`` passes a stored row to ``Progress`` by position."""
    import dataclasses

    from ccnt_cli.progress import Progress
    from ccnt_cli.results import FIELDS

    names = [f.name for f in dataclasses.fields(Progress)]
    assert names[0] == "target"
    assert names[1 : len(FIELDS)] == list(FIELDS[:-1])
    assert FIELDS[-1] == "alternatives" and "alternatives" in names
