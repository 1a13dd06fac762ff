"""Long-duration storage: pumped hydro leased in the province, its days linked over the year.

Tiny cases worked by hand: ``east_a`` serves 100 MW of flexible work, lit by solar from 06:00
to 18:00 (:func:`tests.lp.test_rules_time_shift.one_sunny_site`); its 4-hour battery is dear.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.data.catalogue import load_catalogue
from optimiser.errors import InfeasibleError, InputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import audit_results_dir, write_results
from optimiser.results.validation import validate_results_dir
from tests.lp.test_rules_time_shift import one_sunny_site
from tests.repository import REGIONS_DIR
from tests.tiny import tiny_catalogue, tiny_scenario

SCORE_100 = {"green_share_target": 1.0, "green_accounting": "hourly"}


def with_pumped_hydro(tables: dict, max_duration_h: float = 12.0) -> dict:
    """Add pumped hydro: 1 M CNY/MW and 0.1 M CNY/MWh over 10 years, 81 % round trip.

    ``east_land`` has 10,000 MW of it in service; data centres may lease the default 5 %
    (500 MW). Compressed air and flow batteries are in the table but have no potential and
    cost far more.
    """
    tables["storage_technologies"] = pd.DataFrame(
        {
            "name_en": ["Pumped hydro", "Compressed air", "Flow battery"],
            "name_zh": ["抽蓄", "压缩空气", "液流"],
            "power_capex_cny_per_mw": [1e6, 1e9, 1e9],
            "energy_capex_cny_per_mwh": [1e5, 1e9, 1e9],
            "lifetime_years": [10, 10, 10],
            "fixed_om_share_per_year": [0.0, 0.0, 0.0],
            "round_trip_efficiency": [0.81, 0.7, 0.7],
            "min_duration_h": [5.0, 4.0, 4.0],
            "max_duration_h": [max_duration_h, 6.0, 5.0],
            "self_discharge_share_per_day": [0.0, 0.0, 0.0],
            "capex_change_per_year": [0.0, 0.0, 0.0],
        },
        index=pd.Index(["pumped_hydro", "compressed_air", "flow_battery"], name="technology_id"),
    )
    tables["storage_potential"] = pd.DataFrame(
        {
            "province_id": ["east_land", "east_land"],
            "technology_id": ["pumped_hydro", "pumped_hydro"],
            "year": [2025, 2030],
            "capacity_mw": [10_000.0, 10_000.0],
        }
    )
    return tables


def east_a(result) -> pd.Series:
    return result.clusters.set_index("cluster_id").loc["east_a"]


def test_pumped_hydro_lowers_the_cost_of_100_percent_cfe() -> None:
    # Battery only, by hand (tests/lp/test_firm.py): 1,589.01 M CNY/yr.
    battery = run_scenario(tiny_catalogue(one_sunny_site()), tiny_scenario(policy=SCORE_100))
    assert battery.summary["objective_cny_per_year"] == pytest.approx(1_589.01e6, rel=1e-5)
    result = run_scenario(
        tiny_catalogue(with_pumped_hydro(one_sunny_site())), tiny_scenario(policy=SCORE_100)
    )
    # Pumped hydro covers the night's 1,200 MWh: 1,333.3 MWh held (0.01 M CNY/MWh/yr:
    # 13.33), charged at 123.46 MW for 12 h (0.1 M CNY/MW/yr: 12.35, within 5-12 h), solar
    # 223.46 MW (22.35), IT 200: 248.025 M CNY/yr.
    assert result.summary["objective_cny_per_year"] == pytest.approx(248.0247e6, rel=1e-6)
    site = east_a(result)
    assert site["pumped_hydro_energy_mwh"] == pytest.approx(1200 / 0.9, rel=1e-6)
    assert site["pumped_hydro_power_mw"] == pytest.approx(1200 / 0.81 / 12, rel=1e-6)
    assert site["storage_energy_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert site["green_share_hourly"] == pytest.approx(1.0, abs=1e-6)
    breakdown = result.summary["cost_breakdown_cny_per_year"]
    assert breakdown["long_duration_storage"] == pytest.approx(
        0.01e6 * 1200 / 0.9 + 0.1e6 * 1200 / 0.81 / 12, rel=1e-6
    )


def dark_every_seventh_day(tables: dict) -> dict:
    """No sun at east_a on every seventh day."""
    sun = tables["solar_capacity_factor"]["east_a"].to_numpy()
    dark = np.repeat(np.arange(365) % 7 == 3, 24)
    tables["solar_capacity_factor"]["east_a"] = np.where(dark, 0.0, sun)
    return tables


def test_linked_days_carry_stored_energy_into_a_dark_day(tmp_path: Path) -> None:
    # Two representative days, the sunny days' and the dark days' (52 of them): nothing on a
    # dark day itself is green, so a score of 0.9 (above 313 / 365 = 0.858) needs energy
    # stored the day before, carried from one day of the year to the next.
    tables = dark_every_seventh_day(one_sunny_site())
    scenario = tiny_scenario(
        policy={"green_share_target": 0.9, "green_accounting": "hourly"},
        time={
            "representation": "representative_days",
            "representative_days": 2,
            "extreme_days": False,
            "cluster_representation": "mean",
        },
    )
    with pytest.raises(InfeasibleError) as caught:
        run_scenario(tiny_catalogue(tables), scenario)  # batteries run within each day
    assert caught.value.status == "infeasible"  # proven, not merely unsolved
    catalogue = tiny_catalogue(with_pumped_hydro(tables, max_duration_h=40.0))
    result = run_scenario(catalogue, scenario)  # the audit re-checks the chain of days
    site = east_a(result)
    # Stored solar (0.03 M CNY per MWh a year) is cheaper than the grid: it serves every hour.
    assert site["green_share_hourly"] >= 0.9 - 1e-6
    # More than a night's worth: the store carries a dark day's energy from the day before.
    assert site["pumped_hydro_energy_mwh"] > 1200 / 0.9 * 1.5
    folder = write_results(result, tmp_path / "plan")
    audit_results_dir(folder)
    # Over the year, in calendar order, the plan serves its dark days as planned.
    summary = validate_results_dir(folder, catalogue).summary
    assert summary["holds_over_full_year"] is True


def copy_of_the_catalogue(tmp_path: Path) -> Path:
    """Copy the built-in catalogue to a folder where a test may edit it."""
    regions = tmp_path / "regions"
    shutil.copytree(REGIONS_DIR, regions)
    return regions


def test_a_duration_range_with_min_above_max_is_refused(tmp_path: Path) -> None:
    regions = copy_of_the_catalogue(tmp_path)
    path = regions / "storage_technologies.csv"
    table = pd.read_csv(path)
    table.loc[table["technology_id"] == "compressed_air", "min_duration_h"] = 8.0
    table.to_csv(path, index=False)
    expected = r"storage_technologies.csv.*compressed_air.*min_duration_h"
    with pytest.raises(InputError, match=expected):
        load_catalogue(regions)


def test_a_negative_potential_is_refused(tmp_path: Path) -> None:
    regions = copy_of_the_catalogue(tmp_path)
    path = regions / "storage_potential.csv"
    table = pd.read_csv(path)
    table.loc[0, "capacity_mw"] = -5.0
    table.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"storage_potential.csv.*capacity_mw"):
        load_catalogue(regions)
