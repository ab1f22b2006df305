"""Actuals CSV files: one reported figure a row, read column by column.

The common row (every required cell present, a plain number, a known kind, a period and a
date) is checked on whole columns, each distinct period, date and unit once; a row that fails
any of these is read field by field (``_actual_row``), which words the problems. A property test
holds the two paths to the same rows and problems (tests/test_scale.py). The columns are those of
``schema.CSV_COLUMNS``.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import sys
from collections.abc import Callable
from typing import Any

from ccnt_cli import units
from ccnt_cli.errors import Problem, UnitError, did_you_mean
from ccnt_cli.models import FileResult
from ccnt_cli.schema import ACTUAL_KINDS, Where, normalize_date
from ccnt_cli.table import CSV_COLUMN_NAMES, CSV_REQUIRED, Actual, ActualTable


@functools.lru_cache(maxsize=4096)
def _date_text(text: str) -> str | None:
    """``normalize_date`` of a CSV cell, once per distinct text."""
    return normalize_date(text)


@functools.lru_cache(maxsize=4096)  # a CSV repeats few distinct periods
def _parse_period(text: str) -> tuple[int, int] | None:
    text = units.normalize(text)
    first, sep, last = text.partition("-")
    if not first.isdigit() or len(first) != 4 or (sep and (not last.isdigit() or len(last) != 4)):
        return None
    start = int(first)
    end = int(last) if sep else start
    return start, end


def parse_actuals(text: str, name: str, out: FileResult) -> None:
    """Read an actuals CSV into ``out.actuals``, every problem into ``out.problems``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except csv.Error as exc:
        out.problems.append(_csv_error(name, str(exc), 1, reader.line_num))
        return
    if not any(h.strip() for h in header):
        empty = not text.strip()
        out.problems.append(
            Problem(
                name,
                "the file is empty; it needs a header row"
                if empty
                else "the first line is blank; it must be the header row",
                line=1,
                hint="header: " + ",".join(CSV_COLUMN_NAMES),
            )
        )
        return
    header = [units.normalize(h).lower() for h in header]
    index: dict[str, int] = {}
    bad_header = False
    for i, col in enumerate(header):
        if col in index:
            out.problems.append(
                Problem(
                    name,
                    f"column {col!r} is repeated (columns {index[col] + 1} and {i + 1})",
                    line=1,
                    field=col,
                    hint="keep one column of each name",
                )
            )
            bad_header = True
            continue
        index[col] = i
        if col not in CSV_COLUMN_NAMES:
            out.problems.append(
                Problem(
                    name,
                    f"column {i + 1} of the header is empty"
                    if not col
                    else f"unknown column {col!r}",
                    line=1,
                    field=col or None,
                    hint=(did_you_mean(col, CSV_COLUMN_NAMES) if col else None)
                    or "columns: " + ",".join(CSV_COLUMN_NAMES),
                )
            )
            bad_header = True
    for col in CSV_REQUIRED:
        if col not in index:
            out.problems.append(
                Problem(
                    name,
                    f"missing column {col!r}",
                    line=1,
                    field=col,
                    hint="header: " + ",".join(CSV_COLUMN_NAMES),
                )
            )
            bad_header = True
    if bad_header:
        return
    width = len(header)
    get = {c: index.get(c) for c in CSV_COLUMN_NAMES}
    rows: list[list[str]] = []  # well-formed rows, checked together by _add_rows
    lines: list[int] = []
    if '"' not in text and "\r" not in text and reader.line_num == 1:
        # no quotes and no carriage returns: a row is a line and a cell is what lies between
        # commas, exactly as the csv module reads it, without a Python step per row
        physical = text.split("\n")
        if physical[-1] == "":
            physical.pop()  # the file ends with a line break
        body = [line.split(",") for line in physical[1:]]
        widths = set(map(len, body))
        if widths <= {width}:  # the usual file: every line a full row
            _add_rows(body, list(range(2, len(body) + 2)), get, name, out)
            return
        if widths <= {width, 1}:
            for n, row in enumerate(body, start=2):
                if len(row) == width:
                    rows.append(row)
                    lines.append(n)
                elif row[0].strip():  # one cell, not blank: a ragged row
                    out.problems.append(_ragged(name, row, width, n, n))
            _add_rows(rows, lines, get, name, out)
            return
    end = reader.line_num  # last physical line read so far
    while True:
        start = end + 1  # a row starts on the line after the previous one ended
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            out.problems.append(_csv_error(name, str(exc), start, reader.line_num))
            if "end of data" in str(exc):  # an open quote swallowed the rest of the file
                break
            end = reader.line_num
            continue
        end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            out.problems.append(_ragged(name, row, width, start, end))
            continue
        if end > start and _broken_cells(row, get, name, start, end, out):
            continue
        rows.append(row)
        lines.append(start)
    _add_rows(rows, lines, get, name, out)


