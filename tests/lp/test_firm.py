"""Clean firm supply: nuclear and hydro contracts in a site's own province.

Tiny cases worked by hand: ``east_a`` serves 100 MW of flexible work, lit by solar from 06:00
to 18:00, storage dear; a nuclear plant or a hydro fleet in ``east_land`` may be contracted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from optimiser.errors import InputError
from optimiser.lp.inputs import prepare_inputs
from optimiser.pipeline import run_scenario
from optimiser.results.folder import audit_results_dir, write_results
from optimiser.results.validation import validate_results_dir
from tests.lp.test_rules_time_shift import one_sunny_site
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

SCORE_100 = {"green_share_target": 1.0, "green_accounting": "hourly"}


def with_firm_supply(tables: dict, technology: str = "nuclear") -> dict:
    """Add 1,000 MW of ``technology`` in east_land: capacity factor 0.9, 400 CNY/MWh."""
    tables["firm_supply"] = pd.DataFrame(
        {
            "name_en": ["East plant"],
            "name_zh": ["东厂"],
            "technology": [technology],
            "province_id": ["east_land"],
            "capacity_mw": [1000.0],
            "in_service_year": [2020],
            "status": ["in_service"],
            "availability_factor": [0.9],
            "on_grid_price_cny_per_mwh": [300.0],
            "delivered_price_cny_per_mwh": [400.0],
        },
        index=pd.Index(["east_plant"], name="supply_id"),
    )
    return tables


def east_a(result) -> pd.Series:
    return result.clusters.set_index("cluster_id").loc["east_a"]


def test_a_nuclear_contract_lowers_the_cost_of_100_percent_cfe() -> None:
    without = run_scenario(tiny_catalogue(one_sunny_site()), tiny_scenario(policy=SCORE_100))
    # By hand, per day: solar covers the 1,200 MWh of daytime; storage the night's 1,200 MWh,
    # holding 1,333.3 MWh (power a quarter of it), charged with 1,481.5 MWh (123.46 MW for
    # 12 h): IT 200 + energy 1,333.33 + power 33.33 + solar 22.35 = 1,589.01 M CNY/yr.
    assert without.summary["objective_cny_per_year"] == pytest.approx(1_589.01e6, rel=1e-5)
    catalogue = tiny_catalogue(with_firm_supply(one_sunny_site()))
    nuclear = run_scenario(
        catalogue,
        tiny_scenario(policy=SCORE_100, supply={"nuclear_volume_mw": {"east_land": 500.0}}),
    )
    # A flat block of 111.1 MW delivers 100 MW in every hour, carbon-free: IT 200 +
    # 876,000 MWh x 400 CNY/MWh = 350.4: 550.4 M CNY/yr, no solar or storage.
    assert nuclear.summary["objective_cny_per_year"] == pytest.approx(550.4e6, rel=1e-6)
    site = east_a(nuclear)
    assert site["nuclear_contract_mw"] == pytest.approx(1000 / 9, rel=1e-6)
    assert site["green_share_hourly"] == pytest.approx(1.0, abs=1e-6)
    assert site["storage_energy_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert nuclear.summary["cost_breakdown_cny_per_year"]["firm_energy"] == pytest.approx(350.4e6)


def test_the_volume_limits_what_a_province_s_sites_contract() -> None:
    # east_a serves east_land's 100 MW of latency-bound work from the grid at 500 CNY/MWh.
    # 5 % of the 1,000 MW plant (the default share) is 50 MW, 45 MW delivered in every hour
    # at 400 CNY/MWh: 39.42 M CNY/yr saved.
    plain = run_scenario(tiny_catalogue(tiny_tables()), tiny_scenario())
    catalogue = tiny_catalogue(with_firm_supply(tiny_tables()))
    result = run_scenario(catalogue, tiny_scenario())
    assert east_a(result)["nuclear_contract_mw"] == pytest.approx(50.0, rel=1e-6)
    saved = plain.summary["objective_cny_per_year"] - result.summary["objective_cny_per_year"]
    assert saved == pytest.approx(45 * 8760 * 100, rel=1e-6)


@pytest.mark.parametrize(
    ("technology", "annual", "own_supply"), [("nuclear", 0.0, 0.0), ("hydro", 0.45, 0.45)]
)
def test_how_each_contract_counts_in_the_three_measures(
    technology: str, annual: float, own_supply: float
) -> None:
    # 50 MW contracted, 45 MW delivered each hour of east_a's 100 MW of load (the tiny
    # catalogue has no monthly shares, so hydro is flat too): carbon-free in the hour; green
    # in the annual measure and on own supply only if renewable; never emitting.
    plain = run_scenario(tiny_catalogue(tiny_tables()), tiny_scenario())
    tables = with_firm_supply(tiny_tables(), technology)
    result = run_scenario(tiny_catalogue(tables), tiny_scenario())
    site = east_a(result)
    assert site[f"{technology}_contract_mw"] == pytest.approx(50.0, rel=1e-6)
    assert site["green_share_hourly"] == pytest.approx(0.45, rel=1e-6)
    assert site["green_share_annual"] == pytest.approx(annual, abs=1e-6)
    assert site["green_share_hourly_own_supply"] == pytest.approx(own_supply, abs=1e-6)
    avoided = plain.summary["emissions_tco2_per_year"] - result.summary["emissions_tco2_per_year"]
    assert avoided == pytest.approx(45 * 8760 * 0.6, rel=1e-6)


def test_contracts_are_held_over_the_full_year(tmp_path: Path) -> None:
    catalogue = tiny_catalogue(with_firm_supply(tiny_tables()))
    result = run_scenario(catalogue, tiny_scenario())
    assert east_a(result)["nuclear_contract_mw"] == pytest.approx(50.0, rel=1e-6)
    folder = write_results(result, tmp_path / "plan")
    audit_results_dir(folder)
    summary = validate_results_dir(folder, catalogue).summary
    assert summary["holds_over_full_year"] is True
    assert summary["full_year_cost_cny_per_year"] == pytest.approx(
        result.summary["objective_cny_per_year"], rel=1e-9
    )


def test_a_nuclear_volume_in_a_province_without_a_plant_is_refused() -> None:
    catalogue = tiny_catalogue(with_firm_supply(one_sunny_site()))
    scenario = tiny_scenario(supply={"nuclear_volume_mw": {"west_land": 100.0}})
    with pytest.raises(InputError, match=r"supply\.nuclear_volume_mw\.west_land.*no nuclear"):
        prepare_inputs(catalogue, scenario)


def test_a_volume_for_a_technology_left_out_is_refused() -> None:
    catalogue = tiny_catalogue(with_firm_supply(one_sunny_site()))
    scenario = tiny_scenario(
        supply={"clean_firm": ["hydro"], "nuclear_volume_mw": {"east_land": 100.0}}
    )
    with pytest.raises(InputError, match=r"supply\.nuclear_volume_mw\.east_land"):
        prepare_inputs(catalogue, scenario)


def test_a_negative_volume_is_refused() -> None:
    with pytest.raises(ValidationError, match="hydro_volume_mw"):
        tiny_scenario(supply={"hydro_volume_mw": {"east_land": -5.0}})
