"""``ccnt init DIR``: start one's own data folder from a copy of the bundled data."""

import shutil
from pathlib import Path
from typing import Annotated

import typer

from ccnt_cli.cli.render import message
from ccnt_cli.errors import OutputError


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to create.", file_okay=False)
    ],
) -> None:
    """Copy the bundled targets/ and data/ into DIR, to edit and use with --data-dir DIR."""
    from ccnt_cli.dataset import default_root

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise OutputError(f"{directory} already exists and is not empty; choose a new folder")
    source = default_root()
    tmp = directory.with_name(f".{directory.name}.ccnt-init")
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tmp.mkdir(parents=True)
        for part in ("targets", "data"):
            if (source / part).is_dir():
                shutil.copytree(source / part, tmp / part)
        if directory.exists():
            directory.rmdir()
        tmp.rename(directory)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"cannot create {directory}: {exc.strerror or exc}") from None
    n = sum(1 for p in directory.rglob("*") if p.is_file())
    message(f"Created {directory} with {n} files. Try: ccnt --data-dir {directory} validate")


def register(root: typer.Typer) -> None:
    root.command("init")(init)
