"""Derive hourly wind and solar capacity factors and demand shapes for the catalogue.

This is a "derive" helper of the regional catalogue, not a stage of the solve.
``regions/scripts/build_profiles.py`` calls :func:`demand_shapes` for the hourly shape of demand
in ``regions/profiles/demand_shape.csv``. The wind and solar files the catalogue ships are the
weather years of :mod:`optimiser.data.weather_generator`, which reuses this module's time index,
full-load-hour scaling and power-curve constants. :func:`solar_capacity_factor` and
:func:`wind_capacity_factor` give single-year profiles for any site: solar from pvlib's clear-sky
model on a fixed south-facing plane, wind a seeded synthetic series, independent from site to
site, both scaled so their annual full-load hours match the province's figure. The catalogue
shipped them until 2026-12-05 (:func:`single_year_profiles`); they remain the baseline the
weather years are measured against. Hour 0 is 1 January 00:00 China Standard Time (UTC+8).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd

HOURS_PER_YEAR = 8760
"""Hours in a profile year; a leap year's 31 December is dropped [h]."""

CHINA_STANDARD_TIME = "Etc/GMT-8"
"""Fixed UTC+8 time zone of every profile (the IANA name's sign is inverted by convention)."""

SOLAR_PERFORMANCE_RATIO = 0.85
"""Ratio of AC output to plane-of-array irradiance over 1,000 W/m² before scaling [-]."""

WIND_CUT_IN_MS = 3.0
"""Cut-in wind speed of the generic power curve [m/s]."""

WIND_RATED_MS = 12.0
"""Rated wind speed of the generic power curve [m/s]."""

WIND_CUT_OUT_MS = 25.0
"""Cut-out wind speed of the generic power curve [m/s]."""

WIND_AR1_COEFFICIENT = 0.97
"""Hour-to-hour autocorrelation of the log wind-speed anomaly [-]."""

WIND_LOG_SPEED_STD = 0.45
"""Stationary standard deviation of the log wind-speed anomaly [-]."""

LATENCY_BOUND_PEAK_TO_MEAN = 1.3
"""Target ratio of the highest hour to the mean of the latency-bound shape [-]."""

# Typical weekday diurnal pattern of interactive internet traffic in China, by local hour:
# night trough around 04:00-05:00, a daytime plateau and an evening peak around 21:00.
# Relative values before normalisation [-]; an estimate, not a measurement.
_INTERACTIVE_DIURNAL = np.array(
    [
        0.95, 0.80, 0.68, 0.60, 0.56, 0.56, 0.62, 0.75, 0.90, 1.02, 1.08, 1.10,
        1.08, 1.06, 1.08, 1.10, 1.10, 1.10, 1.14, 1.22, 1.30, 1.34, 1.28, 1.12,
    ]
)  # fmt: skip

# Weekend traffic is slightly higher than weekday traffic [-], Monday first.
_INTERACTIVE_WEEKLY = np.array([0.99, 0.99, 0.99, 0.99, 1.0, 1.03, 1.03])


def hourly_index(year: int = 2025, *, offset_minutes: int = 0) -> pd.DatetimeIndex:
    """Return the 8,760 hourly time stamps of a profile year in China Standard Time.

    Parameters
    ----------
    year : int
        Calendar year [year].
    offset_minutes : int
        Minutes added to each hour's start, e.g. 30 for the middle of each hour [min].

    Returns
    -------
    pandas.DatetimeIndex
        Time stamps at UTC+8, starting at 1 January 00:00 plus the offset.
    """
    start = pd.Timestamp(year=year, month=1, day=1, tz=CHINA_STANDARD_TIME)
    return pd.date_range(
        start + pd.Timedelta(minutes=offset_minutes), periods=HOURS_PER_YEAR, freq="h"
    )


