"""One sentence: its figures, what each is a figure of, where, when, and how it compares.

A sentence is cut into clauses (at commas, semicolons, dashes, "while"); figures joined by
"and" or 、 form a group ("9,000 MW and 3,000 MW"), paired in order with a list of subjects
("photovoltaic and offshore wind ... respectively") or of years ("by 2025 and 2030"). Each figure
is read with the words of its own part of the clause first, then the rest of the sentence, then
the heading or lead-in above (``Context``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import cues, numbers, years
from .adapter import Registry
from .lookup import IndicatorIndex
from .numbers import Quantity
from .places import RegionFinder
from .records import Draft
from .text import Sentence, has_cjk
from .values import Spot, resolve_figure, resolve_qualitative


@dataclass(slots=True)
class Context:
    """What carries from one sentence to the next."""

    region: str | None = None
    region_words: str = ""
    region_fixed: bool = False  # given with --region: the nation named in passing never replaces it
    default_region: str | None = None  # --region
    year: int | None = None
    year_single: bool = False
    year_words: str = ""
    topic: str = ""  # the heading or lead-in above
    lead_cue: bool = False  # list items under "It proposes that:", "主要目标是："
    published: int | None = None
    default_year: int | None = None
    plan: tuple[int, int] | None = None  # the period of the plan being read ("(2024-2027)")
    previous: list[Draft] = field(default_factory=list)  # for "they will reach ..."
    previous_target: bool = False  # the sentence before set a target


@dataclass(slots=True)
class Tools:
    registry: Registry
    finder: RegionFinder
    index: IndicatorIndex


@dataclass(slots=True)
class Parsed:
    """A sentence read: the text without asides, and what was found in it."""

    sentence: Sentence
    body: str
    asides: list[tuple[int, str]]  # (position in body, text in brackets)
    quantities: list[Quantity]
    whens: list[years.When]
    target: str  # the words that make it a target ("" if none)
    past: str  # the words that make it a report of the past ("" if none)
    plan: tuple[int, int] | None = None  # a plan's period in brackets: "(2024-2027)"
    modal: str = ""  # a modal verb or an instruction (will, should, aims to, Reduce, 力争)

    @property
    def chinese(self) -> bool:
        return has_cjk(self.body)


@dataclass(slots=True)
class Group:
    quantities: list[Quantity]
    start: int  # segment of the clause the group reads
    end: int
    clause: int  # where its clause starts
    #: spans of the segment that name another group's subject ("10,000 MW of newly installed
    #: capacity and 6,000 MW of new commissioned capacity": each reads its own)
    excluded: list[tuple[int, int]] = field(default_factory=list)

    def text(self, body: str) -> str:
        out, pos = [], self.start
        for a, b in sorted(self.excluded):
            out.append(body[pos:a])
            pos = max(pos, b)
        out.append(body[pos : self.end])
        return " ".join(out)

    @property
    def head(self) -> Quantity:
        return self.quantities[0]

    @property
    def last(self) -> Quantity:
        return self.quantities[-1]


_CLAUSE = re.compile(
    # a comma, but not one between groups of digits (9,000)
    r"(?<!\d),|,(?!\d{3}(?!\d))|;|—|–(?=\s)|:(?=\s|$)|。|！|？|\s(?=(?:while|whereas)\b)",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^\s?(?:,\s?)?(?:and|or|和|与|及|、|或)?\s?$", re.IGNORECASE)
_SPLIT_AT = (
    re.compile(r"\s(?:while|whereas)\s", re.I),
    # "and" before a new subject ("and the utilization rate", "and 6 of them", "and more than
    # 60% of ..."), not inside one ("livestock and poultry", "2-star and above")
    re.compile(
        r"\s(?:and|with)\s(?=(?:the|a|an|its|their|this|these|more|over|at least|less|no|\d))"
        r"|并|同时",
        re.I,
    ),
    re.compile(r"\s(?:and|with)\s", re.I),
)
#: a verb between two figures: each has its own predicate ("60% ... will come from ... and more
#: than 60% ... will be ..."); without one they share it ("50% of A and 100% of B will have ...")
_VERB = re.compile(r"\b(?:will|shall|should|must|is|are|be|reach\w*|account\w*)\b|将|要|达到", re.I)
_PARTS = re.compile(r",?\s(?:and|as well as)\s|、|和|与|及|以及|,\s", re.IGNORECASE)
_SKIP_PER = re.compile(r"(?:\bper|每)\s?$", re.IGNORECASE)


def parse(s: Sentence, published: int | None) -> Parsed:
    body, asides = _without_asides(s.clean)
    quantities = [
        q for q in numbers.find(body) if not _SKIP_PER.search(body[max(0, q.start - 5) : q.start])
    ]
    whens = years.find(body, published)
    taken = [(w.start, w.end) for w in whens]
    quantities = [q for q in quantities if not any(q.start < e and s_ < q.end for s_, e in taken)]
    target = cues.target_words(body) or cues.imperative(body)
    past = cues.past_words(body)
    stated = [y for w in whens if w.kind == "target" for y in w.years]
    if (
        not past
        and published is not None
        and stated
        and max(stated) < published
        and not any(w.kind == "period" for w in whens)
    ):
        past = f"{max(stated)} is before the document's year {published}"
    plan = next((_plan(a) for _, a in asides if _plan(a)), None)
    modal = cues.modal_words(body) or cues.imperative(body)
    return Parsed(s, body, asides, quantities, whens, target, past, plan, modal)


_PLAN = re.compile(r"^\s?((?:19|20)\d\d)\s?[-–—~至到]\s?((?:19|20)\d\d)\s?年?\s?$")


def _plan(aside: str) -> tuple[int, int] | None:
    m = _PLAN.match(aside)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _without_asides(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text without what is in brackets, and each bracket's text with its position."""
    body: list[str] = []
    asides: list[tuple[int, str]] = []
    depth = 0
    buf: list[str] = []
    for ch in text:
        if ch == "(":
            if depth:
                buf.append(ch)
            else:
                buf = []
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth:
                buf.append(ch)
            else:
                while body and body[-1] == " ":
                    body.pop()
                asides.append((len(body), "".join(buf)))
        elif depth:
            buf.append(ch)
        else:
            if ch == " " and body and body[-1] == " ":
                continue
            body.append(ch)
    if depth:  # never closed: it was not an aside
        body.extend("(" + "".join(buf))
    out = "".join(body)
    return out, asides


