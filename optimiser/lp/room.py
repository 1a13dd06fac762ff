r"""Say, before HiGHS runs, when demand cannot fit the room to build: in MW and places.

Between preparing the inputs and building the LP. Two necessary conditions of every plan are
checked in pandas; when one fails the scenario is infeasible, and the planner is told so in
their terms (the year, the province, the MW, the sites) instead of a list of constraint rows:

- **latency-bound demand fits within reach.** A group of provinces whose latency-bound load
  can go only to a set of sites :math:`\mathcal{S}` needs, in its peak hour,
  :math:`\max_h \phi^{lat}_h \sum_r d^{lat}_r \le \sum_{s \in \mathcal{S}} u_s \bar{K}_s`
  (the rules ``demand_served``, ``it_load_within_capacity``, ``capacity_within_maximum``).
  Checked for each province alone and for all provinces whose sites within the round-trip
  limit lie among one province's (Guangdong and Guangxi both reaching only Shaoguan).
- **the nation's demand fits at all sites.** In every hour
  :math:`\phi^{lat}_h d^{lat} + (1 - \kappa)\, \phi^{flex}_h d^{flex} \le \sum_s u_s
  \bar{K}_s` (plus ``flexible_demand_served``).

:math:`u_s` utilisation limit, :math:`\bar{K}_s` maximum IT capacity [MW] (the plan year's, by
``sites.room_by_year`` and ``sites.max_it_capacity_scale``, or a pathway period's),
:math:`\kappa` the share of flexible work that may move within a day. The checks are necessary,
not sufficient: a scenario that passes them may still be infeasible for another reason, which
HiGHS's irreducible subset then names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError
from optimiser.lp.inputs import ModelInputs

TOLERANCE_MW = 1e-6
ROOM_RULES = ("demand_served", "it_load_within_capacity", "capacity_within_maximum")
"""The rules a latency-bound shortfall sets against each other."""


@dataclass(frozen=True)
class RoomShortfall:
    """Peak IT load that the room at the sites within reach cannot take.

    Attributes
    ----------
    year : int
        The plan's year (a pathway's period).
    provinces : tuple of str
        Provinces whose demand is counted; empty for the whole nation.
    sites : tuple of str
        Sites that may serve it.
    demand_mw : float
        Peak-hour IT load to serve [MW].
    room_mw : float
        IT load the sites can carry at their maximum capacity [MW]: utilisation limit x
        maximum IT capacity, summed.
    max_rtt_ms : float
        The round-trip limit of latency-bound work [ms].
    """

    year: int
    provinces: tuple[str, ...]
    sites: tuple[str, ...]
    demand_mw: float
    room_mw: float
    max_rtt_ms: float

    @property
    def missing_mw(self) -> float:
        """Peak IT load beyond the room [MW]."""
        return self.demand_mw - self.room_mw

    def describe(self, province_names: Mapping[str, str], site_names: Mapping[str, str]) -> str:
        """Say the shortfall in the planner's terms (one sentence, no rule names)."""
        sites = ", ".join(site_names.get(site, site) for site in self.sites)
        if not self.provinces:
            return (
                f"{self.year}: the nation's demand at its peak hour, {self.demand_mw:,.0f} MW "
                f"of IT load, exceeds the room of {self.room_mw:,.0f} MW at all "
                f"{len(self.sites)} sites ({sites}), {self.missing_mw:,.0f} MW short"
            )
        names = [province_names.get(province, province) for province in self.provinces]
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        return (
            f"{self.year}: latency-bound demand of {who}, {self.demand_mw:,.0f} MW at its peak "
            f"hour, exceeds the room of {self.room_mw:,.0f} MW at sites within "
            f"{self.max_rtt_ms:g} ms ({sites}), {self.missing_mw:,.0f} MW short"
        )


def site_room_mw(inputs: ModelInputs) -> pd.Series:
    """Return the IT load each site can carry at its maximum capacity [MW]."""
    sites = inputs.sites
    return sites["utilisation_limit"] * sites["max_it_capacity_mw"]


