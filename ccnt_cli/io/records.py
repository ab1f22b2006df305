"""YAML records validated against their schema (``ccnt_cli.schema``) with pydantic.

Each mapping under ``regions:``, ``targets:`` and the other sections is validated by a pydantic
``TypeAdapter`` of its record class; every error pydantic reports becomes a ccnt ``Problem``
with the file, the line of the field (the YAML reader keeps the line of every key), the record's
id, the dotted field name and a hint. Checks across fields (``Record.settle``) run on a record
whose fields are each valid. pydantic is imported here, and only when a file must be parsed.
"""

from __future__ import annotations

from typing import Any

from ccnt_cli.errors import Problem, did_you_mean
from ccnt_cli.io.yaml import YDict, YList
from ccnt_cli.models import FileResult
from ccnt_cli.schema import (
    RECORDS,
    REGISTRIES,
    Derivation,
    Invalid,
    Missing,
    Point,
    Record,
    Where,
    input_fields,
    type_name,
)

#: nested mappings of a record (``target:``, ``baseline:``) by field name
_NESTED: dict[str, type] = {"target": Point, "baseline": Point, "derived": Derivation}


_ADAPTERS: dict[str, Any] = {}


def _adapter(cls: type[Record]) -> Any:
    """The pydantic validator of a record class, built once (about 20 ms each)."""
    adapter = _ADAPTERS.get(cls.__name__)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls.__name__] = TypeAdapter(cls)
    return adapter


def _with_article(name: str) -> str:
    if name in ("text", "null", "true/false"):
        return name
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def parse_yaml(doc: Any, registry: str | None, name: str, result: FileResult) -> None:
    """The records of one YAML file: a registry (``registry`` is its section) or a file of
    policies and targets."""
    expected = (registry,) if registry else ("policies", "targets")
    if doc is None:
        if registry:
            result.problems.append(
                Problem(
                    name,
                    f"the file is empty; it needs `{registry}:`",
                    line=1,
                    hint=f"list the {registry} under `{registry}:`, or write `{registry}: []` for none",
                )
            )
        return
    if not isinstance(doc, YDict):
        result.problems.append(
            Problem(
                name,
                f"the file must be a mapping with {' and '.join(expected)}, "
                f"not {_with_article(type_name(doc))}",
                line=1,
                hint=f"start the file with `{expected[0]}:` and list the records under it",
            )
        )
        return
    for key in doc:
        if key not in expected:
            if key in REGISTRIES.values() and not registry:
                hint = f"{key} belong in targets/{key}.yaml"
            else:
                hint = did_you_mean(key, expected) or f"expected {' and '.join(expected)}"
            result.problems.append(
                Problem(
                    name,
                    f"unknown top-level key {key!r}",
                    line=doc.line_of(key),
                    field=key,
                    hint=hint,
                )
            )
    if registry and registry not in doc:
        result.problems.append(
            Problem(
                name,
                f"missing top-level key {registry!r}",
                line=1,
                hint=f"list the {registry} under `{registry}:`",
            )
        )
    for key in expected:
        records = doc.get(key)
        if records is not None:
            getattr(result, key).extend(read_section(records, key, doc, name, result.problems))


def read_section(
    records: Any, section: str, doc: YDict, file: str, problems: list[Problem]
) -> list[Record]:
    """The valid records listed under ``section``; a problem for each mistake."""
    if not isinstance(records, list):
        problems.append(
            Problem(
                file,
                f"{section} must be a list of records, not {type_name(records)}",
                line=doc.line_of(section),
                field=section,
                hint=f"write each record as `- id: ...` under {section}:",
            )
        )
        return []
    cls = RECORDS[section]
    out: list[Record] = []
    for i, rec in enumerate(records):
        if not isinstance(rec, YDict):
            problems.append(
                Problem(
                    file,
                    f"{section}[{i}] must be a mapping, not {type_name(rec)}",
                    line=records.line_of(i) if isinstance(records, YList) else doc.line_of(section),
                    field=section,
                    hint="each record is `- id: ...` with fields",
                )
            )
            continue
        record = read_record(cls, rec, file, problems)
        if record is not None:
            out.append(record)
    return out


