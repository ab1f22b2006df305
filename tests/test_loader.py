"""Loading and validation: every problem found, located, and explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccnt_cli.dataset import check, load
from ccnt_cli.errors import DataError, Problem


def problems_after(root: Path, rel: str, text: str | bytes) -> list[Problem]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    _, problems = check(root, cache=False)
    return problems


def lines(problems: list[Problem]) -> list[str]:
    return [p.one_line() for p in problems]


def test_mini_is_clean(mini: Path) -> None:
    ds = load(mini, cache=False)
    assert len(ds.targets) == 6
    assert len(ds.actuals) == 4
    assert ds.targets["yantai-pv"].value == 9000.0
    assert ds.targets["shandong-pv"].value == 6000.0  # "600万千瓦" in MW
    assert ds.targets["cn-non-fossil"].value == 20.0  # full-width "２０％"
    assert ds.targets["cn-energy-intensity"].comparator == "<="  # from the direction
    yantai = next(a for a in ds.actuals if a.region == "yantai")
    assert (yantai.value, yantai.raw_value) == (6000.0, "600万千瓦")


TARGET_HEAD = "policies: []\ntargets:\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - id: t1\n    region: yantai\n    policy: yantai-plan\n    indicator: pue\n"
            "    kind: level\n    comparitor: '<'\n    target: {year: 2025, value: 1.5}\n",
            "targets/x.yaml:8 [t1] comparitor: unknown field 'comparitor' "
            "(hint: did you mean 'comparator'?)",
        ),
        (
            "  - id: t1\n    region: yantia\n    policy: yantai-plan\n    indicator: pue\n"
            "    kind: level\n    target: {year: 2025, value: 1.5}\n",
            "targets/x.yaml:4 [t1] region: unknown region 'yantia' (hint: did you mean 'yantai'?)",
        ),
        (
            "  - id: t1\n    region: yantai\n    policy: yantai-plan\n    indicator: solar-pv-capacity\n"
            "    kind: level\n    target: {year: 2025, value: 5, unit: tce}\n",
            "targets/x.yaml:8 [t1] target.unit: cannot convert 'tce' (energy) to 'MW' "
            "(power) (hint: the two measure different things; check the unit or the indicator)",
        ),
        (
            "  - id: t1\n    region: yantai\n    policy: yantai-plan\n    indicator: pue\n"
            "    kind: change\n    baseline: {year: 2025}\n    target: {year: 2020, value: -5, unit: '%'}\n",
            "targets/x.yaml:8 [t1] baseline: baseline year 2025 is not before target year 2020 "
            "(hint: the baseline is the year the target is counted from)",
        ),
        (
            "  - id: t1\n    region: yantai\n    policy: yantai-plan\n    indicator: pue\n"
            "    kind: levle\n    target: {year: 2025, value: 1.5}\n",
            "targets/x.yaml:7 [t1] kind: kind 'levle' is not one of level, change, increment, "
            "cumulative, qualitative (hint: did you mean 'level'?)",
        ),
        (
            "  - id: t1\n    region: yantai\n    policy: yantai-plan\n    indicator: pue\n"
            "    kind: level\n    target: {year: 2025, value: .nan}\n",
            "targets/x.yaml:8 [t1] target.value: nan is not a finite number "
            "(hint: NaN and infinities are not values)",
        ),
    ],
)
def test_target_problems(copy_mini: Path, body: str, expected: str) -> None:
    problems = problems_after(copy_mini, "targets/x.yaml", TARGET_HEAD + body)
    assert lines(problems) == [expected]


def test_duplicate_keys_are_errors(copy_mini: Path) -> None:
    text = (
        TARGET_HEAD + "  - id: t1\n    region: yantai\n    region: china\n    policy: yantai-plan\n"
        "    indicator: pue\n    kind: level\n    target: {year: 2025, value: 1.5}\n"
    )
    assert lines(problems_after(copy_mini, "targets/x.yaml", text)) == [
        "targets/x.yaml:5 [t1] region: duplicate key 'region' (first on line 4) "
        "(hint: YAML keeps only the last value of a repeated key; keep one)"
    ]


def test_duplicate_ids_across_files(copy_mini: Path) -> None:
    text = (
        TARGET_HEAD + "  - id: yantai-pv\n    region: yantai\n    policy: yantai-plan\n"
        "    indicator: pue\n    kind: level\n    target: {year: 2025, value: 1.5}\n"
    )
    assert lines(problems_after(copy_mini, "targets/x.yaml", text)) == [
        "targets/x.yaml:3 [yantai-pv] id: duplicate target id 'yantai-pv' "
        "(hint: first defined at targets/national/plans.yaml:39; ids must be unique)"
    ]


def test_python_tags_are_refused_not_run(copy_mini: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"policies: !!python/object/apply:os.system ['touch {marker}']\n"
    problems = problems_after(copy_mini, "targets/x.yaml", text)
    assert not marker.exists()
    assert len(problems) == 1 and "is not allowed" in problems[0].message


def test_wrong_top_level_shapes(copy_mini: Path) -> None:
    assert lines(problems_after(copy_mini, "targets/x.yaml", "targets: 5\n")) == [
        "targets/x.yaml:1 targets: targets must be a list of records, not int "
        "(hint: write each record as `- id: ...` under targets:)"
    ]
    assert lines(problems_after(copy_mini, "targets/x.yaml", "- a\n- b\n")) == [
        "targets/x.yaml:1 the file must be a mapping with policies and targets, not a list "
        "(hint: start the file with `policies:` and list the records under it)"
    ]


def test_region_cycle(copy_mini: Path) -> None:
    regions = (copy_mini / "targets/regions.yaml").read_text(encoding="utf-8")
    regions = regions.replace('parent: china, code: "370000"', 'parent: yantai, code: "370000"')
    problems = problems_after(copy_mini, "targets/regions.yaml", regions)
    assert [p.message for p in problems] == [
        "region parents form a cycle: shandong -> yantai -> shandong",
        "region parents form a cycle: yantai -> shandong -> yantai",
    ]


def test_gbk_file_is_named(copy_mini: Path) -> None:
    text = (
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "yantai,solar-pv-capacity,2024,level,700,万千瓦,,2025,烟台统计局,\n"
    )
    problems = problems_after(copy_mini, "data/gbk.csv", text.encode("gbk"))
    assert lines(problems) == [
        "data/gbk.csv:2 the file is not UTF-8 text (hint: it looks like GBK/GB18030 "
        "(Chinese-locale Excel); re-save it as UTF-8 (in Excel: CSV UTF-8))"
    ]


def test_bom_and_crlf_are_fine(copy_mini: Path) -> None:
    text = (
        "region,indicator,period,kind,value,unit,basis,published,source,note\r\n"
        'yantai,solar-pv-capacity,2024,level,"7,000",MW,,2025,test,\r\n'
    )
    assert problems_after(copy_mini, "data/bom.csv", b"\xef\xbb\xbf" + text.encode()) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "yantai,solar-pv-capacity,2023-2021,flow,5,MW,,2025,s,",
            "data/bad.csv:2 [yantai/solar-pv-capacity/2023-2021] period: period '2023-2021' runs "
            "backwards (hint: write 2021-2023)",
        ),
        (
            "yantai,solar-pv-capacity,2024,stock,5,MW,,2025,s,",
            "data/bad.csv:2 [yantai/solar-pv-capacity/2024] kind: kind 'stock' is not one of level, "
            "change, flow",
        ),
        (
            "yantai,solar-pv-capacity,2024,level,five,MW,,2025,s,",
            "data/bad.csv:2 [yantai/solar-pv-capacity/2024] value: cannot read 'five' as a number "
            '(hint: write a number, optionally with its unit: 9000, "9,000", "600万千瓦", "80%")',
        ),
        (
            "yantai,solar-pv-capacity,2024,level,5,tce,,2025,s,",
            "data/bad.csv:2 [yantai/solar-pv-capacity/2024] unit: cannot convert 'tce' (energy) "
            "to 'MW' (power) (hint: the two measure different things; check the unit or the "
            "indicator)",
        ),
        (
            "atlantis,solar-pv-capacity,2024,level,5,MW,,2025,s,",
            "data/bad.csv:2 [atlantis/solar-pv-capacity/2024] region: unknown region 'atlantis' "
            "(hint: add it to targets/regions.yaml)",
        ),
        (
            "yantai,solar-pv-capacity,2024,level,5,MW,,2025",
            "data/bad.csv:2 row has 8 cells, the header has 10 (hint: give every column a cell; "
            "an empty cell is two commas in a row: a,,b)",
        ),
        (
            "yantai,solar-pv-capacity,2024,level,5,MW,,2025,,",
            "data/bad.csv:2 [yantai/solar-pv-capacity/2024] source: missing source "
            "(hint: name where the figure was published)",
        ),
    ],
)
def test_actual_problems(copy_mini: Path, row: str, expected: str) -> None:
    text = "region,indicator,period,kind,value,unit,basis,published,source,note\n" + row + "\n"
    assert lines(problems_after(copy_mini, "data/bad.csv", text)) == [expected]


def test_missing_csv_column(copy_mini: Path) -> None:
    text = "region,indicator,period,kind,unit,source\nyantai,pue,2024,level,,s\n"
    assert lines(problems_after(copy_mini, "data/bad.csv", text)) == [
        "data/bad.csv:1 value: missing column 'value' "
        "(hint: header: region,indicator,period,kind,value,unit,basis,published,source,note)"
    ]


def test_all_problems_reported_together(copy_mini: Path) -> None:
    (copy_mini / "data" / "bad.csv").write_text(
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "atlantis,pue,2024,level,1.4,,,2025,s,\nyantai,pue,2024,level,x,,,2025,s,\n",
        encoding="utf-8",
    )
    (copy_mini / "targets" / "x.yaml").write_text("targets: 5\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(copy_mini, cache=False)
    assert [(p.file, p.line) for p in info.value.problems] == [
        ("data/bad.csv", 2),
        ("data/bad.csv", 3),
        ("targets/x.yaml", 1),
    ]


def test_not_a_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load(tmp_path)
    assert "not a ccnt data folder" in info.value.problems[0].message
