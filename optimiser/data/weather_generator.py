"""Generate synthetic weather years of hourly wind and solar capacity factors for the catalogue.

Like :mod:`optimiser.data.profiles`, this is a "derive" helper of the regional catalogue, not a
stage of the solve: ``regions/scripts/build_weather_years.py`` calls :func:`generate_weather_year`
for weather years 1-3 and writes them to the catalogue's wind and solar profiles,
``regions/profiles/*_capacity_factor.csv``. Unlike the clear-sky and independent-noise profiles
shipped until 2026-12-05, the weather here is shared between sites: a latent Gaussian field over
the sites, correlated as exp(-distance / L) and persistent in time, drives both the wind speed
(through a Weibull marginal and a smoothed farm power curve) and the daily clear-sky index (through
a beta marginal that depends on the climate zone and the month). Each series is scaled to the
full-load hours of its province, wind by a speed multiplier and solar by a capacity-factor
multiplier, so the annual energy the model relies on is unchanged. The parameters and the published
statistics they were chosen against are in ``docs/data.md`` ("Weather years");
:mod:`optimiser.data.profile_statistics` measures them. Hour 0 is 1 January 00:00 China Standard
Time (UTC+8) of the catalogue's profile year; a weather year is a numbered synthetic year, not a
calendar year.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import signal, special, stats

from optimiser.data.profiles import (
    CHINA_STANDARD_TIME,
    HOURS_PER_YEAR,
    SOLAR_PERFORMANCE_RATIO,
    WIND_CUT_IN_MS,
    WIND_CUT_OUT_MS,
    WIND_RATED_MS,
    hourly_index,
    scale_to_full_load_hours,
    scale_wind_speed_to_full_load_hours,
)

PROFILE_YEAR = 2025
"""Calendar year whose sun positions and weekdays the weather years use [year]."""

EARTH_RADIUS_KM = 6371.0
"""Mean radius of the Earth for great-circle distances [km]."""

SEED_ROOT = 20_250_101
"""Root of every weather year's seed; year n uses the seed sequence (SEED_ROOT, n) [-]."""

WIND_CORRELATION_LENGTH_KM = 400.0
"""E-folding length L_wind of the latent wind field's correlation exp(-d / L_wind) [km]."""

WIND_SYNOPTIC_TIMESCALE_H = 60.0
"""E-folding time of the synoptic (weather-system) part of the latent wind field [h]."""

WIND_MESOSCALE_TIMESCALE_H = 6.0
"""E-folding time of the mesoscale (hours) part of the latent wind field [h]."""

WIND_SYNOPTIC_VARIANCE_SHARE = 0.7
"""Share of the latent wind field's variance in the synoptic part [-]."""

WIND_WEIBULL_SHAPE = 2.0
"""Weibull shape parameter k of hourly hub-height wind speed [-]."""

WIND_POWER_CURVE_SMOOTHING_MS = 2.29
"""Standard deviation of the Gaussian that smooths the turbine curve into a farm curve [m/s].

atlite's default for ``smooth=True``, from Andresen et al. (2015), Energy 93, fitted to the
Danish wind fleet; the speed shift of that method is left out, since the speed multiplier that
meets the full-load hours absorbs it.
"""

WIND_DIURNAL_AMPLITUDE = 0.12
"""Relative amplitude of the diurnal cycle of hub-height speed, maximum at 02:00 [-]."""

SOLAR_CORRELATION_LENGTH_KM = 300.0
"""E-folding length L_solar of the daily clear-sky-index field's correlation [km]."""

SOLAR_DAY_TO_DAY_AUTOCORRELATION = 0.3
"""Lag-1 autocorrelation of the daily latent clear-sky-index field [-]."""

SOLAR_HOURLY_AUTOCORRELATION = 0.7
"""Lag-1 autocorrelation of the intra-day (hourly) clear-sky-index variation [-]."""

SOLAR_HOURLY_VARIATION = 0.8
"""Intra-day variation: standard deviation of the hourly log factor is this x k (1 - k) [-]."""

