"""Loading and validating a data folder.

A data folder holds ``targets/`` (YAML: the registries and the policy/target files) and ``data/``
(CSV actuals). Loading runs in two phases:

1. each file on its own (``parsing.parse_file``): syntax, types, required and unknown fields,
   values read into numbers. Its result depends on the file's bytes alone, so it can be cached
   (``cache``); a run whose files are all cached imports neither the YAML nor the CSV reader;
2. the folder as a whole (``link``): unique ids, references between records, region cycles,
   and every value converted to its indicator's canonical unit (one factor per distinct unit
   pair) and checked against its valid range.

Every problem from both phases is collected; ``load`` raises ``DataError`` carrying all of them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import DataError, Problem
from .link import link
from .models import Dataset, FileResult

REQUIRED_REGISTRIES = ("regions.yaml", "indicators.yaml")


# ------------------------------------------------------------------------------ discovery


def data_files(root: Path) -> Iterator[Path]:
    """Every file of a data folder that ccnt reads, in a stable order."""
    targets = root / "targets"
    for path in sorted(targets.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and not _hidden(path, root):
            yield path
    data = root / "data"
    if data.is_dir():
        for path in sorted(data.rglob("*.csv")):
            if path.is_file() and not _hidden(path, root):
                yield path


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


# ------------------------------------------------------------------------------ loading


def load(root: Path | str, *, cache: bool = True, borrow: Path | None = None) -> Dataset:
    """Load and validate a data folder; raise ``DataError`` with every problem found.
    ``borrow``: read the cache of that other folder for files of the same bytes, write none
    (``cache.parse_all``)."""
    dataset, problems = check(root, cache=cache, borrow=borrow)
    if problems:
        raise DataError(problems)
    return dataset


def check(
    root: Path | str, *, cache: bool = True, borrow: Path | None = None
) -> tuple[Dataset, list[Problem]]:
    """Load a data folder and return it with every problem found (the dataset holds only the
    records that passed)."""
    root = Path(root)
    if not (root / "targets").is_dir():
        raise DataError(
            [
                Problem(
                    str(root),
                    "not a ccnt data folder: it has no targets/ folder",
                    hint="point --data-dir at a folder with targets/ and data/, or run `ccnt init DIR`",
                )
            ]
        )
    from . import cache as cache_mod

    parsed = cache_mod.parse_all(root, use_cache=cache, borrow=borrow)
    results = parsed.results
    problems: list[Problem] = []
    for fr in results.values():
        problems.extend(fr.problems)
    for reg in REQUIRED_REGISTRIES:
        if not (root / "targets" / reg).is_file():
            problems.append(
                Problem(
                    f"targets/{reg}",
                    "missing registry file",
                    hint=f"every data folder needs targets/{reg}",
                )
            )
    dataset = Dataset(root=str(root), digests=parsed.digests)
    if dataset.digests:
        dataset.shared_digest = _shared_digest(results, dataset.digests)
    link(dataset, list(results.values()), problems)
    parsed.save()
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return dataset, problems


def _shared_digest(results: dict[str, FileResult], digests: dict[str, str]) -> str:
    """One digest over every file that holds more than policies and targets."""
    h = hashlib.blake2b(digest_size=16)
    for name in sorted(results):
        fr = results[name]
        if fr.regions or fr.sectors or fr.indicators or fr.pilots or len(fr.actuals):
            h.update(f"{name}\0{digests.get(name, '?')}\0".encode())
    return h.hexdigest()


def default_root() -> Path:
    """The bundled data folder: inside the installed package, or the source checkout."""
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled"
    if (bundled / "targets").is_dir():
        return bundled
    return here.parent


def is_bundled(root: Path | str) -> bool:
    """Whether ``root`` is the bundled data folder (installed with the package, or the source
    checkout's own ``targets/`` and ``data/``)."""
    try:
        return Path(root).resolve() == default_root().resolve()
    except OSError:
        return False


def ensure_writable(root: Path | str) -> None:
    """Refuse to write into the bundled data: it is replaced on the next install, and every
    user of the installation would see the change. ``ccnt init DIR`` makes a copy to edit."""
    if is_bundled(root):
        from .errors import ReadOnlyData

        raise ReadOnlyData(
            "the bundled data is read-only; nothing was written. Make your own copy with "
            "`ccnt init DIR`, then pass `--data-dir DIR` (or set CCNT_DATA_DIR)"
        )


def resolve_root(option: str | os.PathLike[str] | None) -> Path:
    """``--data-dir`` wins, then ``CCNT_DATA_DIR``, then the bundled data."""
    if option:
        return Path(option)
    env = os.environ.get("CCNT_DATA_DIR")
    if env:
        return Path(env)
    return default_root()


__all__ = [
    "check",
    "data_files",
    "default_root",
    "ensure_writable",
    "is_bundled",
    "load",
    "resolve_root",
]
