"""Diagnose an infeasible scenario by relaxing its rules with priced slack.

Used when a solve is infeasible and the user asks ``dcsite solve --diagnose``. The rows of
each relaxable rule family get slack columns with a high price (per unit of violation, in the
rule's own unit: MW, MWh or tCO2), so HiGHS finds the cheapest set of violations that would
make the plan feasible. The answer lists, per rule, how many rows had to give way and by how
much: the smallest change to the scenario that would let it solve. The IIS
(:func:`optimiser.lp.infeasibility.irreducible_infeasible_subset`) says *which* rules conflict;
this says *by how much*.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import highspy
import numpy as np
import pandas as pd

from optimiser.lp.handover import CompiledLp
from optimiser.lp.highs_run import new_highs

RELAXABLE_RULES = (
    "demand_served",
    "flexible_demand_served",
    "flexible_demand_allocated",
    "it_load_within_capacity",
    "capacity_within_maximum",
    "wind_within_potential",
    "solar_within_potential",
    "storage_within_potential",
    "corridor_flow_within_limit",
    "grid_within_headroom",
    "green_share_at_least_target",
    "green_share_at_least_floor",
    "carbon_within_cap",
)
"""Rule families that may give way; the physics (balances, storage) never does."""

SLACK_PRICE_KCNY_PER_UNIT = 1e6
VIOLATION_TOLERANCE = 1e-6


def relaxed_solution(
    compiled: CompiledLp, options: Mapping[str, Any], rules: tuple[str, ...] = RELAXABLE_RULES
) -> pd.DataFrame:
    """Solve the LP with priced slack on the rows of the given rules.

    Parameters
    ----------
    compiled : CompiledLp
        The infeasible LP as handed to HiGHS.
    options : mapping
        HiGHS options.
    rules : tuple of str
        Rule families allowed to give way.

    Returns
    -------
    pandas.DataFrame
        One row per violated constraint row: ``rule``, ``index``, ``violation`` (in the
        rule's unit), ``direction`` (``over`` the upper bound or ``under`` the lower bound).
        Empty if even the relaxed LP has no solution.
    """
    lp = compiled.lp
    positions = [
        position for position, component in enumerate(compiled.row_components) if component in rules
    ]
    rows: list[int] = []
    signs: list[float] = []
    for position in positions:
        # A slack of -1 lets the row's activity exceed its upper bound; +1 lets it fall below
        # its lower bound; an equality row gets both.
        if lp.row_upper_[position] < highspy.kHighsInf:
            rows.append(position)
            signs.append(-1.0)
        if lp.row_lower_[position] > -highspy.kHighsInf:
            rows.append(position)
            signs.append(1.0)
    highs = new_highs(options)
    highs.passModel(lp)
    count = len(rows)
    if count:
        highs.addCols(
            count,
            np.full(count, SLACK_PRICE_KCNY_PER_UNIT),
            np.zeros(count),
            np.full(count, highspy.kHighsInf),
            count,
            np.arange(count, dtype=np.int32),
            np.asarray(rows, dtype=np.int32),
            np.asarray(signs),
        )
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return pd.DataFrame(columns=["rule", "index", "violation", "direction"])
    slack = np.asarray(highs.getSolution().col_value)[lp.num_col_ :]
    violated = np.flatnonzero(slack > VIOLATION_TOLERANCE)
    return pd.DataFrame(
        {
            "rule": [compiled.row_components[rows[k]] for k in violated],
            "index": [compiled.row_name(rows[k]) for k in violated],
            "violation": slack[violated],
            "direction": ["over" if signs[k] < 0 else "under" for k in violated],
        }
    )


def summarise_violations(violations: pd.DataFrame) -> pd.DataFrame:
    """Return one row per rule: rows violated, total and largest violation, an example row."""
    if violations.empty:
        return pd.DataFrame(columns=["rule", "rows", "total", "largest", "example"])
    grouped = violations.sort_values("violation", ascending=False).groupby("rule", sort=False)
    return (
        grouped.agg(
            rows=("violation", "size"),
            total=("violation", "sum"),
            largest=("violation", "max"),
            example=("index", "first"),
        )
        .reset_index()
        .sort_values("total")
        .reset_index(drop=True)
    )
