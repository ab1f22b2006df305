"""The paths that keep ccnt fast at scale give the same answers as the plain ones:

* actuals CSV checked column by column == every row checked one by one (``_actual_row``);
* progress reused from the result cache == computed afresh, and only what changed is computed;
* actuals kept as an undecoded blob until a run reads them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccnt_cli import cache, progress
from ccnt_cli.dataset import load
from ccnt_cli.io import actuals as csv_io
from ccnt_cli.models import ACTUAL_TABLE_COLUMNS, FileResult
from ccnt_cli.table import CSV_COLUMN_NAMES

# ---------------------------------------------------------------------------- CSV columns


def row_by_row(text: str, name: str = "data/x.csv") -> FileResult:
    """The reference: every row through the field-by-field reader, in order."""
    out = FileResult()
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader)]
    get = {c: (header.index(c) if c in header else None) for c in CSV_COLUMN_NAMES}
    for line, row in enumerate(reader, start=2):
        if row and not (len(row) == 1 and not row[0].strip()):
            csv_io._actual_row(row, get, name, line, out)
    return out


def assert_same(text: str) -> None:
    fast = FileResult()
    csv_io.parse_actuals(text, "data/x.csv", fast)
    slow = row_by_row(text)
    assert fast.problems == slow.problems
    assert fast.actuals.cols == slow.actuals.cols


CELL = {
    "region": st.sampled_from(["china", "shandong", "", " yantai "]),
    "indicator": st.sampled_from(["energy-intensity", "solar-pv-capacity", ""]),
    "period": st.sampled_from(["2024", "2021-2023", "2025-2021", "24", "", "２０２４", "2024-"]),
    "kind": st.sampled_from(["level", "change", "flow", "Level", "", "stock"]),
    "value": st.one_of(
        st.sampled_from(["-3.8", "600万千瓦", "9000MW", "1e400", "nan", "", "1-2", "7e3", "十三"]),
        st.floats(allow_nan=False, allow_infinity=False, width=32).map(str),
        st.integers(-(10**6), 10**6).map(str),
    ),
    "unit": st.sampled_from(["", "MW", "%", "万千瓦", " GW ", "megawat"]),
    "basis": st.sampled_from(["", "revised", " 2020 prices "]),
    "published": st.sampled_from(["", "2025", "2025-03", "2025-02-28", "2025-13", "soon"]),
    "source": st.sampled_from(["NBS", "", "NDRC bulletin"]),
    "note": st.sampled_from(["", "a note", "note; with a semicolon"]),
}
HEADER = list(CSV_COLUMN_NAMES)


@given(
    rows=st.lists(st.fixed_dictionaries(CELL), max_size=12),
    columns=st.sampled_from([HEADER, [c for c in HEADER if c not in ("basis", "note")]]),
    blank_line=st.booleans(),
)
def test_columns_match_row_by_row(
    rows: list[dict[str, str]], columns: list[str], blank_line: bool
) -> None:
    lines = [",".join(columns)] + [",".join(r[c] for c in columns) for r in rows]
    if blank_line and lines:
        lines.insert(len(lines) // 2 + 1, "")
    assert_same("\n".join(lines) + "\n")


def test_columns_keep_the_file_order_around_unusual_rows() -> None:
    text = (
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "china,energy-intensity,2024,change,-3.8,%,,2025,NBS,\n"
        "yantai,solar-pv-capacity,2023,level,600万千瓦,,,2024,NBS,\n"  # not a plain number
        "china,energy-intensity,2023,change,,%,,2024,NBS,\n"  # a problem
        "china,energy-intensity,2022,change,-0.1,%,,2023,NBS,\n"
    )
    assert_same(text)
    out = FileResult()
    csv_io.parse_actuals(text, "data/x.csv", out)
    assert out.actuals.column("line") == [2, 3, 5]
    assert out.actuals.column("value") == [-3.8, 600.0, -0.1]  # converted when linked
    assert out.actuals.column("raw_unit") == ["%", "万千瓦", "%"]
    assert [(p.line, p.field) for p in out.problems] == [(4, "value")]


def test_repeated_texts_are_stored_once() -> None:
    text = "region,indicator,period,kind,value,unit,source\n" + "".join(
        f"china,energy-intensity,{2000 + i},change,-1,%,NBS\n" for i in range(50)
    )
    out = FileResult()
    csv_io.parse_actuals(text, "data/x.csv", out)
    regions = out.actuals.column("region")
    assert len({id(r) for r in regions}) == 1
    assert len(out.actuals) == 50


# ---------------------------------------------------------------------------- result cache


def count_evaluations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = progress._evaluate

    def spy(ds, t, index):  # type: ignore[no-untyped-def]
        seen.append(t.id)
        return real(ds, t, index)

    monkeypatch.setattr(progress, "_evaluate", spy)
    return seen


def test_results_are_reused_and_only_what_changed_is_computed(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch, ccnt
) -> None:  # type: ignore[no-untyped-def]
    seen = count_evaluations(monkeypatch)
    args = ("progress", "--as-of", "2024", "--format", "csv")
    fresh = ccnt(*args, data_dir=copy_mini)
    numeric = len(seen)
    assert numeric > 0
    seen.clear()
    again = ccnt(*args, data_dir=copy_mini)
    assert seen == [] and again.stdout == fresh.stdout and again.stderr == fresh.stderr
    # another as-of year is another computation
    ccnt("progress", "--as-of", "2025", "--format", "csv", data_dir=copy_mini)
    assert len(seen) == numeric
    seen.clear()
    # a comment added to one target file: only that file's targets are computed again
    target_files = sorted((copy_mini / "targets").rglob("*.yaml"))
    plans = [p for p in target_files if p.parent.name != "targets"]
    edited = plans[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    ds = load(copy_mini)
    name = edited.relative_to(copy_mini).as_posix()
    in_file = {t.id for t in ds.targets.values() if t.where.file == name}
    after = ccnt(*args, data_dir=copy_mini)
    assert after.stdout == fresh.stdout
    assert seen and set(seen) <= in_file
    seen.clear()
    # a changed figure: every result depends on the actuals, so all are computed again
    actuals = copy_mini / "data" / "actuals.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("-3.8", "-4.8"), "utf-8")
    changed = ccnt(*args, data_dir=copy_mini)
    assert len(seen) == numeric
    assert changed.stdout != fresh.stdout
    assert changed.stdout == ccnt("--no-cache", *args, data_dir=copy_mini).stdout


def test_a_damaged_result_cache_is_ignored(copy_mini: Path, ccnt) -> None:  # type: ignore[no-untyped-def]
    args = ("progress", "--as-of", "2024", "--format", "csv")
    fresh = ccnt(*args, data_dir=copy_mini)
    damages = [
        "UPDATE results SET rows = substr(rows, 1, length(rows) / 2)",
        "UPDATE results SET rows = 'junk'",
        "UPDATE results SET rows = replace(rows, 'met', 'xyz')",
        "UPDATE results SET rows = '{\"a\": [1]}'",
        "UPDATE results SET rows = X'80049563'",
    ]
    for damage in damages:
        ccnt(*args, data_dir=copy_mini)  # the results are stored again
        with contextlib.closing(sqlite3.connect(cache.database(copy_mini))) as con:
            assert con.execute(damage).rowcount > 0
            con.commit()
        assert ccnt(*args, data_dir=copy_mini).stdout == fresh.stdout


def test_explain_never_uses_cached_results(copy_mini: Path, ccnt) -> None:  # type: ignore[no-untyped-def]
    ccnt("progress", "--as-of", "2024", data_dir=copy_mini)
    ds = load(copy_mini)
    tid = next(t.id for t in ds.targets.values() if t.kind == "change")
    first = ccnt("progress", "--as-of", "2024", "--explain", tid, data_dir=copy_mini)
    plain = ccnt("--no-cache", "progress", "--as-of", "2024", "--explain", tid, data_dir=copy_mini)
    assert first.stdout == plain.stdout and "Rows used:" in first.stdout


# ---------------------------------------------------------------------------- deferred actuals


def test_actuals_are_decoded_only_when_read(copy_mini: Path) -> None:
    first = load(copy_mini)
    rows = [(a.region, a.indicator, a.period, a.value) for a in first.actuals]
    warm = load(copy_mini)  # every file from the cache
    assert warm.actuals._cols is None  # nothing decoded yet
    assert len(warm.actuals) == len(rows)  # the size is known without decoding
    assert warm.actuals._cols is None
    assert [(a.region, a.indicator, a.period, a.value) for a in warm.actuals] == rows
    assert len(warm.actuals.cols) == len(ACTUAL_TABLE_COLUMNS)


def test_a_unit_fixed_in_the_registry_reconverts_cached_rows(copy_mini: Path, ccnt) -> None:  # type: ignore[no-untyped-def]
    """Cached rows keep values as written; conversion follows the current indicators."""
    before = {(a.region, a.period): a.value for a in load(copy_mini).actuals}
    registry = copy_mini / "targets" / "indicators.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "unit: MW" in text
    registry.write_text(text.replace("unit: MW", "unit: GW", 1), encoding="utf-8")
    after = {(a.region, a.period): a.value for a in load(copy_mini).actuals}
    plain = {(a.region, a.period): a.value for a in load(copy_mini, cache=False).actuals}
    assert after == plain
    assert after != before


def test_copy_of_a_folder_has_its_own_cache(copy_mini: Path, tmp_path: Path) -> None:
    load(copy_mini)
    other = tmp_path / "other"
    shutil.copytree(copy_mini, other)
    assert cache.cache_folder(other) != cache.cache_folder(copy_mini)
    assert len(load(other).targets) == len(load(copy_mini).targets)


# ---------------------------------------------------------------------------- target order


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["china", "beijing", "yantai", "elsewhere"]),
            st.sampled_from(["pue", "wind", "coal"]),
            st.none() | st.sampled_from([2025, 2030]),
        ),
        max_size=30,
    )
)
def test_targets_sorted_key_by_key_are_in_the_order_of_one_sort(
    keys: list[tuple[str, str, int | None]],
) -> None:
    """``query.sort_targets`` sorts once per key (stable sorts, least significant first): the
    same order as one sort by (region order, indicator, target year, id)."""
    from ccnt_cli.query import sort_targets
    from ccnt_cli.schema import Point, Target

    order = {"china": 0, "beijing": 1, "yantai": 2}
    targets = [
        Target(
            id=f"t{(i * 7) % 31}-{i}",
            region=region,
            policy="p",
            indicator=indicator,
            kind="level",
            target=Point(year=year),
        )
        for i, (region, indicator, year) in enumerate(keys)
    ]
    one = sorted(
        targets, key=lambda t: (order.get(t.region, 3), t.indicator, t.target_year or 0, t.id)
    )
    assert sort_targets(list(targets), order) == one
