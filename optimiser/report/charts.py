"""Charts of the plan's report: hourly dispatch on a month axis, and the cost breakdown.

Drawn from the tables of a results folder (``hourly.parquet``, ``summary.json``): dispatch as
PNG images (matplotlib, inlined by :mod:`optimiser.report.page`), the cost breakdown as plain
HTML bars, so its figures stay text a reader can copy.
"""

from __future__ import annotations

import html
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # headless: charts are files, never windows

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from optimiser.data.timeseries import DAYS_PER_MONTH_2025, HOURS_PER_DAY
from optimiser.errors import InputError
from optimiser.report.chart_words import chart_to_chinese
from optimiser.report.common import number_text
from optimiser.words import resolve_language, translate_figure

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DISPATCH_SOURCES = (
    ("grid_mw", "Provincial grid", "#7f8c8d"),
    ("corridor_import_mw", "UHV corridor import", "#8e44ad"),
    ("wind_mw", "Own wind", "#2e86c1"),
    ("solar_mw", "Own solar", "#f4d03f"),
    ("firm_nuclear_mw", "Nuclear contract", "#c0392b"),
    ("firm_hydro_mw", "Hydro contract", "#5dade2"),
    ("storage_discharge_mw", "Storage discharge", "#16a085"),
    ("long_duration_discharge_mw", "Pumped hydro, compressed air", "#0e6655"),
)
DISPATCH_SINKS = (
    ("storage_charge_mw", "Storage charge", "#a3e4d7"),
    ("long_duration_charge_mw", "Long-duration charge", "#76d7c4"),
    ("curtailment_mw", "Curtailment", "#f5b7b1"),
)
COST_NAMES = {
    "it_capex": "IT buildings and plant",
    "it_servers": "Servers and accelerators (the same on every site)",
    "it_fixed_om": "IT fixed O&M",
    "wind": "Wind",
    "solar": "Solar",
    "storage": "Storage",
    "grid_energy": "Grid energy",
    "corridor_energy": "UHV corridor energy",
    "firm_energy": "Nuclear and hydro contracts",
    "long_duration_storage": "Long-duration storage lease",
    "certificates": "Green certificates",
    "network": "Network (bandwidth)",
    "surplus_sale": "Surplus sold (revenue)",
    "carbon": "Carbon price",
}
"""Readable names of the parts of ``cost_breakdown_cny_per_year``; others are shown by key."""


@dataclass(frozen=True)
class TimeAxis:
    """Where the modelled hours sit in the year, for a chart's x-axis.

    Attributes
    ----------
    ticks : list of float
        Positions (modelled-hour steps) of the labels.
    labels : list of str
        One label per tick (month names when the hours map to months).
    boundaries : list of float
        Steps where a new period (month, representative day) begins, after the first.
    title : str
        The axis title.
    """

    ticks: list[float]
    labels: list[str]
    boundaries: list[float]
    title: str


def time_axis(hours: pd.DataFrame) -> TimeAxis:
    """Return the x-axis of the modelled hours: months where the hours map to months.

    Parameters
    ----------
    hours : pandas.DataFrame
        One row per modelled hour, in order, with ``period`` and ``weight_h`` [h] (as in
        ``inputs/hours.csv`` and ``hourly.parquet``).

    Returns
    -------
    TimeAxis
        Months for the full year (8,760 hours) and for one day per month (12 periods
        of 24 hours weighted by the days of each month); otherwise the representative days,
        each labelled with the days it stands for.
    """
    count = len(hours)
    month_hours = np.asarray(DAYS_PER_MONTH_2025) * HOURS_PER_DAY
    if count == month_hours.sum():
        starts = np.r_[0, np.cumsum(month_hours)[:-1]]
        return TimeAxis(
            [float(start + length / 2) for start, length in zip(starts, month_hours, strict=True)],
            list(MONTHS),
            [float(start) for start in starts[1:]],
            "Month (every hour of the year)",
        )
    periods = hours["period"].to_numpy()
    starts = np.flatnonzero(np.r_[True, periods[1:] != periods[:-1]])
    lengths = np.diff(np.r_[starts, count])
    days = hours["weight_h"].to_numpy()[starts]
    centres = [float(start + length / 2) for start, length in zip(starts, lengths, strict=True)]
    boundaries = [float(start) for start in starts[1:]]
    if len(starts) == len(MONTHS) and np.allclose(days, DAYS_PER_MONTH_2025):
        return TimeAxis(centres, list(MONTHS), boundaries, "Month (one day each)")
    labels = [f"{weight:.3g} d" for weight in days]  # a fraction with several weather years
    if len(starts) == 1:
        return TimeAxis(centres, ["average day"], [], "Hour of the average day (all months)")
    return TimeAxis(
        centres, labels, boundaries, "Representative days (no months: each stands for n days)"
    )


