"""Parquet, through pyarrow (an optional extra: ``pip install 'ccnt[parquet]'``).

Each column gets one type from its values: integers (years, counts) as int64, numbers as
float64 (rounded as in every format), true/false as bool, lists as lists of text, anything else
as text; an empty cell is null. An export's ``meta`` is stored as JSON in the file's metadata,
under the key ``ccnt``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from ccnt_cli.errors import OutputError
from ccnt_cli.output import Table, Written
from ccnt_cli.output.cells import cell_text, typed

MISSING = (
    "Parquet needs pyarrow, which is not installed; install it with "
    "pip install 'ccnt[parquet]' (or pip install pyarrow), or write csv, json or xlsx"
)


def check(table: Table) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise OutputError(MISSING) from None


def _column(values: list[Any]) -> tuple[Any, list[Any]]:
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if present and all(type(v) is bool for v in present):
        return pa.bool_(), values
    if present and all(type(v) is int for v in present):
        return pa.int64(), values
    if present and all(type(v) in (int, float) for v in present):
        return pa.float64(), [None if v is None else typed(float(v)) for v in values]
    if present and all(isinstance(v, list | tuple) for v in present):
        return pa.list_(pa.string()), [
            None if v is None else [cell_text(x) for x in v] for v in values
        ]
    return pa.string(), [None if v is None else cell_text(v) for v in values]


def write(table: Table, out: IO[bytes], meta: Mapping[str, Any] | None = None) -> Written:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = table.values()
    fields, arrays = [], []
    for i, name in enumerate(table.columns):
        kind, values = _column([row[i] for row in rows])
        fields.append(pa.field(name, kind))
        arrays.append(pa.array(values, type=kind))
    schema = pa.schema(fields)
    if meta is not None:
        schema = schema.with_metadata({"ccnt": json.dumps(typed(dict(meta)), ensure_ascii=False)})
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), out)
    return Written(len(rows))
