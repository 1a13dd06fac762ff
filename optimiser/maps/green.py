"""Draw the green-power map of a solved plan: energy mix on the map, green shares beside it.

Part of the presentation stage, like :mod:`optimiser.maps.figures`. On the map each site has a
pie of its supply by source, its area proportional to annual consumption; the pies are scaled
so that no two overlap. Beside the map a panel gives every consuming site's three green
shares as bars large enough to read on a printed page (annual with certificates, hour-matched
with the grid's green share, hour-matched from the site's own wind, solar and storage), each
with its value and the site's target. Drawn layers carry gids as on the other maps
(``energy_mix``, ``green_share_annual``, ``green_share_hourly``, ``green_share_own_supply``,
``green_share_target``; the panel is the axes ``green_share_panel``).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Wedge

from optimiser.maps.base import FIGURE_SIZE_IN, project, symbol_legend
from optimiser.maps.figures import plan_map, site_names
from optimiser.maps.labels import label_sites
from optimiser.maps.layers import ResultLayers

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MIX_COLOURS = {"grid": "#7f8c8d", "wind": "#2e86c1", "solar": "#f4d03f", "corridor": "#8e44ad"}
MIX_LABELS = {
    "grid": "Provincial grid",
    "wind": "Own wind",
    "solar": "Own solar",
    "corridor": "UHV corridor import",
}
SHARE_MEASURES = (
    ("green_share_annual", "Annual, certificates count", "#1e8449"),
    ("green_share_hourly", "24/7 CFE score (grid at its hourly carbon-free share)", "#58d68d"),
    ("green_share_hourly_own_supply", "CFE score on own supply only", "#a3e4d7"),
)
"""The three green shares of ``clusters.csv`` the panel shows: column, legend, colour."""
SHARE_GIDS = {
    "green_share_annual": "green_share_annual",
    "green_share_hourly": "green_share_hourly",
    "green_share_hourly_own_supply": "green_share_own_supply",
}
PIE_RADIUS_M = (35_000.0, 150_000.0)
"""Smallest and largest pie radius [m] (the largest shrinks until no two pies overlap)."""
PIE_CLEARANCE = 0.9
"""Two pies' radii add up to at most this share of the distance between their sites."""
PANEL_WIDTH_IN = 6.5
"""Width of the green-share panel beside the map [in]."""
PANEL_FONT_SIZE = 10.0
"""Font size of the panel's site names and values [pt]: 7.5 pt with the map across an A4 page."""
VALUE_COLUMNS = (126.0, 148.0, 170.0)
"""Where the panel writes each measure's value, right-aligned [% on the bars' axis]."""
VALUE_HEADERS = ("Annual", "Hourly", "Own")
"""The headers of the value columns (the legend says what each measure is)."""


def energy_mix(clusters: pd.DataFrame) -> pd.DataFrame:
    """Return each site's supply by source as fractions of its supply [fraction].

    Own wind and solar output are counted net of curtailment (shared between them in
    proportion to their output); rows of sites that consume nothing are zero.
    """
    renewable = clusters["wind_mwh"] + clusters["solar_mwh"]
    used = (1 - clusters["curtailment_mwh"] / renewable.where(renewable > 0)).fillna(0.0)
    supply = pd.DataFrame(
        {
            "grid": clusters["grid_mwh"],
            "wind": clusters["wind_mwh"] * used,
            "solar": clusters["solar_mwh"] * used,
            "corridor": clusters["corridor_import_mwh"],
        }
    ).clip(lower=0.0)
    total = supply.sum(axis=1)
    return supply.div(total.where(total > 0), axis=0).fillna(0.0)


def pie_radii(x: np.ndarray, y: np.ndarray, consumption: np.ndarray) -> np.ndarray:
    """Return pie radii [m], area ∝ consumption, the largest shrunk until no two pies overlap.

    Radii grow with the square root of consumption up to ``PIE_RADIUS_M[1]``, never below
    ``PIE_RADIUS_M[0]``; the largest radius is halved step by step (by bisection) until every
    two pies' radii add up to at most ``PIE_CLEARANCE`` of the distance between their sites.
    Sites that consume nothing have radius 0.
    """
    consuming = consumption > 0
    scale = np.sqrt(np.where(consuming, consumption, 0.0) / max(consumption.max(initial=0), 1.0))
    low, high = PIE_RADIUS_M

    def radii(largest: float) -> np.ndarray:
        return np.where(consuming, np.maximum(largest * scale, low), 0.0)

    pairs = [
        (i, j, float(np.hypot(x[i] - x[j], y[i] - y[j])))
        for i, j in itertools.combinations(np.flatnonzero(consuming), 2)
    ]

    def clear(largest: float) -> bool:
        r = radii(largest)
        return all(r[i] + r[j] <= PIE_CLEARANCE * distance for i, j, distance in pairs)

    if clear(high):
        return radii(high)
    fits, overlaps = low, high
    for _ in range(30):
        middle = (fits + overlaps) / 2
        fits, overlaps = (middle, overlaps) if clear(middle) else (fits, middle)
    return radii(fits)


def draw_pie(axes: Axes, centre: tuple[float, float], radius: float, shares: pd.Series) -> None:
    """Draw one energy-mix pie in map coordinates (radius [m])."""
    start = 90.0
    for source, share in shares.items():
        if share <= 1e-4:
            continue
        sweep = 360.0 * float(share)
        axes.add_patch(
            Wedge(
                centre,
                radius,
                start,
                start + sweep,
                facecolor=MIX_COLOURS[str(source)],
                edgecolor="white",
                linewidth=0.4,
                zorder=4,
                gid="energy_mix",
            )
        )
        start += sweep


