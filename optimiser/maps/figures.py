"""Draw the maps of a solved plan: capacity and flows (green power in :mod:`optimiser.maps.green`).

Part of the presentation stage. Each function takes the layers of a results directory
(:class:`optimiser.maps.layers.ResultLayers`) and returns a matplotlib figure in the China Albers
projection of :mod:`optimiser.maps.base`, which writes it to a file. Every drawn layer carries a
``gid`` (``capacity_total``, ``energy_mix``, ``corridors``, ``allocation_flexible``, ...) so
tests can check what was drawn without comparing pixels; every quantity has its unit in the
legend or colour bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.text import Text

from optimiser.maps.base import (
    base_map,
    hollow_markers,
    largest_or_one,
    line_handle,
    marker_handle,
    marker_radii,
    project,
    size_legend,
    sized_circles,
    symbol_legend,
)
from optimiser.maps.labels import LABEL_MARGIN_PX, circle_box, label_sites, short_name
from optimiser.maps.layers import ResultLayers

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes

EXISTING_COLOUR = "#34495e"
NEW_COLOUR = "#e67e22"
LATENCY_COLOUR = "#c0392b"
FLEXIBLE_COLOUR = "#2471a3"
CORRIDOR_WIDTH_PT = (1.0, 6.0)
ALLOCATION_WIDTH_PT = (0.4, 6.0)


def subtitle(layers: ResultLayers) -> str:
    """Return ``model / scenario`` of a plan (with the year of a pathway's period), for titles."""
    text = f"{layers.summary.get('model', '?')} / {layers.summary.get('scenario', '?')}"
    period = layers.summary.get("pathway_period")
    return f"{text}, {period}" if period is not None else text


def site_names(layers: ResultLayers, lang: str) -> list[str]:
    """Return site names in the chosen language (``en`` or ``zh``)."""
    column = "name_zh" if lang == "zh" else "name_en"
    return [short_name(name) for name in layers.clusters[column].astype(str)]


def line_widths(
    values: pd.Series | np.ndarray, largest: float, bounds: tuple[float, float]
) -> np.ndarray:
    """Return line widths growing linearly with the values [pt], from ``bounds[0]`` at zero."""
    values = np.asarray(values, dtype=float)
    if largest <= 0:
        return np.full(len(values), bounds[0])
    return bounds[0] + (bounds[1] - bounds[0]) * values / largest


def plan_map(layers: ResultLayers, heading: str, **shading: Any) -> tuple[Figure, Axes]:
    """Draw a plan's base map, titled ``heading`` over the plan's :func:`subtitle`.

    Parameters
    ----------
    layers : ResultLayers
        The plan's map layers: provinces, maritime boundary and map review number.
    heading : str
        The title's first line.
    **shading
        How to shade the provinces (``column``, ``legend_label``, ``cmap``) and the width of a
        panel beside the map (``panel_width_in``), as :func:`optimiser.maps.base.base_map`
        takes them.
    """
    return base_map(
        layers.provinces,
        f"{heading}\n{subtitle(layers)}",
        maritime_boundary=layers.maritime_boundary,
        review_number=layers.review_number,
        **shading,
    )


def coloured_site_circles(
    figure: Figure,
    axes: Axes,
    points: gpd.GeoDataFrame,
    magnitudes_mw: np.ndarray,
    colour_values: np.ndarray,
    *,
    norm: Normalize,
    colour_map: Colormap,
    colour_label: str,
    gid: str,
    empty_gid: str,
) -> np.ndarray:
    """Draw each site as a circle, area ∝ a capacity and coloured by a value, with its scale.

    A site whose magnitude is at most 0.5 MW is a small hollow ring instead (gid
    ``empty_gid``); the colour bar stands on the map's left.

    Parameters
    ----------
    figure, axes : matplotlib.figure.Figure, matplotlib.axes.Axes
        The map.
    points : geopandas.GeoDataFrame
        The sites, projected (:func:`optimiser.maps.base.project`).
    magnitudes_mw : numpy.ndarray
        What each circle's area stands for, per site [MW].
    colour_values : numpy.ndarray
        What each circle's colour stands for, per site (in the colour bar's unit).
    norm, colour_map : matplotlib.colors.Normalize, matplotlib.colors.Colormap
        The colour scale.
    colour_label : str
        The colour bar's label, with its unit.
    gid, empty_gid : str
        The gids of the circles and of the hollow rings.

    Returns
    -------
    numpy.ndarray
        Each site's marker radius [pt], for :func:`optimiser.maps.labels.label_sites`.
    """
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    drawn = magnitudes_mw > 0.5
    largest = largest_or_one(magnitudes_mw)
    sized_circles(
        axes,
        x[drawn],
        y[drawn],
        magnitudes_mw[drawn],
        largest,
        gid=gid,
        c=colour_values[drawn],
        cmap=colour_map,
        norm=norm,
    )
    hollow_markers(axes, x[~drawn], y[~drawn], gid=empty_gid)
    left_colour_bar(figure, axes, norm, colour_map, colour_label)
    return marker_radii(magnitudes_mw, largest, drawn)


def capacity_map_figure(
    layers: ResultLayers, lang: str = "en", font_family: str | None = None
) -> Figure:
    """Draw IT capacity per site (existing and new) over provinces shaded by compute demand.

    Each site is two concentric circles, their areas proportional to total IT capacity
    (existing + new) and to existing IT capacity [MW]; the visible orange ring is the new
    capacity. Provinces are shaded by their compute demand, annual mean [MW].

    Parameters
    ----------
    layers : ResultLayers
        The plan's map layers.
    lang : str
        ``en`` or ``zh``: language of the site names.
    font_family : str, optional
        Font for Chinese names.
    """
    figure, axes = plan_map(
        layers,
        "IT capacity by site and compute demand by province",
        column="demand_mw",
        legend_label="Compute demand, annual mean [MW]",
        cmap="Blues",
    )
    points = project(layers.clusters)
    total = points["total_it_capacity_mw"].to_numpy(dtype=float)
    existing = points["existing_it_capacity_mw"].to_numpy(dtype=float)
    largest = largest_or_one(total)
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    has_capacity = total > 0.5
    sized_circles(
        axes,
        x[has_capacity],
        y[has_capacity],
        total[has_capacity],
        largest,
        gid="capacity_total",
        color=NEW_COLOUR,
    )
    has_existing = existing > 0.5
    sized_circles(
        axes,
        x[has_existing],
        y[has_existing],
        existing[has_existing],
        largest,
        gid="capacity_existing",
        color=EXISTING_COLOUR,
        edgecolor="white",
        linewidth=0.4,
        zorder=4,
    )
    hollow_markers(axes, x[~has_capacity], y[~has_capacity], gid="capacity_none")
    labels = [
        f"{name} {value:,.0f} MW"
        for name, value in zip(site_names(layers, lang), total, strict=True)
    ]
    radii = marker_radii(total, largest, has_capacity)
    label_sites(axes, points, texts=labels, font_family=font_family, marker_radii_pt=radii)
    size_legend(
        axes, nice_references(largest), largest, "MW", colour=NEW_COLOUR, title="IT capacity [MW]"
    )
    handles = [
        marker_handle("Existing IT capacity [MW]", EXISTING_COLOUR, edgecolor="white", size=8),
        marker_handle("New IT capacity (ring) [MW]", NEW_COLOUR, size=8),
        marker_handle("Candidate site, not built", "white", size=5),
    ]
    symbol_legend(axes, handles, title="Circle area ∝ IT capacity")
    return figure


def nice_references(largest: float) -> list[float]:
    """Return three round reference values up to ``largest`` for a size legend."""
    if largest <= 0:
        return [1.0]
    magnitude = 10 ** np.floor(np.log10(largest))
    top = np.floor(largest / magnitude) * magnitude
    return sorted({float(value) for value in (top / 10, top / 3, top) if value > 0})


def flow_map_figure(
    layers: ResultLayers, lang: str = "en", font_family: str | None = None
) -> Figure:
    """Draw UHV corridor use and the allocation of compute demand to sites.

    Corridor line width is proportional to annual energy delivered [MWh] and its colour is
    utilisation [% of the capacity available to data centres]; unused corridors are thin and
    dashed. Arcs run from each province's demand point to the sites serving it, width
    proportional to IT energy [MWh/yr]: latency-bound demand solid red, flexible dashed blue.
    """
    figure, axes = plan_map(layers, "Flows: UHV corridor use and demand allocated to sites")
    corridors = project(layers.corridors)
    energy = corridors["energy_mwh"].to_numpy(dtype=float)
    used = energy > 1e-6
    largest_corridor = largest_or_one(energy)
    norm = Normalize(0.0, 100.0)
    colour_map = colormaps["plasma_r"]
    segments = [np.asarray(line.coords) for line in corridors.geometry]
    if used.any():
        collection = LineCollection(
            [segment for segment, flag in zip(segments, used, strict=True) if flag],
            linewidths=line_widths(energy[used], largest_corridor, CORRIDOR_WIDTH_PT),
            colors=colour_map(norm(100 * corridors["utilisation"].to_numpy(dtype=float)[used])),
            zorder=3,
            gid="corridors",
            capstyle="round",
        )
        axes.add_collection(collection)
    if (~used).any():
        axes.add_collection(
            LineCollection(
                [segment for segment, flag in zip(segments, used, strict=True) if not flag],
                linewidths=0.8,
                colors="#888888",
                linestyles="dashed",
                zorder=2,
                gid="corridors_unused",
            )
        )
    if used.any():  # a utilisation scale only where some corridor is used
        left_colour_bar(figure, axes, norm, colour_map, "UHV corridor utilisation [%]")

    allocation = project(layers.allocation)
    allocated = allocation["it_energy_mwh"].to_numpy(dtype=float)
    largest_flow = largest_or_one(allocated)
    for workload, colour, style in (
        ("latency_bound", LATENCY_COLOUR, "solid"),
        ("flexible", FLEXIBLE_COLOUR, "dashed"),
    ):
        chosen = (allocation["workload"] == workload).to_numpy()
        if not chosen.any():
            continue
        axes.add_collection(
            LineCollection(
                [np.asarray(line.coords) for line in allocation.geometry[chosen]],
                linewidths=line_widths(allocated[chosen], largest_flow, ALLOCATION_WIDTH_PT),
                colors=colour,
                linestyles=style,
                alpha=0.55,
                zorder=4,
                gid=f"allocation_{workload}",
            )
        )
    demand = layers.provinces[layers.provinces["demand_mw"] > 0]
    demand_points = project(
        demand.set_geometry(gpd_points(demand["demand_lon"], demand["demand_lat"]), crs="EPSG:4326")
    )
    axes.scatter(
        demand_points.geometry.x,
        demand_points.geometry.y,
        marker="s",
        s=14,
        color="black",
        zorder=5,
        gid="demand_regions",
    )
    points = project(layers.clusters)
    axes.scatter(
        points.geometry.x,
        points.geometry.y,
        s=45,
        color="#27ae60",
        edgecolor="black",
        linewidth=0.6,
        zorder=6,
        gid="clusters",
    )
    label_sites(
        axes,
        points,
        texts=site_names(layers, lang),
        font_family=font_family,
        marker_radii_pt=np.full(len(points), 4.0),
    )
    column = "name_zh" if lang == "zh" else "name_en"
    label_corridors(
        axes,
        corridors[used],
        [short_name(name, 20) for name in corridors.loc[used, column].astype(str)],
        font_family,
        points,
    )
    flow_legend(axes, energy, largest_flow)
    return figure


CORRIDOR_LABEL_COLOUR = "#4a235a"
CORRIDOR_LABEL_POSITIONS = tuple(
    (fraction, offset)
    for offset in (0.0, 7.0, -7.0, 14.0, -14.0, 21.0, -21.0, 28.0, -28.0)
    for fraction in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)
)
"""Where a corridor's name may sit, in order of preference: on the line, then ever further
above or below it [pt] (with a leader line), each at points along it [fraction of its
length] from the middle out."""


