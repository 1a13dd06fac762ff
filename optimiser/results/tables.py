"""Turn HiGHS's solution into the plan's tables and headline figures.

From the solved values and duals (:mod:`optimiser.lp.solver`) and the model inputs, builds tidy
pandas tables (units in column names): per site (``clusters``), per region-site-class
(``allocation``), per corridor (``corridors``), per site-hour (``hourly``) and per region-site-hour
(``latency_hourly``), plus ``summary``. Costs, energies and green shares are recomputed in pandas
from the decisions (:mod:`optimiser.results.accounting`), not read from the model, so the audit
(:mod:`optimiser.results.audit`) can compare them with the solver's objective.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.model import CNY_PER_KCNY, MWH_PER_GWH
from optimiser.lp.solver import SolvedModel
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.results.accounting import (
    LONG_DURATION_HOURLY_COLUMNS,
    PlanTables,
    certificate_costs,
    compute_and_idle,
    cost_breakdown,
    marginal_certificate_price,
    network_costs,
    site_emissions,
    site_hourly_balance,
)
from optimiser.results.supply_tables import (
    FIRM_CONTRACT_COLUMNS,
    firm_contracts,
    firm_output_by_site_hour,
    long_duration_capacities,
    shift_summary,
)
from optimiser.scenario import ResolvedScenario
from optimiser.version import __version__

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
    "west_hub_share_of_new_capacity",
    "western_region_share_of_new_capacity",
    "green_share_annual",
    "green_share_hourly",
    "green_share_hourly_own_supply",
    "emissions_tco2_per_year",
    "energy_mwh_per_year",
    "curtailment_mwh_per_year",
    "corridor_import_mwh_per_year",
    "certificates_mwh_per_year",
    "certificate_marginal_price_cny_per_mwh",
    "untargeted_share_of_it_energy",
    "total_it_capacity_eflops",
    "idle_share",
    "idle_it_capacity_mw",
    "stranded_capex_cny_per_year",
]
"""The headline figures of ``summary.json`` that comparisons, sweeps and regressions use."""


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
    index = series.index
    if not isinstance(index, pd.MultiIndex):
        index = pd.MultiIndex.from_tuples(list(index))
    columns: dict[str, Any] = {
        name: index.get_level_values(level) for level, name in enumerate(names)
    }
    columns[value] = series.to_numpy(dtype=float)
    return pd.DataFrame(columns)


def _aligned(series: pd.Series, keys: pd.Index) -> pd.Series:
    """Return a component's values in the order of ``keys`` (NaN where it has none)."""
    return series if series.index.equals(keys) else series.reindex(keys)


def plan_tables(inputs: ModelInputs, solved: SolvedModel) -> PlanTables:
    """Arrange the solver's values as :class:`PlanTables`."""
    values = solved.values
    sites = pd.DataFrame(
        {
            column: values[name].reindex(list(inputs.sites.index)).fillna(0.0)
            for column, name in SITE_VARIABLES.items()
        }
    ).rename_axis("cluster_id")
    contracts = firm_contracts(inputs, values.get("firm_contract_mw", pd.Series(dtype=float)))
    for column in FIRM_CONTRACT_COLUMNS:
        sites[column] = contracts[column]
    stores = long_duration_capacities(inputs, values)
    for column in LONG_DURATION_COLUMNS:
        sites[column] = stores[column]
    # Every site-hour decision is indexed by the same site-hours: aligned on the first's.
    first = values[next(iter(SITE_HOUR_VARIABLES.values()))]
    keys = first.index
    hourly = _frame(first, ["cluster_id", "hour"], next(iter(SITE_HOUR_VARIABLES)))
    for column, name in list(SITE_HOUR_VARIABLES.items())[1:]:
        hourly[column] = _aligned(values[name], keys).to_numpy(dtype=float)
    # Sales exist only where the scenario allows them; elsewhere nothing is sold.
    sold = values.get("surplus_sold_mw", pd.Series(dtype=float))
    hourly["surplus_sold_mw"] = (
        _aligned(sold, keys).fillna(0.0).to_numpy(dtype=float) if len(sold) else 0.0
    )
    stored = long_duration_hourly(values)
    for flow in ("charge", "discharge"):
        by_site_hour = stored.groupby(["cluster_id", "hour"])[f"{flow}_mw"].sum()
        hourly[f"long_duration_{flow}_mw"] = (
            by_site_hour.reindex(pd.MultiIndex.from_frame(hourly[["cluster_id", "hour"]]))
            .fillna(0.0)
            .to_numpy(dtype=float)
        )
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
    return PlanTables(sites, hourly, latency, flexible, corridor, stored)


