"""Solve a pathway (2025 → 2030) with perfect or myopic foresight, and write its folder.

:func:`solve_pathway` prepares every period (:mod:`optimiser.lp.pathway`), solves

- with ``pathway.foresight: perfect``: one LP over all periods;
- with ``myopic``: one LP per period, in order, each keeping what earlier periods built and
  seeing nothing of later ones,

then reports each period as a single-year plan, audited, plus the path's tables
(:mod:`optimiser.results.pathway`). :func:`write_pathway_results` writes the run folder:

- ``summary.json`` (the path's totals and per-period headlines), ``path.csv`` (one row per
  period), ``builds.csv`` (capacity built per site and period), and ``clusters.csv``,
  ``allocation.csv``, ``corridors.csv`` with a ``period`` column;
- ``periods/<year>/``: each period as a complete single-year results folder (readable by
  :func:`optimiser.load_results`, ``dcsite audit``, ``dcsite report``).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyomo.environ as pyo

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError
from optimiser.lp.highs_options import solver_options
from optimiser.lp.objective import CAPACITY_VARIABLES, capital_cost_rates
from optimiser.lp.pathway import (
    PathwayInputs,
    Vintage,
    basis_for_next_period,
    block_name,
    build_pathway_model,
    period_data,
    prepare_pathway,
)
from optimiser.lp.room import check_room
from optimiser.lp.solver import NamedBasis, SolvedModel, solve_model, solve_model_with_basis
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.paths import resolve_model_path
from optimiser.pipeline.reading import Progress, read_catalogue, stage_reporter
from optimiser.pipeline.single_year import finish_solve, write_decorations
from optimiser.results.folder import (
    audit_results_dir,
    next_free_dir,
    update_summary,
    write_folder_atomically,
    write_result_files,
    write_summary,
)
from optimiser.results.pathway import (
    PathwayResult,
    audit_pathway,
    block_solution,
    builds_table,
    myopia_table,
    path_table,
    pathway_summary,
    reporting_inputs,
)
from optimiser.results.tables import SolveResult
from optimiser.scenario import ResolvedScenario, resolve_scenario, with_override


def is_pathway(resolved: ResolvedScenario) -> bool:
    """Whether a scenario is a multi-period pathway (``pathway.periods`` set)."""
    return bool(resolved.settings.pathway.periods)


def solve_pathway(
    model_path: str | Path | None = None,
    scenario: str = "baseline",
    overrides: Sequence[str] | Mapping[str, Any] = (),
    catalogue_path: str | Path | None = None,
    *,
    foresight: str | None = None,
    progress: Progress | None = None,
) -> PathwayResult:
    """Solve a pathway scenario: every period's plan, audited, and the path's totals.

    Parameters
    ----------
    model_path : str or pathlib.Path, optional
        Model file (YAML) whose scenario sets ``pathway.periods``, or a built-in model's name
        (``pathway-2030``); default the built-in 2025 model (a one-period path).
    scenario : str
        Scenario name.
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied last (as ``--set``).
    catalogue_path : str or pathlib.Path, optional
        Catalogue folder; default the model file's or the built-in one.
    foresight : {"perfect", "myopic"}, optional
        Overrides ``pathway.foresight``.
    progress : callable, optional
        Called with the name of each stage as it starts.

    Returns
    -------
    optimiser.results.pathway.PathwayResult
        Each period's plan and the path's tables.
    """
    if foresight is not None:
        overrides = with_override(overrides, "pathway.foresight", foresight)
    resolved = resolve_scenario(resolve_model_path(model_path), scenario, overrides)
    return solve_pathway_resolved(resolved, catalogue_path, progress=progress)


def solve_pathway_resolved(
    resolved: ResolvedScenario,
    catalogue_path: str | Path | None = None,
    *,
    progress: Progress | None = None,
) -> PathwayResult:
    """Solve a resolved pathway scenario: read its catalogue, then :func:`run_pathway`.

    What :func:`solve_pathway` does once it has resolved the scenario; ``dcsite solve`` calls it
    with the scenario it resolved to check the names (``--foresight`` applied as a setting).
    """
    return run_pathway(read_catalogue(resolved, catalogue_path), resolved, progress=progress)


@dataclass
class Step:
    """One LP of a pathway's solve: its periods, model, solution and the capacity it built."""

    periods: list[int]
    model: pyo.ConcreteModel
    solved: SolvedModel
    builds: pd.DataFrame
    build_seconds: float


