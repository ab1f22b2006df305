"""Records as rows of JSON values: what the cache keeps of a file's regions, policies, targets...

``encode(records, cls)`` gives one row of field values per record, in the order of the
dataclass's fields (``init=False`` fields included; a nested record as its own row; tuples
stay tuples, which JSON writes as lists); ``decode(rows, cls)`` builds the records back
without calling ``__init__`` (validation and the fields computed after it are not run again),
checking every value against the field's declared type (the items of a tuple too, position by
position), so a damaged or tampered cache raises ``ValueError`` (a miss), never a record with
a wrong value in it. The rows travel inside the entry's JSON text, so a file's records cost
one ``json.loads`` and a few passes.

Both directions work a field at a time over all rows (each step a pass at C speed). Decoding
then sets each record's fields with one function per class (``_builder``), generated once
from the field names like the methods ``dataclasses`` writes: ``o.id = id; o.where = where;
...`` for each row, about ten times faster than a call per field and record.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from itertools import accumulate, chain
from operator import attrgetter
from typing import Any, NamedTuple

_NONE = type(None)
_SCALARS = (str, int, float, bool, _NONE)


class _Field(NamedTuple):
    name: str
    #: the types a stored value may have (``int`` stands for ``float`` too, and becomes one)
    allowed: frozenset[type]
    #: the values a ``Literal`` field takes (``None`` for any value of the allowed types)
    choices: frozenset[Any] | None
    #: the dataclass of a nested record
    nested: type | None
    #: 0: a scalar; 1: a tuple of scalars; 2: a tuple of tuples of scalars
    depth: int
    #: a ``float`` field (an int read from JSON is made a float)
    real: bool
    #: the types of a tuple's items (depth 1), or of each position of its inner tuples
    #: (depth 2)
    items: tuple[frozenset[type], ...] = ()


def _invalid(why: str) -> ValueError:
    return ValueError(f"cached records of another shape: {why}")


@functools.cache
def _plan(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(_field(f.name, hints[f.name]) for f in dataclasses.fields(cls))


@functools.cache
def _checks(cls: type) -> tuple[list[tuple[frozenset[type], list[int]]], list[int]]:
    """How ``decode`` checks the fields of ``cls``: the plain scalar fields (no choices, no
    conversion) grouped by the types they allow, each group checked in one pass over all its
    columns; and the other fields, each checked (and converted) by ``_column``."""
    groups: dict[frozenset[type], list[int]] = {}
    others = []
    for i, f in enumerate(_plan(cls)):
        if f.nested is None and not f.depth and f.choices is None and not f.real:
            groups.setdefault(f.allowed, []).append(i)
        else:
            others.append(i)
    return list(groups.items()), others


def _field(name: str, tp: Any) -> _Field:
    args = list(_options(tp))
    nested = next((a for a in args if isinstance(a, type) and dataclasses.is_dataclass(a)), None)
    if nested is not None:
        shapes: frozenset[type] = frozenset({list, _NONE} if _NONE in args else {list})
        return _Field(name, shapes, None, nested, 0, False)
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        if typing.get_origin(item) is tuple:
            parts = typing.get_args(item)
            if Ellipsis in parts:
                raise TypeError(f"{name}: the cache cannot store a {tp!r}")
            positions = tuple(_scalar_types(name, p) for p in parts)
            return _Field(name, frozenset({list}), None, None, 2, False, positions)
        return _Field(name, frozenset({list}), None, None, 1, False, (_scalar_types(name, item),))
    choices: set[Any] = set()
    allowed: set[type] = set()
    for a in args:
        if typing.get_origin(a) is typing.Literal:
            choices.update(typing.get_args(a))
            allowed.update(type(c) for c in typing.get_args(a))
        elif a in _SCALARS:
            allowed.add(a)
        else:
            raise TypeError(f"{name}: the cache cannot store a {a!r}")
    if float in allowed:
        allowed.add(int)
    if choices and _NONE in allowed:
        choices.add(None)
    real = float in allowed and str not in allowed
    return _Field(name, frozenset(allowed), frozenset(choices) or None, None, 0, real)


def _scalar_types(name: str, tp: Any) -> frozenset[type]:
    """The types a stored item of type ``tp`` may have (a scalar, or a union of scalars)."""
    allowed = set(_options(tp))
    if not allowed <= set(_SCALARS):
        raise TypeError(f"{name}: the cache cannot store items of type {tp!r}")
    return frozenset(allowed | {int} if float in allowed else allowed)


def _options(tp: Any) -> tuple[Any, ...]:
    """The types a union stands for (``X | None``, ``Optional[X]``), or the type itself."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        out: list[Any] = []
        for a in typing.get_args(tp):
            out.extend(_options(a))
        return tuple(out)
    return (tp,)


