"""The tables of the studies of several solves: alternatives, refine rounds, shortfall.

``dcsite alternatives`` shows each solve as it happens and then the near-optimal range;
``dcsite refine`` its rounds; ``dcsite shortfall`` what a plan strands when less demand
comes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from optimiser.terminal.consoles import console
from optimiser.terminal.progress import StageProgress
from optimiser.terminal.tables import figures_table

if TYPE_CHECKING:
    import pandas as pd

    from optimiser.studies.refine import RefineRound


def alternatives_view(table: pd.DataFrame, group: str, slack: float) -> Table:
    """Return the near-optimal range of a group of sites as a rich table."""
    view = figures_table(
        f"Near-optimal range of compute served in {escape(group)} "
        f"(cost within {100 * slack:.1f} % of the optimum)",
        (
            "plan",
            f"IT energy in {group} TWh/yr",
            f"new IT MW in {group}",
            "cost bn CNY/yr",
            "cost increase",
        ),
        names=("plan",),
    )
    for row in table.itertuples(index=False):
        view.add_row(
            row.plan,
            f"{row.group_it_energy_mwh / 1e6:,.2f}",
            f"{row.group_new_it_capacity_mw:,.0f}",
            f"{row.objective_cny_per_year / 1e9:,.3f}",
            f"{100 * row.cost_increase:+.2f} %",
        )
    return view


def alternatives_and_print(
    model: Path,
    scenario: str,
    group: str,
    slack: float,
    *,
    out_dir: Path | None = None,
    overrides: Sequence[str] = (),
    overwrite: bool = False,
) -> Path:
    """Solve and write the near-optimal range of a group, showing each solve as it happens.

    The arguments are those of :func:`optimiser.studies.alternatives.run_alternatives`.
    Returns the folder written.
    """
    from optimiser.studies.alternatives import run_alternatives

    started = time.perf_counter()
    stages = StageProgress(console, started=started, keep=True)
    with stages.shown("reading the model and the catalogue"):
        written, table = run_alternatives(
            model,
            scenario,
            group,
            slack,
            out_dir,
            overrides=overrides,
            overwrite=overwrite,
            progress=stages.update,
        )
    console.print(alternatives_view(table, group, slack))
    console.print(
        f"alternatives written to [bold]{escape(str(written))}[/] "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return written


def rounds_table(records: Sequence[RefineRound]) -> Table:
    """Return the rounds of ``dcsite refine``: days added, costs, shortfalls, verdict."""
    table = figures_table(
        "Rounds",
        (
            "round",
            "extra days",
            "target margins",
            "planned bn CNY/yr",
            "full year bn CNY/yr",
            "unserved MWh",
            "green short MWh",
            "holds",
            "status",
        ),
        names=(),
    )
    for record in records:
        table.add_row(
            str(record.round),
            ", ".join(str(day) for day in record.extra_days) or "–",
            ", ".join(
                f"{site} +{100 * margin:.1f} pt" for site, margin in record.target_margins.items()
            )
            or "–",
            f"{record.planned_cost_cny_per_year / 1e9:,.3f}",
            f"{record.full_year_cost_cny_per_year / 1e9:,.3f}",
            f"{record.unserved_it_energy_mwh:,.0f}",
            f"{record.green_shortfall_mwh:,.0f}",
            "yes" if record.holds_over_full_year else "no",
            escape(record.status),
        )
    return table


def shortfall_view(table: pd.DataFrame, demand_scale: float) -> Table:
    """Return ``dcsite shortfall``'s table: per site, new capacity and what stands idle."""
    view = figures_table(
        f"Built for the planned demand, {100 * demand_scale:.0f} % of it comes: "
        "idle IT capacity by site",
        (
            "site",
            "new MW",
            "idle MW planned",
            "idle MW then",
            "idle EFLOPS then",
            "stranded bn CNY/yr then",
        ),
    )
    for row in table.itertuples(index=False):
        view.add_row(
            row.cluster_id,
            f"{row.new_it_capacity_mw_planned:,.0f}",
            f"{row.idle_it_capacity_mw_planned:,.0f}",
            f"{row.idle_it_capacity_mw_realised:,.0f}",
            f"{row.idle_it_capacity_eflops_realised:,.1f}",
            f"{row.stranded_capex_cny_per_year_realised / 1e9:,.2f}",
        )
    return view