def solve_steps(
    pathway: PathwayInputs,
    options: dict[str, Any],
    *,
    basis: NamedBasis | None = None,
    report: Progress = lambda stage: None,
) -> list[Step]:
    """Solve a pathway one period at a time, each keeping what earlier periods built.

    With simplex (``solver.method`` ``choose`` or ``simplex``) each period starts from the
    previous period's final basis (:func:`optimiser.lp.pathway.basis_for_next_period`). With
    ``basis``, every period's final basis is also added to it: together they start the
    perfect-foresight LP (:func:`solve_perfect`).
    """
    simplex = options.get("solver") in {"choose", "simplex"}
    inherited: list[Vintage] = []
    steps = []
    previous: tuple[int, NamedBasis] | None = None
    for period in pathway.periods:
        report(f"building the LP ({period})")
        started = time.perf_counter()
        model = build_pathway_model(pathway, [period], inherited)
        build_seconds = time.perf_counter() - started
        report(f"solving ({period})")
        if simplex:
            start = basis_for_next_period(previous[1], previous[0], period) if previous else None
            solved, final = solve_model_with_basis(model, options, start)
            previous = (period, final)
            if basis is not None:
                basis.update(final)
        else:
            solved = solve_model(model, options)
        builds = builds_table(solved, [period])
        steps.append(Step([period], model, solved, builds, build_seconds))
        rates = capital_cost_rates(period_data(model, period))  # the step's own lookups
        inherited += vintages(builds, rates)
    return steps


def solve_perfect(
    pathway: PathwayInputs,
    method: str,
    options: dict[str, Any],
    report: Progress = lambda stage: None,
) -> tuple[Step, list[Step], str | None]:
    """Solve a pathway with perfect foresight: one LP over all periods.

    With ``solver.method`` ``choose`` or ``simplex``, the myopic path is solved first and its
    bases start the one LP: the myopic plan is feasible for it (each period's capacity is what
    earlier periods built, as the LP requires), and the union of the periods' bases is a basis
    of it (block-triangular by period), so primal simplex goes on from there. On the built-in
    pathway this takes 2 s of simplex after the three single-year solves, against 111 s of
    interior point for the LP alone. Otherwise (``ipx``, ``hipo``) the LP is solved directly.

    When the myopic path is infeasible (a period it cannot serve with what earlier periods
    built), the LP is solved alone, and the summary says that myopia fails.

    Returns
    -------
    tuple
        The perfect-foresight step, the myopic steps that started it (empty without them),
        and why the myopic path failed (None unless it did).
    """
    myopic: list[Step] = []
    basis: NamedBasis | None = None
    failure: str | None = None
    if method in {"choose", "simplex"} and len(pathway.periods) > 1:
        basis = NamedBasis()
        try:
            myopic = solve_steps(pathway, options, basis=basis, report=report)
        except InfeasibleError as error:
            # Myopia can paint itself into a corner that foresight avoids: solve the LP alone.
            report("the myopic path is infeasible; solving the LP alone")
            basis, myopic, failure = None, [], str(error)
    report("building the LP (all periods)")
    started = time.perf_counter()
    model = build_pathway_model(pathway)
    build_seconds = time.perf_counter() - started
    if basis is not None:
        report("solving (all periods, from the myopic path)")
        solved, _ = solve_model_with_basis(model, options, start=basis, primal=True)
    else:
        report("solving (all periods)")
        # Measured on the built-in pathway's LP alone: IPX 111 s, dual simplex 267 s.
        alone = {**options, "solver": "ipx"} if method == "choose" else options
        solved = solve_model(model, alone)
    builds = builds_table(solved, pathway.periods)
    return Step(list(pathway.periods), model, solved, builds, build_seconds), myopic, failure


