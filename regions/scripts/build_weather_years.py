"""Build the catalogue's wind and solar profiles (three synthetic weather years) and calibration.

Run from anywhere: ``python regions/scripts/build_weather_years.py`` (about ten seconds). For
weather years 1-3 it generates hourly solar and wind capacity factors for every site of
clusters.csv with :func:`optimiser.data.weather_generator.generate_weather_year` and writes them
to ``profiles/solar_capacity_factor.csv`` and ``profiles/wind_capacity_factor.csv`` in the
catalogue's format with a leading ``weather_year`` column (4 decimals). It then measures each
weather year, and the single-year profiles the catalogue shipped until 2026-12-05 (regenerated
with :func:`optimiser.data.profiles.single_year_profiles`), with
:func:`optimiser.data.profile_statistics.profile_statistics`, writes the comparison with the
published figures to ``profiles/weather_years/calibration.csv`` and the generator's parameters
to ``profiles/weather_years/parameters.csv`` (both rendered into docs/data.md by
render_data_docs.py, to be run next) and prints the comparison as a Markdown table.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import pandas as pd

REGIONS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = REGIONS_DIR.parent
if str(REPO_ROOT) not in sys.path:  # run from a source tree without installing dcsite
    sys.path.insert(0, str(REPO_ROOT))

from optimiser.data import weather_generator  # noqa: E402
from optimiser.data.profile_statistics import (  # noqa: E402
    CALIBRATION_TARGETS,
    profile_statistics,
    summary_statistics,
)
from optimiser.data.profiles import single_year_profiles  # noqa: E402
from optimiser.data.weather_generator import climate_zones, generate_weather_year  # noqa: E402

WEATHER_YEARS = (1, 2, 3)
DECIMALS = 4
PROFILES_DIR = REGIONS_DIR / "profiles"
CALIBRATION_DIR = PROFILES_DIR / "weather_years"
FILES = {"solar": "solar_capacity_factor.csv", "wind": "wind_capacity_factor.csv"}
# Heading of the calibration column `shipped_profiles` (its name kept for the readers of
# calibration.csv): the profiles the catalogue shipped before the weather years.
SINGLE_YEAR_LABEL = "single-year profiles shipped until 2026-12-05"
# The generator's parameters written beside the calibration, for docs/data.md: constant, unit,
# meaning.
PARAMETERS = (
    ("WIND_CORRELATION_LENGTH_KM", "km", "e-folding length L_wind of the latent wind field"),
    ("WIND_SYNOPTIC_TIMESCALE_H", "h", "e-folding time of the synoptic part of the wind field"),
    ("WIND_MESOSCALE_TIMESCALE_H", "h", "e-folding time of the mesoscale part"),
    ("WIND_SYNOPTIC_VARIANCE_SHARE", "-", "share of the wind field's variance that is synoptic"),
    ("WIND_WEIBULL_SHAPE", "-", "Weibull shape k of hourly hub-height wind speed"),
    ("WIND_DIURNAL_AMPLITUDE", "-", "relative amplitude of the diurnal speed cycle (max 02:00)"),
    ("WIND_POWER_CURVE_SMOOTHING_MS", "m/s", "Gaussian smoothing of the farm power curve"),
    ("SOLAR_CORRELATION_LENGTH_KM", "km", "e-folding length L_solar of the daily cloud field"),
    ("SOLAR_DAY_TO_DAY_AUTOCORRELATION", "-", "lag-1 autocorrelation of the daily cloud field"),
    ("SOLAR_HOURLY_AUTOCORRELATION", "-", "lag-1 autocorrelation of intra-day cloud variation"),
    ("SOLAR_HOURLY_VARIATION", "-", "intra-day variation: sd of the hourly log factor / k(1-k)"),
)


def write_weather_years(years: dict[int, dict[str, pd.DataFrame]]) -> None:
    """Write each kind's weather years, stacked, with ``weather_year`` and ``hour`` columns."""
    for kind, name in FILES.items():
        stacked = pd.concat(
            [
                profiles[kind].round(DECIMALS).reset_index().assign(weather_year=year)
                for year, profiles in years.items()
            ]
        )
        columns = ["weather_year", "hour", *years[next(iter(years))][kind].columns]
        output = PROFILES_DIR / name
        stacked[columns].to_csv(output, index=False, lineterminator="\n")
        size_mb = output.stat().st_size / 1e6
        print(f"wrote {output.relative_to(REPO_ROOT)}: {len(stacked):,} rows, {size_mb:.1f} MB")


