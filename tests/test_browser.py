"""The report in a real browser: Debian's headless Chromium, driven over the DevTools protocol
(tests/cdp.py). Pages render (the screenshot is not blank), nothing is logged as an error, the
filter box filters as a person types, and the links of the pages lead to files of the site.

Run whenever ``CI`` is set (a missing Chromium then fails the run); elsewhere skipped, saying
why, when no Chromium is installed. ``CCNT_SCREENSHOTS=DIR`` keeps the screenshots to look at.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Browser, find_chromium
from conftest import MINI
from test_charts import not_blank, png_size

from ccnt_cli.dataset import default_root, load
from ccnt_cli.query import TargetFilter, filter_targets
from ccnt_cli.report.build import build

pytestmark = pytest.mark.slow

CHROMIUM = find_chromium()
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip(
        "no Chromium on the PATH (apt-get install chromium fonts-noto-cjk); "
        "these tests always run in CI",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None, "CI needs Chromium: .ci/run installs it"
    b = Browser(CHROMIUM)
    yield b
    b.close()


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report of the bundled data's Chinese and Shandong targets, as known in March 2025."""
    import datetime as dt

    ds = load(default_root(), cache=False)
    targets = filter_targets(ds, TargetFilter(region="china"))
    out = tmp_path_factory.mktemp("report") / "site"
    build(ds, targets, out, 2024, dt.date(2025, 3, 31), "en")
    return out


@pytest.fixture(scope="module")
def chinese_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ds = load(MINI, cache=False)
    out = tmp_path_factory.mktemp("report-zh") / "site"
    build(ds, list(ds.targets.values()), out, 2024, None, "zh")
    return out


def shot(browser: Browser, url: str, name: str, tmp_path: Path) -> Path:
    """Open a page, check it logged no error, and keep its screenshot."""
    browser.events.clear()
    browser.open(url)
    assert browser.errors() == []
    keep = os.environ.get("CCNT_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    path.write_bytes(browser.screenshot(full_page=False))
    return path


def test_index_renders(browser: Browser, bundled_site: Path, tmp_path: Path) -> None:
    png = shot(browser, (bundled_site / "index.html").as_uri(), "index", tmp_path)
    assert png_size(png) == (1280, 900)
    assert not_blank(png) > 0.05  # text, badges and tables, not an empty page
    assert browser.evaluate("document.title") == "All targets · ccnt report"
    assert browser.evaluate("document.querySelectorAll('#targets tbody tr').length") > 50


def test_target_page_renders(browser: Browser, bundled_site: Path, tmp_path: Path) -> None:
    page = bundled_site / "targets" / "cn-energy-intensity-14th-fyp.html"
    png = shot(browser, page.as_uri(), "target", tmp_path)
    assert not_blank(png) > 0.05
    # the chart was drawn: an SVG with a polyline of the figures, laid out with a real size
    box = browser.evaluate(
        "(() => { const r = document.querySelector('svg.chart').getBoundingClientRect();"
        " return [r.width, r.height]; })()"
    )
    assert box[0] >= 300 and box[1] >= 100
    assert browser.evaluate("document.querySelectorAll('svg.chart polyline').length") >= 2
    assert "off-track" in browser.evaluate("document.querySelector('.lead').textContent")


def test_filter_box_filters(browser: Browser, bundled_site: Path) -> None:
    index = bundled_site / "index.html"
    html = index.read_text(encoding="utf-8")
    searches = re.findall(r'<tr data-search="([^"]*)">', html)
    expected = sum("carbon intensity" in s or "carbon-intensity" in s for s in searches)
    browser.open(index.as_uri())
    visible = "Array.from(document.querySelectorAll('#targets tbody tr')).filter(r => !r.hidden)"
    assert browser.evaluate(f"{visible}.length") == len(searches)
    browser.type_text("#filter", "carbon-intensity")
    wanted = sum("carbon-intensity" in s for s in searches)
    assert 0 < wanted < len(searches) and expected >= wanted
    assert browser.evaluate(f"{visible}.length") == wanted
    shown = browser.evaluate("document.getElementById('shown').textContent")
    assert shown == f"{wanted} of {len(searches)} targets shown"
    ids = browser.evaluate(f"{visible}.map(r => r.querySelector('td a').textContent)")
    assert "cn-carbon-intensity-14th-fyp" in ids
    browser.type_text("#filter", " zzz-no-such-thing")
    assert browser.evaluate(f"{visible}.length") == 0
    # ?q= fills the box (the links of the status counts use it)
    browser.open(index.as_uri() + "?q=" + "shandong")
    assert browser.evaluate("document.getElementById('filter').value") == "shandong"
    assert browser.evaluate(f"{visible}.length") == sum("shandong" in s for s in searches)
    assert browser.errors() == []


def test_links_resolve_in_the_browser(browser: Browser, bundled_site: Path) -> None:
    """Every link on the index, a region page, a target page and the about page leads to a
    file of the site, opened from file:// (web sources left aside)."""
    pages = [
        "index.html",
        "regions/china.html",
        "targets/cn-energy-intensity-14th-fyp.html",
        "about.html",
    ]
    for name in pages:
        browser.open((bundled_site / name).as_uri())
        hrefs = browser.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
        local = [h for h in hrefs if h.startswith("file://")]
        assert local, name
        for href in local:
            path = Path(json.loads(json.dumps(href))[len("file://") :].split("?")[0].split("#")[0])
            assert path.is_file(), f"{name}: {href}"
    browser.open((bundled_site / "regions" / "china.html").as_uri())
    browser.evaluate("document.querySelector('main table a').click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname").startswith(str(bundled_site / "targets"))
    assert browser.errors() == []


def test_chinese_report_renders(browser: Browser, chinese_site: Path, tmp_path: Path) -> None:
    png = shot(browser, (chinese_site / "index.html").as_uri(), "index-zh", tmp_path)
    assert not_blank(png) > 0.05
    assert browser.evaluate("document.documentElement.lang") == "zh-Hans"
    assert browser.evaluate("document.querySelector('h2').textContent") == "状态统计"
    page = chinese_site / "targets" / "cn-energy-intensity.html"
    png = shot(browser, page.as_uri(), "target-zh", tmp_path)
    assert not_blank(png) > 0.05
    # Chinese text is laid out with a CJK font: a line of it is as wide as its characters
    width = browser.evaluate(
        "(() => { const s = document.createElement('span'); s.textContent = '单位GDP能耗';"
        " document.body.appendChild(s); return s.getBoundingClientRect().width; })()"
    )
    assert width > 60