def long_duration_hourly(values: dict[str, pd.Series]) -> pd.DataFrame:
    """Return each long-duration store's charge, discharge and level per modelled hour."""
    charge = values.get("long_duration_charge_mw", pd.Series(dtype=float))
    if charge.empty:
        return pd.DataFrame(columns=LONG_DURATION_HOURLY_COLUMNS)
    table = _frame(charge, ["cluster_id", "technology_id", "hour"], "charge_mw")
    keys = charge.index
    for name, column in (
        ("long_duration_discharge_mw", "discharge_mw"),
        ("long_duration_level_mwh", "level_mwh"),
    ):
        table[column] = _aligned(values[name], keys).to_numpy(dtype=float)
    return table[LONG_DURATION_HOURLY_COLUMNS]


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
    keys = pd.MultiIndex.from_arrays([hourly["cluster_id"], hourly["hour"]])

    def per_site_hour(frame: pd.DataFrame, column: str) -> np.ndarray:
        rows = keys.get_indexer(pd.MultiIndex.from_arrays([frame["cluster_id"], frame["hour"]]))
        known = rows >= 0
        weights = frame[column].to_numpy(dtype=float)[known]
        return np.bincount(rows[known], weights=weights, minlength=len(hourly))

    latency_load = per_site_hour(latency, "load_mw") if len(latency) else np.zeros(len(hourly))
    imports = per_site_hour(corridor, "flow_mw") if len(corridor) else np.zeros(len(hourly))
    site_names = hourly["cluster_id"]
    wind_factor = _factor_at(inputs.wind_capacity_factor, hourly["hour"], site_names)
    solar_factor = _factor_at(inputs.solar_capacity_factor, hourly["hour"], site_names)
    wind = wind_factor * sites["wind_capacity_mw"].reindex(site_names).to_numpy(dtype=float)
    solar = solar_factor * sites["solar_capacity_mw"].reindex(site_names).to_numpy(dtype=float)
    firm = firm_output_by_site_hour(inputs, sites, hourly)
    # Curtailment is the power balance's surplus: supply the site did not use.
    pue = inputs.sites["pue"].reindex(site_names).to_numpy(dtype=float)
    surplus = (
        hourly["grid_mw"].to_numpy()
        + wind
        + solar
        + imports
        + hourly["storage_discharge_mw"].to_numpy()
        + hourly["long_duration_discharge_mw"].to_numpy()
        + sum(firm.values())
        - pue * (latency_load + hourly["flexible_load_mw"].to_numpy())
        - hourly["storage_charge_mw"].to_numpy()
        - hourly["long_duration_charge_mw"].to_numpy()
        - hourly["surplus_sold_mw"].to_numpy()
    )
    added = pd.DataFrame(
        {
            "latency_bound_load_mw": latency_load,
            "corridor_import_mw": imports,
            "wind_mw": wind,
            "solar_mw": solar,
            **firm,
            "curtailment_mw": np.where(surplus > 1e-9, surplus, 0.0),
        },
        index=hourly.index,
    )
    return pd.concat([hourly, added], axis=1)


