"""Questions across targets (issue 13, items 3-7): roll-ups, checks, comparisons, summaries and
figures that disagree, on small folders worked out by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ccnt_cli.checks import run
from ccnt_cli.dataset import load
from ccnt_cli.progress import compute
from ccnt_cli.rollup import rollup

HEADER = "region,indicator,period,kind,value,unit,basis,published,source,note\n"

ROWS = """shandong,solar-pv-capacity,2023,level,25000,MW,,2024-01,t,
shandong,solar-pv-capacity,2024,level,30000,MW,,2025-01,t,
guangdong,solar-pv-capacity,2024,level,20,GW,,2025-01,t,
china,solar-pv-capacity,2023,level,40,GW,,2024-01,t,
china,solar-pv-capacity,2024,level,45,GW,,2025-01,t,
shandong,energy-intensity,2021-2024,change,-10,%,,2025-03,t,
guangdong,energy-intensity,2021-2023,change,-12,%,,2024-03,t,
hebei,energy-intensity,2024,change,-3,%,,2025-03,t,
"""

TARGETS = """policies:
  - id: gd-plan
    title: Test Guangdong plan
    published: 2022-06
    source: test
targets:
  - id: sd-pv-2025
    region: shandong
    policy: yantai-plan
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 40, unit: GW}
  - id: sd-pv-2025-low
    region: shandong
    policy: yantai-plan
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 35000, unit: MW}
  - id: gd-pv-2025
    region: guangdong
    policy: gd-plan
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 30000, unit: MW}
  - id: cn-pv-2025
    region: china
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 60, unit: GW}
  - id: sd-ei
    region: shandong
    policy: yantai-plan
    indicator: energy-intensity
    kind: change
    baseline: {year: 2020}
    target: {year: 2025, value: -14.5, unit: "%"}
  - id: gd-ei
    region: guangdong
    policy: gd-plan
    indicator: energy-intensity
    kind: change
    baseline: {year: 2020}
    target: {year: 2025, value: -13, unit: "%"}
  - id: gd-pv-2021
    region: guangdong
    policy: gd-plan
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2021, value: 1000, unit: MW}
  - id: cn-ei-copy
    region: china
    policy: cn-fyp
    indicator: energy-intensity
    kind: change
    baseline: {year: 2020}
    target: {year: 2025, value: -13.5, unit: "%"}
