"""The siting linear programme's sets, variables, shared expressions and objective, in Pyomo.

The pieces that :func:`optimiser.lp.build.build_model` assembles with the rules of
:mod:`optimiser.lp.rules` (which use the expressions here: IT load, brown supply, emissions).
``docs/formulation.md`` states the same model symbol for symbol.

Units inside the LP: power in MW, energy in MWh (certificates in GWh), money in thousand CNY
(kCNY) per year, so matrix coefficients stay between about 1e-4 and 1e4 and costs between
about 1e-3 and 1e4 (HiGHS warns below 1e-4).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyomo.environ as pyo

from optimiser.data.timeseries import HOURS_PER_DAY
from optimiser.lp.inputs import KG_PER_TONNE, ModelInputs, annuity_factor
from optimiser.lp.storage import (
    LongDurationData,
    add_long_duration_sets,
    add_long_duration_variables,
    long_duration_data,
)
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.settings.green_accounting import (
    GreenAccounting,
    counts_certificates,
    counts_own_supply_only,
    is_hour_matched,
)


@dataclass
class LpData:
    """Plain-Python lookups prepared once from :class:`ModelInputs` for fast rule building.

    Pyomo rules that index DataFrames are slow; every figure a rule needs is looked up here
    in a dict or list. Costs are in kCNY, emission factors in tCO2/MWh.
    """

    sites: list[str]
    regions: list[str]
    hours: list[int]
    corridors: list[str]
    weight: dict[int, float]
    previous_hour: dict[int, int]
    latency_pairs: list[tuple[str, str]]
    flexible_pairs: list[tuple[str, str]]
    corridor_links: list[tuple[str, str]]
    latency_demand_mw: dict[str, float]
    flexible_demand_mw: dict[str, float]
    latency_shape: dict[int, float]
    flexible_shape: dict[int, float]
    site: dict[str, dict[str, float]]
    corridor: dict[str, dict[str, float]]
    wheeling_kcny_per_mwh: dict[tuple[str, str], float]
    wind_cf: dict[str, dict[int, float]]
    solar_cf: dict[str, dict[int, float]]
    grid_carbon_free: dict[str, dict[int, float]]
    corridor_green: dict[str, dict[int, float]]
    corridor_available: dict[str, dict[int, float]]
    own_supply_links: set[tuple[str, str]]
    certificate_steps: dict[str, tuple[float, float]]
    network_cost_latency_bound: dict[tuple[str, str], float]
    network_cost_flexible: dict[tuple[str, str], float]
    headroom_mw: dict[str, float]
    sites_in_province: dict[str, list[str]]
    parameters: dict[str, float]
    annual_rows: str
    hour_blocks: list[list[int]]
    green_accounting: GreenAccounting
    certificates_allowed: bool
    hourly_floor: float | None
    carbon_price_kcny_per_tco2: float
    carbon_cap_tco2_per_year: float | None
    latency_routing: str
    surplus_sale_max_share: float
    min_utilisation: float | None
    flexible_shift_share: float = 0.0
    days: list[list[int]] = field(default_factory=list)
    firm: dict[str, dict[str, Any]] = field(default_factory=dict)
    firm_available: dict[str, dict[int, float]] = field(default_factory=dict)
    firm_pairs: list[tuple[str, str]] = field(default_factory=list)
    firm_keys_of_site: dict[str, list[str]] = field(default_factory=dict)
    sites_of_firm: dict[str, list[str]] = field(default_factory=dict)
    long_duration: LongDurationData | None = None
    latency_sites_of_region: dict[str, list[str]] = field(default_factory=dict)
    latency_regions_of_site: dict[str, list[str]] = field(default_factory=dict)
    flexible_sites_of_region: dict[str, list[str]] = field(default_factory=dict)
    flexible_regions_of_site: dict[str, list[str]] = field(default_factory=dict)
    corridors_of_site: dict[str, list[str]] = field(default_factory=dict)
    sites_of_corridor: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for region, site in self.latency_pairs:
            self.latency_sites_of_region.setdefault(region, []).append(site)
            self.latency_regions_of_site.setdefault(site, []).append(region)
        for region, site in self.flexible_pairs:
            self.flexible_sites_of_region.setdefault(region, []).append(site)
            self.flexible_regions_of_site.setdefault(site, []).append(region)
        for corridor, site in self.corridor_links:
            self.corridors_of_site.setdefault(site, []).append(corridor)
            self.sites_of_corridor.setdefault(corridor, []).append(site)
        for site, key in self.firm_pairs:
            self.firm_keys_of_site.setdefault(site, []).append(key)
            self.sites_of_firm.setdefault(key, []).append(site)


HOUR_BLOCKS = 12
"""Blocks of consecutive hours an annual row is split into with ``time.annual_rows: monthly``."""


def hour_blocks(hours: list[int]) -> list[list[int]]:
    r"""Split the modelled hours, in order, into :data:`HOUR_BLOCKS` consecutive blocks.

    Hour number :math:`i` of :math:`H` falls in block :math:`\lfloor 12 i / H \rfloor`: one
    average day per block in ``monthly_days``, 730 hours in the full year; empty blocks (fewer
    than twelve hours) are left out.

    Examples
    --------
    >>> [len(block) for block in hour_blocks(list(range(8760)))][:2]
    [730, 730]
    >>> hour_blocks([0, 1, 2])
    [[0], [1], [2]]
    """
    blocks: list[list[int]] = [[] for _ in range(HOUR_BLOCKS)]
    for position, hour in enumerate(hours):
        blocks[HOUR_BLOCKS * position // len(hours)].append(hour)
    return [block for block in blocks if block]


def lp_data(inputs: ModelInputs) -> LpData:
    """Prepare the lookups the rules use from the model's input tables."""
    settings = inputs.settings
    regions = inputs.regions
    pairs = inputs.pairs
    latency_regions = set(regions.index[regions["demand_latency_bound_mw"] > 0])
    flexible_regions = set(regions.index[regions["demand_flexible_mw"] > 0])
    eligible = pairs[pairs["latency_eligible"] & pairs["province_id"].isin(latency_regions)]
    flexible = pairs[pairs["province_id"].isin(flexible_regions)]
    keys = list(zip(pairs["province_id"], pairs["cluster_id"], strict=True))
    site_table = inputs.sites.copy()
    site_table["grid_emissions_tco2_per_mwh"] = (
        site_table["grid_emissions_kgco2_per_mwh"] / KG_PER_TONNE
    )
    sites_in_province: dict[str, list[str]] = defaultdict(list)
    for site, province in inputs.sites["province_id"].items():
        sites_in_province[province].append(site)
    carbon_free = inputs.grid_carbon_free_share.to_dict(orient="dict")
    links = inputs.corridor_links
    annual_green = counts_certificates(settings.policy.green_accounting)
    targeted = bool((inputs.sites["green_share_target"] > 0).any())
    market = annual_green and settings.policy.certificates_allowed and targeted
    supply = inputs.certificate_supply
    return LpData(
        sites=list(inputs.sites.index),
        regions=sorted(latency_regions | flexible_regions),
        hours=list(inputs.hours.index),
        # Only corridors that can feed some site enter the LP; the others are reported.
        corridors=list(dict.fromkeys(inputs.corridor_links["corridor_id"])),
        weight=inputs.hours["weight_h"].to_dict(),
        previous_hour=inputs.hours["previous_hour"].to_dict(),
        latency_pairs=list(zip(eligible["province_id"], eligible["cluster_id"], strict=True)),
        flexible_pairs=list(zip(flexible["province_id"], flexible["cluster_id"], strict=True)),
        corridor_links=list(
            zip(
                inputs.corridor_links["corridor_id"],
                inputs.corridor_links["cluster_id"],
                strict=True,
            )
        ),
        latency_demand_mw=regions["demand_latency_bound_mw"].to_dict(),
        flexible_demand_mw=regions["demand_flexible_mw"].to_dict(),
        latency_shape=inputs.hours["demand_shape_latency_bound"].to_dict(),
        flexible_shape=inputs.hours["demand_shape_flexible"].to_dict(),
        site=site_table.to_dict(orient="index"),
        corridor=inputs.corridors.to_dict(orient="index"),
        wheeling_kcny_per_mwh=dict(
            zip(
                zip(
                    inputs.corridor_links["corridor_id"],
                    inputs.corridor_links["cluster_id"],
                    strict=True,
                ),
                inputs.corridor_links["wheeling_cny_per_mwh"] / CNY_PER_KCNY,
                strict=True,
            )
        ),
        wind_cf=inputs.wind_capacity_factor.to_dict(orient="dict"),
        solar_cf=inputs.solar_capacity_factor.to_dict(orient="dict"),
        grid_carbon_free={
            site: carbon_free[province] for site, province in inputs.sites["province_id"].items()
        },
        corridor_green=inputs.corridor_green_share.to_dict(orient="dict"),
        corridor_available=inputs.corridor_availability.to_dict(orient="dict"),
        own_supply_links=set(
            zip(
                links.loc[links["own_supply"], "corridor_id"],
                links.loc[links["own_supply"], "cluster_id"],
                strict=True,
            )
        ),
        # Volume [GWh/yr] and price [CNY/MWh] of each step of the certificate market: only
        # where certificates can count.
        certificate_steps={
            str(step): (float(row["volume_gwh_per_year"]), float(row["price_cny_per_mwh"]))
            for step, row in supply.iterrows()
        }
        if market
        else {},
        network_cost_latency_bound=dict(
            zip(keys, pairs["network_cost_latency_bound_cny_per_mwh"] / CNY_PER_KCNY, strict=True)
        ),
        network_cost_flexible=dict(
            zip(keys, pairs["network_cost_flexible_cny_per_mwh"] / CNY_PER_KCNY, strict=True)
        ),
        headroom_mw=inputs.headroom["grid_headroom_mw"].to_dict(),
        sites_in_province=dict(sites_in_province),
        parameters=inputs.parameters,
        annual_rows=settings.time.annual_rows,
        hour_blocks=hour_blocks(list(inputs.hours.index)),
        green_accounting=settings.policy.green_accounting,
        certificates_allowed=settings.policy.certificates_allowed,
        hourly_floor=settings.policy.hourly_floor,
        carbon_price_kcny_per_tco2=settings.policy.carbon_price_cny_per_tco2 / CNY_PER_KCNY,
        carbon_cap_tco2_per_year=settings.policy.carbon_cap_tco2_per_year,
        latency_routing=settings.latency.routing,
        surplus_sale_max_share=settings.policy.surplus_sale_max_share,
        min_utilisation=settings.policy.min_utilisation,
        flexible_shift_share=settings.demand.flexible_shift_share,
        days=days_of(list(inputs.hours.index)),
        firm=inputs.firm_supply.to_dict(orient="index"),
        firm_available=inputs.firm_availability.to_dict(orient="dict"),
        # A site contracts only the supply of its own province.
        firm_pairs=[
            (site, str(key))
            for site, province in inputs.sites["province_id"].items()
            for key in inputs.firm_supply.index[inputs.firm_supply["province_id"] == province]
        ],
        long_duration=long_duration_data(
            inputs.long_duration_technologies,
            inputs.long_duration_pairs,
            inputs.long_duration_potential,
            inputs.hours,
            inputs.calendar_days,
            {
                str(name): annuity_factor(
                    inputs.parameters["discount_rate"], float(row["lifetime_years"])
                )
                for name, row in inputs.long_duration_technologies.iterrows()
            },
        ),
    )


