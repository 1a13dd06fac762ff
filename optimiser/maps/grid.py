"""Draw what a solved plan asks of each province's grid (``dcsite map DIR --kind grid``).

Part of the presentation stage, beside :mod:`optimiser.maps.idle`: the provinces with sites
shaded by the share of their grid headroom the data centres' peak grid draw uses
(``headroom_used_share`` of ``grid.csv``, :mod:`optimiser.results.grid_tables`), the provinces
where the headroom binds outlined, and each of these provinces labelled with its peak draw
[MW] and share [%]. The layers are tagged ``headroom_used`` (the shaded provinces),
``no_headroom`` (provinces with sites but no headroom), ``headroom_binds`` (the outlines) and
``province_label``; the rest is the base map of every map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from optimiser.maps.base import project, symbol_legend
from optimiser.maps.china import SOUTH_CHINA_SEA_ISLANDS, project_box
from optimiser.maps.figures import left_colour_bar, plan_map
from optimiser.maps.labels import label_sites, short_name
from optimiser.maps.layers import ResultLayers

if TYPE_CHECKING:
    from matplotlib.axes import Axes

GRID_FILE = "grid.csv"
"""The table the map draws, in the results folder."""
COLOUR_MAP = "YlOrRd"
NO_HEADROOM_COLOUR = "#c9d6e3"
BINDS_COLOUR = "black"
BINDS_WIDTH_PT = 2.2
TITLE = "Data-centre peak grid draw as a share of each province's headroom"
COLOUR_BAR_LABEL = "Headroom used by the data centres' peak grid draw [%]"
BINDS_LABEL = "Headroom binds (outlined)"
NO_HEADROOM_LABEL = "Sites, no headroom (no peak load in the catalogue)"
NO_SITE_LABEL = "No site in the province"
NO_TABLE_NOTE = "No grid.csv in this results folder: solve again to map the grid"


def grid_provinces(layers: ResultLayers) -> gpd.GeoDataFrame:
    """Return the provinces of ``grid.csv`` as projected polygons with the table's columns.

    The South China Sea islands are cut away as the base map cuts them (they are in the inset).
    """
    boundaries = layers.provinces[["province_id", "name_en", "name_zh", "geometry"]]
    boundaries = boundaries.assign(
        demand_lon=layers.provinces["demand_lon"], demand_lat=layers.provinces["demand_lat"]
    )
    table = pd.read_csv(layers.folder / GRID_FILE).drop(
        columns=["name_en", "name_zh"], errors="ignore"
    )
    table["headroom_binds"] = table["headroom_binds"].astype(bool)
    joined = boundaries.merge(table, on="province_id", how="inner")
    projected = project(joined)
    islands = project_box(SOUTH_CHINA_SEA_ISLANDS)
    return projected.set_geometry(projected.geometry.difference(islands))


def province_points(provinces: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return each province's label point: its demand point, else a point inside it."""
    inside = provinces.geometry.representative_point()
    has_point = provinces["demand_lon"].notna() & provinces["demand_lat"].notna()
    demand = project(
        gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(
                provinces["demand_lon"].fillna(0.0), provinces["demand_lat"].fillna(0.0)
            ),
            crs="EPSG:4326",
        )
    ).geometry
    demand.index = provinces.index
    return provinces.set_geometry(demand.where(has_point, inside))


def province_label(name: str, row: pd.Series) -> str:
    r"""Return a province's label: its peak grid draw [MW] and share of headroom [%].

    Examples
    --------
    >>> row = pd.Series({"data_centre_grid_peak_mw": 2333.9, "headroom_mw": 2660.6,
    ...     "headroom_used_share": 0.8772, "headroom_binds": False})
    >>> province_label("Inner Mongolia", row)
    'Inner Mongolia\n2,334 MW, 88 %'
    >>> province_label("Ningxia", row.replace({False: True}))
    'Ningxia\n2,334 MW, 88 % (binds)'
    >>> province_label("Guangxi", row.drop("headroom_mw").reindex(row.index))
    'Guangxi\n2,334 MW, no headroom'
    """
    peak = f"{short_name(name)}\n{float(row['data_centre_grid_peak_mw']):,.0f} MW"
    if pd.isna(row["headroom_mw"]):
        return f"{peak}, no headroom"
    share = row["headroom_used_share"]
    text = f"{peak}, {100 * float(share):,.0f} %" if pd.notna(share) else f"{peak}, 0 MW headroom"
    return f"{text} (binds)" if row["headroom_binds"] else text


