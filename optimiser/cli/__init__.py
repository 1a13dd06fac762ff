"""The ``dcsite`` command line: one command per job, each calling one library function.

Every error prints one line on stderr and exits with its code: 2 bad input, 3 infeasible or
unbounded, 4 solved and written but a map or the report could not be drawn, 1 anything else
(an internal error); ``--debug`` shows the traceback instead. The commands live by what they
work on: :mod:`~optimiser.cli.solve_command`, :mod:`~optimiser.cli.study_commands` (several
solves), :mod:`~optimiser.cli.folder_commands` (a written results folder) and
:mod:`~optimiser.cli.input_commands` (a model file, the catalogue, weather); their shared
options are in :mod:`~optimiser.cli.options` and their error handling in
:mod:`~optimiser.cli.guard`. They are registered here, in the order ``dcsite --help`` lists them.
"""

from __future__ import annotations

import typer

from optimiser.cli.folder_commands import (
    audit,
    export_command,
    map_command,
    report_command,
    validate,
)
from optimiser.cli.guard import main
from optimiser.cli.input_commands import check, profiles_command, regions, scenarios
from optimiser.cli.solve_command import solve
from optimiser.cli.study_commands import (
    alternatives,
    compare_command,
    refine,
    shortfall_command,
    sweep_command,
)

app = typer.Typer(
    name="dcsite",
    help="Where to put compute capacity in China's East Data, West Computing programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(main)
app.command()(solve)
app.command()(alternatives)
app.command()(audit)
app.command()(validate)
app.command()(refine)
app.command()(check)
app.command()(scenarios)
app.command()(regions)
app.command("map")(map_command)
app.command("shortfall")(shortfall_command)
app.command("report")(report_command)
app.command("export")(export_command)
app.command("compare")(compare_command)
app.command("sweep")(sweep_command)
app.command("profiles")(profiles_command)

__all__ = ["app", "run"]


def run() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m optimiser``."""
    app()