def days_of(hours: list[int]) -> list[list[int]]:
    """Split the modelled hours, in order, into days of 24 consecutive hours.

    Every representation is made of whole days (a representative day, a month's days, the
    year's 365), so the days are the hours taken 24 at a time.

    Examples
    --------
    >>> [len(day) for day in days_of(list(range(48)))]
    [24, 24]
    """
    if len(hours) % HOURS_PER_DAY:
        msg = f"expected whole days of {HOURS_PER_DAY} hours, got {len(hours)} hours"
        raise ValueError(msg)
    return [hours[start : start + HOURS_PER_DAY] for start in range(0, len(hours), HOURS_PER_DAY)]


def add_sets(model: pyo.ConcreteModel, data: LpData) -> None:
    """Add the index sets: plural nouns, only the eligible tuples (no filtered products)."""
    model.sites = pyo.Set(initialize=data.sites, ordered=True)
    model.regions = pyo.Set(initialize=data.regions, ordered=True)
    model.hours = pyo.Set(initialize=data.hours, ordered=True)
    model.corridors = pyo.Set(initialize=data.corridors, ordered=True)
    model.latency_pairs = pyo.Set(dimen=2, initialize=data.latency_pairs, ordered=True)
    model.flexible_pairs = pyo.Set(dimen=2, initialize=data.flexible_pairs, ordered=True)
    model.corridor_links = pyo.Set(dimen=2, initialize=data.corridor_links, ordered=True)
    model.firm_pairs = pyo.Set(dimen=2, initialize=data.firm_pairs, ordered=True)
    model.firm_supplies = pyo.Set(initialize=list(data.firm), ordered=True)
    # Latency-bound load is routed either per hour (region, site, hour) or in annual shares
    # (region, site); the other set is empty.
    hourly_routing = data.latency_routing == "hourly"
    model.latency_pair_hours = pyo.Set(
        dimen=3,
        initialize=[
            (region, site, hour) for region, site in data.latency_pairs for hour in data.hours
        ]
        if hourly_routing
        else [],
        ordered=True,
    )
    model.latency_share_pairs = pyo.Set(
        dimen=2, initialize=[] if hourly_routing else data.latency_pairs, ordered=True
    )
    # Surplus sales exist only when the scenario allows them.
    model.sale_site_hours = pyo.Set(
        dimen=2,
        initialize=[(site, hour) for site in data.sites for hour in data.hours]
        if data.surplus_sale_max_share > 0
        else [],
        ordered=True,
    )
    model.corridor_link_hours = pyo.Set(
        dimen=3,
        initialize=[
            (corridor, site, hour) for corridor, site in data.corridor_links for hour in data.hours
        ],
        ordered=True,
    )
    model.certificate_steps = pyo.Set(initialize=list(data.certificate_steps), ordered=True)
    assert data.long_duration is not None
    add_long_duration_sets(model, data.long_duration)
    # Hours and days of shifted flexible load exist only when some of it may move in time.
    shifting = data.flexible_shift_share > 0
    model.shift_hours = pyo.Set(initialize=data.hours if shifting else [], ordered=True)
    model.shift_days = pyo.Set(initialize=range(len(data.days)) if shifting else [], ordered=True)
    # Blocks of hours for partial sums of the annual rows (time.annual_rows: monthly).
    model.hour_blocks = pyo.Set(
        initialize=range(len(data.hour_blocks)) if data.annual_rows == "monthly" else [],
        ordered=True,
    )


