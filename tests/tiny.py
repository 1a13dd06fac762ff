"""A tiny catalogue whose optimum can be worked out by hand.

Three sites, two demand regions, flat profiles (every hour alike), no discounting:

- ``east_a`` (east hub, province ``east_land``): IT capex 10 M CNY/MW, grid 500 CNY/MWh.
- ``west_b`` (west hub, ``west_land``): IT capex 10 M CNY/MW, grid 200 CNY/MWh.
- ``west_c`` (west non-hub, ``far_land``, 5 ms from ``west_land``): grid 100 CNY/MWh,
  at most 100 MW of IT capacity.

IT lifetime 10 yr and a 0 % discount rate give 1 M CNY/MW/yr of capacity; utilisation 0.5
doubles that per MW of load; PUE 1. Demand: ``east_land`` 100 MW latency-bound and 100 MW
flexible, ``west_land`` 20 MW latency-bound. With a 10 ms limit ``east_land``'s latency-bound
load can only go to ``east_a``; ``west_land``'s can go to ``west_b`` or ``west_c``.

Hand-worked optimum (cost per MW of load per year: capacity 2 M + energy 8,760 × price):
``east_a`` 100 MW (6.38 M/MW), ``west_c`` full at 50 MW of load (2.876 M/MW), ``west_b`` the
remaining 70 MW of flexible load (3.752 M/MW): total 1,044.44 M CNY/yr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.scenario import ResolvedScenario, deep_merge
from optimiser.settings import ScenarioSettings

HOURS = 8760
SITES = ["east_a", "west_b", "west_c"]
EXPECTED_BASE_COST_CNY = 1_044.44e6


def tiny_tables() -> dict[str, Any]:
    """Return the tables of the tiny catalogue (edit them, then :func:`tiny_catalogue`)."""
    hubs = pd.DataFrame(
        {
            "name_en": ["East hub", "West hub"],
            "name_zh": ["东", "西"],
            "role": ["east", "west"],
            "approval_year": [2022, 2022],
        },
        index=pd.Index(["east_hub", "west_hub"], name="hub_id"),
    )
    grid_regions = pd.DataFrame(
        {
            "name_en": ["East grid", "West grid"],
            "name_zh": ["东网", "西网"],
            "emissions_kgco2_per_mwh": [600.0, 500.0],
            "emissions_2022_kgco2_per_mwh": [600.0, 500.0],
        },
        index=pd.Index(["east_grid", "west_grid"], name="grid_region_id"),
    )
    provinces = pd.DataFrame(
        {
            "adcode": [1, 2, 3],
            "name_en": ["East land", "West land", "Far land"],
            "name_zh": ["东省", "西省", "远省"],
            "grid_region_id": ["east_grid", "west_grid", "west_grid"],
            "is_western_region": [False, True, True],
            "demand_lat": [31.0, 38.0, 40.0],
            "demand_lon": [121.0, 106.0, 100.0],
            "grid_renewable_share": [0.0, 0.0, 0.0],
            "rps_total_weight": [0.2, 0.2, 0.2],
            "rps_non_hydro_weight": [0.1, 0.1, 0.1],
            "price_cny_per_mwh": [500.0, 200.0, 100.0],
            "wind_full_load_hours_h": [2000.0, 2000.0, 2000.0],
            "solar_full_load_hours_h": [1200.0, 1200.0, 1200.0],
            "demand_latency_bound_mw": [100.0, 20.0, 0.0],
            "demand_flexible_mw": [100.0, 0.0, 0.0],
        },
        index=pd.Index(["east_land", "west_land", "far_land"], name="province_id"),
    )
    clusters = pd.DataFrame(
        {
            "name_en": ["East A", "West B", "West C"],
            "name_zh": ["东甲", "西乙", "西丙"],
            "hub_id": ["east_hub", "west_hub", "non_hub"],
            "is_hub_cluster": [True, True, False],
            "province_id": ["east_land", "west_land", "far_land"],
            "role": ["east", "west", "west"],
            "lat": [31.0, 38.0, 40.0],
            "lon": [121.0, 106.0, 100.0],
            "existing_it_capacity_mw": [0.0, 0.0, 0.0],
            "max_it_capacity_mw": [1000.0, 1000.0, 100.0],
            "pue_limit": [1.0, 1.0, 1.0],
            "utilisation_target": [0.5, 0.5, 0.5],
            "it_capex_cny_per_mw": [10e6, 10e6, 10e6],
            "max_wind_mw": [0.0, 0.0, 0.0],
            "max_solar_mw": [0.0, 0.0, 0.0],
            "max_storage_mw": [0.0, 0.0, 0.0],
        },
        index=pd.Index(SITES, name="cluster_id"),
    )
    rtt = {
        ("east_land", "east_a"): 2.0,
        ("east_land", "west_b"): 15.0,
        ("east_land", "west_c"): 25.0,
        ("west_land", "east_a"): 15.0,
        ("west_land", "west_b"): 2.0,
        ("west_land", "west_c"): 5.0,
        ("far_land", "east_a"): 25.0,
        ("far_land", "west_b"): 5.0,
        ("far_land", "west_c"): 2.0,
    }
    latency = pd.DataFrame(
        [(province, site, 100.0 * value, value) for (province, site), value in rtt.items()],
        columns=["province_id", "cluster_id", "distance_km", "rtt_ms"],
    )
    corridors = pd.DataFrame(
        {
            "name_en": ["West to East"],
            "name_zh": ["西电东送"],
            "voltage_kv": [800],
            "current": ["dc"],
            "from_province_id": ["west_land"],
            "to_province_id": ["east_land"],
            "from_lat": [38.0],
            "from_lon": [106.0],
            "to_lat": [31.0],
            "to_lon": [121.0],
            "capacity_mw": [0.0],
            "length_km": [1500.0],
            "status": ["in_service"],
            "in_service_year": [2020],
            "renewable_share": [1.0],
            "delivered_price_cny_per_mwh": [300.0],
        },
        index=pd.Index(["west_east"], name="corridor_id"),
    )
    parameters = {
        "discount_rate": 0.0,
        "it_lifetime_years": 10.0,
        "it_fixed_om_share_per_year": 0.0,
        "wind_capex_cny_per_mw": 4e6,
        "wind_lifetime_years": 20.0,
        "wind_fixed_om_share_per_year": 0.0,
        "solar_capex_cny_per_mw": 2e6,
        "solar_lifetime_years": 20.0,
        "solar_fixed_om_share_per_year": 0.0,
        "storage_power_capex_cny_per_mw": 1e6,
        "storage_energy_capex_cny_per_mwh": 1e6,
        "storage_lifetime_years": 10.0,
        "storage_fixed_om_share_per_year": 0.0,
        "storage_round_trip_efficiency": 0.81,
        "storage_max_hours": 4.0,
        "green_certificate_price_cny_per_mwh": 50.0,
        "bandwidth_cost_cny_per_gbps_per_year": 0.0,
        "bandwidth_gbps_per_mw_latency_bound": 1.0,
        "bandwidth_gbps_per_mw_flexible": 0.1,
        "bandwidth_reference_distance_km": 1000.0,
        "fossil_emissions_kgco2_per_mwh": 800.0,
        "route_factor": 1.5,
        "fibre_latency_us_per_km": 4.9,
        "latency_fixed_overhead_ms": 1.0,
        "rack_power_kw": 2.5,
        "wheeling_cny_per_mwh": 20.0,
        "surplus_sale_price_cny_per_mwh": 150.0,
        # Servers are left out of the hand-worked optimum (tests of compute set them).
        "compute_eflops_per_mw": 0.5,
        "server_capex_cny_per_eflops": 0.0,
        "server_lifetime_years": 5.0,
        # No growth, no falling capex and no retirement unless a pathway test sets them.
        "data_centre_electricity_2025_twh": 100.0,
        "data_centre_electricity_2030_twh": 100.0,
        "wind_capex_change_per_year": 0.0,
        "solar_capex_change_per_year": 0.0,
        "storage_capex_change_per_year": 0.0,
        "existing_it_retirement_share_per_year": 0.0,
    }
    flat = pd.DataFrame(0.0, index=pd.RangeIndex(HOURS, name="hour"), columns=SITES)
    return {
        "hubs": hubs,
        "grid_regions": grid_regions,
        "provinces": provinces,
        "clusters": clusters,
        "corridors": corridors,
        "latency": latency,
        "parameters": parameters,
        "wind_capacity_factor": flat.copy(),
        "solar_capacity_factor": flat.copy(),
        "demand_shape": pd.DataFrame(
            {"latency_bound": np.ones(HOURS), "flexible": np.ones(HOURS)},
            index=pd.RangeIndex(HOURS, name="hour"),
        ),
    }


def tiny_catalogue(tables: dict[str, Any] | None = None) -> Catalogue:
    """Return the tiny catalogue as a :class:`Catalogue` (optionally from edited tables)."""
    tables = tables or tiny_tables()
    return Catalogue(path=Path("tiny"), schemas={}, sources={}, **tables)


TINY_SETTINGS: dict[str, Any] = {
    "time": {"representation": "average_day"},
    # A full-year check of a three-site plan: worker processes would cost more than they save.
    "validation": {"workers": 1},
    "policy": {"green_share_target": 0.0},
    "latency": {"max_rtt_ms": 10.0},
}


def tiny_scenario(**changes: Any) -> ResolvedScenario:
    """Return a resolved scenario for the tiny catalogue; ``changes`` are nested settings."""
    settings = ScenarioSettings.model_validate(deep_merge(TINY_SETTINGS, changes))
    return ResolvedScenario(
        model_path=Path("tiny.yaml"),
        model_name="tiny",
        scenario_name="test",
        description="",
        overrides={},
        catalogue_path=None,
        settings=settings,
    )
