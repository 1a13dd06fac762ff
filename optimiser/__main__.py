"""Run the command line as ``python -m optimiser``."""

from optimiser.cli import app

app(prog_name="dcsite")
