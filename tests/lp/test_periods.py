"""What the planning year changes (optimiser.lp.periods), worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from optimiser.lp.periods import (
    CAPEX_COLUMNS,
    CATALOGUE_YEAR,
    capex_factor,
    demand_growth_factor,
    existing_capacity_factor,
    max_it_capacity,
    room_in_year,
    with_capex,
    years_after_catalogue,
)
from optimiser.pipeline import run_scenario
from optimiser.pipeline.pathway import run_pathway
from optimiser.settings import ScenarioSettings
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario, tiny_tables

# Demand doubles from 2025 to 2030: a constant yearly growth of 2 ** (1/5).
PARAMETERS = {
    "data_centre_electricity_2025_twh": 100.0,
    "data_centre_electricity_2030_twh": 200.0,
    "wind_capex_change_per_year": -0.1,
    "existing_it_retirement_share_per_year": 0.3,
}


def test_years_before_the_catalogue_count_as_none() -> None:
    assert years_after_catalogue(CATALOGUE_YEAR - 3) == 0
    assert years_after_catalogue(CATALOGUE_YEAR) == 0
    assert years_after_catalogue(CATALOGUE_YEAR + 4) == 4


def test_demand_grows_geometrically_and_on_past_2030() -> None:
    assert demand_growth_factor(PARAMETERS, 2025) == 1.0
    assert demand_growth_factor(PARAMETERS, 2030) == pytest.approx(2.0)
    assert demand_growth_factor(PARAMETERS, 2035) == pytest.approx(4.0)
    # Halfway in years is the square root of the 2030 factor, not its mean.
    assert demand_growth_factor(PARAMETERS, 2027) == pytest.approx(2.0 ** (2 / 5))
    assert demand_growth_factor(PARAMETERS, 2020) == 1.0


def test_capex_changes_by_a_constant_share_per_year() -> None:
    assert capex_factor(PARAMETERS, "wind_capex_change_per_year", 2025) == 1.0
    assert capex_factor(PARAMETERS, "wind_capex_change_per_year", 2027) == pytest.approx(0.81)
    assert capex_factor(PARAMETERS, "wind_capex_change_per_year", 2024) == 1.0


def test_existing_capacity_retires_linearly_and_never_below_zero() -> None:
    assert existing_capacity_factor(PARAMETERS, 2025) == 1.0
    assert existing_capacity_factor(PARAMETERS, 2026) == pytest.approx(0.7)
    assert existing_capacity_factor(PARAMETERS, 2028) == pytest.approx(0.1)
    assert existing_capacity_factor(PARAMETERS, 2029) == 0.0


def test_every_site_gets_the_year_s_capex_and_the_input_is_untouched() -> None:
    sites = pd.DataFrame({"it_capex_cny_per_mw": [1.0, 2.0]}, index=["a", "b"])
    parameters = {column: 10.0 * (number + 1) for number, column in enumerate(CAPEX_COLUMNS)}
    priced = with_capex(sites, parameters)
    for column, value in parameters.items():
        assert priced[column].tolist() == [value, value]
    assert list(sites.columns) == ["it_capex_cny_per_mw"]


def room_table(by_site: dict[str, dict[int, float]]) -> pd.DataFrame:
    """A ``cluster_room_by_year`` table from ``{site: {year: MW}}``."""
    rows = [(site, year, mw) for site, years in by_site.items() for year, mw in years.items()]
    frame = pd.DataFrame(rows, columns=["cluster_id", "year", "max_it_capacity_mw"])
    return frame.set_index(["cluster_id", "year"]).sort_index()


def test_room_by_year_interpolates_between_milestones_and_holds_outside() -> None:
    table = room_table({"a": {2025: 100.0, 2030: 600.0}, "b": {2025: 50.0, 2030: 50.0}})
    assert room_in_year(table, 2025).to_dict() == {"a": 100.0, "b": 50.0}
    assert room_in_year(table, 2028).to_dict() == pytest.approx({"a": 400.0, "b": 50.0})
    assert room_in_year(table, 2030).to_dict() == {"a": 600.0, "b": 50.0}
    # Not extrapolated: before the first and after the last year the plan's figure holds.
    assert room_in_year(table, 2020).to_dict() == {"a": 100.0, "b": 50.0}
    assert room_in_year(table, 2035).to_dict() == {"a": 600.0, "b": 50.0}


def tiny_with_room(west_c_2030_mw: float) -> dict:
    """The tiny catalogue with room by year: ``west_c`` 100 MW in 2025, more by 2030."""
    tables = tiny_tables()
    tables["cluster_room_by_year"] = room_table(
        {
            "east_a": {2025: 1000.0, 2030: 1000.0},
            "west_b": {2025: 1000.0, 2030: 1000.0},
            "west_c": {2025: 100.0, 2030: west_c_2030_mw},
        }
    )
    return tables


def test_room_setting_chooses_the_source_and_the_scale_applies_to_either() -> None:
    catalogue = tiny_catalogue(tiny_with_room(200.0))
    scale = ScenarioSettings.model_validate({"year": 2030})
    plans = ScenarioSettings.model_validate({"year": 2030, "sites": {"room_by_year": "catalogue"}})
    doubled = ScenarioSettings.model_validate(
        {"year": 2030, "sites": {"room_by_year": "catalogue", "max_it_capacity_scale": 2}}
    )
    assert max_it_capacity(catalogue, scale)["west_c"] == 100.0  # clusters' figure, any year
    assert max_it_capacity(catalogue, plans)["west_c"] == 200.0
    assert max_it_capacity(catalogue, doubled)["west_c"] == 400.0


def test_room_by_year_alone_changes_the_optimum_as_worked_by_hand() -> None:
    # With 200 MW of room in 2030 (100 MW in clusters.csv) west_c takes 100 MW of load at
    # 2.876 M CNY/MW instead of 50; west_b, at 3.752, takes only the 20 MW left:
    # 100 x 6.38 + 100 x 2.876 + 20 x 3.752 = 1,000.64 M CNY/yr (tiny's optimum: 1,044.44).
    catalogue = tiny_catalogue(tiny_with_room(200.0))
    plans = {"year": 2030, "sites": {"room_by_year": "catalogue"}}
    scale = run_scenario(catalogue, tiny_scenario(year=2030))
    grown = run_scenario(catalogue, tiny_scenario(**plans))
    early = run_scenario(catalogue, tiny_scenario(**{**plans, "year": 2025}))
    assert scale.summary["objective_cny_per_year"] == pytest.approx(EXPECTED_BASE_COST_CNY)
    assert early.summary["objective_cny_per_year"] == pytest.approx(EXPECTED_BASE_COST_CNY)
    assert grown.summary["objective_cny_per_year"] == pytest.approx(1_000.64e6, rel=1e-6)
    capacity = grown.clusters.set_index("cluster_id")["total_it_capacity_mw"]
    assert capacity.to_dict() == pytest.approx({"east_a": 200.0, "west_b": 40.0, "west_c": 200.0})
    assert grown.summary["audit"]["status"] == "passed"


def test_room_by_year_binds_in_a_pathway_period() -> None:
    # Demand doubles by 2030: the new load goes to west_c as far as each period's room allows,
    # 100 MW in 2025 and, by the plans, 200 MW in 2030 (100 MW all along without them).
    tables = tiny_with_room(200.0)
    tables["parameters"]["data_centre_electricity_2030_twh"] = 200.0
    catalogue = tiny_catalogue(tables)
    path = {"pathway": {"periods": [2025, 2030]}, "solver": {"method": "simplex"}}

    def west_c(room_by_year: str) -> dict[int, float]:
        scenario = tiny_scenario(**path, sites={"room_by_year": room_by_year})
        result = run_pathway(catalogue, scenario)
        return {
            period: plan.clusters.set_index("cluster_id").loc["west_c", "total_it_capacity_mw"]
            for period, plan in result.periods.items()
        }

    assert west_c("catalogue") == pytest.approx({2025: 100.0, 2030: 200.0})
    assert west_c("scale") == pytest.approx({2025: 100.0, 2030: 100.0})
