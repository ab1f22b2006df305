"""Progress maths: the worked examples by hand, and properties that must always hold."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccnt_cli.models import Actual, Dataset, Indicator, Region, Target, Where
from ccnt_cli.progress import ActualIndex, compute, evaluate, published_end
from ccnt_cli.results import encode
from ccnt_cli.schema import Point

W = Where("test", 1)


def dataset(actuals: list[Actual], direction: str = "decrease") -> Dataset:
    ds = Dataset(root="test")
    ds.regions["china"] = Region(id="china", name="China", level="national")
    ds.indicators["x"] = Indicator(id="x", name="X", unit="MW", direction=direction)
    ds.actuals = actuals
    return ds


def change(
    period: str, value: float, published: str = "2025-01-01", basis: str | None = "b", line: int = 1
) -> Actual:
    start, _, end = period.partition("-")
    return Actual(
        "china",
        "x",
        int(start),
        int(end or start),
        "change",
        value,
        Where("data.csv", line),
        str(value),
        "%",
        basis,
        published,
        "s",
    )


def level(
    year: int,
    value: float,
    published: str = "2025-01-01",
    basis: str | None = None,
    kind: str = "level",
) -> Actual:
    return Actual(
        "china",
        "x",
        year,
        year,
        kind,
        value,
        Where("data.csv", 1),
        str(value),
        "MW",
        basis,
        published,
        "s",
    )


def target(
    kind: str = "change",
    value: float = -13.5,
    base: int | None = 2020,
    year: int = 2025,
    comparator: str = "<=",
    basis: str | None = "b",
) -> Target:
    t = Target(
        id="t",
        region="china",
        policy="p",
        indicator="x",
        kind=kind,  # type: ignore[arg-type]
        target=Point(year=year, value=value),
        baseline=Point(year=base) if base is not None else None,
        comparator=comparator,  # type: ignore[arg-type]
        basis=basis,
    )
    t.where = W
    t.value, t.unit = value, "percent" if kind == "change" else "MW"
    return t


def test_newsletter_energy_intensity() -> None:
    """-7.3% (2021-2023) and -3.8% (2024) chain to -10.82%; -3.0% is left for 2025."""
    ds = dataset([change("2021-2023", -7.3, "2025-03"), change("2024", -3.8, "2025-02-28")])
    [p] = compute(ds, [target()], as_of=2024)
    assert p.achieved == pytest.approx((0.927 * 0.962 - 1) * 100)
    assert round(p.achieved, 2) == -10.82
    assert round(p.remaining, 2) == -3.0  # type: ignore[arg-type]
    assert p.required_annual == pytest.approx((0.865 / (0.927 * 0.962) - 1) * 100)
    assert p.latest_year == 2024
    assert p.status == "off-track"  # -2.82%/yr so far against -3.00%/yr needed
    assert [a.period for a in p.actuals_used] == ["2021-2023", "2024"]


def test_newsletter_carbon_intensity() -> None:
    """-18% target, -8.6% over 2021-2024: 10.3% still needed in 2025."""
    ds = dataset([change("2021-2024", -8.6)])
    [p] = compute(ds, [target(value=-18.0)], as_of=2024)
    assert round(p.remaining, 1) == -10.3  # type: ignore[arg-type]


def test_fewest_links_and_latest_vintage() -> None:
    rows = [
        change("2021", -2.7, "2022-02"),
        change("2022", -0.1, "2023-02"),
        change("2023", -0.5, "2024-02"),
        change("2021-2023", -7.0, "2024-03"),
        change("2021-2023", -7.3, "2025-03"),  # revised: the later vintage wins
        change("2024", -3.8, "2025-02-28"),
    ]
    [p] = compute(dataset(rows), [target()], as_of=2024, explain=True)
    assert [(a.period, a.value) for a in p.actuals_used] == [("2021-2023", -7.3), ("2024", -3.8)]
    reasons = {(a.period, a.value): why for a, why in p.considered}
    assert reasons[("2021-2023", -7.0)] == "superseded by the vintage of 2025-03"
    assert reasons[("2021", -2.7)] == "covered by the chain with the fewest links to 2024"


def test_known_at_reproduces_the_past() -> None:
    rows = [
        change("2021-2023", -7.3, "2025-03"),
        change("2024", -3.8, "2025-02-28"),
        change("2021-2024", -11.6, "2025-07-09"),
        change("2025", -5.1, "2026-02-28"),
    ]
    ds = dataset(rows)
    [then] = compute(ds, [target()], as_of=2024, known_at=dt.date(2025, 3, 31))
    assert round(then.achieved, 2) == -10.82  # type: ignore[arg-type]
    [now] = compute(ds, [target()], as_of=2025)
    assert [a.period for a in now.actuals_used] == ["2021-2024", "2025"]
    assert now.achieved == pytest.approx((0.884 * 0.949 - 1) * 100)
    assert now.status == "met"


def test_bases_are_never_mixed() -> None:
    rows = [change("2021-2023", -7.3, basis="new"), change("2024", -3.8, basis="old")]
    [p] = compute(dataset(rows), [target(basis="new")], as_of=2024)
    assert [a.period for a in p.actuals_used] == ["2021-2023"]
    assert p.latest_year == 2023
    [q] = compute(dataset(rows), [target(basis="other")], as_of=2024)
    # the fallback is the basis whose chain reaches furthest (here: the only one that chains
    # from the baseline), and it is said
    assert q.notes == ["no figures on basis other; used basis new instead"]
    assert {a.basis for a in q.actuals_used} == {"new"}


def test_missed_when_target_year_is_covered() -> None:
    rows = [change("2021-2025", -10.0)]
    [p] = compute(dataset(rows), [target()], as_of=2026)
    assert (p.status, p.latest_year) == ("missed", 2025)


def test_level_on_track_and_met() -> None:
    ds = dataset([level(2020, 1000), level(2023, 4000)], direction="increase")
    t = target(kind="level", value=9000, base=None, comparator=">=", basis=None)
    [p] = compute(ds, [t], as_of=2024)
    assert (p.achieved, p.remaining, p.required_annual, p.pace_so_far) == (4000, 5000, 2500, 1000)
    assert p.status == "off-track"
    # no baseline: no steady path, and the share grows from zero whatever earlier rows exist
    assert p.expected is None
    assert p.share_covered == pytest.approx(4000 / 9000)
    ds.actuals.append(level(2022, 3500))
    assert compute(ds, [t], as_of=2024)[0].share_covered == pytest.approx(4000 / 9000)
    ds.actuals.append(level(2025, 9100))
    assert compute(ds, [t], as_of=2025)[0].status == "met"


def test_increment_from_levels_and_flows() -> None:
    t = target(kind="increment", value=1500, base=2020, comparator=">=", basis=None)
    ds = dataset([level(2020, 1000), level(2023, 2000)], direction="increase")
    [p] = compute(ds, [t], as_of=2024)
    assert (p.achieved, p.status) == (1000, "on-track")
    flows = dataset([level(2021, 400, kind="flow"), level(2022, 300, kind="flow")], "increase")
    [q] = compute(flows, [t], as_of=2024)
    assert (q.achieved, q.latest_year) == (700, 2022)


def test_about_comparator() -> None:
    """About 20% by 2025: 19.8 in 2024 is within 2% (19.6-20.4), but only the 2025 figure can
    meet it; a single figure outside the band gives no trend; a deadline passed without the
    2025 figure awaits it."""
    ds = dataset([level(2024, 19.8)], direction="increase")
    t = target(kind="level", value=20, base=None, comparator="~", basis=None)
    [p] = compute(ds, [t], as_of=2024)
    assert (p.status, p.share_covered, p.band) == ("on-track", pytest.approx(0.99), (19.6, 20.4))
    assert compute(ds, [t], as_of=2026)[0].status == "awaiting-data"
    ds.actuals.append(level(2025, 19.7))
    assert compute(ds, [t], as_of=2026)[0].status == "met"
    ds2 = dataset([level(2024, 19.0)], direction="increase")
    [q] = compute(ds2, [t], as_of=2024)
    assert (q.status, q.remaining, q.required_annual, q.diff_unit) == ("no-trend", 1, 1, "MW")
    ds2.actuals.append(level(2025, 19.5))
    assert compute(ds2, [t], as_of=2026)[0].status == "missed"


def test_qualitative_and_no_data() -> None:
    ds = dataset([])
    q = Target(
        id="q",
        region="china",
        policy="p",
        indicator="x",
        kind="qualitative",
        target=Point(year=2030),
    )
    assert compute(ds, [q])[0].status == "qualitative"
    assert compute(ds, [target()])[0].status == "no-data"


def test_published_end() -> None:
    assert published_end("2025") == dt.date(2025, 12, 31)
    assert published_end("2024-02") == dt.date(2024, 2, 29)
    assert published_end("2025-03-05") == dt.date(2025, 3, 5)


# ------------------------------------------------------------------------------ properties

rates = st.floats(min_value=-20, max_value=20, allow_nan=False)


@given(rates, rates)
def test_chaining_two_periods_equals_the_combined_period(r1: float, r2: float) -> None:
    combined = ((1 + r1 / 100) * (1 + r2 / 100) - 1) * 100
    split = dataset([change("2021-2022", r1), change("2023-2024", r2)])
    whole = dataset([change("2021-2024", combined)])
    [a] = compute(split, [target()], as_of=2024)
    [b] = compute(whole, [target()], as_of=2024)
    assert a.achieved == pytest.approx(b.achieved, abs=1e-9)
    assert a.remaining == pytest.approx(b.remaining, abs=1e-9)
    assert a.status == b.status


@given(
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=0, max_value=2e4),
    st.floats(min_value=0, max_value=2e4),
    st.floats(min_value=1, max_value=3e4),
)
def test_unit_changes_never_change_a_status(
    scale: float, v1: float, v2: float, goal: float
) -> None:
    def status(k: float) -> str:
        ds = dataset([level(2021, v1 * k), level(2023, v2 * k)], direction="increase")
        t = target(kind="level", value=goal * k, base=None, comparator=">=", basis=None)
        return compute(ds, [t], as_of=2024)[0].status

    assume_clear = abs(v2 - goal) > 1e-6 * goal and abs((v2 - v1) / 2 - (goal - v2) / 2) > 1e-6
    if assume_clear:
        assert status(1.0) == status(scale)


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.integers(2021, 2030), st.integers(0, 3), rates), max_size=8),
    st.integers(2021, 2030),
)
def test_as_of_never_uses_a_later_period(spans: list[tuple[int, int, float]], as_of: int) -> None:
    rows = [change(f"{s}-{s + n}" if n else str(s), r, line=i) for i, (s, n, r) in enumerate(spans)]
    [p] = compute(dataset(rows), [target(year=2030)], as_of=as_of)
    assert all(a.end <= as_of for a in p.actuals_used)
    if p.latest_year is not None:
        assert p.latest_year <= as_of


@given(st.lists(rates, min_size=1, max_size=6))
def test_chain_is_the_product(annual: list[float]) -> None:
    rows = [change(str(2021 + i), r, line=i) for i, r in enumerate(annual)]
    [p] = compute(dataset(rows), [target(year=2030)], as_of=2030)
    expected = (math.prod(1 + r / 100 for r in annual) - 1) * 100
    assert p.achieved == pytest.approx(expected, abs=1e-9)


def test_index_is_built_once() -> None:
    ds = dataset([change("2021", -1.0)])
    index = ActualIndex(ds.actuals, 2024, None)
    assert evaluate(ds, target(), index).latest_year == 2021


def test_no_data_notes_say_why() -> None:
    ds = dataset([change("2020", -1.0)])  # a figure, but none after the baseline
    [p] = compute(ds, [target()], as_of=2024)
    assert (p.status, p.notes) == (
        "no-data",
        ["nothing to measure yet: the baseline is 2020 and the figures known end 2020"],
    )
    level_only = dataset([level(2023, 5.0)])  # figures after the baseline, but not changes
    [s] = compute(level_only, [target()], as_of=2024)
    assert s.notes == ["no usable figures after 2020 up to 2024 (see --explain t)"]
    [told] = compute(level_only, [target()], as_of=2024, explain=True)
    assert told.notes == ["no usable figures after 2020 up to 2024"]  # it is the explanation
    [q] = compute(ds, [target(base=2024, year=2025)], as_of=2024)
    assert q.notes == [
        "nothing to measure yet: the baseline is 2024 and the figures known end 2020"
    ]
    [r] = compute(dataset([]), [target()], as_of=2024)
    assert r.notes == ["no figures for this region and indicator"]


@settings(max_examples=80)
@given(
    st.lists(
        st.tuples(
            st.integers(2019, 2026),
            st.integers(0, 2),
            rates,
            st.sampled_from(["2024", "2025-03", "2025-02-28", "2026"]),
            st.sampled_from(["b", "other", None]),
        ),
        max_size=10,
    ),
    st.integers(2021, 2030),
    st.sampled_from(["change", "level", "increment"]),
)
def test_explain_changes_nothing_but_the_reasons(
    spans: list[tuple[int, int, float, str, str | None]], as_of: int, kind: str
) -> None:
    rows = [
        change(f"{s}-{s + n}" if n else str(s), r, published=pub, basis=b, line=i)
        if kind == "change"
        else level(s, 100 + r, published=pub, basis=b)
        for i, (s, n, r, pub, b) in enumerate(spans)
    ]
    ds = dataset(rows, direction="increase" if kind != "change" else "decrease")
    t = target(
        kind=kind,
        value=-10.0 if kind == "change" else 150.0,
        year=2030,
        comparator="<=" if kind == "change" else ">=",
        base=2020 if kind != "level" else None,
    )
    [plain] = compute(ds, [t], as_of=as_of)
    [told] = compute(ds, [t], as_of=as_of, explain=True)
    hint = f" (see --explain {t.id})"  # the table's pointer to the explanation, not in it
    plain.notes = [n.replace(hint, "") for n in plain.notes]
    assert encode(plain) == encode(told)
    assert plain.considered == []
