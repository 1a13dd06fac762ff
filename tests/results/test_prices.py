"""Every marginal price of :mod:`optimiser.results.prices` matches a finite-difference re-solve.

HiGHS's duals are d objective / d row bound; each test perturbs one input of the tiny
catalogue by a small step, re-solves from scratch and compares the change in the optimal cost
per unit of the step with the price reported from the duals of the unperturbed solve.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimiser.pipeline import run_scenario, solve_with_duals
from optimiser.results.prices import UNITS, demand_prices, price_table
from tests.lp.test_rules import corridor_open, hourly_green_ready, networked, windy_west
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

Change = Callable[[dict[str, Any]], dict[str, Any]]


def objective(tables: dict[str, Any], settings: dict[str, Any]) -> float:
    """Solve the tiny catalogue from scratch [CNY/yr]."""
    result = run_scenario(tiny_catalogue(tables), tiny_scenario(**settings))
    return float(result.summary["objective_cny_per_year"])


def prices(change: Change, settings: dict[str, Any]) -> Any:
    """Return the price table of a case."""
    point = solve_with_duals(tiny_catalogue(change(tiny_tables())), tiny_scenario(**settings))
    return price_table(point.result, point.solved)


def price(table: Any, quantity: str, identifier: str, workload: str = "") -> float:
    rows = table[
        (table["quantity"] == quantity)
        & (table["id"] == identifier)
        & (table["workload"] == workload)
    ]
    assert len(rows) == 1, (quantity, identifier, workload)
    return float(rows["value"].iloc[0])


def assert_close(reported: float, finite_difference: float) -> None:
    assert reported == pytest.approx(finite_difference, rel=1e-4, abs=1e-3)


GREEN_80 = {"policy": {"green_share_target": 0.8}}
HOURLY_70 = {"policy": {"green_share_target": 0.7, "green_accounting": "hourly"}}


def unchanged(tables: dict[str, Any]) -> dict[str, Any]:
    return tables


@pytest.mark.parametrize(
    ("change", "settings", "region", "workload", "column"),
    [
        (unchanged, {}, "east_land", "latency_bound", "demand_latency_bound_mw"),
        (unchanged, {}, "west_land", "latency_bound", "demand_latency_bound_mw"),
        (unchanged, {}, "east_land", "flexible", "demand_flexible_mw"),
        (unchanged, GREEN_80, "east_land", "flexible", "demand_flexible_mw"),
        (networked, {}, "west_land", "flexible", "demand_flexible_mw"),
        (corridor_open, GREEN_80, "east_land", "latency_bound", "demand_latency_bound_mw"),
    ],
)
def test_demand_marginal_cost_matches_finite_difference(
    change: Change, settings: dict[str, Any], region: str, workload: str, column: str
) -> None:
    step_mw = 0.01
    table = prices(change, settings)
    reported = price(table, "demand_marginal_cost", region, workload)
    base = objective(change(tiny_tables()), settings)
    perturbed = change(tiny_tables())
    perturbed["provinces"].loc[region, column] += step_mw
    assert_close(reported, (objective(perturbed, settings) - base) / step_mw)
    assert reported > 0


def test_corridor_marginal_value_matches_finite_difference() -> None:
    step_mw = 0.01
    share = 0.1  # corridor_share_for_data_centres: the part of capacity data centres may use
    table = prices(corridor_open, {})
    reported = price(table, "corridor_marginal_value", "west_east")
    base = objective(corridor_open(tiny_tables()), {})
    perturbed = corridor_open(tiny_tables())
    perturbed["corridors"].loc["west_east", "capacity_mw"] += step_mw / share
    finite_difference = (base - objective(perturbed, {})) / step_mw
    assert_close(reported, finite_difference)
    # The corridor delivers at 300 CNY/MWh to a site paying 500 CNY/MWh, all year.
    assert reported == pytest.approx(200.0 * 8760, rel=1e-6)


@pytest.mark.parametrize(
    ("change", "settings"),
    [(unchanged, GREEN_80), (corridor_open, GREEN_80), (hourly_green_ready, HOURLY_70)],
    ids=["annual", "annual-corridor", "hourly"],
)
def test_green_target_price_matches_finite_difference(
    change: Change, settings: dict[str, Any]
) -> None:
    step = 0.001  # of the target [fraction]
    table = prices(change, settings)
    reported = price(table, "green_target_cost_per_percentage_point", "all_targeted_sites")
    base = objective(change(tiny_tables()), settings)
    target = settings["policy"]["green_share_target"]
    raised = {"policy": {**settings["policy"], "green_share_target": target + step}}
    finite_difference = (objective(change(tiny_tables()), raised) - base) / (step * 100)
    assert_close(reported, finite_difference)
    assert reported > 0


def test_green_target_price_per_mwh_is_the_certificate_price() -> None:
    # With certificates at 50 CNY/MWh and no dedicated renewables, every extra MWh of green
    # energy is a certificate.
    table = prices(unchanged, GREEN_80)
    assert price(table, "green_target_cost_per_mwh", "east_a") == pytest.approx(50.0)


def test_carbon_cap_price_matches_finite_difference() -> None:
    step_t = 10.0
    settings = {"policy": {"carbon_cap_tco2_per_year": 700_000.0}}
    table = prices(windy_west, settings)
    reported = price(table, "carbon_cap_marginal_value", "total")
    base = objective(windy_west(tiny_tables()), settings)
    loosened = {"policy": {"carbon_cap_tco2_per_year": 700_000.0 + step_t}}
    assert_close(reported, (base - objective(windy_west(tiny_tables()), loosened)) / step_t)
    assert reported > 0


def test_price_table_names_units() -> None:
    table = prices(corridor_open, GREEN_80)
    assert list(table.columns) == ["quantity", "id", "workload", "value", "unit"]
    assert set(table["quantity"]) <= set(UNITS)
    assert table["unit"].notna().all()
    demand = demand_prices(*_point(corridor_open, GREEN_80))
    assert set(demand["workload"]) == {"latency_bound", "flexible"}


def _point(change: Change, settings: dict[str, Any]) -> tuple[Any, Any]:
    point = solve_with_duals(tiny_catalogue(change(tiny_tables())), tiny_scenario(**settings))
    return point.result, point.solved
