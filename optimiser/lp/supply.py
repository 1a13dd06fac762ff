"""What the sites can buy besides their own plant: UHV corridor power and green certificates.

Part of preparing a scenario's inputs (:mod:`optimiser.lp.inputs`): which sites each corridor
can deliver to, at what wheeling charge and whether as the site's own contract, and the
certificate market's stepwise supply curve.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.latency import great_circle_distance_km
from optimiser.errors import InputError
from optimiser.settings import ScenarioSettings


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
            # Names travel with the plan, so its report names each corridor in either language.
            "name_en": in_service.get("name_en", pd.Series(in_service.index, in_service.index)),
            "name_zh": in_service.get("name_zh", pd.Series("", in_service.index)),
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


def flat_certificate_supply(price_cny_per_mwh: float) -> pd.DataFrame:
    """Return a certificate market of one unlimited step at a flat price [CNY/MWh]."""
    return pd.DataFrame(
        {
            "instrument": ["flat_price"],
            "volume_gwh_per_year": [np.inf],
            "price_cny_per_mwh": [float(price_cny_per_mwh)],
        },
        index=pd.Index(["flat_price"], name="step_id"),
    )


def prepare_certificate_supply(
    catalogue: Catalogue,
    settings: ScenarioSettings,
    parameters: dict[str, float],
    source: Path | str,
    demand_ratio: float = 1.0,
) -> pd.DataFrame:
    """Return the green certificates the sites may buy in a year, as a stepwise supply curve.

    The catalogue's curve (``certificate_supply.csv``) with every volume times
    ``policy.certificate_volume_scale`` and times ``demand_ratio``, the modelled demand over
    the catalogue's: each step's volume is the instrument's national volume times the
    modelled data centres' share of national consumption, so it follows their demand (a
    later year's growth, ``demand.scale``), the national market held at its catalogue
    year. With a flat price set
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
        return flat_certificate_supply(parameters["green_certificate_price_cny_per_mwh"])
    return pd.DataFrame(
        {
            "instrument": curve["instrument"],
            "volume_gwh_per_year": curve["volume_twh_per_year"]
            * 1000.0
            * policy.certificate_volume_scale
            * demand_ratio,
            "price_cny_per_mwh": curve["price_cny_per_mwh"].astype(float),
        },
        index=curve.index.rename("step_id"),
    )


__all__ = [
    "flat_certificate_supply",
    "prepare_certificate_supply",
    "prepare_corridors",
    "wheeling_allowed",
]
