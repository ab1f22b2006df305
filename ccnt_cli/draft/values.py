"""From one figure (or a target sentence without one) to a draft: its region, indicator, kind,
value, comparator, target year and baseline year, each with the words it came from or the rule
that guessed it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import cues
from .lookup import Match, propose_id
from .numbers import Quantity, family_of
from .records import Draft
from .years import When

if TYPE_CHECKING:  # pragma: no cover
    from .sentence import Context, Group, Parsed, Tools

#: how good an indicator match must be to be taken (score, share of the name's weight)
MIN_SCORE = 1.2
MIN_COVERAGE = 0.5
#: a sentence without figures is a qualitative target only for a close match
QUALITATIVE_COVERAGE = 0.75
QUALITATIVE_SCORE = 3.0


@dataclass(slots=True)
class Spot:
    """Where a figure stands: its sentence, its group and place in it, the subject it is paired
    with ("respectively"), the year written right after it, and the sentence's other groups."""

    p: Parsed
    g: Group
    i: int
    part: str | None = None
    parts: list[str] | None = None
    after: When | None = None
    others: list[Group] = field(default_factory=list)


def resolve_figure(spot: Spot, ctx: Context, tools: Tools, earlier: list[Draft]) -> list[Draft]:
    """The draft of one figure (none if it describes rather than sets), given the drafts of the
    figures before it in the sentence."""
    p, g, i, part, after = spot.p, spot.g, spot.i, spot.part, spot.after
    body = p.body
    q = g.quantities[i]
    seg = body[g.start : g.end]
    if cues.DESCRIPTIVE.search(body[g.start : q.start]):
        return []  # "which accounts for over 60% of ...": a description, not a target
    near = body[max(g.clause, q.start - 24) : q.start]
    said = bool(cues.comparator(near, "")[0] or cues.is_addition(near, ""))
    if q.word and q.family in ("count", "bare") and not said:
        return []  # "Two Sessions", "nine key areas": a count in words needs "at least", "build"
    # "the annual target of 2.5%" in a sentence about energy intensity: the whole sentence
    # is its subject
    quoted = bool(cues.TARGET_OF.search(body[max(0, q.start - 30) : q.start]))
    before = body[g.start : g.head.start]
    after_q = body[q.end : min(g.end, q.end + 30)]
    d = Draft(region=None, indicator=None, kind="level", text=p.sentence.raw, line=p.sentence.line)
    d.at = q.end
    d.evidence["value"] = q.text
    # ------------------------------------------------------------ kind and sign
    direction, verb = cues.change_direction(before, body[g.last.end : g.end])
    if direction is None:  # "reduce energy use by 2.5 Mtce and CO2 emissions by 6.5 Mt"
        direction, verb = cues.change_direction(body[g.clause : g.head.start], "")
    if direction is None and quoted:  # "fell by 3.8%, exceeding the annual target of 2.5%"
        direction, verb = cues.change_direction(body[: q.start], "")
    if q.base is not None:  # "six times the 2020 levels"
        direction, verb = "up", q.text
    addition = cues.is_addition(before, body[g.last.end : g.end])
    value = q.value
    unit = q.unit
    kind = "level"
    if q.family == "ratio" and direction in ("down", "up"):
        kind, value = "change", (-value if direction == "down" else value)
        d.evidence["kind"] = verb
    elif q.family == "pp" and direction in ("down", "up"):
        kind, value = "increment", (-value if direction == "down" else value)
        d.evidence["kind"] = verb
    elif q.family not in ("ratio", "pp", "pure", "bare"):
        if addition:
            kind = "increment"
            d.evidence["kind"] = addition
        elif cues.is_cumulative(seg) or (direction == "down" and q.family != "count"):
            kind = "cumulative"
            d.evidence["kind"] = cues.is_cumulative(seg) or verb
        elif direction == "up" and re.search(r"\bby\b|增加|增长", verb):
            kind = "increment"
            d.evidence["kind"] = verb
    d.kind, d.value, d.unit = kind, value, unit or None
    # ------------------------------------------------------------ comparator
    comp, words = cues.comparator(body[g.start : q.start] if i == 0 else before, after_q)
    if kind == "change" and direction == "down":
        comp = cues.flipped(comp)
    if comp:
        d.comparator = comp
        d.evidence["comparator"] = words
    # ------------------------------------------------------------ region
    _region(p, g, q, part, d, ctx, tools)
    # ------------------------------------------------------------ indicator
    family = q.family if kind != "change" else None
    if quoted:
        spot = Spot(p, g, i, body, None, after, spot.others)
    _indicator(spot, q, d, family, ctx, tools, earlier)
    if d.new_indicator and (q.family == "time" or (q.family == "count" and not said)):
        return []  # "within 24 hours", 提出5项指标: a number, but not of anything the data tracks
    if q.word and d.new_indicator:
        return []
    # ------------------------------------------------------------ years
    _years(p, g, i, after, d, ctx)
    if q.base is not None:
        d.baseline_year = q.base
        d.evidence["baseline.year"] = f"{q.text} the {q.base} level"
        d.guessed = [f for f in d.guessed if f != "baseline.year"]
    if d.comparator is None:
        default_comparator(d, tools, direction)
    if d.unit is None and d.kind != "qualitative" and d.indicator in tools.registry.indicators:
        unit_of = tools.registry.indicators[d.indicator].unit
        if family_of(unit_of) == "pure":
            d.unit = None  # a plain number of a dimensionless indicator (PUE 1.5)
        elif family_of(unit_of) == "count":
            d.unit = "count"
    if q.upper is not None:
        d.notes.append(f"a range: {q.text}; the draft takes its lower end")
    return [d]


