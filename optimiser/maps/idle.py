"""Draw the idle IT capacity of a solved plan, per site (``dcsite map DIR --kind idle``).

Part of the presentation stage, beside :mod:`optimiser.maps.figures`: circles with area in
proportion to the IT capacity a site has but does not use on average (installed minus mean IT
load, ``clusters.csv``), coloured by the idle share; the layers are tagged ``idle_capacity``
and ``idle_none``.
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from optimiser.maps.base import (
    largest_or_one,
    marker_handle,
    project,
    size_legend,
    symbol_legend,
)
from optimiser.maps.figures import coloured_site_circles, nice_references, plan_map, site_names
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
    figure, axes = plan_map(layers, "Idle IT capacity by site (installed − mean load)")
    points = project(layers.clusters)
    idle = points["idle_it_capacity_mw"].to_numpy(dtype=float)
    share = 100 * points["idle_share"].astype(float).fillna(0.0).to_numpy()
    stranded = points["stranded_capex_cny_per_year"].to_numpy(dtype=float)
    has_idle = idle > 0.5
    radii = coloured_site_circles(
        figure,
        axes,
        points,
        idle,
        share,
        norm=Normalize(0.0, 100.0),
        colour_map=colormaps["Reds"],
        colour_label="Idle share of installed IT capacity [%]",
        gid="idle_capacity",
        empty_gid="idle_none",
    )
    labels = [
        f"{name}\n{value:,.0f} MW idle, {cost / 1e9:,.1f} bn CNY/yr" if flag else name
        for name, value, cost, flag in zip(
            site_names(layers, lang), idle, stranded, has_idle, strict=True
        )
    ]
    if lang == "zh":  # placed as drawn: Chinese labels are not as wide as the English
        labels = [to_chinese(label) for label in labels]
    label_sites(axes, points, texts=labels, font_family=font_family, marker_radii_pt=radii)
    largest = largest_or_one(idle)
    size_legend(axes, nice_references(largest), largest, "MW", title="Idle IT capacity [MW]")
    symbol_legend(axes, [marker_handle("No idle capacity (or none built)", "white", size=5)])
    return figure
