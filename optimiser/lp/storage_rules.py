r"""The storage rules of the siting LP: the battery, and long-duration storage.

Part of :data:`optimiser.lp.rules.CONSTRAINTS`; one function per rule, adding one Pyomo
component of its name. The battery's symbols are those of :mod:`optimiser.lp.rules`; for
long-duration storage (:mod:`optimiser.lp.storage`) :math:`t` is the technology,
:math:`P_{st}`, :math:`E_{st}` its power [MW] and energy [MWh] at site :math:`s`,
:math:`C_{sth}`, :math:`D_{sth}` charge and discharge [MW], :math:`X_{sth}` the level [MWh]
(counted from the start of its modelled day on linked days), :math:`S_{std}` the level at the
start of day :math:`d` of the year [MWh], :math:`\eta_t` the one-way efficiency (the square
root of the round trip) and :math:`p(d)` the modelled day standing for day :math:`d`.
"""

from __future__ import annotations

from math import sqrt

import pyomo.environ as pyo

from optimiser.lp.model import LpData, own_renewable_output, surplus_sold
from optimiser.lp.storage import LongDurationData, long_duration_charge


def storage_within_potential(model: pyo.ConcreteModel) -> None:
    r"""Storage power stays within the site's potential, and energy within its duration cap.

    .. math:: P_s \le \bar{P}_s, \quad E_s \le \tau P_s \quad \forall s

    :math:`\tau` maximum storage duration [h].
    """
    data: LpData = model.data
    max_hours = data.parameters["storage_max_hours"]

    def rule(model: pyo.ConcreteModel, site: str, limit: str) -> pyo.Expression:
        if limit == "power":
            return model.storage_power_mw[site] <= data.site[site]["max_storage_mw"]
        return model.storage_energy_mwh[site] <= max_hours * model.storage_power_mw[site]

    model.storage_within_potential = pyo.Constraint(model.sites, ["power", "energy"], rule=rule)


def storage_flows_within_power(model: pyo.ConcreteModel) -> None:
    r"""Charge and discharge stay within storage power; the state within storage energy.

    .. math:: C_{sh} \le P_s, \quad D_{sh} \le P_s, \quad X_{sh} \le E_s \quad \forall s, h

    No rows when a plan's capacities are held (a full-year validation): the same limits are
    then the columns' bounds (:func:`optimiser.lp.validation.hold_capacities`).
    """
    sites = [] if hasattr(model, "held_storage_sites") else list(model.sites)

    def rule(model: pyo.ConcreteModel, site: str, hour: int, limit: str) -> pyo.Expression:
        if limit == "charge":
            return model.storage_charge_mw[site, hour] <= model.storage_power_mw[site]
        if limit == "discharge":
            return model.storage_discharge_mw[site, hour] <= model.storage_power_mw[site]
        return model.storage_state_mwh[site, hour] <= model.storage_energy_mwh[site]

    model.storage_flows_within_power = pyo.Constraint(
        sites, model.hours, ["charge", "discharge", "state"], rule=rule
    )


