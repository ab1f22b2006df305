"""``build``: a static site of progress that a browser opens from ``file://`` with no network.

Pages: ``index.html`` (status counts by level, region, indicator and policy; every target in a
table with a filter box), ``regions/<id>.html`` (a region's targets, a small chart each, its
sub-regions), ``targets/<id>.html`` (goal, verbatim text, policy, chart, the rows used and not
used with why, the arithmetic as ``--explain`` gives it), ``about.html`` (as-of, known-at, data
version, what each status means). Jinja2 templates (imported only here) with autoescape on;
the figures and words come from ``explain`` and ``charts.model``, never computed here. The
site is written to a temporary folder and moved into place whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccnt_cli import __version__, i18n
from ccnt_cli.charts.model import STATUS_COLOURS, goal_text, number, target_chart
from ccnt_cli.charts.svg import svg
from ccnt_cli.errors import OutputError
from ccnt_cli.progress import STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.explain import Explanation
    from ccnt_cli.models import Dataset, Target

HERE = Path(__file__).parent
#: a file in every report folder: a folder holding it may be replaced by a new report
MARKER = ".ccnt-report"
Tick = Callable[[int, int], None]


@dataclass(slots=True)
class Built:
    """What ``build`` wrote."""

    folder: Path
    pages: int
    targets: int


def data_version(ds: Dataset) -> str:
    """A short digest of every data file's path and bytes, and how many files there are."""
    from ccnt_cli.dataset import data_files, rel

    root = Path(ds.root)
    h = hashlib.blake2b(digest_size=6)
    n = 0
    for path in data_files(root):
        h.update(rel(path, root).encode() + b"\0" + path.read_bytes() + b"\0")
        n += 1
    return f"{h.hexdigest()} ({n} files)"