def run_pathway(
    catalogue: Catalogue, resolved: ResolvedScenario, *, progress: Progress | None = None
) -> PathwayResult:
    """Solve a resolved pathway scenario on a loaded catalogue (core of :func:`solve_pathway`)."""
    report = stage_reporter(progress)
    started = time.perf_counter()
    report("preparing every period")
    pathway = prepare_pathway(catalogue, resolved)
    for period in pathway.periods:  # demand beyond the room to build, in MW and places
        check_room(catalogue, pathway.inputs[period])
    prepare_seconds = time.perf_counter() - started
    settings = resolved.settings.solver
    options = solver_options(settings)
    myopic: list[Step] = []
    myopic_failure: str | None = None
    if resolved.settings.pathway.foresight == "perfect":
        perfect, myopic, myopic_failure = solve_perfect(pathway, settings.method, options, report)
        steps = [perfect]
    else:
        steps = solve_steps(pathway, options, report=report)
    periods: dict[int, SolveResult] = {}
    builds = pd.concat([step.builds for step in steps], ignore_index=True)
    for step in steps:
        report(f"results ({', '.join(map(str, step.periods))})")
        for period in step.periods:
            periods[period] = period_result(
                catalogue,
                pathway,
                builds[builds["period"] <= period],
                step.solved,
                step.model,
                period,
                prepare_seconds,
                step.build_seconds,
            )
    objective_kcny = sum(step.solved.objective_kcny for step in steps)
    sizes = {key: max(step.solved.sizes[key] for step in steps) for key in steps[0].solved.sizes}
    path = path_table(periods, pathway)
    summary = pathway_summary(
        path, builds, pathway, resolved, objective_kcny, steps[-1].solved.solver, sizes
    )
    if myopic_failure is not None:
        summary["myopic_feasible"] = False
        summary["myopic_failure"] = myopic_failure
    if myopic:  # solved on the way: what myopia would cost, and what it builds otherwise
        summary["myopic_feasible"] = True
        myopic_kcny = sum(step.solved.objective_kcny for step in myopic)
        summary["myopic_npv_cost_cny"] = myopic_kcny * CNY_PER_KCNY
        summary["cost_of_myopia_cny"] = (myopic_kcny - objective_kcny) * CNY_PER_KCNY
    result = PathwayResult(
        periods=periods,
        builds=builds,
        path=path,
        summary=summary,
        pathway=pathway,
        scenario=resolved,
        timings={"total_s": time.perf_counter() - started},
        myopic_builds=(
            pd.concat([step.builds for step in myopic], ignore_index=True) if myopic else None
        ),
    )
    # Every HiGHS run of the solve: the myopic path that started perfect foresight included.
    result.timings["highs_solve_s"] = sum(
        step.solved.timings["highs_solve_s"] for step in [*myopic, *steps]
    )
    summary["timings_s"] = dict(result.timings)
    summary["catalogue_path"] = str(Path(catalogue.path).resolve())
    audit_pathway(result)
    return result


def period_result(
    catalogue: Catalogue,
    pathway: PathwayInputs,
    builds: pd.DataFrame,
    solved: SolvedModel,
    model: pyo.ConcreteModel,
    period: int,
    prepare_seconds: float,
    build_seconds: float,
) -> SolveResult:
    """Return one period of a solved pathway LP as an audited single-year plan."""
    annual = annual_cost(solved, model, period)
    local = block_solution(solved, period, pathway.weights[period], annual)
    inputs = reporting_inputs(pathway, builds, period)
    result = finish_solve(
        catalogue, inputs, local, pathway.scenarios[period], prepare_seconds, build_seconds
    )
    result.summary["pathway_period"] = period
    return result


def annual_cost(solved: SolvedModel, model: pyo.ConcreteModel, period: int) -> float:
    """Return a period's annual cost [kCNY/yr]: its block's expression at the solved values."""
    values = {
        (name, index): value
        for name, series in solved.values.items()
        for index, value in series.items()
    }
    expression = getattr(model, block_name(period)).annual_cost
    for var in pyo.expr.identify_variables(expression.expr, include_fixed=True):
        component = var.parent_component().name
        var.set_value(values.get((component, var.index()), 0.0), skip_validation=True)
    return float(pyo.value(expression))


