"""Re-check a solved plan in plain pandas, independently of Pyomo.

Run after every solve (and on a written results directory by
:func:`audit_results_dir`): from the plan's decisions and the model inputs alone, each
``check_*`` function re-derives one rule of the LP and raises
:class:`~optimiser.errors.AuditError` if the plan breaks it beyond the tolerances below. The
objective is recomputed from its parts and compared with HiGHS's.

Tolerances: HiGHS's primal feasibility tolerance is 1e-7 on its scaled model, so power and
energy balances are checked to ``ABSOLUTE_TOLERANCE_MW`` plus ``RELATIVE_TOLERANCE`` of the
magnitude involved; the objective to ``OBJECTIVE_RELATIVE_TOLERANCE``. A plan solved with
``solver.interior_point_gap`` was accepted by HiGHS at tolerances of 1e-6, with violations up
to 100 times those: its rules are checked to :data:`INTERIOR_POINT_SCALE` times the tolerances
(its objective is not: the parts and HiGHS's sum are both of the same primal values).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from math import sqrt

import numpy as np
import pandas as pd

from optimiser.data.latency import great_circle_distance_km
from optimiser.errors import AuditError
from optimiser.lp.inputs import ModelInputs
from optimiser.lp.model import CNY_PER_KCNY, HOURS_PER_DAY
from optimiser.results.accounting import (
    NOT_GREEN_COLUMN,
    PlanTables,
    cost_breakdown,
    site_emissions,
    site_hourly_balance,
)
from optimiser.results.tables import SolveResult

ABSOLUTE_TOLERANCE_MW = 1e-4
RELATIVE_TOLERANCE = 1e-6
OBJECTIVE_RELATIVE_TOLERANCE = 1e-6
INTERIOR_POINT_SCALE = 100.0
"""Tolerances × this for a plan accepted at ``solver.interior_point_gap`` (HiGHS accepts its
KKT violations up to 100 times its tolerances of 1e-6)."""

_SCALE: contextvars.ContextVar[float] = contextvars.ContextVar("audit_scale", default=1.0)
"""The scale of the audit under way (:func:`audit_plan`)."""


def _absolute_tolerance() -> float:
    return ABSOLUTE_TOLERANCE_MW * _SCALE.get()


def _tolerance(magnitude: pd.Series | np.ndarray | float) -> np.ndarray:
    relative = RELATIVE_TOLERANCE * _SCALE.get()
    return _absolute_tolerance() + relative * np.abs(np.asarray(magnitude, dtype=float))


def tolerance_scale(result: SolveResult) -> float:
    """Return how much looser than HiGHS's defaults the plan's solve accepted its rules."""
    accepted = result.inputs.settings.solver.interior_point_gap is not None
    return INTERIOR_POINT_SCALE if accepted else 1.0


@contextlib.contextmanager
def _scaled_to(result: SolveResult) -> Iterator[None]:
    """Hold the plan's :func:`tolerance_scale` for the checks run inside."""
    token = _SCALE.set(tolerance_scale(result))
    try:
        yield
    finally:
        _SCALE.reset(token)


def _fail(rule: str, where: str, detail: str) -> None:
    msg = f"audit failed: {rule} broken at {where}: {detail}"
    raise AuditError(msg)


def _check_equal(
    rule: str, labels: pd.Index | pd.Series, left: np.ndarray, right: np.ndarray
) -> None:
    gap = np.abs(np.asarray(left) - np.asarray(right))
    bad = np.flatnonzero(gap > _tolerance(np.maximum(np.abs(left), np.abs(right))))
    if len(bad):
        first = int(bad[0])
        _fail(rule, str(list(labels)[first]), f"{left[first]:.6g} != {right[first]:.6g}")


