"""Write ``report.html``: one self-contained page presenting a results directory.

Last step of the presentation stage, after the maps (:mod:`optimiser.maps.base`). Everything is
read from the files of the results directory (``summary.json``, ``clusters.csv``,
``corridors.csv``, ``hourly.parquet``, ``maps/*.png``), so the report can be rebuilt at any
time. The page has no external resources: images are inlined as base64 data URIs, the style
sheet is inline and there is no JavaScript, so it opens offline and can be mailed as one file.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: charts are files, never windows

import matplotlib.pyplot as plt
import pandas as pd

from optimiser.errors import InputError, OutputError

REPORT_NAME = "report.html"
MAPS = (
    ("capacity", "IT capacity and compute demand"),
    ("green", "Green power: energy mix and green share"),
    ("flows", "Flows: UHV corridors and demand allocation"),
)
DISPATCH_SOURCES = (
    ("grid_mw", "Provincial grid", "#7f8c8d"),
    ("corridor_import_mw", "UHV corridor import", "#8e44ad"),
    ("wind_mw", "Own wind", "#2e86c1"),
    ("solar_mw", "Own solar", "#f4d03f"),
    ("storage_discharge_mw", "Storage discharge", "#16a085"),
)
DISPATCH_SINKS = (
    ("storage_charge_mw", "Storage charge", "#a3e4d7"),
    ("curtailment_mw", "Curtailment", "#f5b7b1"),
)
CLUSTER_COLUMNS = {
    "cluster_id": "Site",
    "role": "Role",
    "existing_it_capacity_mw": "Existing IT [MW]",
    "new_it_capacity_mw": "New IT [MW]",
    "wind_capacity_mw": "Wind [MW]",
    "solar_capacity_mw": "Solar [MW]",
    "storage_energy_mwh": "Storage [MWh]",
    "consumption_mwh": "Consumption [MWh/yr]",
    "green_share_annual": "Green, annual [%]",
    "green_share_hourly": "Green, hour-matched [%]",
    "emissions_tco2_per_year": "Emissions [tCO2/yr]",
    "cost_cny_per_year": "Cost [M CNY/yr]",
}
CORRIDOR_COLUMNS = {
    "corridor_id": "Corridor",
    "available_capacity_mw": "Available [MW]",
    "renewable_share": "Renewable [%]",
    "energy_mwh": "Energy [MWh/yr]",
    "peak_flow_mw": "Peak flow [MW]",
    "utilisation": "Utilisation [%]",
    "marginal_value_cny_per_mw_per_year": "Marginal value [CNY/MW/yr]",
    "clusters_served": "Sites served",
}
PERCENT_COLUMNS = {"green_share_annual", "green_share_hourly", "renewable_share", "utilisation"}
STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 72em;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; }
td.number, th.number { text-align: right; } th { background: #f2f2f2; }
figure { margin: 1em 0; } img { max-width: 100%; height: auto; border: 1px solid #eee; }
.passed { color: #1e8449; font-weight: bold; } .failed { color: #c0392b; font-weight: bold; }
dl.headline { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1.5em; }
dl.headline dt { font-weight: bold; } dl.headline dd { margin: 0; }
"""


