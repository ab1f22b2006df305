"""The cache of a data folder, so that a second run parses no YAML or CSV and recomputes nothing
that did not change.

One SQLite file per data folder, ``<cache dir>/<hash of the folder's path>/cache.sqlite``, the
cache dir being ``CCNT_CACHE_DIR``, else ``$XDG_CACHE_HOME/ccnt``, else ``~/.cache/ccnt``:

* ``files``: one row per data file, its phase-1 result (``parsing.parse_file``), keyed by the
  file's size, modification time and SHA-256 hash: a file whose content, size or time changed
  is parsed again (and only its row rewritten), and nothing else is. Every file is hashed on
  every run (its digest also says which stored results still hold), except, on a local file
  system of Linux that keeps change times (``CTIME_KEPT``), a file whose size, modification
  and change times and inode are those stored, and whose times are well before it was last
  hashed: its stored digest is used (``_trusted``, as git trusts its index). There any write
  to a file sets its change time, which no program can set back, and a file changed within
  ``RACY_NS`` of being hashed is hashed on every run until its row is rewritten. The records
  are rows of JSON values (``recordcodec``: by their dataclass fields); actuals are columns in
  a blob beside them (``columns``), with their distinct (region, indicator) and (unit, kind,
  indicator) keys, so linking can check them and a run whose results are cached never decodes
  the rows;
* ``factors``: unit conversion factors computed by pint, so a warm run needs no pint;
* ``results``: computed progress per target file and option set (``results.ResultStore``).

Only JSON and SQLite's own values are stored, never pickle or marshal: reading a cache can
neither run code nor crash, and anything unexpected (a damaged or foreign file, an entry of
another shape, a cache written by another version of ccnt or of its source files) is a miss: the
file is parsed again and the cache rebuilt. Writes are transactions (WAL, with a busy timeout),
so concurrent runs share the file and nothing half-written is ever read. ``--no-cache``
bypasses it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import sqlite3
import sys
import time
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__, cachedb, codec, columns, recordcodec, units, workers
from .models import FileResult
from .table import ActualKeys, ActualTable


def cache_dir() -> Path:
    env = os.environ.get("CCNT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ccnt"


def cache_folder(root: Path) -> Path:
    """The cache of one data folder (a folder per data folder, named by its path)."""
    key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()
    return cache_dir() / key


def database(root: Path) -> Path:
    """The SQLite file holding a data folder's cache (``cachedb``)."""
    return cache_folder(root) / "cache.sqlite"


def read_db(root: Path, queries: list[cachedb.Query]) -> list[list[Any]]:
    """The rows of each query on the cache of ``root`` (``cachedb.read``)."""
    return cachedb.read(database(root), _stamp(), queries)


def write_db(root: Path, work: Callable[[sqlite3.Connection], None]) -> None:
    """One write transaction on the cache of ``root`` (``cachedb.write``)."""
    cachedb.write(database(root), _stamp(), work)


@functools.cache
def _stamp() -> str:
    """What a cache must match to be used: ccnt (its version and the size and time of each of
    its modules, so an edited checkout never reads results of older code), Python, the byte
    order of stored numbers and the unit definitions."""
    here = Path(__file__).parent
    code = hashlib.blake2b(digest_size=8)
    for path in sorted([*here.glob("*.py"), *here.glob("*/*.py")]):
        st = path.stat()
        code.update(f"{path.relative_to(here)}:{st.st_size}:{st.st_mtime_ns};".encode())
    defs = hashlib.blake2b(units.DEFINITIONS.read_bytes(), digest_size=8).hexdigest()
    python = f"{sys.version_info[:2]}|{sys.byteorder}"
    return f"{__version__}|{python}|{defs}|{code.hexdigest()}"


# ---------------------------------------------------------------------------- parsed files

_Entry = tuple[str, int, int, int, int, int, str, str, bytes, bytes]  # a row of ``files``
#: a file changed this little before it was hashed may change again within the same tick of
#: the file system's clock, unseen in its times: its digest is not trusted (hashed every run)
RACY_NS = 3_000_000_000


@functools.cache
def _result_fields() -> dict[str, Any]:
    """The fields of ``FileResult`` and their declared types."""
    hints = typing.get_type_hints(FileResult)
    return {f.name: hints[f.name] for f in dataclasses.fields(FileResult)}


