"""Reading a data folder as it was at a git revision, with the real ``git``, into a temporary
folder: never a checkout over the user's working tree, nothing that writes the index.

Only plumbing is used (``rev-parse``, ``ls-tree``, ``cat-file``), each with
``--no-optional-locks``; the files are the blobs as committed (no checkout filters, no
``export-ignore``), and only what ccnt reads is written: ``targets/**/*.yaml|yml`` and
``data/**/*.csv`` (symbolic links and submodules are left out).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import CcntError, ExitCode

if TYPE_CHECKING:  # pragma: no cover
    from .models import Dataset

#: what a data folder holds (``dataset.data_files`` reads these and nothing else)
_FOLDERS = ("targets", "data")
_SUFFIXES = {"targets": (".yaml", ".yml"), "data": (".csv",)}
_REGULAR = ("100644", "100755")


class GitError(CcntError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""

    exit_code = ExitCode.USAGE_OR_INVALID_INPUT


@dataclass(frozen=True, slots=True)
class Repo:
    """Where a data folder sits in a git repository."""

    top: Path  # the repository's top folder
    prefix: str  # the data folder inside it ("" at the top, else ending with "/")


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision as typed, and the commit it names."""

    spec: str
    commit: str

    @property
    def label(self) -> str:
        """``HEAD~1 (1a2b3c4)``; a hash as typed (at least seven digits)."""
        if self.commit.startswith(self.spec.lower()):
            return self.spec if len(self.spec) >= 7 else self.commit[:7]
        return f"{self.spec} ({self.commit[:7]})"


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> tuple[int, bytes, str]:
    """Run git; return its exit code, stdout and the first line of stderr."""
    try:
        proc = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH); `ccnt diff` reads revisions with git. "
            "To compare two folders without git, use --against DIR"
        ) from None
    except OSError as exc:
        raise GitError(f"could not run git: {exc}") from None
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return proc.returncode, proc.stdout, err[0] if err else ""


def find_repo(root: Path) -> Repo:
    """The repository the data folder is in, or ``GitError``."""
    if not root.is_dir():
        raise GitError(f"{root} is not a folder")
    code, out, err = _git(["rev-parse", "--show-toplevel", "--show-prefix"], root)
    if code != 0:
        raise GitError(
            f"{root} is not in a git repository ({err or 'git rev-parse failed'}); "
            "to compare with another folder, use --against DIR"
        )
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if not lines:  # inside .git, or a bare repository
        raise GitError(f"{root} is not in a git working tree")
    return Repo(Path(lines[0]), lines[1] if len(lines) > 1 else "")


def resolve(repo: Repo, spec: str) -> Revision:
    """The commit a revision names (``HEAD``, ``main~2``, a tag, a hash), or ``GitError``."""
    if not spec or spec.startswith("-") or "\0" in spec:
        raise GitError(f"unknown revision {spec!r}")
    code, out, _ = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], repo.top)
    if code != 0:
        raise GitError(
            f"unknown revision {spec!r} in {repo.top} "
            "(hint: `git log --oneline` lists commits; a new repository has no HEAD until "
            "its first commit)"
        )
    return Revision(spec, out.decode().strip())


def _wanted(path: str, prefix: str) -> str | None:
    """The path inside the data folder of a file ccnt reads, or ``None``."""
    inside = PurePosixPath(path[len(prefix) :])
    parts = inside.parts
    if len(parts) < 2 or parts[0] not in _FOLDERS or ".." in parts or inside.is_absolute():
        return None
    if any(p.startswith(".") for p in parts) or not inside.name.endswith(_SUFFIXES[parts[0]]):
        return None
    return inside.as_posix()


def extract(repo: Repo, rev: Revision, dest: Path) -> int:
    """Write the data folder's files at ``rev`` under ``dest``; return how many. ``GitError``
    when the revision has no data folder where the working tree has it."""
    specs = [f"{repo.prefix}{folder}" for folder in _FOLDERS]
    code, out, err = _git(
        ["ls-tree", "-r", "-z", "--full-tree", rev.commit, "--", *specs], repo.top
    )
    if code != 0:
        raise GitError(f"could not list the files of {rev.label}: {err}")
    names: list[str] = []
    blobs: list[str] = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, raw = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split(" ")
        path = raw.decode("utf-8", "surrogateescape")
        inside = _wanted(path, repo.prefix)
        if kind == "blob" and mode in _REGULAR and inside is not None:
            names.append(inside)
            blobs.append(sha)
    if not any(n.startswith("targets/") for n in names):
        where = repo.prefix.rstrip("/") or "the top of the repository"
        raise GitError(
            f"revision {rev.label} has no data folder at {where} (no targets/ files there): "
            "was the data committed by then?"
        )
    for name, content in zip(names, _blobs(repo, blobs), strict=True):
        file = dest / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
    return len(names)


def _blobs(repo: Repo, shas: list[str]) -> list[bytes]:
    """The content of each blob, read by one ``git cat-file --batch``."""
    if not shas:
        return []
    code, out, err = _git(["cat-file", "--batch"], repo.top, stdin="\n".join(shas).encode() + b"\n")
    if code != 0:
        raise GitError(f"could not read files from git: {err}")
    contents = []
    pos = 0
    view = memoryview(out)
    for sha in shas:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        if len(header) != 3 or header[0].decode() != sha or header[1] != b"blob":
            raise GitError(
                f"git could not read object {sha}: {out[pos:end].decode(errors='replace')}"
            )
        size = int(header[2])
        contents.append(bytes(view[end + 1 : end + 1 + size]))
        pos = end + 1 + size + 1  # the content, then a line feed
    return contents


def revision(root: Path, spec: str) -> tuple[Repo, Revision]:
    """The repository of the data folder ``root`` and the commit ``spec`` names, or
    ``GitError`` (checked before anything is loaded)."""
    repo = find_repo(root)
    return repo, resolve(repo, spec)


def load_revision(root: Path, repo: Repo, rev: Revision, *, cache: bool = True) -> Dataset:
    """The data folder ``root`` as it was at ``rev``, loaded and validated.

    The files are written to a temporary folder, loaded (reading the cache of ``root`` for
    files whose bytes are the same, writing none) and removed. Data that does not load raises
    ``DataError`` labelled with the revision."""
    import tempfile

    from .dataset import load
    from .errors import DataError

    with tempfile.TemporaryDirectory(prefix="ccnt-revision-") as tmp:
        extract(repo, rev, Path(tmp))
        try:
            return load(tmp, cache=cache, borrow=root if cache else None)
        except DataError as exc:
            exc.label = f"revision {rev.label}"
            raise
