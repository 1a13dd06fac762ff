"""Sweep benchmark: re-solve one live HiGHS model vs rebuild it at every point.

A 20-point sweep of ``policy.green_share_target`` (0.5 to 0.975) on the default model
(``models/national-2025.yaml``, scenario ``baseline``), solved three times in this process:
passing every point to a fresh HiGHS model ("rebuild"), applying only the changed numbers to
one live model and re-solving from the previous basis ("re-solve"; both build and compile the
Pyomo model at every point), and re-solving with each point's LP written from three built
probes without building the Pyomo model ("no rebuild", what ``dcsite sweep`` does:
:class:`optimiser.studies.affine.AffinePoints`; the probes' one-off build is reported apart).
Every path extracts and audits the plan at every point. Prints medians per point, the
per-point overhead (everything but HiGHS) against HiGHS's own time, and the ratios. With
``--write-points`` each point is also written as its results folder, as ``dcsite sweep`` does
(:func:`optimiser.studies.points.write_point`, into a temporary folder), timed apart from the
re-solve, together with what re-auditing the written folder from its files would add.

Run: ``python benchmarks/sweep_resolve.py [--points 20] [--representation R] [--write-points]``
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from optimiser.data.catalogue import load_catalogue
from optimiser.lp.resolve import ResolveSession
from optimiser.paths import default_model_path
from optimiser.pipeline import solve_with_duals
from optimiser.results.folder import audit_results_dir
from optimiser.scenario import resolve_scenario
from optimiser.studies.affine import AffinePoints
from optimiser.studies.points import point_name, write_point
from optimiser.studies.sweep import apply_overrides

PATHS = ("rebuild", "re-solve", "no rebuild")


def run(
    points: int,
    representation: str | None,
    paths: tuple[str, ...] = PATHS,
    write_points: bool = False,
) -> None:
    overrides = {"time.representation": representation} if representation else {}
    base = resolve_scenario(default_model_path(), "baseline", overrides)
    catalogue = load_catalogue(base.catalogue_path)
    targets = [round(0.5 + 0.025 * number, 4) for number in range(points)]
    results: dict[str, dict[str, list[float]]] = {}
    key = "policy.green_share_target"
    setup_s = 0.0
    written: dict[str, list[float]] = {"write_s": [], "reaudit_s": []}
    scratch = Path(tempfile.mkdtemp(prefix="sweep-points-"))
    for mode in paths:
        warm = mode != "rebuild"
        session = ResolveSession(warm=warm)
        timings: dict[str, list[float]] = {
            "total_s": [],
            "highs_s": [],
            "overhead_s": [],
            "objective": [],
        }
        affine = None
        if mode == "no rebuild":
            started = time.perf_counter()
            affine = AffinePoints(
                catalogue,
                lambda values: apply_overrides(base, values),
                [{key: target} for target in targets],
            )
            setup_s = time.perf_counter() - started
        for target in targets:
            scenario = apply_overrides(base, {key: target})
            started = time.perf_counter()
            lp = affine.lp({key: target}) if affine is not None else None
            point = solve_with_duals(catalogue, scenario, session, lp)
            timings["total_s"].append(time.perf_counter() - started)
            timings["overhead_s"].append(
                timings["total_s"][-1] - point.result.timings["highs_solve_s"]
            )
            timings["highs_s"].append(point.result.timings["highs_solve_s"])
            timings["objective"].append(point.result.summary["objective_cny_per_year"])
            if write_points and mode == paths[-1]:
                started = time.perf_counter()
                folder = write_point(
                    scratch,
                    point_name({key: target}, [key]),
                    {"values": {key: target}, "status": "optimal"},
                    point.result,
                )
                written["write_s"].append(time.perf_counter() - started)
                started = time.perf_counter()
                audit_results_dir(folder)
                written["reaudit_s"].append(time.perf_counter() - started)
            print(
                f"{mode:8s} target {target:.3f}: {timings['total_s'][-1]:6.2f} s total, "
                f"{timings['highs_s'][-1]:6.2f} s HiGHS, warm={point.warm}",
                flush=True,
            )
        print(f"{mode}: {session.statistics}")
        results[mode] = timings
    reference = paths[0]
    objectives = np.array(results[reference]["objective"])
    difference = max(
        np.max(np.abs(np.array(results[mode]["objective"]) - objectives) / np.abs(objectives))
        for mode in paths
    )
    print(
        f"\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}; "
        f"representation: {base.settings.time.representation}; points: {points}"
    )
    print(
        "| path | median per point s | median HiGHS s | median overhead s | "
        "overhead / HiGHS (medians) | sum s |"
    )
    print("|---|---|---|---|---|---|")
    for mode, timings in results.items():
        overhead = statistics.median(timings["overhead_s"])
        highs = statistics.median(timings["highs_s"])
        print(
            f"| {mode} | {statistics.median(timings['total_s']):.3f} | {highs:.3f} | "
            f"{overhead:.3f} | {overhead / highs:.2f} | {sum(timings['total_s']):.1f} |"
        )
    if "no rebuild" in paths:
        print(f"no rebuild: three probes built once in {setup_s:.1f} s")
    for other in paths[1:]:
        for measure in ("total_s", "highs_s", "overhead_s"):
            ratio = statistics.median(results[reference][measure]) / statistics.median(
                results[other][measure]
            )
            print(f"ratio {reference} / {other} ({measure}, medians): {ratio:.2f}")
    print(f"largest relative difference of objectives: {difference:.2e}")
    if write_points:
        print(
            f"{paths[-1]}: writing each point's results folder, median "
            f"{statistics.median(written['write_s']):.3f} s; re-auditing it from its files "
            f"(not done by the sweep) would add {statistics.median(written['reaudit_s']):.3f} s"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--representation", default=None)
    parser.add_argument(
        "--paths",
        default=",".join(PATHS),
        help=f"comma-separated, the first is the reference of the ratios (default {PATHS})",
    )
    parser.add_argument(
        "--write-points",
        action="store_true",
        help="also write each point of the last path as a results folder, timed apart",
    )
    arguments = parser.parse_args()
    chosen = tuple(path.strip() for path in arguments.paths.split(","))
    if not set(chosen) <= set(PATHS):
        parser.error(f"--paths takes {', '.join(PATHS)}")
    run(arguments.points, arguments.representation, chosen, arguments.write_points)