def green_map_figure(
    layers: ResultLayers, lang: str = "en", font_family: str | None = None
) -> Figure:
    """Draw each site's energy mix on the map and its three green shares beside it.

    Each site has a pie of its supply by source (provincial grid, own wind, own solar, UHV
    corridor import), its area proportional to annual consumption [MWh]; provinces are
    shaded by their grid's emission factor [kgCO2/MWh]. The panel on the right gives, per
    consuming site (largest consumer first), the green share annual with certificates,
    hour-matched and hour-matched from own supply [%], and the site's target.

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
        "Green power: energy mix and green share by site",
        column="grid_emissions_kgco2_per_mwh",
        legend_label="Grid emission factor [kgCO2/MWh]",
        cmap="YlOrBr",
        panel_width_in=PANEL_WIDTH_IN,
    )
    points = project(layers.clusters)
    clusters = layers.clusters
    mix = energy_mix(clusters)
    consumption = clusters["consumption_mwh"].to_numpy(dtype=float)
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    radii = pie_radii(x, y, consumption)
    for index in range(len(clusters)):
        if consumption[index] <= 0:
            axes.scatter(
                [x[index]],
                [y[index]],
                s=20,
                facecolor="white",
                edgecolor="black",
                zorder=4,
                gid="energy_mix_none",
            )
            continue
        draw_pie(axes, (x[index], y[index]), radii[index], mix.iloc[index])
    axes.apply_aspect()
    points_per_metre = (
        72.0
        / figure.dpi
        * (axes.transData.transform((1.0, 0.0))[0] - axes.transData.transform((0.0, 0.0))[0])
    )
    label_sites(
        axes,
        points,
        texts=site_names(layers, lang),
        font_family=font_family,
        marker_radii_pt=np.maximum(radii * points_per_metre, 4.0),
    )
    handles = [
        Patch(facecolor=MIX_COLOURS[source], label=MIX_LABELS[source]) for source in MIX_COLOURS
    ]
    symbol_legend(axes, handles, title="Pie: supply mix, area ∝ consumption [MWh/yr]")
    share_panel(figure, clusters, site_names(layers, lang), font_family)
    return figure


def share_panel(
    figure: Figure, clusters: pd.DataFrame, names: list[str], font_family: str | None
) -> Axes:
    """Draw the three green shares and the target of every consuming site beside the map.

    Sites run from the largest consumer at the top; each has three bars (``SHARE_MEASURES``)
    on a 0-100 % axis with their values written at their ends, and a black tick at its target
    where it has one.
    """
    map_width = FIGURE_SIZE_IN[0]
    total_width = map_width + PANEL_WIDTH_IN
    name_room = 1.5  # [in] for the site names left of the bars
    panel = figure.add_axes(
        (
            (map_width + name_room) / total_width,
            0.2,
            (PANEL_WIDTH_IN - name_room - 0.5) / total_width,
            0.65,
        )
    )
    panel.set_gid("green_share_panel")
    consuming = clusters["consumption_mwh"].to_numpy(dtype=float) > 0
    order = [i for i in np.argsort(-clusters["consumption_mwh"].to_numpy()) if consuming[i]]
    height = 0.27
    for row, index in enumerate(order):
        for number, (column, _, colour) in enumerate(SHARE_MEASURES):
            value = float(clusters[column].iloc[index])
            value = 0.0 if value != value else 100 * value  # NaN: nothing consumed
            centre = row + (number - 1) * height
            panel.barh(centre, value, height=height * 0.9, color=colour, gid=SHARE_GIDS[column])
            # The values as a table right of the 100 % line, one column per measure, clear of
            # the bars and the target ticks.
            panel.text(
                VALUE_COLUMNS[number],
                row,
                f"{value:.0f}",
                ha="right",
                va="center",
                fontsize=PANEL_FONT_SIZE,
                gid="green_share_value",
            )
        target = float(clusters["green_share_target"].iloc[index])
        if target > 0:
            panel.plot(
                [100 * target] * 2,
                [row - 1.7 * height, row + 1.7 * height],
                color="black",
                linewidth=1.6,
                gid="green_share_target",
            )
    for position, header in zip(VALUE_COLUMNS, VALUE_HEADERS, strict=True):
        panel.text(
            position,
            -0.75,
            header,
            ha="right",
            va="bottom",
            fontsize=PANEL_FONT_SIZE - 1,
            gid="green_share_header",
        )
    panel.set_yticks(range(len(order)), [names[i] for i in order], fontsize=PANEL_FONT_SIZE)
    if font_family is not None:
        for tick in panel.get_yticklabels():
            tick.set_fontfamily([font_family, "DejaVu Sans"])
    panel.set_ylim(len(order) - 0.5, -0.9)  # the largest consumer at the top, headers above
    panel.set_xlim(0.0, VALUE_COLUMNS[-1] + 2.0)
    panel.set_xticks([0, 25, 50, 75, 100])
    panel.spines["bottom"].set_bounds(0.0, 100.0)
    panel.tick_params(axis="x", labelsize=PANEL_FONT_SIZE - 1)
    panel.tick_params(axis="y", length=0)
    for share in (25, 50, 75, 100):
        panel.axvline(share, color="#dddddd", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        panel.spines[side].set_visible(False)
    panel.set_xlabel("Green share of consumption [%]", fontsize=PANEL_FONT_SIZE)
    panel.set_title("Green share by site [%]", fontsize=PANEL_FONT_SIZE + 1, pad=18)
    handles: list[Any] = [
        Patch(facecolor=colour, label=label) for _, label, colour in SHARE_MEASURES
    ]
    handles.append(Line2D([], [], color="black", linewidth=1.6, label="Target"))
    panel.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(-0.05, -0.09),
        fontsize=PANEL_FONT_SIZE - 1,
        frameon=False,
    )
    return panel
