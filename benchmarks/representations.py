"""Representation error measured over the full year: each representation's plan validated.

For the default model (scenario ``baseline``, or ``--scenario NAME``), each time representation
is optimised, written
to a results folder and validated over all 8,760 hours (``dcsite validate``). Printed: one
Markdown row per representation (the plan's cost and the full year's, new IT capacity, the
three green shares planned and over the full year, unserved IT energy and the hours short),
then new IT capacity by site for every representation. With ``--full-year FOLDER`` (a results
folder of the default model optimised over all 8,760 hours, ``time.representation:
full_year``), each plan is also set against that optimum: its cost error and the IT capacity it
sites elsewhere (half the sum over sites of the absolute difference in new IT capacity).

Each group of days is its mean day or its medoid (``time.cluster_representation``, the
default medoid). The ``refined`` cases run ``dcsite refine`` (at most 3 rounds of 4 days; short
days added and short sites' target margins grown) from 12 tsam days with the extreme days;
the last round is the plan. Each case's folder is kept under ``--out`` and
reused when the script is run again (delete it to measure afresh). ``--set KEY=VALUE`` changes
the scenario (e.g. ``policy.green_share_target=0.9``) in every case.

Run: ``python benchmarks/representations.py [--scenario NAME] [--set KEY=VALUE] [--out DIR]
[--full-year FOLDER] [--only LABEL]``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import load_catalogue
from optimiser.paths import default_model_path
from optimiser.pipeline import solve
from optimiser.results.folder import write_results
from optimiser.results.validation import validate_results_dir
from optimiser.scenario import resolve_scenario
from optimiser.studies.refine import refine_plan

TSAM = "time.representation=representative_days"
MONTHLY = "time.representation=monthly_days"
EXTREMES = "time.extreme_days=true"
MEAN = "time.cluster_representation=mean"
MEDOID = "time.cluster_representation=medoid"
CASES = {
    "average_day": ["time.representation=average_day"],
    "monthly mean days": [MONTHLY, MEAN, "time.extreme_days=false"],
    "monthly mean days + extremes": [MONTHLY, MEAN, EXTREMES],
    "monthly medoid days + extremes": [MONTHLY, MEDOID, EXTREMES],
    "tsam 12 mean days": [TSAM, MEAN, "time.extreme_days=false"],
    "tsam 12 mean days + extremes": [TSAM, MEAN, EXTREMES],
    "tsam 12 medoid days + extremes (default)": [TSAM, MEDOID, EXTREMES],
    "tsam 24 mean days + extremes": [TSAM, MEAN, "time.representative_days=24", EXTREMES],
    "tsam 24 medoid days + extremes": [TSAM, MEDOID, "time.representative_days=24", EXTREMES],
    "tsam 48 mean days + extremes": [TSAM, MEAN, "time.representative_days=48", EXTREMES],
    "refined (tsam 12 mean days + extremes)": [TSAM, MEAN, EXTREMES],
    "refined (default)": [TSAM, MEDOID, EXTREMES],
}
REFINED = ("refined (tsam 12 mean days + extremes)", "refined (default)")
MEASURES = ("green_share_annual", "green_share_hourly", "green_share_hourly_own_supply")


def slug(label: str) -> str:
    """Return a folder name for a case label."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def plan_folder(
    label: str, overrides: list[str], out_dir: Path, scenario_name: str = "baseline"
) -> tuple[Path, float]:
    """Solve and validate one representation (or reuse its folder); return it and seconds."""
    target = out_dir / slug(label)
    timing = target / "benchmark_seconds.txt"
    if label in REFINED:
        if not timing.exists():
            started = time.perf_counter()
            scenario = resolve_scenario(default_model_path(), scenario_name, overrides)
            catalogue = load_catalogue(scenario.catalogue_path)
            refine_plan(catalogue, scenario, target, rounds=3, days_per_round=4)
            timing.write_text(f"{time.perf_counter() - started:.1f}", encoding="utf-8")
        rounds = json.loads((target / "refine.json").read_text(encoding="utf-8"))
        solved = [record for record in rounds if record["folder"]]  # not an infeasible round
        return Path(solved[-1]["folder"]), float(timing.read_text(encoding="utf-8"))
    if not timing.exists():
        started = time.perf_counter()
        folder = write_results(solve(scenario=scenario_name, overrides=overrides), target)
        validate_results_dir(folder)
        timing.write_text(f"{time.perf_counter() - started:.1f}", encoding="utf-8")
    return target, float(timing.read_text(encoding="utf-8"))


