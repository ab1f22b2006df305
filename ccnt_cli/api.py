"""The Python API: a data folder as pandas DataFrames, progress as a DataFrame, explanations.

    >>> import ccnt_cli
    >>> data = ccnt_cli.load()                 # the bundled data, or load("my-targets")
    >>> data.targets.head()                   # one row a target, every field of the record
    >>> data.progress(region="Shandong", as_of=2025)   # the columns of `ccnt progress -f csv`
    >>> data.explain("cn-energy-intensity-14th-fyp").to_dict()

Loading goes through the same cache as the command line. pandas is imported when a DataFrame is
first asked for, never by ``import ccnt_cli``. Columns follow the records of ``schema`` (nested
``target`` and ``baseline`` flattened to ``target_year``, ``target_value``, ...; computed
fields included): years are nullable integers (``Int64``), values floats, codes (kinds,
levels, comparators, directions, statuses) categoricals; text keeps the string dtype of the
pandas installed (``object`` in pandas 2, ``str`` in pandas 3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ccnt_cli.models import Dataset
from ccnt_cli.schema import Point, Target, Where
from ccnt_cli.units import display_unit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ccnt_cli.explain import Explanation

#: columns held as categoricals (codes from a closed list, or ids repeated down a column)
CATEGORIES = {
    "kind",
    "level",
    "comparator",
    "direction",
    "status",
    "region",
    "indicator",
    "policy",
    "sector",
    "pilot",
    "basis",
    "basis_used",
    "unit",
    "parent",
    "text_status",
    "type",
    "remaining_unit",
}
#: columns of whole years
YEARS = {"year", "start", "end", "target_year", "baseline_year", "latest_year", "line"}
#: columns of true/false (nullable)
BOOLS = {"binding"}
#: columns of numbers
NUMBERS = {
    "value",
    "target_value",
    "baseline_value",
    "achieved",
    "expected",
    "remaining",
    "required_annual",
    "share_covered",
    "min",
    "max",
}


class Records:
    """A table of ``Data``: the records of the registry of the same name, built once."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, data: Data, owner: type | None = None) -> pd.DataFrame:
        return data._frame(self.name, getattr(data.dataset, self.name).values())


class Data:
    """One loaded data folder. Each table is built (and kept) the first time it is read."""

    def __init__(self, dataset: Dataset) -> None:
        #: the records themselves (``ccnt_cli.schema`` objects), for what a table does not show
        self.dataset = dataset
        self._frames: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        ds = self.dataset
        return (
            f"<ccnt data {ds.root!r}: {len(ds.regions)} regions, {len(ds.indicators)} "
            f"indicators, {len(ds.policies)} policies, {len(ds.targets)} targets, "
            f"{len(ds.actuals)} actuals>"
        )

    def _frame(self, name: str, records: Iterable[Any]) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:
            frame = self._frames[name] = frame_of([flat(r) for r in records])
        return frame

    #: one row a record, every field of it (``target`` and ``baseline`` flattened)
    regions = Records()
    sectors = Records()
    indicators = Records()
    pilots = Records()
    policies = Records()
    targets = Records()

    @property
    def actuals(self) -> pd.DataFrame:
        """Reported figures: ``value`` in the indicator's canonical unit (signed percent for a
        change), ``raw_value`` and ``raw_unit`` as written, ``file`` and ``line``."""
        frame = self._frames.get("actuals")
        if frame is None:
            import pandas as pd

            table = self.dataset.actuals
            columns = {name: table.column(name) for name in _table_columns()}
            frame = self._frames["actuals"] = _typed(pd.DataFrame(columns))
        return frame

    def progress(
        self,
        as_of: int | None = None,
        known_at: str | dt.date | None = None,
        status: str | Iterable[str] | None = None,
        **filters: Any,
    ) -> pd.DataFrame:
        """Progress of the targets that pass ``filters`` (those of ``ccnt targets list``:
        ``region``, ``exact``, ``indicator``, ``level``, ``sector``, ``kind``, ``year``,
        ``pilot``, ``policy``, ``search``), as of a year, with what was known on a day: the
        rows and columns of ``ccnt progress --format csv``."""
        from ccnt_cli.output.rows import PROGRESS_COLUMNS, progress_values
        from ccnt_cli.progress import compute
        from ccnt_cli.query import TargetFilter, filter_targets

        ds = self.dataset
        targets = filter_targets(ds, TargetFilter(**filters))
        results = compute(ds, targets, as_of, _day(known_at))
        if status is not None:
            wanted = {status} if isinstance(status, str) else set(status)
            results = [p for p in results if p.status in wanted]
        rows = [list(progress_values(ds, p)) for p in results]
        return frame_of(
            [dict(zip(PROGRESS_COLUMNS, r, strict=True)) for r in rows], PROGRESS_COLUMNS
        )

    def explain(
        self, target_id: str, as_of: int | None = None, known_at: str | dt.date | None = None
    ) -> Explanation:
        """Everything behind one target's progress: ``.to_dict()``, ``.to_text()``,
        ``.to_markdown()``; ``.progress`` holds the result with its steps."""
        from ccnt_cli.explain import explain
        from ccnt_cli.query import find_target

        return explain(self.dataset, find_target(self.dataset, target_id), as_of, _day(known_at))


