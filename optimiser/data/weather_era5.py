"""Profiles from an ERA5 cutout made with atlite: real years, the same weather at every site.

The reanalysis reader of :mod:`optimiser.data.weather`. Each site takes the grid cell nearest
to it. PV output is atlite's (``Cutout.pv``: crystalline-silicon panel, tilted at the latitude,
facing south); wind comes from atlite's hub-height wind speed and the farm power curve of
:mod:`optimiser.data.weather`, so the speed multiplier can be calibrated. Both are calibrated to
the province's full-load hours with one multiplier per site over all the years converted.

ERA5 labels each hour by its end in UTC (radiation is the mean over the hour before the label).
The catalogue's hour starting at ``t`` China Standard Time (UTC+8) is the label ``t - 7 h`` UTC,
so a calendar year needs the cutout to start on 31 December of the year before. 29 February is
dropped, so every year has the catalogue's 8,760 hours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.latency import great_circle_distance_km
from optimiser.data.profiles import HOURS_PER_YEAR
from optimiser.data.weather import (
    HUB_HEIGHT_M,
    WeatherProfiles,
    calibrate_sites,
    profile_table,
    site_targets,
)
from optimiser.errors import InputError

REQUIRED_VARIABLES = {
    "influx_toa": "influx",
    "influx_direct": "influx",
    "influx_diffuse": "influx",
    "albedo": "influx",
    "solar_altitude": "influx",
    "solar_azimuth": "influx",
    "temperature": "temperature",
    "wnd100m": "wind",
}
"""Variables of an atlite ERA5 cutout the conversion reads, and the feature that provides each."""

PANEL = "CSi"
"""atlite's solar panel model: crystalline silicon (Huld et al. 2010)."""

LABEL_TO_CHINA_HOUR_START = pd.Timedelta(hours=7)
"""Added to an ERA5 label (hour-ending, UTC) to give its hour's start in China Standard Time."""