def data_uri(content: bytes, mime: str = "image/png") -> str:
    """Return bytes as a base64 ``data:`` URI."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def dispatch_chart(hourly: pd.DataFrame, cluster: str) -> bytes:
    """Draw one site's hourly dispatch as a PNG: supply stacked against consumption.

    Parameters
    ----------
    hourly : pandas.DataFrame
        ``hourly.parquet`` of a results directory.
    cluster : str
        The site (``cluster_id``).

    Returns
    -------
    bytes
        The PNG: grid, corridor, wind, solar and storage discharge stacked above zero
        [MW], storage charge and curtailment below, consumption (IT load × PUE) as a line,
        over the modelled hours.
    """
    site = hourly[hourly["cluster_id"] == cluster].sort_values("hour")
    if site.empty:
        raise InputError("hourly.parquet", "cluster_id", f"no hours for site {cluster!r}")
    steps = range(len(site))
    figure, axes = plt.subplots(figsize=(11, 3.8))
    axes.stackplot(
        steps,
        *[site[column] for column, _, _ in DISPATCH_SOURCES],
        labels=[label for _, label, _ in DISPATCH_SOURCES],
        colors=[colour for _, _, colour in DISPATCH_SOURCES],
        linewidth=0,
    )
    axes.stackplot(
        steps,
        *[-site[column] for column, _, _ in DISPATCH_SINKS],
        labels=[label for _, label, _ in DISPATCH_SINKS],
        colors=[colour for _, _, colour in DISPATCH_SINKS],
        linewidth=0,
    )
    axes.plot(
        steps,
        site["consumption_mw"],
        color="black",
        linewidth=1.2,
        label="Consumption (IT load × PUE)",
    )
    axes.axhline(0.0, color="#555555", linewidth=0.5)
    starts = [
        step
        for step, (period, previous) in enumerate(
            zip(site["period"], site["period"].shift(), strict=True)
        )
        if period != previous
    ]
    for step in starts[1:]:
        axes.axvline(step - 0.5, color="#bbbbbb", linewidth=0.5)
    axes.set_xlim(0, len(site) - 1)
    axes.set_xlabel("Modelled hour (representative days, separated by grey lines)")
    axes.set_ylabel("Power [MW]")
    axes.set_title(f"Hourly dispatch at {cluster}")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def non_numeric_cell(value: Any) -> str | None:
    """Return the text of a cell that is not a number (text, missing, yes/no), else None."""
    if isinstance(value, str):
        return value
    if value is None or value != value:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return None


def format_value(column: str, value: Any) -> str:
    """Return a table cell's text: shares as percentages, large numbers with separators."""
    text = non_numeric_cell(value)
    if text is not None:
        return text
    if column in PERCENT_COLUMNS:
        return f"{100 * float(value):.1f}"
    if column == "cost_cny_per_year":
        return f"{float(value) / 1e6:,.1f}"
    return f"{float(value):,.0f}"


