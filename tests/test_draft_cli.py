"""``ccnt draft`` on the command line: output formats, options, bad input, the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import MINI, Invoke

SENTENCE = "By 2025, Yantai's PV capacity will reach 9,000 MW."

# worked out by hand: Yantai named in the sentence; "PV capacity" is an alias of
# solar-pv-capacity; "reach" states no comparator, so it is the indicator's direction (>=)
EXPECTED_YAML = """\
# ccnt draft: 1 draft target from --text (1 sentence).
# Review every field: the drafts are read by rules, not checked against the source.
# The review: blocks are not part of the data format (--into leaves them out).
targets:
  - id: yantai-solar-pv-capacity-2025
    region: yantai
    indicator: solar-pv-capacity
    kind: level
    target: {year: 2025, value: 9000, unit: MW}
    comparator: ">="
    text: "By 2025, Yantai's PV capacity will reach 9,000 MW."
    review:
      confidence: 0.95
      line: 1
      guessed: [comparator]
      from:
        value: "9,000 MW"
        region: Yantai
        indicator: "Yantai's PV capacity will reach 9,000 MW ~ PV capacity"
        target.year: By 2025
        comparator: solar-pv-capacity is better higher
"""


def test_yaml_for_review(ccnt: Invoke) -> None:
    r = ccnt("draft", "--text", SENTENCE)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == EXPECTED_YAML
    assert r.stderr == "1 draft target from 1 sentence. Review every field before use.\n"
    assert yaml.safe_load(r.stdout)["targets"][0]["target"] == {
        "year": 2025,
        "value": 9000,
        "unit": "MW",
    }


def test_chinese_json(ccnt: Invoke) -> None:
    r = ccnt(
        "draft",
        "--text",
        "到2025年，单位GDP能耗比2020年下降13.5%。",
        "--region",
        "中国",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.stderr
    (d,) = json.loads(r.stdout)
    fields = {k: d[k] for k in ("id", "region", "indicator", "kind", "comparator", "value")}
    assert fields == {
        "id": "china-energy-intensity-2025",
        "region": "china",
        "indicator": "energy-intensity",
        "kind": "change",
        "comparator": "<=",
        "value": -13.5,
    }
    assert (d["unit"], d["target_year"], d["baseline_year"]) == ("%", 2025, 2020)
    assert d["review"]["guessed"] == ["region", "comparator"]
    assert d["review"]["from"]["baseline.year"] == "比2020年"


def test_csv(ccnt: Invoke) -> None:
    r = ccnt("draft", "--text", SENTENCE, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == (
        "id,region,policy,indicator,new_indicator,kind,baseline_year,target_year,comparator,"
        "value,unit,confidence,guessed,line,text,notes"
    )
    assert lines[1] == (
        "yantai-solar-pv-capacity-2025,yantai,,solar-pv-capacity,false,level,,2025,>=,9000,MW,"
        '0.95,comparator,1,"By 2025, Yantai\'s PV capacity will reach 9,000 MW.",'
    )


def test_markdown_file(ccnt: Invoke, tmp_path: Path) -> None:
    doc = tmp_path / "plan.md"
    doc.write_text(f"# Yantai plan\n\n- {SENTENCE}\n", encoding="utf-8")
    r = ccnt("draft", str(doc), "--format", "json")
    assert r.exit_code == 0, r.stderr
    (d,) = json.loads(r.stdout)
    assert (d["id"], d["review"]["line"]) == ("yantai-solar-pv-capacity-2025", 3)


def test_standard_input(tmp_path: Path) -> None:
    proc = _run(
        "--data-dir", str(MINI), "draft", "-", "--format", "csv", input_text=SENTENCE, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[1].startswith("yantai-solar-pv-capacity-2025,yantai,")


def test_defaults_from_the_options(ccnt: Invoke) -> None:
    """--region for a sentence naming no place, --policy on the record, --year for one naming
    no year; the draft says they were guessed."""
    r = ccnt(
        "draft",
        "--text",
        "The installed PV capacity will reach 600万千瓦.",
        "--policy",
        "yantai-plan",
        "--year",
        "2030",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.stderr
    (d,) = json.loads(r.stdout)
    assert (d["region"], d["policy"], d["target_year"]) == ("yantai", "yantai-plan", 2030)
    assert (d["value"], d["unit"]) == (600, "万千瓦")
    assert {"region", "target.year"} <= set(d["review"]["guessed"])


def test_no_target_found(ccnt: Invoke) -> None:
    r = ccnt("draft", "--text", "Solar panels were installed on the roof last year.")
    assert r.exit_code == 0, r.stderr
    assert yaml.safe_load(r.stdout) == {"targets": []}
    assert r.stderr.startswith("0 draft targets from 1 sentence.")


# ------------------------------------------------------------------------------ bad input


def test_binary_file(ccnt: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "plan.pdf"
    f.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary\x00")
    r = ccnt("draft", str(f))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "contains a NUL character, so it is not a text file" in r.stderr
    assert "Traceback" not in r.stderr


def test_empty_file(ccnt: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n", encoding="utf-8")
    r = ccnt("draft", str(f))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Error: {f}: the text is empty; there is nothing to draft from")


def test_other_encoding(ccnt: Invoke, tmp_path: Path) -> None:
    f = tmp_path / "plan.txt"
    f.write_bytes("到2025年，光伏装机容量达到900万千瓦。".encode("gb18030"))
    r = ccnt("draft", str(f))
    assert r.exit_code == 2
    assert "the file is not UTF-8 text" in r.stderr
    assert "it looks like GBK/GB18030" in r.stderr


def test_missing_file_and_usage(ccnt: Invoke, tmp_path: Path) -> None:
    r = ccnt("draft", str(tmp_path / "nope.txt"))
    assert (r.exit_code, r.stderr) == (2, f"Error: {tmp_path / 'nope.txt'}: no such file\n")
    assert ccnt("draft").exit_code == 2
    assert ccnt("draft", "x.txt", "--text", SENTENCE).exit_code == 2
    assert ccnt("draft", "--text", "   ").exit_code == 2


def test_unknown_region_and_policy(ccnt: Invoke) -> None:
    r = ccnt("draft", "--text", SENTENCE, "--region", "Yantia")
    assert r.exit_code == 2
    assert "unknown region 'Yantia'; did you mean 'yantai'" in r.stderr
    r = ccnt("draft", "--text", SENTENCE, "--policy", "yantai-plna")
    assert r.exit_code == 2
    assert "unknown policy 'yantai-plna'; did you mean 'yantai-plan'" in r.stderr


# ------------------------------------------------------------------------------ processes


def _run(
    *args: str, input_text: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ccnt")
    assert exe, "the ccnt entry point is not installed: pip install '.[test]'"
    return subprocess.run(
        [exe, *args],
        input=input_text,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_installed_entry_point(tmp_path: Path) -> None:
    proc = _run(
        "draft",
        "--text",
        "到2030年，全国风电和太阳能发电总装机容量达到12亿千瓦以上。",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    record = yaml.safe_load(proc.stdout)["targets"][0]
    assert record["indicator"] == "wind-solar-capacity"
    assert record["target"] == {"year": 2030, "value": 12, "unit": "亿千瓦"}
    assert record["comparator"] == ">="


def test_help_does_not_import_the_drafter() -> None:
    probe = (
        "import sys\n"
        "from ccnt_cli.cli.app import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('ccnt_cli.draft')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    assert "draft" in proc.stdout  # the command is listed


def test_docs_examples(tmp_path: Path) -> None:
    """The console examples of docs/draft.md print what the page says (as the README's do)."""
    from test_readme import examples, run

    page = Path(__file__).resolve().parent.parent / "docs" / "draft.md"
    blocks = examples(page.read_text(encoding="utf-8"))
    assert blocks
    for n, block in enumerate(blocks):
        folder = tmp_path / str(n)
        folder.mkdir()
        for command, expected in block:
            assert run(command, folder, folder / "cache") == expected, command
