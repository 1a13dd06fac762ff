"""Time representations: weights, cyclic periods, energy kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.data.catalogue import load_catalogue
from optimiser.data.timeseries import time_representation


@pytest.fixture(scope="module")
def profiles() -> pd.DataFrame:
    catalogue = load_catalogue()
    return pd.concat(
        [catalogue.demand_shape, catalogue.wind_capacity_factor.add_prefix("wind_")], axis=1
    )


@pytest.mark.parametrize(
    ("name", "hours"),
    [("average_day", 24), ("monthly_days", 288), ("representative_days", 240), ("full_year", 8760)],
)
def test_weights_sum_to_a_year_and_periods_are_cyclic(
    profiles: pd.DataFrame, name: str, hours: int
) -> None:
    representation = time_representation(name, profiles, representative_day_count=10)
    table = representation.hours
    assert len(table) == hours
    assert table["weight_h"].sum() == pytest.approx(8760)
    for _, period in table.groupby("period"):
        first, last = period.index[0], period.index[-1]
        assert period.loc[first, "previous_hour"] == last
        assert (period["previous_hour"].iloc[1:].to_numpy() == period.index[:-1]).all()


@pytest.mark.parametrize("name", ["average_day", "monthly_days", "representative_days"])
def test_aggregation_keeps_annual_energy(profiles: pd.DataFrame, name: str) -> None:
    representation = time_representation(name, profiles, representative_day_count=12)
    aggregated = representation.aggregate(profiles)
    weights = representation.hours["weight_h"].to_numpy()
    annual = aggregated.mul(weights, axis=0).sum()
    pd.testing.assert_series_equal(annual, profiles.sum(), rtol=1e-9)


def test_representative_days_are_deterministic(profiles: pd.DataFrame) -> None:
    first = time_representation("representative_days", profiles, 8).day_of_year_hours
    second = time_representation("representative_days", profiles, 8).day_of_year_hours
    assert np.array_equal(first, second)


@pytest.mark.parametrize("name", ["average_day", "monthly_days", "representative_days"])
def test_medoid_days_keep_annual_energy(profiles: pd.DataFrame, name: str) -> None:
    representation = time_representation(name, profiles, 12, with_extremes=True, medoids=True)
    aggregated = representation.aggregate(profiles)
    weights = representation.hours["weight_h"].to_numpy()
    annual = aggregated.mul(weights, axis=0).sum()
    pd.testing.assert_series_equal(annual, profiles.sum(), rtol=1e-9)
    assert (aggregated <= profiles.max() + 1e-12).all().all()


def test_a_medoid_is_the_member_day_closest_to_its_group_mean() -> None:
    # January: 21 sunny days, 10 cloudy days whose sun comes late. The mean day has a bit of
    # sun in every hour of the day; the medoid is a sunny day, its shape kept and its height
    # scaled with the other months' medoids to the year's energy, so no hour has sun that no
    # real day had.
    hours = np.arange(8760)
    sunny = np.clip(np.sin(np.pi * ((hours % 24) - 6) / 12), 0, None)
    cloudy_late = np.where((hours % 24) >= 15, 0.2, 0.0)
    day = hours // 24
    solar = np.where((day < 31) & (day % 3 == 2), cloudy_late, sunny)
    profiles = pd.DataFrame({"solar_a": solar})
    mean = time_representation("monthly_days", profiles).aggregate(profiles)
    medoid = time_representation("monthly_days", profiles, medoids=True)
    january = medoid.aggregate(profiles)["solar_a"].to_numpy()[:24]
    assert medoid.source_days is not None
    assert medoid.source_days[0] % 3 != 2  # a sunny day
    assert mean["solar_a"].to_numpy()[:24][19] > 0  # averaged: sun at 19:00
    assert january[19] == pytest.approx(0)  # the medoid day's shape: none
    lit = sunny[:24] > 0
    assert np.ptp(january[lit] / sunny[:24][lit]) == pytest.approx(0)  # one factor


def test_water_fill_holds_values_at_the_bound_and_meets_the_total() -> None:
    from optimiser.data.timeseries import water_fill

    values = water_fill(np.array([0.9, 0.5, 0.1]), np.array([1.0, 1.0, 2.0]), 2.0, 1.0)
    assert values.max() == pytest.approx(1.0)
    assert np.array([1.0, 1.0, 2.0]) @ values == pytest.approx(2.0)
    assert values[1] / values[2] == pytest.approx(5.0)  # the free values keep their ratio


def test_cluster_representation_needs_days() -> None:
    from optimiser.errors import InputError
    from optimiser.paths import default_model_path
    from optimiser.scenario import resolve_scenario

    with pytest.raises(InputError, match="cluster_representation"):
        resolve_scenario(
            default_model_path(),
            "baseline",
            ["time.representation=full_year", "time.cluster_representation=mean"],
        )
    time = resolve_scenario(default_model_path(), "baseline", []).settings.time
    assert time.uses_medoids
    screening = ["time.representation=average_day"]
    assert not resolve_scenario(
        default_model_path(), "baseline", screening
    ).settings.time.uses_medoids


@pytest.mark.parametrize("name", ["average_day", "monthly_days", "representative_days"])
@pytest.mark.parametrize("medoids", [False, True])
def test_several_weather_years_keep_the_mean_year_s_energy(
    profiles: pd.DataFrame, name: str, medoids: bool
) -> None:
    # A second year with 30 % more wind: the modelled hours carry the mean of both years.
    second = profiles.copy()
    wind = [column for column in profiles if column.startswith("wind_")]
    second[wind] = (second[wind] * 1.3).clip(upper=1.0)
    both = pd.concat([profiles, second], ignore_index=True)
    representation = time_representation(
        name, both, 12, with_extremes=name != "average_day", medoids=medoids, years=2
    )
    table = representation.hours
    assert table["weight_h"].sum() == pytest.approx(8760)
    annual = representation.aggregate(both).mul(table["weight_h"].to_numpy(), axis=0).sum()
    pd.testing.assert_series_equal(annual, both.sum() / 2, rtol=1e-9)


def test_each_weather_year_keeps_its_extreme_days() -> None:
    from optimiser.data.timeseries import extreme_days_of_each_year

    hours = np.arange(8760)
    first = pd.DataFrame({"latency_bound": 1.0 + 0.1 * np.sin(hours), "wind_a": 0.5})
    second = first.copy()
    first.loc[24 * 40 : 24 * 41 - 1, "wind_a"] = 0.0  # still on day 40 of year 1
    second.loc[24 * 300 : 24 * 301 - 1, "wind_a"] = 0.0  # and on day 300 of year 2
    days = extreme_days_of_each_year(pd.concat([first, second], ignore_index=True))
    assert 40 in days
    assert 365 + 300 in days
    kept = time_representation(
        "monthly_days", pd.concat([first, second], ignore_index=True), with_extremes=True, years=2
    )
    for day in (40, 365 + 300):
        modelled = kept.day_of_year_hours[day * 24]
        assert kept.hours.loc[modelled, "weight_h"] == 0.5  # one day of two years


def default_model_profiles() -> pd.DataFrame:
    """The profiles the default model clusters its days on (every weather year)."""
    from optimiser.data import timeseries
    from optimiser.lp.inputs import prepare_inputs
    from optimiser.paths import default_model_path
    from optimiser.scenario import resolve_scenario

    seen: list[pd.DataFrame] = []
    clustered = timeseries.representative_days

    def recording(profiles: pd.DataFrame, *arguments: object, **options: object) -> object:
        seen.append(profiles)
        return clustered(profiles, *arguments, **options)

    resolved = resolve_scenario(default_model_path(), "baseline")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeseries, "representative_days", recording)
        prepare_inputs(load_catalogue(), resolved)
    (profiles,) = seen
    return profiles


def same_partition(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two labellings group the days alike (whatever the labels)."""
    pairs = set(zip(first.tolist(), second.tolist(), strict=True))
    return len(pairs) == len(set(first.tolist())) == len(set(second.tolist()))


@pytest.mark.parametrize("count", [2, 6, 12, 24, 48])
def test_the_days_are_grouped_as_tsam_groups_them(count: int) -> None:
    import warnings

    import tsam

    from optimiser.data.timeseries import ward_day_groups

    profiles = default_model_profiles()
    varying = profiles.loc[:, profiles.std() > 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tsam.aggregate(
            varying.set_axis(pd.date_range("2025-01-01", periods=len(varying), freq="h")),
            count,
            period_duration=24,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="mean"),
        )
    ours = ward_day_groups(varying, count)
    assert len(set(ours.tolist())) == count
    assert same_partition(ours, np.asarray(result.cluster_assignments))
