"""The field tables of docs/data-format.md, written from the records in ``schema``.

``python -m ccnt_cli.fielddocs docs/data-format.md`` rewrites the tables between the
``<!-- fields: NAME -->`` and ``<!-- /fields -->`` markers; ``tests/test_docs.py`` checks they
are up to date, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import re
import sys
from dataclasses import fields
from pathlib import Path

from .schema import RECORDS, Derivation, Point, required_fields
from .table import CSV_COLUMNS

#: how each field type reads in the documentation
TYPE_WORDS = {
    "Id": "slug",
    "Ref": "id",
    "OptRef": "id",
    "Text": "text",
    "OptText": "text",
    "Texts": "list of text",
    "Year": "year",
    "Count": "whole number",
    "Bound": "number",
    "Flag": "true/false",
    "Date": "date",
    "RawValue": "number or text",
    "Level": "region level",
    "OptLevel": "region level",
    "Kind": "target kind",
    "OptComparator": "comparator",
    "Way": "direction",
    "OptTextStatus": "text status",
    "DivisionCode": "six digits",
    "UnitText": "unit",
    "OptPoint": "`{year, value, unit}`",
    "OptDerivation": "`{op, of}`",
    "Op": "`sum`, `difference` or `share`",
}
_MARKER = re.compile(r"(<!-- fields: (\w+) -->\n)(.*?)(<!-- /fields -->)", re.S)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def field_table(cls: type) -> str:
    """A Markdown table of a record's input fields: name, type, required, meaning."""
    required = set(required_fields(cls))
    lines = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for f in fields(cls):
        if not f.init:
            continue
        kind = TYPE_WORDS.get(str(f.type), str(f.type))
        lines.append(
            f"| `{f.name}` | {kind} | {'yes' if f.name in required else ''} | "
            f"{_md(f.metadata.get('doc', ''))} |"
        )
    return "\n".join(lines) + "\n"


def csv_table() -> str:
    lines = ["| column | required | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{c.name}` | {'yes' if c.required else ''} | {_md(c.doc)} |" for c in CSV_COLUMNS]
    return "\n".join(lines) + "\n"


def tables() -> dict[str, str]:
    """Every generated table, by marker name."""
    out = {name: field_table(cls) for name, cls in RECORDS.items()}
    out["point"] = field_table(Point)
    out["derivation"] = field_table(Derivation)
    out["actuals"] = csv_table()
    return out


def render(text: str) -> str:
    """``text`` with each marked table replaced by the generated one."""
    made = tables()

    def one(m: re.Match[str]) -> str:
        name = m.group(2)
        if name not in made:
            raise KeyError(f"no field table named {name!r}; known: {', '.join(sorted(made))}")
        return m.group(1) + made[name] + m.group(4)

    return _MARKER.sub(one, text)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "docs/data-format.md")
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
