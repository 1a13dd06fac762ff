"""Solve the siting LP with HiGHS and read the solution back by component.

The model is compiled to a sparse matrix and handed to HiGHS in memory through highspy
(:mod:`optimiser.lp.handover`, whose names are re-exported here; the fastest route measured,
see ``benchmarks/README.md``), with the options of :mod:`optimiser.lp.highs_options`, and run by
:mod:`optimiser.lp.highs_run`. Primal values and duals come back as arrays keyed by the Pyomo
component and index they belong to. A model HiGHS does not solve to optimality is reported by
:mod:`optimiser.lp.infeasibility`. :func:`optimiser.pipeline.solve` runs the whole pipeline
around it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimiser.errors import InputError
from optimiser.lp.handover import (
    INFINITY,
    MATRIX_ARRAYS,
    VECTORS,
    CompiledLp,
    ComponentSlice,
    SolverError,
    compile_model,
    component_layout,
)
from optimiser.lp.highs_options import bounded_for
from optimiser.lp.highs_run import HighsSolution, new_highs, run_highs, solver_version
from optimiser.lp.infeasibility import infeasibility_error

ProgressCallback = Callable[[str], None]


@dataclass
class SolvedModel:
    """A model solved to optimality, with values and duals by component.

    Attributes
    ----------
    values : dict of str to pandas.Series
        Primal value of every variable, by component name, indexed like the component.
    duals : dict of str to pandas.Series
        Dual of every constraint row [kCNY per unit], by component name.
    objective_kcny : float
        Optimal objective [kCNY/yr].
    timings : dict of str to float
        Seconds spent in each phase.
    sizes : dict of str to int
        Variables, constraints, non-zeros.
    solver : dict of str to str
        Solver name and version.
    """

    values: dict[str, pd.Series]
    duals: dict[str, pd.Series]
    objective_kcny: float
    timings: dict[str, float]
    sizes: dict[str, int]
    solver: dict[str, str]


def _series_by_component(
    compiled: CompiledLp, kind: str, values: np.ndarray
) -> dict[str, pd.Series]:
    layout = compiled.layouts.get(kind)
    if layout is None:
        if kind == "columns":
            layout = component_layout(compiled.column_components, compiled.column_indices)
        else:
            layout = component_layout(compiled.row_components, compiled.row_indices)
        compiled.layouts[kind] = layout
    return {
        name: pd.Series(values[part.positions], index=part.index, dtype=float)
        for name, part in layout.items()
    }


def solve_model(
    model: pyo.ConcreteModel,
    options: Mapping[str, Any],
    export_path: Path | None = None,
) -> SolvedModel:
    """Hand a built model to HiGHS, solve it, and read the solution back.

    Before interior point, the columns get the finite upper bounds their rows imply
    (:func:`optimiser.lp.bounds.with_implied_bounds`; how many is recorded in the solver's
    summary as ``implied_upper_bounds``).

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        The LP from :func:`optimiser.lp.build.build_model`.
    options : mapping
        HiGHS options (:func:`optimiser.lp.highs_options.highs_options`).
    export_path : pathlib.Path, optional
        Write the exact LP HiGHS solves to this ``.mps`` or ``.lp`` file first.

    Raises
    ------
    optimiser.errors.InfeasibleError
        When HiGHS finds the model infeasible or unbounded; names the conflicting rules.
    """
    started = time.perf_counter()
    compiled, bounded = bounded_for(compile_model(model), options)
    highs = new_highs(options)
    compiled.pass_to(highs)
    if export_path is not None:
        write_model_file(compiled, export_path)
    handover = time.perf_counter() - started
    solution = run_highs(highs)
    if solution.status != "Optimal":
        raise infeasibility_error(solution.status, compiled, options)
    solved = solved_model(compiled, solution, handover)
    if bounded:
        solved.solver["implied_upper_bounds"] = str(bounded)
    return solved


@dataclass
class NamedBasis:
    """A simplex basis by row and column name, to start a larger LP that holds the same ones.

    Attributes
    ----------
    columns, rows : dict of str to highspy.HighsBasisStatus
        Status of each column and row, by ``component[index]`` name.
    """

    columns: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, Any] = field(default_factory=dict)

    def update(self, other: NamedBasis) -> None:
        """Add another LP's statuses (the steps of a myopic path build one basis)."""
        self.columns.update(other.columns)
        self.rows.update(other.rows)


