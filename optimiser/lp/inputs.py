"""Prepare the model's input tables from the catalogue and a scenario.

Between checking and building: applies the scenario to the catalogue (demand scaling, policy
caps, corridor availability, latency eligibility, cost overrides) and returns plain, tidy
tables. The same tables feed the LP (:mod:`optimiser.lp.model`), are written to each results
directory's ``inputs/`` and are what the audit (:mod:`optimiser.results.audit`) re-checks the plan
against, so a run can be reproduced and audited from its folder alone.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.grid_hourly import (
    annual_carbon_free_share,
)
from optimiser.errors import InputError
from optimiser.lp.committed import committed_capacity
from optimiser.lp.firm import empty_firm_supply, prepare_firm_supply
from optimiser.lp.hours import apply_user_profiles, prepare_hours
from optimiser.lp.long_duration import empty_long_duration, prepare_long_duration
from optimiser.lp.periods import (
    CAPEX_TRAJECTORIES,
    capex_factor,
    demand_growth_factor,
    existing_capacity_factor,
    max_it_capacity,
    with_capex,
)
from optimiser.lp.scenario_checks import check_known_ids
from optimiser.lp.supply import prepare_certificate_supply, prepare_corridors
from optimiser.scenario import (
    ResolvedScenario,
    setting_source,
)
from optimiser.settings import ScenarioSettings

HOURS_PER_YEAR = 8760.0
KG_PER_TONNE = 1000.0


def annuity_factor(discount_rate: float, lifetime_years: float) -> float:
    """Return the capital recovery factor [1/yr].

    Parameters
    ----------
    discount_rate : float
        Real discount rate [fraction/yr].
    lifetime_years : float
        Economic lifetime [yr].

    Examples
    --------
    >>> round(annuity_factor(0.06, 15), 6)
    0.102963
    >>> annuity_factor(0.0, 20)
    0.05
    """
    if discount_rate == 0:
        return 1.0 / lifetime_years
    growth = (1 + discount_rate) ** lifetime_years
    return discount_rate * growth / (growth - 1)


@dataclass(frozen=True)
class ModelInputs:
    """Everything the LP needs, as tidy tables (units in column names).

    Attributes
    ----------
    sites : pandas.DataFrame
        Index ``cluster_id``: ``province_id``, ``grid_region_id``, ``role``,
        ``is_hub_cluster``, ``green_share_target`` [fraction] (0 where no target applies),
        ``green_share_planning_target`` [fraction] (the target plus ``time.target_margins``,
        at most 1: what the LP holds the site to),
        ``pue`` [-], ``utilisation_limit`` [fraction], ``existing_it_capacity_mw``,
        ``max_it_capacity_mw``, ``it_capex_cny_per_mw``, ``max_wind_mw``, ``max_solar_mw``,
        ``max_storage_mw``, ``price_cny_per_mwh``, ``grid_renewable_share`` [fraction],
        ``grid_emissions_kgco2_per_mwh``.
    regions : pandas.DataFrame
        Index ``province_id``: ``demand_latency_bound_mw``, ``demand_flexible_mw``
        (annual-mean IT load [MW] after scenario scaling).
    pairs : pandas.DataFrame
        One row per (``province_id``, ``cluster_id``): ``distance_km``, ``rtt_ms``,
        ``latency_eligible`` (bool), ``network_cost_latency_bound_cny_per_mwh``,
        ``network_cost_flexible_cny_per_mwh``.
    corridors : pandas.DataFrame
        Index ``corridor_id``, available corridors only: ``available_capacity_mw`` (for data
        centres, after scaling), ``renewable_share``, ``delivered_price_cny_per_mwh``,
        ``to_grid_region_id``.
    corridor_links : pandas.DataFrame
        ``corridor_id``, ``cluster_id``: which sites each corridor can deliver to (sites in
        the grid region of its receiving end, outside its sending province).
    hours : pandas.DataFrame
        Index ``hour``: ``period``, ``weight_h`` [h], ``previous_hour``,
        ``demand_shape_latency_bound``, ``demand_shape_flexible`` [-].
    wind_capacity_factor, solar_capacity_factor : pandas.DataFrame
        Index ``hour``, one column per site [fraction].
    grid_carbon_free_share : pandas.DataFrame
        Index ``hour``, one column per province of the sites: the grid's carbon-free share in
        each modelled hour [fraction] (:func:`optimiser.data.grid_hourly.grid_carbon_free_share`).
    corridor_green_share, corridor_availability : pandas.DataFrame
        Index ``hour``, one column per corridor: the green part of its flow, and the share of
        its capacity it can carry, in each modelled hour [fraction].
    certificate_supply : pandas.DataFrame
        Index ``step_id``: ``instrument``, ``volume_gwh_per_year`` (inf: unlimited) and
        ``price_cny_per_mwh``, in ascending price: green attributes the sites may buy for the
        annual measure.
    headroom : pandas.DataFrame
        Index ``province_id``: ``grid_headroom_mw``, ``peak_load_mw`` and ``headroom_source``,
        provinces with a purchase limit only (:func:`prepare_headroom`).
    parameters : dict of str to float
        Catalogue parameters with scenario overrides, plus the derived
        ``*_annual_cost_cny_per_mw_per_year`` figures the objective uses.
    settings : ScenarioSettings
        The scenario settings.
    weather_year : int or None
        The weather year of the wind and solar profiles; None for profiles of one year.
    firm_supply : pandas.DataFrame
        Index ``supply_key`` (``<province_id>:<technology>``): the clean firm supply the
        sites may contract (:func:`optimiser.lp.firm.prepare_firm_supply`); no rows when none.
    firm_availability : pandas.DataFrame
        Index ``hour``, one column per supply key: its output per MW contracted in each
        modelled hour [fraction].
    long_duration_technologies, long_duration_pairs, long_duration_potential : pandas.DataFrame
        The long-duration storage offered, which site may use which, and what each
        province's sites may lease (:func:`optimiser.lp.long_duration.prepare_long_duration`).
    calendar_days : pandas.Series
        Index ``day`` (0-364, + 365 per later weather year): the ``period`` (modelled day) that
        stands for each day of the year; empty when the hours run in calendar order (a month
        of the full-year check).
    """

    sites: pd.DataFrame
    regions: pd.DataFrame
    pairs: pd.DataFrame
    corridors: pd.DataFrame
    corridor_links: pd.DataFrame
    hours: pd.DataFrame
    wind_capacity_factor: pd.DataFrame
    solar_capacity_factor: pd.DataFrame
    grid_carbon_free_share: pd.DataFrame
    corridor_green_share: pd.DataFrame
    corridor_availability: pd.DataFrame
    certificate_supply: pd.DataFrame
    headroom: pd.DataFrame
    parameters: dict[str, float]
    settings: ScenarioSettings
    weather_year: int | None = None
    firm_supply: pd.DataFrame = dataclasses.field(default_factory=empty_firm_supply)
    firm_availability: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)
    long_duration_technologies: pd.DataFrame = dataclasses.field(
        default_factory=lambda: empty_long_duration()["long_duration_technologies"]
    )
    long_duration_pairs: pd.DataFrame = dataclasses.field(
        default_factory=lambda: empty_long_duration()["long_duration_pairs"]
    )
    long_duration_potential: pd.DataFrame = dataclasses.field(
        default_factory=lambda: empty_long_duration()["long_duration_potential"]
    )
    calendar_days: pd.Series = dataclasses.field(
        default_factory=lambda: pd.Series(dtype=int, name="period")
    )


def effective_parameters(catalogue: Catalogue, settings: ScenarioSettings) -> dict[str, float]:
    """Return the catalogue parameters with overrides and the derived annual costs."""
    parameters = dict(catalogue.parameters)
    for name, value in settings.parameters.items():  # names checked by check_known_ids
        parameters[name] = float(value)
    certificate_price = settings.policy.certificate_price_cny_per_mwh
    if certificate_price is not None:
        parameters["green_certificate_price_cny_per_mwh"] = certificate_price
    if settings.compute.eflops_per_mw is not None:
        parameters["compute_eflops_per_mw"] = settings.compute.eflops_per_mw
    if settings.pathway.cost_trajectories == "catalogue":
        # Capacity built in a later year costs that year's capex (overrides set the 2025 one).
        for capex, change in CAPEX_TRAJECTORIES.items():
            parameters[capex] *= capex_factor(parameters, change, settings.year)
    # Compute per MW of IT power in this scenario: chips that need less power for the same
    # work (demand.it_power_scale < 1) put more compute in each MW.
    parameters["eflops_per_mw"] = (
        parameters["compute_eflops_per_mw"] / settings.demand.it_power_scale
    )
    # Servers and accelerators scale with compute, so their cost per MW of IT power does too.
    parameters["server_capex_cny_per_mw"] = (
        parameters["server_capex_cny_per_eflops"] * parameters["eflops_per_mw"]
    )
    rate = parameters["discount_rate"]
    for technology in ("it", "server", "wind", "solar", "storage"):
        annuity = annuity_factor(rate, parameters[f"{technology}_lifetime_years"])
        parameters[f"{technology}_annuity_per_year"] = annuity
    return parameters


def prepare_sites(catalogue: Catalogue, settings: ScenarioSettings) -> pd.DataFrame:
    """Return the candidate sites with the scenario's policy values applied."""
    clusters = catalogue.clusters
    keep = ~clusters.index.isin(settings.sites.exclude)
    if not settings.sites.include_non_hub:
        keep &= clusters["is_hub_cluster"].to_numpy()
    sites = clusters.loc[keep].copy()
    sites["max_it_capacity_mw"] = max_it_capacity(catalogue, settings).loc[sites.index]
    policy = settings.policy
    pue_cap = sites["role"].map({"east": policy.pue_east, "west": policy.pue_west})
    sites["pue"] = np.minimum(sites["pue_limit"], pue_cap)
    utilisation = sites["role"].map(
        {"east": policy.utilisation_east, "west": policy.utilisation_west}
    )
    sites["utilisation_limit"] = utilisation.astype(float).fillna(sites["utilisation_target"])
    targeted = (
        sites["is_hub_cluster"]
        if policy.green_target_applies_to == "hub_clusters"
        else pd.Series(True, index=sites.index)
    )
    sites["green_share_target"] = np.where(targeted, policy.green_share_target, 0.0)
    # What the LP holds a site to: the target plus the margin by which the representation
    # overstated its share over the full year (time.target_margins), never above 1.
    margins = pd.Series(settings.time.target_margins, dtype=float).reindex(sites.index)
    sites["green_share_planning_target"] = np.where(
        sites["green_share_target"] > 0,
        np.minimum(1.0, sites["green_share_target"] + margins.fillna(0.0)),
        0.0,
    )
    provinces = catalogue.provinces.loc[sites["province_id"]]
    sites["grid_region_id"] = provinces["grid_region_id"].to_numpy()
    sites["is_western_region"] = provinces["is_western_region"].to_numpy(dtype=bool)
    sites["price_cny_per_mwh"] = provinces["price_cny_per_mwh"].to_numpy()
    sites["grid_renewable_share"] = provinces["grid_renewable_share"].to_numpy()
    carbon_free = annual_carbon_free_share(catalogue)
    sites["grid_carbon_free_share"] = carbon_free.loc[sites["province_id"]].to_numpy()
    emissions = catalogue.grid_regions["emissions_kgco2_per_mwh"]
    sites["grid_emissions_kgco2_per_mwh"] = emissions.loc[sites["grid_region_id"]].to_numpy()
    # Checked by check_known_ids before any site is prepared.
    committed = committed_capacity(catalogue, settings, "").reindex(sites.index)
    sites["committed_new_it_capacity_mw"] = committed["committed_new_it_capacity_mw"]
    sites["additional_new_it_capacity_mw"] = committed["additional_new_it_capacity_mw"]
    columns = [
        "province_id",
        "grid_region_id",
        "is_western_region",
        "role",
        "is_hub_cluster",
        "green_share_target",
        "green_share_planning_target",
        "pue",
        "utilisation_limit",
        "existing_it_capacity_mw",
        "max_it_capacity_mw",
        "committed_new_it_capacity_mw",
        "additional_new_it_capacity_mw",
        "it_capex_cny_per_mw",
        "max_wind_mw",
        "max_solar_mw",
        "max_storage_mw",
        "price_cny_per_mwh",
        "grid_renewable_share",
        "grid_carbon_free_share",
        "grid_emissions_kgco2_per_mwh",
        "lat",
        "lon",
    ]
    return sites[columns]


