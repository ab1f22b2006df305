"""The SQLite file of a cache (``cache``): its tables, and reading and writing them.

Each read is one transaction on its own connection (a snapshot: a concurrent write is seen
whole or not at all); each write is one ``BEGIN IMMEDIATE`` transaction, so concurrent runs
(``ccnt actuals add`` from several shells) take turns, waiting up to ``BUSY_SECONDS``. The
journal is a write-ahead log (WAL): readers never wait for a writer. Nothing is half-written:
a run that stops mid-write leaves the file as it was.

A file that is not a ccnt cache of this layout (damaged, foreign, another ``SCHEMA``) is read as
empty and replaced by the next write; one written by other code (another ``stamp``) is emptied
by it. A cache that cannot be written (busy too long, a read-only disk) is left alone: it only
costs time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: the layout of the tables below (``PRAGMA user_version``); another one is replaced
SCHEMA = 2
TABLES = {
    "meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
    # a file's size and times, inode, and the time before it was read for its digest (``cache``)
    "files": "name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,"
    " ctime INTEGER NOT NULL, inode INTEGER NOT NULL, checked INTEGER NOT NULL,"
    " digest TEXT NOT NULL, header TEXT NOT NULL, records BLOB NOT NULL, tables BLOB NOT NULL",
    "factors": "source TEXT NOT NULL, target TEXT NOT NULL, factor NOT NULL,"
    " PRIMARY KEY (source, target)",
    "results": "file TEXT NOT NULL, option TEXT NOT NULL, digest TEXT NOT NULL,"
    " shared TEXT NOT NULL, rows TEXT NOT NULL, PRIMARY KEY (file, option)",
}
#: how long a run waits for another one's write to finish before it skips its own
BUSY_SECONDS = 20.0
#: SQLite's codes for a file that is not what it should be: replaced by the next write
#: (SQLITE_ERROR: no such table or column; SQLITE_CORRUPT; SQLITE_NOTADB)
_NOT_OURS = (1, 11, 26)

Query = tuple[str, tuple[Any, ...]]


class _Foreign(Exception):
    """An SQLite database, but not a ccnt cache of this layout."""


def read(path: Path, stamp: str, queries: list[Query]) -> list[list[Any]]:
    """The rows of each query, read in one transaction; empty when the file is missing (it is
    not created), not a cache of this layout, or written by other code (``stamp``)."""
    empty: list[list[Any]] = [[] for _ in queries]
    if not path.is_file():
        return empty
    try:
        with contextlib.closing(_connect(path)) as con:
            con.execute("BEGIN")
            try:
                if _version(con) != SCHEMA or _stamp(con) != stamp:
                    return empty
                return [con.execute(sql, params).fetchall() for sql, params in queries]
            finally:
                con.execute("COMMIT")
    except sqlite3.Error:
        return empty


def write(path: Path, stamp: str, work: Callable[[sqlite3.Connection], None]) -> None:
    """Run ``work`` in one write transaction, creating the file if needed (and replacing one
    that is not a cache of this layout)."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(_connect(path)) as con:
                con.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
                con.execute("BEGIN IMMEDIATE")
                try:
                    _prepare(con, stamp)
                    work(con)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            return
        except (sqlite3.Error, _Foreign) as exc:
            code = getattr(exc, "sqlite_errorcode", 1) & 0xFF  # the primary code
            if attempt or code not in _NOT_OURS:
                return
            remove(path)
        except OSError:
            return


def remove(path: Path) -> None:
    """Delete the file and its journals."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; each is opened and closed explicitly
    con = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    con.execute("PRAGMA synchronous = NORMAL")  # with WAL: consistent, and much faster
    return con


def _version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def _stamp(con: sqlite3.Connection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    return str(row[0]) if row else None


def _prepare(con: sqlite3.Connection, stamp: str) -> None:
    """Inside a write transaction: create the tables in a new file, refuse a foreign one, and
    empty a cache written by other code."""
    version = _version(con)
    if version == 0:
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise _Foreign
        for name, columns in TABLES.items():
            con.execute(f"CREATE TABLE {name} ({columns})")
        con.execute(f"PRAGMA user_version = {SCHEMA}")
    elif version != SCHEMA:
        raise _Foreign
    if _stamp(con) != stamp:
        for name in TABLES:
            con.execute(f"DELETE FROM {name}")
        con.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