def _corridor_text(
    axes: Axes, point: Any, name: str, font_family: str | None, offset_pt: float = 0.0
) -> Any:
    return axes.annotate(
        name,
        xy=(point.x, point.y),
        xytext=(0.0, offset_pt),
        textcoords="offset points",
        arrowprops=(
            {"arrowstyle": "-", "color": CORRIDOR_LABEL_COLOUR, "linewidth": 0.4}
            if offset_pt
            else None
        ),
        fontsize=6,
        color=CORRIDOR_LABEL_COLOUR,
        ha="center",
        va="center",
        zorder=6,
        gid="corridor_label",
        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7},
        fontfamily=font_family,
    )


def label_corridors(
    axes: Axes,
    corridors: gpd.GeoDataFrame,
    names: list[str],
    font_family: str | None,
    sites: gpd.GeoDataFrame,
) -> None:
    """Name each corridor along its line, clear of the sites, their labels and each other.

    Each name tries points on its line from the middle out, then the same points ever further
    above or below it with a leader line, and keeps the first that overlaps no site marker,
    site label or corridor name placed before it (where none is free, the place it overlaps
    least). The texts carry the gid ``corridor_label``.
    """
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken = [
        Text.get_window_extent(artist, renderer)  # a label's text, not its leader line
        for artist in axes.texts
        if artist.get_gid() == "site_label"
    ]
    taken += [circle_box(axes, point.x, point.y, 4.0) for point in sites.geometry]
    for line, name in zip(corridors.geometry, names, strict=True):
        clashes = []
        for fraction, offset in CORRIDOR_LABEL_POSITIONS:
            point = line.interpolate(fraction, normalized=True)
            text = _corridor_text(axes, point, name, font_family, offset)
            text.update_positions(renderer)  # place the name at its offset before measuring
            # the name's box, not its leader, with a margin: two names never touch
            box = Text.get_window_extent(text, renderer).padded(LABEL_MARGIN_PX)
            clashes.append(sum(box.overlaps(other) for other in taken))
            if not clashes[-1]:
                break
            text.remove()
        else:  # nowhere free: where it overlaps least
            fraction, offset = CORRIDOR_LABEL_POSITIONS[clashes.index(min(clashes))]
            point = line.interpolate(fraction, normalized=True)
            text = _corridor_text(axes, point, name, font_family, offset)
            text.update_positions(renderer)
            box = Text.get_window_extent(text, renderer).padded(LABEL_MARGIN_PX)
        taken.append(box)


