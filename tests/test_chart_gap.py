"""``ccnt chart INDICATOR --gap``: each target's gap to its goal (``remaining`` in
``remaining_unit``, as ``ccnt progress`` reports them), largest first, coloured by status, in PNG,
SVG and the terminal; gaps in different units are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Invoke

from ccnt_cli.charts.model import STATUS_COLOURS

# Three PV level targets of 2025 as of 2026, in MW:
#   guangdong-pv >= 20,000, 15,000 in 2024: gap 5,000, awaiting-data, share 75%
#   yantai-pv    >= 9,000,  6,000 in 2023:  gap 3,000, awaiting-data, share 67%
#   shenzhen-pv  >= 1,000,  1,200 in 2024:  gap 0, met, share 100%
# shandong-pv (an increment with no figure) has neither: no-data, not drawn.
MORE_TARGETS = """
  - id: guangdong-pv
    region: guangdong
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 20000, unit: MW}
  - id: shenzhen-pv
    region: shenzhen
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 1000, unit: MW}
"""
MORE_ROWS = (
    "guangdong,solar-pv-capacity,2024,level,15000,MW,,2025,fixture,\n"
    "shenzhen,solar-pv-capacity,2024,level,1200,MW,,2025,fixture,\n"
)
# a change target of the same indicator: +60% from 2020 (10,000 MW) to 2025; 15,000 MW in 2024
# is +50%, so its gap is 1.6 / 1.5 - 1 = 6.667%, a relative change that no MW converts to
CHANGE_TARGET = """
  - id: guangdong-pv-growth
    region: guangdong
    policy: cn-fyp
    indicator: solar-pv-capacity
    kind: change
    baseline: {year: 2020}
    target: {year: 2025, value: 60, unit: "%"}
