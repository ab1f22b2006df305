"""``ccnt chart``: what a chart shows (worked by hand on the mini folder), the files it writes
(SVG text stays text; a PNG of the right size that is not blank), Chinese labels, the terminal
chart, and the errors a person can act on."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from conftest import MINI, Invoke

from ccnt_cli import i18n
from ccnt_cli.charts import mpl
from ccnt_cli.charts.model import number, target_chart
from ccnt_cli.dataset import default_root, load
from ccnt_cli.explain import explain, explain_many

# cn-energy-intensity in mini: -13.5% from 2020 by 2025; rows -7.3% (2021-2023) and -3.8% (2024).
# Index: 100 x 0.927 = 92.7 in 2023; 100 x 0.927 x 0.962 = 89.1774 in 2024; the target 86.5.
# Steady path: 100 x 0.865 ** (4/5) = 89.0457 in 2024. Pace so far 0.891774 ** (1/4) - 1 =
# -2.82%/yr, slower than the -3.00% still required in 2025: off-track.


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def not_blank(path: Path) -> float:
    """The share of pixels that are not the background."""
    from matplotlib.image import imread

    pixels = imread(str(path))[:, :, :3]
    background = pixels[0, 0]
    return float((abs(pixels - background).sum(axis=2) > 0.05).mean())


def test_change_target_is_drawn_as_an_index() -> None:
    ds = load(MINI)
    chart = target_chart(ds, explain(ds, ds.targets["cn-energy-intensity"], 2024))
    assert chart.index_base == 2020
    assert [(y, round(v, 4)) for y, v in chart.achieved] == [
        (2020, 100.0),
        (2023, 92.7),
        (2024, 89.1774),
    ]
    assert chart.goal == pytest.approx(86.5) and chart.goal_year == 2025
    path = dict(chart.path)
    assert sorted(path) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert path[2020] == pytest.approx(100) and path[2025] == pytest.approx(86.5)
    assert path[2024] == pytest.approx(100 * 0.865 ** (4 / 5))  # 89.0457
    assert chart.status == "off-track" and "(off-track)" in chart.title
    assert chart.y_label == "Index, 2020 = 100"
    assert chart.gap_label == "gap to target: -3.002%"
    # the rows as reported, in the second panel, both used
    assert [(m.start, m.year, m.value, m.used) for m in chart.reported] == [
        (2021, 2023, -7.3, True),
        (2024, 2024, -3.8, True),
    ]


def test_the_chart_path_is_the_engines_steady_path() -> None:
    """No figure is computed for a chart: where a result has ``expected``, the path drawn
    passes through it at the latest year (every target of the bundled data)."""
    ds = load(default_root())
    checked = 0
    for e in explain_many(ds, list(ds.targets.values()), 2025):
        p = e.progress
        if p.expected is None or p.latest_year is None:
            continue
        chart = target_chart(ds, e)
        shift = 100 if e.target.kind == "change" else 0
        assert dict(chart.path)[p.latest_year] == pytest.approx(p.expected + shift)
        assert chart.achieved[-1] == (p.latest_year, pytest.approx(p.achieved + shift))
        checked += 1
    assert checked >= 5


def test_level_target_rows_used_filled_and_the_rest_hollow() -> None:
    ds = load(MINI)
    chart = target_chart(ds, explain(ds, ds.targets["cn-non-fossil"], 2026))
    assert [(m.year, m.value, m.used) for m in chart.marks] == [(2024, 19.8, True)]
    assert chart.band == (pytest.approx(19.6), pytest.approx(20.4))  # about 20%: +-2% of it
    assert chart.status == "awaiting-data"


def test_svg_keeps_its_text_and_shows_the_numbers(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "ei.svg"
    r = ccnt("chart", "cn-energy-intensity", "--as-of", "2024", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"wrote {out}\n"
    svg = out.read_text(encoding="utf-8")
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for expected in (
        "China: Energy consumption per unit of GDP (off-track)",
        "Index, 2020 = 100",
        "target ≤ 86.5",
        "89.18",
        "gap to target: -3.002%",
        "Source: fixture",
    ):
        assert expected in texts, expected
    assert "Date" not in svg.split("<svg", 1)[0]  # no creation date: the same data, the same file


def test_png_has_the_right_size_and_is_not_blank(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "ei.png"
    assert ccnt("chart", "cn-energy-intensity", "--as-of", "2024", "-o", str(out)).exit_code == 0
    assert png_size(out) == (1200, 750)
    assert not_blank(out) > 0.02
    assert not list(tmp_path.glob(".*"))  # the temporary file was renamed, not left behind


def test_chinese_chart(ccnt: Invoke, tmp_path: Path, cjk_font: str) -> None:
    out = tmp_path / "ei.svg"
    r = ccnt("chart", "cn-energy-intensity", "--as-of", "2024", "--lang", "zh", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    svg = out.read_text(encoding="utf-8")
    assert "中国: 单位GDP能耗 (进度滞后)" in svg
    assert "指数（2020年 = 100）" in svg
    assert "截至2024年" in svg
    assert cjk_font in svg  # the CJK font is named for the text


def test_name_without_chinese_form_falls_back_to_english(tmp_path: Path) -> None:
    ds = load(MINI)
    ind = ds.indicators["energy-intensity"]
    assert i18n.name(ind, "zh") == (ind.name_zh or ind.name) != ""
    region = ds.regions["china"]
    region.name_zh = None
    assert i18n.name(region, "zh") == "China"


def test_missing_cjk_font_is_a_clear_error(
    ccnt: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mpl, "CJK_FONTS", ("No Such Font",))
    monkeypatch.setattr(mpl, "CJK_FILES", ("nosuchfont",))
    out = tmp_path / "ei.png"
    r = ccnt("chart", "cn-energy-intensity", "--lang", "zh", "-o", str(out))
    assert r.exit_code == 2
    assert "fonts-noto-cjk" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()
    # English text needs no CJK font
    assert ccnt("chart", "cn-energy-intensity", "-o", str(out)).exit_code == 0


def test_terminal_chart(ccnt: Invoke) -> None:
    r = ccnt("chart", "cn-energy-intensity", "--as-of", "2024")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "China: Energy consumption per unit of GDP (off-track)"
    assert lines[1] == "≤ -13.5% by 2025 from 2020 · as of 2024"
    row = next(line for line in lines if line.startswith("  2024"))
    assert "89.18" in row and "steady path 89.05" in row and "◂ as of 2024" in row
    assert any("◆ target ≤ 86.5" in line for line in lines if line.startswith("  2025"))


def test_many_targets_bars(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "pv.svg"
    r = ccnt("chart", "solar-pv-capacity", "--as-of", "2026", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    svg = out.read_text(encoding="utf-8")
    # yantai-pv: >= 9,000 MW by 2025, 6,000 MW (600万千瓦) in 2023, growing from zero: 67%
    assert "Yantai" in svg and "67%" in svg and "awaiting-data" in svg
    assert "1 without a share of the way covered (no-data): not drawn" in svg
    text = ccnt("chart", "solar-pv-capacity", "--as-of", "2026").stdout
    assert re.search(r"Yantai\s+█+.*\s67%\s+awaiting-data", text)


def test_small_multiples(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "pv.png"
    r = ccnt("chart", "solar-pv-capacity", "--small", "--as-of", "2026", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert not_blank(out) > 0.01


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cn-energy-intensity", "-o", "x.pdf"], "neither .png nor .svg"),
        (["cn-energy-intensty"], "did you mean 'cn-energy-intensity'"),
        (["cn-energy-intensity", "--lang", "fr"], "'fr' is not one of"),
    ],
)
def test_usage_errors(ccnt: Invoke, args: list[str], message: str) -> None:
    r = ccnt("chart", *args)
    assert r.exit_code == 2
    assert message in r.stderr


def test_numbers_on_charts() -> None:
    assert number(1234.5) == "1,234"  # four significant digits, thousands separated
    assert number(9000) == "9,000"
    assert number(-12345.678) == "-12,346"
    assert number(86.5) == "86.5"
    assert number(1e10) == "10,000,000,000"
    assert number(0.00123) == "0.00123"


def test_the_readme_chart_is_committed_and_regenerated_by_its_command() -> None:
    root = Path(__file__).resolve().parent.parent
    png = root / "docs" / "energy-intensity-14th-fyp.png"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "](docs/energy-intensity-14th-fyp.png)" in readme
    assert (
        "`ccnt chart cn-energy-intensity-14th-fyp --as-of 2024 --known-at 2025-03-31 "
        "-o docs/energy-intensity-14th-fyp.png`" in readme
    )
    assert png_size(png) == (1200, 750)
    assert not_blank(png) > 0.02
