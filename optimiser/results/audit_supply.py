"""Re-check a plan's storage and clean firm contracts in plain pandas.

Part of the audit (:data:`optimiser.results.audit.AUDIT_CHECKS`): the battery's flows and
state, long-duration storage (potential, duration, flows, levels hour by hour and, on linked
modelled days, day by day through the year) and the volume of clean firm contracts.
"""

from __future__ import annotations

from math import sqrt

import numpy as np
import pandas as pd

from optimiser.data.timeseries import HOURS_PER_DAY
from optimiser.results.tables import SolveResult
from optimiser.results.tolerances import check_at_most, check_equal


def check_storage(result: SolveResult) -> None:
    """Storage flows within power, state within energy, and the state follows the flows."""
    inputs, plan = result.inputs, result.plan
    hourly = plan.hourly.sort_values(["cluster_id", "hour"]).reset_index(drop=True)
    labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
    power = plan.sites["storage_power_mw"].reindex(hourly["cluster_id"]).to_numpy()
    energy = plan.sites["storage_energy_mwh"].reindex(hourly["cluster_id"]).to_numpy()
    for column, limit in (
        ("storage_charge_mw", power),
        ("storage_discharge_mw", power),
        ("storage_state_mwh", energy),
    ):
        check_at_most("storage_flows_within_power", labels, hourly[column].to_numpy(), limit)
    own_output = (hourly["wind_mw"] + hourly["solar_mw"]).to_numpy()
    check_at_most(
        "storage_charged_from_own_renewables",
        labels,
        (hourly["storage_charge_mw"] + hourly["surplus_sold_mw"]).to_numpy(),
        own_output,
    )
    one_way = sqrt(inputs.parameters["storage_round_trip_efficiency"])
    previous_hour = inputs.hours["previous_hour"]
    state = hourly.set_index(["cluster_id", "hour"])["storage_state_mwh"]
    previous_keys = pd.MultiIndex.from_arrays(
        [hourly["cluster_id"], previous_hour.reindex(hourly["hour"]).to_numpy()]
    )
    previous_state = state.reindex(previous_keys).to_numpy()
    expected = (
        previous_state
        + one_way * hourly["storage_charge_mw"].to_numpy()
        - hourly["storage_discharge_mw"].to_numpy() / one_way
    )
    check_equal(
        "storage_state_continuity", labels, hourly["storage_state_mwh"].to_numpy(), expected
    )


def check_long_duration(result: SolveResult) -> None:
    """Long-duration storage: potential, duration, flows within power, levels within energy.

    On linked modelled days the start level of every day of the year is worked out from the
    cyclic chain (each day starts where the one before ended, less self-discharge) and every
    day is checked to keep within its store.
    """
    inputs, plan = result.inputs, result.plan
    technologies = inputs.long_duration_technologies
    if technologies.empty or inputs.long_duration_pairs.empty:
        return
    sites = plan.sites
    for name, row in technologies.iterrows():
        power = sites[f"{name}_power_mw"].to_numpy()
        energy = sites[f"{name}_energy_mwh"].to_numpy()
        labels = sites.index + f":{name}"
        check_at_most(
            "long_duration_within_duration", labels, row["min_duration_h"] * power, energy
        )
        check_at_most(
            "long_duration_within_duration", labels, energy, row["max_duration_h"] * power
        )
    pairs = inputs.long_duration_pairs
    for key, available in inputs.long_duration_potential["available_mw"].items():
        leasing = pairs[pairs["potential_key"] == key]
        leased = sum(
            float(sites.at[site, f"{name}_power_mw"])
            for site, name in zip(leasing["cluster_id"], leasing["technology_id"], strict=True)
        )
        check_at_most(
            "long_duration_within_potential",
            pd.Index([key]),
            np.array([leased]),
            np.array([available]),
        )
    stored = plan.long_duration_hourly
    if stored.empty:
        return
    power = np.array(
        [
            sites.at[site, f"{name}_power_mw"]
            for site, name in zip(stored["cluster_id"], stored["technology_id"], strict=True)
        ]
    )
    labels = stored["cluster_id"] + ":" + stored["technology_id"] + "@" + stored["hour"].astype(str)
    flows = (stored["charge_mw"] + stored["discharge_mw"]).to_numpy()
    check_at_most("long_duration_flows_within_power", labels, flows, power)
    for (site, name), store in stored.groupby(["cluster_id", "technology_id"], sort=False):
        check_store_levels(result, site, str(name), store)


