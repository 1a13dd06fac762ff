"""Near-optimal alternatives on the hand-solvable fixture."""

from __future__ import annotations

import pytest
from tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario

from optimiser.errors import InputError
from optimiser.studies.alternatives import alternatives_table, near_optimal_range


def test_east_range_within_five_percent_by_hand() -> None:
    plans = near_optimal_range(tiny_catalogue(), tiny_scenario(), "east", slack=0.05)
    table = alternatives_table(plans).set_index("plan")
    assert table.loc["least-cost", "objective_cny_per_year"] == pytest.approx(
        EXPECTED_BASE_COST_CNY, rel=1e-9
    )
    # east_land's latency-bound 100 MW must be at east_a: the least it can serve.
    assert table.loc["min", "group_it_energy_mwh"] == pytest.approx(100 * 8760)
    assert table.loc["min", "group_new_it_capacity_mw"] == pytest.approx(200.0)
    # Each MW of flexible load moved from west_b to east_a costs 6.38 - 3.752 = 2.628 M CNY/yr
    # (and 2 MW of capacity there); 5 % of the optimum buys 52.222 / 2.628 MW of load.
    moved_mw = 0.05 * EXPECTED_BASE_COST_CNY / 2.628e6
    assert table.loc["max", "group_it_energy_mwh"] == pytest.approx((100 + moved_mw) * 8760)
    assert table.loc["max", "group_new_it_capacity_mw"] == pytest.approx(200 + 2 * moved_mw)
    assert table.loc["max", "cost_increase"] == pytest.approx(0.05, abs=1e-9)
    assert (table["cost_increase"] <= 0.05 + 1e-9).all()


def test_unknown_group_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown group"):
        near_optimal_range(tiny_catalogue(), tiny_scenario(), "atlantis")
