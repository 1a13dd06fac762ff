"""The cost of checking every plan over the full year: ``dcsite solve`` with and without it.

Runs ``dcsite solve --no-maps --no-validate`` and ``dcsite solve --no-maps`` (which validates
the plan over all 8,760 hours) on the default model (with ``--maps``, both draw the maps and
the report, as ``dcsite solve`` does by default), interleaved, each in a fresh process,
``--repeats`` times, and prints the median wall time of each and their ratio, with the
validation's own phases from the last run. The target: the solve with validation within 3 ×
the solve alone.

Run: ``python benchmarks/solve_validate.py [--repeats 3] [--maps] [--set KEY=VALUE ...]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 3.0
"""A solve with its full-year check takes at most this many times the solve alone."""


def timed_solve(folder: Path, validate: bool, overrides: list[str], maps: bool = False) -> float:
    """Run one ``dcsite solve`` into a new folder and return its wall time [s]."""
    command = [sys.executable, "-m", "optimiser", "solve", "--out", str(folder)]
    command += [] if maps else ["--no-maps"]
    command += [] if validate else ["--no-validate"]
    for override in overrides:
        command += ["--set", override]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def main() -> None:
    """Measure both cases, interleaved, and print the medians and the ratio as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--maps", action="store_true", help="draw the maps too, as by default")
    arguments = parser.parse_args()
    alone: list[float] = []
    checked: list[float] = []
    with tempfile.TemporaryDirectory() as root:
        for repeat in range(arguments.repeats):
            maps, overrides = arguments.maps, arguments.overrides
            alone.append(timed_solve(Path(root) / f"alone-{repeat}", False, overrides, maps))
            folder = Path(root) / f"checked-{repeat}"
            checked.append(timed_solve(folder, True, overrides, maps))
        validation = json.loads((folder / "validation" / "validation.json").read_text())
    ratio = statistics.median(checked) / statistics.median(alone)
    print(
        json.dumps(
            {
                "solve_s": alone,
                "solve_and_validate_s": checked,
                "median_solve_s": statistics.median(alone),
                "median_solve_and_validate_s": statistics.median(checked),
                "ratio": ratio,
                "target_ratio": TARGET_RATIO,
                "meets_target": ratio <= TARGET_RATIO,
                "validation_timings_s": validation["timings_s"],
                "largest_month": validation["sizes"],
                "holds_over_full_year": validation["holds_over_full_year"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
