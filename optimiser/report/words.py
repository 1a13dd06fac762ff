"""The words of the reports in Chinese: headings, labels, table headers, captions and units.

Last step of the presentation stage, applied by :mod:`optimiser.report.page` to a finished page
when ``--lang zh`` is asked for, as :mod:`optimiser.maps.words` is to a finished map: every
text of the page that is a known English phrase is replaced by its Chinese, amounts of money
are given in 亿元 (1 亿元 = 0.1 bn CNY; ten times the figure in bn CNY), units keep their
symbols (MW, TWh, tCO2) with 年 for "year", and the page says it is Chinese (``lang="zh-CN"``).
Names of sites, corridors and settings are the files' own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from types import MappingProxyType

import pandas as pd

from optimiser.words import translate

CHINESE = {
    # Headings
    "Headline figures": "主要指标",
    "Annual cost by part": "年度成本构成",
    "Green targets, site by site": "各站点绿电目标",
    "Scenario": "情景",
    "Audit": "复核",
    "Full year": "全年校验",
    "Maps": "地图",
    "Sites": "站点",
    "UHV corridors": "特高压通道",
    "Provincial grids: peak load and headroom": "省级电网：高峰负荷与接入裕度",
    "What binds": "起约束作用的限制",
    # What binds
    "Limit": "限制",
    "Where": "位置",
    "Planned": "规划值",
    "Worth of one more unit": "放宽一个单位的价值",
    "IT capacity at its maximum": "IT容量达上限",
    "Wind at its potential": "风电达资源潜力",
    "Solar at its potential": "光伏达资源潜力",
    "Storage at its potential": "储能达潜力上限",
    "Corridor at its limit": "通道达输送上限",
    "Grid headroom": "电网接入裕度",
    "Green target (annual)": "绿电目标（年度）",
    "Green target (hourly)": "绿电目标（逐时匹配率）",
    "Green target (hourly_own_supply)": "绿电目标（逐时匹配率，仅自有电源）",
    "Cost that siting decides (all but servers)": "选址决定的成本（不含服务器）",
    "Max IT [MW]": "IT容量上限 [MW]",
    "Hourly dispatch, every site": "逐时调度（全部站点）",
    "Flexible work shifted in time": "灵活算力负荷的时间转移",
    # Headline cards
    "Annual cost": "年度总成本",
    "New IT capacity": "新增IT容量",
    "IT capacity in compute and racks": "IT容量折合算力与机架",
    "Avoidable idle IT capacity (over-building, demand shortfall) and its cost": (
        "可避免的闲置IT容量（超建、需求不足）及其成本"
    ),
    "Idle by design (utilisation cap's headroom, hours below the peak)": (
        "设计性闲置（利用率上限留出的余量、低于峰值的时段）"
    ),
    "Idle IT capacity in all and its cost": "闲置IT容量合计及其成本",
    "Share of new IT at the western hubs": "新增IT容量中西部枢纽占比",
    "Share of new IT in the western region": "新增IT容量中西部地区占比",
    "Green share, annual, certificates count": "绿电占比（年度，含绿证）",
    "Green share, 24/7 CFE score": "绿电占比（逐时无碳电力匹配率）",
    "Green share, CFE score, own supply": "绿电占比（逐时匹配率，仅自有电源）",
    "Green share, worst hour": "绿电占比（最差时段）",
    "Green share, worst hour at targeted sites": "绿电占比（有目标站点的最差时段）",
    "Green share, worst hour, own supply": "绿电占比（最差时段，仅自有电源）",
    "Avoidable idle share of IT capacity": "可避免闲置占IT容量比例",
    "Idle share": "闲置比例",
    "Green target and accounting": "绿电目标与核算方式",
    "Emissions": "碳排放",
    "Green certificates": "绿证",
    "UHV corridor imports": "特高压通道输入电量",
    "Consumption": "用电量",
    # Cost parts
    "Servers and accelerators (the same on every site)": "服务器与加速卡（各站点相同）",
    "IT buildings and plant": "IT机房与配套设施",
    "IT fixed O&M": "IT固定运维",
    "Wind": "风电",
    "Solar": "光伏",
    "Grid energy": "电网购电",
    "UHV corridor energy": "特高压通道电量",
    "Nuclear and hydro contracts": "核电与水电合约",
    "Storage": "储能",
    "Network (bandwidth)": "网络（带宽）",
    "Long-duration storage lease": "长时储能租赁",
    "Surplus sold (revenue)": "余电上网（收入）",
    "Carbon price": "碳价",
    # Scenario
    "Model": "模型",
    "Overrides": "参数覆盖",
    "Solver": "求解器",
    "Created": "生成时间",
    # Table headers
    "Site": "站点",
    "site": "站点",
    "Hub": "枢纽",
    "Id": "编号",
    "Role": "角色",
    "Target [%]": "目标 [%]",
    "Green, annual, certificates count [%]": "绿电占比，年度（含绿证）[%]",
    "Green, 24/7 CFE score [%]": "逐时无碳电力匹配率 [%]",
    "Green, CFE score, own supply [%]": "逐时匹配率，仅自有电源 [%]",
    "Green, worst hour [%]": "最差时段绿电占比 [%]",
    "Green, worst hour, own supply [%]": "最差时段绿电占比，仅自有电源 [%]",
    "Meets the annual target": "达到年度目标",
    "Meets the hourly target": "达到逐时目标",
    "Meets the hourly_own_supply target": "达到自有电源逐时目标",
    "Shadow price [CNY/MWh]": "影子价格 [元/MWh]",
    "green, annual [%]": "绿电占比，年度 [%]",
    "green, hourly [%]": "逐时匹配率 [%]",
    "green, own supply [%]": "逐时匹配率，仅自有电源 [%]",
    "unserved [MWh]": "未满足负荷 [MWh]",
    "green shortfall [MWh]": "绿电缺口 [MWh]",
    "holds": "全年可行",
    "Existing IT [MW]": "现有IT [MW]",
    "New IT [MW]": "新增IT [MW]",
    "Wind [MW]": "风电 [MW]",
    "Solar [MW]": "光伏 [MW]",
    "Storage [MWh]": "储能 [MWh]",
    "Consumption [GWh/yr]": "用电量 [GWh/年]",
    "Green, annual [%]": "绿电占比，年度 [%]",
    "24/7 CFE score [%]": "逐时无碳电力匹配率 [%]",
    "Emissions [ktCO2/yr]": "碳排放 [ktCO2/年]",
    "Cost [M CNY/yr]": "成本 [百万元/年]",
    "Corridor": "通道",
    "Available [MW]": "可用容量 [MW]",
    "Renewable [%]": "可再生能源占比 [%]",
    "Energy [GWh/yr]": "电量 [GWh/年]",
    "Peak flow [MW]": "峰值潮流 [MW]",
    "Utilisation [%]": "利用率 [%]",
    "Marginal value [CNY/MW/yr]": "边际价值 [元/MW/年]",
    "Sites served": "服务站点",
    "Province": "省份",
    "Peak load [MW]": "高峰负荷 [MW]",
    "Headroom [MW]": "接入裕度 [MW]",
    "Data-centre grid peak [MW]": "数据中心电网峰值 [MW]",
    "Share of peak load [%]": "占高峰负荷比例 [%]",
    "Headroom used [%]": "裕度使用率 [%]",
    "Binds": "约束起作用",
    "From the grid [TWh/yr]": "电网购电 [TWh/年]",
    "Consumption [TWh/yr]": "用电量 [TWh/年]",
    "Headroom set by": "裕度来源",
    "Idle IT capacity by part": "闲置IT容量构成",
    "Avoidable idle [MW]": "可避免闲置 [MW]",
    "Over-building [MW]": "超建 [MW]",
    "Demand shortfall [MW]": "需求不足 [MW]",
    "Idle by design [MW]": "设计性闲置 [MW]",
    "Idle in all [MW]": "闲置合计 [MW]",
    "Idle share [%]": "闲置比例 [%]",
    "Idle IT capacity by part and period": "各期闲置IT容量构成",
    "Headroom used per province; outlined where it binds": (
        "各省接入裕度使用率；粗边框为约束起作用的省份"
    ),
    # Words in cells
    "yes": "是",
    "no": "否",
    "none": "无",
    "passed": "通过",
    "failed": "未通过",
    "pass": "通过",
    "fail": "未通过",
    "east": "东部",
    "west": "西部",
    "non_hub": "非枢纽",
    # Sentences
    "Holds over the full year": "全年可行",
    "Does not hold over the full year": "全年不可行",
    "Independent re-check of the plan in pandas:": "以 pandas 独立复核方案：",
    "Holds over the full year (8,760 h):": "全年（8,760 小时）可行：",
    "Checks passed:": "通过的检查：",
    "No audit result recorded in summary.json.": "summary.json 中没有复核结果。",
    "Not checked over the full year.": "未经全年校验。",
    "The plan is sized on modelled days;": "方案按典型日规划；",
    "dispatches it over all 8,760 hours and says whether it holds.": (
        "按全年 8,760 小时逐时调度并判断其是否可行。"
    ),
    "Not validated over the full year;": "未经全年校验；",
    "dispatches the plan over all 8,760 hours.": "按全年 8,760 小时逐时调度方案。",
    "corrects the representation until the plan holds (see": "修正时段代表性直至方案可行（见",
    ").": "）。",
    "No site has a green target in this scenario.": "本情景中没有站点设有绿电目标。",
    "No limit binds: no site is at its maximum or its potentials, no green target, corridor "
    "or provincial grid headroom constrains the plan.": (
        "没有起约束作用的限制：无站点达到容量上限或资源潜力，绿电目标、通道和省级电网接入裕度均未"
        "约束方案。"
    ),
    "A quantity is at its limit within 0.01 % of it. The worth of one more unit is the limit's "
    "shadow price: for a green target the cost of one more MWh of green energy at the site, for "
    "a corridor the saving from one more MW open to data centres in every hour (a corridor full "
    "in its peak hour may be worth nothing more). The files record no shadow price for a site's "
    "potentials or a province's headroom (–).": (
        "数值与限制相差不超过 0.01 % 即视为达到限制。放宽一个单位的价值即该限制的影子价格：绿电"
        "目标为站点多一 MWh 绿电的成本，通道为每小时向数据中心多开放 1 MW 所节省的成本（高峰时段"
        "已满的通道可能不再有价值）。站点资源潜力和省级接入裕度不记录影子价格（–）。"
    ),
    "The data centres' purchases from each province's grid in their highest hour against the "
    "province's peak load and its headroom for new data-centre load (": (
        "数据中心在最高时段从各省电网的购电，与该省高峰负荷及其可接入新增数据中心负荷的裕度对比（"
    ),
    "; by default a share of the peak load,": "；默认为高峰负荷的一定比例，",
    "Energy over the year with the modelled hours weighted; headroom used is the peak grid "
    "draw over the headroom, and binds when it reaches it. Provinces without a peak load in the "
    "catalogue have no headroom (–).": (
        "全年电量按典型时段加权；裕度使用率为电网购电峰值与裕度之比，达到裕度即起约束作用。目录中"
        "无高峰负荷数据的省份没有裕度（–）。"
    ),
    "No province with sites has a headroom in this scenario.": "本情景中有站点的省份均未设裕度。",
    "share of peak load": "高峰负荷比例",
    "scenario setting": "情景设定",
    "The nation's flexible demand on its shape and the load the plan places, each day's energy "
    "kept [MW].": "全国灵活算力需求按其原始曲线与方案安排后的负荷对比，每日电量不变 [MW]。",
    "Flexible load before and after shifting": "灵活负荷转移前后",
    # A comparison's or a sweep's page
    "Each scenario's own report is in its folder. Columns and units: docs/compare.md.": (
        "各情景的完整报告在其各自文件夹中。各列及单位见 docs/compare.md。"
    ),
    "Scenarios: changes from the first": "各情景：相对第一个情景的变化",
    "The price of each policy": "各项政策的代价",
    "Sweep points": "扫描点",
    "Pathways by period: changes from the first": "各路径分时期：相对第一条路径的变化",
    "IT capacity that differs from the first [MW]": "与第一条路径不同的IT容量 [MW]",
    "Figure": "指标",
    "scenario": "情景",
    "quantity": "量",
    "id": "编号",
    "workload": "负荷类型",
    "value": "数值",
    "unit": "单位",
    "CNY/MWh": "元/MWh",
    "CNY/MW/yr": "元/MW/年",
    "CNY/yr per percentage point": "元/年/百分点",
    "CNY/tCO2": "元/tCO2",
    "Period": "时期",
    "Years": "年份",
    "perfect": "完全预见",
    "myopic": "逐期预见（短视）",
    "Cost of myopia": "逐期规划（短视）多出的成本",
    "myopic path infeasible": "逐期规划路径不可行",
    "Status": "状态",
    "optimal": "最优",
    "infeasible": "不可行",
    "NO": "否",
    "名称": "名称",
    "省份": "省份",
    # A pathway's page
    "Discounted cost of the path": "路径折现总成本",
    "Cumulative emissions": "累计碳排放",
    "IT capacity at the end": "期末IT容量",
    "Foresight": "预见方式",
    "Discount rate": "折现率",
    "Each period": "各时期",
    "New IT capacity built per period": "各时期新增IT容量",
    "Capacity maps": "容量地图",
    "No maps drawn.": "未绘制地图。",
    "Columns and units: docs/pathway.md.": "各列及单位见 docs/pathway.md。",
    "Path chart": "路径图",
    "IT capacity in service by site and period; the three green shares of consumption by "
    "period.": "各站点各时期在运IT容量；各时期三种绿电占比。",
    # Maps and charts
    "IT capacity and compute demand": "IT容量与算力需求",
    "Green power: energy mix and green share": "绿色电力：供电结构与绿电占比",
    "Flows: UHV corridors and demand allocation": "流向：特高压通道与需求分配",
    "Idle IT capacity and its cost": "闲置IT容量及其成本",
    "Hourly dispatch at every site": "全部站点的逐时调度",
    "Every site, largest consumer first, each on its own scale [MW].": (
        "全部站点，按用电量从大到小排列，各自纵轴 [MW]。"
    ),
    "Supply by source stacked above zero, storage charge and curtailment below [MW]; "
    "the black line is consumption (IT load × PUE).": (
        "零线以上为各电源供电量，零线以下为储能充电与弃电 [MW]；黑线为用电量（IT负荷 × PUE）。"
    ),
    "No maps were drawn for this run (solved with --no-maps).": (
        "本次运行未绘制地图（求解时使用了 --no-maps）。"
    ),
    "No Chinese maps: draw them with dcsite map RESULT_DIR --lang zh.": (
        "缺少中文地图：请用 dcsite map 结果目录 --lang zh 绘制。"
    ),
}
"""Each English text of the plan's report (a whole heading, label, header or cell) and its
Chinese."""

PHRASES = (
    ("dcsite plan: ", "dcsite 方案："),
    ("dcsite report: ", "dcsite 报告："),
    ("Hourly dispatch at ", "逐时调度："),
    (" planned.", "。"),
    ("; cost ", "；成本 "),
    (" against ", "，规划值 "),
    ("full-year cost ", "全年成本 "),
    ("Checks passed: ", "通过的检查："),
    ("IT capacity in ", "IT容量："),
    (" CNY/MW/yr", " 元/MW/年"),
    (" CNY/MWh", " 元/MWh"),
    ("/yr", "/年"),
    (" M racks", " 百万机架"),
    (" MW peak grid draw", " MW 电网购电峰值"),
    (" MW peak, ", " MW 峰值，"),
    (" % used", " % 利用率"),
    (" by dcsite ", "，dcsite "),
)
"""Phrases within a text (a sentence with figures, a value with its unit) and their Chinese,
in order, after the amounts of money are in 亿元."""

PLANNED = re.compile(r"bn CNY/yr against (-?[\d,]+(?:\.\d+)?) planned")
"""The plan's own cost estimate beside the full year's, its unit left to the sentence."""

SENTENCES = (
    (
        r"(?P<unserved>[\d,]+) MWh of IT load unserved in (?P<hours>[\d,]+) hours",
        r"\g<hours> 小时共 \g<unserved> MWh IT负荷未满足",
    ),
    (r"(?P<shortfall>[\d,]+) GWh green shortfall", r"绿电缺口 \g<shortfall> GWh"),
    (r"limits exceeded", r"超出限制"),
    (r"^dcsite: comparison of pathways (?P<names>.*)$", r"dcsite 路径比较：\g<names>"),
    (r"^dcsite: comparison of (?P<names>.*)$", r"dcsite 情景比较：\g<names>"),
    (r"^dcsite: sweep of (?P<keys>.*)$", r"dcsite 参数扫描：\g<keys>"),
    (r"^Capacity moved: (?P<maps>.*)$", r"IT容量变化：\g<maps>"),
    (
        r"^dcsite: (?P<name>.*) \(perfect foresight\)$",
        r"dcsite 路径：\g<name>（完全预见）",
    ),
    (r"^dcsite: (?P<name>.*) \(myopic foresight\)$", r"dcsite 路径：\g<name>（逐期预见）"),
    (r"^Built (?P<period>\d{4}) \[MW\]$", r"\g<period>年新增 [MW]"),
    (
        r"^IT capacity in (?P<period>\d{4}) \((?P<page>\S+) has the period's full report\)$",
        r"\g<period>年IT容量（该时期完整报告见 \g<page>）",
    ),
    (r"^IT capacity in (?P<period>\d{4})$", r"\g<period>年IT容量"),
    (r" bn CNY \(2025\)", r" bn CNY（2025年价格）"),
    (r", (?P<share>[\d,.]+) % of the path$", r"，占路径总成本 \g<share> %"),
    (r"^Cost curve: (?P<chart>.*)$", r"成本曲线：\g<chart>"),
    (
        r"^\((?P<hours>[\d,]+) hours dispatched\): no IT load unserved, every green target met "
        r"in its measure; (?P<rest>.*)$",
        r"（全年 \g<hours> 小时逐时调度）：无未满足的IT负荷，"
        r"各绿电目标均按其核算方式达成；\g<rest>",
    ),
    (
        r"^\((?P<hours>[\d,]+) hours dispatched\): (?P<what>.*) at (?P<count>\d+) sites "
        r"\((?P<sites>.*)\); (?P<rest>.*)$",
        r"（全年 \g<hours> 小时逐时调度）：\g<count> 个站点（\g<sites>）\g<what>；\g<rest>",
    ),
    (r"^\((?P<share>-?[\d,.]+) % of the total\)$", r"（占总成本 \g<share> %）"),
    (r" \((?P<share>-?[\d,.]+) % of the total\)$", r"（占总成本 \g<share> %）"),
    (r" \(of (?P<total>[\d,.]+) MW\)$", r"（共 \g<total> MW）"),
    (r"^(?P<share>[\d,.–]+ %) annual$", r"\g<share> 年度（含绿证）"),
    (r"^(?P<share>[\d,.–]+ %) hourly$", r"\g<share> 逐时匹配"),
    (r"^(?P<share>[\d,.–]+ %) hourly_own_supply$", r"\g<share> 逐时匹配（仅自有电源）"),
    (
        r"^✓ the measure reaches the target\. The target binds on the measure of the "
        r"scenario's accounting \((?P<accounting>\w+)\); the shadow price is what one more MWh "
        r"of green energy at the site would cost\.$",
        r"✓ 表示该指标达到目标。目标约束的是情景核算方式（\g<accounting>）下的指标；"
        r"影子价格为该站点多一 MWh 绿电的成本。",
    ),
    (
        r"^The limits the plan runs into: (?P<parts>.*)\. Moving one of them would change the "
        r"plan; every other limit has room to spare\.$",
        r"方案触及的限制：\g<parts>。放宽其中任何一项都会改变方案；其余限制均有富余。",
    ),
    (r"(?P<count>\d+) site limits?\b", r"\g<count> 项站点限制"),
    (r"(?P<count>\d+) green targets?\b", r"\g<count> 项绿电目标"),
    (r"(?P<count>\d+) corridors?\b", r"\g<count> 条通道"),
    (r"(?P<count>\d+) provincial grid headrooms?\b", r"\g<count> 个省级电网接入裕度"),
    (
        r"^The headroom binds in none of the (?P<count>\d+) provinces that have one\.$",
        r"在设有裕度的 \g<count> 个省份中，裕度均未起约束作用。",
    ),
    (r"^The headroom binds in (?P<provinces>.*)\.$", r"接入裕度在\g<provinces>起约束作用。"),
    (r" Green shares as planned → over the full year\.$", r" 绿电占比：规划值 → 全年值。"),
    (
        r"^This plan is round (?P<round>\d+) of (?P<rounds>\d+): the first fell short of its "
        r"green target over the year and was planned again with target margins "
        r"\((?P<margins>.*)\); every round is in$",
        r"本方案为 \g<rounds> 轮中的第 \g<round> 轮：第一轮全年未达绿电目标，"
        r"按目标裕量（\g<margins>）重新规划；各轮结果见",
    ),
    (r" \+(?P<points>[\d.]+) points\b", r" +\g<points> 个百分点"),
    (
        r"^Up to (?P<share>\d+%) of the flexible work may move between the hours of its day \($",
        r"灵活算力负荷中最多 \g<share> 可在当日各小时间转移（",
    ),
    (
        r"^\); the plan moves (?P<energy>[\d,.]+) TWh a year\.$",
        r"）；方案每年转移 \g<energy> TWh。",
    ),
    (r"^(?P<name>.*) \(built-in model, (?P<path>.*)\)$", r"\g<name>（内置模型，\g<path>）"),
)
"""Sentences with figures or names, as patterns, and their Chinese: the whole text of an
element when it matches from start to end (``^...$``), else a part of it, in order."""

HEADER = re.compile(r"^(?P<change>Δ )?(?P<name>[^\[\]]+?) \[(?P<unit>[^\[\]]+)\]$")
"""A table header with its unit (``Cost [bn CNY/yr]``), a change's with ``Δ`` before it."""

