"""JSON: a listing is an array of objects, one per row, keyed by the column names; an export
is an object, ``{"meta": {...}, "rows": [...]}``. Numbers stay numbers (rounded as in every
format), lists stay lists."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TextIO

from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import typed


def write(table: Table, out: TextIO, meta: Mapping[str, Any] | None = None) -> Written:
    rows = [typed(r) for r in table.records()]
    dump(rows if meta is None else {"meta": typed(dict(meta)), "rows": rows}, out)
    return Written(len(rows))


def dump(value: Any, out: TextIO) -> None:
    json.dump(typed(value), out, ensure_ascii=False, indent=2)
    out.write("\n")
