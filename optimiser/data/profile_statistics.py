"""Measure the weather statistics of hourly wind and solar capacity-factor profiles.

A "derive" helper of the regional catalogue, beside :mod:`optimiser.data.profiles` and
:mod:`optimiser.data.weather_generator`: :func:`profile_statistics` measures any set of profiles in
the catalogue's format (hour rows, one column per site) the same way, so the generated weather
years, the clear-sky single-year profiles shipped until 2026-12-05 and imported real weather can be
put side by side with the published figures. ``regions/scripts/build_weather_years.py`` uses it to
write the calibration table of ``docs/data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import optimize

from optimiser.data.profiles import HOURS_PER_YEAR, hourly_index
from optimiser.data.weather_generator import PROFILE_YEAR, great_circle_distances_km

LULL_CAPACITY_FACTOR = 0.10
"""A wind lull is a run of hours with a capacity factor below this [fraction]."""

LONG_LULL_HOURS = 24
"""A lull counts as long from this many consecutive hours [h]."""

WORST_SPELL_DAYS = 7
"""Length of the worst solar spell measured [d]."""

SEASONAL_WINDOW_DAYS = 31
"""Centred window of the running mean that removes the seasonal cycle of daily solar [d]."""


@dataclass(frozen=True)
class ProfileStatistics:
    """Weather statistics of one set of wind and solar profiles.

    Attributes
    ----------
    solar_daily_cv : pandas.DataFrame
        Coefficient of variation of daily PV energy within each month, month (1-12) x site [-].
    solar_worst_week_cf : pandas.Series
        Lowest 7-day mean capacity factor per site [fraction].
    solar_worst_week_ratio : pandas.Series
        That worst week's mean over the annual mean per site [-].
    wind_lag1_autocorrelation : pandas.Series
        Hour-to-hour autocorrelation of the wind capacity factor per site [-].
    wind_lull_share : pandas.Series
        Share of hours below :data:`LULL_CAPACITY_FACTOR` per site [fraction].
    wind_longest_lull_h : pandas.Series
        Longest run of hours below :data:`LULL_CAPACITY_FACTOR` per site [h].
    wind_long_lulls_per_year : pandas.Series
        Runs of at least :data:`LONG_LULL_HOURS` below the threshold per site [1/yr].
    wind_capacity_factor_quantiles : pandas.DataFrame
        Quantiles 0.1, 0.5 and 0.9 of the hourly wind capacity factor, quantile x site [fraction].
    wind_pairs, solar_pairs : pandas.DataFrame
        One row per site pair: ``site_a``, ``site_b``, ``distance_km``, ``correlation`` (hourly
        wind capacity factor; daily solar energy over its 31-day running mean).
    wind_efolding_km, solar_efolding_km : float
        L of the least-squares fit of correlation = exp(-distance / L) over the pairs [km].
    """

    solar_daily_cv: pd.DataFrame
    solar_worst_week_cf: pd.Series
    solar_worst_week_ratio: pd.Series
    wind_lag1_autocorrelation: pd.Series
    wind_lull_share: pd.Series
    wind_longest_lull_h: pd.Series
    wind_long_lulls_per_year: pd.Series
    wind_capacity_factor_quantiles: pd.DataFrame
    wind_pairs: pd.DataFrame
    solar_pairs: pd.DataFrame
    wind_efolding_km: float
    solar_efolding_km: float


def daily_energy(profile: pd.DataFrame) -> pd.DataFrame:
    """Return the daily mean capacity factor, day x site, of an 8,760-hour profile [fraction]."""
    values = profile.to_numpy(dtype=float)[:HOURS_PER_YEAR]
    days = hourly_index(PROFILE_YEAR)[::24]
    daily = values.reshape(-1, 24, values.shape[1]).mean(axis=1)
    return pd.DataFrame(daily, index=days.tz_localize(None), columns=profile.columns)


def daily_solar_variability(profile: pd.DataFrame) -> pd.DataFrame:
    """Return the coefficient of variation of daily energy within each month, month x site [-]."""
    daily = daily_energy(profile)
    grouped = daily.groupby(daily.index.month)
    return grouped.std(ddof=1) / grouped.mean()


def worst_spell(profile: pd.DataFrame, days: int = WORST_SPELL_DAYS) -> pd.Series:
    """Return each site's lowest running mean capacity factor over ``days`` days [fraction]."""
    return daily_energy(profile).rolling(days).mean().min()


