"""Place site labels on maps so they neither overlap each other nor the site markers.

Part of the presentation stage, used by every map of :mod:`optimiser.maps.base`,
:mod:`optimiser.maps.figures` and :mod:`optimiser.maps.difference`: names are shortened, and
each label tries positions around its site, further out with a leader line, and keeps the
first one clear of the markers, of the labels placed before it and of the ten-dash line, its
leader crossing none of them; labels left without a free place are placed first in another
round. A general repeller (adjustText) was measured on the default model's maps as well: it
left no two labels overlapping either, but pushed two or three labels per map outside the
frame and does not keep labels off pies and bars, which this placement does
(``tests/maps/test_maps.py`` checks every map in both languages, labels against labels and
against every site's marker).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
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


LABEL_MARGIN_PX = 3.0
"""Room kept around a label's text [px], so that no two labels or a label and a marker touch."""

PLACEMENT_ROUNDS = 3
"""How often the labels are placed again, those that found no free place first, until none is
left without one."""

LABEL_DISTANCES = (1.0, 2.5, 4.0, 6.0, 8.0, 11.0)
"""How far a label may sit from its marker, in steps of the marker's radius and a gap; from
the second step on, a leader line joins them."""


Candidate = tuple[float, float, str, str]
"""Where a label sits: its offset from the marker [pt] and its horizontal and vertical
alignment."""


def label_positions(gap: float) -> list[Candidate]:
    """Return where a label may sit, in order of preference: offset [pt] and alignment.

    Right, left, above and below its marker, the four diagonals, then above and below running
    to one side (a long label near the map's edge), at ever larger distances
    (:data:`LABEL_DISTANCES` times ``gap``, the marker's radius and a margin [pt]).

    >>> label_positions(10.0)[:2]
    [(10.0, 3.0, 'left', 'bottom'), (10.0, -3.0, 'left', 'top')]
    >>> len(label_positions(6.0))
    84
    """
    around = [
        (1.0, 0.3, "left", "bottom"),
        (1.0, -0.3, "left", "top"),
        (-1.0, 0.3, "right", "bottom"),
        (-1.0, -0.3, "right", "top"),
        (0.0, 1.0, "center", "bottom"),
        (0.0, -1.0, "center", "top"),
        (0.7, 0.7, "left", "bottom"),
        (-0.7, 0.7, "right", "bottom"),
        (0.7, -0.7, "left", "top"),
        (-0.7, -0.7, "right", "top"),
        # above or below, running left or right: a long label near the map's edge
        (0.3, 1.0, "right", "bottom"),
        (0.3, -1.0, "right", "top"),
        (-0.3, 1.0, "left", "bottom"),
        (-0.3, -1.0, "left", "top"),
    ]
    return [
        (step * gap * dx, step * gap * dy, ha, va)
        for step in LABEL_DISTANCES
        for dx, dy, ha, va in around
    ]


def _annotate(
    axes: Axes,
    text: str,
    point: tuple[float, float],
    offset: tuple[float, float],
    horizontal: str,
    vertical: str,
    font_family: str | None,
    leader_from_pt: float | None = None,
) -> Annotation:
    leader = {"arrowstyle": "-", "color": "#555555", "linewidth": 0.4, "shrinkA": 0.0}
    annotation = axes.annotate(
        text,
        xy=point,
        xytext=offset,
        textcoords="offset points",
        # a label away from its marker is joined to it, the line stopping at the marker's rim
        arrowprops=None if leader_from_pt is None else {**leader, "shrinkB": leader_from_pt},
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


def leader_line(annotation: Annotation, box: Bbox, marker: Bbox) -> Path | None:
    """Return the leader line of a label set away from its marker (display space), or None."""
    if annotation.arrow_patch is None:
        return None
    start = np.clip(marker.get_points().mean(axis=0), box.min, box.max)  # the box's near side
    return Path([start, marker.get_points().mean(axis=0)])


def crosses(leader: Path | None, box: Bbox) -> bool:
    """Return whether a leader line runs through a box (a marker or another label)."""
    return leader is not None and leader.intersects_bbox(box, filled=True)


def _place(
    axes: Axes,
    text: str,
    point: tuple[float, float],
    radius_pt: float,
    font_family: str | None,
    renderer: Any,
    candidate: Candidate,
) -> Annotation:
    """Write a label at one of :func:`label_positions`, with a leader line when it is far."""
    dx, dy, horizontal, vertical = candidate
    leader = radius_pt if np.hypot(dx, dy) > 2 * (radius_pt + 2.0) else None
    annotation = _annotate(axes, text, point, (dx, dy), horizontal, vertical, font_family, leader)
    annotation.update_positions(renderer)  # at its offset before it is measured
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

    Each label tries positions around its marker (:func:`label_positions`: right, left, above,
    below, the diagonals, then further out with a leader line) and takes the first that
    overlaps no other label, marker or dash of the ten-dash line (the base map's boundary,
    which a label must not hide) and stays inside the map, its leader line crossing none of
    them; otherwise the one with the fewest overlaps. Labels left without a free place are
    placed first in another round (:data:`PLACEMENT_ROUNDS`); the round with the fewest such
    labels is kept.

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
    fixed = [*markers, *obstacles, *line_boxes(axes, "ten_dash_line")]
    frame = axes.get_window_extent(renderer)
    order = list(range(len(labels)))
    best: tuple[dict[int, Candidate], list[int]] | None = None
    for _ in range(PLACEMENT_ROUNDS):
        taken = list(fixed)
        chosen: dict[int, Candidate] = {}
        placed, blocked = [], []
        for index in order:
            place = functools.partial(
                _place,
                axes,
                labels[index],
                (x[index], y[index]),
                radii[index],
                font_family,
                renderer,
            )
            candidates = label_positions(radii[index] + 2.0)
            scores = []
            for candidate in candidates:
                annotation = place(candidate)
                # the text's box, not its leader, with a margin
                box = Text.get_window_extent(annotation, renderer).padded(LABEL_MARGIN_PX)
                leader = leader_line(annotation, box, markers[index])
                others = [other for number, other in enumerate(taken) if number != index]
                outside = not frame.contains(box.x0, box.y0) or not frame.contains(box.x1, box.y1)
                overlaps = sum(box.overlaps(other) for other in others)
                crossed = sum(crosses(leader, other) for other in others)
                scores.append((int(outside), overlaps, crossed))
                annotation.remove()
                if scores[-1] == (0, 0, 0):
                    break
            # the first free position, else the one inside the map with the fewest overlaps
            chosen[index] = candidates[scores.index(min(scores))]
            annotation = place(chosen[index])
            placed.append(annotation)
            taken.append(Text.get_window_extent(annotation, renderer).padded(LABEL_MARGIN_PX))
            if min(scores) != (0, 0, 0):
                blocked.append(index)
        for annotation in placed:
            annotation.remove()
        if best is None or len(blocked) < len(best[1]):
            best = (chosen, blocked)
        if not best[1]:
            break
        # again, the labels that found no free place first
        order = [*best[1], *(index for index in order if index not in best[1])]
    for index, text in enumerate(labels):  # drawn in the sites' order, whatever the rounds'
        position = best[0][index] if best is not None else label_positions(radii[index] + 2.0)[0]
        _place(axes, text, (x[index], y[index]), radii[index], font_family, renderer, position)
