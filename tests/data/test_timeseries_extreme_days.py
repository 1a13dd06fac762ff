"""Representative days with extreme days: the year's peak and its darkest day kept whole."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.data.timeseries import extreme_days, time_representation
from optimiser.errors import InputError
from optimiser.paths import default_model_path
from optimiser.scenario import resolve_scenario

PEAK_HOUR = 200 * 24 + 19  # day 200
DARK_DAY = 31


def synthetic_profiles() -> pd.DataFrame:
    hours = np.arange(8760)
    rng = np.random.default_rng(7)
    daily = 0.5 + 0.3 * np.sin(2 * np.pi * (hours % 24) / 24)
    profiles = pd.DataFrame(
        {
            "latency_bound": 1 + 0.1 * np.sin(2 * np.pi * hours / 24),
            "flexible": np.ones(8760),
            "wind_a": np.clip(daily + 0.1 * rng.standard_normal(8760), 0.05, 1),
            "solar_a": np.clip(daily, 0.05, 1),
        }
    )
    profiles.loc[PEAK_HOUR, "latency_bound"] = 3.0
    profiles.loc[DARK_DAY * 24 : DARK_DAY * 24 + 23, ["wind_a", "solar_a"]] = 0.0
    return profiles


def test_extreme_days_are_the_peak_and_the_darkest_day() -> None:
    assert extreme_days(synthetic_profiles()) == [200, DARK_DAY]


def test_extreme_days_are_kept_as_days_of_their_own() -> None:
    profiles = synthetic_profiles()
    plain = time_representation("representative_days", profiles, 6)
    kept = time_representation("representative_days", profiles, 6, with_extremes=True)
    # At most two more days (an outlier may already be a cluster of its own).
    assert len(plain.hours) < len(kept.hours) <= len(plain.hours) + 48
    assert kept.hours["weight_h"].sum() == pytest.approx(8760)
    aggregated = kept.aggregate(profiles)
    # The peak is not averaged away, and a day with no wind or sun is modelled.
    assert aggregated["latency_bound"].max() == pytest.approx(3.0)
    assert plain.aggregate(profiles)["latency_bound"].max() < 3.0
    daily_renewables = (aggregated["wind_a"] + aggregated["solar_a"]).groupby(kept.hours["period"])
    assert daily_renewables.max().min() == 0.0
    # Each extreme day stands for itself alone (weight one day).
    for day in (200, DARK_DAY):
        modelled = kept.day_of_year_hours[day * 24]
        assert kept.hours.loc[modelled, "weight_h"] == 1.0
    # Energy is kept.
    weights = kept.hours["weight_h"].to_numpy()
    annual = aggregated.mul(weights, axis=0).sum()
    pd.testing.assert_series_equal(annual, profiles.sum(), rtol=1e-9)


def test_monthly_days_keep_the_extreme_days_out_of_their_months() -> None:
    profiles = synthetic_profiles()
    kept = time_representation("monthly_days", profiles, with_extremes=True)
    assert len(kept.hours) == 288 + 48
    assert kept.hours["weight_h"].sum() == pytest.approx(8760)
    # In calendar order: the dark day (1 February) before February's other 27 days, July's
    # average day for its other 30 days before the peak day (20 July).
    weights = kept.hours.groupby("period")["weight_h"].first().to_list()
    assert weights == [31, 1, 27, 31, 30, 31, 30, 30, 1, 31, 30, 31, 30, 31]
    aggregated = kept.aggregate(profiles)
    assert aggregated["latency_bound"].max() == pytest.approx(3.0)
    annual = aggregated.mul(kept.hours["weight_h"].to_numpy(), axis=0).sum()
    pd.testing.assert_series_equal(annual, profiles.sum(), rtol=1e-9)
    # Without extremes, the months as before.
    plain = time_representation("monthly_days", profiles)
    assert plain.hours["weight_h"].iloc[::24].to_list() == [
        31,
        28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]


def test_extreme_days_need_days_to_take_them_out_of() -> None:
    with pytest.raises(InputError, match="extreme_days"):
        resolve_scenario(
            default_model_path(),
            "baseline",
            ["time.representation=average_day", "time.extreme_days=true"],
        )
    for representation in ("representative_days", "monthly_days"):
        resolved = resolve_scenario(
            default_model_path(),
            "baseline",
            [f"time.representation={representation}", "time.extreme_days=true"],
        )
        assert resolved.settings.time.extreme_days
