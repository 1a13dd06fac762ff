"""Clean firm supply a data centre may contract in its own province: nuclear and hydro.

Part of preparing a scenario's inputs (:mod:`optimiser.lp.inputs`). A site contracts a slice
of its province's nuclear plants or hydro fleet, the way a large user signs a bilateral
medium- and long-term contract (中长期交易) with a generator in its province: a block of
capacity whose output it takes and pays for at the delivered price (the generator's on-grid
price plus the province's transmission-and-distribution charge and funds), in every hour,
whether its load uses it or not (take-or-pay). Nuclear delivers a flat block at its
capacity factor; hydro follows its fleet's output, month by month.

How each counts (``docs/formulation.md``):

- 24/7 carbon-free (``hourly``): both are carbon-free, as in the CFE score of Google and the
  UN 24/7 Carbon-free Energy Compact.
- Annual green share (``annual``): hydro is renewable and carries green certificates
  (发改能源〔2023〕1044号 extends them to all renewable power, hydro included); nuclear is not
  renewable and counts as not green, as the >80 % green-power target counts renewable power.
- Own supply (``hourly_own_supply``): a hydro contract in the site's province counts as its own
  contracts with corridors in its province do; nuclear is not green and does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.checks import HOURS_PER_YEAR
from optimiser.data.grid_hourly import month_of_hour
from optimiser.errors import InputError
from optimiser.settings import ScenarioSettings

FIRM_TECHNOLOGIES = ("nuclear", "hydro")
"""The clean firm supply a site may contract."""

GREEN_IN_ANNUAL_MEASURE = {"nuclear": False, "hydro": True}
"""Whether each counts as green power in the annual (renewable) measure and on own supply."""

FIRM_COLUMNS = [
    "province_id",
    "technology",
    "capacity_mw",
    "available_mw",
    "availability_factor",
    "delivered_price_cny_per_mwh",
    "green_in_annual_measure",
]


def supply_key(province: str, technology: str) -> str:
    """Return the key of a province's supply of one technology, e.g. ``guangdong:nuclear``."""
    return f"{province}:{technology}"


def empty_firm_supply() -> pd.DataFrame:
    """Return a firm-supply table with no rows (no contract possible)."""
    return pd.DataFrame(columns=FIRM_COLUMNS, index=pd.Index([], name="supply_key")).astype(
        {"capacity_mw": float, "available_mw": float, "green_in_annual_measure": bool}
    )


def prepare_firm_supply(
    catalogue: Catalogue, sites: pd.DataFrame, settings: ScenarioSettings, source: Path | str
) -> pd.DataFrame:
    """Return the clean firm supply the sites may contract, per province and technology.

    Plants in service by the planning year in a province with a site, for each technology in
    ``supply.clean_firm``; their capacity times ``supply.firm_share_for_data_centres`` (or the
    volume ``supply.nuclear_volume_mw`` / ``supply.hydro_volume_mw`` names for the province)
    is what the province's sites may contract together, at the capacity-weighted delivered
    price and availability of its plants.

    Returns
    -------
    pandas.DataFrame
        Index ``supply_key`` (``<province_id>:<technology>``): ``province_id``, ``technology``,
        ``capacity_mw`` (in service by the year), ``available_mw`` (for data centres),
        ``availability_factor`` [fraction], ``delivered_price_cny_per_mwh`` and
        ``green_in_annual_measure`` (bool).

    Raises
    ------
    optimiser.errors.InputError
        When a volume names an unknown province, or one with no such plant in service by the
        planning year.
    """
    supply = settings.supply
    table = catalogue.firm_supply
    volumes = {"nuclear": supply.nuclear_volume_mw, "hydro": supply.hydro_volume_mw}
    in_service = table[table["in_service_year"] <= settings.year] if table is not None else None
    for technology, by_province in volumes.items():
        for province in by_province:
            key = f"supply.{technology}_volume_mw.{province}"
            if province not in catalogue.provinces.index:
                raise InputError(source, key, f"unknown province {province!r}")
            capacity = (
                float(
                    in_service.loc[
                        (in_service["province_id"] == province)
                        & (in_service["technology"] == technology),
                        "capacity_mw",
                    ].sum()
                )
                if in_service is not None
                else 0.0
            )
            if capacity <= 0:
                raise InputError(
                    source,
                    key,
                    f"no {technology} plant in service in {province} by {settings.year} "
                    "(firm_supply.csv)",
                )
            if technology not in supply.clean_firm:
                raise InputError(
                    source, key, f"{technology} is not in supply.clean_firm; add it or drop this"
                )
    if in_service is None or not supply.clean_firm:
        return empty_firm_supply()
    rows = []
    provinces = set(sites["province_id"])
    for (province, technology), plants in in_service.groupby(["province_id", "technology"]):
        if province not in provinces or technology not in supply.clean_firm:
            continue
        capacity = float(plants["capacity_mw"].sum())
        if capacity <= 0:
            continue
        weights = plants["capacity_mw"] / capacity
        volume = volumes[technology].get(province)
        rows.append(
            {
                "supply_key": supply_key(province, technology),
                "province_id": province,
                "technology": technology,
                "capacity_mw": capacity,
                "available_mw": (
                    float(volume)
                    if volume is not None
                    else capacity * supply.firm_share_for_data_centres
                ),
                "availability_factor": float((weights * plants["availability_factor"]).sum()),
                "delivered_price_cny_per_mwh": float(
                    (weights * plants["delivered_price_cny_per_mwh"]).sum()
                ),
                "green_in_annual_measure": GREEN_IN_ANNUAL_MEASURE[technology],
            }
        )
    if not rows:
        return empty_firm_supply()
    return pd.DataFrame(rows).set_index("supply_key")[FIRM_COLUMNS]


def firm_availability(catalogue: Catalogue, firm: pd.DataFrame) -> pd.DataFrame:
    """Return each supply's output per MW contracted in each hour of the year [fraction].

    Nuclear: its capacity factor in every hour (refuelling outages spread over the year).
    Hydro: the fleet's capacity factor times the month's share of the year's hydro output
    (``monthly_shares.csv``: the province's column where given, else the national one) times
    12, at most 1: the dry season gives less, the wet season more.

    Returns
    -------
    pandas.DataFrame
        8,760 rows indexed by ``hour``, one column per supply key.
    """
    index = pd.RangeIndex(HOURS_PER_YEAR, name="hour")
    month = month_of_hour() - 1  # 0-11
    columns: dict[str, np.ndarray] = {}
    shares = catalogue.monthly_shares
    for key, row in firm.iterrows():
        factor = float(row["availability_factor"])
        if row["technology"] != "hydro" or shares is None:
            columns[str(key)] = np.full(HOURS_PER_YEAR, factor)
            continue
        column = f"hydro_{row['province_id']}"
        monthly = shares[column if column in shares.columns else "hydro_national"]
        by_month = monthly.reindex(range(1, 13)).to_numpy(dtype=float) * 12
        columns[str(key)] = np.minimum(factor * by_month[month], 1.0)
    return pd.DataFrame(columns, index=index, columns=list(firm.index))


__all__ = [
    "FIRM_TECHNOLOGIES",
    "empty_firm_supply",
    "firm_availability",
    "prepare_firm_supply",
    "supply_key",
]
