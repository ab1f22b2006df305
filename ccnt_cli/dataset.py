"""Loading and validating a data folder.

A data folder holds ``targets/`` (YAML: the registries and the policy/target files) and ``data/``
(CSV actuals). Loading runs in two phases:

1. each file on its own (``parse_file``): syntax, types, required and unknown fields, values
   read into numbers. Its result depends on the file's bytes alone, so it can be cached;
2. the folder as a whole (``_link``): unique ids, references between records, region cycles, and
   every value converted to its indicator's canonical unit (one factor per distinct unit pair).

Every problem from both phases is collected; ``load`` raises ``DataError`` carrying all of them.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import math
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import units
from .errors import DataError, Problem, UnitError
from .fields import SLUG, RecordReader, did_you_mean, normalize_date, suggest, type_name
from .models import (
    ACTUAL_KINDS,
    CHANGE_UNIT,
    COMPARATORS,
    DIRECTIONS,
    REGION_LEVELS,
    TARGET_KINDS,
    Actual,
    ActualTable,
    Dataset,
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
REQUIRED_REGISTRIES = ("regions.yaml", "indicators.yaml")

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


@dataclass(slots=True)
class FileResult:
    """What one file holds, read on its own: records by type, and the problems found."""

    regions: list[Region] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    pilots: list[Pilot] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: ActualTable = field(default_factory=ActualTable)
    problems: list[Problem] = field(default_factory=list)


# ------------------------------------------------------------------------------ discovery


def data_files(root: Path) -> Iterator[Path]:
    """Every file of a data folder that ccnt reads, in a stable order."""
    targets = root / "targets"
    for path in sorted(targets.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and not _hidden(path, root):
            yield path
    data = root / "data"
    if data.is_dir():
        for path in sorted(data.rglob("*.csv")):
            if path.is_file() and not _hidden(path, root):
                yield path


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


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
    name = rel(path, root)
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
    fast = _FastRows(get, name, out)
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
        if not fast.add(row, start):  # something to report: the row is checked field by field
            _actual_row(row, get, name, start, out)


class _FastRows:
    """The common case of a CSV row, appended to the columns at once: every required cell
    present, a plain number, a period and a date seen before. Anything else returns False and
    the row is checked field by field (``_actual_row``), which words the problems. Repeated
    texts (region, indicator, unit, source, ...) are stored once per file."""

    __slots__ = ("cols", "file", "ix", "kinds", "shared", "unit_of")

    def __init__(self, get: dict[str, int | None], name: str, out: FileResult) -> None:
        self.cols = out.actuals.cols
        self.file = name
        self.ix = [
            get[c]
            for c in (
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
        ]
        self.kinds = frozenset(ACTUAL_KINDS)
        self.shared: dict[str, str] = {"": ""}
        self.unit_of: dict[str, str] = {}

    def add(self, row: list[str], line: int) -> bool:
        cells = [row[i].strip() if i is not None else "" for i in self.ix]
        region, indicator, period_text, kind, value, unit, basis, published, source, note = cells
        if not (region and indicator and source and value) or kind not in self.kinds:
            return False
        period = _parse_period(period_text)
        if period is None or period[0] > period[1]:
            return False
        if published and _date_text(published) is None:
            return False
        if not (value.isascii() and units.PLAIN_NUMBER.issuperset(value)):
            return False
        try:
            number = float(value)
        except ValueError:
            return False
        if not math.isfinite(number):
            return False
        canonical = self.unit_of.get(unit)
        if canonical is None:
            canonical = self.unit_of[unit] = units.normalize(unit) if unit else ""
        share = self.shared.setdefault
        for col, v in zip(
            self.cols,
            (
                share(region, region),
                share(indicator, indicator),
                period[0],
                period[1],
                share(kind, kind),
                number,
                self.file,
                line,
                value,
                canonical,
                share(basis, basis) or None,
                share(published, published) or None,
                share(source, source),
                note or None,
            ),
            strict=True,
        ):
            col.append(v)
        return True


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


# ------------------------------------------------------------------------------ phase 2


def load(root: Path | str, *, cache: bool = True) -> Dataset:
    """Load and validate a data folder; raise ``DataError`` with every problem found."""
    dataset, problems = check(root, cache=cache)
    if problems:
        raise DataError(problems)
    return dataset


def check(root: Path | str, *, cache: bool = True) -> tuple[Dataset, list[Problem]]:
    """Load a data folder and return it with every problem found (the dataset holds only the
    records that passed)."""
    root = Path(root)
    if not (root / "targets").is_dir():
        raise DataError(
            [
                Problem(
                    str(root),
                    "not a ccnt data folder: it has no targets/ folder",
                    hint="point --data-dir at a folder with targets/ and data/, or run `ccnt init DIR`",
                )
            ]
        )
    from . import cache as cache_mod

    parsed = cache_mod.parse_all(root, use_cache=cache)
    results = parsed.results
    problems: list[Problem] = []
    for fr in results.values():
        problems.extend(fr.problems)
    for reg in REQUIRED_REGISTRIES:
        if not (root / "targets" / reg).is_file():
            problems.append(
                Problem(
                    f"targets/{reg}",
                    "missing registry file",
                    hint=f"every data folder needs targets/{reg}",
                )
            )
    dataset = Dataset(root=str(root), digests=parsed.digests())
    if dataset.digests:
        dataset.shared_digest = _shared_digest(results, dataset.digests)
    _link(dataset, list(results.values()), problems)
    parsed.save()
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return dataset, problems


def _shared_digest(results: dict[str, FileResult], digests: dict[str, str]) -> str:
    """One digest over every file that holds more than policies and targets."""
    h = hashlib.blake2b(digest_size=16)
    for name in sorted(results):
        fr = results[name]
        if fr.regions or fr.sectors or fr.indicators or fr.pilots or len(fr.actuals):
            h.update(f"{name}\0{digests.get(name, '?')}\0".encode())
    return h.hexdigest()


def _unique(kind: str, records: list[Any], store: dict[str, Any], problems: list[Problem]) -> None:
    for rec in records:
        first = store.get(rec.id)
        if first is not None:
            problems.append(
                Problem(
                    rec.where.file,
                    f"duplicate {kind} id {rec.id!r}",
                    line=rec.where.line_of("id"),
                    record=rec.id,
                    field="id",
                    hint=f"first defined at {first.where.file}:{first.where.line}; ids must be unique",
                )
            )
            continue
        store[rec.id] = rec


def _link(ds: Dataset, results: list[FileResult], problems: list[Problem]) -> None:
    # ids of records that are defined but were refused (their problems are reported): a
    # reference to one is not reported again as "unknown"
    broken = {p.record for fr in results for p in fr.problems if p.record}
    for fr in results:
        _unique("region", fr.regions, ds.regions, problems)
        _unique("sector", fr.sectors, ds.sectors, problems)
        _unique("indicator", fr.indicators, ds.indicators, problems)
        _unique("pilot", fr.pilots, ds.pilots, problems)
        _unique("policy", fr.policies, ds.policies, problems)
    for fr in results:
        _unique("target", fr.targets, ds.targets, problems)
    _link_regions(ds, problems, broken)
    _link_indicators(ds, problems, broken)
    for pilot in ds.pilots.values():
        for m in pilot.members:
            _ref(ds.regions, m, "region", pilot.where, pilot.id, "members", problems, broken)
    for policy in ds.policies.values():
        if policy.region:
            _ref(
                ds.regions,
                policy.region,
                "region",
                policy.where,
                policy.id,
                "region",
                problems,
                broken,
            )
    _link_targets(ds, problems, broken)
    ds.actuals = _link_actuals(ds, [fr.actuals for fr in results], problems, broken)


def _ref(
    store: dict[str, Any],
    key: str,
    what: str,
    where: Where,
    record: str,
    fld: str,
    problems: list[Problem],
    broken: Collection[str] = (),
) -> bool:
    if key in store:
        return True
    if key in broken:  # defined, but refused: its own problems say why
        return False
    hint = (
        did_you_mean(key, store) or f"add it to targets/{what}s.yaml"
        if what != "policy"
        else (did_you_mean(key, store) or "define the policy under `policies:` in a target file")
    )
    problems.append(
        Problem(
            where.file,
            f"unknown {what} {key!r}",
            line=where.line_of(fld),
            record=record,
            field=fld,
            hint=hint,
        )
    )
    return False


def _link_regions(ds: Dataset, problems: list[Problem], broken: Collection[str]) -> None:
    names: dict[str, str] = {}
    for region in ds.regions.values():
        if region.parent:
            _ref(
                ds.regions,
                region.parent,
                "region",
                region.where,
                region.id,
                "parent",
                problems,
                broken,
            )
        elif region.level != "national":
            problems.append(
                Problem(
                    region.where.file,
                    "region has no parent",
                    line=region.where.line,
                    record=region.id,
                    field="parent",
                    hint="every region but the nation names its parent region",
                )
            )
        for m in region.members:
            _ref(ds.regions, m, "region", region.where, region.id, "members", problems, broken)
        if region.level == "area" and not region.members:
            problems.append(
                Problem(
                    region.where.file,
                    "an area lists its members",
                    line=region.where.line,
                    record=region.id,
                    field="members",
                )
            )
        for label in (region.id, region.name, region.name_zh, *region.aliases):
            if not label:
                continue
            key = label.casefold()
            other = names.setdefault(key, region.id)
            if other != region.id:
                problems.append(
                    Problem(
                        region.where.file,
                        f"name or alias {label!r} also names region {other!r}",
                        line=region.where.line_of("aliases"),
                        record=region.id,
                        field="aliases",
                        hint="a name must point at one region; remove or change the alias",
                    )
                )
    for region in ds.regions.values():  # cycles
        seen = [region.id]
        cur = region.parent
        while cur and cur in ds.regions:
            if cur in seen:
                if cur == region.id:
                    problems.append(
                        Problem(
                            region.where.file,
                            "region parents form a cycle: " + " -> ".join([*seen, cur]),
                            line=region.where.line_of("parent"),
                            record=region.id,
                            field="parent",
                            hint="a region cannot be its own ancestor",
                        )
                    )
                break
            seen.append(cur)
            cur = ds.regions[cur].parent


def _link_indicators(ds: Dataset, problems: list[Problem], broken: set[str]) -> None:
    for ind in list(ds.indicators.values()):
        if ind.sector and ds.sectors:
            _ref(ds.sectors, ind.sector, "sector", ind.where, ind.id, "sector", problems, broken)
        try:
            units.check_unit(ind.unit)
        except UnitError as exc:
            problems.append(
                Problem(
                    ind.where.file,
                    str(exc),
                    line=ind.where.line_of("unit"),
                    record=ind.id,
                    field="unit",
                    hint=exc.hint,
                )
            )
            del ds.indicators[ind.id]
            broken.add(ind.id)


def _canonical_unit(kind: str, ind: Indicator) -> str:
    return CHANGE_UNIT if kind == "change" else ind.unit


def _convert(value: float, unit: str | None, kind: str, ind: Indicator) -> float:
    target_unit = _canonical_unit(kind, ind)
    if not unit:
        if ind.unit == "dimensionless" and kind != "change":
            return value
        raise UnitError(
            "missing unit",
            f"write the unit ({'%' if kind == 'change' else ind.unit}); "
            f"values of {ind.id} are in {target_unit}",
        )
    return value * units.factor(unit, target_unit)


def _refs_known(ds: Dataset, t: Target) -> bool:
    """Every reference of a target resolves (the common case, checked without messages)."""
    return (
        t.region in ds.regions
        and t.policy in ds.policies
        and t.indicator in ds.indicators
        and (not t.pilot or t.pilot in ds.pilots)
        and (not t.sector or not ds.sectors or t.sector in ds.sectors)
        and (not t.relative_to or t.relative_to in ds.targets)
    )


def _link_targets(ds: Dataset, problems: list[Problem], broken: set[str]) -> None:
    for tid, t in list(ds.targets.items()):
        if not _refs_known(ds, t):
            _target_refs(ds, tid, t, problems, broken)
            continue
        _convert_target(ds, tid, t, problems, broken)


def _target_refs(
    ds: Dataset, tid: str, t: Target, problems: list[Problem], broken: set[str]
) -> None:
    """Report the references of a target that do not resolve; convert it if they all do."""
    ok = True
    for key, store, what in (
        (t.region, ds.regions, "region"),
        (t.policy, ds.policies, "policy"),
        (t.indicator, ds.indicators, "indicator"),
    ):
        ok = _ref(store, key, what, t.where, tid, what, problems, broken) and ok
    if t.pilot:
        ok = _ref(ds.pilots, t.pilot, "pilot", t.where, tid, "pilot", problems, broken) and ok
    if t.sector and ds.sectors:
        ok = _ref(ds.sectors, t.sector, "sector", t.where, tid, "sector", problems, broken) and ok
    if t.relative_to and t.relative_to in broken and t.relative_to not in ds.targets:
        ok = False
    elif t.relative_to and t.relative_to not in ds.targets:
        problems.append(
            Problem(
                t.where.file,
                f"unknown target {t.relative_to!r}",
                line=t.where.line_of("relative_to"),
                record=tid,
                field="relative_to",
                hint=did_you_mean(t.relative_to, ds.targets),
            )
        )
        ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    _convert_target(ds, tid, t, problems, broken)


def _convert_target(
    ds: Dataset, tid: str, t: Target, problems: list[Problem], broken: set[str]
) -> None:
    """Put the target's values in the indicator's canonical unit (in place), or report why
    they cannot be converted and leave it out."""
    ind = ds.indicators[t.indicator]
    value = baseline = None
    ok = True
    try:
        if t.value is not None:
            value = _convert(t.value, t.unit, t.kind, ind)
    except UnitError as exc:
        inside = bool(t.unit) and not t.target_unit  # "9000 megawat": the unit is in the value
        problems.append(
            Problem(
                t.where.file,
                f"value {t.target_value!r}: {exc}" if inside else str(exc),
                line=t.where.line_of("target"),
                record=tid,
                field="target.value" if inside else "target.unit",
                hint=exc.hint,
            )
        )
        ok = False
    try:
        if t.baseline_value is not None:
            baseline = _convert(t.baseline_value, t.baseline_unit, "level", ind)
    except UnitError as exc:
        problems.append(
            Problem(
                t.where.file,
                str(exc),
                line=t.where.line_of("baseline"),
                record=tid,
                field="baseline.unit",
                hint=exc.hint,
            )
        )
        ok = False
    if not ok:
        del ds.targets[tid]
        broken.add(tid)
        return
    comparator: str | None = t.comparator or (">=" if ind.direction == "increase" else "<=")
    if t.kind == "qualitative":
        comparator = t.comparator
    t.value = value
    t.unit = _canonical_unit(t.kind, ind) if value is not None else None
    t.baseline_value = baseline
    t.baseline_unit = ind.unit if baseline is not None else None
    t.comparator = comparator
    t.sector = t.sector or ind.sector


def _link_actuals(
    ds: Dataset, parts: list[ActualTable], problems: list[Problem], broken: Collection[str]
) -> ActualTable:
    """Check references and convert values of every file's actuals, on distinct keys: each
    (region, indicator) checked once, one factor per (unit, kind, indicator). When every key
    is good, the rows are not read here: the table is built (and values multiplied by their
    factor) the first time it is read. Otherwise rows with a problem are reported, left out."""
    regions, indicators = ds.regions, ds.indicators
    pairs: set[tuple[str, str]] = set()
    keys: set[tuple[str, str, str]] = set()
    for part in parts:
        k = part.keys()
        pairs |= k.pairs
        keys |= k.units
    bad_pairs = {p for p in pairs if p[0] not in regions or p[1] not in indicators}
    factors: dict[tuple[str, str, str], float | UnitError] = {}
    for key in keys:
        ind = indicators.get(key[2])
        if ind is not None:
            try:
                factors[key] = _convert(1.0, key[0], key[1], ind)
            except UnitError as exc:
                factors[key] = exc
    scale = {k: f for k, f in factors.items() if not isinstance(f, UnitError) and f != 1.0}

    def build() -> ActualTable:
        table = ActualTable()
        for part in parts:
            table.extend(part)
        if scale:
            c = table.cols
            get, values = scale.get, c[5]
            for i, key in enumerate(zip(c[9], c[4], c[1], strict=True)):
                f = get(key)
                if f is not None:
                    values[i] *= f
        return table

    failed = {k for k, f in factors.items() if isinstance(f, UnitError)}
    if not bad_pairs and not failed:
        return ActualTable.deferred(lambda: build().cols, sum(len(p) for p in parts))
    table = build()
    c = table.cols
    keep = []
    for i, (region, indicator, kind, unit) in enumerate(zip(c[0], c[1], c[4], c[9], strict=True)):
        key = (unit, kind, indicator)
        if (region, indicator) in bad_pairs or key in failed:
            _actual_problem(ds, table.row(i), factors.get(key), problems, broken)
        else:
            keep.append(i)
    return table.keep(keep)


def _actual_problem(
    ds: Dataset,
    a: Actual,
    f: float | UnitError | None,
    problems: list[Problem],
    broken: Collection[str],
) -> None:
    regions = ds.regions
    hint: str | None
    if (a.region not in regions and a.region in broken) or (
        a.indicator not in ds.indicators and a.indicator in broken
    ):
        return  # refers to a record that was refused: its problems say why
    if a.region not in regions:
        field, message, hint = (
            "region",
            f"unknown region {a.region!r}",
            (did_you_mean(a.region, regions) or "add it to targets/regions.yaml"),
        )
    elif a.indicator not in ds.indicators:
        field, message, hint = (
            "indicator",
            f"unknown indicator {a.indicator!r}",
            (did_you_mean(a.indicator, ds.indicators) or "add it to targets/indicators.yaml"),
        )
    else:
        assert isinstance(f, UnitError)
        # the unit was written inside the value ("12abc") or in the unit column
        if a.raw_unit and units.normalize(a.raw_value).endswith(a.raw_unit):
            field, message = "value", f"value {a.raw_value!r}: {f}"
        else:
            field, message = "unit", str(f)
        hint = f.hint
    problems.append(
        Problem(
            a.where.file,
            message,
            line=a.where.line,
            record=f"{a.region}/{a.indicator}/{a.period}",
            field=field,
            hint=hint,
        )
    )


def default_root() -> Path:
    """The bundled data folder: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled"
    if (bundled / "targets").is_dir():
        return bundled
    return here.parent


def resolve_root(option: str | os.PathLike[str] | None) -> Path:
    """``--data-dir`` wins, then ``CCNT_DATA_DIR``, then the bundled data."""
    if option:
        return Path(option)
    env = os.environ.get("CCNT_DATA_DIR")
    if env:
        return Path(env)
    return default_root()


__all__ = [
    "SLUG",
    "FileResult",
    "check",
    "data_files",
    "load",
    "parse_file",
    "resolve_root",
    "suggest",
]
