"""Turn measured or reanalysed weather into the catalogue's hourly capacity-factor profiles.

Like :mod:`optimiser.data.profiles`, this is a "derive" helper of the regional catalogue, not a
stage of the solve: it writes files that a scenario then names with the settings
``profiles.solar_capacity_factor_csv`` and ``profiles.wind_capacity_factor_csv``. Two readers
feed it: :mod:`optimiser.data.weather_stations` (EnergyPlus EPW or CSV station files, a typical
year) and :mod:`optimiser.data.weather_era5` (an ERA5 cutout made with atlite, one or more real
years). This module holds what both share: the sites and their provincial full-load hours, the
wind farm's power curve, the calibration of each site's series to its province's full-load
hours, and the staged writing of the output folder.

Calibration keeps the weather's shape. Solar: one multiplier of the DC output per site, then
inverter clipping at 1 / :data:`DC_AC_RATIO` of the DC rating. Wind: one multiplier of the
hub-height wind *speed* per site, so that calms stay calm and the rated plateau stays flat.
Over several weather years one multiplier serves them all: their mean annual full-load hours
equal the province's figure, and each year keeps its own, higher or lower.
"""

from __future__ import annotations

import functools
import itertools
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.profiles import HOURS_PER_YEAR
from optimiser.errors import InputError, OutputError
from optimiser.files import make_shareable

HUB_HEIGHT_M = 100.0
"""Hub height of the wind farm [m]."""

DC_AC_RATIO = 1.2
"""Ratio of the PV array's DC rating to its inverters' AC rating [-]; AC output clips at
1 / DC_AC_RATIO of the DC rating, the capacity the profiles are per unit of."""

# Power curve of the Vestas V112-3.0 MW (IEC class IIA, 112 m rotor), a common 3 MW onshore
# turbine: wind speed [m/s] and output [MW] as in atlite's resources/windturbine/Vestas_V112_3MW
# .yaml (CC BY 4.0, contributors to atlite), from the Vestas V112-3.0 MW product brochure.
_TURBINE_SPEED_MS = np.array([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 25], dtype=float)
_TURBINE_OUTPUT_MW = np.array(
    [0, 0, 0.005, 0.15, 0.3, 0.525, 0.905, 1.375, 1.95, 2.58, 2.96, 3.05, 3.06, 3.06, 0],
    dtype=float,
)
TURBINE_CUT_IN_MS = 3.0
"""Cut-in wind speed of the turbine; the farm gives nothing below it [m/s]."""

# Gaussian smoothing of a single turbine's curve into a farm's (Andresen, Søndergaard and
# Greiner 2015, Energy 93, 1074-1088, doi:10.1016/j.energy.2015.09.071; atlite's
# windturbine_smooth defaults): availability, mean and standard deviation of the speed offset.
_SMOOTHING_AVAILABILITY = 0.95
_SMOOTHING_OFFSET_MS = 1.27
_SMOOTHING_SPREAD_MS = 2.29

SOLAR = "solar"
WIND = "wind"
OUTPUT_FILES = {SOLAR: "solar_capacity_factor.csv", WIND: "wind_capacity_factor.csv"}
"""File written for each technology; the names of the catalogue's own profiles."""

CALIBRATION_FILE = "calibration.csv"
"""File listing, per site, where its weather came from and the multipliers applied."""

DECIMALS = 4
"""Decimals of the written capacity factors, as in the catalogue."""


@dataclass(frozen=True)
class WeatherProfiles:
    """Capacity-factor profiles derived from weather, ready to write.

    Attributes
    ----------
    solar, wind : pandas.DataFrame
        Columns ``weather_year`` (only for real years), ``hour`` (0-8759) and one per site
        [fraction 0-1]; 8,760 rows per year.
    calibration : pandas.DataFrame
        One row per site (index ``cluster_id``): ``weather_source`` (station file or grid
        cell), ``distance_km``, ``solar_multiplier`` [-], ``wind_speed_multiplier`` [-], and
        the provincial targets ``solar_full_load_hours_h`` and ``wind_full_load_hours_h`` [h].
    """

    solar: pd.DataFrame
    wind: pd.DataFrame
    calibration: pd.DataFrame


def site_targets(catalogue: Catalogue) -> pd.DataFrame:
    """Return each site's coordinates and its province's full-load hours.

    Parameters
    ----------
    catalogue : Catalogue
        The loaded regional catalogue.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id`` in the catalogue's order; columns ``province_id``, ``lat``,
        ``lon`` [degree], ``solar_full_load_hours_h`` and ``wind_full_load_hours_h`` [h].
    """
    sites = catalogue.clusters[["province_id", "lat", "lon"]]
    targets = catalogue.provinces[["solar_full_load_hours_h", "wind_full_load_hours_h"]]
    return sites.join(targets, on="province_id")


