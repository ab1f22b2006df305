"""Charts as PNG or SVG files, drawn with matplotlib (imported only here, only when drawing).

The object-oriented API on the Agg canvas (no pyplot, no global figure state); SVG keeps its
text as text (``svg.fonttype: none``) and files carry no creation date, so the same data draws
the same file. Chinese text needs a CJK font: one found on the system, or ``FontMissing``
naming the package to install.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ccnt_cli.charts.model import (
    BASIS_COLOURS,
    COMPARATOR_SIGNS,
    STATUS_COLOURS,
    BarChart,
    TargetChart,
    number,
)
from ccnt_cli.errors import CcntError, ExitCode

FORMATS = (".png", ".svg")
WIDTH, HEIGHT, DPI = 8.0, 5.0, 150  # a single target: 1200 x 750 pixels
#: CJK fonts looked for, in order (names as fonts declare them)
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Sans CJK JP",
)
#: file names of those fonts, for a font installed after matplotlib's font list was made
CJK_FILES = ("notosanscjk", "notosanssc", "sourcehansans", "wqy", "droidsansfallback")
INK, GREY, LIGHT = "#1f2937", "#6b7280", "#e5e7eb"


class FontMissing(CcntError):
    exit_code = ExitCode.USAGE_OR_INVALID_INPUT


def has_cjk(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def cjk_font() -> str:
    """The name of a CJK font matplotlib can use, or ``FontMissing``."""
    from matplotlib import font_manager

    def known() -> set[str]:
        return {f.name for f in font_manager.fontManager.ttflist}

    names = known()
    for name in CJK_FONTS:
        if name in names:
            return name
    # installed after matplotlib listed the system's fonts: add the files themselves
    for path in font_manager.findSystemFonts():
        if any(key in Path(path).name.lower().replace("-", "") for key in CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    names = known()
    for name in CJK_FONTS:
        if name in names:
            return name
    raise FontMissing(
        "no font with Chinese characters found for the chart; install one, e.g. "
        "`apt-get install fonts-noto-cjk` (Debian, Ubuntu) or `dnf install "
        "google-noto-sans-cjk-fonts` (Fedora), or draw it with --lang en"
    )


def _style(texts: Sequence[str]) -> dict[str, Any]:
    fonts = ["DejaVu Sans"]
    if any(has_cjk(t) for t in texts):
        fonts.insert(0, cjk_font())
    return {
        "svg.fonttype": "none",  # SVG text stays text: selectable, searchable
        "svg.hashsalt": "ccnt",  # the same ids in every run
        "font.family": "sans-serif",
        "font.sans-serif": fonts,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.labelcolor": INK,
        "xtick.color": GREY,
        "ytick.color": GREY,
    }


def _texts(chart: TargetChart) -> list[str]:
    return [chart.title, chart.subtitle, chart.caption, chart.y_label, *chart.labels.values()]


def save(fig: Any, path: Path) -> None:
    """Write the figure whole or not at all (a temporary file renamed)."""
    fmt = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=fmt, dir=path.parent)
    os.close(fd)
    try:
        meta = {"Date": None} if fmt == ".svg" else {"Software": None}
        fig.savefig(tmp, format=fmt[1:], metadata=meta, dpi=DPI)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _axes_format(ax: Any, y_label: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    ax.set_ylabel(y_label)
    ax.grid(axis="y", color=LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)


def draw_target(ax: Any, chart: TargetChart, small: bool = False) -> None:
    """The main panel of one target: figures, steady path, target, as-of year."""
    colour = STATUS_COLOURS.get(chart.status, INK)
    size = 3 if small else 5
    if chart.path:
        xs, ys = zip(*chart.path, strict=True)
        ax.plot(xs, ys, ls="--", lw=1, color=GREY, label=chart.labels["steady path"])
    if chart.marks:  # a level target: its series, thin, through every figure of its basis
        series = sorted((m.year, m.value) for m in chart.marks if m.basis == chart.bases[0])
        if len(series) > 1:
            xs, ys = zip(*series, strict=True)
            ax.plot(xs, ys, "-", lw=0.8, color=BASIS_COLOURS[0], alpha=0.6)
    elif chart.achieved:  # the engine's chain, on the index or as a running sum
        xs, ys = zip(*chart.achieved, strict=True)
        ax.plot(
            xs, ys, "-o", lw=1.6, ms=size, color=BASIS_COLOURS[0], label=chart.labels["reported"]
        )
    for i, basis in enumerate(chart.bases):
        shade = BASIS_COLOURS[i % len(BASIS_COLOURS)]
        for used in (True, False):
            pts = [m for m in chart.marks if m.basis == basis and m.used is used]
            if not pts:
                continue
            label = chart.labels["reported" if used else "reported (not used)"]
            if len(chart.bases) > 1:
                label += f" · {basis or '-'}"
            ax.plot(
                [m.year for m in pts],
                [m.value for m in pts],
                "o",
                ms=size + 1,
                color=shade,
                mfc=shade if used else "white",
                label=label,
            )
    if chart.goal is not None:
        sign = COMPARATOR_SIGNS.get(chart.comparator or "", "")
        text = f"{chart.labels['target']} {sign} {number(chart.goal)}"
        if chart.goal_year is None:  # open-ended: a standing level
            ax.axhline(chart.goal, color=colour, lw=1.2)
            if chart.band:
                ax.axhspan(*chart.band, color=colour, alpha=0.12, lw=0)
        else:
            if chart.band:
                ax.fill_between(
                    [chart.goal_year - 0.35, chart.goal_year + 0.35],
                    chart.band[0],
                    chart.band[1],
                    color=colour,
                    alpha=0.2,
                    lw=0,
                )
            ax.plot([chart.goal_year], [chart.goal], "D", ms=size + 2, color=colour)
        if not small:
            x = chart.goal_year if chart.goal_year is not None else ax.get_xlim()[0]
            ax.annotate(
                text, (x, chart.goal), xytext=(6, 6), textcoords="offset points", color=colour
            )
    ax.axvline(chart.as_of, color=GREY, lw=0.8, ls=":")
    if chart.achieved and not small:
        year, value = chart.achieved[-1]
        label = number(value) + (f"  ({chart.gap_label})" if chart.gap_label else "")
        ax.annotate(
            label,
            (year, value),
            xytext=(-8, -16),
            textcoords="offset points",
            color=INK,
            ha="right",
        )
    span = chart.years() or (chart.as_of, chart.as_of)
    first, last = min(span[0], chart.as_of), max(span[1], chart.as_of)
    if last - first < 3:
        first = last - 3
    ax.set_xlim(first - 0.5, last + (0.5 if small else 1.3))
    if not chart.achieved and not chart.marks:
        ax.text(
            0.5,
            0.5,
            chart.status_label,
            transform=ax.transAxes,
            ha="center",
            color=GREY,
            fontsize=8 if small else 11,
        )
    _axes_format(ax, "" if small else chart.y_label)


def _draw_reported(ax: Any, chart: TargetChart) -> None:
    """The rows as reported (changes in %, or flows), one colour per basis, hollow if not used."""
    for i, basis in enumerate(chart.bases):
        shade = BASIS_COLOURS[i % len(BASIS_COLOURS)]
        for m in (m for m in chart.reported if m.basis == basis):
            if m.start != m.year:
                ax.plot([m.start, m.year], [m.value, m.value], color=shade, lw=1, alpha=0.7)
            ax.plot([m.year], [m.value], "s", ms=4, color=shade, mfc=shade if m.used else "white")
    ax.axhline(0, color=GREY, lw=0.6)
    if len(chart.bases) > 1:
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                ls="",
                marker="s",
                ms=4,
                color=BASIS_COLOURS[i % len(BASIS_COLOURS)],
                label=f"{chart.labels['basis']}: {basis or '-'}",
            )
            for i, basis in enumerate(chart.bases)
        ]
        ax.legend(handles=handles, loc="best", frameon=False, fontsize=6.5)
    _axes_format(ax, chart.reported_label)
    ax.set_ylabel(chart.reported_label, fontsize=7)


def write_target(chart: TargetChart, path: Path) -> None:
    """One target's chart to a PNG or SVG file."""
    _write(path, _texts(chart), lambda: target_figure(chart))


