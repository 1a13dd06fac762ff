"""Tests of optimiser.report.words and the Chinese pages of optimiser.report.overview."""

from __future__ import annotations

import pandas as pd

from optimiser.report.chart_words import chart_to_chinese
from optimiser.report.overview import in_yi_yuan
from optimiser.report.words import chinese_names, to_chinese, translate_page
from tests.chinese import english_runs


def test_a_verdict_that_fails_reads_in_chinese_with_its_figures_and_sites() -> None:
    text = to_chinese(
        " (8,760 hours dispatched): 1,200 MWh of IT load unserved in 12 hours; 35 GWh green "
        "shortfall at 2 sites (芜湖集群, 韶关集群); full-year cost 291.14 bn CNY/yr against "
        "289.57 planned. "
    )
    assert text.startswith(" （全年 8,760 小时逐时调度）：2 个站点（芜湖集群, 韶关集群）")
    assert "12 小时共 1,200 MWh IT负荷未满足" in text and "绿电缺口 35 GWh" in text
    assert "全年成本 2,911.4 亿元/年，规划值 2,895.7 亿元/年。" in text
    assert english_runs(text) == []


def test_headline_sentences_and_table_notes_read_in_chinese() -> None:
    assert to_chinese("755.4 bn CNY/yr (26 % of the total)") == "7,554 亿元/年（占总成本 26 %）"
    assert to_chinese("8,854 MW (of 13,109 MW)") == "8,854 MW（共 13,109 MW）"
    assert to_chinese("80.0 % annual") == "80.0 % 年度（含绿证）"
    counted = to_chinese(
        "The limits the plan runs into: 13 site limits, 1 green target, 2 corridors. Moving "
        "one of them\nwould change the plan; every other limit has room to spare."
    )
    assert counted == (
        "方案触及的限制：13 项站点限制, 1 项绿电目标, 2 条通道。放宽其中任何一项都会改变方案；"
        "其余限制均有富余。"
    )
    assert to_chinese("The headroom binds in none of the 10 provinces that have one.") == (
        "在设有裕度的 10 个省份中，裕度均未起约束作用。"
    )
    assert to_chinese("Cost [bn CNY/yr]".replace("bn CNY", "亿元")) == "年度成本 [亿元/年]"
    assert to_chinese("Δ green, annual [pp]") == "变化：绿电占比，年度 [百分点]"
    assert to_chinese("Built 2030 [MW]") == "2030年新增 [MW]"


def test_names_are_given_in_chinese_and_kept_texts_left_as_written() -> None:
    sites = pd.DataFrame(
        {
            "name_en": ["Wuhu"],
            "name_zh": ["芜湖集群"],
            "hub_name_en": ["Yangtze River Delta"],
            "hub_name_zh": ["长三角"],
        }
    )
    names = chinese_names(sites)
    assert names == {"Yangtze River Delta": "长三角", "Wuhu": "芜湖集群"}
    page = translate_page(
        '<html lang="en"><head><title>Sites</title></head><body><td>Wuhu</td>'
        '<td>Yangtze River Delta</td><p translate="no">Holds over the full year</p>'
        "<h2>Sites</h2></body></html>",
        names,
    )
    assert "<td>芜湖集群</td><td>长三角</td>" in page
    assert '<p translate="no">Holds over the full year</p>' in page
    assert "<h2>站点</h2>" in page and '<html lang="zh-CN">' in page


def test_a_table_in_yi_yuan_is_ten_times_the_figure_in_bn_cny() -> None:
    frame = pd.DataFrame(
        {"Scenario": ["a", "b"], "Cost [bn CNY/yr]": [289.57, 290.0], "New IT [MW]": [10, 20]}
    )
    chinese = in_yi_yuan(frame)
    assert list(chinese.columns) == ["Scenario", "Cost [亿元/yr]", "New IT [MW]"]
    assert list(chinese["Cost [亿元/yr]"]) == [2895.7, 2900.0]
    assert list(chinese["New IT [MW]"]) == [10, 20]
    down = pd.DataFrame(
        {
            "Figure": ["Cost [bn CNY/yr]", "Green, annual [%]"],
            "a": ["289.57", "81.5"],
            "b": ["290.82 (+1.25, +0.4 %)", "80.0 (-1.5 pp)"],
        }
    )
    chinese = in_yi_yuan(down)
    assert list(chinese["Figure"]) == ["Cost [亿元/yr]", "Green, annual [%]"]
    assert list(chinese["a"]) == ["2,895.7", "81.5"]
    assert list(chinese["b"]) == ["2,908.2 (+12.5, +0.4 %)", "80.0 (-1.5 pp)"]


def test_chart_words_read_in_chinese() -> None:
    assert chart_to_chinese("annual system cost [亿元/yr]") == "年度系统成本 [亿元/年]"
    assert (
        chart_to_chinese(
            "Cost against pue, labelled with the premium over the cheapest (2 points infeasible or "
            "failed)"
        )
        == "成本随 pue 的变化，标注为相对最低成本的溢价（2 个点不可行或失败）"
    )


def test_every_word_of_the_dispatch_and_shift_charts_has_its_chinese() -> None:
    from optimiser.report.charts import DISPATCH_SINKS, DISPATCH_SOURCES, TimeAxis, tick_labels

    words = [
        *(label for _, label, _ in (*DISPATCH_SOURCES, *DISPATCH_SINKS)),
        "Consumption (IT load × PUE)",
        "Power [MW]",
        "Month (one day each)",
        "Representative days (no months: each stands for n days)",
        "Flexible load placed (after shifting)",
        "Hourly dispatch at 和林格尔集群 (horinger)",
    ]
    chinese = [chart_to_chinese(word) for word in words]
    assert english_runs(" ".join(chinese)) == [], chinese
    assert chinese[-1] == "和林格尔集群 (horinger)逐时调度"
    axis = TimeAxis([0.0, 1.0, 2.0], ["Jan", "Dec", "31 d"], [], "")
    assert tick_labels(axis, chinese=True) == ["1月", "12月", "31天"]
    assert tick_labels(axis, short=True, chinese=True) == ["1", "12", "31"]
    assert tick_labels(axis, short=True) == ["J", "D", "31"]
