"""Time the phases of one solve: prepare, build, hand-over, HiGHS, read-back, results, audit.

Run by ``benchmarks/run.py`` in a fresh subprocess per case (so peak memory is the case's own);
prints one JSON object. Standalone:
``python benchmarks/phases.py --case baseline --repeats 3``.

``--case end-to-end`` times what a user waits for instead: ``dcsite solve --no-maps
--no-validate`` on the default model, each repeat in a fresh process, from the command to its
exit (starting Python, imports, reading, building, HiGHS, results, audit, writing and
re-auditing the folder, printing), against HiGHS's own time from the folder's
``summary.json``. Its imports are timed apart, in a fresh process that imports what the
command imports.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import national_catalogue

from optimiser.data.catalogue import load_catalogue
from optimiser.lp.build import build_model
from optimiser.lp.highs_options import highs_options
from optimiser.lp.highs_run import new_highs, run_highs
from optimiser.lp.inputs import prepare_inputs
from optimiser.lp.solver import compile_model, solved_model
from optimiser.paths import default_model_path
from optimiser.results.audit import audit_plan
from optimiser.results.tables import extract_results
from optimiser.scenario import resolve_scenario

CASES: dict[str, dict[str, Any]] = {
    "baseline": {"national": False, "overrides": {}},
    "end-to-end": {"national": False, "overrides": {}, "command": True},
    "national-full-year": {
        "national": True,
        "overrides": {
            "time.representation": "full_year",
            "latency.routing": "annual_shares",
            "solver.method": "ipm",
            # The target is 10 minutes; stop HiGHS at 11 and report rather than wait.
            "solver.time_limit_s": 660,
        },
    },
}


def time_once(case: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Solve once and return the seconds of each phase, the sizes and the headline figures."""
    started = time.perf_counter()
    scenario = resolve_scenario(default_model_path(), "baseline", overrides)
    catalogue = load_catalogue()
    if case["national"]:
        catalogue = national_catalogue(catalogue)
    inputs = prepare_inputs(catalogue, scenario)
    prepare_s = time.perf_counter() - started
    started = time.perf_counter()
    model = build_model(inputs)
    build_s = time.perf_counter() - started
    settings = scenario.settings.solver
    options = highs_options(settings.method, settings.time_limit_s, settings.threads)
    started = time.perf_counter()
    compiled = compile_model(model)
    highs = new_highs(options)
    highs.passModel(compiled.lp)
    handover_s = time.perf_counter() - started
    solution = run_highs(highs)
    if solution.status != "Optimal":
        # Out of time (or no plan): report what was measured and the LP's size.
        return {
            "status": solution.status,
            "prepare_s": prepare_s,
            "build_s": build_s,
            "handover_s": handover_s,
            "highs_s": solution.solve_seconds,
            "results_s": 0.0,
            "audit_s": 0.0,
            "sizes": compiled.sizes,
        }
    solved = solved_model(compiled, solution, handover_s)
    started = time.perf_counter()
    result = extract_results(inputs, solved, scenario)
    results_s = time.perf_counter() - started + solved.timings["read_back_s"]
    started = time.perf_counter()
    audit_plan(result)
    audit_s = time.perf_counter() - started
    return {
        "status": "Optimal",
        "prepare_s": prepare_s,
        "build_s": build_s,
        "handover_s": solved.timings["handover_s"],
        "highs_s": solved.timings["highs_solve_s"],
        "results_s": results_s,
        "audit_s": audit_s,
        "sizes": solved.sizes,
        "objective_cny_per_year": result.summary["objective_cny_per_year"],
        "new_it_capacity_mw": result.summary["new_it_capacity_mw"],
        "west_hub_share_of_new_capacity": result.summary["west_hub_share_of_new_capacity"],
        "green_share_annual": result.summary["green_share_annual"],
        "green_share_hourly": result.summary["green_share_hourly"],
    }


IMPORTS = (
    "import time; started = time.perf_counter(); "
    "import optimiser.cli, optimiser.pipeline, optimiser.results.folder; "
    "print(time.perf_counter() - started)"
)
"""What ``dcsite solve`` imports before it writes its folder, timed in a fresh process."""
END_TO_END_PHASES = ["imports_s", "prepare_s", "build_s", "handover_s", "highs_s", "results_s"]


def time_command(overrides: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Run ``dcsite solve --no-maps --no-validate`` once; return its wall time and phases."""
    words = [sys.executable, "-m", "optimiser", "solve", "--no-maps", "--no-validate"]
    for key, value in overrides.items():
        words += ["--set", f"{key}={value}"]
    started = time.perf_counter()
    subprocess.run([*words, "--out", str(folder)], check=True, capture_output=True)
    wall_s = time.perf_counter() - started
    imported = subprocess.run(
        [sys.executable, "-c", IMPORTS], check=True, capture_output=True, text=True
    )
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    timings = summary["timings_s"]
    phases = {
        "imports_s": float(imported.stdout.strip()),
        "prepare_s": timings["read_s"],
        "build_s": timings["build_s"],
        "handover_s": timings["handover_s"],
        "highs_s": timings["highs_solve_s"],
        "results_s": timings["read_back_s"] + timings["results_s"],
    }
    return {
        "status": "Optimal",
        "wall_s": wall_s,
        # The rest: starting Python, the audit, writing and re-auditing the folder, printing.
        "rest_s": wall_s - sum(phases.values()),
        **phases,
        "objective_cny_per_year": summary["objective_cny_per_year"],
        "sizes": summary["sizes"],
    }


def end_to_end(overrides: dict[str, Any], repeats: int) -> dict[str, Any]:
    """Time ``dcsite solve`` ``repeats`` times and return the medians and their ratio."""
    with tempfile.TemporaryDirectory(prefix="dcsite-end-to-end-") as root:
        runs = [time_command(overrides, Path(root) / f"run-{n}") for n in range(repeats)]
    phases = [*END_TO_END_PHASES, "rest_s", "wall_s"]
    medians = {phase: statistics.median(run[phase] for run in runs) for phase in phases}
    return {
        "case": "end-to-end",
        "overrides": overrides,
        "repeats": repeats,
        "median_s": medians,
        # Each run's own ratio, then their median: the runs share the machine with others.
        "wall_over_highs": statistics.median(run["wall_s"] / run["highs_s"] for run in runs),
        "ratios": [run["wall_s"] / run["highs_s"] for run in runs],
        **{key: runs[-1][key] for key in ("status", "objective_cny_per_year", "sizes")},
    }


def main() -> None:
    """Time a case ``--repeats`` times and print medians as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=sorted(CASES), required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--set", action="append", default=[], help="extra KEY=VALUE")
    arguments = parser.parse_args()
    case = CASES[arguments.case]
    overrides = dict(case["overrides"])
    for text in arguments.set:
        key, _, value = text.partition("=")
        overrides[key] = value
    if case.get("command"):
        print(json.dumps(end_to_end(overrides, arguments.repeats)))
        return
    runs = [time_once(case, overrides) for _ in range(arguments.repeats)]
    phases = ["prepare_s", "build_s", "handover_s", "highs_s", "results_s", "audit_s"]
    medians = {phase: statistics.median(run[phase] for run in runs) for phase in phases}
    outside = sum(value for phase, value in medians.items() if phase != "highs_s")
    report = {
        "case": arguments.case,
        "overrides": overrides,
        "repeats": arguments.repeats,
        "median_s": medians,
        "everything_but_highs_over_highs": outside / medians["highs_s"],
        "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **{key: runs[-1][key] for key in runs[-1] if key not in phases},
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
