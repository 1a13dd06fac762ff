"""Solve the siting LP with HiGHS: options, the run, and the solution read back.

The model is compiled to a sparse matrix and handed to HiGHS in memory through highspy
(:mod:`optimiser.lp.handover`, whose names are re-exported here; the fastest route measured,
see ``benchmarks/README.md``). Primal values
and duals come back as arrays keyed by the Pyomo component and index they belong to. An
infeasible model is reported with HiGHS's irreducible infeasible subset (IIS), named by the
rules it contains. :func:`optimiser.pipeline.solve` runs the whole pipeline around it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.bounds import RELAXATION, with_implied_bounds
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
from optimiser.settings import SolverSettings

ProgressCallback = Callable[[str], None]


@dataclass
class HighsSolution:
    """What HiGHS returned.

    Attributes
    ----------
    status : str
        HiGHS model status, e.g. ``Optimal``, ``Infeasible``.
    objective : float
        Objective value including the constant [kCNY/yr] (NaN unless optimal).
    column_values, row_duals : numpy.ndarray
        Primal values per column; duals per row [kCNY per unit of the row] (HiGHS's sign
        convention: d objective / d row bound).
    solve_seconds : float
        HiGHS's own run time [s].
    iterations : int
        Simplex plus interior-point iterations.
    algorithm : str
        What HiGHS ran, from its log (:func:`algorithm_from_log`).
    crossover : bool
        Whether interior point was followed by crossover (a basis).
    gap : float
        HiGHS's relative primal-dual objective error of the solution returned [fraction]: at
        most ``solver.interior_point_gap`` when that is set, about zero for a basis.
    """

    status: str
    objective: float
    column_values: np.ndarray
    row_duals: np.ndarray
    solve_seconds: float
    iterations: int
    algorithm: str = "unknown"
    crossover: bool = False
    gap: float = float("nan")


def new_highs(options: Mapping[str, Any]) -> highspy.Highs:
    """Return a quiet HiGHS instance with the given options."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    for name, value in options.items():
        highs.setOptionValue(name, value)
    return highs


INTERIOR_POINT_FROM_COLUMNS = 300_000
"""``solver.method: choose`` runs HiPO from this many columns, dual simplex below it.

Measured on 2 cores (``benchmarks/README.md``): dual simplex is fastest on the representative-day
default (53 k columns) and on the month-long validation dispatches (55 k); on the full year (833 k)
simplex does not finish and interior point is the only way."""

METHODS = {"simplex": "simplex", "ipx": "ipx", "hipo": "hipo", "ipm": "hipo", "choose": "choose"}
"""``solver.method`` → HiGHS's ``solver`` option (``ipm`` is kept as an alias of ``hipo``)."""


INTERIOR_POINT_METHODS = {"hipo", "ipx"}
"""HiGHS's interior-point solvers (run without presolve's dependent-equation search)."""

INTERIOR_POINT_PRESOLVE = {"presolve_rule_off": 1024}
"""Presolve rules skipped before interior point: bit 10, the dependent-equation search. On the
full-year default model it halves presolve (21 s to 11 s) and removes nothing
(``benchmarks/README.md``)."""


INTERIOR_POINT_ACCEPTANCE = {
    "primal_feasibility_tolerance": 1e-6,
    "dual_feasibility_tolerance": 1e-6,
    "primal_residual_tolerance": 1e-6,
    "dual_residual_tolerance": 1e-6,
}
"""Tolerances with ``solver.interior_point_gap`` (HiGHS's are 1e-7). Near the full-year
optimum HiPO's dual infeasibility rises to 2-3e-7 (``benchmarks/README.md``): at 1e-7 its point
would never be accepted, and HiGHS would restart with IPX."""


