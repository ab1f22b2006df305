"""Everything behind one progress figure, for a person to check by hand.

``explain`` computes a target's progress with the reasons kept and returns an ``Explanation``:
the goal, the rows used (and what each contributed), the rows not used with why, the notes, and
the arithmetic as the kind computed it (``Progress.calcs``). It renders as text, Markdown or a
JSON-ready dict; nothing here computes a figure again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ccnt_cli.derive import Derived
from ccnt_cli.kinds import KINDS
from ccnt_cli.kinds.steps import num
from ccnt_cli.models import Actual, Dataset, Target
from ccnt_cli.progress import ABOUT_TOLERANCE, Progress, compute


@dataclass(slots=True)
class Explanation:
    """One target's progress with every row and step behind it."""

    target: Target
    progress: Progress
    as_of: int
    known_at: dt.date | None
    region_name: str
    indicator_name: str
    unit: str  # the target's value as shown: "%", "MW", ""
    diff_unit: str
    rows_used: list[tuple[Actual, str]] = field(default_factory=list)  # (row, role)

    # ------------------------------------------------------------------ structured

    def goal(self) -> str:
        t = self.target
        if t.value is None:
            return f"by {t.target_year}" if t.target_year else "(qualitative)"
        base = f"from {t.baseline_year} " if t.baseline_year else ""
        by = f" by {t.target_year}" if t.target_year else " (open-ended: a standing goal)"
        return f"{base}{t.comparator} {_amount(t.value, self.unit)}{by}"

    def tolerance(self) -> str | None:
        band = self.progress.band
        if band is None:
            return None
        pct = f"{ABOUT_TOLERANCE * 100:g}%"
        return (
            f"about (~): within {pct} of the target, {_amount(band[0], self.unit)} to "
            f"{_amount(band[1], self.unit)}, or beyond it in the direction of progress"
        )

    def to_dict(self) -> dict[str, Any]:
        t, p = self.target, self.progress
        out: dict[str, Any] = _rounded(
            {
                "target": {
                    "id": t.id,
                    "region": t.region,
                    "region_name": self.region_name,
                    "indicator": t.indicator,
                    "indicator_name": self.indicator_name,
                    "kind": t.kind,
                    "text": t.text,
                    "baseline_year": t.baseline_year,
                    "target_year": t.target_year,
                    "comparator": t.comparator,
                    "target_value": t.value,
                    "unit": self.unit,
                    "basis": t.basis,
                    "tolerance": list(p.band) if p.band else None,
                },
                "as_of": self.as_of,
                "known_at": self.known_at.isoformat() if self.known_at else None,
                "status": p.status,
                "latest_year": p.latest_year,
                "achieved": p.achieved,
                "remaining": p.remaining,
                "remaining_unit": self.diff_unit,
                "required_annual": p.required_annual,
                "pace_so_far": p.pace_so_far,
                "expected": p.expected,
                "share_covered": p.share_covered,
                "basis_used": p.basis_used,
                "rows_used": [
                    {**_row_dict(a), "role": role, **_contribution(p, a)}
                    for a, role in self.rows_used
                ],
                "rows_not_used": [{**_row_dict(a), "reason": why} for a, why in p.considered],
                "notes": list(p.notes),
                "arithmetic": [c.to_dict() for c in p.calcs],
                "other_chains": [
                    {
                        "summary": alt.summary,
                        "value": alt.value,
                        "rows": [_row_dict(s.actual) for s in alt.steps],
                        "arithmetic": alt.calc.to_dict(),
                    }
                    for alt in p.chains
                ],
            }
        )
        return out

    # ------------------------------------------------------------------ text

    def to_text(self) -> str:
        t, p = self.target, self.progress
        lines = [f"Target {t.id}: {t.region} / {t.indicator} ({t.kind})"]
        if t.text:
            lines.append(f'  "{t.text}"')
        if t.value is not None:
            lines.append(f"  goal: {self.goal()}" + (f" (basis {t.basis})" if t.basis else ""))
        tol = self.tolerance()
        if tol:
            lines.append(f"  {tol}")
        lines.append(f"  {self._when()}")
        if not KINDS[t.kind].scored:
            lines.append("  qualitative: tracked, never scored")
            return "\n".join(lines) + "\n"
        lines.append("Rows used:")
        for a, _ in self.rows_used:
            lines += _row_lines(a, "", sources=True)
        if not self.rows_used:
            lines.append("  (none)")
        if p.considered:
            lines.append("Rows not used:")
            for a, why in p.considered:
                lines += _row_lines(a, f": {why}", sources=False)
        lines += [f"Note: {n}" for n in p.notes]
        if p.calcs:
            lines.append("Arithmetic:")
            lines += [f"  {self._calc_text(i)}" for i in range(len(p.calcs))]
        if p.chains:
            lines.append("Other chains over the same span (set aside: fewest links wins):")
            for alt in p.chains:
                lines.append(f"  {alt.summary}")
                lines.append(f"    {alt.calc.text()}")
                lines.append("    rows: " + ", ".join(s.actual.ref for s in alt.steps))
        lines.append(f"Status: {p.status}{self._share()}")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        from ccnt_cli.output.fmt_md import escape, table_lines

        t, p = self.target, self.progress
        out = [f"## {t.id}", "", f"{self.region_name} / {self.indicator_name} ({t.kind})", ""]
        if t.text:
            out += [f"> {escape(t.text)}", ""]
        if t.value is not None:
            basis = f" (basis {t.basis})" if t.basis else ""
            out.append(f"- goal: {escape(self.goal())}{basis}")
        tol = self.tolerance()
        if tol:
            out.append(f"- {escape(tol)}")
        out += [f"- {self._when()}", f"- status: **{p.status}**{self._share()}", ""]
        head = ["row", "period", "kind", "value", "basis", "published"]
        if self.rows_used:
            rows = [[*_row_cells(a), a.source or ""] for a, _ in self.rows_used]
            out += ["### Rows used", "", *table_lines([*head, "source"], rows), ""]
        if p.considered:
            rows = [[*_row_cells(a), why] for a, why in p.considered]
            out += ["### Rows not used", "", *table_lines([*head, "why"], rows), ""]
        if p.notes:
            out += ["### Notes", "", *[f"- {escape(n)}" for n in p.notes], ""]
        derived = [a.calc for a, _ in self.rows_used if isinstance(a, Derived) and a.calc]
        if p.calcs:
            out += ["### Arithmetic", "", "```"]
            out += [c.text() for c in derived]
            out += [self._calc_text(i) for i in range(len(p.calcs))]
            out += ["```", ""]
        if p.chains:
            out += ["### Other chains over the same span (set aside: fewest links wins)", ""]
            for alt in p.chains:
                refs = ", ".join(s.actual.ref for s in alt.steps)
                out.append(f"- {escape(alt.summary)}: `{alt.calc.text()}` (rows {escape(refs)})")
            out.append("")
        return "\n".join(out)

    # ------------------------------------------------------------------ helpers

    def _when(self) -> str:
        known = (
            f", with figures published by {self.known_at}"
            if self.known_at
            else ", with every vintage"
        )
        return f"as of {self.as_of}{known}"

    def _share(self) -> str:
        share = self.progress.share_covered
        return f" (share of the way covered: {share * 100:.0f}%)" if share is not None else ""

    def arithmetic(self) -> list[str]:
        """The arithmetic, a line per step, as ``--explain`` prints it."""
        return [self._calc_text(i) for i in range(len(self.progress.calcs))]

    def _calc_text(self, i: int) -> str:
        p = self.progress
        calc = p.calcs[i]
        text = calc.text()
        if calc.name == "remaining" and p.status in ("met", "holds") and p.remaining == 0:
            spare = ", with that margin to spare" if calc.value else ""
            text += f" -> 0: met{spare}"
        return text