def _listed(tp: Any) -> tuple[bool, Any]:
    """Whether a field holds a list, and the type of what is stored (its items', or its own)."""
    if typing.get_origin(tp) is list:
        return True, typing.get_args(tp)[0]
    return False, tp


#: JSON without the spaces after commas and colons: smaller entries, read faster
_COMPACT = (",", ":")


def _encode(result: FileResult) -> tuple[str, bytes, bytes]:
    """A file's result as a header (JSON, its records as rows of plain values:
    ``recordcodec``), no other record bytes (the layout keeps the column), and the columns of
    its tables of actuals."""
    header: dict[str, Any] = {}
    table_blobs: list[bytes] = []
    for name, tp in _result_fields().items():
        value = getattr(result, name)
        if tp is ActualTable:
            keys = value.keys()
            heads, sizes = [], []
            for col in value.cols:
                head, blob = columns.encode(col, object)
                heads.append(head)
                sizes.append(len(blob))
                table_blobs.append(blob)
            # the columns' headers as text in the header: their distinct values are read only
            # when the rows are
            stored = {k: codec.converters(t)[0](tuple(getattr(keys, k))) for k, t in _keys()}
            header[name] = [[len(value), stored, sizes], json.dumps(heads, separators=_COMPACT)]
        else:  # a list of records: rows of plain values inside the header's JSON
            header[name] = recordcodec.encode(value, _listed(tp)[1])
    return json.dumps(header, separators=_COMPACT), b"", b"".join(table_blobs)


@functools.cache
def _keys() -> list[tuple[str, Any]]:
    """The fields of ``ActualKeys`` (sets of tuples), each stored as a tuple of its items."""
    hints = typing.get_type_hints(ActualKeys)
    variadic: Any = tuple  # tuple[X, ...] for each X
    return [(k, variadic[typing.get_args(hints[k])[0], ...]) for k in ActualKeys._fields]


def _parts(data: Any, count: int) -> list[Any]:
    if type(data) is not list or len(data) != count:
        raise ValueError("cache entry of another shape")
    return data


def _decode(
    header_json: str, records: bytes, tables: bytes, reread: Callable[[], FileResult]
) -> FileResult:
    """What ``_encode`` stored (``ValueError`` for anything else). Actuals stay undecoded
    until a run reads them; if they then turn out damaged, the file is read again
    (``reread``)."""
    header = json.loads(header_json)
    fields = _result_fields()
    if type(header) is not dict or set(header) != set(fields) or type(records) is not bytes:
        raise ValueError("cache entry of another shape")
    result = FileResult()
    table_at = 0
    for name, tp in fields.items():
        if tp is ActualTable:
            (rows, stored, sizes), heads = _parts(header[name], 2)
            rows, sizes = codec.converters(tuple[int, list[int]])[1]([rows, sizes])
            if type(heads) is not str or type(stored) is not dict or min(sizes, default=0) < 0:
                raise ValueError("cache entry of another shape")
            keys = ActualKeys(
                **{k: frozenset(codec.converters(t)[1](stored.get(k))) for k, t in _keys()}
            )
            blob, table_at = tables[table_at : table_at + sum(sizes)], table_at + sum(sizes)
            load = functools.partial(_table_columns, heads, sizes, blob, rows, reread, name)
            value: Any = ActualTable.deferred(load, rows, keys)
        else:
            value = recordcodec.decode(header[name], _listed(tp)[1])
        setattr(result, name, value)
    if records or table_at != len(tables):
        raise ValueError("cache entry of another shape")
    return result


def _table_columns(
    heads_json: str,
    sizes: list[int],
    blob: bytes,
    rows: int,
    reread: Callable[[], FileResult],
    name: str,
) -> list[list[Any]]:
    """The columns of a table of actuals, decoded when a run first reads them."""
    try:
        heads = _parts(json.loads(heads_json), len(sizes))
        cols, at = [], 0
        for head, size in zip(heads, sizes, strict=True):
            cols.append(columns.decode(object, head, blob[at : at + size]))
            at += size
            if len(cols[-1]) != rows:
                raise ValueError("actual columns of another shape")
        return cols
    except ValueError:  # damaged: this file's rows are read again
        table: ActualTable = getattr(reread(), name)
        return table.cols


