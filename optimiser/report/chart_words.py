"""The Chinese of the report's charts: the cost curve, the path and idle charts, a plan's dispatch.

Beside :mod:`optimiser.report.words` (the pages' words), whose phrases a chart's texts share.
"""

from __future__ import annotations

import re

from optimiser.report.words import PHRASES
from optimiser.words import translate

CHART_WORDS = {
    # The cost curve of a sweep
    "annual system cost [亿元/yr]": "年度系统成本 [亿元/年]",
    "west share of new IT capacity [fraction]": "新增IT容量中西部枢纽占比 [比例]",
    # A pathway's path chart
    "IT capacity in service [MW]": "在运IT容量 [MW]",
    "IT capacity by site and period": "各站点各时期IT容量",
    "Green share of consumption [%]": "绿电占用电量比例 [%]",
    "Green shares by period": "各时期绿电占比",
    "annual (certificates count)": "年度（含绿证）",
    "24/7 CFE score": "逐时无碳电力匹配率",
    "CFE score, own supply": "逐时匹配率，仅自有电源",
    # A plan's hourly dispatch and its flexible work shifted in time
    "Provincial grid": "省级电网购电",
    "UHV corridor import": "特高压通道输入",
    "Own wind": "自有风电",
    "Own solar": "自有光伏",
    "Nuclear contract": "核电合约",
    "Hydro contract": "水电合约",
    "Storage discharge": "储能放电",
    "Pumped hydro, compressed air": "抽水蓄能、压缩空气储能",
    "Storage charge": "储能充电",
    "Long-duration charge": "长时储能充电",
    "Curtailment": "弃电",
    "Consumption (IT load × PUE)": "用电量（IT负荷 × PUE）",
    "Power [MW]": "功率 [MW]",
    "Month (every hour of the year)": "月份（全年逐时）",
    "Month (one day each)": "月份（每月一天）",
    "Representative days (no months: each stands for n days)": "代表日（不分月份：每日代表 n 天）",
    "Hour of the average day (all months)": "平均日逐时（全年）",
    "average day": "平均日",
    "Flexible demand on its shape (before shifting)": "按原负荷曲线的灵活需求（平移前）",
    "Flexible load placed (after shifting)": "平移后的灵活负荷",
    "The nation's flexible work, moved between the hours of each day": (
        "全国灵活算力负荷在日内各时段间的平移"
    ),
    **{
        month: f"{number}月"
        for number, month in enumerate(
            ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
            start=1,
        )
    },
    # A pathway's idle capacity by part
    "Idle IT capacity by part [MW]": "各分项闲置IT容量 [MW]",
    "Its stranded cost by part [亿元/yr]": "各分项闲置成本 [亿元/年]",
    "Over-building": "超建",
    "Demand shortfall": "需求不足",
    "By design": "设计性闲置",
}
"""Each English text of the report's charts (the cost curve, the path chart, a plan's dispatch
and shift charts) and its Chinese."""

CHART_SENTENCES = (
    (
        r"^Cost against (?P<key>\S+), labelled with the premium over the cheapest$",
        r"成本随 \g<key> 的变化，标注为相对最低成本的溢价",
    ),
    (
        r"^Cost against (?P<key>\S+), labelled with the premium over the cheapest "
        r"\((?P<count>\d+) points infeasible or failed\)$",
        r"成本随 \g<key> 的变化，标注为相对最低成本的溢价（\g<count> 个点不可行或失败）",
    ),
    (r"^Hourly dispatch at (?P<name>.*)$", r"\g<name>逐时调度"),
    (r"^(?P<days>[\d.]+) d$", r"\g<days>天"),
)
"""The charts' sentences with a setting or a count, as patterns, and their Chinese."""


def chart_to_chinese(text: str) -> str:
    """Return a text of a chart in Chinese, line by line.

    >>> chart_to_chinese("Green shares by period")
    '各时期绿电占比'
    >>> chart_to_chinese("Cost against pue, labelled with the premium over the cheapest")
    '成本随 pue 的变化，标注为相对最低成本的溢价'
    """
    lines = []
    for line in text.split("\n"):
        for pattern, chinese in CHART_SENTENCES:
            line = re.sub(pattern, chinese, line)
        lines.append(translate(line, CHART_WORDS, PHRASES))
    return "\n".join(lines)


__all__ = ["CHART_SENTENCES", "CHART_WORDS", "chart_to_chinese"]