def prepare_regions(
    catalogue: Catalogue,
    settings: ScenarioSettings,
    parameters: dict[str, float],
    source: Path | str,
) -> pd.DataFrame:
    """Return each province's demand per workload class after scenario scaling [MW].

    With ``demand.compute_eflops`` the national demand is given in compute and converted to
    IT power at the scenario's EFLOPS per MW; the catalogue's demand gives only the split
    among provinces and workload classes.
    """
    demand = settings.demand
    growth = (
        demand_growth_factor(parameters, settings.year)
        if settings.pathway.demand_growth == "catalogue"
        else 1.0
    )
    common = demand.scale * growth * demand.it_power_scale
    if demand.compute_eflops is not None:
        if demand.scale != 1.0:
            raise InputError(
                source, "demand.compute_eflops", "set either demand.compute_eflops or demand.scale"
            )
        catalogue_mw = (
            catalogue.provinces["demand_latency_bound_mw"].sum()
            + catalogue.provinces["demand_flexible_mw"].sum()
        )
        common = growth * demand.compute_eflops / parameters["eflops_per_mw"] / catalogue_mw
    # Demand below the plan's (dcsite shortfall) scales whichever way demand is given.
    common *= demand.realised_share
    regions = pd.DataFrame(
        {
            "demand_latency_bound_mw": catalogue.provinces["demand_latency_bound_mw"]
            * common
            * demand.latency_bound_scale,
            "demand_flexible_mw": catalogue.provinces["demand_flexible_mw"]
            * common
            * demand.flexible_scale,
        }
    )
    return regions


