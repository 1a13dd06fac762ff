"""The terminal face of a pathway: solve, write, draw and print it (``dcsite solve``).

Used by :mod:`optimiser.cli` when the scenario sets ``pathway.periods``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from optimiser.terminal.consoles import console
from optimiser.terminal.decorations import warn_about_failed_artefacts
from optimiser.terminal.progress import StageProgress

if TYPE_CHECKING:
    import pandas as pd

    from optimiser.scenario import ResolvedScenario


def print_pathway_summary(summary: dict[str, Any], path: pd.DataFrame) -> None:
    """Print a pathway's periods (one row each) and its totals."""
    table = Table(
        title=f"{summary['model']} / {summary['scenario']}: {summary['foresight']} foresight"
    )
    for header in (
        "period",
        "cost bn CNY/yr",
        "IT capacity MW",
        "built MW",
        "west hubs' share",
        "green annual",
        "CFE score",
        "own supply",
        "idle",
    ):
        table.add_column(header, justify="right")
    built = summary["new_it_capacity_built_mw"]

    def share(value: Any) -> str:
        return "–" if value is None or value != value else f"{100 * value:.1f} %"

    for row in path.to_dict("records"):
        table.add_row(
            str(row["period"]),
            f"{row['objective_cny_per_year'] / 1e9:,.1f}",
            f"{row['total_it_capacity_mw']:,.0f}",
            f"{built.get(str(row['period']), 0.0):,.0f}",
            share(row["west_hub_share_of_new_capacity"]),
            share(row["green_share_annual"]),
            share(row["green_share_hourly"]),
            share(row["green_share_hourly_own_supply"]),
            share(row["idle_share"]),
        )
    console.print(table)
    console.print(
        f"discounted cost of the path {summary['npv_cost_cny'] / 1e9:,.0f} bn CNY "
        f"(to {summary['base_year']}, at {100 * summary['discount_rate']:.1f} %); cumulative "
        f"emissions {summary['cumulative_emissions_tco2'] / 1e6:,.1f} MtCO2"
    )


def solve_pathway_command(
    resolved: ResolvedScenario,
    catalogue: Path | None,
    *,
    out: Path | None,
    overwrite: bool,
    maps: bool,
    validate: bool = True,
    single_year_options: Mapping[str, object] | None = None,
) -> None:
    """Solve, write and draw a pathway scenario, as ``dcsite solve`` does for one year.

    With ``validate``, every period's plan is then dispatched over the full year (before the
    reports are drawn, so they show it). ``single_year_options`` are the options given that
    apply to a single year only (``--verbose``, ``--diagnose``, ``--export-model``): for a
    pathway they are refused rather than ignored.

    Parameters
    ----------
    resolved : optimiser.scenario.ResolvedScenario
        The pathway scenario (``pathway.periods`` set), resolved once by the command, with
        ``--foresight`` applied.
    catalogue : pathlib.Path, optional
        Catalogue folder (``--catalogue``).

    Raises
    ------
    optimiser.errors.InputError
        A single-year option given for a pathway (it would be ignored).
    """
    from optimiser.errors import InputError
    from optimiser.pipeline.pathway import (
        solve_pathway_resolved,
        write_pathway_decorations,
        write_pathway_results,
    )
    from optimiser.results.folder import check_output_dir

    for option, value in (single_year_options or {}).items():
        if value:
            raise InputError(option, str(value), "applies to a single-year solve, not a pathway")
    if out is not None:
        check_output_dir(out, overwrite)
    started = time.perf_counter()
    stages = StageProgress(console, started=started)
    with stages.shown():
        result = solve_pathway_resolved(resolved, catalogue, progress=stages.update)
        stages.update("writing results")
        written = write_pathway_results(result, out, overwrite=overwrite)
    if validate:
        from optimiser.results.validation import record_period_verdicts
        from optimiser.terminal.validation_view import validate_and_print

        # Each period's plan over its own year, before the summary so that the verdicts lead.
        validate_and_print(written)
        verdicts = record_period_verdicts(written)
        failing = [str(period) for period, holds in verdicts.items() if not holds]
        if failing:
            console.print(
                f"[bold red]✗ the path does not hold over the full year[/] in {len(failing)} "
                f"of {len(verdicts)} periods ({', '.join(failing)}); see each period above"
            )
        else:
            console.print("[bold green]✓ every period holds over its full year[/]")
    print_pathway_summary(result.summary, result.path)
    failed: list[str] = []
    if maps:
        with stages.shown("drawing maps and reports"):
            outcomes = write_pathway_decorations(written, result, stages.update)
        failed = warn_about_failed_artefacts(outcomes)
    console.print(f"results written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)")
    if failed:
        from optimiser.errors import EXIT_DECORATION_FAILED

        raise typer.Exit(EXIT_DECORATION_FAILED)
