"""ccnt: track China's carbon-neutrality targets from plain YAML and CSV files.

The package is a library first: ``ccnt_cli.dataset`` loads and validates a data folder,
``ccnt_cli.units`` parses and converts quantities, ``ccnt_cli.query`` filters targets, and
``ccnt_cli.cli`` is a thin typer layer over them.
"""

__version__ = "0.1.0"
