"""Draw the idle IT capacity of a solved plan, per site (``dcsite map DIR --kind idle``).

Part of the presentation stage, beside :mod:`optimiser.maps.figures`: circles with area in
proportion to the IT capacity a site has but does not use on average (installed minus mean IT
load, ``clusters.csv``), coloured by the idle share; the layers are tagged ``idle_capacity``
and ``idle_none``.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from optimiser.maps.base import (
    base_map,
    hollow_markers,
    largest_or_one,
    marker_handle,
    marker_sizes,
    project,
    size_legend,
    sized_circles,
    symbol_legend,
)
from optimiser.maps.figures import left_colour_bar, nice_references, site_names, subtitle
from optimiser.maps.labels import label_sites
from optimiser.maps.layers import ResultLayers
from optimiser.maps.words import to_chinese


def idle_map_figure(
    layers: ResultLayers, lang: str = "en", font_family: str | None = None
) -> Figure:
    """Draw each site's idle IT capacity [MW] and idle share [%], with its stranded cost.

    Parameters
    ----------
    layers : ResultLayers
        The plan's map layers.
    lang : str
        ``en`` or ``zh``: language of the site names.
    font_family : str, optional
        Font for Chinese names.
    """
    figure, axes = base_map(
        layers.provinces,
        f"Idle IT capacity by site (installed − mean load)\n{subtitle(layers)}",
        maritime_boundary=layers.maritime_boundary,
        review_number=layers.review_number,
    )
    points = project(layers.clusters)
    idle = points["idle_it_capacity_mw"].to_numpy(dtype=float)
    share = 100 * points["idle_share"].astype(float).fillna(0.0).to_numpy()
    stranded = points["stranded_capex_cny_per_year"].to_numpy(dtype=float)
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    has_idle = idle > 0.5
    largest = largest_or_one(idle)
    norm = Normalize(0.0, 100.0)
    colour_map = colormaps["Reds"]
    sized_circles(
        axes,
        x[has_idle],
        y[has_idle],
        idle[has_idle],
        largest,
        gid="idle_capacity",
        c=share[has_idle],
        cmap=colour_map,
        norm=norm,
    )
    hollow_markers(axes, x[~has_idle], y[~has_idle], gid="idle_none")
    left_colour_bar(figure, axes, norm, colour_map, "Idle share of installed IT capacity [%]")
    labels = [
        f"{name}\n{value:,.0f} MW idle, {cost / 1e9:,.1f} bn CNY/yr" if flag else name
        for name, value, cost, flag in zip(
            site_names(layers, lang), idle, stranded, has_idle, strict=True
        )
    ]
    if lang == "zh":  # placed as drawn: Chinese labels are not as wide as the English
        labels = [to_chinese(label) for label in labels]
    radii = np.where(has_idle, np.sqrt(marker_sizes(idle, largest)) / 2, 4.0)
    label_sites(axes, points, texts=labels, font_family=font_family, marker_radii_pt=radii)
    size_legend(axes, nice_references(largest), largest, "MW", title="Idle IT capacity [MW]")
    symbol_legend(axes, [marker_handle("No idle capacity (or none built)", "white", size=5)])
    return figure
