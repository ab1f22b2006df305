"""``ccnt policies list`` and ``ccnt policies show``: policies as records users look for.

The data is the mini fixture plus two dated policies (below); expected ids are read off it by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MORE = """\
policies:
  - id: sd-peak
    title: Shandong carbon peak plan
    title_zh: 山东省碳达峰实施方案
    issuer: [Shandong Provincial People's Government]
    published: 2022-12-18
    level: province
    region: shandong
    url: https://example.org/sd-peak
    type: implementation-plan
    source: test fixture
  - id: gd-notice
    title: Guangdong notice on new energy storage
    issuer: [Guangdong Energy Bureau, Development and Reform Commission of Guangdong Province]
    published: 2023-06
    level: province
    region: guangdong
    type: notice
    source: test fixture
targets:
  - id: sd-pv-2030
    region: shandong
    policy: sd-peak
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2030, value: 9000, unit: MW}
  - id: sd-intensity
    region: shandong
    policy: sd-peak
    indicator: energy-intensity
    kind: change
    baseline: {year: 2020}
    target: {year: 2025, value: -14.5, unit: "%"}
"""

HEADER = "id,title,title_zh,issuer,published,type,level,region,region_name,url,source,targets"


@pytest.fixture
def data(copy_mini: Path) -> Path:
    (copy_mini / "targets" / "more.yaml").write_text(MORE, encoding="utf-8")
    return copy_mini


def ids(stdout: str) -> list[str]:
    return [line.split(",")[0] for line in stdout.splitlines()[1:]]


def test_list_csv(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", data_dir=data)
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.splitlines() == [
        HEADER,
        "cn-fyp,Test five-year plan,,Test issuer,,five-year-plan,national,china,China,,"
        "test fixture,4",
        "sd-peak,Shandong carbon peak plan,山东省碳达峰实施方案,Shandong Provincial People's "
        "Government,2022-12-18,implementation-plan,province,shandong,Shandong,"
        "https://example.org/sd-peak,test fixture,2",
        "yantai-plan,Test Yantai plan,,,,,prefecture,yantai,Yantai,,test fixture,2",
        "gd-notice,Guangdong notice on new energy storage,,Guangdong Energy Bureau; "
        "Development and Reform Commission of Guangdong Province,2023-06,notice,province,"
        "guangdong,Guangdong,,test fixture,0",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--region", "Shandong"], ["sd-peak", "yantai-plan"]),
        (["--region", "鲁", "--exact"], ["sd-peak"]),
        (["-r", "370600", "-r", "粤"], ["yantai-plan", "gd-notice"]),
        (["--issuer", "energy bureau"], ["gd-notice"]),
        (["--issuer", "test", "--issuer", "shandong"], ["cn-fyp", "sd-peak"]),
        (["--type", "notice", "--type", "Five-Year-Plan"], ["cn-fyp", "gd-notice"]),
        (["--level", "province"], ["sd-peak", "gd-notice"]),
        (["--level", "prefecture", "--level", "national"], ["cn-fyp", "yantai-plan"]),
        (["--since", "2023"], ["gd-notice"]),
        (["--until", "2022"], ["sd-peak"]),
        # a policy dated by its month is kept when that month overlaps the range
        (["--since", "2022-12", "--until", "2023-06-01"], ["sd-peak", "gd-notice"]),
        (["--since", "2023-06-30"], ["gd-notice"]),
        (["--since", "2022-12-19", "--until", "2023-05-31"], []),
        (["--search", "energy storage"], ["gd-notice"]),
        (["--search", "碳达峰", "--search", "yantai"], ["sd-peak", "yantai-plan"]),
        (["--region", "china", "--type", "notice", "--level", "province"], ["gd-notice"]),
    ],
)
def test_list_filters(ccnt, data: Path, args: list[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", *args, data_dir=data)
    assert r.exit_code == 0, r.stderr
    assert ids(r.stdout) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "notise"], "unknown type 'notise'; did you mean 'notice'?"),
        (["--type", "plan"], "unknown type 'plan'; did you mean 'five-year-plan', "
         "'implementation-plan'?"),
        (["--issuer", "Beijing"], "unknown issuer 'Beijing'"),
        (["--issuer", "Guangdong Enrgy Bureau"],
         "unknown issuer 'Guangdong Enrgy Bureau'; did you mean 'Guangdong Energy Bureau'?"),
        (["--level", "provence"], "unknown level 'provence'; did you mean 'province'?"),
        (["--region", "Atlantis"], "unknown region 'Atlantis'"),
    ],
)  # fmt: skip
def test_list_checks_values(ccnt, data: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", *args, data_dir=data)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"Error: {message}\n")


def test_list_refuses_a_date_that_is_not_one(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", "--since", "2023-13", data_dir=data)
    assert r.exit_code == 2
    assert "'2023-13' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY" in r.stderr


def test_list_json_and_md(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", "--type", "notice", "--format", "json", data_dir=data)
    assert json.loads(r.stdout) == [
        {
            "id": "gd-notice",
            "title": "Guangdong notice on new energy storage",
            "title_zh": None,
            "issuer": [
                "Guangdong Energy Bureau",
                "Development and Reform Commission of Guangdong Province",
            ],
            "published": "2023-06",
            "type": "notice",
            "level": "province",
            "region": "guangdong",
            "region_name": "Guangdong",
            "url": None,
            "source": "test fixture",
            "targets": 0,
        }
    ]
    r = ccnt("policies", "list", "--region", "yantai", "--format", "md", data_dir=data)
    assert r.stdout == (
        "| " + HEADER.replace(",", " | ") + " |\n"
        "|" + "---|" * 12 + "\n"
        "| yantai-plan | Test Yantai plan |  |  |  |  | prefecture | yantai | Yantai |  | "
        "test fixture | 2 |\n"
    )


def test_list_table(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "list", "-r", "鲁", "-f", "table", data_dir=data, env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.stderr
    assert "sd-peak" in r.stdout and "2022-12-18" in r.stdout and "yantai-plan" in r.stdout
    assert "2 policies" in r.stdout


def progress_statuses(ccnt, data: Path, policy: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--policy", policy, "--as-of", "2025", "-f", "json", data_dir=data)
    return {row["id"]: row["status"] for row in json.loads(r.stdout)}


def test_show_json(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "show", "sd-peak", "--as-of", "2025", "-f", "json", data_dir=data)
    assert r.exit_code == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown == {
        "id": "sd-peak",
        "title": "Shandong carbon peak plan",
        "title_zh": "山东省碳达峰实施方案",
        "issuer": ["Shandong Provincial People's Government"],
        "published": "2022-12-18",
        "type": "implementation-plan",
        "level": "province",
        "region": "shandong",
        "region_name": "Shandong",
        "url": "https://example.org/sd-peak",
        "source": "test fixture",
        "defined_at": "targets/more.yaml:2",
        "targets": [
            {
                "id": "sd-intensity",
                "region": "shandong",
                "region_name": "Shandong",
                "indicator": "energy-intensity",
                "indicator_name": "Energy consumption per unit of GDP",
                "kind": "change",
                "baseline_year": 2020,
                "target_year": 2025,
                "comparator": "<=",
                "target_value": -14.5,
                "unit": "%",
                "status": "no-data",
            },
            {
                "id": "sd-pv-2030",
                "region": "shandong",
                "region_name": "Shandong",
                "indicator": "solar-pv-capacity",
                "indicator_name": "Installed solar PV capacity",
                "kind": "level",
                "baseline_year": None,
                "target_year": 2030,
                "comparator": ">=",
                "target_value": 9000.0,
                "unit": "MW",
                "status": "no-data",
            },
        ],
    }


def test_show_statuses_are_those_of_progress(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "show", "cn-fyp", "--as-of", "2025", "-f", "json", data_dir=data)
    statuses = {t["id"]: t["status"] for t in json.loads(r.stdout)["targets"]}
    assert statuses == progress_statuses(ccnt, data, "cn-fyp")
    assert statuses["cn-peak"] == "qualitative"
    assert statuses["cn-energy-intensity"] == "off-track"


def test_show_csv_is_one_row_per_target(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "show", "yantai-plan", "--as-of", "2025", data_dir=data)
    lines = r.stdout.splitlines()
    assert lines[0] == (
        "policy,title,title_zh,issuer,published,type,url,source,id,region,region_name,indicator,"
        "indicator_name,kind,baseline_year,target_year,comparator,target_value,unit,status"
    )
    statuses = progress_statuses(ccnt, data, "yantai-plan")
    assert lines[1:] == [
        "yantai-plan,Test Yantai plan,,,,,,test fixture,shandong-pv,shandong,Shandong,"
        "solar-pv-capacity,Installed solar PV capacity,"
        f"increment,2020,2025,>=,6000,MW,{statuses['shandong-pv']}",
        "yantai-plan,Test Yantai plan,,,,,,test fixture,yantai-pv,yantai,Yantai,solar-pv-capacity,"
        f"Installed solar PV capacity,level,,2025,>=,9000,MW,{statuses['yantai-pv']}",
    ]
    # a policy that sets no target is still one row
    r = ccnt("policies", "show", "gd-notice", "-f", "csv", data_dir=data)
    assert r.stdout.splitlines()[1] == (
        "gd-notice,Guangdong notice on new energy storage,,Guangdong Energy Bureau; Development "
        "and Reform Commission of Guangdong Province,2023-06,notice,,test fixture,,,,,,,,,,,,"
    )


def test_show_md_and_table(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "show", "sd-peak", "--as-of", "2025", "-f", "md", data_dir=data)
    assert r.exit_code == 0, r.stderr
    text = r.stdout
    assert "| issuer | Shandong Provincial People's Government |" in text
    assert "| url | https://example.org/sd-peak |" in text
    assert (  # Markdown has the columns of CSV; the compact ones are the terminal table's
        "| sd-intensity | shandong | Shandong | energy-intensity | Energy consumption per unit of "
        "GDP | change | 2020 | 2025 | <= | -14.5 | % | no-data |" in text
    )
    r = ccnt("policies", "show", "sd-peak", "-f", "table", data_dir=data, env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.stderr
    assert "https://example.org/sd-peak" in r.stdout and "sd-pv-2030" in r.stdout


def test_show_unknown(ccnt, data: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("policies", "show", "sd-peek", data_dir=data)
    assert (r.exit_code, r.stderr) == (
        2,
        "Error: unknown policy 'sd-peek'; did you mean 'sd-peak'?\n",
    )
