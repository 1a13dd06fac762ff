"""Prepare the model's input tables from the catalogue and a scenario.

Between checking and building: applies the scenario to the catalogue (demand scaling, policy
caps, corridor availability, latency eligibility, cost overrides) and returns plain, tidy
tables. The same tables feed the LP (:mod:`optimiser.lp.model`), are written to each results
directory's ``inputs/`` and are what the audit (:mod:`optimiser.results.audit`) re-checks the plan
against, so a run can be reproduced and audited from its folder alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.grid_hourly import (
    annual_carbon_free_share,
    corridor_hourly_supply,
    grid_carbon_free_share,
)
from optimiser.data.latency import great_circle_distance_km
from optimiser.data.plans import read_plans_csv
from optimiser.data.timeseries import time_representation
from optimiser.errors import InputError, did_you_mean
from optimiser.lp.periods import (
    CAPEX_TRAJECTORIES,
    capex_factor,
    demand_growth_factor,
    existing_capacity_factor,
    with_capex,
)
from optimiser.scenario import (
    ResolvedScenario,
    load_model_file,
    resolve_paths,
    scenario_settings,
    setting_source,
)
from optimiser.settings import ScenarioSettings

HOURS_PER_YEAR = 8760.0
MIN_CAPACITY_FACTOR = 1e-4
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
        Index ``province_id``: ``grid_headroom_mw``, provinces with a purchase limit only.
    parameters : dict of str to float
        Catalogue parameters with scenario overrides, plus the derived
        ``*_annual_cost_cny_per_mw_per_year`` figures the objective uses.
    settings : ScenarioSettings
        The scenario settings.
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


def committed_capacity(
    catalogue: Catalogue, settings: ScenarioSettings, source: Path | str
) -> pd.Series:
    """Return the new IT capacity a scenario commits per site [MW] (plans file + settings).

    Raises
    ------
    optimiser.errors.InputError
        An unknown or excluded site, a negative commitment, or one beyond the site's room
        (maximum minus existing IT capacity).
    """
    committed = pd.Series(0.0, index=catalogue.clusters.index)
    plans_csv = settings.sites.plans_csv
    entries: list[tuple[str | Path, str, str, float]] = []
    if plans_csv is not None:
        plans = read_plans_csv(plans_csv)
        entries += [(plans_csv, f"cluster_id={site}", site, value) for site, value in plans.items()]
    entries += [
        (source, f"sites.committed_new_it_capacity_mw.{site}", site, float(value))
        for site, value in settings.sites.committed_new_it_capacity_mw.items()
    ]
    for where, field, site, value in entries:
        if site not in catalogue.clusters.index:
            known = ", ".join(catalogue.clusters.index)
            raise InputError(where, field, f"unknown site {site!r}; known: {known}")
        if site in settings.sites.exclude:
            raise InputError(where, field, f"site {site!r} is excluded by sites.exclude")
        if not value >= 0:
            raise InputError(where, field, f"expected at least 0 MW, got {value:g}")
        committed[site] += value
    clusters = catalogue.clusters
    maximum = clusters["max_it_capacity_mw"] * settings.sites.max_it_capacity_scale
    room = (maximum - clusters["existing_it_capacity_mw"]).clip(lower=0)
    for site in committed.index[committed > room + 1e-9]:
        raise InputError(
            plans_csv if plans_csv is not None else source,
            f"committed new IT capacity at {site}",
            f"{committed[site]:,.0f} MW exceeds the site's room of {room[site]:,.0f} MW "
            "(max_it_capacity_mw x sites.max_it_capacity_scale - existing_it_capacity_mw)",
        )
    return committed


def prepare_sites(catalogue: Catalogue, settings: ScenarioSettings) -> pd.DataFrame:
    """Return the candidate sites with the scenario's policy values applied."""
    clusters = catalogue.clusters
    keep = ~clusters.index.isin(settings.sites.exclude)
    if not settings.sites.include_non_hub:
        keep &= clusters["is_hub_cluster"].to_numpy()
    sites = clusters.loc[keep].copy()
    sites["max_it_capacity_mw"] *= settings.sites.max_it_capacity_scale
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
    sites["committed_new_it_capacity_mw"] = committed_capacity(catalogue, settings, "").reindex(
        sites.index
    )
    columns = [
        "province_id",
        "grid_region_id",
        "is_western_region",
        "role",
        "is_hub_cluster",
        "green_share_target",
        "pue",
        "utilisation_limit",
        "existing_it_capacity_mw",
        "max_it_capacity_mw",
        "committed_new_it_capacity_mw",
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


def wheeling_allowed(sites: pd.DataFrame, line: pd.Series) -> pd.Series:
    """Return which sites may take a corridor's power wheeled on from its receiving province.

    Power is never wheeled back toward where it came from: a site outside the receiving
    province may take it only if it lies in the receiving grid region, outside the sending
    province and sending grid region, and no nearer the sending end than the receiving end is
    (great-circle distances). Otherwise the power would travel there and back.

    Parameters
    ----------
    sites : pandas.DataFrame
        Index ``cluster_id``: ``province_id``, ``grid_region_id``, ``lat``, ``lon``.
    line : pandas.Series
        The corridor: ``from_province_id``, ``to_province_id``, ``from_grid_region_id``,
        ``to_grid_region_id`` and both ends' ``from_lat``, ``from_lon``, ``to_lat``,
        ``to_lon`` [degree].

    Returns
    -------
    pandas.Series
        Boolean, index ``cluster_id``.
    """
    line_length = great_circle_distance_km(
        line["from_lat"], line["from_lon"], line["to_lat"], line["to_lon"]
    )
    from_sending_end = great_circle_distance_km(
        line["from_lat"], line["from_lon"], sites["lat"], sites["lon"]
    )
    return (
        (sites["grid_region_id"] == line["to_grid_region_id"])
        & (sites["province_id"] != line["to_province_id"])
        & (sites["grid_region_id"] != line["from_grid_region_id"])
        & (sites["province_id"] != line["from_province_id"])
        & (from_sending_end >= line_length)
    )


def prepare_corridors(
    catalogue: Catalogue,
    sites: pd.DataFrame,
    settings: ScenarioSettings,
    parameters: dict[str, float],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return every corridor in service by the scenario's year, and the sites each can feed.

    A UHV line delivers its power to the grid of its receiving province, which buys it under
    an inter-provincial contract. So a site in the receiving province takes corridor power at
    the delivered price, as its own contract; a site elsewhere in the receiving grid region
    only by a further inter-provincial transaction, with a wheeling charge on top
    (``wheeling_cny_per_mwh``), and only where the power is not wheeled back toward its
    sending end (:func:`wheeling_allowed`); a site in the sending province or the sending grid
    region never.

    Returns
    -------
    corridors : pandas.DataFrame
        Index ``corridor_id``: every corridor in service by
        ``network.corridors_in_service_by_year``, with ``available_capacity_mw`` (0 when left
        out by ``network.exclude_corridors``), ``renewable_share``, ``green_source``,
        ``delivered_price_cny_per_mwh``, the provinces, grid regions and coordinates of both
        ends and ``excluded``.
    corridor_links : pandas.DataFrame
        ``corridor_id``, ``cluster_id``, ``wheeling_cny_per_mwh`` and ``own_supply`` (True
        where the site is in the receiving province: a contract of its own, counted as own
        supply; wheeled power is a grid transaction): the sites each corridor with capacity
        can feed.
    """
    network = settings.network
    corridors = catalogue.corridors
    by_year = network.corridors_in_service_by_year
    if by_year is None:
        by_year = settings.year
    service_year = corridors["in_service_year"].copy()
    for corridor, year in network.corridor_in_service_year.items():  # ids checked already
        service_year[corridor] = year
    in_service = corridors[service_year <= by_year]
    excluded = in_service.index.isin(network.exclude_corridors)
    capacity = (
        in_service["capacity_mw"]
        * network.corridor_share_for_data_centres
        * network.corridor_capacity_scale
    ).where(~excluded, 0.0)
    region_of = catalogue.provinces["grid_region_id"]
    table = pd.DataFrame(
        {
            "available_capacity_mw": capacity,
            "renewable_share": in_service["renewable_share"],
            "green_source": in_service.get("green_source", "wind_solar"),
            "green_wind_share": in_service.get("green_wind_share", 0.5),
            "delivered_price_cny_per_mwh": in_service["delivered_price_cny_per_mwh"],
            "from_province_id": in_service["from_province_id"],
            "to_province_id": in_service["to_province_id"],
            "from_grid_region_id": region_of.reindex(in_service["from_province_id"]).to_numpy(),
            "to_grid_region_id": region_of.reindex(in_service["to_province_id"]).to_numpy(),
            "from_lat": in_service["from_lat"],
            "from_lon": in_service["from_lon"],
            "to_lat": in_service["to_lat"],
            "to_lon": in_service["to_lon"],
            "excluded": excluded,
        },
        index=in_service.index,
    )
    wheeling = parameters["wheeling_cny_per_mwh"]
    links = []
    for corridor, row in table[table["available_capacity_mw"] > 0].iterrows():
        in_receiving_province = sites["province_id"] == row["to_province_id"]
        links += [(corridor, site, 0.0, True) for site in sites.index[in_receiving_province]]
        wheeled = wheeling_allowed(sites, row)
        links += [(corridor, site, wheeling, False) for site in sites.index[wheeled]]
    corridor_links = pd.DataFrame(
        links, columns=["corridor_id", "cluster_id", "wheeling_cny_per_mwh", "own_supply"]
    )
    return table, corridor_links


@dataclass(frozen=True)
class HourlyInputs:
    """The modelled hours and every hourly profile on them (see :class:`ModelInputs`)."""

    hours: pd.DataFrame
    wind_capacity_factor: pd.DataFrame
    solar_capacity_factor: pd.DataFrame
    grid_carbon_free_share: pd.DataFrame
    corridor_green_share: pd.DataFrame
    corridor_availability: pd.DataFrame


def prepare_hours(
    catalogue: Catalogue, sites: pd.DataFrame, corridors: pd.DataFrame, settings: ScenarioSettings
) -> HourlyInputs:
    """Return the modelled hours with demand shapes, and the hourly supply profiles on them.

    Capacity factors, the grid's carbon-free share per province and each corridor's green
    share and availability are derived over the 8,760 hours and then averaged onto the
    modelled hours, as the demand shapes are.
    """
    sites_list = list(sites.index)
    profiles = pd.concat(
        [
            catalogue.demand_shape,
            catalogue.wind_capacity_factor[sites_list].add_prefix("wind_"),
            catalogue.solar_capacity_factor[sites_list].add_prefix("solar_"),
        ],
        axis=1,
    )
    representation = time_representation(
        settings.time.representation,
        profiles,
        settings.time.representative_days,
        settings.time.extreme_days,
        settings.time.extra_days,
    )
    shapes = representation.aggregate(catalogue.demand_shape)
    hours = representation.hours.join(shapes.add_prefix("demand_shape_"))
    wind = representation.aggregate(catalogue.wind_capacity_factor[sites_list])
    solar = representation.aggregate(catalogue.solar_capacity_factor[sites_list])
    # Averaging makes capacity factors far below the catalogue's precision (1e-4) near dawn;
    # they are worth less than an hour of output a year and would only widen the LP's
    # coefficient range, so they are zero.
    wind = wind.where(wind >= MIN_CAPACITY_FACTOR, 0.0)
    solar = solar.where(solar >= MIN_CAPACITY_FACTOR, 0.0)
    provinces = list(dict.fromkeys(sites["province_id"]))
    carbon_free = grid_carbon_free_share(catalogue, provinces)
    corridor_green, corridor_available = corridor_hourly_supply(catalogue, corridors)
    return HourlyInputs(
        hours=hours,
        wind_capacity_factor=wind,
        solar_capacity_factor=solar,
        grid_carbon_free_share=representation.aggregate(carbon_free),
        corridor_green_share=representation.aggregate(corridor_green),
        corridor_availability=representation.aggregate(corridor_available),
    )


def prepare_certificate_supply(
    catalogue: Catalogue,
    settings: ScenarioSettings,
    parameters: dict[str, float],
    source: Path | str,
) -> pd.DataFrame:
    """Return the green certificates the sites may buy in a year, as a stepwise supply curve.

    The catalogue's curve (``certificate_supply.csv``) with every volume times
    ``policy.certificate_volume_scale``. With a flat price set
    (``policy.certificate_price_cny_per_mwh`` or
    ``parameters.green_certificate_price_cny_per_mwh``), or for a catalogue without a curve,
    one unlimited step at that price (the catalogue's parameter by default): the what-if of
    certificates without a market.

    Returns
    -------
    pandas.DataFrame
        Index ``step_id``: ``instrument``, ``volume_gwh_per_year`` (inf: unlimited),
        ``price_cny_per_mwh``, in ascending price.
    """
    policy = settings.policy
    curve = catalogue.certificate_supply
    flat_price_set = (
        policy.certificate_price_cny_per_mwh is not None
        or "green_certificate_price_cny_per_mwh" in settings.parameters
    )
    if curve is None and policy.certificate_volume_scale != 1:
        raise InputError(
            source,
            "policy.certificate_volume_scale",
            "the catalogue has no certificate supply curve (certificate_supply.csv) to scale",
        )
    if flat_price_set or curve is None:
        return pd.DataFrame(
            {
                "instrument": ["flat_price"],
                "volume_gwh_per_year": [np.inf],
                "price_cny_per_mwh": [parameters["green_certificate_price_cny_per_mwh"]],
            },
            index=pd.Index(["flat_price"], name="step_id"),
        )
    return pd.DataFrame(
        {
            "instrument": curve["instrument"],
            "volume_gwh_per_year": curve["volume_twh_per_year"]
            * 1000.0
            * policy.certificate_volume_scale,
            "price_cny_per_mwh": curve["price_cny_per_mwh"].astype(float),
        },
        index=curve.index.rename("step_id"),
    )


def prepare_headroom(catalogue: Catalogue, settings: ScenarioSettings) -> pd.DataFrame:
    """Return the provinces with a limit on data-centre grid purchases [MW]."""
    limits = settings.network.province_grid_headroom_mw  # ids checked by check_known_ids
    return pd.DataFrame(
        {"grid_headroom_mw": pd.Series(limits, dtype=float)},
    ).rename_axis("province_id")


def apply_user_profiles(catalogue: Catalogue, settings: ScenarioSettings) -> Catalogue:
    """Return the catalogue with any profiles the scenario replaces with its own CSV files."""
    profiles = settings.profiles
    for name, path in (
        ("solar_capacity_factor", profiles.solar_capacity_factor_csv),
        ("wind_capacity_factor", profiles.wind_capacity_factor_csv),
        ("demand_shape", profiles.demand_shape_csv),
    ):
        if path is not None:
            catalogue = catalogue.with_profile(name, path)
    return catalogue


def check_known_ids(catalogue: Catalogue, settings: ScenarioSettings, source: Path | str) -> None:
    """Check that the sites, corridors, provinces and parameters a scenario names exist.

    Parameter overrides must also lie within the range their schema allows.
    """
    for name, value in settings.parameters.items():
        catalogue.check_parameter(name, float(value), source)
    both = "green_certificate_price_cny_per_mwh" in settings.parameters
    if both and settings.policy.certificate_price_cny_per_mwh is not None:
        raise InputError(
            source,
            "policy.certificate_price_cny_per_mwh",
            "also set as parameters.green_certificate_price_cny_per_mwh; set only one",
        )
    for province in settings.network.province_grid_headroom_mw:
        if province not in catalogue.provinces.index:
            raise InputError(
                source,
                f"network.province_grid_headroom_mw.{province}",
                f"unknown province id{did_you_mean(province, catalogue.provinces.index)}",
            )
    committed_capacity(catalogue, settings, source)
    for position, corridor in enumerate(settings.network.exclude_corridors):
        if corridor not in catalogue.corridors.index:
            known = ", ".join(catalogue.corridors.index)
            raise InputError(
                source,
                f"network.exclude_corridors.{position}",
                f"unknown corridor {corridor!r}"
                f"{did_you_mean(corridor, catalogue.corridors.index)}; known: {known}",
            )
    for corridor in settings.network.corridor_in_service_year:
        if corridor not in catalogue.corridors.index:
            raise InputError(
                source,
                f"network.corridor_in_service_year.{corridor}",
                f"unknown corridor {corridor!r}{did_you_mean(corridor, catalogue.corridors.index)}",
            )
    for position, site in enumerate(settings.sites.exclude):
        if site not in catalogue.clusters.index:
            known = ", ".join(catalogue.clusters.index)
            hint = did_you_mean(site, catalogue.clusters.index)
            raise InputError(
                source, f"sites.exclude.{position}", f"unknown site {site!r}{hint}; known: {known}"
            )


def check_every_scenario(catalogue: Catalogue, model_path: Path) -> None:
    """Check the ids named by every scenario of a model file against the catalogue.

    Run before solving any one scenario, so that a broken sibling scenario is reported at
    once rather than when it is first solved.

    Raises
    ------
    optimiser.errors.InputError
        Naming the model file, the scenario and the key with the unknown id.
    """
    model = load_model_file(model_path)
    for name in model.scenarios:
        merged = ScenarioSettings.model_validate(scenario_settings(model, name, model_path))
        settings = resolve_paths(merged, Path(model_path).parent)
        try:
            check_known_ids(catalogue, settings, model_path)
        except InputError as error:
            if error.source != str(model_path):  # a file the scenario names: say which
                raise InputError(
                    error.source, error.field, f"{error.problem} (scenario {name})"
                ) from None
            field = f"scenarios.{name}: {error.field}"
            raise InputError(model_path, field, error.problem) from None


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
    catalogue = apply_user_profiles(catalogue, settings)
    parameters = effective_parameters(catalogue, settings)
    sites = with_capex(prepare_sites(catalogue, settings), parameters)
    sites["existing_it_capacity_mw"] *= existing_capacity_factor(parameters, settings.year)
    if sites.empty:
        raise InputError(source, "sites", "no candidate site is left")
    regions = prepare_regions(catalogue, settings, parameters, source)
    pairs = prepare_pairs(catalogue, sites, regions, settings, parameters, source)
    corridors, corridor_links = prepare_corridors(catalogue, sites, settings, parameters)
    hourly = prepare_hours(catalogue, sites, corridors, settings)
    return ModelInputs(
        sites=sites,
        regions=regions,
        pairs=pairs,
        corridors=corridors,
        corridor_links=corridor_links,
        hours=hourly.hours,
        wind_capacity_factor=hourly.wind_capacity_factor,
        solar_capacity_factor=hourly.solar_capacity_factor,
        grid_carbon_free_share=hourly.grid_carbon_free_share,
        corridor_green_share=hourly.corridor_green_share,
        corridor_availability=hourly.corridor_availability,
        certificate_supply=prepare_certificate_supply(
            catalogue,
            settings,
            parameters,
            setting_source(scenario, "policy.certificate_volume_scale"),
        ),
        headroom=prepare_headroom(catalogue, settings),
        parameters=parameters,
        settings=settings,
    )


__all__ = ["ModelInputs", "annuity_factor", "prepare_inputs"]
