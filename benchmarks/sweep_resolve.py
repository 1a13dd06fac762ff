"""Sweep benchmark: re-solve one live HiGHS model vs rebuild it at every point.

A 20-point sweep of ``policy.green_share_target`` (0.5 to 0.975) on the default model
(``models/national-2025.yaml``, scenario ``baseline``), solved twice in this process: once
passing every point to a fresh HiGHS model ("rebuild"), once applying only the changed
coefficients to one live model and re-solving from the previous basis ("re-solve"). Both
paths build and compile the Pyomo model, extract and audit the plan at every point; only the
hand-over to HiGHS and HiGHS's start differ. Prints medians per point and their ratio.

Run: ``python benchmarks/sweep_resolve.py [--points 20] [--representation R]``
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from optimiser.data.catalogue import load_catalogue
from optimiser.lp.resolve import ResolveSession
from optimiser.paths import default_model_path
from optimiser.pipeline import solve_with_duals
from optimiser.scenario import resolve_scenario
from optimiser.studies.sweep import apply_overrides


def run(points: int, representation: str | None) -> None:
    overrides = {"time.representation": representation} if representation else {}
    base = resolve_scenario(default_model_path(), "baseline", overrides)
    catalogue = load_catalogue(base.catalogue_path)
    targets = [round(0.5 + 0.025 * number, 4) for number in range(points)]
    results: dict[str, dict[str, list[float]]] = {}
    for mode, warm in (("rebuild", False), ("re-solve", True)):
        session = ResolveSession(warm=warm)
        timings: dict[str, list[float]] = {"total_s": [], "highs_s": [], "objective": []}
        for target in targets:
            scenario = apply_overrides(base, {"policy.green_share_target": target})
            started = time.perf_counter()
            point = solve_with_duals(catalogue, scenario, session)
            timings["total_s"].append(time.perf_counter() - started)
            timings["highs_s"].append(point.result.timings["highs_solve_s"])
            timings["objective"].append(point.result.summary["objective_cny_per_year"])
            print(
                f"{mode:8s} target {target:.3f}: {timings['total_s'][-1]:6.2f} s total, "
                f"{timings['highs_s'][-1]:6.2f} s HiGHS, warm={point.warm}",
                flush=True,
            )
        print(f"{mode}: {session.statistics}")
        results[mode] = timings
    objectives = np.array(results["rebuild"]["objective"])
    difference = np.max(
        np.abs(np.array(results["re-solve"]["objective"]) - objectives) / np.abs(objectives)
    )
    print(
        f"\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}; "
        f"representation: {base.settings.time.representation}; points: {points}"
    )
    print("| path | median per point s | median HiGHS s | sum s |")
    print("|---|---|---|---|")
    for mode, timings in results.items():
        print(
            f"| {mode} | {statistics.median(timings['total_s']):.2f} | "
            f"{statistics.median(timings['highs_s']):.2f} | {sum(timings['total_s']):.1f} |"
        )
    for key in ("total_s", "highs_s"):
        ratio = statistics.median(results["rebuild"][key]) / statistics.median(
            results["re-solve"][key]
        )
        print(f"ratio rebuild / re-solve ({key}, medians): {ratio:.2f}")
    print(f"largest relative difference of objectives: {difference:.2e}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--representation", default=None)
    arguments = parser.parse_args()
    run(arguments.points, arguments.representation)
