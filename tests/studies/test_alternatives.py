"""Near-optimal alternatives on the hand-solvable fixture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from optimiser.cli import app
from optimiser.errors import InputError, OutputError
from optimiser.results.folder import audit_folders
from optimiser.studies.alternatives import (
    alternatives_table,
    near_optimal_range,
    run_alternatives,
)
from tests.tiny import EXPECTED_BASE_COST_CNY, tiny_catalogue, tiny_scenario


def test_east_range_within_five_percent_by_hand() -> None:
    plans = near_optimal_range(tiny_catalogue(), tiny_scenario(), "east", slack=0.05)
    table = alternatives_table(plans).set_index("plan")
    assert table.loc["least-cost", "objective_cny_per_year"] == pytest.approx(
        EXPECTED_BASE_COST_CNY, rel=1e-9
    )
    # east_land's latency-bound 100 MW must be at east_a: the least it can serve.
    assert table.loc["min", "group_it_energy_mwh"] == pytest.approx(100 * 8760)
    assert table.loc["min", "group_new_it_capacity_mw"] == pytest.approx(200.0)
    # Each MW of flexible load moved from west_b to east_a costs 6.38 - 3.752 = 2.628 M CNY/yr
    # (and 2 MW of capacity there); 5 % of the optimum buys 52.222 / 2.628 MW of load.
    moved_mw = 0.05 * EXPECTED_BASE_COST_CNY / 2.628e6
    assert table.loc["max", "group_it_energy_mwh"] == pytest.approx((100 + moved_mw) * 8760)
    assert table.loc["max", "group_new_it_capacity_mw"] == pytest.approx(200 + 2 * moved_mw)
    assert table.loc["max", "cost_increase"] == pytest.approx(0.05, abs=1e-9)
    assert (table["cost_increase"] <= 0.05 + 1e-9).all()


def test_unknown_group_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown group"):
        near_optimal_range(tiny_catalogue(), tiny_scenario(), "atlantis")


def test_run_alternatives_writes_the_table_the_plans_and_a_summary(tmp_path: Path) -> None:
    messages: list[str] = []
    folder, table = run_alternatives(
        group="east",
        slack=0.05,
        out_dir=tmp_path / "alternatives",
        catalogue=tiny_catalogue(),
        resolved=tiny_scenario(),
        progress=messages.append,
    )
    assert folder == tmp_path / "alternatives"
    solves = [message for message in messages if message.startswith("solve ")]
    assert solves == [
        "solve 1/3: the least-cost plan",
        "solve 2/3: least IT energy in east within 5.0 % of its cost",
        "solve 3/3: most IT energy in east within 5.0 % of its cost",
    ]
    written = pd.read_csv(folder / "alternatives.csv")
    assert list(written["plan"]) == ["least-cost", "min", "max"]
    assert list(written["folder"]) == ["least-cost", "min", "max"]
    pd.testing.assert_frame_equal(written, table, check_dtype=False)
    summary = json.loads((folder / "alternatives.json").read_text(encoding="utf-8"))
    assert summary["group"] == "east" and summary["group_sites"] == ["east_a"]
    assert summary["slack"] == 0.05
    assert summary["objective_cny_per_year"] == pytest.approx(EXPECTED_BASE_COST_CNY, rel=1e-9)
    assert summary["group_it_energy_mwh"]["min"] == pytest.approx(100 * 8760)
    assert summary["cost_increase"]["max"] == pytest.approx(0.05, abs=1e-9)
    # each plan is a results folder that audits from its files, and says which plan it is
    assert [audit.status for audit in audit_folders(folder)] == ["passed"] * 3
    for plan in ("least-cost", "min", "max"):
        clusters = pd.read_csv(folder / plan / "clusters.csv").set_index("cluster_id")
        new = written.set_index("plan").loc[plan, "new_mw_east_a"]
        assert clusters.loc["east_a", "new_it_capacity_mw"] == pytest.approx(new)
        plan_summary = json.loads((folder / plan / "summary.json").read_text(encoding="utf-8"))
        assert plan_summary["alternative"] == {"plan": plan, "group": "east", "slack": 0.05}


def test_alternatives_go_to_a_new_default_folder_and_never_over_earlier_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    options = {"catalogue": tiny_catalogue(), "resolved": tiny_scenario(), "slack": 0.01}
    first, _ = run_alternatives(**options)
    second, _ = run_alternatives(**options)
    assert first == Path("results/tiny-test-alternatives-001")
    assert second == Path("results/tiny-test-alternatives-002")
    with pytest.raises(OutputError, match="already exists"):  # before any solve
        run_alternatives(out_dir=first, **options)  # --overwrite: see the command's test
    assert sorted(path.name for path in (tmp_path / "results").iterdir()) == [
        "tiny-test-alternatives-001",
        "tiny-test-alternatives-002",
    ]


@pytest.mark.slow  # 6 s: with the long tests, to keep the default run within 5 minutes
def test_alternatives_command_shows_each_solve_and_writes_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "east"
    arguments = ["alternatives", "--set", "time.representation=average_day", "--out", str(out)]
    outcome = CliRunner().invoke(app, arguments)
    assert outcome.exit_code == 0, outcome.output
    # not a terminal: one plain line per stage, with the time elapsed, as it starts
    for number in (1, 2, 3):
        assert re.search(rf"^\[\s*\d+\.\d s\] solve {number}/3: ", outcome.output, re.M)
    assert f"alternatives written to {out}" in outcome.output.replace("\n", "")
    assert (out / "alternatives.csv").exists() and (out / "max" / "summary.json").exists()
    replaced = CliRunner().invoke(app, [*arguments, "--overwrite", "--slack", "0.01"])
    assert replaced.exit_code == 0, replaced.output
    assert json.loads((out / "alternatives.json").read_text(encoding="utf-8"))["slack"] == 0.01


def test_stages_in_a_terminal_leave_a_line_for_each_finished_solve() -> None:
    import io

    from rich.console import Console

    from optimiser.terminal.progress import StageProgress

    output = io.StringIO()
    terminal = Console(file=output, force_terminal=True, width=100)
    stages = StageProgress(terminal, keep=True)
    assert not stages.plain
    with stages.shown("solve 1/2: first"):
        stages.update("solve 2/2: second")
    text = output.getvalue()
    assert re.search(r"\[\s*\d+\.\d s\] solve 1/2: first \(\d+\.\d s\)", text)
    assert re.search(r"\[\s*\d+\.\d s\] solve 2/2: second \(\d+\.\d s\)", text)
