"""ccnt: track China's carbon-neutrality targets from plain YAML and CSV files.

The package is a library first. ``ccnt_cli.load()`` gives a data folder as pandas DataFrames,
with ``progress()`` and ``explain()`` (``ccnt_cli.api``, docs/api.md); ``ccnt_cli.schema``
defines every record; ``ccnt_cli.dataset`` loads and validates a folder; ``ccnt_cli.units``
parses and converts quantities; ``ccnt_cli.cli`` is a thin typer layer over them. Importing
the package imports none of pandas, pint or pydantic.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.api import Data

__version__ = "0.1.0"


def load(data_dir: str | os.PathLike[str] | None = None, *, cache: bool = True) -> Data:
    """Load and validate a data folder (default: ``CCNT_DATA_DIR``, else the bundled data)
    as DataFrames; see ``ccnt_cli.api.load``."""
    from ccnt_cli.api import load as load_api

    return load_api(data_dir, cache=cache)


__all__ = ["__version__", "load"]