def gpd_points(lon: pd.Series, lat: pd.Series) -> list:
    """Return shapely points from longitude and latitude columns [°]."""
    from shapely.geometry import Point

    return [Point(x, y) for x, y in zip(lon, lat, strict=True)]


def left_colour_bar(
    figure: Figure, axes: Axes, norm: Normalize, colour_map: str | Colormap, label: str
) -> None:
    """Add a colour bar for values drawn as markers or lines, on the map's left."""
    colour_bar = figure.colorbar(
        plt_scalar_mappable(norm, colour_map), ax=axes, shrink=0.45, location="left", pad=0.0
    )
    colour_bar.set_label(label)


def plt_scalar_mappable(norm: Normalize, colour_map: str | Colormap) -> ScalarMappable:
    """Return a scalar mappable for a colour bar of values not drawn as an image."""
    mappable = ScalarMappable(norm=norm, cmap=colour_map)
    mappable.set_array([])
    return mappable


def flow_legend(axes: Axes, corridor_energy_mwh: np.ndarray, largest_flow_mwh: float) -> None:
    """Add the legends of line widths (corridor energy, allocated IT energy) and styles.

    Corridor widths are explained only when some corridor carries energy; otherwise the
    legend says that none does (or that the plan has no corridor at all).
    """
    used = corridor_energy_mwh > 1e-6
    largest_corridor_mwh = largest_or_one(corridor_energy_mwh)
    corridor_handles = [
        line_handle(
            f"{value / 1e6:,.1f} TWh/yr",
            "#555555",
            width=float(line_widths([value], largest_corridor_mwh, CORRIDOR_WIDTH_PT)[0]),
        )
        for value in (nice_references(largest_corridor_mwh) if used.any() else [])
    ]
    if (~used).any():
        label = "Unused" if used.any() else "Unused: no corridor carries data-centre power"
        corridor_handles.append(line_handle(label, "#888888", width=0.8, style="dashed"))
    if not len(used):
        corridor_handles.append(line_handle("No UHV corridor in this plan", "#888888", width=0))
    legend = axes.legend(
        handles=corridor_handles,
        loc="lower right",
        fontsize=8,
        frameon=False,
        title="UHV corridor energy",
        title_fontsize=8,
    )
    axes.add_artist(legend)
    allocation_handles = [
        line_handle("Latency-bound demand", LATENCY_COLOUR, width=2.5),
        line_handle("Flexible demand", FLEXIBLE_COLOUR, width=2.5, style="dashed"),
        marker_handle("Province demand point", "black", marker="s", size=4),
        marker_handle("Site", "#27ae60", size=6),
    ] + [
        line_handle(
            f"{value / 1e6:,.1f} TWh/yr IT energy",
            "#555555",
            width=float(line_widths([value], largest_flow_mwh, ALLOCATION_WIDTH_PT)[0]),
        )
        for value in nice_references(largest_flow_mwh)
    ]
    symbol_legend(axes, allocation_handles, title="Demand → site allocation")
