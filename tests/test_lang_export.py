"""``--lang zh`` (and ``CCNT_LANG``) on ``ccnt export`` in every format, and on every listing:
Chinese headers, statuses, kinds, levels and names; ids stay ids; JSON and Parquet keep their
keys and add ``<column>_zh``; IAMC keeps its machine columns; a name with no Chinese form is the
English one, never an empty cell."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Invoke

from ccnt_cli import i18n
from ccnt_cli.charts.mpl import has_cjk

RUN = {"CCNT_RUN_DATE": "2026-01-02"}

TARGET_HEADERS = [
    "编号", "地区", "地区名称", "级别", "指标", "类型", "基准年", "目标年", "比较", "目标值",
    "单位", "政策", "领域", "口径", "约束性", "试点", "地区中文名称", "指标名称", "基准值",
    "目标原文数值", "标签", "参照目标", "备注", "原文", "原文状态", "政策名称", "政策中文名称",
    "发布机关", "发布日期", "政策类型", "链接", "来源", "政策来源", "定义位置",
]  # fmt: skip
PROGRESS_HEADERS = [
    "编号", "地区", "地区名称", "指标", "指标名称", "类型", "基准年", "目标年", "比较", "目标值",
    "单位", "口径", "最新年份", "已实现", "按期应达", "尚需", "每年所需", "尚需单位", "状态",
    "完成进度", "所用口径", "所用数据", "其他计算结果", "备注", "原文", "原文状态", "政策名称",
    "政策中文名称", "发布机关", "发布日期", "政策类型", "链接", "来源",
]  # fmt: skip
ACTUAL_HEADERS = [
    "地区", "地区名称", "指标", "时期", "类型", "数值", "单位", "原文数值", "原文单位", "口径",
    "发布日期", "来源", "备注", "定义位置",
]  # fmt: skip
#: JSON and Parquet keys of a progress export in Chinese: the English keys, a ``_zh`` after each
#: translated one (``policy_title_zh`` is the export's own column, filled)
PROGRESS_KEYS = [
    "id", "region", "region_name", "region_name_zh", "indicator", "indicator_name",
    "indicator_name_zh", "kind", "kind_zh", "baseline_year", "target_year", "comparator",
    "target_value", "unit", "basis", "latest_year", "achieved", "expected", "remaining",
    "required_annual", "remaining_unit", "status", "status_zh", "share_covered", "basis_used",
    "actuals_used", "alternatives", "note", "text", "text_status", "policy_title",
    "policy_title_zh", "issuer", "published", "policy_type", "url", "source",
]  # fmt: skip


@pytest.fixture
def partly_chinese(copy_mini: Path) -> Path:
    """Mini with Yantai's Chinese name taken away (the non-fossil indicator and every policy
    have none already)."""
    regions = copy_mini / "targets" / "regions.yaml"
    text = regions.read_text(encoding="utf-8").replace(", name_zh: 烟台市", "")
    regions.write_text(text, encoding="utf-8")
    return copy_mini


def export(ccnt: Invoke, data: Path, what: str, fmt: str, *more: str) -> str:
    r = ccnt("export", "-w", what, "-o", "-", "-f", fmt, "--as-of", "2024", *more, data_dir=data)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def by_id(text: str, key: str = "编号") -> dict[str, dict[str, str]]:
    return {row[key]: row for row in csv.DictReader(io.StringIO(text))}


def test_targets_csv_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    text = export(ccnt, partly_chinese, "targets", "csv", "--lang", "zh")
    assert next(csv.reader(io.StringIO(text))) == TARGET_HEADERS
    rows = by_id(text)
    ei = rows["cn-energy-intensity"]
    assert (ei["地区"], ei["指标"], ei["政策"]) == ("china", "energy-intensity", "cn-fyp")
    assert (ei["地区名称"], ei["地区中文名称"], ei["指标名称"]) == ("China", "中国", "单位GDP能耗")
    assert (ei["级别"], ei["类型"]) == ("国家", "变化率")
    # no Chinese form: the English name, in the name column and in the Chinese-name column
    pv = rows["yantai-pv"]
    assert (pv["地区名称"], pv["地区中文名称"]) == ("Yantai", "Yantai")
    assert rows["cn-non-fossil"]["指标名称"] == "Non-fossil share of energy consumption"
    assert (ei["政策名称"], ei["政策中文名称"]) == ("Test five-year plan", "Test five-year plan")
    for row in rows.values():
        for name in ("地区名称", "地区中文名称", "指标名称", "政策名称", "政策中文名称"):
            assert row[name], (row["编号"], name)


def test_progress_csv_in_chinese_is_the_listing_plus_context(
    ccnt: Invoke, partly_chinese: Path
) -> None:
    text = export(ccnt, partly_chinese, "progress", "csv", "--lang", "zh")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == PROGRESS_HEADERS
    listing = ccnt(
        "progress", "--as-of", "2024", "--lang", "zh", "-f", "csv", data_dir=partly_chinese
    ).stdout
    listed = list(csv.reader(io.StringIO(listing)))
    assert [row[: len(listed[0])] for row in rows] == listed
    ei = by_id(text)["cn-energy-intensity"]
    assert (ei["状态"], ei["尚需"], ei["尚需单位"]) == ("进度滞后", "-3.0023", "%")


def test_actuals_csv_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    text = export(ccnt, partly_chinese, "actuals", "csv", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ACTUAL_HEADERS
    assert [(r["地区"], r["地区名称"], r["类型"]) for r in rows] == [
        ("china", "中国", "变化率"),
        ("china", "中国", "变化率"),
        ("yantai", "Yantai", "水平"),
        ("china", "中国", "水平"),
    ]


def test_json_keeps_its_keys_and_adds_chinese_names(ccnt: Invoke, partly_chinese: Path) -> None:
    doc = json.loads(export(ccnt, partly_chinese, "progress", "json", "--lang", "zh"))
    assert doc["meta"]["lang"] == "zh"
    rows = {row["id"]: row for row in doc["rows"]}
    assert list(rows["cn-energy-intensity"]) == PROGRESS_KEYS
    ei = rows["cn-energy-intensity"]
    assert (ei["region_name"], ei["region_name_zh"]) == ("China", "中国")
    assert (ei["indicator_name"], ei["indicator_name_zh"]) == (
        "Energy consumption per unit of GDP",
        "单位GDP能耗",
    )
    assert (ei["status"], ei["status_zh"], ei["kind"], ei["kind_zh"]) == (
        "off-track",
        "进度滞后",
        "change",
        "变化率",
    )
    assert ei["policy_title_zh"] == "Test five-year plan"  # none in Chinese: the English one
    assert (rows["yantai-pv"]["region_name"], rows["yantai-pv"]["region_name_zh"]) == (
        "Yantai",
        "Yantai",
    )
    # a targets export has its own region_name_zh: filled, not added twice
    targets = json.loads(export(ccnt, partly_chinese, "targets", "json", "--lang", "zh"))
    keys = list(targets["rows"][0])
    assert keys.count("region_name_zh") == 1 and keys.count("policy_title_zh") == 1
    pv = next(r for r in targets["rows"] if r["id"] == "yantai-pv")
    assert (pv["region_name_zh"], pv["level"], pv["level_zh"]) == ("Yantai", "prefecture", "地市级")


def test_json_in_english_is_unchanged(ccnt: Invoke, partly_chinese: Path) -> None:
    doc = json.loads(export(ccnt, partly_chinese, "progress", "json"))
    assert doc["meta"]["lang"] == "en"
    row = doc["rows"][0]
    assert "status_zh" not in row and "region_name_zh" not in row
    assert row["policy_title_zh"] is None  # the data as it is


def test_markdown_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    lines = export(ccnt, partly_chinese, "actuals", "md", "--lang", "zh").splitlines()
    assert "- lang: zh" in lines
    header = next(line for line in lines if line.startswith("| "))
    assert header == "| " + " | ".join(ACTUAL_HEADERS) + " |"
    assert "| yantai | Yantai | solar-pv-capacity | 2023 | 水平 | 6000 | MW |" in "\n".join(lines)


def test_xlsx_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    from openpyxl import load_workbook

    out = partly_chinese / "t.xlsx"
    args = ("export", "-w", "targets", "-o", str(out), "--lang", "zh")
    assert ccnt(*args, data_dir=partly_chinese, env=RUN).exit_code == 0
    wb = load_workbook(out)
    rows = list(wb["targets"].iter_rows(values_only=True))
    assert list(rows[0]) == TARGET_HEADERS
    pv = next(dict(zip(rows[0], r, strict=True)) for r in rows if r[0] == "yantai-pv")
    assert (pv["地区名称"], pv["级别"], pv["目标值"]) == ("Yantai", "地市级", 9000)
    about = {k: v for k, v in wb["about"].iter_rows(min_row=2, values_only=True)}
    assert about["lang"] == "zh"


def test_parquet_keeps_machine_columns_and_adds_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = partly_chinese / "p.parquet"
    args = ("export", "-w", "progress", "-o", str(out), "--as-of", "2024", "--lang", "zh")
    assert ccnt(*args, data_dir=partly_chinese).exit_code == 0
    table = pq.read_table(out)
    assert table.schema.names == PROGRESS_KEYS
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["cn-energy-intensity"]["status_zh"] == "进度滞后"
    assert rows["yantai-pv"]["region_name_zh"] == "Yantai"
    assert str(table.schema.field("target_year").type) == "int64"  # typed as in English


def test_iamc_is_the_same_in_every_language(ccnt: Invoke, partly_chinese: Path) -> None:
    for what in ("targets", "progress", "actuals"):
        english = export(ccnt, partly_chinese, what, "iamc")
        assert export(ccnt, partly_chinese, what, "iamc", "--lang", "zh") == english
        assert english.startswith("model,scenario,region,variable,unit,year,value\n")


def test_ccnt_lang_sets_the_export_language(ccnt: Invoke) -> None:
    r = ccnt("export", "-w", "actuals", "-o", "-", env={"CCNT_LANG": "zh"})
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith(",".join(ACTUAL_HEADERS) + "\n")
    r = ccnt("export", "-w", "actuals", "-o", "-", "--lang", "en", env={"CCNT_LANG": "zh"})
    assert r.stdout.startswith("region,region_name,indicator,period,")


# ------------------------------------------------------------------------------ every listing

LISTINGS = [
    (("regions", "list"), "编号,名称,中文名称,级别,上级地区,代码,别名,成员,目标数"),
    (("indicators", "list"), "编号,名称,中文名称,单位,方向,领域,别名,目标数,数据条数"),
    (
        ("policies", "list"),
        "编号,标题,中文标题,发布机关,发布日期,文件类型,级别,地区,地区名称,链接,来源,目标数",
    ),
    (("pilots", "list"), "编号,名称,中文名称,公布日期,成员,应有成员数,成员目标数,备注"),
    (("actuals", "list"), ",".join(ACTUAL_HEADERS)),
    (("targets", "list"), ",".join(TARGET_HEADERS[:16])),
    (("progress", "--as-of", "2024"), ",".join(PROGRESS_HEADERS[:24])),
    (
        ("compare", "energy-intensity", "--as-of", "2024"),
        "排名,地区,地区名称,级别,目标,类型,基准年,目标年,比较,目标值,单位,最新年份,已实现,尚需,"
        "每年所需,迄今年均速度,尚需单位,状态,距离,备注",
    ),
    (
        ("summary", "--by", "region", "--as-of", "2024"),
        "地区,名称,已达成,进度正常,进度滞后,未达成,待公布数据,无法判断趋势,保持达标,未保持达标,"
        "无数据,定性目标,合计",
    ),
    (
        ("rollup", "solar-pv-capacity", "--to", "shandong"),
        "项目,时期,类型,口径,下级合计,有数据的下级地区数,下级地区,上级地区,差额,单位,数据行,备注",
    ),
    (
        ("history", "cn-energy-intensity"),
        "截至公布日,发布日期,数据,最新年份,已实现,单位,按期应达,尚需,尚需单位,状态,所用口径,"
        "所用数据,备注",
    ),
    (("diff", "--against", "."), "类别,变更,编号,字段,旧值,新值,位置"),
]


@pytest.mark.parametrize(("args", "header"), LISTINGS, ids=lambda a: " ".join(a)[:24])
def test_every_listing_takes_lang(
    ccnt: Invoke, partly_chinese: Path, args: tuple[str, ...], header: str
) -> None:
    args = tuple(str(partly_chinese) if a == "." else a for a in args)
    r = ccnt(*args, "--lang", "zh", "-f", "csv", data_dir=partly_chinese)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0] == header
    # CCNT_LANG does the same, and English stays the default
    same = ccnt(*args, "-f", "csv", data_dir=partly_chinese, env={"CCNT_LANG": "zh"})
    assert same.stdout == r.stdout
    english = ccnt(*args, "-f", "csv", data_dir=partly_chinese).stdout.splitlines()[0]
    assert i18n.headers(english.split(","), "zh") == header.split(",")


def test_listing_names_in_chinese_fall_back_to_english(ccnt: Invoke, partly_chinese: Path) -> None:
    def rows(*args: str) -> dict[str, dict[str, str]]:
        r = ccnt(*args, "--lang", "zh", "-f", "csv", data_dir=partly_chinese)
        return by_id(r.stdout, next(csv.reader(io.StringIO(r.stdout)))[0])

    regions = rows("regions", "list")
    # beside its own Chinese column, the name stays English: both forms, neither twice
    assert (regions["shandong"]["名称"], regions["shandong"]["中文名称"]) == ("Shandong", "山东省")
    assert regions["shandong"]["级别"] == "省级"
    assert (regions["yantai"]["名称"], regions["yantai"]["中文名称"]) == ("Yantai", "Yantai")
    indicators = rows("indicators", "list")
    assert indicators["energy-intensity"]["名称"] == "Energy consumption per unit of GDP"
    assert indicators["energy-intensity"]["中文名称"] == "单位GDP能耗"
    assert indicators["pue"]["中文名称"] == "Data-centre power usage effectiveness"
    policies = rows("policies", "list")
    assert (policies["yantai-plan"]["中文标题"], policies["yantai-plan"]["地区名称"]) == (
        "Test Yantai plan",
        "Yantai",
    )
    summary = rows("summary", "--by", "region", "--as-of", "2024")
    assert [(k, v["名称"], v["合计"]) for k, v in summary.items()] == [
        ("china", "中国", "4"),
        ("shandong", "山东省", "1"),
        ("yantai", "Yantai", "1"),
        ("total", "", "6"),
    ]
    for table in (regions, indicators, policies):
        for row in table.values():
            assert all(row[c] for c in ("名称", "中文名称", "标题", "中文标题") if c in row)


def test_every_listing_column_has_its_own_chinese_header() -> None:
    """Every column of every listing reads in Chinese, and no two columns of one listing read
    alike (a CSV row keyed by its header would lose one)."""
    from ccnt_cli.cli import diff_cmd, pilots
    from ccnt_cli.diff import CHANGE_COLUMNS
    from ccnt_cli.output import columns as listings
    from ccnt_cli.progress import STATUSES
    from ccnt_cli.summary import GROUPINGS

    all_columns = [
        listing.columns
        for listing in vars(listings).values()
        if isinstance(listing, listings.Listing)
    ]
    all_columns += [pilots.COLUMNS, CHANGE_COLUMNS]
    all_columns += [diff_cmd.HISTORY_COLUMNS]
    all_columns += [listings.summary_listing(by, list(STATUSES)).columns for by in GROUPINGS]
    assert len(all_columns) > 17
    for columns in all_columns:
        headers = i18n.headers(list(columns), "zh")
        assert all(has_cjk(h) for h in headers), [
            c for c, h in zip(columns, headers, strict=True) if not has_cjk(h)
        ]
        assert len(set(headers)) == len(headers), columns


# ------------------------------------------------------------------------------ show commands


def show(ccnt: Invoke, data: Path, *args: str) -> str:
    r = ccnt(*args, data_dir=data)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_targets_show_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    text = show(ccnt, partly_chinese, "targets", "show", "yantai-pv", "--lang", "zh", "-f", "csv")
    assert text.splitlines()[0] == "字段,数值"
    fields = dict(list(csv.reader(io.StringIO(text)))[1:])
    assert fields["编号"] == "yantai-pv"  # ids stay ids
    assert fields["地区名称"] == "Yantai"  # no Chinese form: the English one
    assert fields["指标名称"] == "光伏装机容量"
    assert fields["类型"] == "水平"
    # the terminal table too: its two columns under Chinese headers
    table = show(
        ccnt, partly_chinese, "targets", "show", "yantai-pv", "--lang", "zh", "-f", "table"
    )
    assert "字段" in table and "数值" in table and "field" not in table
    # JSON keeps its keys, with the Chinese beside them; English is unchanged
    args = ("targets", "show", "yantai-pv", "-f", "json")
    shown = json.loads(show(ccnt, partly_chinese, *args, "--lang", "zh"))
    english = json.loads(show(ccnt, partly_chinese, *args))
    assert (shown["kind"], shown["kind_zh"]) == ("level", "水平")
    assert shown["indicator_name_zh"] == "光伏装机容量"
    plain = {k: v for k, v in english.items() if not k.endswith("_zh")}
    assert {k: v for k, v in shown.items() if not k.endswith("_zh")} == plain
    # a Chinese column the record has is filled, with the English name where there is none
    assert (shown["region_name_zh"], english["region_name_zh"]) == ("Yantai", None)


def test_policies_show_in_one_table_has_the_chinese_title(ccnt: Invoke, copy_mini: Path) -> None:
    plans = copy_mini / "targets" / "national" / "plans.yaml"
    text = plans.read_text(encoding="utf-8")
    plans.write_text(
        text.replace(
            "title: Test five-year plan\n",
            "title: Test five-year plan\n    title_zh: 测试五年规划\n",
            1,
        ),
        encoding="utf-8",
    )
    args = ("policies", "show", "cn-fyp", "--as-of", "2024", "-f", "csv")
    zh = list(csv.DictReader(io.StringIO(show(ccnt, copy_mini, *args, "--lang", "zh"))))
    en = list(csv.DictReader(io.StringIO(show(ccnt, copy_mini, *args))))
    assert zh and {(r["标题"], r["中文标题"]) for r in zh} == {
        ("Test five-year plan", "测试五年规划")
    }
    assert {(r["title"], r["title_zh"]) for r in en} == {("Test five-year plan", "测试五年规划")}


def test_policies_and_pilots_show_in_chinese(ccnt: Invoke, partly_chinese: Path) -> None:
    args = ("policies", "show", "cn-fyp", "--as-of", "2024", "--lang", "zh")
    rows = list(csv.DictReader(io.StringIO(show(ccnt, partly_chinese, *args, "-f", "csv"))))
    assert rows and all(row["地区名称"] == "中国" for row in rows)
    assert {row["状态"] for row in rows} <= set(i18n.STATUS_ZH.values())
    shown = json.loads(show(ccnt, partly_chinese, *args, "-f", "json"))
    assert shown["id"] == "cn-fyp" and shown["targets"]
    assert all(t["status_zh"] == i18n.STATUS_ZH[t["status"]] for t in shown["targets"])
    # one table, a target a row: the policy's title in English, then in Chinese (none here:
    # the English one, as listings fill a name with no Chinese form)
    assert all((r["标题"], r["中文标题"]) == ("Test five-year plan",) * 2 for r in rows)
    english = show(ccnt, partly_chinese, *args[:-2], "-f", "csv")
    assert {(r["title"], r["title_zh"]) for r in csv.DictReader(io.StringIO(english))} == {
        ("Test five-year plan", "")  # the data as it is
    }
    members = show(ccnt, partly_chinese, "pilots", "show", "pilot-a", "--lang", "zh", "-f", "csv")
    assert members.splitlines() == [  # the parent by id, and by name in Chinese
        "编号,名称,中文名称,级别,上级地区,上级地区名称,目标数",
        "yantai,Yantai,Yantai,地市级,shandong,山东省,1",
        "shenzhen,Shenzhen,深圳市,地市级,guangdong,广东省,0",
    ]
    english = show(ccnt, partly_chinese, "pilots", "show", "pilot-a", "-f", "csv")
    assert english.splitlines()[:2] == [
        "id,name,name_zh,level,parent,parent_name,targets",
        "yantai,Yantai,,prefecture,shandong,Shandong,1",
    ]
