"""A git environment of the tests' own: identity, dates and configuration in a temporary home,
nothing read from the machine's or the user's git configuration."""

from __future__ import annotations

import os
from pathlib import Path

#: fixed dates make commits (and so the hashes a README example prints) reproducible
DATE = "2026-01-15T09:00:00+08:00"


def git_environment(home: Path) -> dict[str, str]:
    """Variables to run git with: a configuration file in ``home``, a fixed identity and date,
    no system configuration, and no repository looked for above ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / ".gitconfig-tests"
    config.write_text(
        "[user]\n\tname = ccnt tests\n\temail = tests@example.org\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    return {
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(home.parent),
        "GIT_AUTHOR_NAME": "ccnt tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "ccnt tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
        "GIT_AUTHOR_DATE": DATE,
        "GIT_COMMITTER_DATE": DATE,
    }


#: variables that would point git at another repository than the one under test
FOREIGN = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")


def clean(env: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in FOREIGN}
