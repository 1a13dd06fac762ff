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
