"""``--lang zh`` and ``CCNT_LANG``: headers, statuses, kinds, levels and names in Chinese in every
format; ids stay ids; JSON keeps its keys and adds ``*_zh``; a name with no Chinese form is the
English one, never an empty cell."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import Invoke

from ccnt_cli import i18n


def test_progress_csv_in_chinese(ccnt: Invoke) -> None:
    r = ccnt("progress", "--as-of", "2024", "--lang", "zh", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0][:6] == ["编号", "地区", "地区名称", "指标", "指标名称", "类型"]
    assert "状态" in rows[0] and "status" not in rows[0]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    ei = by_id["cn-energy-intensity"]
    assert ei["状态"] == "进度滞后"  # off-track
    assert ei["地区"] == "china" and ei["指标"] == "energy-intensity"  # ids stay ids
    assert ei["地区名称"] == "中国" and ei["指标名称"] == "单位GDP能耗"
    assert ei["类型"] == "变化率"
    assert by_id["cn-peak"]["状态"] == "定性目标"


def test_progress_json_keeps_its_keys(ccnt: Invoke) -> None:
    r = ccnt("progress", "--as-of", "2024", "--format", "json", env={"CCNT_LANG": "zh"})
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    ei = rows["cn-energy-intensity"]
    assert ei["status"] == "off-track" and ei["status_zh"] == "进度滞后"
    assert ei["kind"] == "change" and ei["kind_zh"] == "变化率"
    assert ei["achieved"] == pytest.approx(-10.8226)


def test_progress_table_in_chinese(ccnt: Invoke) -> None:
    r = ccnt(
        "progress", "--as-of", "2024", "--lang", "zh", "--format", "table",
        env={"COLUMNS": "160"},
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    header = next(line for line in r.stdout.splitlines() if "编号" in line)
    for word in ("目标值", "已实现", "尚需", "状态"):
        assert word in header
    assert "进度滞后" in r.stdout and "off-track" not in r.stdout


def test_targets_list_names_fall_back_to_english(ccnt: Invoke, copy_mini) -> None:  # type: ignore[no-untyped-def]
    regions = copy_mini / "targets" / "regions.yaml"
    text = regions.read_text(encoding="utf-8").replace(", name_zh: 烟台市", "")
    regions.write_text(text, encoding="utf-8")
    r = ccnt("targets", "list", "--lang", "zh", "--format", "csv", data_dir=copy_mini)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    names = {row["编号"]: row["地区名称"] for row in rows}
    assert names["yantai-pv"] == "Yantai"  # no Chinese form: the English name
    assert names["cn-energy-intensity"] == "中国"
    assert all(names.values())
    assert {row["级别"] for row in rows} == {"国家", "省级", "地市级"}


def test_english_stays_the_default(ccnt: Invoke) -> None:
    r = ccnt("progress", "--as-of", "2024", "--format", "csv")
    assert r.stdout.startswith("id,region,region_name,indicator,indicator_name,kind,")


def test_an_unknown_language_is_a_usage_error(ccnt: Invoke) -> None:
    r = ccnt("progress", env={"CCNT_LANG": "fr"})
    assert r.exit_code == 2
    assert "'fr' is not one of 'en', 'zh'" in r.stderr


def test_every_status_kind_and_level_has_a_chinese_form() -> None:
    from ccnt_cli.progress import STATUSES
    from ccnt_cli.schema import REGION_LEVELS, TARGET_KINDS

    assert set(i18n.STATUS_ZH) == set(STATUSES) == set(i18n.STATUS_RULE_ZH)
    assert set(i18n.STATUS_RULE) == set(STATUSES)
    assert set(i18n.KIND_ZH) == set(TARGET_KINDS)
    assert set(i18n.LEVEL_ZH) == set(REGION_LEVELS)
    assert len(set(i18n.STATUS_ZH.values())) == len(STATUSES)  # no two statuses read alike
    for s in STATUSES:
        assert i18n.unstatus(i18n.status(s, "zh")) == s


def test_phrases_fall_back_to_english() -> None:
    assert i18n.tr("no such phrase {n}", "zh", n=3) == "no such phrase 3"
    assert i18n.tr("as of {year}", "zh", year=2024) == "截至2024年"
    assert i18n.header("no-such-column", "zh") == "no-such-column"
