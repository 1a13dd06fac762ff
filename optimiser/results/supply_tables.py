"""What a plan's contracts, long-duration storage and shifted work come to, as tables.

Part of turning a solution into the plan's tables (:mod:`optimiser.results.tables`): each
site's clean firm contracts and what they deliver hour by hour, its long-duration storage per
technology and their flows, and the nation's flexible load before and after shifting in time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.lp.firm import FIRM_TECHNOLOGIES
from optimiser.lp.inputs import ModelInputs
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.results.accounting import PlanTables

FIRM_CONTRACT_COLUMNS = tuple(f"{technology}_contract_mw" for technology in FIRM_TECHNOLOGIES)
"""The per-site columns of the clean firm contracts: ``nuclear_contract_mw``, ..."""


def firm_contracts(inputs: ModelInputs, contracts: pd.Series) -> pd.DataFrame:
    """Return each site's clean firm contracts per technology [MW].

    ``contracts`` is the solver's ``firm_contract_mw``, indexed by (site, supply key).
    """
    table = pd.DataFrame(0.0, index=inputs.sites.index, columns=list(FIRM_CONTRACT_COLUMNS))
    for (site, key), value in contracts.items():
        technology = inputs.firm_supply.loc[key, "technology"]
        table.loc[site, f"{technology}_contract_mw"] += float(value)
    return table


def firm_output_by_site_hour(
    inputs: ModelInputs, sites: pd.DataFrame, hourly: pd.DataFrame
) -> dict[str, np.ndarray]:
    """Return what each site's clean firm contracts deliver per site-hour [MW], by technology.

    Keyed ``firm_<technology>_mw``: the contract times the supply's output per MW in the hour
    (:attr:`ModelInputs.firm_availability`).
    """
    output = {f"firm_{technology}_mw": np.zeros(len(hourly)) for technology in FIRM_TECHNOLOGIES}
    availability = inputs.firm_availability
    provinces = inputs.sites["province_id"].reindex(hourly["cluster_id"]).to_numpy()
    for key, supply in inputs.firm_supply.iterrows():
        technology = supply["technology"]
        contracted = sites[f"{technology}_contract_mw"].reindex(hourly["cluster_id"]).to_numpy()
        in_province = provinces == supply["province_id"]
        factor = availability[key].reindex(hourly["hour"]).to_numpy(dtype=float)
        output[f"firm_{technology}_mw"] += np.where(in_province, contracted * factor, 0.0)
    return output


def long_duration_capacities(inputs: ModelInputs, values: dict[str, pd.Series]) -> pd.DataFrame:
    """Return each site's long-duration storage per technology [MW, MWh], 0 where none."""
    table = pd.DataFrame(0.0, index=inputs.sites.index, columns=list(LONG_DURATION_COLUMNS))
    for variable, unit in (
        ("long_duration_power_mw", "power_mw"),
        ("long_duration_energy_mwh", "energy_mwh"),
    ):
        for (site, name), value in values.get(variable, pd.Series(dtype=float)).items():
            table.loc[site, f"{name}_{unit}"] = float(value)
    return table


def flexible_load_table(plan: PlanTables, inputs: ModelInputs) -> pd.DataFrame:
    """Return the nation's flexible load per modelled hour, before and after shifting in time.

    ``demand_before_shift_mw`` is the flexible demand on its shape, ``load_after_shift_mw`` the
    load the plan places (the sum over sites); they differ only with
    ``demand.flexible_shift_share`` (``flexible_load.csv``).
    """
    hours = inputs.hours
    demand = inputs.regions["demand_flexible_mw"].sum() * hours["demand_shape_flexible"]
    placed = plan.hourly.groupby("hour")["flexible_load_mw"].sum().reindex(hours.index)
    return pd.DataFrame(
        {
            "hour": hours.index,
            "period": hours["period"].to_numpy(),
            "weight_h": hours["weight_h"].to_numpy(),
            "demand_before_shift_mw": demand.to_numpy(dtype=float),
            "load_after_shift_mw": placed.fillna(0.0).to_numpy(dtype=float),
        }
    )


def shift_summary(plan: PlanTables, inputs: ModelInputs) -> dict[str, float]:
    """Return the share of flexible work that may move in time, and the energy it moved.

    ``flexible_energy_shifted_mwh_per_year`` sums, weighted by hours, the load placed above
    its shape: the energy moved into other hours of its day [MWh/yr].
    """
    table = flexible_load_table(plan, inputs)
    moved = (table["load_after_shift_mw"] - table["demand_before_shift_mw"]).clip(lower=0.0)
    return {
        "flexible_shift_share": float(inputs.settings.demand.flexible_shift_share),
        "flexible_energy_shifted_mwh_per_year": float((moved * table["weight_h"]).sum()),
    }
