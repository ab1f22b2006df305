"""Reading one YAML record field by field, collecting every problem with its line and a hint."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from .errors import Problem, did_you_mean
from .yamlio import YDict, YList

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


def _shown(value: object, limit: int = 40) -> str:
    """A value as written in a message: its repr, cut short when long."""
    if isinstance(value, dict | list):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit] + "...")
    return repr(value)


def type_name(value: object) -> str:
    """What a YAML value is, in the words of the data format (never an internal class name)."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def normalize_date(value: object) -> str | None:
    """``2025-03-01`` / ``2025-03`` / ``2025`` (text or a YAML date) as text; None if not a date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2200:
        return str(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()  # full-width digits are digits
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

    def duplicates(self) -> None:
        """Report the keys written twice in this mapping (YAML would keep only one)."""
        if not self.rec.duplicates:  # the common case, first
            return
        for dup in self.rec.duplicates:
            self.problem(
                dup.key,
                f"duplicate key {dup.key!r} (first on line {dup.first})",
                "YAML keeps only the last value of a repeated key; keep one",
                line=dup.line,
            )
        self.rec.duplicates.clear()

    def problem(
        self, field: str | None, message: str, hint: str | None = None, line: int | None = None
    ) -> None:
        self.ok = False
        if line is None:
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
        if type(value) is str:  # the common case, first
            stripped = value.strip()
            if stripped:
                return stripped
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(name, f"missing required field {name!r}", f"add `{name}: ...`")
            return None
        if isinstance(value, bool | dict | list):
            self.problem(name, f"{name} must be text, not {type_name(value)}", "quote it")
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
            if value[::-1] in choices:  # "=>" for ">="
                hint: str | None = f"did you mean {value[::-1]!r}?"
            else:
                hint = did_you_mean(value, choices)
            self.problem(name, f"{name} {value!r} is not one of {', '.join(choices)}", hint)
            return None
        return value

    def integer(
        self, name: str, required: bool = False, lo: int = 1900, hi: int = 2200
    ) -> int | None:
        value = self.rec.get(name)
        if type(value) is int and lo <= value <= hi:  # the common case, first
            return value
        if value is None:
            if required:
                self.problem(name, f"missing required field {name!r}", f"add `{name}: ...`")
            return None
        if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 20:
            value = int(value.strip())  # "2025", full-width "２０２５" too
        elif isinstance(value, float) and value.is_integer():
            value = int(value)  # 2025.0
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"{name} must be a whole number, not {_shown(value)}", "e.g. 2025")
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
            self.problem(
                name,
                f"{name} must be true or false, not {_shown(value)}",
                f"write `{name}: true` or `{name}: false`, without quotes",
            )
            return None
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of text (a single text is accepted as a list of one)."""
        value = self.rec.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list):
            self.problem(
                name,
                f"{name} must be a list of text, not {type_name(value)}",
                f"e.g. `{name}: [a, b]`",
            )
            return ()
        for i, item in enumerate(value):
            if not isinstance(item, str | int) or isinstance(item, bool):
                self.problem(
                    name,
                    f"{name}[{i}] must be text, not {type_name(item)}",
                    f"e.g. `{name}: [a, b]`",
                    line=value.line_of(i) if isinstance(value, YList) else None,
                )
                return ()
        return tuple(str(v).strip() for v in value)

    def date(self, name: str) -> str | None:
        value = self.rec.get(name)
        if value is None:
            return None
        text = normalize_date(value)
        if text is None:
            self.problem(
                name, f"{name} {_shown(value)} is not a date", "write YYYY-MM-DD, YYYY-MM or YYYY"
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
                f"{name} must be a mapping, not {type_name(value)}",
                f"e.g. `{name}: {{year: 2025, value: 9000, unit: MW}}`",
            )
            return None
        return value

    def sub(self, name: str, rec: YDict) -> RecordReader:
        """A reader for a nested mapping; its problems name the field as ``name.key``."""
        inner = _SubReader(rec, self.file, self.problems, self.label, self, name)
        inner.id = self.id
        inner.duplicates()
        return inner

    def unknown_fields(self, allowed: Collection[str], outer: Collection[str] = ()) -> None:
        """Report fields not in ``allowed``; ``outer`` are the fields of the enclosing record
        (for a nested mapping, a field written one level too deep)."""
        for key in self.rec:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if hint is None and key in outer:
                    hint = f"{key} is a field of the {self.label}: move it out of this mapping"
                self.problem(
                    key,
                    f"unknown field {key!r}",
                    hint or "allowed: " + ", ".join(sorted(allowed)),
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

    def problem(
        self, field: str | None, message: str, hint: str | None = None, line: int | None = None
    ) -> None:
        self.ok = False
        self.parent.ok = False
        if line is None:
            line = self.rec.line_of(field) if field else self.rec.line
        name = f"{self.prefix}.{field}" if field else self.prefix
        message = message.replace(f"{field} ", f"{name} ", 1) if field else message
        self.problems.append(
            Problem(self.file, message, line=line, record=self.id, field=name, hint=hint)
        )