def check_store_levels(result: SolveResult, site: str, name: str, store: pd.DataFrame) -> None:
    """Re-check one long-duration store's levels hour by hour, and day by day when linked."""
    inputs = result.inputs
    row = inputs.long_duration_technologies.loc[name]
    one_way = sqrt(float(row["round_trip_efficiency"]))
    energy = float(result.plan.sites.at[site, f"{name}_energy_mwh"])
    hours = inputs.hours
    store = store.set_index("hour").reindex(hours.index)
    level = store["level_mwh"].to_numpy(dtype=float)
    flows = one_way * store["charge_mw"].to_numpy() - store["discharge_mw"].to_numpy() / one_way
    period = hours["period"].to_numpy()
    length = pd.Series(period).groupby(period).transform("size").to_numpy()
    calendar = inputs.calendar_days
    linked = bool(len(calendar)) and bool((length == HOURS_PER_DAY).all())
    previous = level[hours.index.get_indexer(hours["previous_hour"])]
    first = np.r_[True, period[1:] != period[:-1]]
    before = np.where(first & linked, 0.0, previous)
    where = pd.Index([f"{site}:{name}@{hour}" for hour in hours.index])
    check_equal("long_duration_level_continuity", where, level, before + flows)
    if not linked:
        check_at_most(
            "long_duration_level_within_energy", where, level, np.full(len(level), energy)
        )
        return
    by_period = pd.Series(level).groupby(period)
    highest = np.maximum(by_period.max(), 0.0)
    lowest = np.minimum(by_period.min(), 0.0)
    end = by_period.last()
    days = calendar.to_numpy()
    retained = 1.0 - float(row["self_discharge_share_per_day"])
    # Each day starts where the one before ended: S[d+1] = r S[d] + end[p(d)], cyclically;
    # S[0] solves S[0] = r^D S[0] + sum_k r^(D-1-k) end[p(k)].
    gains = end.reindex(days).to_numpy()
    powers = retained ** np.arange(len(days) - 1, -1, -1)
    carried = float(powers @ gains)
    start = carried / (1 - retained ** len(days)) if retained < 1 else None
    offsets = np.concatenate([[0.0], np.cumsum(gains)[:-1]])
    if start is None:
        pair = pd.Index([f"{site}:{name}"])
        check_equal("long_duration_day_continuity", pair, np.array([gains.sum()]), np.array([0.0]))
        # Any start between the tightest bounds would do: the LP found one if they meet.
        low = float(np.max(-offsets - lowest.reindex(days).to_numpy()))
        high = float(np.min(energy - offsets - highest.reindex(days).to_numpy()))
        check_at_most("long_duration_day_within_energy", pair, np.array([low]), np.array([high]))
        return
    starts = np.empty(len(days))
    starts[0] = start
    for day in range(1, len(days)):
        starts[day] = retained * starts[day - 1] + gains[day - 1]
    labels = pd.Index([f"{site}:{name} day {day}" for day in range(len(days))])
    top = starts + highest.reindex(days).to_numpy()
    bottom = starts + lowest.reindex(days).to_numpy()
    check_at_most("long_duration_day_within_energy", labels, top, np.full(len(days), energy))
    check_at_most("long_duration_day_within_energy", labels, np.zeros(len(days)), bottom)


def check_firm_contracts(result: SolveResult) -> None:
    """The sites of a province contract at most the volume of its clean firm supply."""
    inputs, sites = result.inputs, result.plan.sites
    firm = inputs.firm_supply
    if firm.empty:
        return
    province = inputs.sites["province_id"].reindex(sites.index)
    contracted = [
        float(sites.loc[province == row["province_id"], f"{row['technology']}_contract_mw"].sum())
        for _, row in firm.iterrows()
    ]
    check_at_most(
        "firm_contract_within_volume",
        firm.index,
        np.asarray(contracted),
        firm["available_mw"].to_numpy(dtype=float),
    )
