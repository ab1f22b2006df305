"""Safe YAML reading that keeps line numbers and refuses duplicate keys.

PyYAML's safe loader does the work (``yaml.CSafeLoader``, with libyaml's C parser, where PyYAML
was built with it; ``yaml.SafeLoader`` otherwise), with the YAML 1.1 meanings it gives plain
scalars (``yes`` is true, ``0x1F`` a number, ``2025-03-01`` a date; a date that does not exist
stays text). ``_Loader`` changes only what ccnt needs: mappings come back as ``YDict``, a dict
that also knows the line of the mapping and of each key, so every problem can point at the line
to edit; sequences come back as ``YList``, which knows the line of each item. Only plain data is
built: tags such as ``!!python/object/apply`` are refused, never executed.

Hostile input is bounded before it can cost much:

* deep nesting is refused (``MAX_DEPTH``): libyaml's composer recurses in C (before PyYAML
  6.0.4, without a limit of its own), and a file of ``[[[[...`` would otherwise crash the
  process. The exact depth is measured before composing when a cheap bound says it could be
  large, and otherwise as soon as building meets a collection deeper than ``MAX_DEPTH`` (or
  Python's own stack runs out, composing without libyaml). ccnt's message is the same
  whichever of the parser and ccnt stops first;
* aliases may add at most ``MAX_ALIAS_EXPANSION`` values (a "billion laughs" file of nested
  anchors is refused after a walk of its distinct nodes, not expanded);
* an alias inside its own anchor (an endless structure) and merge keys (``<<``) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

import yaml

try:  # pragma: no branch
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

#: deepest nesting of mappings and lists a file may use
MAX_DEPTH = 100
#: most values that aliases may add to a file, counted as if every alias were written out
MAX_ALIAS_EXPANSION = 100_000
#: above this cheap bound on a file's nesting, the exact depth is measured before composing
_DEPTH_BOUND_CHECKED = 2_000

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
_STR = _CORE + "str"
#: characters YAML allows (YAML 1.1, 5.1): everything else is refused by the reader
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SCALAR_KINDS = {
    _CORE + "int": "a whole number",
    _CORE + "float": "a number",
    _CORE + "bool": "true or false",
    _CORE + "null": "null",
}


class Duplicate(NamedTuple):
    """A key written twice in one mapping: the later ``line`` and the ``first`` one."""

    key: str
    line: int
    first: int


class YDict(dict[str, Any]):
    """A mapping from YAML that remembers where it and its keys were written (1-based lines).

    ``duplicates`` lists keys written twice (the first value is kept); whoever reads the mapping
    as a record reports them (with the record and field) and clears the list.
    """

    __slots__ = ("duplicates", "key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.duplicates: list[Duplicate] = []

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A sequence from YAML that remembers its line and the line of each item (1-based)."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int, item_lines: list[int]) -> None:
        super().__init__()
        self.line = line
        self.item_lines = item_lines

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


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


class YamlDoc(NamedTuple):
    """One parsed file: its data, and every mapping that had a duplicate key."""

    data: Any
    with_duplicates: list[YDict]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _tag_name(tag: str | None) -> str:
    tag = tag or "?"
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "list" if isinstance(node, yaml.SequenceNode) else "single value"


class _Loader(_Base):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's parser where PyYAML has it) building ``YDict`` and
    ``YList``, refusing tags and merge keys, recording duplicate keys and bounding depth.

    Mappings are built depth first (their values with ``deep=True``); a document that is a list
    has its items built level by level, as PyYAML builds any collection it is not told to build
    deeply. ``level`` is the depth of the collection whose content is being built (the
    document's value is at 1), so each new collection knows its own depth however it is built.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
        self.with_duplicates: list[YDict] = []
        self.level = 0
        self.depth_checked = False

    def _enter(self) -> int:
        """The depth of a new collection, refused past ``MAX_DEPTH`` if the text nests that
        deep. (Built objects can nest deeper than the text when an alias is built before its
        anchor, the anchor being the value of a duplicate key: that much is built.)"""
        depth = self.level + 1
        if depth > MAX_DEPTH and not self.depth_checked:
            self.depth_checked = True
            try:
                _check_depth(self.text)
            except YamlProblem as exc:
                raise _TooDeep(exc) from None
        return depth

    def construct_yaml_map(self, node: yaml.Node) -> Iterator[YDict]:
        if not isinstance(node, yaml.MappingNode):
            raise YamlProblem(
                f"tag !!map on a {_kind(node)}", _line(node), "remove the tag: it is not a mapping"
            )
        depth = self._enter()
        data = YDict(_line(node))
        yield data
        outer, self.level = self.level, depth
        key: str | None = None
        try:
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                key = None
                if key_node.tag == _MERGE:
                    key = "<<"
                    raise YamlProblem(
                        "merge keys ('<<') are not supported",
                        line,
                        "write the fields out in each record; each record stands on its own",
                    )
                if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                else:
                    key = _key_text(self.construct_object(key_node, deep=True))
                if key in data:  # the first value is kept; this one is never built
                    if not data.duplicates:
                        self.with_duplicates.append(data)
                    data.duplicates.append(Duplicate(key, line, data.key_lines[key]))
                    continue
                data.key_lines[key] = line
                if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
                    data[key] = value_node.value
                else:
                    data[key] = self.construct_object(value_node, deep=True)
        except YamlProblem as exc:
            exc.locate(key, _record_id(node))
            raise
        finally:
            self.level = outer

    def construct_yaml_seq(self, node: yaml.Node) -> Iterator[YList]:
        if not isinstance(node, yaml.SequenceNode):
            raise YamlProblem(
                f"tag !!seq on a {_kind(node)}", _line(node), "remove the tag: it is not a list"
            )
        depth = self._enter()
        data = YList(_line(node), [item.start_mark.line + 1 for item in node.value])
        yield data
        outer, self.level = self.level, depth
        try:
            data.extend(self.construct_sequence(node))
        finally:
            self.level = outer

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        """A date YAML cannot build (``2025-13-01``) stays text; the field reports it."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            return self.construct_scalar(node)

    def construct_plain_text(self, node: yaml.Node) -> Any:
        """``=`` and ``<<`` as values are text (YAML 1.1 gives them tags of their own)."""
        return self.construct_scalar(node)

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise YamlProblem(
            f"tag {_tag_name(node.tag)!r} is not allowed",
            _line(node),
            "remove the tag: ccnt reads plain data only and never runs tags",
        )


