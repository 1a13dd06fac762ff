"""The settings of one planning run: pydantic models, one per block of a model file.

What a scenario can set, with its unit, default and description (``dcsite scenarios`` lists
them). Every block forbids unknown keys and NaN or infinity, so nothing is accepted and silently
ignored. :mod:`optimiser.scenario` reads model files into these models. One module per group of
blocks: :mod:`~optimiser.settings.time_representation`,
:mod:`~optimiser.settings.demand_and_policy`, :mod:`~optimiser.settings.network`,
:mod:`~optimiser.settings.supply`, :mod:`~optimiser.settings.sites`,
:mod:`~optimiser.settings.solve_and_check`, :mod:`~optimiser.settings.maps` and
:mod:`~optimiser.settings.pathway`, gathered by :mod:`~optimiser.settings.scenario`; the names
below are the public settings API.
"""

from __future__ import annotations

from optimiser.settings.base import Settings
from optimiser.settings.demand_and_policy import DemandSettings, PolicySettings
from optimiser.settings.maps import REVIEW_NUMBER_LABELS, MapSettings
from optimiser.settings.network import LatencySettings, NetworkSettings
from optimiser.settings.pathway import PERIOD_CHANGEABLE, PERIOD_FIXED, PathwaySettings
from optimiser.settings.scenario import ScenarioSettings
from optimiser.settings.sites import ComputeSettings, ProfileSettings, SiteSettings
from optimiser.settings.solve_and_check import (
    OWN_HIGHS_OPTIONS,
    SolverSettings,
    ValidationSettings,
)
from optimiser.settings.supply import (
    FIRM_DEFAULT,
    LONG_DURATION_DEFAULT,
    FirmTechnology,
    LongDurationTechnology,
    SupplySettings,
)
from optimiser.settings.time_representation import TimeSettings

__all__ = [
    "FIRM_DEFAULT",
    "LONG_DURATION_DEFAULT",
    "OWN_HIGHS_OPTIONS",
    "PERIOD_CHANGEABLE",
    "PERIOD_FIXED",
    "REVIEW_NUMBER_LABELS",
    "ComputeSettings",
    "DemandSettings",
    "FirmTechnology",
    "LatencySettings",
    "LongDurationTechnology",
    "MapSettings",
    "NetworkSettings",
    "PathwaySettings",
    "PolicySettings",
    "ProfileSettings",
    "ScenarioSettings",
    "Settings",
    "SiteSettings",
    "SolverSettings",
    "SupplySettings",
    "TimeSettings",
    "ValidationSettings",
]