def demand_ratio(catalogue: Catalogue, regions: pd.DataFrame) -> float:
    """Return the scenario's total demand over the catalogue's [-] (1 when it has none)."""
    columns = ["demand_latency_bound_mw", "demand_flexible_mw"]
    catalogue_mw = float(catalogue.provinces[columns].to_numpy().sum())
    return float(regions[columns].to_numpy().sum()) / catalogue_mw if catalogue_mw > 0 else 1.0


def prepare_pairs(
    catalogue: Catalogue,
    sites: pd.DataFrame,
    regions: pd.DataFrame,
    settings: ScenarioSettings,
    parameters: dict[str, float],
    source: Path | str,
) -> pd.DataFrame:
    """Return every (province, site) pair with its latency eligibility and network cost.

    Raises
    ------
    optimiser.errors.InputError
        When a province with latency-bound demand has no site within the round-trip limit.
    """
    pairs = catalogue.latency[catalogue.latency["cluster_id"].isin(sites.index)].copy()
    limit = settings.latency.max_rtt_ms
    pairs["latency_eligible"] = pairs["rtt_ms"] <= limit
    per_gbps_per_mwh = parameters["bandwidth_cost_cny_per_gbps_per_year"] / HOURS_PER_YEAR
    distance_share = pairs["distance_km"] / parameters["bandwidth_reference_distance_km"]
    for workload in ("latency_bound", "flexible"):
        gbps_per_mw = parameters[f"bandwidth_gbps_per_mw_{workload}"]
        pairs[f"network_cost_{workload}_cny_per_mwh"] = (
            gbps_per_mw * per_gbps_per_mwh * distance_share
        )
    needs = regions.index[regions["demand_latency_bound_mw"] > 0]
    served = set(pairs.loc[pairs["latency_eligible"], "province_id"])
    for province in needs:
        if province not in served:
            nearest = pairs[pairs["province_id"] == province].nsmallest(1, "rtt_ms")
            detail = (
                f"nearest site {nearest['cluster_id'].iloc[0]} at "
                f"{nearest['rtt_ms'].iloc[0]:.1f} ms"
                if len(nearest)
                else "no site available"
            )
            raise InputError(
                source,
                "latency.max_rtt_ms",
                f"contradictory settings: no site within {limit:g} ms of {province}, which has "
                f"latency-bound demand ({detail}); raise the limit or add a site",
            )
    return pairs.reset_index(drop=True)


