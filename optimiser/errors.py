"""The project's error types, shared by every stage of the pipeline.

User errors (bad input) and model outcomes (infeasible, unbounded, failed audit) are separate
types so that the CLI can give each its exit code and one readable line, without a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the known names closest to a mistyped one, or "".

    Examples
    --------
    >>> did_you_mean("hourly-gren", ["baseline", "hourly-green"])
    " (did you mean 'hourly-green'?)"
    >>> did_you_mean("zzz", ["baseline"])
    ''
    """
    close = difflib.get_close_matches(word, list(known), n=2, cutoff=0.6)
    return f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""


EXIT_DECORATION_FAILED = 4
"""Exit code of a solve whose plan was written and audited but a map or the report failed."""


class DcsiteError(Exception):
    """Base class of the errors the CLI reports as one line, without a traceback."""

    exit_code = 1


class InputError(DcsiteError):
    """Bad user input: names the file, the field (column/row or dotted path) and what was expected.

    Parameters
    ----------
    source : str or pathlib.Path
        The file (or the command-line option) the bad value came from.
    field : str
        Where in it: a dotted path (``policy.green_share_target``) or ``row 3, column lat``.
    problem : str
        What was wrong and what was expected.
    """

    exit_code = 2

    def __init__(self, source: str | Path, field: str, problem: str) -> None:
        self.source = str(source)
        self.field = field
        self.problem = problem
        location = f"{self.source}: {field}" if field else self.source
        super().__init__(f"{location}: {problem}")


class InfeasibleError(DcsiteError):
    """The scenario has no feasible plan (or is unbounded); the message says what conflicts.

    ``status`` says which: ``infeasible``, ``unbounded``, or ``not solved`` when HiGHS stopped
    without proving either (a time limit, a numerical failure).
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        conflicts: list[str] | None = None,
        context: object = None,
        status: str = "infeasible",
    ) -> None:
        self.conflicts = conflicts or []
        self.status = status
        # What a diagnosis needs to relax the model (the compiled LP and solver options), or a
        # function that builds it: a check that fails before the LP is built defers the work.
        self.context = context
        super().__init__(message)

    def diagnosis_context(self) -> tuple[Any, ...] | None:
        """Return what a diagnosis needs (the compiled LP, the solver options), or None."""
        context = self.context() if callable(self.context) else self.context
        return context if isinstance(context, tuple) else None


class AuditError(DcsiteError):
    """A solved plan failed the independent re-check in pandas; it is never written as a plan."""

    exit_code = 1


class OutputError(DcsiteError):
    """The results cannot be written where asked (exists, not writable)."""

    exit_code = 2
