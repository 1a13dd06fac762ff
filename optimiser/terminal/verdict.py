"""The full-year verdict of a plan, printed before anything else about it.

A plan optimised on modelled days is a claim about the whole year; ``dcsite solve`` dispatches
it over all 8,760 hours (:mod:`optimiser.results.validation`) and leads with whether it holds.
A plan that does not hold is named as such, with the sites that fall short, the full-year
figures beside the planned ones, and what to do about it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape

MEASURE_NAMES = {
    "green_share_annual": "annual green share",
    "green_share_hourly": "CFE score",
    "green_share_hourly_own_supply": "CFE score on own supply",
}
"""The three green measures, as a planner reads them."""


def _share(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(100 * value, 1) + 0.0:.1f} %"  # + 0.0: never "-0.0 %" from noise


def verdict_line(summary: Mapping[str, Any]) -> str:
    """Return the one-line verdict of ``validation.json`` (rich markup).

    Parameters
    ----------
    summary : mapping
        ``validation/validation.json`` of a plan.
    """
    extra = summary["extra_cost_cny_per_year"] / 1e9
    cost = (
        f"full-year cost {summary['full_year_cost_cny_per_year'] / 1e9:,.2f} bn CNY/yr against "
        f"{summary['planned_cost_cny_per_year'] / 1e9:,.2f} planned ({extra:+,.2f} bn)"
    )
    by_year = summary.get("holds_over_full_year_by_weather_year") or {}
    hours = f"{summary['hours']:,} hours"
    if by_year:  # a plan made on several weather years, checked on each
        hours = f"{summary['hours']:,} hours of each of weather years {', '.join(by_year)}"
        cost = f"weather year {next(iter(by_year))}: {cost}"
    if summary["holds_over_full_year"]:
        return (
            f"[bold green]✓ holds over the full year[/] ({hours} dispatched: "
            f"no IT load unserved, every target met in its measure); {cost}"
        )
    failing = [year for year, holds in by_year.items() if not holds]
    where = f", short in weather year {', '.join(failing)}" if failing else ""
    return f"[bold red]✗ does not hold over the full year[/] ({hours}{where}); {cost}"


def shortfall_lines(summary: Mapping[str, Any], clusters: pd.DataFrame) -> list[str]:
    """Return what falls short over the full year and what to do about it (rich markup).

    Parameters
    ----------
    summary : mapping
        ``validation/validation.json`` of a plan.
    clusters : pandas.DataFrame
        ``validation/clusters.csv``: one row per site.
    """
    if summary["holds_over_full_year"]:
        return []
    short = clusters[~clusters["holds_over_full_year"].astype(bool)]
    if short.empty:  # short in another weather year than this check's
        return ["  see validation-weather-year-<year>/ for the years that fall short"]
    names = ", ".join(escape(str(site)) for site in short["cluster_id"])
    lines = [f"  {len(short)} of {len(clusters)} sites fall short: {names}"]
    if summary["unserved_it_energy_mwh"] > 0:
        lines.append(
            f"  IT load unserved: {summary['unserved_it_energy_mwh']:,.0f} MWh in "
            f"{summary['unserved_hours']:,} hours (capacity sized below the year's peak)"
        )
    if summary["green_shortfall_mwh"] > 0:
        lines.append(
            f"  green shortfall: {summary['green_shortfall_mwh'] / 1000:,.0f} GWh over the year"
        )
    if summary.get("floor_shortfall_mwh"):
        lines.append(f"  below the hourly floor: {summary['floor_shortfall_mwh'] / 1000:,.1f} GWh")
    if summary.get("grid_above_headroom_mwh"):
        lines.append(f"  grid above headroom: {summary['grid_above_headroom_mwh']:,.0f} MWh")
    if summary.get("emissions_above_cap_tco2"):
        lines.append(f"  emissions above the cap: {summary['emissions_above_cap_tco2']:,.0f} t")
    measures = "; ".join(
        f"{label} {_share(summary.get(f'planned_{name}'))} planned → "
        f"{_share(summary.get(name))} over the year"
        for name, label in MEASURE_NAMES.items()
    )
    lines.append(f"  {measures}")
    lines.append(
        "  what to do: more rounds of target margins (dcsite solve --hold-rounds 8, for a "
        "green shortfall), [bold]dcsite refine[/] with the same model, scenario and --set (adds "
        "the short days and plans each short site's gap as a target margin), a finer "
        "representation (--set time.representative_days=24), or the full year itself "
        "(--set time.representation=full_year --set solver.interior_point_gap=0.001, about "
        "20 minutes); docs/validation.md"
    )
    return lines


def print_verdict(console: Console, summary: Mapping[str, Any], clusters: pd.DataFrame) -> None:
    """Print the verdict line, then, for a plan that does not hold, what falls short."""
    console.print(verdict_line(summary), highlight=False)
    for line in shortfall_lines(summary, clusters):
        console.print(line, highlight=False)
