"""The parts of the drafter, each on hand-worked examples and properties: sentences, figures,
time phrases, comparators, the context that carries from sentence to sentence."""

from __future__ import annotations

import pytest
from conftest import MINI
from hypothesis import given
from hypothesis import strategies as st

from ccnt_cli.draft import cues, numbers, text, years
from ccnt_cli.draft.adapter import Registry, load_registry
from ccnt_cli.draft.engine import Options, draft
from ccnt_cli.draft.records import Draft

# ------------------------------------------------------------------------------ sentences


def test_sentences_and_list_items() -> None:
    doc = (
        "# Plan\n"
        "\n"
        "It proposes that:\n"
        "- By 2025, PV will reach 9.5 GW. Storage will reach 800 MW\n"
        "- 到2025年，光伏装机达到900万千瓦；储能达到80万千瓦。\n"
        "\n"
        "See e.g. the 14th FYP. Done\n"
    )
    got = [(s.kind, s.line, s.raw) for s in text.sentences(doc)]
    assert got == [
        ("heading", 1, "Plan"),
        ("para", 3, "It proposes that:"),
        ("item", 4, "By 2025, PV will reach 9.5 GW."),
        ("item", 4, "Storage will reach 800 MW"),
        ("item", 5, "到2025年，光伏装机达到900万千瓦；"),
        ("item", 5, "储能达到80万千瓦。"),
        ("para", 7, "See e.g. the 14th FYP."),
        ("para", 7, "Done"),
    ]
    assert text.sentences(doc)[1].lead


def test_clean_reads_markdown_and_full_width() -> None:
    raw = "[Anhui](#) aims **to reach ８０％** of the \\(new\\) *Plan* target，２０２５年"
    assert text.clean(raw) == "Anhui aims to reach 80% of the (new) Plan target,2025年"


def test_a_paragraph_joins_its_lines() -> None:
    (s,) = text.sentences("By 2025, the capacity\nwill reach 9,000 MW.\n")
    assert (s.raw, s.line) == ("By 2025, the capacity will reach 9,000 MW.", 1)
    (z,) = text.sentences("到2025年，光伏\n装机达到900万千瓦。\n")
    assert z.raw == "到2025年，光伏装机达到900万千瓦。"


@given(st.text(alphabet="ab 。，；:：.-*#()[]\n2０五万%", max_size=80))
def test_sentences_never_fail(doc: str) -> None:
    for s in text.sentences(doc):
        assert s.raw.strip() and s.line >= 1


# ------------------------------------------------------------------------------ figures


