"""Run HiGHS on the model it holds and read back what it returned and which algorithm ran.

Part of the solve stage, under :mod:`optimiser.lp.solver`: a quiet HiGHS instance
(:func:`new_highs`), one run with its log captured (:func:`run_highs`), the algorithm that
really ran read from that log (:func:`algorithm_from_log`) and a silent fallback refused.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from optimiser.lp.handover import SolverError
from optimiser.lp.highs_options import (
    INTERIOR_POINT_METHODS,
    INTERIOR_POINT_PRESOLVE,
    chosen_method,
)


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


def solver_version() -> str:
    """Return the HiGHS version string."""
    highs = highspy.Highs()
    return f"{highs.versionMajor()}.{highs.versionMinor()}.{highs.versionPatch()}"
