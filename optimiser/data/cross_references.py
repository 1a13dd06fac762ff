"""Check that the catalogue's tables refer to each other consistently.

Part of the first stage of the pipeline, under :mod:`optimiser.data.catalogue`: once the
required tables are read, every id a table refers to must exist in the table it names, every
province must have a round-trip time to every site, and each site outside the hubs must have
its province's role.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data import checks
from optimiser.errors import InputError


def check_references(tables: Mapping[str, pd.DataFrame], regions_dir: Path) -> None:
    """Check the ids each table refers to exist in the table they name."""
    provinces = set(tables["provinces"]["province_id"])
    clusters = set(tables["clusters"]["cluster_id"])
    checks.check_known_ids(
        tables["provinces"]["grid_region_id"],
        tables["grid_regions"]["grid_region_id"],
        "grid_region_id",
        regions_dir / "provinces.csv",
        "grid region",
    )
    checks.check_known_ids(
        tables["clusters"]["province_id"],
        provinces,
        "province_id",
        regions_dir / "clusters.csv",
        "province",
    )
    checks.check_known_ids(
        tables["clusters"]["hub_id"],
        tables["hubs"]["hub_id"],
        "hub_id",
        regions_dir / "clusters.csv",
        "hub",
        extra_allowed=["non_hub"],
    )
    for end in ("from_province_id", "to_province_id"):
        checks.check_known_ids(
            tables["corridors"][end], provinces, end, regions_dir / "corridors.csv", "province"
        )
    latency = tables["latency"]
    path = regions_dir / "latency.csv"
    checks.check_known_ids(latency["province_id"], provinces, "province_id", path, "province")
    checks.check_known_ids(latency["cluster_id"], clusters, "cluster_id", path, "cluster")
    pairs = set(zip(latency["province_id"], latency["cluster_id"], strict=True))
    for province in sorted(provinces):
        for cluster in sorted(clusters):
            if (province, cluster) not in pairs:
                raise InputError(
                    path,
                    f"province_id={province}, cluster_id={cluster}",
                    "missing round-trip time for this province and site",
                )


def check_non_hub_roles(clusters: pd.DataFrame, provinces: pd.DataFrame, path: Path) -> None:
    """Check that each non-hub site has its province's role: west in the western region.

    Hub clusters take their hub's role from the 2022 approval letters; a candidate outside the
    hubs has no letter, so its province decides (the 12 provinces of the Western Development
    programme are west, the rest east), and the two west shares of the results stay apart.
    """
    western = provinces.set_index("province_id")["is_western_region"]
    in_west = western.reindex(clusters["province_id"]).to_numpy(dtype=bool)
    expected = np.where(in_west, "west", "east")
    non_hub = ~clusters["is_hub_cluster"].to_numpy(dtype=bool)
    wrong = non_hub & (clusters["role"].to_numpy() != expected)
    checks.reject_first(
        wrong,
        clusters,
        "role",
        path,
        "cluster_id",
        lambda first: f"a non-hub site takes its province's role: expected {expected[first]}",
    )