def explain(
    ds: Dataset, target: Target, as_of: int | None = None, known_at: dt.date | None = None
) -> Explanation:
    """Compute one target's progress with its reasons kept, and wrap it for rendering."""
    return explain_many(ds, [target], as_of, known_at)[0]


def explain_many(
    ds: Dataset,
    targets: Sequence[Target],
    as_of: int | None = None,
    known_at: dt.date | None = None,
) -> list[Explanation]:
    """``explain`` for many targets at once (the rows are indexed once, not per target)."""
    year = as_of or dt.date.today().year
    out = []
    for p in compute(ds, targets, year, known_at, explain=True):
        target = p.target
        ind = ds.indicators[target.indicator]
        kind = KINDS[target.kind]
        out.append(
            Explanation(
                target=target,
                progress=p,
                as_of=year,
                known_at=known_at,
                region_name=ds.regions[target.region].name,
                indicator_name=ind.name,
                unit=kind.shown_unit(ind),
                diff_unit=kind.diff_unit(ind),
                rows_used=[(s.actual, s.role) for s in p.steps],
            )
        )
    return out


def _rounded(value: Any) -> Any:
    """Floats to 12 significant digits (0.2, not 0.1999999999999993), all the way down."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _amount(value: float, unit: str) -> str:
    if unit == "%":
        return f"{num(value)}%"
    return f"{num(value)} {unit}".rstrip()


def _row_text(a: Actual) -> str:
    where = "derived" if isinstance(a, Derived) else a.ref
    return (
        f"{where}  {a.period} {a.kind} {a.as_written}"
        f"  basis={a.basis or '-'} published={a.published or '-'}"
    )


def _row_lines(a: Actual, tail: str, sources: bool, indent: str = "  ") -> list[str]:
    """A row as text lines: a derived one with its arithmetic and its components below it."""
    source = f"  source: {a.source}" if sources and not isinstance(a, Derived) else ""
    lines = [f"{indent}{_row_text(a)}{source}{tail}"]
    if isinstance(a, Derived):
        if a.calc is not None:
            lines.append(f"{indent}  {a.calc.text()}")
        for part in a.parts:
            lines += _row_lines(part, "", sources, indent + "  ")
    return lines


def _row_dict(a: Actual) -> dict[str, Any]:
    derived = isinstance(a, Derived)
    out: dict[str, Any] = {
        "file": None if derived else a.where.file,
        "line": a.where.line,
        "period": a.period,
        "kind": a.kind,
        "value": a.value,
        "as_written": a.as_written,
        "basis": a.basis,
        "published": a.published,
        "source": a.source,
    }
    if isinstance(a, Derived):
        out["derived"] = {
            "rows": a.ref,
            "arithmetic": a.calc.to_dict() if a.calc else None,
            "components": [_row_dict(part) for part in a.parts],
        }
    return out


def _contribution(p: Progress, a: Actual) -> dict[str, Any]:
    for s in p.steps:
        if s.actual is a:
            return {"factor": s.factor, "running": s.running}
    return {}


def _row_cells(a: Actual) -> list[str]:
    return [
        f"derived: {a.ref}" if isinstance(a, Derived) else a.ref,
        a.period,
        a.kind,
        a.as_written,
        a.basis or "",
        a.published or "",
    ]


__all__ = ["Explanation", "explain", "explain_many"]