def write_bars(path: Path, chart: BarChart) -> None:
    items = chart.items
    texts = [chart.title, chart.subtitle, chart.axis, chart.note]
    texts += [t for b in items for t in (b.label, b.status_label)]
    _write(path, texts, lambda: bars_figure(chart))


def write_small(path: Path, charts: Sequence[TargetChart], title: str, note: str) -> None:
    texts = [title, note, *(t for c in charts for t in (c.title, c.status_label))]
    _write(path, texts, lambda: small_multiples(charts, title, note))


def _write(path: Path, texts: Sequence[str], build: Any) -> None:
    """Draw and save within one style (fonts are looked up when the file is drawn)."""
    import matplotlib

    style: Any = _style(texts)
    with matplotlib.rc_context(style):
        save(build(), path)


def target_figure(chart: TargetChart) -> Any:
    fig = _figure(WIDTH, HEIGHT)
    if chart.reported:
        grid = fig.add_gridspec(2, 1, height_ratios=(3, 1.1), hspace=0.25)
        ax = fig.add_subplot(grid[0])
        low = fig.add_subplot(grid[1], sharex=ax)
    else:
        ax, low = fig.add_subplot(1, 1, 1), None
    fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=0.16)
    draw_target(ax, chart)
    if low is not None:
        _draw_reported(low, chart)
        ax.tick_params(labelbottom=False)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", frameon=False, fontsize=8)
    fig.text(0.01, 0.965, chart.title, fontsize=12, fontweight="bold", color=INK, va="top")
    fig.text(0.01, 0.915, chart.subtitle, fontsize=9, color=GREY, va="top")
    caption = textwrap.fill(chart.caption, 150 if chart.lang == "en" else 80)
    fig.text(0.01, 0.01, caption, fontsize=6.5, color=GREY, va="bottom")
    return fig


