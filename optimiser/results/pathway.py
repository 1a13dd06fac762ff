"""A solved pathway's tables: each period's plan, what was built when, and the path's totals.

Each period of a pathway is reported as a single-year plan (the same tables, summary and audit
as ``dcsite solve``, :mod:`optimiser.results.tables`), extracted from its block of the pathway
LP. Two things differ from a single-year plan and are handled here:

- duals of a period's rows are in discounted money; they are divided by the period's weight so
  that shadow prices stay in CNY per year;
- capacity in service was built in different periods at different capex; the period's tables
  carry the mean capex of what is in service (weighted by the capacity built in each period),
  so its cost breakdown equals what the LP charged.

The path's own tables: ``builds`` (capacity built per site and period) and ``path`` (one row of
headline figures per period, with its weight), and the totals in ``summary``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.errors import AuditError
from optimiser.lp.inputs import ModelInputs
from optimiser.lp.objective import CAPACITY_VARIABLES
from optimiser.lp.pathway import LIFETIME_PARAMETERS, PathwayInputs, Vintage, block_name
from optimiser.lp.solver import SolvedModel
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.results.summary import HEADLINE_FIGURES
from optimiser.results.tables import SolveResult
from optimiser.scenario import ResolvedScenario
from optimiser.version import __version__

CAPEX_OF_CAPACITY = {
    "new_it_capacity_mw": "server_capex_cny_per_mw",
    "wind_capacity_mw": "wind_capex_cny_per_mw",
    "solar_capacity_mw": "solar_capex_cny_per_mw",
    "storage_power_mw": "storage_power_capex_cny_per_mw",
    "storage_energy_mwh": "storage_energy_capex_cny_per_mwh",
}
"""The capex column that changes between periods for each capacity (IT buildings do not)."""

YEAR_MARKET_FIGURES = frozenset(
    {
        "curtailment_mwh_per_year",
        "corridor_import_mwh_per_year",
        "certificates_mwh_per_year",
        "certificate_marginal_price_cny_per_mwh",
        "untargeted_share_of_it_energy",
    }
)
"""Headline figures of one year's operation that a path's table leaves to each period's folder."""
PATH_FIGURES = tuple(figure for figure in HEADLINE_FIGURES if figure not in YEAR_MARKET_FIGURES)
"""The headline figures of each period in ``path.csv`` and ``summary.json``: the plan's
headline figures (:data:`optimiser.results.summary.HEADLINE_FIGURES`) but those of one year's
operation."""


@dataclass
class PathwayResult:
    """A solved, audited pathway.

    Attributes
    ----------
    periods : dict of int to SolveResult
        Each period's plan, as a single-year plan (``periods/<year>/``).
    builds : pandas.DataFrame
        Capacity built per site and period: ``period``, ``cluster_id`` and one column per
        capacity [MW or MWh] (``new_it_capacity_mw``, ``wind_capacity_mw``, ...).
    path : pandas.DataFrame
        One row per period: ``period``, ``years``, ``weight`` [discounted years], the
        headline figures, ``discounted_cost_cny``.
    summary : dict
        The path's totals and per-period headlines (``summary.json``).
    pathway : PathwayInputs
        The inputs of every period.
    scenario : ResolvedScenario
        The pathway scenario.
    timings : dict of str to float
        Seconds of the whole solve.
    myopic_builds : pandas.DataFrame, optional
        With perfect foresight solved from the myopic path: what the myopic path built, like
        ``builds`` (``myopia.csv`` compares the two).
    """

    periods: dict[int, SolveResult]
    builds: pd.DataFrame
    path: pd.DataFrame
    summary: dict[str, Any]
    pathway: PathwayInputs
    scenario: ResolvedScenario
    timings: dict[str, float] = field(default_factory=dict)
    myopic_builds: pd.DataFrame | None = None


def block_solution(
    solved: SolvedModel, period: int, weight: float, annual_cost_kcny: float
) -> SolvedModel:
    """Return one period's values and duals as if its block were a single-year model.

    Parameters
    ----------
    solved : SolvedModel
        The pathway LP (or a myopic step) as solved.
    period : int
        The period.
    weight : float
        The period's weight in the objective [discounted years].
    annual_cost_kcny : float
        The period's annual cost [kCNY/yr] (its block's ``annual_cost``).
    """
    prefix = f"{block_name(period)}."

    def local(series_by_name: Mapping[str, pd.Series], scale: float) -> dict[str, pd.Series]:
        return {
            name.removeprefix(prefix): series * scale
            for name, series in series_by_name.items()
            if name.startswith(prefix)
        }

    return replace(
        solved,
        values=local(solved.values, 1.0),
        # A row's dual is d(discounted objective)/d(bound); per year it is that over the weight.
        duals=local(solved.duals, 1.0 / weight),
        objective_kcny=annual_cost_kcny,
    )