def prepare_headroom(
    catalogue: Catalogue, settings: ScenarioSettings, parameters: dict[str, float]
) -> pd.DataFrame:
    """Return the provinces with a limit on data-centre grid purchases [MW].

    By default (``network.grid_headroom: peak_load_share``) every province with a peak load in
    ``grid_peak_load.csv`` has ``grid_headroom_share_of_peak_load`` times it;
    ``network.province_grid_headroom_mw`` replaces that for the provinces it names. Columns
    ``grid_headroom_mw``, ``peak_load_mw`` (NaN where the catalogue has none) and
    ``headroom_source`` (``peak_load_share`` or ``setting``).
    """
    peaks = (
        catalogue.grid_peak_load["peak_load_mw"].astype(float)
        if catalogue.grid_peak_load is not None
        else pd.Series(dtype=float)
    )
    limits = pd.Series(dtype=float)
    if settings.network.grid_headroom == "peak_load_share" and not peaks.empty:
        limits = peaks * parameters["grid_headroom_share_of_peak_load"]
    named = pd.Series(settings.network.province_grid_headroom_mw, dtype=float)  # ids checked
    source = pd.Series("peak_load_share", index=limits.index, dtype=object)
    limits = pd.concat([limits.drop(named.index, errors="ignore"), named])
    source = pd.concat(
        [
            source.drop(named.index, errors="ignore"),
            pd.Series("setting", index=named.index, dtype=object),
        ]
    )
    table = pd.DataFrame(
        {
            "grid_headroom_mw": limits,
            "peak_load_mw": peaks.reindex(limits.index),
            "headroom_source": source.reindex(limits.index),
        }
    )
    return table.sort_index().rename_axis("province_id")


