"""Time the full-year validation of the default plan (``dcsite validate``).

Solves the default model (scenario ``baseline``, or ``--scenario``) into a temporary results
folder, then validates it over all 8,760 hours in a fresh subprocess, so that the peak memory
reported is the validation's own. Prints one JSON line: wall time, phases, peak memory, the
largest month's LP and the verdict.

Run: ``python benchmarks/validate_plan.py [--scenario NAME] [--set KEY=VALUE ...]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def validate_only(folder: Path) -> dict[str, object]:
    """Validate a written plan and return the measurements."""
    from optimiser.results.validation import validate_results_dir

    started = time.perf_counter()
    validation = validate_results_dir(folder)
    wall = time.perf_counter() - started
    summary = validation.summary
    workers = validation.dispatch.inputs.settings.validation.workers
    return {
        "wall_s": wall,
        "timings_s": summary["timings_s"],
        # This process plus each worker process at the largest worker's peak: an upper bound
        # of the memory in use at once [MB].
        "peak_memory_mb": (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            + workers * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        / 1024,
        "workers": workers,
        "sizes": summary["sizes"],
        "algorithm": summary["solver"].get("algorithm"),
        "holds_over_full_year": summary["holds_over_full_year"],
        "planned_cost_cny_per_year": summary["planned_cost_cny_per_year"],
        "full_year_cost_cny_per_year": summary["full_year_cost_cny_per_year"],
        "extra_cost_share": summary["extra_cost_share"],
        "unserved_it_energy_mwh": summary["unserved_it_energy_mwh"],
        "unserved_hours": summary["unserved_hours"],
        "green_shortfall_mwh": summary["green_shortfall_mwh"],
        "green_share_hourly": summary["green_share_hourly"],
        "planned_green_share_hourly": summary["planned_green_share_hourly"],
    }


def main() -> None:
    """Solve, then validate in a subprocess, and print the measurements as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--folder", type=Path, help="validate this folder only (internal)")
    arguments = parser.parse_args()
    if arguments.folder is not None:
        print(json.dumps(validate_only(arguments.folder)))
        return
    from optimiser.pipeline import solve
    from optimiser.results.folder import write_results

    with tempfile.TemporaryDirectory() as root:
        result = solve(scenario=arguments.scenario, overrides=arguments.overrides)
        folder = write_results(result, Path(root) / "plan")
        completed = subprocess.run(
            [sys.executable, __file__, "--folder", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(completed.stdout.strip().splitlines()[-1])
        report["plan_representation"] = result.scenario.settings.time.representation
        report["scenario"] = arguments.scenario
        print(json.dumps(report))


if __name__ == "__main__":
    main()
