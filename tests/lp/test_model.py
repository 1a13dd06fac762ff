"""The siting LP on the hand-solvable fixture: exact optimum, properties, accounting."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.inputs import annuity_factor
from optimiser.pipeline import run_scenario
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario, tiny_tables

PROPERTY_SETTINGS = settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def solve_tiny(tables: dict[str, Any] | None = None, **changes: Any) -> Any:
    return run_scenario(tiny_catalogue(tables), tiny_scenario(**changes))


def test_hand_worked_optimum() -> None:
    result = solve_tiny()
    assert result.summary["objective_cny_per_year"] == pytest.approx(
        EXPECTED_BASE_COST_CNY, rel=1e-9
    )
    new = result.clusters.set_index("cluster_id")["new_it_capacity_mw"]
    # Capacity = load / utilisation 0.5: east_a 100 MW of load, west_c 50, west_b 70.
    assert new.to_dict() == pytest.approx({"east_a": 200.0, "west_b": 140.0, "west_c": 100.0})
    allocation = result.allocation.set_index(["province_id", "cluster_id", "workload"])
    energy = allocation["it_energy_mwh"]
    assert energy[("east_land", "east_a", "latency_bound")] == pytest.approx(100 * 8760)
    # Which class fills west_c does not change the cost (the optimum is degenerate there), so
    # only the totals are unique: west_c full at 50 MW, west_b the other 70 MW.
    by_site = energy.groupby(level="cluster_id").sum()
    assert by_site.to_dict() == pytest.approx(
        {"east_a": 100 * 8760, "west_b": 70 * 8760, "west_c": 50 * 8760}
    )
    west_land = energy.xs(("west_land", "latency_bound"), level=("province_id", "workload"))
    assert west_land.sum() == pytest.approx(20 * 8760)
    assert set(west_land.index) <= {"west_b", "west_c"}
    # west_b is a western hub; west_c is a non-hub site in the western region.
    assert result.summary["west_hub_share_of_new_capacity"] == pytest.approx(140 / 440)
    assert result.summary["western_region_share_of_new_capacity"] == pytest.approx(240 / 440)
    assert result.summary["audit"]["status"] == "passed"


def test_annual_share_routing_matches_hourly_routing_on_flat_demand() -> None:
    result = solve_tiny(latency={"routing": "annual_shares"})
    assert result.summary["objective_cny_per_year"] == pytest.approx(
        EXPECTED_BASE_COST_CNY, rel=1e-9
    )
    assert result.plan.latency_hourly["load_mw"].sum() == pytest.approx(120 * 24)


def test_curtailment_is_the_unused_renewable_output() -> None:
    tables = tiny_tables()
    tables["wind_capacity_factor"]["west_b"] = [0.0, 1.0] * 4380
    tables["clusters"].loc["west_b", "max_wind_mw"] = 1000.0
    result = solve_tiny(tables)
    hourly = result.hourly[result.hourly["cluster_id"] == "west_b"]
    windy = hourly[hourly["wind_mw"] > 0]
    assert len(windy) == 12
    expected = (windy["wind_mw"] - windy["consumption_mw"]).to_numpy()
    assert windy["curtailment_mw"].to_numpy() == pytest.approx(expected)
    assert (hourly["curtailment_mw"] <= hourly["wind_mw"] + 1e-9).all()


def test_annual_target_is_met_with_certificates_at_their_price() -> None:
    base = solve_tiny()
    green = solve_tiny(policy={"green_share_target": 0.8})
    # Hub sites east_a (100 MW) and west_b (70 MW) buy certificates for 80 % of their energy.
    certificates_mwh = 0.8 * (100 + 70) * 8760
    assert green.summary["objective_cny_per_year"] - base.summary[
        "objective_cny_per_year"
    ] == pytest.approx(certificates_mwh * 50.0, rel=1e-9)
    clusters = green.clusters.set_index("cluster_id")
    assert clusters.loc["east_a", "green_share_annual"] == pytest.approx(0.8)
    assert clusters.loc["east_a", "green_share_hourly"] == pytest.approx(0.0)
    assert clusters.loc["east_a", "green_target_shadow_price_cny_per_mwh"] == pytest.approx(50.0)
    # west_c is not a hub cluster: no target, no certificates.
    assert clusters.loc["west_c", "certificates_mwh"] == 0.0


def test_hourly_accounting_ignores_certificates() -> None:
    with pytest.raises(InfeasibleError, match="green_share_at_least_target"):
        solve_tiny(policy={"green_share_target": 0.8, "green_accounting": "hourly"})


def test_hourly_accounting_counts_the_grid_renewable_share() -> None:
    tables = tiny_tables()
    tables["provinces"]["grid_renewable_share"] = 0.85
    result = solve_tiny(tables, policy={"green_share_target": 0.8, "green_accounting": "hourly"})
    clusters = result.clusters.set_index("cluster_id")
    assert clusters.loc["east_a", "min_hourly_green_share"] == pytest.approx(0.85)


def test_unreachable_latency_limit_is_a_clear_input_error() -> None:
    with pytest.raises(
        InputError,
        match=r"latency.max_rtt_ms: contradictory settings: no site "
        r"within 1 ms of east_land",
    ):
        solve_tiny(latency={"max_rtt_ms": 1.0})


def test_carbon_price_is_in_the_objective() -> None:
    base = solve_tiny()
    priced = solve_tiny(policy={"carbon_price_cny_per_tco2": 100.0})
    emissions = base.summary["emissions_tco2_per_year"]
    # No alternative supply in the fixture: the same plan pays 100 CNY per tonne.
    assert emissions == pytest.approx((100 * 0.6 + 120 * 0.5) * 8760)
    assert priced.summary["objective_cny_per_year"] == pytest.approx(
        base.summary["objective_cny_per_year"] + 100.0 * emissions, rel=1e-9
    )


def test_efficient_chips_scale_demand() -> None:
    result = solve_tiny(demand={"it_power_scale": 0.85})
    assert result.summary["it_energy_mwh_per_year"] == pytest.approx(0.85 * 220 * 8760)


def test_annuity_factor() -> None:
    assert annuity_factor(0.06, 15) == pytest.approx(0.1029627, rel=1e-6)
    assert annuity_factor(0.0, 10) == 0.1


@PROPERTY_SETTINGS
@given(st.floats(0.0, 0.6), st.floats(0.0, 0.35))
def test_tightening_the_green_target_never_lowers_the_optimum(low: float, step: float) -> None:
    tables = tiny_tables()
    # Steady solar at both hub sites makes every target up to 100 % reachable.
    for site in ("east_a", "west_b"):
        tables["solar_capacity_factor"][site] = 0.4
        tables["clusters"].loc[site, "max_solar_mw"] = 1000.0
    changes = {"green_accounting": "annual", "certificates_allowed": False}
    tables["provinces"]["grid_renewable_share"] = 0.3
    loose = solve_tiny(tables, policy={"green_share_target": low, **changes})
    tight = solve_tiny(tables, policy={"green_share_target": low + step, **changes})
    assert tight.summary["objective_cny_per_year"] >= loose.summary["objective_cny_per_year"] * (
        1 - 1e-9
    )


@PROPERTY_SETTINGS
@given(st.floats(50.0, 400.0), st.floats(10.0, 400.0))
def test_adding_a_candidate_site_never_raises_the_optimum(price: float, capacity: float) -> None:
    without = tiny_tables()
    without["provinces"].loc["far_land", "price_cny_per_mwh"] = price
    without["clusters"].loc["west_c", "max_it_capacity_mw"] = capacity
    with_site = solve_tiny(without)
    fewer = solve_tiny(without, sites={"exclude": ["west_c"]})
    assert with_site.summary["objective_cny_per_year"] <= fewer.summary[
        "objective_cny_per_year"
    ] * (1 + 1e-9)


@PROPERTY_SETTINGS
@given(st.floats(0.1, 20.0))
def test_scaling_all_costs_leaves_the_siting_unchanged(factor: float) -> None:
    tables = tiny_tables()
    base = solve_tiny(tables)
    scaled = tiny_tables()
    scaled["clusters"]["it_capex_cny_per_mw"] *= factor
    scaled["provinces"]["price_cny_per_mwh"] *= factor
    cost_parameters = [
        name
        for name in scaled["parameters"]
        if "capex" in name or "price" in name or "cost" in name
    ]
    for name in cost_parameters:
        scaled["parameters"][name] *= factor
    result = solve_tiny(scaled)
    assert result.summary["objective_cny_per_year"] == pytest.approx(
        factor * base.summary["objective_cny_per_year"], rel=1e-7
    )
    new = result.clusters["new_it_capacity_mw"].to_numpy()
    assert new == pytest.approx(base.clusters["new_it_capacity_mw"].to_numpy(), abs=1e-6)


def test_excluding_a_corridor_removes_its_supply() -> None:
    tables = tiny_tables()
    tables["corridors"].loc["west_east", "capacity_mw"] = 500.0  # 50 MW for data centres
    with_line = solve_tiny(tables)
    without_line = solve_tiny(tables, network={"exclude_corridors": ["west_east"]})
    # 50 MW all year at 300 instead of east_a's grid price of 500 CNY/MWh.
    saving = (
        without_line.summary["objective_cny_per_year"] - with_line.summary["objective_cny_per_year"]
    )
    assert saving == pytest.approx(50 * 8760 * (500 - 300), rel=1e-9)
    # Still listed (every corridor in service is), with no flow and the reason.
    row = without_line.corridors.set_index("corridor_id").loc["west_east"]
    assert row["energy_mwh"] == 0.0
    assert row["use"].startswith("left out by the scenario")
