"""Rebuild the hourly files of regions/profiles/ for every site of clusters.csv.

Run from anywhere: ``python regions/scripts/build_profiles.py`` (about half a minute). Each
site's solar and wind series is scaled to the full-load hours of its province in provinces.csv;
the methods live in :mod:`optimiser.data.profiles`. Values are written with 4 decimals.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

REGIONS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = REGIONS_DIR.parent
if str(REPO_ROOT) not in sys.path:  # run from a source tree without installing dcsite
    sys.path.insert(0, str(REPO_ROOT))

from optimiser.data.profiles import (  # noqa: E402
    HOURS_PER_YEAR,
    demand_shapes,
    solar_capacity_factor,
    wind_capacity_factor,
)

YEAR = 2025
DECIMALS = 4


def write_profile(columns: dict[str, np.ndarray], name: str) -> None:
    table = pd.DataFrame({"hour": np.arange(HOURS_PER_YEAR)})
    for site_id, values in columns.items():
        table[site_id] = np.round(values, DECIMALS)
    output = REGIONS_DIR / "profiles" / name
    table.to_csv(output, index=False, lineterminator="\n")
    hours = table.drop(columns="hour").sum()
    print(
        f"wrote {output.relative_to(REPO_ROOT)}: {len(columns)} sites, "
        f"{hours.min():,.0f}-{hours.max():,.0f} full-load hours"
    )


def main() -> None:
    clusters = pd.read_csv(REGIONS_DIR / "clusters.csv")
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv").set_index("province_id")
    sites = clusters.join(provinces, on="province_id", rsuffix="_province")
    solar = {
        site.cluster_id: solar_capacity_factor(
            site.lat, site.lon, site.solar_full_load_hours_h, year=YEAR
        )
        for site in sites.itertuples()
    }
    wind = {
        site.cluster_id: wind_capacity_factor(
            site.cluster_id, site.lat, site.wind_full_load_hours_h, year=YEAR
        )
        for site in sites.itertuples()
    }
    write_profile(solar, "solar_capacity_factor.csv")
    write_profile(wind, "wind_capacity_factor.csv")
    shapes = demand_shapes(YEAR, decimals=DECIMALS)
    output = REGIONS_DIR / "profiles" / "demand_shape.csv"
    shapes.to_csv(output, index=False, lineterminator="\n")
    print(
        f"wrote {output.relative_to(REPO_ROOT)}: latency_bound peak/mean "
        f"{shapes['latency_bound'].max():.3f}, flexible "
        f"{shapes['flexible'].min():.3f}-{shapes['flexible'].max():.3f}"
    )


if __name__ == "__main__":
    main()
