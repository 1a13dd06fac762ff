"""What a plan asks of each province's grid, against its peak load and headroom, as a table.

Part of turning a solution into the plan's tables (:mod:`optimiser.results.tables`): from the
site-hour dispatch (``hourly.parquet``, or the full-year check's) and the provinces' headroom
(``inputs/headroom.csv``), the data centres' peak grid draw and annual grid energy per
province, their share of the province's peak load and of its headroom, and whether the
headroom binds (``grid.csv``, ``validation/grid.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.lp.inputs import ModelInputs

MWH_PER_TWH = 1e6
"""MWh in one TWh [MWh/TWh]."""
BINDS_WITHIN_SHARE = 1e-4
"""The headroom binds when the peak grid draw reaches it to within this share of it (the
solver's tolerances leave a binding limit a hair below its bound)."""

GRID_COLUMNS = (
    "province_id",
    "name_en",
    "name_zh",
    "site_count",
    "peak_load_mw",
    "headroom_mw",
    "data_centre_grid_peak_mw",
    "data_centre_grid_twh",
    "data_centre_consumption_twh",
    "share_of_peak_load",
    "headroom_used_share",
    "headroom_binds",
    "headroom_source",
)
"""The columns of ``grid.csv``, in order."""


def grid_table(hourly: pd.DataFrame, inputs: ModelInputs) -> pd.DataFrame:
    """Return ``grid.csv``: per province with sites, the data centres' draw on its grid.

    Parameters
    ----------
    hourly : pandas.DataFrame
        Per site and hour: ``cluster_id``, ``hour``, ``weight_h`` [h], ``grid_mw`` and
        ``consumption_mw`` [MW] (``hourly.parquet``).
    inputs : ModelInputs
        The sites (their ``province_id`` and, when present, ``province_name_en`` and
        ``province_name_zh``) and the headroom (:func:`optimiser.lp.inputs.prepare_headroom`).

    Returns
    -------
    pandas.DataFrame
        One row per province with a site, by ``province_id``: ``site_count``,
        ``peak_load_mw`` and ``headroom_mw`` [MW] (NaN where the province has no headroom),
        ``data_centre_grid_peak_mw`` (the sites' summed grid purchases in their highest hour)
        [MW], ``data_centre_grid_twh`` and ``data_centre_consumption_twh`` (over the year,
        hours weighted) [TWh/yr], ``share_of_peak_load`` (peak grid draw over peak load) and
        ``headroom_used_share`` (peak grid draw over headroom) [fraction], ``headroom_binds``
        (the peak draw reaches the headroom to within :data:`BINDS_WITHIN_SHARE`) and
        ``headroom_source`` (``peak_load_share``, ``setting``, or empty where none).
    """
    sites = inputs.sites
    province = sites["province_id"].reindex(hourly["cluster_id"]).to_numpy()
    draw = hourly.assign(
        province_id=province,
        grid_mwh=hourly["grid_mw"] * hourly["weight_h"],
        consumption_mwh=hourly["consumption_mw"] * hourly["weight_h"],
    )
    by_province = draw.groupby("province_id")
    peak = draw.groupby(["province_id", "hour"])["grid_mw"].sum().groupby("province_id").max()
    provinces = pd.Index(sorted(sites["province_id"].unique()), name="province_id")
    first = sites.groupby("province_id").first()

    def names(column: str, fallback: pd.Series) -> pd.Series:
        if column not in first.columns:
            return fallback
        return first[column].reindex(provinces).fillna(fallback)

    headroom = inputs.headroom.reindex(provinces)
    limit = headroom["grid_headroom_mw"].astype(float)
    peak_mw = peak.reindex(provinces).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        used = (peak_mw / limit).where(limit > 0)
    table = pd.DataFrame(
        {
            "name_en": names("province_name_en", provinces.to_series()),
            "name_zh": names("province_name_zh", pd.Series("", index=provinces)),
            "site_count": sites.groupby("province_id").size().reindex(provinces),
            "peak_load_mw": headroom["peak_load_mw"].astype(float),
            "headroom_mw": limit,
            "data_centre_grid_peak_mw": peak_mw,
            "data_centre_grid_twh": by_province["grid_mwh"].sum().reindex(provinces).fillna(0.0)
            / MWH_PER_TWH,
            "data_centre_consumption_twh": by_province["consumption_mwh"]
            .sum()
            .reindex(provinces)
            .fillna(0.0)
            / MWH_PER_TWH,
            "share_of_peak_load": peak_mw / headroom["peak_load_mw"].astype(float),
            "headroom_used_share": used,
            # A limit of 0 shuts the grid to the province's data centres: it binds.
            "headroom_binds": limit.notna()
            & ((limit <= 0) | (peak_mw >= limit * (1 - BINDS_WITHIN_SHARE))),
            "headroom_source": headroom["headroom_source"].fillna("").astype(str),
        },
        index=provinces,
    )
    return table.reset_index()[list(GRID_COLUMNS)]
