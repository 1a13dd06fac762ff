"""Run the benchmarks and write their table into benchmarks/README.md.

One command: ``python benchmarks/run.py`` (about 30 minutes on 2 cores; ``--quick`` skips the
full-year national model). Each case runs in a fresh subprocess (``benchmarks/phases.py``), so
its peak memory is its own. It measures, as medians of repeated runs in this one run:

- (a) the default baseline (``models/national-2025.yaml``, 288 modelled hours);
- (b) the full-year national model: 8,760 hours, a site in every province (the ten clusters,
  the six non-hub candidates and one candidate in each other province), all 31 demand regions,
  both workload classes, all corridors in service, storage; latency-bound load routed in annual
  shares, HiGHS interior point;
- (c) a 20-point sweep by re-solve vs rebuild (``benchmarks/sweep_resolve.py``);
- (d) the full-year validation of the default plan (``benchmarks/validate_plan.py``);
- each representation's plan validated over the full year (``benchmarks/representations.py``);
- the error of each representative-period choice against the full year, on the default model.

Only ratios measured in the same run are compared: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN = "<!-- benchmarks/run.py: begin -->"
END = "<!-- benchmarks/run.py: end -->"
REPRESENTATIONS = [
    ("average_day", {"time.representation": "average_day"}),
    ("monthly_days (default)", {"time.representation": "monthly_days"}),
    ("representative_days, 12", {"time.representation": "representative_days"}),
    (
        "representative_days, 24",
        {"time.representation": "representative_days", "time.representative_days": 24},
    ),
    # Dual simplex needs more than 16 minutes on the full year; interior point is the method.
    (
        "full_year",
        {"time.representation": "full_year", "solver.method": "ipm", "solver.time_limit_s": 1800},
    ),
]


def run_case(case: str, repeats: int, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run ``phases.py`` for one case in a subprocess and return its JSON report."""
    command = [sys.executable, str(HERE / "phases.py"), "--case", case, "--repeats", str(repeats)]
    for key, value in (settings or {}).items():
        command += ["--set", f"{key}={value}"]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def phase_row(label: str, report: dict[str, Any]) -> str:
    """Return one Markdown table row of phase medians."""
    median = report["median_s"]
    sizes = report["sizes"]
    if report.get("status", "Optimal") != "Optimal":
        label = f"{label} — **{report['status']}**"
    return (
        f"| {label} | {sizes['variables']:,} / {sizes['constraints']:,} / "
        f"{sizes['nonzeros']:,} | {median['prepare_s']:.2f} | {median['build_s']:.2f} | "
        f"{median['handover_s']:.2f} | {median['highs_s']:.2f} | "
        f"{median['results_s'] + median['audit_s']:.2f} | "
        f"{report['everything_but_highs_over_highs']:.2f} | {report['peak_memory_mb']:,.0f} |"
    )