def read_record(cls: type[Record], rec: YDict, file: str, problems: list[Problem]) -> Record | None:
    """One record, or ``None`` with its problems appended."""
    raw_id = rec.get("id")
    label = raw_id if isinstance(raw_id, str) else None
    before = len(problems)

    def problem(
        fld: str | None, message: str, hint: str | None = None, line: int | None = None
    ) -> None:
        if line is None:
            line = _line(rec, fld)
        problems.append(Problem(file, message, line=line, record=label, field=fld, hint=hint))

    _duplicates(rec, "", problem)
    for name in _NESTED:
        nested = rec.get(name)
        if isinstance(nested, YDict):
            _duplicates(nested, f"{name}.", problem)
    try:
        record: Any = _adapter(cls).validate_python(rec)
    except Exception as exc:  # pydantic.ValidationError: imported lazily, matched by shape
        errors = getattr(exc, "errors", None)
        if errors is None:
            raise
        found = errors()
        for err in found:
            _report(cls, rec, err, problem)
        _settle_the_rest(
            cls, rec, [tuple(map(str, e["loc"]))[:2] for e in found if e["loc"]], problem
        )
        return None
    if len(problems) > before:  # duplicate keys: YAML kept one value, the record is refused
        return None
    record.where = Where(file, rec.line, Where.key_text(rec.key_lines))
    for issue in record.settle():
        problem(issue.field, issue.message, issue.hint)
    return record if len(problems) == before else None


def _settle_the_rest(
    cls: type[Record], rec: YDict, bad: list[tuple[str, ...]], problem: Any
) -> None:
    """All problems at once: the checks across fields, run on the record without the fields
    already reported (when what is left validates), where they do not involve those fields."""
    rest: dict[str, Any] = dict(rec)
    for path in bad:
        if len(path) == 1:
            rest.pop(path[0], None)
        elif isinstance(rest.get(path[0]), dict):
            rest[path[0]] = {k: v for k, v in rest[path[0]].items() if k != path[1]}
    try:
        record: Any = _adapter(cls).validate_python(rest)
    except Exception:  # what is left does not validate either: those errors were reported
        return
    reported = {".".join(path) for path in bad}
    for issue in record.settle():
        if not any(issue.field == r or issue.field.startswith(r + ".") for r in reported):
            problem(issue.field, issue.message, issue.hint)


def _duplicates(rec: YDict, prefix: str, problem: Any) -> None:
    """Keys written twice in a mapping (YAML would keep only one value)."""
    for dup in rec.duplicates:
        problem(
            prefix + dup.key,
            f"duplicate key {dup.key!r} (first on line {dup.first})",
            "YAML keeps only the last value of a repeated key; keep one",
            line=dup.line,
        )
    rec.duplicates.clear()


def _line(rec: YDict, fld: str | None) -> int:
    """The line of a (dotted) field: of the nested key where it is written there."""
    if not fld:
        return rec.line
    head, _, rest = fld.partition(".")
    inner = rec.get(head)
    if rest and isinstance(inner, YDict):
        return inner.line_of(rest.split(".")[0]) if rest in inner.key_lines else inner.line
    return rec.line_of(head)


def _value_at(rec: YDict, loc: tuple[Any, ...]) -> Any:
    value: Any = rec
    for part in loc:
        if isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _report(cls: type[Record], rec: YDict, err: dict[str, Any], problem: Any) -> None:
    """One pydantic error as a ccnt problem."""
    loc = tuple(str(p) for p in err["loc"])
    dotted = ".".join(loc)
    name = loc[-1] if loc else ""
    kind = err["type"]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        inner = _NESTED.get(loc[0]) if len(loc) > 1 else None
        allowed = input_fields(inner or cls)
        hint = did_you_mean(name, allowed)
        if hint is None and inner is not None and name in input_fields(cls):
            hint = f"{name} is a field of the {cls.label}: move it out of this mapping"
        problem(dotted, f"unknown field {name!r}", hint or "allowed: " + ", ".join(sorted(allowed)))
        return
    error = (err.get("ctx") or {}).get("error")
    if kind == "missing" or isinstance(error, Missing):
        if dotted == "id":
            problem("id", f"{cls.label} has no id", "add `id: some-slug`")
        elif name in _NESTED:
            problem(dotted, f"missing required field {name!r}", f"add `{name}: {{year: ...}}`")
        else:
            problem(dotted, f"missing required field {name!r}", f"add `{name}: ...`")
        return
    if isinstance(error, Invalid):
        hint = error.hint.replace("{field}", dotted) if error.hint else None
        if error.index is not None:
            value = _value_at(rec, err["loc"])
            line = value.line_of(error.index) if isinstance(value, YList) else None
            problem(dotted, f"{dotted}[{error.index}] {error.message}", hint, line=line)
        else:
            problem(dotted, f"{dotted} {error.message}", hint)
        return
    # a type the checks let through (should not happen): pydantic's own words
    value = _value_at(rec, err["loc"])
    problem(dotted, f"{dotted}: {err['msg']} (got {_with_article(type_name(value))})")
