"""Each kind is one module, registered once: the registry and the schema's list agree."""

from __future__ import annotations

from ccnt_cli.fieldtypes import TARGET_KINDS
from ccnt_cli.kinds import KINDS


def test_every_kind_is_registered_once() -> None:
    assert sorted(KINDS) == sorted(TARGET_KINDS)
    for name, kind in KINDS.items():
        assert kind.name == name
        assert kind.__class__.__module__ == f"ccnt_cli.kinds.{name}"


def test_baseline_rules_come_from_the_kinds() -> None:
    needs = {name for name, kind in KINDS.items() if kind.needs_baseline}
    assert needs == {"change", "increment", "cumulative"}
    assert [name for name, kind in KINDS.items() if not kind.scored] == ["qualitative"]
