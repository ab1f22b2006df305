"""How well ``ccnt draft`` reads targets, measured (issue 16, item 4).

Three test sets, each scored field by field against answers not written for the drafter:

1. every bundled target with a verbatim ``text``: the sentence is drafted with its policy
   (``--policy``, which gives the region and the document's year) and the drafts compared with
   the targets that quote it;
2. the two CCNT newsletters the bundled data was taken from (``../shared/seeds/`` beside the
   checkout), drafted whole with ``--region china`` and their year, compared with every bundled
   target whose sentence is in them;
3. ``tests/draft/chinese.yaml``: sentences in the style of Chinese plans and government work
   reports, with the answers worked out by hand.

A draft is paired with the target it agrees with most (a pair must agree on the value in the
indicator's canonical unit, or be two qualitative records of the same indicator). For each field,
recall is the share of targets whose pair has it right, precision the share of drafts that are
paired and have it right. ``python tests/test_draft_measured.py`` prints the figures and every
miss; docs/draft.md quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ccnt_cli.dataset import default_root, load
from ccnt_cli.draft.adapter import Registry, registry_of
from ccnt_cli.draft.engine import Options, draft
from ccnt_cli.draft.numbers import family_of
from ccnt_cli.draft.records import Draft
from ccnt_cli.draft.text import clean
from ccnt_cli.errors import UnitError
from ccnt_cli.units import factor

ROOT = Path(__file__).resolve().parent.parent


def _seeds() -> Path:
    """``../shared/seeds`` beside the repository: beside this checkout, or beside the main
    checkout when this is a git worktree (its ``.git`` is a file naming the main one)."""
    roots = [ROOT]
    dotgit = ROOT / ".git"
    if dotgit.is_file():
        line = dotgit.read_text(encoding="utf-8").strip()
        if line.startswith("gitdir:"):
            gitdir = Path(line.removeprefix("gitdir:").strip())
            roots.append(gitdir.parent.parent.parent)  # <main>/.git/worktrees/<name>
    for root in roots:
        if (root.parent / "shared" / "seeds").is_dir():
            return root.parent / "shared" / "seeds"
    return ROOT.parent / "shared" / "seeds"


SEEDS = _seeds()
CHINESE = Path(__file__).parent / "draft" / "chinese.yaml"
#: each newsletter with what its reader knows: the year it was published and, for the special
#: issue on the 2025 Two Sessions, that the goals it reports are that year's (``--year``)
NEWSLETTERS = {
    "000_1cc5105711579c02.txt": Options(region="china", published=2025, year=2025),
    "001_af82a7483a9ecce8.txt": Options(region="china", published=2024),
}

#: the fields scored, and the figures each set must reach (recall and precision)
FIELDS = ("region", "indicator", "comparator", "value", "target_year", "baseline_year")
THRESHOLDS = {"value": 0.85, "value+year": 0.80, "all": 0.75}
MIN_CASES = 40


@dataclass(frozen=True, slots=True)
class Answer:
    """A target as the drafter should read it: value in the indicator's canonical unit."""

    key: str
    region: str
    indicator: str | None  # None: not in the registry (then its unit family is scored)
    unit: str | None  # canonical unit (None for a qualitative target)
    kind: str
    comparator: str | None
    value: float | None
    target_year: int | None
    baseline_year: int | None


@dataclass(slots=True)
class Score:
    targets: int = 0
    drafts: int = 0
    correct: dict[str, int] | None = None

    def __post_init__(self) -> None:
        self.correct = self.correct or {}

    def add(self, other: Score) -> None:
        assert self.correct is not None and other.correct is not None
        self.targets += other.targets
        self.drafts += other.drafts
        for k, v in other.correct.items():
            self.correct[k] = self.correct.get(k, 0) + v

    def recall(self, fld: str) -> float:
        assert self.correct is not None
        return self.correct.get(fld, 0) / self.targets if self.targets else 0.0

    def precision(self, fld: str) -> float:
        assert self.correct is not None
        return self.correct.get(fld, 0) / self.drafts if self.drafts else 0.0


# ------------------------------------------------------------------------------ comparing


