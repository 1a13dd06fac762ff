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
    with_capex,
    years_after_catalogue,
)

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
