"""Long-duration storage a site may use: pumped hydro, compressed air and flow batteries.

Part of preparing a scenario's inputs (:mod:`optimiser.lp.inputs`). Pumped hydro and
compressed air are built where geology allows, so a site leases capacity of its province's
plants (shared-storage capacity leasing, 共享储能容量租赁, the way Chinese renewable projects
contract storage they do not build), within the share of the province's capacity in service
by the planning year that data centres may lease. A flow battery is built at the site, within
its storage potential together with the battery. Energy and power are sized separately, the
energy-to-power ratio within the technology's duration range.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError
from optimiser.settings import ScenarioSettings

LONG_DURATION_TECHNOLOGIES = ("pumped_hydro", "compressed_air", "flow_battery")
"""The long-duration storage technologies, in the catalogue's order."""

SITE_BUILT = ("flow_battery",)
"""Technologies built at the site (within its storage potential), not leased in the province."""

CATALOGUE_YEAR = 2025

PAIR_COLUMNS = ["cluster_id", "technology_id", "province_id", "potential_key"]


def potential_key(province: str, technology: str) -> str:
    """Return the key of a province's potential of one technology, e.g. ``hebei:pumped_hydro``."""
    return f"{province}:{technology}"


def prepare_long_duration(
    catalogue: Catalogue,
    sites: pd.DataFrame,
    settings: ScenarioSettings,
    source: Path | str,
) -> dict[str, pd.DataFrame]:
    """Return the long-duration storage the sites may use, its costs and its potentials.

    Parameters
    ----------
    catalogue : Catalogue
        With ``storage_technologies`` and ``storage_potential`` (none offered without them).
    sites : pandas.DataFrame
        The candidate sites (index ``cluster_id``, ``province_id``).
    settings : ScenarioSettings
        ``supply.long_duration_storage`` (technologies offered),
        ``supply.storage_share_for_data_centres`` and ``year``.
    source : str or pathlib.Path
        Named when a technology offered is not in the catalogue.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``long_duration_technologies`` (index ``technology_id``: the catalogue's columns, with
        capex moved to the planning year by ``capex_change_per_year``),
        ``long_duration_pairs`` (``cluster_id``, ``technology_id``, ``province_id``,
        ``potential_key``: which site may use which technology) and
        ``long_duration_potential`` (index ``potential_key``: ``available_mw``, what the
        province's sites may lease together; site-built technologies have none).
    """
    offered = list(settings.supply.long_duration_storage)
    technologies = catalogue.storage_technologies
    if technologies is None or not offered:
        return empty_long_duration()
    for position, technology in enumerate(offered):
        if technology not in technologies.index:
            raise InputError(
                source,
                f"supply.long_duration_storage.{position}",
                f"{technology!r} is not in the catalogue's storage_technologies.csv",
            )
    table = technologies.loc[offered].copy()
    if settings.pathway.cost_trajectories == "catalogue":
        years = settings.year - CATALOGUE_YEAR
        factor = (1 + table["capex_change_per_year"]) ** years
        table["power_capex_cny_per_mw"] *= factor
        table["energy_capex_cny_per_mwh"] *= factor
    potential = leasable_potential(catalogue, settings, offered)
    pairs = []
    for site, province in sites["province_id"].items():
        for technology in offered:
            key = potential_key(province, technology)
            if technology in SITE_BUILT or potential.get(key, 0.0) > 0:
                pairs.append((site, technology, province, key))
    return {
        "long_duration_technologies": table,
        "long_duration_pairs": pd.DataFrame(pairs, columns=PAIR_COLUMNS),
        "long_duration_potential": pd.DataFrame(
            {"available_mw": pd.Series(potential, dtype=float)}
        ).rename_axis("potential_key"),
    }


def leasable_potential(
    catalogue: Catalogue, settings: ScenarioSettings, offered: Sequence[str]
) -> dict[str, float]:
    """Return what data centres may lease of each province's plants [MW], by potential key.

    The capacity in service by the end of the latest catalogue year not after the planning
    year (2025 for 2025-2029, 2030 from 2030), times ``supply.storage_share_for_data_centres``.
    """
    potential = catalogue.storage_potential
    if potential is None:
        return {}
    years = potential["year"][potential["year"] <= settings.year]
    year = int(years.max()) if len(years) else int(potential["year"].min())
    rows = potential[(potential["year"] == year) & potential["technology_id"].isin(offered)]
    share = settings.supply.storage_share_for_data_centres
    return {
        potential_key(row.province_id, row.technology_id): float(row.capacity_mw) * share
        for row in rows.itertuples(index=False)
    }


def empty_long_duration() -> dict[str, pd.DataFrame]:
    """Return the tables of :func:`prepare_long_duration` with no storage offered."""
    return {
        "long_duration_technologies": pd.DataFrame(
            index=pd.Index([], name="technology_id", dtype=str)
        ),
        "long_duration_pairs": pd.DataFrame(columns=PAIR_COLUMNS),
        "long_duration_potential": pd.DataFrame(
            {"available_mw": pd.Series(dtype=float)}
        ).rename_axis("potential_key"),
    }


__all__ = [
    "LONG_DURATION_TECHNOLOGIES",
    "SITE_BUILT",
    "empty_long_duration",
    "leasable_potential",
    "potential_key",
    "prepare_long_duration",
]
