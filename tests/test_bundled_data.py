"""The bundled dataset: counts pinned and values spot-checked against the newsletters, so that an
accidental edit is caught."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from ccnt_cli.dataset import default_root, load
from ccnt_cli.models import Dataset
from ccnt_cli.progress import compute
from ccnt_cli.query import find_region

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load(default_root(), cache=False)


def test_counts(ds: Dataset) -> None:
    assert (len(ds.regions), len(ds.indicators), len(ds.pilots), len(ds.policies)) == (
        88,
        124,
        2,
        71,
    )
    assert len(ds.targets) == 240
    assert Counter(t.kind for t in ds.targets.values()) == {
        "level": 107,
        "change": 53,
        "qualitative": 54,
        "increment": 20,
        "cumulative": 6,
    }
    assert len(ds.actuals) == 168


def test_regions(ds: Dataset) -> None:
    levels = Counter(r.level for r in ds.regions.values())
    assert levels["province"] == 31
    assert all(r.code and len(r.code) == 6 for r in ds.regions.values() if r.level == "province")
    for typed in ("Inner Mongolia", "Nei Mongol", "内蒙古", "NM", "xizang", "Tibet"):
        assert find_region(ds, typed).id in ("inner-mongolia", "tibet"), typed
    prd = ds.regions["pearl-river-delta"]
    assert prd.level == "area" and len(prd.members) == 9
    assert ds.regions["huangpu-district"].parent == "shanghai"


def test_pilots(ds: Dataset) -> None:
    batch1 = ds.pilots["carbon-peak-pilot-batch-1"]
    levels = Counter(ds.regions[m].level for m in batch1.members)
    assert (len(batch1.members), levels["prefecture"], levels["park"]) == (35, 25, 10)
    batch2 = ds.pilots["carbon-peak-pilot-batch-2"]
    assert (batch2.expected_members, batch2.members) == (27, ())


@pytest.mark.parametrize(
    ("target_id", "value", "unit", "comparator", "year"),
    [
        ("yantai-solar-pv-capacity-2025", 9000, "MW", ">=", 2025),
        ("yantai-offshore-wind-capacity-2025", 3000, "MW", ">=", 2025),
        ("yantai-energy-storage-capacity-2030", 1100, "MW", ">=", 2030),
        ("huangpu-charging-piles-2025", 2000, "count", ">=", 2025),
        ("ningxia-energy-storage-additions-2025", 600, "MW", ">=", 2025),
        ("inner-mongolia-energy-storage-starts-2025", 10000, "MW", ">=", 2025),
        ("cn-aluminium-energy-savings-2024-2025", 2.5, "Mtce", "~", 2025),
        ("cn-data-centre-pue-2025", 1.5, "dimensionless", "<", 2025),
        ("cn-energy-intensity-14th-fyp", -13.5, "percent", "<=", 2025),
        ("cn-carbon-intensity-14th-fyp", -18, "percent", "<=", 2025),
        ("shandong-energy-intensity-14th-fyp", -14.5, "percent", "<=", 2025),
    ],
)
def test_spot_values(
    ds: Dataset, target_id: str, value: float, unit: str, comparator: str, year: int
) -> None:
    t = ds.targets[target_id]
    assert (t.value, t.unit, t.comparator, t.target_year) == (value, unit, comparator, year)


def test_every_record_names_its_source(ds: Dataset) -> None:
    assert all(p.source for p in ds.policies.values())
    assert all(a.source for a in ds.actuals)
    assert all(a.published for a in ds.actuals)


def test_provincial_2020_energy_intensity(ds: Dataset) -> None:
    rows = [
        a
        for a in ds.actuals
        if a.region != "china" and a.indicator == "energy-intensity" and a.period == "2020"
    ]
    assert len(rows) == 30  # Tibet was not published
    by_region = {a.region: a.value for a in rows}
    assert (by_region["beijing"], by_region["inner-mongolia"], by_region["shandong"]) == (
        -9.18,
        6.89,
        -2.41,
    )


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the newsletters are not beside this checkout")
def test_newsletter_sentences_are_verbatim(ds: Dataset) -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    flat = re.sub(r"\s+", " ", text)
    quoted = [t for t in ds.targets.values() if t.text]
    assert len(quoted) > 90
    for t in quoted:
        assert re.sub(r"\s+", " ", t.text or "") in flat, t.id


def test_newsletter_arithmetic_on_bundled_data(ds: Dataset) -> None:
    energy = ds.targets["cn-energy-intensity-14th-fyp"]
    [then] = compute(ds, [energy], as_of=2024, known_at=dt.date(2025, 3, 31))
    assert (round(then.achieved, 2), round(then.remaining, 2)) == (-10.82, -3.0)  # type: ignore[arg-type]
    [now] = compute(ds, [energy], as_of=2025)
    assert (round(now.achieved, 2), now.status) == (-16.11, "met")  # type: ignore[arg-type]
    carbon = ds.targets["cn-carbon-intensity-14th-fyp"]
    [c_then] = compute(ds, [carbon], as_of=2024, known_at=dt.date(2025, 3, 31))
    assert round(c_then.remaining, 1) == -10.3  # type: ignore[arg-type]
    [c_now] = compute(ds, [carbon], as_of=2025)
    assert c_now.status == "missed"
