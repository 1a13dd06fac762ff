"""The room check before the solve: demand beyond the room to build, in MW and places."""

from __future__ import annotations

import pytest

from optimiser.errors import InfeasibleError
from optimiser.lp.inputs import prepare_inputs
from optimiser.lp.room import room_shortfalls
from optimiser.pipeline import run_scenario
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


def test_latency_bound_demand_beyond_the_room_within_reach_is_named() -> None:
    tables = tiny_tables()
    # East land's 100 MW of latency-bound load reaches only East A (2 ms; the others 15 and
    # 25 ms): 150 MW of capacity at utilisation 0.5 carries 75 MW.
    tables["clusters"].loc["east_a", "max_it_capacity_mw"] = 150.0
    with pytest.raises(InfeasibleError) as raised:
        run_scenario(tiny_catalogue(tables), tiny_scenario(year=2030))
    message = str(raised.value)
    assert message.startswith(
        "the scenario is infeasible: 2030: latency-bound demand of East land, 100 MW at its "
        "peak hour, exceeds the room of 75 MW at sites within 10 ms (East A), 25 MW short"
    )
    assert "[" not in message.split("(rules", 1)[0]  # no constraint indices before the rules


def test_provinces_sharing_their_sites_are_counted_together() -> None:
    tables = tiny_tables()
    # Far land's 40 MW reaches West B (5 ms) and West C (2 ms), as West land's 20 MW does:
    # 60 MW against 50 + 5 MW of room; each alone would fit.
    tables["provinces"].loc["far_land", "demand_latency_bound_mw"] = 40.0
    tables["clusters"].loc["west_b", "max_it_capacity_mw"] = 10.0
    inputs = prepare_inputs(tiny_catalogue(tables), tiny_scenario())
    [shortfall] = room_shortfalls(inputs)
    assert shortfall.provinces == ("far_land", "west_land")
    assert shortfall.sites == ("west_c", "west_b")  # the larger room first
    assert (shortfall.demand_mw, shortfall.room_mw) == pytest.approx((60.0, 55.0))


def test_the_nations_demand_beyond_all_room_is_named_and_can_be_diagnosed() -> None:
    tables = tiny_tables()
    tables["clusters"]["max_it_capacity_mw"] = [200.0, 100.0, 100.0]
    with pytest.raises(InfeasibleError) as raised:
        run_scenario(tiny_catalogue(tables), tiny_scenario())
    assert (
        "2025: the nation's demand at its peak hour, 220 MW of IT load, exceeds the room "
        "of 200 MW at all 3 sites (East A, West B, West C), 20 MW short"
    ) in str(raised.value)
    # The LP is built only when a diagnosis asks for it.
    compiled, _options = raised.value.diagnosis_context()
    assert "capacity_within_maximum" in compiled.row_components


def test_a_scenario_with_room_has_no_shortfall() -> None:
    assert room_shortfalls(prepare_inputs(tiny_catalogue(), tiny_scenario())) == []
