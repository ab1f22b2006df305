"""Files parsed in worker processes (``workers.parse_many``) give what the plain loop gives: the
same records, rows and problems, and the same cache entries; and a run with workers prints and
stores what a run without them does."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from ccnt_cli import cache, workers
from ccnt_cli.dataset import data_files, default_root
from ccnt_cli.models import FileResult

CORPUS = Path(__file__).parent / "corpus"
needs_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork")


def mixed_folder(dest: Path) -> Path:
    """The bundled data, plus every file of the bad-input corpus under a name of its own (the
    registries of the corpus become target files: more problems to compare)."""
    shutil.copytree(default_root(), dest)
    for case in sorted(CORPUS.iterdir()):
        for path in sorted(case.rglob("*")):
            if path.suffix in (".yaml", ".yml"):
                shutil.copy(path, dest / "targets" / f"corpus-{case.name}-{path.name}")
            elif path.suffix == ".csv":
                shutil.copy(path, dest / "data" / f"corpus-{case.name}-{path.name}")
    return dest


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the pools that ran to the end (a pool that failed, leaving the
    files to the process, is not in it)."""
    done: list[int] = []
    real = workers._in_workers

    def spy(*args: Any) -> Any:
        out = real(*args)
        done.append(args[-1])
        return out

    monkeypatch.setattr(workers, "_in_workers", spy)
    return done


def as_plain(result: FileResult) -> dict[str, Any]:
    """Every field of a file's result, the actuals as their columns."""
    return {
        "regions": result.regions,
        "sectors": result.sectors,
        "indicators": result.indicators,
        "pilots": result.pilots,
        "policies": result.policies,
        "targets": result.targets,
        "actuals": result.actuals.cols,
        "problems": result.problems,
    }


@needs_fork
def test_workers_give_what_the_plain_loop_gives(tmp_path: Path, pools: list[int]) -> None:
    root = mixed_folder(tmp_path / "data")
    paths = list(data_files(root))
    plain = workers.parse_many(paths, root, cache._encode, workers=1)
    forked = workers.parse_many(paths, root, cache._encode, workers=2)
    assert pools == [2]  # the second call's pool ran to the end
    assert len(forked) == len(plain) == len(paths) > 150
    for path, (a, a_entry), (b, b_entry) in zip(paths, plain, forked, strict=True):
        assert as_plain(b) == as_plain(a), path
        assert b_entry == a_entry, path
    problems = sum(len(result.problems) for result, _ in plain)
    assert problems >= 90  # the corpus files brought their problems along


@needs_fork
def test_a_run_with_workers_prints_and_stores_what_a_run_without_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ccnt: Any, pools: list[int]
) -> None:
    if not workers._can_fork():
        pytest.skip("another test left a thread running in this process")
    root = default_root()
    printed, stored = [], []
    for jobs in ("1", "2"):
        home = tmp_path / f"cache-{jobs}"
        monkeypatch.setenv("CCNT_CACHE_DIR", str(home))
        monkeypatch.setenv("CCNT_JOBS", jobs)
        monkeypatch.setattr(workers, "MIN_BYTES", 0)
        result = ccnt("progress", "--format", "csv", data_dir=root)
        assert result.exit_code == 0, result.stderr
        printed.append(result.stdout)
        with sqlite3.connect(cache.database(root)) as con:
            # every column but ``checked`` (when each file was hashed)
            stored.append(
                con.execute(
                    "SELECT name, size, mtime, ctime, inode, digest, header, records, tables"
                    " FROM files ORDER BY name"
                ).fetchall()
            )
    assert pools == [2]  # the second run's two workers did the parsing, the first had none
    assert printed[0] == printed[1]
    assert stored[0] == stored[1]
    assert len(stored[0]) == len(list(data_files(root)))


def test_the_number_of_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small = [tmp_path / f"{i}.yaml" for i in range(10)]
    for path in small:
        path.write_text("x: 1\n")
    monkeypatch.setattr(workers, "_can_fork", lambda: True)
    monkeypatch.setattr(workers, "_cores", lambda: 8)
    monkeypatch.delenv("CCNT_JOBS", raising=False)
    assert workers.jobs(small) == 1  # 50 bytes: not worth a worker
    monkeypatch.setattr(workers, "MIN_BYTES", 50)
    assert workers.jobs(small) == workers.MAX_JOBS  # 8 cores, at most MAX_JOBS
    monkeypatch.setenv("CCNT_JOBS", "1")
    assert workers.jobs(small) == 1
    monkeypatch.setenv("CCNT_JOBS", "3")
    assert workers.jobs(small) == 3
    assert workers.jobs(small[:2]) == 2  # never more workers than files
    monkeypatch.setenv("CCNT_JOBS", "many")  # not a number: as if unset
    assert workers.jobs(small) == workers.MAX_JOBS
    monkeypatch.setattr(workers, "_can_fork", lambda: False)
    monkeypatch.setenv("CCNT_JOBS", "3")
    assert workers.jobs(small) == 1


@needs_fork
def test_no_workers_are_forked_from_a_process_with_threads() -> None:
    import threading

    alone = workers._can_fork()  # False if an earlier test left a thread running
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not workers._can_fork()
    finally:
        stop.set()
        other.join()
    assert workers._can_fork() == alone


def test_a_pool_that_cannot_start_leaves_the_files_to_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing

    def refuse(method: str) -> Any:
        raise OSError("no semaphores here")

    root = default_root()
    paths = list(data_files(root))[:6]
    monkeypatch.setattr(multiprocessing, "get_context", refuse)
    parsed = workers.parse_many(paths, root, cache._encode, workers=2)
    plain = workers.parse_many(paths, root, cache._encode, workers=1)
    assert [as_plain(r) for r, _ in parsed] == [as_plain(r) for r, _ in plain]


@needs_fork
def test_output_waiting_before_the_workers_start_is_printed_once(tmp_path: Path) -> None:
    """A forked worker flushes the streams it inherited when it ends: what the parent had
    written but not yet flushed would be printed again by each worker, had multiprocessing
    not flushed them before forking."""
    script = textwrap.dedent(
        """
        import sys
        from ccnt_cli import workers
        from ccnt_cli.dataset import data_files, default_root
        root = default_root()
        sys.stdout.write("before\\n")  # a pipe: held in the buffer
        sys.stderr.write("note\\n")
        workers.parse_many(list(data_files(root))[:8], root, workers=2)
        sys.stdout.write("after\\n")
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert run.stdout == "before\nafter\n"
    assert run.stderr == "note\n"


@needs_fork
def test_workers_end_with_the_process_that_forked_them(tmp_path: Path) -> None:
    """Killed (not interrupted), the parent leaves no worker behind: each would otherwise wait
    for ever on the pool's pipes, holding the caller's stdout open."""
    script = textwrap.dedent(
        """
        import sys, time
        from ccnt_cli import workers
        from ccnt_cli.dataset import data_files, default_root
        real = workers._parse
        def slow(*args):
            time.sleep(0.2)
            return real(*args)
        workers._parse = slow
        root = default_root()
        workers.parse_many(list(data_files(root)), root, workers=2)
        """
    )
    run = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path)
    deadline = time.monotonic() + 20
    children: list[str] = []
    while len(children) < 2 and time.monotonic() < deadline:  # the pool has started
        time.sleep(0.05)
        children = Path(f"/proc/{run.pid}/task/{run.pid}/children").read_text().split()
    assert len(children) == 2
    run.kill()
    run.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [c for c in children if Path(f"/proc/{c}").exists()]
    for c in alive:  # clean up before failing
        os.kill(int(c), signal.SIGKILL)
    assert not alive
