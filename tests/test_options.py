"""Options and lookups: repeated options, checked values, progress filters, region names,
``--known-at`` dates. Expected ids are read off ``tests/fixtures/mini`` by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccnt_cli.errors import ExitCode

CN = ["cn-energy-intensity", "cn-peak", "cn-non-fossil", "cn-pue"]


def ids(stdout: str, column: int = 0) -> list[str]:
    """The first column of a CSV listing, header left out."""
    return [line.split(",")[column] for line in stdout.splitlines()[1:]]


# ----------------------------------------------------------------- 14: repeated options


@pytest.mark.parametrize("command", [["targets", "list"], ["progress", "--as-of", "2025"]])
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # values of one option combine (or)
        (["-r", "Yantai", "-r", "China", "--exact"], [*CN, "yantai-pv"]),
        (["--kind", "increment", "--kind", "change"], ["cn-energy-intensity", "shandong-pv"]),
        (["--sector", "digital", "--sector", "energy"], ["cn-non-fossil", "cn-pue"]),
        (["--year", "2030", "--year", "2025", "--region", "yantai"], ["yantai-pv"]),
        (["--search", "9,000", "--search", "peak"], ["cn-peak", "yantai-pv"]),
        # different options narrow (and)
        (["--kind", "level", "--sector", "power"], ["yantai-pv"]),
        (["--kind", "level", "--kind", "change", "--region", "china", "--exact"],
         ["cn-energy-intensity", "cn-non-fossil", "cn-pue"]),
    ],
)  # fmt: skip
def test_repeated_options_combine(
    ccnt, command: list[str], args: list[str], expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    r = ccnt(*command, *args, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert ids(r.stdout) == expected


def test_repeated_status(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--as-of", "2025", "--status", "qualitative", "--status", "off-track")
    assert r.exit_code == 0, r.stderr
    assert ids(r.stdout) == ["cn-energy-intensity", "cn-peak"]
    assert r.stderr == "2 targets: 1 off-track, 1 qualitative\n"


def test_repeated_indicator_argument_and_option(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "pue", "non-fossil-share-energy", "--format", "csv")
    assert ids(r.stdout) == ["cn-non-fossil", "cn-pue"]
    r = ccnt("targets", "list", "-i", "pue", "-i", "PV capacity")
    assert ids(r.stdout) == ["cn-pue", "shandong-pv", "yantai-pv"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["actuals", "list", "-r", "yantai", "-r", "china", "--exact", "-i", "pue",
          "-i", "PV capacity", "-i", "non-fossil-share-energy"],
         ["yantai", "china"]),
        (["regions", "list", "-r", "yantai", "-r", "guangdong"], ["yantai", "guangdong", "shenzhen"]),
        (["regions", "list", "--level", "national", "--level", "prefecture"],
         ["china", "yantai", "shenzhen"]),
        (["indicators", "list", "--sector", "digital", "--sector", "energy"],
         ["non-fossil-share-energy", "pue"]),
    ],
)  # fmt: skip
def test_repeated_options_on_listings(ccnt, args: list[str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = ccnt(*args, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert ids(r.stdout) == expected


def test_repeated_options_on_export(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "t.json"
    r = ccnt("export", "-w", "targets", "-o", str(out), "-r", "yantai", "-r", "china", "--exact",
             "-i", "pue", "-i", "PV capacity")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert [row["id"] for row in json.loads(out.read_text(encoding="utf-8"))["rows"]] == [
        "cn-pue",
        "yantai-pv",
    ]


# ----------------------------------------------------------------- 15: every value checked


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progress", "--kind", "levl"], "unknown kind 'levl'; did you mean 'level'?"),
        (["targets", "list", "--level", "provence"],
         "unknown level 'provence'; did you mean 'province'?"),
        (["progress", "--level", "town"],
         "unknown level 'town' (one of national, province, prefecture, county, district, park, "
         "area)"),
        (["targets", "list", "--sector", "powr"], "unknown sector 'powr'; did you mean 'power'?"),
        (["progress", "--status", "mett"], "unknown status 'mett'; did you mean 'met'?"),
        (["regions", "list", "--level", "provinces"],
         "unknown level 'provinces'; did you mean 'province'?"),
        (["indicators", "list", "--sector", "digtal"],
         "unknown sector 'digtal'; did you mean 'digital'?"),
        (["progress", "--pilot", "pilot-b"], "unknown pilot 'pilot-b'; did you mean 'pilot-a'?"),
        (["progress", "--policy", "cn-fy"], "unknown policy 'cn-fy'; did you mean 'cn-fyp'?"),
    ],
)  # fmt: skip
def test_unknown_values_are_refused_with_suggestions(ccnt, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"Error: {message}\n")


def test_values_differing_in_case_are_accepted(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--kind", "Level", "--level", "PREFECTURE", "--sector", "Power")
    assert (r.exit_code, ids(r.stdout)) == (0, ["yantai-pv"])


def test_every_bad_value_reported_at_once(ccnt) -> None:  # type: ignore[no-untyped-def]
    from ccnt_cli.progress import STATUSES

    r = ccnt("progress", "--kind", "levl", "--region", "Atlantis", "--status", "done", "-r", "鲁")
    assert r.exit_code == ExitCode.USAGE_OR_INVALID_INPUT
    assert r.stderr.splitlines() == [
        "Error: unknown region 'Atlantis'",
        "Error: unknown kind 'levl'; did you mean 'level'?",
        f"Error: unknown status 'done' (one of {', '.join(STATUSES)})",
    ]


def test_status_choices_come_from_the_progress_engine(ccnt, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A status the engine adds is a valid --status at once (the list is never copied)."""
    import ccnt_cli.progress

    monkeypatch.setattr(ccnt_cli.progress, "STATUSES", (*ccnt_cli.progress.STATUSES, "x-new"))
    r = ccnt("progress", "--status", "qualitative", "--status", "x-new", "--as-of", "2025")
    assert (r.exit_code, ids(r.stdout)) == (0, ["cn-peak"])
    r = ccnt("progress", "--status", "no-trend", "--as-of", "2025")
    assert (r.exit_code, ids(r.stdout)) == (0, ["yantai-pv"])


