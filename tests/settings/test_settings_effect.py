"""No setting is accepted and silently ignored: each one changes the inputs, the plan or the solve.

For every key ``dcsite scenarios`` lists, a change of value (from a stated starting point)
must change the prepared input tables, or else the optimum of the tiny catalogue (set up so
that wind, solar, storage, a corridor and certificates all matter), or else the options HiGHS
is given; the validation keys must change the full-year check, and the maps keys what the maps
print (``tests/maps/test_maps.py``). A key added without an entry here fails the registry test.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from optimiser.lp.highs_options import solver_options
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.pipeline import run_scenario
from optimiser.pipeline.pathway import run_pathway
from optimiser.scenario import DICT_SETTINGS, deep_merge, settable_keys
from tests.lp.test_firm import with_firm_supply
from tests.lp.test_long_duration import with_pumped_hydro
from tests.lp.test_rules import day_pattern, far_land_peak_of_300_mw
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


def everything_matters(tables: dict[str, Any]) -> dict[str, Any]:
    """The tiny catalogue with day-time solar, steady wind, storage and an open corridor."""
    tables["solar_capacity_factor"]["east_a"] = day_pattern([0.0] * 6 + [0.8] * 12 + [0.0] * 6)
    tables["wind_capacity_factor"]["west_b"] = 0.4
    tables["clusters"][["max_wind_mw", "max_solar_mw", "max_storage_mw"]] = 200.0
    tables["corridors"].loc["west_east", "capacity_mw"] = 500.0
    tables["provinces"].loc[["west_land", "far_land"], "grid_renewable_share"] = 0.3
    tables["demand_shape"]["flexible"] = day_pattern([1.5] * 12 + [0.5] * 12)
    tables["certificate_supply"] = pd.DataFrame(
        {"instrument": ["gec"], "volume_twh_per_year": [0.5], "price_cny_per_mwh": [20.0]},
        index=pd.Index(["gec"], name="step_id"),
    )
    # A nuclear plant in the east and a hydro fleet in the west, both cheaper than the grid,
    # and pumped hydro to lease in the east.
    with_firm_supply(tables)
    hydro = with_firm_supply({}, "hydro")["firm_supply"].rename(index={"east_plant": "west_hydro"})
    hydro["province_id"] = "west_land"
    tables["firm_supply"] = pd.concat([tables["firm_supply"], hydro])
    with_pumped_hydro(tables)
    # Far land's grid peaks at 300 MW: a default headroom of 30 MW.
    far_land_peak_of_300_mw(tables)
    # The clusters' plans by year give west_c twice its clusters.csv room from 2025.
    tables["cluster_room_by_year"] = pd.DataFrame(
        {"max_it_capacity_mw": [1000.0, 1000.0, 200.0]},
        index=pd.MultiIndex.from_tuples(
            [("east_a", 2025), ("west_b", 2025), ("west_c", 2025)], names=["cluster_id", "year"]
        ),
    )
    return tables


STARTS: dict[str, dict[str, Any]] = {
    "policy": {"green_share_target": 0.6},
}
"""Starting settings besides the tiny defaults (a green target, so that accounting counts)."""

TWO_PERIODS: dict[str, Any] = {"pathway": {"periods": [2025, 2030]}}
"""A two-period pathway, the start of the pathway settings' changes."""