def _draw_dispatch(
    axes: object,
    site: pd.DataFrame,
    axis: TimeAxis,
    fontsize: float,
    short: bool = False,
    chinese: bool = False,
) -> None:
    steps = np.arange(len(site))
    # A plan written before contracts and long-duration storage has none of them.
    site = site.reindex(
        columns=[
            *site.columns,
            *(c for c, _, _ in (*DISPATCH_SOURCES, *DISPATCH_SINKS) if c not in site.columns),
        ],
        fill_value=0.0,
    )
    axes.stackplot(  # type: ignore[attr-defined]
        steps,
        *[site[column].to_numpy() for column, _, _ in DISPATCH_SOURCES],
        labels=[label for _, label, _ in DISPATCH_SOURCES],
        colors=[colour for _, _, colour in DISPATCH_SOURCES],
        linewidth=0,
    )
    axes.stackplot(  # type: ignore[attr-defined]
        steps,
        *[-site[column].to_numpy() for column, _, _ in DISPATCH_SINKS],
        labels=[label for _, label, _ in DISPATCH_SINKS],
        colors=[colour for _, _, colour in DISPATCH_SINKS],
        linewidth=0,
    )
    axes.plot(  # type: ignore[attr-defined]
        steps,
        site["consumption_mw"].to_numpy(),
        color="black",
        linewidth=0.9,
        label="Consumption (IT load × PUE)",
    )
    axes.axhline(0.0, color="#555555", linewidth=0.5)  # type: ignore[attr-defined]
    for boundary in axis.boundaries:
        axes.axvline(boundary - 0.5, color="#bbbbbb", linewidth=0.5)  # type: ignore[attr-defined]
    axes.set_xlim(0, max(len(site) - 1, 1))  # type: ignore[attr-defined]
    # Small panels take month initials (J F M ...) and day counts without their unit (the axis
    # title gives it), which fit where the full labels would overlap.
    axes.set_xticks(  # type: ignore[attr-defined]
        axis.ticks, tick_labels(axis, short=short, chinese=chinese), fontsize=fontsize
    )
    axes.tick_params(axis="y", labelsize=fontsize)  # type: ignore[attr-defined]


def tick_labels(axis: TimeAxis, *, short: bool = False, chinese: bool = False) -> list[str]:
    """Return the time axis's labels as a chart shows them.

    Small panels (``short``) take month initials (J F M ...) and day counts without their unit
    (the axis title gives it), which fit where the full labels would overlap. Chinese labels
    are translated with the charts' words (1月, 31天; tick labels are drawn as given, not
    translated with the chart's other texts); a small panel's months are numbers, as initials
    have no Chinese.

    >>> tick_labels(TimeAxis([0.0, 1.0], ["Jan", "31 d"], [], ""), short=True)
    ['J', '31']
    >>> tick_labels(TimeAxis([0.0, 1.0], ["Jan", "31 d"], [], ""), chinese=True)
    ['1月', '31天']
    """
    labels = []
    for label in axis.labels:
        if short and label in MONTHS:
            labels.append(str(MONTHS.index(label) + 1) if chinese else label[0])
            continue
        shown = label.removesuffix(" d") if short else label
        labels.append(chart_to_chinese(shown) if chinese else shown)
    return labels


def _site_hours(hourly: pd.DataFrame, cluster: str) -> pd.DataFrame:
    site = hourly[hourly["cluster_id"] == cluster].sort_values("hour")
    if site.empty:
        raise InputError("hourly.parquet", "cluster_id", f"no hours for site {cluster!r}")
    return site


def _in_chinese(figure: Figure, font_family: str | None) -> None:
    """Put a chart's words in Chinese, ticks included, when a Chinese font is given."""
    if font_family is None:
        return
    translate_figure(figure, font_family, chart_to_chinese)
    for axes in figure.axes:
        # Tick labels carry 月 and 天 (tick_labels), in the Chinese font too.
        for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
            label.set_fontfamily([font_family, "DejaVu Sans"])


def _png(figure: object) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80, bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    return buffer.getvalue()


def finished_chart(figure: Figure, font_family: str | None) -> bytes:
    """Return a pathway chart as PNG bytes, its words in Chinese when a CJK font is given.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The drawn chart (closed here).
    font_family : str or None
        A font with Chinese glyphs (:func:`optimiser.words.resolve_language`), or None for
        English.
    """
    _in_chinese(figure, font_family)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    plt.close(figure)
    return buffer.getvalue()


def dispatch_chart(hourly: pd.DataFrame, cluster: str, name: str = "", lang: str = "en") -> bytes:
    """Draw one site's hourly dispatch as a PNG: supply stacked against consumption.

    Parameters
    ----------
    hourly : pandas.DataFrame
        ``hourly.parquet`` of a results directory.
    cluster : str
        The site (``cluster_id``).
    name : str
        Its readable name for the title (default the id).
    lang : str
        ``en`` or ``zh`` (the chart's words in Chinese).

    Returns
    -------
    bytes
        The PNG: grid, corridor, wind, solar and storage discharge stacked above zero [MW],
        storage charge and curtailment below, consumption (IT load × PUE) as a line, over the
        modelled hours on a month axis (:func:`time_axis`).
    """
    _, family = resolve_language(lang)
    site = _site_hours(hourly, cluster)
    axis = time_axis(site)
    figure, axes = plt.subplots(figsize=(11, 3.8))
    _draw_dispatch(axes, site, axis, 9, chinese=family is not None)
    axes.set_xlabel(axis.title)
    axes.set_ylabel("Power [MW]")
    axes.set_title(f"Hourly dispatch at {name or cluster}")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    _in_chinese(figure, family)
    return _png(figure)


