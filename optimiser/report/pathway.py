"""Write a pathway's ``report.html`` and its path chart, from the pathway folder's files.

The page (self-contained, like the plan's report) shows the path's totals as cards, the path
chart (``path.png``: IT capacity in service by site and period; the three green shares by
period), one row of headline figures per period, idle capacity by part per period (the
avoidable part first, :mod:`optimiser.report.pathway_idle`), the capacity built per site and
period, and each period's capacity map. Each period's own report is in
``periods/<year>/report.html``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: charts are files, never windows

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from optimiser.report.charts import finished_chart
from optimiser.report.common import data_uri, number_text, page, report_file_name
from optimiser.report.overview import in_yi_yuan, overview_table
from optimiser.report.pathway_idle import idle_section
from optimiser.report.words import chinese_names, translate_page
from optimiser.results.folder import period_folders, write_text_atomically
from optimiser.words import language_suffix, resolve_language

PATH_CHART = "path.png"
GREEN_MEASURES = (
    ("green_share_annual", "annual (certificates count)", "#1e8449"),
    ("green_share_hourly", "24/7 CFE score", "#2e86c1"),
    ("green_share_hourly_own_supply", "CFE score, own supply", "#b9770e"),
)
PATH_COLUMNS = {
    "period": "Period",
    "years": "Years",
    "objective_cny_per_year": "Cost [bn CNY/yr]",
    "siting_cost_cny_per_year": "Siting cost, all but servers [bn CNY/yr]",
    "total_it_capacity_mw": "IT capacity [MW]",
    "new_it_capacity_mw": "New since 2025 [MW]",
    "west_hub_share_of_new_capacity": "West hubs' share of new [%]",
    "green_share_annual": "Green, annual [%]",
    "green_share_hourly": "24/7 CFE score [%]",
    "green_share_hourly_own_supply": "Green, own supply [%]",
    "emissions_tco2_per_year": "Emissions [MtCO2/yr]",
    "idle_share": "Idle [%]",
}
SCALES = {
    "objective_cny_per_year": 1e-9,
    "siting_cost_cny_per_year": 1e-9,
    "emissions_tco2_per_year": 1e-6,
    "west_hub_share_of_new_capacity": 100.0,
    "green_share_annual": 100.0,
    "green_share_hourly": 100.0,
    "green_share_hourly_own_supply": 100.0,
    "idle_share": 100.0,
}


def site_names(folder: Path, lang: str = "en") -> dict[str, str]:
    """Return each site's name (English, or Chinese), from the first period's inputs."""
    periods = period_folders(folder)
    sites = pd.read_csv(periods[0] / "inputs" / "sites.csv", index_col="cluster_id")
    column = "name_zh" if lang == "zh" and "name_zh" in sites.columns else "name_en"
    if column not in sites.columns:
        return {site: site for site in sites.index}
    return {site: str(name) for site, name in sites[column].fillna(sites.index.to_series()).items()}


def capacity_by_period(folder: Path) -> pd.DataFrame:
    """Return the IT capacity in service per period (rows) and site (columns) [MW]."""
    clusters = pd.read_csv(folder / "clusters.csv")
    table = clusters.pivot_table(
        index="period", columns="cluster_id", values="total_it_capacity_mw", aggfunc="sum"
    )
    order = table.iloc[-1].sort_values(ascending=False).index
    return table[order]


def draw_path_chart(folder: Path, lang: str = "en") -> bytes:
    """Draw the path chart: IT capacity by site and period, and the green shares by period.

    In Chinese (``lang="zh"``) its words and site names are Chinese.
    """
    used, family = resolve_language(lang)
    path = pd.read_csv(folder / "path.csv")
    capacity = capacity_by_period(folder).rename(columns=site_names(folder, used))
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8), width_ratios=(1.6, 1))
    labels = [str(period) for period in capacity.index]
    bottom = pd.Series(0.0, index=capacity.index)
    palette = plt.get_cmap("tab20")
    colours = [palette(number / 20) for number in range(20)]
    for number, site in enumerate(capacity.columns):
        values = capacity[site].fillna(0.0)
        if values.max() <= 0:
            continue
        left.bar(labels, values, bottom=bottom, label=site, color=colours[number % 20])
        bottom += values
    left.set_ylabel("IT capacity in service [MW]")
    left.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    left.set_title("IT capacity by site and period")
    left.legend(fontsize=7, ncols=2, loc="upper left", frameon=False)
    left.set_ylim(0, bottom.max() * 1.45)
    for column, name, colour in GREEN_MEASURES:
        right.plot(
            path["period"].astype(str), 100 * path[column], marker="o", label=name, color=colour
        )
    right.set_ylim(0, 100)
    right.set_ylabel("Green share of consumption [%]")
    right.set_title("Green shares by period")
    right.legend(fontsize=8, loc="lower left", frameon=False)
    return finished_chart(figure, family)


def readable_path(folder: Path) -> pd.DataFrame:
    """Return ``path.csv`` with readable headers and units (bn CNY, MW, %, MtCO2)."""
    path = pd.read_csv(folder / "path.csv")
    table = path[[column for column in PATH_COLUMNS if column in path.columns]].copy()
    for column, scale in SCALES.items():
        if column in table.columns:  # a path solved before a figure was added lacks it
            table[column] = table[column] * scale
    table["period"] = table["period"].astype(str)
    return table.rename(columns=PATH_COLUMNS)


def in_language(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a table as a page in a language shows it: in Chinese, amounts in 亿元."""
    return table if lang == "en" else in_yi_yuan(table)


