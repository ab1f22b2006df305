"""Chains of reported periods from a baseline year: the one a kind measures by, the others it
sets aside, and the rows left off them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from ccnt_cli.kinds.steps import Alternative, Calc, Step
from ccnt_cli.table import Actual


def chain(rows: Sequence[Actual], start: int, until: int) -> list[Actual]:
    """Contiguous periods from ``start + 1``: the chain reaching the latest year with the fewest
    links (rows already one per period). Breadth-first over years."""
    by_first: dict[int, list[Actual]] = defaultdict(list)
    for a in rows:
        if a.start > start and a.end <= until:
            by_first[a.start].append(a)
    best: dict[int, list[Actual]] = {start: []}
    frontier = [start]
    while frontier:
        nxt = []
        for year in sorted(frontier):
            for a in sorted(by_first.get(year + 1, ()), key=lambda r: (-r.end, r.where.file)):
                if a.end not in best:
                    best[a.end] = [*best[year], a]
                    nxt.append(a.end)
        frontier = nxt
    return best[max(best)]


def chains(rows: Sequence[Actual], start: int, end: int, limit: int = 12) -> list[list[Actual]]:
    """Every chain of contiguous periods from ``start + 1`` to ``end`` (rows one per period),
    fewest links first; at most ``limit`` of them."""
    by_first: dict[int, list[Actual]] = defaultdict(list)
    for a in rows:
        if a.start > start and a.end <= end:
            by_first[a.start].append(a)
    for links in by_first.values():
        links.sort(key=lambda r: (-r.end, r.where.file, r.where.line or 0))
    found: list[list[Actual]] = []
    stack: list[tuple[int, list[Actual]]] = [(start, [])]
    while stack and len(found) < limit:
        year, path = stack.pop()
        if year == end:
            found.append(path)
            continue
        for a in reversed(by_first.get(year + 1, ())):  # the longest link first off the stack
            stack.append((a.end, [*path, a]))
    found.sort(key=len)
    return found


def describe(links: Sequence[Actual], verb: str) -> str:
    """How a chain is made: ``chaining 4 annual figures``, ``chaining 2021-2023 and 2024``,
    ``from the 2021-2024 figure``."""
    if len(links) == 1:
        return f"from the {links[0].period} figure"
    if all(a.start == a.end for a in links):
        return f"{verb} {len(links)} annual figures"
    periods = [a.period for a in links]
    return f"{verb} {', '.join(periods[:-1])} and {periods[-1]}"


def others(
    rows: Sequence[Actual],
    used: Sequence[Actual],
    start: int,
    value_of: Callable[[list[Actual]], tuple[float, list[Step], Calc]],
    summary: Callable[[float, list[Actual]], str],
) -> list[Alternative]:
    """The chains over the span of ``used`` other than ``used`` itself, each with its result
    (``value_of`` is how the kind computes a chain, so the arithmetic is the same)."""
    if not used:
        return []
    mine = [id(a) for a in used]
    out = []
    for links in chains(rows, start, used[-1].end):
        if [id(a) for a in links] == mine:
            continue
        value, steps, calc = value_of(links)
        calc.name = "other chain"
        out.append(Alternative(value, steps, calc, summary(value, links)))
    return out


def reach(rows: list[Actual], base: int, until: int) -> int:
    """How far a chain of these rows from ``base`` reaches (to choose between bases)."""
    found = chain(rows, base, until)
    return found[-1].end if found else base


def off_chain(
    rows: Sequence[Actual], used: list[Actual], base: int, considered: list[tuple[Actual, str]]
) -> None:
    """Why each row of a chain's kind was not used: the true reason."""
    used_ids = {id(a) for a in used}
    end = used[-1].end if used else base
    reachable = {base}  # years a chain of these rows from the baseline can end in
    for a in sorted(rows, key=lambda r: r.start):
        if a.start - 1 in reachable and a.start > base:
            reachable.add(a.end)
    for a in rows:
        if id(a) in used_ids:
            continue
        if a.start <= base:
            why = (
                f"starts in or before the baseline year {base}: the target counts from the end "
                f"of {base}"
            )
        elif a.start - 1 not in reachable:
            why = f"no chain of figures from {base} ends in {a.start - 1}, so it cannot be linked"
        elif a.end <= end:
            why = f"covered by the chain with the fewest links to {end}"
        else:
            why = "not on the chain with the fewest links to the latest year"
        considered.append((a, why))


def base_and_latest(
    rows: Sequence[Actual], base: int, until: int, considered: list[tuple[Actual, str]]
) -> tuple[Actual | None, Actual] | None:
    """The level at the baseline year (if reported) and the latest level after it, up to
    ``until``; the other levels go to ``considered``. ``None`` without a later level."""
    by_year = levels([a for a in rows if a.kind == "level"])
    later = [y for y in by_year if base < y <= until]
    if not later:
        return None
    last = by_year[max(later)]
    for year, a in by_year.items():
        if year not in (base, last.end):
            considered.append((a, "neither the baseline level nor the latest one"))
    return by_year.get(base), last


def levels(rows: Sequence[Actual]) -> dict[int, Actual]:
    """Single-year level rows by year; annual flows stand in where there is no level."""
    out: dict[int, Actual] = {}
    for kind in ("flow", "level"):  # level last, so it wins
        for a in rows:
            if a.kind == kind and a.start == a.end:
                out[a.end] = a
    return out
