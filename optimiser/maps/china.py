"""What makes a map a standard map of China: its projection, territory and review number.

Part of the presentation stage, used by :func:`optimiser.maps.base.base_map` for every map. Maps
of China published in China must show the whole territory (``docs/maps.md``): Hong Kong, Macau
and Taiwan in China's outline (here hatched and named in a legend as not modelled, since the
catalogue has no data for them), the ten-dash line of the South China Sea
(``regions/maritime_boundary.geojson``), and the South China Sea islands, drawn in an inset
with the whole line; a reviewed map also prints its review number (审图号). Drawn layers carry
the gids ``not_modelled``, ``ten_dash_line``, ``standard_map_legend`` and ``review_number``;
the inset is the axes ``south_china_sea_inset``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHINA_ALBERS = (
    "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
)


def project(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a layer in the China Albers projection."""
    return frame.to_crs(CHINA_ALBERS)


NOT_MODELLED_STYLE: dict[str, Any] = {
    "facecolor": "white",
    "edgecolor": "#9a9a9a",
    "hatch": "//////",
    "linewidth": 0.4,
}
"""How Hong Kong, Macau and Taiwan are drawn: outlined as the provinces are, hatched."""
NOT_MODELLED_LABEL = "Not modelled: Hong Kong, Macau, Taiwan"
TEN_DASH_LINE_COLOUR = "#3d3d3d"
TEN_DASH_LINE_STYLE: dict[str, Any] = {
    "colors": TEN_DASH_LINE_COLOUR,
    "capstyle": "butt",
    "zorder": 2,
}
"""How the ten-dash line is drawn (its width differs between the map and the inset)."""
TEN_DASH_LINE_LABEL = "South China Sea ten-dash line"
REVIEW_NUMBER_LABEL = "Map review number"


def draw_not_modelled(axes: Axes, provinces: gpd.GeoDataFrame) -> None:
    """Draw the regions the catalogue does not model (``is_mainland`` false), hatched.

    Hong Kong, Macau and Taiwan are part of China and drawn in its outline, but the
    catalogue has no demand, sites or grid for them: hatching, named in the legend
    (:func:`standard_map_legend`), says so instead of leaving them an unexplained grey. The
    layer's gid is ``not_modelled``.
    """
    outside = provinces[~provinces["is_mainland"].astype(bool)]
    outside = outside[~outside.geometry.is_empty]
    if len(outside):
        outside.plot(ax=axes, gid="not_modelled", **NOT_MODELLED_STYLE)


def line_segments(lines: gpd.GeoSeries) -> list[np.ndarray]:
    """Return the vertices of every part of (multi)line geometries, one array per part."""
    return [
        np.asarray(part.coords)
        for geometry in lines
        if not geometry.is_empty
        for part in getattr(geometry, "geoms", [geometry])
    ]


def draw_ten_dash_line(axes: Axes, line: gpd.GeoDataFrame, width_pt: float = 1.4) -> None:
    """Draw the ten-dash line (projected) as one line collection with the gid ``ten_dash_line``.

    Each dash of the source is a line of its own, so the dashes are drawn solid.
    """
    segments = line_segments(line.geometry)
    if segments:
        axes.add_collection(
            LineCollection(
                segments, linewidths=width_pt, gid="ten_dash_line", **TEN_DASH_LINE_STYLE
            )
        )


def line_boxes(axes: Axes, gid: str) -> list[Bbox]:
    """Return the display-space box of each line of the axes' line collections tagged ``gid``."""
    lines = [
        axes.transData.transform(path.vertices)
        for collection in axes.collections
        if collection.get_gid() == gid
        for path in collection.get_paths()
    ]
    return [Bbox.from_extents(*line.min(axis=0), *line.max(axis=0)) for line in lines]


