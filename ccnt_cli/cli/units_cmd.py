"""``ccnt units convert`` and ``ccnt units list``."""

from typing import Annotated

import typer

from ccnt_cli import units
from ccnt_cli.cli import options as o
from ccnt_cli.errors import UnitError
from ccnt_cli.output import Format, Table, write, write_json

app = typer.Typer(help="Read and convert quantities, Chinese forms included.", no_args_is_help=True)


@app.command("convert", context_settings={"ignore_unknown_options": True})
def convert(
    value: Annotated[
        str,
        typer.Argument(
            help='A value with its unit: "600万千瓦", "9,000 MW", "80％", "百分之十三点五".'
        ),
    ],
    to: Annotated[str, typer.Argument(metavar="UNIT", help="Unit to convert to, e.g. MW.")],
    fmt: o.FormatOpt = None,
) -> None:
    """Convert a quantity to another unit and print the result."""
    number, unit = units.split_value(value)
    if not unit:
        raise UnitError(f"{value!r} has no unit", 'write the unit inside the value, e.g. "600 MW"')
    f = units.factor(unit, to)
    result = number * f
    row = {"value": number, "unit": unit, "to": to, "factor": f, "result": result}
    if fmt is Format.json:
        write_json(row)
    elif fmt is not None:
        write(Table("conversion", list(row), [row]), fmt)
    else:
        typer.echo(f"{units.format_number(result)} {to}")


@app.command("list")
def list_units(fmt: o.FormatOpt = None) -> None:
    """List the unit names ccnt knows (prefixes such as k, M, G, 万, 亿 combine with them)."""
    write(Table("units", ["unit"], [{"unit": n} for n in units.unit_names()]), fmt)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="units")
