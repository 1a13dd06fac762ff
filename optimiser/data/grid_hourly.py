r"""Hour-by-hour carbon-free supply of the provincial grids and of the UHV corridors.

The methods behind the hourly inputs of the 24/7 carbon-free-energy (CFE) measures, applied to
the catalogue's 8,760-hour profiles before they are represented on the modelled hours:

- **The grid's hourly carbon-free share per province** (:func:`grid_carbon_free_share`). A
  province's carbon-free generation in hour :math:`h` is its annual generation mix
  (``grid_mix.csv``) spread over the year by each source's shape, all normalised to a mean of
  one: hydro by its monthly output (``profiles/monthly_shares.csv``, the province's own column
  where there is one, else the national), nuclear and other renewables flat, wind and solar by
  the capacity factors of a catalogue site in the province. Generation follows the province's
  load (``profiles/grid_load_daily.csv`` × the monthly consumption shares), so the hourly share
  is :math:`c_{ph} = \min(1, \alpha_p \, r_{ph} / \lambda_h)` with :math:`r_{ph}` the
  carbon-free generation shape and :math:`\lambda_h` the load shape; :math:`\alpha_p` calibrates
  the load-weighted annual mean to the catalogue's ``grid_carbon_free_share`` (consumption
  based, imports included). The cap at one keeps a surplus hour from counting twice.
- **Corridors** (:func:`corridor_hourly_supply`). The renewable part of a line's energy follows
  its sending end; the thermal part is never green. A line with thermal power behind it
  (``renewable_share`` < 1) runs at its contracted capacity in every hour and its green share
  is :math:`\gamma_{kh} = \min(1, \beta_k \gamma_k s_{kh})`, :math:`s_{kh}` the shape of its
  green source (hydro monthly, or wind and solar in the line's ``green_wind_share`` from a site
  in the sending province), :math:`\beta_k` calibrated so the annual mean is :math:`\gamma_k`.
  A purely renewable line (the hydro lines) carries only what its source produces: its
  availability is :math:`s_{kh} / \max_h s_{kh}` of its capacity, all of it green.

A catalogue without the tables (an older folder, a test catalogue) gets flat shares: the annual
carbon-free share in every hour, lines at their annual renewable share and full capacity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.checks import HOURS_PER_YEAR
from optimiser.data.timeseries import DAYS_PER_MONTH_2025, HOURS_PER_DAY

CALIBRATION_TOLERANCE = 1e-9
"""Largest gap between a calibrated annual mean and its target [fraction]."""


def month_of_hour() -> np.ndarray:
    """Return the calendar month (1-12) of each of the 8,760 hours of the year."""
    days = np.repeat(np.arange(1, 13), DAYS_PER_MONTH_2025)
    return np.repeat(days, HOURS_PER_DAY)


def monthly_shape(shares: pd.Series) -> np.ndarray:
    """Spread monthly shares of an annual total over the hours, as a shape of mean one.

    Parameters
    ----------
    shares : pandas.Series
        Index month 1-12: the share of the year's energy in each month [fraction, sum 1].

    Returns
    -------
    numpy.ndarray
        8,760 values, each month's hours alike, with mean 1.

    Examples
    --------
    >>> shape = monthly_shape(pd.Series(1 / 12, index=range(1, 13)))
    >>> round(float(shape.mean()), 9), round(float(shape[0]), 4)
    (1.0, 1.0027)
    """
    months = month_of_hour()
    hours_in_month = np.bincount(months, minlength=13)[1:]
    per_hour = shares.reindex(range(1, 13)).to_numpy(dtype=float) / hours_in_month
    shape = per_hour[months - 1]
    return shape / shape.mean()


def load_shape(catalogue: Catalogue) -> np.ndarray:
    """Return the provincial grids' load shape over the year (mean 1).

    The typical daily curve (``grid_load_daily.csv``) times the month's mean from the
    national monthly consumption shares; flat without those tables.
    """
    daily = catalogue.grid_load_daily
    shares = catalogue.monthly_shares
    shape = np.ones(HOURS_PER_YEAR)
    if daily is not None:
        hour_of_day = np.tile(np.arange(HOURS_PER_DAY), HOURS_PER_YEAR // HOURS_PER_DAY)
        values = daily["load_multiplier"].reindex(range(HOURS_PER_DAY)).to_numpy(dtype=float)
        shape = shape * values[hour_of_day]
    if shares is not None and "electricity_consumption_national" in shares.columns:
        shape = shape * monthly_shape(shares["electricity_consumption_national"])
    return shape / shape.mean()


def hydro_shape(catalogue: Catalogue, province: str) -> np.ndarray:
    """Return a province's hydro output shape (mean 1): its own monthly shares, else national."""
    shares = catalogue.monthly_shares
    if shares is None:
        return np.ones(HOURS_PER_YEAR)
    column = f"hydro_{province}" if f"hydro_{province}" in shares.columns else "hydro_national"
    if column not in shares.columns:
        return np.ones(HOURS_PER_YEAR)
    return monthly_shape(shares[column])