def resolve_qualitative(p: Parsed, ctx: Context, tools: Tools) -> list[Draft]:
    """A target sentence with no figure: a qualitative draft for each indicator a clause names
    closely (each with words of its own: "zero-carbon parks and zero-carbon factories")."""
    out: list[Draft] = []
    from .sentence import clauses

    deadline = any(w.kind == "period" or (w.kind == "target" and not w.single) for w in p.whens)
    if not (p.modal or deadline or cues.SETTING.search(p.body)):
        return out  # a goal without a figure is drafted only if a verb or a deadline says so
    for a, b in clauses(p.body):
        views = [(p.body[a:b], 1.0), (p.body, 0.5)]
        taken: list[Match] = []
        for m in tools.index.best(views, None):
            if m.coverage < QUALITATIVE_COVERAGE or m.score < QUALITATIVE_SCORE:
                continue
            if len(m.hits) < 3:
                continue  # two words ("carbon emissions", "energy use") are said of everything
            if any(m.indicator == t.indicator for t in taken):
                continue
            if any(tools.index.same_words(m, t) for t in taken):
                continue
            taken.append(m)
        places = _listed_places(p, ctx, tools)
        for m in taken:
            if any(d.indicator == m.indicator for d in out):
                continue
            chosen: list[tuple[str, str] | None] = list(places) or [None]
            for place in chosen:
                d = Draft(None, m.indicator, "qualitative", p.sentence.raw, p.sentence.line)
                d.evidence["indicator"] = m.words
                d.at = b
                if place is not None:
                    d.region, d.evidence["region"] = place
                else:
                    _region_of_sentence(p, a, b, d, ctx, tools)
                _years(p, None, 0, None, d, ctx)
                period = next((w for w in p.whens if w.kind == "period"), None)
                if period is not None and period.baseline is not None:
                    d.baseline_year = period.baseline
                    d.evidence["baseline.year"] = period.text
                elif ctx.plan and d.target_year == ctx.plan[1]:
                    d.baseline_year = ctx.plan[0] - 1
                    d.guess("baseline.year", f"the plan's period {ctx.plan[0]}-{ctx.plan[1]}")
                out.append(d)
    return out


def _listed_places(p: Parsed, ctx: Context, tools: Tools) -> list[tuple[str, str]]:
    """Several places named side by side ("Inner Mongolia, Gansu, and Qinghai have proposed
    ..."): a qualitative target for each."""
    found: list[tuple[str, str]] = []
    for m in tools.finder.find(p.body):
        if _specific(m.region, ctx, tools) and m.region not in (r for r, _ in found):
            found.append((m.region, m.words))
    ids = [r for r, _ in found]
    related = any(a in tools.registry.ancestors(b) for a in ids for b in ids)
    return found if len(found) >= 2 and not related else []


# ------------------------------------------------------------------------------ parts


def _region(
    p: Parsed, g: Group, q: Quantity, part: str | None, d: Draft, ctx: Context, tools: Tools
) -> None:
    own = part if part is not None else p.body[g.start : g.end]
    mentions = [m for m in tools.finder.find(own) if _specific(m.region, ctx, tools)]
    if mentions:
        d.region = mentions[0].region
        d.evidence["region"] = mentions[0].words
        return
    _region_of_sentence(p, g.start, g.end, d, ctx, tools)


def _region_of_sentence(p: Parsed, a: int, b: int, d: Draft, ctx: Context, tools: Tools) -> None:
    seg = p.body[a:b]
    for pattern, levels in cues.HERE_WORDS:
        deictic = pattern.search(seg)
        if deictic and ctx.region:
            chain = [ctx.region, *tools.registry.ancestors(ctx.region)]
            found = next((r for r in chain if tools.finder.level(r) in levels), None)
            if found:
                d.region = found
                d.evidence["region"] = f"{deictic.group()} ({ctx.region_words or found})"
                return
    elsewhere = [m for m in tools.finder.find(p.body) if _specific(m.region, ctx, tools)]
    regions = {m.region for m in elsewhere}
    if len(regions) == 1:
        d.region = elsewhere[0].region
        d.evidence["region"] = elsewhere[0].words
        return
    if ctx.region:
        d.region = ctx.region
        d.guess("region", ctx.region_words or "the --region default")
    else:
        d.guess("region", "not stated; pass --region")


def _specific(region: str, ctx: Context, tools: Tools) -> bool:
    """A mention that says where a figure is: not the nation or a region above the context
    ("Yantai ... 16% of Shandong's target", "in China")."""
    info = tools.registry.regions.get(region)
    if info is None or info.level == "national":
        return False
    return not (ctx.region and region in tools.registry.ancestors(ctx.region))