@dataclasses.dataclass(slots=True)
class Parsed:
    """The parsed files of one folder, and what is needed to update its cache afterwards."""

    results: dict[str, Any]
    root: Path
    digests: dict[str, str]  # digest (SHA-256) of each file read (empty when the cache is off)
    pending: list[_Entry]  # rows to write: files parsed in this run
    stored: set[str]  # the files the cache had an entry for
    factors_before: int
    enabled: bool
    #: the data folder whose cache is read, and whose unit factors are extended (the borrowed
    #: one for a copy: a factor depends on the two units alone); ``None`` without the cache
    home: Path | None = None
    #: entries of unchanged files whose change time or inode differ (``UPDATE`` parameters)
    refresh: list[tuple[int, int, int, str, int, int, str]] = dataclasses.field(
        default_factory=list
    )

    def save(self) -> None:
        """Write the unit factors if new ones were computed (while linking, after parsing, so
        this runs last), the entries of the files parsed in this run and the new times of files
        hashed again, and remove entries of files that are gone, in one transaction."""
        factors = units.known_factors()
        new_factors = len(factors) != self.factors_before
        gone = [(name,) for name in self.stored if name not in self.results]
        if not self.enabled:
            gone, pending, refresh = [], [], []
        else:
            pending, refresh = self.pending, self.refresh
        if self.home is None or not (pending or gone or refresh or new_factors):
            return

        def work(con: sqlite3.Connection) -> None:
            con.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pending
            )
            con.executemany(
                "UPDATE files SET ctime = ?, inode = ?, checked = ?"
                " WHERE name = ? AND size = ? AND mtime = ? AND digest = ?",
                refresh,
            )
            con.executemany("DELETE FROM files WHERE name = ?", gone)
            con.executemany("DELETE FROM results WHERE file = ?", gone)
            con.executemany(
                "INSERT OR REPLACE INTO factors VALUES (?, ?, ?)",
                [(src, dst, value) for (src, dst), value in factors.items()],
            )

        write_db(self.home, work)


def parse_file(path: Path, root: Path) -> Any:
    """``parsing.parse_file``, imported only when a file has to be read (a run whose files
    are all cached needs neither the YAML nor the CSV reader)."""
    from . import parsing

    return parsing.parse_file(path, root)


def _digest(path: Path) -> str:
    """A file's digest: SHA-256 (128 bits of it), which OpenSSL computes two to three times as
    fast as hashlib's BLAKE2 (every file is hashed on every run)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:32]


#: a file's name, size, modification and change times, inode, when it was hashed, digest
_Key = tuple[str, int, int, int, int, int, str]


def _trusted(entry: Any, stat: tuple[int, int, int, int], device: int) -> bool:
    """Whether a stored entry's digest holds for a file of this size, times and inode without
    reading it: the same, and settled when the entry's digest was read (``_settled``)."""
    return (
        tuple(entry[1:5]) == stat
        and type(entry[5]) is int
        and type(entry[6]) is str
        and _settled(stat, entry[5], device)
    )


def _settled(stat: tuple[int, int, int, int], checked: int, device: int) -> bool:
    """Whether a file's digest read at ``checked`` can be trusted while its size, times and
    inode stay ``stat``: neither time within ``RACY_NS`` of it, on a file system that keeps
    change times (``kept_ctime``)."""
    return max(stat[1], stat[2]) < checked - RACY_NS and kept_ctime(device)


#: local file systems (Linux's names) where every write sets a file's change time and no
#: program can set it back. Not network file systems (another machine's write may not show in
#: the times for a while: a file is opened, and so read afresh, only when hashed), nor FAT's
#: kind, which keep no change time, nor FUSE: every file on those is hashed on every run.
CTIME_KEPT = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs", "zfs", "bcachefs", "overlay"}
)


@functools.cache
def kept_ctime(device: int) -> bool:
    """Whether the file system of ``device`` (``st_dev``) is one of ``CTIME_KEPT``: by the
    mount table of Linux; ``False`` where there is none (every file is then hashed)."""
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return fs_type(table, device) in CTIME_KEPT


