"""A plan's full-year check on the console: its stages as it runs, then its verdict.

What ``dcsite validate`` prints, and what ``dcsite solve`` shows while it checks the plan it
wrote; the verdict line itself is :mod:`optimiser.terminal.verdict`'s.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from optimiser.terminal.consoles import console
from optimiser.terminal.progress import StageProgress
from optimiser.terminal.tables import figures_table
from optimiser.terminal.verdict import print_verdict

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    import pandas as pd

    from optimiser.results.validation import ValidationResult


def print_validation(summary: dict[str, Any], clusters: pd.DataFrame) -> None:
    """Print the full-year verdict, costs and shortfalls of a validated plan."""

    def share(value: float | None) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{round(100 * value, 1) + 0.0:.1f} %"  # + 0.0: never "-0.0 %" from noise

    print_verdict(console, summary, clusters)
    console.print(
        f"unserved IT energy {summary['unserved_it_energy_mwh']:,.0f} MWh in "
        f"{summary['unserved_hours']:,} h; green shortfall {summary['green_shortfall_mwh']:,.0f} "
        "MWh over the year; "
        + (
            f"{summary['floor_shortfall_mwh']:,.0f} MWh below the hourly floor; "
            if summary.get("floor_shortfall_mwh")
            else ""
        )
        + f"validated in {summary['timings_s']['total_s']:.0f} s"
    )
    table = figures_table(
        "Sites over the full year",
        (
            "site",
            "target",
            "green annual",
            "CFE score",
            "own supply",
            "worst hour",
            "unserved MWh",
            "green short MWh",
            "hours below target",
            "holds",
        ),
    )
    for row in clusters.itertuples(index=False):
        table.add_row(
            row.cluster_id,
            share(row.green_share_target),
            share(row.green_share_annual),
            share(row.green_share_hourly),
            share(getattr(row, "green_share_hourly_own_supply", None)),
            share(row.min_hourly_green_share),
            f"{row.unserved_it_energy_mwh:,.0f}",
            f"{row.green_shortfall_mwh:,.0f}",
            f"{row.hours_below_target:,}",
            "yes" if row.holds_over_full_year else "[red]no[/]",
        )
    console.print(table)


def validate_with_progress(
    folder: Path,
    label: str = "full-year validation",
    pool: ProcessPoolExecutor | None = None,
    started: float | None = None,
    weather_year: int | None = None,
) -> ValidationResult:
    """Validate one results folder over the full year, showing its stages with elapsed time.

    ``pool``: worker processes started ahead of the validation
    (:func:`optimiser.results.validation.start_dispatch_workers`); ``started``: the
    ``time.perf_counter()`` the elapsed times count from (default now); ``weather_year``:
    dispatch on that weather year (default the plan's).

    Returns
    -------
    optimiser.results.validation.ValidationResult
        The validation (also written to ``validation/`` and into ``summary.json``).
    """
    from optimiser.results.validation import validate_results_dir

    # One plain line per stage with the time in a log; in a terminal a live line, and a line
    # left for each finished stage: the months take a minute or two between them.
    stages = StageProgress(console, started=started, keep=True)
    with stages.shown(f"{label}: reading the plan and the full year's profiles"):

        def progress(stage: str) -> None:
            stages.update(f"{label}: {stage}")

        return validate_results_dir(folder, progress=progress, pool=pool, weather_year=weather_year)


def validate_and_print(result_dir: Path, weather_year: int | None = None) -> None:
    """Validate a results folder over the full year and print the verdict per site.

    A pathway's folder is validated period by period: each ``periods/<year>/`` is a plan of
    its own year, dispatched over that year's 8,760 hours. ``weather_year``: dispatch on that
    weather year's wind and solar rather than the plan's.
    """
    from optimiser.results.folder import is_pathway_dir, period_folders
    from optimiser.results.validation import check_dir_name

    # A pathway's results folders are its periods.
    folders = period_folders(result_dir) if is_pathway_dir(result_dir) else [result_dir]
    for folder in folders:
        label = "full-year validation" + (f" of {folder.name}" if len(folders) > 1 else "")
        if weather_year is not None:
            label += f" on weather year {weather_year}"
        validation = validate_with_progress(folder, label, weather_year=weather_year)
        if len(folders) > 1:
            console.print(f"[bold]period {folder.name}[/]")
        print_validation(validation.summary, validation.clusters)
        name = check_dir_name(validation.summary, weather_year)
        console.print(f"validation written to [bold]{folder / name}[/]")
