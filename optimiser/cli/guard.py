"""Every command's body runs guarded: an error is one line and an exit code.

The ``--debug`` flag of :func:`main` (the command line's callback) shows tracebacks instead;
a kill (SIGTERM) unwinds like Ctrl-C, so a half-written results folder is removed.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from optimiser.terminal.error_reporting import run_reporting_errors

_state = {"debug": False}
T = TypeVar("T")


def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Solve planning scenarios, compare policies and draw regional maps."""
    _state["debug"] = debug
    # A kill (SIGTERM) unwinds like Ctrl-C, so a half-written results folder is removed.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_guarded(action: Callable[[], T]) -> T:
    """Run a command's body, turning every error into one line and an exit code.

    See :func:`optimiser.terminal.error_reporting.run_reporting_errors`; ``--debug`` shows
    tracebacks instead.
    """
    return run_reporting_errors(action, debug=_state["debug"])
