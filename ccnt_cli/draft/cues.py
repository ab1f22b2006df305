"""The words that say what a figure is: a comparator (at least, 不低于, 左右), a change
(decrease by, 下降), a level (reach, 达到, 降至), an addition (newly installed, 新增), a target
(will, aims to, 到2025年, 力争) or a report of the past (fell, was, 已).

Every function returns the words it relied on, so a draft can say where each field came from.
"""

from __future__ import annotations

import re

# ------------------------------------------------------------------------------ comparators

#: (words, comparator) just before a figure
_BEFORE: tuple[tuple[str, str], ...] = (
    (
        r"no less than|not less than|no fewer than|not fewer than|at least|a minimum of|minimum of"
        r"|不低于|不少于|不小于|至少",
        ">=",
    ),
    (
        r"no more than|not more than|not exceeding|not to exceed|not exceed|at most|up to|capped at"
        r"|a maximum of|within|不高于|不超过|不多于|不大于|控制在|控制到|最多",
        "<=",
    ),
    (
        r"more than|over|above|exceed(?:s|ing)?|greater than|higher than|beyond|surpass(?:es|ing)?"
        r"|超过|高于|大于|多于|突破|逾",
        ">",
    ),
    (r"less than|below|under|fewer than|lower than|低于|小于|少于|不足", "<"),
    (
        r"about|around|approximately|approx\.?|roughly|nearly|close to|some|in the region of"
        r"|约|大约|接近|近",
        "~",
    ),
)
#: filler between a comparator and its figure ("at least" [the level of] 80%)
_FILL = (
    r"(?:\s?(?:a|an|the|of|to|by|at|level of|rate of|reach(?:es|ing)?|达到|为|在|降低|下降)\s?)*"
)
_BEFORE_RE = [
    (re.compile(rf"(?<![A-Za-z])(?:{p}){_FILL}\s?$", re.IGNORECASE), c) for p, c in _BEFORE
]
#: (words, comparator) just after a figure
_AFTER: tuple[tuple[str, str], ...] = (
    (r"or more|or above|and above|or higher|at least|\+|plus|以上|及以上|或以上", ">="),
    (r"or less|or below|or lower|at most|以下|及以下|以内|之内", "<="),
    (r"or so|左右|上下|前后", "~"),
)
_AFTER_RE = [(re.compile(rf"^\s?(?:{p})", re.IGNORECASE), c) for p, c in _AFTER]


def comparator(before: str, after: str) -> tuple[str | None, str]:
    """The comparator the words around a figure state, and those words; ``(None, "")`` if none.
    A word after the figure wins (控制在5%以内, 降低3%左右, 5% or more)."""
    for pattern, comp in _AFTER_RE:
        m = pattern.match(after)
        if m:
            return comp, m.group().strip()
    tail = before[-40:]
    for pattern, comp in _BEFORE_RE:
        m = pattern.search(tail)
        if m:
            return comp, m.group().strip()
    return None, ""


def flipped(comp: str | None) -> str | None:
    """The comparator of a decrease written as a signed change: cut by at least 40% is a
    change of at most -40%."""
    return {">=": "<=", "<=": ">=", ">": "<", "<": ">"}.get(comp or "", comp)


# ------------------------------------------------------------------------------ kind

