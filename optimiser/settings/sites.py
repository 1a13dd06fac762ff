"""The ``sites``, ``compute`` and ``profiles`` blocks: the candidate sites and what they use.

Which catalogue sites may be built and how far, the compute per MW of IT power, and the
files of hourly profiles that replace the catalogue's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from optimiser.settings.base import Settings


class SiteSettings(Settings):
    """Which candidate sites the plan may use, and what is already committed at them."""

    exclude: list[str] = Field(
        default_factory=list, description="Site ids (cluster_id) left out of the plan."
    )
    include_non_hub: bool = Field(True, description="Whether non-hub candidate sites may be used.")
    room_by_year: Literal["scale", "catalogue"] = Field(
        "scale",
        description="Where each site's maximum IT capacity in the plan's year comes from. "
        "`scale`: the catalogue's max_it_capacity_mw (clusters.csv, mostly end-2025 plans), "
        "whatever the year; `catalogue`: the clusters' own plans by year "
        "(cluster_room_by_year.csv), interpolated linearly between its years. Either way "
        "times max_it_capacity_scale.",
    )
    max_it_capacity_scale: float = Field(
        1.0,
        gt=0,
        le=100,
        description="Multiplier of every site's maximum IT capacity [-], of the figure "
        "room_by_year chooses (the catalogue's are mostly end-2025 plans; a later year, or a "
        "higher demand than the plans were made for, may allow more).",
    )
    committed_new_it_capacity_mw: dict[str, float] = Field(
        default_factory=dict,
        description="New IT capacity that must be built at a site, by site id [MW], part of "
        "the capacity that serves the plan's demand; added to any plans_csv built `within`.",
    )
    plans_csv: Path | None = Field(
        None,
        description="CSV of committed builds (columns cluster_id, committed_new_it_capacity_mw "
        "[MW]), relative to the model file; null for none.",
    )
    plans_mode: Literal["within", "in_addition"] = Field(
        "within",
        description="How the plans_csv builds count. `within`: part of the capacity that "
        "serves the plan's demand (they displace builds elsewhere); `in_addition`: built on "
        "top of the capacity the plan needs for its demand and carrying none of its load, "
        "as provinces build their own plans beyond the coordinated need (over-building).",
    )

    @model_validator(mode="after")
    def _in_addition_needs_plans(self) -> SiteSettings:
        if self.plans_mode == "in_addition" and self.plans_csv is None:
            msg = "plans_mode in_addition needs a plans_csv (the builds made in addition)"
            raise ValueError(msg)
        return self


class ComputeSettings(Settings):
    """How IT power converts to compute."""

    eflops_per_mw: float | None = Field(
        None,
        gt=0,
        le=10,
        description="Compute per MW of IT power [EFLOPS/MW, FP16 dense] of the catalogue's "
        "chips; null uses the catalogue's compute_eflops_per_mw. demand.it_power_scale "
        "scales it (0.85: the same compute in 15 % less power).",
    )


class ProfileSettings(Settings):
    """Replacements for the catalogue's hourly profiles (CSV, hour 0-8759)."""

    solar_capacity_factor_csv: Path | None = Field(
        None, description="Solar capacity factors per site [fraction 0-1]; null for built-in."
    )
    wind_capacity_factor_csv: Path | None = Field(
        None, description="Wind capacity factors per site [fraction 0-1]; null for built-in."
    )
    demand_shape_csv: Path | None = Field(
        None, description="Demand multipliers per workload class [-]; null for built-in."
    )
