"""Profiles from weather-station files: EnergyPlus EPW or plain CSV, one typical year each.

The station reader of :mod:`optimiser.data.weather`. Each site takes the weather of the nearest
station file in a folder (by the coordinates the file states), within a distance limit. PV output
follows pvlib step by step; wind output comes from the 10 m wind speed raised to hub height and
the farm power curve. Both are then calibrated to the province's full-load hours. A typical
year (e.g. the Chinese Standard Weather Data, CSWD) splices months from different years, so
sites do not see the same weather at the same hour: the profiles have no ``weather_year``.

EPW rows are hour-ending in local standard time; the first row covers 1 January 00:00-01:00,
which is the catalogue's hour 0 when the time zone is UTC+8, the only one accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.latency import great_circle_distance_km
from optimiser.data.profiles import HOURS_PER_YEAR, hourly_index
from optimiser.data.weather import (
    WeatherProfiles,
    calibrate_sites,
    hub_height_speed,
    profile_table,
    site_targets,
)
from optimiser.errors import InputError

DEFAULT_MAX_DISTANCE_KM = 300.0
"""Farthest a station may be from the site it serves [km]."""

TYPICAL_YEAR = 2025
"""Calendar year a typical year is placed in to find the sun's position (not a leap year)."""

SURFACE_ALBEDO = 0.2
"""Ground reflectance in front of the panels [fraction]."""

TEMPERATURE_COEFFICIENT_PER_K = -0.0037
"""Change of PV DC output per kelvin of cell temperature above 25 °C (PVWatts' γ) [1/K]."""

SYSTEM_LOSSES = 0.14
"""DC losses of a PV system: soiling, wiring, mismatch, availability (PVWatts default) [-]."""

WEATHER_COLUMNS = [
    "ghi_w_per_m2",
    "dni_w_per_m2",
    "dhi_w_per_m2",
    "temperature_c",
    "wind_speed_10m_ms",
]
"""Columns of a station's weather after reading; a CSV station file uses these names."""

# EPW field (0-based) of each column, and the value EnergyPlus writes for "missing".
_EPW_FIELDS = {
    "ghi_w_per_m2": (13, 9999.0),
    "dni_w_per_m2": (14, 9999.0),
    "dhi_w_per_m2": (15, 9999.0),
    "temperature_c": (6, 99.9),
    "wind_speed_10m_ms": (21, 999.0),
}
_EPW_HEADER_LINES = 8
_EPW_LOCATION = "LOCATION,city,state,country,source,WMO,latitude,longitude,time zone,elevation"
_CHINA_UTC_OFFSET_H = 8.0


@dataclass(frozen=True)
class Station:
    """A weather-station file and where the station stands.

    Attributes
    ----------
    path : pathlib.Path
        The ``.epw`` or ``.csv`` file.
    lat, lon : float
        Station latitude and longitude [degree].
    """

    path: Path
    lat: float
    lon: float


def read_station(path: Path) -> Station:
    """Read where a station stands: an EPW's LOCATION line, or a CSV's ``lat``/``lon`` columns.

    Parameters
    ----------
    path : pathlib.Path
        An ``.epw`` or ``.csv`` station file.

    Returns
    -------
    Station

    Raises
    ------
    optimiser.errors.InputError
        If the coordinates cannot be read, or an EPW is not at UTC+8.
    """
    if path.suffix.lower() == ".csv":
        try:
            first = pd.read_csv(path, nrows=1)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
            first = pd.DataFrame()
        position = {}
        for column in ("lat", "lon"):
            values = pd.to_numeric(first.get(column, pd.Series()), errors="coerce")
            if values.empty or not np.isfinite(values.iloc[0]):
                raise InputError(path, f"column {column}", "missing; the station's position")
            position[column] = float(values.iloc[0])
        return Station(path, position["lat"], position["lon"])
    with path.open(encoding="utf-8", errors="replace") as file:
        fields = file.readline().strip().split(",")
    try:
        if fields[0].upper() != "LOCATION":
            raise ValueError
        lat, lon, utc_offset = float(fields[6]), float(fields[7]), float(fields[8])
    except (IndexError, ValueError):
        raise InputError(path, "line 1", f"expected {_EPW_LOCATION}") from None
    if utc_offset != _CHINA_UTC_OFFSET_H:
        raise InputError(
            path, "line 1, time zone", f"expected 8 (China Standard Time), got {utc_offset:g}"
        )
    return Station(path, lat, lon)


