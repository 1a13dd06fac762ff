"""What the planning year changes: demand growth, capex trajectories, retiring capacity.

The catalogue describes 2025 (:data:`CATALOGUE_YEAR`): its provincial demand, its capex, its
existing IT capacity. A plan for a later year, alone (``year``) or as a period of a pathway
(``pathway.periods``), sees that year's figures:

- demand grows with national data-centre electricity, interpolated geometrically between the
  catalogue's 2025 and 2030 figures (:func:`demand_growth_factor`);
- wind, solar and storage capex change by a constant share per year
  (:func:`capex_factor`);
- existing IT capacity retires by a constant share of its 2025 size per year
  (:func:`existing_capacity_factor`);
- with ``sites.room_by_year: catalogue``, each site's maximum IT capacity is its cluster's
  plan for the year (:func:`max_it_capacity`).

Each site carries the capex of what it adds in the plan's year as columns of its own
(:func:`with_capex`), so that a pathway's period can report the mean capex of the vintages in
service.

Years before 2025 keep the 2025 figures (the catalogue gives no history). A pathway period's
settings are the scenario's with the period's year and its ``pathway.period_changes``
(:func:`period_settings`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError
from optimiser.scenario import ResolvedScenario, deep_merge, describe_validation_error
from optimiser.settings import ScenarioSettings

CATALOGUE_YEAR = 2025
"""The year the catalogue's demand, capex and existing capacity describe."""

GROWTH_REFERENCE_YEAR = 2030
"""The year of the catalogue's second national data-centre electricity figure."""

CAPEX_TRAJECTORIES = {
    "wind_capex_cny_per_mw": "wind_capex_change_per_year",
    "solar_capex_cny_per_mw": "solar_capex_change_per_year",
    "storage_power_capex_cny_per_mw": "storage_capex_change_per_year",
    "storage_energy_capex_cny_per_mwh": "storage_capex_change_per_year",
}
"""Capex parameters that follow a trajectory, and the parameter of their yearly change."""


CAPEX_COLUMNS = (
    "server_capex_cny_per_mw",
    "wind_capex_cny_per_mw",
    "solar_capex_cny_per_mw",
    "storage_power_capex_cny_per_mw",
    "storage_energy_capex_cny_per_mwh",
)
"""Capex per unit of each capacity a site adds, besides its own ``it_capex_cny_per_mw``."""


def with_capex(sites: pd.DataFrame, parameters: dict[str, float]) -> pd.DataFrame:
    """Return the sites with the capex of what they add, one column per technology.

    Alike at every site in one year; a pathway's period reports the mean capex of the
    capacity in service, built in different periods at different prices.
    """
    sites = sites.copy()
    for column in CAPEX_COLUMNS:
        sites[column] = float(parameters[column])
    return sites


def years_after_catalogue(year: int) -> int:
    """Return the years from the catalogue's year to ``year`` (0 for earlier years)."""
    return max(year - CATALOGUE_YEAR, 0)


def demand_growth_factor(parameters: dict[str, float], year: int) -> float:
    """Return demand in ``year`` relative to the catalogue's 2025 demand [-].

    Geometric interpolation (a constant yearly growth rate) between
    ``data_centre_electricity_2025_twh`` and ``data_centre_electricity_2030_twh``, continued at
    the same rate after 2030.
    """
    if years_after_catalogue(year) == 0:
        return 1.0
    start = parameters["data_centre_electricity_2025_twh"]
    end = parameters["data_centre_electricity_2030_twh"]
    span = GROWTH_REFERENCE_YEAR - CATALOGUE_YEAR
    return float((end / start) ** (years_after_catalogue(year) / span))


def capex_factor(parameters: dict[str, float], change_parameter: str, year: int) -> float:
    """Return capex in ``year`` relative to 2025 [-]: ``(1 + change) ** (year - 2025)``."""
    if years_after_catalogue(year) == 0:
        return 1.0
    return float((1 + parameters[change_parameter]) ** years_after_catalogue(year))


def existing_capacity_factor(parameters: dict[str, float], year: int) -> float:
    """Return the share of the catalogue's existing IT capacity still in service in ``year``."""
    if years_after_catalogue(year) == 0:
        return 1.0
    retired = parameters["existing_it_retirement_share_per_year"] * years_after_catalogue(year)
    return max(1.0 - retired, 0.0)