# key -> (extra starting settings, the changed value)
CHANGES: dict[str, tuple[dict[str, Any], Any]] = {
    "year": ({}, 2019),
    "time.representation": ({}, "monthly_days"),
    "time.representative_days": ({"time": {"representation": "representative_days"}}, 3),
    "time.extreme_days": ({"time": {"representation": "representative_days"}}, False),
    "time.extra_days": ({"time": {"representation": "representative_days"}}, [100]),
    "time.cluster_representation": ({"time": {"representation": "representative_days"}}, "mean"),
    "time.weather_year": ({}, 2),
    "time.weather_years": ({}, [1, 2]),
    "time.annual_rows": ({"policy": {"green_share_target": 0.8}}, "monthly"),
    "time.target_margins": ({}, {"east_a": 0.1}),
    "demand.scale": ({}, 1.5),
    "demand.realised_share": ({}, 0.5),
    "demand.latency_bound_scale": ({}, 1.5),
    "demand.flexible_scale": ({}, 1.5),
    "demand.it_power_scale": ({}, 0.85),
    "demand.flexible_shift_share": ({}, 0.5),
    "supply.clean_firm": ({}, ["hydro"]),
    "supply.firm_share_for_data_centres": ({}, 0.2),
    "supply.nuclear_volume_mw": ({}, {"east_land": 10.0}),
    "supply.hydro_volume_mw": ({}, {"west_land": 10.0}),
    "supply.long_duration_storage": ({}, []),
    "supply.storage_share_for_data_centres": ({}, 0.2),
    "demand.compute_eflops": ({}, 50.0),
    "policy.green_share_target": ({}, 0.9),
    "policy.green_accounting": ({"policy": {"green_share_target": 0.9}}, "hourly"),
    "policy.green_target_applies_to": ({}, "all_sites"),
    "policy.certificates_allowed": ({"policy": {"green_share_target": 0.9}}, False),
    "policy.surplus_sale_max_share": ({}, 0.2),
    "policy.min_utilisation": ({"sites": {"committed_new_it_capacity_mw": {"east_a": 400}}}, 0.4),
    "policy.certificate_price_cny_per_mwh": ({}, 500.0),
    "policy.certificate_volume_scale": ({}, 0.5),
    "policy.hourly_floor": (
        {"policy": {"green_share_target": 0.6, "green_accounting": "hourly"}},
        0.5,
    ),
    "policy.carbon_price_cny_per_tco2": ({}, 300.0),
    "policy.carbon_cap_tco2_per_year": ({}, "90 % of the emissions without a cap"),
    "policy.pue_east": ({}, 0.0),  # replaced below: a cap below the site's own PUE limit
    "policy.pue_west": ({}, 0.0),
    "policy.utilisation_east": ({}, 0.8),
    "policy.utilisation_west": ({}, 0.8),
    "latency.max_rtt_ms": ({}, 20.0),
    "latency.routing": ({}, "annual_shares"),
    "network.corridor_capacity_scale": ({}, 0.5),
    "network.corridor_share_for_data_centres": ({}, 0.5),
    "network.corridors_in_service_by_year": ({}, 2019),
    "network.exclude_corridors": ({}, ["west_east"]),
    "network.corridor_in_service_year": ({}, {"west_east": 2030}),
    "network.grid_headroom": ({}, "none"),
    "network.province_grid_headroom_mw": ({}, {"east_land": 50.0}),
    "sites.exclude": ({}, ["west_c"]),
    "sites.include_non_hub": ({}, False),
    "sites.max_it_capacity_scale": ({}, 0.5),
    "sites.room_by_year": ({}, "catalogue"),
    "sites.committed_new_it_capacity_mw": ({}, {"east_a": 300.0}),
    "sites.plans_csv": ({}, "plans"),  # written by the test
    "sites.plans_mode": ({"sites": {"plans_csv": "plans"}}, "in_addition"),  # file as above
    "compute.eflops_per_mw": ({}, 1.0),
    "parameters": ({}, {"discount_rate": 0.05}),
    "profiles.solar_capacity_factor_csv": ({}, "solar"),
    "profiles.wind_capacity_factor_csv": ({}, "wind"),
    "profiles.demand_shape_csv": ({}, "demand"),
    "solver.method": ({}, "simplex"),
    "solver.time_limit_s": ({}, 120.0),
    "solver.threads": ({}, 1),
    "solver.highs_options": ({}, {"ipm_optimality_tolerance": 1e-4}),
    "solver.interior_point_gap": ({"solver": {"method": "hipo"}}, 1e-3),
    # Used only by `dcsite validate`: checked by the two validation tests at the end.
    "validation.unserved_penalty_cny_per_mwh": ({}, 50_000.0),
    "validation.green_shortfall_penalty_cny_per_mwh": ({}, 5_000.0),
    "validation.emissions_penalty_cny_per_tco2": ({}, 5_000.0),
    "validation.workers": ({}, 1),
    # A pathway's settings: checked on the discounted cost of a two-period path.
    "pathway.periods": ({}, [2025, 2030]),
    "pathway.final_period_years": (TWO_PERIODS, 5),
    "pathway.foresight": (
        {
            "pathway": {
                **TWO_PERIODS["pathway"],
                "final_period_years": 10,
                "period_changes": {
                    2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": 1e8}}
                },
            }
        },
        "myopic",
    ),
    "pathway.demand_growth": (TWO_PERIODS, "none"),
    "pathway.cost_trajectories": (
        {**TWO_PERIODS, "policy": {"green_accounting": "hourly", "green_share_target": 0.75}},
        "none",
    ),
    "pathway.period_changes": (TWO_PERIODS, {2030: {"demand": {"scale": 1.5}}}),
    # Printed on the maps, never part of the plan: tests/maps/test_maps.py checks that it is.
    "maps.review_number": ({}, "GS(2024)1234号"),
}
CHECKED_ELSEWHERE = ("validation.", "maps.")
"""Keys checked elsewhere: by the validation tests at the end, or on the maps."""


