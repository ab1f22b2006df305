"""Shell completion: ``ccnt completion bash|zsh|fish`` prints the script to load; on TAB,
commands and options are completed by typer, and the values of the parameters named in
``COMPLETERS`` (regions, indicators, targets, policies, pilots, sectors; kinds, levels,
statuses) by the functions below.

The completers are attached only when the shell asks for completions (``attach``, from the
app's entry), so that declaring them costs nothing at start-up; for ids the data folder of the
command line (``--data-dir``, ``CCNT_DATA_DIR`` or the bundled data) is loaded, from the cache
when it is warm.
"""

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # pragma: no cover
    from ccnt_cli.models import Dataset

Offer = list[tuple[str, str]]


def _dataset(ctx: typer.Context) -> "Dataset | None":
    """The data folder of the command line being completed, or ``None`` if it cannot be read
    (a completion never prints an error)."""
    params = ctx.find_root().params
    try:
        from ccnt_cli.dataset import load, resolve_root

        return load(resolve_root(params.get("data_dir")), cache=not params.get("no_cache"))
    except Exception:
        return None


def _offer(records: Iterable[object], incomplete: str) -> Offer:
    """For each record, its first label that starts with what is typed (id first, then names,
    aliases and code, so that 山 offers 山东省), with its names as help."""
    from ccnt_cli.query import labels

    out = []
    for record in records:
        for label in labels(record):
            if label.startswith(incomplete) and not any(c.isspace() for c in label):
                out.append((label, _help(record)))
                break
    return out


def _help(record: object) -> str:
    parts = [getattr(record, a, None) for a in ("name", "name_zh", "title")]
    return " ".join(p for p in parts if isinstance(p, str))


def _from_data(ctx: typer.Context, incomplete: str, *stores: str) -> Offer:
    ds = _dataset(ctx)
    if ds is None:
        return []
    return [o for store in stores for o in _offer(getattr(ds, store).values(), incomplete)]


def _fixed(choices: Iterable[str], incomplete: str) -> list[str]:
    return [c for c in choices if c.startswith(incomplete)]


def regions(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "regions")


def indicators(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "indicators")


def indicators_and_targets(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "indicators", "targets")


def targets(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "targets")


def policies(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "policies")


def pilots(ctx: typer.Context, incomplete: str) -> Offer:
    return _from_data(ctx, incomplete, "pilots")


def sectors(ctx: typer.Context, incomplete: str) -> list[str]:
    from ccnt_cli.query import sector_ids

    ds = _dataset(ctx)
    return _fixed(sector_ids(ds), incomplete) if ds else []


def policy_types(ctx: typer.Context, incomplete: str) -> list[str]:
    ds = _dataset(ctx)
    types = sorted({p.type for p in ds.policies.values() if p.type}) if ds else []
    return _fixed(types, incomplete)


def kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    from ccnt_cli.models import TARGET_KINDS

    return _fixed(TARGET_KINDS, incomplete)


def levels(ctx: typer.Context, incomplete: str) -> list[str]:
    from ccnt_cli.models import REGION_LEVELS

    return _fixed(REGION_LEVELS, incomplete)


def statuses(ctx: typer.Context, incomplete: str) -> list[str]:
    from ccnt_cli.progress import STATUSES

    return _fixed(STATUSES, incomplete)


#: parameter name (in every command) to what completes its values
COMPLETERS: dict[str, Callable[[typer.Context, str], list[Any]]] = {
    "region": regions,
    "indicator": indicators,
    "indicator_or_target": indicators_and_targets,
    "target_id": targets,
    "explain": targets,
    "policy": policies,
    "policy_id": policies,
    "pilot": pilots,
    "pilot_id": pilots,
    "sector": sectors,
    "type": policy_types,
    "kind": kinds,
    "level": levels,
    "status": statuses,
}


def attach(command: Any) -> None:
    """Give the parameters named in ``COMPLETERS``, in ``command`` and every command below
    it, their completer (called only while completing)."""
    for param in getattr(command, "params", ()):
        find = COMPLETERS.get(param.name or "")
        if find is not None:
            param.shell_complete = _items(find)
    for sub in getattr(command, "commands", {}).values():
        attach(sub)


def _items(find: Callable[[typer.Context, str], list[Any]]) -> Callable[..., list[Any]]:
    def shell_complete(ctx: typer.Context, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        try:
            found = find(ctx, incomplete)
        except Exception:  # a completion never prints an error
            return []
        return [
            CompletionItem(item[0], help=item[1] or None)
            if isinstance(item, tuple)
            else CompletionItem(item)
            for item in found
        ]

    return shell_complete


# ------------------------------------------------------------------------------ the script


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def script(shell: str, prog: str = "ccnt") -> str:
    """The completion script of ``shell`` for the program ``prog``."""
    # typer's own scripts (the same in every release ccnt allows, 0.26-0.28)
    from typer._completion_shared import get_completion_script

    var = "_" + prog.replace("-", "_").upper() + "_COMPLETE"
    return get_completion_script(prog_name=prog, complete_var=var, shell=shell)


def completion(
    shell: Annotated[Shell, typer.Argument(help="bash, zsh or fish.", show_default=False)],
) -> None:
    """Print the shell completion script: commands, options and ids complete on TAB.

    bash: eval "$(ccnt completion bash)" in ~/.bashrc; zsh: the same line in ~/.zshrc, after
    compinit; fish: ccnt completion fish > ~/.config/fish/completions/ccnt.fish
    """
    typer.echo(script(shell.value))


def prepare(group: Any) -> None:
    """Make ``group`` answer a completion request: typer's classes, which answer in the form
    its scripts read (``_CCNT_COMPLETE=complete_bash``), and the completers of ids."""
    from typer._completion_classes import completion_init

    completion_init()
    attach(group)


def register(root: typer.Typer) -> None:
    root.command("completion")(completion)