def max_it_capacity(
    catalogue: Catalogue, settings: ScenarioSettings, source: Path | str = ""
) -> pd.Series:
    """Return every site's maximum IT capacity in the plan's year [MW], existing included.

    ``sites.room_by_year: scale`` takes the catalogue's ``max_it_capacity_mw``
    (``clusters.csv``) whatever the year; ``catalogue`` takes the clusters' plans
    (``cluster_room_by_year.csv``) for ``settings.year``, interpolated linearly between the
    table's years (the plans' milestones, as targets between milestone years are read) and held
    at the first or last year's figure outside them (a plan is not extrapolated). Either is
    multiplied by ``sites.max_it_capacity_scale``.

    Parameters
    ----------
    catalogue : Catalogue
        The catalogue.
    settings : ScenarioSettings
        The scenario's settings (one year: a pathway's period has its own).
    source : str or pathlib.Path, optional
        The model file (or ``--set``), named when the catalogue has no table by year.

    Returns
    -------
    pandas.Series
        Index ``cluster_id`` (every site of the catalogue): maximum IT capacity [MW].

    Raises
    ------
    optimiser.errors.InputError
        ``room_by_year: catalogue`` with a catalogue that has no ``cluster_room_by_year.csv``.
    """
    scale = settings.sites.max_it_capacity_scale
    clusters = catalogue.clusters
    if settings.sites.room_by_year == "scale":
        return clusters["max_it_capacity_mw"] * scale
    table = catalogue.cluster_room_by_year
    if table is None:
        raise InputError(
            source,
            "sites.room_by_year",
            "catalogue needs the catalogue's cluster_room_by_year.csv, which this catalogue "
            f"({catalogue.path}) has not; use scale",
        )
    return room_in_year(table, settings.year).reindex(clusters.index) * scale


def room_in_year(table: pd.DataFrame, year: int) -> pd.Series:
    """Return each site's maximum IT capacity in ``year`` from the table by year [MW].

    Linear between the table's years; the first or last year's figure outside them.

    Parameters
    ----------
    table : pandas.DataFrame
        Index ``cluster_id``, ``year``: ``max_it_capacity_mw`` [MW]
        (:attr:`Catalogue.cluster_room_by_year`).
    year : int
        The plan's year.

    Examples
    --------
    Between the milestones 2025 (750 MW) and 2030 (2,000 MW), 2027 is two fifths of the way:

    >>> room = pd.DataFrame(
    ...     {"max_it_capacity_mw": [750.0, 2000.0]},
    ...     index=pd.MultiIndex.from_tuples(
    ...         [("qingyang", 2025), ("qingyang", 2030)], names=["cluster_id", "year"]
    ...     ),
    ... )
    >>> float(room_in_year(room, 2027)["qingyang"])
    1250.0
    """
    wide = table["max_it_capacity_mw"].unstack("year").sort_index(axis=1)
    years = [int(column) for column in wide.columns]
    if year <= years[0]:
        return wide[years[0]].rename("max_it_capacity_mw")
    if year >= years[-1]:
        return wide[years[-1]].rename("max_it_capacity_mw")
    after = next(column for column in years if column >= year)
    before = max(column for column in years if column <= year)
    if after == before:
        return wide[before].rename("max_it_capacity_mw")
    weight = (year - before) / (after - before)
    values = wide[before] + weight * (wide[after] - wide[before])
    return values.rename("max_it_capacity_mw")


def period_settings(scenario: ResolvedScenario, period: int) -> ResolvedScenario:
    """Return one period of a pathway as a single-year scenario.

    The scenario's settings with ``year`` set to the period, the period's
    ``pathway.period_changes`` applied, and no periods of its own.

    Raises
    ------
    optimiser.errors.InputError
        When the period's changes are invalid; names the model file (or ``--set``) and
        ``pathway.period_changes.<period>.<key>``.
    """
    settings = scenario.settings
    changes = settings.pathway.period_changes.get(period, {})
    merged = deep_merge(settings.model_dump(mode="python"), changes)
    merged["year"] = period
    merged["pathway"] = {
        **merged["pathway"],
        "periods": [],
        "period_changes": {},
        "foresight": "perfect",
    }
    try:
        period_settings = ScenarioSettings.model_validate(merged)
    except ValidationError as error:
        location, message = describe_validation_error(error)
        field = f"pathway.period_changes.{period}.{location}"
        source: str | Path = (
            "--set"
            if any(key.startswith("pathway") for key in scenario.overrides)
            else scenario.model_path
        )
        raise InputError(source, field, message) from None
    return scenario.model_copy(update={"settings": period_settings})
