"""The command line, with exact expectations on output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccnt_cli import __version__
from ccnt_cli.errors import ExitCode

HEADER = (
    "id,region,region_name,level,indicator,kind,baseline_year,target_year,comparator,"
    "target_value,unit,policy,sector,basis,binding,pilot"
)


def test_version(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("--version", data_dir=None)
    assert (r.exit_code, r.stdout) == (0, f"ccnt {__version__}\n")


def test_targets_list_csv_when_piped(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [
        HEADER,
        "cn-energy-intensity,china,China,national,energy-intensity,change,2020,2025,<=,-13.5,%,"
        "cn-fyp,cross-sector,revised,true,",
        "cn-peak,china,China,national,energy-intensity,qualitative,,2030,,,,cn-fyp,cross-sector,,,",
        "cn-non-fossil,china,China,national,non-fossil-share-energy,level,,2025,~,20,%,cn-fyp,"
        "energy,,,",
        "cn-pue,china,China,national,pue,level,,2025,<,1.5,dimensionless,cn-fyp,digital,,,",
        "shandong-pv,shandong,Shandong,province,solar-pv-capacity,increment,2020,2025,>=,6000,MW,"
        "yantai-plan,power,,,",
        "yantai-pv,yantai,Yantai,prefecture,solar-pv-capacity,level,,2025,>=,9000,MW,yantai-plan,"
        "power,,,pilot-a",
    ]
    assert r.stderr == ""


@pytest.mark.parametrize("typed", ["shandong", "Shandong", "SHANDONG", "山东省", "山东", "SD"])
def test_region_matches_id_names_and_aliases(ccnt, typed: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", typed, "--format", "csv")
    assert [line.split(",")[0] for line in r.stdout.splitlines()[1:]] == [
        "shandong-pv",
        "yantai-pv",
    ]


def test_region_exact(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", "Shandong", "--exact")
    assert [line.split(",")[0] for line in r.stdout.splitlines()[1:]] == ["shandong-pv"]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--level", "prefecture"], ["yantai-pv"]),
        (["--indicator", "PV capacity"], ["shandong-pv", "yantai-pv"]),
        (["--sector", "digital"], ["cn-pue"]),
        (["--kind", "change"], ["cn-energy-intensity"]),
        (["--year", "2030"], ["cn-peak"]),
        (["--pilot", "pilot-a"], ["yantai-pv"]),
        (["--policy", "yantai-plan", "--region", "china", "--exact"], []),
        (["--search", "9,000 MW"], ["yantai-pv"]),
        (["--search", "光伏"], ["shandong-pv", "yantai-pv"]),
    ],
)
def test_filters(ccnt, args: list[str], ids: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", *args, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert [line.split(",")[0] for line in r.stdout.splitlines()[1:]] == ids


def test_unknown_region_suggests(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", "Shandon")
    assert r.exit_code == ExitCode.USAGE_OR_INVALID_INPUT
    assert r.stdout == ""
    assert r.stderr == "Error: unknown region 'Shandon'; did you mean 'shandong', 'guangdong'?\n"


def test_unknown_indicator_suggests(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--indicator", "solar-pv-capacty")
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: unknown indicator 'solar-pv-capacty'; did you mean 'solar-pv-capacity'?\n"
    )


def test_bad_kind_is_usage_error(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--kind", "levels")
    assert r.exit_code == 2
    assert r.stderr == "Error: unknown kind 'levels'; did you mean 'level'?\n"


def test_json_and_md(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", "yantai", "--format", "json")
    rows = json.loads(r.stdout)
    assert rows == [
        {
            "id": "yantai-pv",
            "region": "yantai",
            "region_name": "Yantai",
            "level": "prefecture",
            "indicator": "solar-pv-capacity",
            "kind": "level",
            "baseline_year": None,
            "target_year": 2025,
            "comparator": ">=",
            "target_value": 9000.0,
            "unit": "MW",
            "policy": "yantai-plan",
            "sector": "power",
            "basis": None,
            "binding": None,
            "pilot": "pilot-a",
        }
    ]
    r = ccnt("regions", "list", "--region", "yantai", "--format", "md")
    assert r.stdout == (
        "| id | name | name_zh | level | parent | code | aliases | members | targets |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
        "| yantai | Yantai | 烟台市 | prefecture | shandong | 370600 |  |  | 1 |\n"
    )


def test_targets_show(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "show", "yantai-pv", "--format", "json")
    record = json.loads(r.stdout)
    assert record["target_as_written"] == "9,000 MW"
    assert record["policy_title"] == "Test Yantai plan"
    assert record["source"] == "test fixture"
    assert record["defined_at"] == "targets/national/plans.yaml:39"
    r = ccnt("targets", "show", "yantai-p")
    assert (r.exit_code, r.stderr) == (
        2,
        "Error: unknown target 'yantai-p'; did you mean 'yantai-pv'?\n",
    )


def test_regions_tree_when_piped(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("regions", "list", "--tree")
    assert r.stdout == (
        "China 中国 [national] (china) - 4 targets\n"
        "  Shandong 山东省 [province] (shandong) - 1 target\n"
        "    Yantai 烟台市 [prefecture] (yantai) - 1 target\n"
        "  Guangdong 广东省 [province] (guangdong)\n"
        "    Shenzhen 深圳市 [prefecture] (shenzhen)\n"
    )


def test_indicators_and_pilots(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("indicators", "list")
    assert (
        r.stdout.splitlines()[0] == "id,name,name_zh,unit,direction,sector,aliases,targets,actuals"
    )
    assert (
        "solar-pv-capacity,Installed solar PV capacity,光伏装机容量,MW,increase,power,PV capacity,2,1"
        in r.stdout.splitlines()
    )
    r = ccnt("pilots", "list")
    assert r.stdout.splitlines() == [
        "id,name,name_zh,announced,members,expected_members,member_targets,note",
        "pilot-a,Test pilot,,,2,2,1,",
    ]


def test_validate_clean(ccnt, mini: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("validate")
    assert r.exit_code == ExitCode.OK
    assert r.stdout == ""
    assert r.stderr == (
        f"OK: 5 regions, 4 indicators, 1 pilots, 2 policies, 6 targets, 4 actuals in {mini}\n"
    )


def test_validate_reports_all_problems(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    (copy_mini / "data" / "bad.csv").write_text(
        "region,indicator,period,kind,value,unit,basis,published,source,note\n"
        "atlantis,pue,2024,level,1.4,,,2025,s,\nyantai,pue,2024,level,x,,,2025,s,\n",
        encoding="utf-8",
    )
    r = ccnt("validate", data_dir=copy_mini)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        "data/bad.csv:2 [atlantis/pue/2024] region: unknown region 'atlantis' "
        "(hint: add it to targets/regions.yaml)",
        "data/bad.csv:3 [yantai/pue/2024] value: cannot read 'x' as a number (hint: write a "
        'number, optionally with its unit: 9000, "9,000", "600万千瓦", "80%")',
        f"2 problems in {copy_mini}; nothing was computed.",
    ]
    r = ccnt("validate", "--format", "json", data_dir=copy_mini)
    assert r.exit_code == 2
    report = json.loads(r.stdout)
    assert report["ok"] is False
    assert [(p["file"], p["line"], p["record"], p["field"]) for p in report["problems"]] == [
        ("data/bad.csv", 2, "atlantis/pue/2024", "region"),
        ("data/bad.csv", 3, "yantai/pue/2024", "value"),
    ]
    # every command that reads data refuses it the same way
    r = ccnt("targets", "list", data_dir=copy_mini)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr.splitlines()[-1] == f"2 problems in {copy_mini}; nothing was computed."


def test_validate_json_matches_library(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    from ccnt_cli.dataset import check

    (copy_mini / "targets" / "x.yaml").write_text("targets: 5\npolicy: []\n", encoding="utf-8")
    r = ccnt("validate", "--format", "json", data_dir=copy_mini)
    _, problems = check(copy_mini, cache=False)
    assert json.loads(r.stdout)["problems"] == [p.to_dict() for p in problems]


def test_units_convert(ccnt) -> None:  # type: ignore[no-untyped-def]
    assert ccnt("units", "convert", "600万千瓦", "MW", data_dir=None).stdout == "6000 MW\n"
    assert ccnt("units", "convert", "1 toe", "tce", data_dir=None).stdout == "1.428571429 tce\n"
    assert (
        ccnt("units", "convert", "８０％", "dimensionless", data_dir=None).stdout
        == "0.8 dimensionless\n"
    )


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        (
            "5 MW",
            "tce",
            "Error: cannot convert 'MW' (power) to 'tce' (energy) (the two measure "
            "different things; check the unit or the indicator)\n",
        ),
        (
            "1 t CO2",
            "tce",
            "Error: cannot convert 't CO2' (CO2 mass) to 'tce' (energy) (the two "
            "measure different things; check the unit or the indicator)\n",
        ),
        ("5", "MW", "Error: '5' has no unit (write the unit inside the value, e.g. \"600 MW\")\n"),
    ],
)
def test_units_convert_refuses(ccnt, value: str, unit: str, message: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("units", "convert", value, unit, data_dir=None)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", message)


def test_data_dir_precedence(ccnt, mini: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCNT_DATA_DIR", str(mini))
    assert ccnt("validate", data_dir=None).exit_code == 0
    r = ccnt("validate", data_dir=tmp_path)  # the option wins over the variable
    assert r.exit_code == 2
    assert "not a ccnt data folder" in r.stderr


def test_init_copies_bundled_data(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dest = tmp_path / "mine"
    r = ccnt("init", str(dest), data_dir=None)
    assert r.exit_code == 0, r.stderr
    assert (dest / "targets" / "regions.yaml").is_file()
    assert ccnt("validate", data_dir=dest).exit_code == 0
    again = ccnt("init", str(dest), data_dir=None)
    assert again.exit_code == 2
    assert "already exists and is not empty" in again.stderr


def test_internal_error_exit_code(ccnt, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ccnt_cli.query as query

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(query, "filter_targets", boom)
    r = ccnt("targets", "list")
    assert r.exit_code == ExitCode.INTERNAL_ERROR
    assert r.stderr.splitlines()[0] == "Internal error: RuntimeError: boom"
    assert "Traceback" not in r.stderr
    r = ccnt("--debug", "targets", "list")
    assert "Traceback" in r.stderr


def test_exit_code_values() -> None:
    assert [(c.name, int(c)) for c in ExitCode] == [
        ("OK", 0),
        ("INTERNAL_ERROR", 1),
        ("USAGE_OR_INVALID_INPUT", 2),
        ("CHECK_FAILED", 3),
    ]


def test_usage_error_is_two(ccnt) -> None:  # type: ignore[no-untyped-def]
    assert ccnt("targets", "list", "--no-such-option").exit_code == 2
    assert ccnt("no-such-command").exit_code == 2


def test_units_convert_to_a_chinese_multiplier_unit(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("units", "convert", "5 GW", "万kW", data_dir=None)
    assert (r.exit_code, r.stdout) == (0, "500 万kW\n")
    r = ccnt("units", "convert", "3 万kW", "MW", data_dir=None)
    assert (r.exit_code, r.stdout) == (0, "30 MW\n")


def test_chinese_multiplier_unit_in_yaml_and_actuals(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    (copy_mini / "targets" / "wan.yaml").write_text(
        "targets:\n"
        "  - {id: sz-pv, region: shenzhen, policy: yantai-plan, indicator: solar-pv-capacity,\n"
        "     kind: level, target: {year: 2025, value: 90, unit: 万kW}}\n",
        encoding="utf-8",
    )
    r = ccnt("targets", "list", "--region", "shenzhen", data_dir=copy_mini)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1].split(",")[8:11] == [">=", "900", "MW"]
    r = ccnt(
        "actuals", "add", "shenzhen", "solar-pv-capacity", "2024", "75",
        "--unit", "万kW", "--published", "2025-01", "--source", "test", data_dir=copy_mini,
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = ccnt("actuals", "list", "--region", "shenzhen", data_dir=copy_mini)
    assert r.stdout.splitlines()[1].split(",")[3:9] == ["2024", "level", "750", "MW", "75", "万kW"]


def test_command_table_matches_the_commands() -> None:
    """`ccnt --help` lists the commands from a table, without building them: each line of the
    table is its command's own summary, and every command is in it once."""
    from typer._click.utils import make_default_short_help

    from ccnt_cli.cli.app import COMMANDS, load_command

    assert len({c.name for c in COMMANDS}) == len(COMMANDS)
    for c in COMMANDS:
        command = load_command(c.name)
        assert command.get_short_help_str(200) == make_default_short_help(c.summary, 200), c.name
    modules = {p.stem for p in (Path(__file__).parent.parent / "ccnt_cli" / "cli").glob("*.py")}
    registering = {
        m
        for m in modules
        if "def register("
        in (Path(__file__).parent.parent / "ccnt_cli" / "cli" / f"{m}.py").read_text()
    }
    assert registering == {c.module for c in COMMANDS}


def test_help_builds_no_command(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    code = (
        "import sys; from ccnt_cli.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('ccnt_cli.cli.') and m.endswith(('_cmd', 'targets', 'regions'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