@functools.cache
def farm_power_curve() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the wind farm's power curve: the turbine's, smoothed as atlite's ``smooth=True``.

    The Vestas V112-3.0 MW curve is convolved with a Gaussian kernel of the speed offset
    (mean 1.27 m/s, standard deviation 2.29 m/s; Andresen et al. 2015), which stands for the
    spread of speeds over a farm's turbines and the reanalysis' bias, and normalised to its
    highest value, exactly as atlite does. Below :data:`TURBINE_CUT_IN_MS` the output is set
    to zero, where the kernel's tail would otherwise give a farm output of up to 2 % in a calm.

    Returns
    -------
    speed_ms : numpy.ndarray
        Wind speeds at hub height, 0-35 m/s in 72 steps [m/s].
    capacity_factor : numpy.ndarray
        Farm output per unit of capacity at each speed [fraction 0-1].
    """
    # Imported here: scipy's signal module takes a moment and only this step needs it.
    from scipy.signal import fftconvolve

    regular_speed = np.linspace(-50.0, 50.0, 1001)
    regular_output = np.interp(regular_speed, _TURBINE_SPEED_MS, _TURBINE_OUTPUT_MW)
    kernel = np.exp(
        -((regular_speed - _SMOOTHING_OFFSET_MS) ** 2) / (2.0 * _SMOOTHING_SPREAD_MS**2)
    ) / np.sqrt(2.0 * np.pi * _SMOOTHING_SPREAD_MS**2)
    # The factor 0.1 is the speed step of the regular grid (the integral's dv).
    smoothed = 0.1 * fftconvolve(regular_output, kernel, mode="same")
    speed = np.linspace(0.0, 35.0, 72)
    output = _SMOOTHING_AVAILABILITY * np.interp(speed, regular_speed, smoothed)
    capacity_factor = np.where(speed < TURBINE_CUT_IN_MS, 0.0, output / output.max())
    # Calibration evaluates the curve hundreds of times: computed once, shared read-only.
    speed.flags.writeable = capacity_factor.flags.writeable = False
    return speed, capacity_factor


def wind_capacity_factor_from_speed(
    hub_speed_ms: npt.ArrayLike, speed_multiplier: float = 1.0
) -> npt.NDArray[np.float64]:
    """Return the farm's capacity factor at given hub-height wind speeds.

    Parameters
    ----------
    hub_speed_ms : array_like
        Wind speed at :data:`HUB_HEIGHT_M` [m/s].
    speed_multiplier : float
        Factor applied to the speeds before the power curve [-].

    Returns
    -------
    numpy.ndarray
        Capacity factor per hour [fraction 0-1]; zero below cut-in and above 35 m/s.
    """
    speed, capacity_factor = farm_power_curve()
    scaled = speed_multiplier * np.asarray(hub_speed_ms, dtype=float)
    return np.interp(scaled, speed, capacity_factor, left=0.0, right=0.0)


def hub_height_speed(speed_ms: npt.ArrayLike, measured_height_m: float = 10.0) -> np.ndarray:
    """Extrapolate a wind speed to :data:`HUB_HEIGHT_M` by the power law, exponent 1/7.

    Parameters
    ----------
    speed_ms : array_like
        Wind speed at ``measured_height_m`` [m/s].
    measured_height_m : float
        Height of the measurement above ground [m].

    Returns
    -------
    numpy.ndarray
        Wind speed at hub height [m/s].

    Examples
    --------
    >>> round(float(hub_height_speed(5.0)), 3)
    6.947
    """
    return np.asarray(speed_ms, dtype=float) * (HUB_HEIGHT_M / measured_height_m) ** (1.0 / 7.0)


def _smallest_multiplier_reaching(
    total: Callable[[float], float], target: float, highest: float
) -> float | None:
    """Return the smallest multiplier in (0, highest] where ``total`` reaches ``target``.

    ``total`` need not be monotone (wind output falls again past cut-out), so a coarse scan
    finds the first step that reaches the target and bisection refines it.
    """
    steps = np.linspace(0.0, highest, 161)
    for low, high in itertools.pairwise(steps):
        if total(high) >= target:
            for _ in range(60):
                middle = (low + high) / 2.0
                low, high = (middle, high) if total(middle) < target else (low, middle)
            return (low + high) / 2.0
    return None


def calibrate_wind(
    hub_speed_ms: npt.ArrayLike, full_load_hours: float, years: int = 1
) -> tuple[npt.NDArray[np.float64], float]:
    """Scale hub-height wind speeds until the farm's output meets the full-load hours.

    Parameters
    ----------
    hub_speed_ms : array_like
        Hourly wind speed at hub height, all weather years one after the other [m/s].
    full_load_hours : float
        Target annual full-load hours, the mean over the years [h].
    years : int
        Number of weather years in ``hub_speed_ms``.

    Returns
    -------
    capacity_factor : numpy.ndarray
        Hourly capacity factor [fraction 0-1].
    speed_multiplier : float
        Factor applied to every wind speed [-].

    Raises
    ------
    ValueError
        If no multiplier up to 4 reaches the target.
    """
    speeds = np.asarray(hub_speed_ms, dtype=float)
    target = full_load_hours * years

    def total(multiplier: float) -> float:
        return float(wind_capacity_factor_from_speed(speeds, multiplier).sum())

    multiplier = _smallest_multiplier_reaching(total, target, highest=4.0)
    if multiplier is None:
        msg = f"no wind-speed multiplier up to 4 reaches {full_load_hours:g} full-load hours"
        raise ValueError(msg)
    return wind_capacity_factor_from_speed(speeds, multiplier), multiplier


def calibrate_solar(
    dc_output: npt.ArrayLike, full_load_hours: float, years: int = 1
) -> tuple[npt.NDArray[np.float64], float]:
    """Scale PV DC output and clip it at the inverters until it meets the full-load hours.

    Parameters
    ----------
    dc_output : array_like
        Hourly DC output per unit of DC rating, all weather years one after the other
        [fraction].
    full_load_hours : float
        Target annual full-load hours per unit of DC rating, the mean over the years [h].
    years : int
        Number of weather years in ``dc_output``.

    Returns
    -------
    capacity_factor : numpy.ndarray
        Hourly AC output per unit of DC rating, at most 1 / :data:`DC_AC_RATIO`
        [fraction 0-1].
    multiplier : float
        Factor applied to the DC output [-].

    Raises
    ------
    ValueError
        If the target is out of reach: the inverters would have to run at their limit in
        every hour with sunshine.
    """
    dc = np.clip(np.asarray(dc_output, dtype=float), 0.0, None)
    ceiling = 1.0 / DC_AC_RATIO
    target = full_load_hours * years
    reachable = ceiling * float(np.count_nonzero(dc > 0.0))
    if not 0.0 < target < reachable:
        msg = (
            f"cannot reach {full_load_hours:g} full-load hours: at most {reachable / years:,.0f} "
            "with the inverters at their limit in every hour with sunshine"
        )
        raise ValueError(msg)

    def total(multiplier: float) -> float:
        return float(np.minimum(multiplier * dc, ceiling).sum())

    highest = 2.0 * ceiling / float(dc[dc > 0.0].min())  # every sunny hour clipped twice over
    multiplier = _smallest_multiplier_reaching(total, target, highest)
    assert multiplier is not None  # guaranteed: the total at `highest` is `reachable`
    return np.minimum(multiplier * dc, ceiling), multiplier


def calibrate_sites(
    dc_output: pd.DataFrame, hub_speed_ms: pd.DataFrame, sites: pd.DataFrame, source: str | Path
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Calibrate every site's solar and wind series to its province's full-load hours.

    Parameters
    ----------
    dc_output : pandas.DataFrame
        PV DC output per unit of DC rating [fraction], one column per site, 8,760 rows per
        weather year.
    hub_speed_ms : pandas.DataFrame
        Wind speed at hub height [m/s], laid out like ``dc_output``.
    sites : pandas.DataFrame
        :func:`site_targets`.
    source : str or pathlib.Path
        The weather file or folder, named in errors.

    Returns
    -------
    solar, wind : pandas.DataFrame
        Capacity factors [fraction 0-1], laid out like the inputs.
    multipliers : pandas.DataFrame
        Index ``cluster_id``: ``solar_multiplier`` and ``wind_speed_multiplier`` [-].

    Raises
    ------
    optimiser.errors.InputError
        If a site's target cannot be reached from its weather.
    """
    years = len(dc_output) // HOURS_PER_YEAR
    solar, wind, multipliers = {}, {}, {}
    for site in sites.itertuples():
        try:
            solar[site.Index], solar_multiplier = calibrate_solar(
                dc_output[site.Index], site.solar_full_load_hours_h, years
            )
            wind[site.Index], wind_multiplier = calibrate_wind(
                hub_speed_ms[site.Index], site.wind_full_load_hours_h, years
            )
        except ValueError as error:
            raise InputError(source, f"site {site.Index}", str(error)) from None
        multipliers[site.Index] = (solar_multiplier, wind_multiplier)
    table = pd.DataFrame.from_dict(
        multipliers, orient="index", columns=["solar_multiplier", "wind_speed_multiplier"]
    ).rename_axis("cluster_id")
    return (
        pd.DataFrame(solar, index=dc_output.index),
        pd.DataFrame(wind, index=dc_output.index),
        table,
    )


