"""Safe YAML reading that keeps line numbers and refuses duplicate keys.

libyaml's C parser is used where PyYAML was built with it; the checks below run on either.
Mappings come back as ``YDict``: a dict that also knows the line of the mapping and of each key,
so every problem can point at the line to edit. Only plain data is built: tags such as
``!!python/object/apply`` are refused, never executed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # pragma: no branch
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s]")

#: largest number of aliases one file may use (an alias bomb is refused, not expanded)
MAX_ALIASES = 1000


class YDict(dict[str, Any]):
    """A mapping from YAML that remembers where it and its keys were written (1-based lines)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlProblem(Exception):
    """A problem found while reading a YAML file: ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class _Loader(_Base):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[YamlProblem] = []
        self.alias_count = 0

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = YDict(node.start_mark.line + 1)
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in data:
                self.duplicates.append(
                    YamlProblem(
                        f"duplicate key {key!r} (first on line {data.key_lines[key]})",
                        line,
                        "YAML keeps only the last value of a repeated key; keep one",
                    )
                )
                continue
            data.key_lines[key] = line
            data[key] = self.construct_object(value_node, deep=True)

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None, f"tag {node.tag!r} is not allowed", node.start_mark
        )

    def compose_node(self, parent: Any, index: Any) -> Any:  # pure-Python loader path
        if self.check_event(yaml.AliasEvent):
            self._count_alias()
        return super().compose_node(parent, index)

    def _count_alias(self) -> None:
        self.alias_count += 1
        if self.alias_count > MAX_ALIASES:
            raise YamlProblem(
                f"more than {MAX_ALIASES} aliases",
                None,
                "expand anchors by hand; aliases are limited",
            )


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor(None, _Loader.construct_undefined)
for _tag in ("tag:yaml.org,2002:python/object", "tag:yaml.org,2002:python/object/apply"):
    _Loader.add_constructor(_tag, _Loader.construct_undefined)


def load_yaml(text: str) -> Any:
    """Parse one YAML document; raise ``YamlProblem`` (first problem) or return the data.

    Duplicate keys are all reported: the exception carries the first, ``.others`` the rest.
    """
    if _ANCHOR.search(text) and _alias_total(text) > MAX_ALIASES:
        raise YamlProblem(
            f"more than {MAX_ALIASES} aliases", None, "expand anchors by hand; aliases are limited"
        )
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlProblem(f"YAML syntax: {message}", line, _syntax_hint(message)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {exc}", None) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        first = loader.duplicates[0]
        first.others = loader.duplicates[1:]  # type: ignore[attr-defined]
        raise first
    return data


def _alias_total(text: str) -> int:
    """Count alias events cheaply (the C composer cannot be hooked)."""
    count = 0
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                break
    return count


def _syntax_hint(message: str) -> str:
    if "not allowed" in message:
        return "remove the tag: ccnt reads plain data only and never runs tags"
    if "\\t" in message or "\t" in message:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in message:
        return "quote values that contain ': ' or check the indentation"
    if "found character" in message and "'%'" in message:
        return "quote values that start with '%' or '@'"
    return "check the indentation and quoting around this line"
