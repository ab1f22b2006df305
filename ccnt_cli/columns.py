"""Lists of values of one declared type stored as columns: what the cache keeps of each file.

``encode(values, tp)`` turns a list of values of type ``tp`` (records of a dataclass, scalars,
tuples...) into a header (a JSON value) and one blob of bytes; ``decode(tp, header, data)`` gives
the list back, equal value for value and of the same types, or raises ``ValueError`` for a
header or blob of any other shape (a damaged or foreign cache is a miss, never a crash later).
``TypeError`` from ``encode``: a type the cache cannot store.

How each column is kept follows from the declared type:

* records of a dataclass (``"t"``): one column per field, in declaration order, ``init=False``
  fields included; decoding sets the fields as stored without calling ``__init__`` (validation
  and fields computed after it are not run again), frozen records too. A field that holds a
  record or ``None`` (``"n"``) is a column of flags and one of the records present;
* tuples and lists of scalars or of tuples of scalars (``"v"``: tags, aliases, ``(field,
  line)`` pairs): the lengths, and the items' columns end to end;
* scalars, enums and ``Literal`` values (``"s"``): a float column as doubles, a column of whole
  numbers in the smallest integer type that holds them, anything else as its distinct values
  (in the header) and one index per row, so repeated texts come back as one shared object;
* any other type (``"j"``): each value as JSON, by ``codec`` (dicts, lists of records...).

Only the distinct values of a column are converted and checked one by one; the rest is done
column by column, which keeps a warm run's decoding of 100,000 targets in tens of milliseconds.
"""

from __future__ import annotations

import array
import dataclasses
import functools
import types
import typing
from collections import deque
from collections.abc import Callable
from itertools import accumulate, chain, repeat
from operator import attrgetter, call
from typing import Any

from . import codec

#: typecodes of ``array`` for whole numbers, smallest first
_INT_CODES = ("b", "h", "i", "q")
#: typecodes for numbers that cannot be negative (indexes, lengths): nothing to check below
_COUNT_CODES = ("B", "H", "I", "Q")
_NONE = type(None)
_SCALAR_TYPES = frozenset(codec.SCALARS)
_EMPTY = b""


def encode(values: list[Any], tp: Any) -> tuple[list[Any], bytes]:
    """A list of values of the declared type ``tp`` as a header (JSON) and a blob."""
    if not values:
        return [0, None], _EMPTY
    parts: list[bytes] = []
    header = [len(values), _put(values, tp, parts)]
    return header, b"".join(parts)


def decode(tp: Any, header: Any, data: bytes) -> list[Any]:
    """The list of values of type ``tp`` that ``encode`` stored as ``header`` and ``data``."""
    if type(header) is not list or len(header) != 2 or type(header[0]) is not int:
        raise _invalid()
    if header == [0, None] and not data:
        return []
    reader = _Reader(data)
    values = _get(header[1], tp, reader, header[0])
    if reader.at != len(reader.data):
        raise _invalid()
    return values


def _invalid() -> ValueError:
    return ValueError("stored columns of another shape")


class _Reader:
    """The blob, read from the start, one column's bytes at a time."""

    __slots__ = ("at", "data")

    def __init__(self, data: bytes) -> None:
        if type(data) is not bytes:
            raise _invalid()
        self.data = memoryview(data)
        self.at = 0

    def take(self, size: Any) -> memoryview:
        if type(size) is not int or not 0 <= size <= len(self.data) - self.at:
            raise _invalid()
        self.at += size
        return self.data[self.at - size : self.at]


# ---------------------------------------------------------------------------- by type


class _Plan(typing.NamedTuple):
    """How a column of values of one type is kept (see the module's docstring): ``kind``;
    for ``"n"`` the type of the records, for ``"v"`` the types of each item's parts (one for
    an item that is a scalar, not a tuple); ``make`` builds a ``"v"`` value from its items."""

    kind: str
    inner: Any = None
    parts: tuple[Any, ...] = ()
    tupled: bool = False
    make: Callable[[Any], Any] = tuple


@functools.cache
def _plan(tp: Any) -> _Plan:
    if dataclasses.is_dataclass(tp):
        return _Plan("t")
    args, origin = typing.get_args(tp), typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        others = [a for a in args if a is not _NONE]
        if len(others) == 1 and len(args) == 2 and dataclasses.is_dataclass(others[0]):
            return _Plan("n", others[0])
    if origin in (tuple, list) and args and (origin is list or args[-1] is Ellipsis):
        item = args[0]
        if _scalar_type(item):
            return _Plan("v", parts=(item,), make=list if origin is list else tuple)
        parts = typing.get_args(item)
        tupled = typing.get_origin(item) is tuple and Ellipsis not in parts
        if tupled and parts and all(_scalar_type(a) for a in parts):
            return _Plan("v", parts=parts, tupled=True, make=list if origin is list else tuple)
    return _Plan("s")


def _listed(values: Any, rows: int) -> bool:
    return type(values) is list and len(values) == rows


