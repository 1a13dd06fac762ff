"""Every rule of the LP has a case where it alone changes the answer.

Each case solves the tiny catalogue with the rule (the full pipeline, audit included) and again
with only that rule's component deactivated; the rule must raise the optimum. A registry test
fails when a rule has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from optimiser.lp.build import build_model
from optimiser.lp.highs_options import highs_options
from optimiser.lp.inputs import prepare_inputs
from optimiser.lp.rules import CONSTRAINTS, RULES_BY_INDEX_SET
from optimiser.lp.solver import solve_model
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.pipeline import run_scenario
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario, tiny_tables

HOURS = 8760


def day_pattern(day_values: list[float]) -> np.ndarray:
    """Repeat a 24-hour pattern over the year."""
    return np.tile(np.asarray(day_values, dtype=float), HOURS // 24)


def sunny_east(tables: dict[str, Any]) -> dict[str, Any]:
    """Cheap solar at east_a (full output 06:00-18:00) and room for storage."""
    tables["solar_capacity_factor"]["east_a"] = day_pattern([0.0] * 6 + [1.0] * 12 + [0.0] * 6)
    tables["clusters"].loc["east_a", ["max_solar_mw", "max_storage_mw"]] = [1000.0, 30.0]
    return tables


def hourly_green_ready(tables: dict[str, Any]) -> dict[str, Any]:
    """Solar and dear 12-hour storage at east_a; the west's grid is half renewable."""
    tables = sunny_east(tables)
    tables["parameters"]["storage_energy_capex_cny_per_mwh"] = 10e6
    tables["clusters"].loc["east_a", "max_storage_mw"] = 200.0
    tables["parameters"]["storage_max_hours"] = 12.0
    tables["provinces"].loc[["west_land", "far_land"], "grid_renewable_share"] = 0.5
    return tables


def sun_in_summer_only(tables: dict[str, Any]) -> dict[str, Any]:
    """:func:`hourly_green_ready` with east_a's sun only from April to September."""
    tables = hourly_green_ready(tables)
    summer = np.repeat((np.arange(365) >= 90) & (np.arange(365) < 273), 24)
    tables["solar_capacity_factor"]["east_a"] *= summer
    return tables


def nuclear_in_the_east(tables: dict[str, Any]) -> dict[str, Any]:
    """1,000 MW of nuclear in east_land at 400 CNY/MWh delivered, below the grid's 500."""
    from tests.lp.test_firm import with_firm_supply

    return with_firm_supply(tables)


def pumped_hydro_ready(tables: dict[str, Any], max_duration_h: float = 12.0) -> dict[str, Any]:
    """:func:`hourly_green_ready` with cheap pumped hydro to lease in east_land."""
    from tests.lp.test_long_duration import with_pumped_hydro

    return with_pumped_hydro(hourly_green_ready(tables), max_duration_h)


def pumped_hydro_of_six_hours(tables: dict[str, Any]) -> dict[str, Any]:
    """:func:`pumped_hydro_ready` with stores of at most 6 hours (a night needs 12)."""
    return pumped_hydro_ready(tables, max_duration_h=6.0)


def certificate_market(tables: dict[str, Any]) -> dict[str, Any]:
    """A certificate market of 0.5 TWh at 10 CNY/MWh and 1 TWh at 40 CNY/MWh."""
    steps = ["cheap", "dear"]
    tables["certificate_supply"] = pd.DataFrame(
        {
            "instrument": steps,
            "volume_twh_per_year": [0.5, 1.0],
            "price_cny_per_mwh": [10.0, 40.0],
        },
        index=pd.Index(steps, name="step_id"),
    )
    return tables


def windy_west(tables: dict[str, Any]) -> dict[str, Any]:
    """Steady wind at west_b (capacity factor 0.5), dearer than the grid unless capped."""
    tables["wind_capacity_factor"]["west_b"] = 0.5
    tables["clusters"].loc["west_b", "max_wind_mw"] = 1000.0
    tables["parameters"]["wind_capex_cny_per_mw"] = 40e6
    return tables


def cheap_wind_west(tables: dict[str, Any]) -> dict[str, Any]:
    """Steady wind at west_b, cheaper than its grid, with a 50 MW potential."""
    tables["wind_capacity_factor"]["west_b"] = 0.5
    tables["clusters"].loc["west_b", "max_wind_mw"] = 50.0
    return tables


