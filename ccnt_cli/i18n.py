"""The words ccnt shows a person, in English and Chinese (``--lang zh``, ``CCNT_LANG``).

One table per kind of word: statuses, column headers, kinds, region levels, and the phrases
of charts and the report. English is the key and the default; a word with no Chinese form
falls back to English, never to an empty string. Names of records come from the data
(``name_zh``, ``title_zh``), falling back to the English name. Ids are never translated.
Messages (errors, hints) stay English.

Any writer calls ``header``, ``status`` or ``tr`` with the language it was given; nothing here
reads the environment except ``resolve_lang``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

STATUS_ZH = {
    "met": "已达成",
    "on-track": "进度正常",
    "off-track": "进度滞后",
    "missed": "未达成",
    "awaiting-data": "待公布数据",
    "no-trend": "无法判断趋势",
    "holds": "保持达标",
    "does-not-hold": "未保持达标",
    "no-data": "无数据",
    "qualitative": "定性目标",
}

#: what each status means, in a sentence (the full rules are in docs/progress.md)
STATUS_RULE = {
    "qualitative": "The target has no number: tracked, never scored.",
    "no-data": "No usable figure (none reported, none known by the cut-off, or none after the "
    "baseline year).",
    "holds": "An open-ended goal (no year) that the latest figure meets.",
    "does-not-hold": "An open-ended goal (no year) that the latest figure does not meet.",
    "met": "Reached: a one-sided goal by the latest figure up to the target year; an 'about' "
    "or '=' goal by the target year's own figure.",
    "missed": "The target year's own figure exists and the goal is not met.",
    "awaiting-data": "The deadline has passed, there is no figure for the target year yet, and "
    "no earlier figure reached the goal.",
    "no-trend": "The deadline is ahead, with one figure and no baseline: the pace so far cannot "
    "be measured.",
    "on-track": "The deadline is ahead and the pace so far is at least the pace still required.",
    "off-track": "The deadline is ahead and the pace so far is slower than the pace still "
    "required.",
}
STATUS_RULE_ZH = {
    "qualitative": "目标没有数值：只跟踪，不评分。",
    "no-data": "没有可用数据（未公布、截至所选日期尚未公布，或基准年之后没有数据）。",
    "holds": "无年限的长期目标，最新数据满足要求。",
    "does-not-hold": "无年限的长期目标，最新数据不满足要求。",
    "met": "已达成：单向目标在目标年及以前的最新数据已达到；“左右”或“等于”目标以目标年当年数据达到。",
    "missed": "目标年当年数据已公布，未达到目标。",
    "awaiting-data": "期限已过，目标年数据尚未公布，且此前的数据均未达到目标。",
    "no-trend": "期限未到，只有一个数据且没有基准，无法计算迄今的速度。",
    "on-track": "期限未到，迄今的年均速度不低于此后每年所需的速度。",
    "off-track": "期限未到，迄今的年均速度低于此后每年所需的速度。",
}

KIND_ZH = {
    "level": "水平",
    "change": "变化率",
    "increment": "增量",
    "cumulative": "累计",
    "qualitative": "定性",
}

LEVEL_ZH = {
    "national": "国家",
    "province": "省级",
    "prefecture": "地市级",
    "county": "县级",
    "district": "区级",
    "park": "园区",
    "area": "区域",
}

#: column headers of listings, progress tables and exports
HEADER_ZH = {
    "id": "编号",
    "region": "地区",
    "region_name": "地区名称",
    "region_name_zh": "地区中文名称",
    "level": "级别",
    "indicator": "指标",
    "indicator_name": "指标名称",
    "kind": "类型",
    "baseline_year": "基准年",
    "baseline_value": "基准值",
    "target_year": "目标年",
    "target_as_written": "目标原文数值",
    "comparator": "比较",
    "target_value": "目标值",
    "unit": "单位",
    "policy": "政策",
    "policy_title": "政策名称",
    "policy_title_zh": "政策中文名称",
    "sector": "领域",
    "basis": "口径",
    "binding": "约束性",
    "pilot": "试点",
    "latest_year": "最新年份",
    "achieved": "已实现",
    "expected": "按期应达",
    "remaining": "尚需",
    "required_annual": "每年所需",
    "remaining_unit": "尚需单位",
    "status": "状态",
    "share_covered": "完成进度",
    "basis_used": "所用口径",
    "actuals_used": "所用数据",
    "note": "备注",
    "target": "目标",
    "latest": "最新",
    "covered": "进度",
    "gap": "差距",
    "needed/yr": "每年所需",
    "years": "年份",
    "text": "原文",
    "text_status": "原文状态",
    "issuer": "发布机关",
    "published": "发布日期",
    "policy_type": "政策类型",
    "url": "链接",
    "source": "来源",
    "tags": "标签",
    "relative_to": "参照目标",
    "policy_source": "政策来源",
    "defined_at": "定义位置",
    "period": "时期",
    "value": "数值",
    "value_as_written": "原文数值",
    "unit_as_written": "原文单位",
    "alternatives": "其他计算结果",
    # registries: regions, indicators, pilots, policies
    "name": "名称",
    "name_zh": "中文名称",
    "title": "标题",
    "title_zh": "中文标题",
    "type": "文件类型",
    "parent": "上级地区",
    "parent_name": "上级地区名称",
    "code": "代码",
    "aliases": "别名",
    "members": "成员",
    "targets": "目标数",
    "actuals": "数据条数",
    "direction": "方向",
    "announced": "公布日期",
    "expected_members": "应有成员数",
    "member_targets": "成员目标数",
    "field": "字段",
    # compare, summary, rollup, history, diff
    "rank": "排名",
    "pace_so_far": "迄今年均速度",
    "distance": "距离",
    "total": "合计",
    "what": "项目",
    "children_sum": "下级合计",
    "children_reporting": "有数据的下级地区数",
    "children": "下级地区",
    "difference": "差额",
    "rows": "数据行",
    "known_at": "截至公布日",
    "figures": "数据",
    "section": "类别",
    "change": "变更",
    "old": "旧值",
    "new": "新值",
    "where": "位置",
}

#: phrases of charts and the report
TEXT_ZH = {
    # charts
    "as of {year}": "截至{year}年",
    "known at {day}": "{day}前已公布",
    "reported": "报告值",
    "reported (not used)": "报告值（未采用）",
    "figures as reported": "报告原值",
    "steady path": "匀速路径",
    "target": "目标",
    "baseline": "基准",
    "about": "左右",
    "Index, {year} = 100": "指数（{year}年 = 100）",
    "Source: {sources}": "来源：{sources}",
    "share of the way covered": "完成进度",
    "gap to target": "距目标差距",
    "{n} targets": "{n}个目标",
    "{n} target": "{n}个目标",
    "{n} more not shown": "另有{n}个未显示",
    "{n} without a share of the way covered ({statuses}): not drawn": "{n}个目标无完成进度（{statuses}），未绘出",
    "gap to target ({unit})": "距目标差距（{unit}）",
    "{n} without a gap to target ({statuses}): not drawn": "{n}个目标无距目标差距（{statuses}），未绘出",
    "not used": "未采用",
    "basis": "口径",
    "year": "年份",
    # report
    "ccnt report": "ccnt 目标进展报告",
    "Targets": "目标",
    "Regions": "地区",
    "Region": "地区",
    "Sub-regions": "下级地区",
    "Part of": "所属",
    "About": "关于",
    "All targets": "全部目标",
    "Status counts": "状态统计",
    "By level": "按级别",
    "By region": "按地区",
    "By indicator": "按指标",
    "By policy": "按政策",
    "Total": "合计",
    "Filter": "筛选",
    "Type to filter: a region, indicator, policy, status or id": "输入以筛选：地区、指标、政策、状态或编号",
    "{shown} of {total} targets shown": "显示{shown}个，共{total}个目标",
    "Goal": "目标",
    "Text": "原文",
    "Policy": "政策",
    "Issuer": "发布机关",
    "Published": "发布日期",
    "Link": "链接",
    "Chart": "图表",
    "Progress": "进展",
    "Rows used": "采用的数据",
    "Rows not used": "未采用的数据",
    "Reason": "原因",
    "Notes": "说明",
    "Arithmetic": "计算过程",
    "Row": "数据行",
    "Period": "时期",
    "Value": "数值",
    "Source": "来源",
    "none": "无",
    "As of": "截至年份",
    "Known at": "数据公布截止日",
    "every vintage": "全部版本",
    "Data version": "数据版本",
    "Built with": "生成工具",
    "Statuses": "状态说明",
    "Rule": "规则",
    "no targets": "无目标",
    "Tolerance": "容差",
    "Chart of {id}": "{id} 的图表",
    "Note": "备注",
    "verbatim": "原文",
    "Printed from the ccnt report": "打印自 ccnt 报告",
}


class Named(Protocol):
    name: str
    name_zh: str | None


def resolve_lang(lang: str | None = None) -> str:
    """The language asked for, else ``CCNT_LANG``, else English; ``ValueError`` if unknown."""
    chosen = (lang or os.environ.get("CCNT_LANG") or DEFAULT_LANG).strip().lower()
    if chosen not in LANGS:
        raise ValueError(f"unknown language {chosen!r}; use one of {', '.join(LANGS)}")
    return chosen


def tr(text: str, lang: str, **values: Any) -> str:
    """A phrase in ``lang`` (English when it has no translation), with ``{values}`` filled."""
    shown = TEXT_ZH.get(text, text) if lang == "zh" else text
    return shown.format(**values) if values else shown


def status(value: str, lang: str) -> str:
    return STATUS_ZH.get(value, value) if lang == "zh" else value


def status_rule(value: str, lang: str) -> str:
    table = STATUS_RULE_ZH if lang == "zh" else STATUS_RULE
    return table.get(value) or STATUS_RULE.get(value, "")


def header(column: str, lang: str) -> str:
    """A column's header (a summary's column per status reads as the status)."""
    if lang != "zh":
        return column
    return HEADER_ZH.get(column) or STATUS_ZH.get(column, column)


def headers(columns: list[str], lang: str) -> list[str]:
    return [header(c, lang) for c in columns]


def kind(value: str, lang: str) -> str:
    return KIND_ZH.get(value, value) if lang == "zh" else value


def level(value: str, lang: str) -> str:
    return LEVEL_ZH.get(value, value) if lang == "zh" else value


def name(record: Named, lang: str) -> str:
    """A region's, indicator's, sector's or pilot's name; the English one when it has no
    Chinese form."""
    if lang == "zh" and record.name_zh:
        return record.name_zh
    return record.name


def title(policy: Any, lang: str) -> str:
    """A policy's title; the English one when it has no Chinese form."""
    if lang == "zh" and getattr(policy, "title_zh", None):
        return str(policy.title_zh)
    return str(policy.title)