def bars_figure(chart: BarChart) -> Any:
    """A sorted bar chart of the share of the way covered (or the gap), coloured by status;
    each bar's SVG element has the id ``bar-<target id>``."""
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    items = chart.items
    height = max(3.0, 1.9 + 0.22 * len(items))
    fig = _figure(WIDTH, height)
    ax = fig.add_subplot(1, 1, 1)
    top = 1 - 0.75 / height
    # room for the longest label (about 10 pixels a letter, twice that a Chinese character)
    longest = max((sum(2 if has_cjk(c) else 1 for c in b.label) for b in items), default=0)
    left = min(0.45, max(0.2, (10 * longest + 24) / (WIDTH * DPI)))
    fig.subplots_adjust(left=left, right=0.93, top=top, bottom=0.8 / height + 0.02)
    ys = list(range(len(items)))[::-1]
    drawn = ax.barh(
        ys,
        [b.value for b in items],
        color=[STATUS_COLOURS.get(b.status, INK) for b in items],
        height=0.7,
    )
    for patch, b in zip(drawn.patches, items, strict=True):
        patch.set_gid(f"bar-{b.id}")
    ax.set_yticks(ys, [b.label for b in items])
    for y, b in zip(ys, items, strict=True):
        ax.annotate(
            b.text,
            (b.value, y),
            xytext=(-3 if b.value < 0 else 3, 0),
            textcoords="offset points",
            ha="right" if b.value < 0 else "left",
            va="center",
            fontsize=7,
            color=INK,
        )
    if chart.gap:  # room for the labels beyond the longest bar, on its side of zero
        lo = min([0.0, *(b.value for b in items)])
        hi = max([0.0, *(b.value for b in items)])
        pad = 0.15 * ((hi - lo) or 1.0)
        ax.set_xlim(lo - pad if lo < 0 else 0, hi + pad if hi > 0 or lo == 0 else 0)
        ax.axvline(0, color=GREY, lw=0.8)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v)))
    else:
        ax.set_xlim(0, 108)
        ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel(chart.axis)
    ax.grid(axis="x", color=LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    seen = list(dict.fromkeys((b.status, b.status_label) for b in items))
    fig.legend(
        handles=[Patch(color=STATUS_COLOURS.get(s, INK), label=label) for s, label in seen],
        loc="upper right",
        bbox_to_anchor=(0.98, 1 - 0.4 / height),
        ncol=len(seen),
        frameon=False,
        fontsize=7,
    )
    fig.text(0.01, 1 - 0.12 / height, chart.title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.01, 1 - 0.42 / height, chart.subtitle, fontsize=9, color=GREY, va="top")
    fig.text(0.01, 0.01, chart.note, fontsize=7, color=GREY, va="bottom")
    return fig


def small_multiples(charts: Sequence[TargetChart], title: str, note: str) -> Any:
    """One small panel per target, on a grid."""
    from matplotlib.ticker import MaxNLocator

    cols = min(4, max(1, len(charts)))
    rows = -(-len(charts) // cols) or 1
    fig = _figure(WIDTH * 1.25, 0.6 + 2.1 * rows)
    fig.subplots_adjust(hspace=0.7, wspace=0.35, top=1 - 0.55 / (0.6 + 2.1 * rows))
    for i, chart in enumerate(charts):
        ax = fig.add_subplot(rows, cols, i + 1)
        draw_target(ax, chart, small=True)
        colour = STATUS_COLOURS.get(chart.status, INK)
        ax.set_title(textwrap.shorten(chart.short, 38), fontsize=8, loc="left", color=INK)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        ax.text(0, -0.32, chart.status_label, transform=ax.transAxes, fontsize=7, color=colour)
        ax.tick_params(labelsize=6)
    fig.text(0.01, 0.995, title, fontsize=12, fontweight="bold", va="top")
    fig.text(0.01, 0.002, note, fontsize=7, color=GREY, va="bottom")
    return fig
