"""Tests of optimiser.data.profiles and of the files in regions/profiles/: the wind and solar
weather years and the demand shape."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.data.profiles import (
    HOURS_PER_YEAR,
    demand_shapes,
    hourly_index,
    scale_to_full_load_hours,
    single_year_profiles,
    solar_capacity_factor,
    stable_seed,
    wind_capacity_factor,
)
from tests.repository import REGIONS_DIR

PROFILES = {"solar": "solar_capacity_factor.csv", "wind": "wind_capacity_factor.csv"}
FULL_LOAD_COLUMN = {"solar": "solar_full_load_hours_h", "wind": "wind_full_load_hours_h"}
WEATHER_YEARS = [1, 2, 3]


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    clusters = pd.read_csv(REGIONS_DIR / "clusters.csv")
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv").set_index("province_id")
    return clusters.join(provinces, on="province_id", rsuffix="_province").set_index("cluster_id")


@pytest.fixture(scope="module")
def profiles() -> dict[str, pd.DataFrame]:
    return {kind: pd.read_csv(REGIONS_DIR / "profiles" / name) for kind, name in PROFILES.items()}


@pytest.fixture(scope="module")
def demand_shape() -> pd.DataFrame:
    return pd.read_csv(REGIONS_DIR / "profiles" / "demand_shape.csv")


def test_hourly_index_starts_at_midnight_china_standard_time() -> None:
    index = hourly_index(2025)
    assert len(index) == HOURS_PER_YEAR
    assert index[0] == pd.Timestamp("2025-01-01 00:00", tz="Asia/Shanghai")
    assert index[-1] == pd.Timestamp("2025-12-31 23:00", tz="Asia/Shanghai")


def each_year(table: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Split a weather-year profile into its years: 8,760 rows of ``hour`` and site columns."""
    return {
        int(year): rows.drop(columns="weather_year").reset_index(drop=True)
        for year, rows in table.groupby("weather_year", sort=False)
    }


@pytest.mark.parametrize("kind", list(PROFILES))
def test_profile_files_have_one_column_per_site_and_8760_hours_per_weather_year(
    kind: str, profiles: dict[str, pd.DataFrame], sites: pd.DataFrame
) -> None:
    table = profiles[kind]
    assert list(table.columns) == ["weather_year", "hour", *sites.index]
    assert len(table) == len(WEATHER_YEARS) * HOURS_PER_YEAR
    # The years follow one another in blocks, each with its hours 0-8759 in order.
    assert table["weather_year"].tolist() == np.repeat(WEATHER_YEARS, HOURS_PER_YEAR).tolist()
    for year in each_year(table).values():
        assert (year["hour"].to_numpy() == np.arange(HOURS_PER_YEAR)).all()
    values = table.drop(columns=["weather_year", "hour"])
    assert ((values >= 0.0) & (values <= 1.0)).all().all()
    assert (values.round(4) == values).all().all()


@pytest.mark.parametrize("kind", list(PROFILES))
def test_full_load_hours_match_the_province_in_every_weather_year(
    kind: str, profiles: dict[str, pd.DataFrame], sites: pd.DataFrame
) -> None:
    target = sites[FULL_LOAD_COLUMN[kind]]
    for number, year in each_year(profiles[kind]).items():
        annual = year.drop(columns="hour").sum()
        # 8,760 values rounded to 4 decimals: at most 0.44 h off the province's figure.
        error_h = (annual - target).abs()
        assert (error_h < 0.5).all(), (number, error_h[error_h >= 0.5])


def test_weather_years_differ(profiles: dict[str, pd.DataFrame]) -> None:
    for kind in PROFILES:
        years = each_year(profiles[kind])
        assert not years[1].equals(years[2]) and not years[2].equals(years[3]), kind


def test_solar_is_zero_at_night_and_peaks_near_noon(profiles: dict[str, pd.DataFrame]) -> None:
    for year in each_year(profiles["solar"]).values():
        solar = year.drop(columns="hour")
        hour_of_day = year["hour"] % 24
        assert (solar[hour_of_day.isin([0, 1, 2, 3, 22, 23])] == 0.0).all().all()
        by_hour = solar.groupby(hour_of_day).mean()
        assert by_hour.idxmax().between(11, 14).all()


def test_northern_wind_is_stronger_in_winter_and_spring(
    profiles: dict[str, pd.DataFrame],
) -> None:
    month = hourly_index(2025).month
    for number, wind in each_year(profiles["wind"]).items():
        for site_id in ("zhangjiakou", "horinger", "harbin"):
            winter_spring = wind.loc[np.isin(month, [12, 1, 2, 3, 4]), site_id].mean()
            summer_autumn = wind.loc[np.isin(month, [6, 7, 8, 9, 10]), site_id].mean()
            assert winter_spring > summer_autumn, (number, site_id)


