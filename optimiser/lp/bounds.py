"""Finite upper bounds that an LP's rows imply for its columns, for interior point.

An interior-point method keeps every column strictly inside its bounds; a column with no upper
bound has nothing to keep it from drifting large along a direction of (near) zero cost, and on
the full-year default model HiPO stalls near the optimum as its Newton systems lose accuracy
(``benchmarks/README.md``). Most columns of this LP are bounded by their rows all the same:
wind output by built wind capacity, built capacity by the site's potential. Making those bounds
explicit is the bound tightening of LP presolve (Andersen & Andersen, "Presolving in linear
programming", Math. Programming 71, 1995, section 3.2: bounds implied by a row's activity
limits); HiGHS's own presolve uses such bounds to remove rows and columns but does not hand
them on to interior point.

The bounds are exact (:data:`RELAXATION` is 0), as presolve's are: they never cut off a
feasible point, so the LP's optimum is unchanged. Where a bound and the row that implies it are
both tight at the optimum, part of the row's dual may sit on the bound instead: interior-point
prices then differ from those of the LP without the bounds (``docs/formulation.md``). A margin
(``relaxation``) keeps the bounds slack at the optimum and the prices as they were, but on the
full-year default HiPO then stalled at a 0.57 % gap where with exact bounds it converged
(``benchmarks/README.md``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from optimiser.lp.handover import MATRIX_ARRAYS, VECTORS, CompiledLp

RELAXATION = 0.0
"""Relative (and absolute, in the column's unit) margin added to each implied bound."""

ROUNDS = 3
"""Passes over the rows: a bound found in one pass bounds further columns in the next (storage
potential → storage energy capacity → state of charge)."""


def implied_upper_bounds(
    compiled: CompiledLp, rounds: int = ROUNDS, relaxation: float = RELAXATION
) -> np.ndarray:
    """Return the columns' upper bounds, tightened to what the rows imply.

    For a row ``sum_k a_k x_k <= b`` and a column ``j`` with ``a_j > 0`` and a finite lower
    bound ``l_j``, ``x_j <= l_j + (b - m) / a_j``, where ``m`` is the row's least activity
    (each column at the bound that makes its term smallest). The bound is finite only when
    ``m`` is. Rows ``>= b`` are read as ``-sum a_k x_k <= -b``; equality rows both ways.

    Parameters
    ----------
    compiled : CompiledLp
        The LP.
    rounds : int
        Passes over the rows.
    relaxation : float
        Margin added to each implied bound, relative and absolute.

    Returns
    -------
    numpy.ndarray
        Upper bound of each column: its own where it was finite or tighter, otherwise the
        implied one plus ``relaxation``.
    """
    matrix = compiled.matrix().tocoo()
    lower = compiled.array("col_lower_")
    upper = compiled.array("col_upper_").copy()
    row_lower = compiled.array("row_lower_")
    row_upper = compiled.array("row_upper_")
    # Each finite side of each row as a "<=" row: (row, column, coefficient, right-hand side).
    upper_side = np.isfinite(row_upper[matrix.row])
    lower_side = np.isfinite(row_lower[matrix.row])
    sides = np.concatenate([matrix.row[upper_side], matrix.row[lower_side] + compiled.num_rows])
    columns = np.concatenate([matrix.col[upper_side], matrix.col[lower_side]])
    values = np.concatenate([matrix.data[upper_side], -matrix.data[lower_side]])
    right_hand_side = np.concatenate([row_upper, -row_lower])
    positive = values > 0
    for _ in range(rounds):
        # Each term's least value: a_k l_k for a_k > 0, a_k u_k for a_k < 0.
        with np.errstate(invalid="ignore"):
            least = np.where(positive, values * lower[columns], values * upper[columns])
        infinite = ~np.isfinite(least)
        unbounded_terms = np.bincount(sides[infinite], minlength=2 * compiled.num_rows)
        least_activity = np.bincount(
            sides[~infinite], weights=least[~infinite], minlength=2 * compiled.num_rows
        )
        usable = positive & (unbounded_terms[sides] == 0) & np.isfinite(lower[columns])
        slack = right_hand_side[sides[usable]] - least_activity[sides[usable]]
        implied = lower[columns[usable]] + np.maximum(slack, 0.0) / values[usable]
        implied = implied + relaxation * (1.0 + np.abs(implied))
        tightest = np.full(compiled.num_columns, np.inf)
        np.minimum.at(tightest, columns[usable], implied)
        upper = np.minimum(upper, tightest)
    return upper


def with_implied_bounds(
    compiled: CompiledLp, relaxation: float = RELAXATION
) -> tuple[CompiledLp, int]:
    """Return the LP with the upper bounds its rows imply, and how many columns gained one.

    The LP's other vectors and its matrix are shared with ``compiled``, not copied.
    """
    upper = implied_upper_bounds(compiled, relaxation=relaxation)
    gained = int(np.isfinite(upper).sum() - np.isfinite(compiled.array("col_upper_")).sum())
    arrays = {name: compiled.array(name) for name in (*VECTORS, *MATRIX_ARRAYS)}
    arrays["col_upper_"] = upper
    return replace(compiled, highs_lp=None, arrays=arrays), gained