# ----------------------------------------------------------------- 16: progress filters


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--pilot", "pilot-a"], ["yantai-pv"]),
        (["--level", "province"], ["shandong-pv"]),
        (["--sector", "digital"], ["cn-pue"]),
        (["--year", "2030"], ["cn-peak"]),
        (["--policy", "yantai-plan"], ["shandong-pv", "yantai-pv"]),
        (["--search", "光伏"], ["shandong-pv", "yantai-pv"]),
        (["-i", "pue"], ["cn-pue"]),
        # a target id where an indicator goes, alone or with indicators
        (["yantai-pv"], ["yantai-pv"]),
        (["yantai-pv", "pue"], ["cn-pue", "yantai-pv"]),
        (["yantai-pv", "--status", "met"], []),
    ],
)
def test_progress_has_the_filters_of_targets_list(
    ccnt, args: list[str], expected: list[str]
) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", *args, "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert ids(r.stdout) == expected


def test_progress_unknown_indicator_or_target(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "yantai-p")
    assert (r.exit_code, r.stderr) == (
        2,
        "Error: unknown indicator or target 'yantai-p'; did you mean 'yantai-pv'?\n",
    )


# ----------------------------------------------------------------- 17: names people use


@pytest.mark.parametrize("typed", ["山东", "鲁", "370000", "sd"])
def test_region_by_abbreviation_and_code(ccnt, typed: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--region", typed)
    assert (r.exit_code, ids(r.stdout)) == (0, ["shandong-pv", "yantai-pv"])


def test_region_by_code_and_abbreviation_on_every_command(ccnt) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("regions", "list", "-r", "粤", "--format", "csv")
    assert ids(r.stdout) == ["guangdong", "shenzhen"]
    r = ccnt("actuals", "list", "-r", "370600")
    assert ids(r.stdout) == ["yantai"]
    r = ccnt("progress", "-r", "370600", "--format", "csv")
    assert ids(r.stdout) == ["yantai-pv"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("solar", "unknown indicator 'solar'; did you mean 'solar-pv-capacity'?"),
        ("光伏", "unknown indicator '光伏'; did you mean 'solar-pv-capacity'?"),
        ("capacity", "unknown indicator 'capacity'; did you mean 'solar-pv-capacity'?"),
        ("energy", "unknown indicator 'energy'; did you mean 'energy-intensity', "
         "'non-fossil-share-energy'?"),
        ("能耗", "unknown indicator '能耗'; did you mean 'energy-intensity'?"),
    ],
)  # fmt: skip
def test_unknown_indicator_suggests_by_names_aliases_and_chinese(
    ccnt, typed: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("targets", "list", "--indicator", typed)
    assert (r.exit_code, r.stderr) == (2, f"Error: {message}\n")


# ----------------------------------------------------------------- 18: --known-at dates


@pytest.mark.parametrize(
    ("short", "full"),
    [("2025", "2025-12-31"), ("2025-03", "2025-03-31"), ("2024-02", "2024-02-29"),
     ("２０２５-０３", "2025-03-31")],
)  # fmt: skip
def test_known_at_takes_a_year_or_month_as_its_last_day(ccnt, short: str, full: str) -> None:  # type: ignore[no-untyped-def]
    a = ccnt("progress", "--explain", "cn-energy-intensity", "--as-of", "2024", "--known-at", short)
    b = ccnt("progress", "--explain", "cn-energy-intensity", "--as-of", "2024", "--known-at", full)
    assert (a.exit_code, b.exit_code) == (0, 0), a.stderr
    assert a.stdout == b.stdout
    assert f"with figures published by {full}" in a.stdout


@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "25", "March 2025", "2025-3-1"])
def test_known_at_refuses_what_is_not_a_date(ccnt, bad: str) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("progress", "--known-at", bad)
    assert r.exit_code == 2
    assert f"{bad!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY" in r.stderr


def test_export_what_suggests(ccnt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = ccnt("export", "--what", "progres", "-o", str(tmp_path / "x.csv"))
    assert r.exit_code == 2
    assert (
        "Invalid value for --what: 'progres' is not one of targets, progress, actuals; "
        "did you mean 'progress'?" in r.stderr
    )
