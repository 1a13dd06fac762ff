"""Dispatch a fixed plan over the full year: the siting LP with its capacities fixed.

Used by ``dcsite validate`` (:mod:`optimiser.results.validation`). A plan optimised on a few
representative hours is checked against all 8,760 hours of the catalogue's profiles by solving
the *same* LP (:func:`optimiser.lp.build.build_model`, every rule of
:data:`optimiser.lp.rules.CONSTRAINTS`) on full-year inputs with the plan's capacities held by
their bounds (:func:`fix_capacities`). A plan need not hold over the full year, so the rules a
fixed plan can fail get priced slack columns (:func:`add_priced_slack`): IT load above
installed capacity (unserved), grid power above a province's headroom, green shortfall and
emissions above the cap. Their prices (``validation.*_penalty_*`` settings, far above any
cost of serving) make the dispatch use them only where nothing else can, so the answer is a
dispatch and the size of each shortfall, never "infeasible". ``docs/formulation.md`` states the
slack symbol for symbol.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo

from optimiser.errors import InputError
from optimiser.lp.inputs import HOURS_PER_YEAR, ModelInputs
from optimiser.lp.objective import CAPACITY_VARIABLES
from optimiser.lp.periods import CAPEX_COLUMNS
from optimiser.lp.solver import CompiledLp
from optimiser.lp.units import CNY_PER_KCNY


@dataclass(frozen=True)
class SlackRule:
    """A rule family that may give way in a validation dispatch, at a price.

    Attributes
    ----------
    rule : str
        Component name of the rule's rows (all of them ``<=`` rows).
    slack : str
        Component name of the slack columns, indexed like the rule's rows.
    penalty : str
        Field of :class:`optimiser.scenario.ValidationSettings` with the price per unit
        [CNY per MWh, or per tCO2].
    hourly_unit : bool
        Whether the row is in MW per hour (the price is then per MWh, times the hour's weight)
        rather than in annual energy (MWh) or tonnes.
    """

    rule: str
    slack: str
    penalty: str
    hourly_unit: bool


SLACK_RULES = (
    SlackRule(
        "it_load_within_capacity",
        "unserved_it_load_mw",
        "unserved_penalty_cny_per_mwh",
        hourly_unit=True,
    ),
    SlackRule(
        "grid_within_headroom",
        "grid_above_headroom_mw",
        "unserved_penalty_cny_per_mwh",
        hourly_unit=True,
    ),
    SlackRule(
        "green_share_at_least_target",
        "green_shortfall",
        "green_shortfall_penalty_cny_per_mwh",
        hourly_unit=False,  # one row per site, over the month's energy [MWh]
    ),
    SlackRule(
        "green_share_at_least_floor",
        "green_floor_shortfall_mw",
        "green_shortfall_penalty_cny_per_mwh",
        hourly_unit=True,
    ),
    SlackRule(
        "carbon_within_cap",
        "emissions_above_cap_tco2",
        "emissions_penalty_cny_per_tco2",
        hourly_unit=False,
    ),
)
"""The rules a fixed plan may fail, with their slack columns and prices."""

BANKED_SURPLUS = "banked_green_surplus_mwh"
"""A month's green surplus, valued at the plan's shadow price (:func:`add_banked_surplus`)."""
SURPLUS_VALUE_SHARE_OF_PENALTY = 0.5
"""A banked MWh is never valued above this share of the shortfall price: a month must not
buy a shortfall to bank a surplus (the LP would be unbounded)."""


def with_plan_capex(inputs: ModelInputs, planned: ModelInputs) -> ModelInputs:
    """Return full-year inputs whose sites carry the capex the plan was costed at.

    Capacity costs what it cost when it was built. A pathway period's capacity comes from
    several vintages, and its results folder holds their capacity-weighted mean capex
    (:func:`optimiser.results.pathway.reporting_inputs`), not the capex of the period's year
    that preparing the inputs from the catalogue gives; without this, the full year would cost
    the plan's earlier-built capacity at later, lower prices. For a single-year plan both are
    the same.

    Parameters
    ----------
    inputs : ModelInputs
        Full-year inputs prepared from the catalogue.
    planned : ModelInputs
        The plan's own inputs, read from its folder.
    """
    # The capex columns a year sets (lp/periods.py); IT buildings' own capex does not change.
    columns = [column for column in CAPEX_COLUMNS if column in planned.sites.columns]
    sites = inputs.sites.copy()
    sites[columns] = planned.sites[columns].reindex(sites.index)
    return replace(inputs, sites=sites)


def hold_capacities(model: pyo.ConcreteModel, capacities: pd.DataFrame) -> None:
    r"""Hold a plan's capacities: fix their variables, and bound the storage flows by them.

    Called by :func:`optimiser.lp.build.build_model` (``held_capacities``) after the variables
    and before the rules. Fixed variables are constants to the compiler, not columns. With
    the storage power :math:`P_s` and energy :math:`E_s` known, the rows
    :math:`C_{sh} \le P_s`, :math:`D_{sh} \le P_s`, :math:`X_{sh} \le E_s` of
    ``storage_flows_within_power`` are the same limits as column bounds, and a site without
    storage has its charge, discharge and state fixed at zero (its
    ``storage_state_continuity`` rows would read 0 = 0): the rules leave those rows out. The
    LP has the same feasible set and optimum with about half the rows of the planning LP's
    form (the rows Pyomo builds and compiles dominate a validation month's time).

    Parameters
    ----------
    model : pyomo.environ.ConcreteModel
        The LP being built, its variables added.
    capacities : pandas.DataFrame
        Index ``cluster_id``, the columns of
        :data:`optimiser.lp.objective.CAPACITY_VARIABLES` [MW, MWh].

    Raises
    ------
    optimiser.errors.InputError
        When a site of the model has no capacity in the table, or a value is negative or
        missing.
    """
    for site in model.sites:
        if site not in capacities.index:
            raise InputError("clusters.csv", "cluster_id", f"site {site!r} of the model missing")
    held: dict[str, dict[str, float]] = {}
    for column in CAPACITY_VARIABLES:
        values = capacities[column]
        if values.isna().any() or (values < -1e-6).any():
            raise InputError("clusters.csv", column, "expected capacities >= 0 for every site")
        variable = getattr(model, column)
        for site in model.sites:
            # Solver noise below zero is zero; the variable's own bound is zero.
            value = max(float(values[site]), 0.0)
            variable[site].fix(value)
            model.fixed_variables.append(variable[site])
            held.setdefault(site, {})[column] = value
    for site in model.sites:
        power = held[site]["storage_power_mw"]
        energy = held[site]["storage_energy_mwh"]
        no_storage = power <= 0 or energy <= 0
        for hour in model.hours:
            flows = (
                (model.storage_charge_mw[site, hour], power),
                (model.storage_discharge_mw[site, hour], power),
                (model.storage_state_mwh[site, hour], energy),
            )
            for variable, limit in flows:
                if no_storage:
                    variable.fix(0.0)
                    model.fixed_variables.append(variable)
                else:
                    variable.setub(limit)
    model.held_storage_sites = [
        site
        for site in model.sites
        if held[site]["storage_power_mw"] > 0 and held[site]["storage_energy_mwh"] > 0
    ]
    hold_firm_contracts(model, capacities)


def hold_firm_contracts(model: pyo.ConcreteModel, capacities: pd.DataFrame) -> None:
    """Fix each site's clean firm contracts at the plan's (``<technology>_contract_mw``).

    A plan made before clean firm contracts has no such columns: it contracted none.
    """
    data = model.data
    for site, key in model.firm_pairs:
        column = f"{data.firm[key]['technology']}_contract_mw"
        value = float(capacities[column][site]) if column in capacities.columns else 0.0
        if not np.isfinite(value) or value < -1e-6:
            raise InputError("clusters.csv", column, "expected contracts >= 0 for every site")
        variable = model.firm_contract_mw[site, key]
        variable.fix(max(value, 0.0))
        model.fixed_variables.append(variable)


def add_banked_surplus(
    compiled: CompiledLp, surplus_values_cny: Mapping[str, float], penalty_cny: float
) -> CompiledLp:
    r"""Return the LP with each site's green surplus in the month valued at its plan's price.

    An hour-matched target is stated over the year, but the year is dispatched as twelve
    month-long LPs (:func:`month_inputs`), each held to the target over its own energies. A
    month that could beat its target has no reason to, so a surplus it could bank for a weaker
    month is lost, and the year is judged short where a full-year dispatch holds. Each month
    therefore values the surplus it banks at the shadow price of the plan's own target
    :math:`\lambda_s` [CNY per MWh], as a production-cost model carries an annual energy limit
    into its short-horizon runs as a shadow price (PLEXOS's MT-to-ST decomposition, the water
    value of hydro scheduling): a column :math:`E_s \ge 0` enters the site's target row,

    .. math:: \sum_{h \in m} w_h \big(N_{sh} - (1 - t_s)\,\eta_s \ell_{sh}\big)
       - 1000\, Q_s + E_s - Z_s \le 0,

    at cost :math:`-\lambda_s` per MWh, so :math:`E_s` is the month's margin below its
    allowance, and the month uses cleaner supply wherever it costs less than the plan was
    willing to pay. :math:`\lambda_s` is capped at
    :data:`SURPLUS_VALUE_SHARE_OF_PENALTY` of the shortfall's price :math:`\pi^Z` (else a
    month would buy shortfall :math:`Z_s` to bank surplus). The value is a price, not a cost:
    it is left out of every reported cost.

    Parameters
    ----------
    compiled : CompiledLp
        The validation LP with its priced slack (:func:`add_priced_slack`).
    surplus_values_cny : mapping of str to float
        Each site's value of a banked MWh [CNY/MWh]; sites absent or at zero get no column.
    penalty_cny : float
        Price of a green shortfall [CNY/MWh].

    Returns
    -------
    CompiledLp
        The same LP with a :data:`BANKED_SURPLUS` column per valued site, indexed by site.
    """
    rows: list[int] = []
    costs: list[float] = []
    indices: list[object] = []
    for position, component in enumerate(compiled.row_components):
        site = compiled.row_indices[position]
        if component != "green_share_at_least_target" or not isinstance(site, str):
            continue
        value = surplus_value(float(surplus_values_cny.get(site, 0.0)), penalty_cny)
        if value > 0:
            rows.append(position)
            costs.append(-value / CNY_PER_KCNY)
            indices.append(site)
    return with_columns(compiled, rows, costs, BANKED_SURPLUS, indices)


def surplus_value(value_cny: float, penalty_cny: float) -> float:
    """Return the value a month puts on a banked MWh: the plan's price, capped [CNY/MWh].

    At most :data:`SURPLUS_VALUE_SHARE_OF_PENALTY` of the shortfall's price [CNY/MWh], else a
    month would buy a shortfall to bank a surplus.
    """
    return min(value_cny, SURPLUS_VALUE_SHARE_OF_PENALTY * penalty_cny)


def with_columns(
    compiled: CompiledLp,
    rows: list[int],
    costs: list[float],
    component: str | list[str],
    indices: list[object],
    coefficient: float = 1.0,
) -> CompiledLp:
    """Return the LP with one new non-negative column per row given, in that row alone.

    Parameters
    ----------
    compiled : CompiledLp
        The LP to extend.
    rows : list of int
        Row positions, one per new column.
    costs : list of float
        Each column's cost [kCNY per unit].
    component : str or list of str
        The columns' component name, or one name per column.
    indices : list
        Each column's index within its component.
    coefficient : float
        The columns' coefficient in their rows.
    """
    lp = compiled.lp
    count = len(rows)
    names = [component] * count if isinstance(component, str) else list(component)
    matrix = lp.a_matrix_
    start = np.asarray(matrix.start_)
    extended = highspy.HighsLp()
    extended.num_col_ = lp.num_col_ + count
    extended.num_row_ = lp.num_row_
    extended.col_cost_ = np.concatenate([np.asarray(lp.col_cost_, dtype=float), costs])
    extended.col_lower_ = np.concatenate([np.asarray(lp.col_lower_, dtype=float), np.zeros(count)])
    extended.col_upper_ = np.concatenate(
        [np.asarray(lp.col_upper_, dtype=float), np.full(count, highspy.kHighsInf)]
    )
    extended.row_lower_ = np.asarray(lp.row_lower_, dtype=float)
    extended.row_upper_ = np.asarray(lp.row_upper_, dtype=float)
    extended.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    extended.a_matrix_.start_ = np.concatenate([start, start[-1] + np.arange(1, count + 1)])
    extended.a_matrix_.index_ = np.concatenate(
        [np.asarray(matrix.index_), np.asarray(rows, dtype=np.int32)]
    )
    extended.a_matrix_.value_ = np.concatenate(
        [np.asarray(matrix.value_, dtype=float), np.full(count, coefficient)]
    )
    extended.offset_ = lp.offset_
    return CompiledLp(
        highs_lp=extended,
        row_components=compiled.row_components,
        row_indices=compiled.row_indices,
        column_components=compiled.column_components + names,
        column_indices=compiled.column_indices + indices,
        objective_offset=compiled.objective_offset,
        fixed_values=compiled.fixed_values,
    )


def add_priced_slack(
    compiled: CompiledLp, weights: Mapping[int, float], penalties_cny: Mapping[str, float]
) -> CompiledLp:
    """Return the LP with a priced slack column on every row of :data:`SLACK_RULES`.

    Each slack column enters its row with coefficient -1 (the row's activity may exceed its
    upper bound by the slack) and costs the rule's penalty [kCNY per unit], times the hour's
    weight for rows of one hour.

    Parameters
    ----------
    compiled : CompiledLp
        The validation LP as compiled.
    weights : mapping of int to float
        Weight of each modelled hour [h].
    penalties_cny : mapping of str to float
        Price of each penalty field of :class:`SlackRule` [CNY per unit].

    Returns
    -------
    CompiledLp
        The same rows, the original columns and then the slack columns, named by
        :attr:`SlackRule.slack` and indexed like their rows.
    """
    lp = compiled.lp
    upper = np.asarray(lp.row_upper_, dtype=float)
    rows: list[int] = []
    costs: list[float] = []
    components: list[str] = []
    indices: list[object] = []
    by_rule = {slack_rule.rule: slack_rule for slack_rule in SLACK_RULES}
    for position, component in enumerate(compiled.row_components):
        slack_rule = by_rule.get(component)
        if slack_rule is None or upper[position] >= highspy.kHighsInf:
            continue
        index = compiled.row_indices[position]
        price = penalties_cny[slack_rule.penalty] / CNY_PER_KCNY
        hourly = slack_rule.hourly_unit or (isinstance(index, tuple) and len(index) == 2)
        rows.append(position)
        costs.append(price * (weights[index[-1]] if hourly else 1.0))
        components.append(slack_rule.slack)
        indices.append(index)
    return with_columns(compiled, rows, costs, components, indices, coefficient=-1.0)


DAYS_PER_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
HOURS_PER_DAY = 24


def month_inputs(inputs: ModelInputs) -> list[ModelInputs]:
    """Split full-year inputs into one set per calendar month.

    Each month is an LP of its own (about 730 hours): the same rules on the month's hours,
    its storage cyclic within the month, and the rules that sum over the year (the green
    target, the flexible allocation, the carbon cap) summed over the month; the carbon cap and
    the certificate market's volumes are scaled to the month's share of the year's hours, and
    the flexible demand to the month's mean (so that each hour's demand is the year's).

    Parameters
    ----------
    inputs : ModelInputs
        Inputs prepared with ``time.representation: full_year`` (8,760 hours).

    Returns
    -------
    list of ModelInputs
        Twelve sets of inputs, January first.
    """
    hours = inputs.hours
    if len(hours) != HOURS_PER_YEAR:
        msg = f"expected the full year of {HOURS_PER_YEAR:g} hours, got {len(hours)}"
        raise ValueError(msg)
    months = []
    start = 0
    for month, days in enumerate(DAYS_PER_MONTH):
        end = start + days * HOURS_PER_DAY
        labels = hours.index[start:end]
        table = hours.loc[labels].copy()
        table["period"] = month
        # Cyclic within the month: the first hour follows the month's last.
        table["previous_hour"] = np.roll(labels.to_numpy(), 1)
        # Flexible demand is allocated to sites as a mean over the modelled hours, so each
        # month's allocation is of that month's mean demand: the shape's mean moves into the
        # demand, leaving every hour's demand as it was.
        mean_shape = float(table["demand_shape_flexible"].mean())
        regions = inputs.regions.copy()
        if mean_shape > 0:
            table["demand_shape_flexible"] = table["demand_shape_flexible"] / mean_shape
            regions["demand_flexible_mw"] = regions["demand_flexible_mw"] * mean_shape
        settings = inputs.settings
        cap = settings.policy.carbon_cap_tco2_per_year
        if cap is not None:
            policy = settings.policy.model_copy(
                update={"carbon_cap_tco2_per_year": cap * len(labels) / HOURS_PER_YEAR}
            )
            settings = settings.model_copy(update={"policy": policy})
        # The certificate market's yearly volumes, like the carbon cap, in the month's share.
        supply = inputs.certificate_supply.copy()
        supply["volume_gwh_per_year"] *= len(labels) / HOURS_PER_YEAR
        months.append(
            replace(
                inputs,
                hours=table,
                regions=regions,
                wind_capacity_factor=inputs.wind_capacity_factor.loc[labels],
                solar_capacity_factor=inputs.solar_capacity_factor.loc[labels],
                grid_carbon_free_share=inputs.grid_carbon_free_share.loc[labels],
                corridor_green_share=inputs.corridor_green_share.loc[labels],
                corridor_availability=inputs.corridor_availability.loc[labels],
                firm_availability=inputs.firm_availability.loc[labels],
                # A month's hours run in calendar order: storage needs no link between days.
                calendar_days=inputs.calendar_days.iloc[:0],
                certificate_supply=supply,
                settings=settings,
            )
        )
        start = end
    return months


__all__ = [
    "BANKED_SURPLUS",
    "CAPACITY_VARIABLES",
    "SLACK_RULES",
    "add_banked_surplus",
    "add_priced_slack",
    "hold_capacities",
    "month_inputs",
    "surplus_value",
]
