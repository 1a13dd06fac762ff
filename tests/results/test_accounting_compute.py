"""Compute as planners count it, on the tiny catalogue: EFLOPS, racks, idle capacity, plans.

The tiny optimum (tests/tiny.py) builds 440 MW of IT capacity for 220 MW of mean load: its
hourly utilisation cap of 0.5 leaves half of every site idle, which makes the idle figures
easy to work out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.data.plans import read_plans_csv
from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.inputs import prepare_inputs
from optimiser.pipeline import run_scenario
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

HOURS = 8760


def solve(tables: dict | None = None, **settings):
    return run_scenario(tiny_catalogue(tables or tiny_tables()), tiny_scenario(**settings))


def test_capacity_is_reported_in_mw_eflops_and_racks_with_its_idle_part() -> None:
    result = solve()
    sites = result.clusters.set_index("cluster_id")
    assert sites["total_it_capacity_eflops"].to_dict() == pytest.approx(
        {"east_a": 100.0, "west_b": 70.0, "west_c": 50.0}
    )
    assert sites.loc["east_a", "total_racks"] == pytest.approx(200 * 1000 / 2.5)
    assert sites["mean_it_load_mw"].to_dict() == pytest.approx(
        {"east_a": 100.0, "west_b": 70.0, "west_c": 50.0}
    )
    assert sites["idle_share"].to_numpy() == pytest.approx([0.5, 0.5, 0.5])
    assert sites["planning_utilisation"].to_numpy() == pytest.approx([0.5, 0.5, 0.5])
    # Half of each site's IT capacity cost is spent on idle capacity: east_a's 200 MW at
    # 10 M CNY/MW over 10 years (no discounting) is 200 M CNY/yr.
    assert sites.loc["east_a", "stranded_capex_cny_per_year"] == pytest.approx(100e6)
    summary = result.summary
    assert summary["idle_it_capacity_mw"] == pytest.approx(220.0)
    assert summary["idle_share"] == pytest.approx(0.5)
    assert summary["idle_it_capacity_eflops"] == pytest.approx(110.0)
    assert summary["compute_in_use_eflops"] == pytest.approx(110.0)


def with_servers(tables: dict) -> dict:
    tables["parameters"]["server_capex_cny_per_eflops"] = 100e6
    tables["parameters"]["server_lifetime_years"] = 5.0
    return tables


def test_efficient_chips_save_power_plant_not_servers() -> None:
    plain = solve(with_servers(tiny_tables()))
    efficient = solve(with_servers(tiny_tables()), demand={"it_power_scale": 0.85})
    before = plain.summary["cost_breakdown_cny_per_year"]
    after = efficient.summary["cost_breakdown_cny_per_year"]
    # 440 MW of capacity at 0.5 EFLOPS/MW = 220 EFLOPS of servers, 100 M CNY each over 5 yr.
    assert before["it_servers"] == pytest.approx(220 * 100e6 / 5)
    # The same compute in 15 % less power: the same servers, 15 % less building.
    assert after["it_servers"] == pytest.approx(before["it_servers"])
    assert after["it_capex"] == pytest.approx(0.85 * before["it_capex"])
    assert efficient.summary["total_it_capacity_eflops"] == pytest.approx(
        plain.summary["total_it_capacity_eflops"]
    )


def test_demand_in_eflops_converts_at_the_scenario_s_compute_per_mw() -> None:
    in_mw = solve()
    # The catalogue's 220 MW of demand is 110 EFLOPS at 0.5 EFLOPS/MW.
    same = solve(demand={"compute_eflops": 110.0})
    assert same.summary["objective_cny_per_year"] == pytest.approx(
        in_mw.summary["objective_cny_per_year"], rel=1e-9
    )
    denser = solve(demand={"compute_eflops": 110.0}, compute={"eflops_per_mw": 1.0})
    assert denser.summary["mean_it_load_mw"] == pytest.approx(110.0)
    with pytest.raises(InputError, match=r"either demand\.compute_eflops or demand\.scale"):
        prepare_inputs(tiny_catalogue(), tiny_scenario(demand={"compute_eflops": 1, "scale": 2}))


def test_a_provincial_plan_costs_more_and_stands_idle() -> None:
    coordinated = solve()
    planned = solve(sites={"committed_new_it_capacity_mw": {"east_a": 400.0}})
    extra = (
        planned.summary["objective_cny_per_year"] - coordinated.summary["objective_cny_per_year"]
    )
    # 200 MW more at east_a than the 200 it needs, at 1 M CNY/MW/yr, all idle.
    assert extra == pytest.approx(200e6, rel=1e-9)
    sites = planned.clusters.set_index("cluster_id")
    assert sites.loc["east_a", "idle_it_capacity_mw"] == pytest.approx(300.0)
    assert sites.loc["east_a", "committed_new_it_capacity_mw"] == pytest.approx(400.0)


def idle_parts(result) -> dict[str, float]:
    summary = result.summary
    return {
        part: summary[f"idle_it_capacity_{part}_mw"]
        for part in ("by_design", "overbuilt", "shortfall", "avoidable")
    }


def test_idle_capacity_splits_into_parts_each_changed_alone(tmp_path: Path) -> None:
    # The coordinated optimum: 440 MW for 220 MW of flat load under the 0.5 cap, all by design.
    coordinated = solve()
    assert idle_parts(coordinated) == pytest.approx(
        {"by_design": 220.0, "overbuilt": 0.0, "shortfall": 0.0, "avoidable": 0.0}
    )
    assert coordinated.summary["stranded_capex_by_design_cny_per_year"] == pytest.approx(220e6)
    assert coordinated.summary["avoidable_idle_share"] == pytest.approx(0.0)

    # Over-building alone: 150 MW of a plan built in addition at east_a carries no load, so
    # the coordinated 440 MW stay as they were and 150 MW more stand idle, at 1 M CNY/MW/yr.
    plans = write_plans(tmp_path, "east_a,150,own plan\n")
    beyond = solve(sites={"plans_csv": plans, "plans_mode": "in_addition"})
    sites = beyond.clusters.set_index("cluster_id")
    assert sites["new_it_capacity_mw"].to_dict() == pytest.approx(
        {"east_a": 350.0, "west_b": 140.0, "west_c": 100.0}
    )
    assert sites.loc["east_a", "additional_new_it_capacity_mw"] == pytest.approx(150.0)
    assert idle_parts(beyond) == pytest.approx(
        {"by_design": 220.0, "overbuilt": 150.0, "shortfall": 0.0, "avoidable": 150.0}
    )
    assert beyond.summary["stranded_capex_overbuilt_cny_per_year"] == pytest.approx(150e6)
    assert beyond.summary["stranded_capex_by_design_cny_per_year"] == pytest.approx(220e6)
    extra = beyond.summary["objective_cny_per_year"] - coordinated.summary["objective_cny_per_year"]
    assert extra == pytest.approx(150e6, rel=1e-9)

    # The same plan built within the need: east_a's load needs 200 MW anyway; none idle.
    within = solve(sites={"plans_csv": plans})
    assert idle_parts(within) == pytest.approx(
        {"by_design": 220.0, "overbuilt": 0.0, "shortfall": 0.0, "avoidable": 0.0}
    )

    # Demand shortfall alone: the coordinated builds kept, half the demand comes. It needs
    # half the 440 MW kept, 220 MW for 110 MW of load (110 MW idle by design); the other
    # 220 MW, which the planned demand needed, stand idle for the shortfall.
    kept = coordinated.clusters.set_index("cluster_id")["new_it_capacity_mw"].to_dict()
    short = solve(sites={"committed_new_it_capacity_mw": kept}, demand={"realised_share": 0.5})
    assert short.summary["mean_it_load_mw"] == pytest.approx(110.0)
    assert idle_parts(short) == pytest.approx(
        {"by_design": 110.0, "overbuilt": 0.0, "shortfall": 220.0, "avoidable": 220.0}
    )
    assert short.summary["stranded_capex_shortfall_cny_per_year"] == pytest.approx(220e6)

    # Each plan's parts add up to its idle capacity and stranded cost.
    for result in (coordinated, beyond, within, short):
        summary = result.summary
        assert sum(idle_parts(result)[part] for part in ("by_design", "avoidable")) == (
            pytest.approx(summary["idle_it_capacity_mw"])
        )
        assert summary["stranded_capex_by_design_cny_per_year"] + summary[
            "stranded_capex_avoidable_cny_per_year"
        ] == pytest.approx(summary["stranded_capex_cny_per_year"])


def test_over_building_beyond_the_need_is_over_building_even_when_forced_within() -> None:
    # 400 MW committed at east_a, whose 100 MW of load needs 200: 200 MW beyond the need.
    planned = solve(sites={"committed_new_it_capacity_mw": {"east_a": 400.0}})
    sites = planned.clusters.set_index("cluster_id")
    assert sites.loc["east_a", "idle_it_capacity_by_design_mw"] == pytest.approx(100.0)
    assert sites.loc["east_a", "idle_it_capacity_overbuilt_mw"] == pytest.approx(200.0)


def test_plans_in_addition_need_a_plans_file() -> None:
    with pytest.raises(ValueError, match="plans_mode in_addition needs a plans_csv"):
        tiny_scenario(sites={"plans_mode": "in_addition"})


def test_a_utilisation_floor_makes_over_building_infeasible_naming_the_site() -> None:
    settings = {
        "sites": {"committed_new_it_capacity_mw": {"east_a": 900.0}},
        "policy": {"min_utilisation": 0.65},
    }
    with pytest.raises(InfeasibleError) as raised:
        solve(**settings)
    assert any("east_a" in name for name in raised.value.conflicts)
    assert any("utilisation_at_least_minimum" in name for name in raised.value.conflicts)


def write_plans(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "plans.csv"
    path.write_text("cluster_id,committed_new_it_capacity_mw,note\n" + rows, encoding="utf-8")
    return path


def test_plans_file_is_read_and_summed(tmp_path: Path) -> None:
    path = write_plans(tmp_path, "east_a,100,a\neast_a,50,b\nwest_b,10,c\n")
    assert read_plans_csv(path).to_dict() == {"east_a": 150.0, "west_b": 10.0}
    inputs = prepare_inputs(tiny_catalogue(), tiny_scenario(sites={"plans_csv": path}))
    assert inputs.sites["committed_new_it_capacity_mw"].to_dict() == {
        "east_a": 150.0,
        "west_b": 10.0,
        "west_c": 0.0,
    }


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("east_a,-5,x\n", "expected at least 0 MW"),
        ("east_a,lots,x\n", "expected a finite number"),
        ("atlantis,5,x\n", "unknown site 'atlantis'"),
        ("west_c,500,x\n", "exceeds the site's room of 100 MW"),
    ],
)
def test_bad_plans_are_input_errors_naming_the_file(tmp_path: Path, rows: str, problem: str):
    path = write_plans(tmp_path, rows)
    with pytest.raises(InputError, match=problem) as raised:
        prepare_inputs(tiny_catalogue(), tiny_scenario(sites={"plans_csv": path}))
    assert str(path) in str(raised.value)


def test_a_plan_at_an_excluded_site_is_an_input_error() -> None:
    scenario = tiny_scenario(
        sites={"exclude": ["west_b"], "committed_new_it_capacity_mw": {"west_b": 5.0}}
    )
    with pytest.raises(InputError, match="excluded"):
        prepare_inputs(tiny_catalogue(), scenario)


@pytest.mark.slow  # 6 s: with the long tests, to keep the default run within 5 minutes
def test_demand_lower_than_planned_leaves_the_plan_s_capacity_idle(tmp_path: Path) -> None:
    from optimiser.studies.shortfall import run_demand_shortfall

    stages: list[str] = []
    folder, table = run_demand_shortfall(
        demand_scale=0.7,
        out_dir=tmp_path / "study",
        overrides=["time.representation=average_day"],
        progress=stages.append,
    )
    # Each of the three solves shows its stages: none is a silent minute.
    solves = [stage for stage in stages if stage.endswith((": build", ": solve", ": results"))]
    assert solves == [
        f"{label}: {stage}"
        for label in ("sizing the plan", "planned", "realised-70pct")
        for stage in ("build", "solve", "results")
    ]
    sites = table.set_index("cluster_id")
    # Everything planned stays built (committed), and 30 % less demand leaves more of it idle.
    assert sites["new_it_capacity_mw_realised"].to_numpy() == pytest.approx(
        sites["new_it_capacity_mw_planned"].to_numpy(), abs=1e-6
    )
    planned_idle = sites["idle_it_capacity_mw_planned"].sum()
    realised_idle = sites["idle_it_capacity_mw_realised"].sum()
    assert realised_idle > planned_idle + 1.0
    assert sites["stranded_capex_cny_per_year_change"].sum() > 0
    # The capacity the lost demand needed is idle for the shortfall, none of it before.
    assert sites["idle_it_capacity_shortfall_mw_planned"].sum() == pytest.approx(0.0)
    assert sites["idle_it_capacity_shortfall_mw_realised"].sum() > 1.0
    assert (folder / "shortfall.csv").exists()
    assert (folder / "realised-70pct" / "maps" / "idle.png").stat().st_size > 0
    assert (folder / "comparison.csv").exists()
