"""Turn HiGHS's solution into the plan's tables and headline figures.

From the solved values and duals (:mod:`optimiser.lp.solver`) and the model inputs, builds tidy
pandas tables (units in column names): per site (``clusters``), per region-site-class
(``allocation``), per corridor (``corridors``), per site-hour (``hourly``) and per region-site-hour
(``latency_hourly``), plus ``summary``. Costs, energies and green shares are recomputed in pandas
from the decisions (:mod:`optimiser.results.accounting`), not read from the model, so the audit
(:mod:`optimiser.results.audit`) can compare them with the solver's objective. The decisions
are first arranged by :mod:`optimiser.results.plan_tables`; the headline figures are summed by
:mod:`optimiser.results.summary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.objective import CAPACITY_VARIABLES
from optimiser.lp.solver import SolvedModel
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.lp.units import CNY_PER_KCNY, MWH_PER_GWH
from optimiser.results.accounting import (
    PlanTables,
    compute_and_idle,
    cost_breakdown,
    network_costs,
    site_emissions,
    site_hourly_balance,
)
from optimiser.results.plan_tables import plan_tables
from optimiser.results.summary import (
    build_summary,
    certificate_summary,
    coverage_summary,
    leakage_summary,
)
from optimiser.results.supply_tables import FIRM_CONTRACT_COLUMNS, shift_summary
from optimiser.scenario import ResolvedScenario


@dataclass
class SolveResult:
    """A solved, audited plan: the tables written to a results directory.

    Attributes
    ----------
    summary : dict
        Headline figures (``summary.json``).
    clusters, allocation, corridors, hourly : pandas.DataFrame
        The output tables (``clusters.csv``, ``allocation.csv``, ``corridors.csv``,
        ``hourly.parquet``); columns documented in ``docs/outputs.md``.
    plan : PlanTables
        The decisions in the form the audit checks.
    inputs : ModelInputs
        The inputs the plan was built from (written to ``inputs/``).
    scenario : ResolvedScenario
        The resolved scenario.
    timings : dict of str to float
        Seconds per phase.
    """

    summary: dict[str, Any]
    clusters: pd.DataFrame
    allocation: pd.DataFrame
    corridors: pd.DataFrame
    hourly: pd.DataFrame
    plan: PlanTables
    inputs: ModelInputs
    scenario: ResolvedScenario
    timings: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    solver: dict[str, str] = field(default_factory=dict)
    objective_kcny: float = float("nan")


HOURLY_ENERGY_COLUMNS = {
    "it_load_mw": "it_energy_mwh",
    "consumption_mw": "consumption_mwh",
    "grid_mw": "grid_mwh",
    "wind_mw": "wind_mwh",
    "solar_mw": "solar_mwh",
    "curtailment_mw": "curtailment_mwh",
    "surplus_sold_mw": "surplus_sold_mwh",
    "corridor_import_mw": "corridor_import_mwh",
    "firm_nuclear_mw": "firm_nuclear_mwh",
    "firm_hydro_mw": "firm_hydro_mwh",
    "storage_charge_mw": "storage_charge_mwh",
    "storage_discharge_mw": "storage_discharge_mwh",
    "long_duration_charge_mw": "long_duration_charge_mwh",
    "long_duration_discharge_mw": "long_duration_discharge_mwh",
    "green_mw": "green_energy_mwh",
    "carbon_free_mw": "carbon_free_energy_mwh",
    "own_green_mw": "own_green_energy_mwh",
}
"""The site-hour balance's power columns [MW] summed over the year into ``clusters.csv``'s
energy columns [MWh] (weighted by each modelled hour's weight)."""


def cluster_table(
    plan: PlanTables, inputs: ModelInputs, solved: SolvedModel, costs: pd.DataFrame
) -> pd.DataFrame:
    """Return ``clusters.csv``: capacities, energy by source, green shares, cost per site."""
    sites = inputs.sites
    hourly = site_hourly_balance(plan, inputs)
    weighted = hourly[list(HOURLY_ENERGY_COLUMNS)].mul(hourly["weight_h"], axis=0)
    energy = weighted.groupby(hourly["cluster_id"]).sum().reindex(sites.index).fillna(0.0)
    decisions = plan.sites
    # Columns gathered first, the frame made once (inserting columns one by one is slow).
    table: dict[str, Any] = {}
    for column in (
        "province_id",
        "role",
        "is_hub_cluster",
        "is_western_region",
        "pue",
        "utilisation_limit",
        "existing_it_capacity_mw",
        "max_it_capacity_mw",
    ):
        table[column] = sites[column]
    table["new_it_capacity_mw"] = decisions["new_it_capacity_mw"]
    table["total_it_capacity_mw"] = table["existing_it_capacity_mw"] + table["new_it_capacity_mw"]
    for column in (
        *(name for name in CAPACITY_VARIABLES if name != "new_it_capacity_mw"),  # above
        *FIRM_CONTRACT_COLUMNS,
        *LONG_DURATION_COLUMNS,
    ):
        table[column] = decisions[column]
    for source, target in HOURLY_ENERGY_COLUMNS.items():
        table[target] = energy[source]
    table["certificates_mwh"] = decisions["certificates_gwh"] * MWH_PER_GWH
    consumption = table["consumption_mwh"].where(table["consumption_mwh"] > 0)
    table["green_share_target"] = sites["green_share_target"]
    table["green_share_annual"] = (
        (table["green_energy_mwh"] + table["certificates_mwh"]) / consumption
    ).clip(upper=1.0)
    table["green_share_hourly"] = table["carbon_free_energy_mwh"] / consumption
    table["green_share_hourly_own_supply"] = table["own_green_energy_mwh"] / consumption
    table["min_hourly_green_share"] = (
        hourly.groupby("cluster_id")["green_share"].min().reindex(sites.index)
    )
    table["min_hourly_green_share_own_supply"] = (
        hourly.groupby("cluster_id")["own_supply_green_share"].min().reindex(sites.index)
    )
    table["committed_new_it_capacity_mw"] = sites["committed_new_it_capacity_mw"]
    table["additional_new_it_capacity_mw"] = sites["additional_new_it_capacity_mw"]
    compute = compute_and_idle(plan, inputs, costs)
    for column in compute.columns:
        table[column] = compute[column]
    table["emissions_tco2_per_year"] = site_emissions(plan, inputs)
    table["cost_cny_per_year"] = costs.sum(axis=1)
    table["green_target_shadow_price_cny_per_mwh"] = green_target_shadow_price(solved, inputs)
    return pd.DataFrame(table, index=sites.index).reset_index()


def green_target_shadow_price(solved: SolvedModel, inputs: ModelInputs) -> pd.Series:
    """Return the marginal cost of the green target per site [CNY per MWh of green energy].

    The objective's increase if the site had to source one more MWh of green energy over the
    year, in the measure its target is set on (annual, or the CFE score of either hour-matched
    measure). Zero where the target does not bind or does not apply.
    """
    duals = solved.duals.get("green_share_at_least_target")
    result = pd.Series(0.0, index=inputs.sites.index)
    if duals is None or duals.empty:
        return result
    # HiGHS reports d objective / d row upper bound; tightening the bound by 1 MWh costs -dual.
    result.update(-duals.astype(float) * CNY_PER_KCNY)
    return result + 0.0  # + 0.0 turns -0.0 into 0.0


def corridor_table(plan: PlanTables, inputs: ModelInputs, solved: SolvedModel) -> pd.DataFrame:
    """Return ``corridors.csv``: flows, capacity, utilisation and marginal value."""
    corridors = inputs.corridors
    weight = inputs.hours["weight_h"]
    hours_per_year = float(weight.sum())
    flows = plan.corridor_hourly
    by_hour = flows.groupby(["corridor_id", "hour"])["flow_mw"].sum().reset_index()
    by_hour["energy"] = by_hour["flow_mw"] * weight.reindex(by_hour["hour"]).to_numpy()
    table: dict[str, Any] = {}
    table["available_capacity_mw"] = corridors["available_capacity_mw"]
    table["renewable_share"] = corridors["renewable_share"]
    table["energy_mwh"] = (
        by_hour.groupby("corridor_id")["energy"].sum().reindex(corridors.index).fillna(0.0)
    )
    table["peak_flow_mw"] = (
        by_hour.groupby("corridor_id")["flow_mw"].max().reindex(corridors.index).fillna(0.0)
    )
    capacity_energy = table["available_capacity_mw"] * hours_per_year
    table["utilisation"] = table["energy_mwh"] / capacity_energy.where(capacity_energy > 0)
    table["green_energy_mwh"] = table["energy_mwh"] * table["renewable_share"]
    duals = solved.duals.get("corridor_flow_within_limit", pd.Series(dtype=float))
    value = pd.Series(0.0, index=corridors.index)
    if not duals.empty:
        corridor_level = [index[0] for index in duals.index]
        # One more MW in every hour lowers the cost by -sum of the hourly duals.
        value.update(-duals.groupby(corridor_level).sum() * CNY_PER_KCNY)
    table["marginal_value_cny_per_mw_per_year"] = value + 0.0  # + 0.0 turns -0.0 into 0.0
    carrying = flows[flows["flow_mw"] > 1e-6]
    links = inputs.corridor_links
    wheeling = links[links["wheeling_cny_per_mwh"] > 0]
    for column, pairs in (
        ("clusters_in_reach", links),
        ("clusters_in_reach_wheeled", wheeling),
        ("clusters_served", carrying),
    ):
        members: dict[str, set[str]] = {}
        for corridor, site in zip(pairs["corridor_id"], pairs["cluster_id"], strict=True):
            members.setdefault(corridor, set()).add(site)
        table[column] = [
            ";".join(sorted(members.get(corridor, ()))) for corridor in corridors.index
        ]
    frame = pd.DataFrame(table, index=corridors.index)
    frame["use"] = [
        corridor_use(corridor, row)
        for corridor, row in zip(
            corridors[["excluded", "available_capacity_mw"]].to_dict("records"),
            frame[["clusters_in_reach", "energy_mwh"]].to_dict("records"),
            strict=True,
        )
    ]
    return frame.rename_axis("corridor_id").reset_index()


def corridor_use(corridor: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    """Say whether a corridor in service carries data-centre power, and if not, why not."""
    if corridor["excluded"]:
        return "left out by the scenario (network.exclude_corridors)"
    if corridor["available_capacity_mw"] <= 0:
        return "no capacity open to data centres"
    if not row["clusters_in_reach"]:
        return "no site in reach (none in the receiving province or its grid region)"
    if row["energy_mwh"] <= 1e-6:
        return "unused: dearer than the alternatives"
    return "used"


def hourly_table(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return ``hourly.parquet``: dispatch per site and modelled hour."""
    hourly = site_hourly_balance(plan, inputs)
    columns = [
        "cluster_id",
        "hour",
        "period",
        "weight_h",
        "latency_bound_load_mw",
        "flexible_load_mw",
        "it_load_mw",
        "consumption_mw",
        "grid_mw",
        "wind_mw",
        "solar_mw",
        "curtailment_mw",
        "surplus_sold_mw",
        "corridor_import_mw",
        "firm_nuclear_mw",
        "firm_hydro_mw",
        "storage_charge_mw",
        "storage_discharge_mw",
        "storage_state_mwh",
        "long_duration_charge_mw",
        "long_duration_discharge_mw",
        "green_mw",
        "brown_mw",
        "grid_carbon_free_share",
        "carbon_free_mw",
        "hourly_brown_mw",
        "green_share",
        "own_green_mw",
        "own_supply_shortfall_mw",
        "own_supply_green_share",
    ]
    return hourly[columns].sort_values(["cluster_id", "hour"]).reset_index(drop=True)


def extract_results(
    inputs: ModelInputs, solved: SolvedModel, scenario: ResolvedScenario
) -> SolveResult:
    """Build the result tables and the summary of a solved model."""
    plan = plan_tables(inputs, solved)
    costs = cost_breakdown(plan, inputs)
    clusters = cluster_table(plan, inputs, solved, costs)
    allocation = network_costs(plan, inputs)[
        [
            "province_id",
            "cluster_id",
            "workload",
            "it_energy_mwh",
            "rtt_ms",
            "distance_km",
            "network_cost_cny_per_year",
        ]
    ]
    allocation = (
        allocation[allocation["it_energy_mwh"] > 1e-6]
        .sort_values(["province_id", "workload", "cluster_id"])
        .reset_index(drop=True)
    )
    corridors = corridor_table(plan, inputs, solved)
    hourly = hourly_table(plan, inputs)
    summary = build_summary(clusters, corridors, costs, solved, scenario)
    summary.update(certificate_summary(clusters, inputs))
    summary.update(leakage_summary(clusters, inputs))
    summary.update(coverage_summary(clusters, inputs))
    summary.update(shift_summary(plan, inputs))
    return SolveResult(
        summary=summary,
        clusters=clusters,
        allocation=allocation,
        corridors=corridors,
        hourly=hourly,
        plan=plan,
        inputs=inputs,
        scenario=scenario,
        timings=dict(solved.timings),
        sizes=dict(solved.sizes),
        solver=dict(solved.solver),
        objective_kcny=solved.objective_kcny,
    )
