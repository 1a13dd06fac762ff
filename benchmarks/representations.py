"""Representation error measured over the full year: each representation's plan validated.

For the default model (scenario ``baseline``), each time representation is optimised, written
to a temporary folder and validated over all 8,760 hours (``dcsite validate``). One Markdown
row per representation: the plan's cost and the full year's, new IT capacity, the green
shares planned and over the full year, unserved IT energy and the hours short.

Run: ``python benchmarks/representations.py [--only LABEL ...]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from optimiser.pipeline import solve
from optimiser.results.folder import write_results
from optimiser.results.validation import validate_results_dir

CASES = {
    "average_day": ["time.representation=average_day"],
    "monthly_days (default)": ["time.representation=monthly_days"],
    "tsam 12 days": ["time.representation=representative_days"],
    "tsam 12 days + extremes": [
        "time.representation=representative_days",
        "time.extreme_days=true",
    ],
    "tsam 24 days": ["time.representation=representative_days", "time.representative_days=24"],
    "tsam 24 days + extremes": [
        "time.representation=representative_days",
        "time.representative_days=24",
        "time.extreme_days=true",
    ],
    "tsam 48 days": ["time.representation=representative_days", "time.representative_days=48"],
    "tsam 48 days + extremes": [
        "time.representation=representative_days",
        "time.representative_days=48",
        "time.extreme_days=true",
    ],
}
HEADER = [
    "| representation | planned cost bn CNY/yr | full-year cost bn CNY/yr | extra | new IT MW | "
    "green share annual, planned → full year | hour-matched, planned → full year | "
    "unserved MWh (hours) | holds | solve + validate s |",
    "|---|---|---|---|---|---|---|---|---|---|",
]


def row(label: str, overrides: list[str]) -> str:
    """Solve and validate one representation; return its Markdown row."""
    started = time.perf_counter()
    result = solve(scenario="baseline", overrides=overrides)
    with tempfile.TemporaryDirectory() as root:
        folder = write_results(result, Path(root) / "plan")
        summary = validate_results_dir(folder).summary
    seconds = time.perf_counter() - started

    def share(key: str) -> str:
        return f"{100 * summary[f'planned_{key}']:.1f} → {100 * summary[key]:.1f} %"

    return (
        f"| {label} | {summary['planned_cost_cny_per_year'] / 1e9:.2f} | "
        f"{summary['full_year_cost_cny_per_year'] / 1e9:.2f} | "
        f"{100 * summary['extra_cost_share']:+.1f} % | "
        f"{result.summary['new_it_capacity_mw']:,.0f} | {share('green_share_annual')} | "
        f"{share('green_share_hourly')} | {summary['unserved_it_energy_mwh']:,.0f} "
        f"({summary['unserved_hours']}) | {'yes' if summary['holds_over_full_year'] else 'no'} "
        f"| {seconds:.0f} |"
    )


def main() -> None:
    """Print the table, one row as each representation finishes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", action="append", default=[], choices=list(CASES))
    arguments = parser.parse_args()
    for line in HEADER:
        print(line, flush=True)
    for label, overrides in CASES.items():
        if not arguments.only or label in arguments.only:
            print(row(label, overrides), flush=True)


if __name__ == "__main__":
    main()