def highs_options(
    method: str,
    time_limit_s: float,
    threads: int,
    *,
    basis_needed: bool = False,
    interior_point_gap: float | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Translate the scenario's solver settings into HiGHS options.

    Parameters
    ----------
    method : str
        ``simplex``, ``ipx``, ``hipo`` (``ipm`` is an alias), or ``choose`` (by size, see
        :data:`INTERIOR_POINT_FROM_COLUMNS`; decided in :func:`run_highs`).
    time_limit_s : float
        Time limit [s].
    threads : int
        Threads for HiGHS (0: HiGHS chooses).
    basis_needed : bool
        Whether the caller needs an optimal basis (warm-started re-solves of sweeps and
        comparisons): interior point then runs crossover, otherwise not (its duals are
        interior duals, as good as the basis's for prices but not a basis).
    interior_point_gap : float, optional
        Relative primal-dual gap at which interior point's point is accepted as optimal
        (``solver.interior_point_gap``), with :data:`INTERIOR_POINT_ACCEPTANCE`.
    extra : mapping, optional
        Further HiGHS options (``solver.highs_options``), set last.

    Interior point also skips presolve's dependent-equation search
    (:data:`INTERIOR_POINT_PRESOLVE`).
    """
    options: dict[str, Any] = {
        "solver": METHODS[method],
        "time_limit": float(time_limit_s),
        "run_crossover": "on" if basis_needed else "off",
    }
    if METHODS[method] in INTERIOR_POINT_METHODS:
        options.update(INTERIOR_POINT_PRESOLVE)
    if threads:
        options["threads"] = int(threads)
    if interior_point_gap is not None:
        options.update(INTERIOR_POINT_ACCEPTANCE)
        # HiPO's own stopping test and HiGHS's check of the point it stops at.
        options["ipm_optimality_tolerance"] = float(interior_point_gap)
        options["optimality_tolerance"] = float(interior_point_gap)
    options.update(extra or {})
    return options


def chosen_method(options: Mapping[str, Any], num_columns: int) -> str:
    """Return the HiGHS ``solver`` that will run: ``choose`` decided by the LP's size.

    Parameters
    ----------
    options : mapping
        HiGHS options (:func:`highs_options`).
    num_columns : int
        Columns of the LP.
    """
    requested = str(options.get("solver", "choose"))
    if requested != "choose":
        return requested
    return "hipo" if num_columns >= INTERIOR_POINT_FROM_COLUMNS else "simplex"


def bounded_for(
    compiled: CompiledLp, options: Mapping[str, Any], relaxation: float = RELAXATION
) -> tuple[CompiledLp, int]:
    """Return the LP as HiGHS should get it under ``options``, and how many bounds it gained.

    Interior point gets the upper bounds the rows imply
    (:func:`optimiser.lp.bounds.with_implied_bounds`): without them HiPO stalls near the
    optimum of the full year. Simplex gets the LP as it is.
    """
    if chosen_method(options, compiled.num_columns) not in INTERIOR_POINT_METHODS:
        return compiled, 0
    return with_implied_bounds(compiled, relaxation)


def solver_options(settings: SolverSettings, *, basis_needed: bool = False) -> dict[str, Any]:
    """Return the HiGHS options of a scenario's ``solver`` settings (:func:`highs_options`)."""
    return highs_options(
        settings.method,
        settings.time_limit_s,
        settings.threads,
        basis_needed=basis_needed,
        interior_point_gap=settings.interior_point_gap,
        extra=settings.highs_options,
    )


def algorithm_from_log(lines: Sequence[str]) -> str:
    """Return the algorithm HiGHS ran, read from its log.

    Returns
    -------
    str
        ``hipo``, ``ipx``, ``dual simplex``, ``primal simplex``, ``pdlp``, ``presolve`` (the
        model was solved by presolve alone) or ``unknown``; several joined by ``+`` when one
        took over from another (e.g. ``hipo+ipx``).
    """
    found: list[str] = []

    def note(name: str) -> None:
        if name not in found:
            found.append(name)

    for line in lines:
        text = line.strip()
        lower = text.lower()
        if text.startswith("Hipo:") or " Hipo: " in text:  # also "WARNING: Hipo: ..."
            note("hipo")
        elif text.startswith(("Ipx:", "IPX model has")):
            note("ipx")
        elif "dual simplex" in lower and (lower.startswith("using") or "solver" in lower):
            note("dual simplex")
        elif "primal simplex" in lower and (lower.startswith("using") or "solver" in lower):
            note("primal simplex")
        elif "pdlp" in lower and lower.startswith("using"):
            note("pdlp")
        elif "reduced to empty" in lower:
            note("presolve")
    if len(found) > 1 and "presolve" in found:
        found.remove("presolve")
    return "+".join(found) if found else "unknown"


def run_highs(highs: highspy.Highs) -> HighsSolution:
    """Run HiGHS on the model it holds and collect the solution.

    ``solver: choose`` is decided here by the model's size; the algorithm that really ran is
    read back from HiGHS's log and recorded.

    Raises
    ------
    SolverError
        When HiGHS ran another algorithm than the one asked for (HiGHS falls back to dual
        simplex when HiPO is missing: never accepted silently).
    """
    option = highs.getOptionValue("solver")
    # (status, value) in highspy 1.15; the value alone in others.
    requested = str(option[1] if isinstance(option, tuple) else option)
    if requested == "choose":
        requested = chosen_method({"solver": requested}, highs.getNumCol())
        highs.setOptionValue("solver", requested)
        if requested in INTERIOR_POINT_METHODS:
            for name, setting in INTERIOR_POINT_PRESOLVE.items():
                highs.setOptionValue(name, setting)
    log: list[str] = []

    def value(name: str) -> Any:
        option = highs.getOptionValue(name)
        return option[1] if isinstance(option, tuple) else option

    # Asked for the log on the console (--verbose): HiGHS writes it there itself, which is
    # the only way HiPO's iteration lines (its gap) are shown; they never reach the callback.
    echo = bool(value("output_flag")) and bool(value("log_to_console"))

    def record(event: Any) -> None:
        log.append(event.message)

    # The log also goes to this callback, to learn what ran.
    highs.setOptionValue("output_flag", True)
    highs.setOptionValue("log_to_console", echo)
    sys.stdout.flush()  # what was printed before comes before HiGHS's own lines
    highs.cbLogging.subscribe(record)
    started = time.perf_counter()
    try:
        highs.run()
    finally:
        highs.cbLogging.clear()
        highs.setOptionValue("output_flag", False)
    elapsed = time.perf_counter() - started
    algorithm = algorithm_from_log("".join(log).splitlines())
    ran = algorithm.split("+")
    status = highs.modelStatusToString(highs.getModelStatus())
    # Presolve may settle a model (solved, or infeasible) before any algorithm runs; a limit
    # may stop HiGHS before its log names one. Either is reported as its status instead.
    settled = algorithm == "presolve" or any(
        word in status for word in ("nfeasible", "nbounded", "limit", "nterrupt")
    )
    if requested in {"hipo", "ipx"} and requested not in ran and not settled:
        extra = " (is highspy[extras] installed?)" if requested == "hipo" else ""
        msg = f"HiGHS was asked for {requested} but ran {algorithm}{extra}"
        raise SolverError(msg)
    info = highs.getInfo()
    solution = highs.getSolution()
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return HighsSolution(
        status=status,
        objective=float(info.objective_function_value) if optimal else float("nan"),
        column_values=np.asarray(solution.col_value, dtype=float),
        row_duals=np.asarray(solution.row_dual, dtype=float),
        solve_seconds=elapsed,
        iterations=int(info.simplex_iteration_count) + int(info.ipm_iteration_count),
        algorithm=algorithm,
        crossover=int(info.crossover_iteration_count) > 0
        or any("Crossover optimal" in line for line in log),
        # Not in highspy's type stubs, but in its HighsInfo since 1.8.
        gap=float(getattr(info, "primal_dual_objective_error", float("nan"))),
    )


def irreducible_infeasible_subset(compiled: CompiledLp, options: Mapping[str, Any]) -> list[str]:
    """Return the names of the rows and bounds in an irreducible infeasible subset.

    Returns
    -------
    list of str
        ``rule[index]`` of each row in the IIS, then ``variable[index] bound`` for bounds.
    """
    highs = new_highs(options)
    highs.setOptionValue("iis_strategy", 2)  # the default strategy returned empty sets here
    highs.passModel(compiled.lp)
    highs.run()
    status, iis = highs.getIis()
    if status != highspy.HighsStatus.kOk:
        return []
    rows = [compiled.row_name(int(position)) for position in iis.row_index_]
    columns = [f"{compiled.column_name(int(position))} bound" for position in iis.col_index_]
    return rows + columns


def describe_conflict(names: Sequence[str], limit: int = 12) -> str:
    """Summarise an IIS by rule, with a few of its indices each."""
    by_rule: dict[str, list[str]] = {}
    for name in names:
        rule = name.split("[", 1)[0]
        by_rule.setdefault(rule, []).append(name)
    parts = []
    for members in by_rule.values():
        shown = ", ".join(members[:3])
        more = f" (+{len(members) - 3} more)" if len(members) > 3 else ""
        parts.append(f"{shown}{more}")
    return "; ".join(parts[:limit])


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


def solver_version() -> str:
    """Return the HiGHS version string."""
    highs = highspy.Highs()
    return f"{highs.versionMajor()}.{highs.versionMinor()}.{highs.versionPatch()}"


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
        HiGHS options (:func:`highs_options`).
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


def infeasibility_error(
    status: str, compiled: CompiledLp, options: Mapping[str, Any]
) -> InfeasibleError:
    """Build the error for a model HiGHS did not solve to optimality."""
    if status in {"Infeasible", "Primal infeasible or unbounded"}:
        conflicts = irreducible_infeasible_subset(compiled, options)
        detail = (
            f"; these rules conflict: {describe_conflict(conflicts)}"
            if conflicts
            else "; HiGHS found no irreducible subset to name"
        )
        return InfeasibleError(
            f"the scenario is infeasible (HiGHS: {status}){detail}",
            conflicts,
            context=(compiled, dict(options)),
        )
    if status == "Unbounded":
        return InfeasibleError(
            "the scenario is unbounded (HiGHS: Unbounded): a cost is missing or negative",
            status="unbounded",
        )
    if status == "Time limit reached":
        return InfeasibleError(
            f"HiGHS reached its time limit ({float(options.get('time_limit', 0)):g} s, "
            "setting solver.time_limit_s) without an optimal plan",
            status="not solved",
        )
    return InfeasibleError(
        f"HiGHS stopped without an optimal plan (status: {status}): neither a plan nor a proof "
        "that none exists; try solver.method: simplex",
        status="not solved",
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
    "HighsSolution",
    "SolvedModel",
    "SolverError",
    "bounded_for",
    "compile_model",
    "component_layout",
    "highs_options",
    "new_highs",
    "run_highs",
    "solve_model",
    "solved_model",
    "solver_options",
]
