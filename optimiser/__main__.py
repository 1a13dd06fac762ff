"""Run the command line as ``python -m optimiser``."""

from optimiser.cli import app

# Guarded: worker processes started with ``spawn`` (the full-year validation) import this
# module again and must not run the command line.
if __name__ == "__main__":
    app(prog_name="dcsite")
