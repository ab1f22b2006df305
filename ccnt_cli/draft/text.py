"""Policy text as blocks and sentences.

A document is plain text or Markdown, in English or Chinese. It is read as blocks (headings,
paragraphs, list items: a list item is a sentence of its own even without a full stop), and each
block as sentences. Each sentence keeps its words verbatim (``raw``, which becomes a draft's
``text``) and a cleaned form the patterns read (``clean``: Markdown links, emphasis and escapes
removed, full-width forms folded by NFKC, so ``８０％`` reads ``80%`` and ``，`` reads ``,``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: characters of the CJK scripts (ideographs and their punctuation)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_ITEM = re.compile(
    r"^\s*(?:[-*+•·▪●]\s+|\d{1,3}[.)]\s+|\d{1,3}、\s*|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,3})[)）]\s*"
    r"|[一二三四五六七八九十]{1,3}、\s*)"
)
#: sentence ends: Chinese ones always; ``.``, ``!``, ``?``, ``;`` before a space or the end
_CJK_END = "。！？；"
_LATIN_END = ".!?;"
_CLOSERS = "\"'”’」』)）]*_"
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "no",
        "approx",
        "dr",
        "mr",
        "ms",
        "mrs",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "eq",
        "al",
        "inc",
        "ltd",
        "co",
    ]
)
#: longest text in brackets before an unclosed bracket is given up on
_LONGEST_ASIDE = 300
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE = re.compile(r"`([^`]*)`")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@dataclass(slots=True)
class Sentence:
    raw: str  # verbatim (lines of a paragraph joined), the draft's ``text``
    clean: str  # what the patterns read
    line: int  # line of its first character (1-based)
    block: int  # index of its block in the document
    kind: str  # "heading", "item" or "para"
    first: bool  # the first sentence of its block
    last: bool  # the last sentence of its block

    @property
    def lead(self) -> bool:
        """It ends with a colon: it introduces what follows ("It proposes that:")."""
        return self.clean.rstrip(" *").endswith(":")


@dataclass(slots=True)
class _Block:
    kind: str
    lines: list[tuple[int, str]]  # (line number, text)


def clean(raw: str) -> str:
    """The text the patterns read: no Markdown, NFKC-folded, one space between words."""
    text = _LINK.sub(r"\1", raw)
    text = _AUTOLINK.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _STRONG.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2212", "-")
    return _join_spaces(text).strip()


def _join_spaces(text: str) -> str:
    """One space between words; none next to a Chinese character (``2030 年`` is ``2030年``)."""
    out: list[str] = []
    pos = 0
    for m in _SPACES.finditer(text):
        out.append(text[pos : m.start()])
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before and after and not (is_cjk(before) or is_cjk(after)):
            out.append(" ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            current = None
            continue
        if fenced or not line.strip() or _RULE.match(line):
            current = None
            continue
        if _HEADING.match(line):
            blocks.append(_Block("heading", [(number, _HEADING.sub("", line).rstrip(" #"))]))
            current = None
            continue
        item = _ITEM.match(line)
        if item:
            current = _Block("item", [(number, line[item.end() :])])
            blocks.append(current)
            continue
        if current is None:
            current = _Block("para", [])
            blocks.append(current)
        current.lines.append((number, line.strip()))
    return blocks


def _joined(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The block's lines as one text, and (offset, line number) where each line starts."""
    text = ""
    starts: list[tuple[int, int]] = []
    for number, line in lines:
        line = line.strip()
        if text and line and not (is_cjk(text[-1]) or is_cjk(line[0])):
            text += " "
        starts.append((len(text), number))
        text += line
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1]
    for start, number in starts:
        if start > offset:
            break
        line = number
    return line


def _ends_here(text: str, i: int) -> int | None:
    """If a sentence ends at ``text[i]``, the offset just after it (closing marks included)."""
    ch = text[i]
    j = i + 1
    if ch in _CJK_END:
        while j < len(text) and text[j] in _CLOSERS:
            j += 1
        return j
    if ch not in _LATIN_END:
        return None
    if ch == "." and (
        (i and text[i - 1].isdigit() and j < len(text) and text[j].isdigit())
        or _abbreviation(text, i)
    ):
        return None
    while j < len(text) and text[j] in _CLOSERS:
        j += 1
    if j == len(text):
        return j
    if not text[j].isspace():
        return None
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    nxt = text[k] if k < len(text) else ""
    if ch == ";" or not nxt or nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘[*(（" or is_cjk(nxt):
        return j
    return None


def _abbreviation(text: str, i: int) -> bool:
    k = i
    while k and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    word = text[k:i].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


_MARKS = re.compile(r"[(\[（【)\]）】.!?;。！？；:：]")


def _split(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a block's text (only brackets and stops are looked at)."""
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0  # where the outermost bracket opened
    start = 0
    for m in _MARKS.finditer(text):
        i = m.start()
        if i < start:
            continue  # inside the closing marks of the sentence just ended
        ch = text[i]
        escaped = i > 0 and text[i - 1] == "\\"
        if depth and i - opened > _LONGEST_ASIDE:
            depth = 0  # a bracket never closed (a list marker "a)", a typo): stop waiting
        if ch in "([（【" and not escaped:
            if not depth:
                opened = i
            depth += 1
        elif ch in ")]）】" and not escaped:
            depth = max(0, depth - 1)
        elif depth == 0:
            end = _ends_here(text, i)
            if end is None and ch in ":：" and _colon_ends(text, i):
                end = i + 1
            if end is not None:
                if text[start:end].strip():
                    spans.append((start, end))
                start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _colon_ends(text: str, i: int) -> bool:
    """A colon ends a lead-in ("主要目标是：", "It specifies that: ..."), not a time (10:30)."""
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return not (before.isdigit() and after.isdigit()) and (
        after == "" or after.isspace() or is_cjk(after) or text[i] == "："
    )


def sentences(text: str) -> list[Sentence]:
    """Every sentence of a document, in order, with its line and block."""
    out: list[Sentence] = []
    for index, block in enumerate(_blocks(text)):
        joined, starts = _joined(block.lines)
        spans = _split(joined) if block.kind != "heading" else [(0, len(joined))]
        for n, (start, end) in enumerate(spans):
            while start < end and joined[start].isspace():
                start += 1
            raw = joined[start:end].strip()
            cleaned = clean(raw)
            if not cleaned:
                continue
            out.append(
                Sentence(
                    raw=raw,
                    clean=cleaned,
                    line=_line_at(starts, start),
                    block=index,
                    kind=block.kind,
                    first=n == 0,
                    last=n == len(spans) - 1,
                )
            )
    return out
