"""The 2025 → 2030 pathway: capacity carried forward, retirement, discounting, foresight.

Hand-worked on the tiny catalogue (tests/tiny.py): capacity costs 1 M CNY/MW/yr (10 M CNY over
10 years at 0 %), utilisation 0.5, so a MW of load needs 2 MW of IT capacity. Its 2025 optimum
(1,044.44 M CNY/yr) builds 200 MW at east_a, 140 MW at west_b and the 100 MW west_c allows.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimiser.data.catalogue import load_catalogue
from optimiser.errors import AuditError, InputError
from optimiser.lp.pathway import period_weights, prepare_pathway
from optimiser.pipeline.pathway import run_pathway, write_pathway_results
from optimiser.results.folder import (
    audit_results_dir,
    is_pathway_dir,
    load_results,
    period_folders,
)
from optimiser.results.pathway import audit_pathway, audit_pathway_dir
from optimiser.scenario import resolve_scenario
from tests.repository import REPO_ROOT
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario, tiny_tables

SIMPLEX = {"method": "simplex"}  # vertex solutions, so capacities compare exactly


def pathway(catalogue: Any, **changes: Any) -> Any:
    """Solve a two-period (2025, 2030) pathway of the tiny catalogue."""
    settings: dict[str, Any] = {"pathway": {"periods": [2025, 2030]}, "solver": SIMPLEX}
    for key, value in changes.items():
        settings[key] = {**settings.get(key, {}), **value}
    return run_pathway(catalogue, tiny_scenario(**settings))


def built(result: Any, period: int) -> dict[str, float]:
    rows = result.builds[result.builds["period"] == period]
    return {
        site: round(value, 6)
        for site, value in zip(rows["cluster_id"], rows["new_it_capacity_mw"], strict=True)
    }


def growing(twh_2030: float = 200.0, **parameters: float) -> Any:
    tables = tiny_tables()
    tables["parameters"]["data_centre_electricity_2030_twh"] = twh_2030
    tables["parameters"].update(parameters)
    return tiny_catalogue(tables)


def test_capacity_built_in_2025_is_carried_into_2030() -> None:
    # Demand doubles by 2030. east_a: 400 MW needed, 200 kept; west_c full (100 MW); west_b
    # takes the rest: 40 + 200 - 50 = 190 MW of load, 380 MW, 240 of them new.
    result = pathway(growing())
    assert built(result, 2025) == {"east_a": 200.0, "west_b": 140.0, "west_c": 100.0}
    assert built(result, 2030) == {"east_a": 200.0, "west_b": 240.0, "west_c": 0.0}
    in_service = result.periods[2030].clusters.set_index("cluster_id")["new_it_capacity_mw"]
    assert in_service.round(6).to_dict() == {"east_a": 400.0, "west_b": 380.0, "west_c": 100.0}
    # 2030: 200 MW of load at east_a (6.38 M/MW), 50 at west_c (2.876), 190 at west_b (3.752).
    annual_2030 = 200 * 6.38e6 + 50 * 2.876e6 + 190 * 3.752e6
    assert result.path["objective_cny_per_year"].tolist() == pytest.approx(
        [EXPECTED_BASE_COST_CNY, annual_2030], rel=1e-9
    )
    # 0 % discount: 2025 stands for 2025-2029 (5 years), 2030 for one.
    assert result.summary["npv_cost_cny"] == pytest.approx(
        5 * EXPECTED_BASE_COST_CNY + annual_2030, rel=1e-9
    )


def test_capacity_past_its_lifetime_is_built_again() -> None:
    # IT lasts 4 years: the 2025 build is gone by 2030, so 2030 builds everything anew, and
    # each MW costs 10 M / 4 = 2.5 M CNY a year while it is in service.
    catalogue = growing(it_lifetime_years=4.0)
    result = pathway(catalogue)
    assert built(result, 2030) == {"east_a": 400.0, "west_b": 380.0, "west_c": 100.0}
    assert result.periods[2030].clusters["new_it_capacity_mw"].sum() == pytest.approx(880.0)


def test_existing_capacity_retires_by_the_catalogue_share() -> None:
    tables = tiny_tables()
    tables["clusters"].loc["east_a", "existing_it_capacity_mw"] = 100.0
    tables["parameters"]["existing_it_retirement_share_per_year"] = 0.1  # half gone by 2030
    result = pathway(tiny_catalogue(tables))
    existing = {
        period: plan.clusters.set_index("cluster_id").loc["east_a", "existing_it_capacity_mw"]
        for period, plan in result.periods.items()
    }
    assert existing == pytest.approx({2025: 100.0, 2030: 50.0})
    # east_a needs 200 MW all along: 100 new in 2025, 50 more when half the old retires.
    assert built(result, 2030)["east_a"] == pytest.approx(50.0)


def test_costs_are_discounted_to_the_base_year() -> None:
    years, weights = period_weights([2025, 2027, 2030], 1, 0.1)
    assert years == {2025: 2, 2027: 3, 2030: 1}
    assert weights[2025] == pytest.approx(1 + 1 / 1.1)
    assert weights[2027] == pytest.approx(sum(1.1**-k for k in (2, 3, 4)))
    assert weights[2030] == pytest.approx(1.1**-5)
    tables = tiny_tables()
    tables["parameters"]["discount_rate"] = 0.1
    result = pathway(tiny_catalogue(tables))
    path = result.path.set_index("period")
    weights_2 = period_weights([2025, 2030], 1, 0.1)[1]
    assert path["weight"].to_dict() == pytest.approx(weights_2)
    expected = sum(weights_2[p] * path.loc[p, "objective_cny_per_year"] for p in (2025, 2030))
    assert result.summary["npv_cost_cny"] == pytest.approx(expected, rel=1e-9)
    assert result.summary["objective_cny"] == pytest.approx(expected, rel=1e-7)


def test_a_period_without_growth_or_retirement_builds_nothing() -> None:
    result = pathway(tiny_catalogue())  # the tiny catalogue has no growth and no retirement
    assert sum(built(result, 2030).values()) == 0.0
    assert result.path["objective_cny_per_year"].tolist() == pytest.approx(
        [EXPECTED_BASE_COST_CNY] * 2, rel=1e-9
    )


def test_falling_capex_is_paid_at_the_price_of_the_year_built() -> None:
    # Solar costs 20 % less per year (2030: 0.8**5 of 2025). A site that must be 60 % green
    # hour by hour builds its solar in 2025 (at the 2025 price) and keeps paying that price.
    tables = tiny_tables()
    tables["solar_capacity_factor"]["east_a"] = 0.5
    tables["clusters"]["max_solar_mw"] = 1000.0
    tables["parameters"]["solar_capex_change_per_year"] = -0.2
    result = pathway(
        tiny_catalogue(tables), policy={"green_share_target": 0.6, "green_accounting": "hourly"}
    )
    sites = {period: plan.inputs.sites for period, plan in result.periods.items()}
    assert sites[2030].loc["east_a", "solar_capex_cny_per_mw"] == pytest.approx(2e6)
    assert result.pathway.inputs[2030].sites.loc["east_a", "solar_capex_cny_per_mw"] == (
        pytest.approx(2e6 * 0.8**5)
    )


def test_myopia_strands_capacity_perfect_foresight_avoids() -> None:
    # Bandwidth becomes dear in 2030, so flexible load must then sit near its users at east_a.
    # Seeing 2030 (which stands for ten years), perfect foresight builds there in 2025; a
    # myopic plan builds in the west in 2025 and must build east_a again in 2030.
    dear = {2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": 1e8}}}
    plans = {
        foresight: pathway(
            tiny_catalogue(),
            pathway={"foresight": foresight, "final_period_years": 10, "period_changes": dear},
        )
        for foresight in ("perfect", "myopic")
    }
    assert built(plans["perfect"], 2025) == {"east_a": 400.0, "west_b": 40.0, "west_c": 0.0}
    assert built(plans["myopic"], 2025) == {"east_a": 200.0, "west_b": 140.0, "west_c": 100.0}
    assert built(plans["myopic"], 2030)["east_a"] == pytest.approx(200.0)
    extra = plans["myopic"].summary["npv_cost_cny"] - plans["perfect"].summary["npv_cost_cny"]
    assert extra == pytest.approx(467e6, rel=1e-6)
    idle_2030 = plans["myopic"].periods[2030].summary["idle_it_capacity_mw"]
    assert idle_2030 > plans["perfect"].periods[2030].summary["idle_it_capacity_mw"] + 100


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    twh_2030=st.sampled_from([60.0, 100.0, 180.0]),
    bandwidth_2030=st.sampled_from([0.0, 3e7, 1e8]),
    corridor_year=st.sampled_from([2020, 2030]),
)
def test_myopic_foresight_is_never_cheaper_than_perfect(
    twh_2030: float, bandwidth_2030: float, corridor_year: int
) -> None:
    check_myopic_never_cheaper(twh_2030, bandwidth_2030, corridor_year)


@pytest.mark.slow
@settings(max_examples=18, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    twh_2030=st.sampled_from([60.0, 100.0, 180.0]),
    bandwidth_2030=st.sampled_from([0.0, 3e7, 1e8]),
    corridor_year=st.sampled_from([2020, 2030]),
)
def test_myopic_foresight_is_never_cheaper_than_perfect_many_cases(
    twh_2030: float, bandwidth_2030: float, corridor_year: int
) -> None:
    check_myopic_never_cheaper(twh_2030, bandwidth_2030, corridor_year)


def check_myopic_never_cheaper(twh_2030: float, bandwidth_2030: float, corridor_year: int) -> None:
    """Solve one case both ways (the LP alone for perfect foresight) and compare."""
    tables = tiny_tables()
    tables["parameters"]["data_centre_electricity_2030_twh"] = twh_2030
    tables["corridors"].loc["west_east", ["capacity_mw", "in_service_year"]] = (
        500.0,
        corridor_year,
    )
    catalogue = tiny_catalogue(tables)
    changes = {2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": bandwidth_2030}}}
    # Perfect foresight by interior point alone, so it does not start from the myopic path.
    costs = {
        foresight: pathway(
            catalogue,
            policy={"green_share_target": 0.5},
            pathway={"foresight": foresight, "final_period_years": 5, "period_changes": changes},
            solver={"method": "ipx" if foresight == "perfect" else "simplex"},
        ).summary["npv_cost_cny"]
        for foresight in ("perfect", "myopic")
    }
    assert costs["myopic"] >= costs["perfect"] * (1 - 1e-7)  # interior point's tolerance


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pathway": {"periods": [2025, 2025]}}, "pathway"),
        ({"pathway": {"periods": [2027, 2030]}}, "year"),
        ({"pathway": {"periods": [2025, 2030], "period_changes": {2028: {}}}}, "2028"),
        ({"pathway": {"periods": [2025, 2030], "period_changes": {2030: {"time": {}}}}}, "time"),
        (
            {"pathway": {"periods": [2025, 2030], "final_period_years": 0}},
            "final_period_years",
        ),
        (
            {
                "pathway": {
                    "periods": [2025, 2030],
                    "period_changes": {2030: {"parameters": {"it_lifetime_years": 5}}},
                }
            },
            "it_lifetime_years",
        ),
    ],
)
def test_bad_pathway_settings_are_rejected(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        tiny_scenario(**changes)


def test_a_bad_period_change_names_the_period_and_key() -> None:
    scenario = tiny_scenario(
        pathway={"periods": [2025, 2030], "period_changes": {2030: {"demand": {"scale": -1}}}}
    )
    with pytest.raises(InputError) as caught:
        run_pathway(tiny_catalogue(), scenario)
    assert caught.value.field == "pathway.period_changes.2030.demand.scale"


def test_a_zero_lifetime_is_an_input_error_naming_the_option() -> None:
    scenario = resolve_scenario(
        REPO_ROOT / "models" / "pathway-2030.yaml",
        "baseline",
        ["parameters.solar_lifetime_years=0"],
    )
    with pytest.raises(InputError) as caught:
        prepare_pathway(load_catalogue(), scenario)
    assert (caught.value.source, caught.value.field) == (
        "--set",
        "parameters.solar_lifetime_years",
    )


def test_the_pathway_folder_has_each_period_as_a_results_folder(tmp_path) -> None:
    result = pathway(growing())
    folder = write_pathway_results(result, tmp_path / "path")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["kind"] == "pathway"
    assert summary["periods"] == [2025, 2030]
    clusters = pd.read_csv(folder / "clusters.csv")
    assert clusters.columns[0] == "period"
    assert sorted(clusters["period"].unique()) == [2025, 2030]
    builds = pd.read_csv(folder / "builds.csv")
    assert builds["new_it_capacity_mw"].sum() == pytest.approx(880.0)
    assert audit_pathway_dir(folder) == ["capacity_carried_forward", "discounted_objective"]
    # The same checks on the result in memory fail on a tampered build or cost.
    tampered = result.builds.copy()
    tampered.loc[tampered["cluster_id"] == "west_b", "solar_capacity_mw"] += 5.0
    with pytest.raises(AuditError, match="solar_capacity_mw at west_b"):
        audit_pathway(replace(result, builds=tampered))
    costly = result.path.copy()
    costly["objective_cny_per_year"] *= 1.01
    with pytest.raises(AuditError, match="objective"):
        audit_pathway(replace(result, path=costly))
    from optimiser.report import write_report

    page = write_report(folder).read_text(encoding="utf-8")  # the path's report
    assert (folder / "path.png").stat().st_size > 10_000  # the path chart, drawn
    assert "Each period" in page and "New IT capacity built per period" in page
    assert "Siting cost, all but servers [bn CNY/yr]" in page
    myopia = summary["cost_of_myopia_cny"]  # perfect foresight solves the myopic path too
    assert f"{myopia / 1e9:,.2f} bn CNY (2025)" in page.split("Cost of myopia")[1][:200]
    builds.loc[builds["cluster_id"] == "west_b", "new_it_capacity_mw"] += 10.0
    builds.to_csv(folder / "builds.csv", index=False)
    with pytest.raises(AuditError, match="capacity_carried_forward: new_it_capacity_mw at west_b"):
        audit_pathway_dir(folder)
    assert period_folders(folder) == [folder / "periods" / "2025", folder / "periods" / "2030"]
    assert is_pathway_dir(folder) and not is_pathway_dir(folder / "periods" / "2025")
    for period in (2025, 2030):
        period_dir = folder / "periods" / str(period)
        assert audit_results_dir(period_dir)
        loaded = load_results(period_dir)
        assert loaded.summary["year"] == period
        assert loaded.summary["pathway_period"] == period


@pytest.mark.slow  # 5 s: with the long tests, as CI runs them
def test_compare_reads_pathway_folders_period_by_period(tmp_path) -> None:
    from optimiser.studies.compare import run_compare

    dear = {2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": 1e8}}}
    folders = []
    for foresight in ("perfect", "myopic"):
        result = pathway(
            tiny_catalogue(),
            pathway={"foresight": foresight, "final_period_years": 10, "period_changes": dear},
        )
        folders.append(write_pathway_results(result, tmp_path / foresight))
    written, table = run_compare(folders, out_dir=tmp_path / "compare")
    assert list(table["period"]) == [2025, 2030, 2025, 2030]
    myopic = table[table["scenario"] == "myopic"].set_index("period")
    assert myopic.loc[2025, "npv_cost_cny_change"] == pytest.approx(467e6, rel=1e-6)
    capacity = pd.read_csv(written / "capacity_diff.csv")
    moved = capacity[(capacity["scenario"] == "myopic") & (capacity["period"] == 2025)]
    assert moved.set_index("cluster_id")["total_it_capacity_mw_change"].round(6).to_dict() == {
        "east_a": -200.0,
        "west_b": 100.0,
        "west_c": 100.0,
    }
    assert (written / "report.html").exists()


def test_dcsite_solve_writes_a_pathway_folder_and_refuses_foresight_for_one_year(
    tmp_path, monkeypatch, resolutions
) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app
    from optimiser.terminal import validation_view

    runner = CliRunner()
    fast = ["--set", "time.representation=average_day", "--no-maps"]
    # The full-year dispatch itself is tested in tests/results/test_validation.py.
    validated: list[Path] = []
    monkeypatch.setattr(validation_view, "validate_and_print", validated.append)
    words = ["solve", "pathway-2030", "--foresight", "myopic", "--validate"]
    outcome = runner.invoke(app, [*words, "-o", str(tmp_path / "p"), *fast])
    assert outcome.exit_code == 0, outcome.output
    assert validated == [tmp_path / "p"]
    assert resolutions == [("pathway-2030.yaml", "baseline")]  # once, --foresight applied
    assert "discounted cost of the path" in outcome.output
    summary = json.loads((tmp_path / "p" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["foresight"], summary["periods"]) == ("myopic", [2025, 2027, 2030])
    assert (tmp_path / "p" / "periods" / "2030" / "clusters.csv").exists()
    audited = runner.invoke(app, ["audit", str(tmp_path / "p")])
    assert audited.exit_code == 0, audited.output
    assert audited.output.count("passed") >= 3
    refused = runner.invoke(app, ["solve", "--foresight", "myopic", *fast])
    assert refused.exit_code == 2
    assert "--foresight" in refused.output
    # Single-year options are refused for a pathway, not ignored.
    refused = runner.invoke(app, ["solve", "pathway-2030", "--verbose", *fast])
    assert refused.exit_code == 2
    assert "--verbose" in refused.output and "not a pathway" in refused.output


def test_perfect_foresight_from_the_myopic_path_equals_the_lp_solved_alone() -> None:
    # simplex: the myopic path is solved first and starts the LP; ipx: the LP alone.
    dear = {2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": 1e8}}}
    plans = {
        method: run_pathway(
            tiny_catalogue(),
            tiny_scenario(
                pathway={"periods": [2025, 2030], "final_period_years": 10, "period_changes": dear},
                solver={"method": method},
            ),
        )
        for method in ("simplex", "ipx")
    }
    assert plans["simplex"].summary["npv_cost_cny"] == pytest.approx(
        plans["ipx"].summary["npv_cost_cny"], rel=1e-7
    )
    # The myopic path solved on the way says what myopia costs; the LP alone does not.
    assert plans["simplex"].summary["cost_of_myopia_cny"] == pytest.approx(467e6, rel=1e-6)
    assert "cost_of_myopia_cny" not in plans["ipx"].summary


def test_an_infeasible_myopic_path_leaves_perfect_foresight_to_the_lp_alone(monkeypatch) -> None:
    import optimiser.pipeline.pathway as module

    def cornered(*arguments: Any, **keywords: Any) -> Any:
        raise module.InfeasibleError("the scenario is infeasible in 2030")

    monkeypatch.setattr(module, "solve_steps", cornered)
    result = pathway(growing())
    assert result.summary["myopic_feasible"] is False
    assert "2030" in result.summary["myopic_failure"]
    assert result.summary["npv_cost_cny"] == pytest.approx(
        5 * EXPECTED_BASE_COST_CNY + 200 * 6.38e6 + 50 * 2.876e6 + 190 * 3.752e6, rel=1e-9
    )


def test_a_set_into_a_period_changes_that_period_and_keeps_its_other_changes() -> None:
    model = REPO_ROOT / "models" / "pathway-2030.yaml"
    scenario = resolve_scenario(
        model, "high-growth", ["pathway.period_changes.2030.policy.green_share_target=0.6"]
    )
    changes = scenario.settings.pathway.period_changes[2030]
    assert changes["policy"] == {"green_share_target": 0.6}
    assert changes["sites"] == {"max_it_capacity_scale": 1.5}  # from the model file, kept


@pytest.mark.slow  # 24 s: two tiny pathways and two comparisons
def test_a_pathway_comparison_that_fails_keeps_the_folder_it_would_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from optimiser.studies.pathway_compare import compare_pathways

    folders = [
        write_pathway_results(pathway(tiny_catalogue()), tmp_path / name)
        for name in ("first", "second")
    ]
    written, _ = compare_pathways(tmp_path / "compare", folders=folders)
    before = sorted(path.name for path in written.iterdir())
    # One label for two pathways fails while the new comparison is being written.
    with pytest.raises(InputError, match="one label per pathway"):
        compare_pathways(written, folders=folders, labels=["only one"], overwrite=True)
    # The new folder cannot be moved into place (a full disk, an interruption).
    rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if self.name.startswith(".compare.partial-"):
            raise OSError("no space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError, match="no space"):
        compare_pathways(written, folders=folders, overwrite=True)
    monkeypatch.undo()
    assert sorted(path.name for path in written.iterdir()) == before
    assert not list(tmp_path.glob(".compare.*"))


def test_the_pathway_report_in_chinese(tmp_path) -> None:
    from optimiser.report import write_report
    from optimiser.words import cjk_font_family
    from tests.chinese import english_runs, shown_text

    if cjk_font_family() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    folder = write_pathway_results(pathway(growing()), tmp_path / "path")
    page = write_report(folder, lang="zh").read_text(encoding="utf-8")
    assert (folder / "path-zh.png").stat().st_size > 10_000  # the path chart, in Chinese
    assert not (folder / "path.png").exists()  # the English one is the English page's
    assert "各时期" in page and "各时期新增IT容量" in page and "完全预见" in page
    assert "选址决定的成本（不含服务器） [亿元/年]" in page and "bn CNY" not in page
    assert "2030年新增 [MW]" in page and "逐期规划（短视）多出的成本" in page
    assert english_runs(shown_text(page)) == []
    sites = pd.read_csv(folder / "periods" / "2025" / "inputs" / "sites.csv")
    assert [name for name in sites["name_zh"] if f">{name}<" in page]  # builds by Chinese name
    for period in (2025, 2030):  # each period's own page, which the path page points to
        own = (folder / "periods" / str(period) / "report-zh.html").read_text(encoding="utf-8")
        assert english_runs(shown_text(own)) == []