def build(
    ds: Dataset,
    targets: Sequence[Target],
    out: Path,
    as_of: int | None = None,
    known_at: dt.date | None = None,
    lang: str = "en",
    tick: Tick | None = None,
) -> Built:
    """Write the report of ``targets`` to the folder ``out`` (replacing an earlier report)."""
    from ccnt_cli.explain import explain_many

    _check_destination(out)
    year = as_of or dt.date.today().year
    found = explain_many(ds, targets, year, known_at)
    site = Site(ds, found, year, known_at, lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        pages = site.write(tmp, tick)
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Built(out, pages, len(found))


def _check_destination(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file; give a folder for the report")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(
            f"{out} is not empty and holds no ccnt report; choose a new folder or empty it"
        )


def _replace(tmp: Path, out: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)  # as an ordinary folder, not mkdtemp's 0700
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _environment(lang: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value is escaped unless marked safe (the SVG charts)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        _=lambda text, **kw: i18n.tr(text, lang, **kw),
        header=lambda column: i18n.header(column, lang),
        status_label=lambda s: i18n.status(s, lang),
        kind_label=lambda k: i18n.kind(k, lang),
        level_label=lambda v: i18n.level(v, lang),
        lang=lang,
        html_lang="zh-Hans" if lang == "zh" else "en",
        version=__version__,
    )
    env.filters["num"] = lambda v: "" if v is None else number(v, 6)
    env.filters["links"] = links
    return env


def links(text: str | None) -> Any:
    """Text with every http(s) address made a link; everything else escaped."""
    import re

    from markupsafe import Markup, escape

    if not text:
        return ""
    parts = re.split(r"(https?://[^\s;,)]+)", text)
    out = [
        Markup('<a href="{0}">{0}</a>').format(p) if i % 2 else escape(p)
        for i, p in enumerate(parts)
    ]
    return Markup("").join(out)


class Site:
    """The pages of one report."""

    def __init__(
        self,
        ds: Dataset,
        found: list[Explanation],
        as_of: int,
        known_at: dt.date | None,
        lang: str,
    ) -> None:
        self.ds, self.found, self.as_of, self.known_at, self.lang = ds, found, as_of, known_at, lang
        self.env = _environment(lang)
        self.by_region: dict[str, list[Explanation]] = defaultdict(list)
        for e in found:
            self.by_region[e.target.region].append(e)
        self.regions = self._regions_with_pages()

    def _regions_with_pages(self) -> list[str]:
        """Regions with targets in the report, and every region above them."""
        keep: set[str] = set()
        for rid in self.by_region:
            while rid and rid not in keep and rid in self.ds.regions:
                keep.add(rid)
                rid = self.ds.regions[rid].parent or ""
        from ccnt_cli.query import region_order

        order = region_order(self.ds)
        return sorted(keep, key=lambda r: order.get(r, len(order)))

    # ------------------------------------------------------------------ rows

    def name(self, region: str) -> str:
        return i18n.name(self.ds.regions[region], self.lang)

    def row(self, e: Explanation) -> dict[str, Any]:
        """A target as a row of the index and region tables."""
        t, p = e.target, e.progress
        ds, lang = self.ds, self.lang
        region, ind = ds.regions[t.region], ds.indicators[t.indicator]
        policy = ds.policies.get(t.policy)
        words = [
            t.id, t.region, region.name, region.name_zh or "", region.level,
            i18n.level(region.level, lang), t.indicator, ind.name, ind.name_zh or "", t.kind,
            t.policy, policy.title if policy else "", (policy.title_zh or "") if policy else "",
            p.status, i18n.status(p.status, lang), str(t.target_year or ""),
        ]  # fmt: skip
        return {
            "id": t.id,
            "region": t.region,
            "region_name": self.name(t.region),
            "indicator_name": i18n.name(ind, lang),
            "kind": t.kind,
            "goal": goal_text(e, lang),
            "latest": p.latest_year,
            "achieved": p.achieved,
            "unit": e.unit,
            "share": None if p.share_covered is None else round(p.share_covered * 100),
            "status": p.status,
            "search": " ".join(words).casefold(),
        }

    # ------------------------------------------------------------------ pages

    def write(self, root: Path, tick: Tick | None = None) -> int:
        (root / "regions").mkdir()
        (root / "targets").mkdir()
        (root / MARKER).write_text(f"ccnt {__version__}\n", encoding="utf-8")
        shutil.copy(HERE / "static" / "filter.js", root / "filter.js")
        common = {
            "as_of": self.as_of,
            "known_at": self.known_at.isoformat() if self.known_at else None,
        }
        self._page(root / "style.css", "style.css.j2", colours=STATUS_COLOURS)
        rows = [self.row(e) for e in self.found]
        self._page(
            root / "index.html", "index.html.j2", root="", rows=rows,
            counts=self._counts(), statuses=self._statuses(), **common,
        )  # fmt: skip
        self._page(
            root / "about.html", "about.html.j2", root="", statuses=STATUSES,
            rule=lambda s: i18n.status_rule(s, self.lang), data_version=data_version(self.ds),
            **common,
        )  # fmt: skip
        pages = 2
        total = len(self.found) + len(self.regions)
        done = 0
        for e in self.found:
            self._target_page(root, e, common)
            pages += 1
            done += 1
            if tick and done % 100 == 0:
                tick(done, total)
        kept = set(self.regions)
        below: dict[str, list[str]] = defaultdict(list)
        for rid in self.regions:
            parent = self.ds.regions[rid].parent
            if parent in kept:
                below[parent].append(rid)
        for rid in self.regions:
            region = self.ds.regions[rid]
            own = self.by_region.get(rid, [])
            charts = [svg(target_chart(self.ds, e, self.lang)) for e in own]
            self._page(
                root / "regions" / f"{rid}.html", "region.html.j2", root="../",
                region=region, region_name=self.name(rid), level=region.level,
                parent=region.parent if region.parent in kept else None,
                parent_name=self.name(region.parent) if region.parent in kept else None,
                subregions=[(c, self.name(c), len(self.by_region.get(c, []))) for c in below[rid]],
                rows=list(zip([self.row(e) for e in own], charts, strict=True)), **common,
            )  # fmt: skip
            pages += 1
            done += 1
            if tick and done % 100 == 0:
                tick(done, total)
        if tick:
            tick(total, total)
        return pages

    def _target_page(self, root: Path, e: Explanation, common: dict[str, Any]) -> None:
        ds, lang, t, p = self.ds, self.lang, e.target, e.progress
        policy = ds.policies.get(t.policy)
        chart = target_chart(ds, e, lang)
        unit, diff = e.unit, e.diff_unit
        per_year = f"{diff}/yr" if diff else "/yr"
        figures = [
            ("latest_year", None if p.latest_year is None else str(p.latest_year), ""),
            ("achieved", p.achieved, unit),
            ("expected", p.expected, unit),
            ("remaining", p.remaining, diff),
            ("required_annual", p.required_annual, per_year),
            (
                "share_covered",
                None if p.share_covered is None else round(p.share_covered * 100),
                "%",
            ),
            ("basis_used", p.basis_used, ""),
        ]
        self._page(
            root / "targets" / f"{t.id}.html", "target.html.j2", root="../", e=e, t=t, p=p,
            goal=goal_text(e, lang), region_name=self.name(t.region), indicator_name=i18n.name(ds.indicators[t.indicator], lang),
            policy=policy, policy_title=i18n.title(policy, lang) if policy else "",
            chart=svg(chart, 640, 240), figures=[f for f in figures if f[1] is not None],
            arithmetic=e.arithmetic(), **common,
        )  # fmt: skip

    def _statuses(self) -> list[str]:
        seen = {e.progress.status for e in self.found}
        return [s for s in STATUSES if s in seen]

    def _counts(self) -> list[tuple[str, str, list[tuple[str, str, str, Counter[str]]]]]:
        """Status counts: (grouping, heading, [(key, label, filter term, counts)])."""
        ds, lang = self.ds, self.lang
        groups: dict[str, dict[str, Counter[str]]] = {
            k: defaultdict(Counter) for k in ("level", "region", "indicator", "policy")
        }
        for e in self.found:
            t, s = e.target, e.progress.status
            groups["level"][ds.regions[t.region].level][s] += 1
            groups["region"][t.region][s] += 1
            groups["indicator"][t.indicator][s] += 1
            groups["policy"][t.policy][s] += 1
        labels: dict[str, Callable[[str], str]] = {
            "level": lambda k: i18n.level(k, lang),
            "region": self.name,
            "indicator": lambda k: i18n.name(ds.indicators[k], lang),
            "policy": lambda k: i18n.title(ds.policies[k], lang) if k in ds.policies else k,
        }
        headings = {"level": "By level", "region": "By region", "indicator": "By indicator",
                    "policy": "By policy"}  # fmt: skip
        out = []
        for key, heading in headings.items():
            rows = [(k, labels[key](k), k, c) for k, c in groups[key].items()]
            if key != "region":
                rows.sort(key=lambda r: (-sum(r[3].values()), r[1]))
            out.append((key, heading, rows))
        return out

    def _page(self, path: Path, template: str, **context: Any) -> None:
        text = self.env.get_template(template).render(**context)
        path.write_text(text, encoding="utf-8")
