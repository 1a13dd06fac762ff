"""A plan held over the full year by target margins (``dcsite solve --hold-rounds``).

The tiny catalogue's east_a has solar only: the sun is full (capacity factor 1) in the first
30 % of the year's hours and at 0.4 after. One average day sees the mean, 0.58, in every hour,
so a plan for a 60 % CFE score builds 60 / 0.58 MW of solar per 100 MW of load; over the real
year the full-sun hours give more than the load and the excess is lost, so the year falls
short. Each round plans the gap as a margin and closes in on the target.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.paths import recorded_model_file
from optimiser.pipeline import run_scenario
from optimiser.results.folder import audit_results_dir, write_results
from optimiser.results.validation import validate_results_dir
from optimiser.studies.hold import ROUNDS_DIR, hold_over_full_year, needs_margins
from tests.tiny import HOURS, tiny_catalogue, tiny_scenario, tiny_tables

FULL_SUN_SHARE = 0.3
DIM_FACTOR = 0.4
MEAN_FACTOR = FULL_SUN_SHARE + (1 - FULL_SUN_SHARE) * DIM_FACTOR  # 0.58
TARGET = 0.6


def year_score(planned_target: float) -> float:
    """The year's CFE score of a plan sized for ``planned_target`` on the average day."""
    solar_per_load = planned_target / MEAN_FACTOR  # MW of solar per MW of load
    return FULL_SUN_SHARE * min(1.0, solar_per_load) + (1 - FULL_SUN_SHARE) * min(
        1.0, DIM_FACTOR * solar_per_load
    )


def sunny_then_dim_catalogue():
    tables = tiny_tables()
    tables["provinces"]["demand_flexible_mw"] = 0.0
    tables["clusters"].loc["east_a", "max_solar_mw"] = 1000.0
    full_sun_hours = round(FULL_SUN_SHARE * HOURS)
    tables["solar_capacity_factor"].iloc[:full_sun_hours, 0] = 1.0
    tables["solar_capacity_factor"].iloc[full_sun_hours:, 0] = DIM_FACTOR
    # Solar dearer than the grid: built only for the target.
    tables["parameters"]["solar_capex_cny_per_mw"] = 2e8
    return tiny_catalogue(tables)


@pytest.mark.slow  # three solves and three full-year checks of the tiny model
def test_margins_make_a_short_plan_hold_over_the_full_year(tmp_path: Path) -> None:
    catalogue = sunny_then_dim_catalogue()
    scenario = tiny_scenario(policy={"green_share_target": TARGET, "green_accounting": "hourly"})
    result = run_scenario(catalogue, scenario)
    folder = write_results(result, tmp_path / "plan")
    first = validate_results_dir(folder, catalogue)
    clusters = first.clusters.set_index("cluster_id")
    # Planned on the average day: exactly the target; over the year, the lost full sun.
    assert year_score(TARGET) == pytest.approx(0.58966, abs=1e-5)
    assert clusters.loc["east_a", "green_share_hourly"] == pytest.approx(
        year_score(TARGET), rel=1e-6
    )
    assert needs_margins(first)

    lines: list[str] = []
    held = hold_over_full_year(folder, result, first, catalogue, rounds=4, progress=lines.append)

    # Round 2 plans the gap (plus 0.2 points); round 3 the secant step; round 3 holds.
    gap = TARGET - year_score(TARGET)
    margin_2 = gap + 0.002
    gap_2 = TARGET - year_score(TARGET + margin_2)
    assert gap_2 > 0
    slope = margin_2 / (year_score(TARGET + margin_2) - year_score(TARGET))
    # Short two rounds running: twice the 0.2 points beyond the secant step.
    margin_3 = margin_2 + min(3 * gap_2, max(gap_2, gap_2 * slope)) + 2 * 0.002
    assert year_score(TARGET + margin_3) >= TARGET
    assert [record.round for record in held.rounds] == [1, 2, 3]
    assert [record.holds_over_full_year for record in held.rounds] == [False, False, True]
    assert held.rounds[1].target_margins["east_a"] == pytest.approx(margin_2, rel=1e-4)
    assert held.rounds[2].target_margins["east_a"] == pytest.approx(margin_3, rel=1e-4)
    assert held.chosen_round == 3
    assert held.validation.summary["holds_over_full_year"] is True
    assert any("round 3: holds" in line for line in lines)

    # The folder now holds round 3's plan, whole; the first plan is kept as round-1.
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["hold_rounds"]["chosen_round"] == 3
    assert summary["validation"]["holds_over_full_year"] is True
    assert summary["hold_rounds"]["target_margins"]["east_a"] == pytest.approx(margin_3, rel=1e-4)
    first_kept = json.loads((folder / ROUNDS_DIR / "round-1" / "summary.json").read_text())
    # The model file is recorded from where each folder now is: the same file.
    assert recorded_model_file(summary["model_path"], folder) == recorded_model_file(
        first_kept["model_path"], folder / ROUNDS_DIR / "round-1"
    )
    assert first_kept["validation"]["holds_over_full_year"] is False
    assert "hold_rounds" not in first_kept
    rounds = json.loads((folder / ROUNDS_DIR / "rounds.json").read_text())
    assert [row["folder"] for row in rounds] == [".", "rounds/round-2", "rounds/round-3"]
    assert sorted(path.name for path in (folder / ROUNDS_DIR).iterdir()) == [
        "round-1",
        "round-2",
        "round-3",
        "rounds.json",
    ]
    audit_results_dir(folder)
    assert not list(tmp_path.glob(".plan*"))
    # The report says which round the plan is, and why.
    from optimiser.report import write_report

    write_report(folder)
    page = (folder / "report.html").read_text()
    assert '<span id="full-year-holds">yes</span>' in page
    assert "This plan is round 3 of 3" in page
    assert "East A +" in page


@pytest.mark.slow
def test_no_round_is_added_when_the_plan_holds(tmp_path: Path) -> None:
    catalogue = tiny_catalogue()
    result = run_scenario(catalogue, tiny_scenario())
    folder = write_results(result, tmp_path / "plan")
    validation = validate_results_dir(folder, catalogue)
    held = hold_over_full_year(folder, result, validation, catalogue)
    assert held.chosen_round == 1
    assert len(held.rounds) == 1
    assert not (folder / ROUNDS_DIR).exists()


def test_hold_rounds_need_the_full_year_check() -> None:
    from optimiser.cli.solve_command import checked_hold_rounds

    assert checked_hold_rounds(None, validate_plan=True) == 4
    assert checked_hold_rounds(None, validate_plan=False) == 0
    assert checked_hold_rounds(0, validate_plan=False) == 0
    with pytest.raises(InputError, match="--no-validate"):
        checked_hold_rounds(2, validate_plan=False)
    with pytest.raises(InputError, match="0 or more"):
        checked_hold_rounds(-1, validate_plan=True)
