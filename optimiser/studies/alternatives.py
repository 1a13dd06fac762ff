"""Near-optimal alternatives, or how firm the siting is (modelling to generate alternatives).

Analysis stage on top of the pipeline. After the least-cost plan, the total cost is capped at
``(1 + slack)`` times the optimum and the LP is solved twice more: once to minimise and once to
maximise the IT energy served by one group of sites (the east or west sites, one hub, or one
site). A narrow range means the optimum's siting is firm; a wide one means other sitings cost
almost the same. Every alternative keeps every rule and is audited like any plan.
:func:`run_alternatives` writes them to a folder: the table, each plan as a results folder,
and a summary.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.build import build_model
from optimiser.lp.highs_options import solver_options
from optimiser.lp.highs_run import new_highs, run_highs
from optimiser.lp.infeasibility import infeasibility_error
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.solver import CompiledLp, compile_model, solved_model
from optimiser.scenario import ResolvedScenario


@dataclass
class Alternative:
    """One plan of the near-optimal range.

    Attributes
    ----------
    direction : str
        ``least-cost``, ``min`` or ``max`` (IT energy served by the group).
    group_it_energy_mwh : float
        IT energy served by the group's sites [MWh/yr].
    group_new_it_capacity_mw : float
        New IT capacity of the group's sites [MW].
    objective_cny_per_year : float
        Total annual cost of the plan [CNY/yr].
    new_it_capacity_mw : pandas.Series
        New IT capacity per site [MW].
    result : optimiser.results.tables.SolveResult, optional
        The audited plan (its shadow prices read zero: see :func:`_audited`).
    """

    direction: str
    group_it_energy_mwh: float
    group_new_it_capacity_mw: float
    objective_cny_per_year: float
    new_it_capacity_mw: pd.Series
    result: Any = field(default=None, repr=False)


def group_sites(inputs: ModelInputs, catalogue: Catalogue, group: str) -> list[str]:
    """Return the sites of a group: ``east``, ``west``, a hub id or a site id."""
    sites = inputs.sites
    if group in {"east", "west"}:
        return list(sites.index[sites["role"] == group])
    hubs = catalogue.clusters["hub_id"].reindex(sites.index)
    if group in set(hubs):
        return list(sites.index[hubs == group])
    if group in sites.index:
        return [group]
    known = ", ".join(["east", "west", *sorted(set(hubs)), *sites.index])
    raise InputError("--group", group, f"unknown group; expected one of {known}")


def group_energy_weights(
    compiled: CompiledLp, inputs: ModelInputs, sites: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return the columns of the group's IT load and their weights to annual energy [h].

    IT energy, not capacity, measures where compute goes: maximising capacity alone would only
    build idle racks.
    """
    weight = inputs.hours["weight_h"].to_dict()
    shaped_year = float(
        (inputs.hours["weight_h"] * inputs.hours["demand_shape_latency_bound"]).sum()
    )
    chosen = set(sites)
    positions, weights = [], []
    for position, (component, index) in enumerate(
        zip(compiled.column_components, compiled.column_indices, strict=True)
    ):
        if component == "latency_bound_load_mw" and index[1] in chosen:
            positions.append(position)
            weights.append(weight[index[2]])
        elif component == "flexible_load_mw" and index[0] in chosen:
            positions.append(position)
            weights.append(weight[index[1]])
        elif component == "latency_bound_site_mw" and index in chosen:
            positions.append(position)
            weights.append(shaped_year)
    return np.asarray(positions, dtype=np.int32), np.asarray(weights, dtype=float)


def _audited(
    inputs: ModelInputs,
    resolved: ResolvedScenario,
    compiled: CompiledLp,
    solution: Any,
    costs: np.ndarray,
) -> Any:
    """Extract and audit a plan whose HiGHS objective was not its cost.

    Its duals price the group's capacity, not the cost, so they are dropped (the plan's shadow
    prices read zero).
    """
    from optimiser.results.audit import audit_plan
    from optimiser.results.tables import extract_results

    cost_kcny = float(costs @ solution.column_values) + compiled.objective_offset
    rows = compiled.lp.num_row_
    solved = solved_model(
        compiled, replace(solution, objective=cost_kcny, row_duals=np.zeros(rows)), 0.0
    )
    result = extract_results(inputs, solved, resolved)
    audit_plan(result)
    return result


