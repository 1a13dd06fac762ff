"""Arrange HiGHS's values as the plan's decisions by site, hour, region and corridor.

Part of extracting the results, under :mod:`optimiser.results.tables`: the solved values
(:class:`optimiser.lp.solver.SolvedModel`) become :class:`optimiser.results.accounting.PlanTables`,
the decisions in plain pandas that the tables, the accounting and the audit all read. Wind and
solar output, corridor imports and curtailment per site-hour are derived here from the
decisions and the capacity factors, not read from the model.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.objective import CAPACITY_VARIABLES
from optimiser.lp.solver import SolvedModel
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.results.accounting import LONG_DURATION_HOURLY_COLUMNS, PlanTables
from optimiser.results.supply_tables import (
    FIRM_CONTRACT_COLUMNS,
    firm_contracts,
    firm_output_by_site_hour,
    long_duration_capacities,
)

SITE_HOUR_VARIABLES = {
    "flexible_load_mw": "flexible_load_mw",
    "grid_mw": "grid_mw",
    "storage_charge_mw": "storage_charge_mw",
    "storage_discharge_mw": "storage_discharge_mw",
    "storage_state_mwh": "storage_state_mwh",
}
SITE_VARIABLES = {name: name for name in (*CAPACITY_VARIABLES, "certificates_gwh")}


def _frame(series: pd.Series, names: list[str], value: str) -> pd.DataFrame:
    if series.empty:
        return pd.DataFrame({**{name: [] for name in names}, value: []})
    index = series.index
    if not isinstance(index, pd.MultiIndex):
        index = pd.MultiIndex.from_tuples(list(index))
    columns: dict[str, Any] = {
        name: index.get_level_values(level) for level, name in enumerate(names)
    }
    columns[value] = series.to_numpy(dtype=float)
    return pd.DataFrame(columns)


def _aligned(series: pd.Series, keys: pd.Index) -> pd.Series:
    """Return a component's values in the order of ``keys`` (NaN where it has none)."""
    return series if series.index.equals(keys) else series.reindex(keys)


def plan_tables(inputs: ModelInputs, solved: SolvedModel) -> PlanTables:
    """Arrange the solver's values as :class:`PlanTables`."""
    values = solved.values
    sites = pd.DataFrame(
        {
            column: values[name].reindex(list(inputs.sites.index)).fillna(0.0)
            for column, name in SITE_VARIABLES.items()
        }
    ).rename_axis("cluster_id")
    contracts = firm_contracts(inputs, values.get("firm_contract_mw", pd.Series(dtype=float)))
    for column in FIRM_CONTRACT_COLUMNS:
        sites[column] = contracts[column]
    stores = long_duration_capacities(inputs, values)
    for column in LONG_DURATION_COLUMNS:
        sites[column] = stores[column]
    # Every site-hour decision is indexed by the same site-hours: aligned on the first's.
    first = values[next(iter(SITE_HOUR_VARIABLES.values()))]
    keys = first.index
    hourly = _frame(first, ["cluster_id", "hour"], next(iter(SITE_HOUR_VARIABLES)))
    for column, name in list(SITE_HOUR_VARIABLES.items())[1:]:
        hourly[column] = _aligned(values[name], keys).to_numpy(dtype=float)
    # Sales exist only where the scenario allows them; elsewhere nothing is sold.
    sold = values.get("surplus_sold_mw", pd.Series(dtype=float))
    hourly["surplus_sold_mw"] = (
        _aligned(sold, keys).fillna(0.0).to_numpy(dtype=float) if len(sold) else 0.0
    )
    stored = long_duration_hourly(values)
    for flow in ("charge", "discharge"):
        by_site_hour = stored.groupby(["cluster_id", "hour"])[f"{flow}_mw"].sum()
        hourly[f"long_duration_{flow}_mw"] = (
            by_site_hour.reindex(pd.MultiIndex.from_frame(hourly[["cluster_id", "hour"]]))
            .fillna(0.0)
            .to_numpy(dtype=float)
        )
    latency = latency_hourly(inputs, values)
    flexible = _frame(
        values.get("flexible_allocation_mw", pd.Series(dtype=float)),
        ["province_id", "cluster_id"],
        "load_mw",
    )
    corridor = _frame(
        values.get("corridor_import_mw", pd.Series(dtype=float)),
        ["corridor_id", "cluster_id", "hour"],
        "flow_mw",
    )
    hourly = add_derived_hourly(hourly, inputs, latency, corridor, sites)
    return PlanTables(sites, hourly, latency, flexible, corridor, stored)


