"""The ``latency`` and ``network`` blocks: where demand may be served from and how power moves.

The round-trip-time bound and routing of demand to sites; the UHV corridors in service and
the share of them and of each province's grid headroom open to data centres.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, field_validator

from optimiser.settings.base import Settings


class LatencySettings(Settings):
    """Which sites may serve latency-bound work."""

    max_rtt_ms: float = Field(
        10.0,
        gt=0,
        le=1000,
        description="Round-trip limit from a region to a site serving its latency-bound load "
        "[ms]; 10 ms suits real-time work, 20 ms is the policy's east-west target.",
    )

    routing: Literal["hourly", "annual_shares"] = Field(
        "hourly",
        description="`hourly`: latency-bound load is routed per region, site and hour; "
        "`annual_shares`: each region's latency-bound load goes to sites in fixed shares "
        "all year (far smaller LP; a restriction, so never cheaper than `hourly`).",
    )


class NetworkSettings(Settings):
    """UHV corridors and grid limits."""

    corridor_capacity_scale: float = Field(
        1.0, ge=0, le=100, description="Multiplier of corridor capacity [-]; 0 disables corridors."
    )
    corridor_share_for_data_centres: float = Field(
        0.1,
        ge=0,
        le=1,
        description="Share of each corridor's capacity that data centres may contract "
        "[fraction 0-1] (estimate: the rest serves other loads).",
    )
    corridors_in_service_by_year: int | None = Field(
        None,
        ge=1990,
        le=2100,
        description="Corridors in service by this year are available; null: the planning `year`.",
    )
    exclude_corridors: list[str] = Field(
        default_factory=list,
        description="Corridor ids (corridor_id) left out, e.g. to price one UHV line.",
    )
    corridor_in_service_year: dict[str, int] = Field(
        default_factory=dict,
        description="Year a corridor enters full service, by corridor id, in place of the "
        "catalogue's in_service_year (e.g. a delayed line) [year].",
    )
    grid_headroom: Literal["peak_load_share", "none"] = Field(
        "peak_load_share",
        description="Default limit on data-centre grid purchases per province: "
        "`peak_load_share`: parameters.grid_headroom_share_of_peak_load times the province's "
        "peak load (regions/grid_peak_load.csv; provinces without a row have none); `none`: "
        "no default limit. province_grid_headroom_mw replaces it for the provinces it names.",
    )
    province_grid_headroom_mw: dict[str, float] = Field(
        default_factory=dict,
        description="Limit on data-centre grid purchases per province [MW], replacing the "
        "default (grid_headroom) for the provinces named.",
    )

    @field_validator("corridor_in_service_year")
    @classmethod
    def _plausible_years(cls, value: dict[str, int]) -> dict[str, int]:
        for corridor, year in value.items():
            if not 1990 <= year <= 2100:
                msg = f"in-service year of {corridor} must be 1990-2100, got {year}"
                raise ValueError(msg)
        return value

    @field_validator("province_grid_headroom_mw")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for province, limit in value.items():
            if not math.isfinite(limit) or limit < 0:
                msg = f"headroom of {province} must be a finite number >= 0 MW, got {limit}"
                raise ValueError(msg)
        return value