def sunny_west(tables: dict[str, Any]) -> dict[str, Any]:
    """Steady (flat) solar at west_b, cheaper than its grid, with a 50 MW potential."""
    tables["solar_capacity_factor"]["west_b"] = 0.5
    tables["clusters"].loc["west_b", "max_solar_mw"] = 50.0
    return tables


def corridor_open(tables: dict[str, Any]) -> dict[str, Any]:
    """A corridor delivering to east_a at 300 CNY/MWh, 50 MW of it for data centres."""
    tables["corridors"].loc["west_east", "capacity_mw"] = 500.0
    return tables


def peaky_flexible(tables: dict[str, Any]) -> dict[str, Any]:
    """Flexible demand twice its mean for half the day, none the other half."""
    tables["demand_shape"]["flexible"] = day_pattern([2.0] * 12 + [0.0] * 12)
    return tables


def networked(tables: dict[str, Any]) -> dict[str, Any]:
    """Network cost by distance, and flexible demand in two regions."""
    tables["parameters"]["bandwidth_cost_cny_per_gbps_per_year"] = 1e6
    tables["provinces"].loc["west_land", "demand_flexible_mw"] = 20.0
    return tables


def night_peak_under_grid_cap(tables: dict[str, Any]) -> dict[str, Any]:
    """East load 150 MW at night, 50 MW by day; dear solar and 12-hour storage at east_a.

    With a 120 MW grid cap in east_land, the night peak needs storage: charged from the grid
    by day if it could be, from (dear) solar when storage may charge only from own output.
    """
    tables = sunny_east(tables)
    tables["demand_shape"]["latency_bound"] = day_pattern([1.5] * 6 + [0.5] * 12 + [1.5] * 6)
    tables["clusters"].loc["east_a", "max_storage_mw"] = 100.0
    tables["parameters"]["storage_max_hours"] = 12.0
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8
    return tables


def cheap_wind_anywhere(tables: dict[str, Any]) -> dict[str, Any]:
    """Steady wind at every site, cheaper than the 150 CNY/MWh a sale fetches, no cap on it."""
    for site in ("east_a", "west_b", "west_c"):
        tables["wind_capacity_factor"][site] = 0.5
    tables["clusters"]["max_wind_mw"] = 1000.0
    return tables


def unchanged(tables: dict[str, Any]) -> dict[str, Any]:
    return tables


SCORE_70: dict[str, Any] = {"policy": {"green_share_target": 0.7, "green_accounting": "hourly"}}
"""A CFE score of 0.7 at the hub clusters."""

