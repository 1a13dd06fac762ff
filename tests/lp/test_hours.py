"""A plan made on several weather years at once (``time.weather_years``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.paths import default_model_path
from optimiser.pipeline import run_scenario
from optimiser.results.folder import write_results
from optimiser.results.validation import validate_results_dir
from optimiser.scenario import resolve_scenario
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

HOURLY = {"policy": {"green_share_target": 0.3, "green_accounting": "hourly"}}


def two_years():
    """The tiny catalogue with steady wind at 0.4 in year 1 and 0.2 in year 2."""
    tables = tiny_tables()
    tables["clusters"][["max_wind_mw", "max_solar_mw", "max_storage_mw"]] = 200.0
    tables["wind_capacity_factor"][:] = 0.4
    wind = tables["wind_capacity_factor"]
    return replace(
        tiny_catalogue(tables),
        weather_year_profiles={"wind_capacity_factor": {1: wind, 2: wind * 0.5}},
        weather_year=1,
    )


def test_planning_on_two_years_plans_for_the_mean_year() -> None:
    catalogue = two_years()
    windy = run_scenario(catalogue, tiny_scenario(**HOURLY, time={"weather_year": 1}))
    still = run_scenario(catalogue, tiny_scenario(**HOURLY, time={"weather_year": 2}))
    two_days = {
        "representation": "representative_days",
        "representative_days": 2,
        "extreme_days": False,
    }
    both = run_scenario(
        catalogue, tiny_scenario(**HOURLY, time={**two_days, "weather_years": [1, 2]})
    )
    assert both.summary["weather_years"] == [1, 2]
    assert both.summary["weather_year"] is None
    assert both.inputs.hours["weight_h"].sum() == pytest.approx(8760)
    # Two days, one of each year, each standing for half a year.
    assert len(both.inputs.hours) == 48
    wind = both.inputs.wind_capacity_factor.iloc[:, 0]
    assert sorted(set(wind.round(6))) == [0.2, 0.4]
    assert both.inputs.hours["weight_h"].iloc[0] == pytest.approx(365 / 2)
    cost = {
        name: plan.summary["objective_cny_per_year"]
        for name, plan in (("windy", windy), ("still", still), ("both", both))
    }
    assert cost["windy"] < cost["both"] <= cost["still"] + 1e-6 * cost["still"]


@pytest.mark.slow  # three full-year dispatches of the tiny plan (about 30 s)
def test_a_plan_on_two_years_is_checked_on_each(tmp_path: Path) -> None:
    catalogue = two_years()
    plan = run_scenario(catalogue, tiny_scenario(**HOURLY, time={"weather_years": [1, 2]}))
    folder = write_results(plan, tmp_path / "plan")
    check = validate_results_dir(folder, catalogue)
    assert check.summary["weather_year"] == 1
    assert set(check.summary["holds_over_full_year_by_weather_year"]) == {"1", "2"}
    assert (folder / "validation" / "validation.json").exists()
    assert (folder / "validation-weather-year-2" / "validation.json").exists()
    summary = json.loads((folder / "summary.json").read_text())
    by_year = summary["validation_by_weather_year"]
    assert set(by_year) == {"1", "2"}
    assert summary["holds_over_full_year"] == all(
        entry["holds_over_full_year"] for entry in by_year.values()
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (["time.weather_years=[1,2]", "time.representation=full_year"], "not full_year"),
        (["time.weather_years=[1,2]", "time.weather_year=1"], "not both"),
        (["time.weather_years=[1,2]", "time.extra_days=[3]"], "extra_days"),
        (["time.weather_years=[1,1]"], "twice"),
    ],
)
def test_bad_weather_years_are_one_line_errors(overrides: list[str], expected: str) -> None:
    with pytest.raises(InputError, match=expected) as error:
        resolve_scenario(default_model_path(), "baseline", overrides)
    assert "\n" not in str(error.value)


def test_a_listed_year_not_in_the_data_is_named() -> None:
    from optimiser.data.catalogue import load_catalogue
    from optimiser.lp.inputs import prepare_inputs

    scenario = resolve_scenario(default_model_path(), "baseline", ["time.weather_years=[1,9]"])
    with pytest.raises(InputError, match=r"weather year 9 is not in"):
        prepare_inputs(load_catalogue(), scenario)


def test_the_verdict_names_every_weather_year_and_those_short() -> None:
    from optimiser.terminal.verdict import verdict_line

    summary = {
        "hours": 8760,
        "extra_cost_cny_per_year": 1e9,
        "full_year_cost_cny_per_year": 101e9,
        "planned_cost_cny_per_year": 100e9,
        "holds_over_full_year": False,
        "holds_over_full_year_by_weather_year": {"1": True, "2": False},
    }
    line = verdict_line(summary)
    assert "each of weather years 1, 2" in line
    assert "short in weather year 2" in line
    assert "does not hold" in line