def province_site(catalogue: Catalogue, province: str) -> str | None:
    """Return the catalogue site whose weather stands for a province (a hub cluster first)."""
    clusters = catalogue.clusters
    in_province = clusters[clusters["province_id"] == province]
    if in_province.empty:
        return None
    hubs = in_province[in_province["is_hub_cluster"].astype(bool)]
    return str((hubs if not hubs.empty else in_province).index[0])


def _mean_one(values: np.ndarray) -> np.ndarray:
    mean = float(values.mean())
    return values / mean if mean > 0 else np.ones_like(values)


def wind_solar_shapes(catalogue: Catalogue, province: str) -> tuple[np.ndarray, np.ndarray]:
    """Return a province's wind and solar output shapes (mean 1) from a site's profiles.

    A province without a catalogue site takes the mean profile of every site.
    """
    site = province_site(catalogue, province)
    wind, solar = catalogue.wind_capacity_factor, catalogue.solar_capacity_factor
    if site is None:
        return _mean_one(wind.mean(axis=1).to_numpy()), _mean_one(solar.mean(axis=1).to_numpy())
    return _mean_one(wind[site].to_numpy(dtype=float)), _mean_one(solar[site].to_numpy(dtype=float))


def calibrate_capped(raw: np.ndarray, weights: np.ndarray, target: float) -> np.ndarray:
    r"""Scale a share profile so that its weighted mean, capped at one, equals a target.

    Returns :math:`\min(1, \alpha x_h)` with :math:`\alpha` found by bisection so that
    :math:`\sum_h w_h \min(1, \alpha x_h) / \sum_h w_h` equals ``target`` (the capped mean
    grows with :math:`\alpha`, so the root is unique).

    Parameters
    ----------
    raw : numpy.ndarray
        Uncalibrated shares (≥ 0), one per hour.
    weights : numpy.ndarray
        Weight of each hour (e.g. the load) [-].
    target : float
        Weighted annual mean to reach [fraction 0-1].

    Examples
    --------
    >>> shares = calibrate_capped(np.array([0.1, 0.3]), np.ones(2), 0.4)
    >>> [round(float(value), 6) for value in shares]
    [0.2, 0.6]
    """
    if target <= 0 or not np.any(raw > 0):
        return np.zeros_like(raw, dtype=float)
    total = float(weights.sum())

    def capped_mean(scale: float) -> float:
        return float((np.minimum(1.0, scale * raw) * weights).sum() / total)

    reachable = float(weights[raw > 0].sum() / total)
    target = min(target, reachable)
    low, high = 0.0, 1.0
    while capped_mean(high) < target:
        high *= 2.0
    while high - low > CALIBRATION_TOLERANCE * max(high, 1.0):
        middle = (low + high) / 2
        low, high = (middle, high) if capped_mean(middle) < target else (low, middle)
    return np.minimum(1.0, high * raw)


def _carbon_free_generation(catalogue: Catalogue, province: str, mix: pd.Series) -> np.ndarray:
    wind, solar = wind_solar_shapes(catalogue, province)
    return (
        mix["hydro_share"] * hydro_shape(catalogue, province)
        + mix["nuclear_share"]
        + mix["other_renewable_share"]
        + mix["wind_share"] * wind
        + mix["solar_share"] * solar
    )