def builds_table(
    solved: SolvedModel, periods: Sequence[int], inherited: Sequence[Vintage] = ()
) -> pd.DataFrame:
    """Return the capacity built per site and period [MW or MWh], from the LP and earlier steps."""
    built = solved.values.get("built_capacity", pd.Series(dtype=float))
    rows = [
        {"variable": variable, "cluster_id": site, "period": period, "built": value}
        for (variable, site, period), value in built.items()
        if period in periods
    ]
    rows += [
        {
            "variable": vintage.variable,
            "cluster_id": vintage.site,
            "period": vintage.period,
            "built": vintage.amount,
        }
        for vintage in inherited
    ]
    frame = pd.DataFrame(rows, columns=["variable", "cluster_id", "period", "built"])
    table = frame.pivot_table(
        index=["period", "cluster_id"], columns="variable", values="built", aggfunc="sum"
    )
    table = table.reindex(columns=list(CAPACITY_VARIABLES)).fillna(0.0).reset_index()
    table.columns.name = None
    return table.sort_values(["period", "cluster_id"]).reset_index(drop=True)


def reporting_inputs(pathway: PathwayInputs, builds: pd.DataFrame, period: int) -> ModelInputs:
    """Return a period's inputs with the mean capex of the capacity in service at each site.

    Capacity built in period :math:`q` costs period :math:`q`'s capex for as long as it is in
    service; the period's tables show the capacity-weighted mean, so that their cost
    breakdown equals what the LP charged. Sites with no such capacity keep the period's capex.
    """
    inputs = pathway.inputs[period]
    sites = inputs.sites.copy()
    for variable, column in CAPEX_OF_CAPACITY.items():
        amount = pd.Series(0.0, index=sites.index)
        paid = pd.Series(0.0, index=sites.index)
        for built in builds["period"].unique():
            built = int(built)
            if not pathway.in_service(variable, built, period):
                continue
            rows = builds[builds["period"] == built].set_index("cluster_id")[variable]
            rows = rows.reindex(sites.index).fillna(0.0)
            amount += rows
            paid += rows * pathway.inputs[built].sites[column]
        has_capacity = amount > 1e-9
        sites.loc[has_capacity, column] = paid[has_capacity] / amount[has_capacity]
    return replace(inputs, sites=sites)


def myopia_table(result: PathwayResult) -> pd.DataFrame | None:
    """Return new IT capacity built per period and site, perfect against myopic foresight.

    Columns ``period``, ``cluster_id``, ``built_perfect_mw``, ``built_myopic_mw`` and
    ``myopic_minus_perfect_mw``: what a myopic plan builds early that perfect foresight would
    not (positive) or builds late (negative). None when the myopic path was not solved.
    """
    if result.myopic_builds is None:
        return None
    keys = ["period", "cluster_id"]
    perfect = result.builds.set_index(keys)["new_it_capacity_mw"].rename("built_perfect_mw")
    myopic = result.myopic_builds.set_index(keys)["new_it_capacity_mw"].rename("built_myopic_mw")
    table = pd.concat([perfect, myopic], axis=1).fillna(0.0).reset_index()
    table["myopic_minus_perfect_mw"] = table["built_myopic_mw"] - table["built_perfect_mw"]
    return table


def path_table(result_by_period: Mapping[int, SolveResult], pathway: PathwayInputs) -> pd.DataFrame:
    """Return one row of headline figures per period, with its years, weight and discounted cost."""
    rows = []
    for period, result in result_by_period.items():
        row: dict[str, Any] = {
            "period": period,
            "years": pathway.years[period],
            "weight": pathway.weights[period],
        }
        row.update({name: result.summary.get(name) for name in PATH_FIGURES})
        row["discounted_cost_cny"] = (
            pathway.weights[period] * result.summary["objective_cny_per_year"]
        )
        rows.append(row)
    return pd.DataFrame(rows)