DIRECTION_TEXT = {
    "least-cost": "the least-cost plan",
    "min": "least IT energy in {group} within {slack} of its cost",
    "max": "most IT energy in {group} within {slack} of its cost",
}
"""How each solve of the range is announced (``progress``)."""


def near_optimal_range(
    catalogue: Catalogue,
    resolved: ResolvedScenario,
    group: str,
    slack: float = 0.05,
    progress: Callable[[str], None] | None = None,
) -> list[Alternative]:
    """Return the least-cost plan and the plans with least and most IT energy in a group.

    Parameters
    ----------
    catalogue : Catalogue
        The regional data.
    resolved : ResolvedScenario
        The scenario.
    group : str
        ``east``, ``west``, a hub id or a site id.
    slack : float
        Allowed cost increase over the optimum [fraction], e.g. 0.05 for 5 %.
    progress : callable, optional
        Called with a short message as each stage starts (each solve, the audit).

    Returns
    -------
    list of Alternative
        ``least-cost``, ``min`` and ``max``, each audited.
    """
    if not 0 <= slack <= 1:
        raise InputError("--slack", str(slack), "expected a fraction between 0 and 1")

    def report(direction: str, number: int) -> None:
        if progress is not None:
            text = DIRECTION_TEXT[direction].format(group=group, slack=f"{100 * slack:.1f} %")
            progress(f"solve {number}/3: {text}")

    if progress is not None:
        progress("building the LP")
    inputs = prepare_inputs(catalogue, resolved)
    sites = group_sites(inputs, catalogue, group)
    compiled = compile_model(build_model(inputs))
    settings = resolved.settings.solver
    # Each bound is re-solved from the optimum's basis: interior point needs crossover.
    options = solver_options(settings, basis_needed=True)
    highs = new_highs(options)
    highs.passModel(compiled.lp)
    report("least-cost", 1)
    optimum = run_highs(highs)
    if optimum.status != "Optimal":
        raise infeasibility_error(optimum.status, compiled, options)
    costs = np.asarray(compiled.lp.col_cost_, dtype=float)
    columns, weights = group_energy_weights(compiled, inputs, sites)
    # Objective in GWh keeps its coefficients near those of the cost (kCNY).
    weights = weights / 1000.0
    plans = [("least-cost", optimum)]
    # Cost budget: c·x + offset <= (1 + slack) × optimum; then the group's capacity is the
    # objective, in both directions.
    budget = (1 + slack) * optimum.objective - compiled.objective_offset
    all_columns = np.arange(len(costs), dtype=np.int32)
    highs.addRow(-highspy.kHighsInf, budget, len(costs), all_columns, costs)
    highs.changeColsCost(len(costs), all_columns, np.zeros(len(costs)))
    for number, (direction, sign) in enumerate((("min", 1.0), ("max", -1.0)), start=2):
        report(direction, number)
        highs.changeColsCost(len(columns), columns, sign * weights)
        solution = run_highs(highs)
        if solution.status != "Optimal":
            msg = f"the {direction} alternative could not be solved (HiGHS: {solution.status})"
            raise InfeasibleError(msg)
        plans.append((direction, solution))
    if progress is not None:
        progress("extracting and auditing the three plans")
    alternatives = []
    for direction, solution in plans:
        result = _audited(inputs, resolved, compiled, solution, costs)
        clusters = result.clusters.set_index("cluster_id")
        new = clusters["new_it_capacity_mw"]
        alternatives.append(
            Alternative(
                direction=direction,
                group_it_energy_mwh=float(clusters["it_energy_mwh"].reindex(sites).sum()),
                group_new_it_capacity_mw=float(new.reindex(sites).sum()),
                objective_cny_per_year=result.summary["objective_cny_per_year"],
                new_it_capacity_mw=new,
                result=result,
            )
        )
    return alternatives


def alternatives_table(alternatives: list[Alternative]) -> pd.DataFrame:
    """Return one row per alternative with its cost increase and new capacity per site [MW]."""
    least = alternatives[0].objective_cny_per_year
    rows = []
    for alternative in alternatives:
        rows.append(
            {
                "plan": alternative.direction,
                "group_it_energy_mwh": alternative.group_it_energy_mwh,
                "group_new_it_capacity_mw": alternative.group_new_it_capacity_mw,
                "objective_cny_per_year": alternative.objective_cny_per_year,
                "cost_increase": alternative.objective_cny_per_year / least - 1,
                **alternative.new_it_capacity_mw.add_prefix("new_mw_").to_dict(),
            }
        )
    return pd.DataFrame(rows)