def new_it_by_site(folder: Path) -> pd.Series:
    """Return a plan's new IT capacity by site [MW]."""
    clusters = pd.read_csv(folder / "clusters.csv", index_col="cluster_id")
    return clusters["new_it_capacity_mw"]


def row(label: str, folder: Path, seconds: float, optimum: Path | None) -> str:
    """Return one representation's Markdown row."""
    plan = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    check = json.loads((folder / "validation" / "validation.json").read_text(encoding="utf-8"))
    shares = " | ".join(
        f"{100 * check[f'planned_{name}']:.1f} → {100 * check[name]:.1f}" for name in MEASURES
    )
    against = ""
    if optimum is not None:
        best = json.loads((optimum / "summary.json").read_text(encoding="utf-8"))
        error = plan["objective_cny_per_year"] / best["objective_cny_per_year"] - 1
        moved = (new_it_by_site(folder) - new_it_by_site(optimum)).abs().sum() / 2
        against = f" {100 * error:+.1f} % | {moved:,.0f} |"
    return (
        f"| {label} | {check['planned_cost_cny_per_year'] / 1e9:.2f} | "
        f"{check['full_year_cost_cny_per_year'] / 1e9:.2f} | "
        f"{100 * check['extra_cost_share']:+.1f} % |{against} "
        f"{plan['new_it_capacity_mw']:,.0f} | {shares} | "
        f"{check['unserved_it_energy_mwh']:,.0f} ({check['unserved_hours']}) | "
        f"{check['green_shortfall_mwh'] / 1000:,.0f} | "
        f"{'yes' if check['holds_over_full_year'] else 'no'} | "
        f"{plan['sizes']['variables']:,} | {plan['timings_s']['highs_solve_s']:.0f} | "
        f"{seconds:.0f} |"
    )


def header(optimum: Path | None) -> list[str]:
    """Return the table's header lines."""
    against = " against the full-year optimum | IT MW sited elsewhere |" if optimum else ""
    columns = (
        "| representation | planned cost bn CNY/yr | full-year cost of the plan bn CNY/yr | "
        f"extra |{against} new IT MW | green annual % | CFE score % | "
        "CFE score on own supply % | unserved MWh (hours) | green short GWh | holds | "
        "variables | HiGHS s | "
        "solve + validate s |"
    )
    return [columns, "|" + "---|" * (columns.count("|") - 1)]


def sites_table(folders: dict[str, Path], optimum: Path | None) -> pd.DataFrame:
    """Return new IT capacity by site [MW], one column per representation."""
    columns = {label: new_it_by_site(folder) for label, folder in folders.items()}
    if optimum is not None:
        columns["full-year optimum"] = new_it_by_site(optimum)
    table = pd.DataFrame(columns).round(0)
    return table[(table > 0).any(axis=1)]


def main() -> None:
    """Print the tables, one row as each representation finishes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="baseline", help="scenario of the default model")
    parser.add_argument("--out", type=Path, default=Path("benchmark-representations"))
    parser.add_argument("--full-year", type=Path, default=None, help="full-year results folder")
    parser.add_argument("--only", action="append", default=[], choices=list(CASES))
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    for line in header(arguments.full_year):
        print(line, flush=True)
    folders = {}
    for label, overrides in CASES.items():
        if not arguments.only or label in arguments.only:
            folder, seconds = plan_folder(
                label, [*overrides, *arguments.overrides], arguments.out, arguments.scenario
            )
            folders[label] = folder
            print(row(label, folder, seconds, arguments.full_year), flush=True)
    print()
    for line in markdown(sites_table(folders, arguments.full_year)):
        print(line)


def markdown(table: pd.DataFrame) -> list[str]:
    """Return a table of MW as Markdown lines (sites as rows)."""
    lines = ["| new IT MW by site | " + " | ".join(table.columns) + " |"]
    lines.append("|" + "---|" * (len(table.columns) + 1))
    for site, values in table.iterrows():
        lines.append(f"| {site} | " + " | ".join(f"{value:,.0f}" for value in values) + " |")
    return lines


if __name__ == "__main__":
    main()