#: the kind of a reported figure that no target has: an amount over its period
FIGURE_KIND_ZH = {"flow": "流量"}
#: columns whose values are words ccnt translates (ids and numbers are never translated)
VALUE_WORDS = {"status": STATUS_ZH, "kind": {**KIND_ZH, **FIGURE_KIND_ZH}, "level": LEVEL_ZH}


def localize(
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    lang: str,
    *,
    keep_keys: bool = False,
    names: Mapping[str, Sequence[str | None]] | None = None,
) -> tuple[list[str], list[dict[str, Any]]]:
    """Rows of a listing in ``lang``: headers, statuses, kinds and levels translated, and the
    ``names`` given (a column's values in ``lang``, row by row: region names from
    ``name_zh``) put in. With ``keep_keys`` (JSON), keys stay English and a ``<column>_zh``
    follows each translated column. A ``<column>_zh`` the listing has already (an export's
    ``region_name_zh``) is that column: it is filled, where empty, with the name in ``lang``
    (the English one where there is no Chinese form), never added twice, and the column it
    translates keeps its English values. English returns the rows as they are."""
    if lang != "zh":
        return list(columns), [dict(r) for r in rows]
    names = names or {}
    own = {c for c in columns if c.endswith("_zh") and c[:-3] in names}
    added = [c for c in columns if (c in VALUE_WORDS or c in names) and f"{c}_zh" not in own]
    out_cols: list[str] = []
    for c in columns:
        out_cols.append(c if keep_keys else header(c, lang))
        if keep_keys and c in added:
            out_cols.append(f"{c}_zh")
    out_rows = []
    for i, row in enumerate(rows):
        new: dict[str, Any] = {}
        for c in columns:
            value = row.get(c)
            key = c if keep_keys else header(c, lang)
            if c in own:
                new[key] = value or names[c[:-3]][i]
            elif c in names:
                shown: Any = names[c][i] or value
                # beside a column of its own in Chinese (a region's name_zh), it stays English
                new[key] = value if keep_keys or f"{c}_zh" in own else shown
                if keep_keys and c in added:
                    new[f"{c}_zh"] = shown
            elif c in VALUE_WORDS and isinstance(value, str):
                shown = VALUE_WORDS[c].get(value, value)
                new[key] = value if keep_keys else shown
                if keep_keys:
                    new[f"{c}_zh"] = shown
            else:
                new[key] = value
        out_rows.append(new)
    return out_cols, out_rows


def unstatus(label: str) -> str:
    """The status id of a label in any language."""
    for key, zh in STATUS_ZH.items():
        if label == zh:
            return key
    return label