HEADER_NAMES = {
    "cost": "年度成本",
    "siting cost, all but servers": "选址决定的成本（不含服务器）",
    "siting cost": "选址决定的成本",
    "new it": "新增IT",
    "avoidable idle it": "可避免闲置IT",
    "avoidable idle cost": "可避免闲置成本",
    "western hubs' share of new it": "新增IT中西部枢纽占比",
    "western region's share of new it": "新增IT中西部地区占比",
    "west hubs' share of new": "新增容量中西部枢纽占比",
    "green, annual": "绿电占比，年度",
    "24/7 cfe score": "逐时无碳电力匹配率",
    "cfe score": "逐时匹配率",
    "green, own supply": "逐时匹配率，仅自有电源",
    "emissions": "碳排放",
    "premium over the cheapest": "较最低成本的溢价",
    "it capacity": "IT容量",
    "new since 2025": "2025年以来新增",
    "idle": "闲置",
    "existing it": "现有IT",
    "change": "变化",
    "planned": "规划",
    "realised": "实际",
    "idle it": "闲置IT",
    "idle it capacity": "闲置IT容量",
    "stranded capex": "闲置资本成本",
    "consumption": "用电量",
    "avoidable idle": "可避免闲置",
    "over-building": "超建",
    "demand shortfall": "需求不足",
    "avoidable, stranded": "可避免闲置成本",
    "idle by design": "设计性闲置",
    "by design, stranded": "设计性闲置成本",
    "idle in all": "闲置合计",
    "idle share": "闲置占比",
    "stranded in all": "闲置成本合计",
}
"""The names of table headers with a unit (:data:`HEADER`), lower case, and their Chinese."""

