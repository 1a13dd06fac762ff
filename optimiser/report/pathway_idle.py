"""The pathway report's section on idle IT capacity by part, period by period.

Part of the pathway's report (:mod:`optimiser.report.pathway`), as the headline cards are of a
plan's (:mod:`optimiser.report.page`): idle capacity split into the avoidable parts
(over-building, demand shortfall) and the part idle by design (the utilisation cap's headroom
and the hours below the peak, ``docs/compute.md``), in MW and in stranded cost, the avoidable
part first. The MW come from ``path.csv``; the stranded cost of each part from the sites of
``clusters.csv``, which add up to ``path.csv``'s totals.
"""

from __future__ import annotations

import html
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: charts are files, never windows

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from optimiser.report.charts import finished_chart
from optimiser.report.common import data_uri, number_text
from optimiser.report.overview import in_yi_yuan, overview_table
from optimiser.words import resolve_language

PARTS = (
    ("overbuilt", "Over-building", "#c0392b"),
    ("shortfall", "Demand shortfall", "#e67e22"),
    ("by_design", "By design", "#d5d8dc"),
)
"""The parts of idle capacity, avoidable first: key, name, colour in the chart."""
BILLION = 1e9
"""CNY in one bn CNY."""


def idle_by_period(folder: Path) -> pd.DataFrame | None:
    """Return per period (rows) the idle capacity [MW] and stranded cost [CNY/yr] by part.

    Columns ``idle_<part>_mw`` and ``stranded_<part>_cny_per_year`` for each part of
    :data:`PARTS` and for ``avoidable`` (over-building plus demand shortfall) and ``all``,
    and ``idle_share`` [fraction]. None for a path solved before idle capacity was split.
    """
    path = pd.read_csv(folder / "path.csv").set_index("period")
    clusters = pd.read_csv(folder / "clusters.csv")
    columns = [f"stranded_capex_{part}_cny_per_year" for part, _, _ in PARTS]
    if "idle_it_capacity_by_design_mw" not in path or not set(columns) <= set(clusters):
        return None
    stranded = clusters.groupby("period")[columns].sum().reindex(path.index)
    table = pd.DataFrame(index=path.index)
    for part, _, _ in PARTS:
        table[f"idle_{part}_mw"] = path[f"idle_it_capacity_{part}_mw"]
        table[f"stranded_{part}_cny_per_year"] = stranded[f"stranded_capex_{part}_cny_per_year"]
    table["idle_avoidable_mw"] = path["idle_it_capacity_avoidable_mw"]
    table["stranded_avoidable_cny_per_year"] = path["stranded_capex_avoidable_cny_per_year"]
    table["idle_all_mw"] = path["idle_it_capacity_mw"]
    table["stranded_all_cny_per_year"] = path["stranded_capex_cny_per_year"]
    table["idle_share"] = path["idle_share"]
    return table


def readable_idle(table: pd.DataFrame) -> pd.DataFrame:
    """Return the idle parts per period with readable headers, the avoidable part first."""
    return pd.DataFrame(
        {
            "Period": table.index.astype(str),
            "Avoidable idle [MW]": table["idle_avoidable_mw"],
            "Over-building [MW]": table["idle_overbuilt_mw"],
            "Demand shortfall [MW]": table["idle_shortfall_mw"],
            "Avoidable, stranded [bn CNY/yr]": table["stranded_avoidable_cny_per_year"] / BILLION,
            "Idle by design [MW]": table["idle_by_design_mw"],
            "By design, stranded [bn CNY/yr]": table["stranded_by_design_cny_per_year"] / BILLION,
            "Idle in all [MW]": table["idle_all_mw"],
            "Idle share [%]": 100 * table["idle_share"],
            "Stranded in all [bn CNY/yr]": table["stranded_all_cny_per_year"] / BILLION,
        }
    )


def draw_idle_chart(table: pd.DataFrame, lang: str = "en") -> bytes:
    """Draw idle capacity [MW] and its stranded cost [bn CNY/yr] per period, stacked by part.

    In Chinese (``lang="zh"``) its words are Chinese and the cost is in 亿元/年.
    """
    used, family = resolve_language(lang)
    money = (
        (1 / BILLION, "Its stranded cost by part [bn CNY/yr]")
        if used == "en"
        else (10 / BILLION, "Its stranded cost by part [亿元/yr]")
    )
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    labels = [str(period) for period in table.index]
    for axes, unit, scale, title in (
        (left, "mw", 1.0, "Idle IT capacity by part [MW]"),
        (right, "cny_per_year", *money),
    ):
        bottom = pd.Series(0.0, index=table.index)
        prefix = "idle" if unit == "mw" else "stranded"
        for part, name, colour in PARTS:  # the avoidable parts at the foot of each bar
            values = table[f"{prefix}_{part}_{unit}"].fillna(0.0) * scale
            axes.bar(labels, values, bottom=bottom, label=name, color=colour, edgecolor="#7b7d7d")
            bottom += values
        axes.set_title(title)
        axes.set_ylim(0, max(float(bottom.max()), 1e-9) * 1.15)
    left.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # costs keep their decimals
    left.legend(fontsize=8, loc="upper left", frameon=False)
    return finished_chart(figure, family)


