"""The status rules of docs/progress.md and the explanation, on hand-worked cases (issue 10,
items 4-13). Each case writes a small data folder: a target and the figures behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HEADER = "region,indicator,period,kind,value,unit,basis,published,source,note\n"


def folder(copy_mini: Path, targets: str, rows: str) -> Path:
    (copy_mini / "targets" / "national" / "case.yaml").write_text(
        "policies: []\ntargets:\n" + targets, encoding="utf-8"
    )
    (copy_mini / "data" / "case.csv").write_text(HEADER + rows, encoding="utf-8")
    return copy_mini


def progress(ccnt, root: Path, tid: str, *args: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--format", "csv", *args, data_dir=root)
    assert r.exit_code == 0, r.stderr
    header, *rows = r.stdout.splitlines()
    import csv

    for row in csv.DictReader([header, *rows]):
        if row["id"] == tid:
            return dict(row)
    raise AssertionError(f"{tid} not in the output")


WIND = """  - id: wind
    region: china
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 25000, unit: MW}
"""


def test_about_is_not_met_before_the_target_year(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 4: about 20% by 2025, 19.8% in 2024: inside the band, but the 2025 figure decides."""
    row = progress(ccnt, copy_mini, "cn-non-fossil", "--as-of", "2024")
    assert (row["status"], row["share_covered"]) == ("on-track", "0.99")
    assert (row["remaining"], row["remaining_unit"]) == ("0.2", "pp")  # item 7: 20 - 19.8 points
    (copy_mini / "data" / "late.csv").write_text(
        HEADER + "china,non-fossil-share-energy,2025,level,19.7,%,,2026,t,\n", encoding="utf-8"
    )
    assert progress(ccnt, copy_mini, "cn-non-fossil", "--as-of", "2026")["status"] == "met"