def draw_provinces(
    axes: Axes, provinces: gpd.GeoDataFrame, norm: Normalize, colour_map: str
) -> None:
    """Shade the provinces by headroom used, grey-blue those without one, outline the binding."""
    limited = provinces[provinces["headroom_mw"].notna()]
    if not limited.empty:
        shares = (100 * limited["headroom_used_share"].astype(float)).fillna(100.0)
        limited.assign(headroom_used_pct=shares).plot(
            ax=axes,
            column="headroom_used_pct",
            cmap=colour_map,
            norm=norm,
            edgecolor="#9a9a9a",
            linewidth=0.4,
            gid="headroom_used",
        )
    unlimited = provinces[provinces["headroom_mw"].isna()]
    if not unlimited.empty:
        unlimited.plot(
            ax=axes,
            color=NO_HEADROOM_COLOUR,
            edgecolor="#9a9a9a",
            linewidth=0.4,
            gid="no_headroom",
        )
    binding = provinces[provinces["headroom_binds"]]
    if not binding.empty:
        binding.boundary.plot(
            ax=axes, color=BINDS_COLOUR, linewidth=BINDS_WIDTH_PT, zorder=3, gid="headroom_binds"
        )


def grid_map_figure(
    layers: ResultLayers, lang: str = "en", font_family: str | None = None
) -> Figure:
    """Draw each province's headroom used by the data centres' peak grid draw [%].

    Parameters
    ----------
    layers : ResultLayers
        The plan's map layers (``grid.csv`` is read from its folder).
    lang : str
        ``en`` or ``zh``: language of the province names.
    font_family : str, optional
        Font for Chinese names.
    """
    figure, axes = plan_map(layers, TITLE)
    norm = Normalize(0.0, 100.0)
    left_colour_bar(figure, axes, norm, colormaps[COLOUR_MAP], COLOUR_BAR_LABEL)
    any_without_headroom = False
    if (layers.folder / GRID_FILE).exists():
        provinces = grid_provinces(layers)
        any_without_headroom = bool(provinces["headroom_mw"].isna().any())
        draw_provinces(axes, provinces, norm, COLOUR_MAP)
        names = provinces["name_zh" if lang == "zh" else "name_en"].astype(str)
        texts = [
            province_label(name, row)
            for name, (_, row) in zip(names, provinces.iterrows(), strict=True)
        ]
        points = province_points(provinces)
        axes.scatter(
            points.geometry.x, points.geometry.y, s=6, color="black", zorder=4, gid="province_point"
        )
        label_sites(
            axes,
            points,
            texts=texts,
            font_family=font_family,
            marker_radii_pt=np.full(len(texts), 2.0),
        )
        for text in axes.texts:  # the labels name provinces, not sites
            if text.get_gid() == "site_label":
                text.set_gid("province_label")
    else:
        axes.text(0.5, 0.5, NO_TABLE_NOTE, transform=axes.transAxes, ha="center", fontsize=10)
    handles = [
        Patch(
            facecolor="white", edgecolor=BINDS_COLOUR, linewidth=BINDS_WIDTH_PT, label=BINDS_LABEL
        ),
        Patch(facecolor="#f2f2f2", edgecolor="#9a9a9a", label=NO_SITE_LABEL),
    ]
    if any_without_headroom:  # a key only for what the map shows
        handles.insert(
            1, Patch(facecolor=NO_HEADROOM_COLOUR, edgecolor="#9a9a9a", label=NO_HEADROOM_LABEL)
        )
    symbol_legend(axes, handles)
    return figure
