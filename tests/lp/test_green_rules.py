"""Green accounting and transmission as the programme counts them, on the tiny catalogue.

Three green measures for one plan, storage that stores only its own green power, corridors
that deliver where they land (wheeled within the receiving grid region, never upstream),
and certificates at a price the scenario sets.
"""

from __future__ import annotations

import pandas as pd
import pytest

from optimiser.errors import InputError
from optimiser.lp.inputs import prepare_inputs
from optimiser.pipeline import run_scenario
from tests.lp.test_rules import night_peak_under_grid_cap
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

HOURS = 8760


def test_three_measures_differ_by_what_they_count() -> None:
    tables = tiny_tables()
    tables["provinces"].loc[["west_land", "far_land"], "grid_renewable_share"] = 0.5
    result = run_scenario(tiny_catalogue(tables), tiny_scenario())
    sites = result.clusters.set_index("cluster_id")
    # west_b buys only grid power, half of it renewable: green by the grid's mix, not its own.
    assert sites.loc["west_b", "green_share_annual"] == pytest.approx(0.5)
    assert sites.loc["west_b", "green_share_hourly"] == pytest.approx(0.5)
    assert sites.loc["west_b", "green_share_hourly_own_supply"] == pytest.approx(0.0)
    assert result.summary["green_share_hourly_own_supply"] == pytest.approx(0.0)


def test_own_supply_target_needs_own_green_power() -> None:
    tables = tiny_tables()
    tables["provinces"]["grid_renewable_share"] = 0.9
    for site in ("east_a", "west_b", "west_c"):
        tables["wind_capacity_factor"][site] = 0.5
    tables["clusters"]["max_wind_mw"] = 1000.0
    tables["parameters"]["wind_capex_cny_per_mw"] = 100e6  # dearer than any grid power
    target = {"green_share_target": 0.5, "green_target_applies_to": "all_sites"}
    grid_mix = _solve(tables, policy={**target, "green_accounting": "hourly"})
    own = _solve(tables, policy={**target, "green_accounting": "hourly_own_supply"})
    # A 90 % renewable grid meets a 50 % hour-matched target by itself; counted on its own
    # supply, each site needs its own wind for half of every hour.
    assert grid_mix.clusters["wind_capacity_mw"].sum() == pytest.approx(0.0, abs=1e-6)
    assert own.clusters["wind_capacity_mw"].sum() > 0.0
    assert (own.clusters["min_hourly_green_share_own_supply"] >= 0.5 - 1e-6).all()
    assert own.summary["objective_cny_per_year"] > grid_mix.summary["objective_cny_per_year"]


def _solve(tables: dict, **settings) -> pd.DataFrame:
    return run_scenario(tiny_catalogue(tables), tiny_scenario(**settings))


def test_storage_is_charged_only_from_own_output() -> None:
    tables = night_peak_under_grid_cap(tiny_tables())
    result = _solve(tables, network={"province_grid_headroom_mw": {"east_land": 120.0}})
    hourly = result.plan.hourly
    at_east = hourly[hourly["cluster_id"] == "east_a"]
    assert at_east["storage_discharge_mw"].max() > 1.0  # storage serves the night peak
    assert (at_east["storage_charge_mw"] <= at_east["solar_mw"] + 1e-6).all()
    # What storage gives back is the site's own solar: green in all three measures.
    site = result.clusters.set_index("cluster_id").loc["east_a"]
    assert site["green_share_hourly_own_supply"] > 0.0


def reversed_corridor(tables: dict, price: float = 50.0) -> dict:
    """The tiny corridor run the other way: east_land (east grid) to west_land (west grid)."""
    corridor = tables["corridors"].loc["west_east"]
    corridor["from_province_id"], corridor["to_province_id"] = "east_land", "west_land"
    corridor["from_lat"], corridor["to_lat"] = corridor["to_lat"], corridor["from_lat"]
    corridor["from_lon"], corridor["to_lon"] = corridor["to_lon"], corridor["from_lon"]
    tables["corridors"].loc["west_east"] = corridor
    tables["corridors"].loc["west_east", ["capacity_mw", "delivered_price_cny_per_mwh"]] = [
        500.0,
        price,
    ]
    return tables


def test_a_corridor_feeds_its_receiving_province_and_wheels_within_its_region() -> None:
    inputs = prepare_inputs(tiny_catalogue(reversed_corridor(tiny_tables())), tiny_scenario())
    links = inputs.corridor_links.set_index("cluster_id")["wheeling_cny_per_mwh"].to_dict()
    # west_b is in the receiving province; west_c elsewhere in the receiving grid region (at
    # the wheeling charge); east_a in the sending province, never.
    assert links == {"west_b": 0.0, "west_c": 20.0}