def add_variables(model: pyo.ConcreteModel, data: LpData) -> None:
    """Add the decisions, all continuous and non-negative (partial sums excepted)."""
    nonnegative = pyo.NonNegativeReals
    model.new_it_capacity_mw = pyo.Var(model.sites, within=nonnegative)
    model.latency_bound_load_mw = pyo.Var(model.latency_pair_hours, within=nonnegative)
    model.latency_bound_allocation_mw = pyo.Var(model.latency_share_pairs, within=nonnegative)
    model.latency_bound_site_mw = pyo.Var(
        [] if data.latency_routing == "hourly" else model.sites, within=nonnegative
    )
    model.flexible_load_mw = pyo.Var(model.sites, model.hours, within=nonnegative)
    model.flexible_allocation_mw = pyo.Var(model.flexible_pairs, within=nonnegative)
    national_flexible = sum(data.flexible_demand_mw[region] for region in data.regions)
    share = data.flexible_shift_share

    def shift_bounds(model: pyo.ConcreteModel, hour: int) -> tuple[float, float]:
        # Up to the share above the shape as well as below it: 0 to 2 x share of the demand.
        return (0.0, 2 * share * national_flexible * data.flexible_shape[hour])

    # The nation's flexible load placed in each hour by shifting it in time [MW].
    model.shifted_flexible_load_mw = pyo.Var(
        model.shift_hours, within=nonnegative, bounds=shift_bounds
    )
    model.grid_mw = pyo.Var(model.sites, model.hours, within=nonnegative)
    model.wind_capacity_mw = pyo.Var(model.sites, within=nonnegative)
    model.solar_capacity_mw = pyo.Var(model.sites, within=nonnegative)
    model.storage_power_mw = pyo.Var(model.sites, within=nonnegative)
    model.storage_energy_mwh = pyo.Var(model.sites, within=nonnegative)
    model.storage_charge_mw = pyo.Var(model.sites, model.hours, within=nonnegative)
    model.storage_discharge_mw = pyo.Var(model.sites, model.hours, within=nonnegative)
    model.storage_state_mwh = pyo.Var(model.sites, model.hours, within=nonnegative)
    model.corridor_import_mw = pyo.Var(model.corridor_link_hours, within=nonnegative)
    model.firm_contract_mw = pyo.Var(model.firm_pairs, within=nonnegative)
    assert data.long_duration is not None
    add_long_duration_variables(model, data.long_duration)
    model.certificates_gwh = pyo.Var(model.sites, within=nonnegative)

    def step_bounds(model: pyo.ConcreteModel, step: str) -> tuple[float, float | None]:
        volume = data.certificate_steps[step][0]
        return (0.0, volume if volume < float("inf") else None)

    # What the sites buy on each step of the certificate market [GWh/yr], within its volume.
    model.certificate_purchase_gwh = pyo.Var(
        model.certificate_steps, within=nonnegative, bounds=step_bounds
    )
    model.surplus_sold_mw = pyo.Var(model.sale_site_hours, within=nonnegative)
    # Partial sums of the annual rows per block of hours (empty unless time.annual_rows is
    # monthly): a site's non-green energy above its allowance (of either sign) [MWh], and its
    # flexible IT energy [MWh].
    targeted = [site for site in data.sites if data.site[site]["green_share_target"] > 0]
    model.green_share_partial_mwh = pyo.Var(targeted, model.hour_blocks, within=pyo.Reals)
    model.flexible_energy_partial_mwh = pyo.Var(model.sites, model.hour_blocks, within=nonnegative)
    # Certificates count only in the annual accounting, and only where a target applies.
    model.fixed_variables = []
    for site in data.sites:
        if (
            not counts_certificates(data.green_accounting)
            or not data.certificates_allowed
            or data.site[site]["green_share_target"] <= 0
        ):
            model.certificates_gwh[site].fix(0.0)
            model.fixed_variables.append(model.certificates_gwh[site])