CASES: dict[str, list[tuple[Callable[[dict[str, Any]], dict[str, Any]], dict[str, Any]]]] = {
    "demand_served": [(unchanged, {}), (unchanged, {"latency": {"routing": "annual_shares"}})],
    "latency_shares_sum_at_site": [(unchanged, {"latency": {"routing": "annual_shares"}})],
    "flexible_demand_served": [(peaky_flexible, {})],
    "flexible_demand_allocated": [(networked, {})],
    "flexible_load_matches_allocation": [
        (networked, {}),
        (networked, {"time": {"annual_rows": "monthly"}}),  # as partial sums by block of hours
    ],
    "it_load_within_capacity": [(unchanged, {})],
    "capacity_within_maximum": [(unchanged, {})],
    # east_a needs 200 MW; a plan commits 300 (and the floor then pulls flexible load east).
    "committed_capacity_built": [
        (unchanged, {"sites": {"committed_new_it_capacity_mw": {"east_a": 300.0}}})
    ],
    "utilisation_at_least_minimum": [
        (
            unchanged,
            {
                "sites": {"committed_new_it_capacity_mw": {"east_a": 300.0}},
                "policy": {"min_utilisation": 0.5},
            },
        )
    ],
    "power_balance": [(unchanged, {})],
    "wind_within_potential": [(cheap_wind_west, {})],
    "solar_within_potential": [(sunny_west, {})],
    "storage_within_potential": [(sunny_east, {})],
    "storage_flows_within_power": [(sunny_east, {"parameters": {"storage_max_hours": 100.0}})],
    "storage_state_continuity": [(sunny_east, {})],
    "surplus_sale_within_share": [
        (cheap_wind_anywhere, {"policy": {"surplus_sale_max_share": 0.2}})
    ],
    "storage_charged_from_own_renewables": [
        (
            night_peak_under_grid_cap,
            {"network": {"province_grid_headroom_mw": {"east_land": 120.0}}},
        )
    ],
    "corridor_flow_within_limit": [(corridor_open, {})],
    "grid_within_headroom": [
        (unchanged, {"network": {"province_grid_headroom_mw": {"west_land": 40.0}}})
    ],
    "green_share_at_least_target": [
        (unchanged, {"policy": {"green_share_target": 0.8}}),
        (unchanged, {"policy": {"green_share_target": 0.8}, "time": {"annual_rows": "monthly"}}),
        # A CFE score of 0.7: east_a's solar gives half, dear storage the rest.
        (hourly_green_ready, {"policy": {"green_share_target": 0.7, "green_accounting": "hourly"}}),
        (
            hourly_green_ready,
            {"policy": {"green_share_target": 0.7, "green_accounting": "hourly_own_supply"}},
        ),
    ],
    # A score of 0.5 is east_a's daytime solar; a floor of 0.3 needs stored solar at night.
    "green_share_at_least_floor": [
        (
            hourly_green_ready,
            {
                "policy": {
                    "green_share_target": 0.5,
                    "green_accounting": "hourly",
                    "hourly_floor": 0.3,
                }
            },
        )
    ],
    # Certificates come from a market, at 10 and then 40 CNY/MWh.
    # Half the flexible work may move within its day, into east_a's sunlit hours; without
    # the rule it would move from winter's days into summer's (monthly days).
    "shifted_load_kept_within_day": [
        (
            sun_in_summer_only,
            {
                "policy": {"green_share_target": 0.4, "green_accounting": "hourly"},
                "demand": {"flexible_shift_share": 0.5},
                "time": {"representation": "monthly_days", "extreme_days": False},
            },
        )
    ],
    # Pumped hydro stores east_a's solar for the night (a CFE score of 0.7); on the average
    # day, linked over the 365 days of the year.
    "long_duration_within_potential": [
        (
            pumped_hydro_ready,
            {**SCORE_70, "supply": {"storage_share_for_data_centres": 0.001}},
        )
    ],
    "long_duration_within_duration": [(pumped_hydro_of_six_hours, SCORE_70)],
    "long_duration_flows_within_power": [(pumped_hydro_ready, SCORE_70)],
    "long_duration_level_continuity": [(pumped_hydro_ready, SCORE_70)],
    "long_duration_level_within_energy": [(pumped_hydro_ready, SCORE_70)],
    "long_duration_day_within_energy": [(pumped_hydro_ready, SCORE_70)],
    "long_duration_day_continuity": [(pumped_hydro_ready, SCORE_70)],
    # A cheap nuclear plant in east_land of which data centres may contract 50 MW.
    "firm_contract_within_volume": [(nuclear_in_the_east, {})],
    "certificates_bought_on_market": [
        (certificate_market, {"policy": {"green_share_target": 0.8}})
    ],
    "carbon_within_cap": [(windy_west, {"policy": {"carbon_cap_tco2_per_year": 700_000.0}})],
}


def solve_case(
    change: Callable[[dict[str, Any]], dict[str, Any]],
    settings: dict[str, Any],
    without: str | None = None,
) -> float:
    """Solve a case; ``without`` names a rule whose component is switched off [CNY/yr]."""
    catalogue = tiny_catalogue(change(tiny_tables()))
    scenario = tiny_scenario(**settings)
    if without is None:
        result = run_scenario(catalogue, scenario)  # audits the plan against every rule
        return float(result.summary["objective_cny_per_year"])
    model = build_model(prepare_inputs(catalogue, scenario))
    model.component(without).deactivate()
    solved = solve_model(model, highs_options("choose", 60, 0))
    return solved.objective_kcny * CNY_PER_KCNY


def test_every_rule_has_a_case() -> None:
    rules = {rule.__name__ for rule in CONSTRAINTS}
    assert rules | {"latency_eligibility"} == set(CASES) | set(RULES_BY_INDEX_SET)
    model = build_model(prepare_inputs(tiny_catalogue(), tiny_scenario()))
    for rule in CONSTRAINTS:
        assert model.component(rule.__name__) is not None, rule.__name__


