"""A solved plan on the console: its headline figures and sites, its audit, its diagnosis.

What ``dcsite solve`` prints once the plan is found (or, with ``--diagnose``, why none is),
and what ``dcsite audit`` prints of a results folder or of a folder of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from optimiser.terminal.consoles import console
from optimiser.terminal.tables import figures_table

if TYPE_CHECKING:
    import pandas as pd

    from optimiser.lp.handover import CompiledLp


def print_diagnosis(compiled: CompiledLp, options: Mapping[str, Any]) -> None:
    """Print the smallest violations of each rule that would make the scenario feasible."""
    from optimiser.lp.diagnose import relaxed_solution, summarise_violations

    summary = summarise_violations(relaxed_solution(compiled, options))
    if summary.empty:
        console.print("diagnosis: even with every relaxable rule relaxed, no plan exists")
        return
    table = figures_table(
        "Diagnosis: the smallest violations that would make a plan (rule units)",
        ("rule", "rows violated", "total", "largest", "largest at"),
        names=("rule", "rows violated", "largest at"),
    )
    for row in summary.itertuples(index=False):
        table.add_row(
            row.rule,
            str(row.rows),
            f"{row.total:,.3f}",
            f"{row.largest:,.3f}",
            escape(row.example),
        )
    console.print(table)


def idle_headline(summary: dict[str, Any]) -> str:
    """Return the idle-capacity headline: the avoidable part first, then the part by design.

    Avoidable is over-building plus demand shortfall; by design the hourly utilisation cap's
    headroom and the hours below the peak, which every plan has (``docs/compute.md``).
    """

    def share(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    idle, cost = summary["idle_it_capacity_mw"], summary["stranded_capex_cny_per_year"]
    if "idle_it_capacity_avoidable_mw" not in summary:  # a plan written before the split
        return (
            f"idle {share(summary['idle_share'])} ({idle:,.0f} MW, "
            f"{summary['idle_it_capacity_eflops']:,.0f} EFLOPS), costing {cost / 1e9:,.2f} "
            "bn CNY/yr"
        )
    return (
        f"avoidable idle {summary['idle_it_capacity_avoidable_mw']:,.0f} MW "
        f"({share(summary['avoidable_idle_share'])}: over-building "
        f"{summary['idle_it_capacity_overbuilt_mw']:,.0f} MW, demand shortfall "
        f"{summary['idle_it_capacity_shortfall_mw']:,.0f} MW), stranding "
        f"{summary['stranded_capex_avoidable_cny_per_year'] / 1e9:,.2f} bn CNY/yr; idle by "
        f"design (utilisation cap's headroom, hours below the peak) "
        f"{summary['idle_it_capacity_by_design_mw']:,.0f} MW, "
        f"{summary['stranded_capex_by_design_cny_per_year'] / 1e9:,.2f} bn CNY/yr; "
        f"all idle {share(summary['idle_share'])} ({idle:,.0f} MW, "
        f"{summary['idle_it_capacity_eflops']:,.0f} EFLOPS), {cost / 1e9:,.2f} bn CNY/yr"
    )


def print_summary(summary: dict[str, Any], clusters: pd.DataFrame) -> None:
    """Print the headline figures and the sites table of a plan."""

    def share(value: float | None) -> str:
        # None (nothing new built) and NaN (a site that consumes nothing) have no share.
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    console.print(
        f"[bold]{summary['model']} / {summary['scenario']}[/]: optimal, "
        f"cost {summary['objective_cny_per_year'] / 1e9:,.2f} bn CNY/yr, "
        f"emissions {summary['emissions_tco2_per_year'] / 1e6:,.2f} MtCO2/yr; audit passed"
    )
    console.print(
        f"new IT capacity {summary['new_it_capacity_mw']:,.0f} MW: "
        f"{share(summary['west_hub_share_of_new_capacity'])} at the four western hubs "
        "(Inner Mongolia, Guizhou, Gansu, Ningxia), "
        f"{share(summary['western_region_share_of_new_capacity'])} in the 12 provinces of the "
        "western region"
    )
    console.print(
        f"IT capacity {summary['total_it_capacity_mw']:,.0f} MW = "
        f"{summary['total_it_capacity_eflops']:,.0f} EFLOPS = {summary['total_racks']:,.0f} "
        f"racks; {idle_headline(summary)}"
    )
    console.print(
        f"green share ({summary['green_accounting']} target "
        f"{share(summary['green_share_target'])}): "
        f"{share(summary['green_share_annual'])} annual (certificates count), "
        f"{share(summary['green_share_hourly'])} 24/7 CFE score (grid at its hourly share), "
        f"{share(summary['green_share_hourly_own_supply'])} CFE score on own supply"
    )
    bought = summary.get("certificates_mwh_per_year") or 0.0
    if bought > 0:
        console.print(
            f"certificates {bought / 1e6:,.2f} TWh/yr, "
            f"{summary['certificate_cost_cny_per_year'] / 1e6:,.1f} M CNY/yr, last one at "
            f"{summary['certificate_marginal_price_cny_per_mwh']:,.2f} CNY/MWh"
        )
    table = figures_table(
        "Sites (green shares: annual / CFE score / CFE score on own supply)",
        (
            "site",
            "role",
            "existing MW",
            "new MW",
            "wind MW",
            "solar MW",
            "green annual",
            "CFE score",
            "own supply",
        ),
        names=("site", "role"),
    )
    for row in clusters.itertuples(index=False):
        table.add_row(
            row.cluster_id,
            row.role,
            f"{row.existing_it_capacity_mw:,.0f}",
            f"{row.new_it_capacity_mw:,.0f}",
            f"{row.wind_capacity_mw:,.0f}",
            f"{row.solar_capacity_mw:,.0f}",
            share(row.green_share_annual),
            share(row.green_share_hourly),
            share(row.green_share_hourly_own_supply),
        )
    console.print(table)


def audit_and_print(folder: Path) -> None:
    """Re-audit a results folder, or every one in a comparison or sweep folder, and print it.

    A results folder prints ``audit passed`` with its checks (a failure is the error); a
    folder of them prints one line per results folder and fails if any of them fails.
    """
    from optimiser.errors import AuditError
    from optimiser.results.folder import (
        audit_folders,
        audit_results_dir,
        is_pathway_dir,
        is_results_folder,
    )

    pathway = is_pathway_dir(folder)
    if pathway:  # the path's own tables, then each period below as a folder of results
        from optimiser.results.pathway import audit_pathway_dir

        checks = audit_pathway_dir(folder)
        console.print(f"[green]passed[/] the path ({len(checks)} checks: {', '.join(checks)})")
    elif is_results_folder(folder) or (folder / "summary.json").exists():
        passed = audit_results_dir(folder)
        console.print(f"[green]audit passed[/] ({len(passed)} checks: {', '.join(passed)})")
        return
    audits = audit_folders(folder)
    for audit in audits:
        name = escape(str(audit.folder.relative_to(folder)))
        if audit.failed:
            reasons = "; ".join(f"{check}: {why}" for check, why in audit.failed.items())
            console.print(f"[red]failed[/] {name}: {escape(reasons)}", highlight=False)
        else:
            console.print(f"[green]passed[/] {name} ({len(audit.passed)} checks)", highlight=False)
    failures = sum(1 for audit in audits if audit.failed)
    if failures:
        msg = f"audit failed in {failures} of {len(audits)} results folders in {folder}"
        raise AuditError(msg)
    console.print(f"all {len(audits)} results folders in [bold]{escape(str(folder))}[/] passed")
