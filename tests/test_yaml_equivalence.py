"""``load_yaml`` builds values itself instead of through PyYAML's constructor: it must give what
PyYAML's ``SafeLoader`` gives (YAML 1.1 meanings of plain scalars, explicit tags), and keep this
module's own rules: lines, duplicate keys (the first kept, its value never built), aliases
sharing one object, and which problem is met first."""

from __future__ import annotations

import datetime as dt
import gc
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli.io import yaml as yamlio
from ccnt_cli.io.yaml import YamlProblem, YDict, YList, load_yaml

SAFE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: plain scalars whose YAML 1.1 meaning PyYAML's SafeLoader decides
PLAIN = [
    "yes", "no", "Yes", "NO", "on", "Off", "OFF", "y", "n", "Y", "true", "True", "TRUE", "false",
    "tRue", "0x1F", "0x_1f", "-0x1F", "0b101", "-0b11", "0b1_0", "017", "0_17", "09", "08", "0o17",
    "1_000", "1__000", "+12", "-12", "-0", "+0", "0", "00", "007", "12:30", "190:20:30", "1:70",
    "-1:30", "1.5", "-1.5", "+1.5", "1.", ".5", "-.5", "+.5", "1e3", "1.0e+3", "1.0e3", "1_0.5",
    "1__0.5", "1:20.5", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
    "-.nan", "inf", "nan", "0.0", "-0.0", "~", "null", "Null", "NULL", "nULL", "", "2024-01-01",
    "2024-1-1", "2024-01", "2024", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "2001-12-15T02:59:43.1Z", "2001-12-15 2:59:43.10", "2001-12-14 21:59:43 +05:30", "ab",
    "a b", "prov26-city8", "t150", "target", "text", "year", "+", "-", "1e", "0x", "1_", "_1",
    "1:2:3", "12345678901234567890123456789", "9" * 150, "1,000", "万千瓦", "２０２５", "١٢٣",
    "'123'", '"123"', "'yes'", '"null"', "'~'", '"2024-01-01"', "!!str 123", "!!int 123",
    "!!int 0x1F", "!!int '7'", "!!float 1", "!!float '1_000.5'", "!!bool yes", "!!bool 'on'",
    "!!null x", "!!null ''", "!!timestamp 2024-01-01", "! 123", "! yes", "!<tag:yaml.org,2002:int> 5",
]  # fmt: skip


def same(a: Any, b: Any) -> bool:
    """Equal, of the same types all the way down (so 1 is not 1.0 nor True), NaN equal to NaN."""
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return repr(a) == repr(b)  # nan, -0.0
    return bool(a == b)


def texted_keys(value: Any) -> Any:
    """Keys as ``load_yaml`` gives them: ``1`` as ``'1'``, ``null`` as ``'null'``..."""
    if isinstance(value, dict):
        return {yamlio._key_text(k): texted_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [texted_keys(v) for v in value]
    return value


def reads_as_safe_loader_reads(text: str, *, texted: bool = False) -> None:
    """``load_yaml`` gives what PyYAML gives, or a problem where PyYAML fails too (syntax)."""
    try:
        expected = yaml.load(text, Loader=SAFE)
    except yaml.YAMLError:  # "a: -", "[-]": not YAML
        with pytest.raises(YamlProblem):
            load_yaml(text)
        return
    assert same(load_yaml(text).data, texted_keys(expected) if texted else expected)


@pytest.mark.parametrize("scalar", PLAIN)
@pytest.mark.parametrize("where", ["a: {}\n", "- {}\n", "{}\n", "[{}]\n", "{{k: {}}}\n"])
def test_scalars_mean_what_safe_loader_says(scalar: str, where: str) -> None:
    reads_as_safe_loader_reads(where.format(scalar), texted=True)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("2025-13-01", "2025-13-01"),  # a date that does not exist stays text
        ("!!timestamp 2025-02-30", "2025-02-30"),
        ("!!timestamp foo", "foo"),
        ("=", "="),  # YAML 1.1 gives these tags of their own; they are text here
        ("<<", "<<"),
        ("!!value x", "x"),
    ],
)
def test_scalars_safe_loader_refuses_are_text(scalar: str, value: str) -> None:
    assert same(load_yaml(f"a: {scalar}\n").data, {"a": value})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: !!int abc\n", "cannot read 'abc' as a whole number"),
        ("a: !!bool maybe\n", "cannot read 'maybe' as true or false"),
        ("a: !!float x\n", "cannot read 'x' as a number"),
        ("a: !!int " + "9" * 5000 + "\n", "the number '9999999999999999999999999999999999999...' has 5000 digits"),
        ("a: 0b_\n", "cannot read '0b_' as a whole number"),
        ("a: !!map x\n", "tag !!map on a single value"),
        ("a: !!seq {b: 1}\n", "tag !!seq on a mapping"),
        ("a: !!str [1]\n", "YAML syntax: expected a scalar node, but found sequence"),
        ("a: !!binary aGk=\n", "tag '!!binary' is not allowed"),
        ("a: !!set {b}\n", "tag '!!set' is not allowed"),
        ("a: !foo x\n", "tag '!foo' is not allowed"),
        ("a: !!yaml x\n", "tag '!!yaml' is not allowed"),
        ("a: !!python/name:os.system\n", "tag '!!python/name:os.system' is not allowed"),
        ("a: {<<: {b: 1}}\n", "merge keys ('<<') are not supported"),
    ],
)  # fmt: skip
def test_tags_that_cannot_be_read(text: str, message: str) -> None:
    with pytest.raises(YamlProblem) as info:
        load_yaml(text)
    assert (info.value.message, info.value.line) == (message, 1)


scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from([s for s in PLAIN if not s.startswith(("!", "'", '"'))]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(deadline=None)
@given(data=values, flow=st.sampled_from([None, False, True]))
def test_dumped_data_reads_back_as_safe_loader_reads_it(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assert same(load_yaml(text).data, yaml.load(text, Loader=SAFE))


@settings(deadline=None)
@given(lines=st.lists(st.sampled_from([s for s in PLAIN if "!!timestamp" not in s]), max_size=8))
def test_plain_lists_and_keys_read_as_safe_loader_reads_them(lines: list[str]) -> None:
    reads_as_safe_loader_reads("".join(f"- {s}\n" for s in lines) or "[]\n")
    reads_as_safe_loader_reads("".join(f"k{i}: {s}\n" for i, s in enumerate(lines)) or "{}\n")
    written = [s for s in dict.fromkeys(lines) if s]
    keys = "".join(f"{s}: {i}\n" for i, s in enumerate(written)) or "{}\n"
    try:
        distinct = len(texted_keys(yaml.load(keys, Loader=SAFE))) == len(written)
    except yaml.YAMLError:
        distinct = True
    if distinct:  # no two keys with the same meaning (yes and Yes), which would be duplicates
        reads_as_safe_loader_reads(keys, texted=True)


def test_lines_of_mappings_keys_and_items() -> None:
    text = (
        "# a comment\n"
        "targets:\n"
        "  - id: t1\n"
        "    target: {year: 2030,\n"
        "             value: 9}\n"
        "    tags:\n"
        "      - a\n"
        "\n"
        "      - [b, c]\n"
        "  - id: t2\n"
    )
    doc = load_yaml(text).data
    assert (doc.line, doc.key_lines) == (2, {"targets": 2})
    records = doc["targets"]
    assert (records.line, records.item_lines) == (3, [3, 10])
    first = records[0]
    assert (first.line, first.key_lines) == (3, {"id": 3, "target": 4, "tags": 6})
    assert (first["target"].line, first["target"].key_lines) == (4, {"year": 4, "value": 5})
    assert (first["tags"].line, first["tags"].item_lines) == (7, [7, 9])
    assert first["tags"][1].item_lines == [9, 9]
    assert isinstance(first["tags"][1], YList) and isinstance(records[1], YDict)


def test_keys_that_are_not_text() -> None:
    doc = load_yaml("1: a\n1.5: b\nnull: c\ntrue: d\n2024-01-02: e\n[1, 2]: f\n'1': g\n")
    assert same(
        doc.data,
        {"1": "a", "1.5": "b", "null": "c", "true": "d", "2024-01-02": "e", "[1, 2]": "f"},
    )
    assert doc.data.duplicates == [yamlio.Duplicate("1", 7, 1)]


def test_duplicate_keys_keep_the_first_value_and_never_build_the_second() -> None:
    doc = load_yaml("a: 1\nb: {c: 1, c: 2}\na: {d: !!int zz, d: 3}\n")
    assert same(doc.data, {"a": 1, "b": {"c": 1}})
    assert doc.data.duplicates == [yamlio.Duplicate("a", 3, 1)]
    assert doc.data["b"].duplicates == [yamlio.Duplicate("c", 2, 2)]
    assert doc.with_duplicates == [doc.data["b"], doc.data]


def test_aliases_share_one_object() -> None:
    doc = load_yaml("a: &x {b: 1, b: 2}\nc: *x\nd: [*x, &y [1.5]]\ne: *y\n")
    assert doc.data["a"] is doc.data["c"] is doc.data["d"][0]
    assert doc.data["d"][1] is doc.data["e"]
    assert doc.with_duplicates == [doc.data["a"]]  # listed once


def test_an_alias_can_build_the_value_of_a_duplicate_key() -> None:
    doc = load_yaml("a: 1\na: &x {b: 1, b: 2}\nc: *x\n")
    assert same(doc.data, {"a": 1, "c": {"b": 1}})
    assert doc.with_duplicates == [doc.data, doc.data["c"]]


def test_problems_are_located_in_their_record() -> None:
    with pytest.raises(YamlProblem) as info:
        load_yaml("targets:\n  - target: {year: !!int x}\n    id: t2\n")
    problem = info.value
    assert (problem.line, problem.record, problem.field) == (2, "t2", "target.year")


def test_a_document_that_is_a_list_meets_its_problems_level_by_level() -> None:
    """PyYAML builds the items of a top-level list before their contents."""
    with pytest.raises(YamlProblem) as info:
        load_yaml("- {a: !foo x}\n- !!int abc\n")
    assert info.value.message == "cannot read 'abc' as a whole number"
    with pytest.raises(YamlProblem) as info:
        load_yaml("- [[[!!int abc]]]\n- [{a: !foo x}]\n")
    assert info.value.message == "tag '!foo' is not allowed"
    doc = load_yaml("- [{a: 1, a: 2}]\n- {b: 1, b: 2}\n- {c: {d: 1, d: 2}}\n")
    assert doc.with_duplicates == [doc.data[1], doc.data[2]["c"], doc.data[0][0]]
    with pytest.raises(YamlProblem) as info:  # within a mapping, depth first
        load_yaml("a:\n  - {b: !foo x}\n  - !!int abc\n")
    assert info.value.message == "tag '!foo' is not allowed"


@pytest.mark.parametrize(
    "make",
    [
        lambda d: "[" * d + "]" * d,
        lambda d: "a: " + "[" * (d - 1) + "]" * (d - 1),
        lambda d: "a: " + "{a: " * (d - 1) + "1" + "}" * (d - 1),
        lambda d: "".join(" " * i + "k:\n" for i in range(d)) + " " * d + "x\n",
    ],
)
def test_nesting_up_to_max_depth_and_no_further(make: Any) -> None:
    """Refused deeper than ``MAX_DEPTH`` however much of Python's stack is left."""

    def nested(frames: int, text: str) -> Any:
        return nested(frames - 1, text) if frames else load_yaml(text)

    assert nested(0, make(yamlio.MAX_DEPTH)).data is not None
    for frames in (0, 300):
        with pytest.raises(YamlProblem) as info:
            nested(frames, make(yamlio.MAX_DEPTH + 1))
        problem = info.value
        assert problem.message == "nested more than 100 levels deep"
        assert (problem.record, problem.field) == (None, None)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        load_yaml("a: [1, 2]\n")
        assert gc.isenabled() is enabled
        with pytest.raises(YamlProblem):
            load_yaml("a: [1, 2\n")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


CASES = [
    "a: [1, 1.5, yes, ~, 2024-01-01, 0x1F, '7', !!str 8]\n",
    "- &x {a: 1, a: 2}\n- *x\n- [*x, {b: 1, b: 2}]\n",
    "targets:\n  - id: t1\n    target: {year: !!int x}\n",
    "- [[[!!int abc]]]\n- [{a: !foo x}]\n",
    "a: " + "[" * 120 + "]" * 120 + "\n",
]


def _summary(text: str) -> str:
    try:
        doc = load_yaml(text)
    except YamlProblem as exc:
        return repr((exc.message, exc.line, exc.hint, exc.record, exc.field))
    return repr((doc.data, [m.duplicates for m in doc.with_duplicates]))


def test_the_pure_python_loader_gives_the_same() -> None:
    """Without libyaml, PyYAML's own composer calls the same resolver."""
    script = """
import yaml
del yaml.CSafeLoader
from ccnt_cli.io import yaml as yamlio
from tests.test_yaml_equivalence import CASES, _summary
assert yamlio._Base is yaml.SafeLoader
for text in CASES:
    print(_summary(text))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.splitlines() == [_summary(text) for text in CASES]


def test_a_bad_character_is_reported_with_either_loader() -> None:
    text = "targets:\n  - id: a\x07b\n"
    script = f"""
import yaml
del yaml.CSafeLoader
from tests.test_yaml_equivalence import _summary
print(_summary({text!r}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.strip() == _summary(text)
    assert done.stdout.startswith("('character U+0007 is not allowed in YAML', 2,")


def test_nan_and_dates_keep_their_types() -> None:
    doc = load_yaml("a: .nan\nb: 2024-01-01\nc: 2001-12-14 21:59:43.10 -5\n").data
    assert math.isnan(doc["a"])
    assert type(doc["b"]) is dt.date
    assert type(doc["c"]) is dt.datetime
