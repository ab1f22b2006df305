"""Drafts as YAML (the data format, with a ``review:`` block each), JSON and CSV.

The YAML of a draft is the YAML of a target record, in the field order of the bundled files,
followed by ``review:`` (confidence, the line it came from, the fields that were guessed, the
words each field came from, notes). ``records_yaml`` writes the records alone, as ``--into``
appends them to a target file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from . import adapter
from .records import Draft

#: the columns of the CSV output
CSV_COLUMNS = (
    "id",
    "region",
    "policy",
    "indicator",
    "new_indicator",
    "kind",
    "baseline_year",
    "target_year",
    "comparator",
    "value",
    "unit",
    "confidence",
    "guessed",
    "line",
    "text",
    "notes",
)
#: text written without quotes: a letter first (so never a number to YAML), then only safe marks
_PLAIN = re.compile(r"^[A-Za-z\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff ._/()*-]*$")
_RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    """A value as a YAML scalar: numbers and simple words plain, anything else double-quoted
    (JSON's escapes are YAML's)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return adapter.format_number(value)
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _point(d: Draft) -> str | None:
    parts = []
    if d.target_year is not None:
        parts.append(f"year: {d.target_year}")
    if d.kind != "qualitative" and d.value is not None:
        parts.append(f"value: {scalar(d.value)}")
        if d.unit:
            parts.append(f"unit: {scalar(d.unit)}")
    return "{" + ", ".join(parts) + "}" if parts else None


def record_lines(d: Draft) -> list[str]:
    """The fields of a draft as a target record, one ``key: value`` a line, in file order."""
    lines = [f"id: {scalar(d.id)}", f"region: {scalar(d.region)}"]
    if d.policy:
        lines.append(f"policy: {scalar(d.policy)}")
    lines += [f"indicator: {scalar(d.indicator)}", f"kind: {d.kind}"]
    if d.baseline_year is not None:
        lines.append(f"baseline: {{year: {d.baseline_year}}}")
    point = _point(d)
    if point:
        lines.append(f"target: {point}")
    if d.comparator:
        lines.append(f"comparator: {scalar(d.comparator)}")
    lines.append(f"text: {scalar(d.text)}")
    return lines


def review_lines(d: Draft) -> list[str]:
    lines = ["review:", f"  confidence: {d.confidence}", f"  line: {d.line}"]
    if d.new_indicator:
        lines.append(
            "  new_indicator: true  # not in the registry: add it, or pick an existing one"
        )
    if d.guessed:
        lines.append("  guessed: [" + ", ".join(d.guessed) + "]")
    shown = {k: v for k, v in d.evidence.items() if v}
    if shown:
        lines.append("  from:")
        lines += [f"    {k}: {scalar(v)}" for k, v in shown.items()]
    if d.notes:
        lines.append("  notes:")
        lines += [f"    - {scalar(n)}" for n in d.notes]
    return lines


def item(lines: list[str], indent: str) -> str:
    """Record lines as one item of a YAML list at ``indent``."""
    out = [f"{indent}- {lines[0]}"]
    out += [f"{indent}  {line}" for line in lines[1:]]
    return "\n".join(out) + "\n"


def records_yaml(drafts: Sequence[Draft], indent: str = "  ") -> str:
    """The drafts as items of a ``targets:`` list, without their review blocks."""
    return "".join(item(record_lines(d), indent) for d in drafts)


def review_yaml(drafts: Sequence[Draft], source: str, sentences: int) -> str:
    head = (
        f"# ccnt draft: {len(drafts)} draft target{'s' if len(drafts) != 1 else ''} from "
        f"{source} ({sentences} sentence{'s' if sentences != 1 else ''}).\n"
        "# Review every field: the drafts are read by rules, not checked against the source.\n"
        "# The review: blocks are not part of the data format (--into leaves them out).\n"
    )
    if not drafts:
        return head + "targets: []\n"
    body = "".join(item(record_lines(d) + review_lines(d), "  ") for d in drafts)
    return head + "targets:\n" + body


def as_dict(d: Draft) -> dict[str, Any]:
    return {
        "id": d.id,
        "region": d.region,
        "policy": d.policy,
        "indicator": d.indicator,
        "new_indicator": d.new_indicator,
        "kind": d.kind,
        "baseline_year": d.baseline_year,
        "target_year": d.target_year,
        "comparator": d.comparator,
        "value": d.value,
        "unit": d.unit,
        "text": d.text,
        "review": {
            "confidence": d.confidence,
            "line": d.line,
            "guessed": list(d.guessed),
            "from": {k: v for k, v in d.evidence.items() if v},
            "notes": list(d.notes),
        },
    }


def to_json(drafts: Sequence[Draft]) -> str:
    return json.dumps([as_dict(d) for d in drafts], ensure_ascii=False, indent=2) + "\n"


def to_csv(drafts: Sequence[Draft]) -> str:
    """One row a draft; cells a spreadsheet would run as a formula are neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in drafts:
        row = as_dict(d)
        row.update(
            confidence=d.confidence,
            guessed="; ".join(d.guessed),
            line=d.line,
            notes="; ".join(d.notes),
        )
        writer.writerow([adapter.csv_cell(row.get(c)) for c in CSV_COLUMNS])
    return buf.getvalue()
