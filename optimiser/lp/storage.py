r"""Long-duration storage in the siting LP: its sets, variables, flows and lease cost.

Called by :func:`optimiser.lp.model.add_sets`, :func:`~optimiser.lp.model.add_variables` and
:func:`~optimiser.lp.objective.operating_cost`; its rules are in :mod:`optimiser.lp.storage_rules`.
Symbols of ``docs/formulation.md``: for a site :math:`s` and technology :math:`t`, power
:math:`P_{st}` [MW] and energy :math:`E_{st}` [MWh], charge :math:`C_{sth}` and discharge
:math:`D_{sth}` [MW], the level :math:`X_{sth}` [MWh] and, on modelled days, the level at the
start of each day of the year :math:`S_{std}` [MWh].

On modelled days the state is carried from one day of the year to the next through the day
that stands for it (Kotzur et al., "Time series aggregation for energy system design:
modeling seasonal storage", *Applied Energy* 213, 2018; Calliope's ``storage_inter_cluster``):
within a modelled day the level is counted from the day's start, and each day of the year
starts where the day before ended. A still, dark day kept whole can then begin with a full
store, as a real one would. In calendar order (the full year, a month of the full-year check)
the level simply follows the hours, cyclically within the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from math import sqrt

import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimiser.data.timeseries import HOURS_PER_DAY
from optimiser.lp.long_duration import SITE_BUILT
from optimiser.lp.units import CNY_PER_KCNY


@dataclass
class LongDurationData:
    """Plain-Python lookups for the long-duration storage rules.

    Attributes
    ----------
    pairs : list of (str, str)
        (site, technology) pairs a site may use.
    technology : dict
        Per technology: ``one_way`` efficiency (the square root of the round trip),
        ``min_duration_h``, ``max_duration_h``, ``retained_per_day`` (1 - self-discharge) and
        the annual cost of a MW and of a MWh, ``power_kcny_per_mw`` and
        ``energy_kcny_per_mwh`` [kCNY/yr].
    available_mw : dict of str to float
        What a province's sites may lease of a technology, by potential key [MW].
    pairs_of_potential : dict of str to list of (str, str)
        The pairs that lease from each potential.
    site_built : dict of str to list of str
        Technologies built at each site (within its storage potential with the battery).
    linked : bool
        Whether the hours are modelled days linked through the days of the year.
    days : list of int
        With ``linked``: the modelled day (period) of each day of the year, in order.
    hours_of_period : dict of int to list of int
        With ``linked``: each modelled day's hours, in order.
    """

    pairs: list[tuple[str, str]]
    technology: dict[str, dict[str, float]]
    available_mw: dict[str, float]
    pairs_of_potential: dict[str, list[tuple[str, str]]]
    site_built: dict[str, list[str]]
    linked: bool
    days: list[int] = field(default_factory=list)
    hours_of_period: dict[int, list[int]] = field(default_factory=dict)
    technologies_of_site: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for site, technology in self.pairs:
            self.technologies_of_site.setdefault(site, []).append(technology)


def long_duration_data(
    technologies: pd.DataFrame,
    pairs: pd.DataFrame,
    potential: pd.DataFrame,
    hours: pd.DataFrame,
    calendar_days: pd.Series,
    annuity: dict[str, float],
) -> LongDurationData:
    """Prepare the lookups of :class:`LongDurationData` from the model's inputs.

    ``annuity`` is each technology's annuity factor [1/yr]; the days are linked when the
    hours are modelled days (every period 24 hours long) and ``calendar_days`` says which
    stands for each day of the year.
    """
    technology: dict[str, dict[str, float]] = {}
    for name, row in technologies.iterrows():
        factor = annuity[str(name)] + float(row["fixed_om_share_per_year"])
        technology[str(name)] = {
            "one_way": sqrt(float(row["round_trip_efficiency"])),
            "min_duration_h": float(row["min_duration_h"]),
            "max_duration_h": float(row["max_duration_h"]),
            "retained_per_day": 1.0 - float(row["self_discharge_share_per_day"]),
            "power_kcny_per_mw": factor * float(row["power_capex_cny_per_mw"]) / CNY_PER_KCNY,
            "energy_kcny_per_mwh": factor * float(row["energy_capex_cny_per_mwh"]) / CNY_PER_KCNY,
        }
    pair_list = list(zip(pairs["cluster_id"], pairs["technology_id"], strict=True))
    pairs_of_potential: dict[str, list[tuple[str, str]]] = defaultdict(list)
    site_built: dict[str, list[str]] = defaultdict(list)
    for site, name, key in zip(
        pairs["cluster_id"], pairs["technology_id"], pairs["potential_key"], strict=True
    ):
        if name in SITE_BUILT:
            site_built[site].append(name)
        else:
            pairs_of_potential[key].append((site, name))
    period_length = hours.groupby("period").size()
    linked = bool(len(calendar_days)) and bool((period_length == HOURS_PER_DAY).all())
    hours_of_period = (
        {int(period): list(group.index) for period, group in hours.groupby("period", sort=False)}
        if linked
        else {}
    )
    return LongDurationData(
        pairs=pair_list,
        technology=technology,
        available_mw=potential["available_mw"].to_dict(),
        pairs_of_potential=dict(pairs_of_potential),
        site_built=dict(site_built),
        linked=linked,
        days=[int(period) for period in calendar_days] if linked else [],
        hours_of_period=hours_of_period,
    )


def add_long_duration_sets(model: pyo.ConcreteModel, data: LongDurationData) -> None:
    """Add the pairs, pair-hours and (on linked days) pair-days and pair-periods."""
    hours = list(model.hours)
    model.long_duration_pairs = pyo.Set(dimen=2, initialize=data.pairs, ordered=True)
    model.long_duration_pair_hours = pyo.Set(
        dimen=3,
        initialize=[(site, name, hour) for site, name in data.pairs for hour in hours],
        ordered=True,
    )
    model.long_duration_pair_days = pyo.Set(
        dimen=3,
        initialize=[
            (site, name, day) for site, name in data.pairs for day in range(len(data.days))
        ],
        ordered=True,
    )
    model.long_duration_pair_periods = pyo.Set(
        dimen=3,
        initialize=[
            (site, name, period) for site, name in data.pairs for period in data.hours_of_period
        ],
        ordered=True,
    )


def add_long_duration_variables(model: pyo.ConcreteModel, data: LongDurationData) -> None:
    """Add power, energy, flows and levels; levels within a linked day may go below zero."""
    nonnegative = pyo.NonNegativeReals
    model.long_duration_power_mw = pyo.Var(model.long_duration_pairs, within=nonnegative)
    model.long_duration_energy_mwh = pyo.Var(model.long_duration_pairs, within=nonnegative)
    model.long_duration_charge_mw = pyo.Var(model.long_duration_pair_hours, within=nonnegative)
    model.long_duration_discharge_mw = pyo.Var(model.long_duration_pair_hours, within=nonnegative)
    # On linked days the level is counted from the day's start, so it may fall below zero.
    model.long_duration_level_mwh = pyo.Var(
        model.long_duration_pair_hours, within=pyo.Reals if data.linked else nonnegative
    )
    model.long_duration_day_level_mwh = pyo.Var(model.long_duration_pair_days, within=nonnegative)
    model.long_duration_level_max_mwh = pyo.Var(
        model.long_duration_pair_periods, within=nonnegative
    )
    model.long_duration_level_min_mwh = pyo.Var(
        model.long_duration_pair_periods, within=pyo.NonPositiveReals
    )


def long_duration_charge(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return what a site's long-duration storage charges in an hour [MW]."""
    data: LongDurationData = model.data.long_duration
    return sum(
        model.long_duration_charge_mw[site, name, hour]
        for name in data.technologies_of_site.get(site, ())
    )