def room_shortfalls(inputs: ModelInputs) -> list[RoomShortfall]:
    """Return every shortfall of room the checks find, the largest first.

    Parameters
    ----------
    inputs : ModelInputs
        One year's prepared inputs.

    Returns
    -------
    list of RoomShortfall
        Latency-bound groups first, the smallest groups first (a province short on its own
        comes before the larger groups it belongs to), then the nation's; empty when the
        demand fits.
    """
    settings = inputs.settings
    room = site_room_mw(inputs)
    hours = inputs.hours
    latency_peak = float(hours["demand_shape_latency_bound"].max()) if len(hours) else 1.0
    demand = inputs.regions["demand_latency_bound_mw"] * latency_peak
    demand = demand[demand > TOLERANCE_MW]
    eligible = inputs.pairs[inputs.pairs["latency_eligible"]]
    reach = {
        province: frozenset(group["cluster_id"])
        for province, group in eligible.groupby("province_id")
        if province in demand.index
    }
    shortfalls: list[RoomShortfall] = []
    seen: set[frozenset[str]] = set()
    # Each province's reach, with every province reaching no further: the smallest groups
    # first, so that a province short on its own is named alone.
    for province in sorted(reach, key=lambda name: (len(reach[name]), name)):
        sites = reach[province]
        if sites in seen:
            continue
        seen.add(sites)
        members = tuple(sorted(name for name in reach if reach[name] <= sites))
        needed = float(demand[list(members)].sum())
        available = float(room.reindex(list(sites)).sum())
        if needed > available + TOLERANCE_MW:
            shortfalls.append(
                RoomShortfall(
                    year=settings.year,
                    provinces=members,
                    sites=tuple(sorted(sites, key=lambda site: -room.get(site, 0.0))),
                    demand_mw=needed,
                    room_mw=available,
                    max_rtt_ms=settings.latency.max_rtt_ms,
                )
            )
    national = (
        hours["demand_shape_latency_bound"] * inputs.regions["demand_latency_bound_mw"].sum()
        + (1 - settings.demand.flexible_shift_share)
        * hours["demand_shape_flexible"]
        * inputs.regions["demand_flexible_mw"].sum()
    )
    peak = float(national.max()) if len(national) else 0.0
    if peak > float(room.sum()) + TOLERANCE_MW:
        shortfalls.append(
            RoomShortfall(
                year=settings.year,
                provinces=(),
                sites=tuple(room.sort_values(ascending=False).index),
                demand_mw=peak,
                room_mw=float(room.sum()),
                max_rtt_ms=settings.latency.max_rtt_ms,
            )
        )
    return sorted(
        shortfalls,
        key=lambda shortfall: (
            not shortfall.provinces,
            len(shortfall.provinces),
            -shortfall.missing_mw,
        ),
    )


def explain_shortfalls(
    shortfalls: list[RoomShortfall],
    province_names: Mapping[str, str],
    site_names: Mapping[str, str],
    limit: int = 3,
) -> str:
    """Return the message of an infeasibility by lack of room: the planner's terms first."""
    shown = [shortfall.describe(province_names, site_names) for shortfall in shortfalls[:limit]]
    more = f"; and {len(shortfalls) - limit} more" if len(shortfalls) > limit else ""
    rules = list(ROOM_RULES)
    if any(not shortfall.provinces for shortfall in shortfalls):
        rules.insert(1, "flexible_demand_served")
    return (
        "the scenario is infeasible: "
        + "; ".join(shown)
        + more
        + ". Room is each site's maximum IT capacity times its utilisation limit; raise it "
        "(sites.room_by_year: catalogue for the clusters' plans by year, "
        "sites.max_it_capacity_scale, or a pathway period's), raise latency.max_rtt_ms or "
        f"lower demand (rules in conflict: {', '.join(rules)})"
    )


def check_room(catalogue: Catalogue, inputs: ModelInputs, context: object = None) -> None:
    """Raise when demand cannot fit the room to build, before any solve.

    Parameters
    ----------
    catalogue : Catalogue
        The catalogue the inputs came from (for the names of provinces and sites).
    inputs : ModelInputs
        One year's prepared inputs.
    context : object, optional
        What a diagnosis needs (the compiled LP and solver options), or a function that
        returns it, carried by the error.

    Raises
    ------
    optimiser.errors.InfeasibleError
        Naming, per shortfall, the year, the provinces, the MW and the sites.
    """
    shortfalls = room_shortfalls(inputs)
    if shortfalls:
        province_names = catalogue.provinces["name_en"].to_dict()
        site_names = catalogue.clusters["name_en"].to_dict()
        message = explain_shortfalls(shortfalls, province_names, site_names)
        raise InfeasibleError(message, list(ROOM_RULES), context=context)


__all__ = ["RoomShortfall", "check_room", "explain_shortfalls", "room_shortfalls"]
