r"""The rules of the siting LP: one function per rule, adding one Pyomo component of its name.

Called in order by :func:`optimiser.lp.build.build_model` (the list :data:`CONSTRAINTS`). Each
docstring states the rule's equation; the symbols are those of ``docs/formulation.md``:

- :math:`s` site, :math:`r` demand region, :math:`h` hour, :math:`k` corridor;
- :math:`L_{rsh}` latency-bound load (or, with annual-share routing, :math:`Y_{rs}` its fixed
  share and :math:`\Lambda_s` a site's total), :math:`F_{sh}` flexible load, :math:`A_{rs}`
  flexible allocation (annual-mean), :math:`N_s` new IT capacity [MW];
- :math:`G_{sh}` grid purchase, :math:`W_s`, :math:`S_s` wind and solar capacity,
  :math:`I_{ksh}` corridor import [MW];
- :math:`P_s`, :math:`E_s` storage power [MW] and energy [MWh]; :math:`C_{sh}`, :math:`D_{sh}`
  charge and discharge [MW]; :math:`X_{sh}` state of charge [MWh];
- :math:`Q_s` certificates [GWh/yr]; :math:`w_h` hour weight [h].

Latency eligibility has no component of its own: latency-bound load variables exist only for
the (region, site) pairs within the round-trip limit (``model.latency_pairs``), which is how
the rule is kept without building a filtered cross product.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from optimiser.lp.green_rules import (
    carbon_within_cap,
    certificates_bought_on_market,
    green_share_at_least_floor,
    green_share_at_least_target,
)
from optimiser.lp.model import (
    LpData,
    firm_output,
    it_load,
    own_renewable_output,
    surplus_sold,
)
from optimiser.lp.storage import long_duration_charge, long_duration_discharge
from optimiser.lp.storage_rules import (
    long_duration_day_continuity,
    long_duration_day_within_energy,
    long_duration_flows_within_power,
    long_duration_level_continuity,
    long_duration_level_within_energy,
    long_duration_within_duration,
    long_duration_within_potential,
    storage_charged_from_own_renewables,
    storage_flows_within_power,
    storage_state_continuity,
    storage_within_potential,
)


def demand_served(model: pyo.ConcreteModel) -> None:
    r"""Every region's latency-bound demand is served in every hour, at eligible sites.

    .. math:: \sum_{s \in \mathcal{S}^{lat}_r} L_{rsh} = d^{lat}_r \, \phi^{lat}_h
       \quad \forall r, h

    :math:`d^{lat}_r` annual-mean latency-bound demand [MW], :math:`\phi^{lat}_h` its hourly
    shape [-], :math:`\mathcal{S}^{lat}_r` sites within the round-trip limit of :math:`r`.

    With ``latency.routing: annual_shares`` the load is routed in fixed annual shares
    :math:`Y_{rs}` [MW] and the rule holds for every hour at once:

    .. math:: \sum_{s \in \mathcal{S}^{lat}_r} Y_{rs} = d^{lat}_r \quad \forall r
    """
    data: LpData = model.data
    regions = [region for region in data.regions if data.latency_demand_mw[region] > 0]
    if data.latency_routing != "hourly":
        model.demand_served = pyo.Constraint(
            regions,
            rule=lambda model, region: (
                sum(
                    model.latency_bound_allocation_mw[region, site]
                    for site in data.latency_sites_of_region[region]
                )
                == data.latency_demand_mw[region]
            ),
        )
        return

    def rule(model: pyo.ConcreteModel, region: str, hour: int) -> pyo.Expression:
        return (
            sum(
                model.latency_bound_load_mw[region, site, hour]
                for site in data.latency_sites_of_region[region]
            )
            == data.latency_demand_mw[region] * data.latency_shape[hour]
        )

    model.demand_served = pyo.Constraint(regions, model.hours, rule=rule)


def latency_shares_sum_at_site(model: pyo.ConcreteModel) -> None:
    r"""With annual-share routing, a site's latency-bound load is the sum of its shares.

    .. math:: \Lambda_s = \sum_{r:(r,s) \in \mathcal{P}^{lat}} Y_{rs} \quad \forall s

    :math:`\Lambda_s` annual-mean latency-bound load at site :math:`s` [MW]; the hourly load is
    :math:`\phi^{lat}_h \Lambda_s`. No rows with hourly routing.
    """
    data: LpData = model.data
    sites = [] if data.latency_routing == "hourly" else data.sites

    def rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        return model.latency_bound_site_mw[site] == sum(
            model.latency_bound_allocation_mw[region, site]
            for region in data.latency_regions_of_site.get(site, ())
        )

    model.latency_shares_sum_at_site = pyo.Constraint(sites, rule=rule)


def flexible_demand_served(model: pyo.ConcreteModel) -> None:
    r"""The nation's flexible demand is served in every hour, at any site.

    .. math:: \sum_s F_{sh} = (1 - \kappa)\, \phi^{flex}_h d^{flex} + Z_h \quad \forall h

    :math:`d^{flex} = \sum_r d^{flex}_r`, :math:`\kappa` the share of flexible work that may
    move between the hours of a day (``demand.flexible_shift_share``) and :math:`Z_h` the
    shifted part placed in hour :math:`h` [MW], :math:`0 \le Z_h \le 2 \kappa \phi^{flex}_h
    d^{flex}` (a column bound), its daily energy kept by :func:`shifted_load_kept_within_day`;
    without shifting (:math:`\kappa = 0`) the load follows its shape. Flexible work has no
    latency rule, so it is not tracked per region and hour; its regional origin is kept
    annually by :func:`flexible_demand_allocated`.
    """
    data: LpData = model.data
    total = sum(data.flexible_demand_mw[region] for region in data.regions)
    fixed_share = 1 - data.flexible_shift_share

    def rule(model: pyo.ConcreteModel, hour: int) -> pyo.Expression:
        shifted = model.shifted_flexible_load_mw[hour] if hour in model.shift_hours else 0.0
        return sum(model.flexible_load_mw[site, hour] for site in data.sites) == (
            fixed_share * total * data.flexible_shape[hour] + shifted
        )

    model.flexible_demand_served = pyo.Constraint(model.hours, rule=rule)


def shifted_load_kept_within_day(model: pyo.ConcreteModel) -> None:
    r"""Flexible work shifted in time stays within its day: each day's energy is kept.

    .. math:: \sum_{h \in \delta} Z_h = \kappa\, d^{flex} \sum_{h \in \delta} \phi^{flex}_h
       \quad \forall \delta

    :math:`\delta` a modelled day (24 consecutive hours of equal weight). Together with the
    bound :math:`Z_h \le 2 \kappa \phi^{flex}_h d^{flex}` the nation's flexible load lies
    within :math:`(1 \pm \kappa)` of its shape in every hour and keeps each day's energy: the
    temporal flexibility of Riepin, Zavala & Brown (2025). No rows without shifting.
    """
    data: LpData = model.data
    total = sum(data.flexible_demand_mw[region] for region in data.regions)
    share = data.flexible_shift_share

    def rule(model: pyo.ConcreteModel, day: int) -> pyo.Expression:
        hours = data.days[day]
        return sum(model.shifted_flexible_load_mw[hour] for hour in hours) == (
            share * total * sum(data.flexible_shape[hour] for hour in hours)
        )

    model.shifted_load_kept_within_day = pyo.Constraint(model.shift_days, rule=rule)


def flexible_demand_allocated(model: pyo.ConcreteModel) -> None:
    r"""Each region's flexible demand is allocated to sites (annual mean).

    .. math:: \sum_s A_{rs} = d^{flex}_r \quad \forall r
    """
    data: LpData = model.data
    regions = [region for region in data.regions if data.flexible_demand_mw[region] > 0]

    def rule(model: pyo.ConcreteModel, region: str) -> pyo.Expression:
        return (
            sum(
                model.flexible_allocation_mw[region, site]
                for site in data.flexible_sites_of_region[region]
            )
            == data.flexible_demand_mw[region]
        )

    model.flexible_demand_allocated = pyo.Constraint(regions, rule=rule)


def flexible_load_matches_allocation(model: pyo.ConcreteModel) -> None:
    r"""A site's flexible energy over the year equals what the regions allocated to it.

    .. math:: \sum_h w_h F_{sh} = 8760 \sum_r A_{rs} \quad \forall s

    With ``time.annual_rows: monthly`` the sum over hours is split into partial sums
    :math:`P^F_{sb}` [MWh] over the blocks of hours :math:`b` (component
    ``flexible_energy_partial_sums``):

    .. math:: P^F_{sb} = \sum_{h \in b} w_h F_{sh} \quad \forall s, b; \qquad
       \sum_b P^F_{sb} = 8760 \sum_r A_{rs} \quad \forall s
    """
    data: LpData = model.data
    hours_per_year = sum(data.weight.values())

    def allocated(site: str) -> pyo.Expression:
        return hours_per_year * sum(
            model.flexible_allocation_mw[region, site]
            for region in data.flexible_regions_of_site.get(site, ())
        )

    if data.annual_rows == "monthly":

        def partial_rule(model: pyo.ConcreteModel, site: str, block: int) -> pyo.Expression:
            return model.flexible_energy_partial_mwh[site, block] == sum(
                data.weight[hour] * model.flexible_load_mw[site, hour]
                for hour in data.hour_blocks[block]
            )

        model.flexible_energy_partial_sums = pyo.Constraint(
            model.sites, model.hour_blocks, rule=partial_rule
        )

        def linked_rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
            return sum(
                model.flexible_energy_partial_mwh[site, block] for block in model.hour_blocks
            ) == allocated(site)

        model.flexible_load_matches_allocation = pyo.Constraint(model.sites, rule=linked_rule)
        return

    def rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        return sum(
            data.weight[hour] * model.flexible_load_mw[site, hour] for hour in data.hours
        ) == allocated(site)

    model.flexible_load_matches_allocation = pyo.Constraint(model.sites, rule=rule)


def it_load_within_capacity(model: pyo.ConcreteModel) -> None:
    r"""IT load stays within installed capacity times the utilisation limit.

    .. math:: \sum_r L_{rsh} + F_{sh} \le u_s \, (K_s + N_s - A_s) \quad \forall s, h

    :math:`u_s` utilisation limit [fraction], :math:`K_s` existing IT capacity [MW],
    :math:`A_s` new IT capacity built in addition to the plan's need [MW] (a plans file with
    ``sites.plans_mode: in_addition``), which carries none of its load.
    """
    data: LpData = model.data

    def rule(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
        site_data = data.site[site]
        return it_load(model, site, hour) <= site_data["utilisation_limit"] * (
            site_data["existing_it_capacity_mw"]
            + model.new_it_capacity_mw[site]
            - site_data["additional_new_it_capacity_mw"]
        )

    model.it_load_within_capacity = pyo.Constraint(model.sites, model.hours, rule=rule)


def capacity_within_maximum(model: pyo.ConcreteModel) -> None:
    r"""Existing plus new IT capacity stays within the site's maximum.

    .. math:: K_s + N_s \le \bar{K}_s \quad \forall s
    """
    data: LpData = model.data

    def rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        site_data = data.site[site]
        headroom = max(site_data["max_it_capacity_mw"] - site_data["existing_it_capacity_mw"], 0)
        return model.new_it_capacity_mw[site] <= headroom

    model.capacity_within_maximum = pyo.Constraint(model.sites, rule=rule)


def committed_capacity_built(model: pyo.ConcreteModel) -> None:
    r"""New IT capacity that a plan commits at a site is built.

    .. math:: N_s \ge P_s + A_s \quad \forall s: P_s + A_s > 0

    :math:`P_s` committed new IT capacity [MW] (``sites.committed_new_it_capacity_mw``, and
    ``sites.plans_csv`` built ``within``): a province's own plan, forced into the plan;
    :math:`A_s` new IT capacity built in addition to the plan's need [MW] (``sites.plans_csv``
    built ``in_addition``).
    """
    data: LpData = model.data

    def committed(site: str) -> float:
        site_data = data.site[site]
        return float(
            site_data["committed_new_it_capacity_mw"] + site_data["additional_new_it_capacity_mw"]
        )

    model.committed_capacity_built = pyo.Constraint(
        [site for site in data.sites if committed(site) > 0],
        rule=lambda model, site: model.new_it_capacity_mw[site] >= committed(site),
    )


def utilisation_at_least_minimum(model: pyo.ConcreteModel) -> None:
    r"""Each site's mean IT load is at least the planning utilisation floor of its capacity.

    .. math:: \sum_h w_h \ell_{sh} \ge m \sum_h w_h (K_s + N_s) \quad \forall s

    :math:`m` ``policy.min_utilisation`` [fraction] (上架率 floor, e.g. the 65 % of the 2022
    approval letters). Applied only when set; building more than demand fills makes the
    scenario infeasible, and the infeasibility names the sites.
    """
    data: LpData = model.data
    floor = data.min_utilisation
    sites = data.sites if floor is not None else []  # no rows without a floor
    required_hours = (floor or 0.0) * sum(data.weight.values())

    def rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        energy = sum(data.weight[hour] * it_load(model, site, hour) for hour in data.hours)
        capacity = data.site[site]["existing_it_capacity_mw"] + model.new_it_capacity_mw[site]
        return energy >= required_hours * capacity

    model.utilisation_at_least_minimum = pyo.Constraint(sites, rule=rule)


def power_balance(model: pyo.ConcreteModel) -> None:
    r"""Each site's consumption is met in every hour.

    .. math:: \eta_s \ell_{sh} + C_{sh} \le G_{sh} + \omega_{sh} W_s + \sigma_{sh} S_s
       + \sum_k I_{ksh} + D_{sh} + \sum_f \chi_{fh} M_{sf} \quad \forall s, h

    :math:`\eta_s` PUE [-], :math:`\omega_{sh}`, :math:`\sigma_{sh}` wind and solar capacity
    factors [fraction], :math:`\ell_{sh}` IT load [MW], :math:`M_{sf}` the site's contract
    with clean firm supply :math:`f` of its province [MW] and :math:`\chi_{fh}` its output per
    MW contracted in the hour [fraction]. Supply above demand is curtailment
    :math:`U_{sh}`: renewable output left unused (grid and corridor power cost money, so an
    optimal plan never buys power to waste it). Writing curtailment as this slack rather than
    as a variable saves one column per site and hour.
    """
    data: LpData = model.data

    def rule(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
        supply = (
            model.grid_mw[site, hour]
            + data.wind_cf[site][hour] * model.wind_capacity_mw[site]
            + data.solar_cf[site][hour] * model.solar_capacity_mw[site]
            + sum(
                model.corridor_import_mw[corridor, site, hour]
                for corridor in data.corridors_of_site.get(site, ())
            )
            + model.storage_discharge_mw[site, hour]
            + firm_output(model, site, hour)
            + long_duration_discharge(model, site, hour)
        )
        demand = (
            data.site[site]["pue"] * it_load(model, site, hour)
            + model.storage_charge_mw[site, hour]
            + long_duration_charge(model, site, hour)
            + surplus_sold(model, site, hour)
        )
        return demand <= supply

    model.power_balance = pyo.Constraint(model.sites, model.hours, rule=rule)


def wind_within_potential(model: pyo.ConcreteModel) -> None:
    r"""Dedicated wind capacity stays within the site's potential.

    .. math:: W_s \le \bar{W}_s \quad \forall s
    """
    model.wind_within_potential = _within_site_potential(
        model, model.wind_capacity_mw, "max_wind_mw"
    )


def solar_within_potential(model: pyo.ConcreteModel) -> None:
    r"""Dedicated solar capacity stays within the site's potential.

    .. math:: S_s \le \bar{S}_s \quad \forall s
    """
    model.solar_within_potential = _within_site_potential(
        model, model.solar_capacity_mw, "max_solar_mw"
    )


def _within_site_potential(
    model: pyo.ConcreteModel, capacity_mw: pyo.Var, potential_column: str
) -> pyo.Constraint:
    """Return the rows that keep a capacity within each site's potential, one per site.

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        The model, its sites and data built.
    capacity_mw : pyomo.environ.Var
        The capacity per site [MW].
    potential_column : str
        The column of the site's data that holds its potential [MW].
    """
    data: LpData = model.data
    return pyo.Constraint(
        model.sites, rule=lambda model, site: capacity_mw[site] <= data.site[site][potential_column]
    )


def surplus_sale_within_share(model: pyo.ConcreteModel) -> None:
    r"""Over the year a site sells at most its allowed share of its own output.

    .. math:: \sum_h w_h V_{sh} \le \alpha \sum_h w_h (\omega_{sh} W_s + \sigma_{sh} S_s)
       \quad \forall s

    :math:`\alpha` ``policy.surplus_sale_max_share`` [fraction]: the data centre's plant
    serves the data centre first, as a source-grid-load-storage project must, and the grid
    takes only a limited share of its output.
    """
    data: LpData = model.data
    sites = data.sites if data.surplus_sale_max_share > 0 else []

    def rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        weights = data.weight
        sold = sum(weights[hour] * model.surplus_sold_mw[site, hour] for hour in data.hours)
        output = sum(weights[hour] * own_renewable_output(model, site, hour) for hour in data.hours)
        return sold <= data.surplus_sale_max_share * output

    model.surplus_sale_within_share = pyo.Constraint(sites, rule=rule)


def corridor_flow_within_limit(model: pyo.ConcreteModel) -> None:
    r"""Imports over a corridor stay within the capacity available to data centres that hour.

    .. math:: \sum_s I_{ksh} \le a_{kh} \bar{I}_k \quad \forall k, h

    :math:`a_{kh}` the share of the line's capacity it can carry in the hour [fraction]: one
    for a line with thermal power behind it, its source's output for a purely renewable line
    (a hydro line in the dry season carries less).
    """
    data: LpData = model.data

    def rule(model: pyo.ConcreteModel, corridor: str, hour: int) -> pyo.Expression:
        available = data.corridor_available[corridor][hour]
        return (
            sum(
                model.corridor_import_mw[corridor, site, hour]
                for site in data.sites_of_corridor[corridor]
            )
            <= available * data.corridor[corridor]["available_capacity_mw"]
        )

    model.corridor_flow_within_limit = pyo.Constraint(model.corridors, model.hours, rule=rule)


def firm_contract_within_volume(model: pyo.ConcreteModel) -> None:
    r"""The sites of a province contract at most the volume of its clean firm supply.

    .. math:: \sum_{s \in p(f)} M_{sf} \le \bar{M}_f \quad \forall f

    :math:`\bar{M}_f` the capacity data centres may contract of supply :math:`f` (a province's
    nuclear plants or hydro fleet in service by the year, times
    ``supply.firm_share_for_data_centres``, or ``supply.*_volume_mw``) [MW].
    """
    data: LpData = model.data

    def rule(model: pyo.ConcreteModel, key: str) -> pyo.Expression:
        return (
            sum(model.firm_contract_mw[site, key] for site in data.sites_of_firm.get(key, ()))
            <= data.firm[key]["available_mw"]
        )

    supplies = [key for key in data.firm if data.sites_of_firm.get(key)]
    model.firm_contract_within_volume = pyo.Constraint(supplies, rule=rule)


def grid_within_headroom(model: pyo.ConcreteModel) -> None:
    r"""Data-centre grid purchases in a province stay within its headroom (where one is set).

    .. math:: \sum_{s \in p} G_{sh} \le \bar{G}_p \quad \forall p, h
    """
    data: LpData = model.data
    provinces = [province for province in data.headroom_mw if data.sites_in_province.get(province)]

    def rule(model: pyo.ConcreteModel, province: str, hour: int) -> pyo.Expression:
        return (
            sum(model.grid_mw[site, hour] for site in data.sites_in_province[province])
            <= data.headroom_mw[province]
        )

    model.grid_within_headroom = pyo.Constraint(provinces, model.hours, rule=rule)


CONSTRAINTS: list[Callable[[pyo.ConcreteModel], None]] = [
    demand_served,
    latency_shares_sum_at_site,
    flexible_demand_served,
    shifted_load_kept_within_day,
    flexible_demand_allocated,
    flexible_load_matches_allocation,
    it_load_within_capacity,
    capacity_within_maximum,
    committed_capacity_built,
    utilisation_at_least_minimum,
    power_balance,
    wind_within_potential,
    solar_within_potential,
    storage_within_potential,
    storage_flows_within_power,
    storage_charged_from_own_renewables,
    surplus_sale_within_share,
    storage_state_continuity,
    long_duration_within_potential,
    long_duration_within_duration,
    long_duration_flows_within_power,
    long_duration_level_continuity,
    long_duration_level_within_energy,
    long_duration_day_within_energy,
    long_duration_day_continuity,
    corridor_flow_within_limit,
    firm_contract_within_volume,
    grid_within_headroom,
    green_share_at_least_target,
    green_share_at_least_floor,
    certificates_bought_on_market,
    carbon_within_cap,
]
"""The rules in the order the model adds them; each adds the component of its own name."""

CAPACITY_ONLY_RULES = (
    capacity_within_maximum,
    committed_capacity_built,
    wind_within_potential,
    solar_within_potential,
    storage_within_potential,
    firm_contract_within_volume,
    long_duration_within_potential,
    long_duration_within_duration,
)
"""Rules over capacities alone. With a plan's capacities held (a full-year validation) they are
constants, checked when the plan was solved and audited, and are not built: a held capacity a
solver's tolerance above its limit would otherwise make the dispatch LP "infeasible"."""

RULES_BY_INDEX_SET = {"latency_eligibility": "latency_pairs"}
"""Rules kept by the sparsity of an index set rather than by a component of their own."""
