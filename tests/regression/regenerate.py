"""Regenerate the stored headline figures of the default baseline (test_regression.py beside it).

Run after an intended change to the model or the data, and review the diff before committing:
``python tests/regression/regenerate.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import optimiser

STORED = Path(__file__).with_name("baseline.json")
# The figures that are unique at the optimum (curtailment, corridor use and certificates can
# move between equally cheap plans, so they are left to the other tests).
FIGURES = (
    "objective_cny_per_year",
    "total_it_capacity_mw",
    "new_it_capacity_mw",
    "west_hub_share_of_new_capacity",
    "western_region_share_of_new_capacity",
    "green_share_annual",
    "green_share_hourly",
    "green_share_hourly_own_supply",
    "emissions_tco2_per_year",
    "energy_mwh_per_year",
    "it_energy_mwh_per_year",
)


def headline(summary: dict) -> dict[str, float]:
    """Return the figures the regression test compares."""
    return {name: summary[name] for name in FIGURES}


def main() -> None:
    """Solve the default model's baseline and store its headline figures."""
    result = optimiser.solve(scenario="baseline")
    figures = headline(result.summary)
    figures["cost_breakdown_cny_per_year"] = result.summary["cost_breakdown_cny_per_year"]
    STORED.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {STORED}")


if __name__ == "__main__":
    main()