def _check_at_most(
    rule: str, labels: pd.Index | pd.Series, value: np.ndarray, limit: np.ndarray
) -> None:
    value = np.asarray(value, dtype=float)
    limit = np.asarray(limit, dtype=float)
    bad = np.flatnonzero(value > limit + _tolerance(limit))
    if len(bad):
        first = int(bad[0])
        _fail(rule, str(list(labels)[first]), f"{value[first]:.6g} > limit {limit[first]:.6g}")


def check_demand_served(result: SolveResult) -> None:
    """Latency-bound demand of every region is met in every hour."""
    inputs, plan = result.inputs, result.plan
    served = plan.latency_hourly.groupby(["province_id", "hour"])["load_mw"].sum()
    demand = inputs.regions["demand_latency_bound_mw"]
    demand = demand[demand > 0]
    shape = inputs.hours["demand_shape_latency_bound"]
    index = pd.MultiIndex.from_product([demand.index, shape.index], names=["province_id", "hour"])
    expected = np.outer(demand.to_numpy(), shape.to_numpy()).ravel()
    _check_equal("demand_served", index, served.reindex(index).fillna(0.0).to_numpy(), expected)


def check_latency_eligibility(result: SolveResult) -> None:
    """Latency-bound load is served only by sites within the round-trip limit."""
    limit = result.inputs.settings.latency.max_rtt_ms
    latency = result.plan.latency_hourly
    used = latency[latency["load_mw"] > _absolute_tolerance()]
    pairs = result.inputs.pairs.set_index(["province_id", "cluster_id"])["rtt_ms"]
    keys = pd.MultiIndex.from_arrays([used["province_id"], used["cluster_id"]])
    rtt = pairs.reindex(keys).to_numpy()
    _check_at_most("latency_eligibility", keys, rtt, np.full(len(rtt), limit))


def check_flexible_demand(result: SolveResult) -> None:
    r"""Flexible demand is met nationally every hour and per region over the year.

    With ``demand.flexible_shift_share`` :math:`\kappa` each hour's national load lies within
    :math:`(1 \pm \kappa)` of its shape and each day's energy is the shape's.
    """
    inputs, plan = result.inputs, result.plan
    total = inputs.regions["demand_flexible_mw"].sum()
    shape = inputs.hours["demand_shape_flexible"]
    served = plan.hourly.groupby("hour")["flexible_load_mw"].sum().reindex(shape.index)
    served = served.fillna(0.0).to_numpy()
    demand = total * shape.to_numpy()
    share = inputs.settings.demand.flexible_shift_share
    _check_at_most("flexible_demand_served", shape.index, served, (1 + share) * demand)
    _check_at_most("flexible_demand_served", shape.index, (1 - share) * demand, served)
    day = np.arange(len(shape)) // HOURS_PER_DAY
    _check_equal(
        "shifted_load_kept_within_day",
        pd.RangeIndex(day.max() + 1 if len(day) else 0, name="day"),
        np.bincount(day, weights=served),
        np.bincount(day, weights=demand),
    )
    demand = inputs.regions["demand_flexible_mw"]
    demand = demand[demand > 0]
    allocated = plan.flexible_allocation.groupby("province_id")["load_mw"].sum()
    _check_equal(
        "flexible_demand_allocated",
        demand.index,
        allocated.reindex(demand.index).fillna(0.0).to_numpy(),
        demand.to_numpy(),
    )
    weight = inputs.hours["weight_h"]
    energy = plan.hourly["flexible_load_mw"] * weight.reindex(plan.hourly["hour"]).to_numpy()
    by_site = energy.groupby(plan.hourly["cluster_id"]).sum().reindex(inputs.sites.index)
    allocated_site = (
        plan.flexible_allocation.groupby("cluster_id")["load_mw"]
        .sum()
        .reindex(inputs.sites.index)
        .fillna(0.0)
        * weight.sum()
    )
    _check_equal(
        "flexible_load_matches_allocation",
        inputs.sites.index,
        by_site.fillna(0.0).to_numpy(),
        allocated_site.to_numpy(),
    )


