"""Account for a plan in plain pandas: energy balance, green shares, emissions and costs.

Shared by the results tables (:mod:`optimiser.results.tables`, which report these figures) and
the audit (:mod:`optimiser.results.audit`, which compares the recomputed cost with the solver's
objective).
Everything here works from the plan's decisions (:class:`PlanTables`) and the model inputs
alone, never from the Pyomo model, so a plan read back from its folder is accounted for the same
way as one just solved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from optimiser.lp.firm import GREEN_IN_ANNUAL_MEASURE
from optimiser.lp.inputs import KG_PER_TONNE, ModelInputs, annuity_factor
from optimiser.lp.units import MWH_PER_GWH

LONG_DURATION_HOURLY_COLUMNS = [
    "cluster_id",
    "technology_id",
    "hour",
    "charge_mw",
    "discharge_mw",
    "level_mwh",
]
"""The columns of :attr:`PlanTables.long_duration_hourly`."""


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
    long_duration_hourly : pandas.DataFrame
        ``cluster_id``, ``technology_id``, ``hour``, ``charge_mw``, ``discharge_mw`` and
        ``level_mwh`` (from the start of its modelled day on linked days) of each
        long-duration store.

    Notes
    -----
    The figures accounted from a plan (:func:`site_hourly_balance`, :func:`cost_breakdown`,
    :func:`site_emissions`, :func:`network_costs`) are computed once per plan and inputs and
    kept with it, so the result tables and the audit share them: the tables of a plan are not
    changed once it is made (a changed plan is a new :class:`PlanTables`).
    """

    sites: pd.DataFrame
    hourly: pd.DataFrame
    latency_hourly: pd.DataFrame
    flexible_allocation: pd.DataFrame
    corridor_hourly: pd.DataFrame
    long_duration_hourly: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=LONG_DURATION_HOURLY_COLUMNS)
    )
    accounts: dict[tuple[str, int], tuple[ModelInputs, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


Figure = TypeVar("Figure")


def accounted(
    compute: Callable[[PlanTables, ModelInputs], Figure],
) -> Callable[[PlanTables, ModelInputs], Figure]:
    """Compute a figure of a plan under given inputs on first use only, then keep it.

    The result tables and the audit ask for the same figures (the site-hour balance alone was
    recomputed seven times per solve); kept with the plan, each is computed once. The figure
    returned is shared: callers read it and never change it.
    """

    @functools.wraps(compute)
    def kept(plan: PlanTables, inputs: ModelInputs) -> Figure:
        key = (compute.__name__, id(inputs))
        held = plan.accounts.get(key)
        if held is not None and held[0] is inputs:
            value: Figure = held[1]
            return value
        value = compute(plan, inputs)
        plan.accounts[key] = (inputs, value)  # holding the inputs keeps their id theirs
        return value

    return kept


def _corridor_flows_by_site_hour(
    plan: PlanTables, inputs: ModelInputs, hourly: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Sum each site-hour's corridor imports by how they count [MW].

    Returns ``annual_brown`` (beyond the line's annual renewable share), ``hourly_brown``
    (beyond its green share in that hour) and ``own_shortfall`` (for the own-supply measure:
    the not-green part of a contract in the site's own province, all of wheeled power), each
    aligned with the rows of ``hourly``.
    """
    flows = plan.corridor_hourly
    zeros: np.ndarray = np.zeros(len(hourly))
    if flows.empty:
        return {"annual_brown": zeros, "hourly_brown": zeros, "own_shortfall": zeros}
    flow = flows["flow_mw"].to_numpy(dtype=float)
    annual = inputs.corridors["renewable_share"].reindex(flows["corridor_id"]).to_numpy()
    green = inputs.corridor_green_share
    hourly_green = green.to_numpy(dtype=float)[
        green.index.get_indexer(flows["hour"]), green.columns.get_indexer(flows["corridor_id"])
    ]
    links = inputs.corridor_links.set_index(["corridor_id", "cluster_id"])["own_supply"]
    own = (
        links.reindex(pd.MultiIndex.from_arrays([flows["corridor_id"], flows["cluster_id"]]))
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    keys = pd.MultiIndex.from_arrays([hourly["cluster_id"], hourly["hour"]])
    rows = keys.get_indexer(pd.MultiIndex.from_arrays([flows["cluster_id"], flows["hour"]]))
    # Imports to a site-hour without a row in the plan have no balance to join.
    known = rows >= 0

    def by_row(values: np.ndarray) -> np.ndarray:
        return np.bincount(rows[known], weights=values[known], minlength=len(hourly))

    hourly_brown = flow * (1 - hourly_green)
    return {
        "annual_brown": by_row(flow * (1 - annual)),
        "hourly_brown": by_row(hourly_brown),
        "own_shortfall": by_row(np.where(own, hourly_brown, flow)),
    }


@accounted
def site_hourly_balance(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return per site-hour IT load, consumption and what counts as green in each measure.

    Columns added to ``plan.hourly``: ``weight_h``, ``period``, ``it_load_mw``,
    ``consumption_mw`` (IT load × PUE); for the annual measure ``brown_mw`` (non-green
    supply, the grid and corridors at their annual renewable shares) and ``green_mw``; for the
    24/7 CFE score ``grid_carbon_free_share`` (the grid's share in the hour),
    ``hourly_brown_mw`` (supply that is not carbon-free in the hour), ``carbon_free_mw`` and
    ``green_share`` (the hour's carbon-free share of consumption) [fraction]; and for the
    own-supply measure ``own_supply_shortfall_mw`` (all grid purchases, wheeled corridor
    power and the part of a site's own corridor contracts that is not green in the hour),
    ``own_green_mw`` and ``own_supply_green_share`` [fraction].
    """
    hourly = plan.hourly
    hours, sites = inputs.hours, inputs.sites
    at_hour = hours.index.get_indexer(hourly["hour"])
    at_site = sites.index.get_indexer(hourly["cluster_id"])
    grid = hourly["grid_mw"].to_numpy(dtype=float)
    it_load = (hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]).to_numpy(dtype=float)
    consumption = sites["pue"].to_numpy(dtype=float)[at_site] * it_load
    corridor = _corridor_flows_by_site_hour(plan, inputs, hourly)
    # Nuclear contracts are carbon-free but not renewable: not green in the annual measure
    # or on own supply.
    firm_not_green = sum(
        (
            hourly[f"firm_{technology}_mw"].to_numpy(dtype=float)
            for technology, green in GREEN_IN_ANNUAL_MEASURE.items()
            if not green and f"firm_{technology}_mw" in hourly.columns
        ),
        np.zeros(len(hourly)),
    )
    brown = (1 - sites["grid_renewable_share"].to_numpy(dtype=float)[at_site]) * grid
    brown = brown + corridor["annual_brown"] + firm_not_green
    carbon_free_grid = inputs.grid_carbon_free_share
    grid_share = carbon_free_grid.to_numpy(dtype=float)[
        carbon_free_grid.index.get_indexer(hourly["hour"]),
        carbon_free_grid.columns.get_indexer(sites["province_id"].to_numpy()[at_site]),
    ]
    hourly_brown = (1 - grid_share) * grid + corridor["hourly_brown"]
    # Own supply: all grid purchases count as not green, whatever the grid's mix.
    shortfall = grid + corridor["own_shortfall"] + firm_not_green
    own_green = np.clip(consumption - shortfall, 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        consuming = np.where(consumption > 1e-9, consumption, np.nan)
        green_share = (consumption - hourly_brown) / consuming
        own_share = own_green / consuming
    added = pd.DataFrame(
        {
            "weight_h": hours["weight_h"].to_numpy()[at_hour],
            "period": hours["period"].to_numpy()[at_hour],
            "it_load_mw": it_load,
            "consumption_mw": consumption,
            "corridor_fossil_mw": corridor["annual_brown"],
            "brown_mw": brown,
            "green_mw": consumption - brown,
            "grid_carbon_free_share": grid_share,
            "hourly_brown_mw": hourly_brown,
            "carbon_free_mw": consumption - hourly_brown,
            "green_share": green_share,
            "own_supply_shortfall_mw": shortfall,
            "own_green_mw": own_green,
            "own_supply_green_share": own_share,
        },
        index=hourly.index,
    )
    return pd.concat([hourly, added], axis=1)


def certificate_costs(total_gwh: float, supply: pd.DataFrame) -> pd.DataFrame:
    """Fill the certificate market's steps, cheapest first, with the volume bought.

    An optimal plan buys on the cheapest steps first (one product, rising prices), so the
    cost of a total volume follows from the supply curve alone.

    Parameters
    ----------
    total_gwh : float
        Certificates bought by all sites [GWh/yr].
    supply : pandas.DataFrame
        ``ModelInputs.certificate_supply``.

    Returns
    -------
    pandas.DataFrame
        Index ``step_id``: ``price_cny_per_mwh``, ``volume_gwh_per_year``, ``bought_gwh``,
        ``cost_cny_per_year``.
    """
    ordered = supply.sort_values("price_cny_per_mwh", kind="stable")
    volume = ordered["volume_gwh_per_year"].to_numpy(dtype=float)
    before = np.concatenate([[0.0], np.cumsum(volume)[:-1]])
    bought = np.clip(max(total_gwh, 0.0) - before, 0.0, volume)
    table = ordered[["price_cny_per_mwh", "volume_gwh_per_year"]].copy()
    table["bought_gwh"] = bought
    table["cost_cny_per_year"] = bought * MWH_PER_GWH * table["price_cny_per_mwh"]
    return table


def marginal_certificate_price(steps: pd.DataFrame) -> float:
    """Return the price of the last certificate bought [CNY/MWh] (NaN when none is bought).

    ``steps`` is the market filled with what was bought (:func:`certificate_costs`).
    """
    used = steps[steps["bought_gwh"] > 1e-9]
    return float(used["price_cny_per_mwh"].iloc[-1]) if len(used) else float("nan")


def long_duration_lease(plan: PlanTables, inputs: ModelInputs) -> pd.Series:
    """Return each site's annual lease of long-duration storage [CNY/yr].

    Annuity of the capex (the technology's lifetime, the scenario's discount rate) plus fixed
    O&M, per MW of power and per MWh of energy.
    """
    lease = pd.Series(0.0, index=inputs.sites.index)
    for name, row in inputs.long_duration_technologies.iterrows():
        power, energy = f"{name}_power_mw", f"{name}_energy_mwh"
        if power not in plan.sites.columns:
            continue
        factor = annuity_factor(
            inputs.parameters["discount_rate"], float(row["lifetime_years"])
        ) + float(row["fixed_om_share_per_year"])
        lease += factor * (
            row["power_capex_cny_per_mw"] * plan.sites[power].reindex(lease.index).fillna(0.0)
            + row["energy_capex_cny_per_mwh"] * plan.sites[energy].reindex(lease.index).fillna(0.0)
        )
    return lease


def firm_energy_cost(plan: PlanTables, inputs: ModelInputs) -> pd.Series:
    """Return what each site pays for its clean firm contracts' output [CNY/yr].

    Every MWh delivered is paid for at the supply's delivered price, used or not
    (take-or-pay).
    """
    hourly = plan.hourly
    weight = inputs.hours["weight_h"].reindex(hourly["hour"]).to_numpy()
    provinces = inputs.sites["province_id"].reindex(hourly["cluster_id"]).to_numpy()
    paid = np.zeros(len(hourly))
    for _, supply in inputs.firm_supply.iterrows():
        column = f"firm_{supply['technology']}_mw"
        if column not in hourly.columns:
            continue
        in_province = provinces == supply["province_id"]
        delivered = hourly[column].to_numpy(dtype=float) * weight
        paid += np.where(in_province, delivered * supply["delivered_price_cny_per_mwh"], 0.0)
    return (
        pd.Series(paid)
        .groupby(hourly["cluster_id"].to_numpy())
        .sum()
        .reindex(inputs.sites.index)
        .fillna(0.0)
    )


@accounted
def cost_breakdown(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Recompute the annual cost of a plan by site and component, in pandas [CNY/yr].

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id`` (each cost is attributed to the site that incurs it; network
        cost to the serving site); columns are the components ``it_capex`` (building,
        cooling and electrical plant, per MW), ``it_servers`` (servers and accelerators, per
        EFLOPS), ``it_fixed_om``,
        ``wind``, ``solar``, ``storage``, ``grid_energy``, ``corridor_energy``,
        ``firm_energy`` (clean firm contracts), ``long_duration_storage`` (its lease),
        ``certificates``, ``network``,
        ``surplus_sale`` (revenue, negative), ``carbon``.
    """
    parameters = inputs.parameters
    sites = inputs.sites
    decisions = plan.sites
    costs: dict[str, Any] = {}
    it_capex = sites["it_capex_cny_per_mw"]
    costs["it_capex"] = (
        parameters["it_annuity_per_year"] * it_capex * decisions["new_it_capacity_mw"]
    )
    costs["it_servers"] = (
        parameters["server_annuity_per_year"]
        * sites["server_capex_cny_per_mw"]
        * decisions["new_it_capacity_mw"]
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
            * sites[f"{technology}_capex_cny_per_mw"]
            * decisions[f"{technology}_capacity_mw"]
        )
    storage_factor = (
        parameters["storage_annuity_per_year"] + parameters["storage_fixed_om_share_per_year"]
    )
    costs["storage"] = storage_factor * (
        sites["storage_power_capex_cny_per_mw"] * decisions["storage_power_mw"]
        + sites["storage_energy_capex_cny_per_mwh"] * decisions["storage_energy_mwh"]
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
        links = inputs.corridor_links.set_index(["corridor_id", "cluster_id"])
        wheeling = links["wheeling_cny_per_mwh"].reindex(
            pd.MultiIndex.from_arrays([flows["corridor_id"], flows["cluster_id"]])
        )
        paid = (
            flows["flow_mw"]
            * weight.reindex(flows["hour"]).to_numpy()
            * (price.to_numpy() + wheeling.to_numpy())
        )
        costs["corridor_energy"] = (
            paid.groupby(flows["cluster_id"]).sum().reindex(sites.index).fillna(0.0)
        )
    costs["firm_energy"] = firm_energy_cost(plan, inputs)
    costs["long_duration_storage"] = long_duration_lease(plan, inputs)
    # The market's cost of the total bought, shared among the sites by their volumes.
    bought = decisions["certificates_gwh"].reindex(sites.index).fillna(0.0)
    total = float(bought.sum())
    market_cost = float(
        certificate_costs(total, inputs.certificate_supply)["cost_cny_per_year"].sum()
    )
    costs["certificates"] = bought * (market_cost / total if total > 0 else 0.0)
    costs["network"] = (
        network_costs(plan, inputs)
        .groupby("cluster_id")["network_cost_cny_per_year"]
        .sum()
        .reindex(sites.index)
        .fillna(0.0)
    )
    sold_mwh = (hourly["surplus_sold_mw"] * hour_weight).groupby(hourly["cluster_id"]).sum()
    costs["surplus_sale"] = -sold_mwh.reindex(sites.index).fillna(0.0) * parameters.get(
        "surplus_sale_price_cny_per_mwh", 0.0
    )
    emissions = site_emissions(plan, inputs)
    costs["carbon"] = emissions * inputs.settings.policy.carbon_price_cny_per_tco2
    return pd.DataFrame(costs, index=sites.index)


IDLE_PARTS = ("by_design", "overbuilt", "shortfall")
"""The three parts idle IT capacity is split into (``docs/compute.md``)."""


def compute_and_idle(plan: PlanTables, inputs: ModelInputs, costs: pd.DataFrame) -> pd.DataFrame:
    """Return each site's capacity in compute and racks, its utilisation and idle capacity.

    Installed capacity is existing plus new IT capacity [MW]; used is the mean IT load over
    the year, peak the highest modelled hour's. Idle capacity is installed minus used, so the
    idle share is one minus the planning utilisation (上架率 as a mean load factor). It is
    split into three parts that add up to it:

    - **by design**: the capacity the site's load needs minus its mean load: the hourly
      utilisation cap's headroom and the hours below the peak. With demand as planned the
      load needs its peak hour's load over the cap; below plan (``demand.realised_share``
      r < 1) the capacity kept was what the planned demand needed, and the demand that came
      needs r times it (at least its mean load). Never more than the capacity carrying load
      (all but the additional builds);
    - **over-building**: capacity built in addition to the plan's need
      (``additional_new_it_capacity_mw``) plus, with demand as planned, any other capacity
      beyond the need (forced or existing capacity the load does not fill);
    - **demand shortfall**: below plan, the capacity carrying load beyond what the demand
      that came needs.

    The stranded cost is what the idle capacity costs a year: annualised capex of new
    buildings and servers plus fixed O&M [CNY/yr]. Additional builds cost what new capacity
    costs; the rest of the site's idle capacity is costed at the mean cost per MW of the
    capacity carrying load, so the parts add up to the site's stranded cost.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id``; columns ``total_it_capacity_eflops``,
        ``new_it_capacity_eflops``, ``total_racks``, ``mean_it_load_mw``,
        ``peak_it_load_mw``, ``planning_utilisation``, ``idle_it_capacity_mw``,
        ``idle_it_capacity_eflops``, ``idle_share``, ``stranded_capex_cny_per_year``, and
        ``idle_it_capacity_<part>_mw`` and ``stranded_capex_<part>_cny_per_year`` for each of
        :data:`IDLE_PARTS`.
    """
    sites = inputs.sites
    parameters = inputs.parameters
    eflops_per_mw = parameters["eflops_per_mw"]
    new = plan.sites["new_it_capacity_mw"].reindex(sites.index).fillna(0.0)
    installed = sites["existing_it_capacity_mw"] + new
    additional = sites["additional_new_it_capacity_mw"].fillna(0.0).clip(upper=new)
    hourly = plan.hourly
    load = hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]
    weight = inputs.hours["weight_h"]
    hours_per_year = float(weight.sum())
    energy = (load * weight.reindex(hourly["hour"]).to_numpy()).groupby(hourly["cluster_id"]).sum()
    mean = energy.reindex(sites.index).fillna(0.0) / hours_per_year
    peak = load.groupby(hourly["cluster_id"]).max().reindex(sites.index).fillna(0.0)
    table: dict[str, Any] = {}
    table["total_it_capacity_eflops"] = installed * eflops_per_mw
    table["new_it_capacity_eflops"] = new * eflops_per_mw
    table["total_racks"] = installed * 1000.0 / parameters["rack_power_kw"]
    table["mean_it_load_mw"] = mean
    table["peak_it_load_mw"] = peak
    built = installed.where(installed > 1e-9)
    table["planning_utilisation"] = mean / built
    idle = (installed - mean).clip(lower=0.0)
    table["idle_it_capacity_mw"] = idle
    table["idle_it_capacity_eflops"] = idle * eflops_per_mw
    table["idle_share"] = idle / built
    # The parts. Carrying: the capacity that may carry load. Demand as planned, the load needs
    # what its peak hour needs under the cap; below plan, the capacity kept was what the
    # planned demand needed, and the demand that came needs its share of it.
    carrying = installed - additional
    realised_share = inputs.settings.demand.realised_share
    if realised_share < 1.0:
        needed = np.minimum(carrying, np.maximum(realised_share * carrying, mean))
    else:
        cap = sites["utilisation_limit"].where(sites["utilisation_limit"] > 0)
        needed = np.minimum(carrying, np.maximum((peak / cap).fillna(0.0), mean))
    by_design = (needed - mean).clip(lower=0.0).where(idle > 0, 0.0)
    beyond = (idle - by_design - additional).clip(lower=0.0)
    parts = {
        "by_design": by_design,
        "overbuilt": additional + (beyond if realised_share == 1.0 else 0.0),
        "shortfall": beyond if realised_share < 1.0 else beyond * 0.0,
    }
    # Additional builds cost what new capacity costs; the rest at the carrying capacity's mean.
    capex = costs["it_capex"] + costs["it_servers"]
    additional_cost = capex * (additional / new.where(new > 1e-9)).fillna(0.0) + costs[
        "it_fixed_om"
    ] * (additional / built).fillna(0.0)
    capacity_cost = capex + costs["it_fixed_om"]
    rate = ((capacity_cost - additional_cost) / carrying.where(carrying > 1e-9)).fillna(0.0)
    stranded = {
        "by_design": parts["by_design"] * rate,
        "overbuilt": additional_cost + (parts["overbuilt"] - additional) * rate,
        "shortfall": parts["shortfall"] * rate,
    }
    table["stranded_capex_cny_per_year"] = sum(stranded.values())
    for part in IDLE_PARTS:
        table[f"idle_it_capacity_{part}_mw"] = parts[part]
        table[f"stranded_capex_{part}_cny_per_year"] = stranded[part]
    return pd.DataFrame(table, index=sites.index)


@accounted
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


@accounted
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
    pairs = inputs.pairs
    keys = pd.MultiIndex.from_arrays([table["province_id"], table["cluster_id"]])
    rows = pd.MultiIndex.from_arrays([pairs["province_id"], pairs["cluster_id"]]).get_indexer(keys)

    def pair_values(column: str) -> np.ndarray:
        values = pairs[column].to_numpy(dtype=float)[rows]
        return np.where(rows >= 0, values, np.nan)

    unit_cost = np.where(
        table["workload"] == "latency_bound",
        pair_values("network_cost_latency_bound_cny_per_mwh"),
        pair_values("network_cost_flexible_cny_per_mwh"),
    )
    added = {
        "rtt_ms": pair_values("rtt_ms"),
        "distance_km": pair_values("distance_km"),
        "network_cost_cny_per_year": table["it_energy_mwh"].to_numpy() * unit_cost,
    }
    return pd.concat([table, pd.DataFrame(added, index=table.index)], axis=1)
