"""A document, sentence by sentence, with what carries from one to the next.

* A heading, a lead-in ("It proposes that:", "主要目标是：") or a paragraph that sets no target
  sets the *place* for what follows when it names one (``Yantai City: Implementation Plan``,
  ``Guangdong Province issued ...``, a body of the central government for the nation), and the
  *topic* words an indicator may be read from.
* A year stated once carries to the sentences and list items after it ("By the end of 2025:",
  "By 2025, ... . The installed capacity ... will reach 800 MW.") until a heading or a paragraph
  that sets no target.
* List items under a lead-in that announces goals are targets even without "will".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import cues, years
from .adapter import Registry
from .lookup import IndicatorIndex
from .places import RegionFinder
from .records import Draft, assign_ids
from .sentence import Context, Parsed, Tools, analyse, parse
from .text import sentences

_LEAD_CUE = re.compile(
    r"propos|specif|require|\baims?\b|goals?|targets?|plans? to|include|as follows|\bwill\b"
    r"|\bshall\b|\bshould\b|目标|要求|提出|明确|如下|主要|任务|指标",
    re.IGNORECASE,
)


_PLAN_PERIOD = re.compile(r"[(（]\s?((?:19|20)\d\d)\s?[-–—~至到]\s?((?:19|20)\d\d)\s?年?\s?[)）]")


def _plan_of(title: str) -> tuple[int, int] | None:
    """The period a plan's title names: "(2024-2027)", or a five-year plan ("Outline of the 14th
    Five-Year Plan", “十四五”规划) whose years are known."""
    period = _PLAN_PERIOD.search(title)
    if period:
        return int(period.group(1)), int(period.group(2))
    fyp = _FYP_TITLE.search(title)
    if fyp:
        phrase = f"during the {fyp.group(1)}th Five-Year Plan" if fyp.group(1) else "“十四五”期间"
        if fyp.group(2):
            phrase = f"“{fyp.group(2)}五”期间"
        for w in years.find(phrase):
            if w.kind == "period" and w.baseline is not None:
                return w.baseline + 1, w.years[0]
    return None


_FYP_TITLE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\s(?:Five[- ]Year[- ]Plan|FYP)|(十[一二三四五六七八九]|[三四五六七八九])五",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Options:
    """What the person drafting knows about the document."""

    region: str | None = None  # region id the document is about (--region)
    policy: str | None = None  # policy id the drafts belong to (--policy)
    published: int | None = None  # the document's year: "this year", 今年 (--published)
    year: int | None = None  # the target year of sentences that state none (--year)


@dataclass(slots=True)
class Result:
    drafts: list[Draft]
    clashes: list[tuple[str, str]]  # (id wanted, id given) where the data folder had the id
    sentences: int
    duplicates: int  # drafts dropped as the same target stated again


def draft(text: str, registry: Registry, options: Options) -> Result:
    """Draft target records from policy text."""
    tools = Tools(registry, RegionFinder(registry), IndicatorIndex(registry.indicators.values()))
    region = options.region
    published = options.published
    year = options.year
    topic = ""
    plan: tuple[int, int] | None = None
    if options.policy and options.policy in registry.policies:
        policy = registry.policies[options.policy]
        region = region or policy.region
        topic = policy.title
        if published is None and policy.published:
            published = int(policy.published[:4])
        plan = _plan_of(policy.title)
        if plan is not None and year is None:
            year = plan[1]  # "Action Plan (2024-2027)": its targets are for 2027
        if year is None and policy.type == "government-work-report" and published:
            year = published  # a government work report sets the goals of its own year
    ctx = Context(
        region=region,
        region_words="the --region default" if options.region else "the policy's region",
        region_fixed=options.region is not None,
        default_region=options.region,
        published=published,
        default_year=year,
        topic=topic,
        plan=plan,
    )
    out: list[Draft] = []
    seen: dict[tuple[object, ...], Draft] = {}
    duplicates = 0
    all_sentences = sentences(text)
    block = -1
    for s in all_sentences:
        if s.block != block:
            block = s.block
            if s.kind != "item":
                ctx.lead_cue = False
        p = parse(s, published)
        made = _drafts_of(p, ctx, tools)
        for d in made:
            d.policy = options.policy
            first = seen.get(d.key()) if d.value is not None else None
            if first is not None:
                duplicates += 1
                first.notes.append(f"stated again on line {d.line}")
                continue
            seen[d.key()] = d
            out.append(d)
        _carry(p, made, ctx, tools)
    clashes = assign_ids(out, registry.target_ids)
    return Result(out, clashes, len(all_sentences), duplicates)