def representation_rows(reports: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Return Markdown rows of each representation's figures and error against the full year."""
    reference = reports[-1][1]
    solved_reference = "objective_cny_per_year" in reference

    def error(report: dict[str, Any], key: str) -> str:
        if not solved_reference:
            return "n/a"
        return f"{100 * (report[key] / reference[key] - 1):+.2f} %"

    rows = []
    for label, report in reports:
        if "objective_cny_per_year" not in report:
            rows.append(
                f"| {label} | {report['sizes']['variables']:,} | {report['status']} after "
                f"{report['median_s']['highs_s']:.0f} s of HiGHS | | | | | | |"
            )
            continue
        rows.append(
            f"| {label} | {report['sizes']['variables']:,} | "
            f"{report['objective_cny_per_year'] / 1e9:.3f} | "
            f"{error(report, 'objective_cny_per_year')} | "
            f"{report['new_it_capacity_mw']:,.0f} | {error(report, 'new_it_capacity_mw')} | "
            f"{100 * report['west_share_of_new_capacity']:.1f} % | "
            f"{100 * report['green_share_hourly']:.1f} % | "
            f"{report['median_s']['highs_s']:.1f} |"
        )
    return rows


def sweep_rows(quick: bool) -> list[str]:
    """Run the re-solve vs rebuild sweep and return its summary lines."""
    script = HERE / "sweep_resolve.py"
    if not script.exists():
        return ["(benchmarks/sweep_resolve.py is missing)"]
    command = [sys.executable, str(script), "--points", "20"]
    if quick:
        command += ["--representation", "average_day"]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    table = next(number for number, line in enumerate(lines) if line.startswith("| path"))
    return ["```", *lines[table:], "```"]


def pathway_rows() -> list[str]:
    """Run the pathway against the single year (benchmarks/pathway.py); return its table."""
    command = [sys.executable, str(HERE / "pathway.py")]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return [line for line in completed.stdout.splitlines() if line.startswith("|")]


def validation_rows() -> list[str]:
    """Run the full-year validation of the default plan and return its table rows."""
    command = [sys.executable, str(HERE / "validate_plan.py")]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    timings = report["timings_s"]
    sizes = report["sizes"]
    return [
        "| plan | wall s | HiGHS s (12 months) | everything else s | peak MB | largest month "
        "(variables / constraints / non-zeros) | algorithm | holds | extra cost | "
        "unserved MWh (hours) | green share hour-matched, planned → full year |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| default baseline ({report['plan_representation']}) | {report['wall_s']:.0f} | "
        f"{timings['highs_solve_s']:.0f} | {report['wall_s'] - timings['highs_solve_s']:.0f} | "
        f"{report['peak_memory_mb']:,.0f} | {sizes['largest_month_variables']:,} / "
        f"{sizes['largest_month_constraints']:,} / {sizes['largest_month_nonzeros']:,} | "
        f"{report['algorithm']} | {'yes' if report['holds_over_full_year'] else 'no'} | "
        f"{100 * report['extra_cost_share']:+.1f} % | "
        f"{report['unserved_it_energy_mwh']:,.0f} ({report['unserved_hours']}) | "
        f"{100 * report['planned_green_share_hourly']:.1f} % → "
        f"{100 * report['green_share_hourly']:.1f} % |",
    ]


def render(sections: dict[str, list[str]]) -> str:
    """Return the Markdown block that run.py owns in benchmarks/README.md."""
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [BEGIN, "", f"Measured {dt.date.today().isoformat()} on {machine}.", ""]
    for title, rows in sections.items():
        lines += [f"### {title}", "", *rows, ""]
    lines.append(END)
    return "\n".join(lines)


def write_readme(block: str) -> None:
    """Replace run.py's block in benchmarks/README.md (or append it)."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    """Run every benchmark and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the full-year runs")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of the baseline")
    parser.add_argument("--no-write", action="store_true", help="print, do not write README")
    arguments = parser.parse_args()
    header = [
        "| case | variables / constraints / non-zeros | prepare s | build s | hand-over s | "
        "HiGHS s | results + audit s | everything-but-HiGHS / HiGHS | peak MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    phases = [phase_row("(a) default baseline, 288 h", run_case("baseline", arguments.repeats))]
    if not arguments.quick:
        phases.append(
            phase_row("(b) national, full year, 31 sites", run_case("national-full-year", 1))
        )
    sections = {"Phases (medians)": header + phases}
    if not arguments.quick:
        reports = [
            (label, run_case("baseline", 1, {**settings, "latency.routing": "annual_shares"}))
            for label, settings in REPRESENTATIONS
        ]
        sections["Representative periods against the full year (default model)"] = [
            "| representation | variables | cost bn CNY/yr | cost error | new IT MW | "
            "new IT error | west share of new | green share hour-matched | HiGHS s |",
            "|---|---|---|---|---|---|---|---|---|",
            *representation_rows(reports),
        ]
    sections["(c) Sweep: re-solve vs rebuild, 20 points"] = sweep_rows(arguments.quick)
    sections["(e) The 2025 → 2030 pathway against the single year (target ≤ 3 ×)"] = pathway_rows()
    sections["(d) Full-year validation of the default plan (target < 180 s, < 4 GB)"] = (
        validation_rows()
    )
    if not arguments.quick:
        command = [sys.executable, str(HERE / "representations.py")]
        print("running:", " ".join(command[1:]), flush=True)
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
        sections["Each representation's plan over the full year (default model)"] = [
            line
            for line in completed.stdout.splitlines()
            if line.startswith("|") or not line.strip()  # two tables, a blank line between
        ]
    block = render(sections)
    print(block)
    if not arguments.no_write:
        write_readme(block)


if __name__ == "__main__":
    main()