def _canonical(d: Draft, a: Answer) -> float | None:
    """The draft's value in the answer's canonical unit, or None if it does not convert."""
    if d.value is None:
        return None
    unit = a.unit or "dimensionless"
    try:
        if d.kind == "change":
            return d.value * factor(d.unit or "%", "percent") if unit == "percent" else None
        return d.value * factor(d.unit or "dimensionless", unit)
    except UnitError:
        return None


def agreement(d: Draft, a: Answer) -> dict[str, bool]:
    if a.value is None or d.value is None:
        value = a.value is None and d.value is None and d.indicator == a.indicator
    else:
        got = _canonical(d, a)
        value = got is not None and abs(got - a.value) <= 1e-6 * max(1.0, abs(a.value))
    if a.indicator is not None and not d.new_indicator:
        indicator = d.indicator == a.indicator
    else:  # a new indicator: its unit family must be the answer's
        indicator = d.new_indicator and _same_family(d, a)
    checks = {
        "region": d.region == a.region,
        "indicator": indicator,
        "comparator": d.comparator == a.comparator,
        "value": value,
        "target_year": d.target_year == a.target_year,
        "baseline_year": d.baseline_year == a.baseline_year,
    }
    checks["value+year"] = checks["value"] and checks["target_year"]
    checks["all"] = all(checks[f] for f in FIELDS)
    return checks


def _same_family(d: Draft, a: Answer) -> bool:
    if d.kind == "change" or a.kind == "change":
        return d.kind == a.kind
    return family_of(d.unit or "") == family_of(a.unit or "") or (
        {family_of(d.unit or ""), family_of(a.unit or "")} <= {"ratio", "pure"}
    )


def pair(drafts: Sequence[Draft], answers: Sequence[Answer]) -> list[tuple[Draft, Answer]]:
    """Each answer with the draft that agrees with it most (greedy, best pairs first)."""
    weights = {"value": 4, "indicator": 2, "target_year": 1, "region": 1, "comparator": 1}
    options = []
    for i, d in enumerate(drafts):
        for j, a in enumerate(answers):
            ok = agreement(d, a)
            if ok["value"]:
                options.append((sum(w for f, w in weights.items() if ok[f]), i, j))
    options.sort(key=lambda o: (-o[0], o[1], o[2]))
    used_d: set[int] = set()
    used_a: set[int] = set()
    out = []
    for _, i, j in options:
        if i not in used_d and j not in used_a:
            used_d.add(i)
            used_a.add(j)
            out.append((drafts[i], answers[j]))
    return out


def score(drafts: Sequence[Draft], answers: Sequence[Answer]) -> tuple[Score, list[str]]:
    pairs = pair(drafts, answers)
    s = Score(len(answers), len(drafts), {})
    misses: list[str] = []
    assert s.correct is not None
    for d, a in pairs:
        for f, ok in agreement(d, a).items():
            s.correct[f] = s.correct.get(f, 0) + int(ok)
            if not ok and f in FIELDS:
                misses.append(f"  {a.key}: {f} {_shown(d, f)!r}, expected {getattr(a, f)!r}")
    paired_d = {id(d) for d, _ in pairs}
    paired_a = {a.key for _, a in pairs}
    misses += [f"  missed {a.key} ({a.value} {a.unit})" for a in answers if a.key not in paired_a]
    misses += [
        f"  extra {d.region}/{d.indicator} {d.kind} {d.comparator} {d.value} {d.unit} "
        f"{d.target_year} (line {d.line})"
        for d in drafts
        if id(d) not in paired_d
    ]
    return s, misses


def _shown(d: Draft, f: str) -> object:
    return getattr(d, f) if f != "value" else f"{d.value} {d.unit}"


# ------------------------------------------------------------------------------ the sets


@pytest.fixture(scope="module")
def bundled() -> tuple[object, Registry]:
    ds = load(default_root())
    return ds, registry_of(ds)


def answer_of(t: object) -> Answer:
    return Answer(
        key=t.id,  # type: ignore[attr-defined]
        region=t.region,  # type: ignore[attr-defined]
        indicator=t.indicator,  # type: ignore[attr-defined]
        unit=t.unit,  # type: ignore[attr-defined]
        kind=t.kind,  # type: ignore[attr-defined]
        comparator=t.comparator,  # type: ignore[attr-defined]
        value=t.value,  # type: ignore[attr-defined]
        target_year=t.target_year,  # type: ignore[attr-defined]
        baseline_year=t.baseline_year,  # type: ignore[attr-defined]
    )


