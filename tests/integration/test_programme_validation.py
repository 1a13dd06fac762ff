"""docs/validation.md quotes the model's figures from the default baseline: they must be current.

Each row's bold figures are recomputed from the shared `dcsite solve` of the default model (the
run the page names) and must appear, as printed, in that row.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from tests.repository import REPO_ROOT
from tests.solved_results import default_results_folder

PAGE = REPO_ROOT / "docs" / "validation.md"


def percent(value: float) -> str:
    return f"**{100 * value:.1f} %**"


def model_figures() -> dict[str, list[str]]:
    folder = default_results_folder()
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    sites = pd.read_csv(folder / "clusters.csv").set_index("cluster_id")
    west_hubs = sites[(sites["role"] == "west") & sites["is_hub_cluster"]]
    lowest = west_hubs["green_share_hourly_own_supply"].idxmin()
    yrd = sites.loc[["yrd_demo_zone", "wuhu"]]
    return {
        "V1": [
            percent(summary["west_hub_share_of_new_capacity"]),
            percent(summary["western_region_share_of_new_capacity"]),
        ],
        "V2": [
            percent(sites.loc["horinger", "green_share_annual"]),
            percent(sites.loc["horinger", "green_share_hourly"]),
            percent(sites.loc["horinger", "green_share_hourly_own_supply"]),
        ],
        "V3": [
            f"Gui'an {percent(west_hubs.loc[lowest, 'green_share_hourly_own_supply'])}"
            if lowest == "guian"
            else f"{lowest} (lowest western hub)",
            percent(sites.loc["horinger", "green_share_hourly_own_supply"]),
        ],
        "V4": [
            percent(sites.loc["yrd_demo_zone", "green_share_hourly"]),
            percent(sites.loc["wuhu", "green_share_hourly"]),
            f"**{yrd['certificates_mwh'].sum() / 1e6:.2f} TWh/yr**",
            percent(sites.loc["zhangjiakou", "green_share_annual"]),
        ],
        "V5": [
            percent(summary["green_share_annual"]),
            percent(summary["green_share_hourly"]),
            percent(summary["green_share_hourly_own_supply"]),
        ],
        "V6": [
            f"**{summary['energy_mwh_per_year'] / 1e6:.1f} TWh/yr**",
            f"{summary['it_energy_mwh_per_year'] / 1e6:.1f} TWh/yr",
        ],
        "V7": [
            f"**{summary['total_it_capacity_eflops']:,.0f} EFLOPS**",
            f"**{summary['total_racks'] / 1e6:.2f} M racks**",
        ],
        "V8": [
            percent(summary["idle_share"]),
            f"({summary['idle_it_capacity_mw']:,.0f} MW)",
            f"**{summary['stranded_capex_cny_per_year'] / 1e9:.1f} bn CNY/yr**",
            f"**{summary['idle_it_capacity_avoidable_mw']:,.0f} MW**",
        ],
    }


def page_rows() -> dict[str, str]:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (V\d+) \|", line)
        if match:
            rows[match.group(1)] = line
    return rows


@pytest.mark.parametrize("row", ["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8"])
def test_validation_page_quotes_the_current_baseline(row: str) -> None:
    line = page_rows()[row]
    for figure in model_figures()[row]:
        assert figure in line, f"docs/validation.md {row}: expected {figure}"


def pathway_figures() -> dict[str, list[str]]:
    """The figures P1-P6 quote, recomputed from a solve of the built-in pathway."""
    from optimiser.pipeline.pathway import solve_pathway

    result = solve_pathway("pathway-2030")
    path = result.path.set_index("period")
    clusters = {
        period: plan.clusters.set_index("cluster_id") for period, plan in result.periods.items()
    }
    corridors = {
        period: plan.corridors.set_index("corridor_id") for period, plan in result.periods.items()
    }
    energy = path["energy_mwh_per_year"] / 1e6
    eflops = path["total_it_capacity_eflops"]
    west = path["west_hub_share_of_new_capacity"]
    return {
        "P1": [
            f"**{energy[2025]:.1f} TWh/yr**",
            f"**{energy[2027]:.1f}**",
            f"**{energy[2030]:.1f}**",
        ],
        "P2": [
            f"**{eflops[2025]:,.0f} EFLOPS**",
            f"**{eflops[2027]:,.0f}**",
            f"**{eflops[2030]:,.0f}**",
        ],
        "P3": [
            f"**{clusters[2025].loc['qingyang', 'total_it_capacity_mw']:,.0f} MW**",
            f"**{clusters[2030].loc['qingyang', 'total_it_capacity_mw']:,.0f} MW**",
        ],
        "P4": [f"**{corridors[2030].loc['tibet_southeast_gba', 'energy_mwh'] / 1e6:.2f} TWh/yr**"],
        "P5": [
            f"**{corridors[2027].loc['mengxi_jingjinji', 'energy_mwh'] / 1e6:.2f} TWh/yr**",
            f"**{corridors[2030].loc['mengxi_jingjinji', 'energy_mwh'] / 1e6:.2f}**",
        ],
        "P6": [percent(west[2025]), percent(west[2027]), percent(west[2030])],
    }


@pytest.mark.slow
def test_validation_page_quotes_the_current_pathway() -> None:
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (P\d+) \|", line)
        if match:
            rows[match.group(1)] = line
    for row, figures in pathway_figures().items():
        for figure in figures:
            assert figure in rows[row], f"docs/validation.md {row}: expected {figure}"