def find_stations(folder: str | Path) -> list[Station]:
    """Return every ``.epw`` and ``.csv`` station file in a folder, with its position.

    Raises
    ------
    optimiser.errors.InputError
        If the folder does not exist or holds no station file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "", "expected a folder of .epw or .csv station files")
    files = sorted(path for path in folder.iterdir() if path.suffix.lower() in {".epw", ".csv"})
    if not files:
        raise InputError(folder, "", "holds no .epw or .csv station file")
    return [read_station(path) for path in files]


def nearest_stations(
    sites: pd.DataFrame, stations: list[Station], max_distance_km: float, folder: str | Path
) -> pd.DataFrame:
    """Match each site to the nearest station, refusing one farther than the limit.

    Parameters
    ----------
    sites : pandas.DataFrame
        Index ``cluster_id``; columns ``lat``, ``lon`` [degree].
    stations : list of Station
        The stations to choose from.
    max_distance_km : float
        Farthest a station may be from a site [km].
    folder : str or pathlib.Path
        The station folder, named in errors.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id``: ``station`` (index into ``stations``) and ``distance_km`` [km].

    Raises
    ------
    optimiser.errors.InputError
        For the first site whose nearest station is farther than ``max_distance_km``.
    """
    distance = great_circle_distance_km(
        sites["lat"].to_numpy()[:, None],
        sites["lon"].to_numpy()[:, None],
        np.array([station.lat for station in stations])[None, :],
        np.array([station.lon for station in stations])[None, :],
    )
    nearest = distance.argmin(axis=1)
    matched = pd.DataFrame(
        {"station": nearest, "distance_km": distance[np.arange(len(sites)), nearest]},
        index=sites.index,
    )
    for site, station, distance_km in matched.itertuples():
        if distance_km > max_distance_km:
            raise InputError(
                folder,
                f"site {site}",
                f"nearest station {stations[station].path.name} is {distance_km:.0f} km away, "
                f"farther than {max_distance_km:g} km (--max-distance-km)",
            )
    return matched


def check_hourly_rows(path: Path, rows: int, first_line: int) -> None:
    """Refuse a station file without exactly 8,760 hourly rows."""
    if rows != HOURS_PER_YEAR:
        raise InputError(
            path,
            f"lines {first_line}-{first_line + rows - 1}" if rows else "data rows",
            f"expected {HOURS_PER_YEAR:,} hourly rows (a year without 29 February), got {rows:,}",
        )


def read_epw_weather(path: Path) -> pd.DataFrame:
    """Read an EPW file's hourly weather.

    Parameters
    ----------
    path : pathlib.Path
        An EnergyPlus weather file of one typical (non-leap) year.

    Returns
    -------
    pandas.DataFrame
        :data:`WEATHER_COLUMNS`, index ``hour`` 0-8759: irradiance as the hour's mean [W/m²]
        (an EPW gives Wh/m² over the hour), dry-bulb temperature [°C], wind speed at 10 m [m/s].

    Raises
    ------
    optimiser.errors.InputError
        If the file does not have 8,760 rows in calendar order, or a value is missing.
    """
    first_line = _EPW_HEADER_LINES + 1
    try:
        raw = pd.read_csv(path, skiprows=_EPW_HEADER_LINES, header=None, encoding_errors="replace")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError(path, "data rows", f"not readable as EPW ({error})") from None
    check_hourly_rows(path, len(raw), first_line)
    if raw.shape[1] <= max(field for field, _ in _EPW_FIELDS.values()):
        raise InputError(path, f"line {first_line}", f"expected 35 fields, got {raw.shape[1]}")
    # Row i covers hour i to i + 1 of the year; EPW labels it by its end (hour 1-24).
    starts = hourly_index(TYPICAL_YEAR)
    expected = np.column_stack([starts.month, starts.day, starts.hour + 1])
    wrong = np.flatnonzero((raw[[1, 2, 3]].to_numpy() != expected).any(axis=1))
    if wrong.size:
        month, day, hour = expected[wrong[0]]
        raise InputError(
            path,
            f"line {first_line + wrong[0]}",
            f"expected month {month}, day {day}, hour {hour}: rows in calendar order, hour-ending",
        )
    weather = pd.DataFrame(index=pd.RangeIndex(HOURS_PER_YEAR, name="hour"))
    for column, (field, missing) in _EPW_FIELDS.items():
        values = pd.to_numeric(raw[field], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values) | (values >= missing))
        if bad.size:
            raise InputError(
                path,
                f"line {first_line + bad[0]}, field {field + 1} ({column})",
                "missing or not a number; fill the gap before converting",
            )
        weather[column] = values
    return weather


def read_csv_weather(path: Path) -> pd.DataFrame:
    """Read a CSV station file's hourly weather.

    The file has a column ``hour`` (0-8759, the hour starting at that many hours after
    1 January 00:00 China Standard Time), the :data:`WEATHER_COLUMNS` (the hour's means) and
    the station's ``lat`` and ``lon`` [degree] on every row.

    Returns
    -------
    pandas.DataFrame
        :data:`WEATHER_COLUMNS`, index ``hour`` 0-8759.

    Raises
    ------
    optimiser.errors.InputError
        If a column is missing, the hours are not 0-8759 in order, or a value is missing.
    """
    table = pd.read_csv(path)
    missing = [column for column in ["hour", *WEATHER_COLUMNS] if column not in table]
    if missing:
        raise InputError(path, f"column {missing[0]}", f"missing; expected {WEATHER_COLUMNS}")
    check_hourly_rows(path, len(table), 2)
    if not np.array_equal(table["hour"].to_numpy(), np.arange(HOURS_PER_YEAR)):
        raise InputError(path, "column hour", "expected 0-8759 in order")
    weather = table.set_index("hour")[WEATHER_COLUMNS].apply(pd.to_numeric, errors="coerce")
    bad = np.flatnonzero(~np.isfinite(weather.to_numpy(dtype=float)).all(axis=1))
    if bad.size:
        raise InputError(path, f"line {bad[0] + 2}", "a value is missing or not a number")
    return weather.astype(float)


def pv_dc_output(weather: pd.DataFrame, lat: float, lon: float) -> np.ndarray:
    """Return a PV array's hourly DC output from irradiance and temperature, by pvlib.

    Sun position at the middle of each hour (pvlib's SPA); plane of array tilted at the
    latitude, facing south, albedo :data:`SURFACE_ALBEDO`, sky diffuse by Hay-Davies; cell
    temperature by Faiman (u0 = 25 W/(m² K), u1 = 6.84 W s/(m³ K), with the 10 m wind speed);
    PVWatts DC with γ = :data:`TEMPERATURE_COEFFICIENT_PER_K`; less :data:`SYSTEM_LOSSES`.

    Parameters
    ----------
    weather : pandas.DataFrame
        :data:`WEATHER_COLUMNS`, 8,760 hours from 1 January 00:00 China Standard Time.
    lat, lon : float
        Site latitude and longitude [degree].

    Returns
    -------
    numpy.ndarray
        DC output per unit of DC rating [fraction]; zero where there is no sunlight.
    """
    # Imported here: pvlib is only needed to derive profiles, not to load them.
    from pvlib import irradiance, pvsystem, solarposition, temperature

    times = hourly_index(TYPICAL_YEAR, offset_minutes=30)
    sun = solarposition.get_solarposition(times, lat, lon)
    plane = irradiance.get_total_irradiance(
        surface_tilt=abs(lat),
        surface_azimuth=180.0,
        solar_zenith=sun["apparent_zenith"],
        solar_azimuth=sun["azimuth"],
        dni=weather["dni_w_per_m2"].to_numpy(),
        ghi=weather["ghi_w_per_m2"].to_numpy(),
        dhi=weather["dhi_w_per_m2"].to_numpy(),
        dni_extra=irradiance.get_extra_radiation(times),
        albedo=SURFACE_ALBEDO,
        model="haydavies",
    )
    plane_of_array = np.clip(plane["poa_global"].fillna(0.0).to_numpy(dtype=float), 0.0, None)
    cell_temperature = temperature.faiman(
        plane_of_array,
        weather["temperature_c"].to_numpy(),
        weather["wind_speed_10m_ms"].to_numpy(),
    )
    dc = pvsystem.pvwatts_dc(
        plane_of_array, cell_temperature, pdc0=1.0, gamma_pdc=TEMPERATURE_COEFFICIENT_PER_K
    )
    return np.clip(np.asarray(dc, dtype=float) * (1.0 - SYSTEM_LOSSES), 0.0, None)


def station_profiles(
    folder: str | Path,
    catalogue: Catalogue,
    *,
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
) -> WeatherProfiles:
    """Derive every site's solar and wind profile from the nearest station file in a folder.

    Parameters
    ----------
    folder : str or pathlib.Path
        A folder of ``.epw`` and/or ``.csv`` station files (one typical year each).
    catalogue : Catalogue
        The regional catalogue: its sites and their provinces' full-load hours.
    max_distance_km : float
        Farthest a station may be from the site it serves [km].

    Returns
    -------
    WeatherProfiles
        Profiles without ``weather_year`` (a typical year has none), each site calibrated to
        its province's full-load hours; the calibration names each site's station file.

    Raises
    ------
    optimiser.errors.InputError
        On a bad station file, a site without a station within ``max_distance_km``, or a
        target the weather cannot reach.
    """
    sites = site_targets(catalogue)
    stations = find_stations(folder)
    matched = nearest_stations(sites, stations, max_distance_km, folder)
    weather: dict[int, pd.DataFrame] = {}
    dc_output, hub_speed = {}, {}
    for site, station_number in matched["station"].items():
        station = stations[station_number]
        if station_number not in weather:
            reader = read_csv_weather if station.path.suffix.lower() == ".csv" else read_epw_weather
            weather[station_number] = reader(station.path)
        site_weather = weather[station_number]
        dc_output[site] = pv_dc_output(site_weather, sites.at[site, "lat"], sites.at[site, "lon"])
        hub_speed[site] = hub_height_speed(site_weather["wind_speed_10m_ms"].to_numpy())
    solar, wind, multipliers = calibrate_sites(
        pd.DataFrame(dc_output), pd.DataFrame(hub_speed), sites, folder
    )
    calibration = pd.DataFrame(
        {
            "weather_source": [stations[number].path.name for number in matched["station"]],
            "distance_km": matched["distance_km"],
        },
        index=sites.index,
    ).join(multipliers)
    calibration = calibration.join(sites[["solar_full_load_hours_h", "wind_full_load_hours_h"]])
    return WeatherProfiles(
        solar=profile_table(solar, None),
        wind=profile_table(wind, None),
        calibration=calibration,
    )
