"""``qualitative``: no number, e.g. "build a new-type energy system by 2025": tracked, never
scored."""

from __future__ import annotations

from ccnt_cli.kinds.base import Kind
from ccnt_cli.kinds.steps import Measure
from ccnt_cli.schema import Target
from ccnt_cli.table import Actual


class Qualitative(Kind):
    name = "qualitative"
    scored = False

    def measure(
        self, t: Target, rows: list[Actual], until: int, considered: list[tuple[Actual, str]]
    ) -> Measure | None:
        return None


KIND = Qualitative()
