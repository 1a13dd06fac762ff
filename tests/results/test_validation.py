"""Full-year validation of a written plan (``dcsite validate``) on the tiny catalogue.

The tiny plans are optimised on one average day; the validation dispatches them over all
8,760 hours. With flat profiles the average day is the year, so the plan holds; with one bad
hour (a demand peak, a solar outage) it falls short in exactly that hour, by a figure worked
out by hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from optimiser.pipeline import run_scenario
from optimiser.report import write_report
from optimiser.results.folder import audit_results_dir, write_results
from optimiser.results.validation import VALIDATION_DIR, validate_results_dir
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

BAD_HOUR = 4_000  # day 166, hour of the day 16
DAYS = 365


def validated(tmp_path: Path, tables: dict, progress: Any = None, **changes: object):
    """Solve the tiny model on one average day, write it, validate it over the full year."""
    catalogue = tiny_catalogue(tables)
    result = run_scenario(catalogue, tiny_scenario(**changes))
    folder = write_results(result, tmp_path / "plan")
    return folder, result, validate_results_dir(folder, catalogue, progress=progress)


@pytest.mark.slow  # 11 s: with the long tests, to keep the default run within 5 minutes
def test_flat_plan_holds_over_the_full_year(tmp_path: Path) -> None:
    # Two processes dispatch the months (the default): the answer is the serial one.
    folder, result, validation = validated(tmp_path, tiny_tables(), validation={"workers": 2})
    summary = validation.summary
    assert summary["hours"] == 8760
    assert summary["holds_over_full_year"] is True
    assert all(summary["holds_over_full_year_by_site"].values())
    # Flat profiles: the year is the average day 365 times over, so nothing changes.
    assert summary["full_year_cost_cny_per_year"] == pytest.approx(
        result.summary["objective_cny_per_year"], rel=1e-9
    )
    assert summary["extra_cost_cny_per_year"] == pytest.approx(0.0, abs=1e-3 * 1e6)
    assert summary["unserved_it_energy_mwh"] == 0.0
    assert summary["unserved_hours"] == 0
    assert summary["shortfall_penalty_cny_per_year"] == 0.0
    # Written whole, and the plan itself untouched (it still audits).
    written = folder / VALIDATION_DIR
    assert sorted(path.name for path in written.iterdir()) == [
        "clusters.csv",
        "grid.csv",
        "hourly.parquet",
        "validation.json",
    ]
    hourly = pd.read_parquet(written / "hourly.parquet")
    assert len(hourly) == 3 * 8760
    assert json.loads((written / "validation.json").read_text())["holds_over_full_year"]
    assert json.loads((folder / "summary.json").read_text())["validation"]["holds_over_full_year"]
    audit_results_dir(folder)
    assert not list(folder.glob(".validation*"))
    # The report shows the verdict.
    write_report(folder)
    page = (folder / "report.html").read_text()
    assert '<span id="full-year-holds">yes</span>' in page
    assert "green, own supply [%]" in page


@pytest.mark.slow
def test_demand_peak_in_one_hour_goes_unserved_in_that_hour(tmp_path: Path) -> None:
    tables = tiny_tables()
    shape = tables["demand_shape"]
    shape.loc[BAD_HOUR, "latency_bound"] = 2.0
    stages: list[str] = []
    _, _, validation = validated(tmp_path, tables, stages.append, validation={"workers": 1})
    # The average day carries the peak as (364 + 2) / 365 at hour 16: the plan's capacity
    # serves 120 MW of latency-bound load times that, plus 100 MW flexible, and in the bad
    # hour 240 MW of latency-bound load arrive. Every site is full then (flexible load has
    # nowhere to go), so 120 × (2 − 366/365) MW go unserved, in that hour only.
    expected = 120.0 * (2.0 - 366.0 / DAYS)
    summary = validation.summary
    assert summary["holds_over_full_year"] is False
    assert summary["unserved_it_energy_mwh"] == pytest.approx(expected, rel=1e-6)
    assert summary["unserved_hours"] == 1
    short = validation.hourly[validation.hourly["unserved_it_load_mw"] > 0]
    assert set(short["hour"]) == {BAD_HOUR}
    # June alone fell short under fixed routing shares and was dispatched again with the
    # plan's hourly routing; every site is full, so the shortfall stays.
    assert summary["timings_s"]["months_rerouted"] == 1
    # Each month, and the month dispatched again, has its line as its turn comes.
    assert stages == [
        *(f"dispatching month {month} of 12" for month in range(1, 13)),
        "dispatching short month 6 again with hourly routing (1 of 1)",
        "accounting for the full year",
    ]
    # east_a alone serves east_land's latency-bound load: 100 × (2 − 366/365) MW of it.
    clusters = validation.clusters.set_index("cluster_id")
    assert clusters.loc["east_a", "unserved_it_energy_mwh"] == pytest.approx(
        100.0 * (2.0 - 366.0 / DAYS), rel=1e-6
    )
    assert not clusters.loc["east_a", "holds_over_full_year"]
    assert clusters.loc["east_a", "unserved_hours"] == 1
    penalty = validation.summary["penalties"]["unserved_penalty_cny_per_mwh"]
    assert summary["shortfall_penalty_cny_per_year"] == pytest.approx(penalty * expected)
    # What the command prints: the verdict and the sites that fall short.
    from optimiser.terminal.consoles import console
    from optimiser.terminal.validation_view import print_validation

    with console.capture() as captured:
        print_validation(summary, validation.clusters)
    printed = captured.get()
    assert "does not hold over the full year" in printed
    assert "in 1 h" in printed
    assert "east_a" in printed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("accounting", "floor"),
    [("hourly", None), ("hourly_own_supply", None), ("hourly", 0.5)],
    ids=["cfe-score", "own-supply-score", "cfe-score-and-floor"],
)
def test_a_dark_hour_is_made_up_under_a_cfe_score_but_falls_short_of_a_floor(
    tmp_path: Path, accounting: str, floor: float | None
) -> None:
    tables = tiny_tables()
    tables["clusters"].loc[["east_a", "west_b"], "max_solar_mw"] = 1000.0
    tables["solar_capacity_factor"][:] = 0.5
    tables["solar_capacity_factor"].loc[BAD_HOUR, "east_a"] = 0.0
    # Solar dearer than the grid (about 2,300 CNY/MWh): built only to meet the target.
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8
    _, result, validation = validated(
        tmp_path,
        tables,
        policy={"green_share_target": 0.5, "green_accounting": accounting, "hourly_floor": floor},
        validation={"workers": 1},
    )
    # east_a serves only east_land's 100 MW of latency-bound load (PUE 1): in the dark hour
    # its solar gives nothing and no storage or corridor is there, so all 100 MW come from
    # the grid, 50 MW more non-green power than the 50 % target allows (the grid's green
    # share is zero in the tiny catalogue, so both hour-matched measures agree).
    plan = result.clusters.set_index("cluster_id")
    assert plan.loc["east_a", "it_energy_mwh"] == pytest.approx(100.0 * 8760, rel=1e-6)
    # The average day keeps the year's solar energy (the dark hour's loss is spread over its
    # hour of the day), so the plan's solar also covers the year's CFE score: a score is met
    # over the year's energy, and the dark hour is made up by the others. A floor is not: the
    # dark hour falls 50 MW short of it.
    clusters = validation.clusters.set_index("cluster_id")
    assert clusters.loc["east_a", "green_shortfall_mwh"] == pytest.approx(0.0, abs=1e-6)
    assert clusters.loc["east_a", "floor_shortfall_mwh"] == pytest.approx(
        50.0 if floor else 0.0, rel=1e-6
    )
    assert clusters.loc["east_a", "green_shortfall_hours"] == (1 if floor else 0)
    assert clusters.loc["east_a", "hours_below_target"] == 1
    assert clusters.loc["east_a", "min_hourly_green_share"] == pytest.approx(0.0, abs=1e-9)
    assert clusters.loc["east_a", "min_hourly_green_share_own_supply"] == pytest.approx(
        0.0, abs=1e-9
    )
    if floor:
        assert clusters.loc["east_a", "planned_min_hourly_green_share"] >= 0.5 - 1e-9
    assert 0 < validation.summary["green_share_hourly_own_supply"] <= 1
    assert clusters.loc["east_a", "holds_over_full_year"] == (floor is None)
    assert clusters.loc["west_b", "holds_over_full_year"]
    assert validation.summary["unserved_it_energy_mwh"] == 0.0
    short = validation.hourly[validation.hourly["green_shortfall_mw"] > 0]
    assert list(short["hour"]) == ([BAD_HOUR] if floor else [])
    assert list(short["cluster_id"]) == (["east_a"] if floor else [])


def test_validate_command_names_a_missing_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    outcome = CliRunner().invoke(app, ["validate", str(tmp_path / "nowhere")])
    assert outcome.exit_code == 2
    assert outcome.output == f"error: {tmp_path / 'nowhere'}: no such folder\n"
    outcome = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "summary.json: not a results folder (file missing)" in outcome.output


def test_each_month_is_announced_before_it_is_awaited() -> None:
    from optimiser.results.dispatch import dispatch_reporting

    events: list[str] = []

    def months() -> Iterator[Any]:
        for month in (1, 2, 3):
            events.append(f"month {month} done")
            yield month

    dispatched = dispatch_reporting(3, months(), lambda month: f"month {month} of 3", events.append)
    assert dispatched == [1, 2, 3]
    assert events == [
        "month 1 of 3",
        "month 1 done",
        "month 2 of 3",
        "month 2 done",
        "month 3 of 3",
        "month 3 done",
    ]


def test_validate_command_writes_a_line_per_stage_to_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from typer.testing import CliRunner

    from optimiser.cli import app
    from optimiser.errors import InputError
    from optimiser.results import validation

    def months_then_stop(folder: Path, progress: Any = None, **options: Any) -> None:
        for month in (1, 2):
            progress(f"dispatching month {month} of 12")
        raise InputError(folder, "", "stopped here")

    monkeypatch.setattr(validation, "validate_results_dir", months_then_stop)
    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")
    outcome = CliRunner().invoke(app, ["validate", str(tmp_path)])  # not a terminal: a log
    assert outcome.exit_code == 2
    lines = outcome.output.splitlines()
    assert [re.sub(r"^\[\s*\d+\.\d s\] ", "", line) for line in lines[:3]] == [
        "full-year validation: reading the plan and the full year's profiles",
        "full-year validation: dispatching month 1 of 12",
        "full-year validation: dispatching month 2 of 12",
    ]
    assert lines[3] == f"error: {tmp_path}: stopped here"


@pytest.mark.slow
def test_solve_with_validate_through_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    out = tmp_path / "small"
    arguments = ["solve", "--no-maps", "--out", str(out)]  # validated by default
    for setting in (
        "time.representation=average_day",
        "latency.max_rtt_ms=100",
        "demand.scale=0.3",
        "sites.include_non_hub=false",
        "sites.exclude=[zhangjiakou,yrd_demo_zone,shaoguan,tianfu,chongqing,guian,zhongwei]",
    ):
        arguments += ["--set", setting]
    outcome = CliRunner().invoke(app, arguments)
    assert outcome.exit_code == 0, outcome.output
    # The verdict comes before the plan's own figures.
    verdict = outcome.output.find("over the full year")
    assert ("✓ holds over" in outcome.output) != ("✗ does not hold over" in outcome.output)
    assert 0 <= verdict < outcome.output.find("optimal, cost")
    summary = json.loads((out / "validation" / "validation.json").read_text())
    assert summary["hours"] == 8760
    assert summary["planned_representation"] == "average_day"
    plan = json.loads((out / "summary.json").read_text())
    assert plan["holds_over_full_year"] == summary["holds_over_full_year"]
    assert plan["validation"]["full_year_cost_cny_per_year"] == pytest.approx(
        summary["full_year_cost_cny_per_year"]
    )
    if not summary["holds_over_full_year"]:
        assert "warning: this plan does not hold" in outcome.output
        assert "dcsite refine" in outcome.output


@pytest.mark.slow
def test_refine_adds_the_short_day_and_terminates(tmp_path: Path) -> None:
    from optimiser.studies.refine import refine_plan

    tables = tiny_tables()
    tables["demand_shape"].loc[BAD_HOUR, "latency_bound"] = 2.0
    catalogue = tiny_catalogue(tables)
    # One representative day averages the peak away: round 1 falls short on the bad day,
    # round 2 keeps that day whole and holds.
    scenario = tiny_scenario(
        time={
            "representation": "representative_days",
            "representative_days": 1,
            "extreme_days": False,  # kept, the peak day would hold from round 1
        },
        validation={"workers": 1},
    )
    records = refine_plan(catalogue, scenario, tmp_path / "refine", rounds=4)
    assert [record.holds_over_full_year for record in records] == [False, True]
    assert records[0].short_days == [BAD_HOUR // 24]
    assert records[1].extra_days == [BAD_HOUR // 24]
    assert records[1].unserved_it_energy_mwh == 0.0
    assert records[1].planned_cost_cny_per_year > records[0].planned_cost_cny_per_year
    written = json.loads((tmp_path / "refine" / "refine.json").read_text())
    assert [row["round"] for row in written] == [1, 2]


@pytest.mark.slow
def test_a_pathway_period_is_validated_at_the_capex_it_was_built_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from optimiser.pipeline.pathway import run_pathway, write_pathway_results
    from optimiser.results import validation

    # Solar costs 20 % less per year; east_a builds its solar in 2025 and pays the 2025 price
    # in 2030 too. With flat profiles the full year is the average day 365 times over, so the
    # 2030 plan costs over the full year exactly what it cost as planned: costed at 2030's
    # lower capex it would seem 100 MW x (1 - 0.8**5) of solar capex cheaper.
    tables = tiny_tables()
    tables["solar_capacity_factor"]["east_a"] = 0.5
    tables["clusters"]["max_solar_mw"] = 1000.0
    tables["parameters"]["solar_capex_change_per_year"] = -0.2
    catalogue = tiny_catalogue(tables)
    scenario = tiny_scenario(
        pathway={"periods": [2025, 2030]},
        solver={"method": "simplex"},
        policy={"green_share_target": 0.6, "green_accounting": "hourly"},
        validation={"workers": 1},
    )
    folder = write_pathway_results(run_pathway(catalogue, scenario), tmp_path / "path")
    summary = validate_results_dir(folder / "periods" / "2030", catalogue).summary
    assert summary["planned_cost_cny_per_year"] == pytest.approx(
        summary["full_year_cost_cny_per_year"], rel=1e-9
    )
    assert summary["holds_over_full_year"]
    # dcsite validate on the pathway's folder validates every period (on the tiny catalogue,
    # which lives in memory only).
    from typer.testing import CliRunner

    from optimiser.cli import app

    validate = validation.validate_results_dir
    monkeypatch.setattr(
        validation,
        "validate_results_dir",
        lambda folder, progress=None, pool=None, weather_year=None: validate(
            folder, catalogue, progress, pool, weather_year
        ),
    )
    printed = CliRunner().invoke(app, ["validate", str(folder)])
    assert printed.exit_code == 0, printed.output
    assert "period 2025" in printed.output and "period 2030" in printed.output
    assert (folder / "periods" / "2025" / "validation" / "validation.json").is_file()


def test_a_short_site_s_gap_is_added_to_its_margin() -> None:
    from types import SimpleNamespace

    from optimiser.studies.refine import MARGIN_STEP_BEYOND_GAP, grown_margins

    clusters = pd.DataFrame(
        {
            "cluster_id": ["a", "b", "c"],
            "green_share_target": [0.8, 0.8, 0.8],
            "green_share_hourly": [0.74, 0.85, 0.10],
            "green_shortfall_mwh": [60.0, 0.0, 700.0],
        }
    )
    settings = tiny_scenario(policy={"green_accounting": "hourly"}).settings
    validation = SimpleNamespace(
        clusters=clusters, dispatch=SimpleNamespace(inputs=SimpleNamespace(settings=settings))
    )
    grown = grown_margins(validation, {"a": 0.02})  # type: ignore[arg-type]
    # a: 0.02 planned beyond the target, still 0.06 short over the year.
    assert grown["a"] == pytest.approx(0.02 + 0.06 + MARGIN_STEP_BEYOND_GAP)
    assert "b" not in grown  # holds: no margin
    assert grown["c"] == pytest.approx(0.2)  # never beyond a target of 1
    # The second time, the secant: 0.04 of margin bought 0.02 of share, so the 0.06 gap
    # takes 0.12 of margin (within 3 × the gap); short two rounds running, it lands twice the
    # step beyond.
    secant = grown_margins(validation, {"a": 0.06}, ({"a": 0.02}, {"a": 0.72}))  # type: ignore[arg-type]
    assert secant["a"] == pytest.approx(0.06 + 0.12 + 2 * MARGIN_STEP_BEYOND_GAP)


def test_held_capacities_give_the_same_dispatch_with_fewer_rows() -> None:
    from optimiser.lp.build import build_model
    from optimiser.lp.highs_run import new_highs, run_highs
    from optimiser.lp.inputs import prepare_inputs
    from optimiser.lp.objective import CAPACITY_VARIABLES
    from optimiser.lp.solver import compile_model

    tables = tiny_tables()
    hours = np.arange(len(tables["solar_capacity_factor"]))
    tables["solar_capacity_factor"]["east_a"] = np.where(np.isin(hours % 24, range(6, 18)), 1.0, 0)
    tables["clusters"].loc["east_a", ["max_solar_mw", "max_storage_mw"]] = [10_000.0, 10_000.0]
    catalogue = tiny_catalogue(tables)
    scenario = tiny_scenario(policy={"green_share_target": 0.9, "green_accounting": "hourly"})
    plan = run_scenario(catalogue, scenario)
    capacities = plan.clusters.set_index("cluster_id")[list(CAPACITY_VARIABLES)]
    assert capacities.loc["east_a", "storage_power_mw"] > 0  # storage at one site only
    inputs = prepare_inputs(catalogue, scenario)

    def solve(model):  # type: ignore[no-untyped-def]
        compiled = compile_model(model)
        highs = new_highs({})
        highs.passModel(compiled.lp)
        return compiled, run_highs(highs)

    # The planning LP with its capacity columns bounded to the plan: the long form.
    bounded = build_model(inputs)
    for column in CAPACITY_VARIABLES:
        for site, value in capacities[column].items():
            getattr(bounded, column)[site].setlb(max(value, 0.0))
            getattr(bounded, column)[site].setub(max(value, 0.0))
    held = build_model(inputs, held_capacities=capacities)
    long_form, long_solution = solve(bounded)
    short_form, short_solution = solve(held)
    assert short_solution.objective == pytest.approx(long_solution.objective, rel=1e-9)
    assert short_form.lp.num_row_ < long_form.lp.num_row_
    assert "storage_flows_within_power" not in short_form.row_components
    continuity = [
        index[0]
        for component, index in zip(short_form.row_components, short_form.row_indices, strict=True)
        if component == "storage_state_continuity"
    ]
    assert set(continuity) == {"east_a"}
    # A capacity a solver's tolerance above its potential is the plan's, not an infeasibility.
    noisy = capacities.copy()
    noisy.loc["east_a", "solar_capacity_mw"] = 10_000.0 + 1e-6
    compile_model(build_model(inputs, held_capacities=noisy))


def test_the_full_year_check_drops_settings_of_the_modelled_days(tmp_path: Path) -> None:
    from optimiser.results.dispatch import full_year_scenario

    days = {"representation": "monthly_days", "cluster_representation": "mean"}
    scenario = tiny_scenario(time={**days, "extra_days": [3], "target_margins": {"east_a": 0.05}})
    folder = write_results(run_scenario(tiny_catalogue(tiny_tables()), scenario), tmp_path / "p")
    time = full_year_scenario(folder, scenario.settings).settings.time
    assert time.representation == "full_year"
    assert time.cluster_representation is None
    assert time.extra_days == []
    assert time.target_margins == {}


@pytest.mark.slow  # two full-year checks of the tiny plan
@pytest.mark.parametrize("banked", [True, False], ids=["surplus-banked", "months-alone"])
def test_a_sunny_month_banks_its_green_surplus_for_a_dull_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, banked: bool
) -> None:
    from optimiser.results import dispatch

    if not banked:
        monkeypatch.setattr(dispatch, "plan_surplus_values", lambda *arguments: None)
    tables = tiny_tables()
    tables["provinces"]["demand_flexible_mw"] = 0.0
    tables["clusters"].loc["east_a", "max_solar_mw"] = 1000.0
    # Sunny January-June, dull July-December (no hour of the day differs from another).
    sunny_hours = 181 * 24
    tables["solar_capacity_factor"].iloc[:sunny_hours, 0] = 0.6
    tables["solar_capacity_factor"].iloc[sunny_hours:, 0] = 0.2
    # Solar is dear (about 2,850 CNY/MWh): built only for the target. The corridor's 30 MW
    # of green power cost 50 CNY/MWh more than east_a's grid.
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8
    tables["corridors"]["capacity_mw"] = 30.0
    tables["corridors"]["delivered_price_cny_per_mwh"] = 550.0
    _, result, validation = validated(
        tmp_path,
        tables,
        policy={"green_share_target": 0.5, "green_accounting": "hourly"},
        network={"corridor_share_for_data_centres": 1.0},
    )
    # The plan (one average day): east_a's 100 MW take all 30 MW of the corridor and
    # 20 MW of solar on average, so its shadow price is solar's cost less the grid's price.
    plan = result.clusters.set_index("cluster_id")
    mean_factor = (0.6 * sunny_hours + 0.2 * (8760 - sunny_hours)) / 8760
    assert plan.loc["east_a", "solar_capacity_mw"] == pytest.approx(20.0 / mean_factor, rel=1e-6)
    assert plan.loc["east_a", "green_target_shadow_price_cny_per_mwh"] > 50.0
    # An hour-matched plan is routed hour by hour in every month from the start.
    assert validation.summary["timings_s"]["months_routed_hourly"] == 12
    assert validation.summary["timings_s"]["months_rerouted"] == 0
    clusters = validation.clusters.set_index("cluster_id")
    solar_mw = 20.0 / mean_factor
    dull_short_mwh = (50.0 - 30.0 - 0.2 * solar_mw) * (8760 - sunny_hours)
    if banked:
        # Valued at the plan's price, the sunny months keep the corridor full: 30 MW of
        # solar and 30 of corridor, 10 MW above the target, which the dull months need.
        assert clusters.loc["east_a", "green_share_hourly"] == pytest.approx(0.5, rel=1e-6)
        assert clusters.loc["east_a", "green_shortfall_mwh"] == pytest.approx(0.0, abs=1e-3)
        assert clusters.loc["east_a", "holds_over_full_year"]
    else:
        # Each month alone meets its target and no more: the sunny months drop 10 MW of
        # corridor power (it is dearer than the grid), and the dull months' gap is the year's.
        assert clusters.loc["east_a", "green_shortfall_mwh"] == pytest.approx(
            dull_short_mwh, rel=1e-6
        )
        assert not clusters.loc["east_a", "holds_over_full_year"]