def _plain_numbers(values: list[str], slow: set[int]) -> list[float]:
    """Each value as a float when it is a plain number such as -3.8 (``split_value``'s fast
    path); the others are added to ``slow`` (and stand as NaN)."""
    joined = "".join(values)
    if joined.isascii() and units.PLAIN_NUMBER.issuperset(joined):
        try:  # the whole column at once: the usual case
            numbers = list(map(float, values))
        except ValueError:
            pass
        else:
            if all(map(math.isfinite, numbers)):
                return numbers
    numbers = []
    for i, v in enumerate(values):
        try:
            x = float(v) if v.isascii() and units.PLAIN_NUMBER.issuperset(v) else math.nan
        except ValueError:
            x = math.nan
        if not math.isfinite(x):
            slow.add(i)
        numbers.append(x)
    return numbers


def _add_rows(
    rows: list[list[str]], lines: list[int], get: dict[str, int | None], name: str, out: FileResult
) -> None:
    """Check the rows column by column and append the good ones to the file's table.

    The common row (every required cell present, a plain number, a known kind, a period and
    a date) is checked on whole columns, each distinct period, date and unit once. A row that
    fails any of these goes through ``_actual_row``, which checks it field by field and words
    the problems; the table keeps the file's order. Repeated texts are interned, so a million
    rows hold one copy of each region, indicator, unit and source."""
    if not rows:
        return
    n = len(rows)
    empty = [""] * n
    by_index = list(zip(*rows, strict=True))
    cells = {
        c: (list(map(str.strip, by_index[i])) if (i := get[c]) is not None else empty)
        for c in CSV_COLUMN_NAMES
    }
    slow: set[int] = set()

    def flag(column: str, bad: Callable[[str], bool]) -> None:
        values = cells[column]
        wrong = {v for v in set(values) if bad(v)}
        if wrong:
            slow.update(i for i, v in enumerate(values) if v in wrong)

    kinds = frozenset(ACTUAL_KINDS)
    for column in ("region", "indicator", "source", "value"):
        flag(column, lambda v: not v)
    flag("kind", lambda v: v not in kinds)
    periods = {p: _parse_period(p) for p in set(cells["period"])}
    flag("period", lambda p: (got := periods[p]) is None or got[0] > got[1])
    flag("published", lambda d: bool(d) and _date_text(d) is None)
    numbers = _plain_numbers(cells["value"], slow)
    good = [i for i in range(n) if i not in slow] if slow else range(n)
    table = out.actuals if not slow else ActualTable()
    unit_of = {u: units.normalize(u) if u else "" for u in set(cells["unit"])}
    intern = sys.intern

    def pick(name_: str, shared: bool = False, none: bool = False) -> list[Any]:
        values = cells[name_]
        picked = values if not slow else [values[i] for i in good]
        if shared:
            picked = list(map(intern, picked))
        return [v or None for v in picked] if none else picked

    spans = [periods[p] or (0, 0) for p in pick("period")]  # bad periods are in slow
    part = ActualTable(
        [
            pick("region", shared=True),
            pick("indicator", shared=True),
            [s[0] for s in spans],
            [s[1] for s in spans],
            pick("kind", shared=True),
            numbers if not slow else [numbers[i] for i in good],
            [name] * len(good),
            lines if not slow else [lines[i] for i in good],
            pick("value"),
            [unit_of[u] for u in pick("unit")],
            pick("basis", shared=True, none=True),
            pick("published", shared=True, none=True),
            pick("source", shared=True),
            pick("note", none=True),
        ]
    )
    table.extend(part)
    if not slow:
        return
    checked = FileResult()  # the other rows, one by one, with their problems
    for i in sorted(slow):
        _actual_row(rows[i], get, name, lines[i], checked)
    out.problems.extend(checked.problems)
    table.extend(checked.actuals)
    line_col = table.column("line")
    out.actuals.extend(table.keep(sorted(range(len(table)), key=line_col.__getitem__)))


