"""Fuzzing the loader: whatever a data folder holds, ``check`` returns problems and never raises.

Generated YAML (random text, and documents built from realistic keys and wrong values), CSV
(random headers, cells, row widths and quoting) and raw bytes are written into a copy of
``tests/fixtures/mini``. The number of examples comes from the Hypothesis profile: ``ci`` (the
default) is quick; ``HYPOTHESIS_PROFILE=release`` runs many more (see docs/testing.md).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccnt_cli import dataset
from ccnt_cli.errors import Problem
from ccnt_cli.schema import RECORDS, Point, input_fields
from ccnt_cli.table import CSV_COLUMN_NAMES

MINI = Path(__file__).parent / "fixtures" / "mini"
FUZZ = settings(
    deadline=None,  # the first example builds pint's registry
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------------- the folder


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of mini per module; each example writes its files and puts mini back."""
    dest = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, dest)
    return dest


@contextmanager
def overlaid(root: Path, files: dict[str, bytes]) -> Iterator[None]:
    saved = {rel: (root / rel).read_bytes() for rel in files if (root / rel).exists()}
    try:
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield
    finally:
        for rel in files:
            if rel in saved:
                (root / rel).write_bytes(saved[rel])
            else:
                (root / rel).unlink()


def assert_checks(root: Path, files: dict[str, bytes]) -> list[Problem]:
    """Load the folder with the files written in: problems come back, nothing is raised."""
    with overlaid(root, files):
        _, problems = dataset.check(root, cache=False)
    for p in problems:
        assert isinstance(p, Problem)
        assert p.file and p.message
        assert p.line is None or p.line >= 1
        assert "\n" not in p.one_line() and "\r" not in p.one_line(), p
        assert not Path(p.file).is_absolute()
    return problems


# ---------------------------------------------------------------------------- strategies

FIELDS = sorted({name for cls in (*RECORDS.values(), Point) for name in input_fields(cls)})
TOP_KEYS = ["targets", "policies", "regions", "indicators", "pilots", "sectors"]
WORDS = [
    "yantai", "china", "shandong", "shenzhen", "pue", "solar-pv-capacity", "energy-intensity",
    "cn-fyp", "yantai-plan", "yantai-pv", "pilot-a", "power", "level", "change", "increment",
    "cumulative", "qualitative", "flow", "stock", "increase", "decrease", ">=", "<=", "~", "=>",
    "MW", "tce", "万千瓦", "%", "percent", "dimensionless", "megawat", "t CO2", "0 MW",
    "10**10**10 MW", "600万千瓦", "9,000", "８０％", "百分之十三点五", "约3%", "nan", "inf",
    "2025", "2021-2023", "2023-2021", "20x4", "2025-13-01", "2025-03", "", " ", "national",
    "province", "prefecture", "area", "!!python/name:os.system", "&a", "*a", "<<",
]  # fmt: skip
PATHS = [
    "targets/national/fuzz.yaml",
    "targets/fuzz.yaml",
    "targets/regions.yaml",
    "targets/indicators.yaml",
    "targets/pilots.yaml",
    "targets/sectors.yaml",
]

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from([2020, 2025, 2030, 1899, 2201, 0, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
)
keys = st.one_of(st.sampled_from(FIELDS + TOP_KEYS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=20,
)
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=10)
documents = st.one_of(
    st.dictionaries(
        st.sampled_from(TOP_KEYS) | st.text(max_size=8),
        st.lists(records, max_size=4) | values,
        max_size=3,
    ),
    values,
)
# what people mistype into YAML, inserted at a random place
SNIPPETS = ["\t", " ", "  ", "\n", ":", ": ", "- ", "[", "]", "{", "}", "'", '"', "#", "&a ",
            "*a", "<<: *a\n", "!!python/object/apply:os.system ['true'] ", "---\n", "%", "@",
            "\x00", "\x07", "\ufeff", "\u3000"]  # fmt: skip


def mutate(text: str, edits: list[tuple[int, str]]) -> str:
    for position, snippet in edits:
        at = position % (len(text) + 1)
        text = text[:at] + snippet + text[at:]
    return text


edits = st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(SNIPPETS)), max_size=3)

CELLS = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=10),
    st.sampled_from(['"', '""', "a,b", "line\nbreak", "\r", " 7000 ", "1e400", "12abc", "—"]),
)
header_names = st.one_of(
    st.sampled_from([*CSV_COLUMN_NAMES, "Region", " value ", "units", "", "value"]),
    st.text(max_size=6),
)


@st.composite
def csv_texts(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        header = list(CSV_COLUMN_NAMES)
    else:
        header = draw(st.lists(header_names, max_size=12))
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=max(0, width - 2), max_size=width + 2)
            | st.lists(CELLS, min_size=width, max_size=width),
            max_size=6,
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    if draw(st.booleans()):  # written properly: quotes as CSV wants them
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
    else:  # written by hand: stray quotes and commas as they come
        text = newline.join(",".join(r) for r in [header, *rows]) + newline
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------- the tests


@FUZZ
@given(text=st.text(max_size=300), path=st.sampled_from(PATHS))
def test_random_yaml_text(root: Path, text: str, path: str) -> None:
    assert_checks(root, {path: text.encode("utf-8", "surrogatepass")})


