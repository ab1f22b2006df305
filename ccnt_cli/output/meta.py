"""What an export is: the options it was made with, the day it was made, and which version of
the data it was made from.

The data version is the git commit that last changed the data folder's ``targets/`` and
``data/`` (with a flag when they hold changes not committed), where the folder is under git;
and always a digest of every data file, so that two exports from the same data can be told
apart from two exports of different data whether or not git is there.

``CCNT_RUN_DATE=YYYY-MM-DD`` sets the day of the run (for reproducible files and tests); it is
also the default ``--as-of`` year of an export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

from ccnt_cli.errors import OutputError

RUN_DATE_ENV = "CCNT_RUN_DATE"


def run_date() -> dt.date:
    """Today, or the day ``CCNT_RUN_DATE`` names."""
    text = os.environ.get(RUN_DATE_ENV)
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise OutputError(f"{RUN_DATE_ENV}={text!r} is not a date; write YYYY-MM-DD") from None


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def git_version(root: Path) -> tuple[str | None, bool | None]:
    """The commit that last changed ``targets/`` or ``data/`` under ``root``, and whether they
    hold changes not committed; ``(None, None)`` when they are not tracked by git."""
    paths = ("--", "targets", "data")
    if not _git(root, "ls-files", *paths):
        return None, None
    commit = _git(root, "log", "-1", "--format=%H", *paths)
    if not commit:
        return None, None
    status = _git(root, "status", "--porcelain", "--untracked-files=all", *paths)
    return commit, bool(status)


def digest(root: Path) -> str:
    """A BLAKE2 digest of every file ccnt reads in the folder, with its path."""
    from ccnt_cli.dataset import data_files

    total = hashlib.blake2b(digest_size=16)
    for path in data_files(root):
        one = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        total.update(f"{path.relative_to(root).as_posix()}\0{one}\0".encode())
    return "blake2b:" + total.hexdigest()


def export_meta(
    what: str,
    root: Path,
    label: str,
    *,
    rows: int,
    as_of: int | None = None,
    known_at: dt.date | None = None,
    options: dict[str, Any] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The ``meta`` of an export (JSON, Markdown, XLSX and Parquet carry it)."""
    from ccnt_cli import __version__

    commit, changed = git_version(root)
    return {
        "what": what,
        "rows": rows,
        "as_of": as_of,
        "known_at": known_at.isoformat() if known_at else None,
        "run_date": run_date().isoformat(),
        "data": label,
        "data_commit": commit,
        "data_uncommitted_changes": changed,
        "data_digest": digest(root),
        "options": options or {},
        "lang": lang,
        "ccnt_version": __version__,
    }