def _drafts_of(p: Parsed, ctx: Context, tools: Tools) -> list[Draft]:
    s = p.sentence
    if s.kind == "heading" or s.lead or s.clean.endswith(("?", "？")):
        return []
    if p.past:
        # a report of the past may quote the target it is measured against ("fell by 3.8%,
        # exceeding the annual target of 2.5%"): that figure is drafted, the rest is not
        quoted = [
            q for q in p.quantities if cues.TARGET_OF.search(p.body[max(0, q.start - 30) : q.start])
        ]
        if not quoted:
            return []
        return analyse(replace(p, quantities=quoted, past=""), ctx, tools)
    # a sentence that goes on from a target ("...; increase the share of ... to over 30%")
    continued = s.first and s.clean[:1].islower() and ctx.previous_target
    setting = bool(cues.SETTING.search(p.body))
    is_target = (
        bool(p.target) or (ctx.lead_cue and s.kind == "item") or p.chinese or continued or setting
    )
    if not is_target:
        return []
    return analyse(p, ctx, tools)


def _carry(p: Parsed, made: list[Draft], ctx: Context, tools: Tools) -> None:
    """What this sentence leaves for the ones after it."""
    s = p.sentence
    ctx.previous = made
    ctx.previous_target = bool(made) or bool(p.modal)
    framing = s.kind == "heading" or s.lead or (s.kind == "para" and not made)
    if framing:
        _place(p, ctx, tools)
        # a lead-in ("It proposes that:") adds to the sentence before it in its paragraph
        ctx.topic = f"{ctx.topic} {p.body}" if s.lead and not s.first else p.body
        if p.plan or not s.lead:
            ctx.plan = p.plan
        if s.lead:
            ctx.lead_cue = bool(_LEAD_CUE.search(p.body))
    targets = [w for w in p.whens if w.kind in ("target", "period")]
    # the year a sentence opens with ("By 2025, ..."), or its only one, carries on
    leading = [w for w in targets if w.start <= 2 and len(w.years) == 1]
    carried = leading[0] if leading else targets[0] if len(targets) == 1 else None
    if carried is not None and len(carried.years) == 1 and (made or framing):
        ctx.year = carried.years[0]
        ctx.year_single = carried.single
        ctx.year_words = f"{carried.text} (line {s.line})"
    elif framing and not s.lead:
        ctx.year, ctx.year_single, ctx.year_words = None, False, ""


def _place(p: Parsed, ctx: Context, tools: Tools) -> None:
    """A framing sentence that names a place sets it for what follows."""
    mentions = tools.finder.find(p.body)
    registry = tools.registry
    specific = [m for m in mentions if registry.regions[m.region].level != "national"]
    if specific:
        ids = {m.region for m in specific}
        # one place, or one place and those above it ("Yantai City (Shandong Province)")
        deepest = max(ids, key=lambda r: len(registry.ancestors(r)))
        if all(r == deepest or r in registry.ancestors(deepest) for r in ids):
            ctx.region = deepest
            ctx.region_words = f"{specific[0].words} (line {p.sentence.line})"
        return
    # a body of the central government, or the nation named in a framing sentence: back to the
    # nation, or to --region when the person drafting named the document's place
    national = next((r for r, i in registry.regions.items() if i.level == "national"), None)
    said = cues.NATIONAL_BODIES.search(p.body) or cues.NATIONAL_WORDS.search(p.body)
    back = ctx.default_region if ctx.region_fixed else national
    if said and back and ctx.region != back:
        ctx.region = back
        ctx.region_words = f"{said.group()} (line {p.sentence.line})"
