"""Tests of optimiser.data.latency and of regions/latency.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from optimiser.data.latency import (
    LATENCY_COLUMNS,
    great_circle_distance_km,
    latency_table,
    round_trip_time_ms,
)
from tests.repository import REGIONS_DIR

LATENCY_LIMIT_MS = 10.0  # default round-trip limit for latency-bound work


@pytest.fixture(scope="module")
def parameters() -> dict[str, float]:
    table = pd.read_csv(REGIONS_DIR / "parameters.csv")
    return dict(zip(table["parameter"], table["value"].astype(float), strict=True))


@pytest.fixture(scope="module")
def latency() -> pd.DataFrame:
    return pd.read_csv(REGIONS_DIR / "latency.csv")


def test_one_degree_of_longitude_at_the_equator() -> None:
    assert great_circle_distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.195, abs=1e-3)


def test_distance_is_zero_symmetric_and_vectorised() -> None:
    beijing, shanghai = (39.90, 116.40), (31.23, 121.47)
    there = great_circle_distance_km(*beijing, *shanghai)
    back = great_circle_distance_km(*shanghai, *beijing)
    assert there == pytest.approx(back)
    assert there == pytest.approx(1067, abs=5)  # Beijing-Shanghai is about 1,067 km
    assert great_circle_distance_km(*beijing, *beijing) == 0.0
    many = great_circle_distance_km(np.array([0.0, 0.0]), 0.0, 0.0, np.array([1.0, 2.0]))
    assert many.shape == (2,)
    assert many[1] == pytest.approx(2 * many[0])


def test_antipodes_are_half_the_circumference() -> None:
    assert great_circle_distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(np.pi * 6371.0)


def test_round_trip_time_formula() -> None:
    # 1,000 km x 1.5 x 4.9 us/km x 2 = 14.7 ms, + 1 ms overhead
    assert round_trip_time_ms(1000.0, 1.5, 4.9, 1.0) == pytest.approx(15.7)
    assert round_trip_time_ms(0.0, 1.5, 4.9, 1.0) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("route_factor", "fibre_latency", "overhead"),
    [(0.9, 4.9, 1.0), (1.5, 0.0, 1.0), (1.5, 4.9, -1)],
)
def test_round_trip_time_rejects_impossible_parameters(
    route_factor: float, fibre_latency: float, overhead: float
) -> None:
    with pytest.raises(ValueError, match="must be"):
        round_trip_time_ms(100.0, route_factor, fibre_latency, overhead)


def test_latency_table_requires_its_parameters(
    provinces: pd.DataFrame, clusters: pd.DataFrame
) -> None:
    with pytest.raises(KeyError, match="route_factor"):
        latency_table(provinces, clusters, {"fibre_latency_us_per_km": 4.9})


def test_latency_file_is_up_to_date(
    provinces: pd.DataFrame,
    clusters: pd.DataFrame,
    parameters: dict[str, float],
    latency: pd.DataFrame,
) -> None:
    rebuilt = latency_table(provinces, clusters, parameters)
    assert list(latency.columns) == LATENCY_COLUMNS
    pd.testing.assert_frame_equal(latency, rebuilt, check_dtype=False)


def test_every_province_site_pair_is_present(
    provinces: pd.DataFrame, clusters: pd.DataFrame, latency: pd.DataFrame
) -> None:
    assert len(latency) == len(provinces) * len(clusters) == 31 * len(clusters)
    pairs = set(zip(latency["province_id"], latency["cluster_id"], strict=True))
    assert len(pairs) == len(latency)
    assert set(latency["cluster_id"]) == set(clusters["cluster_id"])


def test_every_province_has_a_site_within_the_default_latency_limit(
    latency: pd.DataFrame,
) -> None:
    # Holds for all 31 provinces: Heilongjiang, Xinjiang, Tibet, Yunnan, Qinghai and Guangxi
    # (with Hainan) are covered by the non-hub candidate sites; the farthest is Fujian (~9.5 ms).
    nearest = latency.groupby("province_id")["rtt_ms"].min()
    assert len(nearest) == 31
    assert (nearest <= LATENCY_LIMIT_MS).all(), nearest[nearest > LATENCY_LIMIT_MS]


def test_reproduces_the_reference_cluster_to_cluster_table(clusters: pd.DataFrame) -> None:
    # reference-data.md section 6: haversine x 1.5 x 4.9 us/km x 2, no overhead, whole ms.
    expected = {
        ("horinger", "zhangjiakou"): 4,
        ("horinger", "shaoguan"): 26,
        ("qingyang", "tianfu"): 10,
        ("zhongwei", "yrd_demo_zone"): 24,
        ("guian", "chongqing"): 5,
        ("guian", "shaoguan"): 11,
    }
    sites = clusters.set_index("cluster_id")
    for (west, east), milliseconds in expected.items():
        distance = great_circle_distance_km(
            sites.at[west, "lat"],
            sites.at[west, "lon"],
            sites.at[east, "lat"],
            sites.at[east, "lon"],
        )
        assert round_trip_time_ms(distance, 1.5, 4.9, 0.0) == pytest.approx(milliseconds, abs=1.0)


def test_peak_latency_bound_demand_can_be_served_within_the_limit(
    provinces: pd.DataFrame, clusters: pd.DataFrame, latency: pd.DataFrame
) -> None:
    # A transport problem: every province's peak latency-bound load must be met from sites
    # within 10 ms, each site giving at most max_it_capacity_mw x utilisation_target.
    optimize = pytest.importorskip("scipy.optimize")
    shape = pd.read_csv(REGIONS_DIR / "profiles" / "demand_shape.csv")
    pairs = latency[latency["rtt_ms"] <= LATENCY_LIMIT_MS].reset_index(drop=True)
    province_ids = list(provinces["province_id"])
    cluster_ids = list(clusters["cluster_id"])
    demand = provinces["demand_latency_bound_mw"].to_numpy() * shape["latency_bound"].max()
    capacity = (clusters["max_it_capacity_mw"] * clusters["utilisation_target"]).to_numpy()
    served = np.zeros((len(province_ids), len(pairs)))
    served[pairs["province_id"].map(province_ids.index), pairs.index] = 1.0
    used = np.zeros((len(cluster_ids), len(pairs)))
    used[pairs["cluster_id"].map(cluster_ids.index), pairs.index] = 1.0
    result = optimize.linprog(
        np.zeros(len(pairs)), A_ub=used, b_ub=capacity, A_eq=served, b_eq=demand, method="highs"
    )
    assert result.status == 0, result.message