def readable_builds(folder: Path) -> pd.DataFrame:
    """Return new IT capacity built per site (rows) and period (columns) [MW]."""
    builds = pd.read_csv(folder / "builds.csv")
    table = builds.pivot_table(
        index="cluster_id", columns="period", values="new_it_capacity_mw", aggfunc="sum"
    )
    table = table.rename(index=site_names(folder))
    table = table[table.sum(axis=1) > 0.5]
    table.columns = [f"Built {period} [MW]" for period in table.columns]
    return table.rename_axis("Site").reset_index()


def myopia_cards(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the cost of myopia as a card, where the path was solved with perfect foresight.

    A perfect-foresight run solves the myopic path on the way (``cost_of_myopia_cny`` in
    ``summary.json``): what planning each period for itself alone would cost more, over the
    path. When the myopic path is infeasible the card says so.
    """
    if summary.get("myopic_feasible") is False:
        return [("Cost of myopia", "myopic path infeasible")]
    if summary.get("cost_of_myopia_cny") is None:
        return []
    cost = float(summary["cost_of_myopia_cny"])
    total = float(summary.get("npv_cost_cny") or 0.0)
    share = f", {number_text(cost / total, 2, 0.01)} % of the path" if total else ""
    return [("Cost of myopia", f"{number_text(cost, 2, 1e9)} bn CNY (2025){share}")]


def write_pathway_report(folder: str | Path, lang: str = "en") -> Path:
    """Write the pathway's ``report.html`` and ``path.png`` from its folder's files.

    ``lang="zh"`` writes ``report-zh.html``: its words in Chinese, amounts in 亿元, the path
    chart in Chinese (``path-zh.png``), each period's ``capacity-zh.png``
    (:mod:`optimiser.report.words`); each period's own ``report-zh.html`` is
    :func:`optimiser.report.page.write_report`'s.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    chart = draw_path_chart(folder, lang)
    suffix = language_suffix(lang)
    (folder / f"path{suffix}.png").write_bytes(chart)
    cards = [
        (
            "Discounted cost of the path",
            f"{number_text(summary['npv_cost_cny'], 0, 1e9)} bn CNY (2025)",
        ),
        (
            "Cumulative emissions",
            f"{number_text(summary['cumulative_emissions_tco2'], 1, 1e6)} MtCO2",
        ),
        ("IT capacity at the end", f"{number_text(summary['final_total_it_capacity_mw'])} MW"),
        ("Foresight", str(summary["foresight"])),
        *myopia_cards(summary),
        ("Discount rate", f"{number_text(summary['discount_rate'], 1, 0.01)} %"),
    ]
    card_html = "".join(
        f'<div class="card"><span class="label">{html.escape(label)}</span>'
        f'<span class="value">{html.escape(value)}</span></div>'
        for label, value in cards
    )
    maps = []
    for period in summary["periods"]:
        image = folder / "periods" / str(period) / "maps" / f"capacity{suffix}.png"
        if image.exists():
            maps.append(
                f'<figure><img alt="IT capacity in {period}" src="{data_uri(image.read_bytes())}">'
                f"<figcaption>IT capacity in {period} (periods/{period}/{report_file_name(lang)} "
                "has the period's full report)</figcaption></figure>"
            )
    title = f"dcsite: {summary['model']} / {summary['scenario']} ({summary['foresight']} foresight)"
    body = (
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(summary.get('description') or '')}</p>"
        f'<div class="cards">{card_html}</div>'
        f'<figure><img alt="Path chart" src="{data_uri(chart)}">'
        "<figcaption>IT capacity in service by site and period; the three green shares of "
        "consumption by period.</figcaption></figure>"
        f"<h2>Each period</h2>{overview_table(in_language(readable_path(folder), lang))}"
        f'<h2 id="idle">Idle IT capacity by part</h2>{idle_section(folder, lang)}'
        f"<h2>New IT capacity built per period</h2>{overview_table(readable_builds(folder))}"
        f"<h2>Capacity maps</h2>{''.join(maps) or '<p>No maps drawn.</p>'}"
        "<p>Columns and units: docs/pathway.md.</p>"
    )
    path = folder / report_file_name(lang)
    rendered = page(title, body)
    if lang == "en":
        write_text_atomically(path, rendered)
        return path
    sites = pd.read_csv(period_folders(folder)[0] / "inputs" / "sites.csv")
    write_text_atomically(path, translate_page(rendered, chinese_names(sites)))
    return path


__all__ = ["draw_path_chart", "write_pathway_report"]