def pathway_summary(
    path: pd.DataFrame,
    builds: pd.DataFrame,
    pathway: PathwayInputs,
    scenario: ResolvedScenario,
    objective_kcny: float,
    solver: Mapping[str, Any],
    sizes: Mapping[str, int],
) -> dict[str, Any]:
    """Return the headline figures of a pathway (``summary.json``).

    ``npv_cost_cny`` is the discounted cost of the whole path [CNY of the base year];
    ``cumulative_emissions_tco2`` the emissions of every year the periods stand for
    (undiscounted).
    """
    settings = scenario.settings
    last = path.iloc[-1]
    per_period = {
        str(int(row["period"])): {name: _plain(row[name]) for name in PATH_FIGURES}
        for _, row in path.iterrows()
    }
    built_by_period = builds.groupby("period")["new_it_capacity_mw"].sum()
    return {
        "kind": "pathway",
        "model": scenario.model_name,
        "model_path": str(scenario.model_path),
        "scenario": scenario.scenario_name,
        "description": scenario.description,
        "overrides": dict(scenario.overrides),
        "status": "optimal",
        "foresight": settings.pathway.foresight,
        "periods": list(pathway.periods),
        "base_year": pathway.base_year,
        "discount_rate": pathway.discount_rate,
        "years_per_period": {str(p): years for p, years in pathway.years.items()},
        "weights": {str(p): weight for p, weight in pathway.weights.items()},
        "npv_cost_cny": float(path["discounted_cost_cny"].sum()),
        "objective_cny": objective_kcny * CNY_PER_KCNY,
        "cumulative_emissions_tco2": float((path["years"] * path["emissions_tco2_per_year"]).sum()),
        "new_it_capacity_built_mw": {
            str(int(period)): float(value) for period, value in built_by_period.items()
        },
        "final_total_it_capacity_mw": _plain(last["total_it_capacity_mw"]),
        "final_green_share_annual": _plain(last["green_share_annual"]),
        "final_idle_share": _plain(last["idle_share"]),
        "per_period": per_period,
        "sizes": dict(sizes),
        "solver": dict(solver),
        "dcsite_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return float(value)


def check_capacity_carried_forward(
    sites_by_period: Mapping[int, pd.DataFrame],
    builds: pd.DataFrame,
    lifetimes: Mapping[str, float],
) -> None:
    """Check that each period's capacity in service is what was built and has not retired.

    Parameters
    ----------
    sites_by_period : mapping of int to pandas.DataFrame
        Per period, the sites' capacities (index ``cluster_id``, the columns of
        :data:`optimiser.lp.objective.CAPACITY_VARIABLES`) [MW or MWh].
    builds : pandas.DataFrame
        ``builds.csv``: ``period``, ``cluster_id`` and the capacity built of each variable.
    lifetimes : mapping of str to float
        Lifetime of each capacity variable [years].

    Raises
    ------
    optimiser.errors.AuditError
        Naming the period, site and capacity that differ.
    """
    for period, sites in sites_by_period.items():
        for variable in CAPACITY_VARIABLES:
            active = builds[
                (builds["period"] <= period) & (period - builds["period"] < lifetimes[variable])
            ]
            expected = active.groupby("cluster_id")[variable].sum().reindex(sites.index)
            expected = expected.fillna(0.0)
            gap = (sites[variable] - expected).abs()
            bad = gap[gap > 1e-6 * np.maximum(expected.abs(), 1.0)]
            if len(bad):
                site = bad.index[0]
                raise AuditError(
                    f"capacity_carried_forward: {variable} at {site} in {period} is "
                    f"{sites.loc[site, variable]:.6g}, but {expected[site]:.6g} was built "
                    "and is in service"
                )


def check_discounted_objective(path: pd.DataFrame, objective_cny: float) -> None:
    """Check that the periods' discounted annual costs (``path.csv``) sum to the objective.

    Raises
    ------
    optimiser.errors.AuditError
        When they differ by more than 1e-6 (relative).
    """
    npv = float((path["weight"] * path["objective_cny_per_year"]).sum())
    if not np.isclose(npv, objective_cny, rtol=1e-6, atol=1.0):
        raise AuditError(
            f"objective: the periods' discounted costs sum to {npv:,.0f} CNY, "
            f"the objective is {objective_cny:,.0f} CNY"
        )


def audit_pathway(result: PathwayResult) -> list[str]:
    """Re-check a pathway in pandas, beyond each period's own audit.

    - capacity in service in each period equals what was built in it and earlier periods and
      has not retired (``new_it_capacity_mw`` and the other capacities of ``clusters.csv``);
    - the discounted sum of the periods' audited annual costs equals the objective.

    Raises
    ------
    optimiser.errors.AuditError
        Naming the period and site where a check fails.
    """
    check_capacity_carried_forward(
        {period: plan.plan.sites for period, plan in result.periods.items()},
        result.builds,
        result.pathway.lifetimes,
    )
    check_discounted_objective(result.path, result.summary["objective_cny"])
    return ["capacity_carried_forward", "discounted_objective"]


def audit_pathway_dir(folder: str | Path) -> list[str]:
    """Re-check a pathway folder's own tables from its files, in pandas.

    Each period folder is audited like any plan (:func:`optimiser.results.folder.audit_folders`);
    this checks what ties them together, as :func:`audit_pathway` does after a solve: the
    capacity in service in each period (``clusters.csv``) equals what ``builds.csv`` built in
    it and earlier periods within its lifetime, and the discounted costs in ``path.csv`` sum
    to the objective in ``summary.json``.

    Raises
    ------
    optimiser.errors.AuditError
        Naming the period and site where a check fails.
    """
    folder = Path(folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    clusters = pd.read_csv(folder / "clusters.csv")
    first = folder / "periods" / str(summary["periods"][0]) / "inputs" / "parameters.csv"
    parameters = pd.read_csv(first, index_col="parameter")["value"]
    check_capacity_carried_forward(
        {
            period: clusters[clusters["period"] == period].set_index("cluster_id")
            for period in summary["periods"]
        },
        pd.read_csv(folder / "builds.csv"),
        {variable: float(parameters[name]) for variable, name in LIFETIME_PARAMETERS.items()},
    )
    check_discounted_objective(pd.read_csv(folder / "path.csv"), summary["objective_cny"])
    return ["capacity_carried_forward", "discounted_objective"]


__all__ = [
    "PATH_FIGURES",
    "PathwayResult",
    "audit_pathway",
    "audit_pathway_dir",
    "block_solution",
    "builds_table",
    "myopia_table",
    "path_table",
    "pathway_summary",
    "reporting_inputs",
]
