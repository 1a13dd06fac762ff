"""Run the benchmarks and write their table into benchmarks/README.md.

One command: ``python benchmarks/run.py`` (about 85 minutes on 2 cores; ``--quick``, about 10,
skips the full-year runs). Each case runs in a fresh subprocess (``benchmarks/phases.py``), so
its peak memory is its own. It measures, as medians of repeated runs in this one run:

- (a) the default baseline (``models/national-2025.yaml``, 288 modelled hours);
- (b) the full-year national model: 8,760 hours, a site in every province (the ten clusters,
  the six non-hub candidates and one candidate in each other province), all 31 demand regions,
  both workload classes, all corridors in service, storage; latency-bound load routed in annual
  shares, HiGHS interior point;
- (c) a 20-point sweep by re-solve vs rebuild (``benchmarks/sweep_resolve.py``);
- (d) the full-year validation of the default plan (``benchmarks/validate_plan.py``);
- (f) ``dcsite solve`` with its full-year check against the solve alone
  (``benchmarks/solve_validate.py``, target within 3 ×);
- (g) ``dcsite solve --no-maps --no-validate`` from the command to its exit against HiGHS's
  own time (``phases.py --case end-to-end``, target within 1.3 ×);
- each representation's plan validated over the full year, against the bracket HiPO puts on
  the full-year optimum (``benchmarks/representations.py``);
- the full-year default optimised whole with HiPO (``benchmarks/full_year.py``, 30 minutes
  at most), against the 10-minute target: its status, times, memory and last gap.

Only ratios measured in the same run are compared: these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
BEGIN = "<!-- benchmarks/run.py: begin -->"
END = "<!-- benchmarks/run.py: end -->"


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


FULL_YEAR_TIME_LIMIT_S = 1800
FULL_YEAR_GAP = 0.001
"""``solver.interior_point_gap`` of the full-year run: HiPO stalls short of PyPSA-Eur's 1e-4."""


def full_year_rows() -> list[str]:
    """Optimise the full-year default with HiPO (benchmarks/full_year.py); return its table."""
    command = [
        sys.executable,
        str(HERE / "full_year.py"),
        "--time-limit",
        str(FULL_YEAR_TIME_LIMIT_S),
        "--set",
        "time.annual_rows=monthly",
        "--set",
        f"solver.interior_point_gap={FULL_YEAR_GAP}",
    ]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    output = completed.stdout
    phases = re.search(
        r"build ([\d.]+) s, compile ([\d.]+) s, HiGHS ([\d.]+) s, peak ([\d,]+) MB", output
    )
    status = re.search(
        r"^status (.+?), objective ([\d.e+]+) CNY/yr.*primal-dual gap ([\d.e+-]+)",
        output,
        re.MULTILINE,
    )
    # HiPO's iteration lines: iteration, primal and dual objective, infeasibilities, mu, time.
    iterations = re.findall(
        r"^\s+(\d+)\s+([-+.\de]+)\s+([-+.\de]+)\s+\S+\s+\S+\s+\S+\s+[\d.]+$", output, re.MULTILINE
    )
    if phases is None or status is None:
        return ["(benchmarks/full_year.py gave no result; its output:)", "```", output, "```"]
    build, compile_s, highs_s = (float(phases.group(number)) for number in (1, 2, 3))
    total_min = (build + compile_s + highs_s) / 60
    gap = "–"
    if iterations:
        number, primal, dual = iterations[-1]
        primal_value, dual_value = float(primal), float(dual)
        gap = (
            f"{100 * (primal_value - dual_value) / abs(primal_value):.2f} % at interior-point "
            f"iteration {number} (primal {primal_value / 1e6:.2f}, "
            f"dual {dual_value / 1e6:.2f} bn CNY/yr)"
        )
    met = "yes" if status.group(1) == "Optimal" and total_min < 10 else "**no**"
    objective = f"{float(status.group(2)) / 1e9:.2f}" if status.group(1) == "Optimal" else "–"
    return [
        f"`solver.interior_point_gap: {FULL_YEAR_GAP}`, `time.annual_rows: monthly`.",
        "",
        "| status | objective bn CNY/yr | HiGHS's primal-dual gap | build + compile + HiGHS "
        "| peak memory | last interior-point line | < 10 minutes? |",
        "|---|---|---|---|---|---|---|",
        f"| {status.group(1)} | {objective} | {float(status.group(3)):.1e} | {build:.0f} + "
        f"{compile_s:.0f} + {highs_s:.0f} s = {total_min:.1f} min | {phases.group(4)} MB | "
        f"{gap} | {met} |",
    ]


