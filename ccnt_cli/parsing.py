"""Phase 1 of loading: each file of a data folder read on its own (``parse_file``).

YAML files give registry records, policies and targets (``io.records``, validated against
``schema``); CSV files give actuals, as columns (``io.actuals``). Every problem is collected with
its file, line, record and field. A file's result depends on its bytes alone, so ``cache`` can
keep it. Phase 2 (references, units) is ``link``.
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .io.actuals import parse_actuals
from .io.records import parse_yaml
from .io.text import read_text
from .io.yaml import YamlProblem, load_yaml
from .models import FileResult
from .schema import REGISTRIES


def parse_file(path: Path, root: Path) -> FileResult:
    """Read one file of the data folder on its own."""
    name = path.relative_to(root).as_posix()
    text, problems = read_text(path, name)
    result = FileResult(problems=problems)
    if text is None:
        return result
    if path.suffix == ".csv":
        parse_actuals(text, name, result)
        return result
    try:
        doc, with_duplicates = load_yaml(text)
    except YamlProblem as exc:
        result.problems.append(
            Problem(
                name, exc.message, line=exc.line, record=exc.record, field=exc.field, hint=exc.hint
            )
        )
        return result
    registry = REGISTRIES.get(path.name) if path.parent == root / "targets" else None
    parse_yaml(doc, registry, name, result)
    for mapping in with_duplicates:  # the ones no record reader reported
        for dup in mapping.duplicates:
            result.problems.append(
                Problem(
                    name,
                    f"duplicate key {dup.key!r} (first on line {dup.first})",
                    line=dup.line,
                    field=dup.key if mapping is doc else None,
                    hint="YAML keeps only the last value of a repeated key; keep one",
                )
            )
    return result


__all__ = ["parse_file", "read_text"]