def _scalar_type(tp: Any) -> bool:
    return tp in (str, int, float, bool, _NONE, object, Any)


def _put(values: list[Any], tp: Any, parts: list[bytes]) -> list[Any]:
    plan = _plan(tp)
    if plan.kind == "t":
        return [
            "t",
            len(values),
            [_put(list(map(attrgetter(name), values)), ftp, parts) for name, ftp in _fields(tp)],
        ]
    if plan.kind == "n":
        present = [v is not None for v in values]
        found = [v for v in values if v is not None]
        return ["n", _put(present, bool, parts), _put(found, plan.inner, parts)]
    if plan.kind == "v":
        flat = list(chain.from_iterable(values))
        if plan.tupled:
            if flat and set(map(len, flat)) != {len(plan.parts)}:
                raise TypeError("a tuple of another length")
            items = [list(col) for col in zip(*flat, strict=True)] or [[] for _ in plan.parts]
        else:
            items = [flat]
        lengths = _put(list(map(len, values)), int, parts)  # read first: written first
        return ["v", lengths, [_put(c, k, parts) for c, k in zip(items, plan.parts, strict=True)]]
    to_json = codec.converters(tp)[0]
    plain = codec.stored_as_is(tp) is not None  # scalars are stored as they are
    if not plain:
        values = list(map(to_json, values))  # an enum's values...
    kinds = set(map(type, values))
    if kinds <= _SCALAR_TYPES:
        return ["s", *_put_scalars(values, kinds, parts)]
    return ["j", list(map(to_json, values)) if plain else values]


def _get(item: Any, tp: Any, reader: _Reader, rows: int) -> list[Any]:
    plan = _plan(tp)
    if type(item) is not list or not item:
        raise _invalid()
    tag, size = item[0], len(item)
    if tag == "s" and size >= 4 and plan.kind == "s":
        return _get_scalars(item[1:], reader, rows, tp)
    if tag == "t" and size == 3 and plan.kind == "t" and item[1] == rows:
        return _records(tp, item[2], reader, rows)
    if tag == "v" and size == 3 and plan.kind == "v" and type(item[2]) is list:
        lengths = _get(item[1], int, reader, rows)
        if (lengths and min(lengths) < 0) or len(item[2]) != len(plan.parts):
            raise _invalid()
        total = sum(lengths)
        cols = [_get(c, k, reader, total) for c, k in zip(item[2], plan.parts, strict=True)]
        flat = list(zip(*cols, strict=True)) if plan.tupled else cols[0]
        ends = list(accumulate(lengths))
        return list(map(plan.make, map(flat.__getitem__, map(slice, [0, *ends[:-1]], ends))))
    if tag == "n" and size == 3 and plan.kind == "n":
        present = _get(item[1], bool, reader, rows)
        found = iter(_get(item[2], plan.inner, reader, sum(present)))
        return [next(found) if p else None for p in present]
    if tag == "j" and size == 2 and plan.kind == "s" and _listed(item[1], rows):
        return list(map(codec.converters(tp)[1], item[1]))
    raise _invalid()


@functools.cache
def _fields(cls: Any) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]


def _records(cls: Any, items: Any, reader: _Reader, rows: int) -> list[Any]:
    fields = _fields(cls)
    if type(items) is not list or len(items) != len(fields):
        raise _invalid()
    cols = [_get(sub, ftp, reader, rows) for sub, (_, ftp) in zip(items, fields, strict=True)]
    new: Callable[[Any], Any] = object.__new__
    records = list(map(new, repeat(cls, rows)))
    for (name, _), col in zip(fields, cols, strict=True):
        deque(map(call, repeat(codec.setter(cls, name), rows), records, col), 0)
    return records


# ---------------------------------------------------------------------------- scalars


def _put_scalars(col: list[Any], kinds: set[type], parts: list[bytes]) -> list[Any]:
    """A column of scalars (of the given types), as ``[code, ...]``:

    * ``["=", [value], 0]``: one value on every row (no bytes);
    * ``["d", None, size]``, ``[typecode, None, size]``: doubles, or whole numbers in the
      smallest ``array`` type that holds them;
    * ``[typecode, distinct values, size]``: an index into the values per row (an unsigned
      typecode);
    * ``["u", typecode, size, text size]``: texts that rows do not share (values as
      written), as the length of each (an unsigned typecode) and the texts end to end (UTF-8).
    """
    if kinds == {float}:
        return ["d", None, _put_array("d", col, parts)]
    if kinds == {int} and _INT_RANGES[-1][1] <= (low := min(col)):
        if low == (high := max(col)):
            return ["=", [low], 0]
        if high <= _INT_RANGES[-1][2]:
            code = _int_code(low, high)
            return [code, None, _put_array(code, col, parts)]
    if kinds == {str} and _unshared(col):  # texts read one per row: no index needed
        lengths = list(map(len, col))
        code = _count_code(max(lengths))
        size = _put_array(code, lengths, parts)
        parts.append("".join(col).encode("utf-8", "surrogatepass"))
        return ["u", code, size, len(parts[-1])]
    values, numbers = _distinct(col, kinds)
    if len(values) == 1 and len(kinds) == 1:
        return ["=", values, 0]
    code = _count_code(len(values))
    return [code, values, _put_array(code, numbers, parts)]


