"""``ccnt draft``: draft target records from policy text, for a person to review."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ccnt_cli.cli import options as o
from ccnt_cli.cli.render import message
from ccnt_cli.cli.state import state

REGION_HELP = "The place the text is about, for sentences that name none (id, name or alias)."
POLICY_HELP = "Policy id for the drafts; also gives the region, the year and the plan period."
PUBLISHED_HELP = "The year of the text, for 'this year' and 今年."
YEAR_HELP = "Target year of sentences that state none (e.g. a government work report's)."
FORMAT_HELP = "yaml (default, with a review block per draft), json or csv."
INTO_HELP = (
    "Append the drafts to this target file (relative to the data folder) after checking the "
    "folder with them; nothing is written if anything is wrong."
)


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"


def draft(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        o.argument(
            "[FILE|-]", "Plain text or Markdown, English or Chinese (- reads standard input)."
        ),
    ] = None,
    text: Annotated[
        str | None, o.option("--text", "-t", help="Draft from this text instead of a file.")
    ] = None,
    region: Annotated[str | None, o.option("--region", "-r", help=REGION_HELP)] = None,
    policy: Annotated[str | None, o.option("--policy", "-p", help=POLICY_HELP)] = None,
    published: Annotated[int | None, o.option("--published", help=PUBLISHED_HELP)] = None,
    year: Annotated[int | None, o.option("--year", help=YEAR_HELP)] = None,
    fmt: Annotated[
        DraftFormat | None, o.option("--format", "-f", help=FORMAT_HELP, case_sensitive=False)
    ] = None,
    into: Annotated[str | None, o.option("--into", help=INTO_HELP)] = None,
) -> None:
    """Draft target records from policy text, for a person to review.

    Rule-based and explainable: each draft says which words every field came from and which
    fields were guessed. Output is YAML on stdout unless --into adds the drafts to a file.
    """
    from ccnt_cli.draft import adapter
    from ccnt_cli.draft.engine import Options
    from ccnt_cli.draft.engine import draft as run

    if (file is None) == (text is None):
        raise typer.BadParameter(
            "give a FILE (or - for standard input), or --text", param_hint="FILE"
        )
    if into is not None and fmt is not None:
        raise typer.BadParameter("--into writes records; it takes no --format", param_hint="--into")
    st = state(ctx)
    content, source = _read(file, text)
    ds = st.dataset()
    registry = adapter.registry_of(ds)
    region_id = adapter.find_region(ds, region) if region else None
    if policy is not None and policy not in registry.policies:
        from ccnt_cli.errors import LookupFailed, suggest

        raise LookupFailed("policy", policy, suggest(policy, registry.policies))
    result = run(
        content, registry, Options(region=region_id, policy=policy, published=published, year=year)
    )
    for wanted, given in result.clashes[:3]:
        message(f"Note: {wanted} is already a target id; the draft is {given}.")
    if len(result.clashes) > 3:
        message(f"Note: {len(result.clashes) - 3} more ids were taken and got a suffix likewise.")
    if into is not None:
        from ccnt_cli.draft.into import append

        added = append(st.root, into, result.drafts, registry)
        message(
            f"Added {added.count} target{'s' if added.count != 1 else ''} to {added.file} "
            f"(from line {added.first_line}); the data folder loads with "
            f"{'them' if added.count != 1 else 'it'}."
        )
        return
    _emit(result, source, fmt or DraftFormat.yaml)


def _read(file: str | None, text: str | None) -> tuple[str, str]:
    from ccnt_cli.draft.adapter import DraftInputError, decode

    if text is not None:
        if not text.strip():
            raise DraftInputError("--text is empty; there is nothing to draft from")
        return text, "--text"
    assert file is not None
    if file == "-":
        import tempfile

        with tempfile.TemporaryDirectory(prefix="ccnt-draft-") as tmp:
            path = Path(tmp) / "stdin.txt"
            path.write_bytes(sys.stdin.buffer.read())
            return decode(path, "standard input"), "standard input"
    path = Path(file)
    if not path.is_file():
        raise DraftInputError(f"{file}: no such file")
    return decode(path, file), file


def _emit(result: object, source: str, fmt: DraftFormat) -> None:
    from ccnt_cli.draft import render
    from ccnt_cli.draft.engine import Result

    assert isinstance(result, Result)
    drafts = result.drafts
    if fmt is DraftFormat.json:
        sys.stdout.write(render.to_json(drafts))
    elif fmt is DraftFormat.csv:
        sys.stdout.write(render.to_csv(drafts))
    else:
        sys.stdout.write(render.review_yaml(drafts, source, result.sentences))
    low = sum(1 for d in drafts if d.confidence < 0.6)
    parts = [f"{len(drafts)} draft target{'s' if len(drafts) != 1 else ''}"]
    parts.append(f"from {result.sentences} sentence{'s' if result.sentences != 1 else ''}")
    summary = " ".join(parts)
    if result.duplicates:
        summary += f" ({result.duplicates} stated again, drafted once)"
    if low:
        summary += f"; {low} with confidence below 0.6"
    message(summary + ". Review every field before use.")


def register(root: typer.Typer) -> None:
    root.command("draft")(draft)