def clauses(body: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _CLAUSE.finditer(body):
        if body[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if body[start:].strip():
        spans.append((start, len(body)))
    return spans


def figure_clauses(body: str, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """The clauses of a sentence, with those a list of figures runs across joined into one
    ("8 percent, 8 percent, 10 percent and 10 percent")."""
    spans = clauses(body)
    for q1, q2 in itertools.pairwise(quantities):
        if not _LIST_GAP.match(body[q1.end : q2.start]):
            continue
        first = next((k for k, (a, b) in enumerate(spans) if a <= q1.start < b), None)
        last = next((k for k, (a, b) in enumerate(spans) if a <= q2.start < b), None)
        if first is not None and last is not None and last > first:
            spans[first : last + 1] = [(spans[first][0], spans[last][1])]
    return spans


def groups(body: str, quantities: list[Quantity]) -> list[Group]:
    """Figures by clause: joined ones together, each group with the part of its clause it
    reads (split between two groups at "while", else at the first "and")."""
    out: list[Group] = []
    for a, b in figure_clauses(body, quantities):
        inside = [q for q in quantities if a <= q.start < b]
        if not inside:
            continue
        runs: list[list[Quantity]] = [[inside[0]]]
        for q in inside[1:]:
            if _LIST_GAP.match(body[runs[-1][-1].end : q.start]):
                runs[-1].append(q)
            else:
                runs.append([q])
        bounds = [a]
        for left, right in itertools.pairwise(runs):
            gap_start, gap_end = left[-1].end, right[0].start
            gap = body[gap_start:gap_end]
            if not _VERB.search(gap):
                bounds.append(-1)  # they share the clause
                continue
            cut = gap_end
            for pattern in _SPLIT_AT:
                m = pattern.search(gap)
                if m:
                    cut = gap_start + m.start()
                    break
            bounds.append(cut)
        bounds.append(b)
        made = []
        for i, run in enumerate(runs):
            start = next(x for x in reversed(bounds[: i + 1]) if x >= 0)
            end = next(x for x in bounds[i + 1 :] if x >= 0)
            made.append(Group(run, start, end, a))
        for g in made:
            sharing = [h for h in made if h is not g and (h.start, h.end) == (g.start, g.end)]
            g.excluded = [_own(body, h, made) for h in sharing]
        out += made
    return out


def _own(body: str, g: Group, made: list[Group]) -> tuple[int, int]:
    """The words that belong to one group of a shared clause: in English from its first figure
    to the next group's or to the verb they share ("10,000 MW of newly installed capacity");
    in Chinese the words before the figure, after the group before it (新增…1000万千瓦、投产600万千瓦)."""
    if has_cjk(body[g.start : g.end]):
        before = [h.last.end for h in made if h.last.end <= g.head.start]
        return (max(before) if before else g.start), g.last.end
    end = g.end
    later = [h.head.start for h in made if h.head.start > g.last.end]
    if later:
        end = min(end, min(later))
    verb = _VERB.search(body, g.last.end, end)
    if verb:
        end = verb.start()
    return g.head.start, end


def subjects(
    body: str, group: Group, respectively: bool, quantities: list[Quantity]
) -> list[str] | None:
    """The subjects a group of figures is paired with, in order, if they can be told apart:
    "CO2 per unit of GDP and CO2 per unit of industrial added value ... 18.5% and 25%". A list
    of subjects may run back over clauses without figures ("total chemical oxygen demand,
    ammonia nitrogen, nitrogen oxide and volatile organic matter emissions will drop by ...")."""
    n = len(group.quantities)
    if n < 2 and not respectively:
        return None
    starts = [group.start]
    for a, b in reversed(clauses(body[: group.start])):
        if any(a <= q.start < b for q in quantities) or len(starts) >= n:
            break
        starts.append(a)
    for start in starts:
        parts = _parts(body[start : group.head.start])
        if len(parts) >= 2 and (len(parts) == n or (n == 1 and respectively)):
            return _shared_head(parts)
    return None


def _parts(before: str) -> list[str]:
    before = re.sub(r"^\s?(?:by|in|to)\s(?:the end of\s)?\d{4}\s?", "", before, flags=re.I)
    return [p.strip() for p in _PARTS.split(before) if p.strip()]


def _shared_head(parts: list[str]) -> list[str]:
    """ "photovoltaic and offshore wind power capacity", 风电、光伏发电装机容量: the last subject's
    head noun is shared by the others that lack one."""
    last = re.sub(_TRAILING_VERBS, "", parts[-1])
    if has_cjk(last):
        tail = tools_suffix(last)
        return [p if i == len(parts) - 1 else p + tail for i, p in enumerate(parts)]
    head = last.split()[-3:]
    out = []
    for i, p in enumerate(parts):
        own = set(p.lower().split())
        short = len(p.split()) <= 2 and not own & {w.lower() for w in head}
        out.append(f"{p} {' '.join(head)}" if short and i < len(parts) - 1 else p)
    return out


def tools_suffix(text: str) -> str:
    """The head a list of Chinese subjects shares: the longest end of the last subject that
    several indicator names end with or contain (光伏发电装机容量 -> 发电装机容量)."""
    from .lookup import shared_suffix

    return shared_suffix(text)


_TRAILING_VERBS = re.compile(
    r"(?:\s(?:will|shall|should|must|be|is|are|reach\w*|decrease\w*|increase\w*|reduc\w*"
    r"|account\w*|for|to|by|at|of|the|a))+\s?$"
    r"|(?:分别|均|力争|要|将|达到|下降|降低|提高|减少|增长|控制在)+$",
    re.IGNORECASE,
)


def analyse(p: Parsed, ctx: Context, tools: Tools) -> list[Draft]:
    """The drafts of a sentence read as a target."""
    body = p.body
    found = groups(body, p.quantities)
    respectively = bool(cues.RESPECTIVELY.search(body))
    drafts: list[Draft] = []
    bound = _years_after(p, found)
    for k, g in enumerate(found):
        after = bound.get(id(g)) or _listed_year(p, found, k, bound)
        parts = subjects(body, g, respectively, p.quantities)
        if parts and len(g.quantities) == 1:
            for each in parts:
                spot = Spot(p, g, 0, each, parts, after, found)
                drafts += resolve_figure(spot, ctx, tools, drafts)
            continue
        for i in range(len(g.quantities)):
            part = parts[i] if parts else None
            spot = Spot(p, g, i, part, parts, after, found)
            drafts += resolve_figure(spot, ctx, tools, drafts)
    if not p.quantities:
        drafts += resolve_qualitative(p, ctx, tools)
    drafts += _national_figures(p, drafts, ctx, tools)
    return drafts


def _years_after(p: Parsed, found: list[Group]) -> dict[int, years.When]:
    """Years written right after a group ("80 MW in 2025", "70% by 2025", "2,300 MW and
    3,000 MW by 2025 and 2030") belong to it."""
    bound: dict[int, years.When] = {}
    for g in found:
        for w in p.whens:
            if w.kind != "target" or w.start < g.last.end:
                continue
            gap = p.body[g.last.end : w.start]
            if re.fullmatch(r"\s?(?:respectively\s?,?\s?)?", gap, re.I):
                bound[id(g)] = w
            break
    return bound


def _listed_year(
    p: Parsed, found: list[Group], k: int, bound: dict[int, years.When]
) -> years.When | None:
    """ "more than 10 pilot projects ... and over 100 ... projects by 2025 and 2030": as many
    years as single figures, paired in order."""
    free = [g for g in found if id(g) not in bound]
    if len(free) < 2 or any(len(g.quantities) > 1 for g in free) or found[k] not in free:
        return None
    lists = [w for w in p.whens if w.kind == "target" and len(w.years) == len(free)]
    if len(lists) != 1:
        return None
    w = lists[0]
    n = free.index(found[k])
    return years.When(w.start, w.end, "target", [w.years[n]], w.text, w.single)


def _national_figures(p: Parsed, drafts: list[Draft], ctx: Context, tools: Tools) -> list[Draft]:
    """ "(national target is 65%)" beside a local figure: the same target for the nation."""
    out: list[Draft] = []
    national = next((r for r, i in tools.registry.regions.items() if i.level == "national"), None)
    for pos, aside in p.asides:
        m = cues.NATIONAL_TARGET.search(aside)
        if not m or national is None:
            continue
        qs = numbers.find(aside[m.end() :])
        local = [d for d in drafts if 0 <= d.at <= pos]
        if not qs or not local:
            continue
        q, near = qs[0], local[-1]
        if q.family != "ratio" or near.unit != "%":
            continue
        d = Draft(
            region=national,
            indicator=near.indicator,
            kind=near.kind,
            text=near.text,
            line=near.line,
            comparator=None,
            value=q.value if near.kind != "change" else -abs(q.value),
            unit="%",
            target_year=near.target_year,
            baseline_year=near.baseline_year,
            new_indicator=near.new_indicator,
        )
        d.evidence.update(
            {"region": m.group().strip(), "value": q.text, "indicator": "as the figure before it"}
        )
        d.guessed = [g for g in near.guessed if g != "region"]
        from .values import default_comparator

        default_comparator(d, tools)
        out.append(d)
    return out
