"""Turn HiGHS's solution into the plan's tables and headline figures.

Fifth stage of the pipeline: from the solved values and duals (:mod:`optimiser.solver`) and the
model inputs, builds tidy pandas tables (units in column names): per site
(``clusters``), per region-site-class (``allocation``), per corridor (``corridors``), per
site-hour (``hourly``) and per region-site-hour (``latency_hourly``), plus ``summary``. Costs,
energies and green shares are recomputed here in pandas from the decisions, not read from the
model, so the audit (:mod:`optimiser.audit`) can compare them with the solver's objective.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from optimiser import __version__
from optimiser.inputs import KG_PER_TONNE, ModelInputs
from optimiser.model import CNY_PER_KCNY, MWH_PER_GWH
from optimiser.scenario import ResolvedScenario
from optimiser.solver import SolvedModel

SITE_HOUR_VARIABLES = {
    "flexible_load_mw": "flexible_load_mw",
    "grid_mw": "grid_mw",
    "storage_charge_mw": "storage_charge_mw",
    "storage_discharge_mw": "storage_discharge_mw",
    "storage_state_mwh": "storage_state_mwh",
}
SITE_VARIABLES = {
    "new_it_capacity_mw": "new_it_capacity_mw",
    "wind_capacity_mw": "wind_capacity_mw",
    "solar_capacity_mw": "solar_capacity_mw",
    "storage_power_mw": "storage_power_mw",
    "storage_energy_mwh": "storage_energy_mwh",
    "certificates_gwh": "certificates_gwh",
}


HEADLINE_FIGURES = [
    "objective_cny_per_year",
    "total_it_capacity_mw",
    "new_it_capacity_mw",
    "west_share_of_new_capacity",
    "green_share_annual",
    "green_share_hourly",
    "emissions_tco2_per_year",
    "energy_mwh_per_year",
    "curtailment_mwh_per_year",
    "corridor_import_mwh_per_year",
    "certificates_mwh_per_year",
]
"""The headline figures of ``summary.json`` that comparisons, sweeps and regressions use."""


@dataclass
class PlanTables:
    """The decisions of a plan, as tables (what the audit re-checks).

    Attributes
    ----------
    sites : pandas.DataFrame
        Index ``cluster_id``: the columns of :data:`SITE_VARIABLES`.
    hourly : pandas.DataFrame
        Columns ``cluster_id``, ``hour`` and the site-hour decisions [MW, MWh], plus
        ``latency_bound_load_mw``, ``wind_mw``, ``solar_mw`` and ``corridor_import_mw``.
    latency_hourly : pandas.DataFrame
        ``province_id``, ``cluster_id``, ``hour``, ``load_mw``.
    flexible_allocation : pandas.DataFrame
        ``province_id``, ``cluster_id``, ``load_mw`` (annual mean).
    corridor_hourly : pandas.DataFrame
        ``corridor_id``, ``cluster_id``, ``hour``, ``flow_mw``.
    """

    sites: pd.DataFrame
    hourly: pd.DataFrame
    latency_hourly: pd.DataFrame
    flexible_allocation: pd.DataFrame
    corridor_hourly: pd.DataFrame


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


def _frame(series: pd.Series, names: list[str], value: str) -> pd.DataFrame:
    if series.empty:
        return pd.DataFrame({**{name: [] for name in names}, value: []})
    index = pd.MultiIndex.from_tuples(list(series.index), names=names)
    return pd.DataFrame({value: series.to_numpy(dtype=float)}, index=index).reset_index()


def plan_tables(inputs: ModelInputs, solved: SolvedModel) -> PlanTables:
    """Arrange the solver's values as :class:`PlanTables`."""
    values = solved.values
    sites = pd.DataFrame(
        {
            column: values[name].reindex(list(inputs.sites.index)).fillna(0.0)
            for column, name in SITE_VARIABLES.items()
        }
    ).rename_axis("cluster_id")
    hourly = None
    for column, name in SITE_HOUR_VARIABLES.items():
        frame = _frame(values[name], ["cluster_id", "hour"], column)
        hourly = frame if hourly is None else hourly.merge(frame, on=["cluster_id", "hour"])
    assert hourly is not None
    latency = latency_hourly(inputs, values)
    flexible = _frame(
        values.get("flexible_allocation_mw", pd.Series(dtype=float)),
        ["province_id", "cluster_id"],
        "load_mw",
    )
    corridor = _frame(
        values.get("corridor_import_mw", pd.Series(dtype=float)),
        ["corridor_id", "cluster_id", "hour"],
        "flow_mw",
    )
    hourly = add_derived_hourly(hourly, inputs, latency, corridor, sites)
    return PlanTables(sites, hourly, latency, flexible, corridor)


