"""Global options (``ccnt --data-dir DIR --no-cache --debug COMMAND``) and data loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.cache import ResultStore
    from ccnt_cli.models import Dataset


@dataclass(slots=True)
class State:
    data_dir: Path | None = None
    cache: bool = True
    debug: bool = False

    @property
    def root(self) -> Path:
        from ccnt_cli.dataset import resolve_root

        return resolve_root(self.data_dir)

    @property
    def label(self) -> str:
        """How to name the data folder in messages: its path, or "the bundled data"."""
        from ccnt_cli.dataset import default_root

        root = self.root
        return "the bundled data" if root.resolve() == default_root().resolve() else str(root)

    def dataset(self) -> Dataset:
        """The validated data folder; invalid data raises ``DataError`` (reported by the app)."""
        from ccnt_cli.dataset import load

        return load(self.root, cache=self.cache)

    def results(
        self, ds: Dataset, as_of: int | None, known_at: dt.date | None
    ) -> ResultStore | None:
        """The cache of computed progress for these options (``None`` with ``--no-cache``)."""
        if not self.cache or not ds.digests:
            return None
        from ccnt_cli.cache import ResultStore

        year = as_of or dt.date.today().year
        return ResultStore(ds, year, known_at.isoformat() if known_at else None)


def state(ctx: typer.Context) -> State:
    """The global options of this invocation."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
