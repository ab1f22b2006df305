"""Adding one reported figure to a CSV of actuals, checked first and appended atomically.

The row is checked exactly as the loader would check it (by parsing it as a one-row CSV), then
against the registries and the rows already there (the same region, indicator, period, basis and
publication date is a duplicate). It is appended under an exclusive lock in a single write, in
the file's own column order and line ending, so every existing byte stays as it was and
concurrent adds all land.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .convert import convert
from .dataset import ensure_writable
from .errors import DataError, OutputError, Problem, UnitError
from .models import Actual, Dataset
from .parsing import parse_file
from .table import CSV_COLUMN_NAMES as ACTUAL_COLUMNS

DEFAULT_FILE = "data/added.csv"


@dataclass(frozen=True, slots=True)
class Added:
    file: str  # relative to the data folder
    line: int
    actual: Actual


def _row_text(values: dict[str, str], columns: list[str], newline: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow([values.get(c, "") for c in columns])
    return buf.getvalue()


def check_row(ds: Dataset, values: dict[str, str], name: str) -> Actual:
    """The row as the loader reads it, or ``DataError`` with every problem."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "data" / "row.csv"
        path.parent.mkdir()
        path.write_text(
            ",".join(ACTUAL_COLUMNS) + "\n" + _row_text(values, list(ACTUAL_COLUMNS), "\n"),
            encoding="utf-8",
        )
        result = parse_file(path, root)
    problems = [Problem(name, p.message, None, p.record, p.field, p.hint) for p in result.problems]
    record = f"{values['region']}/{values['indicator']}/{values['period']}"
    if values["region"] not in ds.regions:
        problems.append(
            Problem(
                name,
                f"unknown region {values['region']!r}",
                record=record,
                field="region",
                hint="add it to targets/regions.yaml",
            )
        )
    ind = ds.indicators.get(values["indicator"])
    if ind is None:
        problems.append(
            Problem(
                name,
                f"unknown indicator {values['indicator']!r}",
                record=record,
                field="indicator",
                hint="add it to targets/indicators.yaml",
            )
        )
    if problems or not result.actuals:
        raise DataError(problems or [Problem(name, "the row could not be read", record=record)])
    actual = result.actuals[0]
    assert ind is not None
    try:
        actual.value = convert(actual.value, actual.raw_unit, actual.kind, ind)
    except UnitError as exc:
        raise DataError(
            [Problem(name, str(exc), record=record, field="unit", hint=exc.hint)]
        ) from None
    return actual


def _same(a: Actual, b: Actual) -> bool:
    return (a.region, a.indicator, a.start, a.end, a.basis, a.published) == (
        b.region,
        b.indicator,
        b.start,
        b.end,
        b.basis,
        b.published,
    )


def _duplicate_problem(name: str, new: Actual, old: Actual) -> Problem:
    return Problem(
        name,
        f"a {new.period} figure for {new.region}/{new.indicator} with basis "
        f"{new.basis or '(none)'} published {new.published or '(undated)'} is already recorded",
        record=f"{new.region}/{new.indicator}/{new.period}",
        hint=f"see {old.where.file}:{old.where.line}; a revision needs its own publication date",
    )


@contextmanager
def _locked(path: Path) -> Iterator[IO[bytes]]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    with os.fdopen(fd, "r+b") as fh:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX: no lock, the append is still one write
            pass
        yield fh


def add(root: Path, ds: Dataset, values: dict[str, str], file: str | None = None) -> Added:
    """Check one row and append it to ``file`` (relative to the data folder). The bundled
    data is refused (``ReadOnlyData``)."""
    ensure_writable(root)
    name = (file or DEFAULT_FILE).replace(os.sep, "/")
    path = (root / name) if not Path(name).is_absolute() else Path(name)
    try:
        rel = path.resolve().relative_to((root / "data").resolve()).as_posix()
    except ValueError:
        raise OutputError(f"{name} is not under {root / 'data'}; actuals live in data/") from None
    name = f"data/{rel}"
    if path.suffix != ".csv":
        raise OutputError(f"{name} is not a .csv file")
    if not path.parent.is_dir():
        raise OutputError(f"the folder {path.parent} does not exist; create it first")
    new = check_row(ds, values, name)
    table = ds.actuals  # only the rows of the same region and indicator become objects
    for old in table.take(table.groups().get((new.region, new.indicator), ())):
        if _same(old, new):
            raise DataError([_duplicate_problem(name, new, old)])
    with _locked(path) as fh:
        fh.seek(0)
        existing = fh.read()
        text = existing.decode("utf-8-sig") if existing else ""
        newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
        if text.strip():
            header = next(csv.reader([text.splitlines()[0]]))
            columns = [c.strip().lower() for c in header]
            rows = list(csv.reader(io.StringIO(text, newline="")))
            # rows added by a concurrent run since the dataset was loaded
            index = {c: i for i, c in enumerate(columns)}
            for n, row in enumerate(rows[1:], start=2):
                got = {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()}
                if all(
                    got.get(k, "") == values.get(k, "")
                    for k in ("region", "indicator", "period", "basis", "published")
                ):
                    raise DataError(
                        [
                            Problem(
                                name,
                                "the same figure was just added",
                                line=n,
                                record=f"{new.region}/{new.indicator}/{new.period}",
                                hint="a revision needs its own publication date",
                            )
                        ]
                    )
            prefix = b"" if existing.endswith(b"\n") else newline.encode()
            payload = prefix + _row_text(values, columns, newline).encode("utf-8")
            line = text.count("\n") + (0 if text.endswith("\n") else 1) + 1
        else:
            columns = list(ACTUAL_COLUMNS)
            payload = (",".join(columns) + newline + _row_text(values, columns, newline)).encode()
            line = 2
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    return Added(name, line, new)
