"""Reading a data file as text: UTF-8 (a BOM is fine), or a problem that names the likely
encoding (GBK from a Chinese-locale Excel, UTF-16, Latin-1) and how to re-save the file."""

from __future__ import annotations

import re
from pathlib import Path

from ccnt_cli.errors import Problem


def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8 (a BOM is fine); name the likely encoding when it is not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, f"cannot read the file: {exc.strerror}")]
    save_as = (
        "re-save it as UTF-8 (in Excel: CSV UTF-8)"
        if path.suffix == ".csv"
        else "re-save it as UTF-8 in your editor"
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = _guess_encoding(raw)
        hint = f"it looks like {guess}; {save_as}" if guess else save_as
        return None, [Problem(name, "the file is not UTF-8 text", line=line, hint=hint)]
    nul = text.find("\x00")
    if nul >= 0:  # valid UTF-8, but no text file holds NUL: UTF-16 without a BOM, or binary
        line = text.count("\n", 0, nul) + 1
        if _looks_utf16(raw):
            return None, [
                Problem(
                    name,
                    "the file is not UTF-8 text",
                    line=line,
                    hint=f"it looks like UTF-16; {save_as}",
                )
            ]
        return None, [
            Problem(
                name,
                "the file contains a NUL character, so it is not a text file",
                line=line,
                hint="save it as UTF-8 text; is it a spreadsheet or a binary file?",
            )
        ]
    return text, []


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_GBK_LABEL = "GBK/GB18030 (Chinese-locale Excel)"


def _decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf16(raw: bytes) -> bool:
    """Mostly ASCII text in UTF-16 has a NUL in every other byte."""
    sample = raw[:4000]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 4 and min(even, odd) < max(even, odd) // 4


def _guess_encoding(raw: bytes) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        return "UTF-16"
    # Chinese text is runs of two-byte characters; Latin-1 accents are mostly single bytes
    runs = _HIGH_RUN.findall(raw)
    odd = sum(len(r) % 2 for r in runs)
    if odd * 10 <= len(runs) and _decodes(raw, "gb18030"):
        return _GBK_LABEL
    if _decodes(raw, "cp1252"):
        return "Latin-1/Windows-1252"
    for codec, label in (("gb18030", _GBK_LABEL), ("big5", "Big5")):
        if _decodes(raw, codec):
            return label
    return None
