"""Computed progress kept in the cache, so that a warm run reads the figures instead of
computing them, and editing one target file recomputes only its targets.

A result is stored as one row of plain values in ``FIELDS`` order (``encode``): the figures,
``used``, ``notes`` and ``alternatives``, not the rows and arithmetic behind them (``steps``,
``calcs``, ``considered``, ``chains``: ``--explain`` computes afresh). ``decode`` builds the
``Progress`` back from the row by position; a row of another shape is a miss (recomputed).
"""

from __future__ import annotations

import contextlib
import json
import operator
import sqlite3
from pathlib import Path
from typing import Any, cast

from .cache import read_db, write_db
from .models import Dataset, Target
from .progress import STATUSES, Progress

#: option sets (as-of year, known-at day) remembered per target file
MAX_OPTIONS = 4
#: the fields of ``Progress`` a stored row holds, in its order
FIELDS = (
    "status",
    "latest_year",
    "achieved",
    "expected",
    "remaining",
    "required_annual",
    "pace_so_far",
    "share_covered",
    "start_year",
    "start_value",
    "basis_used",
    "diff_unit",
    "band",
    "notes",
    "used",
    "alternatives",
)
_WIDTH = len(FIELDS)
_figures = operator.attrgetter(*FIELDS)
_STATUSES = frozenset(STATUSES)


def encode(p: Progress) -> list[Any]:
    """The figures of a result as plain values, in ``FIELDS`` order."""
    return list(_figures(p))


def decode(t: Target, row: Any) -> Progress:
    """The result ``encode`` gave ``row`` for (as JSON gives it back), without the rows behind
    it; ``ValueError`` or ``TypeError`` for a row of another shape."""
    if type(row) is not list or len(row) != _WIDTH or row[0] not in _STATUSES:
        raise ValueError("cached result of another shape")
    *figures, band, notes, used, alternatives = row
    if type(notes) is not list or type(used) is not list or type(alternatives) is not list:
        raise ValueError("cached result of another shape")
    # positional: FIELDS follow Progress's fields after ``target`` (tests/test_cache.py holds it);
    # the lists are the row's own (``json.loads`` made them; ``encode`` copies none of them)
    progress: Progress = cast(Any, Progress)(
        t, *figures, tuple(band) if band else band, notes, used, alternatives=alternatives
    )
    return progress


class ResultStore:
    """Progress already computed, kept per target file so that editing one file recomputes
    only its targets (``progress.ResultStore``, in the cache's ``results`` table).

    A row of the table holds a file's results for one option set (as-of year, known-at day), by
    target id, with the file's digest and the digest of every file its results depend on
    besides itself (``Dataset.shared_digest``: registries and actuals, not other target files).
    Rows whose digests differ are not used, and are replaced when the file's results are saved;
    each file keeps its ``MAX_OPTIONS`` most recent option sets. Results are only ever stored
    for a dataset that loaded without problems.
    """

    def __init__(
        self, ds: Dataset, as_of: int, known_at: str | None, borrow: Path | None = None
    ) -> None:
        """With ``borrow``, the results stored for that data folder are read (used only where
        the digests match) and nothing is saved."""
        self.root = borrow or Path(ds.root)
        self.read_only = borrow is not None
        self.digests = ds.digests
        self.shared = ds.shared_digest or ""
        self.option = json.dumps([as_of, known_at])
        self.stored: dict[str, str] = {}  # a file's results as JSON, read when first asked for
        #: a file's results by target id: stored rows, or results put in this run (encoded
        #: when saved: 100,000 rows of values are not held beside the results themselves)
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()
        (rows,) = read_db(
            self.root,
            [("SELECT file, digest, shared, rows FROM results WHERE option = ?", (self.option,))],
        )
        for file, digest, shared, data in rows:
            if digest == self.digests.get(file) and shared == self.shared:
                self.stored[file] = data

    def _results(self, file: str) -> dict[str, Any]:
        results = self.entries.get(file)
        if results is None:
            results = self.entries[file] = _unpacked(self.stored.pop(file, None))
        return results

    def get(self, t: Target) -> Progress | None:
        """The stored result of ``t``, or ``None`` (none stored, or one of another shape). The
        first one given back is also what ``save`` writes: callers read results, never change
        them (a second ``get`` gives a copy)."""
        results = self.entries.get(t.where.file)
        if results is None:
            results = self._results(t.where.file)
        row = results.get(t.id)
        if row is None:
            return None
        if type(row) is Progress:  # decoded or put in this run: given back as a stored one
            return decode(t, [list(v) if type(v) is list else v for v in encode(row)])
        try:
            found = decode(t, row)
        except (ValueError, TypeError):
            return None
        # the result in place of its row (which it took the lists of): saved as it is read
        results[t.id] = found
        return found

    def put(self, t: Target, p: Progress) -> None:
        file = t.where.file
        if file in self.digests:
            self._results(file)[t.id] = p
            self.changed.add(file)

    def save(self) -> None:
        if self.read_only:
            return
        rows = []
        for file in sorted(self.changed):
            with contextlib.suppress(TypeError, ValueError):  # a value JSON cannot hold
                by_id = {
                    tid: encode(row) if type(row) is Progress else row
                    for tid, row in self.entries[file].items()
                }
                data = json.dumps([FIELDS, by_id], separators=(",", ":"))
                rows.append((file, self.option, self.digests[file], self.shared, data))
        if not rows:
            return

        def work(con: sqlite3.Connection) -> None:
            for file, option, digest, shared, data in rows:
                con.execute(
                    "DELETE FROM results WHERE file = ? AND (digest != ? OR shared != ?)",
                    (file, digest, shared),
                )
                con.execute(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                    (file, option, digest, shared, data),
                )
                con.execute(
                    "DELETE FROM results WHERE file = ? AND rowid NOT IN"
                    " (SELECT rowid FROM results WHERE file = ? ORDER BY rowid DESC LIMIT ?)",
                    (file, file, MAX_OPTIONS),
                )

        write_db(self.root, work)
        self.changed.clear()


def _unpacked(data: str | None) -> dict[str, Any]:
    """A file's stored results, ``[FIELDS, {target id: row}]`` as JSON: the rows by target id
    (each checked by ``decode`` when asked for); nothing for anything else."""
    try:
        keys, rows = json.loads(data) if data is not None else (None, None)
    except (ValueError, TypeError):
        return {}
    if type(rows) is not dict or keys != list(FIELDS):
        return {}
    return rows


__all__ = ["FIELDS", "MAX_OPTIONS", "ResultStore", "decode", "encode"]
