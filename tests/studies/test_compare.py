"""Comparisons: the documented tables, changes from the first scenario, result folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from optimiser.cli import app
from optimiser.errors import InputError, OutputError
from optimiser.results.prices import PRICE_COLUMNS
from optimiser.results.validation import FULL_YEAR_COLUMNS
from optimiser.studies.compare import (
    CLUSTER_COLUMNS,
    COMPARISON_COLUMNS,
    ComparedPlan,
    distinct_labels,
    run_compare,
)
from optimiser.studies.readable import readable_comparison
from tests.browser import render_in_chromium
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario

GREEN_80_COST_CNY = 1_104.008e6  # 80 % of the consumption at hub sites as certificates


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "comparison"
    base = tiny_scenario().model_copy(update={"scenario_name": "no-target"})
    green = tiny_scenario(policy={"green_share_target": 0.8}).model_copy(
        update={"scenario_name": "green-80"}
    )
    run_compare(
        out_dir=out, catalogue=tiny_catalogue(), resolved=[base, green], difference_maps=False
    )
    return out


def test_each_solve_of_a_comparison_shows_its_stages(tmp_path: Path) -> None:
    stages: list[str] = []
    run_compare(
        out_dir=tmp_path / "comparison",
        catalogue=tiny_catalogue(),
        resolved=[
            tiny_scenario().model_copy(update={"scenario_name": "first"}),
            tiny_scenario().model_copy(update={"scenario_name": "second"}),
        ],
        difference_maps=False,
        validate=False,
        progress=stages.append,
    )
    assert stages[:8] == [
        "solving first",
        "first: build",
        "first: solve",
        "first: results",
        "writing first",
        "solving second",
        "second: build",
        "second: solve",
    ]


def test_comparison_csv_has_the_documented_columns(comparison: Path) -> None:
    table = pd.read_csv(comparison / "comparison.csv")
    expected = [
        "scenario",
        "label",
        "model",
        "folder",
        "status",
        "holds_over_full_year",
        *FULL_YEAR_COLUMNS,
        *COMPARISON_COLUMNS,
        *(f"{column}_change" for column in COMPARISON_COLUMNS),
    ]
    assert list(table.columns) == expected
    assert list(table["scenario"]) == ["no-target", "green-80"]
    # Each plan checked over the full year: the tiny model's hours are all alike, so its
    # average day is exact and both plans hold at their own cost.
    assert table["holds_over_full_year"].tolist() == [True, True]
    assert table["full_year_cost_cny_per_year"].to_numpy() == pytest.approx(
        table["objective_cny_per_year"].to_numpy(), rel=1e-6
    )
    assert (comparison / "green-80" / "validation" / "validation.json").exists()
    assert table["objective_cny_per_year"].to_numpy() == pytest.approx(
        [EXPECTED_BASE_COST_CNY, GREEN_80_COST_CNY]
    )
    assert table["objective_cny_per_year_change"].to_numpy() == pytest.approx(
        [0.0, GREEN_80_COST_CNY - EXPECTED_BASE_COST_CNY]
    )
    assert (comparison / "no-target" / "summary.json").exists()
    assert (comparison / "green-80" / "prices.csv").exists()


def test_clusters_diff_and_prices(comparison: Path) -> None:
    clusters = pd.read_csv(comparison / "clusters_diff.csv")
    expected = ["cluster_id", "scenario", "role"]
    for column in CLUSTER_COLUMNS:
        expected += [column, f"{column}_change"]
    assert list(clusters.columns) == expected
    assert len(clusters) == 6
    east = clusters.set_index(["cluster_id", "scenario"]).loc[("east_a", "green-80")]
    assert east["green_share_annual"] == pytest.approx(0.8)
    assert east["green_share_annual_change"] == pytest.approx(0.8)
    assert east["new_it_capacity_mw_change"] == pytest.approx(0.0, abs=1e-6)
    prices = pd.read_csv(comparison / "prices.csv", keep_default_na=False)
    assert list(prices.columns) == ["scenario", *PRICE_COLUMNS]
    green = prices[
        (prices["scenario"] == "green-80") & (prices["quantity"] == "green_target_cost_per_mwh")
    ]
    assert green.set_index("id").loc["east_a", "value"] == pytest.approx(50.0)
    assert set(prices["scenario"]) == {"no-target", "green-80"}


def test_compare_result_folders_gives_the_same_table(comparison: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    run_compare(
        [comparison / "no-target", comparison / "green-80"], out_dir=out, difference_maps=False
    )
    first = pd.read_csv(comparison / "comparison.csv")
    again = pd.read_csv(out / "comparison.csv")
    pd.testing.assert_frame_equal(again.drop(columns="folder"), first.drop(columns="folder"))
    assert len(pd.read_csv(out / "prices.csv")) == len(pd.read_csv(comparison / "prices.csv"))
    with pytest.raises(OutputError):
        run_compare([comparison / "no-target", comparison / "green-80"], out_dir=out)
    with pytest.raises(InputError):
        run_compare([comparison / "no-target"], out_dir=tmp_path / "one")


@pytest.mark.slow  # 6 s: with the long tests, to keep the default run within 5 minutes
def test_cli_compare_on_the_default_model(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    result = CliRunner().invoke(
        app,
        [
            "compare",
            "-s",
            "baseline",
            "-s",
            "carbon-price",
            "--set",
            "time.representation=average_day",
            "--label",
            "Baseline 2025",
            "--label",
            "With a carbon price",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "With a carbon price" in result.output
    assert "Cost [bn CNY/yr]" in result.output
    assert " pp)" in result.output
    for name in (
        "comparison.csv",
        "clusters_diff.csv",
        "prices.csv",
        "baseline/summary.json",
        "carbon-price/clusters.csv",
        "report.html",
        "difference_maps/carbon-price-vs-baseline.png",
    ):
        assert (out / name).exists(), name
    shown = render_in_chromium(out / "report.html", tmp_path / "profile", "table tbody tr")
    assert shown["errors"] == []
    assert shown["title"].startswith("dcsite: comparison of baseline, carbon-price")
    assert len(shown["images"]) == 1
    assert all(image["complete"] and image["width"] > 0 for image in shown["images"])
    # comparison (2 rows), sites (16 sites x 2 scenarios), prices: every table was rendered.
    assert shown["rows"] >= 2 + 32
    assert not list(tmp_path.glob(".cmp.partial-*"))
    one = CliRunner().invoke(app, ["compare", "-s", "baseline", "--out", str(tmp_path / "x")])
    assert one.exit_code == 2
    twice = CliRunner().invoke(app, ["compare", "-s", "baseline", "-s", "baseline"])
    assert twice.exit_code == 2
    assert "given twice" in twice.output


def test_readable_comparison_in_bn_cny_mw_and_pp(comparison: Path) -> None:
    table = pd.read_csv(comparison / "comparison.csv")
    readable = readable_comparison(table)
    assert list(readable["Scenario"]) == list(table["label"])
    assert readable["Cost [bn CNY/yr]"].to_numpy() == pytest.approx(
        table["objective_cny_per_year"].to_numpy() / 1e9
    )
    assert readable["Δ green, annual [pp]"].to_numpy() == pytest.approx(
        100 * table["green_share_annual_change"].to_numpy()
    )
    assert readable["Δ cost [%]"].iloc[1] == pytest.approx(
        100 * (GREEN_80_COST_CNY / EXPECTED_BASE_COST_CNY - 1), rel=1e-6
    )
    report = (comparison / "report.html").read_text(encoding="utf-8")
    assert "<th>Figure</th>" in report
    assert '<td class="text">New IT [MW]</td>' in report
    assert '<td class="text">Emissions [MtCO2/yr]</td>' in report
    assert '<td class="text">Siting cost, all but servers [bn CNY/yr]</td>' in report
    assert " pp)</td>" in report
    assert "objective_cny_per_year" not in report


def _plan(folder: str, description: str, overrides: dict[str, object]) -> ComparedPlan:
    summary = {"description": description, "overrides": overrides}
    return ComparedPlan(
        "baseline", description, Path(folder), summary, pd.DataFrame(), pd.DataFrame()
    )


def test_two_runs_of_one_scenario_are_told_apart() -> None:
    plans = [
        _plan("with", "Baseline", {}),
        _plan("without", "Baseline", {"network.exclude_corridors": ["ximeng_taizhou"]}),
    ]
    assert distinct_labels(plans) == [
        "Baseline (no --set)",
        "Baseline (network.exclude_corridors=ximeng_taizhou)",
    ]
    same = [_plan("a/run", "Baseline", {}), _plan("b/run2", "Baseline", {})]
    assert distinct_labels(same) == ["Baseline (no --set) [run]", "Baseline (no --set) [run2]"]


def test_folders_of_one_scenario_are_named_by_folder(comparison: Path, tmp_path: Path) -> None:
    with_folder = shutil.copytree(comparison / "no-target", tmp_path / "with")
    without = shutil.copytree(comparison / "no-target", tmp_path / "without")
    _, table = run_compare([with_folder, without], out_dir=tmp_path / "cmp", difference_maps=False)
    assert list(table["scenario"]) == ["with", "without"]
    assert (tmp_path / "cmp" / "report.html").exists()


def test_readable_comparison_shows_the_figures_a_table_has() -> None:
    table = pd.DataFrame(
        {
            "scenario": ["a", "b"],
            "label": ["A", "B"],
            "objective_cny_per_year": [2e9, 3e9],
            "west_hub_share_of_new_capacity": [0.5, 0.6],
            "holds_over_full_year": [True, float("nan")],
        }
    )
    readable = readable_comparison(table)
    assert list(readable["Holds over the full year"]) == ["yes", "–"]
    assert list(readable.columns) == [
        "Scenario",
        "Holds over the full year",
        "Cost [bn CNY/yr]",
        "Δ cost [bn CNY/yr]",
        "Δ cost [%]",
        "Western hubs' share of new IT [%]",
        "Δ western hubs' share of new IT [pp]",
    ]
    assert readable["Δ cost [%]"].iloc[1] == pytest.approx(50.0)
    assert readable["Δ western hubs' share of new IT [pp]"].iloc[1] == pytest.approx(10.0)


def test_audit_command_audits_every_scenario_of_a_comparison(
    comparison: Path, tmp_path: Path
) -> None:
    outcome = CliRunner().invoke(app, ["audit", str(comparison)])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.output.splitlines()
    assert any(line.startswith("passed no-target (") for line in lines)
    assert any(line.startswith("passed green-80 (") for line in lines)
    assert "all 2 results folders" in outcome.output
    copy = Path(shutil.copytree(comparison, tmp_path / "comparison"))
    sites = pd.read_csv(copy / "green-80" / "plan" / "sites.csv")
    sites["certificates_gwh"] = 0.0  # the green target is no longer met
    sites.to_csv(copy / "green-80" / "plan" / "sites.csv", index=False)
    failed = CliRunner().invoke(app, ["audit", str(copy)])
    assert failed.exit_code == 1
    assert "passed no-target (" in failed.output
    assert "failed green-80: " in failed.output and "green_share_at_least_target" in failed.output