def dispatch_small_multiples(
    hourly: pd.DataFrame,
    sites: Sequence[str],
    names: Mapping[str, str],
    columns: int = 4,
    lang: str = "en",
) -> bytes:
    """Draw every site's dispatch as small multiples on one month axis, as one PNG.

    Parameters
    ----------
    hourly : pandas.DataFrame
        ``hourly.parquet`` of a results directory.
    sites : sequence of str
        The sites, in the order drawn (left to right, top to bottom).
    names : mapping of str to str
        Readable name per site, for the panel titles.
    columns : int
        Panels per row.
    lang : str
        ``en`` or ``zh`` (the chart's words in Chinese; ``names`` as the page gives them).

    Returns
    -------
    bytes
        The PNG; each panel has its own power scale [MW].
    """
    _, family = resolve_language(lang)
    rows = math.ceil(len(sites) / columns)
    figure, grid = plt.subplots(
        rows, columns, figsize=(12, 0.6 + 1.9 * rows), sharex=True, squeeze=False
    )
    axis = time_axis(_site_hours(hourly, sites[0]))
    for number, cluster in enumerate(sites):
        panel = grid[number // columns][number % columns]
        _draw_dispatch(
            panel, _site_hours(hourly, cluster), axis, 6, short=True, chinese=family is not None
        )
        title = names.get(cluster, cluster)
        panel.set_title(title if len(title) <= 30 else f"{title[:29]}…", fontsize=8)
    for number in range(len(sites), rows * columns):
        grid[number // columns][number % columns].set_visible(False)
    handles, labels = grid[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=4, fontsize=8, frameon=False)
    figure.supxlabel(axis.title, fontsize=8)
    figure.supylabel("Power [MW]", fontsize=8)
    _in_chinese(figure, family)  # before the layout, which measures the words
    figure.tight_layout(rect=(0, 0, 1, 1 - 0.5 / (0.6 + 1.9 * rows)))
    return _png(figure)


def shift_chart(flexible: pd.DataFrame, lang: str = "en") -> bytes:
    """Draw the nation's flexible load before and after shifting in time, as a PNG.

    Parameters
    ----------
    flexible : pandas.DataFrame
        ``flexible_load.csv`` of a results directory: ``period``, ``weight_h``,
        ``demand_before_shift_mw`` and ``load_after_shift_mw`` per modelled hour.
    lang : str
        ``en`` or ``zh`` (the chart's words in Chinese).

    Returns
    -------
    bytes
        Both series over the modelled hours [MW], on the dispatch charts' time axis.
    """
    _, family = resolve_language(lang)
    axis = time_axis(flexible)
    steps = np.arange(len(flexible))
    figure, axes = plt.subplots(figsize=(11, 3.0))
    axes.plot(
        steps,
        flexible["demand_before_shift_mw"],
        color="#7f8c8d",
        linewidth=0.9,
        label="Flexible demand on its shape (before shifting)",
    )
    axes.plot(
        steps,
        flexible["load_after_shift_mw"],
        color="#c0392b",
        linewidth=1.1,
        label="Flexible load placed (after shifting)",
    )
    for boundary in axis.boundaries:
        axes.axvline(boundary - 0.5, color="#bbbbbb", linewidth=0.5)
    axes.set_xlim(0, max(len(flexible) - 1, 1))
    axes.set_xticks(axis.ticks, tick_labels(axis, chinese=family is not None), fontsize=9)
    axes.set_xlabel(axis.title)
    axes.set_ylabel("Power [MW]")
    axes.set_title("The nation's flexible work, moved between the hours of each day")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    _in_chinese(figure, family)
    return _png(figure)


def cost_bars(breakdown: Mapping[str, float]) -> str:
    """Return the cost breakdown as HTML bars, largest first [bn CNY/yr and % of the total].

    Parameters
    ----------
    breakdown : mapping of str to float
        ``cost_breakdown_cny_per_year`` of ``summary.json`` [CNY/yr].
    """
    parts = sorted(breakdown.items(), key=lambda item: -abs(item[1]))
    total = sum(value for _, value in parts)
    largest = max((abs(value) for _, value in parts), default=0.0) or 1.0
    rows = []
    for key, value in parts:
        name = COST_NAMES.get(key, key.replace("_", " "))
        share = f"{number_text(value / total, 1, 0.01)} %" if total else "–"
        rows.append(
            f'<span class="bar-label">{html.escape(name)}</span>'
            f'<span><span class="bar" data-part="{html.escape(key)}" '
            f'style="display:block; width:{100 * abs(value) / largest:.2f}%"></span></span>'
            f'<span class="number">{number_text(value, 2, 1e9)} bn CNY/yr ({share})</span>'
        )
    return f'<div class="bars" id="cost-breakdown">{"".join(rows)}</div>'