def standard_map_legend(axes: Axes) -> None:
    """Add the legend of what every map of China shows, at the map's upper left.

    Added as an artist of its own, so that each map's legends are drawn beside it.
    """
    handles = [
        Patch(label=NOT_MODELLED_LABEL, **NOT_MODELLED_STYLE),
        Line2D([], [], color=TEN_DASH_LINE_COLOUR, linewidth=1.4, label=TEN_DASH_LINE_LABEL),
    ]
    legend = Legend(
        axes,
        handles,
        [NOT_MODELLED_LABEL, TEN_DASH_LINE_LABEL],
        loc="upper left",
        fontsize=8,
        frameon=False,
        handlelength=2.0,
    )
    legend.set_gid("standard_map_legend")
    axes.add_artist(legend)


def print_review_number(axes: Axes, review_number: str, font_family: str | None = None) -> None:
    """Print the map review number (审图号) at the map's lower left, below the attribution.

    The number is printed exactly as given after the label ``Map review number:`` (审图号：
    on Chinese maps, :mod:`optimiser.maps.words`). It holds Chinese characters (``号``), so
    English maps fall back to ``font_family``, a font with Chinese glyphs, for them.
    """
    text = axes.annotate(
        f"{REVIEW_NUMBER_LABEL}: {review_number}",
        xy=(0.0, -0.055),
        xycoords="axes fraction",
        fontsize=8,
        gid="review_number",
    )
    if font_family is not None:
        text.set_fontfamily(["DejaVu Sans", font_family])


SOUTH_CHINA_SEA_ISLANDS = (105.0, 2.5, 123.0, 17.2)
"""Longitude and latitude box [°] of the South China Sea islands, south of Hainan."""
SOUTH_CHINA_SEA_INSET = (105.0, 2.5, 124.0, 25.0)
"""Longitude and latitude box [°] the inset shows: the islands, the ten-dash line whole (its
northernmost dash, east of Taiwan, reaches 24.6° N), Hainan, Taiwan and the coast."""
INSET_POSITION = (0.80, 0.05, 0.13, 0.21)
"""Where the inset sits in the figure [fraction]: lower right, beside the map's legends."""


def project_box(bounds: tuple[float, float, float, float]) -> Any:
    """Return a longitude-latitude box [°] as a shape in the map's projection."""
    from shapely.geometry import box

    return gpd.GeoSeries([box(*bounds)], crs="EPSG:4326").to_crs(CHINA_ALBERS).iloc[0]


def add_south_china_sea_inset(
    figure: Figure,
    boundaries: gpd.GeoDataFrame,
    maritime_boundary: gpd.GeoDataFrame,
    map_share: float = 1.0,
) -> Axes | None:
    """Draw the South China Sea islands in an inset box (南海诸岛), as Chinese maps do.

    The inset (gid ``south_china_sea_inset``) shows the islands and the whole ten-dash line
    with Hainan, Taiwan (hatched, not modelled) and the southern coast, titled ``South China
    Sea Islands`` (南海诸岛 on Chinese maps); the main map leaves the islands out. Nothing is
    drawn for boundaries without land there. ``map_share`` is the part of the figure's width
    the map takes (less than 1 when a panel sits beside it).
    """
    shown = project_box(SOUTH_CHINA_SEA_INSET)
    region = project(boundaries)
    region = region.set_geometry(region.geometry.intersection(shown))
    region = region[~region.geometry.is_empty]
    if region.empty:
        return None
    left, bottom, width, height = INSET_POSITION
    inset = figure.add_axes((left * map_share, bottom, width * map_share, height))
    modelled = region[region["is_mainland"].astype(bool)]
    modelled.plot(ax=inset, color="#f2f2f2", edgecolor="#7a7a7a", linewidth=0.3)
    draw_not_modelled(inset, region)
    draw_ten_dash_line(inset, project(maritime_boundary), width_pt=1.0)
    x_min, y_min, x_max, y_max = shown.bounds
    inset.set_xlim(x_min, x_max)
    inset.set_ylim(y_min, y_max)
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")  # geopandas names the projection's axes; an inset needs no axes
    inset.set_ylabel("")
    inset.set_gid("south_china_sea_inset")
    inset.set_title("South China Sea Islands", fontsize=7)
    return inset
