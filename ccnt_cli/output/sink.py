"""Where output goes: stdout, or a file written whole or not at all.

A file is written to a temporary file in the same folder, which is renamed over the destination
only when complete: a failed write leaves any existing file as it was, and no temporary behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ccnt_cli.errors import OutputError


@contextmanager
def open_dest(path: Path | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A stream to write to: stdout (``path`` None), or a temporary file that becomes ``path``
    when the block ends without an error. Text is UTF-8 with the newlines as written."""
    if path is None:
        if binary:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        if binary:
            with os.fdopen(fd, "wb") as fh:
                yield fh
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                yield fh
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
