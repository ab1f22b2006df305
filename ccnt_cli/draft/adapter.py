"""The one place where drafting touches the rest of ccnt.

Drafting needs little from the library: the registries' regions and indicators (names in English
and Chinese, aliases, levels and parents), the policies and target ids of the data folder, the
unit helpers (reading Chinese numbers, folding full-width forms), the text reader (encodings), and
for ``--into`` the folder check and the read-only rule of the bundled data. Every use goes
through this module, so a rename in the library is mended here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ccnt_cli import units as _units
from ccnt_cli.errors import CcntError, ExitCode, Problem

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset
    from ccnt_cli.schema import Indicator, Policy, Region

__all__ = [
    "DraftInputError",
    "Problem",
    "Registry",
    "check_folder",
    "csv_cell",
    "decode",
    "ensure_writable",
    "find_region",
    "has_cjk",
    "load_registry",
    "normalize",
    "parse_chinese_number",
]


class DraftInputError(CcntError):
    """The text to draft from cannot be read, or the drafts cannot be added where asked."""

    exit_code = ExitCode.USAGE_OR_INVALID_INPUT

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message + "".join(f"\n  {p.one_line()}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class Registry:
    """What drafting reads of a data folder."""

    regions: dict[str, Region]
    indicators: dict[str, Indicator]
    policies: dict[str, Policy]
    target_ids: frozenset[str]

    def ancestors(self, region: str) -> list[str]:
        """The regions above ``region``, nearest first."""
        out: list[str] = []
        cur = self.regions[region].parent if region in self.regions else None
        while cur and cur in self.regions and cur not in out:
            out.append(cur)
            cur = self.regions[cur].parent
        return out


def load_registry(root: Path | str, *, cache: bool = True) -> Registry:
    """The registries of a valid data folder (``DataError`` with every problem otherwise)."""
    from ccnt_cli.dataset import load

    ds = load(root, cache=cache)
    return registry_of(ds)


def registry_of(ds: Dataset) -> Registry:
    """A ``Registry`` from a loaded dataset (``ccnt_cli.dataset.load``)."""
    return Registry(ds.regions, ds.indicators, ds.policies, frozenset(ds.targets))


# ------------------------------------------------------------------------------ text


def decode(path: Path, name: str) -> str:
    """A text file's content; a file that is not UTF-8 text (binary, another encoding, empty)
    raises ``DraftInputError`` saying what it looks like and what to do."""
    from ccnt_cli.io.text import read_text

    text, problems = read_text(path, name)
    if text is None:
        first = problems[0] if problems else Problem(name, "cannot read the file")
        where = first.location()
        hint = f" ({first.hint})" if first.hint else ""
        raise DraftInputError(f"{where}: {first.message}{hint}", problems)
    if not text.strip():
        raise DraftInputError(
            f"{name}: the text is empty; there is nothing to draft from",
            [Problem(name, "the text is empty", hint="give a file with policy text")],
        )
    return text


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalize(text: str) -> str:
    return _units.normalize(text)


def parse_chinese_number(text: str) -> float:
    """``十三点五`` is 13.5; ``ValueError`` if it is not a number."""
    return _units.parse_chinese_number(text)


def format_number(x: float) -> str:
    return _units.format_number(x)


# ------------------------------------------------------------------------------ writing


def ensure_writable(root: Path) -> None:
    from ccnt_cli.dataset import ensure_writable as _ensure

    _ensure(root)


def check_folder(root: Path) -> list[Problem]:
    """Every problem of a data folder (none: it loads)."""
    from ccnt_cli.dataset import check

    _, problems = check(root, cache=False)
    return problems


def csv_cell(value: object) -> str:
    """A value as a CSV cell, with ccnt's guard against spreadsheet formulas."""
    from ccnt_cli.output.cells import csv_cell as cell

    return cell(value)


def find_region(ds: Dataset, text: str) -> str:
    """The id of the region a user typed (id, name, Chinese name or alias); ``LookupFailed``
    with suggestions if none."""
    from ccnt_cli.query import find_region as _find

    return _find(ds, text).id