def run_lengths(below: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Return the lengths of the runs of True in a boolean series [steps].

    Examples
    --------
    >>> run_lengths(np.array([True, True, False, True])).tolist()
    [2, 1]
    """
    padded = np.concatenate([[False], below, [False]]).astype(np.int8)
    edges = np.diff(padded)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return ends - starts


def lag1_autocorrelation(values: npt.NDArray[np.float64]) -> float:
    """Return the lag-1 autocorrelation of a series [-] (Pearson, of x[t] with x[t+1])."""
    return float(np.corrcoef(values[:-1], values[1:])[0, 1])


def pair_correlations(series: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Return the correlation and distance of every pair of sites.

    Parameters
    ----------
    series : pandas.DataFrame
        Time x site values.
    sites : pandas.DataFrame
        Indexed by site id, with ``lat`` and ``lon`` [degree].

    Returns
    -------
    pandas.DataFrame
        ``site_a``, ``site_b``, ``distance_km`` [km], ``correlation`` [-].
    """
    names = [name for name in series.columns if name in sites.index]
    distances = great_circle_distances_km(sites.loc[names, "lat"], sites.loc[names, "lon"])
    correlation = np.corrcoef(series[names].to_numpy(dtype=float), rowvar=False)
    rows = [
        (names[a], names[b], distances[a, b], correlation[a, b])
        for a, b in combinations(range(len(names)), 2)
    ]
    return pd.DataFrame(rows, columns=["site_a", "site_b", "distance_km", "correlation"])


def fit_efolding_length(pairs: pd.DataFrame) -> float:
    """Return L of the least-squares fit of correlation = exp(-distance / L) [km].

    Bounded to 1-20,000 km; series that share no weather give a short L.
    """

    def squared_error(length_km: float) -> float:
        model = np.exp(-pairs["distance_km"].to_numpy() / length_km)
        return float(((pairs["correlation"].to_numpy() - model) ** 2).sum())

    result = optimize.minimize_scalar(squared_error, bounds=(1.0, 20_000.0), method="bounded")
    return float(result.x)


def profile_statistics(
    solar: pd.DataFrame, wind: pd.DataFrame, sites: pd.DataFrame
) -> ProfileStatistics:
    """Measure the weather statistics of a set of solar and wind profiles.

    Parameters
    ----------
    solar, wind : pandas.DataFrame
        8,760 hourly capacity factors, one column per site id [fraction]; an ``hour`` column, if
        present, is ignored.
    sites : pandas.DataFrame
        Indexed by site id, with ``lat`` and ``lon`` [degree].

    Returns
    -------
    ProfileStatistics
        The statistics, per site and per pair of sites.
    """
    solar = solar.drop(columns="hour", errors="ignore")
    wind = wind.drop(columns="hour", errors="ignore")
    daily = daily_energy(solar)
    worst = worst_spell(solar)
    seasonal = daily.rolling(SEASONAL_WINDOW_DAYS, center=True, min_periods=10).mean()
    solar_pairs = pair_correlations(daily / seasonal, sites)
    wind_pairs = pair_correlations(wind, sites)
    lulls = {
        name: run_lengths(wind[name].to_numpy() < LULL_CAPACITY_FACTOR) for name in wind.columns
    }
    return ProfileStatistics(
        solar_daily_cv=daily_solar_variability(solar),
        solar_worst_week_cf=worst,
        solar_worst_week_ratio=worst / solar.mean(),
        wind_lag1_autocorrelation=wind.apply(
            lambda column: lag1_autocorrelation(column.to_numpy())
        ),
        wind_lull_share=(wind < LULL_CAPACITY_FACTOR).mean(),
        wind_longest_lull_h=pd.Series(
            {name: int(runs.max(initial=0)) for name, runs in lulls.items()}
        ),
        wind_long_lulls_per_year=pd.Series(
            {name: int((runs >= LONG_LULL_HOURS).sum()) for name, runs in lulls.items()}
        ),
        wind_capacity_factor_quantiles=wind.quantile([0.1, 0.5, 0.9]),
        wind_pairs=wind_pairs,
        solar_pairs=solar_pairs,
        wind_efolding_km=fit_efolding_length(wind_pairs),
        solar_efolding_km=fit_efolding_length(solar_pairs),
    )


@dataclass(frozen=True)
class CalibrationTarget:
    """A published figure that a summary statistic of the profiles is compared with.

    Attributes
    ----------
    key : str
        Name of the summary statistic (:func:`summary_statistics`).
    statistic : str
        What is measured, in words, with its unit.
    published : str
        The published figure as it is quoted.
    low, high : float
        The range a generated weather year should fall in (the published figure with its
        uncertainty; for an estimate, the estimated range).
    status : str
        ``S`` sourced, ``E`` estimate (the method says how), ``?`` no published figure found.
    reference_id : str
        The source in ``regions/references.csv``, or empty.
    method : str
        How the figure was derived from the source, or how it was estimated.
    """

    key: str
    statistic: str
    published: str
    low: float
    high: float
    status: str
    reference_id: str
    method: str


def unpublished_calibration_target(key: str, statistic: str) -> CalibrationTarget:
    """Return the calibration target of a statistic for which no published figure was found.

    It is reported beside the others but has no range to fall in (``low`` and ``high`` are NaN)
    and status ``?``.

    Parameters
    ----------
    key, statistic : str
        The summary statistic's name and its description with unit (as in
        :class:`CalibrationTarget`).

    Returns
    -------
    CalibrationTarget
        The target, with no published figure, range, reference or method.
    """
    return CalibrationTarget(
        key, statistic, "no published figure found", float("nan"), float("nan"), "?", "", ""
    )


CALIBRATION_TARGETS = (
    CalibrationTarget(
        "solar_daily_cv_cloudy",
        "Daily PV energy, coefficient of variation within a month, cloudy sites (Sichuan basin, "
        "Chongqing, Guizhou), median of months and sites [-]",
        "0.43-0.50",
        0.40,
        0.65,
        "S",
        "chen_xu_2022_state_grid_dataset",
        "computed from the measured 15-min output of the dataset's two cloudiest PV stations "
        "(sites 3 and 5, 2019-2020): median over the months (2019 and 2020 pooled) of the CV "
        "of daily energy",
    ),
    CalibrationTarget(
        "solar_daily_cv_clear",
        "The same at clear sites (north-west, Qinghai, Tibet) [-]",
        "0.27-0.28 at the clearest measured stations; the north-west lower",
        0.15,
        0.35,
        "E",
        "chen_xu_2022_state_grid_dataset",
        "the dataset's two clearest PV stations (sites 1 and 2) give 0.27-0.28; the arid "
        "north-west and Tibet, with more clear days, are taken to be lower, 0.15-0.35",
    ),
    CalibrationTarget(
        "solar_worst_week_cf_cloudy",
        "Worst 7-day mean solar capacity factor, cloudiest site [fraction]",
        "0.016",
        0.005,
        0.05,
        "S",
        "chen_xu_2022_state_grid_dataset",
        "lowest 7-day mean capacity factor of the dataset's cloudiest PV station (site 5, "
        "January 2020)",
    ),
    CalibrationTarget(
        "solar_worst_week_ratio_low",
        "Worst 7-day solar mean over the annual mean, lowest of the sites [-]",
        "0.12 (cloudiest station); 0.12-0.44 over four stations",
        0.08,
        0.30,
        "S",
        "chen_xu_2022_state_grid_dataset",
        "worst 7-day mean over the annual mean of the four PV stations with usable files "
        "(sites 1, 2, 3, 5)",
    ),
    CalibrationTarget(
        "wind_lag1_autocorrelation",
        "Hour-to-hour autocorrelation of the wind capacity factor, median of sites [-]",
        "0.85 (default) to 0.96 (strongly autocorrelated) for hourly wind speed",
        0.85,
        0.98,
        "E",
        "homer_pro_wind_autocorrelation",
        "HOMER's default and example one-hour autocorrelation factors of hourly wind speed; a "
        "farm's power is taken to lie in the same range",
    ),
    CalibrationTarget(
        "wind_longest_lull_h",
        "Longest spell below 10 % wind capacity factor, median of sites [h]",
        "windy and non-windy periods last 2-10 days",
        48.0,
        240.0,
        "E",
        "thunder_said_wind_correlations",
        "the 2-10 days quoted for offshore wind farms, taken as the range of a site's longest "
        "lull in a year; heavy-tailed low-wind persistence (Weber et al. 2019) supports "
        "multi-day spells",
    ),
    unpublished_calibration_target(
        "wind_long_lulls_per_year",
        "Spells of at least 24 h below 10 % wind capacity factor per year, median of sites",
    ),
    unpublished_calibration_target(
        "wind_lull_share",
        "Share of hours below 10 % wind capacity factor, median of sites [fraction]",
    ),
    unpublished_calibration_target(
        "wind_median_capacity_factor",
        "Median hourly wind capacity factor, median of sites [fraction]",
    ),
    CalibrationTarget(
        "wind_correlation_horinger_zhangjiakou",
        "Hourly wind correlation, Horinger-Zhangjiakou (279 km) [-]",
        "about 0.5",
        0.30,
        0.75,
        "E",
        "",
        "exp(-279 km / L) for the e-folding lengths of the next row",
    ),
    CalibrationTarget(
        "wind_efolding_km",
        "E-folding length of hourly wind correlation against distance, fitted over all pairs [km]",
        "exponential decay; several hundred km; faster in China than in Europe and North America",
        250.0,
        700.0,
        "E",
        "ren_2020_china_wind_correlation",
        "Ren et al. (2020) find the decay in China faster than in Europe and North America; "
        "Olauson and Bergkvist (2016) fit exponential decays to hourly European series; no "
        "single Chinese figure was found, so 250-700 km is an estimate",
    ),
    CalibrationTarget(
        "solar_efolding_km",
        "E-folding length of daily solar correlation (daily energy over its 31-day mean) [km]",
        "daily solar correlation falls with distance over hundreds of km",
        150.0,
        600.0,
        "E",
        "gafurov_2015_solar_spatial_correlation",
        "Gafurov et al. (2015) regress the daily correlation of satellite irradiance on distance "
        "(US regions); 150-600 km is an estimate for China",
    ),
)
"""The published figures the weather generator is calibrated against (rendered in docs/data.md)."""


def summary_statistics(
    statistics: ProfileStatistics, cloudy_sites: list[str], clear_sites: list[str]
) -> dict[str, float]:
    """Reduce a set of statistics to the figures of :data:`CALIBRATION_TARGETS`.

    Parameters
    ----------
    statistics : ProfileStatistics
        The statistics of one set of profiles (:func:`profile_statistics`).
    cloudy_sites, clear_sites : list of str
        Site ids of the cloudy and the clear climate zones.

    Returns
    -------
    dict
        One value per :attr:`CalibrationTarget.key`, in the units of its statistic.
    """
    cv = statistics.solar_daily_cv
    wind_pairs = statistics.wind_pairs
    pair = {"horinger", "zhangjiakou"}
    is_pair = [
        {site_a, site_b} == pair
        for site_a, site_b in zip(wind_pairs.site_a, wind_pairs.site_b, strict=True)
    ]
    chosen = wind_pairs[is_pair]
    return {
        "solar_daily_cv_cloudy": float(np.nanmedian(cv[cloudy_sites].to_numpy())),
        "solar_daily_cv_clear": float(np.nanmedian(cv[clear_sites].to_numpy())),
        "solar_worst_week_cf_cloudy": float(statistics.solar_worst_week_cf[cloudy_sites].min()),
        "solar_worst_week_ratio_low": float(statistics.solar_worst_week_ratio.min()),
        "wind_lag1_autocorrelation": float(statistics.wind_lag1_autocorrelation.median()),
        "wind_longest_lull_h": float(statistics.wind_longest_lull_h.median()),
        "wind_long_lulls_per_year": float(statistics.wind_long_lulls_per_year.median()),
        "wind_lull_share": float(statistics.wind_lull_share.median()),
        "wind_median_capacity_factor": float(
            statistics.wind_capacity_factor_quantiles.loc[0.5].median()
        ),
        "wind_correlation_horinger_zhangjiakou": float(chosen["correlation"].mean())
        if len(chosen)
        else float("nan"),
        "wind_efolding_km": statistics.wind_efolding_km,
        "solar_efolding_km": statistics.solar_efolding_km,
    }
