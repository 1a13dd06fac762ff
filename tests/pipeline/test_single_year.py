"""The single-year solve (:mod:`optimiser.pipeline.single_year`): one resolution per command.

The solve itself is tested stage by stage (``tests/lp/``, ``tests/results/``) and end to end
(``tests/cli/``, ``tests/regression/``).
"""

from __future__ import annotations

from pathlib import Path

import optimiser
from optimiser.cli import app

FAST = ["time.representation=average_day"]


def test_dcsite_solve_resolves_its_scenario_once(
    tmp_path: Path, resolutions: list[tuple[str, str]]
) -> None:
    from typer.testing import CliRunner

    words = ["solve", "--set", FAST[0], "--no-maps", "--no-validate", "-o", str(tmp_path / "s")]
    outcome = CliRunner().invoke(app, words)
    assert outcome.exit_code == 0, outcome.output
    assert resolutions == [("national-2025.yaml", "baseline")]


def test_the_api_resolves_its_scenario_once(resolutions: list[tuple[str, str]]) -> None:
    result = optimiser.solve(scenario="hourly-green", overrides=FAST)
    assert result.scenario.scenario_name == "hourly-green"
    assert resolutions == [("national-2025.yaml", "hourly-green")]
