"""Records as rows of JSON values (``ccnt_cli.recordcodec``, what the cache keeps of a file's
records): every record comes back equal and of the same types, its fields set without calling
``__init__``, and anything of another shape is refused."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli import recordcodec
from ccnt_cli.errors import Problem


@dataclasses.dataclass(frozen=True, slots=True)
class Spot:
    year: int
    value: float | None = None
    unit: str | None = None


@dataclasses.dataclass(slots=True)
class Row:
    id: str
    spot: Spot
    other: Spot | None = None
    tags: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    kind: Literal["level", "change"] = "level"
    mode: Literal["a", "b"] | None = None
    flag: bool | None = None
    count: int | None = None
    ratio: float | None = None
    raw: str | float | int | None = None
    derived: float = dataclasses.field(init=False, default=0.0)  # set after validation


@dataclasses.dataclass
class Loose:  # no slots: fields live in the instance's __dict__
    name: str
    computed: str = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        raise AssertionError("decode restores the state; it does not construct again")


def round_trip(records: list[Any], cls: type) -> list[Any]:
    return recordcodec.decode(json.loads(json.dumps(recordcodec.encode(records, cls))), cls)


def by_type(value: Any) -> Any:
    """A value with the type of everything in it, so that 1 is not 1.0, nor () a list."""
    if dataclasses.is_dataclass(value):
        return (type(value), [by_type(getattr(value, f.name)) for f in dataclasses.fields(value)])
    if isinstance(value, list | tuple):
        return (type(value), [by_type(v) for v in value])
    return (type(value), repr(value))


ROW = Row(
    "t1",
    Spot(2025, 13.5, "percent"),
    Spot(2020),
    ("a", "b"),
    (("id", 3), ("target", 4)),
    "change",
    "b",
    True,
    7,
    -0.0,
    "as written",
)
ROW.derived = 0.25


def test_records_round_trip_by_their_fields() -> None:
    other = Row("t2", Spot(2030, 1))  # a whole number in a float field comes back a float
    records = [ROW, other, Row("t3", Spot(-1, math.nan), raw=7.5, ratio=math.inf)]
    back = round_trip(records, Row)
    assert [by_type(r) for r in back[::2]] == [by_type(r) for r in records[::2]]
    assert back[1].spot.value == 1.0 and type(back[1].spot.value) is float
    assert back[0].derived == 0.25 and back[1].derived == 0.0 and back[1].other is None
    assert round_trip([], Row) == []
    assert json.loads(json.dumps(recordcodec.encode([ROW], Row))) == [
        [
            "t1", [2025, 13.5, "percent"], [2020, None, None], ["a", "b"],
            [["id", 3], ["target", 4]], "change", "b", True, 7, -0.0, "as written", 0.25,
        ]
    ]  # fmt: skip


def test_records_are_restored_not_constructed_again() -> None:
    loose = Loose.__new__(Loose)
    loose.name, loose.computed = "p", "after"
    (back,) = round_trip([loose], Loose)
    assert back.__dict__ == {"name": "p", "computed": "after"}
    problem = Problem("f.yaml", "bad\nvalue", line=3)  # frozen; its __post_init__ escapes
    (again,) = round_trip([problem], Problem)
    assert again == problem and again.message == "bad\\nvalue"


texts = st.text(max_size=4)
rows = st.builds(
    Row,
    id=texts,
    spot=st.builds(Spot, st.integers(), st.none() | st.floats(), st.none() | texts),
    other=st.none() | st.builds(Spot, st.integers()),
    tags=st.lists(texts, max_size=3).map(tuple),
    lines=st.lists(st.tuples(texts, st.integers()), max_size=3).map(tuple),
    kind=st.sampled_from(["level", "change"]),
    mode=st.sampled_from(["a", "b", None]),
    flag=st.none() | st.booleans(),
    count=st.none() | st.integers(),
    ratio=st.none() | st.floats(),
    raw=st.none() | st.floats() | st.integers() | texts,
)


@settings(deadline=None)
@given(st.lists(rows, max_size=6))
def test_any_records_round_trip(values: list[Row]) -> None:
    assert [by_type(r) for r in round_trip(values, Row)] == [by_type(r) for r in values]


GOOD = json.loads(json.dumps(recordcodec.encode([Row("t1", Spot(2025), lines=(("id", 2),))], Row)))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d[:-1],  # a field missing
        lambda d: [*d, None],  # one too many
        lambda d: {"id": "t1"},
        lambda d: [7, *d[1:]],  # an id that is not text
        lambda d: [d[0], [2025, "x", None], *d[2:]],  # a value that is not a number
        lambda d: [d[0], [2025.5, None, None], *d[2:]],  # a year that is not whole
        lambda d: [d[0], [2025], *d[2:]],  # a nested record of another shape
        lambda d: [d[0], None, *d[2:]],  # no record where one is required
        lambda d: [*d[:3], "ab", *d[4:]],  # text where a tuple belongs
        lambda d: [*d[:3], [1], *d[4:]],  # a tuple item of another type
        lambda d: [*d[:3], [["a"]], *d[4:]],
        lambda d: [*d[:4], [["id", "3"]], *d[5:]],  # a pair of other types
        lambda d: [*d[:4], [[3, "id"]], *d[5:]],
        lambda d: [*d[:4], [["id"]], *d[5:]],  # a pair of another length
        lambda d: [*d[:4], [["id", 3, 4]], *d[5:]],
        lambda d: [*d[:4], ["id"], *d[5:]],
        lambda d: [*d[:5], "stock", *d[6:]],  # not one of the literal values
        lambda d: [*d[:5], None, *d[6:]],  # None where the literal does not take it
        lambda d: [*d[:6], "c", *d[7:]],
        lambda d: [*d[:7], 1, *d[8:]],  # a number where a flag belongs
        lambda d: [*d[:8], 1.5, *d[9:]],  # a fraction where a whole number belongs
        lambda d: [*d[:8], True, *d[9:]],
        lambda d: [*d[:9], "1", *d[10:]],
        lambda d: [*d[:10], [1, 2], *d[11:]],  # a list where a scalar belongs
        lambda d: [*d[:11], None],  # None in a float field that does not take it
    ],
)
def test_a_stored_record_of_another_shape_is_refused(change: Callable[[Any], Any]) -> None:
    recordcodec.decode(json.loads(json.dumps(GOOD)), Row)  # the unchanged one is fine
    with pytest.raises(ValueError):
        recordcodec.decode([change(json.loads(json.dumps(GOOD))[0])], Row)
    with pytest.raises(ValueError):
        recordcodec.decode("not rows", Row)


def test_a_type_the_cache_cannot_store_is_refused_when_encoding() -> None:
    @dataclasses.dataclass
    class WithSet:
        values: set[str]

    @dataclasses.dataclass
    class WithValue:
        value: float

    with pytest.raises(TypeError):
        recordcodec.encode([WithSet({"a"})], WithSet)
    with pytest.raises(TypeError):  # a value JSON cannot hold
        json.dumps(recordcodec.encode([WithValue(object())], WithValue))  # type: ignore[arg-type]
