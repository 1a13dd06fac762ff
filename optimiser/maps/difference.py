"""Draw the IT capacity moved per site between two solved plans (for ``dcsite compare``).

Part of the presentation stage, beside :mod:`optimiser.maps.figures`: reads two results
directories (:func:`optimiser.maps.layers.load_result_layers`) and returns a figure in the China
Albers projection of :mod:`optimiser.maps.base`, its layers tagged ``capacity_change`` and
``capacity_unchanged``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from optimiser.maps.base import (
    base_map,
    largest_or_one,
    marker_handle,
    project,
    size_legend,
    symbol_legend,
)
from optimiser.maps.figures import coloured_site_circles, nice_references, subtitle
from optimiser.maps.labels import label_sites, short_name
from optimiser.maps.layers import load_result_layers


def difference_map_figure(
    result_a_dir: str | Path,
    result_b_dir: str | Path,
    lang: str = "en",
    font_family: str | None = None,
) -> Figure:
    """Draw the IT capacity moved between two plans, per site.

    Parameters
    ----------
    result_a_dir, result_b_dir : str or pathlib.Path
        Results directories of plan A (the reference) and plan B.
    lang : str
        ``en`` or ``zh``: language of the site names.
    font_family : str, optional
        Font for Chinese names.

    Returns
    -------
    matplotlib.figure.Figure
        Circles with area ∝ |B − A| total IT capacity [MW], coloured on a diverging scale
        (blue: B builds more, red: B builds less); sites that do not change are small rings.
        The base map, and the review number it prints (``maps.review_number``), are A's.
    """
    first = load_result_layers(result_a_dir)
    second = load_result_layers(result_b_dir)
    capacity = "total_it_capacity_mw"
    before = first.clusters.set_index("cluster_id")
    after = second.clusters.set_index("cluster_id")
    sites = before.combine_first(after)  # names and geometry of every site in either plan
    change = after[capacity].reindex(sites.index).fillna(0.0) - before[capacity].reindex(
        sites.index
    ).fillna(0.0)
    title = f"IT capacity moved per site: B − A [MW]\nA: {subtitle(first)}   B: {subtitle(second)}"
    figure, axes = base_map(
        first.provinces,
        title,
        maritime_boundary=first.maritime_boundary,
        review_number=first.review_number,
    )
    points = project(sites.reset_index().set_geometry("geometry", crs="EPSG:4326"))
    values = change.to_numpy(dtype=float)
    moved = np.abs(values) > 0.5
    largest = largest_or_one(np.abs(values))
    radii = coloured_site_circles(
        figure,
        axes,
        points,
        np.abs(values),
        values,
        norm=Normalize(-largest, largest),
        colour_map=colormaps["RdBu"],
        colour_label="Change in total IT capacity, B − A [MW]",
        gid="capacity_change",
        empty_gid="capacity_unchanged",
    )
    column = "name_zh" if lang == "zh" else "name_en"
    labels = [
        f"{short_name(name)} {value:+,.0f} MW" if flag else short_name(name)
        for name, value, flag in zip(points[column], values, moved, strict=True)
    ]
    label_sites(axes, points, texts=labels, font_family=font_family, marker_radii_pt=radii)
    size_legend(axes, nice_references(largest), largest, "MW", title="|Change| [MW]")
    symbol_legend(axes, [marker_handle("No change", "white", size=5)])
    return figure