def long_duration_discharge(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
    """Return what a site's long-duration storage discharges in an hour [MW]."""
    data: LongDurationData = model.data.long_duration
    return sum(
        model.long_duration_discharge_mw[site, name, hour]
        for name in data.technologies_of_site.get(site, ())
    )


def long_duration_cost(model: pyo.ConcreteModel) -> pyo.Expression:
    """Return the annual lease of the long-duration storage a plan uses [kCNY/yr].

    Annuity of the capex plus fixed O&M, per MW and per MWh: what a lease of the capacity
    costs a year, so a pathway leases anew in each period.
    """
    data: LongDurationData = model.data.long_duration
    return sum(
        data.technology[name]["power_kcny_per_mw"] * model.long_duration_power_mw[site, name]
        + data.technology[name]["energy_kcny_per_mwh"] * model.long_duration_energy_mwh[site, name]
        for site, name in data.pairs
    )


LONG_DURATION_COLUMNS = tuple(
    column
    for name in ("pumped_hydro", "compressed_air", "flow_battery")
    for column in (f"{name}_power_mw", f"{name}_energy_mwh")
)
"""The per-site columns of long-duration storage in ``clusters.csv`` [MW, MWh]."""


def held_pairs(pairs: pd.DataFrame, capacities: pd.DataFrame) -> pd.DataFrame:
    """Return the pairs a held plan uses: power and energy both above zero.

    A plan's other pairs hold nothing, so the dispatch of the full-year check builds no rows
    for them. A plan written before long-duration storage has no such columns: none.
    """
    keep = []
    for site, name in zip(pairs["cluster_id"], pairs["technology_id"], strict=True):
        power, energy = f"{name}_power_mw", f"{name}_energy_mwh"
        if power not in capacities.columns or site not in capacities.index:
            keep.append(False)
            continue
        keep.append(
            float(capacities.at[site, power]) > 0 and float(capacities.at[site, energy]) > 0
        )
    return pairs.loc[np.asarray(keep, dtype=bool)].reset_index(drop=True)


def hold_long_duration(model: pyo.ConcreteModel, capacities: pd.DataFrame) -> None:
    """Fix each pair's power and energy at the plan's (``<technology>_power_mw``, ...)."""
    for site, name in model.long_duration_pairs:
        for variable, column in (
            (model.long_duration_power_mw, f"{name}_power_mw"),
            (model.long_duration_energy_mwh, f"{name}_energy_mwh"),
        ):
            variable[site, name].fix(max(float(capacities.at[site, column]), 0.0))
            model.fixed_variables.append(variable[site, name])


__all__ = [
    "LONG_DURATION_COLUMNS",
    "LongDurationData",
    "add_long_duration_sets",
    "add_long_duration_variables",
    "held_pairs",
    "hold_long_duration",
    "long_duration_charge",
    "long_duration_cost",
    "long_duration_data",
    "long_duration_discharge",
]
