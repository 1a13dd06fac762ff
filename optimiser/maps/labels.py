"""Place site labels on maps so they neither overlap each other nor the site markers.

Part of the presentation stage, used by every map of :mod:`optimiser.maps.base`,
:mod:`optimiser.maps.figures` and :mod:`optimiser.maps.difference`: names are shortened, and
each label tries a few positions around its site and keeps the first one clear of the markers
and of the labels placed before it. A general repeller (adjustText) was measured on the
default model's maps as well: it left no two labels overlapping either, but pushed two or
three labels per map outside the frame and does not keep labels off pies and bars, which this
placement does (``tests/maps/test_maps.py`` checks every map in both languages).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from optimiser.maps.china import line_boxes

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes


def short_name(name: str, limit: int = 24) -> str:
    """Return a name cut to ``limit`` characters at a word boundary, with an ellipsis."""
    name = str(name)
    if name.isascii():
        return name if len(name) <= limit else textwrap.shorten(name, width=limit, placeholder="…")
    # Chinese characters are about twice as wide as Latin letters.
    return name if len(name) <= limit // 2 else name[: limit // 2 - 1] + "…"


def circle_box(axes: Axes, x: float, y: float, radius_pt: float) -> Bbox:
    """Return the display-space box of a circle drawn at data (x, y) with a radius [pt]."""
    centre_x, centre_y = axes.transData.transform((x, y))
    radius = radius_pt * axes.figure.dpi / 72.0
    return Bbox.from_extents(
        centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius
    )


def _annotate(
    axes: Axes,
    text: str,
    point: tuple[float, float],
    offset: tuple[float, float],
    horizontal: str,
    vertical: str,
    font_family: str | None,
) -> Annotation:
    annotation = axes.annotate(
        text,
        xy=point,
        xytext=offset,
        textcoords="offset points",
        fontsize=7,
        gid="site_label",
        ha=horizontal,
        va=vertical,
        zorder=7,
        bbox={
            "boxstyle": "round,pad=0.15",
            "facecolor": "white",
            "edgecolor": "none",
            "alpha": 0.6,
        },
    )
    if font_family is not None:
        annotation.set_fontfamily(font_family)
    return annotation


def label_sites(
    axes: Axes,
    points: gpd.GeoDataFrame,
    column: str = "name_en",
    texts: Iterable[str] | None = None,
    font_family: str | None = None,
    marker_radii_pt: Iterable[float] | None = None,
    obstacles: Iterable[Bbox] = (),
) -> None:
    """Write each site's name (or ``texts``) beside it, where it overlaps nothing drawn.

    Each label tries positions around its marker (right, left, above, below, then further
    out) and takes the first that overlaps no other label, marker or dash of the ten-dash line
    (the base map's boundary, which a label must not hide); otherwise the first.

    Parameters
    ----------
    axes : matplotlib.axes.Axes
        The map, with its final limits and colour bars.
    points : geopandas.GeoDataFrame
        Projected site points.
    column : str
        Column holding the names.
    texts : iterable of str, optional
        Labels to write instead of the names.
    font_family : str, optional
        Font for the labels (a CJK font for Chinese names).
    marker_radii_pt : iterable of float, optional
        Radius of each site's marker [pt] (default 4).
    obstacles : iterable of matplotlib.transforms.Bbox
        More display-space boxes labels must avoid (pies, bars).
    """
    labels = [short_name(name) for name in points[column]] if texts is None else list(texts)
    x = points.geometry.x.to_numpy()
    y = points.geometry.y.to_numpy()
    radii = (
        np.full(len(x), 4.0)
        if marker_radii_pt is None
        else np.asarray(list(marker_radii_pt), dtype=float)
    )
    axes.apply_aspect()
    renderer = cast(Any, axes.figure.canvas).get_renderer()  # Agg canvas: headless maps
    markers = [circle_box(axes, x[index], y[index], radii[index]) for index in range(len(x))]
    taken = [*markers, *obstacles, *line_boxes(axes, "ten_dash_line")]
    frame = axes.get_window_extent(renderer)
    for index, text in enumerate(labels):
        gap = radii[index] + 2.0
        candidates = [
            (gap, 0.3 * gap, "left", "bottom"),
            (gap, -0.3 * gap, "left", "top"),
            (-gap, 0.3 * gap, "right", "bottom"),
            (-gap, -0.3 * gap, "right", "top"),
            (0.0, gap, "center", "bottom"),
            (0.0, -gap, "center", "top"),
        ]
        candidates += [(2.5 * dx, 2.5 * dy, ha, va) for dx, dy, ha, va in candidates]
        scores = []
        for dx, dy, ha, va in candidates:
            annotation = _annotate(axes, text, (x[index], y[index]), (dx, dy), ha, va, font_family)
            box = annotation.get_window_extent(renderer)
            outside = (
                box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or (box.y1 > frame.y1)
            )
            clashes = sum(
                box.overlaps(other) for number, other in enumerate(taken) if number != index
            )
            scores.append((int(outside), clashes))
            annotation.remove()
            if scores[-1] == (0, 0):
                break
        # the first free position, else the one inside the map with the fewest overlaps
        dx, dy, ha, va = candidates[scores.index(min(scores))]
        annotation = _annotate(axes, text, (x[index], y[index]), (dx, dy), ha, va, font_family)
        chosen = annotation.get_window_extent(renderer)
        taken.append(chosen)
