"""The tolerances of the audit, and its two comparisons: equal, and at most.

Used by :mod:`optimiser.results.audit` and :mod:`optimiser.results.audit_supply`. HiGHS's
primal feasibility tolerance is 1e-7 on its scaled model, so power and energy balances are
checked to ``ABSOLUTE_TOLERANCE_MW`` plus ``RELATIVE_TOLERANCE`` of the magnitude involved; a
plan accepted at ``solver.interior_point_gap`` to :data:`INTERIOR_POINT_SCALE` times those.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import numpy as np
import pandas as pd

from optimiser.errors import AuditError
from optimiser.results.tables import SolveResult

ABSOLUTE_TOLERANCE_MW = 1e-4
RELATIVE_TOLERANCE = 1e-6
OBJECTIVE_RELATIVE_TOLERANCE = 1e-6
INTERIOR_POINT_SCALE = 100.0
"""Tolerances × this for a plan accepted at ``solver.interior_point_gap`` (HiGHS accepts its
KKT violations up to 100 times its tolerances of 1e-6)."""

_SCALE: contextvars.ContextVar[float] = contextvars.ContextVar("audit_scale", default=1.0)
"""The scale of the audit under way (:func:`audit_plan`)."""


def absolute_tolerance() -> float:
    """Return the absolute tolerance of the audit under way [MW, MWh]."""
    return ABSOLUTE_TOLERANCE_MW * _SCALE.get()


def tolerance(magnitude: pd.Series | np.ndarray | float) -> np.ndarray:
    """Return the tolerance for values of the given magnitude: absolute plus relative."""
    relative = RELATIVE_TOLERANCE * _SCALE.get()
    return absolute_tolerance() + relative * np.abs(np.asarray(magnitude, dtype=float))


def tolerance_scale(result: SolveResult) -> float:
    """Return how much looser than HiGHS's defaults the plan's solve accepted its rules."""
    accepted = result.inputs.settings.solver.interior_point_gap is not None
    return INTERIOR_POINT_SCALE if accepted else 1.0


@contextlib.contextmanager
def scaled_to(result: SolveResult) -> Iterator[None]:
    """Hold the plan's :func:`tolerance_scale` for the checks run inside."""
    token = _SCALE.set(tolerance_scale(result))
    try:
        yield
    finally:
        _SCALE.reset(token)


def fail(rule: str, where: str, detail: str) -> None:
    """Raise the :class:`~optimiser.errors.AuditError` naming the rule, where and by how much."""
    msg = f"audit failed: {rule} broken at {where}: {detail}"
    raise AuditError(msg)


def check_equal(
    rule: str, labels: pd.Index | pd.Series, left: np.ndarray, right: np.ndarray
) -> None:
    """Fail at the first label where ``left`` and ``right`` differ beyond the tolerance."""
    gap = np.abs(np.asarray(left) - np.asarray(right))
    bad = np.flatnonzero(gap > tolerance(np.maximum(np.abs(left), np.abs(right))))
    if len(bad):
        first = int(bad[0])
        fail(rule, str(list(labels)[first]), f"{left[first]:.6g} != {right[first]:.6g}")


def check_at_most(
    rule: str, labels: pd.Index | pd.Series, value: np.ndarray, limit: np.ndarray
) -> None:
    """Fail at the first label where ``value`` exceeds ``limit`` beyond the tolerance."""
    value = np.asarray(value, dtype=float)
    limit = np.asarray(limit, dtype=float)
    bad = np.flatnonzero(value > limit + tolerance(limit))
    if len(bad):
        first = int(bad[0])
        fail(rule, str(list(labels)[first]), f"{value[first]:.6g} > limit {limit[first]:.6g}")