_Loader.add_constructor(_CORE + "map", _Loader.construct_yaml_map)
_Loader.add_constructor(_CORE + "seq", _Loader.construct_yaml_seq)
_Loader.add_constructor(_CORE + "timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor(_CORE + "value", _Loader.construct_plain_text)
_Loader.add_constructor(_MERGE, _Loader.construct_plain_text)
# plain data only: no binary blobs, sets or ordered pairs, and no tag of anyone else's
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(_CORE + _tag, _Loader.construct_undefined)
_Loader.add_constructor(None, _Loader.construct_undefined)
#: what a constructor may raise on a value it cannot read (reported, with its line)
_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


def _reported(construct: Any) -> Any:
    """A scalar constructor whose failure on a value (``!!int abc``, ``!!bool maybe``, a
    number too long for Python) is a located problem instead of an exception."""

    def construct_reported(loader: _Loader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except _UNREADABLE:
            raise _unreadable(node) from None

    return construct_reported


for _kind_name in ("int", "float", "bool", "null"):
    _tag = _CORE + _kind_name
    _Loader.add_constructor(_tag, _reported(_Loader.yaml_constructors[_tag]))


def _unreadable(node: yaml.Node) -> YamlProblem:
    if isinstance(node, yaml.ScalarNode):
        text = str(node.value)
        what = _SCALAR_KINDS.get(node.tag, _tag_name(node.tag))
        if node.tag == _CORE + "int" and len(text) > 100:
            return YamlProblem(
                f"the number {_short(text)!r} has {len(text)} digits",
                _line(node),
                "a value this long is a mistake; check the field",
            )
        return YamlProblem(
            f"cannot read {_short(text)!r} as {what}",
            _line(node),
            f"remove the {_tag_name(node.tag)} tag or correct the value",
        )
    return YamlProblem(
        f"cannot read this {_kind(node)} as {_tag_name(node.tag)}", _line(node), "remove the tag"
    )


def _record_id(node: yaml.MappingNode) -> str | None:
    """The ``id`` written in a mapping (in any position), if it is plain text."""
    for key_node, value_node in node.value:
        if (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.value == "id"
            and isinstance(value_node, yaml.ScalarNode)
            and value_node.tag == _CORE + "str"
        ):
            return str(value_node.value)
    return None


def _key_text(key: object) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return _short(str(key), 60)


class _TooDeep(Exception):
    """Carries the problem of ``_check_depth`` past the mappings that would locate it: it is
    about the whole file, not a field."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document; raise ``YamlProblem`` for one that cannot be read.

    Duplicate keys do not stop reading: they are left on their mappings (``YDict.duplicates``),
    and every such mapping is listed in the result, so each can be reported where it is read.
    """
    if _depth_bound(text) > _DEPTH_BOUND_CHECKED:
        _check_depth(text)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError:  # the pure-Python reader checks the text when created
        raise _bad_character(text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, [])
        if "&" in text:  # no anchor, no alias: nothing can be shared or expand
            _check_graph(node)
        return YamlDoc(loader.construct_document(node), loader.with_duplicates)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if _parser_depth_limit(exc):
            raise _too_deep(line) from None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = _syntax_hint(message, text, line)
        opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
        if "flow" in message and opened is not None and line is not None and opened < line:
            bracket = "{" if "flow mapping" in message else "["
            hint = f"the '{bracket}' on line {opened} is not closed; {hint}"
        raise YamlProblem(f"YAML syntax: {_one_line(message)}", line, hint) from None
    except yaml.reader.ReaderError:
        raise _bad_character(text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {_one_line(str(exc))}", None) from None
    except _TooDeep as exc:
        raise exc.problem from None
    except RecursionError:  # deeper than Python's stack allows, below the cheap bound
        _check_depth(text)
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", None) from None
    finally:
        loader.dispose()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _bad_character(text: str) -> YamlProblem:
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refused something
        return YamlProblem("YAML: the file has a character YAML does not allow", None)
    line = text.count("\n", 0, found.start()) + 1
    return YamlProblem(
        f"character U+{ord(found.group()):04X} is not allowed in YAML",
        line,
        "remove it: control characters come from copy-paste or a binary file",
    )


def _depth_bound(text: str) -> int:
    """A cheap upper bound on how deep a file nests: a block collection starts at a column
    right of its parent's (twice, counting lists written at their key's indentation), and every
    flow collection needs a bracket."""
    longest = max(map(len, text.split("\n")))  # "\n" only: longer lines, a safe bound
    return 2 * (longest + 1) + text.count("[") + text.count("{")


def _check_depth(text: str) -> None:
    """Measure the nesting from the parser's events (libyaml parses without recursing)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1 if event.start_mark else None)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if _parser_depth_limit(exc):  # libyaml's own limit (PyYAML 6.0.4 and newer)
            mark = exc.problem_mark or exc.context_mark
            raise _too_deep(mark.line + 1 if mark is not None else None) from None
        return  # the load that follows reports it, having composed only what was checked
    except yaml.YAMLError:
        return


def _parser_depth_limit(exc: yaml.YAMLError) -> bool:
    """libyaml 0.2.5 as bundled with PyYAML 6.0.4 refuses deep nesting itself ("exceeded
    maximum nesting depth"); the user gets ccnt's message whichever parser stopped first."""
    return "maximum nesting depth" in str(exc)


def _too_deep(line: int | None) -> YamlProblem:
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


def _check_graph(root: yaml.Node) -> None:
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