def it_load(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return the IT load at a site in an hour [MW]: latency-bound plus flexible."""
    data: LpData = model.data
    regions = data.latency_regions_of_site.get(site, ())
    if data.latency_routing == "hourly":
        latency_bound = sum(model.latency_bound_load_mw[region, site, hour] for region in regions)
    else:
        # The site's total share, not each region's, enters the hourly rows: one column per
        # site instead of one per region-site pair keeps those columns few (interior point
        # suffers from columns that reach into every hour).
        latency_bound = data.latency_shape[hour] * model.latency_bound_site_mw[site]
    return latency_bound + model.flexible_load_mw[site, hour]


def firm_output(
    model: pyo.ConcreteModel, site: str, hour: int, green: bool | None = None
) -> pyo.Expression | float:
    """Return what a site's clean firm contracts deliver in an hour [MW].

    ``green`` keeps only the contracts that count (True) or do not count (False) as green in
    the annual measure and on own supply (hydro does, nuclear does not); None keeps all.
    """
    data: LpData = model.data
    return sum(
        data.firm_available[key][hour] * model.firm_contract_mw[site, key]
        for key in data.firm_keys_of_site.get(site, ())
        if green is None or bool(data.firm[key]["green_in_annual_measure"]) == green
    )


def brown_supply(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return the non-green part of a site's supply in an hour under the annual measure [MW].

    Grid purchases beyond the grid's annual renewable share, and corridor imports beyond the
    corridor's annual renewable share (the market-based convention: contracts and the grid
    count at their annual shares), and nuclear contracts (not renewable). Everything else a
    site consumes (dedicated wind and solar, storage discharge, hydro contracts) is green.
    """
    data: LpData = model.data
    site_data = data.site[site]
    return (
        (1 - site_data["grid_renewable_share"]) * model.grid_mw[site, hour]
        + sum(
            (1 - data.corridor[corridor]["renewable_share"])
            * model.corridor_import_mw[corridor, site, hour]
            for corridor in data.corridors_of_site.get(site, ())
        )
        + firm_output(model, site, hour, green=False)
    )


def hourly_brown_supply(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return the part of a site's supply in an hour that is not carbon-free [MW] (24/7 CFE).

    Grid purchases beyond the grid's carbon-free share in that hour, and corridor imports
    beyond the corridor's green share in that hour.
    """
    data: LpData = model.data
    return (1 - data.grid_carbon_free[site][hour]) * model.grid_mw[site, hour] + sum(
        (1 - data.corridor_green[corridor][hour]) * model.corridor_import_mw[corridor, site, hour]
        for corridor in data.corridors_of_site.get(site, ())
    )


def not_green_supply(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return the supply in an hour that does not count as green in the scenario's measure [MW].

    :func:`brown_supply` (annual), :func:`hourly_brown_supply` (hourly) or
    :func:`own_supply_shortfall` (hourly_own_supply).
    """
    accounting = model.data.green_accounting
    if counts_own_supply_only(accounting):
        return own_supply_shortfall(model, site, hour)
    if is_hour_matched(accounting):
        return hourly_brown_supply(model, site, hour)
    return brown_supply(model, site, hour)


def own_renewable_output(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return a site's own wind and solar output in an hour [MW] (before curtailment)."""
    data: LpData = model.data
    return (
        data.wind_cf[site][hour] * model.wind_capacity_mw[site]
        + data.solar_cf[site][hour] * model.solar_capacity_mw[site]
    )


def surplus_sold(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression | float:
    """Return the own wind and solar output a site sells to the grid in an hour [MW]."""
    if model.data.surplus_sale_max_share <= 0:
        return 0.0
    return model.surplus_sold_mw[site, hour]


def own_supply_shortfall(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return what a site takes in an hour from outside its own green supply [MW].

    For the own-supply measure of a source-grid-load-storage project: all grid purchases
    (whatever the grid's mix), corridor power wheeled from another province (a grid
    transaction) and the part of a corridor contract in its own province that is not green in
    that hour, and nuclear contracts (not renewable). Its own wind, solar and storage (charged
    only from them), the green part of its own corridor contracts and its hydro contracts in
    its province are green.
    """
    data: LpData = model.data
    return (
        model.grid_mw[site, hour]
        + sum(
            (
                1 - data.corridor_green[corridor][hour]
                if (corridor, site) in data.own_supply_links
                else 1.0
            )
            * model.corridor_import_mw[corridor, site, hour]
            for corridor in data.corridors_of_site.get(site, ())
        )
        + firm_output(model, site, hour, green=False)
    )


def site_emissions_tco2(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
    """Return a site's annual emissions [tCO2/yr].

    Grid purchases at the MEE regional factor, the fossil part of corridor imports at the
    fossil factor.
    """
    data: LpData = model.data
    grid_factor = data.site[site]["grid_emissions_tco2_per_mwh"]
    fossil_factor = data.parameters["fossil_emissions_kgco2_per_mwh"] / KG_PER_TONNE
    corridors = data.corridors_of_site.get(site, ())
    return sum(
        data.weight[hour]
        * (
            grid_factor * model.grid_mw[site, hour]
            + sum(
                fossil_factor
                * (1 - data.corridor[corridor]["renewable_share"])
                * model.corridor_import_mw[corridor, site, hour]
                for corridor in corridors
            )
        )
        for hour in data.hours
    )