def _broken_cells(
    row: list[str], get: dict[str, int | None], name: str, start: int, end: int, out: FileResult
) -> bool:
    """A row over several lines is legal CSV, but only a note may hold a line break: anywhere
    else it means a quote closed too late and swallowed the next rows."""

    def first_line(col: str) -> str:
        i = get[col]
        return row[i].strip().splitlines()[0] if i is not None and row[i].strip() else ""

    record = "/".join(first_line(c) for c in ("region", "indicator", "period"))
    found = False
    for col, i in get.items():
        if col != "note" and i is not None and ("\n" in row[i] or "\r" in row[i]):
            out.problems.append(
                Problem(
                    name,
                    f"{col} runs over lines {start}-{end}",
                    line=start,
                    record=record,
                    field=col,
                    hint="a quote opened on this line closes too late; only a note may hold a "
                    "line break",
                )
            )
            found = True
    return found


def _csv_error(name: str, message: str, start: int, end: int) -> Problem:
    if "end of data" in message:
        return Problem(
            name,
            "a quote opened on this line is never closed",
            line=start,
            hint="close the quote or remove it; everything after it was read as one cell",
        )
    if "expected after" in message:
        return Problem(
            name,
            "a quoted cell has text after its closing quote",
            line=start,
            hint='quote the whole cell, doubling any quote inside it: "7000 ""MW"""',
        )
    return Problem(name, f"CSV: {message}", line=start, hint="check the quotes on this line")


def _ragged(name: str, row: list[str], width: int, start: int, end: int) -> Problem:
    message = f"row has {len(row)} cells, the header has {width}"
    if end > start:
        return Problem(
            name,
            message + f" (the row runs on to line {end})",
            line=start,
            hint="a quote on this line is not closed where it should be; check the quotes",
        )
    if len(row) > width:
        hint = 'quote cells that contain commas: "a, b"'
    else:
        hint = "give every column a cell; an empty cell is two commas in a row: a,,b"
    return Problem(name, message, line=start, hint=hint)


def _actual_row(
    row: list[str], get: dict[str, int | None], name: str, line: int, out: FileResult
) -> None:
    def cell(col: str) -> str:
        i = get[col]
        return row[i].strip() if i is not None else ""

    region, indicator = cell("region"), cell("indicator")
    record = f"{region}/{indicator}/{cell('period')}"
    problems = out.problems
    before = len(problems)

    def bad(fld: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(name, message, line=line, record=record, field=fld, hint=hint))

    if not region:
        bad("region", "missing region", "a region id from targets/regions.yaml")
    if not indicator:
        bad("indicator", "missing indicator", "an indicator id from targets/indicators.yaml")
    period = _parse_period(cell("period"))
    if period is None:
        bad(
            "period",
            f"period {cell('period')!r} is not a year or a range of years",
            "write 2024 or 2021-2023",
        )
    elif period[0] > period[1]:
        bad("period", f"period {cell('period')!r} runs backwards", f"write {period[1]}-{period[0]}")
    kind = cell("kind")
    if kind not in ACTUAL_KINDS:
        bad(
            "kind",
            f"kind {kind!r} is not one of {', '.join(ACTUAL_KINDS)}",
            did_you_mean(kind, ACTUAL_KINDS),
        )
    raw_value, raw_unit = cell("value"), cell("unit")
    number, unit = 0.0, ""
    if not raw_value:
        bad("value", "missing value")
    else:
        try:
            number, unit = units.split_value(raw_value, raw_unit or None)
        except UnitError as exc:
            bad("value", str(exc), exc.hint)
    published = cell("published")
    if published and _date_text(published) is None:
        bad(
            "published",
            f"published {published!r} is not a date",
            "write YYYY-MM-DD, YYYY-MM or YYYY",
        )
    source = cell("source")
    if not source:
        bad("source", "missing source", "name where the figure was published")
    if len(problems) > before or period is None:
        return
    out.actuals.append(
        Actual(
            region=region,
            indicator=indicator,
            start=period[0],
            end=period[1],
            kind=kind,
            value=number,
            where=Where(name, line),
            raw_value=raw_value,
            raw_unit=unit,
            basis=cell("basis") or None,
            published=published or None,
            source=source,
            note=cell("note") or None,
        )
    )
