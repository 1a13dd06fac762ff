"""Errors and warnings as the command shows them: one line each, and an exit code.

Every command's body runs inside :func:`run_reporting_errors`; ``--debug`` shows tracebacks
instead.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

import click
import typer
from rich.markup import escape

from optimiser.errors import DcsiteError
from optimiser.paths import PACKAGE_DIR
from optimiser.terminal.consoles import error_console

T = TypeVar("T")


def run_reporting_errors(action: Callable[[], T], *, debug: bool = False) -> T:
    """Run a command's body, turning every error into one line and an exit code.

    The project's errors exit with their own code (2 bad input, 3 infeasible or unbounded);
    anything unexpected exits 1 as an internal error. The project's warnings become
    ``warning:`` lines. With ``debug`` the errors are raised, tracebacks and all.
    """
    python_form = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        # Shown as they happen (a warning about --workers matters before the sweep, not after).
        if PACKAGE_DIR in Path(filename).resolve().parents:
            _print_error(f"[bold yellow]warning:[/] {escape(str(message))}")
        else:  # another library's warning keeps Python's own form
            python_form(message, category, filename, lineno, file, line)

    with warnings.catch_warnings():
        warnings.showwarning = show
        return _report_errors(action, debug)


def _report_errors(action: Callable[[], T], debug: bool) -> T:
    try:
        return action()
    except (typer.Exit, click.exceptions.Abort, click.exceptions.ClickException):
        raise
    except DcsiteError as error:
        if debug:
            raise
        _print_error(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        error_console.print("[bold red]interrupted[/]: nothing was written")
        raise typer.Exit(130) from None
    except Exception as error:
        if debug:
            raise
        _print_error(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))} "
            "(run with --debug for the traceback)"
        )
        raise typer.Exit(1) from None


def _print_error(text: str) -> None:
    # Escaped by the callers: rule names such as demand_served[anhui,0] are not rich markup.
    error_console.print(text, highlight=False, soft_wrap=True)