def round_keeping_sum(values: npt.ArrayLike, decimals: int = DECIMALS) -> np.ndarray:
    """Round to ``decimals`` so that the sum stays the unrounded sum, rounded the same way.

    Plain rounding of a year of capacity factors can shift its full-load hours by a tenth of
    an hour when many hours share a value (whole-m/s wind speeds); largest-remainder rounding
    moves no value by more than one unit of the last decimal, and leaves zeros at zero.

    Parameters
    ----------
    values : array_like
        Non-negative values [fraction].
    decimals : int
        Decimals to keep.

    Returns
    -------
    numpy.ndarray
        Values with ``decimals`` decimals.

    Examples
    --------
    >>> round_keeping_sum([0.33333] * 3, decimals=2).tolist()
    [0.34, 0.33, 0.33]
    """
    unit = 10**decimals
    scaled = np.asarray(values, dtype=float) * unit
    integers = np.floor(scaled).astype(np.int64)
    shortfall = round(float(scaled.sum())) - int(integers.sum())
    # Ties are broken by position, so the result is the same on every run.
    order = np.lexsort((np.arange(len(scaled)), -(scaled - integers)))
    integers[order[:shortfall]] += 1
    return integers / unit


def profile_table(values: pd.DataFrame, weather_years: list[int] | None) -> pd.DataFrame:
    """Lay capacity factors out as a catalogue profile file, rounded by :func:`round_keeping_sum`.

    Parameters
    ----------
    values : pandas.DataFrame
        One column per site, 8,760 rows per weather year [fraction 0-1].
    weather_years : list of int or None
        The calendar year of each block of 8,760 rows, or None for a typical year (no
        ``weather_year`` column).

    Returns
    -------
    pandas.DataFrame
        Columns ``weather_year`` (unless None), ``hour`` (0-8759), then the sites.
    """
    years = 1 if weather_years is None else len(weather_years)
    if len(values) != years * HOURS_PER_YEAR:
        msg = f"expected {years} x {HOURS_PER_YEAR} hours, got {len(values)}"
        raise ValueError(msg)
    table = values.reset_index(drop=True).copy()
    for column in table:
        for start in range(0, len(table), HOURS_PER_YEAR):
            block = table[column].to_numpy()[start : start + HOURS_PER_YEAR]
            table.loc[start : start + HOURS_PER_YEAR - 1, column] = round_keeping_sum(block)
    table.insert(0, "hour", np.tile(np.arange(HOURS_PER_YEAR), years))
    if weather_years is not None:
        table.insert(0, "weather_year", np.repeat(weather_years, HOURS_PER_YEAR))
    return table