SENTENCE_WORDS = {
    "en": {
        "by_design": "idle by design (the utilisation cap's headroom and the hours below the "
        "peak): {idle} MW in {period}, {cost} bn CNY/yr",
        "period": "{idle} MW in {period} ({overbuilt} over-building, {shortfall} demand "
        "shortfall), {cost} bn CNY/yr",
        "separator": "; ",
        "none": "No period has avoidable idle capacity (over-building or demand shortfall); "
        "{by_design}.",
        "some": "Avoidable idle capacity: {periods}. Besides it, {by_design}.",
    },
    "zh": {
        "by_design": "设计性闲置（逐时利用率上限的余量及低于峰值的时段）：{period}年{idle} MW，"
        "{cost} 亿元/年",
        "period": "{period}年{idle} MW（超建{overbuilt} MW，需求不足{shortfall} MW），"
        "{cost} 亿元/年",
        "separator": "；",
        "none": "各时期均无可避免的闲置容量（超建或需求不足）；{by_design}。",
        "some": "可避免的闲置容量：{periods}。此外，{by_design}。",
    },
}
"""The sentence that leads the section, in each language: its parts, figures left as fields."""
MONEY = {"en": (1, BILLION), "zh": (0, BILLION / 10)}
"""How each language writes a stranded cost: decimals, and CNY per unit (bn CNY, 亿元)."""


def avoidable_sentence(table: pd.DataFrame, lang: str = "en") -> str:
    """Return the sentence that leads the section: the avoidable part, then by design.

    In Chinese (``lang="zh"``) the amounts are in 亿元/年.
    """
    words = SENTENCE_WORDS["zh" if lang == "zh" else "en"]
    digits, scale = MONEY["zh" if lang == "zh" else "en"]
    last = table.index[-1]
    by_design = words["by_design"].format(
        idle=number_text(table.loc[last, "idle_by_design_mw"]),
        period=last,
        cost=number_text(table.loc[last, "stranded_by_design_cny_per_year"], digits, scale),
    )
    avoidable = table[table["idle_avoidable_mw"] > 0.5]
    if avoidable.empty:
        return words["none"].format(by_design=by_design)
    periods = words["separator"].join(
        words["period"].format(
            idle=number_text(row["idle_avoidable_mw"]),
            period=period,
            overbuilt=number_text(row["idle_overbuilt_mw"]),
            shortfall=number_text(row["idle_shortfall_mw"]),
            cost=number_text(row["stranded_avoidable_cny_per_year"], digits, scale),
        )
        for period, row in avoidable.iterrows()
    )
    return words["some"].format(periods=periods, by_design=by_design)


SECTION_WORDS = {
    "en": {
        "old": "This path was solved before idle capacity was split into parts; solve it "
        "again to see them.",
        "alt": "Idle IT capacity by part and period",
        "caption": "Idle IT capacity and its stranded cost per period, the avoidable parts "
        "(over-building, demand shortfall) at the foot of each bar (docs/compute.md).",
    },
    "zh": {
        "old": "此路径求解于闲置容量分项之前；重新求解即可查看各分项。",
        "alt": "各时期闲置IT容量分项",
        "caption": "各时期闲置IT容量及其闲置成本，可避免部分（超建、需求不足）位于"
        "各柱底部（docs/compute.md）。",
    },
}
"""The section's own sentences in each language of the report."""


def idle_section(folder: Path, lang: str = "en") -> str:
    """Return the pathway report's section on idle capacity by part (a note for an old path).

    In Chinese (``lang="zh"``) its sentences, table and chart are Chinese, amounts in 亿元.
    """
    words = SECTION_WORDS["zh" if lang == "zh" else "en"]
    table = idle_by_period(folder)
    if table is None:
        return f'<p id="path-idle">{words["old"]}</p>'
    chart = data_uri(draw_idle_chart(table, lang))
    sentence = avoidable_sentence(table, lang)
    readable = readable_idle(table) if lang == "en" else in_yi_yuan(readable_idle(table))
    return (
        f'<p id="path-idle">{html.escape(sentence)}</p>'
        f"{overview_table(readable)}"
        f'<figure><img id="path-idle-chart" alt="{words["alt"]}" '
        f'src="{chart}"><figcaption>{words["caption"]}</figcaption></figure>'
    )
