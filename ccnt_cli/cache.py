"""Caches of a data folder, so that a second run parses no YAML or CSV and recomputes nothing
that did not change.

A folder per data folder, under ``CCNT_CACHE_DIR``, else ``$XDG_CACHE_HOME/ccnt``, else
``~/.cache/ccnt``:

* ``files/<hash of the path>.bin``: one data file's phase-1 result (``parsing.parse_file``),
  keyed by the file's size, modification time and BLAKE2 hash: a file whose content, size or
  time changed is parsed again (and only its entry rewritten), and nothing else is. Actuals
  are kept as a marshal blob inside the entry, with their distinct (region, indicator) and
  (unit, kind, indicator) keys beside it, so linking can check them and a run whose results
  are cached never decodes the rows.
* ``factors.bin``: unit conversion factors computed by pint, so a warm run needs no pint.
* ``results.bin``: computed progress per target file (``ResultStore``).

The format is ``marshal`` of plain values behind a magic line and a CRC-32, never pickle: a
cache file can never run code. One that is corrupt, foreign or from another version of ccnt
(or of its source files) is ignored and rebuilt, never trusted. ``--no-cache`` bypasses both.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import marshal
import os
import sys
import tempfile
import typing
import zlib
from pathlib import Path
from typing import Any

from . import __version__, units
from .errors import Problem
from .models import (
    ActualKeys,
    ActualTable,
    Dataset,
    Indicator,
    Pilot,
    Policy,
    Region,
    Sector,
    Target,
)

MAGIC = b"CCNTCACHE3\n"
_TYPES: dict[str, Any] = {
    "regions": Region,
    "sectors": Sector,
    "indicators": Indicator,
    "pilots": Pilot,
    "policies": Policy,
    "targets": Target,
}
_PROBLEM_FIELDS = [f.name for f in dataclasses.fields(Problem)]


def cache_dir() -> Path:
    env = os.environ.get("CCNT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ccnt"


@functools.cache
def _stamp() -> str:
    """What a cache must match to be used: ccnt (its version and the size and time of each of
    its modules, so an edited checkout never reads results of older code), Python and the unit
    definitions."""
    here = Path(__file__).parent
    code = hashlib.blake2b(digest_size=8)
    for path in sorted(here.glob("*.py")):
        st = path.stat()
        code.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    defs = hashlib.blake2b(units.DEFINITIONS.read_bytes(), digest_size=8).hexdigest()
    return f"{__version__}|{sys.version_info[:2]}|{defs}|{code.hexdigest()}"


def cache_folder(root: Path) -> Path:
    """The cache of one data folder (a folder per data folder, named by its path)."""
    key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()
    return cache_dir() / key


def cache_file(root: Path, part: str) -> Path:
    """One part of a data folder's cache: ``factors`` or ``results``."""
    return cache_folder(root) / f"{part}.bin"


def entry_file(root: Path, name: str) -> Path:
    """Where the parsed result of the data file ``name`` (relative path) is kept."""
    key = hashlib.blake2b(name.encode(), digest_size=12).hexdigest()
    return cache_folder(root) / "files" / f"{key}.bin"


# ---------------------------------------------------------------------------- encoding


