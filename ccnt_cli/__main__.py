"""``python -m ccnt_cli``."""

from ccnt_cli.cli.app import main

main()
