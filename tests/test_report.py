"""``ccnt report``: the pages written, what they say (worked by hand on the mini folder), that
text is escaped, that every link inside the site resolves, Chinese pages, and that an earlier
report is replaced whole while any other folder is refused. The browser tests are in
tests/test_browser.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import MINI, Invoke

from ccnt_cli.dataset import load
from ccnt_cli.explain import explain


class Page(HTMLParser):
    """The links, ids, charts and table cells of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.svgs: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.th = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "link" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "script":
            self.scripts.append(str(a.get("src")))
        if tag == "svg":
            self.svgs.append(a)
        if tag == "th":
            self.th += 1


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every link inside the site that does not lead to a file (and an id in it)."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a source on the web: outside the site
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href}")
            elif parts.fragment and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no such id)")
    return broken


@pytest.fixture
def site(ccnt: Invoke, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    r = ccnt("report", "-o", str(out), "--as-of", "2024")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"wrote 11 pages (6 targets) to {out}; open {out / 'index.html'}\n"
    return out


def test_pages_written(site: Path) -> None:
    ds = load(MINI)
    assert sorted(p.name for p in (site / "targets").iterdir()) == sorted(
        f"{t}.html" for t in ds.targets
    )
    # regions with targets, and the regions above them
    assert sorted(p.name for p in (site / "regions").iterdir()) == [
        "china.html",
        "shandong.html",
        "yantai.html",
    ]
    assert {p.name for p in site.iterdir()} >= {"index.html", "about.html", "style.css"}


def test_every_link_inside_the_site_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_pages_are_self_contained_and_accessible(site: Path) -> None:
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('<!doctype html>\n<html lang="en">'), path
        page = parse(path)
        assert all(src in ("filter.js", "None") for src in page.scripts)  # no CDN, no inline
        assert not [h for h in page.links if h.endswith(".css") and "://" in h]
        for svg in page.svgs:
            assert svg.get("role") == "img" and svg.get("aria-label"), path
        assert text.count("<thead>") == text.count("<table"), path  # tables have headers
        assert page.th >= text.count("<table"), path
    css = (site / "style.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".s-off-track { background: #d97706; }" in css


def test_target_page_shows_the_explanation(site: Path) -> None:
    ds = load(MINI)
    e = explain(ds, ds.targets["cn-energy-intensity"], 2024)
    text = (site / "targets" / "cn-energy-intensity.html").read_text(encoding="utf-8")
    for line in e.arithmetic():  # exactly as --explain gives it
        assert line in text
    assert "achieved = (1 + r1) x (1 + r2) - 1 = 0.927 x 0.962 - 1 = -10.8226% (2020-2024)" in text
    assert "<blockquote>energy intensity down 13.5%</blockquote>" in text
    assert '<span class="status s-off-track">off-track</span>' in text
    assert "data/actuals.csv:2" in text and "data/actuals.csv:3" in text  # rows used
    assert "Test five-year plan" in text and "Test issuer" in text
    # the chart's alt text says what it shows
    assert 'aria-label="China: Energy consumption per unit of GDP (off-track). ' in text
    assert "reported 2024: 89.18. target: 86.5" in text


def test_index_counts_and_table(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "6 targets · as of 2024" in text
    rows = re.findall(r'<tr data-search="([^"]*)">', text)
    assert len(rows) == 6
    assert any("cn-energy-intensity" in r and "off-track" in r for r in rows)
    assert 'href="index.html?q=china#targets">China</a>' in text


def test_text_is_escaped(ccnt: Invoke, copy_mini: Path, tmp_path: Path) -> None:
    plans = copy_mini / "targets" / "national" / "plans.yaml"
    plans.write_text(
        plans.read_text(encoding="utf-8").replace(
            'text: "energy intensity down 13.5%"', 'text: "<script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert ccnt("report", "-o", str(out), data_dir=copy_mini).exit_code == 0
    page = (out / "targets" / "cn-energy-intensity.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_chinese_report(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = ccnt("report", "-o", str(out), "--as-of", "2024", env={"CCNT_LANG": "zh"})
    assert r.exit_code == 0, r.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in index
    assert "全部目标" in index and "进度滞后" in index and "截至2024年" in index
    china = (out / "regions" / "china.html").read_text(encoding="utf-8")
    assert "<h1>中国 <small>China</small></h1>" in china
    # pue has no Chinese name: its English one, never an empty cell
    assert "<td>Data-centre power usage effectiveness</td>" in china
    target = (out / "targets" / "cn-energy-intensity.html").read_text(encoding="utf-8")
    assert "计算过程" in target and "单位GDP能耗" in target
    assert broken_links(out) == []


def test_a_folder_that_is_not_a_report_is_refused(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    r = ccnt("report", "-o", str(out))
    assert r.exit_code == 2
    assert "is not empty and holds no ccnt report" in r.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # nothing half-written beside it


def test_an_earlier_report_is_replaced_whole(ccnt: Invoke, site: Path) -> None:
    (site / "targets" / "stale.html").write_text("old", encoding="utf-8")
    assert ccnt("report", "-o", str(site), "--region", "Yantai").exit_code == 0
    assert sorted(p.name for p in (site / "targets").iterdir()) == ["yantai-pv.html"]
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_report_takes_the_filters_of_progress(ccnt: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = ccnt("report", "-o", str(out), "--as-of", "2024", "--status", "off-track")
    assert r.exit_code == 0, r.stderr
    assert [p.name for p in (out / "targets").iterdir()] == ["cn-energy-intensity.html"]
    r = ccnt("report", "-o", str(out), "--region", "Shandong", "--kind", "level")
    assert sorted(p.name for p in (out / "targets").iterdir()) == ["yantai-pv.html"]
    assert sorted(p.name for p in (out / "regions").iterdir()) == [
        "china.html",
        "shandong.html",
        "yantai.html",
    ]
    assert ccnt("report", "-o", str(out), "--status", "finished").exit_code == 2