def long_duration_hourly(values: dict[str, pd.Series]) -> pd.DataFrame:
    """Return each long-duration store's charge, discharge and level per modelled hour."""
    charge = values.get("long_duration_charge_mw", pd.Series(dtype=float))
    if charge.empty:
        return pd.DataFrame(columns=LONG_DURATION_HOURLY_COLUMNS)
    table = _frame(charge, ["cluster_id", "technology_id", "hour"], "charge_mw")
    keys = charge.index
    for name, column in (
        ("long_duration_discharge_mw", "discharge_mw"),
        ("long_duration_level_mwh", "level_mwh"),
    ):
        table[column] = _aligned(values[name], keys).to_numpy(dtype=float)
    return table[LONG_DURATION_HOURLY_COLUMNS]


def latency_hourly(inputs: ModelInputs, values: dict[str, pd.Series]) -> pd.DataFrame:
    """Return latency-bound load per region, site and hour [MW], however it was routed."""
    hourly = values.get("latency_bound_load_mw", pd.Series(dtype=float))
    if not hourly.empty:
        return _frame(hourly, ["province_id", "cluster_id", "hour"], "load_mw")
    shares = _frame(
        values.get("latency_bound_allocation_mw", pd.Series(dtype=float)),
        ["province_id", "cluster_id"],
        "load_mw",
    )
    shape = inputs.hours["demand_shape_latency_bound"]
    # Annual shares: every hour carries the share times that hour's demand shape.
    expanded = shares.loc[shares.index.repeat(len(shape))].reset_index(drop=True)
    expanded["hour"] = np.tile(shape.index.to_numpy(), len(shares))
    expanded["load_mw"] = expanded["load_mw"].to_numpy() * np.tile(shape.to_numpy(), len(shares))
    return expanded[["province_id", "cluster_id", "hour", "load_mw"]]


def add_derived_hourly(
    hourly: pd.DataFrame,
    inputs: ModelInputs,
    latency: pd.DataFrame,
    corridor: pd.DataFrame,
    sites: pd.DataFrame,
) -> pd.DataFrame:
    """Add latency-bound load, wind and solar output and corridor imports per site-hour."""
    keys = pd.MultiIndex.from_arrays([hourly["cluster_id"], hourly["hour"]])

    def per_site_hour(frame: pd.DataFrame, column: str) -> np.ndarray:
        rows = keys.get_indexer(pd.MultiIndex.from_arrays([frame["cluster_id"], frame["hour"]]))
        known = rows >= 0
        weights = frame[column].to_numpy(dtype=float)[known]
        return np.bincount(rows[known], weights=weights, minlength=len(hourly))

    latency_load = per_site_hour(latency, "load_mw") if len(latency) else np.zeros(len(hourly))
    imports = per_site_hour(corridor, "flow_mw") if len(corridor) else np.zeros(len(hourly))
    site_names = hourly["cluster_id"]
    wind_factor = _factor_at(inputs.wind_capacity_factor, hourly["hour"], site_names)
    solar_factor = _factor_at(inputs.solar_capacity_factor, hourly["hour"], site_names)
    wind = wind_factor * sites["wind_capacity_mw"].reindex(site_names).to_numpy(dtype=float)
    solar = solar_factor * sites["solar_capacity_mw"].reindex(site_names).to_numpy(dtype=float)
    firm = firm_output_by_site_hour(inputs, sites, hourly)
    # Curtailment is the power balance's surplus: supply the site did not use.
    pue = inputs.sites["pue"].reindex(site_names).to_numpy(dtype=float)
    surplus = (
        hourly["grid_mw"].to_numpy()
        + wind
        + solar
        + imports
        + hourly["storage_discharge_mw"].to_numpy()
        + hourly["long_duration_discharge_mw"].to_numpy()
        + sum(firm.values())
        - pue * (latency_load + hourly["flexible_load_mw"].to_numpy())
        - hourly["storage_charge_mw"].to_numpy()
        - hourly["long_duration_charge_mw"].to_numpy()
        - hourly["surplus_sold_mw"].to_numpy()
    )
    added = pd.DataFrame(
        {
            "latency_bound_load_mw": latency_load,
            "corridor_import_mw": imports,
            "wind_mw": wind,
            "solar_mw": solar,
            **firm,
            "curtailment_mw": np.where(surplus > 1e-9, surplus, 0.0),
        },
        index=hourly.index,
    )
    return pd.concat([hourly, added], axis=1)


def _factor_at(factors: pd.DataFrame, hours: pd.Series, sites: pd.Series) -> np.ndarray:
    """Return a capacity factor table's value at each (hour, site) pair [fraction]."""
    hour_rows = factors.index.get_indexer(hours)
    columns = factors.columns.get_indexer(sites)
    values = factors.to_numpy(dtype=float)[hour_rows, columns]
    # A site or hour without a profile has no output to report.
    return np.where((hour_rows >= 0) & (columns >= 0), values, np.nan)