def _unshared(col: list[str]) -> bool:
    """Whether most rows hold a text object of their own (judged on the first rows): a
    column the reader did not intern, such as values as written."""
    head = col[:256]
    return 2 * len(set(map(id, head))) > len(head)


def _put_array(code: str, numbers: list[Any], parts: list[bytes]) -> int:
    parts.append(array.array(code, numbers).tobytes() if numbers else _EMPTY)
    return len(parts[-1])


def _get_scalars(item: list[Any], reader: _Reader, rows: int, tp: Any) -> list[Any]:
    """The column ``_put_scalars`` stored, of values of type ``tp``: its distinct values are
    checked (a scalar type), or converted one by one (an enum's members from their values)."""
    code, arg, size, *more = item
    if code == "=":
        if size != 0 or more or type(arg) is not list or len(arg) != 1:
            raise _invalid()
        return _values(arg, tp) * rows
    if code == "u" and len(more) == 1 and arg in _COUNT_CODES:
        lengths = _get_array(arg, reader, size, rows)
        text = str(reader.take(more[0]), "utf-8", "surrogatepass")  # ValueError if not UTF-8
        ends = list(accumulate(lengths))
        if (ends[-1] if ends else 0) != len(text):
            raise _invalid()
        return _checked(list(map(text.__getitem__, map(slice, [0, *ends[:-1]], ends))), tp)
    if more:
        raise _invalid()
    numbers = _get_array(code, reader, size, rows)
    if arg is None:  # whole numbers or doubles
        if code in _COUNT_CODES:
            raise _invalid()
        return _checked(numbers.tolist(), tp)
    values = _values(arg, tp)
    if code not in _COUNT_CODES:
        raise _invalid()
    try:  # an index past the values (none is negative)
        return list(map(values.__getitem__, numbers))
    except IndexError:
        raise _invalid() from None


def _get_array(code: Any, reader: _Reader, size: Any, rows: int) -> array.array[Any]:
    if code not in ("d", *_INT_CODES, *_COUNT_CODES):
        raise _invalid()
    numbers = array.array(code)
    numbers.frombytes(reader.take(size))  # ValueError unless whole items
    if len(numbers) != rows:
        raise _invalid()
    return numbers


def _checked(col: list[Any], tp: Any) -> list[Any]:
    """A column of values all of one scalar type, checked (or converted) as values of ``tp``."""
    if codec.stored_as_is(tp) is not None:
        if col and not isinstance(col[0], codec.stored_as_is(tp) or ()):
            raise _invalid()
        return col
    distinct = list(dict.fromkeys(col))
    converted = dict(zip(distinct, _values(distinct, tp), strict=True))
    return list(map(converted.__getitem__, col))


def _values(distinct: Any, tp: Any) -> list[Any]:
    """Distinct values of a column as stored, checked (a scalar type) or converted (an enum's
    members from their values) to values of type ``tp``."""
    if type(distinct) is not list or not all(map(isinstance, distinct, repeat(codec.SCALARS))):
        raise _invalid()
    plain = codec.stored_as_is(tp)
    if plain is None:
        return list(map(codec.converters(tp)[1], distinct))
    if not all(map(isinstance, distinct, repeat(plain))):
        raise _invalid()
    return distinct


def _distinct(col: list[Any], kinds: set[type]) -> tuple[list[Any], list[int]]:
    """The distinct values of a column, in order of appearance, and each row's index."""
    if len(kinds - {_NONE}) <= 1 and float not in kinds:  # at C speed: no 1 and True to mix
        values = list(dict.fromkeys(col))
        index = dict(zip(values, range(len(values)), strict=True))
        return values, list(map(index.__getitem__, col))
    # 1, 1.0 and True are equal but not the same value, nor are 0.0 and -0.0
    keyed: dict[Any, int] = {}
    numbers = [
        keyed.setdefault((type(v), repr(v) if type(v) is float else v), len(keyed)) for v in col
    ]
    one = dict(zip(numbers, col, strict=True))  # index -> a value of that key
    return [one[i] for i in range(len(keyed))], numbers


def _count_code(high: int) -> str:
    """The smallest unsigned typecode that holds 0 to ``high``."""
    for code in _COUNT_CODES:
        if high < 256 ** array.array(code).itemsize:
            return code
    raise TypeError("a count too large to store")


def _int_code(low: int, high: int) -> str:
    for code, least, most in _INT_RANGES:
        if least <= low and high <= most:
            return code
    raise TypeError("a whole number too large to store")


_INT_RANGES = [
    (code, -(2 ** (8 * size - 1)), 2 ** (8 * size - 1) - 1)
    for code, size in ((code, array.array(code).itemsize) for code in _INT_CODES)
]
