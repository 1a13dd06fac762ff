"""The ``pathway`` block: investment periods of a multi-year plan.

The periods, their foresight, demand growth and cost trajectories, and the settings each
period may change (:data:`PERIOD_CHANGEABLE`) or may not (:data:`PERIOD_FIXED`).
"""

from __future__ import annotations

import itertools
from typing import Any, Literal

from pydantic import Field, model_validator

from optimiser.settings.base import Settings

PERIOD_CHANGEABLE = ("demand", "policy", "network", "compute", "parameters", "sites", "latency")
"""Setting blocks a pathway period may change (``pathway.period_changes``)."""

PERIOD_FIXED = (
    "sites.exclude",
    "sites.include_non_hub",
    "latency.routing",
    "parameters.discount_rate",
    "parameters.it_lifetime_years",
    "parameters.server_lifetime_years",
    "parameters.wind_lifetime_years",
    "parameters.solar_lifetime_years",
    "parameters.storage_lifetime_years",
)
"""Settings a period may not change: they fix the LP's structure or how capacity is costed."""


class PathwaySettings(Settings):
    """Investment periods of a multi-year plan (2025 → 2030) in which capacity built stays built.

    Empty ``periods`` is a one-period plan for ``year``: the snapshot LP.
    """

    periods: list[int] = Field(
        default_factory=list,
        description="Investment periods [year], increasing, the first equal to `year` (the base "
        "year costs are discounted to); each stands for the years until the next. Empty: a "
        "single-year plan for `year`.",
    )
    final_period_years: int = Field(
        1,
        ge=1,
        le=50,
        description="Years the last period stands for [years]; 1 ends the horizon with it.",
    )
    foresight: Literal["perfect", "myopic"] = Field(
        "perfect",
        description="`perfect`: one LP over all periods; `myopic`: period by period, each "
        "seeing only its own year and keeping what earlier periods built.",
    )
    demand_growth: Literal["catalogue", "none"] = Field(
        "catalogue",
        description="`catalogue`: each period's demand grows with national data-centre "
        "electricity, interpolated geometrically between the catalogue's 2025 and 2030 "
        "figures (parameters data_centre_electricity_2025_twh, _2030_twh); `none`: every "
        "period has the demand of `demand.*` alone.",
    )
    cost_trajectories: Literal["catalogue", "none"] = Field(
        "catalogue",
        description="`catalogue`: wind, solar and storage capex of capacity built in a period "
        "change each year from 2025 by the catalogue's *_capex_change_per_year; `none`: "
        "the 2025 capex in every period.",
    )
    period_changes: dict[int, dict[str, Any]] = Field(
        default_factory=dict,
        description="Settings a period changes, by period year, nested as in `base` (demand, "
        "policy, network, compute, parameters, sites, latency); later periods do not "
        "inherit them.",
    )

    @model_validator(mode="after")
    def _periods_increase(self) -> PathwaySettings:
        periods = self.periods
        if any(later <= earlier for earlier, later in itertools.pairwise(periods)):
            msg = f"periods must be strictly increasing years, got {periods}"
            raise ValueError(msg)
        if any(not 2000 <= period <= 2100 for period in periods):
            msg = f"periods are years 2000-2100, got {periods}"
            raise ValueError(msg)
        for period, changes in self.period_changes.items():
            if period not in periods:
                msg = f"period_changes names {period}, which is not one of the periods {periods}"
                raise ValueError(msg)
            for key in changes:
                if key not in PERIOD_CHANGEABLE:
                    allowed = ", ".join(PERIOD_CHANGEABLE)
                    msg = f"period_changes.{period}.{key} cannot change per period ({allowed} can)"
                    raise ValueError(msg)
            for dotted in PERIOD_FIXED:
                block, name = dotted.split(".")
                if name in (changes.get(block) or {}):
                    msg = (
                        f"period_changes.{period}.{dotted} cannot change per period "
                        "(it fixes the LP's structure or how capacity is costed)"
                    )
                    raise ValueError(msg)
        return self