"""


@pytest.fixture
def root(copy_mini: Path) -> Path:
    regions = copy_mini / "targets" / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8")
        + "  - {id: hebei, name: Hebei, level: province, parent: china}\n",
        encoding="utf-8",
    )
    (copy_mini / "targets" / "national" / "across.yaml").write_text(TARGETS, encoding="utf-8")
    (copy_mini / "data" / "across.csv").write_text(HEADER + ROWS, encoding="utf-8")
    return copy_mini


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(text.splitlines()))


# ------------------------------------------------------------------------------ rollup


def test_rollup_figures_and_targets(ccnt, root: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("rollup", "solar-pv-capacity", "--to", "China", "--as-of", "2024", data_dir=root)
    assert r.exit_code == 0, r.stderr
    got = [
        (
            x["what"],
            x["period"],
            x["kind"],
            x["children_sum"],
            x["children_reporting"],
            x["children"],
            x["parent"],
            x["difference"],
            x["unit"],
        )
        for x in rows_of(r.stdout)
    ]
    assert got == [
        # 2023: Shandong alone, 25,000 MW, against China's 40 GW: 15,000 MW unaccounted for
        ("figure", "2023", "level", "25000", "1", "3", "40000", "15000", "MW"),
        # 2024: 30,000 MW + 20 GW = 50,000 MW, more than China's 45 GW by 5,000 MW
        ("figure", "2024", "level", "50000", "2", "3", "45000", "-5000", "MW"),
        # Guangdong's 2021 goal of 1,000 MW alone: China has none for 2021
        ("target", "2021", "level", "1000", "1", "3", "", "", "MW"),
        # Shandong's 2020-2025 increment (6,000 MW) has no counterpart at the national level
        ("target", "2021-2025", "increment", "6000", "1", "3", "", "", "MW"),
        # 2025: Shandong 40 GW (the higher of its two) + Guangdong 30,000 MW vs China's 60 GW
        ("target", "2025", "level", "70000", "2", "3", "60000", "-10000", "MW"),
    ]
    last = rows_of(r.stdout)[-1]
    assert last["rows"] == "sd-pv-2025; gd-pv-2025; cn-pv-2025"
    assert last["note"] == "several targets for shandong: the higher one counted"
    assert rows_of(r.stdout)[1]["rows"] == (
        "data/across.csv:3; data/across.csv:4; data/across.csv:6"
    )


def test_rollup_as_of_and_library(root: Path) -> None:
    ds = load(root, cache=False)
    result = rollup(ds, "solar-pv-capacity", "china", as_of=2023)
    assert result.children == ["shandong", "guangdong", "hebei"]
    figures = [line for line in result.lines if line.what == "figure"]
    assert [(f.period, f.children_sum, f.parent) for f in figures] == [("2023", 25000.0, 40000.0)]


def test_rollup_refuses_an_intensity(ccnt, root: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("rollup", "energy-intensity", "--to", "China", data_dir=root)
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: energy-intensity (tce / (10**4 CNY)) does not add up across regions: only "
        "amounts, capacities and counts roll up, not intensities, shares or durations; compare "
        "regions with `ccnt compare energy-intensity`\n"
    )
    share = ccnt("rollup", "non-fossil-share-energy", "--to", "China", data_dir=root)
    assert share.exit_code == 2 and "non-fossil-share-energy (%) does not add up" in share.stderr


# ------------------------------------------------------------------------------ compare


def test_compare_ranks_by_distance(ccnt, root: Path) -> None:  # type: ignore[no-untyped-def]
    """As of 2024: Shandong -10% of -14.5%: 0.855 / 0.9 - 1 = -5% still to go; Guangdong -12%
    of -13%: 0.87 / 0.88 - 1 = -1.1364%. Hebei has a figure and no target."""
    r = ccnt("compare", "energy-intensity", "--level", "province", "--as-of", "2024", data_dir=root)
    assert r.exit_code == 0, r.stderr
    got = [
        (x["rank"], x["region"], x["target"], x["achieved"], x["remaining"], x["status"])
        for x in rows_of(r.stdout)
    ]
    assert got == [
        ("1", "shandong", "sd-ei", "-10", "-5", "off-track"),
        ("2", "guangdong", "gd-ei", "-12", "-1.1364", "on-track"),
        ("", "hebei", "", "-3", "", "no-target"),
    ]
    shandong, guangdong, hebei = rows_of(r.stdout)
    # the pace so far: 0.9 ** (1/4) - 1 = -2.5996%/yr, slower than the -5%/yr needed in 2025
    assert (shandong["pace_so_far"], shandong["required_annual"]) == ("-2.5996", "-5")
    # Guangdong: 0.88 ** (1/3) - 1 = -4.1716%/yr against (0.87 / 0.88) ** (1/2) - 1 = -0.5698%
    assert (guangdong["pace_so_far"], guangdong["required_annual"]) == ("-4.1716", "-0.5698")
    assert hebei["note"] == (
        "no target for 2025; latest figure: 2024 change -3% (data/across.csv:9)"
    )
    assert r.stderr == "3 regions: 2 ranked by distance from the 2025 goal\n"


def test_compare_levels_by_share_of_the_goal(ccnt, root: Path) -> None:  # type: ignore[no-untyped-def]
    """Level targets of different sizes compare by what is left as a percent of the goal:
    China 60 GW, 45 reached: 15 / 60 = 25% to go;
    Guangdong 30 GW, 20 GW reached: 33.33%; Yantai 9,000 MW, 6,000 reached: 33.33%. Ties
    share a rank."""
    r = ccnt(
        "compare",
        "solar-pv-capacity",
        "--year",
        "2025",
        "--as-of",
        "2024",
        "-f",
        "json",
        data_dir=root,
    )
    doc = json.loads(r.stdout)
    assert [(d["rank"], d["region"], d["distance"]) for d in doc] == [
        (1, "guangdong", 33.3333),
        (1, "yantai", 33.3333),
        (3, "china", 25.0),
        # Shandong's target with the longest span (its 2020-2025 increment) has no data
        (None, "shandong", None),
    ]
    assert doc[3]["note"].endswith("; also: sd-pv-2025, sd-pv-2025-low")
    bad = ccnt("compare", "solar-pv-capacity", "--level", "provnce", data_dir=root)
    assert bad.exit_code == 2 and "unknown level 'provnce'; did you mean 'province'?" in bad.stderr


# ------------------------------------------------------------------------------ summary


def test_summary_counts_every_status(ccnt, mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Mini as of 2024: China's energy intensity off-track (-2.82%/yr against -3.00%),
    non-fossil on-track (within the band), PUE no data, the peak qualitative; Shandong's
    increment no data; Yantai's 6,000 of 9,000 MW one figure with no baseline (no-trend)."""
    r = ccnt("summary", "--by", "region", "--as-of", "2024")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "region,name,met,on-track,off-track,missed,awaiting-data,no-trend,holds,"
        "does-not-hold,no-data,qualitative,total",
        "china,China,0,1,1,0,0,0,0,0,1,1,4",
        "shandong,Shandong,0,0,0,0,0,0,0,0,1,0,1",
        "yantai,Yantai,0,0,0,0,0,1,0,0,0,0,1",
        "total,,0,1,1,0,0,1,0,0,2,1,6",
    ]
    pilot = ccnt("summary", "--by", "pilot", "--as-of", "2024").stdout.splitlines()
    assert pilot[1:] == [
        "pilot-a,Test pilot,0,0,0,0,0,1,0,0,0,0,1",
        "total,,0,0,0,0,0,1,0,0,0,0,1",
    ]
    sector = ccnt("summary", "--by", "sector", "--as-of", "2024", "-f", "json").stdout
    assert [(d["sector"], d["total"]) for d in json.loads(sector)] == [
        ("cross-sector", 2),
        ("digital", 1),
        ("energy", 1),
        ("power", 2),
        ("total", 6),
    ]
    scoped = ccnt("summary", "--by", "level", "--region", "Shandong", "--as-of", "2024")
    assert scoped.stdout.splitlines()[1:] == [
        "province,,0,0,0,0,0,0,0,0,1,0,1",
        "prefecture,,0,0,0,0,0,1,0,0,0,0,1",
        "total,,0,0,0,0,0,1,0,0,1,0,2",
    ]
    bad = ccnt("summary", "--by", "regoin")
    assert bad.exit_code == 2 and "unknown grouping 'regoin'; did you mean 'region'?" in bad.stderr
    # the filters of targets list choose the targets counted
    solar = ccnt("summary", "--by", "region", "-i", "solar-pv-capacity", "--as-of", "2024")
    assert solar.stdout.splitlines()[1:] == [
        "shandong,Shandong,0,0,0,0,0,0,0,0,1,0,1",
        "yantai,Yantai,0,0,0,0,0,1,0,0,0,0,1",
        "total,,0,0,0,0,0,1,0,0,1,0,2",
    ]