def html_table(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    """Return a table of the chosen columns, renamed, with numbers right-aligned."""
    chosen = [column for column in columns if column in frame.columns]
    header = "".join(
        f'<th class="{"text" if frame[column].dtype == object else "number"}">'
        f"{html.escape(columns[column])}</th>"
        for column in chosen
    )
    rows = []
    for record in frame[chosen].to_dict("records"):
        cells = "".join(
            f'<td class="{"text" if isinstance(record[column], str) else "number"}">'
            f"{html.escape(format_value(column, record[column]))}</td>"
            for column in chosen
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def headline(summary: dict[str, Any]) -> str:
    """Return the headline figures of a plan as a definition list."""

    def share(key: str) -> str:
        value = summary.get(key)
        return "–" if value is None else f"{100 * value:.1f} %"

    items = [
        ("Annual cost", f"{summary['objective_cny_per_year'] / 1e9:,.2f} bn CNY/yr"),
        ("Total IT capacity", f"{summary['total_it_capacity_mw']:,.0f} MW"),
        (
            "New IT capacity",
            f"{summary['new_it_capacity_mw']:,.0f} MW "
            f"({share('west_share_of_new_capacity')} in the west)",
        ),
        ("Green share, annual (certificates count)", share("green_share_annual")),
        ("Green share, hour-matched", share("green_share_hourly")),
        (
            "Green accounting / target",
            f"{summary.get('green_accounting', '–')} / {share('green_share_target')}",
        ),
        ("Emissions", f"{summary['emissions_tco2_per_year'] / 1e6:,.2f} MtCO2/yr"),
        ("Electricity consumption", f"{summary['energy_mwh_per_year'] / 1e6:,.2f} TWh/yr"),
        ("UHV corridor imports", f"{summary['corridor_import_mwh_per_year'] / 1e6:,.2f} TWh/yr"),
        ("Curtailment", f"{summary['curtailment_mwh_per_year'] / 1e6:,.2f} TWh/yr"),
    ]
    body = "".join(
        f"<dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd>" for name, value in items
    )
    return f'<dl class="headline">{body}</dl>'


def audit_section(summary: dict[str, Any]) -> str:
    """Return the audit result: status and the checks passed."""
    audit = summary.get("audit")
    if not audit:
        return "<p>No audit result recorded in summary.json.</p>"
    status = str(audit.get("status", "unknown"))
    css = "passed" if status == "passed" else "failed"
    checks = ", ".join(html.escape(str(check)) for check in audit.get("passed", []))
    return (
        f'<p>Independent re-check of the plan in pandas: <span class="{css}" '
        f'id="audit-status">{html.escape(status)}</span>.</p><p>Checks passed: {checks}</p>'
    )


def validation_section(folder: Path) -> str:
    """Return the full-year verdict per site, if ``dcsite validate`` has written one."""
    path = folder / "validation" / "validation.json"
    if not path.exists():
        return (
            "<p>Not validated over the full year; <code>dcsite validate</code> dispatches the "
            "plan over all 8,760 hours.</p>"
        )
    summary = json.loads(path.read_text(encoding="utf-8"))
    sites = pd.read_csv(folder / "validation" / "clusters.csv")
    verdict = "yes" if summary["holds_over_full_year"] else "no"
    rows = "".join(
        f"<tr><td>{html.escape(str(row.cluster_id))}</td>"
        f"<td>{format_value('green_share_hourly', row.green_share_hourly)}</td>"
        f"<td>{row.unserved_it_energy_mwh:,.0f}</td><td>{row.green_shortfall_mwh:,.0f}</td>"
        f"<td>{'yes' if row.holds_over_full_year else 'no'}</td></tr>"
        for row in sites.itertuples(index=False)
    )
    return (
        f'<p>Holds over the full year ({summary["hours"]:,} h): <span id="full-year-holds">'
        f"{verdict}</span>; cost {summary['full_year_cost_cny_per_year'] / 1e9:,.2f} bn CNY/yr "
        f"against {summary['planned_cost_cny_per_year'] / 1e9:,.2f} planned.</p>"
        "<table><tr><th>site</th><th>green share hour-matched %</th><th>unserved MWh</th>"
        f"<th>green shortfall MWh</th><th>holds</th></tr>{rows}</table>"
    )


def busiest_site(clusters: pd.DataFrame) -> str:
    """Return the site with the largest annual consumption (the default dispatch chart)."""
    return str(clusters.sort_values("consumption_mwh", ascending=False)["cluster_id"].iloc[0])


def render_report(folder: Path, cluster: str | None = None) -> str:
    """Return the HTML of a results directory's report (see :func:`write_report`)."""
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    clusters = pd.read_csv(folder / "clusters.csv")
    corridors = pd.read_csv(folder / "corridors.csv")
    hourly = pd.read_parquet(folder / "hourly.parquet")
    cluster = cluster or busiest_site(clusters)
    if cluster not in set(clusters["cluster_id"]):
        raise InputError(folder / "clusters.csv", "cluster_id", f"no site {cluster!r}")
    title = f"{summary['model']} / {summary['scenario']}"
    overrides = summary.get("overrides") or {}
    override_text = (
        "none"
        if not overrides
        else "; ".join(f"{key} = {value}" for key, value in overrides.items())
    )
    maps = []
    for kind, caption in MAPS:
        path = folder / "maps" / f"{kind}.png"
        if path.exists():
            maps.append(
                f'<figure><img id="map-{kind}" alt="{html.escape(caption)}" '
                f'src="{data_uri(path.read_bytes())}"><figcaption>'
                f"{html.escape(caption)}</figcaption></figure>"
            )
    maps_html = "".join(maps) or "<p>No maps were drawn for this run (solved with --no-maps).</p>"
    chart = data_uri(dispatch_chart(hourly, cluster))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dcsite report: {html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>dcsite plan: {html.escape(title)}</h1>
<p>{html.escape(str(summary.get("description", "")))}</p>
<h2 id="scenario">Scenario</h2>
<dl class="headline"><dt>Model</dt><dd>{html.escape(str(summary["model"]))}
 ({html.escape(str(summary.get("model_path", "")))})</dd>
<dt>Scenario</dt><dd>{html.escape(str(summary["scenario"]))}</dd>
<dt>Overrides</dt><dd id="overrides">{html.escape(override_text)}</dd>
<dt>Solver</dt><dd>{html.escape(" ".join(str(v) for v in summary.get("solver", {}).values()))}
</dd><dt>Created</dt><dd>{html.escape(str(summary.get("created", "")))} by dcsite
 {html.escape(str(summary.get("dcsite_version", "")))}</dd></dl>
<h2 id="headline">Headline figures</h2>
{headline(summary)}
<h2 id="audit">Audit</h2>
{audit_section(summary)}
<h2 id="full-year">Full year</h2>
{validation_section(folder)}
<h2 id="maps">Maps</h2>
{maps_html}
<h2 id="sites">Sites</h2>
{html_table(clusters, CLUSTER_COLUMNS)}
<h2 id="corridors">UHV corridors</h2>
{html_table(corridors, CORRIDOR_COLUMNS)}
<h2 id="dispatch">Hourly dispatch at {html.escape(cluster)}</h2>
<figure><img id="dispatch-chart" alt="Hourly dispatch at {html.escape(cluster)}" src="{chart}">
<figcaption>Supply by source stacked above zero, storage charge and curtailment below [MW];
the black line is consumption (IT load × PUE).</figcaption></figure>
</body>
</html>
"""


def write_report(
    folder: str | Path, *, cluster: str | None = None, overwrite: bool = False
) -> Path:
    """Write ``report.html`` into a results directory, from its files alone.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results directory (maps in ``maps/`` are included when present).
    cluster : str, optional
        Site whose hourly dispatch is charted (default: the largest consumer).
    overwrite : bool
        Replace an existing ``report.html``.

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    if not (folder / "summary.json").exists():
        raise InputError(folder, "", "not a results directory (no summary.json)")
    path = folder / REPORT_NAME
    if path.exists() and not overwrite:
        raise OutputError(f"{path}: already exists; pass --overwrite to replace it")
    write_text_atomically(path, render_report(folder, cluster))
    return path


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; a report is for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def overview_cell(value: Any) -> str:
    """Return a cell of a comparison or sweep table: four significant digits, or the text."""
    text = non_numeric_cell(value)
    if text is not None:
        return text
    number = float(value)
    return f"{number:,.0f}" if abs(number) >= 1e4 else f"{number:.4g}"


def overview_table(frame: pd.DataFrame) -> str:
    """Return every column of a comparison or sweep table as HTML (units in the headers)."""
    header = "".join(f"<th>{html.escape(str(column))}</th>" for column in frame.columns)
    rows = []
    for record in frame.to_dict("records"):
        cells = "".join(
            f'<td class="{"text" if isinstance(value, str) else "number"}">'
            f"{html.escape(overview_cell(value))}</td>"
            for value in record.values()
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def write_overview_report(
    folder: str | Path,
    title: str,
    tables: Sequence[tuple[str, str]],
    figures: Sequence[tuple[str, str]],
) -> Path:
    """Write ``report.html`` for a comparison or a sweep folder, from its files alone.

    Parameters
    ----------
    folder : str or pathlib.Path
        The comparison or sweep folder.
    title : str
        Page title.
    tables : sequence of (heading, file name)
        CSV tables to show, in order; missing files are skipped.
    figures : sequence of (glob pattern, caption)
        PNG images to inline, in order (e.g. ``difference_maps/*.png``).

    Returns
    -------
    pathlib.Path
        The report written.
    """
    folder = Path(folder)
    sections = []
    for heading, name in tables:
        if (folder / name).exists():
            frame = pd.read_csv(folder / name)
            sections.append(f"<h2>{html.escape(heading)}</h2>{overview_table(frame)}")
    for pattern, caption in figures:
        for path in sorted(folder.glob(pattern)):
            label = f"{caption}: {path.stem}"
            sections.append(
                f'<figure><img alt="{html.escape(label)}" src="{data_uri(path.read_bytes())}">'
                f"<figcaption>{html.escape(label)}</figcaption></figure>"
            )
    text = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dcsite: {html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>dcsite: {html.escape(title)}</h1>
<p>Each scenario's own report is in its folder. Columns and units: docs/compare.md.</p>
{"".join(sections)}
</body>
</html>
"""
    path = folder / REPORT_NAME
    write_text_atomically(path, text)
    return path
