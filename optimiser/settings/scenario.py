"""All the settings of one planning run: :class:`ScenarioSettings`, one field per block.

A model file's ``base`` and each scenario are read into it by :mod:`optimiser.scenario`;
the blocks are defined in the modules beside this one.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from optimiser.settings.base import Settings
from optimiser.settings.demand_and_policy import DemandSettings, PolicySettings
from optimiser.settings.maps import MapSettings
from optimiser.settings.network import LatencySettings, NetworkSettings
from optimiser.settings.pathway import PathwaySettings
from optimiser.settings.sites import ComputeSettings, ProfileSettings, SiteSettings
from optimiser.settings.solve_and_check import SolverSettings, ValidationSettings
from optimiser.settings.supply import SupplySettings
from optimiser.settings.time_representation import TimeSettings


class ScenarioSettings(Settings):
    """Everything that defines one planning run besides the data catalogue."""

    year: int = Field(
        2025,
        ge=2000,
        le=2100,
        description="Planning year: the UHV corridors in service by it are available (unless "
        "network.corridors_in_service_by_year says otherwise); with pathway.periods, the "
        "first period and the year costs are discounted to.",
    )
    time: TimeSettings = Field(default_factory=TimeSettings, description="Time representation.")
    demand: DemandSettings = Field(default_factory=DemandSettings, description="Demand.")
    policy: PolicySettings = Field(default_factory=PolicySettings, description="Policy.")
    latency: LatencySettings = Field(default_factory=LatencySettings, description="Latency.")
    network: NetworkSettings = Field(default_factory=NetworkSettings, description="Network.")
    sites: SiteSettings = Field(default_factory=SiteSettings, description="Candidate sites.")
    supply: SupplySettings = Field(
        default_factory=SupplySettings, description="Clean firm supply contracts."
    )
    compute: ComputeSettings = Field(
        default_factory=ComputeSettings, description="Compute per MW of IT power."
    )
    parameters: dict[str, float] = Field(
        default_factory=dict,
        description="Overrides of catalogue parameters by name (regions/parameters.csv), "
        "e.g. discount_rate.",
    )
    profiles: ProfileSettings = Field(default_factory=ProfileSettings, description="Profiles.")
    solver: SolverSettings = Field(default_factory=SolverSettings, description="Solver.")
    validation: ValidationSettings = Field(
        default_factory=ValidationSettings,
        description="Shortfall prices of the full-year validation (`dcsite validate`).",
    )
    pathway: PathwaySettings = Field(
        default_factory=PathwaySettings,
        description="Investment periods of a multi-year plan (empty: one year).",
    )
    maps: MapSettings = Field(
        default_factory=MapSettings, description="What the maps print besides the plan."
    )

    @model_validator(mode="after")
    def _pathway_starts_in_year(self) -> ScenarioSettings:
        periods = self.pathway.periods
        if periods and periods[0] != self.year:
            msg = (
                f"pathway.periods must start with `year` ({self.year}), the base year costs "
                f"are discounted to; got {periods[0]}"
            )
            raise ValueError(msg)
        return self
