"""The output layer: one writer per format, the same cells everywhere, tables that fit."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli import output
from ccnt_cli.output import Column, Listing, Table, columns
from ccnt_cli.output.cells import cell_text, csv_cell, number, typed
from ccnt_cli.output.fmt_table import _Fit, _fit, pieces, wrap

LISTINGS = [v for v in vars(columns).values() if isinstance(v, Listing)]


# ------------------------------------------------------------------ cells


def test_numbers_are_rounded_alike_in_every_format(tmp_path: Path) -> None:
    third, noise = 1 / 3, 0.1 + 0.2  # 0.333..., 0.30000000000000004
    table = Table("t", ["a", "b", "c"], [{"a": third, "b": noise, "c": -0.0}])
    assert [cell_text(v) for v in (third, noise, -0.0)] == ["0.333333333333", "0.3", "0"]
    assert [number(v) for v in (third, noise)] == [0.333333333333, 0.3]
    for fmt in ("csv", "md", "json", "xlsx"):
        output.write(table, fmt, tmp_path / f"t.{fmt}")
    assert (tmp_path / "t.csv").read_text("utf-8-sig").splitlines()[1] == "0.333333333333,0.3,0"
    assert (tmp_path / "t.md").read_text("utf-8").splitlines()[2] == "| 0.333333333333 | 0.3 | 0 |"
    assert json.loads((tmp_path / "t.json").read_text("utf-8")) == [
        {"a": 0.333333333333, "b": 0.3, "c": 0.0}
    ]
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in ws[2]] == [0.333333333333, 0.3, 0]


def test_cells() -> None:
    assert cell_text(["a", 1, 2.5, None]) == "a; 1; 2.5; "
    assert cell_text(True) == "true"
    assert cell_text(1e20) == "1e+20"
    assert csv_cell("-x") == "'-x"
    assert csv_cell(["=1+1", "b"]) == "'=1+1; b"
    assert csv_cell(-13.5) == "-13.5"
    assert csv_cell("-13.5") == "-13.5"
    assert typed((1, 2.00000000000001, {"k": (3,)})) == [1, 2.0, {"k": [3]}]


# ------------------------------------------------------------------ every CSV is guarded


def test_listing_csv_is_guarded(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """`targets list > t.csv` and `actuals list` guard formula-like text as exports do."""
    regions = copy_mini / "targets" / "regions.yaml"
    regions.write_text(
        regions.read_text("utf-8").replace("name: Yantai,", "name: '=HYPERLINK(\"http://x\")',"),
        "utf-8",
    )
    data = copy_mini / "data" / "actuals.csv"
    data.write_text(data.read_text("utf-8").replace(",2024,fixture,", ",2024,fixture,-13.5 %"))
    r = ccnt("targets", "list", "--region", "yantai", "--format", "csv", data_dir=copy_mini)
    [row] = list(csv.DictReader(r.stdout.splitlines()))
    assert row["region_name"] == '\'=HYPERLINK("http://x")'
    r = ccnt("actuals", "list", "--region", "yantai", "--format", "csv", data_dir=copy_mini)
    [row] = list(csv.DictReader(r.stdout.splitlines()))
    assert (row["note"], row["value"]) == ("'-13.5 %", "6000")


# ------------------------------------------------------------------ one set of names


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda x: x.name)
def test_table_views_use_the_listing_names(listing: Listing) -> None:
    names = [c.name if isinstance(c, Column) else c for c in listing.view]
    assert names and set(names) <= set(listing.columns)


def test_progress_table_headers_are_csv_columns(ccnt) -> None:  # type: ignore[no-untyped-def]
    header = ccnt("progress", "--as-of", "2024", "--format", "csv").stdout.splitlines()[0]
    r = ccnt("progress", "--as-of", "2024", "--format", "table", env={"COLUMNS": "200"})
    heads = r.stdout.splitlines()[2].strip("┃").split("┃")
    assert [h.strip() for h in heads] == [
        "id",
        "target_value",
        "latest_year",
        "achieved",
        "share_covered",
        "remaining",
        "required_annual",
        "status",
    ]
    assert {h.strip() for h in heads} <= set(header.split(","))
    row = next(x for x in r.stdout.splitlines() if "cn-energy-intensity" in x)
    assert [c.strip() for c in row.strip("│").split("│")] == [
        "cn-energy-intensity",
        "<= -13.5 % by 2025",
        "2024",
        "-10.82 %",
        "█████░  79%",  # 0.79 x 6 cells = 4.74, rounded to 5
        "-3 %",
        "-3 %/yr",
        "off-track",
    ]


def test_progress_rows_carry_names(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--as-of", "2024", "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(r.stdout.splitlines())}
    assert (rows["yantai-pv"]["region_name"], rows["yantai-pv"]["indicator_name"]) == (
        "Yantai",
        "Installed solar PV capacity",
    )


def test_target_export_columns_are_every_field() -> None:
    from ccnt_cli.dataset import load
    from ccnt_cli.output.rows import target_record

    ds = load(Path(__file__).parent / "fixtures" / "mini")
    record = target_record(ds, ds.targets["yantai-pv"])
    assert tuple(record) == columns.TARGET_EXPORT_COLUMNS
    assert columns.TARGET_EXPORT_COLUMNS[: len(columns.TARGETS.columns)] == columns.TARGETS.columns


# ------------------------------------------------------------------ tables that fit


def test_wrap_breaks_only_after_break_characters() -> None:
    assert pieces("cn-energy-intensity", " -") == ["cn-", "energy-", "intensity"]
    assert pieces("<= -13.5 % by 2025", " ") == ["<= ", "-13.5 ", "% ", "by ", "2025"]
    assert wrap("shandong-carbon-intensity-14th-fyp", 18, " -") == (
        "shandong-carbon-\nintensity-14th-fyp"
    )
    assert wrap("<= -13.5 % by 2025", 10, " ") == "<= -13.5 %\nby 2025"
    assert wrap("awaiting-data", 5, "") == "awaiting-data"


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("command", [["progress", "--as-of", "2024"], ["targets", "list"]])
def test_tables_never_cut_an_id_or_a_status(ccnt, width: int, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    """On the bundled data (ids up to 53 characters): every id reads whole when its lines are
    joined, every line of it but the last ends with a hyphen, and no line is wider than the
    terminal; a status is whole, on its row's first line."""
    env = {"COLUMNS": str(width)}
    csv_out = ccnt(*command, "--format", "csv", data_dir=None).stdout
    rows = list(csv.DictReader(csv_out.splitlines()))
    drawn = ccnt(*command, "--format", "table", data_dir=None, env=env).stdout
    assert max(len(line) for line in drawn.splitlines()) <= width
    lines = [line.split("│")[1:-1] for line in drawn.splitlines() if line.startswith("│")]
    status = command[0] == "progress"
    i = 0
    for row in rows:
        got = lines[i][0].strip()
        assert not status or lines[i][-1].strip() == row["status"]
        i += 1
        while got != row["id"]:
            assert row["id"].startswith(got) and got.endswith("-"), (got, row["id"])
            got += lines[i][0].strip()
            assert not status or lines[i][-1].strip() == ""
            i += 1
        while i < len(lines) and not lines[i][0].strip():  # other cells of the row still wrap
            assert not status or lines[i][-1].strip() == ""
            i += 1
    assert i == len(lines)


