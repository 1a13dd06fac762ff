"""The modelled hours and the hourly profiles on them, for the LP's inputs.

Between the catalogue and :mod:`optimiser.lp.inputs`: applies a scenario's own profile files
and weather year to the catalogue, draws the modelled hours from the year (or years) of
profiles (:mod:`optimiser.data.timeseries`) and puts every hourly profile onto them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import Catalogue, check_weather_years
from optimiser.data.grid_hourly import corridor_hourly_supply, grid_carbon_free_share
from optimiser.data.timeseries import HOURS_PER_DAY, time_representation
from optimiser.lp.firm import firm_availability
from optimiser.settings import ScenarioSettings

MIN_CAPACITY_FACTOR = 1e-4
"""Capacity factors below this (the catalogue's precision) are zero in the LP [fraction]."""


def prepare_hours(
    catalogue: Catalogue,
    sites: pd.DataFrame,
    corridors: pd.DataFrame,
    settings: ScenarioSettings,
    source: Path | str = "time.weather_years",
    firm: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Return the modelled hours with demand shapes, and the hourly supply profiles on them.

    Capacity factors, the grid's carbon-free share per province and each corridor's green
    share and availability, and each clean firm supply's output (``firm``, the table of
    :func:`optimiser.lp.firm.prepare_firm_supply`) are derived over the 8,760 hours and then
    averaged onto the modelled hours, as the demand shapes are. With ``time.weather_years``
    the years' wind and solar follow one another, the other profiles repeat each year, and
    the modelled days are drawn from all of them. Keyed by the fields of
    :class:`ModelInputs` (``hours``,
    ``wind_capacity_factor``, ``solar_capacity_factor``, ``grid_carbon_free_share``,
    ``corridor_green_share``, ``corridor_availability``, ``firm_availability``,
    ``calendar_days``).
    """
    sites_list = list(sites.index)
    years = [
        catalogue.for_weather_year(year, source, "time.weather_years")
        for year in settings.time.weather_years
    ] or [catalogue]

    def each_year(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.concat([frame] * len(years), ignore_index=True).rename_axis("hour")

    wind_years = pd.concat(
        [year.wind_capacity_factor[sites_list] for year in years], ignore_index=True
    )
    solar_years = pd.concat(
        [year.solar_capacity_factor[sites_list] for year in years], ignore_index=True
    )
    demand_shape = each_year(catalogue.demand_shape)
    profiles = pd.concat(
        [demand_shape, wind_years.add_prefix("wind_"), solar_years.add_prefix("solar_")], axis=1
    )
    representation = time_representation(
        settings.time.representation,
        profiles,
        settings.time.representative_days,
        settings.time.keeps_extreme_days,
        settings.time.extra_days,
        settings.time.uses_medoids,
        len(years),
    )
    shapes = representation.aggregate(demand_shape)
    hours = representation.hours.join(shapes.add_prefix("demand_shape_"))
    wind = representation.aggregate(wind_years)
    solar = representation.aggregate(solar_years)
    # Averaging or rescaling makes capacity factors far below the catalogue's precision (1e-4);
    # they are worth less than an hour of output a year and would only widen the LP's
    # coefficient range, so they are zero.
    wind = wind.where(wind >= MIN_CAPACITY_FACTOR, 0.0)
    solar = solar.where(solar >= MIN_CAPACITY_FACTOR, 0.0)
    provinces = list(dict.fromkeys(sites["province_id"]))
    carbon_free = grid_carbon_free_share(catalogue, provinces)
    corridor_green, corridor_available = corridor_hourly_supply(catalogue, corridors)
    if firm is not None and len(firm):
        firm_hourly = representation.aggregate(each_year(firm_availability(catalogue, firm)))
    else:
        firm_hourly = pd.DataFrame(index=hours.index)
    # The modelled day that stands for each day of the year (of each weather year, in order):
    # long-duration storage carries its state from one calendar day to the next through it.
    first_hours = representation.day_of_year_hours[::HOURS_PER_DAY]
    calendar_days = pd.Series(hours["period"].to_numpy()[first_hours], name="period")
    calendar_days.index.name = "day"
    return {
        "calendar_days": calendar_days,
        "firm_availability": firm_hourly,
        "hours": hours,
        "wind_capacity_factor": wind,
        "solar_capacity_factor": solar,
        "grid_carbon_free_share": representation.aggregate(each_year(carbon_free)),
        "corridor_green_share": representation.aggregate(each_year(corridor_green)),
        "corridor_availability": representation.aggregate(each_year(corridor_available)),
    }


def apply_user_profiles(
    catalogue: Catalogue, settings: ScenarioSettings, source: Path | str = "time.weather_year"
) -> Catalogue:
    """Return the catalogue with the scenario's own profiles and weather year applied.

    Profiles the scenario replaces with its own CSV files replace the catalogue's; then the
    wind and solar profiles of ``time.weather_year`` are chosen (by default the files' first
    year, as loaded). ``source`` is named if the year is not in the data.
    """
    profiles = settings.profiles
    for name, path in (
        ("solar_capacity_factor", profiles.solar_capacity_factor_csv),
        ("wind_capacity_factor", profiles.wind_capacity_factor_csv),
        ("demand_shape", profiles.demand_shape_csv),
    ):
        if path is not None:
            catalogue = catalogue.with_profile(name, path)
    if profiles.solar_capacity_factor_csv or profiles.wind_capacity_factor_csv:
        catalogue = check_weather_years(catalogue)
    year = settings.time.weather_year
    if year is not None and year != catalogue.weather_year:
        catalogue = catalogue.for_weather_year(year, source, "time.weather_year")
    return catalogue