UNITS = (
    ("/yr", "/年"),
    ("pp", "百分点"),
    ("fraction", "比例"),
)
"""The units of table headers and their Chinese."""

TEXT = re.compile(r">([^<>]+)<")
"""A text of the page between two tags."""

ALT = re.compile(r'alt="([^"]*)"')
"""An image's alternative text."""

KEPT = re.compile(r'(<(\w+)[^>]* translate="no"[^>]*>)([^<]*)(</\2>)')
"""An element whose text stays as it is (``translate="no"``), with no element inside."""

KEPT_BACK = re.compile("\x00([^\x00]*)\x00")
"""A kept text while the page is translated."""

EMPTY: Mapping[str, str] = MappingProxyType({})


def keep(match: re.Match[str]) -> str:
    """Return a ``translate="no"`` element with its text hidden from the translation."""
    return f"{match[1]}\x00{match[3]}\x00{match[4]}"


def to_chinese(text: str, names: Mapping[str, str] = EMPTY) -> str:
    """Return one text of the page in Chinese: a known phrase whole, else amounts and units.

    The text is as it stands in the HTML (entities escaped); surrounding white space is kept.
    ``names`` gives the Chinese of the page's own names (sites, hubs, provinces), each a
    whole text (:func:`chinese_names`).

    Examples
    --------
    >>> to_chinese("Headline figures")
    '主要指标'
    >>> to_chinese("289.57 bn CNY/yr")
    '2,895.7 亿元/年'
    >>> to_chinese("IT fixed O&amp;M")
    'IT固定运维'
    >>> to_chinese("cost 291.14 bn CNY/yr against 289.57 planned.")
    'cost 2,911.4 亿元/年，规划值 2,895.7 亿元/年。'
    >>> to_chinese("Zhongwei")
    'Zhongwei'
    """
    stripped = text.strip()
    if not stripped:
        return text
    plain = " ".join(html.unescape(stripped).split())  # a sentence may wrap in the source
    known = names.get(plain, CHINESE.get(plain))
    if known is not None:
        return text.replace(stripped, html.escape(known, quote=False))
    translated = PLANNED.sub(r"bn CNY/yr against \1 bn CNY/yr planned", plain)
    header = HEADER.match(translated)
    if header and header["name"].lower() in HEADER_NAMES:
        unit = header["unit"]
        for english, chinese in UNITS:
            unit = unit.replace(english, chinese)
        change = "变化：" if header["change"] else ""
        translated = f"{change}{HEADER_NAMES[header['name'].lower()]} [{unit}]"
    for pattern, chinese in SENTENCES:
        translated = re.sub(pattern, chinese, translated)
    translated = translate(translated, {}, PHRASES)
    return text.replace(stripped, html.escape(translated, quote=False))


