"""The report's section on what binds: the limits that shape the plan, and what they are worth.

Part of the plan's report (:mod:`optimiser.report.page`), read from the folder's files alone:
sites at their maximum IT capacity (``clusters.csv``) or at their wind, solar or storage
potential (``inputs/sites.csv``), green targets that bind (a shadow price above zero in
``clusters.csv``), UHV corridors whose peak flow reaches the capacity open to data centres
(``corridors.csv``, with their marginal value) and provinces whose grid headroom binds
(``grid.csv``). A limit that binds is where the plan would change if the limit moved; one
that does not bind is left out, so the section is short when little binds.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimiser.report.common import number_text
from optimiser.settings.green_accounting import TARGET_SHARE_COLUMN

AT_LIMIT_WITHIN_SHARE = 1e-4
"""A quantity is at its limit when it reaches it to within this share of it (the solver's
tolerances leave a binding limit a hair below its bound; ``grid.csv`` uses the same share)."""
PRICE_FLOOR_CNY = 0.005
"""A shadow price or marginal value below this [CNY per unit] is solver noise: it does not
bind."""
POTENTIALS = (
    ("IT capacity at its maximum", "total_it_capacity_mw", "max_it_capacity_mw"),
    ("Wind at its potential", "wind_capacity_mw", "max_wind_mw"),
    ("Solar at its potential", "solar_capacity_mw", "max_solar_mw"),
    ("Storage at its potential", "storage_power_mw", "max_storage_mw"),
)
"""Per site: the limit's name, the plan's column of ``clusters.csv`` and the limit's column
(of ``clusters.csv`` where it has one, else of ``inputs/sites.csv``), all in MW."""


@dataclass(frozen=True)
class Bound:
    """One limit that binds: what, where, the plan's value, the limit and its worth.

    Attributes
    ----------
    kind : str
        ``site``, ``target``, ``corridor`` or ``grid``.
    name : str
        The limit as read, e.g. ``Solar at its potential``.
    where : str
        The site, corridor or province.
    planned : str
        The plan's value, with its unit.
    limit : str
        The limit, with its unit.
    worth : str
        What one more unit of the limit would save, with its unit (``–`` where the files do
        not record it).
    """

    kind: str
    name: str
    where: str
    planned: str
    limit: str
    worth: str


def at_limit(value: float, limit: float) -> bool:
    """Return whether a value reaches a positive limit (to within its share)."""
    return limit > 0 and value >= limit * (1 - AT_LIMIT_WITHIN_SHARE)


def site_bounds(named: pd.DataFrame, sites: pd.DataFrame) -> list[Bound]:
    """Return the sites at their maximum IT capacity or at a wind, solar or storage potential.

    A limit of 0 (nothing may be built) is not listed: it is a site without that option, not
    a limit the plan runs into.
    """
    bounds = []
    for record in named.to_dict("records"):
        site = str(record["cluster_id"])
        for name, column, limit_column in POTENTIALS:
            if limit_column in record:
                limit = record[limit_column]
            elif limit_column in sites.columns and site in sites.index:
                limit = sites.at[site, limit_column]
            else:
                continue
            value = record.get(column)
            if value is None or pd.isna(value) or pd.isna(limit):
                continue
            if at_limit(float(value), float(limit)):
                bounds.append(
                    Bound(
                        "site",
                        name,
                        str(record["name_en"]),
                        f"{number_text(value)} MW",
                        f"{number_text(limit)} MW",
                        "–",
                    )
                )
    return bounds


def target_bounds(named: pd.DataFrame, accounting: str) -> list[Bound]:
    """Return the green targets that bind: a shadow price above zero."""
    if "green_target_shadow_price_cny_per_mwh" not in named.columns:
        return []
    measure = TARGET_SHARE_COLUMN.get(accounting, f"green_share_{accounting}")
    prices = named["green_target_shadow_price_cny_per_mwh"].fillna(0.0)
    binding = named[(named["green_share_target"] > 0) & (prices.abs() >= PRICE_FLOOR_CNY)]
    return [
        Bound(
            "target",
            f"Green target ({accounting})",
            str(record["name_en"]),
            f"{number_text(record.get(measure), 1, 0.01)} %",
            f"{number_text(record['green_share_target'], 1, 0.01)} %",
            f"{number_text(record['green_target_shadow_price_cny_per_mwh'], 1)} CNY/MWh",
        )
        for record in binding.to_dict("records")
    ]


def corridor_bounds(corridors: pd.DataFrame, names: Mapping[str, str]) -> list[Bound]:
    """Return the corridors at their limit in some hour, or with a marginal value above zero.

    A corridor can be full in its peak hour and yet be worth nothing more (another source
    is as cheap at the margin): its marginal value says which limits cost the plan.
    """
    bounds = []
    for record in corridors.to_dict("records"):
        value = float(record.get("marginal_value_cny_per_mw_per_year") or 0.0)
        full = at_limit(float(record["peak_flow_mw"]), float(record["available_capacity_mw"]))
        if not full and abs(value) < PRICE_FLOOR_CNY:
            continue
        corridor = str(record["corridor_id"])
        bounds.append(
            Bound(
                "corridor",
                "Corridor at its limit",
                names.get(corridor, corridor),
                f"{number_text(record['peak_flow_mw'])} MW peak, "
                f"{number_text(record['utilisation'], 1, 0.01)} % used",
                f"{number_text(record['available_capacity_mw'])} MW",
                f"{number_text(value)} CNY/MW/yr",
            )
        )
    return bounds


def grid_bounds(folder: Path) -> list[Bound]:
    """Return the provinces whose grid headroom binds (``grid.csv``, when the folder has one)."""
    path = folder / "grid.csv"
    if not path.exists():
        return []
    grid = pd.read_csv(path)
    binding = grid[grid["headroom_binds"].astype(bool)]
    return [
        Bound(
            "grid",
            "Grid headroom",
            str(record["name_en"]),
            f"{number_text(record['data_centre_grid_peak_mw'])} MW peak grid draw",
            f"{number_text(record['headroom_mw'])} MW",
            "–",
        )
        for record in binding.to_dict("records")
    ]


def binding_bounds(
    folder: Path, named: pd.DataFrame, corridors: pd.DataFrame, accounting: str
) -> list[Bound]:
    """Return every limit that binds in a results folder: sites, targets, corridors, grids.

    Parameters
    ----------
    folder : pathlib.Path
        The results folder (for ``inputs/sites.csv`` and ``grid.csv``).
    named : pandas.DataFrame
        ``clusters.csv`` with the sites' names (:func:`optimiser.report.page.site_names`).
    corridors : pandas.DataFrame
        ``corridors.csv``.
    accounting : str
        The scenario's green accounting (``annual``, ``hourly``, ``hourly_own_supply``).
    """
    path = folder / "inputs" / "sites.csv"
    sites = pd.read_csv(path, index_col="cluster_id") if path.exists() else pd.DataFrame()
    corridor_names = corridor_name_pairs(folder, "corridor_id", "name_en")
    return [
        *site_bounds(named, sites),
        *target_bounds(named, accounting),
        *corridor_bounds(corridors, corridor_names),
        *grid_bounds(folder),
    ]


def corridor_name_pairs(folder: Path, key: str, value: str) -> dict[str, str]:
    """Return one column of ``inputs/corridors.csv`` by another (empty for an older folder).

    ``corridor_name_pairs(folder, "corridor_id", "name_en")`` names each corridor;
    ``("name_en", "name_zh")`` gives each English name's Chinese, for a Chinese page.
    """
    path = folder / "inputs" / "corridors.csv"
    if not path.exists():
        return {}
    listed = pd.read_csv(path)
    if key not in listed.columns or value not in listed.columns:
        return {}
    pairs = listed[[key, value]].dropna().astype(str)
    return dict(zip(pairs[key], pairs[value], strict=True))


def binds_section(
    folder: Path, named: pd.DataFrame, corridors: pd.DataFrame, accounting: str
) -> str:
    """Return the section on what binds: a sentence counting the limits, and their table."""
    bounds = binding_bounds(folder, named, corridors, accounting)
    if not bounds:
        return (
            '<p id="binds-none">No limit binds: no site is at its maximum or its potentials, '
            "no green target, corridor or provincial grid headroom constrains the plan.</p>"
        )
    counts = {
        kind: sum(bound.kind == kind for bound in bounds)
        for kind in ("site", "target", "corridor", "grid")
    }
    words = {
        "site": ("site limit", "site limits"),
        "target": ("green target", "green targets"),
        "corridor": ("corridor", "corridors"),
        "grid": ("provincial grid headroom", "provincial grid headrooms"),
    }
    parts = [
        f"{count} {words[kind][0] if count == 1 else words[kind][1]}"
        for kind, count in counts.items()
        if count
    ]
    rows = "".join(
        f'<tr data-bind="{bound.kind}"><td class="text">{html.escape(bound.name)}</td>'
        f'<td class="text">{html.escape(bound.where)}</td>'
        f'<td class="number">{html.escape(bound.planned)}</td>'
        f'<td class="number">{html.escape(bound.limit)}</td>'
        f'<td class="number">{html.escape(bound.worth)}</td></tr>'
        for bound in bounds
    )
    return f"""<p>The limits the plan runs into: {", ".join(parts)}. Moving one of them
would change the plan; every other limit has room to spare.</p>
<table id="binds-table"><thead><tr><th class="text">Limit</th><th class="text">Where</th>
<th class="number">Planned</th><th class="number">Limit</th>
<th class="number">Worth of one more unit</th></tr></thead><tbody>{rows}</tbody></table>
<p class="note">A quantity is at its limit within {100 * AT_LIMIT_WITHIN_SHARE:g} % of it.
The worth of one more unit is the limit's shadow price: for a green target the cost of one
more MWh of green energy at the site, for a corridor the saving from one more MW open to
data centres in every hour (a corridor full in its peak hour may be worth nothing more).
The files record no shadow price for a site's potentials or a province's headroom (–).</p>
"""