def sentence_cases(ds: object, registry: Registry) -> list[tuple[str, str, list[Answer]]]:
    """(text, policy, answers): the ``text`` sentences of the bundled targets, those of one
    policy together in the order of the data files (the order of the document they quote), so
    that a year stated once carries on as it does in the document. A sentence quoted by targets
    of several policies goes with the policy about the smallest place."""
    by_text: dict[str, list[object]] = {}
    for t in ds.targets.values():  # type: ignore[attr-defined]
        if t.text:
            by_text.setdefault(t.text, []).append(t)
    by_policy: dict[str, list[tuple[str, list[object]]]] = {}
    for text, targets in by_text.items():
        policies = [t.policy for t in targets]  # type: ignore[attr-defined]
        policy = max(policies, key=lambda p: _depth(registry, registry.policies[p].region))
        by_policy.setdefault(policy, []).append((text, targets))
    cases = []
    for policy, quoted in by_policy.items():
        text = "\n\n".join(t for t, _ in quoted)
        cases.append((text, policy, [answer_of(t) for _, ts in quoted for t in ts]))
    return cases


def _depth(registry: Registry, region: str | None) -> int:
    return len(registry.ancestors(region)) if region else -1


def measure_sentences(ds: object, registry: Registry) -> tuple[Score, list[str], int]:
    total = Score(0, 0, {})
    misses: list[str] = []
    cases = sentence_cases(ds, registry)
    for text, policy, answers in cases:
        result = draft(text, registry, Options(policy=policy))
        s, m = score(result.drafts, answers)
        total.add(s)
        if m:
            misses.append(f"--policy {policy}: {text[:80]!r}")
            misses += m
    texts = {t.text for t in ds.targets.values() if t.text}  # type: ignore[attr-defined]
    return total, misses, len(texts)


_NOTE_SENTENCE = re.compile(r"no policy sentence at hand\): (.+?)(?:\.\.|$)", re.S)


def newsletter_answers(ds: object, name: str, text: str) -> list[Answer]:
    """The bundled targets taken from a newsletter: their source names it, and their sentence
    (``text``, or the one quoted in the note) is in it."""
    flat = _flat(text)
    out = []
    for t in ds.targets.values():  # type: ignore[attr-defined]
        policy = ds.policies[t.policy]  # type: ignore[attr-defined]
        stem = name.removesuffix(".txt")
        if stem not in f"{t.source or ''} {policy.source or ''}":
            continue
        quoted = t.text or next(iter(_NOTE_SENTENCE.findall(t.note or "")), None)
        if quoted and _flat(quoted) in flat:
            out.append(answer_of(t))
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", clean(text)).replace(" ,", ",").strip()


def measure_newsletter(ds: object, registry: Registry, name: str) -> tuple[Score, list[str]]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    answers = newsletter_answers(ds, name, text)
    result = draft(text, registry, NEWSLETTERS[name])
    s, misses = score(result.drafts, answers)
    return s, misses


def chinese_cases() -> list[dict[str, object]]:
    cases = yaml.safe_load(CHINESE.read_text(encoding="utf-8"))["cases"]
    assert isinstance(cases, list)
    return cases


def measure_chinese(registry: Registry) -> tuple[Score, list[str], int]:
    total = Score(0, 0, {})
    misses: list[str] = []
    cases = chinese_cases()
    for n, case in enumerate(cases, start=1):
        options = Options(
            region=case.get("region"),  # type: ignore[arg-type]
            published=case.get("published"),  # type: ignore[arg-type]
            year=case.get("year"),  # type: ignore[arg-type]
        )
        result = draft(str(case["text"]), registry, options)
        answers = [_answer_of_case(n, i, e, registry) for i, e in enumerate(case["expect"])]  # type: ignore[arg-type]
        s, m = score(result.drafts, answers)
        total.add(s)
        if m:
            misses.append(f"#{n} {case['text']!r}")
            misses += m
    return total, misses, len(cases)


