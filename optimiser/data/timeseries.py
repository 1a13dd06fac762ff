"""Represent the year by the hours the LP models, each with a weight.

Between the catalogue and the model: the catalogue holds 8,760-hour profiles; the LP models
every hour (``full_year``), representative days clustered as tsam's hierarchical method
clusters them (Ward's linkage, :func:`ward_day_groups`; ``representative_days``), one day per
month (``monthly_days``: 12 × 24 = 288 hours, each weighted by the days in its month, so the
weights sum to 8,760), or one average day for the year (``average_day``: 24 hours, for quick
screening). Representative and monthly days can keep chosen days whole (the year's extreme
days, the days a plan fell short on), each taken out of its group as a day of its own. Each
group of days is modelled by its medoid, the real day closest to the group's mean, rescaled so
that every profile keeps its annual energy (tsam's default for hierarchical clustering), or by
the group's mean day. The battery runs cyclically within each period (each modelled day, or the
whole year); long-duration storage is linked across the days of the year
(:mod:`optimiser.lp.storage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from optimiser.data.checks import HOURS_PER_YEAR

HOURS_PER_DAY = 24
DAYS_PER_YEAR = 365
DAYS_PER_MONTH_2025 = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class TimeRepresentation:
    """The modelled hours.

    Attributes
    ----------
    hours : pandas.DataFrame
        One row per modelled hour (index ``hour``, 0..H-1) with ``period`` (the representative
        period it belongs to), ``weight_h`` (hours of the year it stands for [h]) and
        ``previous_hour`` (the hour before it within its period, cyclically).
    day_of_year_hours : numpy.ndarray
        For each of the 8,760 hours of the year, the modelled hour that stands for it.
    source_days : numpy.ndarray, optional
        For each modelled day, the day whose hours it takes (its group's medoid; 0-364, + 365
        per later weather year); None when each modelled hour is the mean of the hours it
        stands for.
    years : int
        Weather years the hours are drawn from (their profiles one after the other; hours and
        days then count from the first year's start). Weights are divided by it, so they sum
        to 8,760 hours and annual figures are those of the mean year.
    """

    hours: pd.DataFrame
    day_of_year_hours: np.ndarray
    source_days: np.ndarray | None = None
    years: int = 1

    def aggregate(self, profile: pd.DataFrame) -> pd.DataFrame:
        """Put an 8,760-hour profile onto the modelled hours.

        Parameters
        ----------
        profile : pandas.DataFrame
            8,760 rows per weather year, any columns.

        Returns
        -------
        pandas.DataFrame
            One row per modelled hour: the mean of the year's hours it stands for, or with
            ``source_days`` the hour of its medoid day, rescaled to keep the annual energy.
        """
        if self.source_days is not None:
            return rescaled_medoid_days(
                profile, self.source_days, self.hours["weight_h"], self.years
            )
        grouped = profile.groupby(self.day_of_year_hours).mean()
        grouped.index = pd.RangeIndex(len(grouped), name="hour")
        return grouped


def _previous_within_period(periods: np.ndarray) -> np.ndarray:
    previous = np.arange(len(periods)) - 1
    starts = np.flatnonzero(np.r_[True, periods[1:] != periods[:-1]])
    ends = np.r_[starts[1:], len(periods)] - 1
    previous[starts] = ends  # cyclic: the first hour of a period follows its last
    return previous


def full_year() -> TimeRepresentation:
    """Return every hour of the year, one period, weight 1 h each."""
    periods = np.zeros(HOURS_PER_YEAR, dtype=int)
    hours = pd.DataFrame(
        {"period": periods, "weight_h": 1.0, "previous_hour": _previous_within_period(periods)},
        index=pd.RangeIndex(HOURS_PER_YEAR, name="hour"),
    )
    return TimeRepresentation(hours, np.arange(HOURS_PER_YEAR))


def days_representation(
    labels: np.ndarray, own_days: Sequence[int] = (), years: int = 1
) -> TimeRepresentation:
    """Return the representation that models each group of days by its mean day.

    Parameters
    ----------
    labels : numpy.ndarray
        For each of the 365 days (of each weather year), the group it belongs to (a month, a
        tsam cluster).
    own_days : sequence of int
        Days (0-364, + 365 per later weather year) taken out of their groups and kept as days
        of their own (weight 1 day each, divided by ``years``).
    years : int
        Weather years the days come from: each weight is divided by it.

    Returns
    -------
    TimeRepresentation
        One modelled day per group and per own day, numbered in calendar order of their first
        member day, each weighted by the days it stands for.
    """
    labels = np.asarray(labels).copy()
    for day in dict.fromkeys(own_days):
        labels[day] = labels.max() + 1  # a group of its own
    unique_labels, first_day = np.unique(labels, return_index=True)
    calendar_order = unique_labels[np.argsort(first_day)]
    number_of = {label: number for number, label in enumerate(calendar_order)}
    day_numbers = np.array([number_of[label] for label in labels])
    days = len(calendar_order)
    counts = np.bincount(day_numbers, minlength=days) / years
    modelled = np.repeat(day_numbers, HOURS_PER_DAY) * HOURS_PER_DAY + np.tile(
        np.arange(HOURS_PER_DAY), len(labels)
    )
    periods = np.repeat(np.arange(days), HOURS_PER_DAY)
    hours = pd.DataFrame(
        {
            "period": periods,
            "weight_h": np.repeat(counts, HOURS_PER_DAY),
            "previous_hour": _previous_within_period(periods),
        },
        index=pd.RangeIndex(len(periods), name="hour"),
    )
    return TimeRepresentation(hours, modelled, years=years)


def monthly_days(own_days: Sequence[int] = (), years: int = 1) -> TimeRepresentation:
    """Return one day per month (288 hours), weighted by the days in each month.

    Parameters
    ----------
    own_days : sequence of int
        Days of the year (0-364) taken out of their months and kept as days of their own
        (weight 1 day each), e.g. the :func:`extreme_days`.
    years : int
        Weather years: each month's days of every year form one group.
    """
    months = np.tile(np.repeat(np.arange(12), DAYS_PER_MONTH_2025), years)
    return days_representation(months, own_days, years)


def average_day(years: int = 1) -> TimeRepresentation:
    """Return one average day for the whole year (24 hours, weight 365 each): for screening."""
    periods = np.zeros(HOURS_PER_DAY, dtype=int)
    hours = pd.DataFrame(
        {
            "period": periods,
            "weight_h": HOURS_PER_YEAR / HOURS_PER_DAY,
            "previous_hour": _previous_within_period(periods),
        },
        index=pd.RangeIndex(HOURS_PER_DAY, name="hour"),
    )
    days = years * HOURS_PER_YEAR // HOURS_PER_DAY
    return TimeRepresentation(hours, np.tile(np.arange(HOURS_PER_DAY), days), years=years)


def medoid_days(profiles: pd.DataFrame, representation: TimeRepresentation) -> TimeRepresentation:
    """Return the representation with each group of days modelled by its medoid.

    The medoid is the member day closest (least squares over every hour and profile, each
    profile scaled to 0-1 over the year) to the mean of the group's days, as tsam picks
    medoids. A real day keeps the variability that averaging smooths away: a mean of cloudy
    and sunny days is never short of sun, so a plan on mean days overstates what storage and
    surplus supply deliver hour by hour (Kotzur et al., Renewable Energy 117, 2018).

    Parameters
    ----------
    profiles : pandas.DataFrame
        8,760 hourly rows per weather year, one column per profile the days were grouped on.
    representation : TimeRepresentation
        A representation of whole days (monthly, representative or an average day).

    Returns
    -------
    TimeRepresentation
        The same days and weights, with ``source_days`` set.
    """
    varying = profiles.loc[:, profiles.std() > 0]
    span = varying.max() - varying.min()
    scaled = ((varying - varying.min()) / span).to_numpy()
    scaled = scaled.reshape(len(scaled) // HOURS_PER_DAY, -1)
    groups = representation.day_of_year_hours[::HOURS_PER_DAY] // HOURS_PER_DAY
    medoids = np.empty(groups.max() + 1, dtype=int)
    for group in range(len(medoids)):
        members = np.flatnonzero(groups == group)
        distance = ((scaled[members] - scaled[members].mean(axis=0)) ** 2).sum(axis=1)
        medoids[group] = members[np.argmin(distance)]
    return replace(representation, source_days=medoids)


def rescaled_medoid_days(
    profile: pd.DataFrame, source_days: np.ndarray, weight_h: pd.Series, years: int = 1
) -> pd.DataFrame:
    """Return the medoid days' hours of a profile, rescaled to keep its annual energy.

    Days that stand for one day (extreme days, days kept whole) stay as they are. On the
    other days each column is scaled so that its weighted sum equals its annual sum, without
    exceeding the column's largest value over the year; values at that bound stay there and
    the rest is spread over the others (tsam's rescaling of cluster periods).

    Parameters
    ----------
    profile : pandas.DataFrame
        8,760 rows per weather year, any columns (non-negative).
    source_days : numpy.ndarray
        For each modelled day, the day (counted from the first year's start) whose hours it
        takes.
    weight_h : pandas.Series
        Hours of the year each modelled hour stands for [h].
    years : int
        Weather years the profile holds (8,760 rows each): the energy kept is the mean year's.

    Returns
    -------
    pandas.DataFrame
        One row per modelled hour.
    """
    year = profile.to_numpy(dtype=float)
    hours_of_day = np.arange(HOURS_PER_DAY)
    rows = (source_days[:, None] * HOURS_PER_DAY + hours_of_day).ravel()
    values = year[rows].copy()
    weights = weight_h.to_numpy()
    scaled = weights * years > 1  # groups of more than one day
    annual = year.sum(axis=0) / years
    largest = year.max(axis=0)
    for column in range(values.shape[1]):
        fixed = weights[~scaled] @ values[~scaled, column]
        values[scaled, column] = water_fill(
            values[scaled, column], weights[scaled], annual[column] - fixed, largest[column]
        )
    return pd.DataFrame(
        values, columns=profile.columns, index=pd.RangeIndex(len(values), name="hour")
    )


def water_fill(values: np.ndarray, weights: np.ndarray, total: float, bound: float) -> np.ndarray:
    """Scale ``values`` so that ``weights @ values == total``, none above ``bound``.

    Values that would exceed the bound are held at it and the others scaled again, until
    none is newly held (at most one pass per value; two or three in practice).
    """
    values = values.copy()
    held = np.zeros(len(values), dtype=bool)
    while True:
        free_sum = weights[~held] @ values[~held]
        if free_sum <= 0:
            return values
        factor = max(total - weights[held] @ values[held], 0.0) / free_sum
        values[~held] *= factor
        over = ~held & (values > bound)
        if not over.any():
            return values
        values[over] = bound
        held |= over


def extreme_days(profiles: pd.DataFrame) -> list[int]:
    """Return the day of the year's highest demand and the day of its lowest renewable output.

    The highest demand is the hour with the largest sum of the demand shapes (columns
    ``latency_bound`` and ``flexible``); the lowest renewable output is the day with the
    smallest mean of every wind and solar capacity factor (columns ``wind_*``, ``solar_*``).

    Returns
    -------
    list of int
        Day numbers (0-364), without repetition.
    """
    demand = profiles[[column for column in ("latency_bound", "flexible") if column in profiles]]
    renewables = profiles[[column for column in profiles if column.startswith(("wind_", "solar_"))]]
    days: list[int] = []
    if demand.shape[1]:
        days.append(int(np.argmax(demand.sum(axis=1).to_numpy())) // HOURS_PER_DAY)
    if renewables.shape[1]:
        daily = renewables.mean(axis=1).to_numpy().reshape(-1, HOURS_PER_DAY).mean(axis=1)
        days.append(int(np.argmin(daily)))
    return list(dict.fromkeys(days))


def extreme_days_of_each_year(profiles: pd.DataFrame) -> list[int]:
    """Return the :func:`extreme_days` of each weather year (8,760 rows each), numbered on."""
    days: list[int] = []
    for year in range(len(profiles) // HOURS_PER_YEAR):
        block = profiles.iloc[year * HOURS_PER_YEAR : (year + 1) * HOURS_PER_YEAR]
        days += [day + year * DAYS_PER_YEAR for day in extreme_days(block)]
    return days


def representative_days(
    profiles: pd.DataFrame,
    count: int,
    with_extremes: bool = False,
    extra_days: Sequence[int] = (),
) -> TimeRepresentation:
    """Return ``count`` representative days found by clustering the year's days (Ward).

    Days are grouped by hierarchical clustering (deterministic, :func:`ward_day_groups`) on
    every profile the model uses; each representative day stands for its cluster's days,
    weighted by their number. It is their mean day, or with :func:`medoid_days` the cluster's
    medoid.

    Parameters
    ----------
    profiles : pandas.DataFrame
        8,760 hourly rows per weather year, one column per profile (capacity factors, demand
        shapes); the days of every year are clustered together.
    count : int
        Number of representative days.
    with_extremes : bool
        Also keep the :func:`extreme_days` of each year as days of their own (weight 1 day
        each), taken out of their clusters: averaging would otherwise smooth away the peak a
        plan must serve and the dark, still day it must get through.
    extra_days : sequence of int
        Further days of the year (0-364) kept as days of their own in the same way.
    """
    years = len(profiles) // HOURS_PER_YEAR
    # Constant columns carry no information for clustering.
    varying = profiles.loc[:, profiles.std() > 0]
    own = [*(extreme_days_of_each_year(profiles) if with_extremes else []), *extra_days]
    return days_representation(ward_day_groups(varying, count), own, years)


def ward_day_groups(profiles: pd.DataFrame, count: int) -> np.ndarray:
    """Group the days of hourly profiles into ``count`` clusters by Ward's linkage.

    The clustering of tsam's ``hierarchical`` method (tsam 4), step for step: each column
    min-max scaled to 0-1 as scikit-learn's ``MinMaxScaler`` scales it, each day one point of
    its columns' 24 hours (column by column), SciPy's Ward tree (what scikit-learn's
    ``AgglomerativeClustering`` builds) cut where ``count`` clusters remain. Done here, a solve
    does not import tsam and scikit-learn (1.4 s; scikit-learn imports ``scipy.stats``), and
    the groups are tsam's (``tests/data/test_timeseries.py`` compares them).

    Parameters
    ----------
    profiles : pandas.DataFrame
        Hourly rows, whole days, one column per profile (none constant).
    count : int
        Number of clusters.

    Returns
    -------
    numpy.ndarray
        Each day's cluster (0 to ``count`` - 1).
    """
    from scipy.cluster.hierarchy import cut_tree, ward

    values = profiles.to_numpy(dtype=float)
    days = len(values) // HOURS_PER_DAY
    if count == 1:
        return np.zeros(days, dtype=int)
    low = values.min(axis=0)
    span = values.max(axis=0) - low
    scale = 1.0 / np.where(span == 0.0, 1.0, span)
    scaled = values * scale + (0.0 - low * scale)  # MinMaxScaler's own arithmetic
    points = scaled.reshape(days, HOURS_PER_DAY, -1).transpose(0, 2, 1).reshape(days, -1)
    return cut_tree(ward(points), n_clusters=count).ravel()


def time_representation(
    name: str,
    profiles: pd.DataFrame | None = None,
    representative_day_count: int = 12,
    with_extremes: bool = False,
    extra_days: Sequence[int] = (),
    medoids: bool = False,
    years: int = 1,
) -> TimeRepresentation:
    """Return the time representation a scenario names.

    Parameters
    ----------
    name : str
        ``average_day``, ``monthly_days``, ``representative_days`` or ``full_year``.
    profiles : pandas.DataFrame, optional
        The hourly profiles (8,760 rows per weather year), needed to find representative
        days, extreme days and medoids.
    representative_day_count : int
        Number of days for ``representative_days``.
    with_extremes : bool
        With ``representative_days`` or ``monthly_days``: also keep the :func:`extreme_days`
        (of each weather year) as days of their own.
    extra_days : sequence of int
        With ``representative_days`` or ``monthly_days``: further days of the year kept
        whole.
    medoids : bool
        Model each group of days by its medoid (:func:`medoid_days`) instead of its mean day;
        no effect on ``full_year``, whose days are all their own.
    years : int
        Weather years the profiles hold, one after the other (PyPSA-Eur's way of planning on
        several years: all their days are grouped together and every weight is divided by
        the number of years). Not with ``full_year``.
    """
    if name == "full_year":
        if years != 1:
            msg = "full_year takes one weather year"
            raise ValueError(msg)
        return full_year()
    if (with_extremes or medoids or name == "representative_days") and profiles is None:
        msg = f"{name} with extreme days, medoids or clustering needs the profiles"
        raise ValueError(msg)
    if name == "average_day":
        representation = average_day(years)
    elif name == "representative_days":
        assert profiles is not None
        representation = representative_days(
            profiles, representative_day_count, with_extremes, extra_days
        )
    else:
        own = [
            *(
                extreme_days_of_each_year(profiles)
                if with_extremes and profiles is not None
                else []
            ),
            *extra_days,
        ]
        representation = monthly_days(own, years)
    if medoids:
        assert profiles is not None
        return medoid_days(profiles, representation)
    return representation