# ------------------------------------------------------------------------------ encode


def encode(records: list[Any], cls: type) -> list[Any]:
    """Each record as a row of plain values (JSON writes a tuple as a list; ``json.dumps``
    raises ``TypeError`` for a value JSON cannot hold)."""
    if not records:
        return []
    columns = []
    for f in _plan(cls):
        col = list(map(attrgetter(f.name), records))
        if f.nested is not None:
            present = iter(encode([v for v in col if v is not None], f.nested))
            col = [next(present) if v is not None else None for v in col]
        columns.append(col)
    return list(zip(*columns, strict=True))


# ------------------------------------------------------------------------------ decode


def decode(rows: Any, cls: type) -> list[Any]:
    """The records ``encode`` gave ``rows`` for, or ``ValueError``. Checked a field (or a group
    of fields of the same types) at a time over all rows, then built by the class's
    ``_builder``."""
    plan = _plan(cls)
    if type(rows) is not list:
        raise _invalid("not a list")
    if not rows:
        return []
    width = len(plan)
    if not all([type(r) is list and len(r) == width for r in rows]):
        raise _invalid(f"a {cls.__name__} of another length")
    columns = list(zip(*rows, strict=True))
    groups, others = _checks(cls)
    for allowed, at in groups:
        if not set(map(type, chain.from_iterable(map(columns.__getitem__, at)))) <= allowed:
            raise _invalid(f"{cls.__name__}: a field holds another type")
    changed = False
    for i in others:
        col = _column(plan[i], columns[i], cls)
        if col is not columns[i]:
            columns[i], changed = col, True
    return _builder(cls)(zip(*columns, strict=True) if changed else rows)


def _column(f: _Field, col: tuple[Any, ...], cls: type) -> Any:
    """One field's values over all rows, checked and made what the field holds (the same
    object when they need no change)."""
    if not set(map(type, col)) <= f.allowed:
        raise _invalid(f"{cls.__name__}.{f.name} holds another type")
    if f.nested is not None:
        if None not in col:
            return decode(list(col), f.nested)
        built = iter(decode([v for v in col if v is not None], f.nested))
        return [next(built) if v is not None else None for v in col]
    if f.depth == 1:
        if not set(map(type, chain.from_iterable(col))) <= f.items[0]:
            raise _invalid(f"{cls.__name__}.{f.name} holds other items")
        return list(map(tuple, col))
    if f.depth == 2:
        inner = list(chain.from_iterable(col))
        if not set(map(type, inner)) <= {list} or not set(map(len, inner)) <= {len(f.items)}:
            raise _invalid(f"{cls.__name__}.{f.name} holds other items")
        for allowed, values in zip(f.items, zip(*inner, strict=True), strict=False):
            if not set(map(type, values)) <= allowed:
                raise _invalid(f"{cls.__name__}.{f.name} holds other items")
        pairs = list(map(tuple, inner))
        ends = list(accumulate(map(len, col)))
        return list(map(tuple, map(pairs.__getitem__, map(slice, [0, *ends[:-1]], ends))))
    if f.choices is not None and not set(col) <= f.choices:
        raise _invalid(f"{cls.__name__}.{f.name} holds a value it does not take")
    if f.real and int in set(map(type, col)):
        return [float(v) if type(v) is int else v for v in col]
    return col


@functools.cache
def _builder(cls: type) -> Callable[[Any], list[Any]]:
    """A function that makes a record of ``cls`` of each row of field values, without calling
    ``__init__``: written once from the field names (checked to be names), as ``dataclasses``
    writes a class's methods. A frozen class's fields are set past its guard."""
    names = [f.name for f in dataclasses.fields(cls)]
    if not all(n.isidentifier() and not n.startswith("_") for n in names):
        raise TypeError(f"{cls.__name__}: fields the cache cannot set")
    plain = cls.__setattr__ is object.__setattr__  # type: ignore[comparison-overlap]
    sets = "".join(
        f"        o.{n} = {n}\n" if plain else f"        setattr_(o, {n!r}, {n})\n" for n in names
    )
    source = (
        f"def build(rows):\n    out = []\n    append = out.append\n"
        f"    for {', '.join(names)}, in rows:\n        o = new(cls)\n{sets}        append(o)\n"
        f"    return out\n"
    )
    scope: dict[str, Any] = {"new": object.__new__, "cls": cls, "setattr_": object.__setattr__}
    exec(source, scope)  # code written above from identifiers only
    build: Callable[[Any], list[Any]] = scope["build"]
    return build


__all__ = ["decode", "encode"]
