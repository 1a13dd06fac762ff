"""Weather years: profiles with a ``weather_year`` column, the year a plan is made on, and a
plan checked on a year it was not planned on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.data.catalogue import check_weather_years, load_catalogue
from optimiser.errors import InputError
from optimiser.lp.inputs import prepare_inputs
from optimiser.pipeline import run_scenario
from optimiser.results.folder import write_results
from optimiser.results.validation import validate_results_dir
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


def years_file(path: Path, frames: dict[int, pd.DataFrame]) -> Path:
    """Write profiles of several weather years in the catalogue's format."""
    blocks = [
        frame.reset_index(drop=True).rename_axis("hour").reset_index().assign(weather_year=year)
        for year, frame in frames.items()
    ]
    table = pd.concat(blocks)
    table = table[["weather_year", "hour", *frames[next(iter(frames))].columns]]
    table.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_a_profile_file_of_several_years_is_read_year_by_year(catalogue, tmp_path) -> None:
    wind, solar = catalogue.wind_capacity_factor, catalogue.solar_capacity_factor
    path = years_file(tmp_path / "wind.csv", {2019: wind * 0.5, 2020: wind})
    both = years_file(tmp_path / "solar.csv", {2019: solar, 2020: solar})
    loaded = catalogue.with_profile("wind_capacity_factor", path)
    loaded = check_weather_years(loaded.with_profile("solar_capacity_factor", both))
    assert loaded.weather_years == [2019, 2020]
    assert loaded.weather_year == 2019  # the first year by default
    assert np.allclose(loaded.wind_capacity_factor, wind * 0.5, atol=1e-12)
    chosen = loaded.for_weather_year(2020, "model.yaml", "time.weather_year")
    assert chosen.weather_year == 2020
    assert np.allclose(chosen.wind_capacity_factor, wind, atol=1e-12)
    assert np.allclose(chosen.solar_capacity_factor, solar)


def test_a_year_not_in_the_data_is_a_one_line_error(catalogue, tmp_path) -> None:
    wind = catalogue.wind_capacity_factor
    loaded = catalogue.with_profile(
        "wind_capacity_factor", years_file(tmp_path / "wind.csv", {1: wind, 2: wind})
    )
    assert loaded.weather_years == [1, 2]  # those the catalogue's solar has too
    expected = r"weather year 5 is not in .*\(its years: 1, 2(, 3)?\)"
    with pytest.raises(InputError, match=expected):
        loaded.for_weather_year(5, "model.yaml", "time.weather_year")


def test_a_year_with_missing_hours_names_the_year(catalogue, tmp_path) -> None:
    wind = catalogue.wind_capacity_factor
    path = years_file(tmp_path / "wind.csv", {1: wind, 2: wind.iloc[:8736]})
    with pytest.raises(InputError) as error:
        catalogue.with_profile("wind_capacity_factor", path)
    assert "weather_year 2" in str(error.value)
    assert "got 8736" in str(error.value)
    assert "\n" not in str(error.value)


def test_wind_and_solar_must_have_the_same_years(catalogue, tmp_path) -> None:
    wind = years_file(
        tmp_path / "wind.csv",
        {1: catalogue.wind_capacity_factor, 2: catalogue.wind_capacity_factor},
    )
    solar = years_file(
        tmp_path / "solar.csv",
        {1: catalogue.solar_capacity_factor, 3: catalogue.solar_capacity_factor},
    )
    loaded = catalogue.with_profile("wind_capacity_factor", wind)
    with pytest.raises(InputError, match="differ"):
        check_weather_years(loaded.with_profile("solar_capacity_factor", solar))


def test_a_year_not_in_the_data_is_a_one_line_error_through_the_settings(catalogue) -> None:
    from optimiser.paths import default_model_path
    from optimiser.scenario import resolve_scenario

    scenario = resolve_scenario(default_model_path(), "baseline", ["time.weather_year=7"])
    with pytest.raises(InputError) as error:
        prepare_inputs(catalogue, scenario)
    assert error.value.source == "--set"
    assert "weather year 7 is not in" in str(error.value)
    assert "(its years: 1, 2, 3)" in str(error.value)


def test_a_weather_year_needs_profiles_with_years() -> None:
    with pytest.raises(InputError, match="no weather_year column"):
        prepare_inputs(tiny_catalogue(), tiny_scenario(time={"weather_year": 2}))


def calm_second_year() -> tuple:
    """The tiny catalogue with a second, stiller weather year (half the wind)."""
    tables = tiny_tables()
    tables["clusters"][["max_wind_mw", "max_solar_mw", "max_storage_mw"]] = 200.0
    tables["wind_capacity_factor"][:] = 0.4
    wind = tables["wind_capacity_factor"]
    catalogue = replace(
        tiny_catalogue(tables),
        weather_year_profiles={"wind_capacity_factor": {1: wind, 2: wind * 0.5}},
        weather_year=1,
    )
    return catalogue, tables


def test_the_plan_is_made_on_the_weather_year_asked_for() -> None:
    catalogue, _ = calm_second_year()
    green = {"policy": {"green_share_target": 0.3, "green_accounting": "hourly"}}
    first = run_scenario(catalogue, tiny_scenario(**green))
    calm = run_scenario(catalogue, tiny_scenario(**green, time={"weather_year": 2}))
    assert first.summary["weather_year"] == 1
    assert calm.summary["weather_year"] == 2
    assert np.allclose(calm.inputs.wind_capacity_factor, first.inputs.wind_capacity_factor / 2)
    # With less wind the same target needs more (dearer) green supply.
    assert calm.summary["objective_cny_per_year"] > first.summary["objective_cny_per_year"]


@pytest.mark.slow  # two full-year dispatches of the tiny plan (about 20 s)
def test_a_plan_checked_on_another_weather_year(tmp_path: Path) -> None:
    catalogue, _ = calm_second_year()
    green = {"policy": {"green_share_target": 0.5, "green_accounting": "hourly"}}
    folder = write_results(run_scenario(catalogue, tiny_scenario(**green)), tmp_path / "plan")
    own = validate_results_dir(folder, catalogue)
    other = validate_results_dir(folder, catalogue, weather_year=2)
    assert own.summary["weather_year"] == 1
    assert other.summary["weather_year"] == 2
    assert other.summary["planned_weather_year"] == 1
    # Planned on the windy year, the plan falls short of its green target in the still one.
    assert other.summary["green_shortfall_mwh"] > own.summary["green_shortfall_mwh"]
    assert (folder / "validation-weather-year-2" / "validation.json").exists()
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["holds_over_full_year"] == own.summary["holds_over_full_year"]
    checked = summary["validation_by_weather_year"]["2"]
    assert checked["holds_over_full_year"] is False
    assert checked["file"] == "validation-weather-year-2/validation.json"


def test_validate_names_the_option_for_a_year_not_in_the_data(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    catalogue, _ = calm_second_year()
    folder = write_results(run_scenario(catalogue, tiny_scenario()), tmp_path / "plan")
    with pytest.raises(InputError, match=r"^--weather-year: weather year 9 is not in"):
        validate_results_dir(folder, catalogue, weather_year=9)
    printed = CliRunner().invoke(
        app, ["validate", str(tmp_path / "missing"), "--weather-year", "2"]
    )
    assert printed.exit_code == 2
