"""A plan's own files: its inputs (``inputs/``) and decisions (``plan/``), written and read back.

What a results folder keeps so that the plan can be re-checked, dispatched over the full year
or reported from the folder alone (:mod:`optimiser.results.folder`); a folder written by an
earlier version reads back as the plan it was solved as.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.lp.supply import flat_certificate_supply
from optimiser.results.accounting import LONG_DURATION_HOURLY_COLUMNS, PlanTables
from optimiser.results.supply_tables import FIRM_CONTRACT_COLUMNS


def write_inputs(inputs: ModelInputs, folder: Path, scenario_dump: dict[str, Any]) -> None:
    """Write the exact inputs of a run to ``inputs/`` so it can be reproduced and audited."""
    folder.mkdir(parents=True)
    inputs.sites.to_csv(folder / "sites.csv")
    inputs.regions.to_csv(folder / "regions.csv")
    inputs.pairs.to_csv(folder / "pairs.csv", index=False)
    inputs.corridors.to_csv(folder / "corridors.csv")
    inputs.corridor_links.to_csv(folder / "corridor_links.csv", index=False)
    inputs.hours.to_csv(folder / "hours.csv")
    inputs.wind_capacity_factor.to_csv(folder / "wind_capacity_factor.csv")
    inputs.solar_capacity_factor.to_csv(folder / "solar_capacity_factor.csv")
    inputs.grid_carbon_free_share.to_csv(folder / "grid_carbon_free_share.csv")
    inputs.corridor_green_share.to_csv(folder / "corridor_green_share.csv")
    inputs.corridor_availability.to_csv(folder / "corridor_availability.csv")
    inputs.certificate_supply.to_csv(folder / "certificate_supply.csv")
    inputs.firm_supply.to_csv(folder / "firm_supply.csv")
    inputs.firm_availability.to_csv(folder / "firm_availability.csv")
    inputs.long_duration_technologies.to_csv(folder / "long_duration_technologies.csv")
    inputs.long_duration_pairs.to_csv(folder / "long_duration_pairs.csv", index=False)
    inputs.long_duration_potential.to_csv(folder / "long_duration_potential.csv")
    inputs.calendar_days.to_csv(folder / "calendar_days.csv")
    inputs.headroom.to_csv(folder / "headroom.csv")
    pd.Series(inputs.parameters, name="value").rename_axis("parameter").to_csv(
        folder / "parameters.csv"
    )
    with (folder / "scenario.yaml").open("w", encoding="utf-8") as stream:
        yaml.safe_dump(scenario_dump, stream, sort_keys=False, allow_unicode=True)


def read_plan(folder: Path) -> PlanTables:
    """Read the decisions of a plan back from a results directory."""
    plan = folder / "plan"
    hourly = pd.read_parquet(folder / "hourly.parquet")
    columns = [
        "cluster_id",
        "hour",
        "flexible_load_mw",
        "grid_mw",
        "storage_charge_mw",
        "storage_discharge_mw",
        "storage_state_mwh",
        "surplus_sold_mw",
        "long_duration_charge_mw",
        "long_duration_discharge_mw",
        "latency_bound_load_mw",
        "corridor_import_mw",
        "wind_mw",
        "solar_mw",
        "firm_nuclear_mw",
        "firm_hydro_mw",
        "curtailment_mw",
    ]  # in the order of optimiser.results.plan_tables.plan_tables
    for column in columns:
        if column not in hourly.columns:  # written before firm contracts or long storage
            hourly[column] = 0.0
    sites = pd.read_csv(plan / "sites.csv", index_col="cluster_id")
    for column in (*FIRM_CONTRACT_COLUMNS, *LONG_DURATION_COLUMNS):
        if column not in sites.columns:
            sites[column] = 0.0
    stored = plan / "long_duration_hourly.parquet"
    return PlanTables(
        sites=sites,
        hourly=hourly[columns],
        latency_hourly=pd.read_parquet(plan / "latency_hourly.parquet"),
        flexible_allocation=pd.read_csv(plan / "flexible_allocation.csv"),
        corridor_hourly=pd.read_parquet(plan / "corridor_hourly.parquet"),
        long_duration_hourly=(
            pd.read_parquet(stored)
            if stored.exists()
            else pd.DataFrame(columns=LONG_DURATION_HOURLY_COLUMNS)
        ),
    )


def read_inputs(folder: Path) -> ModelInputs:
    """Read the inputs of a run back from its ``inputs/`` folder."""
    from optimiser.settings import ScenarioSettings

    inputs = folder / "inputs"

    def table(name: str, index: str | None = None) -> pd.DataFrame:
        return pd.read_csv(inputs / name, index_col=index, keep_default_na=False, na_values=[""])

    with (inputs / "scenario.yaml").open(encoding="utf-8") as stream:
        dump = yaml.safe_load(stream)
    parameters = table("parameters.csv", "parameter")["value"].astype(float).to_dict()
    sites = table("sites.csv", "cluster_id")
    if "green_share_planning_target" not in sites.columns:  # written before target margins
        sites["green_share_planning_target"] = sites["green_share_target"]
    corridors = table("corridors.csv", "corridor_id")
    hours = table("hours.csv", "hour")
    links = table("corridor_links.csv")
    hourly = _hourly_supply(inputs, table, sites, corridors, hours)
    if "own_supply" not in links.columns:  # written before wheeled power was told apart
        receiving = corridors["to_province_id"].reindex(links["corridor_id"]).to_numpy()
        links["own_supply"] = receiving == sites["province_id"].reindex(links["cluster_id"])
    links["own_supply"] = links["own_supply"].astype(bool)
    optional: dict[str, Any] = {}
    if (inputs / "firm_supply.csv").exists():  # written before clean firm contracts: none
        supply = table("firm_supply.csv", "supply_key")
        supply["green_in_annual_measure"] = supply["green_in_annual_measure"].astype(bool)
        availability = table("firm_availability.csv", "hour")
        optional = {
            "firm_supply": supply,
            "firm_availability": availability[list(supply.index)],
        }
    if (inputs / "long_duration_technologies.csv").exists():  # else written before: none
        optional |= {
            "long_duration_technologies": table("long_duration_technologies.csv", "technology_id"),
            "long_duration_pairs": table("long_duration_pairs.csv"),
            "long_duration_potential": table("long_duration_potential.csv", "potential_key"),
            "calendar_days": table("calendar_days.csv", "day")["period"],
        }
    return ModelInputs(
        sites=sites,
        regions=table("regions.csv", "province_id"),
        pairs=table("pairs.csv"),
        corridors=corridors,
        corridor_links=links,
        hours=hours,
        wind_capacity_factor=table("wind_capacity_factor.csv", "hour"),
        solar_capacity_factor=table("solar_capacity_factor.csv", "hour"),
        **hourly,
        headroom=table("headroom.csv", "province_id"),
        parameters={str(name): value for name, value in parameters.items()},
        settings=ScenarioSettings.model_validate(dump["settings"]),
        **optional,
    )


def _hourly_supply(
    inputs: Path,
    table: Callable[..., pd.DataFrame],
    sites: pd.DataFrame,
    corridors: pd.DataFrame,
    hours: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """Read the hourly supply inputs and certificate market of a run's ``inputs/``.

    A folder written before they existed gets what its plan was solved with: the grid and the
    corridors at their annual shares in every hour, full corridor capacity, and unlimited
    certificates at the flat price of its parameters.
    """
    if (inputs / "grid_carbon_free_share.csv").exists():
        return {
            "grid_carbon_free_share": table("grid_carbon_free_share.csv", "hour"),
            "corridor_green_share": table("corridor_green_share.csv", "hour"),
            "corridor_availability": table("corridor_availability.csv", "hour"),
            "certificate_supply": table("certificate_supply.csv", "step_id"),
        }
    annual = sites.groupby("province_id")["grid_renewable_share"].first()
    parameters = table("parameters.csv", "parameter")["value"]
    return {
        "grid_carbon_free_share": pd.DataFrame(
            {province: share for province, share in annual.items()}, index=hours.index
        ),
        "corridor_green_share": pd.DataFrame(
            {corridor: share for corridor, share in corridors["renewable_share"].items()},
            index=hours.index,
        ),
        "corridor_availability": pd.DataFrame(1.0, index=hours.index, columns=corridors.index),
        "certificate_supply": flat_certificate_supply(
            parameters["green_certificate_price_cny_per_mwh"]
        ),
    }