def chinese_names(sites: pd.DataFrame) -> dict[str, str]:
    """Return the Chinese of each site's, hub's and province's English name in a sites table.

    ``sites`` is a folder's ``inputs/sites.csv``: ``name_en`` and ``name_zh``, and where it has
    them ``hub_name_en`` / ``hub_name_zh`` and ``province_name_en`` / ``province_name_zh``.
    """
    names: dict[str, str] = {}
    for english, chinese in (
        ("province_name_en", "province_name_zh"),
        ("hub_name_en", "hub_name_zh"),
        ("name_en", "name_zh"),
    ):
        if english in sites.columns and chinese in sites.columns:
            pairs = sites[[english, chinese]].dropna().astype(str)
            names.update(zip(pairs[english], pairs[chinese], strict=True))
    return names


def translate_page(page: str, names: Mapping[str, str] = EMPTY) -> str:
    """Put a finished report page's words in Chinese (see the module and :func:`to_chinese`).

    Texts marked ``translate="no"`` (a model file's own description, the solver's words) are
    left as they are.
    """
    head, separator, body = page.partition("<body>")
    title = re.sub(r"<title>([^<]*)</title>", lambda m: f"<title>{to_chinese(m[1])}</title>", head)
    body = TEXT.sub(
        lambda m: m[0] if "\x00" in m[1] else f">{to_chinese(m[1], names)}<", KEPT.sub(keep, body)
    )
    body = ALT.sub(lambda m: f'alt="{to_chinese(m[1], names)}"', body)
    body = KEPT_BACK.sub(lambda m: m[1], body)
    return title.replace('<html lang="en">', '<html lang="zh-CN">') + separator + body
