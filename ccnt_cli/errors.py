"""The library's own errors, the problems it reports, and the process exit codes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, one meaning each."""

    OK = 0
    INTERNAL_ERROR = 1
    USAGE_OR_INVALID_INPUT = 2
    CHECK_FAILED = 3


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None
    record: str | None = None
    field: str | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        # a problem is one line of text: a line break or control character taken from the
        # input (an id, a key, a cell, a file name) is shown escaped
        for name in ("file", "message", "record", "field", "hint"):
            value = getattr(self, name)
            if value is not None and not value.isprintable():
                object.__setattr__(self, name, _escaped(value))

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        return where

    def one_line(self) -> str:
        """The problem as a single line: ``file:line: record: field: message (hint)``."""
        parts = [self.location()]
        if self.record:
            parts.append(f"[{self.record}]")
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _escaped(text: str) -> str:
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in text
    )


class CcntError(Exception):
    """Base class of every error ccnt raises on purpose."""

    exit_code: ExitCode = ExitCode.USAGE_OR_INVALID_INPUT


class DataError(CcntError):
    """The data folder has one or more problems; all of them are carried."""

    def __init__(self, problems: Sequence[Problem], label: str | None = None) -> None:
        self.problems = list(problems)
        #: what the problems are in, when it is not the data folder of the command (e.g. an
        #: older revision read by ``ccnt diff``)
        self.label = label
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the data")


class UnitError(CcntError):
    """A unit or quantity that cannot be read, or a conversion between incompatible units."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.hint = hint
        super().__init__(message)


class LookupFailed(CcntError):
    """A name typed by the user (region, indicator, target, ...) matches nothing. With no
    close match, a short list of ``choices`` is named instead."""

    def __init__(
        self, what: str, typed: str, suggestions: Iterable[str] = (), choices: Sequence[str] = ()
    ) -> None:
        self.what = what
        self.typed = typed
        self.suggestions = list(suggestions)
        text = f"unknown {what} {typed!r}"
        if self.suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        elif choices:
            text += f" (one of {', '.join(choices)})"
        super().__init__(text)


class LookupsFailed(CcntError):
    """Several typed names match nothing: every one is reported at once."""

    def __init__(self, failures: Sequence[LookupFailed]) -> None:
        self.failures = list(failures)
        super().__init__("\n".join(str(f) for f in self.failures))


class OutputError(CcntError):
    """An output file cannot be written where the user asked."""


class ReadOnlyData(CcntError):
    """A command would write into the bundled data, which is read-only."""


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Close matches for a mistyped word, best first."""
    import difflib  # only when there is a mistake to name

    pool = list(choices)
    lowered = {c.lower(): c for c in pool}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """``did you mean 'x' or 'y'?`` for a mistyped word, or ``None``."""
    close = suggest(word, choices)
    return ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else None