def test_optional_columns_drop_in_their_order() -> None:
    """Targets: region_name first, then target_year, then sector, then kind (docs/output.md)."""
    rows = [
        {
            "id": "yantai-solar-pv-capacity-2025",
            "region_name": "Yantai",
            "indicator": "solar-pv-capacity",
            "kind": "level",
            "target_year": 2025,
            "target_value": 9000,
            "unit": "MW",
            "comparator": ">=",
            "sector": "power",
        }
    ]
    fits = [_Fit(c if isinstance(c, Column) else Column(c), rows) for c in columns.TARGETS.view]
    # room each column asks for, worked out by hand: id 18 (a wrapping column asks for up to
    # 18), region_name 11 (its header), indicator 17, kind 5, target_year 7 ("target_" of its
    # header), target_value 12 (its header), sector 6; plus 3 a column and 1: 98 in all
    shown = {w: [f.col.name for f in _fit(list(fits), w)] for w in (98, 97, 84, 83, 74, 73, 65, 64)}
    assert shown == {
        98: ["id", "region_name", "indicator", "kind", "target_year", "target_value", "sector"],
        97: ["id", "indicator", "kind", "target_year", "target_value", "sector"],  # 84
        84: ["id", "indicator", "kind", "target_year", "target_value", "sector"],
        83: ["id", "indicator", "kind", "target_value", "sector"],  # 74
        74: ["id", "indicator", "kind", "target_value", "sector"],
        73: ["id", "indicator", "kind", "target_value"],  # 65
        65: ["id", "indicator", "kind", "target_value"],
        64: ["id", "indicator", "target_value"],  # 57
    }


def test_csv_writer_cells_are_csv_cell() -> None:
    """The CSV writer inlines ``csv_cell`` for speed: the same text for every kind of value."""
    import io

    from ccnt_cli.output.fmt_csv import write_rows

    values = ["x", "", "=1", "-2", "-x", "@a", None, 1, -1.5, 1 / 3, True, ["=a", "b"], [], ("-q",)]
    buf = io.StringIO()
    write_rows([str(i) for i in range(len(values))], [values], buf)
    assert next(csv.reader(buf.getvalue().splitlines()[1:])) == [csv_cell(v) for v in values]


