"""The drafter's table of units against ccnt's unit registry: every unit a draft can carry loads,
and the families it chooses indicators by are the ones pint converts between."""

from __future__ import annotations

import itertools

import pytest

from ccnt_cli.dataset import default_root, load
from ccnt_cli.draft import numbers
from ccnt_cli.draft.numbers import compatible, family_of
from ccnt_cli.errors import UnitError
from ccnt_cli.units import factor


def _written_units() -> list[str]:
    """Every unit text a draft can hold: the tables' units, with the multipliers and prefixes
    the readers put in front of them."""
    out = {u for _, u, f in numbers._EN_UNITS if u and f not in ("time", "multiple")}
    for _, u, f in numbers._ZH_UNITS:
        if u and f not in ("time", "multiple"):
            out.add(u)
            if f != "pp" and any("\u4e00" <= c <= "\u9fff" for c in u):
                out |= {"万" + u, "亿" + u}
    out |= {p + u for u in numbers._PREFIXED for p in numbers._PREFIX.values()}
    out.add("count")
    return sorted(out)


WRITTEN = _written_units()


@pytest.mark.parametrize("unit", WRITTEN)
def test_every_written_unit_is_known(unit: str) -> None:
    assert factor(unit, unit) == pytest.approx(1.0)
    assert not family_of(unit).startswith("other:"), unit


def _indicator_units() -> list[str]:
    return sorted({i.unit for i in load(default_root()).indicators.values()})


def _converts(a: str, b: str) -> bool:
    try:
        factor(a, b)
    except UnitError:
        return False
    return True


def test_families_are_what_pint_converts() -> None:
    """A figure's unit and an indicator's unit are in compatible families exactly when pint
    converts one to the other (quotients such as tce / (10**4 CNY) are never a figure's)."""
    indicator_units = [u for u in _indicator_units() if "/" not in u]
    wrong = [
        (a, b)
        for a, b in itertools.product(WRITTEN, indicator_units)
        if compatible(family_of(a), family_of(b)) != _converts(a, b)
    ]
    assert wrong == []


def test_indicator_units_have_a_family() -> None:
    assert [u for u in _indicator_units() if family_of(u).startswith("other:")] == []


def test_examples() -> None:
    assert family_of("万千瓦") == family_of("MW") == "power"
    assert family_of("亿千瓦时") == family_of("TWh") == "energy"
    assert family_of("Mt CO2") == "co2" != family_of("Mtce")
    assert family_of("tce / (10**4 CNY)") == "per:tce/(10**4CNY)"
    assert compatible("bare", "pure") and compatible("bare", "count")
    assert not compatible("bare", "power")
