"""Translate a scenario's solver settings into HiGHS options, and choose the method by size.

Part of the solve stage, under :mod:`optimiser.lp.solver`: ``solver.method`` picks simplex,
IPX or HiPO (``choose`` decides by the number of columns), interior point gets its presolve
rules, its acceptance tolerances and the upper bounds the rows imply
(:mod:`optimiser.lp.bounds`); the measurements behind each choice are in
``benchmarks/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from optimiser.lp.bounds import RELAXATION, with_implied_bounds
from optimiser.lp.handover import CompiledLp
from optimiser.settings import SolverSettings

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
        :data:`INTERIOR_POINT_FROM_COLUMNS`; decided in
        :func:`optimiser.lp.highs_run.run_highs`).
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
