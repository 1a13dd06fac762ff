"""Gather a results directory's tables into map layers, and write them as a GeoPackage.

Part of the presentation stage, between the written results (:mod:`optimiser.results.folder`)
and the maps (:mod:`optimiser.maps.draw`). Everything is read from the files of a results
directory (``clusters.csv``, ``allocation.csv``, ``corridors.csv``,
``inputs/``) plus the data catalogue for what the results do not carry: province and maritime
boundaries, site and corridor coordinates, names and grid emission factors. No model is solved
again. The layers are kept in longitude/latitude (EPSG:4326); the maps project them.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import yaml
from shapely.geometry import LineString, Point

from optimiser.errors import InputError, OutputError
from optimiser.files import make_shareable
from optimiser.settings import MapSettings

if TYPE_CHECKING:
    from optimiser.data.catalogue import Catalogue

GEOPACKAGE_NAME = "plan.gpkg"
GEOPACKAGE_LAYERS = ("provinces", "clusters", "corridors", "allocation")
ARC_POINTS = 24
ARC_BEND = 0.18  # the arc's bulge as a fraction of the chord, so opposite flows stay apart


@dataclass
class ResultLayers:
    """The map layers of one results directory (EPSG:4326).

    Attributes
    ----------
    folder : pathlib.Path
        The results directory.
    summary : dict
        ``summary.json``.
    provinces : geopandas.GeoDataFrame
        Province polygons with ``is_mainland`` (false for Hong Kong, Macau and Taiwan, which
        are not modelled), ``demand_latency_bound_mw``, ``demand_flexible_mw``,
        ``demand_mw`` (compute demand, annual mean [MW]), ``served_it_energy_mwh`` and
        ``served_load_mw`` (IT energy allocated to sites [MWh/yr] and its annual mean [MW]),
        ``demand_lat`` and ``demand_lon`` (the demand point [°]), ``grid_region_id`` and
        ``grid_emissions_kgco2_per_mwh`` [kgCO2/MWh].
    clusters : geopandas.GeoDataFrame
        Points: every column of ``clusters.csv`` plus ``name_en`` and ``name_zh``.
    corridors : geopandas.GeoDataFrame
        Lines between corridor end stations: every column of ``corridors.csv`` plus
        ``name_en``, ``name_zh`` and ``status``.
    allocation : geopandas.GeoDataFrame
        Arcs from each province's demand point to a site: every column of
        ``allocation.csv``.
    maritime_boundary : geopandas.GeoDataFrame
        The ten-dash line of the South China Sea, drawn on every map.
    review_number : str or None
        The map review number (审图号) the maps print: the run's ``maps.review_number``.
    """

    folder: Path
    summary: dict
    provinces: gpd.GeoDataFrame
    clusters: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    allocation: gpd.GeoDataFrame
    maritime_boundary: gpd.GeoDataFrame
    review_number: str | None = None


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError(path, "", "missing from the results directory")
    return pd.read_csv(path, keep_default_na=True)


def _require(frame: pd.DataFrame, keys: pd.Index, what: str, path: Path) -> None:
    missing = sorted(set(keys) - set(frame.index))
    if missing:
        msg = f"not in this catalogue: {', '.join(map(str, missing))}"
        raise InputError(path, what, msg)


def review_number_of(folder: Path) -> str | None:
    """Return the map review number of a results folder's run (``maps.review_number``).

    Read from ``inputs/scenario.yaml``; None when the run set none (or was written before the
    setting existed).
    """
    path = folder / "inputs" / "scenario.yaml"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as stream:
        dump = yaml.safe_load(stream) or {}
    maps = (dump.get("settings") or {}).get("maps") or {}
    return MapSettings.model_validate(maps).review_number


def arc(
    start: tuple[float, float], end: tuple[float, float], points: int = ARC_POINTS
) -> LineString:
    """Return a gently curved line from ``start`` to ``end`` (longitude, latitude [°]).

    The curve is a quadratic Bézier bending to the left of the direction of travel, so a flow
    and its reverse do not draw over each other.
    """
    (x0, y0), (x1, y1) = start, end
    if np.hypot(x1 - x0, y1 - y0) < 1e-9:
        return LineString([start, (x0 + 1e-6, y0)])
    control = ((x0 + x1) / 2 - ARC_BEND * (y1 - y0), (y0 + y1) / 2 + ARC_BEND * (x1 - x0))
    steps = np.linspace(0.0, 1.0, points)[:, None]
    curve = (
        (1 - steps) ** 2 * np.array(start)
        + 2 * (1 - steps) * steps * np.array(control)
        + steps**2 * np.array(end)
    )
    return LineString(curve)


def load_result_layers(folder: str | Path, catalogue: Catalogue | None = None) -> ResultLayers:
    """Read a results directory into map layers.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results directory written by ``dcsite solve``.
    catalogue : Catalogue, optional
        The catalogue the plan was solved with (default: the built-in one); used only for
        boundaries, coordinates, names and grid emission factors.

    Returns
    -------
    ResultLayers
    """
    import json

    from optimiser.data.catalogue import load_catalogue

    folder = Path(folder)
    if not (folder / "summary.json").exists():
        raise InputError(folder, "", "not a results directory (no summary.json)")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    if catalogue is None:
        # The catalogue the plan was solved with, when it is still where it was.
        used = summary.get("catalogue_path")
        catalogue = load_catalogue(used if used and Path(used).is_dir() else None)
    clusters = _read_csv(folder / "clusters.csv")
    allocation = _read_csv(folder / "allocation.csv")
    corridors = _read_csv(folder / "corridors.csv")
    regions = _read_csv(folder / "inputs" / "regions.csv").set_index("province_id")
    hours = _read_csv(folder / "inputs" / "hours.csv")
    hours_per_year = float(hours["weight_h"].sum())

    sites = catalogue.clusters
    _require(sites, pd.Index(clusters["cluster_id"]), "cluster_id", catalogue.path)
    named = clusters.merge(
        sites[["name_en", "name_zh", "lat", "lon"]],
        left_on="cluster_id",
        right_index=True,
        how="left",
    )
    cluster_layer = gpd.GeoDataFrame(
        named.drop(columns=["lat", "lon"]),
        geometry=[Point(lon, lat) for lon, lat in zip(named["lon"], named["lat"], strict=True)],
        crs="EPSG:4326",
    )

    lines = catalogue.corridors
    _require(lines, pd.Index(corridors["corridor_id"]), "corridor_id", catalogue.path)
    joined = corridors.merge(
        lines[["name_en", "name_zh", "status", "from_lat", "from_lon", "to_lat", "to_lon"]],
        left_on="corridor_id",
        right_index=True,
        how="left",
    )
    corridor_layer = gpd.GeoDataFrame(
        joined[[*corridors.columns, "name_en", "name_zh", "status"]],
        geometry=[
            LineString([(row.from_lon, row.from_lat), (row.to_lon, row.to_lat)])
            for row in joined.itertuples(index=False)
        ],
        crs="EPSG:4326",
    )

    provinces = catalogue.provinces
    _require(provinces, pd.Index(allocation["province_id"]), "province_id", catalogue.path)
    origin = provinces.reindex(allocation["province_id"])
    target = sites.reindex(allocation["cluster_id"])
    allocation_layer = gpd.GeoDataFrame(
        allocation.copy(),
        geometry=[
            arc((a_lon, a_lat), (b_lon, b_lat))
            for a_lon, a_lat, b_lon, b_lat in zip(
                origin["demand_lon"],
                origin["demand_lat"],
                target["lon"],
                target["lat"],
                strict=True,
            )
        ],
        crs="EPSG:4326",
    )

    boundaries = catalogue.province_boundaries()[
        ["province_id", "name_en", "name_zh", "is_mainland", "geometry"]
    ]
    table = pd.DataFrame(index=pd.Index(boundaries["province_id"], name="province_id"))
    table["demand_latency_bound_mw"] = regions["demand_latency_bound_mw"]
    table["demand_flexible_mw"] = regions["demand_flexible_mw"]
    table["demand_mw"] = table["demand_latency_bound_mw"] + table["demand_flexible_mw"]
    served = allocation.groupby("province_id")["it_energy_mwh"].sum()
    table["served_it_energy_mwh"] = served.reindex(table.index)
    known = table.index.isin(regions.index)
    table.loc[known, "served_it_energy_mwh"] = table.loc[known, "served_it_energy_mwh"].fillna(0.0)
    table["served_load_mw"] = table["served_it_energy_mwh"] / hours_per_year
    table["demand_lat"] = provinces["demand_lat"]
    table["demand_lon"] = provinces["demand_lon"]
    table["grid_region_id"] = provinces["grid_region_id"]
    table["grid_emissions_kgco2_per_mwh"] = (
        catalogue.grid_regions["emissions_kgco2_per_mwh"]
        .reindex(table["grid_region_id"])
        .to_numpy()
    )
    province_layer = boundaries.merge(table.reset_index(), on="province_id", how="left")
    return ResultLayers(
        folder,
        summary,
        province_layer,
        cluster_layer,
        corridor_layer,
        allocation_layer,
        catalogue.maritime_boundary(),
        review_number_of(folder),
    )


def write_plan_geopackage(
    folder: str | Path, layers: ResultLayers | None = None, *, overwrite: bool = False
) -> Path:
    """Write ``plan.gpkg`` into a results directory, whole or not at all.

    Layers (EPSG:4326): ``provinces`` (polygons with demand [MW], served load [MW] and grid
    emission factor [kgCO2/MWh]), ``clusters`` (points with every column of ``clusters.csv``),
    ``corridors`` (lines with annual flows [MWh] and utilisation [fraction]) and
    ``allocation`` (arcs from demand region to site with IT energy [MWh/yr]).

    Parameters
    ----------
    folder : str or pathlib.Path
        The results directory.
    layers : ResultLayers, optional
        Already loaded layers (default: read from ``folder``).
    overwrite : bool
        Replace an existing ``plan.gpkg``.

    Returns
    -------
    pathlib.Path
        The GeoPackage written.
    """
    folder = Path(folder)
    layers = layers or load_result_layers(folder)
    path = folder / GEOPACKAGE_NAME
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: already exists; pass --overwrite to replace it")
    handle, temporary = tempfile.mkstemp(prefix=".plan.", suffix=".gpkg", dir=folder)
    os.close(handle)
    Path(temporary).unlink()  # the driver creates the file itself
    try:
        for name in GEOPACKAGE_LAYERS:
            frame = getattr(layers, name)
            frame.to_file(temporary, layer=name, driver="GPKG", engine="pyogrio")
        make_shareable(temporary)  # the driver made it as mkstemp's was: private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
