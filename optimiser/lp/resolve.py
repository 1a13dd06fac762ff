"""Solve a series of related scenarios on one live HiGHS model, keeping duals.

A companion of :mod:`optimiser.lp.solver` for sweeps and comparisons. A sweep changes numbers
(targets, prices, capacities), rarely the structure of the LP, so rebuilding HiGHS's model and
solving from scratch at every point wastes the previous optimum. :class:`ResolveSession` keeps
one :class:`highspy.Highs` instance: for each new point the LP is compiled afresh with
:func:`optimiser.lp.solver.compile_model` (cheap next to HiGHS), compared with the previous one, and
only the differences (costs, bounds, matrix coefficients) are applied to the live model, which
then runs warm-started from the previous basis. When the structure changed (rows or columns
appear or disappear), the model is passed afresh.

:func:`solve_with_duals` runs the pipeline of :func:`optimiser.pipeline.run_scenario` through a
session and also returns the :class:`~optimiser.lp.solver.SolvedModel` with the duals, which
:mod:`optimiser.results.prices` turns into the price of each policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

from optimiser.lp.handover import CompiledLp
from optimiser.lp.highs_run import HighsSolution, new_highs, run_highs

MAX_CHANGED_COEFFICIENT_SHARE = 0.05
"""Above this share of changed matrix entries [fraction 0-1], the matrix is passed afresh
(keeping the basis) instead of changing entries one by one."""


@dataclass
class ResolveStatistics:
    """How a session handed each point to HiGHS.

    Attributes
    ----------
    fresh : int
        Points passed as a new model (first point, or a changed structure).
    warm : int
        Points re-solved on the live model from the previous basis.
    changed_costs, changed_bounds, changed_coefficients : int
        Entries changed in place over all warm points.
    """

    fresh: int = 0
    warm: int = 0
    changed_costs: int = 0
    changed_bounds: int = 0
    changed_coefficients: int = 0


def same_structure(old: CompiledLp, new: CompiledLp) -> bool:
    """Return whether two compiled LPs have the same rows and columns in the same order."""

    def same(first: list[Any], second: list[Any]) -> bool:
        return first is second or first == second  # LPs written from one build share them

    return (
        old.num_rows == new.num_rows
        and old.num_columns == new.num_columns
        and same(old.row_components, new.row_components)
        and same(old.column_components, new.column_components)
        and same(old.row_indices, new.row_indices)
        and same(old.column_indices, new.column_indices)
    )


def changed_coefficients(
    old: CompiledLp, new: CompiledLp
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the matrix entries that differ between two LPs of the same structure.

    Returns
    -------
    tuple of numpy.ndarray
        Row positions, column positions and new values (0 where an entry disappeared).
    """
    old_start, new_start = old.array("start_"), new.array("start_")
    old_index, new_index = old.array("index_"), new.array("index_")
    new_value = new.array("value_")
    if np.array_equal(old_start, new_start) and np.array_equal(old_index, new_index):
        # Same sparsity pattern (the usual case): compare the values position by position.
        positions = np.flatnonzero(old.array("value_") != new_value)
        columns = np.searchsorted(new_start, positions, side="right") - 1
        return new_index[positions], columns, new_value[positions]
    new_matrix = new.matrix()
    difference = (new_matrix - old.matrix()).tocoo()
    mask = difference.data != 0
    rows, columns = difference.row[mask], difference.col[mask]
    values = np.asarray(new_matrix.tocsr()[rows, columns], dtype=float).ravel()
    return rows, columns, values


@dataclass
class ResolveSession:
    """One live HiGHS model re-solved for a series of LPs of (usually) the same structure.

    Parameters
    ----------
    options : mapping
        HiGHS options (:func:`optimiser.lp.highs_options.highs_options`); a change of options
        starts a fresh model.
    warm : bool
        Re-solve in place (default). ``False`` passes every LP afresh (the "rebuild" baseline
        of ``benchmarks/sweep_resolve.py``).
    """

    options: Mapping[str, Any] = field(default_factory=dict)
    warm: bool = True
    statistics: ResolveStatistics = field(default_factory=ResolveStatistics)
    _highs: highspy.Highs | None = None
    _previous: CompiledLp | None = None

    def solve(
        self, compiled: CompiledLp, options: Mapping[str, Any] | None = None
    ) -> tuple[HighsSolution, bool]:
        """Solve an LP, re-using the live model where only numbers changed.

        Parameters
        ----------
        compiled : optimiser.lp.solver.CompiledLp
            The LP of the new point.
        options : mapping, optional
            HiGHS options of this point; default the session's.

        Returns
        -------
        tuple of (optimiser.lp.highs_run.HighsSolution, bool)
            HiGHS's solution and whether the point was re-solved warm.
        """
        options = dict(self.options if options is None else options)
        previous = self._previous
        warm = (
            self.warm
            and self._highs is not None
            and previous is not None
            and dict(self.options) == options
            and same_structure(previous, compiled)
        )
        if warm:
            assert previous is not None and self._highs is not None
            self._apply_differences(self._highs, previous, compiled)
            self.statistics.warm += 1
        else:
            self.options = options
            self._highs = new_highs(options)
            compiled.pass_to(self._highs)
            self.statistics.fresh += 1
        self._previous = compiled
        solution = run_highs(self._highs)
        if solution.status != "Optimal":
            # An infeasible point leaves no useful basis; start the next one afresh.
            self._previous = None
        return solution, warm

    def _apply_differences(self, highs: highspy.Highs, old: CompiledLp, new: CompiledLp) -> None:
        statistics = self.statistics
        rows, columns, values = changed_coefficients(old, new)
        nonzeros = max(len(new.array("value_")), 1)
        if len(values) > MAX_CHANGED_COEFFICIENT_SHARE * nonzeros:
            # Many entries changed: passing the model is faster, and the basis still applies.
            basis = highs.getBasis()
            new.pass_to(highs)
            highs.setBasis(basis)
            statistics.changed_coefficients += len(values)
            return
        for row, column, value in zip(rows, columns, values, strict=True):
            highs.changeCoeff(int(row), int(column), float(value))
        statistics.changed_coefficients += len(values)
        cost = new.array("col_cost_")
        changed = np.flatnonzero(old.array("col_cost_") != cost)
        if len(changed):
            highs.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            statistics.changed_costs += len(changed)
        for kind in ("col", "row"):
            lower, upper = new.array(f"{kind}_lower_"), new.array(f"{kind}_upper_")
            changed = np.flatnonzero(
                (old.array(f"{kind}_lower_") != lower) | (old.array(f"{kind}_upper_") != upper)
            )
            if len(changed):
                positions = changed.astype(np.int32)
                if kind == "col":
                    highs.changeColsBounds(len(changed), positions, lower[changed], upper[changed])
                else:  # missing from highspy's type stubs, present in the library
                    highs.changeRowsBounds(  # type: ignore[attr-defined]
                        len(changed), positions, lower[changed], upper[changed]
                    )
                statistics.changed_bounds += len(changed)
        if old.objective_offset != new.objective_offset:
            highs.changeObjectiveOffset(float(new.objective_offset))
