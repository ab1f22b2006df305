"""Records as rows of JSON values: what the cache keeps of a file's regions, policies, targets...

``encode(records, cls)`` gives one list of field values per record, in the order of the
dataclass's fields (``init=False`` fields included; a nested record as its own list, tuples as
lists); ``decode(rows, cls)`` builds the records back without calling ``__init__`` (validation
and the fields computed after it are not run again), checking every value against the field's
declared type, so a damaged or tampered cache raises ``ValueError`` (a miss), never a record
with a wrong value in it. The rows travel inside the entry's JSON text, so a file's records
cost one ``json.loads`` and a loop.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections import deque
from itertools import chain, repeat
from typing import Any, NamedTuple

_NONE = type(None)
_SCALARS = (str, int, float, bool, _NONE)


class _Field(NamedTuple):
    name: str
    #: the types a stored value may have (``int`` stands for ``float`` too, and becomes one)
    allowed: tuple[type, ...]
    #: the values a ``Literal`` field takes (``None`` for any value of the allowed types)
    choices: frozenset[Any] | None
    #: the dataclass of a nested record
    nested: type | None
    #: 0: a scalar; 1: a tuple of scalars; 2: a tuple of tuples of scalars
    depth: int
    #: a ``float`` field (an int read from JSON is made a float)
    real: bool


def _invalid(why: str) -> ValueError:
    return ValueError(f"cached records of another shape: {why}")


@functools.cache
def _plan(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(_field(f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _field(name: str, tp: Any) -> _Field:
    args = [a for a in _options(tp)]
    nested = next((a for a in args if isinstance(a, type) and dataclasses.is_dataclass(a)), None)
    if nested is not None:
        return _Field(name, (list, _NONE) if _NONE in args else (list,), None, nested, 0, False)
    if typing.get_origin(tp) is tuple:
        item = typing.get_args(tp)[0]
        depth = 2 if typing.get_origin(item) is tuple else 1
        return _Field(name, (list,), None, None, depth, False)
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
    return _Field(name, tuple(allowed), frozenset(choices) or None, None, 0, real)


def _options(tp: Any) -> tuple[Any, ...]:
    """The types a union stands for (``X | None``, ``Optional[X]``), or the type itself."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        out: list[Any] = []
        for a in typing.get_args(tp):
            out.extend(_options(a))
        return tuple(out)
    return (tp,)


# ------------------------------------------------------------------------------ encode


def encode(records: list[Any], cls: type) -> list[list[Any]]:
    """Each record as a list of plain values (``TypeError`` for a value JSON cannot hold)."""
    plan = _plan(cls)
    return [_row(r, plan) for r in records]


def _row(record: Any, plan: tuple[_Field, ...]) -> list[Any]:
    out: list[Any] = []
    for f in plan:
        value = getattr(record, f.name)
        if f.nested is not None and value is not None:
            value = _row(value, _plan(f.nested))
        elif f.depth == 1:
            value = list(value)
        elif f.depth == 2:
            value = [list(item) for item in value]
        out.append(value)
    return out


# ------------------------------------------------------------------------------ decode


def decode(rows: Any, cls: type) -> list[Any]:
    """The records ``encode`` gave ``rows`` for, or ``ValueError``. Checked and built a field
    at a time over all rows (each step a pass at C speed), not a record at a time."""
    plan = _plan(cls)
    if type(rows) is not list:
        raise _invalid("not a list")
    if not rows:
        return []
    width = len(plan)
    if not all(type(r) is list and len(r) == width for r in rows):
        raise _invalid(f"a {cls.__name__} of another length")
    columns = [
        _column(f, list(col), cls) for f, col in zip(plan, zip(*rows, strict=True), strict=True)
    ]
    records: list[Any] = list(map(object.__new__, repeat(cls, len(rows))))
    for f, col in zip(plan, columns, strict=True):
        deque(map(_slot(cls, f.name), records, col), 0)
    return records


@functools.cache
def _slot(cls: type, name: str) -> Any:
    """What sets field ``name`` of a record (its slot), bypassing a frozen class's guard."""
    descriptor = getattr(cls, name, None)
    if descriptor is not None and hasattr(descriptor, "__set__"):
        return descriptor.__set__
    return functools.partial(object.__setattr__)  # pragma: no cover - a class without slots


def _column(f: _Field, col: list[Any], cls: type) -> list[Any]:
    """One field's values over all rows, checked and made what the field holds."""
    if not set(map(type, col)) <= set(f.allowed):
        raise _invalid(f"{cls.__name__}.{f.name} holds another type")
    if f.nested is not None:
        present = [v for v in col if v is not None]
        built = iter(decode(present, f.nested))
        return [next(built) if v is not None else None for v in col]
    if f.depth:
        items = list(chain.from_iterable(col))
        if f.depth == 2:
            if not set(map(type, items)) <= {list}:
                raise _invalid(f"{cls.__name__}.{f.name} holds other items")
            items = list(chain.from_iterable(items))
        if not set(map(type, items)) <= _SCALAR_SET:
            raise _invalid(f"{cls.__name__}.{f.name} holds other items")
        return [tuple(map(tuple, v)) for v in col] if f.depth == 2 else list(map(tuple, col))
    if f.choices is not None and not set(col) <= f.choices:
        raise _invalid(f"{cls.__name__}.{f.name} holds a value it does not take")
    if f.real and int in set(map(type, col)):
        return [float(v) if type(v) is int else v for v in col]
    return col


_SCALAR_SET = set(_SCALARS)

__all__ = ["decode", "encode"]
