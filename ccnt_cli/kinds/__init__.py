"""The kinds of target, one module each (see docs/architecture.md for adding one)."""

from __future__ import annotations

from ccnt_cli.kinds import change, cumulative, increment, level, qualitative
from ccnt_cli.kinds.base import Kind
from ccnt_cli.kinds.steps import Calc, Measure, Path, Step

#: every kind, by the name a target file uses (``kind: change``)
KINDS: dict[str, Kind] = {
    m.KIND.name: m.KIND for m in (level, change, increment, cumulative, qualitative)
}

__all__ = ["KINDS", "Calc", "Kind", "Measure", "Path", "Step"]