def test_csv_writer_texts_of_other_types_and_no_columns_are_as_the_csv_module_writes() -> None:
    """A text of a str subclass equal to a plain text in the same column (a set keeps only one
    of them) is written as ``csv_cell`` writes it; rows of no columns are empty lines."""
    import enum
    import io

    from ccnt_cli.output.fmt_csv import write_rows

    class Text(str):
        pass

    class Colour(str, enum.Enum):  # noqa: UP042  (str() is not the value: StrEnum's is)
        RED = "red"

    for names, rows in (
        (["a", "b"], [("=a", 1), (Text("=a"), 2)]),
        (["a", "b"], [("red", 1), (Colour.RED, 2)]),
        ([], [(), (), ()]),
    ):
        fast, plain = io.StringIO(), io.StringIO()
        write_rows(names, rows, fast)
        writer = csv.writer(plain, lineterminator="\n")
        writer.writerow(names)
        writer.writerows([[csv_cell(v) for v in r] for r in rows])
        assert fast.getvalue() == plain.getvalue()


_texts = st.one_of(
    st.sampled_from(
        [
            *["", "x", "=1+2", "-2", "-x", "+", "@a", "\tq", "1e5", "a,b", 'say "a"', "a\nb"],
            *["a\rb", "a\x00=b", "\x00", "=\x00", "\x00,"],  # the writer joins texts by NUL
        ]
    ),
    st.text(),
)
_cells = {
    "texts": st.one_of(st.none(), _texts),
    "floats": st.one_of(
        st.none(), st.floats(), st.sampled_from([-0.0, 1e-7, 1e16, 18e9, 0.1 + 0.2])
    ),
    "ints": st.one_of(st.none(), st.integers()),
    # few distinct numbers (years, target values): written once per number, zeros by their sign
    "repeated floats": st.sampled_from([None, 0.0, -0.0, 1.5, -2.25, math.nan, 1e16, 2025.0]),
    "repeated ints": st.sampled_from([None, 0, -3, 2025]),
    "lists": st.one_of(st.none(), st.lists(_texts, max_size=3), st.tuples(_texts)),
    "anything": st.one_of(
        st.none(), _texts, st.floats(), st.integers(), st.booleans(), st.lists(st.integers())
    ),
}


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_cells)), min_size=1, max_size=5).flatmap(
        lambda kinds: st.tuples(
            st.just(kinds),
            st.lists(st.tuples(*[_cells[k] for k in kinds]), max_size=24),
        )
    ),
    st.booleans(),
    st.integers(1, 24),
)
def test_csv_writer_column_at_a_time_is_csv_cell_per_cell(
    table: tuple[list[str], list[tuple[Any, ...]]], as_dicts: bool, chunk: int
) -> None:
    """The CSV writer makes its cells a column at a time (a column of texts, numbers or lists
    of texts in one pass) and joins the cells of rows that need no quoting itself: the same
    file as the csv module writing ``csv_cell`` of every cell, rows given as value tuples or
    as dicts, written in chunks of any size."""
    import io
    from unittest import mock

    from ccnt_cli.output import fmt_csv

    kinds, rows = table
    names = [f"{k}{i}" for i, k in enumerate(kinds)]
    given_rows: list[Any] = [dict(zip(names, r, strict=True)) for r in rows] if as_dicts else rows
    fast, plain = io.StringIO(), io.StringIO()
    with mock.patch.object(fmt_csv, "_CHUNK", chunk):
        fmt_csv.write_rows(names, given_rows, fast)
    writer = csv.writer(plain, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[csv_cell(v) for v in r] for r in rows])
    assert fast.getvalue() == plain.getvalue()


def test_the_csv_writer_knows_every_character_the_csv_module_quotes() -> None:
    """A row is joined by the writer itself only when no cell holds a character the csv module
    would quote: check that set against the csv module of this Python."""
    import io

    from ccnt_cli.output.fmt_csv import _QUOTED

    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        cell = f"a{chr(code)}b"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([cell, "x"])
        assert buf.getvalue() == f"{cell},x\n" or _QUOTED.search(cell), hex(code)


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "table"])
def test_rows_made_as_they_are_read_write_the_same(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``RowsOf`` (progress rows made as the writer reads them) writes what the list of the
    same rows writes, in every text format, across the CSV writer's chunks."""
    from unittest import mock

    from ccnt_cli.output import RowsOf, fmt_csv

    items = [(i, i / 7, f"name,{i}" if i % 5 == 0 else f"n{i}") for i in range(23)]

    def make(item: tuple[int, float, str]) -> tuple[Any, ...]:
        return (item[0], item[1], item[2], [str(item[0])] * (item[0] % 3))

    written = []
    with mock.patch.object(fmt_csv, "_CHUNK", 4):
        for rows in ([make(x) for x in items], RowsOf(items, make)):
            output.write(Table("t", ["a", "b", "c", "d"], rows), fmt)
            written.append(capsys.readouterr().out)
    assert written[0] == written[1] and written[0]
    lazy = RowsOf(items, make)
    assert (
        len(lazy) == 23 and lazy[2] == make(items[2]) and lazy[3:5] == [make(x) for x in items[3:5]]
    )
