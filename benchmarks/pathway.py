"""Time and memory of the 2025 → 2030 pathway against the single-year default, in one run.

Each case runs end to end (read, build, solve, extract, audit, write the results folder; no
maps) in a fresh subprocess, so its peak memory is its own:

- ``single-year``: the default model (``national-2025``, ``baseline``, monthly days);
- ``pathway perfect``: ``pathway-2030``, ``baseline``, three periods in one LP;
- ``pathway myopic``: the same, one period at a time.

Prints a Markdown table (medians of ``--repeats`` runs, ratios to the single year) and the
LP sizes. Standalone: ``python benchmarks/pathway.py --repeats 3``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CASE_CODE = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
kind, out = sys.argv[1], Path(sys.argv[2])
if kind == "single-year":
    from optimiser.pipeline import solve
    from optimiser.results.folder import write_results
    result = solve()
    write_results(result, out)
    sizes, objective = result.summary["sizes"], result.summary["objective_cny_per_year"]
    highs = result.timings["highs_solve_s"]
else:
    from optimiser.paths import resolve_model_path
    from optimiser.pipeline.pathway import solve_pathway, write_pathway_results
    result = solve_pathway(resolve_model_path("pathway-2030"), foresight=kind.split()[-1])
    write_pathway_results(result, out)
    sizes, objective = result.summary["sizes"], result.summary["npv_cost_cny"]
    highs = result.timings["highs_solve_s"]
print(json.dumps({
    "wall_s": time.perf_counter() - started,
    "highs_s": highs,
    "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
    "sizes": sizes,
    "objective_cny": objective,
}))
"""

CASES = ("single-year", "pathway perfect", "pathway myopic")


def run_case(kind: str) -> dict[str, Any]:
    """Run one case end to end in a fresh process and return its figures."""
    with tempfile.TemporaryDirectory() as folder:
        completed = subprocess.run(
            [sys.executable, "-c", CASE_CODE, kind, str(Path(folder) / "out")],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def table(reports: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Return the Markdown rows: medians per case and ratios to the single year."""

    def median(kind: str, key: str) -> float:
        return statistics.median(report[key] for report in reports[kind])

    rows = [
        "| case | variables / constraints / non-zeros (largest LP) | wall s | HiGHS s | "
        "peak GB | wall ÷ single year | peak ÷ single year |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in CASES:
        sizes = reports[kind][0]["sizes"]
        rows.append(
            f"| {kind} | {sizes['variables']:,} / {sizes['constraints']:,} / "
            f"{sizes['nonzeros']:,} | {median(kind, 'wall_s'):.1f} | "
            f"{median(kind, 'highs_s'):.1f} | {median(kind, 'peak_gb'):.2f} | "
            f"{median(kind, 'wall_s') / median('single-year', 'wall_s'):.2f} | "
            f"{median(kind, 'peak_gb') / median('single-year', 'peak_gb'):.2f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=1)
    arguments = parser.parse_args()
    reports: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CASES}
    for _ in range(arguments.repeats):
        for kind in CASES:  # interleaved, so load changes touch every case alike
            reports[kind].append(run_case(kind))
            print(kind, json.dumps(reports[kind][-1]), file=sys.stderr, flush=True)
    print("\n".join(table(reports)))


if __name__ == "__main__":
    main()