def load(data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Data:
    """Load and validate a data folder (default: ``CCNT_DATA_DIR``, else the bundled data).
    Invalid data raises ``ccnt_cli.errors.DataError``, whose ``problems`` say what to fix."""
    from ccnt_cli.dataset import load as load_dataset
    from ccnt_cli.dataset import resolve_root

    return Data(load_dataset(resolve_root(data_dir), cache=cache))


# ------------------------------------------------------------------------------ tables


def flat(record: Any) -> dict[str, Any]:
    """A record as one flat row: ``where`` as ``file`` and ``line``, tuples as lists, and a
    target's ``target`` and ``baseline`` as ``target_year`` and ``target_as_written`` (the
    canonical number is ``target_value``, in ``unit``)."""
    row: dict[str, Any] = {}
    where: Where | None = None
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Where):
            where = value  # last, after the fields
        elif f.type in ("OptPoint", Point) or isinstance(value, Point):
            point = value if isinstance(value, Point) else Point()
            row[f"{f.name}_year"] = point.year
            written = (
                f"{point.value} {point.unit or ''}".strip() if point.value is not None else None
            )
            row[f"{f.name}_as_written"] = written
        elif f.name == "value" and isinstance(record, Target):
            row["target_value"] = value
        elif f.name in ("unit", "baseline_unit") and isinstance(record, Target):
            row[f.name] = display_unit(value) or None if value is not None else None
        else:
            row[f.name] = list(value) if isinstance(value, tuple) else value
    if where is not None:
        row["file"], row["line"] = where.file, where.line
    return row


def frame_of(rows: list[dict[str, Any]], columns: Iterable[str] | None = None) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(columns) if columns is not None else None)
    if columns is None and rows:  # every field, in the order records declare them
        order = list(dict.fromkeys(k for r in rows for k in r))
        frame = frame.reindex(columns=order)
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    for col in frame.columns:
        name = str(col)
        base = name.rsplit("_", 1)[-1] if name.startswith(("target_", "baseline_")) else name
        if name in YEARS or base == "year":
            frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
        elif name in NUMBERS:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
        elif name in BOOLS:
            frame[col] = frame[col].astype("boolean")
        elif name in CATEGORIES:
            frame[col] = frame[col].astype("category")
    return frame


def _table_columns() -> list[str]:
    from ccnt_cli.table import ACTUAL_TABLE_COLUMNS

    return list(ACTUAL_TABLE_COLUMNS)


def _day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    from ccnt_cli.progress import published_end

    return published_end(value)


__all__ = ["Data", "flat", "load"]