# ------------------------------------------------------------------------------ checks


def test_checks_find_each_kind(root: Path) -> None:
    ds = load(root, cache=False)
    found = [(f.check, f.file, f.line, f.record, f.message) for f in run(ds)]
    assert found == [
        (
            "rollup",
            "data/across.csv",
            6,
            "china/solar-pv-capacity/2024",
            # (50000 - 45000) / 45000 = 11.11%
            "the figures of 2 regions below china sum to 50000 MW, 11.11% more than china's "
            "own 45000 MW",
        ),
        (
            "weaker-target",
            "targets/national/across.yaml",
            44,  # the line of target:
            "gd-ei",
            "-13% (2020-2025) is a smaller cut than china's -13.5% (cn-ei-copy)",
        ),
        (
            "before-policy",
            "targets/national/across.yaml",
            50,
            "gd-pv-2021",
            "target year 2021 is before its policy gd-plan was published (2022-06)",
        ),
        (  # the files are read in order: across.yaml before plans.yaml
            "duplicate-target",
            "targets/national/plans.yaml",
            15,
            "cn-energy-intensity",
            "the same target as cn-ei-copy (region, indicator, kind, years and value)",
        ),
    ]


def test_validate_checks_exit_codes(ccnt, root: Path) -> None:  # type: ignore[no-untyped-def]
    plain = ccnt("validate", data_dir=root)
    assert plain.exit_code == 0 and "warning" not in plain.stderr
    checked = ccnt("validate", "--checks", data_dir=root)
    assert checked.exit_code == 0
    lines = checked.stderr.splitlines()
    assert lines[0].startswith("warning: data/across.csv:6 [china/solar-pv-capacity/2024] value:")
    assert lines[0].endswith("[rollup]")
    assert lines[-1] == "4 warnings from the checks"
    strict = ccnt("validate", "--checks", "--strict", data_dir=root)
    assert strict.exit_code == 3
    assert strict.stderr.splitlines()[-1] == "4 warnings from the checks (--strict: a check failed)"
    doc = json.loads(ccnt("validate", "--checks", "-f", "json", data_dir=root).stdout)
    assert doc["ok"] is True
    assert [w["check"] for w in doc["warnings"]] == [
        "rollup",
        "weaker-target",
        "before-policy",
        "duplicate-target",
    ]
    table = rows_of(ccnt("validate", "--checks", "-f", "csv", data_dir=root).stdout)
    assert [(t["severity"], t["check"], t["line"]) for t in table][:2] == [
        ("warning", "rollup", "6"),
        ("warning", "weaker-target", "44"),
    ]
    # with --strict and nothing to find, exit 0
    assert ccnt("validate", "--checks", "--strict").exit_code == 0


# ------------------------------------------------------------------------------ figures that disagree