@FUZZ
@given(
    doc=documents,
    path=st.sampled_from(PATHS),
    flow=st.booleans(),
    changes=edits,
)
def test_structured_yaml(
    root: Path, doc: Any, path: str, flow: bool, changes: list[tuple[int, str]]
) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    assert_checks(root, {path: mutate(text, changes).encode("utf-8", "surrogatepass")})


@FUZZ
@given(
    target=st.fixed_dictionaries(
        {
            "id": st.sampled_from(["t1", "yantai-pv", "T 1"]) | st.text(max_size=5),
            "region": st.sampled_from(["yantai", "china", "atlantis"]),
            "policy": st.sampled_from(["cn-fyp", "yantai-plan", "nope"]),
            "indicator": st.sampled_from(["pue", "solar-pv-capacity", "energy-intensity", "x"]),
            "kind": st.sampled_from(["level", "change", "increment", "cumulative", "qualitative"]),
        },
        optional={
            "baseline": st.dictionaries(st.sampled_from(["year", "value", "unit"]), scalars),
            "target": st.dictionaries(st.sampled_from(["year", "value", "unit", "x"]), scalars),
            "comparator": st.sampled_from([">=", "<=", "~", "=>", "="]),
            "relative_to": st.sampled_from(["yantai-pv", "t1", "nope"]),
            "pilot": st.sampled_from(["pilot-a", "pilot-b"]),
            "sector": st.sampled_from(["power", "powr"]),
            "binding": scalars,
            "tags": values,
        },
    ),
    count=st.integers(min_value=1, max_value=3),
)
def test_nearly_valid_targets(root: Path, target: dict[str, Any], count: int) -> None:
    """Targets that are almost right reach phase 2: references, units, conversions."""
    doc = {"policies": [], "targets": [target] * count}
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    assert_checks(root, {"targets/national/fuzz.yaml": text.encode("utf-8")})


@FUZZ
@given(content=csv_texts())
def test_csv(root: Path, content: bytes) -> None:
    assert_checks(root, {"data/fuzz.csv": content})


@FUZZ
@given(
    content=st.binary(max_size=400),
    path=st.sampled_from(["data/fuzz.csv", "targets/national/fuzz.yaml"]),
)
def test_random_bytes(root: Path, content: bytes, path: str) -> None:
    assert_checks(root, {path: content})


@FUZZ
@given(
    text=st.text(max_size=80),
    encoding=st.sampled_from(["gbk", "utf-16", "utf-16-le", "latin-1", "big5", "utf-8"]),
    path=st.sampled_from(["data/fuzz.csv", "targets/national/fuzz.yaml"]),
)
def test_other_encodings(root: Path, text: str, encoding: str, path: str) -> None:
    """Text in another encoding: refused with a named encoding, or read if it is valid UTF-8."""
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode(encoding, "replace")
    assert_checks(root, {path: content})


# ---------------------------------------------------------------------------- hostile inputs


@pytest.mark.parametrize(
    "text",
    [
        "policies: " + "[" * 100_000 + "]" * 100_000 + "\n",  # crashed libyaml's composer
        "policies:\n" + "- " * 100_000 + "x\n",
        "policies: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
        "policies: " + "[" * 400 + "]" * 400 + "\n",  # below the cheap bound: Python's stack
    ],
    ids=["flow-lists", "block-lists", "flow-mappings", "moderate"],
)
def test_deep_nesting_is_refused(root: Path, text: str) -> None:
    problems = assert_checks(root, {"targets/national/fuzz.yaml": text.encode()})
    assert [p.message for p in problems] == ["nested more than 100 levels deep"]


def test_alias_bomb_is_bounded_in_time_and_memory(root: Path) -> None:
    """Ten levels of ten aliases would be 10**10 values written out."""
    lines = ["lol:", "  l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 10):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    lines.append("targets:\n  - {id: t1, region: yantai, text: *l9, tags: *l9, note: *l9}")
    bomb = ("\n".join(lines) + "\n").encode()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        problems = assert_checks(root, {"targets/national/fuzz.yaml": bomb})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5.0
    assert peak < 50 * 1024 * 1024
    assert [p.message for p in problems] == ["aliases expand to more than 100,000 values"]


def test_aliases_within_the_limit_are_fine(root: Path) -> None:
    text = (
        "policies: []\ntargets:\n"
        "  - {id: t1, region: yantai, policy: yantai-plan, indicator: pue, kind: level,\n"
        "     target: &t {year: 2025, value: 1.3}}\n"
        "  - {id: t2, region: china, policy: cn-fyp, indicator: pue, kind: level, target: *t}\n"
    )
    assert assert_checks(root, {"targets/national/fuzz.yaml": text.encode()}) == []


def test_guards_hold_on_the_pure_python_loader() -> None:
    """Without libyaml (PyYAML's pure-Python loader), the same inputs are refused the same way."""
    script = """
import yaml
del yaml.CSafeLoader
from ccnt_cli.io import yaml as yamlio
assert yamlio._Base is yaml.SafeLoader
bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\\n"
    for i in range(9)
)
for text in (bomb, "a: " + "[" * 100000 + "]" * 100000, "a: &a [*a]", "a: !!python/name:os.system"):
    try:
        yamlio.load_yaml(text)
    except yamlio.YamlProblem as exc:
        print(exc.message)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == [
        "aliases expand to more than 100,000 values",
        "nested more than 100 levels deep",
        "an alias refers to the anchor it is inside: the data would never end",
        "tag '!!python/name:os.system' is not allowed",
    ]
