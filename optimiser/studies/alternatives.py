"""Near-optimal alternatives, or how firm the siting is (modelling to generate alternatives).

Analysis stage on top of the pipeline. After the least-cost plan, the total cost is capped at
``(1 + slack)`` times the optimum and the LP is solved twice more: once to minimise and once to
maximise the IT energy served by one group of sites (the east or west sites, one hub, or one
site). A narrow range means the optimum's siting is firm; a wide one means other sitings cost
almost the same. Every alternative keeps every rule and is audited like any plan.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import highspy
import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.build import build_model
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.solver import (
    CompiledLp,
    compile_model,
    highs_options,
    infeasibility_error,
    new_highs,
    run_highs,
    solved_model,
)
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
    """

    direction: str
    group_it_energy_mwh: float
    group_new_it_capacity_mw: float
    objective_cny_per_year: float
    new_it_capacity_mw: pd.Series


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


def near_optimal_range(
    catalogue: Catalogue, resolved: ResolvedScenario, group: str, slack: float = 0.05
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

    Returns
    -------
    list of Alternative
        ``least-cost``, ``min`` and ``max``, each audited.
    """
    if not 0 <= slack <= 1:
        raise InputError("--slack", str(slack), "expected a fraction between 0 and 1")
    inputs = prepare_inputs(catalogue, resolved)
    sites = group_sites(inputs, catalogue, group)
    compiled = compile_model(build_model(inputs))
    settings = resolved.settings.solver
    # Each bound is re-solved from the optimum's basis: interior point needs crossover.
    options = highs_options(
        settings.method, settings.time_limit_s, settings.threads, basis_needed=True
    )
    highs = new_highs(options)
    highs.passModel(compiled.lp)
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
    for direction, sign in (("min", 1.0), ("max", -1.0)):
        highs.changeColsCost(len(columns), columns, sign * weights)
        solution = run_highs(highs)
        if solution.status != "Optimal":
            msg = f"the {direction} alternative could not be solved (HiGHS: {solution.status})"
            raise InfeasibleError(msg)
        plans.append((direction, solution))
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
