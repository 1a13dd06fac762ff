"""The full-year verdict leads what a solve prints: holds, or what falls short and what to do."""

from __future__ import annotations

import pandas as pd
from rich.console import Console

from optimiser.terminal.verdict import print_verdict, shortfall_lines, verdict_line


def summary(holds: bool) -> dict[str, object]:
    return {
        "hours": 8760,
        "holds_over_full_year": holds,
        "planned_cost_cny_per_year": 100e9,
        "full_year_cost_cny_per_year": 101e9,
        "extra_cost_cny_per_year": 1e9,
        "unserved_it_energy_mwh": 0.0 if holds else 750.0,
        "unserved_hours": 0 if holds else 28,
        "green_shortfall_mwh": 0.0 if holds else 3_274_000.0,
        "floor_shortfall_mwh": 0.0,
        "planned_green_share_hourly": 0.814,
        "green_share_hourly": 0.760,
    }


SITES = pd.DataFrame(
    {"cluster_id": ["guian", "horinger", "tianfu"], "holds_over_full_year": [False, False, True]}
)


def test_a_plan_that_holds_says_so_in_one_line() -> None:
    line = verdict_line(summary(True))
    assert "holds over the full year" in line
    assert "101.00 bn CNY/yr against 100.00 planned (+1.00 bn)" in line
    assert shortfall_lines(summary(True), SITES) == []


def test_a_plan_that_does_not_hold_names_its_sites_figures_and_remedy() -> None:
    console = Console(width=300, record=True)
    print_verdict(console, summary(False), SITES)
    text = console.export_text()
    assert text.splitlines()[0].startswith("✗ does not hold over the full year")
    assert "2 of 3 sites fall short: guian, horinger" in text
    assert "750 MWh in 28 hours" in text
    assert "3,274 GWh over the year" in text
    assert "CFE score 81.4 % planned → 76.0 % over the year" in text
    assert "dcsite refine" in text