def _factor_at(factors: pd.DataFrame, hours: pd.Series, sites: pd.Series) -> np.ndarray:
    """Return a capacity factor table's value at each (hour, site) pair [fraction]."""
    hour_rows = factors.index.get_indexer(hours)
    columns = factors.columns.get_indexer(sites)
    values = factors.to_numpy(dtype=float)[hour_rows, columns]
    # A site or hour without a profile has no output to report.
    return np.where((hour_rows >= 0) & (columns >= 0), values, np.nan)


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
            "surplus_sold_mw",
            "corridor_import_mw",
            "firm_nuclear_mw",
            "firm_hydro_mw",
            "storage_charge_mw",
            "storage_discharge_mw",
            "long_duration_charge_mw",
            "long_duration_discharge_mw",
            "green_mw",
            "brown_mw",
            "carbon_free_mw",
            "own_green_mw",
        ]
    ].mul(hourly["weight_h"], axis=0)
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
        "wind_capacity_mw",
        "solar_capacity_mw",
        "storage_power_mw",
        "storage_energy_mwh",
        *FIRM_CONTRACT_COLUMNS,
        *LONG_DURATION_COLUMNS,
    ):
        table[column] = decisions[column]
    renames = {
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
    for source, target in renames.items():
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


def certificate_summary(clusters: pd.DataFrame, inputs: ModelInputs) -> dict[str, float | None]:
    """Return what the plan buys on the certificate market, its cost and its marginal price.

    ``certificate_marginal_price_cny_per_mwh`` is the price of the step the last certificate
    was bought on (None when none is bought); ``certificate_volume_available_mwh_per_year``
    the market's yearly volume (None when unlimited).
    """
    supply = inputs.certificate_supply
    total_gwh = float(clusters["certificates_mwh"].sum()) / MWH_PER_GWH
    steps = certificate_costs(total_gwh, supply)
    marginal = marginal_certificate_price(steps)
    available = float(supply["volume_gwh_per_year"].sum()) * MWH_PER_GWH
    return {
        "certificate_cost_cny_per_year": float(steps["cost_cny_per_year"].sum()),
        "certificate_marginal_price_cny_per_mwh": None if np.isnan(marginal) else marginal,
        "certificate_volume_available_mwh_per_year": available if np.isfinite(available) else None,
    }


def leakage_summary(clusters: pd.DataFrame, inputs: ModelInputs) -> dict[str, float | None]:
    """Return the IT energy served at sites the green target does not apply to, and its share.

    Sites outside ``policy.green_target_applies_to`` (the candidates outside the hub clusters,
    by default), whatever the target's value. When a target rises, load can move to them
    (leakage); comparisons report the change of this share against the reference plan.
    ``policy.green_target_applies_to: all_sites`` closes it.
    """
    it_energy = clusters.set_index("cluster_id")["it_energy_mwh"]
    if inputs.settings.policy.green_target_applies_to == "all_sites":
        outside = pd.Series(False, index=it_energy.index)
    else:
        outside = ~inputs.sites["is_hub_cluster"].astype(bool).reindex(it_energy.index)
    untargeted = float(it_energy[outside].sum())
    total = float(it_energy.sum())
    return {
        "untargeted_it_energy_mwh_per_year": untargeted,
        "untargeted_share_of_it_energy": untargeted / total if total > 0 else None,
    }


def compute_summary(clusters: pd.DataFrame) -> dict[str, float | None]:
    """Return the national compute, rack and idle-capacity headlines of a plan."""
    installed = float(clusters["total_it_capacity_mw"].sum())
    idle = float(clusters["idle_it_capacity_mw"].sum())
    return {
        "total_it_capacity_eflops": float(clusters["total_it_capacity_eflops"].sum()),
        "new_it_capacity_eflops": float(clusters["new_it_capacity_eflops"].sum()),
        "total_racks": float(clusters["total_racks"].sum()),
        "mean_it_load_mw": float(clusters["mean_it_load_mw"].sum()),
        "compute_in_use_eflops": float(
            (clusters["total_it_capacity_eflops"] - clusters["idle_it_capacity_eflops"]).sum()
        ),
        "idle_it_capacity_mw": idle,
        "idle_it_capacity_eflops": float(clusters["idle_it_capacity_eflops"].sum()),
        "idle_share": idle / installed if installed > 1e-9 else None,
        "stranded_capex_cny_per_year": float(clusters["stranded_capex_cny_per_year"].sum()),
        "committed_new_it_capacity_mw": float(clusters["committed_new_it_capacity_mw"].sum()),
    }


def build_summary(
    clusters: pd.DataFrame,
    corridors: pd.DataFrame,
    costs: pd.DataFrame,
    solved: SolvedModel,
    scenario: ResolvedScenario,
) -> dict[str, Any]:
    """Return the headline figures of a plan (``summary.json``)."""
    new = clusters["new_it_capacity_mw"].sum()
    west_hubs = (clusters["role"] == "west") & clusters["is_hub_cluster"].astype(bool)
    west_hub_new = clusters.loc[west_hubs, "new_it_capacity_mw"].sum()
    western_new = clusters.loc[
        clusters["is_western_region"].astype(bool), "new_it_capacity_mw"
    ].sum()
    own_green = clusters["own_green_energy_mwh"].sum()
    consumption = clusters["consumption_mwh"].sum()
    green = clusters["green_energy_mwh"].sum()
    carbon_free = clusters["carbon_free_energy_mwh"].sum()
    certificates = clusters["certificates_mwh"].sum()
    targeted = clusters[clusters["green_share_target"] > 0]
    return {
        "model": scenario.model_name,
        "model_path": str(scenario.model_path),
        "scenario": scenario.scenario_name,
        "description": scenario.description,
        "year": scenario.settings.year,
        "overrides": {key: value for key, value in scenario.overrides.items()},
        "status": "optimal",
        "objective_cny_per_year": solved.objective_kcny * CNY_PER_KCNY,
        "cost_breakdown_cny_per_year": {key: float(value) for key, value in costs.sum().items()},
        "total_it_capacity_mw": float(clusters["total_it_capacity_mw"].sum()),
        "new_it_capacity_mw": float(new),
        "west_hub_share_of_new_capacity": float(west_hub_new / new) if new > 1e-9 else None,
        "western_region_share_of_new_capacity": (float(western_new / new) if new > 1e-9 else None),
        "green_accounting": scenario.settings.policy.green_accounting,
        "green_share_target": scenario.settings.policy.green_share_target,
        "green_share_annual": float((green + certificates) / consumption) if consumption else None,
        "green_share_hourly": float(carbon_free / consumption) if consumption else None,
        "green_share_hourly_own_supply": (float(own_green / consumption) if consumption else None),
        "min_hourly_green_share_targeted": (
            float(targeted["min_hourly_green_share"].min()) if len(targeted) else None
        ),
        **compute_summary(clusters),
        "emissions_tco2_per_year": float(clusters["emissions_tco2_per_year"].sum()),
        "energy_mwh_per_year": float(consumption),
        "it_energy_mwh_per_year": float(clusters["it_energy_mwh"].sum()),
        "curtailment_mwh_per_year": float(clusters["curtailment_mwh"].sum()),
        "surplus_sold_mwh_per_year": float(clusters["surplus_sold_mwh"].sum()),
        "corridor_import_mwh_per_year": float(corridors["energy_mwh"].sum()),
        "certificates_mwh_per_year": float(certificates),
        "timings_s": {},
        "sizes": dict(solved.sizes),
        "solver": dict(solved.solver),
        "dcsite_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