def latency_hourly(inputs: ModelInputs, values: dict[str, pd.Series]) -> pd.DataFrame:
    """Return latency-bound load per region, site and hour [MW], however it was routed."""
    hourly = values.get("latency_bound_load_mw", pd.Series(dtype=float))
    if not hourly.empty:
        return _frame(hourly, ["province_id", "cluster_id", "hour"], "load_mw")
    shares = _frame(
        values.get("latency_bound_allocation_mw", pd.Series(dtype=float)),
        ["province_id", "cluster_id"],
        "load_mw",
    )
    shape = inputs.hours["demand_shape_latency_bound"]
    # Annual shares: every hour carries the share times that hour's demand shape.
    expanded = shares.loc[shares.index.repeat(len(shape))].reset_index(drop=True)
    expanded["hour"] = np.tile(shape.index.to_numpy(), len(shares))
    expanded["load_mw"] = expanded["load_mw"].to_numpy() * np.tile(shape.to_numpy(), len(shares))
    return expanded[["province_id", "cluster_id", "hour", "load_mw"]]


def add_derived_hourly(
    hourly: pd.DataFrame,
    inputs: ModelInputs,
    latency: pd.DataFrame,
    corridor: pd.DataFrame,
    sites: pd.DataFrame,
) -> pd.DataFrame:
    """Add latency-bound load, wind and solar output and corridor imports per site-hour."""
    keys = ["cluster_id", "hour"]
    latency_sum = latency.groupby(keys)["load_mw"].sum().rename("latency_bound_load_mw")
    corridor_sum = corridor.groupby(keys)["flow_mw"].sum().rename("corridor_import_mw")
    hourly = hourly.set_index(keys)
    hourly = (
        hourly.join(latency_sum)
        .join(corridor_sum)
        .fillna({"latency_bound_load_mw": 0.0, "corridor_import_mw": 0.0})
    )
    wind = inputs.wind_capacity_factor.stack().rename("wind_cf")
    solar = inputs.solar_capacity_factor.stack().rename("solar_cf")
    factors = pd.concat([wind, solar], axis=1)
    factors.index = factors.index.set_names(["hour", "cluster_id"])
    factors = factors.reorder_levels(keys)
    hourly = hourly.join(factors)
    cluster_level = hourly.index.get_level_values("cluster_id")
    hourly["wind_mw"] = (
        hourly.pop("wind_cf") * sites["wind_capacity_mw"].reindex(cluster_level).to_numpy()
    )
    hourly["solar_mw"] = (
        hourly.pop("solar_cf") * sites["solar_capacity_mw"].reindex(cluster_level).to_numpy()
    )
    # Curtailment is the power balance's surplus: supply the site did not use.
    pue = inputs.sites["pue"].reindex(cluster_level).to_numpy()
    surplus = (
        hourly["grid_mw"]
        + hourly["wind_mw"]
        + hourly["solar_mw"]
        + hourly["corridor_import_mw"]
        + hourly["storage_discharge_mw"]
        - pue * (hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"])
        - hourly["storage_charge_mw"]
    )
    hourly["curtailment_mw"] = surplus.where(surplus > 1e-9, 0.0)
    return hourly.reset_index()


def site_hourly_balance(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return per site-hour IT load, consumption, non-green supply and green share.

    Columns added to ``plan.hourly``: ``weight_h``, ``period``, ``it_load_mw``,
    ``consumption_mw`` (IT load × PUE), ``brown_mw`` (non-green supply), ``green_mw``,
    ``green_share`` [fraction].
    """
    hourly = plan.hourly.copy()
    hourly["weight_h"] = inputs.hours["weight_h"].reindex(hourly["hour"]).to_numpy()
    hourly["period"] = inputs.hours["period"].reindex(hourly["hour"]).to_numpy()
    site = inputs.sites.reindex(hourly["cluster_id"])
    hourly["it_load_mw"] = hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]
    hourly["consumption_mw"] = site["pue"].to_numpy() * hourly["it_load_mw"]
    corridor_brown = corridor_brown_by_site_hour(plan, inputs)
    hourly = hourly.merge(corridor_brown, on=["cluster_id", "hour"], how="left").fillna(
        {"corridor_brown_mw": 0.0, "corridor_fossil_mw": 0.0}
    )
    hourly["brown_mw"] = (1 - site["grid_renewable_share"].to_numpy()) * hourly["grid_mw"] + (
        hourly["corridor_brown_mw"]
    )
    hourly["green_mw"] = hourly["consumption_mw"] - hourly["brown_mw"]
    consuming = hourly["consumption_mw"].where(hourly["consumption_mw"] > 1e-9)
    hourly["green_share"] = hourly["green_mw"] / consuming
    return hourly


def corridor_brown_by_site_hour(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return the non-renewable part of corridor imports per site-hour [MW]."""
    flows = plan.corridor_hourly
    if flows.empty:
        return pd.DataFrame(
            columns=["cluster_id", "hour", "corridor_brown_mw", "corridor_fossil_mw"]
        )
    renewable = inputs.corridors["renewable_share"].reindex(flows["corridor_id"]).to_numpy()
    brown = flows.assign(corridor_brown_mw=flows["flow_mw"] * (1 - renewable))
    brown["corridor_fossil_mw"] = brown["corridor_brown_mw"]
    return brown.groupby(["cluster_id", "hour"], as_index=False)[
        ["corridor_brown_mw", "corridor_fossil_mw"]
    ].sum()


def cost_breakdown(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Recompute the annual cost of a plan by site and component, in pandas [CNY/yr].

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id`` (each cost is attributed to the site that incurs it; network
        cost to the serving site); columns are the components ``it_capex``, ``it_fixed_om``,
        ``wind``, ``solar``, ``storage``, ``grid_energy``, ``corridor_energy``,
        ``certificates``, ``network``, ``carbon``.
    """
    parameters = inputs.parameters
    sites = inputs.sites
    decisions = plan.sites
    costs = pd.DataFrame(index=sites.index)
    it_capex = sites["it_capex_cny_per_mw"]
    costs["it_capex"] = (
        parameters["it_annuity_per_year"] * it_capex * decisions["new_it_capacity_mw"]
    )
    costs["it_fixed_om"] = (
        parameters["it_fixed_om_share_per_year"]
        * it_capex
        * (sites["existing_it_capacity_mw"] + decisions["new_it_capacity_mw"])
    )
    for technology in ("wind", "solar"):
        factor = (
            parameters[f"{technology}_annuity_per_year"]
            + parameters[f"{technology}_fixed_om_share_per_year"]
        )
        costs[technology] = (
            factor
            * parameters[f"{technology}_capex_cny_per_mw"]
            * decisions[f"{technology}_capacity_mw"]
        )
    storage_factor = (
        parameters["storage_annuity_per_year"] + parameters["storage_fixed_om_share_per_year"]
    )
    costs["storage"] = storage_factor * (
        parameters["storage_power_capex_cny_per_mw"] * decisions["storage_power_mw"]
        + parameters["storage_energy_capex_cny_per_mwh"] * decisions["storage_energy_mwh"]
    )
    weight = inputs.hours["weight_h"]
    hourly = plan.hourly
    hour_weight = weight.reindex(hourly["hour"]).to_numpy()
    grid_mwh = (hourly["grid_mw"] * hour_weight).groupby(hourly["cluster_id"]).sum()
    costs["grid_energy"] = grid_mwh.reindex(sites.index).fillna(0.0) * sites["price_cny_per_mwh"]
    flows = plan.corridor_hourly
    if flows.empty:
        costs["corridor_energy"] = 0.0
    else:
        price = inputs.corridors["delivered_price_cny_per_mwh"].reindex(flows["corridor_id"])
        paid = flows["flow_mw"] * weight.reindex(flows["hour"]).to_numpy() * price.to_numpy()
        costs["corridor_energy"] = (
            paid.groupby(flows["cluster_id"]).sum().reindex(sites.index).fillna(0.0)
        )
    costs["certificates"] = (
        decisions["certificates_gwh"]
        * MWH_PER_GWH
        * parameters["green_certificate_price_cny_per_mwh"]
    )
    costs["network"] = (
        network_costs(plan, inputs)
        .groupby("cluster_id")["network_cost_cny_per_year"]
        .sum()
        .reindex(sites.index)
        .fillna(0.0)
    )
    emissions = site_emissions(plan, inputs)
    costs["carbon"] = emissions * inputs.settings.policy.carbon_price_cny_per_tco2
    return costs


def site_emissions(plan: PlanTables, inputs: ModelInputs) -> pd.Series:
    """Return each site's annual emissions [tCO2/yr]."""
    hourly = site_hourly_balance(plan, inputs)
    grid_factor = inputs.sites["grid_emissions_kgco2_per_mwh"].reindex(hourly["cluster_id"])
    fossil = inputs.parameters["fossil_emissions_kgco2_per_mwh"]
    kilograms = hourly["weight_h"] * (
        hourly["grid_mw"] * grid_factor.to_numpy() + hourly["corridor_fossil_mw"] * fossil
    )
    return (
        (kilograms / KG_PER_TONNE)
        .groupby(hourly["cluster_id"])
        .sum()
        .reindex(inputs.sites.index)
        .fillna(0.0)
    )


def network_costs(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return annual IT energy and network cost per region, site and workload class."""
    weight = inputs.hours["weight_h"]
    hours_per_year = float(weight.sum())
    latency = plan.latency_hourly.assign(
        energy=plan.latency_hourly["load_mw"]
        * weight.reindex(plan.latency_hourly["hour"]).to_numpy()
    )
    latency = latency.groupby(["province_id", "cluster_id"], as_index=False)["energy"].sum()
    latency["workload"] = "latency_bound"
    flexible = plan.flexible_allocation.assign(
        energy=plan.flexible_allocation["load_mw"] * hours_per_year, workload="flexible"
    ).drop(columns="load_mw")
    table = pd.concat([latency, flexible], ignore_index=True).rename(
        columns={"energy": "it_energy_mwh"}
    )
    pairs = inputs.pairs.set_index(["province_id", "cluster_id"])
    keys = pd.MultiIndex.from_arrays([table["province_id"], table["cluster_id"]])
    for column in ("rtt_ms", "distance_km"):
        table[column] = pairs[column].reindex(keys).to_numpy()
    unit_cost = np.where(
        table["workload"] == "latency_bound",
        pairs["network_cost_latency_bound_cny_per_mwh"].reindex(keys).to_numpy(),
        pairs["network_cost_flexible_cny_per_mwh"].reindex(keys).to_numpy(),
    )
    table["network_cost_cny_per_year"] = table["it_energy_mwh"] * unit_cost
    return table


def cluster_table(
    plan: PlanTables, inputs: ModelInputs, solved: SolvedModel, costs: pd.DataFrame
) -> pd.DataFrame:
    """Return ``clusters.csv``: capacities, energy by source, green shares, cost per site."""
    sites = inputs.sites
    hourly = site_hourly_balance(plan, inputs)
    weighted = hourly[
        [
            "it_load_mw",
            "consumption_mw",
            "grid_mw",
            "wind_mw",
            "solar_mw",
            "curtailment_mw",
            "corridor_import_mw",
            "storage_charge_mw",
            "storage_discharge_mw",
            "green_mw",
            "brown_mw",
        ]
    ].mul(hourly["weight_h"], axis=0)
    energy = weighted.groupby(hourly["cluster_id"]).sum().reindex(sites.index).fillna(0.0)
    decisions = plan.sites
    table = pd.DataFrame(index=sites.index)
    for column in (
        "province_id",
        "role",
        "is_hub_cluster",
        "pue",
        "utilisation_limit",
        "existing_it_capacity_mw",
        "max_it_capacity_mw",
    ):
        table[column] = sites[column]
    table["new_it_capacity_mw"] = decisions["new_it_capacity_mw"]
    table["total_it_capacity_mw"] = table["existing_it_capacity_mw"] + table["new_it_capacity_mw"]
    for column in (
        "wind_capacity_mw",
        "solar_capacity_mw",
        "storage_power_mw",
        "storage_energy_mwh",
    ):
        table[column] = decisions[column]
    renames = {
        "it_load_mw": "it_energy_mwh",
        "consumption_mw": "consumption_mwh",
        "grid_mw": "grid_mwh",
        "wind_mw": "wind_mwh",
        "solar_mw": "solar_mwh",
        "curtailment_mw": "curtailment_mwh",
        "corridor_import_mw": "corridor_import_mwh",
        "storage_charge_mw": "storage_charge_mwh",
        "storage_discharge_mw": "storage_discharge_mwh",
        "green_mw": "green_energy_mwh",
    }
    for source, target in renames.items():
        table[target] = energy[source]
    table["certificates_mwh"] = decisions["certificates_gwh"] * MWH_PER_GWH
    consumption = table["consumption_mwh"].where(table["consumption_mwh"] > 0)
    table["green_share_target"] = sites["green_share_target"]
    table["green_share_annual"] = (
        (table["green_energy_mwh"] + table["certificates_mwh"]) / consumption
    ).clip(upper=1.0)
    table["green_share_hourly"] = table["green_energy_mwh"] / consumption
    table["min_hourly_green_share"] = (
        hourly.groupby("cluster_id")["green_share"].min().reindex(sites.index)
    )
    table["emissions_tco2_per_year"] = site_emissions(plan, inputs)
    table["cost_cny_per_year"] = costs.sum(axis=1)
    table["green_target_shadow_price_cny_per_mwh"] = green_target_shadow_price(solved, inputs)
    return table.reset_index()


def green_target_shadow_price(solved: SolvedModel, inputs: ModelInputs) -> pd.Series:
    """Return the marginal cost of the green target per site [CNY per MWh of green energy].

    In the annual accounting: the objective's increase if the site had to source one more
    MWh of green energy over the year. In the hourly accounting: the same summed over the
    hours (each hour's row weighted back to a year of energy). Zero where the target does not
    bind or does not apply.
    """
    duals = solved.duals.get("green_share_at_least_target")
    result = pd.Series(0.0, index=inputs.sites.index)
    if duals is None or duals.empty:
        return result
    # HiGHS reports d objective / d row upper bound; tightening the bound by 1 MWh costs -dual.
    if inputs.settings.policy.green_accounting == "annual":
        per_site = -duals
    else:
        index = pd.MultiIndex.from_tuples(list(duals.index), names=["cluster_id", "hour"])
        hourly = pd.Series(-duals.to_numpy(), index=index)
        weight = inputs.hours["weight_h"]
        per_hour_energy = hourly / weight.reindex(index.get_level_values("hour")).to_numpy()
        per_site = per_hour_energy.groupby(level="cluster_id").max()
    result.update(per_site.astype(float) * CNY_PER_KCNY)
    return result + 0.0  # + 0.0 turns -0.0 into 0.0


def corridor_table(plan: PlanTables, inputs: ModelInputs, solved: SolvedModel) -> pd.DataFrame:
    """Return ``corridors.csv``: flows, capacity, utilisation and marginal value."""
    corridors = inputs.corridors
    weight = inputs.hours["weight_h"]
    hours_per_year = float(weight.sum())
    flows = plan.corridor_hourly
    by_hour = flows.groupby(["corridor_id", "hour"])["flow_mw"].sum().reset_index()
    by_hour["energy"] = by_hour["flow_mw"] * weight.reindex(by_hour["hour"]).to_numpy()
    table = pd.DataFrame(index=corridors.index)
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
    served = flows.groupby("corridor_id")["cluster_id"].unique()
    table["clusters_served"] = [
        ";".join(sorted(served.get(corridor, []))) for corridor in corridors.index
    ]
    return table.rename_axis("corridor_id").reset_index()


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
        "corridor_import_mw",
        "storage_charge_mw",
        "storage_discharge_mw",
        "storage_state_mwh",
        "green_mw",
        "brown_mw",
        "green_share",
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


def build_summary(
    clusters: pd.DataFrame,
    corridors: pd.DataFrame,
    costs: pd.DataFrame,
    solved: SolvedModel,
    scenario: ResolvedScenario,
) -> dict[str, Any]:
    """Return the headline figures of a plan (``summary.json``)."""
    new = clusters["new_it_capacity_mw"].sum()
    west_new = clusters.loc[clusters["role"] == "west", "new_it_capacity_mw"].sum()
    consumption = clusters["consumption_mwh"].sum()
    green = clusters["green_energy_mwh"].sum()
    certificates = clusters["certificates_mwh"].sum()
    targeted = clusters[clusters["green_share_target"] > 0]
    return {
        "model": scenario.model_name,
        "model_path": str(scenario.model_path),
        "scenario": scenario.scenario_name,
        "description": scenario.description,
        "overrides": {key: value for key, value in scenario.overrides.items()},
        "status": "optimal",
        "objective_cny_per_year": solved.objective_kcny * CNY_PER_KCNY,
        "cost_breakdown_cny_per_year": {key: float(value) for key, value in costs.sum().items()},
        "total_it_capacity_mw": float(clusters["total_it_capacity_mw"].sum()),
        "new_it_capacity_mw": float(new),
        "west_share_of_new_capacity": float(west_new / new) if new > 1e-9 else None,
        "green_accounting": scenario.settings.policy.green_accounting,
        "green_share_target": scenario.settings.policy.green_share_target,
        "green_share_annual": float((green + certificates) / consumption) if consumption else None,
        "green_share_hourly": float(green / consumption) if consumption else None,
        "min_hourly_green_share_targeted": (
            float(targeted["min_hourly_green_share"].min()) if len(targeted) else None
        ),
        "emissions_tco2_per_year": float(clusters["emissions_tco2_per_year"].sum()),
        "energy_mwh_per_year": float(consumption),
        "it_energy_mwh_per_year": float(clusters["it_energy_mwh"].sum()),
        "curtailment_mwh_per_year": float(clusters["curtailment_mwh"].sum()),
        "corridor_import_mwh_per_year": float(corridors["energy_mwh"].sum()),
        "certificates_mwh_per_year": float(certificates),
        "timings_s": {},
        "sizes": dict(solved.sizes),
        "solver": dict(solved.solver),
        "dcsite_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