def fs_type(mountinfo: str, device: int) -> str | None:
    """The type of the file system mounted from ``device``, from the text of a Linux mount
    table (``/proc/self/mountinfo``: its third field is the device, major:minor, and the first
    field after ``-`` the type)."""
    wanted = f"{os.major(device)}:{os.minor(device)}"
    for line in mountinfo.splitlines():
        head, sep, tail = line.partition(" - ")
        fields = head.split()
        if sep and len(fields) > 2 and fields[2] == wanted and tail.split():
            return tail.split()[0]
    return None


def _digests(root: Path, files: list[Path]) -> dict[str, str]:
    from .dataset import rel

    out = {}
    for path in files:
        with contextlib.suppress(OSError):  # a file that cannot be read: parse_file says so
            out[rel(path, root)] = _digest(path)
    return out


def parse_all(root: Path, use_cache: bool = True, borrow: Path | None = None) -> Parsed:
    """Parse every file of the folder, reusing cached results of unchanged files.

    With ``borrow`` (another data folder, e.g. the working tree when ``root`` is a copy of an
    older revision), the entries of that folder's cache are read for files whose size and
    bytes are the same (their times differ), and no entry is written: a temporary copy leaves
    no cache behind (only unit factors it needed are added to that folder's)."""
    from .dataset import data_files, rel

    files = list(data_files(root))
    if not use_cache:  # the digests still say which files two folders have alike
        read = workers.parse_many(files, root)
        fresh = {rel(p, root): result for p, (result, _) in zip(files, read, strict=True)}
        return Parsed(fresh, root, _digests(root, files), [], set(), 0, enabled=False)
    home = borrow or root
    entries, factors = read_db(
        home,
        [
            (
                "SELECT name, size, mtime, ctime, inode, checked, digest, header, records, tables"
                " FROM files",
                (),
            ),
            ("SELECT source, target, factor FROM factors", ()),
        ],
    )
    units.remember_factors(
        {
            (src, dst): value
            for src, dst, value in factors
            if type(src) is str and type(dst) is str and isinstance(value, float | int | str)
        }
    )
    factors_before = len(units.known_factors())
    stored = {row[0]: row for row in entries}
    results: dict[str, Any] = {}
    digests: dict[str, str] = {}
    misses: list[tuple[Path, _Key]] = []  # files to parse, with their keys
    refresh: list[tuple[int, int, int, str, int, int, str]] = []
    for path in files:
        name = rel(path, root)
        entry = stored.get(name)
        try:
            checked = time.time_ns()
            st = path.stat()
            stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            trusted = borrow is None and entry is not None and _trusted(entry, stat, st.st_dev)
            digest = entry[6] if trusted else _digest(path)  # type: ignore[index]
        except OSError:
            results[name] = parse_file(path, root)
            continue
        digests[name] = digest
        if trusted:
            checked = entry[5]  # type: ignore[index]
        key: _Key = (name, *stat, checked, digest)
        result: FileResult | None = None
        # a borrowed entry is used for a file of the same size and bytes (times differ)
        if (
            entry is not None
            and (entry[0], entry[1], entry[6]) == (name, st.st_size, digest)
            and (borrow is not None or entry[2] == st.st_mtime_ns)
        ):
            with contextlib.suppress(ValueError, TypeError):  # another shape: parsed again
                reread = functools.partial(parse_file, path, root)
                result = _decode(entry[7], entry[8], entry[9], reread)
        if result is None:
            misses.append((path, key))
        elif not trusted and borrow is None and _settled(stat, checked, st.st_dev):
            # hashed, and the same: its new times and inode are stored, so it is not next run
            refresh.append((*stat[2:], checked, name, *stat[:2], digest))
        results[name] = result  # in the order of the files; a miss is filled in below
    pending: list[_Entry] = []
    encode = _encode if borrow is None else None  # nothing is written for a borrowing folder
    parsed = workers.parse_many([path for path, _ in misses], root, encode)
    for (path, key), (result, stored_as) in zip(misses, parsed, strict=True):
        results[key[0]] = result
        with contextlib.suppress(OSError):  # stored only if the file did not change while read
            st = path.stat()
            now = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            if stored_as is not None and now == key[1:5]:
                pending.append((*key, *stored_as))
    return Parsed(
        results, root, digests, pending, set(stored), factors_before, borrow is None, home, refresh
    )