def default_alternatives_dir(resolved: ResolvedScenario, root: Path | None = None) -> Path:
    """Return a new folder name: ``results/<model>-<scenario>-alternatives-<n>``."""
    from optimiser.results.folder import next_free_dir

    return next_free_dir(f"{resolved.model_name}-{resolved.scenario_name}-alternatives", root)


def run_alternatives(
    model_path: str | Path | None = None,
    scenario: str = "baseline",
    group: str = "east",
    slack: float = 0.05,
    out_dir: str | Path | None = None,
    *,
    overrides: Sequence[str] = (),
    catalogue: Catalogue | None = None,
    resolved: ResolvedScenario | None = None,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[Path, pd.DataFrame]:
    """Solve the near-optimal range of a group of sites and write it to a folder.

    The folder (default ``results/<model>-<scenario>-alternatives-<n>``, never an existing
    one unless ``overwrite``) is written whole or not at all. It holds ``alternatives.csv``
    (:func:`alternatives_table` with the ``folder`` of each plan), ``alternatives.json``
    (model, scenario, overrides, group and its sites, slack, the range, timings) and each
    plan as a results folder: ``least-cost/``, ``min/`` and ``max/``.

    Parameters
    ----------
    model_path : str or pathlib.Path, optional
        Model file; default the built-in model.
    scenario : str
        Scenario name.
    group : str
        ``east``, ``west``, a hub id or a site id.
    slack : float
        Allowed cost increase over the optimum [fraction].
    out_dir : str or pathlib.Path, optional
        New folder.
    overrides : sequence of str
        ``KEY=VALUE`` settings (as ``--set``).
    catalogue : Catalogue, optional
        Regional data; default the scenario's catalogue.
    resolved : ResolvedScenario, optional
        A scenario already resolved, used instead of ``model_path``, ``scenario`` and
        ``overrides``.
    overwrite : bool
        Replace an existing ``out_dir`` (only once the new one is complete).
    progress : callable, optional
        Called with a short message as each stage starts.

    Returns
    -------
    tuple of (pathlib.Path, pandas.DataFrame)
        The folder written and the alternatives table.
    """
    from optimiser.data.catalogue import load_catalogue
    from optimiser.paths import default_model_path, recorded_model_path
    from optimiser.results.folder import check_output_dir, write_folder_atomically, write_results
    from optimiser.scenario import resolve_scenario
    from optimiser.version import __version__

    started = time.perf_counter()
    if resolved is None:
        path = Path(model_path) if model_path is not None else default_model_path()
        resolved = resolve_scenario(path, scenario, list(overrides))
    target = Path(out_dir) if out_dir is not None else default_alternatives_dir(resolved)
    check_output_dir(target, overwrite)
    loaded = catalogue if catalogue is not None else load_catalogue(resolved.catalogue_path)
    plans = near_optimal_range(loaded, resolved, group, slack, progress=progress)
    solved_s = time.perf_counter() - started
    table = alternatives_table(plans)
    table.insert(1, "folder", [plan.direction for plan in plans])
    if progress is not None:
        progress("writing the plans")

    def fill(staging: Path) -> None:
        for plan in plans:
            plan.result.summary["alternative"] = {"plan": plan.direction, "group": group}
            plan.result.summary["alternative"]["slack"] = slack
            write_results(plan.result, staging / plan.direction)
        table.to_csv(staging / "alternatives.csv", index=False)
        summary = {
            "model": resolved.model_name,
            "model_path": recorded_model_path(resolved.model_path, staging),
            "scenario": resolved.scenario_name,
            "overrides": resolved.overrides,
            "group": group,
            "group_sites": group_sites(plans[0].result.inputs, loaded, group),
            "slack": slack,
            "objective_cny_per_year": plans[0].objective_cny_per_year,
            "group_it_energy_mwh": {p.direction: p.group_it_energy_mwh for p in plans},
            "group_new_it_capacity_mw": {p.direction: p.group_new_it_capacity_mw for p in plans},
            "cost_increase": dict(zip(table["plan"], table["cost_increase"], strict=True)),
            "timings_s": {"solve_s": solved_s, "total_s": time.perf_counter() - started},
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "version": __version__,
        }
        (staging / "alternatives.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )

    target = write_folder_atomically(target, fill, overwrite=overwrite)
    return target, table