def check_capacity(result: SolveResult) -> None:
    """IT load within capacity × utilisation; capacity within the site maximum."""
    inputs, plan = result.inputs, result.plan
    sites = inputs.sites
    total = sites["existing_it_capacity_mw"] + plan.sites["new_it_capacity_mw"]
    _check_at_most(
        "capacity_within_maximum",
        sites.index,
        total.to_numpy(),
        np.maximum(sites["max_it_capacity_mw"], sites["existing_it_capacity_mw"]),
    )
    hourly = plan.hourly
    load = hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]
    limit = (sites["utilisation_limit"] * total).reindex(hourly["cluster_id"]).to_numpy()
    labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
    _check_at_most("it_load_within_capacity", labels, load.to_numpy(), limit)


def check_commitments_and_utilisation(result: SolveResult) -> None:
    """Committed capacity built; mean IT load at least the utilisation floor where one is set."""
    inputs, plan = result.inputs, result.plan
    new = plan.sites["new_it_capacity_mw"].reindex(inputs.sites.index).fillna(0.0)
    committed = inputs.sites["committed_new_it_capacity_mw"].fillna(0.0)
    _check_at_most(
        "committed_capacity_built", inputs.sites.index, committed.to_numpy(), new.to_numpy()
    )
    floor = inputs.settings.policy.min_utilisation
    if floor is None:
        return
    hourly = plan.hourly
    weight = inputs.hours["weight_h"]
    load = (hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]) * weight.reindex(
        hourly["hour"]
    ).to_numpy()
    energy = load.groupby(hourly["cluster_id"]).sum().reindex(inputs.sites.index).fillna(0.0)
    capacity = inputs.sites["existing_it_capacity_mw"] + new
    required = floor * float(weight.sum()) * capacity
    _check_at_most(
        "utilisation_at_least_minimum",
        inputs.sites.index,
        required.to_numpy(),
        energy.to_numpy(),
    )


def check_power_balance(result: SolveResult) -> None:
    """Supply covers consumption plus charging at every site and hour."""
    inputs = result.inputs
    hourly = site_hourly_balance(result.plan, inputs)
    supply = (
        hourly["grid_mw"]
        + hourly["wind_mw"]
        + hourly["solar_mw"]
        + hourly["corridor_import_mw"]
        + hourly["storage_discharge_mw"]
        + hourly["long_duration_discharge_mw"]
        + hourly["firm_nuclear_mw"]
        + hourly["firm_hydro_mw"]
    )
    demand = (
        hourly["consumption_mw"]
        + hourly["storage_charge_mw"]
        + hourly["long_duration_charge_mw"]
        + hourly["surplus_sold_mw"]
    )
    labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
    _check_at_most("power_balance", labels, demand.to_numpy(), supply.to_numpy())
    check_surplus_sales(result, hourly, labels)


def check_surplus_sales(result: SolveResult, hourly: pd.DataFrame, labels: pd.Series) -> None:
    """Nothing is sold unless allowed; then within the allowed share of the year's own output."""
    share = result.inputs.settings.policy.surplus_sale_max_share
    sold = hourly["surplus_sold_mw"].to_numpy()
    own = (hourly["wind_mw"] + hourly["solar_mw"]).to_numpy()
    if share <= 0:
        _check_at_most("surplus_sale_within_share", labels, sold, np.zeros(len(sold)))
        return
    weight = hourly["weight_h"].to_numpy()
    annual = (
        pd.DataFrame({"sold": sold * weight, "own": own * weight})
        .groupby(hourly["cluster_id"].to_numpy())
        .sum()
    )
    _check_at_most(
        "surplus_sale_within_share",
        annual.index,
        annual["sold"].to_numpy(),
        share * annual["own"].to_numpy(),
    )


