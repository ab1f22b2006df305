"""``--into FILE``: drafts appended to a target file, checked first, written whole or not at all.

The drafts are appended as text to the file's ``targets:`` list (or a new one at its end), so
every byte already there stays as it was: comments, layout, quoting. Before anything is written,
the new file is put into a copy of the data folder's ``targets/`` and the copy is loaded and
checked like any data folder; any problem refuses the whole change. The file is then replaced
in one rename. The bundled data is never written to.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import adapter
from .adapter import DraftInputError, Problem, Registry
from .records import Draft
from .render import records_yaml

_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
_TARGETS = re.compile(r"^targets\s*:\s*(?P<rest>[^#\s][^#]*)?(?:#.*)?$")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s")
_REGISTRIES = {"regions.yaml", "indicators.yaml", "pilots.yaml", "sectors.yaml"}


@dataclass(frozen=True, slots=True)
class Appended:
    file: str  # relative to the data folder
    first_line: int  # where the first added record starts
    count: int


def target_path(root: Path, file: str) -> tuple[Path, str]:
    """The target file ``--into`` names (relative to the data folder, or absolute), and its name
    relative to the data folder; it must be a YAML file under ``targets/``, not a registry."""
    path = Path(file) if Path(file).is_absolute() else root / file
    try:
        rel = path.resolve().relative_to((root / "targets").resolve()).as_posix()
    except ValueError:
        raise DraftInputError(
            f"{file} is not under {root / 'targets'}; targets live in targets/ "
            "(--into is relative to the data folder, e.g. targets/cities/yantai.yaml)"
        ) from None
    if path.suffix not in (".yaml", ".yml"):
        raise DraftInputError(f"{file} is not a .yaml file")
    if rel in _REGISTRIES:
        raise DraftInputError(f"{file} is a registry; add targets to a policy's target file")
    if not path.parent.is_dir():
        raise DraftInputError(f"the folder {path.parent} does not exist; create it first")
    return path, f"targets/{rel}"


def incomplete(drafts: Sequence[Draft], registry: Registry, name: str) -> list[Problem]:
    """What a person must fill in before the drafts can be added, draft by draft."""
    problems: list[Problem] = []

    def need(d: Draft, field: str, message: str, hint: str) -> None:
        problems.append(Problem(name, message, record=d.id, field=field, hint=hint))

    for d in drafts:
        if not d.policy:
            need(d, "policy", "no policy", "pass --policy ID (a policy of the data folder)")
        if d.region is None:
            need(d, "region", "no region", "pass --region, or name the place in the text")
        if d.new_indicator or d.indicator not in registry.indicators:
            need(
                d,
                "indicator",
                f"indicator {d.indicator!r} is not in the registry",
                "add it to targets/indicators.yaml, or edit the draft to use an existing one",
            )
        if d.kind != "qualitative" and d.target_year is None:
            need(d, "target.year", "the text states no target year", "pass --year YEAR")
        if d.kind in ("change", "increment", "cumulative") and d.baseline_year is None:
            need(
                d,
                "baseline.year",
                f"a {d.kind} target needs the year it is counted from, and the text states none",
                "say it in the text (compared with 2020, 比2020年), or add the target by hand",
            )
    return problems


def append(root: Path, file: str, drafts: Sequence[Draft], registry: Registry) -> Appended:
    """Append ``drafts`` to the target file ``file`` of the data folder ``root``, after
    checking the data folder with them; ``DraftInputError`` with every problem otherwise."""
    adapter.ensure_writable(root)
    if not drafts:
        raise DraftInputError("there is no draft to add")
    path, name = target_path(root, file)
    missing = incomplete(drafts, registry, name)
    if missing:
        raise DraftInputError(
            f"{len(missing)} field{'s' if len(missing) != 1 else ''} to fill before the drafts "
            f"can be added to {name}; nothing was written",
            missing,
        )
    before = path.read_bytes() if path.exists() else b""
    try:
        existing = before.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftInputError(f"{name} is not UTF-8 text; nothing was written") from None
    text, first_line = with_records(existing, drafts, name)
    problems = _check_copy(root, name, text)
    if problems:
        raise DraftInputError(
            f"the data folder would not load with the drafts in {name}; nothing was written "
            "(lines are counted in the file with the drafts added)",
            problems,
        )
    _replace(path, before, text, name)
    return Appended(name, first_line, len(drafts))


def with_records(existing: str, drafts: Sequence[Draft], name: str) -> tuple[str, int]:
    """The file's text with the records added to its ``targets:`` list, and the line the first
    one starts on."""
    newline = "\r\n" if "\r\n" in existing else "\n"
    lines = existing.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _TARGETS.match(line.rstrip("\r\n"))), None)
    if start is None:
        head = existing
        if head and not head.endswith(("\n", "\r")):
            head += newline
        block = records_yaml(drafts, "  ")
        sep = newline if head.strip() else ""
        text = head + sep + "targets:" + newline + block.replace("\n", newline)
        return text, head.count("\n") + (2 if sep else 1) + 1
    rest = _TARGETS.match(lines[start].rstrip("\r\n"))
    assert rest is not None
    if rest.group("rest") and rest.group("rest").strip():
        raise DraftInputError(
            f"{name}:{start + 1}: targets: is written inline ({rest.group('rest').strip()}); "
            "write it as a list, one '- id: ...' record a line, to add drafts to it"
        )
    end = next(
        (i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i].rstrip("\r\n"))),
        len(lines),
    )
    first = next((i for i in range(start + 1, end) if _ITEM.match(lines[i])), None)
    m = _ITEM.match(lines[first]) if first is not None else None
    indent = m.group("indent") if m else "  "
    # comments and blank lines just before the next top-level key belong to it
    while end > start + 1 and end < len(lines) and _blank_or_comment(lines[end - 1]):
        end -= 1
    block = records_yaml(drafts, indent).replace("\n", newline)
    head = "".join(lines[:end])
    if head and not head.endswith(("\n", "\r")):
        head += newline
    return head + block + "".join(lines[end:]), head.count("\n") + 1


def _blank_or_comment(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _check_copy(root: Path, name: str, text: str) -> list[Problem]:
    with tempfile.TemporaryDirectory(prefix="ccnt-draft-") as tmp:
        copy = Path(tmp) / "data-folder"
        shutil.copytree(root / "targets", copy / "targets")
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
        return adapter.check_folder(copy)


def _replace(path: Path, before: bytes, text: str, name: str) -> None:
    """Write the new text beside the file and rename it over the file, unless the file changed
    since it was read (another writer): then nothing is written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        now = path.read_bytes() if path.exists() else b""
        if now != before:
            raise DraftInputError(f"{name} changed while the drafts were checked; run again")
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