# Daily clear-sky index (daily GHI / clear-sky GHI) by climate zone and month, January first:
# mean [-] and beta concentration a + b [-] (larger is narrower). Estimates [E] from the
# published ordering of cloudiness in China (Sichuan basin and Guizhou cloudiest, overcast
# winters; the north-west and Tibet clearest; the east with a June-July plum-rain minimum),
# tuned so that the daily PV energy's coefficient of variation within a month matches the
# measured stations of Chen & Xu (2022): about 0.45-0.5 at the cloudiest, 0.27 at the clearest.
CLEAR_SKY_INDEX_MEAN = {
    "southwest_basin": (0.38, 0.40, 0.48, 0.55, 0.57, 0.55, 0.62, 0.64, 0.52, 0.42, 0.42, 0.38),
    "arid_plateau": (0.80, 0.80, 0.78, 0.78, 0.78, 0.75, 0.74, 0.76, 0.78, 0.82, 0.82, 0.80),
    "north": (0.74, 0.72, 0.70, 0.70, 0.70, 0.64, 0.58, 0.62, 0.68, 0.72, 0.72, 0.74),
    "monsoon_east": (0.55, 0.50, 0.50, 0.55, 0.58, 0.50, 0.62, 0.64, 0.62, 0.64, 0.60, 0.58),
}
"""Monthly mean daily clear-sky index by climate zone [-] (estimates [E], see above)."""

CLEAR_SKY_INDEX_CONCENTRATION = {
    "southwest_basin": 3.8,
    "arid_plateau": 9.0,
    "north": 6.5,
    "monsoon_east": 4.2,
}
"""Beta concentration (a + b) of the daily clear-sky index by climate zone [-]."""

CLIMATE_ZONE_OF_PROVINCE = {
    "sichuan": "southwest_basin",
    "chongqing": "southwest_basin",
    "guizhou": "southwest_basin",
    "hunan": "southwest_basin",
    "xinjiang": "arid_plateau",
    "qinghai": "arid_plateau",
    "tibet": "arid_plateau",
    "ningxia": "arid_plateau",
    "gansu": "arid_plateau",
    "inner_mongolia": "north",
    "beijing": "north",
    "tianjin": "north",
    "hebei": "north",
    "shanxi": "north",
    "shaanxi": "north",
    "liaoning": "north",
    "jilin": "north",
    "heilongjiang": "north",
    "shandong": "north",
    "henan": "north",
}
"""Climate zone of each province; provinces not listed are ``monsoon_east``."""


