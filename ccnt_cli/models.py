"""A loaded data folder (``Dataset``) and what one file holds (``FileResult``).

The records themselves are defined in ``schema``; the reported figures are an ``ActualTable``
(``table``). Both are re-exported here, where the rest of the code has always found them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .schema import (
    ACTUAL_KINDS,
    CHANGE_UNIT,
    COMPARATORS,
    DIRECTIONS,
    REGION_LEVELS,
    TARGET_KINDS,
    Indicator,
    Pilot,
    Policy,
    Region,
    Sector,
    Target,
    Where,
)
from .table import ACTUAL_TABLE_COLUMNS, Actual, ActualKeys, ActualTable


@dataclass(slots=True)
class Dataset:
    """Everything in one data folder, validated."""

    root: str
    regions: dict[str, Region] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    pilots: dict[str, Pilot] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    actuals: ActualTable = field(default_factory=ActualTable)
    #: digest (SHA-256, ``cache._digest``) of each file read, by path
    digests: dict[str, str] = field(default_factory=dict)
    #: digest of the files that results of a target depend on besides its own file: every
    #: file holding registries or actuals (target files holding only policies and targets
    #: are left out, so editing one does not invalidate the others)
    shared_digest: str | None = None


@dataclass(slots=True)
class FileResult:
    """What one file holds, read on its own: records by section, and the problems found."""

    regions: list[Region] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    pilots: list[Pilot] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    actuals: ActualTable = field(default_factory=ActualTable)
    problems: list[Problem] = field(default_factory=list)


__all__ = [
    "ACTUAL_KINDS",
    "ACTUAL_TABLE_COLUMNS",
    "CHANGE_UNIT",
    "COMPARATORS",
    "DIRECTIONS",
    "REGION_LEVELS",
    "TARGET_KINDS",
    "Actual",
    "ActualKeys",
    "ActualTable",
    "Dataset",
    "FileResult",
    "Indicator",
    "Pilot",
    "Policy",
    "Region",
    "Sector",
    "Target",
    "Where",
]