def _answer_of_case(n: int, i: int, e: dict[str, object], registry: Registry) -> Answer:
    indicator = e.get("indicator")
    kind = str(e.get("kind", "level"))
    if kind == "change":
        unit: str | None = "percent"
    elif indicator in registry.indicators:
        unit = registry.indicators[str(indicator)].unit
    else:
        unit = str(e["unit"]) if e.get("unit") else None
    if indicator not in registry.indicators:
        indicator = None
    value = e.get("value")
    if value is not None and kind != "change" and unit is not None:
        value = float(value) * factor(str(e.get("unit_as_written", unit)), unit)  # type: ignore[arg-type]
    return Answer(
        key=f"#{n}.{i + 1} {e.get('indicator')}",
        region=str(e["region"]),
        indicator=indicator,  # type: ignore[arg-type]
        unit=unit if value is not None else None,
        kind=kind,
        comparator=e.get("comparator"),  # type: ignore[arg-type]
        value=float(value) if value is not None else None,  # type: ignore[arg-type]
        target_year=e.get("target_year"),  # type: ignore[arg-type]
        baseline_year=e.get("baseline_year"),  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------------ the tests


def _holds(s: Score, label: str) -> None:
    for fld, floor in THRESHOLDS.items():
        r, p = s.recall(fld), s.precision(fld)
        assert r >= floor and p >= floor, (
            f"{label}: {fld} recall {r:.1%}, precision {p:.1%} (need {floor:.0%}); "
            "run python tests/test_draft_measured.py for the misses"
        )


def test_bundled_sentences(bundled: tuple[object, Registry]) -> None:
    ds, registry = bundled
    s, _, cases = measure_sentences(ds, registry)
    assert cases >= MIN_CASES and s.targets >= MIN_CASES
    _holds(s, "bundled target sentences")


@pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="the CCNT newsletters are not beside the checkout (../shared/seeds/): a fresh clone "
    "has no ../shared",
)
def test_newsletters(bundled: tuple[object, Registry]) -> None:
    ds, registry = bundled
    total = Score(0, 0, {})
    for name in NEWSLETTERS:
        s, _ = measure_newsletter(ds, registry, name)
        assert s.targets > 0, f"no bundled target quotes {name}"
        total.add(s)
    _holds(total, "the two newsletters")


def test_chinese_answers_name_indicators_of_the_registry(bundled: tuple[object, Registry]) -> None:
    """An answer names a registry indicator, or null for one the registry lacks (then the unit
    family is scored): a renamed indicator must be renamed here too, not read as a new one."""
    _, registry = bundled
    named = {e["indicator"] for c in chinese_cases() for e in c["expect"] if e.get("indicator")}  # type: ignore[union-attr]
    assert sorted(named - set(registry.indicators)) == []


def test_chinese_set(bundled: tuple[object, Registry]) -> None:
    _, registry = bundled
    s, _, cases = measure_chinese(registry)
    assert cases >= MIN_CASES
    _holds(s, "the Chinese sentences")


# ------------------------------------------------------------------------------ report


def table(rows: Iterable[tuple[str, Score]]) -> str:
    fields = (*FIELDS, "value+year", "all")
    lines = ["| set | targets | drafts | " + " | ".join(fields) + " |"]
    lines.append("|---|---|---|" + "---|" * len(fields))
    for label, s in rows:
        cells = [f"{s.recall(f):.0%} / {s.precision(f):.0%}" for f in fields]
        lines.append(f"| {label} | {s.targets} | {s.drafts} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ds = load(default_root())
    registry = registry_of(ds)
    rows = []
    s, misses, n = measure_sentences(ds, registry)
    rows.append((f"bundled sentences ({n})", s))
    print("\n".join(misses))
    if SEEDS.is_dir():
        both = Score(0, 0, {})
        for name in NEWSLETTERS:
            s, misses = measure_newsletter(ds, registry, name)
            rows.append((f"newsletter {name[:3]}", s))
            both.add(s)
            print(f"== {name}")
            print("\n".join(misses))
        rows.append(("both newsletters", both))
    if CHINESE.is_file():
        s, misses, n = measure_chinese(registry)
        rows.append((f"Chinese set ({n})", s))
        print("== Chinese set")
        print("\n".join(misses))
    print()
    print("recall / precision")
    print(table(rows))


if __name__ == "__main__":
    main()
