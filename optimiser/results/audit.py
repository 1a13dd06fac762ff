"""Re-check a solved plan in plain pandas, independently of Pyomo.

Run after every solve (and on a written results directory by
:func:`audit_results_dir`): from the plan's decisions and the model inputs alone, each
``check_*`` function re-derives one rule of the LP and raises
:class:`~optimiser.errors.AuditError` if the plan breaks it beyond the tolerances below. The
objective is recomputed from its parts and compared with HiGHS's.

Tolerances (:mod:`optimiser.results.tolerances`): HiGHS's primal feasibility tolerance is
1e-7 on its scaled model, so power and energy balances are checked to
``ABSOLUTE_TOLERANCE_MW`` plus ``RELATIVE_TOLERANCE`` of the magnitude involved; the objective
to ``OBJECTIVE_RELATIVE_TOLERANCE``. A plan solved with
``solver.interior_point_gap`` was accepted by HiGHS at tolerances of 1e-6, with violations up
to 100 times those: its rules are checked to :data:`INTERIOR_POINT_SCALE` times the tolerances
(its objective is not: the parts and HiGHS's sum are both of the same primal values).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from optimiser.data.latency import great_circle_distance_km
from optimiser.data.timeseries import HOURS_PER_DAY
from optimiser.errors import AuditError
from optimiser.lp.inputs import ModelInputs
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.results.accounting import (
    PlanTables,
    cost_breakdown,
    site_emissions,
    site_hourly_balance,
)
from optimiser.results.audit_supply import (
    check_firm_contracts,
    check_long_duration,
    check_storage,
)
from optimiser.results.tables import SolveResult
from optimiser.results.tolerances import (
    OBJECTIVE_RELATIVE_TOLERANCE,
    absolute_tolerance,
    check_at_most,
    check_equal,
    fail,
    scaled_to,
)
from optimiser.settings.green_accounting import NOT_GREEN_COLUMN, counts_certificates


def check_demand_served(result: SolveResult) -> None:
    """Latency-bound demand of every region is met in every hour."""
    inputs, plan = result.inputs, result.plan
    served = plan.latency_hourly.groupby(["province_id", "hour"])["load_mw"].sum()
    demand = inputs.regions["demand_latency_bound_mw"]
    demand = demand[demand > 0]
    shape = inputs.hours["demand_shape_latency_bound"]
    index = pd.MultiIndex.from_product([demand.index, shape.index], names=["province_id", "hour"])
    expected = np.outer(demand.to_numpy(), shape.to_numpy()).ravel()
    check_equal("demand_served", index, served.reindex(index).fillna(0.0).to_numpy(), expected)


def check_latency_eligibility(result: SolveResult) -> None:
    """Latency-bound load is served only by sites within the round-trip limit."""
    limit = result.inputs.settings.latency.max_rtt_ms
    latency = result.plan.latency_hourly
    used = latency[latency["load_mw"] > absolute_tolerance()]
    pairs = result.inputs.pairs.set_index(["province_id", "cluster_id"])["rtt_ms"]
    keys = pd.MultiIndex.from_arrays([used["province_id"], used["cluster_id"]])
    rtt = pairs.reindex(keys).to_numpy()
    check_at_most("latency_eligibility", keys, rtt, np.full(len(rtt), limit))


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
    check_at_most("flexible_demand_served", shape.index, served, (1 + share) * demand)
    check_at_most("flexible_demand_served", shape.index, (1 - share) * demand, served)
    day = np.arange(len(shape)) // HOURS_PER_DAY
    check_equal(
        "shifted_load_kept_within_day",
        pd.RangeIndex(day.max() + 1 if len(day) else 0, name="day"),
        np.bincount(day, weights=served),
        np.bincount(day, weights=demand),
    )
    demand = inputs.regions["demand_flexible_mw"]
    demand = demand[demand > 0]
    allocated = plan.flexible_allocation.groupby("province_id")["load_mw"].sum()
    check_equal(
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
    check_equal(
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
    check_at_most(
        "capacity_within_maximum",
        sites.index,
        total.to_numpy(),
        np.maximum(sites["max_it_capacity_mw"], sites["existing_it_capacity_mw"]),
    )
    hourly = plan.hourly
    load = hourly["latency_bound_load_mw"] + hourly["flexible_load_mw"]
    usable = total - sites["additional_new_it_capacity_mw"].fillna(0.0)
    limit = (sites["utilisation_limit"] * usable).reindex(hourly["cluster_id"]).to_numpy()
    labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
    check_at_most("it_load_within_capacity", labels, load.to_numpy(), limit)


def check_commitments_and_utilisation(result: SolveResult) -> None:
    """Committed capacity built; mean IT load at least the utilisation floor where one is set."""
    inputs, plan = result.inputs, result.plan
    new = plan.sites["new_it_capacity_mw"].reindex(inputs.sites.index).fillna(0.0)
    committed = inputs.sites["committed_new_it_capacity_mw"].fillna(0.0) + inputs.sites[
        "additional_new_it_capacity_mw"
    ].fillna(0.0)
    check_at_most(
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
    check_at_most(
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
    check_at_most("power_balance", labels, demand.to_numpy(), supply.to_numpy())
    check_surplus_sales(result, hourly, labels)


def check_surplus_sales(result: SolveResult, hourly: pd.DataFrame, labels: pd.Series) -> None:
    """Nothing is sold unless allowed; then within the allowed share of the year's own output."""
    share = result.inputs.settings.policy.surplus_sale_max_share
    sold = hourly["surplus_sold_mw"].to_numpy()
    own = (hourly["wind_mw"] + hourly["solar_mw"]).to_numpy()
    if share <= 0:
        check_at_most("surplus_sale_within_share", labels, sold, np.zeros(len(sold)))
        return
    weight = hourly["weight_h"].to_numpy()
    annual = (
        pd.DataFrame({"sold": sold * weight, "own": own * weight})
        .groupby(hourly["cluster_id"].to_numpy())
        .sum()
    )
    check_at_most(
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
        check_at_most(rule, sites.index, decisions[decision].to_numpy(), sites[limit].to_numpy())
    max_hours = result.inputs.parameters["storage_max_hours"]
    check_at_most(
        "storage_within_potential",
        sites.index,
        decisions["storage_energy_mwh"].to_numpy(),
        (max_hours * decisions["storage_power_mw"]).to_numpy(),
    )


def check_corridors(result: SolveResult) -> None:
    """Corridor flows within the capacity available to data centres, to linked sites only."""
    inputs, flows = result.inputs, result.plan.corridor_hourly
    if flows.empty:
        return
    links = set(
        zip(inputs.corridor_links["corridor_id"], inputs.corridor_links["cluster_id"], strict=True)
    )
    used = flows.loc[flows["flow_mw"] > absolute_tolerance(), ["corridor_id", "cluster_id"]]
    for corridor, site in used.drop_duplicates().itertuples(index=False):
        if (corridor, site) not in links or not _delivers_to(inputs, corridor, site):
            fail("corridor_flow_within_limit", f"{corridor}->{site}", "corridor cannot reach")
    total = flows.groupby(["corridor_id", "hour"])["flow_mw"].sum()
    corridors = total.index.get_level_values("corridor_id")
    availability = inputs.corridor_availability
    available = availability.to_numpy(dtype=float)[
        availability.index.get_indexer(total.index.get_level_values("hour")),
        availability.columns.get_indexer(corridors),
    ]
    limit = inputs.corridors["available_capacity_mw"].reindex(corridors).to_numpy() * available
    check_at_most("corridor_flow_within_limit", total.index, total.to_numpy(), limit)


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
    check_at_most("grid_within_headroom", limited.index, limited.to_numpy(), limit)


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
    check_at_most(
        "green_share_at_least_target",
        targeted,
        (annual["brown"] - certificates).to_numpy(),
        annual["allowance"].to_numpy(),
    )
    if policy.hourly_floor is not None:
        labels = hourly["cluster_id"] + "@" + hourly["hour"].astype(str)
        floor_allowance = (1 - policy.hourly_floor) * consumption
        check_at_most("green_share_at_least_floor", labels, not_green.to_numpy(), floor_allowance)


def check_certificates(result: SolveResult) -> None:
    """Certificates only where they count, and within the market's yearly volume."""
    inputs = result.inputs
    bought = result.plan.sites["certificates_gwh"]
    policy = inputs.settings.policy
    target = inputs.sites["green_share_target"].reindex(bought.index).fillna(0.0)
    counts = counts_certificates(policy.green_accounting) and policy.certificates_allowed
    not_counted = bought.where((target <= 0) | (not counts), 0.0)
    check_at_most(
        "certificates_bought_on_market",
        bought.index,
        not_counted.to_numpy(),
        np.zeros(len(bought)),
    )
    available = float(inputs.certificate_supply["volume_gwh_per_year"].sum())
    check_at_most(
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
    check_at_most("carbon_within_cap", ["total"], np.array([total]), np.array([cap]))


def check_objective(result: SolveResult) -> None:
    """The objective recomputed from its parts in pandas equals HiGHS's within tolerance."""
    recomputed = float(cost_breakdown(result.plan, result.inputs).to_numpy().sum())
    reported = result.objective_kcny * CNY_PER_KCNY
    if abs(recomputed - reported) > OBJECTIVE_RELATIVE_TOLERANCE * max(abs(reported), 1.0):
        fail(
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
        if values.size and values.min() < -absolute_tolerance():
            fail("non-negativity", name, f"minimum {values.min():.6g}")


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
    with scaled_to(result):
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
    with scaled_to(result):
        for check in AUDIT_CHECKS:
            name = check.__name__.removeprefix("check_")
            try:
                check(result)
            except AuditError as error:
                failed[name] = str(error).removeprefix("audit failed: ")
            else:
                passed.append(name)
    return passed, failed
