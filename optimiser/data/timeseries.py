"""Represent the year by the hours the LP models, each with a weight.

Between the catalogue and the model: the catalogue holds 8,760-hour profiles; the LP models
every hour (``full_year``), representative days clustered with tsam
(``representative_days``), one average day per month (``monthly_days``: 12 × 24 = 288
hours, each weighted by the days in its month, so the weights sum to 8,760), or one average
day for the year (``average_day``: 24 hours, for quick screening). Representative and monthly
days can keep chosen days whole (the year's extreme days, the days a plan fell short on),
each taken out of its group as a day of its own. Storage runs cyclically within each period
(each modelled day, or the whole year).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimiser.data.checks import HOURS_PER_YEAR

HOURS_PER_DAY = 24
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
    """

    hours: pd.DataFrame
    day_of_year_hours: np.ndarray

    def aggregate(self, profile: pd.DataFrame) -> pd.DataFrame:
        """Average an 8,760-hour profile onto the modelled hours.

        Parameters
        ----------
        profile : pandas.DataFrame
            8,760 rows, any columns.

        Returns
        -------
        pandas.DataFrame
            One row per modelled hour: the mean of the year's hours it stands for.
        """
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


def days_representation(labels: np.ndarray, own_days: Sequence[int] = ()) -> TimeRepresentation:
    """Return the representation that models each group of days by its mean day.

    Parameters
    ----------
    labels : numpy.ndarray
        For each of the 365 days, the group it belongs to (a month, a tsam cluster).
    own_days : sequence of int
        Days of the year (0-364) taken out of their groups and kept as days of their own
        (weight 1 day each).

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
    counts = np.bincount(day_numbers, minlength=days).astype(float)
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
    return TimeRepresentation(hours, modelled)


def monthly_days(own_days: Sequence[int] = ()) -> TimeRepresentation:
    """Return one average day per month (288 hours), weighted by the days in each month.

    Parameters
    ----------
    own_days : sequence of int
        Days of the year (0-364) taken out of their months and kept as days of their own
        (weight 1 day each), e.g. the :func:`extreme_days`.
    """
    return days_representation(np.repeat(np.arange(12), DAYS_PER_MONTH_2025), own_days)


def average_day() -> TimeRepresentation:
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
    return TimeRepresentation(hours, np.tile(np.arange(HOURS_PER_DAY), HOURS_PER_YEAR // 24))


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


def representative_days(
    profiles: pd.DataFrame,
    count: int,
    with_extremes: bool = False,
    extra_days: Sequence[int] = (),
) -> TimeRepresentation:
    """Return ``count`` representative days found by clustering the year's days with tsam.

    Days are grouped by hierarchical clustering (deterministic) on every profile the model
    uses; each representative day is the mean of its cluster's days, weighted by their number,
    so annual energies are kept exactly.

    Parameters
    ----------
    profiles : pandas.DataFrame
        8,760 hourly rows, one column per profile (capacity factors, demand shapes).
    count : int
        Number of representative days.
    with_extremes : bool
        Also keep the :func:`extreme_days` as days of their own (weight 1 day each), taken
        out of their clusters: averaging would otherwise smooth away the peak a plan must
        serve and the dark, still day it must get through.
    extra_days : sequence of int
        Further days of the year (0-364) kept as days of their own in the same way.
    """
    import warnings

    import tsam

    index = pd.date_range("2025-01-01", periods=HOURS_PER_YEAR, freq="h")
    # Constant columns carry no information for clustering (and tsam warns about them).
    varying = profiles.loc[:, profiles.std() > 0].set_axis(index)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tsam.aggregate(
            varying,
            count,
            period_duration=HOURS_PER_DAY,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="mean"),
        )
    own = [*(extreme_days(profiles) if with_extremes else []), *extra_days]
    return days_representation(np.asarray(result.cluster_assignments), own)


def time_representation(
    name: str,
    profiles: pd.DataFrame | None = None,
    representative_day_count: int = 12,
    with_extremes: bool = False,
    extra_days: Sequence[int] = (),
) -> TimeRepresentation:
    """Return the time representation a scenario names.

    Parameters
    ----------
    name : str
        ``average_day``, ``monthly_days``, ``representative_days`` or ``full_year``.
    profiles : pandas.DataFrame, optional
        The hourly profiles, needed to find representative days.
    representative_day_count : int
        Number of days for ``representative_days``.
    with_extremes : bool
        With ``representative_days`` or ``monthly_days``: also keep the :func:`extreme_days`
        as days of their own.
    extra_days : sequence of int
        With ``representative_days`` or ``monthly_days``: further days of the year kept
        whole.
    """
    if name == "full_year":
        return full_year()
    if name == "average_day":
        return average_day()
    if (with_extremes or name == "representative_days") and profiles is None:
        msg = f"{name} with extreme days or clustering needs the profiles"
        raise ValueError(msg)
    if name == "representative_days":
        assert profiles is not None
        return representative_days(profiles, representative_day_count, with_extremes, extra_days)
    own = [*(extreme_days(profiles) if with_extremes and profiles is not None else []), *extra_days]
    return monthly_days(own)