def scale_to_full_load_hours(
    profile: npt.ArrayLike, full_load_hours: float, *, tolerance: float = 1e-9
) -> npt.NDArray[np.float64]:
    """Scale a capacity-factor profile so its annual sum equals the given full-load hours.

    The profile is multiplied and clipped at 1 repeatedly, since clipping removes energy that the
    next multiplication puts back in the unclipped hours.

    Parameters
    ----------
    profile : array_like
        Hourly capacity factors [fraction], non-negative.
    full_load_hours : float
        Target annual sum of the profile [h].
    tolerance : float
        Relative tolerance on the annual sum [-].

    Returns
    -------
    numpy.ndarray
        Scaled capacity factors in [0, 1] [fraction].

    Raises
    ------
    ValueError
        If the profile is negative anywhere, or the target cannot be reached: it exceeds the
        number of hours with output, or is not positive.
    """
    values = np.asarray(profile, dtype=float).copy()
    if np.any(values < 0.0) or not np.all(np.isfinite(values)):
        msg = "a capacity-factor profile must be finite and non-negative"
        raise ValueError(msg)
    attainable_hours = float(np.count_nonzero(values > 0.0))
    if not 0.0 < full_load_hours < attainable_hours:
        msg = (
            f"cannot scale to {full_load_hours} full-load hours: the profile has output in "
            f"{attainable_hours:.0f} hours"
        )
        raise ValueError(msg)
    values = np.clip(values, 0.0, 1.0)
    for _ in range(1000):
        total = values.sum()
        if abs(total - full_load_hours) <= tolerance * full_load_hours:
            return values
        values = np.clip(values * (full_load_hours / total), 0.0, 1.0)
    msg = f"scaling to {full_load_hours} full-load hours did not converge"
    raise RuntimeError(msg)


def solar_capacity_factor(
    lat: float, lon: float, full_load_hours: float, year: int = 2025
) -> npt.NDArray[np.float64]:
    """Return an hourly solar PV capacity factor for a site, scaled to its full-load hours.

    Clear-sky irradiance by the Ineichen model with pvlib's Linke turbidity climatology and
    site altitude (both shipped with pvlib), at the middle of each hour, is transposed to a
    fixed south-facing plane tilted at the latitude (isotropic sky, albedo 0.2), multiplied by
    :data:`SOLAR_PERFORMANCE_RATIO` over 1,000 W/m², then scaled to ``full_load_hours``. Clear
    sky overstates output; the scaling takes the cloud and loss budget out uniformly.

    Parameters
    ----------
    lat, lon : float
        Site latitude and longitude [degree].
    full_load_hours : float
        Annual full-load hours of PV in the site's province [h].
    year : int
        Profile year [year].

    Returns
    -------
    numpy.ndarray
        8,760 hourly capacity factors in [0, 1] [fraction].
    """
    # Imported here: pvlib is only needed to derive profiles, not to load them.
    from pvlib import irradiance, location

    times = hourly_index(year, offset_minutes=30)
    site = location.Location(lat, lon, tz=CHINA_STANDARD_TIME)
    clear_sky = site.get_clearsky(times, model="ineichen")
    solar_position = site.get_solarposition(times)
    plane_of_array = irradiance.get_total_irradiance(
        surface_tilt=abs(lat),
        surface_azimuth=180.0,
        solar_zenith=solar_position["apparent_zenith"],
        solar_azimuth=solar_position["azimuth"],
        dni=clear_sky["dni"],
        ghi=clear_sky["ghi"],
        dhi=clear_sky["dhi"],
        albedo=0.2,
        model="isotropic",
    )
    power = plane_of_array["poa_global"].fillna(0.0).to_numpy(dtype=float)
    raw = np.clip(power * SOLAR_PERFORMANCE_RATIO / 1000.0, 0.0, 1.0)
    return scale_to_full_load_hours(raw, full_load_hours)


def stable_seed(site_id: str) -> int:
    """Return a seed for a site's random numbers that is the same on every run and machine.

    Python's ``hash()`` is salted per process, so the seed is the first 8 bytes of the SHA-256
    digest of the site id instead.

    Parameters
    ----------
    site_id : str
        Site identifier, e.g. a ``cluster_id``.

    Returns
    -------
    int
        Non-negative 64-bit seed.

    Examples
    --------
    >>> stable_seed("guian") == stable_seed("guian")
    True
    """
    return int.from_bytes(hashlib.sha256(site_id.encode("utf-8")).digest()[:8], "big")