def storage_charged_from_own_renewables(model: pyo.ConcreteModel) -> None:
    r"""Storage charges, and surplus is sold, only from the site's own wind and solar output.

    .. math:: C_{sh} + \sum_t C_{sth} + V_{sh} \le \omega_{sh} W_s + \sigma_{sh} S_s
       \quad \forall s, h

    :math:`V_{sh}` surplus sold to the grid [MW] (0 unless ``policy.surplus_sale_max_share``
    allows sales).

    Storage belongs to the site's dedicated renewable plant, as in a source-grid-load-storage
    (源网荷储) project, so what it discharges is green in every accounting: grid or corridor
    power can never be stored and come back counted as green. (Grid prices are flat, so charging
    from the grid would only shift purchases in time, worth something only under a provincial
    grid headroom limit; the rule gives that up, as such a project's storage does.)
    """

    def rule(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
        stored_or_sold = (
            model.storage_charge_mw[site, hour]
            + long_duration_charge(model, site, hour)
            + surplus_sold(model, site, hour)
        )
        return stored_or_sold <= own_renewable_output(model, site, hour)

    model.storage_charged_from_own_renewables = pyo.Constraint(model.sites, model.hours, rule=rule)


def storage_state_continuity(model: pyo.ConcreteModel) -> None:
    r"""The state of charge follows charge and discharge, cyclically within each period.

    .. math:: X_{sh} = X_{s,h^-} + \sqrt{\rho}\, C_{sh} - D_{sh} / \sqrt{\rho}
       \quad \forall s, h

    :math:`h^-` the hour before :math:`h` in its period (the last hour for the first),
    :math:`\rho` round-trip efficiency [fraction], split evenly between charge and discharge.
    With a plan's capacities held, only sites with storage have rows (elsewhere all three
    are zero).
    """
    data: LpData = model.data
    one_way = sqrt(data.parameters["storage_round_trip_efficiency"])
    sites = getattr(model, "held_storage_sites", list(model.sites))

    def rule(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
        previous = data.previous_hour[hour]
        return model.storage_state_mwh[site, hour] == (
            model.storage_state_mwh[site, previous]
            + one_way * model.storage_charge_mw[site, hour]
            - model.storage_discharge_mw[site, hour] / one_way
        )

    model.storage_state_continuity = pyo.Constraint(sites, model.hours, rule=rule)


def long_duration_within_potential(model: pyo.ConcreteModel) -> None:
    r"""Long-duration storage stays within what a province leases, or a site can build.

    .. math:: \sum_{(s,t) \in \pi} P_{st} \le \bar{P}_\pi \quad \forall \pi; \qquad
       P_s + \sum_{t \in built} P_{st} \le \bar{P}_s \quad \forall s

    :math:`\bar{P}_\pi` the share of a province's pumped hydro or compressed-air capacity
    data centres may lease (``supply.storage_share_for_data_centres``) [MW]; a flow battery
    is built at the site, within its storage potential :math:`\bar{P}_s` together with the
    battery :math:`P_s`.
    """
    data: LpData = model.data
    storage: LongDurationData = model.data.long_duration
    limits = [("province", key) for key in storage.pairs_of_potential] + [
        ("site", site) for site in storage.site_built
    ]

    def rule(model: pyo.ConcreteModel, kind: str, name: str) -> pyo.Expression:
        if kind == "province":
            leased = sum(
                model.long_duration_power_mw[pair] for pair in storage.pairs_of_potential[name]
            )
            return leased <= storage.available_mw[name]
        built = sum(
            model.long_duration_power_mw[name, technology]
            for technology in storage.site_built[name]
        )
        return model.storage_power_mw[name] + built <= data.site[name]["max_storage_mw"]

    model.long_duration_within_potential = pyo.Constraint(limits, rule=rule)


def long_duration_within_duration(model: pyo.ConcreteModel) -> None:
    r"""Each long-duration store's energy lies within its technology's duration range.

    .. math:: \underline{\tau}_t P_{st} \le E_{st} \le \bar{\tau}_t P_{st}
       \quad \forall (s, t)

    :math:`\underline{\tau}_t`, :math:`\bar{\tau}_t` the shortest and longest duration of
    the technology's Chinese projects [h] (``storage_technologies.csv``).
    """
    storage: LongDurationData = model.data.long_duration

    def rule(model: pyo.ConcreteModel, site: str, name: str, bound: str) -> pyo.Expression:
        power = model.long_duration_power_mw[site, name]
        energy = model.long_duration_energy_mwh[site, name]
        if bound == "min":
            return storage.technology[name]["min_duration_h"] * power <= energy
        return energy <= storage.technology[name]["max_duration_h"] * power

    model.long_duration_within_duration = pyo.Constraint(
        model.long_duration_pairs, ["min", "max"], rule=rule
    )


def long_duration_flows_within_power(model: pyo.ConcreteModel) -> None:
    r"""Long-duration charge and discharge together stay within the store's power.

    .. math:: C_{sth} + D_{sth} \le P_{st} \quad \forall (s, t), h

    A pumped-hydro unit is reversible: in an hour it pumps or generates, up to its rating (as
    does a compressed-air plant's motor-generator or a flow battery's converter). One row per
    hour instead of two.
    """

    def rule(model: pyo.ConcreteModel, site: str, name: str, hour: int) -> pyo.Expression:
        flows = (
            model.long_duration_charge_mw[site, name, hour]
            + model.long_duration_discharge_mw[site, name, hour]
        )
        return flows <= model.long_duration_power_mw[site, name]

    model.long_duration_flows_within_power = pyo.Constraint(
        model.long_duration_pair_hours, rule=rule
    )


def long_duration_level_continuity(model: pyo.ConcreteModel) -> None:
    r"""The long-duration level follows charge and discharge, hour by hour.

    .. math:: X_{sth} = X_{s t h^-} + \eta_t C_{sth} - D_{sth} / \eta_t \quad \forall (s,t), h

    In calendar order :math:`h^-` is the hour before, cyclically within the period (the
    year, or a month of the full-year check). On linked modelled days the level is counted
    from the day's start: the first hour of a day has :math:`X_{sth^-} = 0`.
    """
    data: LpData = model.data
    storage: LongDurationData = model.data.long_duration
    first_hours = {hours[0] for hours in storage.hours_of_period.values()}

    def rule(model: pyo.ConcreteModel, site: str, name: str, hour: int) -> pyo.Expression:
        one_way = storage.technology[name]["one_way"]
        before = (
            0.0
            if hour in first_hours
            else model.long_duration_level_mwh[site, name, data.previous_hour[hour]]
        )
        return model.long_duration_level_mwh[site, name, hour] == (
            before
            + one_way * model.long_duration_charge_mw[site, name, hour]
            - model.long_duration_discharge_mw[site, name, hour] / one_way
        )

    model.long_duration_level_continuity = pyo.Constraint(model.long_duration_pair_hours, rule=rule)


def long_duration_level_within_energy(model: pyo.ConcreteModel) -> None:
    r"""The long-duration level stays within the store's energy.

    In calendar order :math:`0 \le X_{sth} \le E_{st}`. On linked modelled days the level
    within day :math:`p` lies between its lowest and highest, :math:`\underline{X}_{stp} \le
    X_{sth} \le \bar{X}_{stp}` (:math:`\underline{X} \le 0 \le \bar{X}`), which
    :func:`long_duration_day_within_energy` keeps within the store.
    """
    storage: LongDurationData = model.data.long_duration
    period_of = {
        hour: period for period, hours in storage.hours_of_period.items() for hour in hours
    }

    def hourly(
        model: pyo.ConcreteModel, site: str, name: str, hour: int, bound: str
    ) -> pyo.Expression:
        level = model.long_duration_level_mwh[site, name, hour]
        if not storage.linked:
            if bound == "min":
                return pyo.Constraint.Skip  # the level's own bound (>= 0)
            return level <= model.long_duration_energy_mwh[site, name]
        period = period_of[hour]
        if bound == "min":
            return model.long_duration_level_min_mwh[site, name, period] <= level
        return level <= model.long_duration_level_max_mwh[site, name, period]

    model.long_duration_level_within_energy = pyo.Constraint(
        model.long_duration_pair_hours, ["min", "max"], rule=hourly
    )


def long_duration_day_within_energy(model: pyo.ConcreteModel) -> None:
    r"""On linked modelled days, every day of the year keeps within the store.

    .. math:: S_{std} + \bar{X}_{st p(d)} \le E_{st}, \quad
       S_{std} + \underline{X}_{st p(d)} \ge 0 \quad \forall (s,t), d

    From the level it starts at, the day's highest and lowest level (Kotzur et al., 2018).
    No rows in calendar order.
    """
    storage: LongDurationData = model.data.long_duration

    def daily(
        model: pyo.ConcreteModel, site: str, name: str, day: int, bound: str
    ) -> pyo.Expression:
        start = model.long_duration_day_level_mwh[site, name, day]
        period = storage.days[day]
        if bound == "min":
            return start + model.long_duration_level_min_mwh[site, name, period] >= 0
        return (
            start + model.long_duration_level_max_mwh[site, name, period]
            <= model.long_duration_energy_mwh[site, name]
        )

    model.long_duration_day_within_energy = pyo.Constraint(
        model.long_duration_pair_days, ["min", "max"], rule=daily
    )


def long_duration_day_continuity(model: pyo.ConcreteModel) -> None:
    r"""On linked modelled days, each day of the year starts where the day before ended.

    .. math:: S_{st,d+1} = \lambda_t S_{std} + X_{st, \text{end}(p(d))} \quad \forall (s,t), d

    cyclically over the year (or the weather years): :math:`\lambda_t` the share kept over a
    day (1 - self-discharge), :math:`\text{end}(p)` the last hour of modelled day :math:`p`.
    No rows in calendar order.
    """
    storage: LongDurationData = model.data.long_duration
    last_hour = {period: hours[-1] for period, hours in storage.hours_of_period.items()}
    days = len(storage.days)

    def rule(model: pyo.ConcreteModel, site: str, name: str, day: int) -> pyo.Expression:
        following = (day + 1) % days
        end = model.long_duration_level_mwh[site, name, last_hour[storage.days[day]]]
        return model.long_duration_day_level_mwh[site, name, following] == (
            storage.technology[name]["retained_per_day"]
            * model.long_duration_day_level_mwh[site, name, day]
            + end
        )

    model.long_duration_day_continuity = pyo.Constraint(model.long_duration_pair_days, rule=rule)