def _indicator(
    spot: Spot,
    q: Quantity,
    d: Draft,
    family: str | None,
    ctx: Context,
    tools: Tools,
    earlier: list[Draft],
) -> None:
    p, g, i, part, parts, others = spot.p, spot.g, spot.i, spot.part, spot.parts, spot.others
    own = part if part is not None else g.text(p.body)
    # the rest of the sentence, without the words that belong to the other figures
    rest = p.body
    cut = [*g.excluded, *((h.start, h.end) for h in others if (h.start, h.end) != (g.start, g.end))]
    for a, b in sorted(cut, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    for other in parts or ():
        if other != part:
            rest = rest.replace(other, " ")
    views = [(own, 1.0), (rest, 0.5), (p.body, 0.25), (ctx.topic, 0.25)]
    # for a relative change the verb (cut, reduce) tells the kind, not the indicator
    found = tools.index.best(
        views, family, change=family is None, ignore=_VERB_WORDS if family is None else frozenset()
    )
    good = [m for m in found if m.score >= MIN_SCORE and m.coverage >= MIN_COVERAGE]
    if good:
        _take(d, good[0], own)
        return
    # "they will reach 2,400 MW and 1,500 MW": the figures of the sentence before, in order
    previous = [e for e in ctx.previous if e.kind != "qualitative"]
    if re.match(r"^\s?(?:they|these|both)\b", p.body[g.start :], re.I) and len(previous) > i:
        d.indicator, d.new_indicator = previous[i].indicator, previous[i].new_indicator
        d.evidence["indicator"] = f"they: the figures of the sentence before ({previous[i].id})"
        d.guess("indicator")
        if previous[i].kind in ("increment", "cumulative") and d.kind == "level":
            d.kind = previous[i].kind
        return
    # a figure with no subject of its own ("and around 10% with enabling conditions"): the
    # subject of the figure before it
    same = [e for e in earlier if e.unit == d.unit or (family is None and e.kind == d.kind)]
    if same:
        d.indicator, d.new_indicator = same[-1].indicator, same[-1].new_indicator
        d.evidence["indicator"] = f"as the figure before it ({same[-1].evidence.get('value', '')})"
        return
    subject = _subject_words(own, q)
    d.indicator = propose_id(subject)
    d.new_indicator = True
    d.guess("indicator", f"new: {subject.strip()}")


_VERB_WORDS = frozenset({"cut"})


def _take(d: Draft, m: Match, own: str) -> None:
    d.indicator = m.indicator
    words = re.sub(r"\s+", " ", own).strip(" ,;.")
    if len(words) > 80:
        words = words[:77] + "..."
    d.evidence["indicator"] = f"{words} ~ {m.words}"


def _subject_words(text: str, q: Quantity) -> str:
    return re.sub(r"\d[\d,.]*\s?\S*", " ", text).strip()


def _years(p: Parsed, g: Group | None, i: int, after: When | None, d: Draft, ctx: Context) -> None:
    whens = p.whens
    target: When | None = None
    year: int | None = None
    if after is not None:
        target = after
    elif g is not None:
        inside = [
            w
            for w in whens
            if w.kind in ("target", "period")
            and g.start <= w.start < g.end
            and not any(a <= w.start < b for a, b in g.excluded)
            and not any(g.last.end <= a <= w.start for a, _ in g.excluded)
        ]
        if inside:
            target = inside[0]
    if target is None:
        free = [w for w in whens if w.kind in ("target", "period")]
        if free:
            target = free[0]
    n = len(g.quantities) if g is not None else 1
    if target is not None and target.years:
        year = target.years[i] if len(target.years) == n and n > 1 else target.years[0]
        if len(target.years) > 1 and len(target.years) != n and g is not None:
            d.notes.append(f"several years ({target.text}); the draft takes the first")
        d.target_year = year
        d.evidence["target.year"] = target.text
    elif any(w.kind == "document" for w in whens):
        d.notes.append("'this year' needs the document's year: pass --published YEAR")
    elif ctx.year is not None:
        d.target_year = ctx.year
        d.guess("target.year", ctx.year_words)
    elif ctx.default_year is not None:
        d.target_year = ctx.default_year
        d.guess("target.year", "the --year default")
    if d.kind in ("change", "increment", "cumulative"):
        _baseline(p, target, d, ctx)


def _baseline(p: Parsed, target: When | None, d: Draft, ctx: Context) -> None:
    whens = p.whens
    explicit = next((w for w in whens if w.kind == "baseline"), None)
    if explicit is not None:
        d.baseline_year = explicit.years[0]
        d.evidence["baseline.year"] = explicit.text
        return
    period = target if target is not None and target.kind == "period" else None
    period = period or next((w for w in whens if w.kind == "period"), None)
    if period is not None and period.baseline is not None:
        d.baseline_year = period.baseline
        d.evidence["baseline.year"] = period.text
        return
    previous = next((w for w in whens if w.kind in ("previous", "annual")), None)
    y = d.target_year
    if y is None:
        return
    if ctx.plan and d.kind != "change" and ctx.plan[0] <= y <= ctx.plan[1] and previous is None:
        d.baseline_year = ctx.plan[0] - 1
        d.guess("baseline.year", f"the plan's period {ctx.plan[0]}-{ctx.plan[1]}")
        return
    # a goal for one year: "in 2025", 2024年, this year, or the year of an annual report
    annual = ctx.default_year == y and ctx.published == y
    single = (target.single if target is not None else ctx.year_single) or annual
    if previous is not None or single:
        d.baseline_year = y - 1
        why = previous.text if previous is not None else "a figure for one year"
        if previous is None:
            d.guess("baseline.year", f"{why}: the year before")
        else:
            d.evidence["baseline.year"] = why
    elif y % 5 == 0 and y >= 1970:
        d.baseline_year = y - 5
        d.guess("baseline.year", f"{y} ends a five-year plan: counted from {y - 5}")
    else:
        d.guess("baseline.year", "not stated: write it")


def default_comparator(d: Draft, tools: Tools, direction: str | None = None) -> None:
    """The comparator a figure with no comparator word most likely means: a change or a level
    toward the indicator's direction of progress is a floor (or, downward, a ceiling)."""
    if d.kind == "qualitative":
        return
    ind = tools.registry.indicators.get(d.indicator or "")
    if d.kind == "change" or (d.kind == "increment" and d.unit == "percentage_point"):
        comp = "<=" if (d.value or 0) < 0 else ">="
        why = "a cut: at least that much" if comp == "<=" else "a rise: at least that much"
    elif ind is not None:
        comp = ">=" if ind.direction == "increase" or d.kind != "level" else "<="
        why = f"{ind.id} is better {'higher' if comp == '>=' else 'lower'}"
    else:
        comp = "<=" if direction in ("down", "level-down") and d.kind == "level" else ">="
        why = "from the verb"
    d.comparator = comp
    d.guess("comparator", why)
