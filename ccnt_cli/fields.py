"""Reading one YAML record field by field, collecting every problem with its line and a hint."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable
from typing import Any

from .errors import Problem
from .yamlio import YDict

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Close matches for a mistyped word, best first."""
    pool = list(choices)
    lowered = {c.lower(): c for c in pool}
    found = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[f] for f in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = suggest(word, choices)
    return ("did you mean " + " or ".join(repr(c) for c in close) + "?") if close else None


def normalize_date(value: object) -> str | None:
    """``2025-03-01`` / ``2025-03`` / ``2025`` (text or a YAML date) as text; None if not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2200:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        m = DATE.match(text)
        if m:
            year, month, day = m.groups()
            try:
                dt.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                return None
            return text
    return None


class RecordReader:
    """Typed access to one YAML mapping, appending a ``Problem`` for every mistake."""

    def __init__(self, rec: YDict, file: str, problems: list[Problem], label: str) -> None:
        self.rec = rec
        self.file = file
        self.problems = problems
        raw_id = rec.get("id")
        self.id = raw_id if isinstance(raw_id, str) else None
        self.label = label
        self.ok = True

    def problem(self, field: str | None, message: str, hint: str | None = None) -> None:
        self.ok = False
        line = self.rec.line_of(field) if field else self.rec.line
        self.problems.append(
            Problem(self.file, message, line=line, record=self.id, field=field, hint=hint)
        )

    def slug(self) -> str | None:
        value = self.rec.get("id")
        if value is None:
            self.problem("id", f"{self.label} has no id", "add `id: some-slug`")
            return None
        if not isinstance(value, str) or not SLUG.match(value):
            self.problem(
                "id",
                f"id {value!r} is not a slug",
                "use lower-case letters, digits and '-', e.g. yantai-solar-pv-capacity-2025",
            )
            return None
        return value

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.rec.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(name, f"missing required field {name!r}", f"add `{name}: ...`")
            return None
        if isinstance(value, bool | dict | list):
            self.problem(name, f"{name} must be text, not {type(value).__name__}", "quote it")
            return None
        return str(value).strip()

    def ref(self, name: str, required: bool = False) -> str | None:
        """A reference to another record's id."""
        value = self.text(name, required)
        return value

    def choice(self, name: str, choices: Collection[str], required: bool = False) -> str | None:
        value = self.text(name, required)
        if value is None:
            return None
        if value not in choices:
            self.problem(
                name,
                f"{name} {value!r} is not one of {', '.join(choices)}",
                did_you_mean(value, choices),
            )
            return None
        return value

    def integer(
        self, name: str, required: bool = False, lo: int = 1900, hi: int = 2200
    ) -> int | None:
        value = self.rec.get(name)
        if value is None:
            if required:
                self.problem(name, f"missing required field {name!r}", f"add `{name}: ...`")
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"{name} must be a whole number, not {value!r}", "e.g. 2025")
            return None
        if not lo <= value <= hi:
            self.problem(name, f"{name} {value} is out of range {lo}-{hi}")
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.rec.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(name, f"{name} must be true or false, not {value!r}")
            return None
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of text (a single text is accepted as a list of one)."""
        value = self.rec.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in value
        ):
            self.problem(name, f"{name} must be a list of text", f"e.g. `{name}: [a, b]`")
            return ()
        return tuple(str(v).strip() for v in value)

    def date(self, name: str) -> str | None:
        value = self.rec.get(name)
        if value is None:
            return None
        text = normalize_date(value)
        if text is None:
            self.problem(
                name, f"{name} {value!r} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY"
            )
        return text

    def mapping(self, name: str, required: bool = False) -> YDict | None:
        value = self.rec.get(name)
        if value is None:
            if required:
                self.problem(
                    name, f"missing required field {name!r}", f"add `{name}: {{year: ...}}`"
                )
            return None
        if not isinstance(value, YDict):
            self.problem(
                name,
                f"{name} must be a mapping, not {type(value).__name__}",
                f"e.g. `{name}: {{year: 2025, value: 9000, unit: MW}}`",
            )
            return None
        return value

    def sub(self, name: str, rec: YDict) -> RecordReader:
        """A reader for a nested mapping; its problems name the field as ``name.key``."""
        inner = _SubReader(rec, self.file, self.problems, self.label, self, name)
        inner.id = self.id
        return inner

    def unknown_fields(self, allowed: Collection[str]) -> None:
        for key in self.rec:
            if key not in allowed:
                self.problem(
                    key,
                    f"unknown field {key!r}",
                    did_you_mean(key, allowed) or "allowed: " + ", ".join(sorted(allowed)),
                )

    def get(self, name: str) -> Any:
        return self.rec.get(name)


class _SubReader(RecordReader):
    def __init__(
        self,
        rec: YDict,
        file: str,
        problems: list[Problem],
        label: str,
        parent: RecordReader,
        prefix: str,
    ) -> None:
        super().__init__(rec, file, problems, label)
        self.parent = parent
        self.prefix = prefix

    def problem(self, field: str | None, message: str, hint: str | None = None) -> None:
        self.ok = False
        self.parent.ok = False
        line = self.rec.line_of(field) if field else self.rec.line
        name = f"{self.prefix}.{field}" if field else self.prefix
        message = message.replace(f"{field} ", f"{name} ", 1) if field else message
        self.problems.append(
            Problem(self.file, message, line=line, record=self.id, field=name, hint=hint)
        )