def great_circle_distances_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Return the matrix of great-circle distances between sites.

    Parameters
    ----------
    lat, lon : array_like
        Site latitudes and longitudes [degree].

    Returns
    -------
    numpy.ndarray
        Symmetric n x n distances [km], zero on the diagonal (haversine formula).

    Examples
    --------
    >>> round(float(great_circle_distances_km([0.0, 0.0], [0.0, 1.0])[0, 1]), 1)
    111.2
    """
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    half_dphi = (phi[:, None] - phi[None, :]) / 2.0
    half_dlam = (lam[:, None] - lam[None, :]) / 2.0
    chord = (
        np.sin(half_dphi) ** 2
        + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin(half_dlam) ** 2
    )
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(chord, 0.0, 1.0)))


def correlation_root(distances_km: npt.NDArray[np.float64], length_km: float) -> np.ndarray:
    """Return a matrix square root of the correlation exp(-distance / length).

    Parameters
    ----------
    distances_km : numpy.ndarray
        n x n distances between sites [km].
    length_km : float
        E-folding length of the correlation [km].

    Returns
    -------
    numpy.ndarray
        n x n matrix R with R Rᵀ = exp(-distances / length) [-]; independent standard normal
        rows times Rᵀ are correlated as the sites.
    """
    correlation = np.exp(-distances_km / length_km)
    # Symmetric square root from the eigen-decomposition: robust to near-singular matrices of
    # sites very close together, where Cholesky can fail on rounding.
    eigenvalues, eigenvectors = np.linalg.eigh(correlation)
    return eigenvectors * np.sqrt(np.clip(eigenvalues, 0.0, None))


def spatially_correlated_ar1(
    generator: np.random.Generator,
    steps: int,
    root: np.ndarray,
    autocorrelation: float,
) -> npt.NDArray[np.float64]:
    """Return a latent Gaussian field over sites, AR(1) in time and correlated in space.

    z[t] = a z[t-1] + sqrt(1 - a²) ε[t] with ε[t] ~ N(0, R Rᵀ), started in its stationary
    distribution, so every step has unit variance and the spatial correlation R Rᵀ.

    Parameters
    ----------
    generator : numpy.random.Generator
        Source of random numbers.
    steps : int
        Number of time steps.
    root : numpy.ndarray
        n x n square root of the spatial correlation matrix (:func:`correlation_root`).
    autocorrelation : float
        Lag-1 autocorrelation a per step [-], in [0, 1).

    Returns
    -------
    numpy.ndarray
        steps x n standard normal values [-].
    """
    innovations = generator.standard_normal((steps, root.shape[0])) @ root.T
    scale = np.sqrt(1.0 - autocorrelation**2)
    forcing = innovations * scale
    forcing[0] = innovations[0]  # the stationary start
    return signal.lfilter([1.0], [1.0, -autocorrelation], forcing, axis=0)


def correlated_latent_field(
    generator: np.random.Generator,
    distances_km: npt.NDArray[np.float64],
    correlation_length_km: float,
    steps: int,
    autocorrelation: float,
) -> npt.NDArray[np.float64]:
    """Return a latent AR(1) field over sites correlated in space as exp(-distance / length).

    :func:`spatially_correlated_ar1` with the square root :func:`correlation_root` of the sites'
    correlation.

    Parameters
    ----------
    generator : numpy.random.Generator
        Source of random numbers; draws ``steps`` x n standard normal values.
    distances_km : numpy.ndarray
        n x n great-circle distances between sites [km].
    correlation_length_km : float
        E-folding length of the spatial correlation [km].
    steps : int
        Number of time steps.
    autocorrelation : float
        Lag-1 autocorrelation per step [-], in [0, 1).

    Returns
    -------
    numpy.ndarray
        steps x n standard normal values [-].
    """
    root = correlation_root(distances_km, correlation_length_km)
    return spatially_correlated_ar1(generator, steps, root, autocorrelation)


def latent_wind_field(
    generator: np.random.Generator, distances_km: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Return the hourly latent wind field: a synoptic and a mesoscale AR(1) part.

    Both parts share the spatial correlation exp(-d / :data:`WIND_CORRELATION_LENGTH_KM`); the
    synoptic part (e-folding :data:`WIND_SYNOPTIC_TIMESCALE_H`) carries multi-day lulls, the
    mesoscale part (:data:`WIND_MESOSCALE_TIMESCALE_H`) the hour-to-hour changes.

    Parameters
    ----------
    generator : numpy.random.Generator
        Source of random numbers.
    distances_km : numpy.ndarray
        n x n great-circle distances between sites [km].

    Returns
    -------
    numpy.ndarray
        8,760 x n standard normal values [-].
    """
    synoptic, mesoscale = (
        correlated_latent_field(
            generator,
            distances_km,
            WIND_CORRELATION_LENGTH_KM,
            HOURS_PER_YEAR,
            np.exp(-1.0 / timescale_h),
        )
        for timescale_h in (WIND_SYNOPTIC_TIMESCALE_H, WIND_MESOSCALE_TIMESCALE_H)
    )
    share = WIND_SYNOPTIC_VARIANCE_SHARE
    return np.sqrt(share) * synoptic + np.sqrt(1.0 - share) * mesoscale