CARBON = """china,energy-intensity,2021,change,-2.7,%,revised,2022,t,
china,energy-intensity,2022,change,-0.1,%,revised,2023,t,
china,energy-intensity,2023,change,-0.5,%,revised,2024,t,
"""


def test_alternatives_column_and_explain(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Mini's -7.3% (2021-2023) and -3.8% (2024) are used; the annual figures inside
    2021-2023 chain to 0.973 x 0.999 x 0.995 x 0.962 - 1 = -6.95855%: the other chain."""
    (copy_mini / "data" / "annual.csv").write_text(HEADER + CARBON, encoding="utf-8")
    r = ccnt("progress", "energy-intensity", "--as-of", "2024", "-f", "csv", data_dir=copy_mini)
    [row] = [x for x in rows_of(r.stdout) if x["id"] == "cn-energy-intensity"]
    assert (row["achieved"], row["alternatives"]) == (
        "-10.8226",
        "chaining 4 annual figures: -6.96%",
    )
    # a warm run reads the same from the stored results
    again = ccnt("progress", "energy-intensity", "--as-of", "2024", "-f", "csv", data_dir=copy_mini)
    assert again.stdout == r.stdout
    text = ccnt(
        "progress", "--explain", "cn-energy-intensity", "--as-of", "2024", data_dir=copy_mini
    )
    assert (
        "Other chains over the same span (set aside: fewest links wins):\n"
        "  chaining 4 annual figures: -6.96%\n"
        "    other chain = (1 + r1) x (1 + r2) x (1 + r3) x (1 + r4) - 1 = 0.973 x 0.999 x "
        "0.995 x 0.962 - 1 = -6.95855% (2020-2024)\n"
        "    rows: data/annual.csv:2, data/annual.csv:3, data/annual.csv:4, data/actuals.csv:3\n"
    ) in text.stdout
    doc = json.loads(
        ccnt(
            "progress",
            "--explain",
            "cn-energy-intensity",
            "--as-of",
            "2024",
            "-f",
            "json",
            data_dir=copy_mini,
        ).stdout
    )
    [other] = doc["other_chains"]
    assert other["value"] == pytest.approx((0.973 * 0.999 * 0.995 * 0.962 - 1) * 100)
    assert [x["period"] for x in other["rows"]] == ["2021", "2022", "2023", "2024"]


def test_checks_list_chains_beyond_the_tolerance(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """-7.3% over 2021-2023 against 0.973 x 0.999 x 0.995 - 1 = -3.2833%: 4.02 pp apart."""
    (copy_mini / "data" / "annual.csv").write_text(HEADER + CARBON, encoding="utf-8")
    ds = load(copy_mini, cache=False)
    [f] = run(ds)
    assert (f.check, f.file, f.line) == ("chains-disagree", "data/actuals.csv", 2)
    assert f.message == (
        "2021-2023 change -7.3% disagrees with -3.28% chaining 3 annual figures by 4.02 pp"
    )
    assert f.hint == (
        "rows: data/annual.csv:2, data/annual.csv:3, data/annual.csv:4; progress uses the "
        "chain with the fewest links"
    )
    # within the tolerance: -7.3% against a chain of -7.29% is not a disagreement
    close = CARBON.replace("-0.5,%", "-4.6,%")  # 0.973 x 0.999 x 0.954 - 1 = -7.2689%
    (copy_mini / "data" / "annual.csv").write_text(HEADER + close, encoding="utf-8")
    assert run(load(copy_mini, cache=False)) == []
    assert len(run(load(copy_mini, cache=False), tolerance=0.01)) == 1


def test_alternatives_of_the_carbon_intensity_example() -> None:
    """The issue's example: -8.6% for 2021-2024 is used; -4.6% (2021-2023) and -3.4% (2024)
    chain to 0.954 x 0.966 - 1 = -7.8436%; the four annual figures to
    0.962 x 0.992 x 1 x 0.966 - 1 = -7.8142%."""
    from test_progress import change, dataset, target

    rows = [
        change("2021-2024", -8.6),
        change("2021-2023", -4.6),
        change("2021", -3.8),
        change("2022", -0.8),
        change("2023", 0.0),
        change("2024", -3.4),
    ]
    [p] = compute(dataset(rows), [target(value=-18.0)], as_of=2024, explain=True)
    assert p.achieved == pytest.approx(-8.6)
    assert p.alternatives == [
        "chaining 2021-2023 and 2024: -7.84%",
        "chaining 4 annual figures: -7.81%",
    ]
    assert [alt.value for alt in p.chains] == [
        pytest.approx((0.954 * 0.966 - 1) * 100),
        pytest.approx((0.962 * 0.992 * 1.0 * 0.966 - 1) * 100),
    ]