_DOWN_EN = (
    r"decreas\w*|declin\w*|reduc\w*|cut(?:s|ting)?|lower(?:ed|ing|s)?|drop\w*|fall(?:s|ing)?"
    r"|fell|down|shrink\w*|slash\w*|curb\w*"
)
_DOWN_ZH = r"下降|降低|减少|压减|削减|降|减"
_UP_EN = r"increas\w*|ris(?:e|es|ing)|rose|rais\w*|grow\w*|grew|improv\w*|boost\w*|up|expand\w*"
_UP_ZH = r"提高|提升|增长|增加|上升|增"
_TO = r"\s?(?:[\w-]+\s){0,10}?(?:to|into|at(?!\sleast|\smost))\b|至|到|为"
_DOWN_RE = re.compile(rf"(?<![A-Za-z])(?:{_DOWN_EN})(?![A-Za-z])|{_DOWN_ZH}", re.IGNORECASE)
_UP_RE = re.compile(rf"(?<![A-Za-z])(?:{_UP_EN})(?![A-Za-z])|{_UP_ZH}", re.IGNORECASE)
_TO_RE = re.compile(rf"^(?:{_TO})", re.IGNORECASE)
#: how far before its figure a Chinese verb of change may stand (约, 超过, 了 between)
_ZH_VERB_REACH = 4
_CHANGE_AFTER = re.compile(
    r"^\s?(?:(?P<down>reduction|cut|decrease|decline|drop|fall|lower|less|below|down)"
    r"|(?P<up>increase|rise|growth|higher|more|above|up))\b(?:\s(?:than|in|of|from))?",
    re.IGNORECASE,
)
_NEW_BEFORE = re.compile(
    r"\b(?:add(?:s|ing|ed)?|additional(?:ly)?|newly|new(?!\s+energy)|build(?:s|ing)?"
    r"|construct(?:s|ing)?|start(?:s|ing)?|launch(?:es|ing)?)\b|新增|新建|新开工|开工|累计新增",
    re.IGNORECASE,
)
_NEW_AFTER = re.compile(
    r"^\s?(?:of\s)?(?:newly|new(?!\s+energy)|additional)\b|^\s?(?:will be |to be |are |be )?"
    r"(?:issued|developed|conducted|formulated|added|installed|launched|started)\b",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(r"累计|cumulative(?:ly)?|in total|a total of", re.IGNORECASE)
_SAVE = re.compile(r"\b(?:sav\w*|avoid\w*)\b|节约|节能量|减排量", re.IGNORECASE)


def change_direction(before: str, after: str) -> tuple[str | None, str]:
    """``"down"`` or ``"up"`` if the figure is a change (decrease by 18%, 下降13.5%, a 17% cut),
    ``"level-down"`` or ``"level-up"`` if a verb sets a level (reduced to, 降至, 提高到), ``None``
    if no verb says; with the words relied on."""
    m = _CHANGE_AFTER.match(after)
    if m:
        return ("down" if m.group("down") else "up"), m.group().strip()
    best: tuple[int, str, str] | None = None
    for direction, pattern in (("down", _DOWN_RE), ("up", _UP_RE)):
        for v in pattern.finditer(before):
            # a Chinese verb stands next to its figure (下降13.5%, 分别降低8%以上, 降至1.3):
            # 增 in 新增及更新车辆中…比例达到80% is not a rise of 80%
            if v.group()[0] >= "\u4e00" and len(before) - v.end() > _ZH_VERB_REACH:
                continue
            if best is None or v.start() > best[0]:
                best = (v.start(), direction, v.group())
    if best is None:
        return None, ""
    start, direction, verb = best
    between = before[start + len(verb) :]
    if not re.search(r"\bby\b", between) and _TO_RE.match(between):
        return f"level-{direction}", (verb + between).strip()
    return direction, (verb + between).strip()


_DONE_LATER = re.compile(
    r"\b(?:will|to) be (?:issued|developed|conducted|formulated|added|installed|launched"
    r"|started|set up)\b",
    re.IGNORECASE,
)


def is_addition(before: str, after: str) -> str:
    """The words saying a figure is an addition (newly installed, add, 新增, "70 standards ...
    will be issued"), or ``""``."""
    m = _NEW_AFTER.match(after) or _DONE_LATER.search(after)
    if m:
        return m.group().strip()
    found = list(_NEW_BEFORE.finditer(before[-60:]))
    return found[-1].group() if found else ""


def is_cumulative(text: str) -> str:
    m = _CUMULATIVE.search(text)
    return m.group() if m else ""


def is_saving(text: str) -> bool:
    return bool(_SAVE.search(text))


# ------------------------------------------------------------------------------ target or report

#: what makes an English sentence a target: a modal verb, a deadline, a plan's period, or a
#: verb that sets something out (nouns like "target" alone do not: "the 3% target aligns with")
_FUTURE_EN = re.compile(
    r"\b(?:will|shall|should|must|aims?\b|aiming|strive[sd]?|striving|plans? to|planned to"
    r"|is to|are to|set (?:a|the|an) (?:\w+ )?target|seeks? to|intends? to|propos\w*|requires?"
    r"|ensure|by the end of|by (?:19|20)\d\d|before (?:19|20)\d\d"
    r"|during the (?:\"|“)?\d+(?:st|nd|rd|th)|identif(?:y|ies)|specif(?:y|ies)|sets? out"
    r"|calls? for|stipulates?|lays? out|outlines?|mandates?)\b",
    re.IGNORECASE,
)
#: modal verbs: a sentence with one states a goal even if it also reports the past
_STRONG_EN = re.compile(
    r"\b(?:will|shall|should|must|aims?|aiming|strive[sd]?|striving|plans? to|is to|are to"
    r"|set (?:a|the|an) (?:\w+ )?target)\b",
    re.IGNORECASE,
)
_PAST_EN = re.compile(
    r"\b(?:was|were|had|has (?:been|reached|achieved|grown|risen|fallen|dropped|topped|declined"
    r"|decreased|increased|exceeded|surpassed)|have (?:been|reached|achieved|grown|made|seen)"
    r"|decreased|fell|rose|grew|dropped|declined|surged|climbed|produced|accelerated|recorded"
    r"|totall?ed|amounted|reported|announced|mentioned|disclosed|reached|achieved|launched"
    r"|promoted|completed|exceeded|surpassed)\b",
    re.IGNORECASE,
)
_FUTURE_ZH = re.compile(
    r"(?:到|至|截至)\s?(?:19|20)\d\d\s?年|(?:19|20)\d\d年(?:前|底前|以前)|力争|争取|将|要|目标"
    r"|确保|预期|预计|计划|今年|明年|期间|时期|达到|控制在|提高到|提升至|降至|降到|不低于|不超过"
)
_PAST_ZH = re.compile(r"已经|已|过去一年|过去五年|去年|上年度|实现了|完成了|达到了|提前完成")
#: what says a Chinese sentence with a past marker still sets a goal
_AHEAD_ZH = re.compile(
    r"(?:到|至)\s?(?:19|20)\d\d\s?年|(?:19|20)\d\d年(?:前|底前|以前)|力争|争取|将|要|确保|预期|预计"
    r"|计划|今年|明年"
)
#: a goal written as an instruction ("Reduce energy intensity by about 3%")
_IMPERATIVE_EN = re.compile(
    r"^(?:and\s)?(?:basically\s|further\s|gradually\s|actively\s|steadily\s)?"
    r"(?:Reduce|Cut|Lower|Increase|Raise|Expand|Build|Construct|Establish|Conduct|Launch"
    r"|Promote|Accelerate|Implement|Develop|Achieve|Ensure|Strengthen|Improve|Control|Keep"
    r"|Add|Complete|Create|Advance|Support|Deepen|Optimi[sz]e|Install|Deploy|Phase out"
    r"|Retire|Replace|Upgrade|Cap|Limit|Maintain|Strive|Aim|Scale up|Make|Bring|Double)\b",
    re.IGNORECASE,
)
_IMPERATIVE_ZH = re.compile(
    r"^(?:全面|大力|积极|稳步|有序|深入|加快|科学|切实|持续|进一步|稳妥)?"
    r"(?:推动|推进|加快|实施|开展|建设|建成|新增|完成|确保|力争|持续|扩大|发展|布局|实现|提高|提升"
    r"|降低|控制|优化|构建|健全|完善|落实|培育|淘汰|压减|严控)"
)


def target_words(text: str) -> str:
    """Words that make a sentence a target (will, aims to, 到2025年, 力争), or ``""``."""
    m = _FUTURE_EN.search(text) or _FUTURE_ZH.search(text)
    return m.group() if m else ""


def modal_words(text: str) -> str:
    """A modal verb or its like (will, should, aims to, 力争, 将): a sentence that sets a goal."""
    m = _STRONG_EN.search(text) or _MODAL_ZH.search(text)
    return m.group() if m else ""


_MODAL_ZH = re.compile(r"力争|争取|将|要|确保|预期|预计|计划|目标|到\s?(?:19|20)\d\d\s?年")


def past_words(text: str) -> str:
    """Words of a report of the past (fell, was, has reached, 已, 去年), unless the sentence
    also states a goal (will, aims, target, 力争) or is a Chinese imperative."""
    if _STRONG_EN.search(text) or _AHEAD_ZH.search(text):
        return ""
    m = _PAST_EN.search(text) or _PAST_ZH.search(text)
    return m.group() if m else ""


def imperative(text: str) -> str:
    """An instruction ("Reduce energy intensity by about 3%", 推动…): a target without a modal
    verb. Returns the verb, or ``""``."""
    m = _IMPERATIVE_EN.match(text) or _IMPERATIVE_ZH.match(text)
    return m.group() if m else ""


# ------------------------------------------------------------------------------ places and more

#: bodies of the central government: a paragraph naming one is about the nation
NATIONAL_BODIES = re.compile(
    r"\b(?:State Council|National Development and Reform Commission|NDRC|National Energy "
    r"Administration|NEA|Ministry of [A-Z][a-z]+|MIIT|MEE|National Bureau of Statistics|Central "
    r"Committee|NPC|National People's Congress|Premier)\b|国务院|国家发展改革委|国家发改委|国家能源局"
    r"|工业和信息化部|生态环境部|中共中央|国家统计局|全国人大|政府工作报告"
)
NATIONAL_WORDS = re.compile(
    r"\b(?:China(?:'s)?|nationwide|national(?:ly)?|the country(?:'s)?)\b|全国|我国|中国|全国性"
)
#: the document's own place ("the whole province", 全省, 全市, 全区): the first of the context
#: region and those above it at one of these levels
HERE_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\b(?:the whole province|the province|province-wide)\b|全省"), ("province",)),
    (
        re.compile(r"\b(?:the whole city|the city|city-wide|citywide)\b|全市"),
        ("county", "prefecture", "province"),
    ),
    (re.compile(r"全区|\b(?:the district|the region)\b"), ("district", "park", "area", "province")),
)
#: "(national target is 65%)": a national figure stated beside a local one
NATIONAL_TARGET = re.compile(
    r"national target (?:is|of|:|was)\s?|全国(?:目标|平均水平)?(?:为|是)", re.IGNORECASE
)
#: a figure a sentence names as a target: "the annual target of 2.5%", 目标为
TARGET_OF = re.compile(
    r"\b(?:target|goal)s?\s(?:of|set\s.*|is|was|at)\s?$|目标(?:为|是)?$", re.IGNORECASE
)
#: verbs of a document that sets things out: with them a sentence without a figure may still be
#: a qualitative target ("Provinces ... have proposed promoting green electricity for hydrogen")
SETTING = re.compile(
    r"\b(?:propos\w*|requir\w*|specif\w*|identif\w*|calls? for|stipulat\w*|mandat\w*"
    r"|focus(?:es|ed|ing)? on)\b",
    re.IGNORECASE,
)
#: "respectively", 分别: figures paired in order with subjects or years
RESPECTIVELY = re.compile(r"\brespectively\b|分别", re.IGNORECASE)
#: a relative clause that describes rather than sets ("which accounts for over 60% of ...")
DESCRIPTIVE = re.compile(r"^\s?(?:which|who)\b", re.IGNORECASE)