def _plan(cls: type) -> list[tuple[str, bool, type | None]]:
    """How a record class is encoded: (field, is input, dataclass of a nested value)."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = typing.get_type_hints(cls)
        plan = []
        for f in dataclasses.fields(cls):
            nested = next(
                (
                    t
                    for t in (hints[f.name], *typing.get_args(hints[f.name]))
                    if dataclasses.is_dataclass(t)
                ),
                None,
            )
            plan.append((f.name, f.init, nested if isinstance(nested, type) else None))
        _PLANS[cls] = plan
    return plan


_PLANS: dict[type, list[tuple[str, bool, type | None]]] = {}


def _encode_record(rec: Any) -> tuple[Any, ...]:
    """A record as a tuple of plain values, fields in declaration order (nested dataclasses as
    tuples of their own)."""
    out = []
    for name, _, nested in _plan(type(rec)):
        value = getattr(rec, name)
        out.append(_encode_record(value) if nested is not None and value is not None else value)
    return tuple(out)


def _decode_record(cls: type, row: Any) -> Any:
    """A record from ``_encode_record``: input fields through the constructor, computed ones
    set after it."""
    plan = _plan(cls)
    if not isinstance(row, tuple | list) or len(row) != len(plan):
        raise ValueError("cache entry of another shape")
    given: dict[str, Any] = {}
    later: list[tuple[str, Any]] = []
    for (name, init, nested), value in zip(plan, row, strict=True):
        if nested is not None and value is not None:
            value = _decode_record(nested, value)
        elif isinstance(value, list):
            value = tuple(value)
        (given.__setitem__(name, value) if init else later.append((name, value)))
    rec = cls(**given)
    for name, value in later:
        setattr(rec, name, value)
    return rec


def _encode_records(name: str, records: list[Any]) -> list[tuple[Any, ...]]:
    return [_encode_record(r) for r in records]


def _decode_records(name: str, rows: list[Any]) -> list[Any]:
    cls = _TYPES[name]
    return [_decode_record(cls, row) for row in rows]


def _encode(result: Any) -> dict[str, Any]:
    enc: dict[str, Any] = {n: _encode_records(n, getattr(result, n)) for n in _TYPES}
    table = result.actuals
    keys = table.keys()
    # the rows as one marshal blob inside the entry: read only when a run needs them
    enc["actuals"] = (
        marshal.dumps(table.cols),
        len(table),
        list(keys.pairs),
        list(keys.units),
        list(keys.bounds),
    )
    enc["problems"] = [tuple(getattr(p, f) for f in _PROBLEM_FIELDS) for p in result.problems]
    return enc


def _decode(enc: dict[str, Any]) -> Any:
    from .models import FileResult

    result = FileResult()
    for n in _TYPES:
        getattr(result, n).extend(_decode_records(n, enc[n]))
    blob, size, pairs, keys, bounds = enc["actuals"]
    if not (isinstance(blob, bytes) and isinstance(size, int)):
        raise ValueError("cache entry of another shape")
    result.actuals = ActualTable.deferred(
        functools.partial(marshal.loads, blob),
        size,
        ActualKeys(
            frozenset(map(tuple, pairs)), frozenset(map(tuple, keys)), frozenset(map(tuple, bounds))
        ),
    )
    result.problems.extend(
        Problem(**dict(zip(_PROBLEM_FIELDS, row, strict=True))) for row in enc["problems"]
    )
    return result


# ---------------------------------------------------------------------------- read/write


def _load(path: Path, magic: bytes) -> dict[str, Any]:
    """A cache file's content, or ``{}`` when it is missing, damaged, foreign or stale. The
    payload carries a CRC-32, so a damaged file that would still unmarshal is not trusted."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head = len(magic) + 4
    if not raw.startswith(magic) or len(raw) < head:
        return {}
    payload = memoryview(raw)[head:]
    if zlib.crc32(payload) != int.from_bytes(raw[len(magic) : head], "big"):
        return {}
    try:
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("stamp") != _stamp():
        return {}
    return data