def check_potentials(result: SolveResult) -> None:
    """Wind, solar and storage within each site's potential."""
    sites, decisions = result.inputs.sites, result.plan.sites
    for decision, limit, rule in (
        ("wind_capacity_mw", "max_wind_mw", "wind_within_potential"),
        ("solar_capacity_mw", "max_solar_mw", "solar_within_potential"),
        ("storage_power_mw", "max_storage_mw", "storage_within_potential"),
    ):
        _check_at_most(rule, sites.index, decisions[decision].to_numpy(), sites[limit].to_numpy())
    max_hours = result.inputs.parameters["storage_max_hours"]
    _check_at_most(
        "storage_within_potential",
        sites.index,
        decisions["storage_energy_mwh"].to_numpy(),
        (max_hours * decisions["storage_power_mw"]).to_numpy(),
    )


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
        _check_at_most("storage_flows_within_power", labels, hourly[column].to_numpy(), limit)
    own_output = (hourly["wind_mw"] + hourly["solar_mw"]).to_numpy()
    _check_at_most(
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
    _check_equal(
        "storage_state_continuity", labels, hourly["storage_state_mwh"].to_numpy(), expected
    )


def check_corridors(result: SolveResult) -> None:
    """Corridor flows within the capacity available to data centres, to linked sites only."""
    inputs, flows = result.inputs, result.plan.corridor_hourly
    if flows.empty:
        return
    links = set(
        zip(inputs.corridor_links["corridor_id"], inputs.corridor_links["cluster_id"], strict=True)
    )
    used = flows.loc[flows["flow_mw"] > _absolute_tolerance(), ["corridor_id", "cluster_id"]]
    for corridor, site in used.drop_duplicates().itertuples(index=False):
        if (corridor, site) not in links or not _delivers_to(inputs, corridor, site):
            _fail("corridor_flow_within_limit", f"{corridor}->{site}", "corridor cannot reach")
    total = flows.groupby(["corridor_id", "hour"])["flow_mw"].sum()
    corridors = total.index.get_level_values("corridor_id")
    availability = inputs.corridor_availability
    available = availability.to_numpy(dtype=float)[
        availability.index.get_indexer(total.index.get_level_values("hour")),
        availability.columns.get_indexer(corridors),
    ]
    limit = inputs.corridors["available_capacity_mw"].reindex(corridors).to_numpy() * available
    _check_at_most("corridor_flow_within_limit", total.index, total.to_numpy(), limit)


def _delivers_to(inputs: ModelInputs, corridor: str, site: str) -> bool:
    # Re-derived from the provinces and coordinates alone: the receiving province, or
    # elsewhere in the receiving grid region, never in the sending province or sending grid
    # region, and never nearer the sending end than the receiving end (no power wheeled back).
    line = inputs.corridors.loc[corridor]
    place = inputs.sites.loc[site]
    if place["province_id"] == line["to_province_id"]:
        return True
    length = great_circle_distance_km(
        line["from_lat"], line["from_lon"], line["to_lat"], line["to_lon"]
    )
    from_sending_end = great_circle_distance_km(
        line["from_lat"], line["from_lon"], place["lat"], place["lon"]
    )
    return bool(
        place["grid_region_id"] == line["to_grid_region_id"]
        and place["grid_region_id"] != line["from_grid_region_id"]
        and place["province_id"] != line["from_province_id"]
        and from_sending_end >= length
    )


def check_headroom(result: SolveResult) -> None:
    """Data-centre grid purchases within each limited province's headroom."""
    inputs, hourly = result.inputs, result.plan.hourly
    if inputs.headroom.empty:
        return
    province = inputs.sites["province_id"].reindex(hourly["cluster_id"]).to_numpy()
    grid = hourly.assign(province_id=province).groupby(["province_id", "hour"])["grid_mw"].sum()
    limited = grid[grid.index.get_level_values("province_id").isin(inputs.headroom.index)]
    limit = (
        inputs.headroom["grid_headroom_mw"]
        .reindex(limited.index.get_level_values("province_id"))
        .to_numpy()
    )
    _check_at_most("grid_within_headroom", limited.index, limited.to_numpy(), limit)


def check_green_share(result: SolveResult) -> None:
    """Targeted sites reach the green target over the year in the scenario's measure.

    The annual share (certificates count) or the CFE score of an hour-matched measure; with
    ``policy.hourly_floor``, the floor in every hour as well.
    """
    inputs = result.inputs
    # The target the LP held the site to: the policy's plus any representation margin.
    target = inputs.sites["green_share_planning_target"]
    targeted = target[target > 0].index
    hourly = site_hourly_balance(result.plan, inputs)
    hourly = hourly[hourly["cluster_id"].isin(targeted)]
    consumption = hourly["consumption_mw"].to_numpy()
    allowance = (1 - target.reindex(hourly["cluster_id"]).to_numpy()) * consumption
    policy = inputs.settings.policy
    not_green = hourly[NOT_GREEN_COLUMN[policy.green_accounting]]
    weighted = hourly.assign(
        brown=not_green * hourly["weight_h"], allowance=allowance * hourly["weight_h"]
    )
    annual = weighted.groupby("cluster_id")[["brown", "allowance"]].sum().reindex(targeted)
    certificates = result.plan.sites["certificates_gwh"].reindex(targeted) * 1000.0
    _check_at_most(
        "green_share_at_least_target",
        targeted,
        (annual["brown"] - certificates).to_numpy(),
        annual["allowance"].to_numpy(),
    )
    if policy.hourly_floor is not None:
        labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
        floor_allowance = (1 - policy.hourly_floor) * consumption
        _check_at_most("green_share_at_least_floor", labels, not_green.to_numpy(), floor_allowance)


def check_certificates(result: SolveResult) -> None:
    """Certificates only where they count, and within the market's yearly volume."""
    inputs = result.inputs
    bought = result.plan.sites["certificates_gwh"]
    policy = inputs.settings.policy
    target = inputs.sites["green_share_target"].reindex(bought.index).fillna(0.0)
    counts = policy.green_accounting == "annual" and policy.certificates_allowed
    not_counted = bought.where((target <= 0) | (not counts), 0.0)
    _check_at_most(
        "certificates_bought_on_market",
        bought.index,
        not_counted.to_numpy(),
        np.zeros(len(bought)),
    )
    available = float(inputs.certificate_supply["volume_gwh_per_year"].sum())
    _check_at_most(
        "certificates_bought_on_market",
        ["total"],
        np.array([float(bought.sum())]),
        np.array([available]),
    )


def check_carbon_cap(result: SolveResult) -> None:
    """Total emissions within the cap, when one is set."""
    cap = result.inputs.settings.policy.carbon_cap_tco2_per_year
    if cap is None:
        return
    total = float(site_emissions(result.plan, result.inputs).sum())
    _check_at_most("carbon_within_cap", ["total"], np.array([total]), np.array([cap]))


def check_objective(result: SolveResult) -> None:
    """The objective recomputed from its parts in pandas equals HiGHS's within tolerance."""
    recomputed = float(cost_breakdown(result.plan, result.inputs).to_numpy().sum())
    reported = result.objective_kcny * CNY_PER_KCNY
    if abs(recomputed - reported) > OBJECTIVE_RELATIVE_TOLERANCE * max(abs(reported), 1.0):
        _fail(
            "objective",
            "total_cost",
            f"recomputed {recomputed:.9g} CNY/yr vs solver {reported:.9g} CNY/yr",
        )


def check_non_negative(result: SolveResult) -> None:
    """Every decision is non-negative (within tolerance)."""
    plan: PlanTables = result.plan
    frames = {
        "sites": plan.sites,
        "hourly": plan.hourly.select_dtypes("number"),
        "latency_hourly": plan.latency_hourly[["load_mw"]],
        "flexible_allocation": plan.flexible_allocation[["load_mw"]],
        "corridor_hourly": plan.corridor_hourly[["flow_mw"]],
    }
    for name, frame in frames.items():
        values = frame.to_numpy(dtype=float)
        if values.size and values.min() < -_absolute_tolerance():
            _fail("non-negativity", name, f"minimum {values.min():.6g}")


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
        _check_at_most(
            "long_duration_within_duration", labels, row["min_duration_h"] * power, energy
        )
        _check_at_most(
            "long_duration_within_duration", labels, energy, row["max_duration_h"] * power
        )
    pairs = inputs.long_duration_pairs
    for key, available in inputs.long_duration_potential["available_mw"].items():
        leasing = pairs[pairs["potential_key"] == key]
        leased = sum(
            float(sites.at[site, f"{name}_power_mw"])
            for site, name in zip(leasing["cluster_id"], leasing["technology_id"], strict=True)
        )
        _check_at_most(
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
    _check_at_most("long_duration_flows_within_power", labels, flows, power)
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
    _check_equal("long_duration_level_continuity", where, level, before + flows)
    if not linked:
        _check_at_most(
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
        _check_equal("long_duration_day_continuity", pair, np.array([gains.sum()]), np.array([0.0]))
        # Any start between the tightest bounds would do: the LP found one if they meet.
        low = float(np.max(-offsets - lowest.reindex(days).to_numpy()))
        high = float(np.min(energy - offsets - highest.reindex(days).to_numpy()))
        _check_at_most("long_duration_day_within_energy", pair, np.array([low]), np.array([high]))
        return
    starts = np.empty(len(days))
    starts[0] = start
    for day in range(1, len(days)):
        starts[day] = retained * starts[day - 1] + gains[day - 1]
    labels = pd.Index([f"{site}:{name} day {day}" for day in range(len(days))])
    top = starts + highest.reindex(days).to_numpy()
    bottom = starts + lowest.reindex(days).to_numpy()
    _check_at_most("long_duration_day_within_energy", labels, top, np.full(len(days), energy))
    _check_at_most("long_duration_day_within_energy", labels, np.zeros(len(days)), bottom)


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
    _check_at_most(
        "firm_contract_within_volume",
        firm.index,
        np.asarray(contracted),
        firm["available_mw"].to_numpy(dtype=float),
    )


AUDIT_CHECKS: list[Callable[[SolveResult], None]] = [
    check_non_negative,
    check_demand_served,
    check_latency_eligibility,
    check_flexible_demand,
    check_capacity,
    check_commitments_and_utilisation,
    check_power_balance,
    check_potentials,
    check_storage,
    check_corridors,
    check_long_duration,
    check_firm_contracts,
    check_headroom,
    check_green_share,
    check_certificates,
    check_carbon_cap,
    check_objective,
]


def audit_plan(result: SolveResult) -> list[str]:
    """Run every audit check on a plan.

    Returns
    -------
    list of str
        Names of the checks passed (all of them; a failure raises).

    Raises
    ------
    optimiser.errors.AuditError
        Naming the first rule the plan breaks, where, and by how much.
    """
    passed = []
    with _scaled_to(result):
        for check in AUDIT_CHECKS:
            check(result)
            passed.append(check.__name__.removeprefix("check_"))
    result.summary["audit"] = {"passed": passed, "status": "passed"}
    return passed


def audit_every_check(result: SolveResult) -> tuple[list[str], dict[str, str]]:
    """Run every audit check on a plan, going on after a failure, and say which failed.

    Returns
    -------
    passed : list of str
        Names of the checks passed.
    failed : dict of str to str
        Each failed check's name and why it failed (rule, where, by how much).
    """
    passed: list[str] = []
    failed: dict[str, str] = {}
    with _scaled_to(result):
        for check in AUDIT_CHECKS:
            name = check.__name__.removeprefix("check_")
            try:
                check(result)
            except AuditError as error:
                failed[name] = str(error).removeprefix("audit failed: ")
            else:
                passed.append(name)
    return passed, failed