def test_a_corridor_never_delivers_upstream() -> None:
    tables = tiny_tables()
    tables["corridors"].loc["west_east", "capacity_mw"] = 500.0
    inputs = prepare_inputs(tiny_catalogue(tables), tiny_scenario())
    # From west_land to east_land: west_b (sending province) and west_c (sending grid
    # region) cannot take it.
    assert list(inputs.corridor_links["cluster_id"]) == ["east_a"]


def test_wheeled_corridor_power_pays_the_wheeling_charge() -> None:
    tables = reversed_corridor(tiny_tables())
    without_line = _solve(
        tables, sites={"exclude": ["west_b"]}, network={"exclude_corridors": ["west_east"]}
    )
    with_line = _solve(tables, sites={"exclude": ["west_b"]})
    saving = (
        without_line.summary["objective_cny_per_year"] - with_line.summary["objective_cny_per_year"]
    )
    # west_c's 50 MW all year at 50 + 20 (wheeling) instead of its grid price of 100 CNY/MWh.
    assert saving == pytest.approx(50 * HOURS * (100 - 50 - 20), rel=1e-9)
    corridors = with_line.corridors.set_index("corridor_id")
    assert corridors.loc["west_east", "clusters_served"] == "west_c"
    assert corridors.loc["west_east", "clusters_in_reach_wheeled"] == "west_c"
    costs = with_line.summary["cost_breakdown_cny_per_year"]
    assert costs["corridor_energy"] == pytest.approx(50 * HOURS * (50 + 20), rel=1e-9)


def test_every_corridor_in_service_is_reported_with_its_use() -> None:
    result = _solve(tiny_tables())  # the tiny corridor has no capacity for data centres
    corridors = result.corridors.set_index("corridor_id")
    assert list(corridors.index) == ["west_east"]
    assert corridors.loc["west_east", "use"] == "no capacity open to data centres"
    assert corridors.loc["west_east", "energy_mwh"] == 0.0


CERTIFICATES_MWH = 0.8 * (100 + 70) * HOURS  # 80 % of east_a's and west_b's consumption


@pytest.mark.parametrize("price", [10.0, 100.0])
def test_certificates_cost_the_scenario_s_price(price: float) -> None:
    target = {"green_share_target": 0.8}
    catalogue_price = _solve(tiny_tables(), policy=target)
    priced = _solve(tiny_tables(), policy={**target, "certificate_price_cny_per_mwh": price})
    difference = (
        priced.summary["objective_cny_per_year"] - catalogue_price.summary["objective_cny_per_year"]
    )
    # The tiny catalogue's certificates cost 50 CNY/MWh.
    assert priced.summary["certificates_mwh_per_year"] == pytest.approx(CERTIFICATES_MWH)
    assert difference == pytest.approx((price - 50.0) * CERTIFICATES_MWH, rel=1e-9)


def test_certificate_price_set_twice_is_an_input_error() -> None:
    scenario = tiny_scenario(
        policy={"certificate_price_cny_per_mwh": 5.0},
        parameters={"green_certificate_price_cny_per_mwh": 7.0},
    )
    with pytest.raises(InputError, match="set only one"):
        prepare_inputs(tiny_catalogue(), scenario)


def test_surplus_sold_earns_its_price_and_never_counts_as_green() -> None:
    from tests.lp.test_rules import cheap_wind_anywhere

    tables = cheap_wind_anywhere(tiny_tables())
    kept = _solve(tables)
    sold = _solve(tables, policy={"surplus_sale_max_share": 0.2})
    sites = sold.clusters.set_index("cluster_id")
    output = sites["wind_mwh"] + sites["solar_mwh"]
    # Wind at ~46 CNY/MWh sells at 150: every site sells its full allowed share.
    assert sites["surplus_sold_mwh"].to_numpy() == pytest.approx(0.2 * output.to_numpy())
    revenue = sold.summary["cost_breakdown_cny_per_year"]["surplus_sale"]
    assert revenue == pytest.approx(-150.0 * sites["surplus_sold_mwh"].sum())
    assert sold.summary["surplus_sold_mwh_per_year"] == pytest.approx(
        sites["surplus_sold_mwh"].sum()
    )
    assert sold.summary["objective_cny_per_year"] < kept.summary["objective_cny_per_year"]
    # What is sold is not consumed: green energy never exceeds consumption.
    assert (sites["green_energy_mwh"] <= sites["consumption_mwh"] + 1e-6).all()
    shares = sites["green_share_hourly"].dropna().astype(float)
    assert (shares <= 1.0 + 1e-9).all()
