"""Global options (``ccnt --data-dir DIR --no-cache --debug COMMAND``) and data loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset, Target
    from ccnt_cli.progress import Progress
    from ccnt_cli.results import ResultStore


#: set by ``app.main`` (a real process that ends with ``os._exit``): what is handed to
#: ``leave_to_exit`` is not freed object by object when a command returns (tens of
#: milliseconds for a large data folder); under a test runner it stays ``None``
LEFT_TO_EXIT: list[Any] | None = None


def leave_to_exit(*objects: Any) -> None:
    if LEFT_TO_EXIT is not None:
        LEFT_TO_EXIT.extend(objects)


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
        from ccnt_cli.dataset import is_bundled

        root = self.root
        return "the bundled data" if is_bundled(root) else str(root)

    def dataset(self) -> Dataset:
        """The validated data folder; invalid data raises ``DataError`` (reported by the app)."""
        from ccnt_cli.dataset import load

        ds = load(self.root, cache=self.cache)
        leave_to_exit(ds)
        return ds

    def results(
        self,
        ds: Dataset,
        as_of: int | None,
        known_at: dt.date | None,
        borrow: Path | None = None,
    ) -> ResultStore | None:
        """The cache of computed progress for these options (``None`` with ``--no-cache``);
        with ``borrow``, that folder's, read only (``results.ResultStore``)."""
        if not self.cache or not ds.digests:
            return None
        from ccnt_cli.results import ResultStore

        year = as_of or dt.date.today().year
        return ResultStore(ds, year, known_at.isoformat() if known_at else None, borrow)

    def progress(
        self, ds: Dataset, targets: list[Target], as_of: int | None, known_at: dt.date | None
    ) -> list[Progress]:
        """The progress of ``targets``, reusing (and keeping) the cached results."""
        from ccnt_cli.progress import compute

        store = self.results(ds, as_of, known_at)
        results = compute(ds, targets, as_of, known_at, store)
        if store is not None:
            store.save()
        leave_to_exit(results, store)
        return results


def state(ctx: typer.Context) -> State:
    """The global options of this invocation."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj
