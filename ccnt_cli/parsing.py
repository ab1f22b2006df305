"""Phase 1 of loading: each file of a data folder read on its own.

YAML files give registry records, policies and targets; CSV files give actuals, as columns.
Syntax, types, required and unknown fields are checked and values read into numbers; every
problem is collected with its file, line, record and field. A file's result depends on its
bytes alone, so ``cache`` can keep it. Phase 2 (references, units) is in ``dataset``.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import units
from .errors import Problem, UnitError, did_you_mean, suggest
from .fields import SLUG, RecordReader, normalize_date, type_name
from .models import (
    ACTUAL_KINDS,
    COMPARATORS,
    DIRECTIONS,
    REGION_LEVELS,
    TARGET_KINDS,
    Actual,
    ActualTable,
    FileResult,
    Indicator,
    Pilot,
    Policy,
    Region,
    Sector,
    Target,
    Where,
)
from .yamlio import YamlProblem, YDict, YList, load_yaml

REGISTRIES = {
    "regions.yaml": "regions",
    "indicators.yaml": "indicators",
    "pilots.yaml": "pilots",
    "sectors.yaml": "sectors",
}

REGION_FIELDS = {
    "id",
    "name",
    "name_zh",
    "level",
    "parent",
    "code",
    "aliases",
    "members",
    "note",
    "source",
}
SECTOR_FIELDS = {"id", "name", "name_zh", "description"}
INDICATOR_FIELDS = {
    "id",
    "name",
    "name_zh",
    "unit",
    "direction",
    "sector",
    "aliases",
    "description",
    "note",
}
PILOT_FIELDS = {
    "id",
    "name",
    "name_zh",
    "issuer",
    "announced",
    "members",
    "expected_members",
    "source",
    "note",
    "url",
}
POLICY_FIELDS = {
    "id",
    "title",
    "title_zh",
    "issuer",
    "published",
    "level",
    "region",
    "url",
    "type",
    "source",
    "note",
}
TARGET_FIELDS = {
    "id",
    "region",
    "policy",
    "indicator",
    "kind",
    "baseline",
    "target",
    "comparator",
    "basis",
    "binding",
    "sector",
    "tags",
    "pilot",
    "text",
    "relative_to",
    "note",
    "source",
}
POINT_FIELDS = {"year", "value", "unit"}
ACTUAL_COLUMNS = (
    "region",
    "indicator",
    "period",
    "kind",
    "value",
    "unit",
    "basis",
    "published",
    "source",
    "note",
)
REQUIRED_COLUMNS = ("region", "indicator", "period", "kind", "value", "source")


# ------------------------------------------------------------------------------ reading text


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (a BOM is fine); name the likely encoding when it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, f"cannot read the file: {exc.strerror}")]
    save_as = (
        "re-save it as UTF-8 (in Excel: CSV UTF-8)"
        if path.suffix == ".csv"
        else "re-save it as UTF-8 in your editor"
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = _guess_encoding(raw)
        hint = f"it looks like {guess}; {save_as}" if guess else save_as
        return None, [Problem(name, "the file is not UTF-8 text", line=line, hint=hint)]
    nul = text.find("\x00")
    if nul >= 0:  # valid UTF-8, but no text file holds NUL: UTF-16 without a BOM, or binary
        line = text.count("\n", 0, nul) + 1
        if _looks_utf16(raw):
            return None, [
                Problem(
                    name,
                    "the file is not UTF-8 text",
                    line=line,
                    hint=f"it looks like UTF-16; {save_as}",
                )
            ]
        return None, [
            Problem(
                name,
                "the file contains a NUL character, so it is not a text file",
                line=line,
                hint="save it as UTF-8 text; is it a spreadsheet or a binary file?",
            )
        ]
    return text, []


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_GBK_LABEL = "GBK/GB18030 (Chinese-locale Excel)"


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf16(raw: bytes) -> bool:
    """Mostly ASCII text in UTF-16 has a NUL in every other byte."""
    sample = raw[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 4 and min(even, odd) < max(even, odd) // 4


def _guess_encoding(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        return "UTF-16"
    # Chinese text is runs of two-byte characters; Latin-1 accents are mostly single bytes
    runs = _HIGH_RUN.findall(raw)
    odd = sum(len(r) % 2 for r in runs)
    if odd * 10 <= len(runs) and _decodes(raw, "gb18030"):
        return _GBK_LABEL
    if _decodes(raw, "cp1252"):
        return "Latin-1/Windows-1252"
    for codec, label in (("gb18030", _GBK_LABEL), ("big5", "Big5")):
        if _decodes(raw, codec):
            return label
    return None


# ------------------------------------------------------------------------------ phase 1


def parse_file(path: Path, root: Path) -> FileResult:
    """Read one file of the data folder on its own."""
    name = path.relative_to(root).as_posix()
    text, problems = read_text(path, name)
    result = FileResult(problems=problems)
    if text is None:
        return result
    if path.suffix == ".csv":
        _parse_actuals(text, name, result)
        return result
    try:
        doc, with_duplicates = load_yaml(text)
    except YamlProblem as exc:
        result.problems.append(
            Problem(
                name, exc.message, line=exc.line, record=exc.record, field=exc.field, hint=exc.hint
            )
        )
        return result
    _parse_yaml(doc, path, root, name, result)
    for mapping in with_duplicates:  # the ones no record reader reported
        for dup in mapping.duplicates:
            result.problems.append(
                Problem(
                    name,
                    f"duplicate key {dup.key!r} (first on line {dup.first})",
                    line=dup.line,
                    field=dup.key if mapping is doc else None,
                    hint="YAML keeps only the last value of a repeated key; keep one",
                )
            )
    return result


def _parse_yaml(doc: Any, path: Path, root: Path, name: str, result: FileResult) -> None:
    registry = REGISTRIES.get(path.name) if path.parent == root / "targets" else None
    expected = (registry,) if registry else ("policies", "targets")
    if doc is None:
        if registry:
            result.problems.append(
                Problem(
                    name,
                    f"the file is empty; it needs `{registry}:`",
                    line=1,
                    hint=f"list the {registry} under `{registry}:`, or write `{registry}: []` for none",
                )
            )
        return
    if not isinstance(doc, YDict):
        result.problems.append(
            Problem(
                name,
                f"the file must be a mapping with {' and '.join(expected)}, not {_with_article(type_name(doc))}",
                line=1,
                hint=f"start the file with `{expected[0]}:` and list the records under it",
            )
        )
        return
    for key in doc:
        if key not in expected:
            if key in REGISTRIES.values() and not registry:
                hint = f"{key} belong in targets/{key}.yaml"
            else:
                hint = did_you_mean(key, expected) or f"expected {' and '.join(expected)}"
            result.problems.append(
                Problem(
                    name,
                    f"unknown top-level key {key!r}",
                    line=doc.line_of(key),
                    field=key,
                    hint=hint,
                )
            )
    if registry and registry not in doc:
        result.problems.append(
            Problem(
                name,
                f"missing top-level key {registry!r}",
                line=1,
                hint=f"list the {registry} under `{registry}:`",
            )
        )
    for key in expected:
        records = doc.get(key)
        if records is None:
            continue
        if not isinstance(records, list):
            result.problems.append(
                Problem(
                    name,
                    f"{key} must be a list of records, not {type_name(records)}",
                    line=doc.line_of(key),
                    field=key,
                    hint=f"write each record as `- id: ...` under {key}:",
                )
            )
            continue
        reader = _READERS[key]
        for i, rec in enumerate(records):
            if not isinstance(rec, YDict):
                result.problems.append(
                    Problem(
                        name,
                        f"{key}[{i}] must be a mapping, not {type_name(rec)}",
                        line=records.line_of(i) if isinstance(records, YList) else doc.line_of(key),
                        field=key,
                        hint="each record is `- id: ...` with fields",
                    )
                )
                continue
            r = RecordReader(rec, name, result.problems, key[:-1])
            r.duplicates()
            reader(r, result)


def _where(r: RecordReader) -> Where:
    return Where(r.file, r.rec.line, tuple(r.rec.key_lines.items()))


def _read_region(r: RecordReader, out: FileResult) -> None:
    rid = r.slug()
    name = r.text("name", required=True)
    level = r.choice("level", REGION_LEVELS, required=True)
    code = r.text("code")
    if code is not None:
        code = units.normalize(code)  # full-width digits, as copied from a Chinese document
    if code is not None and not (len(code) == 6 and code.isascii() and code.isdigit()):
        r.problem("code", f"code {code!r} is not a six-digit GB/T 2260 code", 'e.g. "370600"')
    region = Region(
        id=rid or "",
        name=name or "",
        level=level or "",
        where=_where(r),
        name_zh=r.text("name_zh"),
        parent=r.ref("parent"),
        code=code,
        aliases=r.texts("aliases"),
        members=r.texts("members"),
    )
    r.unknown_fields(REGION_FIELDS)
    if r.ok:
        out.regions.append(region)


def _read_sector(r: RecordReader, out: FileResult) -> None:
    sid = r.slug()
    name = r.text("name", required=True)
    sector = Sector(id=sid or "", name=name or "", where=_where(r), name_zh=r.text("name_zh"))
    r.unknown_fields(SECTOR_FIELDS)
    if r.ok:
        out.sectors.append(sector)


def _read_indicator(r: RecordReader, out: FileResult) -> None:
    iid = r.slug()
    indicator = Indicator(
        id=iid or "",
        name=r.text("name", required=True) or "",
        unit=units.unit_key(r.text("unit", required=True)),
        direction=r.choice("direction", DIRECTIONS, required=True) or "",
        where=_where(r),
        name_zh=r.text("name_zh"),
        sector=r.ref("sector"),
        aliases=r.texts("aliases"),
        description=r.text("description"),
    )
    r.unknown_fields(INDICATOR_FIELDS)
    if r.ok:
        out.indicators.append(indicator)


def _read_pilot(r: RecordReader, out: FileResult) -> None:
    pid = r.slug()
    pilot = Pilot(
        id=pid or "",
        name=r.text("name", required=True) or "",
        where=_where(r),
        name_zh=r.text("name_zh"),
        issuer=r.texts("issuer"),
        announced=r.date("announced"),
        members=r.texts("members"),
        expected_members=r.integer("expected_members", lo=0, hi=100000),
        source=r.text("source"),
        note=r.text("note"),
    )
    r.unknown_fields(PILOT_FIELDS)
    if r.ok:
        out.pilots.append(pilot)


def _read_policy(r: RecordReader, out: FileResult) -> None:
    pid = r.slug()
    policy = Policy(
        id=pid or "",
        title=r.text("title", required=True) or "",
        where=_where(r),
        title_zh=r.text("title_zh"),
        issuer=r.texts("issuer"),
        published=r.date("published"),
        level=r.choice("level", REGION_LEVELS),
        region=r.ref("region"),
        url=r.text("url"),
        type=r.text("type"),
        source=r.text("source", required=True),
    )
    r.unknown_fields(POLICY_FIELDS)
    if r.ok:
        out.policies.append(policy)


def _read_point(
    r: RecordReader, name: str, required: bool
) -> tuple[int | None, object, str | None, float | None, str | None]:
    """``baseline`` or ``target``: (year, value as written, unit as written, number, unit)."""
    rec = r.mapping(name, required=required)
    if rec is None:
        return None, None, None, None, None
    sub = r.sub(name, rec)
    year = sub.integer("year", required=True)
    raw_value = rec.get("value")
    raw_unit = sub.text("unit")
    number: float | None = None
    unit: str | None = None
    if raw_value is not None:
        try:
            number, unit = units.split_value(raw_value, raw_unit)
        except UnitError as exc:
            sub.problem("value", str(exc), exc.hint)
    sub.unknown_fields(POINT_FIELDS, outer=TARGET_FIELDS)
    return year, raw_value, raw_unit, number, unit


def _read_target(r: RecordReader, out: FileResult) -> None:
    tid = r.slug()
    kind = r.choice("kind", TARGET_KINDS, required=True)
    qualitative = kind == "qualitative"
    t_year, t_raw, t_unit_raw, t_num, t_unit = _read_point(r, "target", required=not qualitative)
    b_year, _, _, b_num, b_unit = _read_point(r, "baseline", required=False)
    if kind in ("change", "increment", "cumulative") and b_year is None:
        r.problem(
            "baseline",
            f"{_article(kind)} {kind} target needs baseline.year",
            "e.g. `baseline: {year: 2020}`, the year the change is counted from",
        )
    if not qualitative and kind and t_year is not None and t_raw is None and "target" in r.rec:
        r.problem(
            "target",
            f"{_article(kind)} {kind} target needs target.value",
            "e.g. `value: 9000, unit: MW`",
        )
    if qualitative and t_raw is not None:
        r.problem(
            "target",
            "a qualitative target has no value",
            "drop target.value, or use kind level/change if it is a number",
        )
    if t_year is not None and b_year is not None and b_year >= t_year:
        r.problem(
            "baseline",
            f"baseline year {b_year} is not before target year {t_year}",
            "the baseline is the year the target is counted from",
        )
    comparator = r.choice("comparator", COMPARATORS)
    target = Target(
        id=tid or "",
        region=r.ref("region", required=True) or "",
        policy=r.ref("policy", required=True) or "",
        indicator=r.ref("indicator", required=True) or "",
        kind=kind or "",
        where=_where(r),
        target_year=t_year,
        target_value=t_raw,
        target_unit=t_unit_raw,
        value=t_num,
        unit=t_unit,
        baseline_year=b_year,
        baseline_value=b_num,
        baseline_unit=b_unit,
        comparator=comparator,
        basis=r.text("basis"),
        binding=r.boolean("binding"),
        sector=r.ref("sector"),
        tags=r.texts("tags"),
        pilot=r.ref("pilot"),
        text=r.text("text"),
        relative_to=r.ref("relative_to"),
        note=r.text("note"),
        source=r.text("source"),
    )
    r.unknown_fields(TARGET_FIELDS)
    if r.ok:
        out.targets.append(target)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _with_article(name: str) -> str:
    return name if name in ("text", "null", "true/false") else f"{_article(name)} {name}"


_READERS = {
    "regions": _read_region,
    "sectors": _read_sector,
    "indicators": _read_indicator,
    "pilots": _read_pilot,
    "policies": _read_policy,
    "targets": _read_target,
}


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


def _parse_actuals(text: str, name: str, out: FileResult) -> None:
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
                hint="header: " + ",".join(ACTUAL_COLUMNS),
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
        if col not in ACTUAL_COLUMNS:
            out.problems.append(
                Problem(
                    name,
                    f"column {i + 1} of the header is empty"
                    if not col
                    else f"unknown column {col!r}",
                    line=1,
                    field=col or None,
                    hint=(did_you_mean(col, ACTUAL_COLUMNS) if col else None)
                    or "columns: " + ",".join(ACTUAL_COLUMNS),
                )
            )
            bad_header = True
    for col in REQUIRED_COLUMNS:
        if col not in index:
            out.problems.append(
                Problem(
                    name,
                    f"missing column {col!r}",
                    line=1,
                    field=col,
                    hint="header: " + ",".join(ACTUAL_COLUMNS),
                )
            )
            bad_header = True
    if bad_header:
        return
    width = len(header)
    get = {c: index.get(c) for c in ACTUAL_COLUMNS}
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


#: the columns ``_add_rows`` reads, in this order
_ROW_CELLS = (
    "region",
    "indicator",
    "period",
    "kind",
    "value",
    "unit",
    "basis",
    "published",
    "source",
    "note",
)


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
        for c in _ROW_CELLS
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


__all__ = ["ACTUAL_COLUMNS", "SLUG", "parse_file", "read_text", "suggest"]
