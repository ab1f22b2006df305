"""What the YAML reader refuses, and how it words it: nesting too deep, aliases that expand
too far or never end, characters YAML does not allow, and syntax errors with a hint.

Hostile input is bounded before it can cost much:

* deep nesting (``MAX_DEPTH``): libyaml's composer recurses in C (before PyYAML 6.0.4 without
  a limit of its own), and a file of ``[[[[...`` would otherwise crash the process. The exact
  depth is measured before composing when a cheap bound (``depth_bound``) says it could be
  large, and otherwise as soon as building meets a collection deeper than ``MAX_DEPTH`` (or
  Python's own stack runs out, composing without libyaml). ccnt's message is the same
  whichever of the parser and ccnt stops first;
* aliases may add at most ``MAX_ALIAS_EXPANSION`` values (a "billion laughs" file of nested
  anchors is refused after a walk of its distinct nodes, not expanded), and an alias inside its
  own anchor (an endless structure) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

try:  # pragma: no branch
    Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    Base = yaml.SafeLoader

#: deepest nesting of mappings and lists a file may use
MAX_DEPTH = 100
#: most values that aliases may add to a file, counted as if every alias were written out
MAX_ALIAS_EXPANSION = 100_000
#: above this cheap bound on a file's nesting, the exact depth is measured before composing
DEPTH_BOUND_CHECKED = 2_000
#: characters YAML allows (YAML 1.1, 5.1): everything else is refused by the reader
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YamlProblem(Exception):
    """A problem found while reading a YAML file: ``line`` is 1-based; ``record`` and
    ``field`` say where it sits when it is inside a mapping (a record has an ``id``)."""

    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint
        self.record: str | None = None
        self.field: str | None = None

    def locate(self, key: str | None, record: str | None) -> None:
        """Called by each enclosing mapping, innermost first, until a record is found."""
        if self.record is not None:
            return
        if key is not None:
            self.field = key if self.field is None else f"{key}.{self.field}"
        self.record = record


def one_line(text: str) -> str:
    return " ".join(text.split())


def bad_character(text: str) -> YamlProblem:
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused something
        return YamlProblem("YAML: the file has a character YAML does not allow", None)
    line = text.count("\n", 0, found.start()) + 1
    return YamlProblem(
        f"character U+{ord(found.group()):04X} is not allowed in YAML",
        line,
        "remove it: control characters come from copy-paste or a binary file",
    )


def depth_bound(text: str) -> int:
    """A cheap upper bound on how deep a file nests: a block collection starts at a column
    right of its parent's (twice, counting lists written at their key's indentation), and every
    flow collection needs a bracket."""
    longest = max(map(len, text.split("\n")))  # "\n" only: longer lines, a safe bound
    return 2 * (longest + 1) + text.count("[") + text.count("{")


def check_depth(text: str) -> None:
    """Measure the nesting from the parser's events (libyaml parses without recursing)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Base):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise too_deep(event.start_mark.line + 1 if event.start_mark else None)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if parser_depth_limit(exc):  # libyaml's own limit (PyYAML 6.0.4 and newer)
            mark = exc.problem_mark or exc.context_mark
            raise too_deep(mark.line + 1 if mark is not None else None) from None
        return  # the load that follows reports it, having composed only what was checked
    except yaml.YAMLError:
        return


def parser_depth_limit(exc: yaml.YAMLError) -> bool:
    """libyaml 0.2.5 as bundled with PyYAML 6.0.4 refuses deep nesting itself ("exceeded
    maximum nesting depth"); the user gets ccnt's message whichever parser stopped first."""
    return "maximum nesting depth" in str(exc)


def too_deep(line: int | None) -> YamlProblem:
    return YamlProblem(
        f"nested more than {MAX_DEPTH} levels deep",
        line,
        "records need a few levels; check the brackets and indentation",
    )


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def check_graph(root: yaml.Node) -> None:
    """Walk the composed nodes once (aliases share a node): refuse cycles, and aliases that
    would add more than ``MAX_ALIAS_EXPANSION`` values if written out."""
    sizes: dict[int, int] = {}  # id(node) -> values it stands for, aliases expanded
    active = {id(root)}
    stack: list[tuple[yaml.Node, Iterator[yaml.Node], list[int]]] = [(root, _children(root), [1])]
    added = 0
    while stack:
        node, children, size = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            active.discard(id(node))
            sizes[id(node)] = size[0]
            if stack:
                stack[-1][2][0] += size[0]
            continue
        key = id(child)
        if key in active:
            raise YamlProblem(
                "an alias refers to the anchor it is inside: the data would never end",
                _line(node),
                "an alias can only repeat a value that is complete",
            )
        seen = sizes.get(key)
        if seen is not None:  # a second use of one node: an alias
            added += seen
            size[0] += seen
            if added > MAX_ALIAS_EXPANSION:
                raise YamlProblem(
                    f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} values",
                    _line(node),
                    "write the values out; aliases are limited, and nested anchors multiply",
                )
            continue
        if len(stack) >= MAX_DEPTH:
            raise YamlProblem(
                f"nested more than {MAX_DEPTH} levels deep",
                _line(child),
                "records need a few levels; check the brackets and indentation",
            )
        if isinstance(child, yaml.ScalarNode):
            sizes[key] = 1
            size[0] += 1
            continue
        active.add(key)
        stack.append((child, _children(child), [1]))


def _leading(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _syntax_hint(message: str, text: str, line: int | None) -> str:
    lines = text.split("\n")
    if line is not None and 0 < line <= len(lines) and "\t" in _leading(lines[line - 1]):
        return "indent with spaces, not tabs: this line is indented with a tab"
    for number, text_line in enumerate(lines, 1):
        if "\t" in _leading(text_line):
            return f"indent with spaces, not tabs: line {number} is indented with a tab"
    if "\\t" in message or "tab character" in message:
        return "indent with spaces, not tabs"
    if "expected a single document" in message:
        return "a file holds one YAML document; remove the '---' line"
    if "found undefined alias" in message:
        return "an alias (*name) must follow its anchor (&name) in the same file"
    if "mapping values are not allowed" in message:
        return "quote values that contain ': ' or check the indentation"
    if "found character" in message and ("'%'" in message or "'@'" in message):
        return "quote values that start with '%' or '@'"
    return "check the indentation and quoting around this line"


def syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A parser's error as ccnt's problem: the line, the parser's words, and a hint."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    if parser_depth_limit(exc):
        return too_deep(line)
    message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    hint = _syntax_hint(message, text, line)
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
    if "flow" in message and opened is not None and line is not None and opened < line:
        bracket = "{" if "flow mapping" in message else "["
        hint = f"the '{bracket}' on line {opened} is not closed; {hint}"
    return YamlProblem(f"YAML syntax: {one_line(message)}", line, hint)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1
