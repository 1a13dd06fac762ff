"""The report's section on the grid: what the data centres draw from each province's grid.

Part of the plan's report (:mod:`optimiser.report.page`), read from ``grid.csv``
(:func:`optimiser.results.grid_tables.grid_table`): per province with sites, the data
centres' peak grid draw and annual energy against the province's peak load and headroom,
the provinces using most of their headroom first, and where the headroom binds; then the
grid map (``maps/grid.png``, :mod:`optimiser.maps.grid`).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from optimiser.report.common import PERCENT, Column, data_uri, html_table

GRID_COLUMNS = {
    "name_en": Column("Province"),
    "name_zh": Column("省份"),
    "site_count": Column("Sites"),
    "peak_load_mw": Column("Peak load [MW]"),
    "headroom_mw": Column("Headroom [MW]"),
    "data_centre_grid_peak_mw": Column("Data-centre grid peak [MW]"),
    "share_of_peak_load": Column("Share of peak load [%]", PERCENT, 1),
    "headroom_used_share": Column("Headroom used [%]", PERCENT, 1),
    "headroom_binds": Column("Binds"),
    "data_centre_grid_twh": Column("From the grid [TWh/yr]", 1.0, 2),
    "data_centre_consumption_twh": Column("Consumption [TWh/yr]", 1.0, 2),
    "headroom_source": Column("Headroom set by"),
}

SOURCE_NAMES = {
    "peak_load_share": "share of peak load",
    "setting": "scenario setting",
}
"""How each headroom source (``headroom_source`` in ``grid.csv``) reads in the table."""
MAP_CAPTION = "Headroom used per province; outlined where it binds"
"""The caption of the grid map (``maps/grid.png``) in the section."""


def grid_map(folder: Path, lang: str = "en") -> str:
    """Return the grid map of the folder (``maps/grid.png``, ``grid-zh.png``) as a figure.

    Empty when the map was not drawn (a plan solved with ``--no-maps``, or before the map).
    """
    path = folder / "maps" / f"grid{'' if lang == 'en' else '-' + lang}.png"
    if not path.exists():
        return ""
    return (
        f'<figure><img id="map-grid" alt="{MAP_CAPTION}" src="{data_uri(path.read_bytes())}">'
        f"<figcaption>{MAP_CAPTION}</figcaption></figure>"
    )


def grid_section(folder: Path, lang: str = "en") -> str:
    """Return the section on the provinces' grids; a note where ``grid.csv`` is missing.

    Provinces are sorted by the share of their headroom the plan uses (those without a
    headroom last, by peak grid draw), and the sentence above the table names where the
    headroom binds; the grid map (:func:`grid_map`, in ``lang``) follows the table. In
    Chinese (``lang="zh"``) each province is named once, in Chinese.
    """
    path = folder / "grid.csv"
    if not path.exists():
        return (
            '<p id="grid-table">This results folder has no grid.csv (it was written before '
            "the table was added); solve again to see each province's grid.</p>"
        )
    table = pd.read_csv(path, dtype={"headroom_source": str}).fillna({"headroom_source": ""})
    table["headroom_binds"] = table["headroom_binds"].astype(bool)
    table["headroom_source"] = table["headroom_source"].map(SOURCE_NAMES).fillna("–")
    table = table.sort_values(
        ["headroom_used_share", "data_centre_grid_peak_mw"],
        ascending=False,
        na_position="last",
    )
    named = "name_zh" if lang == "zh" and "name_zh" in table.columns else "name_en"
    binding = [html.escape(str(name)) for name in table.loc[table["headroom_binds"], named]]
    limited = int(table["headroom_mw"].notna().sum())
    columns = {
        key: column
        for key, column in GRID_COLUMNS.items()
        if key != "name_en" or named != "name_zh"
    }
    if not limited:
        verdict = "No province with sites has a headroom in this scenario."
    elif binding:
        verdict = f"The headroom binds in {', '.join(binding)}."
    else:
        verdict = f"The headroom binds in none of the {limited} provinces that have one."
    return f"""<p>The data centres' purchases from each province's grid in their highest hour
against the province's peak load and its headroom for new data-centre load
(<code>network.grid_headroom</code>; by default a share of the peak load,
<code>grid_headroom_share_of_peak_load</code>). <span id="grid-binds">{verdict}</span></p>
{html_table(table, columns, "grid-table")}
<p class="note">Energy over the year with the modelled hours weighted; headroom used is the
peak grid draw over the headroom, and binds when it reaches it. Provinces without a peak
load in the catalogue have no headroom (–).</p>
{grid_map(folder, lang)}
"""
