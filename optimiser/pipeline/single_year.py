"""Solve one year: scenario → LP → HiGHS → results → audit.

The single-year half of :mod:`optimiser.pipeline`, for the Python API, the CLI and the studies:
:func:`solve` resolves a scenario of a model file and :func:`solve_resolved` solves a resolved
one (what ``dcsite solve`` calls, having resolved it once); both read the catalogue
(:mod:`optimiser.pipeline.reading`). :func:`run_scenario` prepares the inputs
(:mod:`optimiser.lp.inputs`), builds the LP (:mod:`optimiser.lp.build`), solves it with HiGHS
(:mod:`optimiser.lp.solver`), and :func:`finish_solve` extracts the plan
(:mod:`optimiser.results.tables`) and re-checks it in pandas (:mod:`optimiser.results.audit`).
:func:`solve_with_duals` does the same on a live HiGHS model that sweeps and comparisons
re-solve (:class:`optimiser.lp.resolve.ResolveSession`), and keeps the duals.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.lp.build import build_model
from optimiser.lp.highs_options import solver_options
from optimiser.lp.infeasibility import infeasibility_error
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.resolve import ResolveSession
from optimiser.lp.room import check_room
from optimiser.lp.solver import (
    CompiledLp,
    ProgressCallback,
    SolvedModel,
    compile_model,
    solve_model,
    solved_model,
)
from optimiser.paths import default_model_path
from optimiser.pipeline.reading import read_catalogue, stage_reporter
from optimiser.results.audit import audit_plan
from optimiser.results.folder import update_summary
from optimiser.results.tables import SolveResult, extract_results
from optimiser.scenario import ResolvedScenario, resolve_scenario


def solve(
    model_path: str | Path | None = None,
    scenario: str = "baseline",
    overrides: Sequence[str] | Mapping[str, Any] = (),
    catalogue_path: str | Path | None = None,
    *,
    export_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
    verbose: bool = False,
) -> SolveResult:
    """Solve one scenario: resolve it, build the LP, run HiGHS, extract and audit the plan.

    Parameters
    ----------
    model_path : str or pathlib.Path, optional
        Model file (YAML); default the built-in 2025 national model.
    scenario : str
        Scenario name (default ``baseline``).
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied last (as ``--set``).
    catalogue_path : str or pathlib.Path, optional
        Catalogue folder; default the model file's ``catalogue`` or the built-in one.
    export_path : str or pathlib.Path, optional
        Also write the LP to this ``.mps`` / ``.lp`` file.
    progress : callable, optional
        Called with the name of each stage as it starts.
    verbose : bool
        Let HiGHS write its log to standard output while it solves.

    Returns
    -------
    optimiser.results.tables.SolveResult
        The plan's tables and headline figures, audited.
    """
    resolved = resolve_scenario(model_path or default_model_path(), scenario, overrides)
    return solve_resolved(
        resolved, catalogue_path, export_path=export_path, progress=progress, verbose=verbose
    )


def solve_resolved(
    resolved: ResolvedScenario,
    catalogue_path: str | Path | None = None,
    *,
    export_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
    verbose: bool = False,
) -> SolveResult:
    """Solve a resolved scenario: read its catalogue, build the LP, run HiGHS, audit the plan.

    What :func:`solve` does once it has resolved the scenario; ``dcsite solve`` calls it with
    the scenario it resolved to check the names, so that a command resolves it once.

    Parameters
    ----------
    resolved : optimiser.scenario.ResolvedScenario
        The scenario settings.
    catalogue_path : str or pathlib.Path, optional
        Catalogue folder; default the model file's ``catalogue`` or the built-in one.
    export_path, progress, verbose
        As for :func:`solve`.

    Returns
    -------
    optimiser.results.tables.SolveResult
        The plan's tables and headline figures, audited.
    """
    stage_reporter(progress)("read")
    started = time.perf_counter()
    catalogue = read_catalogue(resolved, catalogue_path)
    read_seconds = time.perf_counter() - started
    result = run_scenario(
        catalogue, resolved, export_path=export_path, progress=progress, verbose=verbose
    )
    result.timings["read_s"] = read_seconds + result.timings["read_s"]
    result.summary["timings_s"]["read_s"] = result.timings["read_s"]
    return result


def run_scenario(
    catalogue: Catalogue,
    resolved: ResolvedScenario,
    *,
    export_path: str | Path | None = None,
    progress: ProgressCallback | None = None,
    verbose: bool = False,
) -> SolveResult:
    """Solve a resolved scenario on a loaded catalogue (the core of :func:`solve`).

    Parameters
    ----------
    catalogue : optimiser.data.catalogue.Catalogue
        The regional data.
    resolved : optimiser.scenario.ResolvedScenario
        The scenario settings.
    export_path, progress, verbose
        As for :func:`solve`.

    Returns
    -------
    optimiser.results.tables.SolveResult
        The audited plan.
    """
    report = stage_reporter(progress)
    started = time.perf_counter()
    inputs = prepare_inputs(catalogue, resolved)
    settings = resolved.settings.solver
    options = solver_options(settings)
    # Demand beyond the room to build is said in MW and places, before any LP is built; a
    # diagnosis (--diagnose) builds the LP only when asked.
    check_room(catalogue, inputs, context=lambda: (compile_model(build_model(inputs)), options))
    prepare_seconds = time.perf_counter() - started
    report("build")
    started = time.perf_counter()
    model = build_model(inputs)
    build_seconds = time.perf_counter() - started
    report("solve")
    if verbose:
        sys.stdout.flush()  # HiGHS writes to the same stream from C; keep the order
        options = {**options, "output_flag": True, "log_to_console": True}
    solved = solve_model(model, options, Path(export_path) if export_path else None)
    report("results")
    return finish_solve(catalogue, inputs, solved, resolved, prepare_seconds, build_seconds)


def finish_solve(
    catalogue: Catalogue,
    inputs: ModelInputs,
    solved: SolvedModel,
    resolved: ResolvedScenario,
    prepare_seconds: float,
    build_seconds: float,
) -> SolveResult:
    """Extract the plan of a solved model, record timings and provenance, and audit it.

    The last stage of every solve, by :func:`run_scenario` and by the re-solves of sweeps
    (:func:`optimiser.pipeline.solve_with_duals`).

    Returns
    -------
    optimiser.results.tables.SolveResult
        The audited plan.
    """
    started = time.perf_counter()
    # Named first: the tables and the audit then account the plan under the same inputs.
    result = extract_results(with_site_names(inputs, catalogue), solved, resolved)
    result.timings.update(
        {
            "read_s": prepare_seconds,
            "build_s": build_seconds,
            **solved.timings,
            "results_s": time.perf_counter() - started,
        }
    )
    result.summary["timings_s"] = dict(result.timings)
    result.summary["catalogue_path"] = str(Path(catalogue.path).resolve())
    result.summary["weather_year"] = inputs.weather_year
    if inputs.settings.time.weather_years:
        result.summary["weather_years"] = list(inputs.settings.time.weather_years)
    audit_plan(result)
    return result


SITE_NAME_COLUMNS = ("name_en", "name_zh", "hub_id")
"""Catalogue columns written with the sites to ``inputs/sites.csv``, so reports show names."""


def with_site_names(inputs: ModelInputs, catalogue: Catalogue) -> ModelInputs:
    """Return the inputs with each site's names, hub and province names added to ``sites``.

    The LP does not use them; they travel with the plan so that a results folder read on
    another machine (the report, the workbook, ``grid.csv``) still names its sites and their
    provinces (``province_name_en``, ``province_name_zh``).
    """
    names = catalogue.clusters.reindex(inputs.sites.index)
    sites = inputs.sites.copy()
    for column in SITE_NAME_COLUMNS:
        if column in names.columns and column not in sites.columns:
            sites[column] = names[column]
    provinces = catalogue.provinces.reindex(sites["province_id"])
    for column in ("name_en", "name_zh"):
        if column in provinces.columns and f"province_{column}" not in sites.columns:
            sites[f"province_{column}"] = provinces[column].to_numpy()
    hubs = catalogue.hubs.reindex(sites.get("hub_id", pd.Series(dtype=str)))
    for column in ("name_en", "name_zh"):
        if "hub_id" in sites.columns and column in hubs.columns:
            sites[f"hub_{column}"] = hubs[column].to_numpy()
    return replace(inputs, sites=sites)


@dataclass
class PointSolution:
    """An audited plan with the solver's duals.

    Attributes
    ----------
    result : optimiser.results.tables.SolveResult
        The plan, as :func:`optimiser.pipeline.run_scenario` returns it.
    solved : optimiser.lp.solver.SolvedModel
        Values and duals by component (duals in HiGHS's sign: d objective / d row bound
        [kCNY per unit of the row]).
    warm : bool
        Whether HiGHS re-solved from the previous point's basis.
    """

    result: SolveResult
    solved: SolvedModel
    warm: bool


def compile_scenario(
    catalogue: Catalogue, resolved: ResolvedScenario
) -> tuple[ModelInputs, CompiledLp, dict[str, float]]:
    """Prepare, build and compile a scenario's LP without solving it.

    Returns
    -------
    tuple
        The inputs, the compiled LP and the seconds of ``read_s``, ``build_s`` and
        ``handover_s`` (the compile).
    """
    started = time.perf_counter()
    inputs = prepare_inputs(catalogue, resolved)
    prepared = time.perf_counter()
    model = build_model(inputs)
    built = time.perf_counter()
    compiled = compile_model(model)
    return (
        inputs,
        compiled,
        {
            "read_s": prepared - started,
            "build_s": built - prepared,
            "handover_s": time.perf_counter() - built,
        },
    )


def solve_with_duals(
    catalogue: Catalogue,
    resolved: ResolvedScenario,
    session: ResolveSession | None = None,
    compiled: tuple[ModelInputs, CompiledLp] | None = None,
    progress: ProgressCallback | None = None,
) -> PointSolution:
    """Solve and audit a scenario like :func:`optimiser.pipeline.run_scenario`, keeping the duals.

    Parameters
    ----------
    catalogue, resolved
        The regional data and the scenario settings, as for :func:`run_scenario`.
    session : ResolveSession, optional
        Live HiGHS model to re-solve on; default a new one.
    compiled : tuple of (ModelInputs, CompiledLp), optional
        The scenario's inputs and its LP when the caller has them already (a sweep writes
        them without the Pyomo model, :class:`optimiser.lp.parametric.AffineLp`); default
        prepared, built and compiled here.
    progress : callable, optional
        Called with the name of each stage as it starts (``build``, ``solve``, ``results``).

    Returns
    -------
    PointSolution
        The audited plan, the duals, and whether the solve was warm.

    Raises
    ------
    optimiser.errors.InfeasibleError
        When the scenario is infeasible or unbounded.
    optimiser.errors.AuditError
        When the plan fails the re-check in pandas.
    """
    report = stage_reporter(progress)
    settings = resolved.settings.solver
    # Warm re-solves start from the previous point's basis: interior point needs crossover.
    options = solver_options(settings, basis_needed=True)
    session = session if session is not None else ResolveSession(options)
    if compiled is None:
        report("build")
        inputs, lp, seconds = compile_scenario(catalogue, resolved)
    else:
        (inputs, lp), seconds = compiled, {"read_s": 0.0, "build_s": 0.0, "handover_s": 0.0}
    report("solve")
    solution, warm = session.solve(lp, options)
    if solution.status != "Optimal":
        raise infeasibility_error(solution.status, lp, options)
    report("results")
    solved = solved_model(lp, solution, seconds["handover_s"])
    result = finish_solve(
        catalogue, inputs, solved, resolved, seconds["read_s"], seconds["build_s"]
    )
    result.summary["solver"] = {**result.summary["solver"], "warm_start": str(warm)}
    return PointSolution(result=result, solved=solved, warm=warm)


def write_decorations(
    folder: Path, result: SolveResult, progress: ProgressCallback | None = None
) -> dict[str, str]:
    """Draw the maps, GeoPackage and report into a written, audited results folder.

    Each artefact is drawn on its own: one that fails is reported and recorded, and the others
    and the plan itself stay in place, so a solved plan is never lost to a picture. The outcome
    of each is recorded under ``artefacts`` in ``summary.json``.

    Parameters
    ----------
    folder : pathlib.Path
        The results folder, as :func:`optimiser.results.folder.write_results` left it.
    result : SolveResult
        The plan (its scenario names the catalogue it was solved with).
    progress : callable, optional
        Called with the name of each artefact as it starts.

    Returns
    -------
    dict of str to str
        For each artefact (``maps/capacity.png``, ``maps/green.png``, ``maps/flows.png``,
        ``maps/idle.png``, ``maps/grid.png``,
        ``plan.gpkg``, ``report.html``; the report last, as it inlines the maps): ``written``,
        or ``failed: <type>: <message>``.
    """
    # Imported here: geopandas and matplotlib load only when pictures are drawn.
    from optimiser.maps.draw import draw_result_maps
    from optimiser.maps.layers import ResultLayers, load_result_layers, write_plan_geopackage
    from optimiser.report import write_report

    catalogue = load_catalogue(result.scenario.catalogue_path)

    @functools.cache
    def layers() -> ResultLayers:  # read once for every map and the GeoPackage
        return load_result_layers(folder, catalogue)

    def draw_map(kind: str) -> Callable[[], object]:
        return lambda: draw_result_maps(folder, [kind], catalogue=catalogue, layers=layers())

    steps: dict[str, Callable[[], object]] = {
        "maps/capacity.png": draw_map("capacity"),
        "maps/green.png": draw_map("green"),
        "maps/flows.png": draw_map("flows"),
        "maps/idle.png": draw_map("idle"),
        "maps/grid.png": draw_map("grid"),
        "plan.gpkg": lambda: write_plan_geopackage(folder, layers()),
        "report.html": lambda: write_report(folder),
    }
    outcomes: dict[str, str] = {}
    for name, step in steps.items():
        if progress is not None:
            progress(f"drawing {name}")
        try:
            step()
            outcomes[name] = "written"
        except Exception as error:  # a picture failing never takes the plan with it
            outcomes[name] = f"failed: {type(error).__name__}: {error}"
    update_summary(folder, {"artefacts": outcomes})
    return outcomes