def calibration_table(
    single_year: dict[str, float], generated: dict[int, dict[str, float]]
) -> pd.DataFrame:
    """Return one row per calibration target: the measured figures beside the published one.

    ``single_year`` holds the statistics of the profiles shipped until 2026-12-05, written to
    the column ``shipped_profiles``.
    """
    rows = []
    for target in CALIBRATION_TARGETS:
        row = {
            "key": target.key,
            "statistic": target.statistic,
            "shipped_profiles": single_year[target.key],
        }
        row |= {f"weather_year_{year}": values[target.key] for year, values in generated.items()}
        row |= {
            "published": target.published,
            "low": target.low,
            "high": target.high,
            "status": target.status,
            "reference_id": target.reference_id,
            "method": target.method,
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _figure(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.3f}"


def markdown_table(table: pd.DataFrame) -> str:
    """Return the calibration table as Markdown (statistic, single year, years, published)."""
    years = [column for column in table.columns if column.startswith("weather_year_")]
    header = ["statistic", SINGLE_YEAR_LABEL, *[f"year {c.rsplit('_', 1)[1]}" for c in years]]
    lines = [
        "| " + " | ".join([*header, "published", "status"]) + " |",
        "|" + "---|" * (len(header) + 2),
    ]
    for row in table.itertuples(index=False):
        figures = [_figure(getattr(row, column)) for column in ["shipped_profiles", *years]]
        lines.append(
            f"| {row.statistic} | {' | '.join(figures)} | {row.published} | [{row.status}] |"
        )
    return "\n".join(lines)


def main() -> None:
    clusters = pd.read_csv(REGIONS_DIR / "clusters.csv")
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    sites = clusters.set_index("cluster_id")
    zones = pd.Series(climate_zones(clusters["province_id"]), index=clusters["cluster_id"])
    cloudy = list(zones.index[zones == "southwest_basin"])
    clear = list(zones.index[zones == "arid_plateau"])

    started = time.perf_counter()
    years = {}
    for year in WEATHER_YEARS:
        solar, wind = generate_weather_year(clusters, provinces, year)
        years[year] = {"solar": solar, "wind": wind}
    print(f"generated {len(years)} weather years in {time.perf_counter() - started:.1f} s")
    write_weather_years(years)

    # The statistics are measured on the rounded values, as they are written.
    generated = {
        year: summary_statistics(
            profile_statistics(
                profiles["solar"].round(DECIMALS), profiles["wind"].round(DECIMALS), sites
            ),
            cloudy,
            clear,
        )
        for year, profiles in years.items()
    }
    # The single-year profiles, rounded as they were shipped.
    single_year_solar, single_year_wind = single_year_profiles(clusters, provinces)
    single_year = summary_statistics(
        profile_statistics(
            single_year_solar.round(DECIMALS), single_year_wind.round(DECIMALS), sites
        ),
        cloudy,
        clear,
    )
    parameters = pd.DataFrame(
        [
            (name, getattr(weather_generator, name), unit, meaning)
            for name, unit, meaning in PARAMETERS
        ],
        columns=["parameter", "value", "unit", "description"],
    )
    CALIBRATION_DIR.mkdir(parents=True, exist_ok=True)
    parameters.to_csv(CALIBRATION_DIR / "parameters.csv", index=False, lineterminator="\n")
    table = calibration_table(single_year, generated)
    output = CALIBRATION_DIR / "calibration.csv"
    table.to_csv(output, index=False, lineterminator="\n", float_format="%.4g")
    print(f"wrote {output.relative_to(REPO_ROOT)}\n")
    print(markdown_table(table))


if __name__ == "__main__":
    main()