def _wind_power_curve(speed_ms: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    rising = (speed_ms**3 - WIND_CUT_IN_MS**3) / (WIND_RATED_MS**3 - WIND_CUT_IN_MS**3)
    output = np.where(speed_ms >= WIND_RATED_MS, 1.0, rising)
    return np.where((speed_ms < WIND_CUT_IN_MS) | (speed_ms >= WIND_CUT_OUT_MS), 0.0, output)


def scale_wind_speed_to_full_load_hours(
    relative_speed: npt.NDArray[np.float64],
    full_load_hours: float,
    power_curve: Callable[[npt.NDArray[np.float64]], npt.NDArray[np.float64]],
    mean_speed_bounds_ms: tuple[float, float],
    bisection_steps: int,
) -> npt.NDArray[np.float64]:
    """Return the capacity factors of a wind shape whose mean speed gives the full-load hours.

    Bisection on the annual mean speed keeps the power curve's shape (calms, the rated plateau)
    instead of leaving it all to a linear scaling; :func:`scale_to_full_load_hours` then removes
    the last fraction of a percent.

    Parameters
    ----------
    relative_speed : numpy.ndarray
        Hourly wind speeds of one site relative to their annual mean [-].
    full_load_hours : float
        Annual full-load hours of wind in the site's province [h].
    power_curve : callable
        Capacity factor [fraction] as a function of hub-height wind speed [m/s].
    mean_speed_bounds_ms : tuple of float
        Lowest and highest annual mean speed searched [m/s].
    bisection_steps : int
        Number of halvings of the searched interval.

    Returns
    -------
    numpy.ndarray
        Hourly capacity factors in [0, 1] summing to ``full_load_hours`` [fraction].
    """
    low_speed, high_speed = mean_speed_bounds_ms
    for _ in range(bisection_steps):
        mean_speed = (low_speed + high_speed) / 2.0
        if power_curve(mean_speed * relative_speed).sum() < full_load_hours:
            low_speed = mean_speed
        else:
            high_speed = mean_speed
    raw = power_curve((low_speed + high_speed) / 2.0 * relative_speed)
    return scale_to_full_load_hours(raw, full_load_hours)


def wind_capacity_factor(
    site_id: str, lat: float, full_load_hours: float, year: int = 2025
) -> npt.NDArray[np.float64]:
    """Return a synthetic hourly wind capacity factor for a site, scaled to its full-load hours.

    A wind speed is built from a seasonal factor (peak in late February; amplitude growing from
    0.05 at 20° N to 0.20 at 45° N, so northern sites blow harder in winter and spring), a diurnal
    factor (inland night maximum at 02:00, amplitude 0.12) and a log-normal AR(1) anomaly
    (coefficient :data:`WIND_AR1_COEFFICIENT`, standard deviation :data:`WIND_LOG_SPEED_STD`)
    seeded by :func:`stable_seed`. It passes through a generic power curve whose mean speed is
    tuned so the annual sum is near ``full_load_hours``, and is then scaled to it exactly. The
    series is an estimate with realistic persistence, not a reanalysis.

    Parameters
    ----------
    site_id : str
        Site identifier; it seeds the random anomaly, so equal ids give equal series.
    lat : float
        Site latitude [degree]; sets the seasonal amplitude.
    full_load_hours : float
        Annual full-load hours of wind in the site's province [h].
    year : int
        Profile year [year].

    Returns
    -------
    numpy.ndarray
        8,760 hourly capacity factors in [0, 1] [fraction].
    """
    times = hourly_index(year)
    day_of_year = times.dayofyear.to_numpy(dtype=float)
    hour_of_day = times.hour.to_numpy(dtype=float)
    seasonal_amplitude = 0.05 + 0.15 * float(np.clip((abs(lat) - 20.0) / 25.0, 0.0, 1.0))
    seasonal = 1.0 + seasonal_amplitude * np.cos(2.0 * np.pi * (day_of_year - 55.0) / 365.25)
    diurnal = 1.0 + 0.12 * np.cos(2.0 * np.pi * (hour_of_day - 2.0) / 24.0)

    generator = np.random.default_rng(stable_seed(site_id))
    innovations = generator.standard_normal(HOURS_PER_YEAR)
    anomaly = np.empty(HOURS_PER_YEAR)
    anomaly[0] = WIND_LOG_SPEED_STD * innovations[0]
    innovation_scale = WIND_LOG_SPEED_STD * np.sqrt(1.0 - WIND_AR1_COEFFICIENT**2)
    for hour in range(1, HOURS_PER_YEAR):
        anomaly[hour] = (
            WIND_AR1_COEFFICIENT * anomaly[hour - 1] + innovation_scale * innovations[hour]
        )
    shape = seasonal * diurnal * np.exp(anomaly - WIND_LOG_SPEED_STD**2 / 2.0)
    return scale_wind_speed_to_full_load_hours(
        shape, full_load_hours, _wind_power_curve, (2.0, 20.0), 60
    )


def single_year_profiles(
    clusters: pd.DataFrame, provinces: pd.DataFrame, year: int = 2025
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the clear-sky solar and independent synthetic wind profiles of every site.

    These are the single-year profiles the catalogue shipped until 2026-12-05 (rounded to 4
    decimals, they are those files); ``regions/scripts/build_weather_years.py`` measures them
    beside the weather years.

    Parameters
    ----------
    clusters : pandas.DataFrame
        The sites: ``cluster_id``, ``province_id``, ``lat`` and ``lon`` [degree].
    provinces : pandas.DataFrame
        ``province_id``, ``solar_full_load_hours_h`` and ``wind_full_load_hours_h`` [h].
    year : int
        Profile year [year].

    Returns
    -------
    tuple of pandas.DataFrame
        Solar and wind: 8,760 hourly capacity factors indexed by ``hour``, one column per
        ``cluster_id`` [fraction].
    """
    sites = clusters.join(provinces.set_index("province_id"), on="province_id", rsuffix="_province")
    index = pd.RangeIndex(HOURS_PER_YEAR, name="hour")
    solar = {
        site.cluster_id: solar_capacity_factor(
            site.lat, site.lon, site.solar_full_load_hours_h, year=year
        )
        for site in sites.itertuples()
    }
    wind = {
        site.cluster_id: wind_capacity_factor(
            site.cluster_id, site.lat, site.wind_full_load_hours_h, year=year
        )
        for site in sites.itertuples()
    }
    return pd.DataFrame(solar, index=index), pd.DataFrame(wind, index=index)


def _round_keeping_mean_one(values: npt.NDArray[np.float64], decimals: int) -> np.ndarray:
    """Round to ``decimals`` so that the rounded values still sum to their count exactly."""
    unit = 10**decimals
    scaled = values / values.mean() * unit
    integers = np.floor(scaled).astype(np.int64)
    shortfall = len(values) * unit - int(integers.sum())
    # Largest-remainder rounding; ties broken by hour so the result is deterministic.
    order = np.lexsort((np.arange(len(values)), -(scaled - integers)))
    integers[order[:shortfall]] += 1
    return integers / unit


def demand_shapes(year: int = 2025, decimals: int = 4) -> pd.DataFrame:
    """Return the hourly demand multipliers of the two workload classes.

    Both columns are dimensionless multipliers of a province's annual-mean demand, with a mean
    of exactly 1 after rounding (largest-remainder rounding), so that annual energy is the
    annual-mean demand × 8,760 h.

    - ``latency_bound``: interactive load, with a night trough, a daytime plateau and an evening
      peak around 21:00 local time, slightly higher at weekends; amplitude set so that the
      highest hour is :data:`LATENCY_BOUND_PEAK_TO_MEAN` × the mean.
    - ``flexible``: batch, training and back-office load, nearly flat (0.95-1.05): ±2 % over the
      day (afternoon high) and ±2 % over the year (summer high).

    Parameters
    ----------
    year : int
        Profile year [year]; sets the weekdays.
    decimals : int
        Decimals of the returned multipliers.

    Returns
    -------
    pandas.DataFrame
        Columns ``hour`` (0-8759), ``latency_bound`` and ``flexible`` [-].
    """
    times = hourly_index(year)
    hour_of_day = times.hour.to_numpy()
    day_of_week = times.dayofweek.to_numpy()
    day_of_year = times.dayofyear.to_numpy(dtype=float)

    diurnal_deviation = _INTERACTIVE_DIURNAL[hour_of_day] / _INTERACTIVE_DIURNAL.mean() - 1.0
    weekly = _INTERACTIVE_WEEKLY[day_of_week]

    def peak_to_mean(amplitude: float) -> float:
        shape = (1.0 + amplitude * diurnal_deviation) * weekly
        return float(shape.max() / shape.mean())

    low_amplitude, high_amplitude = 0.0, 3.0
    for _ in range(60):
        amplitude = (low_amplitude + high_amplitude) / 2.0
        if peak_to_mean(amplitude) < LATENCY_BOUND_PEAK_TO_MEAN:
            low_amplitude = amplitude
        else:
            high_amplitude = amplitude
    latency_bound = (1.0 + low_amplitude * diurnal_deviation) * weekly

    flexible = (
        1.0
        + 0.02 * np.cos(2.0 * np.pi * (hour_of_day - 15.0) / 24.0)
        + 0.02 * np.cos(2.0 * np.pi * (day_of_year - 200.0) / 365.25)
    )
    return pd.DataFrame(
        {
            "hour": np.arange(HOURS_PER_YEAR),
            "latency_bound": _round_keeping_mean_one(latency_bound, decimals),
            "flexible": _round_keeping_mean_one(flexible, decimals),
        }
    )