def pathway_rows() -> list[str]:
    """Run the pathway against the single year (benchmarks/pathway.py); return its table."""
    command = [sys.executable, str(HERE / "pathway.py")]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return [line for line in completed.stdout.splitlines() if line.startswith("|")]


def solve_validate_rows() -> list[str]:
    """Run dcsite solve with and without its full-year check; return the table rows."""
    command = [sys.executable, str(HERE / "solve_validate.py")]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout)
    return [
        "| solve alone s (median) | solve + full-year check s (median) | ratio | target | holds |",
        "|---|---|---|---|---|",
        f"| {report['median_solve_s']:.1f} | {report['median_solve_and_validate_s']:.1f} | "
        f"{report['ratio']:.2f} | ≤ {report['target_ratio']:g} | "
        f"{'yes' if report['holds_over_full_year'] else 'no'} |",
    ]


def end_to_end_rows(repeats: int) -> list[str]:
    """Time ``dcsite solve --no-maps --no-validate`` end to end; return the table rows."""
    report = run_case("end-to-end", repeats)
    median = report["median_s"]
    phases = ("imports_s", "prepare_s", "build_s", "handover_s", "results_s", "rest_s")
    return [
        "| wall s | HiGHS s | imports s | prepare s | build s | hand-over s | results s | "
        "the rest s | wall / HiGHS (median of runs) | target |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {median['wall_s']:.1f} | {median['highs_s']:.1f} | "
        + " | ".join(f"{median[phase]:.2f}" for phase in phases)
        + f" | {report['wall_over_highs']:.2f} | ≤ 1.3 |",
    ]


def validation_rows() -> list[str]:
    """Run the full-year validation of the default plan and return its table rows."""
    command = [sys.executable, str(HERE / "validate_plan.py")]
    print("running:", " ".join(command[1:]), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    timings = report["timings_s"]
    sizes = report["sizes"]
    return [
        "| plan | wall s | HiGHS s (12 months, summed over the workers) | peak MB | largest month "
        "(variables / constraints / non-zeros) | algorithm | holds | extra cost | "
        "unserved MWh (hours) | green share hour-matched, planned → full year |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| default baseline ({report['plan_representation']}) | {report['wall_s']:.0f} | "
        f"{timings['highs_solve_s']:.0f} | "
        f"{report['peak_memory_mb']:,.0f} | {sizes['largest_month_variables']:,} / "
        f"{sizes['largest_month_constraints']:,} / {sizes['largest_month_nonzeros']:,} | "
        f"{report['algorithm']} | {'yes' if report['holds_over_full_year'] else 'no'} | "
        f"{100 * report['extra_cost_share']:+.1f} % | "
        f"{report['unserved_it_energy_mwh']:,.0f} ({report['unserved_hours']}) | "
        f"{100 * report['planned_green_share_hourly']:.1f} % → "
        f"{100 * report['green_share_hourly']:.1f} % |",
    ]


def render(sections: dict[str, list[str]], quick: bool = False) -> str:
    """Return the Markdown block that run.py owns in benchmarks/README.md."""
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [BEGIN, "", f"Measured {dt.date.today().isoformat()} on {machine}.", ""]
    if quick:
        lines += [
            "With `--quick`: the full-year runs ((b), the full-year default, each "
            "representation's plan) were not run (their last figures are in the tables above), "
            "and the sweep is of `average_day`, whose HiGHS time is too short for its ratios to "
            "say much.",
            "",
        ]
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
    sweep_title = "(c) Sweep: re-solve vs rebuild, 20 points"
    if arguments.quick:
        sweep_title += " of average_day"
    sections[sweep_title] = sweep_rows(arguments.quick)
    sections["(e) The 2025 → 2030 pathway against the single year (target ≤ 3 ×)"] = pathway_rows()
    sections["(d) Full-year validation of the default plan (target < 180 s, < 4 GB)"] = (
        validation_rows()
    )
    sections["(f) dcsite solve with its full-year check against the solve alone"] = (
        solve_validate_rows()
    )
    sections["(g) dcsite solve end to end against HiGHS's own time (target ≤ 1.3 ×)"] = (
        end_to_end_rows(arguments.repeats)
    )
    if not arguments.quick:
        sections["The full-year default optimised whole (target < 10 minutes)"] = full_year_rows()
        command = [sys.executable, str(HERE / "representations.py")]
        print("running:", " ".join(command[1:]), flush=True)
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
        sections["Each representation's plan over the full year (default model)"] = [
            line
            for line in completed.stdout.splitlines()
            if line.startswith("|") or not line.strip()  # two tables, a blank line between
        ]
    block = render(sections, arguments.quick)
    print(block)
    if not arguments.no_write:
        write_readme(block)


if __name__ == "__main__":
    main()
