"""The full-year national benchmark catalogue: a candidate site in every province.

The shipped catalogue has the ten national clusters and six non-hub candidates. The benchmark
adds one candidate at the demand point (capital) of every province that has no site yet, with
the profile and latency methods of the package itself (``optimiser.data.profiles``,
``optimiser.data.latency``), so the LP has a site in each of the 31 provinces. Built in memory; no
file is written.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.data.latency import latency_table
from optimiser.data.profiles import solar_capacity_factor, wind_capacity_factor

EAST_GRID_REGIONS = {"east", "central", "south", "north", "northeast"}
CANDIDATE = {
    "existing_it_capacity_mw": 0.0,
    "max_it_capacity_mw": 1000.0,
    "utilisation_target": 0.65,
    "max_wind_mw": 1000.0,
    "max_solar_mw": 1000.0,
    "max_storage_mw": 300.0,
}


def national_catalogue(base: Catalogue | None = None) -> Catalogue:
    """Return the catalogue with a candidate site in every province that has none.

    Each new site sits at its province's demand point, is a non-hub candidate (east role in
    the eastern grid regions, PUE cap 1.25; west elsewhere, 1.2), may hold 1,000 MW of IT
    capacity and gets wind and solar profiles scaled to its province's full-load hours.
    """
    catalogue = base or load_catalogue()
    provinces = catalogue.provinces
    covered = set(catalogue.clusters["province_id"])
    rows = []
    for province, row in provinces.iterrows():
        if province in covered:
            continue
        east = row["grid_region_id"] in EAST_GRID_REGIONS
        rows.append(
            {
                "cluster_id": f"candidate_{province}",
                "name_en": f"{row['name_en']} candidate",
                "name_zh": f"{row['name_zh']}候选",
                "hub_id": "non_hub",
                "is_hub_cluster": False,
                "province_id": province,
                "role": "east" if east else "west",
                "lat": row["demand_lat"],
                "lon": row["demand_lon"],
                "pue_limit": 1.25 if east else 1.2,
                "it_capex_cny_per_mw": 40e6 if east else 32e6,
                **CANDIDATE,
            }
        )
    added = pd.DataFrame(rows).set_index("cluster_id")[catalogue.clusters.columns]
    clusters = pd.concat([catalogue.clusters, added])
    latency = latency_table(provinces.reset_index(), clusters.reset_index(), catalogue.parameters)
    wind = catalogue.wind_capacity_factor.copy()
    solar = catalogue.solar_capacity_factor.copy()
    for site, row in added.iterrows():
        province = provinces.loc[row["province_id"]]
        wind[site] = wind_capacity_factor(site, row["lat"], province["wind_full_load_hours_h"])
        solar[site] = solar_capacity_factor(
            row["lat"], row["lon"], province["solar_full_load_hours_h"]
        )
    return replace(
        catalogue,
        clusters=clusters,
        latency=latency,
        wind_capacity_factor=wind,
        solar_capacity_factor=solar,
    )