def wind_speed_shape(
    latent: npt.NDArray[np.float64], lat: npt.ArrayLike, times: pd.DatetimeIndex
) -> npt.NDArray[np.float64]:
    """Turn the latent field into relative hub-height wind speeds with seasonal and daily cycles.

    A Gaussian copula: Φ(z) is mapped through the Weibull quantile function (shape
    :data:`WIND_WEIBULL_SHAPE`, mean 1), then multiplied by the seasonal factor (peak in late
    February; amplitude from 0.05 at 20° N to 0.20 at 45° N, as in
    :func:`optimiser.data.profiles.wind_capacity_factor`) and the diurnal factor (inland night
    maximum at 02:00, :data:`WIND_DIURNAL_AMPLITUDE`).

    Parameters
    ----------
    latent : numpy.ndarray
        8,760 x n standard normal latent field [-].
    lat : array_like
        Site latitudes [degree].
    times : pandas.DatetimeIndex
        The 8,760 hour stamps.

    Returns
    -------
    numpy.ndarray
        8,760 x n wind speeds relative to the annual mean [-].
    """
    shape = WIND_WEIBULL_SHAPE
    uniform = special.ndtr(latent)
    weibull = (-np.log1p(-np.clip(uniform, 0.0, 1.0 - 1e-12))) ** (1.0 / shape)
    weibull /= special.gamma(1.0 + 1.0 / shape)
    day_of_year = times.dayofyear.to_numpy(dtype=float)[:, None]
    hour_of_day = times.hour.to_numpy(dtype=float)[:, None]
    latitude = np.abs(np.asarray(lat, dtype=float))[None, :]
    seasonal_amplitude = 0.05 + 0.15 * np.clip((latitude - 20.0) / 25.0, 0.0, 1.0)
    seasonal = 1.0 + seasonal_amplitude * np.cos(2.0 * np.pi * (day_of_year - 55.0) / 365.25)
    diurnal = 1.0 + WIND_DIURNAL_AMPLITUDE * np.cos(2.0 * np.pi * (hour_of_day - 2.0) / 24.0)
    return weibull * seasonal * diurnal