"""
CHANGE_ROWS = "guangdong,solar-pv-capacity,2020,level,10000,MW,,2021,fixture,\n"


def pv_folder(root: Path, *, change: bool = False) -> Path:
    plans = root / "targets" / "national" / "plans.yaml"
    actuals = root / "data" / "actuals.csv"
    extra = MORE_TARGETS + (CHANGE_TARGET if change else "")
    plans.write_text(plans.read_text(encoding="utf-8") + extra, encoding="utf-8")
    rows = MORE_ROWS + (CHANGE_ROWS if change else "")
    actuals.write_text(actuals.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return root


def draw(ccnt: Invoke, root: Path, name: str, *more: str) -> Path:
    """The PV chart of ``pv_folder`` as of 2026, drawn to ``name`` (``more``: other options)."""
    data = pv_folder(root)
    out = root / name
    r = ccnt("chart", "solar-pv-capacity", "--as-of", "2026", *more, "-o", str(out), data_dir=data)
    assert r.exit_code == 0, r.stderr
    return out


def svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_gap_bars_follow_progress_remaining(ccnt: Invoke, copy_mini: Path) -> None:
    data = pv_folder(copy_mini)
    rows = ccnt("progress", "solar-pv-capacity", "--as-of", "2026", "-f", "json", data_dir=data)
    import json

    remaining = {r["id"]: (r["remaining"], r["remaining_unit"]) for r in json.loads(rows.stdout)}
    assert remaining == {
        "guangdong-pv": (5000, "MW"),
        "yantai-pv": (3000, "MW"),
        "shenzhen-pv": (0, "MW"),
        "shandong-pv": (None, "MW"),
    }


def test_gap_svg_sorted_by_gap_with_unit_and_status(ccnt: Invoke, copy_mini: Path) -> None:
    svg = draw(ccnt, copy_mini, "gap.svg", "--gap").read_text(encoding="utf-8")
    # a bar per target, largest gap first, each bar's element named by the target's id
    assert re.findall(r'id="bar-([^"]+)"', svg) == ["guangdong-pv", "yantai-pv", "shenzhen-pv"]
    texts = svg_texts(svg)
    assert [t for t in texts if t.endswith(" MW")] == ["5,000 MW", "3,000 MW", "0 MW"]
    labels = [t for t in texts if t in ("Guangdong", "Yantai", "Shenzhen")]
    assert labels == ["Guangdong", "Yantai", "Shenzhen"]
    assert "Installed solar PV capacity: gap to target" in texts
    assert "gap to target (MW)" in texts  # the value axis, in the indicator's unit
    assert "1 without a gap to target (no-data): not drawn" in texts
    assert "%" not in "".join(t for t in texts if t[:1].isdigit())  # no share on a gap chart
    # coloured by status: the bars' fills, in the same order
    fills = [
        re.search(r"fill: (#[0-9a-f]{6})", part).group(1)  # type: ignore[union-attr]
        for part in re.split(r'id="bar-', svg)[1:]
    ]
    assert fills == [STATUS_COLOURS[s] for s in ("awaiting-data", "awaiting-data", "met")]


def test_share_bars_keep_their_own_order(ccnt: Invoke, copy_mini: Path) -> None:
    """Without --gap, the same targets by share of the way covered: another order."""
    svg = draw(ccnt, copy_mini, "share.svg").read_text(encoding="utf-8")
    assert re.findall(r'id="bar-([^"]+)"', svg) == ["shenzhen-pv", "guangdong-pv", "yantai-pv"]
    assert [t for t in svg_texts(svg) if t.endswith("%")][-3:] == ["100%", "75%", "67%"]


def test_gap_in_the_terminal(ccnt: Invoke, copy_mini: Path) -> None:
    data = pv_folder(copy_mini)
    r = ccnt("chart", "solar-pv-capacity", "--gap", "--as-of", "2026", data_dir=data)
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[:4] == [
        "Installed solar PV capacity: gap to target",
        "4 targets · as of 2026",
        "",
        "  gap to target (MW)",
    ]
    bars = lines[4:7]
    assert [line.split()[0] for line in bars] == ["Guangdong", "Yantai", "Shenzhen"]
    assert bars[0].endswith("5,000 MW  awaiting-data")
    assert bars[1].endswith("3,000 MW  awaiting-data")
    assert bars[2].endswith("    0 MW  met")
    # the longest gap fills the bar; the others in proportion (3,000 / 5,000 of 30 cells)
    assert bars[0].count("█") == 30 and bars[1].count("█") == 18 and "█" not in bars[2]
    assert lines[-1] == "1 without a gap to target (no-data): not drawn"


def test_gap_png(ccnt: Invoke, copy_mini: Path) -> None:
    from test_charts import not_blank, png_size

    out = draw(ccnt, copy_mini, "gap.png", "--gap")
    assert png_size(out)[0] == 1200
    assert not_blank(out) > 0.01


def test_gap_of_a_share_is_in_percentage_points(ccnt: Invoke, tmp_path: Path) -> None:
    # cn-non-fossil: about 20% by 2025, 19.8% in 2024: 0.2 pp to go, as progress says
    out = tmp_path / "share.svg"
    r = ccnt("chart", "non-fossil-share-energy", "--gap", "--as-of", "2024", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    texts = svg_texts(out.read_text(encoding="utf-8"))
    assert "gap to target (pp)" in texts and "0.2 pp" in texts


def test_gap_of_change_targets_is_relative(ccnt: Invoke) -> None:
    # cn-energy-intensity: -13.5% by 2025, -10.82% achieved: 0.865 / 0.891774 - 1 = -3.002%
    r = ccnt("chart", "energy-intensity", "--gap", "--as-of", "2024")
    assert r.exit_code == 0, r.stderr
    assert "  gap to target (%)" in r.stdout.splitlines()
    assert re.search(r"China 2025\s+█{30}\s+-3.002%  off-track", r.stdout)
    assert "1 without a gap to target (qualitative): not drawn" in r.stdout


def test_gap_in_chinese(ccnt: Invoke, copy_mini: Path, cjk_font: str) -> None:
    out = draw(ccnt, copy_mini, "gap.svg", "--gap", "--lang", "zh")
    texts = svg_texts(out.read_text(encoding="utf-8"))
    for expected in (
        "光伏装机容量: 距目标差距",
        "距目标差距（MW）",
        "广东省",
        "待公布数据",
        "已达成",
    ):
        assert expected in texts, expected
    assert "1个目标无距目标差距（无数据），未绘出" in texts


def test_gaps_in_different_units_are_refused(ccnt: Invoke, copy_mini: Path) -> None:
    data = pv_folder(copy_mini, change=True)
    r = ccnt("chart", "solar-pv-capacity", "--gap", "--as-of", "2026", data_dir=data)
    assert r.exit_code == 2
    assert (
        "the gaps to target of solar-pv-capacity are in different units: % (change targets), "
        "MW (level targets)" in r.stderr
    )
    assert "--kind" in r.stderr and "Traceback" not in r.stderr
    # one kind at a time
    level = ccnt(
        "chart", "solar-pv-capacity", "--gap", "--as-of", "2026", "--kind", "level", data_dir=data
    )
    assert level.exit_code == 0, level.stderr
    change = ccnt(
        "chart", "solar-pv-capacity", "--gap", "--as-of", "2026", "--kind", "change", data_dir=data
    )
    assert change.exit_code == 0, change.stderr
    assert "  gap to target (%)" in change.stdout.splitlines()
    assert re.search(r"Guangdong\s+█+\s+6.667%\s+awaiting-data", change.stdout)


@pytest.mark.parametrize("args", [["cn-energy-intensity"], ["solar-pv-capacity", "--small"]])
def test_gap_is_for_bars(ccnt: Invoke, args: list[str]) -> None:
    r = ccnt("chart", *args, "--gap")
    assert r.exit_code == 2
    assert "--gap" in r.stderr
