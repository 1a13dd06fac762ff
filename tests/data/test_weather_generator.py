"""Tests of optimiser.data.weather_generator, optimiser.data.profile_statistics and the files they
build: the catalogue's wind and solar weather years (regions/profiles/) and their calibration
(regions/profiles/weather_years/)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.data.profile_statistics import (
    CALIBRATION_TARGETS,
    ProfileStatistics,
    fit_efolding_length,
    profile_statistics,
    run_lengths,
    summary_statistics,
)
from optimiser.data.profiles import HOURS_PER_YEAR, single_year_profiles
from optimiser.data.weather_generator import (
    climate_zones,
    correlation_root,
    farm_power_curve,
    generate_weather_year,
    great_circle_distances_km,
    spatially_correlated_ar1,
)
from tests.repository import REGIONS_DIR

PROFILES_DIR = REGIONS_DIR / "profiles"
CALIBRATION_DIR = PROFILES_DIR / "weather_years"
TARGETS = {target.key: target for target in CALIBRATION_TARGETS}


@pytest.fixture(scope="module")
def years(
    clusters: pd.DataFrame, provinces: pd.DataFrame
) -> dict[int, tuple[pd.DataFrame, pd.DataFrame]]:
    return {year: generate_weather_year(clusters, provinces, year) for year in (1, 2)}


@pytest.fixture(scope="module")
def zones(clusters: pd.DataFrame) -> pd.Series:
    return pd.Series(climate_zones(clusters["province_id"]), index=clusters["cluster_id"])


def _summary(
    solar: pd.DataFrame, wind: pd.DataFrame, clusters: pd.DataFrame, zones: pd.Series
) -> tuple[ProfileStatistics, dict[str, float]]:
    statistics = profile_statistics(solar, wind, clusters.set_index("cluster_id"))
    summary = summary_statistics(
        statistics,
        list(zones.index[zones == "southwest_basin"]),
        list(zones.index[zones == "arid_plateau"]),
    )
    return statistics, summary


@pytest.fixture(scope="module")
def year_one(
    years: dict[int, tuple[pd.DataFrame, pd.DataFrame]],
    clusters: pd.DataFrame,
    zones: pd.Series,
) -> tuple[ProfileStatistics, dict[str, float]]:
    return _summary(*years[1], clusters, zones)


def _within(key: str, value: float) -> bool:
    return TARGETS[key].low <= value <= TARGETS[key].high


def test_a_weather_year_is_the_same_for_the_same_number(
    years: dict[int, tuple[pd.DataFrame, pd.DataFrame]],
    clusters: pd.DataFrame,
    provinces: pd.DataFrame,
) -> None:
    solar, wind = generate_weather_year(clusters, provinces, 1)
    pd.testing.assert_frame_equal(solar, years[1][0])
    pd.testing.assert_frame_equal(wind, years[1][1])


def test_different_weather_years_differ(
    years: dict[int, tuple[pd.DataFrame, pd.DataFrame]],
) -> None:
    for kind in (0, 1):
        first, second = years[1][kind], years[2][kind]
        assert not np.allclose(first.to_numpy(), second.to_numpy())
    # Wind is weather, not a fixed pattern: the same site in two years is nearly uncorrelated.
    correlation = np.corrcoef(years[1][1]["horinger"], years[2][1]["horinger"])[0, 1]
    assert correlation < 0.3


def test_profiles_have_every_hour_and_site_in_range(
    years: dict[int, tuple[pd.DataFrame, pd.DataFrame]], clusters: pd.DataFrame
) -> None:
    for profile in years[1]:
        assert profile.shape == (HOURS_PER_YEAR, len(clusters))
        assert list(profile.columns) == list(clusters["cluster_id"])
        values = profile.to_numpy()
        assert np.isfinite(values).all()
        assert values.min() >= 0.0 and values.max() <= 1.0


def test_full_load_hours_hold_at_every_site(
    years: dict[int, tuple[pd.DataFrame, pd.DataFrame]],
    clusters: pd.DataFrame,
    provinces: pd.DataFrame,
) -> None:
    hours = clusters.join(
        provinces.set_index("province_id"), on="province_id", rsuffix="_province"
    ).set_index("cluster_id")
    solar, wind = years[1]
    np.testing.assert_allclose(solar.sum(), hours["solar_full_load_hours_h"], rtol=1e-8)
    np.testing.assert_allclose(wind.sum(), hours["wind_full_load_hours_h"], rtol=1e-8)


def test_wind_correlation_falls_with_distance(
    year_one: tuple[ProfileStatistics, dict[str, float]],
) -> None:
    statistics, summary = year_one
    pairs = statistics.wind_pairs.set_index(["site_a", "site_b"])
    near = pairs.loc[("zhangjiakou", "horinger")]  # about 280 km
    far = pairs.loc[("yrd_demo_zone", "karamay")]  # about 3,400 km
    assert near["distance_km"] < 300 < 3000 < far["distance_km"]
    assert near["correlation"] > far["correlation"] + 0.3
    assert _within("wind_efolding_km", summary["wind_efolding_km"])
    assert _within(
        "wind_correlation_horinger_zhangjiakou", summary["wind_correlation_horinger_zhangjiakou"]
    )
    assert _within("solar_efolding_km", summary["solar_efolding_km"])


def test_daily_solar_varies_as_measured_in_cloudy_and_clear_provinces(
    year_one: tuple[ProfileStatistics, dict[str, float]],
) -> None:
    statistics, summary = year_one
    assert _within("solar_daily_cv_cloudy", summary["solar_daily_cv_cloudy"])
    assert _within("solar_daily_cv_clear", summary["solar_daily_cv_clear"])
    # Gui'an is cloudier than Zhongwei in every month of the year.
    cv = statistics.solar_daily_cv
    assert (cv["guian"] > cv["zhongwei"]).all()
    assert _within("solar_worst_week_cf_cloudy", summary["solar_worst_week_cf_cloudy"])
    assert _within("solar_worst_week_ratio_low", summary["solar_worst_week_ratio_low"])


def test_wind_has_realistic_persistence_and_lulls(
    year_one: tuple[ProfileStatistics, dict[str, float]],
) -> None:
    statistics, summary = year_one
    assert _within("wind_lag1_autocorrelation", summary["wind_lag1_autocorrelation"])
    assert _within("wind_longest_lull_h", summary["wind_longest_lull_h"])
    # Every site has at least one lull of two days or more, and none lasts a month.
    assert (statistics.wind_longest_lull_h >= 48).all()
    assert (statistics.wind_longest_lull_h < 24 * 30).all()


def test_the_single_year_profiles_fail_the_calibration(
    clusters: pd.DataFrame, provinces: pd.DataFrame, zones: pd.Series
) -> None:
    """The checks above can fail: the clear-sky and independent-noise profiles shipped until
    2026-12-05, regenerated and rounded as they were shipped, fail them. Their statistics are
    the first column of the calibration table."""
    solar, wind = single_year_profiles(clusters, provinces)
    _, summary = _summary(solar.round(4), wind.round(4), clusters, zones)
    assert not _within("solar_daily_cv_cloudy", summary["solar_daily_cv_cloudy"])
    assert not _within("solar_worst_week_cf_cloudy", summary["solar_worst_week_cf_cloudy"])
    assert not _within("wind_efolding_km", summary["wind_efolding_km"])
    table = pd.read_csv(CALIBRATION_DIR / "calibration.csv").set_index("key")
    measured = pd.Series(summary)[table.index]
    # calibration.csv keeps 4 significant figures.
    np.testing.assert_allclose(measured, table["shipped_profiles"], rtol=5e-4)


def test_great_circle_distance_of_a_known_pair() -> None:
    distances = great_circle_distances_km([39.9, 31.23], [116.4, 121.47])  # Beijing, Shanghai
    assert distances[0, 1] == pytest.approx(1067, abs=5)
    assert distances[0, 0] == 0.0
    assert distances[0, 1] == distances[1, 0]


def test_latent_field_has_the_asked_correlation_in_space_and_time() -> None:
    distances = np.array([[0.0, 200.0], [200.0, 0.0]])
    root = correlation_root(distances, 400.0)
    field = spatially_correlated_ar1(np.random.default_rng(0), 200_000, root, 0.9)
    assert np.corrcoef(field.T)[0, 1] == pytest.approx(np.exp(-0.5), abs=0.02)
    assert np.corrcoef(field[:-1, 0], field[1:, 0])[0, 1] == pytest.approx(0.9, abs=0.01)
    assert field.std() == pytest.approx(1.0, abs=0.03)


def test_farm_power_curve_rises_to_rated_and_stays_within_zero_and_one() -> None:
    speeds = np.arange(0.0, 30.0, 0.5)
    output = farm_power_curve(speeds)
    assert output.min() >= 0.0 and output.max() <= 1.0
    rising = output[speeds <= 12.0]
    assert (np.diff(rising) >= 0).all()
    assert farm_power_curve(0.0) < 0.01
    assert farm_power_curve(16.0) > 0.95


def test_run_lengths_and_efolding_fit() -> None:
    assert run_lengths(np.array([False, True, True, True, False, True])).tolist() == [3, 1]
    assert run_lengths(np.array([False, False])).tolist() == []
    distances = np.array([100.0, 300.0, 800.0, 1500.0])
    pairs = pd.DataFrame({"distance_km": distances, "correlation": np.exp(-distances / 450.0)})
    assert fit_efolding_length(pairs) == pytest.approx(450.0, rel=1e-3)


def test_weather_year_files_have_the_catalogue_format(
    clusters: pd.DataFrame, provinces: pd.DataFrame
) -> None:
    hours = clusters.join(
        provinces.set_index("province_id"), on="province_id", rsuffix="_province"
    ).set_index("cluster_id")
    for kind in ("solar", "wind"):
        table = pd.read_csv(PROFILES_DIR / f"{kind}_capacity_factor.csv")
        assert list(table.columns) == ["weather_year", "hour", *clusters["cluster_id"]]
        assert len(table) == 3 * HOURS_PER_YEAR
        assert sorted(table["weather_year"].unique()) == [1, 2, 3]
        for _, year in table.groupby("weather_year"):
            assert year["hour"].tolist() == list(range(HOURS_PER_YEAR))
            sums = year.drop(columns=["weather_year", "hour"]).sum()
            target = hours[f"{kind}_full_load_hours_h"]
            # 8,760 values rounded to 4 decimals: at most 0.44 h off.
            assert (sums - target).abs().max() < 0.5
        values = table.drop(columns=["weather_year", "hour"]).to_numpy()
        assert values.min() >= 0.0 and values.max() <= 1.0


def test_calibration_table_covers_every_target() -> None:
    table = pd.read_csv(CALIBRATION_DIR / "calibration.csv", keep_default_na=False)
    assert table["key"].tolist() == [target.key for target in CALIBRATION_TARGETS]
    references = pd.read_csv(REGIONS_DIR / "references.csv")["reference_id"]
    used = {target.reference_id for target in CALIBRATION_TARGETS if target.reference_id}
    assert used <= set(references)


@pytest.mark.slow
def test_weather_year_files_are_what_the_generator_gives(
    clusters: pd.DataFrame, provinces: pd.DataFrame
) -> None:
    for year in (1, 2, 3):
        solar, wind = generate_weather_year(clusters, provinces, year)
        for kind, generated in (("solar", solar), ("wind", wind)):
            table = pd.read_csv(PROFILES_DIR / f"{kind}_capacity_factor.csv")
            stored = table[table["weather_year"] == year].drop(columns=["weather_year", "hour"])
            np.testing.assert_allclose(stored.to_numpy(), generated.round(4).to_numpy())
