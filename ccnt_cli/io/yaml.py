"""Safe YAML reading that keeps line numbers and refuses duplicate keys.

PyYAML's safe loader does the work (``yaml.CSafeLoader``, with libyaml's C parser, where PyYAML
was built with it; ``yaml.SafeLoader`` otherwise), with the YAML 1.1 meanings it gives plain
scalars (``yes`` is true, ``0x1F`` a number, ``2025-03-01`` a date; a date that does not exist
stays text). ``_Loader`` changes only what ccnt needs: mappings come back as ``YDict``, a dict
that also knows the line of the mapping and of each key, so every problem can point at the line
to edit; sequences come back as ``YList``, which knows the line of each item. Only plain data is
built: tags such as ``!!python/object/apply`` are refused, never executed.

What is refused and how it is worded (depth, aliases, characters, syntax) is in
``io.yaml_checks``; merge keys (``<<``) and tags are refused here, as values are built.
"""

from __future__ import annotations

from collections.abc import Iterator
from sys import intern
from typing import Any, NamedTuple

import yaml

from .yaml_checks import (
    DEPTH_BOUND_CHECKED,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    YamlProblem,
    bad_character,
    check_depth,
    check_graph,
    depth_bound,
    one_line,
    syntax_problem,
)
from .yaml_checks import Base as _Base

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "Duplicate",
    "YDict",
    "YList",
    "YamlDoc",
    "YamlProblem",
    "load_yaml",
]

_CORE = "tag:yaml.org,2002:"
_MERGE = _CORE + "merge"
_STR = _CORE + "str"
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
                check_depth(self.text)
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
                    # one text per distinct key (a folder's records repeat a few dozen)
                    key = intern(key_node.value)
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
    """Carries the problem of ``check_depth`` past the mappings that would locate it: it is
    about the whole file, not a field."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document; raise ``YamlProblem`` for one that cannot be read.

    Duplicate keys do not stop reading: they are left on their mappings (``YDict.duplicates``),
    and every such mapping is listed in the result, so each can be reported where it is read.
    """
    if depth_bound(text) > DEPTH_BOUND_CHECKED:
        check_depth(text)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError:  # the pure-Python reader checks the text when created
        raise bad_character(text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, [])
        if "&" in text:  # no anchor, no alias: nothing can be shared or expand
            check_graph(node)
        return YamlDoc(loader.construct_document(node), loader.with_duplicates)
    except yaml.MarkedYAMLError as exc:
        raise syntax_problem(exc, text) from None
    except yaml.reader.ReaderError:
        raise bad_character(text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML: {one_line(str(exc))}", None) from None
    except _TooDeep as exc:
        raise exc.problem from None
    except RecursionError:  # deeper than Python's stack allows, below the cheap bound
        check_depth(text)
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", None) from None
    finally:
        loader.dispose()