def settable() -> list[str]:
    keys = [key for key, *_ in settable_keys()]
    return [key for key in keys if key not in DICT_SETTINGS] + list(DICT_SETTINGS)


def test_every_settable_key_has_a_change_here() -> None:
    assert sorted(CHANGES) == sorted(settable())


def nested(key: str, value: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    target = result
    parts = key.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value
    return result


def tables_of(inputs: ModelInputs) -> dict[str, pd.DataFrame]:
    return {
        name: value
        for name, value in vars(inputs).items()
        if isinstance(value, pd.DataFrame) or name == "parameters"
    }


def same_tables(first: ModelInputs, second: ModelInputs) -> bool:
    left, right = tables_of(first), tables_of(second)
    for name, table in left.items():
        other = right[name]
        if isinstance(table, dict):
            if table != other:
                return False
        elif not table.equals(other):
            return False
    return True


def profile_file(tmp_path, name: str, tables: dict[str, Any]) -> str:
    path = tmp_path / f"{name}.csv"
    if name == "demand":
        profile = tables["demand_shape"].copy()
        profile["flexible"] = 1.0
    else:
        profile = tables[f"{name}_capacity_factor"].copy() * 0.5
    profile.to_csv(path)
    return str(path)


@pytest.mark.parametrize(
    "key", sorted(key for key in CHANGES if not key.startswith(CHECKED_ELSEWHERE))
)
def test_a_changed_setting_changes_the_inputs_the_plan_or_the_solve(key: str, tmp_path) -> None:
    tables = everything_matters(tiny_tables())
    catalogue = tiny_catalogue(tables)
    extra, value = CHANGES[key]
    if key in {"policy.pue_east", "policy.pue_west"}:
        tables["clusters"]["pue_limit"] = 1.5
        catalogue = tiny_catalogue(tables)
        value = 1.1
    if key == "policy.carbon_cap_tco2_per_year":
        uncapped = run_scenario(catalogue, tiny_scenario(**deep_merge(STARTS, extra)))
        value = 0.9 * uncapped.summary["emissions_tco2_per_year"]
    if key in {"sites.plans_csv", "sites.plans_mode"}:
        path = tmp_path / "plans.csv"
        path.write_text("cluster_id,committed_new_it_capacity_mw\neast_a,300\n", encoding="utf-8")
        if key == "sites.plans_csv":
            value = str(path)
        else:
            extra = {"sites": {"plans_csv": str(path)}}
    if key.startswith("profiles."):
        value = profile_file(tmp_path, value, tables)
    if key in {"time.weather_year", "time.weather_years"}:  # a second year with half the wind
        wind = tables["wind_capacity_factor"]
        catalogue = replace(
            catalogue,
            weather_year_profiles={"wind_capacity_factor": {1: wind, 2: wind / 2}},
            weather_year=1,
        )
    start = deep_merge(STARTS, extra)
    before = tiny_scenario(**start)
    after = tiny_scenario(**deep_merge(start, nested(key, value)))
    if key.startswith("pathway."):
        # Growth, falling capex and retirement, so that every pathway setting can matter.
        tables["parameters"].update(
            {
                "data_centre_electricity_2030_twh": 150.0,
                "solar_capex_change_per_year": -0.1,
                "wind_capex_change_per_year": -0.1,
                "storage_capex_change_per_year": -0.1,
            }
        )
        catalogue = tiny_catalogue(tables)
        costs = [run_pathway(catalogue, s).summary["npv_cost_cny"] for s in (before, after)]
        assert not np.isclose(*costs, rtol=1e-7), f"{key}={value!r} changed nothing"
        return
    if key.startswith("solver."):
        solver = before.settings.solver, after.settings.solver
        options = [solver_options(s) for s in solver]
        assert options[0] != options[1], key
        return
    if not same_tables(prepare_inputs(catalogue, before), prepare_inputs(catalogue, after)):
        return
    first = run_scenario(catalogue, before).summary
    second = run_scenario(catalogue, after).summary
    changed = [
        name
        for name in ("objective_cny_per_year", "emissions_tco2_per_year", "green_share_hourly")
        if not np.isclose(first[name], second[name], rtol=1e-9, atol=1e-9)
    ]
    # A setting may change the formulation (its size) rather than the optimum.
    reformulated = first["sizes"] != second["sizes"]
    assert changed or reformulated, f"{key}={value!r} changed neither the inputs nor the plan"


def short_of_the_full_year(key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return tables and settings whose plan falls short, over the full year, as ``key`` prices."""
    tables = tiny_tables()
    settings: dict[str, Any] = {"validation": {"workers": 1}}
    if "unserved" in key:  # one hour of demand the plan's capacity cannot serve
        tables["demand_shape"].loc[4_000, "latency_bound"] = 2.0
        return tables, settings
    # One dark hour at east_a, whose solar (dearer than the grid) meets an hourly target.
    tables["clusters"].loc[["east_a", "west_b"], "max_solar_mw"] = 1000.0
    tables["solar_capacity_factor"][:] = 0.5
    tables["solar_capacity_factor"].loc[4_000, "east_a"] = 0.0
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8
    settings["policy"] = {"green_share_target": 0.5, "green_accounting": "hourly"}
    if "emissions" in key:  # and a carbon cap the plan just meets
        planned = run_scenario(tiny_catalogue(tables), tiny_scenario(**settings))
        cap = planned.summary["emissions_tco2_per_year"]
        settings["policy"] = {**settings["policy"], "carbon_cap_tco2_per_year": cap}
    return tables, settings


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    [
        "validation.unserved_penalty_cny_per_mwh",
        "validation.green_shortfall_penalty_cny_per_mwh",
        "validation.emissions_penalty_cny_per_tco2",
    ],
)
def test_a_validation_penalty_changes_the_validation(key: str, tmp_path) -> None:
    from optimiser.results.folder import write_results
    from optimiser.results.validation import validate_results_dir

    tables, start = short_of_the_full_year(key)
    catalogue = tiny_catalogue(tables)
    penalties = []
    for number, value in enumerate((None, CHANGES[key][1])):
        settings = start if value is None else deep_merge(start, nested(key, value))
        result = run_scenario(catalogue, tiny_scenario(**settings))
        folder = write_results(result, tmp_path / f"plan-{number}")
        summary = validate_results_dir(folder, catalogue).summary
        penalties.append(summary["shortfall_penalty_cny_per_year"])
    assert penalties[0] > 0, key
    assert penalties[0] != pytest.approx(penalties[1]), key


def test_validation_workers_decide_whether_months_run_in_processes(monkeypatch) -> None:
    from optimiser.results import dispatch as validation

    used: list[int] = []

    class Pool:
        def __init__(self, max_workers: int, mp_context: Any) -> None:
            used.append(max_workers)

        def __enter__(self) -> Pool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def submit(self, function: Any, *arguments: Any) -> Any:
            class Done:
                def result(self) -> Any:
                    return function(*arguments)

                def cancel(self) -> None:
                    return None

            return Done()

    monkeypatch.setattr(validation, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(validation, "dispatch_month", lambda *arguments: arguments[0])
    months = ["january", "february", "march"]
    assert list(validation.dispatch_months(months, pd.DataFrame(), 1)) == months
    assert used == []
    assert list(validation.dispatch_months(months, pd.DataFrame(), 2)) == months
    assert used == [2]