def _write_cache(path: Path, data: dict[str, Any], magic: bytes = MAGIC) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        with os.fdopen(fd, "wb") as fh:
            payload = marshal.dumps(data)
            fh.write(magic + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


@dataclasses.dataclass(slots=True)
class Parsed:
    """The parsed files of one folder, and what is needed to update its cache afterwards."""

    results: dict[str, Any]
    root: Path
    digests: dict[str, str]  # BLAKE2 of each file read
    pending: dict[str, Any]  # entries to write: files parsed in this run
    factors_before: int
    enabled: bool
    #: the cache folder's data folder whose unit factors are read and extended (the borrowed
    #: one for a copy: a factor depends on the two units alone); ``None`` without the cache
    home: Path | None = None

    def save(self) -> None:
        """Write the unit factors if new ones were computed (while linking, after parsing, so
        this runs last), the entries of the files parsed in this run, and remove entries of
        files that are gone."""
        factors = units.known_factors()
        if self.home is not None and len(factors) != self.factors_before:
            _write_cache(cache_file(self.home, "factors"), {"stamp": _stamp(), "factors": factors})
        if not self.enabled:
            return
        for name, entry in self.pending.items():
            _write_cache(entry_file(self.root, name), entry)
        if self.pending:
            keep = {entry_file(self.root, name).name for name in self.results}
            try:
                for old in (cache_folder(self.root) / "files").iterdir():
                    if old.name not in keep:
                        old.unlink(missing_ok=True)
            except OSError:
                pass


def parse_file(path: Path, root: Path) -> Any:
    """``parsing.parse_file``, imported only when a file has to be read (a run whose files
    are all cached needs neither the YAML nor the CSV reader)."""
    from . import parsing

    return parsing.parse_file(path, root)


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


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
        fresh = {rel(p, root): parse_file(p, root) for p in files}
        return Parsed(fresh, root, _digests(root, files), {}, 0, enabled=False)
    home = borrow or root
    factors = _load(cache_file(home, "factors"), MAGIC).get("factors")
    units.remember_factors(factors if isinstance(factors, dict) else {})
    factors_before = len(units.known_factors())
    results: dict[str, Any] = {}
    digests: dict[str, str] = {}
    pending: dict[str, Any] = {}
    stamp = _stamp()
    for path in files:
        name = rel(path, root)
        try:
            st = path.stat()
            digest = _digest(path)
        except OSError:
            results[name] = parse_file(path, root)
            continue
        digests[name] = digest
        key = (st.st_size, st.st_mtime_ns, digest)
        entry = _load(entry_file(home, name), MAGIC)
        result = None
        found = entry.get("key")
        if entry.get("name") == name and (
            found == key
            if borrow is None
            else isinstance(found, tuple) and len(found) == 3 and found[::2] == key[::2]
        ):
            try:
                result = _decode(entry["enc"])
            except Exception:  # a damaged entry is parsed again
                result = None
        if result is None:
            result = parse_file(path, root)
            if borrow is None:
                pending[name] = {"stamp": stamp, "name": name, "key": key, "enc": _encode(result)}
        results[name] = result
    return Parsed(
        results, root, digests, pending, factors_before, enabled=borrow is None, home=home
    )


# ---------------------------------------------------------------------------- results

RESULTS_MAGIC = b"CCNTRESULTS2\n"
#: option sets (as-of year, known-at day) remembered per target file
MAX_OPTIONS = 4


class ResultStore:
    """Progress already computed, kept per target file so that editing one file recomputes
    only its targets.

    A file's entry holds: its digest, the digest of every file its results depend on besides
    itself (``Dataset.shared_digest``: registries and actuals, not other target files), and
    the results by option set (as-of year, known-at day) and target id. An entry whose digests
    differ is dropped; results are only ever stored for a dataset that loaded without problems.
    """

    def __init__(
        self, ds: Dataset, as_of: int, known_at: str | None, borrow: Path | None = None
    ) -> None:
        """With ``borrow``, the results stored for that data folder are read (an entry is
        used only where the digests match) and nothing is saved."""
        self.path = cache_file(borrow or Path(ds.root), "results")
        self.read_only = borrow is not None
        self.digests = ds.digests
        self.shared = ds.shared_digest or ""
        self.option = (as_of, known_at)
        self.entries: dict[str, Any] = {}
        self.changed = False
        self._read()

    def _read(self) -> None:
        entries = _load(self.path, RESULTS_MAGIC).get("entries")
        if not isinstance(entries, dict):
            return
        for name, entry in entries.items():
            if (
                isinstance(entry, tuple)
                and len(entry) == 3
                and self.digests.get(name) == entry[0]
                and entry[1] == self.shared
                and isinstance(entry[2], dict)
            ):
                self.entries[name] = entry
        self.changed = len(self.entries) != len(entries)

    def _results(self, file: str, create: bool) -> dict[str, Any] | None:
        entry = self.entries.get(file)
        if entry is None:
            if not create or file not in self.digests:
                return None
            entry = self.entries[file] = (self.digests[file], self.shared, {})
        by_option: dict[Any, Any] = entry[2]
        results = by_option.get(self.option)
        if results is None and create:
            while len(by_option) >= MAX_OPTIONS:
                del by_option[next(iter(by_option))]
            results = by_option[self.option] = {}
        return results if isinstance(results, dict) else None

    def get(self, t: Target) -> Any:
        results = self._results(t.where.file, create=False)
        return results.get(t.id) if results is not None else None

    def put(self, t: Target, row: tuple[Any, ...]) -> None:
        results = self._results(t.where.file, create=True)
        if results is not None:
            results[t.id] = row
            self.changed = True

    def save(self) -> None:
        if self.changed and not self.read_only:
            _write_cache(self.path, {"stamp": _stamp(), "entries": self.entries}, RESULTS_MAGIC)
