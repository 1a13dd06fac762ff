"""Write ``report.html``: one self-contained page presenting a results folder.

Last step of the presentation stage, after the maps (:mod:`optimiser.maps.base`). Everything is
read from the files of the results folder (``summary.json``, ``clusters.csv``,
``corridors.csv``, ``hourly.parquet``, ``grid.csv``, ``inputs/sites.csv`` for the sites'
names, ``maps/*.png``), so the report can be rebuilt at any time. The page has no external
resources: images are inlined as base64 data URIs, the style sheet is inline and there is no
JavaScript, so it opens offline and can be mailed as one file.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.errors import InputError, OutputError
from optimiser.paths import default_models_dir, recorded_model_file
from optimiser.report.binds import binds_section, corridor_name_pairs
from optimiser.report.charts import (
    cost_bars,
    dispatch_chart,
    dispatch_small_multiples,
    shift_chart,
)
from optimiser.report.common import (
    PERCENT,
    REPORT_LANGUAGES,
    Column,
    bn_cny_per_year,
    data_uri,
    html_table,
    number_text,
    page,
    report_file_name,
)
from optimiser.report.full_year import setting_text, validation_section, verdict_banner
from optimiser.report.grid import grid_section
from optimiser.report.words import chinese_names, translate_page
from optimiser.results.folder import period_folders, write_text_atomically
from optimiser.results.summary import summary_siting_cost
from optimiser.settings.green_accounting import TARGET_SHARE_COLUMN

MAPS = (
    ("capacity", "IT capacity and compute demand"),
    ("green", "Green power: energy mix and green share"),
    ("flows", "Flows: UHV corridors and demand allocation"),
    ("idle", "Idle IT capacity and its cost"),
)
SITE_COLUMNS = {
    "name_en": Column("Site"),
    "name_zh": Column("名称"),
    "cluster_id": Column("Id"),
    "role": Column("Role"),
    "existing_it_capacity_mw": Column("Existing IT [MW]"),
    "new_it_capacity_mw": Column("New IT [MW]"),
    "max_it_capacity_mw": Column("Max IT [MW]"),
    "wind_capacity_mw": Column("Wind [MW]"),
    "solar_capacity_mw": Column("Solar [MW]"),
    "storage_energy_mwh": Column("Storage [MWh]"),
    "consumption_mwh": Column("Consumption [GWh/yr]", 1e3),
    "green_share_annual": Column("Green, annual [%]", PERCENT, 1),
    "green_share_hourly": Column("24/7 CFE score [%]", PERCENT, 1),
    "emissions_tco2_per_year": Column("Emissions [ktCO2/yr]", 1e3),
    "cost_cny_per_year": Column("Cost [M CNY/yr]", 1e6, 1),
}
CORRIDOR_COLUMNS = {
    "corridor_id": Column("Corridor"),
    "available_capacity_mw": Column("Available [MW]"),
    "renewable_share": Column("Renewable [%]", PERCENT, 1),
    "energy_mwh": Column("Energy [GWh/yr]", 1e3),
    "peak_flow_mw": Column("Peak flow [MW]"),
    "utilisation": Column("Utilisation [%]", PERCENT, 1),
    "marginal_value_cny_per_mw_per_year": Column("Marginal value [CNY/MW/yr]"),
    "clusters_served": Column("Sites served"),
}
MEASURE_NAMES = {
    "green_share_annual": "annual, certificates count",
    "green_share_hourly": "24/7 CFE score",
    "green_share_hourly_own_supply": "CFE score, own supply",
    "min_hourly_green_share": "worst hour",
    "min_hourly_green_share_targeted": "worst hour at targeted sites",
    "min_hourly_green_share_own_supply": "worst hour, own supply",
}
"""Readable names of the green measures; a measure added later is shown by its key."""
SHARE_NAMES = {
    "west_hub_share_of_new_capacity": "Share of new IT at the western hubs",
    "western_region_share_of_new_capacity": "Share of new IT in the western region",
    "avoidable_idle_share": "Avoidable idle share of IT capacity",
}
"""Readable names of the west shares; a share added later is shown by its key."""
TOLERANCE = 1e-6
"""A share this close below its target meets it (the solver's feasibility tolerance)."""


def green_measures(columns: Any) -> list[str]:
    """Return the green-share measures among column or key names (every one but the target)."""
    return [
        str(name)
        for name in columns
        if "green_share" in str(name) and not str(name).startswith("green_share_target")
    ]


def site_names(folder: Path, clusters: pd.DataFrame) -> pd.DataFrame:
    """Return the sites with their names and hub from ``inputs/sites.csv`` (ids where absent)."""
    named = clusters.copy()
    path = folder / "inputs" / "sites.csv"
    sites = pd.read_csv(path, index_col="cluster_id") if path.exists() else pd.DataFrame()
    for column in ("name_en", "name_zh", "hub_id", "hub_name_en", "hub_name_zh"):
        values = sites[column] if column in sites.columns else pd.Series(dtype=object)
        named[column] = named["cluster_id"].map(values)
    named["name_en"] = named["name_en"].fillna(named["cluster_id"])
    named["name_zh"] = named["name_zh"].fillna("")
    named["hub_name_en"] = named["hub_name_en"].fillna(named["hub_id"]).fillna("–")
    return named


def model_display(summary: Mapping[str, Any], folder: Path) -> str:
    """Return the model by name and a path a reader can use, never an installation's path.

    The built-in model is named as such; another model file is shown relative to the
    working folder when it lies below it, else relative to the results folder (as
    ``summary.json`` records it, :func:`optimiser.paths.recorded_model_path`).
    """
    name = str(summary.get("model", ""))
    text = summary.get("model_path")
    if not text:
        return name
    try:
        path = recorded_model_file(str(text), folder)
        if path.resolve().parent == default_models_dir().resolve():
            return f"{name} (built-in model, models/{path.name})"
    except FileNotFoundError:  # no built-in models installed: treat as any other file
        path = (folder / str(text)).resolve()
    if path.is_relative_to(Path.cwd()):
        shown = str(path.relative_to(Path.cwd()))
    else:
        shown = os.path.relpath(path, folder.resolve())
    return f"{name} ({shown})"


def headline_cards(summary: Mapping[str, Any]) -> str:
    """Return the headline figures as cards: cost, capacity, west and green shares, emissions.

    Every share of ``summary.json`` about the west, green power or idle capacity (a key naming
    ``west`` or ``idle`` and ``share``, or ``green_share``) gets a card, so measures added
    later appear without a change here.
    """

    def share(value: Any) -> str:
        return "–" if value is None else f"{number_text(float(value), 1, 0.01)} %"

    def label(key: str) -> str:
        if key in SHARE_NAMES:
            return SHARE_NAMES[key]
        readable = MEASURE_NAMES.get(key)
        return f"Green share, {readable}" if readable else key.replace("_", " ").capitalize()

    total = float(summary["objective_cny_per_year"])
    cards = [("cost", "Annual cost", f"{bn_cny_per_year(total)}")]
    siting = summary_siting_cost(summary)
    if siting is not None:  # beside the total: the part that where the plan builds decides
        cards.append(
            (
                "siting-cost",
                "Cost that siting decides (all but servers)",
                f"{bn_cny_per_year(siting)} "
                f"({number_text(siting / total if total else None, 0, 0.01)} % of the total)",
            )
        )
    cards += [
        (
            "new-capacity",
            "New IT capacity",
            f"{number_text(summary['new_it_capacity_mw'])} MW "
            f"(of {number_text(summary['total_it_capacity_mw'])} MW)",
        ),
    ]
    if "total_it_capacity_eflops" in summary:  # compute, racks and idle capacity
        cards += [
            (
                "compute",
                "IT capacity in compute and racks",
                f"{number_text(summary['total_it_capacity_eflops'])} EFLOPS, "
                f"{number_text(summary['total_racks'], 2, 1e6)} M racks",
            ),
        ]
        if "idle_it_capacity_avoidable_mw" in summary:  # avoidable first, by design after
            cards += [
                (
                    "avoidable-idle-capacity",
                    "Avoidable idle IT capacity (over-building, demand shortfall) and its cost",
                    f"{number_text(summary['idle_it_capacity_avoidable_mw'])} MW "
                    f"({number_text(summary['idle_it_capacity_overbuilt_mw'])} + "
                    f"{number_text(summary['idle_it_capacity_shortfall_mw'])}), "
                    f"{bn_cny_per_year(summary['stranded_capex_avoidable_cny_per_year'])}",
                ),
                (
                    "idle-capacity-by-design",
                    "Idle by design (utilisation cap's headroom, hours below the peak)",
                    f"{number_text(summary['idle_it_capacity_by_design_mw'])} MW, "
                    f"{bn_cny_per_year(summary['stranded_capex_by_design_cny_per_year'])}",
                ),
            ]
        cards.append(
            (
                "idle-capacity",
                "Idle IT capacity in all and its cost",
                f"{number_text(summary['idle_it_capacity_mw'])} MW, "
                f"{bn_cny_per_year(summary['stranded_capex_cny_per_year'])}",
            )
        )

    def is_share(key: str) -> bool:
        value = summary[key]
        number = value is None or (isinstance(value, int | float) and not isinstance(value, bool))
        named = key in green_measures([key]) or (
            "share" in key and ("west" in key or "idle" in key)
        )
        return number and named

    # West shares first, then the green measures, then any idle share, as summary.json has them.
    shares = sorted(
        (str(key) for key in summary if is_share(str(key))),
        key=lambda key: 0 if "west" in key else 1 if "green" in key else 2,
    )
    cards += [(key.replace("_", "-"), label(key), share(summary[key])) for key in shares]
    target = summary.get("green_share_target")
    cards += [
        (
            "target",
            "Green target and accounting",
            f"{share(target)} {summary.get('green_accounting', '')}",
        ),
        (
            "emissions",
            "Emissions",
            f"{number_text(summary['emissions_tco2_per_year'], 2, 1e6)} MtCO2/yr",
        ),
        (
            "certificates",
            "Green certificates",
            f"{number_text(summary.get('certificates_mwh_per_year', 0.0), 2, 1e6)} TWh/yr",
        ),
        (
            "corridor-imports",
            "UHV corridor imports",
            f"{number_text(summary['corridor_import_mwh_per_year'], 2, 1e6)} TWh/yr",
        ),
        (
            "consumption",
            "Consumption",
            f"{number_text(summary['energy_mwh_per_year'], 2, 1e6)} TWh/yr",
        ),
    ]
    body = "".join(
        f'<div class="card" id="card-{html.escape(identifier)}">'
        f'<span class="label">{html.escape(name)}</span>'
        f'<span class="value">{html.escape(value)}</span></div>'
        for identifier, name, value in cards
    )
    return f'<div class="cards">{body}</div>'


def compliance_table(named: pd.DataFrame, accounting: str) -> str:
    """Return, per targeted site, the target, each green measure, pass or fail, shadow price."""
    targeted = named[named["green_share_target"] > 0]
    if targeted.empty:
        return '<p id="compliance-table">No site has a green target in this scenario.</p>'
    measures = [column for column in green_measures(named.columns) if column in named]
    required = TARGET_SHARE_COLUMN.get(accounting, f"green_share_{accounting}")
    header = ["Site", "Hub", "Target [%]"]
    header += [f"Green, {MEASURE_NAMES.get(column, column)} [%]" for column in measures]
    header += [f"Meets the {accounting} target", "Shadow price [CNY/MWh]"]
    rows = []
    for record in targeted.to_dict("records"):
        target = float(record["green_share_target"])
        cells = [
            f'<td class="text">{html.escape(str(record["name_en"]))}</td>',
            f'<td class="text">{html.escape(str(record["hub_name_en"]))}</td>',
            f'<td class="number">{number_text(target, 1, 0.01)}</td>',
        ]
        for column in measures:
            value = record[column]
            if value is None or value != value:
                cells.append('<td class="number">–</td>')
                continue
            mark = "✓" if value >= target - TOLERANCE else "✗"
            cells.append(f'<td class="number">{number_text(value, 1, 0.01)} {mark}</td>')
        value = record.get(required)
        if value is None or value != value:
            cells.append('<td class="text">–</td>')
        else:
            verdict = "pass" if value >= target - TOLERANCE else "fail"
            cells.append(f'<td class="text {verdict}">{verdict}</td>')
        price = record.get("green_target_shadow_price_cny_per_mwh")
        price_text = "–" if price is None or price != price else number_text(price, 1)
        cells.append(f'<td class="number">{price_text}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f"<th>{html.escape(text)}</th>" for text in header)
    return (
        f'<table id="compliance-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        '<p class="note">✓ the measure reaches the target. The target binds on the measure of '
        f"the scenario's accounting ({html.escape(accounting)}); the shadow price is what one "
        "more MWh of green energy at the site would cost.</p>"
    )


def audit_section(summary: Mapping[str, Any]) -> str:
    """Return the audit result: status and the checks passed."""
    audit = summary.get("audit")
    if not audit:
        return "<p>No audit result recorded in summary.json.</p>"
    status = str(audit.get("status", "unknown"))
    css = "passed" if status == "passed" else "failed"
    checks = ", ".join(html.escape(str(check)) for check in audit.get("passed", []))
    return (
        f'<p>Independent re-check of the plan in pandas: <span class="{css}" '
        f'id="audit-status">{html.escape(status)}</span>.</p><p>Checks passed: '
        f'<span translate="no">{checks}</span></p>'
    )


def busiest_site(clusters: pd.DataFrame) -> str:
    """Return the site with the largest annual consumption (the default dispatch chart)."""
    return str(clusters.sort_values("consumption_mwh", ascending=False)["cluster_id"].iloc[0])


def shift_section(folder: Path, summary: Mapping[str, Any], lang: str = "en") -> str:
    """Return the section on flexible work shifted in time; empty when none may move."""
    path = folder / "flexible_load.csv"
    share = float(summary.get("flexible_shift_share") or 0.0)
    if share <= 0 or not path.exists():
        return ""
    chart = data_uri(shift_chart(pd.read_csv(path), lang))
    moved = float(summary.get("flexible_energy_shifted_mwh_per_year") or 0.0)
    return f"""<h2 id="shift">Flexible work shifted in time</h2>
<p>Up to {share:.0%} of the flexible work may move between the hours of its day
(<code>demand.flexible_shift_share</code>); the plan moves {number_text(moved, 2, 1e6)} TWh a
year.</p>
<figure><img id="shift-chart" alt="Flexible load before and after shifting" src="{chart}">
<figcaption>The nation's flexible demand on its shape and the load the plan places, each day's
energy kept [MW].</figcaption></figure>
"""


def render_report(folder: Path, cluster: str | None = None, lang: str = "en") -> str:
    """Return the HTML of a results folder's report (see :func:`write_report`)."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    clusters = pd.read_csv(folder / "clusters.csv")
    corridors = pd.read_csv(folder / "corridors.csv")
    hourly = pd.read_parquet(folder / "hourly.parquet")
    cluster = cluster or busiest_site(clusters)
    if cluster not in set(clusters["cluster_id"]):
        raise InputError(folder / "clusters.csv", "cluster_id", f"no site {cluster!r}")
    named = site_names(folder, clusters)
    corridor_names = corridor_name_pairs(folder, "corridor_id", "name_en")
    named_corridors = corridors.assign(corridor_id=corridors["corridor_id"].replace(corridor_names))
    shown = named["name_zh"].where(named["name_zh"] != "", named["name_en"])
    names = dict(zip(named["cluster_id"], named["name_en"] if lang == "en" else shown, strict=True))
    drop = "name_en" if lang == "zh" else ""  # the Chinese page names each site once
    title = f"{summary['model']} / {summary['scenario']}"
    if summary.get("pathway_period") is not None:  # one period of a pathway
        title += f", {summary['pathway_period']}"
    overrides = summary.get("overrides") or {}
    override_text = (
        "none"
        if not overrides
        else "; ".join(f"{key} = {setting_text(value)}" for key, value in overrides.items())
    )
    maps = []
    for kind, caption in MAPS:
        path = folder / "maps" / f"{kind}{'' if lang == 'en' else '-' + lang}.png"
        if path.exists():
            maps.append(
                f'<figure><img id="map-{kind}" alt="{html.escape(caption)}" '
                f'src="{data_uri(path.read_bytes())}"><figcaption>'
                f"{html.escape(caption)}</figcaption></figure>"
            )
    missing = (
        "No maps were drawn for this run (solved with --no-maps)."
        if lang == "en"
        else "No Chinese maps: draw them with dcsite map RESULT_DIR --lang zh."
    )
    maps_html = "".join(maps) or f"<p>{missing}</p>"
    chosen = html.escape(f"{names[cluster]} ({cluster})")
    chart = data_uri(dispatch_chart(hourly, cluster, f"{names[cluster]} ({cluster})", lang))
    order = list(named.sort_values("consumption_mwh", ascending=False)["cluster_id"])
    multiples = data_uri(dispatch_small_multiples(hourly, order, names, lang=lang))
    solver = " ".join(str(value) for value in summary.get("solver", {}).values())
    body = f"""<h1>dcsite plan: {html.escape(title)}</h1>
{verdict_banner(folder, names)}
<p translate="no">{html.escape(str(summary.get("description", "")))}</p>
<h2 id="headline">Headline figures</h2>
{headline_cards(summary)}
<h2 id="costs">Annual cost by part</h2>
{cost_bars(summary.get("cost_breakdown_cny_per_year", {}))}
<h2 id="binds">What binds</h2>
{binds_section(folder, named, corridors, str(summary.get("green_accounting", "annual")))}
<h2 id="compliance">Green targets, site by site</h2>
{compliance_table(named, str(summary.get("green_accounting", "annual")))}
<h2 id="scenario">Scenario</h2>
<dl class="headline"><dt>Model</dt><dd id="model">{html.escape(model_display(summary, folder))}</dd>
<dt>Scenario</dt><dd>{html.escape(str(summary["scenario"]))}</dd>
<dt>Overrides</dt><dd id="overrides">{html.escape(override_text)}</dd>
<dt>Solver</dt><dd translate="no">{html.escape(solver)}</dd>
<dt>Created</dt><dd>{html.escape(str(summary.get("created", "")))} by dcsite
 {html.escape(str(summary.get("dcsite_version", "")))}</dd></dl>
<h2 id="audit">Audit</h2>
{audit_section(summary)}
<h2 id="full-year">Full year</h2>
{validation_section(folder, names)}
<h2 id="maps">Maps</h2>
{maps_html}
<h2 id="sites">Sites</h2>
{html_table(named, {key: column for key, column in SITE_COLUMNS.items() if key != drop})}
<h2 id="corridors">UHV corridors</h2>
{html_table(named_corridors, CORRIDOR_COLUMNS)}
<h2 id="grid">Provincial grids: peak load and headroom</h2>
{grid_section(folder, lang)}
<h2 id="dispatch">Hourly dispatch at {chosen}</h2>
<figure><img id="dispatch-chart" alt="Hourly dispatch at {chosen}" src="{chart}">
<figcaption>Supply by source stacked above zero, storage charge and curtailment below [MW];
the black line is consumption (IT load × PUE).</figcaption></figure>
<h2 id="dispatch-all">Hourly dispatch, every site</h2>
<figure><img id="dispatch-sites" alt="Hourly dispatch at every site" src="{multiples}">
<figcaption>Every site, largest consumer first, each on its own scale [MW].</figcaption></figure>
{shift_section(folder, summary, lang)}"""
    rendered = page(f"dcsite report: {title}", body)
    return (
        rendered
        if lang == "en"
        else translate_page(
            rendered, {**chinese_names(named), **corridor_name_pairs(folder, "name_en", "name_zh")}
        )
    )


def write_report(
    folder: str | Path, *, cluster: str | None = None, overwrite: bool = False, lang: str = "en"
) -> Path:
    """Write ``report.html`` (``report-zh.html``) into a results folder, from its files alone.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results folder (maps in ``maps/`` are included when present), or a pathway's
        folder (its path report: :func:`optimiser.report.pathway.write_pathway_report`).
    cluster : str, optional
        Site whose hourly dispatch is charted large (default: the largest consumer); every
        site's is also drawn small.
    overwrite : bool
        Replace an existing ``report.html``.
    lang : str
        ``en``, or ``zh`` for the words in Chinese, amounts in 亿元 and the maps'
        ``<kind>-zh.png`` (:mod:`optimiser.report.words`), into ``report-zh.html``.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    if not (folder / "summary.json").exists():
        raise InputError(folder, "", "not a results directory (no summary.json)")
    if lang not in REPORT_LANGUAGES:
        raise InputError("--lang", lang, f"expected one of {', '.join(REPORT_LANGUAGES)}")
    path = folder / report_file_name(lang)
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: already exists; pass --overwrite to replace it")
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    if summary.get("kind") == "pathway":  # a path's page; each period has its own
        from optimiser.report.pathway import write_pathway_report

        for period in period_folders(folder) if lang != "en" else []:  # its maps link to them
            write_text_atomically(
                period / report_file_name(lang), render_report(period, None, lang)
            )
        return write_pathway_report(folder, lang)
    write_text_atomically(path, render_report(folder, cluster, lang))
    return path
