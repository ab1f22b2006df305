"""``ccnt history``: a target as known at each publication date of its figures (mini data)."""

from __future__ import annotations

import json


def test_history_one_row_per_publication_date(ccnt) -> None:  # type: ignore[no-untyped-def]
    # mini's cn-energy-intensity (<= -13.5% from 2020): -3.8% for 2024 published 2025-02-28,
    # then -7.3% for 2021-2023 published 2025-03 (counted as 2025-03-31). With only the 2024
    # figure, no chain reaches back to 2020; with both: 0.927 x 0.962 - 1 = -10.8226%, expected
    # 0.865 ** (4/5) - 1 = -10.9543%, remaining 0.865 / 0.891774 - 1 = -3.0023%, off-track.
    r = ccnt("history", "cn-energy-intensity", "--as-of", "2025")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [
        "known_at,published,figures,latest_year,achieved,unit,expected,remaining,remaining_unit,"
        "status,basis_used,actuals_used,note",
        "2025-02-28,2025-02-28,2024 change -3.8 %,,,%,,,%,no-data,,,"
        "no usable figures after 2020 up to 2025 (see --explain cn-energy-intensity)",
        "2025-03-31,2025-03,2021-2023 change -7.3 %,2024,-10.8226,%,-10.9543,-3.0023,%,off-track,"
        "revised,data/actuals.csv:2; data/actuals.csv:3,",
    ]
    assert r.stderr == (
        "cn-energy-intensity: 2 publication dates; no-data as known at 2025-02-28, "
        "off-track as known at 2025-03-31\n"
    )


def test_history_formats_and_edge_cases(ccnt) -> None:  # type: ignore[no-untyped-def]
    # yantai-pv (>= 9,000 MW by 2025): one level, 6000 MW in 2023, and no baseline: 3000 MW
    # to go, with no pace to judge it by -> no-trend
    r = ccnt("history", "yantai-pv", "--as-of", "2025", "--format", "json")
    assert json.loads(r.stdout) == [
        {
            "known_at": "2024-12-31",
            "published": "2024",
            "figures": "2023 level 600万千瓦",
            "latest_year": 2023,
            "achieved": 6000.0,
            "unit": "MW",
            "expected": None,
            "remaining": 3000.0,
            "remaining_unit": "MW",
            "status": "no-trend",
            "basis_used": None,
            "actuals_used": ["data/actuals.csv:4"],
            "note": "one figure and no baseline: the pace so far cannot be measured",
        }
    ]
    assert r.stderr == "yantai-pv: 1 publication date; no-trend as known at 2024-12-31\n"
    r = ccnt("history", "cn-peak")
    assert (r.exit_code, r.stdout) == (0, "")
    assert (
        r.stderr
        == "cn-peak is qualitative: tracked, never scored, so it has no history of figures\n"
    )
    r = ccnt("history", "cn-pue", "--format", "csv")
    assert r.stdout.count("\n") == 1
    assert r.stderr == "cn-pue: no dated figures of china/pue to show a history from\n"
    r = ccnt("history", "cn-energy-intensit")
    assert r.exit_code == 2
    assert (
        r.stderr
        == "Error: unknown target 'cn-energy-intensit'; did you mean 'cn-energy-intensity'?\n"
    )