def vintages(builds: pd.DataFrame, rates: Mapping[str, Mapping[str, float]]) -> list[Vintage]:
    """Return what a myopic step built as fixed capacity for the steps after it.

    Parameters
    ----------
    builds : pandas.DataFrame
        The step's ``builds.csv`` rows (one period).
    rates : mapping
        Per capacity variable and site, the annual cost of a unit built in that period
        [kCNY/yr per MW or MWh] (:func:`optimiser.lp.model.capital_cost_rates`).
    """
    kept = []
    for _, row in builds.iterrows():
        for variable in CAPACITY_VARIABLES:
            amount = float(row[variable])
            if amount > 0:
                kept.append(
                    Vintage(
                        variable=variable,
                        site=str(row["cluster_id"]),
                        period=int(row["period"]),
                        amount=amount,
                        rate_kcny_per_year=rates[variable][str(row["cluster_id"])],
                    )
                )
    return kept


PERIOD_TABLES = ("clusters", "allocation", "corridors")
"""Tables written at the top of a pathway folder with a ``period`` column."""


def default_pathway_dir(result: PathwayResult, root: Path | None = None) -> Path:
    """Return a new folder name: ``results/<model>-<scenario>-<foresight>-<n>``."""
    scenario = result.scenario
    stem = f"{scenario.model_name}-{scenario.scenario_name}-{result.summary['foresight']}"
    return next_free_dir(stem, root)


def write_pathway_results(
    result: PathwayResult,
    out_dir: str | Path | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write a pathway's folder whole or not at all (each period audited from its files).

    Returns
    -------
    pathlib.Path
        The folder written.
    """
    renumber = out_dir is None
    target = Path(out_dir) if out_dir is not None else default_pathway_dir(result)

    def fill(staging: Path) -> None:
        write_summary(staging, result.summary, result.scenario.model_path, default=str)
        result.path.to_csv(staging / "path.csv", index=False)
        result.builds.to_csv(staging / "builds.csv", index=False)
        myopia = myopia_table(result)
        if myopia is not None:
            myopia.to_csv(staging / "myopia.csv", index=False)
        for name in PERIOD_TABLES:
            frames = [
                getattr(plan, name).assign(period=period).pipe(_period_first)
                for period, plan in result.periods.items()
            ]
            pd.concat(frames, ignore_index=True).to_csv(staging / f"{name}.csv", index=False)
        for period, plan in result.periods.items():
            folder = staging / "periods" / str(period)
            folder.mkdir(parents=True)
            write_result_files(plan, folder)
            audit_results_dir(folder)

    return write_folder_atomically(target, fill, overwrite=overwrite, renumber=renumber)


def write_pathway_decorations(
    folder: Path, result: PathwayResult, progress: Progress | None = None
) -> dict[str, str]:
    """Draw each period's maps and report, then the pathway's path chart and report.

    Like :func:`optimiser.pipeline.write_decorations`, an artefact that fails is recorded
    (under ``artefacts`` in the pathway's ``summary.json``) and never takes the plan with it.

    Returns
    -------
    dict of str to str
        For each artefact (``periods/<year>/maps/capacity.png``, ..., ``report.html``):
        ``written`` or ``failed: <type>: <message>``.
    """
    from optimiser.report.pathway import write_pathway_report

    outcomes: dict[str, str] = {}
    for period, plan in result.periods.items():
        written = write_decorations(folder / "periods" / str(period), plan, progress)
        outcomes.update({f"periods/{period}/{name}": state for name, state in written.items()})
    if progress is not None:
        progress("drawing the path chart and report.html")
    try:
        write_pathway_report(folder)
        outcomes["report.html"] = "written"
    except Exception as error:  # a picture failing never takes the plan with it
        outcomes["report.html"] = f"failed: {type(error).__name__}: {error}"
    update_summary(folder, {"artefacts": outcomes})
    return outcomes


def _period_first(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["period", *[column for column in frame.columns if column != "period"]]]


__all__ = [
    "default_pathway_dir",
    "is_pathway",
    "run_pathway",
    "solve_pathway",
    "solve_pathway_resolved",
    "write_pathway_decorations",
    "write_pathway_results",
]