def prepare_inputs(catalogue: Catalogue, scenario: ResolvedScenario) -> ModelInputs:
    """Apply a resolved scenario to the catalogue.

    Parameters
    ----------
    catalogue : Catalogue
        The validated regional data.
    scenario : ResolvedScenario
        The scenario settings.

    Returns
    -------
    ModelInputs
        The tables the LP is built from.
    """
    settings = scenario.settings
    source = scenario.model_path
    try:
        check_known_ids(catalogue, settings, source)
    except InputError as error:  # blame --set, not the model file, for an id given there
        if error.source != str(source):  # a file the scenario names (a plans file) says so
            raise
        raise InputError(
            setting_source(scenario, error.field), error.field, error.problem
        ) from None
    catalogue = apply_user_profiles(
        catalogue, settings, setting_source(scenario, "time.weather_year")
    )
    parameters = effective_parameters(catalogue, settings)
    sites = with_capex(prepare_sites(catalogue, settings), parameters)
    sites["existing_it_capacity_mw"] *= existing_capacity_factor(parameters, settings.year)
    if sites.empty:
        raise InputError(source, "sites", "no candidate site is left")
    regions = prepare_regions(catalogue, settings, parameters, source)
    pairs = prepare_pairs(catalogue, sites, regions, settings, parameters, source)
    corridors, corridor_links = prepare_corridors(catalogue, sites, settings, parameters)
    firm = prepare_firm_supply(catalogue, sites, settings, source)
    return ModelInputs(
        sites=sites,
        regions=regions,
        pairs=pairs,
        corridors=corridors,
        corridor_links=corridor_links,
        **prepare_hours(
            catalogue,
            sites,
            corridors,
            settings,
            setting_source(scenario, "time.weather_years"),
            firm,
        ),
        firm_supply=firm,
        **prepare_long_duration(catalogue, sites, settings, source),
        certificate_supply=prepare_certificate_supply(
            catalogue,
            settings,
            parameters,
            setting_source(scenario, "policy.certificate_volume_scale"),
            demand_ratio(catalogue, regions),
        ),
        headroom=prepare_headroom(catalogue, settings, parameters),
        parameters=parameters,
        settings=settings,
        weather_year=None if settings.time.weather_years else catalogue.weather_year,
    )


__all__ = ["ModelInputs", "annuity_factor", "prepare_inputs"]
