"""Values to JSON values and back, by their declared types: one value at a time, for the
columns the cache keeps (``columns``).

``converters(tp)`` gives the pair of functions for a type: to a JSON value, and back to a value
equal to the original and of the same types (``ValueError`` for anything else, so a damaged or
foreign cache entry is a miss, never a crash later; ``TypeError`` when encoding a type the cache
cannot store). A dataclass is the list of its fields' values in declaration order, ``init=False``
fields included, and is rebuilt without calling ``__init__``: validation and fields computed
after it are not run again, their stored values are set. Nested dataclasses, tuples, lists,
``dict[str, X]``, enums, ``Literal`` values, unions with ``None`` and the JSON scalars are
stored; a field typed ``object`` or ``Any`` may hold a scalar only (a tuple there would come
back as a list).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections import deque
from collections.abc import Callable
from itertools import chain, cycle, repeat
from operator import attrgetter, call
from typing import Any

#: what JSON gives back as it was given
SCALARS: tuple[type, ...] = (str, int, float, bool, type(None))
#: the Python types a JSON value may take for a declared scalar type (a float may be written 1)
_AS_READ: dict[Any, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (float, int),
    bool: (bool,),
    type(None): (type(None),),
    object: SCALARS,
    Any: SCALARS,
}

Convert = Callable[[Any], Any]


class _Codec(typing.NamedTuple):
    """How one declared type is stored: ``encode`` and ``decode`` (``None``: stored as it is,
    only checked), and the Python types a value may have (what ``decode`` returns, or what a
    stored-as-is value is checked against). ``row``: for a tuple of scalars, the types of each
    item (so a list of such tuples is checked in one pass)."""

    encode: Convert | None
    decode: Convert | None
    accepts: tuple[type, ...]
    row: tuple[tuple[type, ...], ...] | None = None


@functools.cache
def converters(tp: Any) -> tuple[Convert, Convert]:
    """To a JSON value and back, for values of the declared type ``tp``."""
    return _convert_or_check(_codec(tp))


def stored_as_is(tp: Any) -> tuple[type, ...] | None:
    """The types a value of type ``tp`` may have, if it is stored as it is (a scalar type: it
    is only checked when read back); ``None`` if it is converted."""
    codec = _codec(tp)
    return codec.accepts if codec.encode in (None, _scalar) and codec.decode is None else None


def _invalid() -> ValueError:
    return ValueError("stored value of another shape")


def _check(accepts: tuple[type, ...]) -> Convert:
    def checked(value: Any) -> Any:
        if not isinstance(value, accepts):
            raise _invalid()
        return value

    return checked


def _scalar(value: Any) -> Any:
    """A value of a field typed ``object``: a scalar, which JSON gives back as it was."""
    if not isinstance(value, SCALARS):
        raise TypeError(f"the cache cannot store {type(value).__name__} in a field of any type")
    return value


@functools.cache
def _codec(tp: Any) -> _Codec:
    """The codec of a declared type (``TypeError`` for one that cannot be stored)."""
    if tp in _AS_READ:
        accepts = _AS_READ[tp]
        return _Codec(_scalar if accepts is SCALARS else None, None, accepts)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _dataclass_codec(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _Codec(attrgetter("value"), _enum_member(tp), (tp,))
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Literal and all(isinstance(a, SCALARS) for a in args):
        allowed = frozenset(args)

        def literal(value: Any) -> Any:
            if not isinstance(value, SCALARS) or value not in allowed:
                raise _invalid()
            return value

        return _Codec(None, literal, SCALARS)
    if origin in (typing.Union, types.UnionType):
        return _union_codec(args)
    if origin in (tuple, list) and args:
        return _sequence_codec(origin, args)
    if origin is dict and len(args) == 2 and args[0] is str:
        return _dict_codec(_codec(args[1]))
    raise TypeError(f"the cache cannot store values of type {tp!r}")


def _enum_member(cls: type[enum.Enum]) -> Convert:
    def member(value: Any) -> Any:
        try:
            return cls(value)
        except (ValueError, TypeError):
            raise _invalid() from None

    return member


def _union_codec(args: tuple[Any, ...]) -> _Codec:
    """``X | None`` for any storable X; unions of scalar types."""
    others = [a for a in args if a is not type(None)]
    if all(a in _AS_READ for a in args):
        accepts = tuple({t for a in args for t in _AS_READ[a]})
        return _Codec(None, None, accepts)
    if len(others) != 1:
        raise TypeError(f"the cache cannot store a union of {args!r}")
    inner = _codec(others[0])
    enc, dec = _convert_or_check(inner)

    def encode_optional(value: Any) -> Any:
        return None if value is None else enc(value)

    def decode_optional(value: Any) -> Any:
        return None if value is None else dec(value)

    return _Codec(encode_optional, decode_optional, (*inner.accepts, type(None)))


def _convert_or_check(codec: _Codec) -> tuple[Convert, Convert]:
    """Both directions as functions (a stored-as-is value is checked on the way back)."""
    return codec.encode or (lambda value: value), codec.decode or _check(codec.accepts)


def _sequence_codec(origin: type, args: tuple[Any, ...]) -> _Codec:
    """``list[X]``, ``tuple[X, ...]`` and ``tuple[X, Y, ...]`` as JSON lists."""
    variadic = origin is list or (len(args) == 2 and args[1] is Ellipsis)
    parts = [_codec(args[0])] if variadic else [_codec(a) for a in args]
    make: Callable[[Any], Any] = list if origin is list else tuple
    if variadic:
        enc, dec = _convert_or_check(parts[0])
        plain = parts[0].encode is None and parts[0].decode is None
        accepts, row = parts[0].accepts, parts[0].row

        def decode_items(data: Any) -> Any:
            if type(data) is not list:
                raise _invalid()
            if plain:
                if not all(map(isinstance, data, repeat(accepts))):
                    raise _invalid()
                return make(data)
            if row is not None:  # tuples of scalars, checked all at once
                if data and (
                    not all(map(isinstance, data, repeat(list)))
                    or set(map(len, data)) != {len(row)}
                    or not all(map(isinstance, chain.from_iterable(data), cycle(row)))
                ):
                    raise _invalid()
                return make(map(tuple, data))
            return make(map(dec, data))

        encode_items = None if parts[0].encode is None else (lambda v: [enc(x) for x in v])
        return _Codec(encode_items or list, decode_items, (origin,))
    if all(p.encode is None and p.decode is None for p in parts):  # scalars: checked only
        accepted = [p.accepts for p in parts]

        def decode_scalars(data: Any) -> Any:
            if (
                type(data) is not list
                or len(data) != len(accepted)
                or not all(map(isinstance, data, accepted))
            ):
                raise _invalid()
            return tuple(data)

        return _Codec(list, decode_scalars, (tuple,), tuple(accepted))
    pairs = [_convert_or_check(p) for p in parts]

    def encode_fixed(value: Any) -> Any:
        if len(value) != len(pairs):
            raise TypeError("a tuple of another length")
        return [e(x) for (e, _), x in zip(pairs, value, strict=True)]

    def decode_fixed(data: Any) -> Any:
        if type(data) is not list or len(data) != len(pairs):
            raise _invalid()
        return tuple(d(x) for (_, d), x in zip(pairs, data, strict=True))

    return _Codec(encode_fixed, decode_fixed, (tuple,))


def _dict_codec(value: _Codec) -> _Codec:
    enc, dec = _convert_or_check(value)

    def encode_dict(data: Any) -> Any:
        return {k: enc(v) for k, v in data.items()}

    def decode_dict(data: Any) -> Any:
        if type(data) is not dict:
            raise _invalid()
        return {k: dec(v) for k, v in data.items()}

    return _Codec(encode_dict, decode_dict, (dict,))


def _dataclass_codec(cls: Any) -> _Codec:
    """A dataclass as the list of its fields' values, every field in declaration order."""
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields)
    hints = typing.get_type_hints(cls)
    parts = [_codec(hints[name]) for name in names]
    width = len(names)
    values: Callable[[Any], tuple[Any, ...]] = (
        attrgetter(*names) if width > 1 else lambda obj: tuple(getattr(obj, n) for n in names)
    )
    # fields that need converting each way; every other one is stored as it is
    to_json = [(i, p.encode) for i, p in enumerate(parts) if p.encode is not None]
    from_json = [(i, p.decode) for i, p in enumerate(parts) if p.decode is not None]
    accepts = [p.accepts for p in parts]
    new: Callable[[type[Any]], Any] = object.__new__
    setters = [setter(cls, name) for name in names]

    def encode_dataclass(obj: Any) -> Any:
        row = list(values(obj))
        for i, convert in to_json:
            row[i] = convert(row[i])
        return row

    def decode_dataclass(data: Any) -> Any:
        if type(data) is not list or len(data) != width:
            raise _invalid()
        for i, convert in from_json:
            data[i] = convert(data[i])
        if not all(map(isinstance, data, accepts)):
            raise _invalid()
        obj = new(cls)
        deque(map(call, setters, repeat(obj, width), data), 0)
        return obj

    return _Codec(encode_dataclass, decode_dataclass, (cls,))


@functools.cache
def setter(cls: Any, name: str) -> Callable[[Any, Any], None]:
    """Sets one field of an instance as stored, frozen or not: the slot's own descriptor, or
    the instance's ``__dict__``."""
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if isinstance(slot, types.MemberDescriptorType):
            return slot.__set__

    def set_in_dict(obj: Any, value: Any) -> None:
        obj.__dict__[name] = value

    return set_in_dict