def farm_power_curve(speed_ms: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Return the smoothed farm power curve: capacity factor as a function of wind speed.

    The generic turbine curve of :mod:`optimiser.data.profiles` (cubic from cut-in
    :data:`~optimiser.data.profiles.WIND_CUT_IN_MS` to rated, flat to cut-out) convolved with a
    Gaussian of :data:`WIND_POWER_CURVE_SMOOTHING_MS`, for the spread of speeds across a farm's
    turbines and over the hour (atlite's ``smooth=True``, after Andresen et al. 2015).

    Parameters
    ----------
    speed_ms : array_like
        Hub-height wind speed [m/s].

    Returns
    -------
    numpy.ndarray
        Capacity factor [fraction], in [0, 1].
    """
    grid = np.arange(0.0, 40.0, 0.05)
    rising = (grid**3 - WIND_CUT_IN_MS**3) / (WIND_RATED_MS**3 - WIND_CUT_IN_MS**3)
    turbine = np.where(grid >= WIND_RATED_MS, 1.0, rising)
    turbine = np.where((grid < WIND_CUT_IN_MS) | (grid >= WIND_CUT_OUT_MS), 0.0, turbine)
    kernel = stats.norm.pdf(np.arange(-4.0, 4.0 + 1e-9, 0.05), scale=WIND_POWER_CURVE_SMOOTHING_MS)
    kernel /= kernel.sum()
    farm = np.convolve(turbine, kernel[::-1], mode="same")
    speeds = np.asarray(speed_ms, dtype=float)
    return np.clip(np.interp(speeds, grid, farm, right=0.0), 0.0, 1.0)


def scale_wind_to_full_load_hours(
    shape: npt.NDArray[np.float64], full_load_hours: float
) -> npt.NDArray[np.float64]:
    """Find the wind-speed multiplier that gives the full-load hours, then fix the rounding.

    :func:`~optimiser.data.profiles.scale_wind_speed_to_full_load_hours` with
    :func:`farm_power_curve`, searching annual mean speeds of 1-25 m/s.

    Parameters
    ----------
    shape : numpy.ndarray
        8,760 relative wind speeds of one site [-].
    full_load_hours : float
        Annual full-load hours of wind in the site's province [h].

    Returns
    -------
    numpy.ndarray
        8,760 capacity factors summing to ``full_load_hours`` [fraction].
    """
    return scale_wind_speed_to_full_load_hours(
        shape, full_load_hours, farm_power_curve, (1.0, 25.0), 50
    )


def climate_zones(province_ids: pd.Series) -> list[str]:
    """Return each site's climate zone for the clear-sky index (:data:`CLEAR_SKY_INDEX_MEAN`)."""
    return [CLIMATE_ZONE_OF_PROVINCE.get(str(name), "monsoon_east") for name in province_ids]


def daily_clear_sky_index(
    latent: npt.NDArray[np.float64], zones: list[str], days: pd.DatetimeIndex
) -> npt.NDArray[np.float64]:
    """Turn the daily latent field into each site's daily clear-sky index.

    The latent field is a daily AR(1) Gaussian field (:func:`correlated_latent_field` with lag-1
    :data:`SOLAR_DAY_TO_DAY_AUTOCORRELATION` and spatial correlation
    exp(-d / :data:`SOLAR_CORRELATION_LENGTH_KM`)); a Gaussian copula maps it to a beta
    distribution whose mean is the zone's monthly mean and whose concentration is the zone's
    :data:`CLEAR_SKY_INDEX_CONCENTRATION`.

    Parameters
    ----------
    latent : numpy.ndarray
        days x n standard normal latent field [-].
    zones : list of str
        Climate zone of each site.
    days : pandas.DatetimeIndex
        The days of the year (one stamp per day).

    Returns
    -------
    numpy.ndarray
        days x n daily clear-sky index in (0, 1) [-].
    """
    uniform = special.ndtr(latent)
    month_index = days.month.to_numpy() - 1
    index = np.empty_like(latent)
    for site, zone in enumerate(zones):
        mean = np.asarray(CLEAR_SKY_INDEX_MEAN[zone])[month_index]
        concentration = CLEAR_SKY_INDEX_CONCENTRATION[zone]
        index[:, site] = stats.beta.ppf(
            uniform[:, site], mean * concentration, (1.0 - mean) * concentration
        )
    return index


def hourly_clear_sky_index(
    generator: np.random.Generator, daily_index: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Spread each day's clear-sky index over its hours with intra-day cloud variation.

    The hourly index is the daily index times exp(σ x - σ²/2), x a site-independent hourly
    AR(1) (lag-1 :data:`SOLAR_HOURLY_AUTOCORRELATION`) and σ =
    :data:`SOLAR_HOURLY_VARIATION` × k (1 - k): broken-cloud days vary most, clear and overcast
    days least. Capped at 1.1 (cloud-edge enhancement).

    Parameters
    ----------
    generator : numpy.random.Generator
        Source of random numbers.
    daily_index : numpy.ndarray
        365 x n daily clear-sky index [-].

    Returns
    -------
    numpy.ndarray
        8,760 x n hourly clear-sky index [-].
    """
    per_hour = np.repeat(daily_index, 24, axis=0)[:HOURS_PER_YEAR]
    sites = daily_index.shape[1]
    noise = spatially_correlated_ar1(
        generator, HOURS_PER_YEAR, np.eye(sites), SOLAR_HOURLY_AUTOCORRELATION
    )
    spread = SOLAR_HOURLY_VARIATION * per_hour * (1.0 - per_hour)
    return np.clip(per_hour * np.exp(spread * noise - spread**2 / 2.0), 0.0, 1.1)


def pv_capacity_factor(
    lat: float, lon: float, clear_sky_index: npt.NDArray[np.float64], times: pd.DatetimeIndex
) -> npt.NDArray[np.float64]:
    """Return the unscaled PV capacity factor of a site under the given clear-sky index.

    Clear-sky GHI (Ineichen with pvlib's Linke turbidity and altitude, as in
    :func:`optimiser.data.profiles.solar_capacity_factor`) times the clear-sky index gives GHI;
    the Erbs model splits it into direct and diffuse, so overcast light is diffuse; it is
    transposed to a south-facing plane tilted at the latitude (isotropic sky, albedo 0.2) and
    converted with :data:`~optimiser.data.profiles.SOLAR_PERFORMANCE_RATIO` over 1,000 W/m²,
    clipped at 1 (the inverter).

    Parameters
    ----------
    lat, lon : float
        Site latitude and longitude [degree].
    clear_sky_index : numpy.ndarray
        8,760 hourly clear-sky index of the site [-].
    times : pandas.DatetimeIndex
        The 8,760 mid-hour time stamps.

    Returns
    -------
    numpy.ndarray
        8,760 capacity factors in [0, 1] before scaling [fraction].
    """
    from pvlib import irradiance, location

    site = location.Location(lat, lon, tz=CHINA_STANDARD_TIME)
    clear_sky = site.get_clearsky(times, model="ineichen")
    solar_position = site.get_solarposition(times)
    ghi = clear_sky["ghi"].to_numpy(dtype=float) * clear_sky_index
    split = irradiance.erbs(ghi, solar_position["zenith"].to_numpy(), times)
    plane_of_array = irradiance.get_total_irradiance(
        surface_tilt=abs(lat),
        surface_azimuth=180.0,
        solar_zenith=solar_position["apparent_zenith"].to_numpy(),
        solar_azimuth=solar_position["azimuth"].to_numpy(),
        dni=np.nan_to_num(np.asarray(split["dni"], dtype=float)),
        ghi=ghi,
        dhi=np.nan_to_num(np.asarray(split["dhi"], dtype=float)),
        albedo=0.2,
        model="isotropic",
    )
    power = np.nan_to_num(np.asarray(plane_of_array["poa_global"], dtype=float))
    return np.clip(power * SOLAR_PERFORMANCE_RATIO / 1000.0, 0.0, 1.0)


def weather_year_generator(weather_year: int) -> np.random.Generator:
    """Return the random generator of a weather year: the same numbers on every machine.

    Parameters
    ----------
    weather_year : int
        Number of the synthetic weather year (1, 2, ...).

    Returns
    -------
    numpy.random.Generator
        PCG64 seeded by the sequence (:data:`SEED_ROOT`, ``weather_year``).
    """
    return np.random.default_rng(np.random.SeedSequence([SEED_ROOT, int(weather_year)]))


def generate_weather_year(
    sites: pd.DataFrame, provinces: pd.DataFrame, weather_year: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return one synthetic weather year of hourly solar and wind capacity factors.

    Parameters
    ----------
    sites : pandas.DataFrame
        One row per site with ``cluster_id``, ``province_id``, ``lat`` and ``lon`` [degree]
        (``regions/clusters.csv``).
    provinces : pandas.DataFrame
        ``regions/provinces.csv``: ``province_id``, ``solar_full_load_hours_h`` and
        ``wind_full_load_hours_h`` [h].
    weather_year : int
        Number of the weather year; it alone seeds the weather, so equal numbers give equal
        years.

    Returns
    -------
    solar, wind : pandas.DataFrame
        8,760 rows (hour 0-8759) x one column per ``cluster_id``: capacity factors in [0, 1]
        whose annual sum is the province's full-load hours [fraction].
    """
    table = sites.merge(
        provinces[["province_id", "solar_full_load_hours_h", "wind_full_load_hours_h"]],
        on="province_id",
        how="left",
        validate="many_to_one",
    )
    if table[["solar_full_load_hours_h", "wind_full_load_hours_h"]].isna().any().any():
        msg = "every site's province_id must have full-load hours in provinces"
        raise ValueError(msg)
    generator = weather_year_generator(weather_year)
    distances = great_circle_distances_km(table["lat"], table["lon"])
    times = hourly_index(PROFILE_YEAR)
    days = times[::24]

    shape = wind_speed_shape(latent_wind_field(generator, distances), table["lat"], times)
    daily_latent = correlated_latent_field(
        generator,
        distances,
        SOLAR_CORRELATION_LENGTH_KM,
        len(days),
        SOLAR_DAY_TO_DAY_AUTOCORRELATION,
    )
    daily_index = daily_clear_sky_index(daily_latent, climate_zones(table["province_id"]), days)
    hourly_index_values = hourly_clear_sky_index(generator, daily_index)

    mid_hours = hourly_index(PROFILE_YEAR, offset_minutes=30)
    solar: dict[str, npt.NDArray[np.float64]] = {}
    wind: dict[str, npt.NDArray[np.float64]] = {}
    for position, site in enumerate(table.itertuples(index=False)):
        raw_solar = pv_capacity_factor(
            float(site.lat), float(site.lon), hourly_index_values[:, position], mid_hours
        )
        solar[str(site.cluster_id)] = scale_to_full_load_hours(
            raw_solar, float(site.solar_full_load_hours_h)
        )
        wind[str(site.cluster_id)] = scale_wind_to_full_load_hours(
            shape[:, position], float(site.wind_full_load_hours_h)
        )
    index = pd.RangeIndex(HOURS_PER_YEAR, name="hour")
    return pd.DataFrame(solar, index=index), pd.DataFrame(wind, index=index)
