"""Messages for the person, on stderr (data goes to stdout through ``ccnt_cli.output``).

rich is imported only to colour a message on a terminal; ``NO_COLOR`` is honoured by rich.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ccnt_cli.errors import Problem


def message(text: str, style: str | None = None) -> None:
    """A message for the person (stderr)."""
    if style and sys.stderr.isatty():
        from rich.markup import escape

        from ccnt_cli.output.fmt_table import console

        console(stderr=True).print(f"[{style}]{escape(text)}[/]")
    else:
        sys.stderr.write(text + "\n")


def report_problems(problems: Sequence[Problem], root: str | None = None) -> None:
    """Every problem on its own line on stderr, then a count."""
    for p in problems:
        message(p.one_line(), "red")
    n = len(problems)
    where = f" in {root}" if root else ""
    message(f"{n} problem{'s' if n != 1 else ''}{where}; nothing was computed.", "bold red")


def notes(items: Sequence[str]) -> None:
    """What an output format could not hold (``Written.notes``), one ``Note:`` line each."""
    for item in items:
        message(f"Note: {item}")
