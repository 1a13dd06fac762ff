"""Draw the data catalogue: provinces, UHV corridors and candidate sites (``dcsite regions``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from matplotlib.figure import Figure

from optimiser.maps.base import (
    ROLE_COLOURS,
    STATUS_STYLES,
    base_map,
    corridor_lines,
    largest_or_one,
    line_handle,
    marker_handle,
    marker_sizes,
    project,
    save_figure,
    site_points,
    size_legend,
    symbol_legend,
)
from optimiser.maps.labels import label_sites

if TYPE_CHECKING:
    from optimiser.data.catalogue import Catalogue


def catalogue_map_figure(catalogue: Catalogue, review_number: str | None = None) -> Figure:
    """Draw the catalogue: provinces, UHV corridors and candidate sites.

    Sites are sized by maximum IT capacity and coloured by role (east demand hub, west
    supply hub, non-hub candidate); corridors are styled by status.

    Parameters
    ----------
    catalogue : Catalogue
        The data catalogue.
    review_number : str, optional
        The map review number (审图号) to print, exactly as issued; None prints none.
    """
    figure, axes = base_map(
        catalogue.province_boundaries(),
        "East Data, West Computing: candidate sites and UHV corridors",
        maritime_boundary=catalogue.maritime_boundary(),
        review_number=review_number,
    )
    corridors = project(corridor_lines(catalogue.corridors))
    for status, style in STATUS_STYLES.items():
        subset = corridors[corridors["status"] == status]
        if len(subset):
            subset.plot(ax=axes, color="#e67e22", linewidth=1.6, linestyle=style, gid="corridors")
    points = project(site_points(catalogue.clusters))
    category = np.where(points["is_hub_cluster"], points["role"], "non_hub")
    largest = largest_or_one(points["max_it_capacity_mw"])
    sizes = marker_sizes(points["max_it_capacity_mw"], largest)
    for name in ("east", "west", "non_hub"):
        chosen = category == name
        if chosen.any():
            axes.scatter(
                points.geometry.x[chosen],
                points.geometry.y[chosen],
                s=sizes[chosen],
                color=ROLE_COLOURS[name],
                edgecolor="black",
                linewidth=0.6,
                alpha=0.8,
                zorder=3,
                gid="clusters",
            )
    label_sites(axes, points)
    size_legend(axes, [500, 2000, 5000], largest, "MW", title="Maximum IT capacity")
    handles = [
        marker_handle(
            "East hub cluster (demand)",
            ROLE_COLOURS["east"],
            edgecolor=ROLE_COLOURS["east"],
            size=6,
        ),
        marker_handle(
            "West hub cluster (supply)",
            ROLE_COLOURS["west"],
            edgecolor=ROLE_COLOURS["west"],
            size=6,
        ),
        marker_handle(
            "Non-hub candidate site",
            ROLE_COLOURS["non_hub"],
            edgecolor=ROLE_COLOURS["non_hub"],
            size=6,
        ),
    ] + [
        line_handle(f"UHV corridor, {status.replace('_', ' ')}", "#e67e22", style=cast(Any, style))
        for status, style in STATUS_STYLES.items()
    ]
    symbol_legend(axes, handles)
    return figure


def draw_catalogue_map(
    catalogue: Catalogue,
    path: str | Path,
    *,
    overwrite: bool = False,
    review_number: str | None = None,
) -> Path:
    """Draw the catalogue map to a file (PNG, SVG or PDF), with a review number if given."""
    figure = catalogue_map_figure(catalogue, review_number)
    return save_figure(figure, path, overwrite=overwrite)
