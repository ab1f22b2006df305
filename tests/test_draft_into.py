"""``ccnt draft --into FILE``: checked before anything is written, appended as text, all or
nothing, never over an existing id, never into the bundled data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Invoke

from ccnt_cli.draft import adapter, into
from ccnt_cli.draft.adapter import DraftInputError
from ccnt_cli.draft.records import Draft

PLANS = "targets/national/plans.yaml"
SENTENCE = "By 2030, Yantai's PV capacity will reach 12,000 MW."


def _records(path: Path) -> list[str]:
    import yaml

    return [t["id"] for t in yaml.safe_load(path.read_text(encoding="utf-8"))["targets"]]


def test_appends_as_text(ccnt: Invoke, copy_mini: Path) -> None:
    path = copy_mini / PLANS
    before = path.read_bytes()
    r = ccnt(
        "draft", "--text", SENTENCE, "--policy", "yantai-plan", "--into", PLANS, data_dir=copy_mini
    )
    assert r.exit_code == 0, r.stderr
    n = before.count(b"\n")
    assert r.stderr == (
        f"Added 1 target to {PLANS} (from line {n + 1}); the data folder loads with it.\n"
    )
    after = path.read_bytes()
    assert after.startswith(before)  # every byte that was there is still there
    assert after[len(before) :].decode() == (
        "  - id: yantai-solar-pv-capacity-2030\n"
        "    region: yantai\n"
        "    policy: yantai-plan\n"
        "    indicator: solar-pv-capacity\n"
        "    kind: level\n"
        "    target: {year: 2030, value: 12000, unit: MW}\n"
        '    comparator: ">="\n'
        '    text: "By 2030, Yantai\'s PV capacity will reach 12,000 MW."\n'
    )
    assert ccnt("validate", data_dir=copy_mini).exit_code == 0
    assert "review" not in after.decode()


def test_an_id_in_use_gets_a_suffix(ccnt: Invoke, copy_mini: Path) -> None:
    args = ("draft", "--text", SENTENCE, "--policy", "yantai-plan", "--into", PLANS)
    assert ccnt(*args, data_dir=copy_mini).exit_code == 0
    r = ccnt(*args, data_dir=copy_mini)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith(
        "Note: yantai-solar-pv-capacity-2030 is already a target id; "
        "the draft is yantai-solar-pv-capacity-2030-2.\n"
    )
    ids = _records(copy_mini / PLANS)
    assert ids[-2:] == ["yantai-solar-pv-capacity-2030", "yantai-solar-pv-capacity-2030-2"]


def test_list_in_the_middle_keeps_what_follows(copy_mini: Path) -> None:
    """targets: followed by another key and its comment: the drafts go at the end of the list,
    before the comment that belongs to the next key; CRLF line ends are kept."""
    text = (
        "# Yantai\r\n"
        "targets:\r\n"
        "    - id: yantai-old\r\n"
        "      region: yantai\r\n"
        "      policy: yantai-plan\r\n"
        "      indicator: solar-pv-capacity\r\n"
        "      kind: qualitative\r\n"
        "\r\n"
        "# the policies of this file\r\n"
        "policies:\r\n"
        "  - {id: yantai-2, title: Another plan, source: test, region: yantai}\r\n"
    )
    d = _draft()
    new, line = into.with_records(text, [d], "targets/x.yaml")
    assert new == (
        "# Yantai\r\n"
        "targets:\r\n"
        "    - id: yantai-old\r\n"
        "      region: yantai\r\n"
        "      policy: yantai-plan\r\n"
        "      indicator: solar-pv-capacity\r\n"
        "      kind: qualitative\r\n"
        "    - id: yantai-solar-pv-capacity-2030\r\n"
        "      region: yantai\r\n"
        "      policy: yantai-plan\r\n"
        "      indicator: solar-pv-capacity\r\n"
        "      kind: level\r\n"
        "      target: {year: 2030, value: 12000, unit: MW}\r\n"
        '      comparator: ">="\r\n'
        '      text: "PV 12,000 MW"\r\n'
        "\r\n"
        "# the policies of this file\r\n"
        "policies:\r\n"
        "  - {id: yantai-2, title: Another plan, source: test, region: yantai}\r\n"
    )
    assert line == 8


def test_a_file_without_targets_gets_the_list(copy_mini: Path) -> None:
    new, line = into.with_records("policies: []", [_draft()], "targets/x.yaml")
    assert new.startswith("policies: []\n\ntargets:\n  - id: yantai-solar-pv-capacity-2030\n")
    assert line == 4
    new, line = into.with_records("", [_draft()], "targets/x.yaml")
    assert new.startswith("targets:\n  - id: ")
    assert line == 2


def test_inline_list_is_refused() -> None:
    with pytest.raises(DraftInputError, match=r"x.yaml:2: targets: is written inline"):
        into.with_records("policies: []\ntargets: []\n", [_draft()], "targets/x.yaml")


def test_new_file(ccnt: Invoke, copy_mini: Path) -> None:
    r = ccnt(
        "draft", "--text", SENTENCE, "--policy", "yantai-plan", "--into", "targets/new.yaml",
        data_dir=copy_mini,
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert _records(copy_mini / "targets" / "new.yaml") == ["yantai-solar-pv-capacity-2030"]


# ------------------------------------------------------------------------------ refusals


def test_fields_to_fill_first(ccnt: Invoke, copy_mini: Path) -> None:
    before = (copy_mini / PLANS).read_bytes()
    r = ccnt(
        "draft", "--text", "The PV capacity will reach 900 MW.", "--into", PLANS, data_dir=copy_mini
    )
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "Error: 3 fields to fill before the drafts can be added to targets/national/plans.yaml; "
        "nothing was written",
        "  targets/national/plans.yaml [region-solar-pv-capacity-undated] policy: no policy "
        "(hint: pass --policy ID (a policy of the data folder))",
        "  targets/national/plans.yaml [region-solar-pv-capacity-undated] region: no region "
        "(hint: pass --region, or name the place in the text)",
        "  targets/national/plans.yaml [region-solar-pv-capacity-undated] target.year: the text "
        "states no target year (hint: pass --year YEAR)",
    ]
    assert (copy_mini / PLANS).read_bytes() == before


def test_a_folder_that_would_not_load_is_not_written(copy_mini: Path) -> None:
    """A draft the checks refuse (a unit that does not convert to the indicator's): the file
    keeps every byte and no temporary file is left."""
    registry = adapter.load_registry(copy_mini)
    bad = _draft(unit="t")
    path = copy_mini / PLANS
    before = path.read_bytes()
    with pytest.raises(DraftInputError) as exc:
        into.append(copy_mini, PLANS, [bad], registry)
    assert "the data folder would not load with the drafts" in str(exc.value)
    assert "cannot convert 't' (mass) to 'MW' (power)" in str(exc.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["plans.yaml"]


def test_a_failed_write_changes_nothing(copy_mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = adapter.load_registry(copy_mini)
    path = copy_mini / PLANS
    before = path.read_bytes()

    def broken(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        into.append(copy_mini, PLANS, [_draft()], registry)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["plans.yaml"]


def test_a_file_changed_meanwhile_is_not_overwritten(
    copy_mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = adapter.load_registry(copy_mini)
    path = copy_mini / PLANS
    real_check = adapter.check_folder

    def check_while_someone_edits(root: Path) -> list[adapter.Problem]:
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        return real_check(root)

    monkeypatch.setattr(adapter, "check_folder", check_while_someone_edits)
    with pytest.raises(DraftInputError, match="changed while the drafts were checked"):
        into.append(copy_mini, PLANS, [_draft()], registry)
    assert path.read_text(encoding="utf-8").endswith("# edited\n")
    assert "yantai-solar-pv-capacity-2030" not in path.read_text(encoding="utf-8")


def test_bundled_data_is_read_only(ccnt: Invoke) -> None:
    r = ccnt(
        "draft", "--text", SENTENCE, "--policy", "yantai-carbon-peak-pilot", "--into",
        "targets/cities/yantai.yaml", data_dir=None,
    )  # fmt: skip
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: the bundled data is read-only; nothing was written.")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("data/actuals.csv", "is not under"),
        ("../elsewhere.yaml", "is not under"),
        ("targets/regions.yaml", "is a registry"),
        ("targets/national/plans.txt", "is not a .yaml file"),
        ("targets/missing/x.yaml", "does not exist; create it first"),
    ],
)
def test_where_drafts_may_go(ccnt: Invoke, copy_mini: Path, file: str, message: str) -> None:
    r = ccnt(
        "draft", "--text", SENTENCE, "--policy", "yantai-plan", "--into", file, data_dir=copy_mini
    )
    assert r.exit_code == 2
    assert message in r.stderr


def _draft(unit: str = "MW") -> Draft:
    d = Draft(
        region="yantai",
        indicator="solar-pv-capacity",
        kind="level",
        text="PV 12,000 MW",
        line=1,
        comparator=">=",
        value=12000.0,
        unit=unit,
        target_year=2030,
        policy="yantai-plan",
    )
    d.id = "yantai-solar-pv-capacity-2030"
    return d