def test_one_sided_goal_reached_early_is_met(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    root = folder(copy_mini, WIND, "china,solar-pv-capacity,2023,level,26000,MW,,2024,t,\n")
    for as_of in ("2024", "2026"):
        assert progress(ccnt, root, "wind", "--as-of", as_of)["status"] == "met"


def test_deadline_passed_without_the_target_years_figure(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 5: as of 2026, a 2025 goal with figures up to 2024 only awaits the 2025 figure."""
    rows = "china,solar-pv-capacity,2022,level,20000,MW,,2023,t,\nchina,solar-pv-capacity,2024,level,23020,MW,,2025,t,\n"
    root = folder(copy_mini, WIND, rows)
    row = progress(ccnt, root, "wind", "--as-of", "2026")
    assert (row["status"], row["latest_year"], row["achieved"]) == (
        "awaiting-data",
        "2024",
        "23020",
    )


def test_one_figure_and_no_baseline_has_no_trend(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 6: 25,000 MW by 2025, one figure of 23,020 MW (2024): 1,980 MW to go in a year;
    the share grows from zero, 23,020 / 25,000 = 0.921, and no earlier row moves it."""
    root = folder(copy_mini, WIND, "china,solar-pv-capacity,2024,level,23020,MW,,2025,t,\n")
    row = progress(ccnt, root, "wind", "--as-of", "2024")
    assert (row["status"], row["achieved"], row["remaining"], row["required_annual"]) == (
        "no-trend",
        "23020",
        "1980",
        "1980",
    )
    assert (row["share_covered"], row["remaining_unit"]) == ("0.921", "MW")
    (root / "data" / "earlier.csv").write_text(
        HEADER + "china,solar-pv-capacity,2022,level,5000,MW,,2023,t,\n", encoding="utf-8"
    )
    row = progress(ccnt, root, "wind", "--as-of", "2024")
    # a pace now: (23020 - 5000) / 2 = 9010 MW/yr against 1980 needed
    assert (row["status"], row["share_covered"]) == ("on-track", "0.921")


def test_open_ended_goals_hold_or_not(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    targets = """  - id: pue-standing
    region: china
    policy: cn-fyp
    indicator: pue
    kind: level
    target: {value: 1.3}
    comparator: "<"
"""
    root = folder(copy_mini, targets, "china,pue,2023,level,1.35,,,2024,t,\n")
    row = progress(ccnt, root, "pue-standing", "--as-of", "2024")
    assert (row["status"], row["target_year"], row["remaining"]) == ("does-not-hold", "", "-0.05")
    (root / "data" / "later.csv").write_text(HEADER + "china,pue,2024,level,1.28,,,2025,t,\n")
    assert progress(ccnt, root, "pue-standing", "--as-of", "2025")["status"] == "holds"


INCREMENT = """  - id: add-pv
    region: china
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: increment
    baseline: {year: 2020}
    target: {year: 2025, value: 1500, unit: MW}
"""


def test_explain_increment_subtracts(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 9: from two levels, achieved is 1100 - 200, not 200 + 1100; item 10: each value is
    shown with its unit once (600万千瓦, not 600万千瓦 万千瓦)."""
    rows = "china,solar-pv-capacity,2020,level,200,MW,,2021,t,\nchina,solar-pv-capacity,2024,level,1100000,kW,,2025,t,\nchina,solar-pv-capacity,2023,level,600万千瓦,,,2024,t,\n"
    root = folder(copy_mini, INCREMENT, rows)
    r = ccnt("progress", "--explain", "add-pv", "--as-of", "2024", data_dir=root)
    assert r.exit_code == 0, r.stderr
    assert "  achieved = level 2024 - level 2020 = 1100 - 200 = 900 MW\n" in r.stdout
    assert "  remaining = target - achieved = 1500 - 900 = 600 MW\n" in r.stdout
    assert "2023 level 600万千瓦  basis=-" in r.stdout
    assert "2024 level 1100000 kW  basis=-" in r.stdout


def test_explain_words_the_true_reasons(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 11: a row of the baseline year is not "off the chain with the fewest links"; and
    the explanation does not send the reader to itself."""
    rows = "china,energy-intensity,2020,change,-0.1,%,revised,2021,t,\n"
    (copy_mini / "data" / "base.csv").write_text(HEADER + rows, encoding="utf-8")
    r = ccnt("progress", "--explain", "cn-energy-intensity", "--as-of", "2024", data_dir=copy_mini)
    assert (
        "2020 change -0.1%  basis=revised published=2021: starts in or before the baseline "
        "year 2020: the target counts from the end of 2020\n"
    ) in r.stdout
    assert "--explain" not in r.stdout


def test_known_at_note_names_the_known_figures(ccnt, copy_mini: Path) -> None:  # type: ignore[no-untyped-def]
    """Item 12: as of 2022, known at 2023-01-01, the figures known end 2021 (the 2022 one was
    published later)."""
    targets = """  - id: annual-2022
    region: china
    policy: cn-fyp
    indicator: energy-intensity
    kind: change
    baseline: {year: 2021}
    target: {year: 2022, value: -3, unit: "%"}
    basis: revised
"""
    rows = "china,energy-intensity,2021,change,-2.7,%,revised,2022-02,t,\nchina,energy-intensity,2022,change,-0.1,%,revised,2023-02,t,\n"
    root = folder(copy_mini, targets, rows)
    row = progress(ccnt, root, "annual-2022", "--as-of", "2022", "--known-at", "2023-01-01")
    assert row["note"] == (
        "nothing to measure yet: the baseline is 2021 and the figures known end 2021"
    )


def test_explain_json_and_markdown(ccnt) -> None:  # type: ignore[no-untyped-def]
    """Item 13 (and 8): a structured explanation: rows used and not used with reasons, each
    step of the arithmetic with its inputs and result, the tolerance of an about goal."""
    r = ccnt("progress", "--explain", "cn-energy-intensity", "--as-of", "2024", "-f", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["status"] == "off-track"
    assert [(u["period"], u["factor"]) for u in doc["rows_used"]] == [
        ("2021-2023", 0.927),
        ("2024", 0.962),
    ]
    achieved = doc["arithmetic"][0]
    assert achieved == {
        "name": "achieved",
        "formula": "(1 + r1) x (1 + r2) - 1",
        "work": "0.927 x 0.962 - 1",
        "value": pytest.approx(-10.8226, abs=1e-4),
        "unit": "%",
        "note": "2020-2024",
    }
    assert [c["name"] for c in doc["arithmetic"]] == [
        "achieved",
        "remaining",
        "required per year",
        "pace so far",
        "expected on a steady path",
    ]
    md = ccnt("progress", "--explain", "cn-energy-intensity", "--as-of", "2024", "-f", "md")
    assert md.stdout.startswith("## cn-energy-intensity\n")
    assert (
        "| data/actuals.csv:2 | 2021-2023 | change | -7.3% | revised | 2025-03 | fixture |"
        in md.stdout
    )
    about = ccnt("progress", "--explain", "cn-non-fossil", "--as-of", "2024")
    assert (
        "  about (~): within 2% of the target, 19.6% to 20.4%, or beyond it in the direction of "
        "progress\n"
    ) in about.stdout
    doc = json.loads(ccnt("progress", "--explain", "cn-non-fossil", "-f", "json").stdout)
    assert doc["target"]["tolerance"] == [19.6, 20.4]
