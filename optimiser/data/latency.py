"""Derive round-trip network latency between demand centres and candidate sites.

This is a "derive" helper of the regional catalogue, not a stage of the solve: it turns the
coordinates in ``regions/provinces.csv`` (demand centres) and ``regions/clusters.csv``
(candidate sites) into ``regions/latency.csv``, which the catalogue loader reads and the model
uses to decide which sites may serve latency-bound work. ``regions/scripts/build_latency.py``
calls :func:`latency_table`; users who add their own sites call it the same way. The method is
a great-circle distance, stretched by a route factor for the real fibre path, at the speed of
light in fibre, there and back, plus a fixed overhead for switching and metro access.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

EARTH_RADIUS_KM = 6371.0
"""Mean Earth radius used by the haversine formula [km]."""

LATENCY_PARAMETERS = ("route_factor", "fibre_latency_us_per_km", "latency_fixed_overhead_ms")
"""Names of the entries of ``regions/parameters.csv`` that :func:`latency_table` reads."""

LATENCY_COLUMNS = ["province_id", "cluster_id", "distance_km", "rtt_ms"]
"""Columns of ``regions/latency.csv``, in order."""


def great_circle_distance_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Return the great-circle distance between points, by the haversine formula.

    Parameters
    ----------
    lat1, lon1 : array_like
        Latitude and longitude of the first points [degree]; broadcast against the second.
    lat2, lon2 : array_like
        Latitude and longitude of the second points [degree].

    Returns
    -------
    numpy.ndarray
        Distance on a sphere of radius :data:`EARTH_RADIUS_KM` [km].

    Examples
    --------
    >>> round(float(great_circle_distance_km(0.0, 0.0, 0.0, 1.0)), 2)
    111.19
    """
    phi1, lambda1, phi2, lambda2 = (
        np.radians(np.asarray(value, dtype=float)) for value in (lat1, lon1, lat2, lon2)
    )
    half_chord = (
        np.sin((phi2 - phi1) / 2.0) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lambda2 - lambda1) / 2.0) ** 2
    )
    central_angle = 2.0 * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))
    return np.asarray(EARTH_RADIUS_KM * central_angle, dtype=float)


def round_trip_time_ms(
    distance_km: npt.ArrayLike,
    route_factor: float,
    fibre_latency_us_per_km: float,
    fixed_overhead_ms: float,
) -> npt.NDArray[np.float64]:
    """Return the round-trip time over fibre for a great-circle distance.

    ``rtt = distance × route_factor × fibre_latency × 2 / 1000 + fixed_overhead``

    Parameters
    ----------
    distance_km : array_like
        Great-circle distance between the two ends [km].
    route_factor : float
        Ratio of the fibre route length to the great-circle distance [-], at least 1.
    fibre_latency_us_per_km : float
        One-way propagation delay in fibre [µs/km].
    fixed_overhead_ms : float
        Round-trip delay that does not depend on distance: switching, metro access [ms].

    Returns
    -------
    numpy.ndarray
        Round-trip time [ms].

    Examples
    --------
    >>> float(round_trip_time_ms(1000.0, 1.0, 5.0, 0.0))
    10.0
    """
    if route_factor < 1.0:
        msg = f"route_factor must be at least 1, got {route_factor}"
        raise ValueError(msg)
    if fibre_latency_us_per_km <= 0.0 or fixed_overhead_ms < 0.0:
        msg = (
            "fibre_latency_us_per_km must be positive and fixed_overhead_ms non-negative, got "
            f"{fibre_latency_us_per_km} and {fixed_overhead_ms}"
        )
        raise ValueError(msg)
    distance = np.asarray(distance_km, dtype=float)
    one_way_ms = distance * route_factor * fibre_latency_us_per_km / 1000.0
    return np.asarray(2.0 * one_way_ms + fixed_overhead_ms, dtype=float)


def latency_table(
    provinces: pd.DataFrame, clusters: pd.DataFrame, parameters: Mapping[str, float]
) -> pd.DataFrame:
    """Return distance and round-trip time for every province × candidate site.

    Parameters
    ----------
    provinces : pandas.DataFrame
        Columns ``province_id``, ``demand_lat`` and ``demand_lon`` [degree]: the demand centre
        of each province (its capital city).
    clusters : pandas.DataFrame
        Columns ``cluster_id``, ``lat`` and ``lon`` [degree]: the candidate sites.
    parameters : Mapping[str, float]
        ``route_factor`` [-], ``fibre_latency_us_per_km`` [µs/km] and
        ``latency_fixed_overhead_ms`` [ms], as in ``regions/parameters.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns ``province_id``, ``cluster_id``, ``distance_km`` (great-circle, rounded to
        0.1 km) and ``rtt_ms`` (rounded to 0.01 ms), one row per pair, provinces in their
        input order and sites in theirs.
    """
    missing = [name for name in LATENCY_PARAMETERS if name not in parameters]
    if missing:
        msg = f"latency parameters missing: {', '.join(missing)}"
        raise KeyError(msg)
    province_index = np.repeat(np.arange(len(provinces)), len(clusters))
    cluster_index = np.tile(np.arange(len(clusters)), len(provinces))
    distance = great_circle_distance_km(
        provinces["demand_lat"].to_numpy(dtype=float)[province_index],
        provinces["demand_lon"].to_numpy(dtype=float)[province_index],
        clusters["lat"].to_numpy(dtype=float)[cluster_index],
        clusters["lon"].to_numpy(dtype=float)[cluster_index],
    )
    rtt = round_trip_time_ms(
        distance,
        route_factor=float(parameters["route_factor"]),
        fibre_latency_us_per_km=float(parameters["fibre_latency_us_per_km"]),
        fixed_overhead_ms=float(parameters["latency_fixed_overhead_ms"]),
    )
    return pd.DataFrame(
        {
            "province_id": provinces["province_id"].to_numpy()[province_index],
            "cluster_id": clusters["cluster_id"].to_numpy()[cluster_index],
            "distance_km": np.round(distance, 1),
            "rtt_ms": np.round(rtt, 2),
        },
        columns=LATENCY_COLUMNS,
    )