def solve_model_with_basis(
    model: pyo.ConcreteModel,
    options: Mapping[str, Any],
    start: NamedBasis | None = None,
    *,
    primal: bool = False,
) -> tuple[SolvedModel, NamedBasis]:
    """Solve by simplex, optionally from a starting basis, and return the final basis too.

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        The LP.
    options : mapping
        HiGHS options; the algorithm is set to simplex here.
    start : NamedBasis, optional
        A starting basis by name. A column it does not name starts non-basic at its lower
        bound, a row it does not name basic (its slack), so the basis of a smaller LP with
        the same structure (the previous period of a pathway) starts a larger one.
    primal : bool
        Run primal simplex: ``start`` must then be primal feasible (the myopic path for the
        pathway LP). Otherwise dual simplex.

    Raises
    ------
    optimiser.errors.InfeasibleError
        When HiGHS finds the model infeasible or unbounded.
    """
    started = time.perf_counter()
    compiled = compile_model(model)
    highs = new_highs({**options, "solver": "simplex"})
    highs.passModel(compiled.lp)
    columns = [compiled.column_name(position) for position in range(compiled.lp.num_col_)]
    rows = [compiled.row_name(position) for position in range(compiled.lp.num_row_)]
    if start is not None:
        basis = highspy.HighsBasis()
        lower, basic = highspy.HighsBasisStatus.kLower, highspy.HighsBasisStatus.kBasic
        basis.col_status = [start.columns.get(name, lower) for name in columns]
        basis.row_status = [start.rows.get(name, basic) for name in rows]
        basis.valid = True
        if primal:
            highs.setOptionValue("simplex_strategy", 4)
        # An invalid start (wrong number of basic variables) is refused: HiGHS starts cold.
        highs.setBasis(basis)
    handover = time.perf_counter() - started
    solution = run_highs(highs)
    if solution.status != "Optimal":
        raise infeasibility_error(solution.status, compiled, options)
    final = highs.getBasis()
    named = NamedBasis(
        dict(zip(columns, final.col_status, strict=True)),
        dict(zip(rows, final.row_status, strict=True)),
    )
    return solved_model(compiled, solution, handover), named


def solved_model(compiled: CompiledLp, solution: HighsSolution, handover_s: float) -> SolvedModel:
    """Arrange HiGHS's optimal solution by Pyomo component and index.

    Parameters
    ----------
    compiled : CompiledLp
        The LP as handed to HiGHS.
    solution : HighsSolution
        HiGHS's optimal solution.
    handover_s : float
        Seconds the hand-over to HiGHS took (recorded in the timings).
    """
    started = time.perf_counter()
    # Values within HiGHS's feasibility tolerance of zero are zero (no "-0.0" in the tables).
    column_values = np.where(np.abs(solution.column_values) < 1e-9, 0.0, solution.column_values)
    row_duals = np.where(np.abs(solution.row_duals) < 1e-12, 0.0, solution.row_duals)
    values = _series_by_component(compiled, "columns", column_values)
    for component, fixed in compiled.fixed_values.items():
        series = pd.Series(list(fixed.values()), index=list(fixed), dtype=float)
        values[component] = (
            pd.concat([values[component], series]) if component in values else series
        )
    duals = _series_by_component(compiled, "rows", row_duals)
    return SolvedModel(
        values=values,
        duals=duals,
        objective_kcny=solution.objective,
        timings={
            "handover_s": handover_s,
            "highs_solve_s": solution.solve_seconds,
            "read_back_s": time.perf_counter() - started,
        },
        sizes=compiled.sizes,
        solver={
            "name": "HiGHS",
            "version": solver_version(),
            "interface": "highspy",
            "iterations": str(solution.iterations),
            "algorithm": solution.algorithm,
            "crossover": "yes" if solution.crossover else "no",
            "primal_dual_gap": f"{solution.gap:.1e}",
        },
    )


def write_model_file(compiled: CompiledLp, path: Path) -> None:
    """Write the LP exactly as handed to HiGHS, with rule names, to ``.mps`` or ``.lp``."""
    if path.suffix.lower() not in {".mps", ".lp"}:
        raise InputError("--export-model", str(path), "expected a file ending .mps or .lp")
    lp = compiled.lp
    lp.row_names_ = [_safe(compiled.row_name(position)) for position in range(lp.num_row_)]
    lp.col_names_ = [_safe(compiled.column_name(position)) for position in range(lp.num_col_)]
    highs = new_highs({})
    highs.passModel(lp)
    if highs.writeModel(str(path)) != highspy.HighsStatus.kOk:
        raise InputError("--export-model", str(path), "HiGHS could not write the file")


def _safe(name: str) -> str:
    # MPS and LP names may not contain spaces; ids are ASCII slugs already.
    return name.replace(" ", "_")


__all__ = [
    "INFINITY",
    "MATRIX_ARRAYS",
    "VECTORS",
    "CompiledLp",
    "ComponentSlice",
    "SolvedModel",
    "SolverError",
    "compile_model",
    "component_layout",
    "solve_model",
    "solved_model",
]
