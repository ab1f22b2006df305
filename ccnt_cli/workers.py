"""Files of a large folder parsed in worker processes, when a run must read many of them.

Parsing a file (``parsing.parse_file``) depends on its bytes alone, and a cold run of a
10,000-target folder spends about half its time on it, so on a machine with several cores the
files are shared out among worker processes (forked, so they start with ccnt already imported),
each of which also encodes its files' cache entries (``cache._encode``). The results come back
pickled, between processes of the same program and run, never through a file: the cache itself
stores only JSON and arrays (``cache``).

``parse_many`` is the one entry point; with one worker it is the plain loop, and a test holds the
two to the same results and entries. Workers are used only where they pay: a platform that can
fork safely (Linux, a process of one thread), two or more usable cores, and enough bytes to
read (``MIN_BYTES``). ``CCNT_JOBS=N``
sets the number of workers whatever the size (``CCNT_JOBS=1``: never; unset or 0: the rule). If the pool cannot start or a worker dies,
the files are parsed in the process itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .models import FileResult

#: fewer bytes than this are parsed in the process itself: starting workers costs more
MIN_BYTES = 2_000_000
#: at most this many workers (beyond it, merging their results costs more than it saves)
MAX_JOBS = 4

Entry = tuple[str, bytes, bytes]  # a file's cache entry (``cache._encode``)
Parsed = tuple[FileResult, Entry | None]


def jobs(paths: list[Path]) -> int:
    """How many worker processes to parse ``paths`` with (1: none)."""
    env = os.environ.get("CCNT_JOBS", "").strip()
    if env.isdigit() and int(env) >= 1:
        wanted = int(env)
    else:
        if _bytes(paths) < MIN_BYTES:
            return 1
        wanted = min(_cores(), MAX_JOBS)
    return min(wanted, len(paths)) if _can_fork() else 1


def _bytes(paths: list[Path]) -> int:
    return sum(map(_size, paths))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on this platform
        return os.cpu_count() or 1


def _can_fork() -> bool:
    """Fork is the only start method that does not import ccnt again in each worker. On macOS
    it is unsafe with some system libraries, so Linux only; and only from a process with one
    thread (a notebook's kernel has several: a lock one of them holds would stay held in the
    child forever)."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def parse_many(
    paths: list[Path],
    root: Path,
    encode: Callable[[FileResult], Entry] | None = None,
    workers: int | None = None,
) -> list[Parsed]:
    """Each file parsed (``parsing.parse_file``), and its cache entry if ``encode`` is given
    (``None`` where the result cannot be stored), in the order of ``paths``."""
    count = jobs(paths) if workers is None else workers
    if count > 1:
        with contextlib.suppress(_PoolFailed):
            return _in_workers(paths, root, encode, count)
    return [_parse(path, root, encode) for path in paths]


def _parse(path: Path, root: Path, encode: Callable[[FileResult], Entry] | None) -> Parsed:
    from .parsing import parse_file

    result = parse_file(path, root)
    entry = None
    if encode is not None:
        with contextlib.suppress(TypeError, ValueError):  # not storable: parsed again next run
            entry = encode(result)
    return result, entry


class _PoolFailed(Exception):
    """The workers could not start or one died: the caller parses the files itself."""


def _in_workers(
    paths: list[Path],
    root: Path,
    encode: Callable[[FileResult], Entry] | None,
    count: int,
) -> list[Parsed]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from . import parsing  # noqa: F401  (imported once here, inherited by every worker)

    # the largest files first, so no worker is left with a large one at the end
    order = sorted(range(len(paths)), key=lambda i: _size(paths[i]), reverse=True)
    try:
        pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
    except (OSError, ValueError) as exc:
        raise _PoolFailed from exc
    try:
        futures = {i: pool.submit(_parse, paths[i], root, encode) for i in order}
        return [futures[i].result() for i in range(len(paths))]
    except (BrokenProcessPool, OSError) as exc:
        raise _PoolFailed from exc
    finally:  # interrupted (Ctrl-C): the files not started are not parsed after all
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """A worker ends with the process that forked it (killed, not only interrupted: the pool's
    pipes, open in every worker, would otherwise keep it waiting for ever), and leaves Ctrl-C
    to that process (which cancels the rest)."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


#: prctl's request "send me this signal when my parent dies" (Linux)
_PR_SET_PDEATHSIG = 1


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


__all__ = ["MIN_BYTES", "jobs", "parse_many"]
