"""The siting LP's objective: the annual cost of a plan, capital and operating.

:func:`total_cost` is the objective :func:`optimiser.lp.build.build_model` minimises;
:func:`capital_cost_rates` and :func:`operating_cost` are what a pathway's periods are charged
(:mod:`optimiser.lp.pathway`). ``docs/formulation.md`` (Objective) states it term by term.
Money in thousand CNY (kCNY) per year, as everywhere in the LP.
"""

from __future__ import annotations

import pyomo.environ as pyo

from optimiser.lp.model import LpData, site_emissions_tco2
from optimiser.lp.storage import long_duration_cost
from optimiser.lp.units import CNY_PER_KCNY, MWH_PER_GWH

CAPACITY_VARIABLES = (
    "new_it_capacity_mw",
    "wind_capacity_mw",
    "solar_capacity_mw",
    "storage_power_mw",
    "storage_energy_mwh",
)
"""The capacity decisions: what a pathway builds in one period and keeps in later ones."""


def capital_cost_rates(data: LpData) -> dict[str, dict[str, float]]:
    """Return the annual cost of one unit of each capacity at each site [kCNY/yr per MW or MWh].

    Annuity of the capex plus fixed O&M (a share of capex per year): for new IT capacity the
    building and its plant, plus servers and accelerators written off over their own life.
    Keyed by capacity variable (:data:`CAPACITY_VARIABLES`), then site.
    """
    parameters = data.parameters
    it_factor = parameters["it_annuity_per_year"] + parameters["it_fixed_om_share_per_year"]
    server_annuity = parameters["server_annuity_per_year"]
    factors = {
        technology: parameters[f"{technology}_annuity_per_year"]
        + parameters[f"{technology}_fixed_om_share_per_year"]
        for technology in ("wind", "solar", "storage")
    }
    rates: dict[str, dict[str, float]] = {name: {} for name in CAPACITY_VARIABLES}
    for site in data.sites:
        site_data = data.site[site]
        rates["new_it_capacity_mw"][site] = (
            it_factor * site_data["it_capex_cny_per_mw"]
            + server_annuity * site_data["server_capex_cny_per_mw"]
        ) / CNY_PER_KCNY
        rates["wind_capacity_mw"][site] = (
            factors["wind"] * site_data["wind_capex_cny_per_mw"] / CNY_PER_KCNY
        )
        rates["solar_capacity_mw"][site] = (
            factors["solar"] * site_data["solar_capex_cny_per_mw"] / CNY_PER_KCNY
        )
        rates["storage_power_mw"][site] = (
            factors["storage"] * site_data["storage_power_capex_cny_per_mw"] / CNY_PER_KCNY
        )
        rates["storage_energy_mwh"][site] = (
            factors["storage"] * site_data["storage_energy_capex_cny_per_mwh"] / CNY_PER_KCNY
        )
    return rates


def capital_cost(model: pyo.ConcreteModel) -> pyo.Expression:
    """Return the annual cost of the capacity a plan adds [kCNY/yr] (annuities and fixed O&M)."""
    rates = capital_cost_rates(model.data)
    return sum(
        rate * getattr(model, name)[site]
        for name, by_site in rates.items()
        for site, rate in by_site.items()
    )


def operating_cost(model: pyo.ConcreteModel) -> pyo.Expression:
    """Return the annual cost of running a plan [kCNY/yr] (see ``docs/formulation.md``).

    Fixed O&M of existing IT capacity, grid and corridor energy, certificates, network,
    surplus-sale revenue (negative) and carbon: everything but :func:`capital_cost`.
    """
    data: LpData = model.data
    parameters = data.parameters
    money_unit = CNY_PER_KCNY
    it_om = parameters["it_fixed_om_share_per_year"]
    hours = data.hours
    weight = data.weight
    terms = []
    for site in data.sites:
        site_data = data.site[site]
        capex = site_data["it_capex_cny_per_mw"] / money_unit
        price = site_data["price_cny_per_mwh"] / money_unit
        terms.append(
            capex * it_om * site_data["existing_it_capacity_mw"]
            + sum(weight[hour] * price * model.grid_mw[site, hour] for hour in hours)
        )
    terms.append(
        sum(
            price_cny_per_mwh * MWH_PER_GWH / money_unit * model.certificate_purchase_gwh[step]
            for step, (_, price_cny_per_mwh) in data.certificate_steps.items()
        )
    )
    terms.append(
        sum(
            weight[hour]
            * (
                data.corridor[corridor]["delivered_price_cny_per_mwh"] / money_unit
                + data.wheeling_kcny_per_mwh[corridor, site]
            )
            * model.corridor_import_mw[corridor, site, hour]
            for corridor, site in data.corridor_links
            for hour in hours
        )
    )
    # Long-duration storage: leased by the year.
    terms.append(long_duration_cost(model))
    # Clean firm contracts: every MWh delivered is paid for (take-or-pay).
    terms.append(
        sum(
            float(data.firm[key]["delivered_price_cny_per_mwh"])
            / money_unit
            * sum(weight[hour] * data.firm_available[key][hour] for hour in hours)
            * model.firm_contract_mw[site, key]
            for site, key in data.firm_pairs
        )
    )
    if data.latency_routing == "hourly":
        latency_network = sum(
            weight[hour]
            * data.network_cost_latency_bound[region, site]
            * model.latency_bound_load_mw[region, site, hour]
            for region, site in data.latency_pairs
            for hour in hours
        )
    else:
        shaped_hours = sum(weight[hour] * data.latency_shape[hour] for hour in hours)
        latency_network = sum(
            shaped_hours
            * data.network_cost_latency_bound[region, site]
            * model.latency_bound_allocation_mw[region, site]
            for region, site in data.latency_pairs
        )
    terms.append(latency_network)
    hours_per_year = sum(weight.values())
    terms.append(
        sum(
            hours_per_year
            * data.network_cost_flexible[region, site]
            * model.flexible_allocation_mw[region, site]
            for region, site in data.flexible_pairs
        )
    )
    if data.surplus_sale_max_share > 0:
        sale_price = parameters["surplus_sale_price_cny_per_mwh"] / money_unit
        terms.append(
            -sum(
                weight[hour] * sale_price * model.surplus_sold_mw[site, hour]
                for site, hour in model.sale_site_hours
            )
        )
    if data.carbon_price_kcny_per_tco2 > 0:
        terms.append(
            data.carbon_price_kcny_per_tco2
            * sum(site_emissions_tco2(model, site) for site in data.sites)
        )
    return sum(terms)


def total_cost(model: pyo.ConcreteModel) -> pyo.Expression:
    """Return the annual system cost [kCNY/yr]: capital plus operating cost."""
    return capital_cost(model) + operating_cost(model)
