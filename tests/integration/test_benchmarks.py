"""The benchmark scripts still run against the package as it is (they are not imported by it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.repository import REPO_ROOT

BENCHMARKS = REPO_ROOT / "benchmarks"


def run_script(*arguments: str) -> str:
    completed = subprocess.run(
        [sys.executable, str(BENCHMARKS / arguments[0]), *arguments[1:]],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


@pytest.mark.slow  # 4 s: with the long tests, to keep the default run within 5 minutes
def test_phases_times_a_solve_and_reports_its_figures() -> None:
    output = run_script(
        "phases.py",
        "--case",
        "baseline",
        "--repeats",
        "1",
        "--set",
        "time.representation=average_day",
    )
    report = json.loads(output.strip().splitlines()[-1])
    assert report["status"] == "Optimal"
    assert report["median_s"]["highs_s"] > 0
    assert 0 < report["west_hub_share_of_new_capacity"] <= 1


@pytest.mark.slow
def test_phases_times_dcsite_solve_end_to_end() -> None:
    output = run_script(
        "phases.py",
        "--case",
        "end-to-end",
        "--repeats",
        "1",
        "--set",
        "time.representation=average_day",
    )
    report = json.loads(output.strip().splitlines()[-1])
    median = report["median_s"]
    assert report["status"] == "Optimal"
    assert 0 < median["highs_s"] < median["wall_s"]
    assert report["wall_over_highs"] == pytest.approx(median["wall_s"] / median["highs_s"])
    assert median["imports_s"] > 0


@pytest.mark.slow
def test_the_sweep_benchmark_runs_both_paths() -> None:
    output = run_script("sweep_resolve.py", "--points", "3", "--representation", "average_day")
    assert "| rebuild |" in output and "| re-solve |" in output