def test_single_year_profiles_are_deterministic_and_scaled(sites: pd.DataFrame) -> None:
    site = sites.loc["guian"]
    first = wind_capacity_factor("guian", site["lat"], site["wind_full_load_hours_h"])
    second = wind_capacity_factor("guian", site["lat"], site["wind_full_load_hours_h"])
    assert np.array_equal(first, second)
    assert first.sum() == pytest.approx(site["wind_full_load_hours_h"], rel=1e-3)

    site = sites.loc["zhongwei"]
    first = solar_capacity_factor(site["lat"], site["lon"], site["solar_full_load_hours_h"])
    second = solar_capacity_factor(site["lat"], site["lon"], site["solar_full_load_hours_h"])
    assert np.array_equal(first, second)
    assert first.sum() == pytest.approx(site["solar_full_load_hours_h"], rel=1e-3)


def test_single_year_profiles_are_the_per_site_functions(sites: pd.DataFrame) -> None:
    clusters = pd.read_csv(REGIONS_DIR / "clusters.csv")
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    few = clusters[clusters["cluster_id"].isin(["guian", "zhongwei"])]
    solar, wind = single_year_profiles(few, provinces)
    assert list(solar.columns) == list(wind.columns) == list(few["cluster_id"])
    assert solar.index.equals(pd.RangeIndex(HOURS_PER_YEAR, name="hour"))
    zhongwei, guian = sites.loc["zhongwei"], sites.loc["guian"]
    np.testing.assert_array_equal(
        solar["zhongwei"],
        solar_capacity_factor(
            zhongwei["lat"], zhongwei["lon"], zhongwei["solar_full_load_hours_h"]
        ),
    )
    np.testing.assert_array_equal(
        wind["guian"], wind_capacity_factor("guian", guian["lat"], guian["wind_full_load_hours_h"])
    )


def test_wind_differs_between_sites() -> None:
    assert stable_seed("guian") != stable_seed("horinger")
    assert not np.array_equal(
        wind_capacity_factor("a", 40.0, 2000.0), wind_capacity_factor("b", 40.0, 2000.0)
    )


def test_scale_to_full_load_hours_clips_and_reaches_the_target() -> None:
    profile = np.array([0.0, 0.2, 0.4, 0.8] * 10)
    scaled = scale_to_full_load_hours(profile, 25.0)
    assert scaled.sum() == pytest.approx(25.0)
    assert scaled.max() == 1.0
    assert (scaled[profile == 0.0] == 0.0).all()


@pytest.mark.parametrize("full_load_hours", [0.0, 30.0, 40.0])
def test_scale_to_full_load_hours_rejects_unreachable_targets(full_load_hours: float) -> None:
    # 30 of the 40 hours have output, so at most 30 full-load hours are reachable.
    with pytest.raises(ValueError, match="cannot scale"):
        scale_to_full_load_hours(np.array([0.0, 0.2, 0.4, 0.8] * 10), full_load_hours)


def test_scale_to_full_load_hours_rejects_negative_values() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        scale_to_full_load_hours(np.array([-0.1, 0.5]), 0.2)


def test_demand_shapes_have_mean_one(demand_shape: pd.DataFrame) -> None:
    assert list(demand_shape.columns) == ["hour", "latency_bound", "flexible"]
    assert len(demand_shape) == HOURS_PER_YEAR
    for column in ("latency_bound", "flexible"):
        assert demand_shape[column].mean() == pytest.approx(1.0, abs=1e-12)
        # exactly: the 4-decimal values sum to 8,760 in whole units of 0.0001
        assert int(np.round(demand_shape[column] * 10_000).sum()) == HOURS_PER_YEAR * 10_000


def test_demand_shapes_have_the_intended_form(demand_shape: pd.DataFrame) -> None:
    latency_bound = demand_shape["latency_bound"]
    assert latency_bound.max() == pytest.approx(1.3, abs=0.005)
    evening_peak = latency_bound.groupby(demand_shape["hour"] % 24).mean().idxmax()
    assert 19 <= evening_peak <= 23
    assert demand_shape["flexible"].between(0.95, 1.05).all()


def test_demand_shape_file_is_up_to_date(demand_shape: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(demand_shape, demand_shapes(2025), check_dtype=False)


def test_hub_system_can_serve_peak_demand_with_margin(
    sites: pd.DataFrame, demand_shape: pd.DataFrame
) -> None:
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    peak_it_demand = (
        provinces["demand_latency_bound_mw"].sum() * demand_shape["latency_bound"]
        + provinces["demand_flexible_mw"].sum() * demand_shape["flexible"]
    ).max()
    servable = (sites["max_it_capacity_mw"] * sites["utilisation_target"]).sum()
    assert servable >= 1.5 * peak_it_demand