def write_weather_profiles(
    profiles: WeatherProfiles, out_dir: str | Path, *, overwrite: bool = False
) -> Path:
    """Write the profiles and their calibration to a new folder, whole or not at all.

    The files are written to a hidden folder next to ``out_dir`` and renamed into place at the
    end, so an interruption leaves no half-written folder.

    Parameters
    ----------
    profiles : WeatherProfiles
        What to write.
    out_dir : str or pathlib.Path
        Folder to create: ``solar_capacity_factor.csv``, ``wind_capacity_factor.csv`` and
        ``calibration.csv``.
    overwrite : bool
        Replace ``out_dir`` if it exists.

    Returns
    -------
    pathlib.Path
        The folder written.

    Raises
    ------
    optimiser.errors.OutputError
        If ``out_dir`` exists (and ``overwrite`` is false) or cannot be created.
    """
    target = Path(out_dir)
    if target.exists() and not (overwrite and target.is_dir()):
        problem = "choose another --out or pass --overwrite" if not overwrite else "not a folder"
        msg = f"{target}: already exists; {problem}"
        raise OutputError(msg)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    except OSError as error:
        msg = f"{target}: cannot write here ({error.strerror})"
        raise OutputError(msg) from None
    try:
        for kind, table in ((SOLAR, profiles.solar), (WIND, profiles.wind)):
            table.to_csv(staging / OUTPUT_FILES[kind], index=False, lineterminator="\n")
        profiles.calibration.round(6).to_csv(staging / CALIBRATION_FILE, lineterminator="\n")
        make_shareable(staging)  # mkdtemp's folder is private; profiles are for sharing
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            target.rename(retired / target.name)
            staging.rename(target)
            shutil.rmtree(retired)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