@pytest.mark.parametrize(
    ("rule", "case"),
    [(rule, case) for rule, cases in CASES.items() for case in cases],
    ids=[f"{rule}-{number}" for rule, cases in CASES.items() for number in range(len(cases))],
)
def test_rule_changes_the_answer(rule: str, case: tuple[Any, dict[str, Any]]) -> None:
    change, settings = case
    with_rule = solve_case(change, settings)
    without_rule = solve_case(change, settings, without=rule)
    assert without_rule < with_rule - 1e-6 * abs(with_rule), (rule, with_rule, without_rule)


@pytest.mark.parametrize(
    ("change", "settings"),
    [
        (networked, {}),
        (unchanged, {"policy": {"green_share_target": 0.8}}),
        (windy_west, {"policy": {"green_share_target": 0.6}, "demand": {"scale": 1.2}}),
    ],
)
def test_monthly_partial_sums_leave_the_optimum_unchanged(
    change: Callable[[dict[str, Any]], dict[str, Any]], settings: dict[str, Any]
) -> None:
    # time.annual_rows: monthly writes the annual rows as partial sums: the same LP optimum.
    whole = solve_case(change, settings)
    monthly = solve_case(change, {**settings, "time": {"annual_rows": "monthly"}})
    assert monthly == pytest.approx(whole, rel=1e-9)
    model = build_model(
        prepare_inputs(tiny_catalogue(), tiny_scenario(time={"annual_rows": "monthly"}))
    )
    assert len(model.hour_blocks) == min(12, len(model.hours))
    assert len(model.flexible_energy_partial_sums) == len(model.sites) * len(model.hour_blocks)


def test_latency_eligibility_changes_the_answer() -> None:
    # 10 ms keeps east_land's latency-bound load at east_a; 30 ms lets it go west.
    strict = solve_case(unchanged, {})
    relaxed = solve_case(unchanged, {"latency": {"max_rtt_ms": 30.0}})
    assert strict == pytest.approx(EXPECTED_BASE_COST_CNY, rel=1e-9)
    # By hand: west_c full (50 MW of load, 143.8 M), the other 170 MW at west_b (3.752 M/MW).
    assert relaxed == pytest.approx(143.8e6 + 170 * 3.752e6, rel=1e-9)


def far_land_peak_of_300_mw(tables: dict[str, Any]) -> dict[str, Any]:
    """Far land's grid peaks at 300 MW: a default headroom of 30 MW at a 10 % share."""
    tables["grid_peak_load"] = pd.DataFrame(
        {"year": [2025], "peak_load_mw": [300.0]},
        index=pd.Index(["far_land"], name="province_id"),
    )
    tables["parameters"]["grid_headroom_share_of_peak_load"] = 0.1
    return tables


def test_the_default_headroom_binds_at_a_share_of_the_peak_load() -> None:
    # West C, the cheapest site, fills to 50 MW of load without a limit; 10 % of far_land's
    # 300 MW peak lets it buy 30 MW from the grid (PUE 1), so 20 MW moves to west_b:
    # 20 MW x (3.752 - 2.876) M CNY/MW = 17.52 M CNY/yr more.
    limited = run_scenario(tiny_catalogue(far_land_peak_of_300_mw(tiny_tables())), tiny_scenario())
    assert limited.inputs.headroom.loc["far_land", "grid_headroom_mw"] == pytest.approx(30.0)
    assert limited.summary["objective_cny_per_year"] == pytest.approx(
        EXPECTED_BASE_COST_CNY + 20 * (3.752e6 - 2.876e6), rel=1e-9
    )
    hourly = limited.hourly
    assert hourly.loc[hourly["cluster_id"] == "west_c", "grid_mw"].max() == pytest.approx(30.0)
    # network.grid_headroom: none, or a named limit for the province, replaces the default.
    off = solve_case(far_land_peak_of_300_mw, {"network": {"grid_headroom": "none"}})
    assert off == pytest.approx(EXPECTED_BASE_COST_CNY, rel=1e-9)
    named = {"network": {"province_grid_headroom_mw": {"far_land": 50.0}}}
    assert solve_case(far_land_peak_of_300_mw, named) == pytest.approx(
        EXPECTED_BASE_COST_CNY, rel=1e-9
    )