def grid_carbon_free_share(catalogue: Catalogue, provinces: list[str]) -> pd.DataFrame:
    """Return the grid's carbon-free share in every hour of the year, per province.

    Parameters
    ----------
    catalogue : Catalogue
        The catalogue: ``grid_mix``, ``monthly_shares``, ``grid_load_daily``, the provinces'
        ``grid_carbon_free_share`` and the sites' wind and solar profiles.
    provinces : list of str
        The provinces to derive (those of the modelled sites).

    Returns
    -------
    pandas.DataFrame
        Index ``hour`` (0-8759), one column per province [fraction 0-1]; its load-weighted
        annual mean equals the province's ``grid_carbon_free_share``.
    """
    annual = annual_carbon_free_share(catalogue)
    load = load_shape(catalogue)
    mix = catalogue.grid_mix
    columns = {}
    for province in provinces:
        target = float(annual[province])
        if mix is None or province not in mix.index:
            columns[province] = np.full(HOURS_PER_YEAR, target)
            continue
        raw = _carbon_free_generation(catalogue, province, mix.loc[province]) / load
        columns[province] = calibrate_capped(raw, load, target)
    return pd.DataFrame(columns, index=pd.RangeIndex(HOURS_PER_YEAR, name="hour"))


def annual_carbon_free_share(catalogue: Catalogue) -> pd.Series:
    """Return each province's annual grid carbon-free share [fraction].

    ``grid_carbon_free_share`` where the catalogue has it, else the renewable share.
    """
    provinces = catalogue.provinces
    if "grid_carbon_free_share" in provinces.columns:
        return provinces["grid_carbon_free_share"].astype(float)
    return provinces["grid_renewable_share"].astype(float)


def _green_source_shape(catalogue: Catalogue, line: pd.Series) -> np.ndarray:
    province = str(line["from_province_id"])
    if line.get("green_source", "wind_solar") == "hydro":
        return hydro_shape(catalogue, province)
    wind, solar = wind_solar_shapes(catalogue, province)
    wind_share = float(line.get("green_wind_share", 0.5))
    return wind_share * wind + (1 - wind_share) * solar


def corridor_hourly_supply(
    catalogue: Catalogue, corridors: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return each corridor's green share and available share of capacity in every hour.

    Parameters
    ----------
    catalogue : Catalogue
        The catalogue (profiles, monthly shares).
    corridors : pandas.DataFrame
        Index ``corridor_id``: ``renewable_share``, ``from_province_id`` and, where the
        catalogue has them, ``green_source`` and ``green_wind_share``.

    Returns
    -------
    green_share : pandas.DataFrame
        Index ``hour``, one column per corridor: the green part of its flow [fraction].
    availability : pandas.DataFrame
        Index ``hour``, one column per corridor: the share of its capacity it can carry
        [fraction]; below one only for purely renewable lines, which carry nothing else.
    """
    index = pd.RangeIndex(HOURS_PER_YEAR, name="hour")
    green: dict[str, np.ndarray] = {}
    available: dict[str, np.ndarray] = {}
    flat = catalogue.grid_mix is None and catalogue.monthly_shares is None
    for corridor, line in corridors.iterrows():
        share = float(line["renewable_share"])
        shape = np.ones(HOURS_PER_YEAR) if flat else _green_source_shape(catalogue, line)
        if share >= 1.0:
            green[str(corridor)] = np.ones(HOURS_PER_YEAR)
            available[str(corridor)] = shape / shape.max()
        else:
            green[str(corridor)] = calibrate_capped(share * shape, np.ones(HOURS_PER_YEAR), share)
            available[str(corridor)] = np.ones(HOURS_PER_YEAR)
    return (
        pd.DataFrame(green, index=index, columns=list(corridors.index)),
        pd.DataFrame(available, index=index, columns=list(corridors.index)),
    )


__all__ = [
    "annual_carbon_free_share",
    "calibrate_capped",
    "corridor_hourly_supply",
    "grid_carbon_free_share",
    "load_shape",
    "monthly_shape",
]