def _figures(sentence: str) -> list[tuple[float, str, str]]:
    return [(q.value, q.unit, q.family) for q in numbers.find(text.clean(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("reaching 9,000 MW and 3,000 MW", [(9000, "MW", "power"), (3000, "MW", "power")]),
        ("by approximately 2.5 million tons of standard coal", [(2.5, "Mtce", "energy")]),
        ("CO₂ emissions by around 6.5 million tons", [(6.5, "Mt CO2", "co2")]),
        ("达到900万千瓦，1.2亿千瓦时", [(900, "万千瓦", "power"), (1.2, "亿千瓦时", "energy")]),
        ("百分之十三点五，８０％", [(13.5, "%", "ratio"), (80, "%", "ratio")]),
        ("新增5000个，50万辆", [(5000, "count", "count"), (500000, "count", "count")]),
        ("3个百分点", [(3, "个百分点", "pp")]),
        ("at least five communities", [(5, "count", "count")]),
        ("below 1.3, PUE", [(1.3, "", "bare")]),
        ("1,000兆瓦, 2万兆瓦", [(1000, "MW", "power"), (20000, "MW", "power")]),
        ("a duration of two hours", [(2, "h", "time")]),
        ("to reach a quarter of total energy use", [(25, "%", "ratio")]),
        ("to over six times the 2020 levels", [(500, "%", "ratio")]),
        # not figures: years, ordinals, ratings, multiples, spans of time, per-unit names,
        # numbering, where a change started
        ("in 2025, the 14th FYP, 2-star, 3 times, 2 years, PM2.5, 1+N, 第3批, 〔2022〕7号", []),
        ("up from 21% last year", []),
        ("from 2024 to 2025 (2024-2027)", []),
    ],
)
def test_figures(sentence: str, expected: list[tuple[float, str, str]]) -> None:
    assert _figures(sentence) == expected


@given(st.integers(min_value=1, max_value=10**9))
def test_thousands_separators(n: int) -> None:
    assert _figures(f"will reach {n:,} MW.") == [(n, "MW", "power")]


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿"]))
def test_chinese_multipliers_stay_in_the_unit(n: int, big: str) -> None:
    (q,) = numbers.find(f"达到{n}{big}千瓦")
    assert (q.value, q.unit) == (n, f"{big}千瓦")


_ZH = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """An integer below 100 in Chinese numerals, written out by hand: 13 is 十三, 40 is 四十."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH[tens] + "十")
    return head + (_ZH[ones] if ones or not head else "")


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9))
def test_chinese_percentages(whole: int, tenth: int) -> None:
    (q,) = numbers.find(f"下降百分之{_chinese(whole)}点{_ZH[tenth]}")
    assert (q.value, q.unit) == (pytest.approx(whole + tenth / 10), "%")


# ------------------------------------------------------------------------------ time


@given(st.integers(min_value=3, max_value=30))
def test_five_year_plans(n: int) -> None:
    """The 3rd plan began in 1966 and each lasts five years: the 14th is 2021-2025."""
    (w,) = years.find(f"during the {n}th Five-Year Plan")
    first = 1966 + 5 * (n - 3)
    assert (w.kind, w.years, w.baseline) == ("period", [first + 4], first - 1)


@pytest.mark.parametrize(
    ("phrase", "kind", "found", "baseline"),
    [
        ("By the end of 2025", "target", [2025], None),
        ("by 2025 and 2030", "target", [2025, 2030], None),
        ("From 2024 to 2025", "period", [2025], 2023),
        ("“十四五”期间", "period", [2025], 2020),
        ("十五五时期", "period", [2030], 2025),
        ("到二〇三〇年", "target", [2030], None),
        ("compared with the 2020 level", "baseline", [2020], None),
        ("compared with the average equivalent coal power units in 2023", "baseline", [2023], None),
        ("比2005年", "baseline", [2005], None),
        ("year-on-year", "previous", [], None),
        ("this year", "target", [2026], None),
        ("今年", "target", [2026], None),
    ],
)
def test_time_phrases(phrase: str, kind: str, found: list[int], baseline: int | None) -> None:
    (w,) = years.find(phrase, published=2026)
    assert (w.kind, w.years, w.baseline) == (kind, found, baseline)


def test_a_year_alone_is_single_and_a_deadline_is_not() -> None:
    assert [w.single for w in years.find("in 2025, by 2025, 2025年, 到2025年")] == [
        True,
        False,
        True,
        False,
    ]


# ------------------------------------------------------------------------------ cues


@pytest.mark.parametrize(
    ("before", "after", "comparator"),
    [
        ("will be at least ", "", ">="),
        ("no less than ", "", ">="),
        ("will exceed ", "", ">"),
        ("stabilize at more than ", "", ">"),
        ("reduced to below ", "", "<"),
        ("will account for about ", "", "~"),
        ("will reach ", " or more of", ">="),
        ("达到", "以上", ">="),
        ("控制在", "以内", "<="),
        ("降低", "左右", "~"),
        ("不低于", "", ">="),
        ("will reach ", "", None),
    ],
)
def test_comparators(before: str, after: str, comparator: str | None) -> None:
    assert cues.comparator(before, after)[0] == comparator


@pytest.mark.parametrize(
    ("before", "direction"),
    [
        ("will decrease by ", "down"),
        ("will be reduced by more than ", "down"),
        ("will increase to at least ", "level-up"),
        ("will be reduced to below ", "level-down"),
        ("比2020年下降", "down"),
        ("提高到", "level-up"),
        ("an annual growth rate of ", "up"),
        ("will reach ", None),
        ("全市公共领域新增及更新车辆中新能源汽车比例达到", None),  # 增 is far from the figure
    ],
)
def test_change_or_level(before: str, direction: str | None) -> None:
    assert cues.change_direction(before, "")[0] == direction


# ------------------------------------------------------------------------------ the engine


@pytest.fixture(scope="module")
def mini() -> Registry:
    return load_registry(MINI, cache=False)


def _brief(drafts: list[Draft]) -> list[tuple[object, ...]]:
    return [
        (
            d.region,
            d.indicator,
            d.kind,
            d.comparator,
            d.value,
            d.unit,
            d.target_year,
            d.baseline_year,
        )
        for d in drafts
    ]


def test_a_year_and_a_place_carry_to_the_list(mini: Registry) -> None:
    doc = (
        "Yantai issued its plan. By the end of 2025:\n"
        "- PV capacity will reach 9,000 MW;\n"
        "- PV capacity will reach 12,000 MW by 2030.\n"
    )
    assert _brief(draft(doc, mini, Options()).drafts) == [
        ("yantai", "solar-pv-capacity", "level", ">=", 9000, "MW", 2025, None),
        ("yantai", "solar-pv-capacity", "level", ">=", 12000, "MW", 2030, None),
    ]


def test_respectively_pairs_subjects(mini: Registry) -> None:
    doc = (
        "By 2025, energy consumption per unit of GDP in Yantai and in Shenzhen will decrease "
        "by 14.5% and 13% respectively, compared with 2020."
    )
    got = _brief(draft(doc, mini, Options()).drafts)
    assert got == [
        ("yantai", "energy-intensity", "change", "<=", -14.5, "%", 2025, 2020),
        ("shenzhen", "energy-intensity", "change", "<=", -13.0, "%", 2025, 2020),
    ]


def test_values_paired_with_years(mini: Registry) -> None:
    doc = "到2025年，全市光伏装机容量达到230万千瓦，2030年达到300万千瓦。"
    got = _brief(draft(doc, mini, Options(region="yantai")).drafts)
    assert got == [
        ("yantai", "solar-pv-capacity", "level", ">=", 230, "万千瓦", 2025, None),
        ("yantai", "solar-pv-capacity", "level", ">=", 300, "万千瓦", 2030, None),
    ]


def test_they_are_the_figures_before(mini: Registry) -> None:
    doc = "PV capacity will reach 1,500 MW by 2025. By 2030, they will reach 2,400 MW."
    drafts = draft(doc, mini, Options(region="shenzhen")).drafts
    assert [(d.indicator, d.value, d.target_year) for d in drafts] == [
        ("solar-pv-capacity", 1500, 2025),
        ("solar-pv-capacity", 2400, 2030),
    ]
    assert "indicator" in drafts[1].guessed


def test_a_national_figure_in_brackets(mini: Registry) -> None:
    doc = "By 2030, the non-fossil share of energy consumption will exceed 30% (national target is 25%)."
    assert _brief(draft(doc, mini, Options(region="yantai")).drafts) == [
        ("yantai", "non-fossil-share-energy", "level", ">", 30, "%", 2030, None),
        ("china", "non-fossil-share-energy", "level", ">=", 25, "%", 2030, None),
    ]


def test_reports_of_the_past_are_not_targets(mini: Registry) -> None:
    doc = (
        "In 2024, China:\n- Added 370,000 MW of PV capacity.\n\n"
        "PV capacity reached 600万千瓦 last year.\n"
        "2024年，光伏装机容量已达到600万千瓦。\n"
    )
    assert draft(doc, mini, Options(region="china", published=2025)).drafts == []


def test_this_year_needs_the_document_year(mini: Registry) -> None:
    doc = "This year, energy consumption per unit of GDP will fall by about 3%."
    without = draft(doc, mini, Options(region="china")).drafts
    assert without[0].target_year is None
    assert "pass --published YEAR" in without[0].notes[0]
    (d,) = draft(doc, mini, Options(region="china", published=2025)).drafts
    assert (d.target_year, d.baseline_year, d.comparator, d.value) == (2025, 2024, "~", -3)


def test_the_same_target_twice_is_drafted_once(mini: Registry) -> None:
    doc = "By 2025, PV capacity will reach 900 MW.\n\nBy 2025, PV capacity will reach 900 MW.\n"
    result = draft(doc, mini, Options(region="yantai"))
    assert (len(result.drafts), result.duplicates) == (1, 1)
    assert result.drafts[0].notes == ["stated again on line 3"]


def test_a_target_quoted_in_a_report(mini: Registry) -> None:
    doc = (
        "Energy consumption per unit of GDP fell by 3.8% year-on-year in 2024, exceeding the "
        "annual target of 2.5%."
    )
    (d,) = draft(doc, mini, Options(region="china", published=2025)).drafts
    assert _brief([d]) == [("china", "energy-intensity", "change", "<=", -2.5, "%", 2024, 2023)]


def test_a_list_of_figures_and_subjects_across_commas(mini: Registry) -> None:
    doc = (
        "By 2025, energy consumption per unit of GDP in Yantai, in Shenzhen and in Shandong will "
        "drop by 14%, 13% and 12% respectively, compared with 2020."
    )
    got = [(d.region, d.value) for d in draft(doc, mini, Options()).drafts]
    assert got == [("yantai", -14), ("shenzhen", -13), ("shandong", -12)]


def test_times_a_year_is_a_change_from_it(mini: Registry) -> None:
    doc = "By 2035, PV capacity will grow to over six times the 2020 levels."
    (d,) = draft(doc, mini, Options(region="china")).drafts
    assert (d.kind, d.value, d.baseline_year, d.target_year) == ("change", 500, 2020, 2035)


def test_a_plan_in_the_policy_title_gives_the_year(mini: Registry) -> None:
    from ccnt_cli.draft.engine import _plan_of

    assert _plan_of("Outline of the 14th Five-Year Plan for ...") == (2021, 2025)
    assert _plan_of("“十五五”规划纲要") == (2026, 2030)
    assert _plan_of(
        "Action Plan for the Construction of a New Type of Power System (2024-2027)"
    ) == (
        2024,
        2027,
    )
    assert _plan_of("Special Action Plan for Data Centres") is None


def test_new_indicators_are_proposed(mini: Registry) -> None:
    (d,) = draft(
        "By 2030, the forest coverage rate will reach 25%.", mini, Options(region="china")
    ).drafts
    assert (d.indicator, d.new_indicator) == ("forest-coverage-rate", True)
    assert "indicator" in d.guessed and d.confidence < 0.7


def test_ids_never_clash(mini: Registry) -> None:
    doc = "By 2025, PV capacity will reach 900 MW. By 2025, PV capacity will exceed 950 MW."
    result = draft(doc, mini, Options(region="yantai"))
    assert [d.id for d in result.drafts] == [
        "yantai-solar-pv-capacity-2025",
        "yantai-solar-pv-capacity-2025-2",
    ]


@given(st.text(max_size=200))
def test_any_text_drafts_without_failing(doc: str) -> None:
    registry = load_registry(MINI, cache=False)
    for d in draft(doc, registry, Options(region="china", published=2025)).drafts:
        assert d.id and d.kind in ("level", "change", "increment", "cumulative", "qualitative")