def open_cutout(path: str | Path) -> Any:
    """Open an atlite cutout file and check it has every variable the conversion reads.

    Parameters
    ----------
    path : str or pathlib.Path
        A prepared cutout (``.nc``) of atlite's ``era5`` module.

    Returns
    -------
    atlite.Cutout

    Raises
    ------
    optimiser.errors.InputError
        If atlite is not installed, the file is missing or not a cutout, or a variable is
        missing (naming the variable and the atlite feature that provides it).
    """
    path = Path(path)
    if path.suffix != ".nc" or not path.is_file():
        raise InputError(path, "", "expected an existing atlite cutout file (.nc)")
    try:
        # Imported here: atlite is an optional extra and slow to import.
        import atlite
    except ImportError:
        raise InputError(
            path, "", "reading an ERA5 cutout needs atlite: pip install 'dcsite[era5]'"
        ) from None
    try:
        cutout = atlite.Cutout(path)
    except (OSError, ValueError, KeyError, AssertionError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(path, "", f"not an atlite cutout ({reason})") from None
    for variable, feature in REQUIRED_VARIABLES.items():
        if variable not in cutout.data:
            raise InputError(
                path,
                f"variable {variable}",
                f"missing; prepare the cutout with atlite's '{feature}' feature",
            )
    return cutout


def china_hour_starts(labels: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Return the start of each ERA5 hour in China Standard Time (time-zone naive).

    Parameters
    ----------
    labels : pandas.DatetimeIndex
        ERA5 time labels, the end of each hour in UTC.

    Returns
    -------
    pandas.DatetimeIndex
        The start of the same hours at UTC+8.

    Examples
    --------
    >>> china_hour_starts(pd.DatetimeIndex(["2019-12-31 17:00"]))[0]
    Timestamp('2020-01-01 00:00:00')
    """
    return pd.DatetimeIndex(labels) + LABEL_TO_CHINA_HOUR_START


def complete_years(hour_starts: pd.DatetimeIndex) -> list[int]:
    """Return the calendar years of which every hour but 29 February's is present.

    Parameters
    ----------
    hour_starts : pandas.DatetimeIndex
        Hour starts in China Standard Time.

    Returns
    -------
    list of int
        Years, ascending.
    """
    present = set(hour_starts)
    years = []
    for year in sorted(set(hour_starts.year)):
        hours = pd.date_range(f"{year}-01-01", periods=HOURS_PER_YEAR + 24, freq="h")
        hours = hours[(hours.year == year) & ~((hours.month == 2) & (hours.day == 29))]
        if all(hour in present for hour in hours):
            years.append(year)
    return years


def choose_years(path: Path, hour_starts: pd.DatetimeIndex, years: list[int] | None) -> list[int]:
    """Return the years to convert: those asked for, or every complete year of the cutout.

    Raises
    ------
    optimiser.errors.InputError
        If a year asked for is not complete in the cutout, or none is.
    """
    complete = complete_years(hour_starts)
    span = (
        f"the cutout covers {hour_starts.min():%Y-%m-%d %H:00} to "
        f"{hour_starts.max():%Y-%m-%d %H:00} China Standard Time"
    )
    for year in years or []:
        if year not in complete:
            found = f"complete years: {', '.join(map(str, complete))}" if complete else span
            raise InputError(path, "time", f"year {year} is not complete in the cutout ({found})")
    if not complete:
        raise InputError(
            path,
            "time",
            f"no complete calendar year: {span}; a year Y needs ERA5 hours from 31 December "
            "of Y-1 17:00 UTC to 31 December of Y 16:00 UTC",
        )
    return sorted(set(years)) if years else complete


def nearest_cells(cutout: Any, sites: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Return the grid cell nearest to each site, refusing a site outside the cutout.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id``: the cell's centre ``x`` (longitude) and ``y`` (latitude)
        [degree] and ``distance_km`` from the site to it [km].

    Raises
    ------
    optimiser.errors.InputError
        For the first site more than half a cell beyond the cutout's edge.
    """
    cells = {}
    for site in sites.itertuples():
        cell = []
        for axis, value in (("x", site.lon), ("y", site.lat)):
            centres = np.sort(cutout.data[axis].to_numpy())
            half_step = float(np.diff(centres).min()) / 2.0 if len(centres) > 1 else 0.125
            if not centres[0] - half_step <= value <= centres[-1] + half_step:
                raise InputError(
                    path,
                    f"site {site.Index}",
                    f"at {site.lat:g}°N {site.lon:g}°E lies outside the cutout "
                    f"({cutout.data['x'].min().item():g}-{cutout.data['x'].max().item():g}°E, "
                    f"{cutout.data['y'].min().item():g}-{cutout.data['y'].max().item():g}°N)",
                )
            cell.append(float(centres[np.abs(centres - value).argmin()]))
        cells[site.Index] = cell
    table = pd.DataFrame.from_dict(cells, orient="index", columns=["x", "y"])
    table["distance_km"] = great_circle_distance_km(
        sites["lat"], sites["lon"], table["y"], table["x"]
    )
    return table.rename_axis("cluster_id")


def era5_profiles(
    path: str | Path, catalogue: Catalogue, *, years: list[int] | None = None
) -> WeatherProfiles:
    """Derive every site's solar and wind profile from an ERA5 cutout, year by year.

    Parameters
    ----------
    path : str or pathlib.Path
        An atlite cutout of the ``era5`` module with the features ``influx``,
        ``temperature`` and ``wind``, covering every site.
    catalogue : Catalogue
        The regional catalogue: its sites and their provinces' full-load hours.
    years : list of int, optional
        Calendar years (China Standard Time) to convert. Default: every complete one.

    Returns
    -------
    WeatherProfiles
        Profiles with a ``weather_year`` column, 8,760 hours per year (29 February dropped);
        one multiplier per site brings the mean annual full-load hours over the years to the
        province's.

    Raises
    ------
    optimiser.errors.InputError
        On a missing variable, a site outside the cutout, a year not in it, or a target the
        weather cannot reach.
    """
    path = Path(path)
    cutout = open_cutout(path)
    sites = site_targets(catalogue)
    cells = nearest_cells(cutout, sites, path)
    labels = pd.DatetimeIndex(cutout.data["time"].to_numpy())
    hour_starts = china_hour_starts(labels)
    chosen = choose_years(path, hour_starts, years)
    keep = hour_starts.year.isin(chosen) & ~((hour_starts.month == 2) & (hour_starts.day == 29))
    # Only the sites' cells and the years' hours are converted, not the whole cutout.
    selected = cutout.sel(
        x=sorted(set(cells["x"])), y=sorted(set(cells["y"])), time=labels[keep].to_numpy()
    )
    # A year per chunk: the few cells selected are small, and atlite's default of 100 hours
    # would make thousands of tasks.
    selected.data = selected.data.chunk({"time": HOURS_PER_YEAR})
    dc_cells = selected.pv(panel=PANEL, orientation="latitude", aggregate_time=None).compute()
    # Imported here, like atlite itself: the hub-height speed by atlite's own rule.
    from atlite.wind import extrapolate_wind_speed

    speed_cells = extrapolate_wind_speed(selected.data, to_height=HUB_HEIGHT_M).compute()
    index = pd.RangeIndex(int(keep.sum()))
    dc_output, hub_speed = {}, {}
    for site, cell in cells.iterrows():
        point = {"x": cell["x"], "y": cell["y"]}
        dc_output[site] = np.nan_to_num(dc_cells.sel(point).to_numpy().astype(float))
        hub_speed[site] = np.nan_to_num(speed_cells.sel(point).to_numpy().astype(float))
    solar, wind, multipliers = calibrate_sites(
        pd.DataFrame(dc_output, index=index), pd.DataFrame(hub_speed, index=index), sites, path
    )
    source = [f"cell {cell.y:g}°N {cell.x:g}°E" for cell in cells.itertuples()]
    calibration = (
        pd.DataFrame(
            {"weather_source": source, "distance_km": cells["distance_km"]}, index=sites.index
        )
        .join(multipliers)
        .join(sites[["solar_full_load_hours_h", "wind_full_load_hours_h"]])
    )
    return WeatherProfiles(
        solar=profile_table(solar, chosen),
        wind=profile_table(wind, chosen),
        calibration=calibration,
    )
