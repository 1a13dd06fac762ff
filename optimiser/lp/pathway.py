r"""The multi-period LP of a pathway (2025 → 2030): capacity built in a period stays built.

The standard capacity-expansion form of multi-investment-period planning (as in PyPSA's
multi-investment-period optimisation and GenX's multi-stage model):

- each period :math:`p` is the single-year LP of :mod:`optimiser.lp.build` for its year (its
  demand, policy, corridors in service, capex), held as a Pyomo block ``period_<year>``;
- :math:`B_{isp}` capacity :math:`i` (new IT, wind, solar, storage power and energy) built at
  site :math:`s` in period :math:`p` is in service in every period :math:`p' \ge p` with
  :math:`p' - p < T_i`, its lifetime (``capacity_carried_forward``);
- each unit built pays its annuity and fixed O&M at the capex of the period it was built in,
  every year it is in service (the annuity convention of PyPSA and GenX);
- the objective is the discounted sum :math:`\sum_p w_p \, C_p` of each period's annual cost,
  :math:`w_p = \sum_{y=p}^{p + n_p - 1} (1 + r)^{-(y - p_0)}` with :math:`n_p` the years the
  period stands for and :math:`p_0` the base year.

A myopic plan solves one period at a time, keeping what earlier periods built (``inherited``).
``docs/pathway.md`` states the model and its conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyomo.environ as pyo

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.model import LpData, add_sets, add_variables, lp_data
from optimiser.lp.objective import CAPACITY_VARIABLES, capital_cost_rates, operating_cost
from optimiser.lp.periods import period_settings
from optimiser.lp.rules import CONSTRAINTS
from optimiser.lp.solver import NamedBasis
from optimiser.scenario import ResolvedScenario

LIFETIME_PARAMETERS = {
    "new_it_capacity_mw": "it_lifetime_years",
    "wind_capacity_mw": "wind_lifetime_years",
    "solar_capacity_mw": "solar_lifetime_years",
    "storage_power_mw": "storage_lifetime_years",
    "storage_energy_mwh": "storage_lifetime_years",
}
"""The lifetime parameter of each capacity a period builds."""


@dataclass
class PathwayInputs:
    """The inputs of every period of a pathway.

    Attributes
    ----------
    periods : list of int
        The investment periods [year], increasing.
    scenarios : dict of int to ResolvedScenario
        Each period as a single-year scenario.
    inputs : dict of int to ModelInputs
        Each period's LP inputs.
    years : dict of int to int
        Years each period stands for.
    weights : dict of int to float
        Discounted years each period stands for [-]: its weight in the objective.
    lifetimes : dict of str to float
        Lifetime of each capacity [years], by capacity variable.
    discount_rate : float
        Real discount rate [fraction per year].
    """

    periods: list[int]
    scenarios: dict[int, ResolvedScenario]
    inputs: dict[int, ModelInputs]
    years: dict[int, int]
    weights: dict[int, float]
    lifetimes: dict[str, float]
    discount_rate: float

    @property
    def base_year(self) -> int:
        """The year costs are discounted to (the first period)."""
        return self.periods[0]

    def in_service(self, variable: str, built: int, period: int) -> bool:
        """Whether capacity built in period ``built`` is in service in ``period``."""
        return built <= period and period - built < self.lifetimes[variable]


@dataclass(frozen=True)
class Vintage:
    """Capacity an earlier myopic step built, fixed for the later ones.

    Attributes
    ----------
    variable : str
        Capacity variable (:data:`optimiser.lp.objective.CAPACITY_VARIABLES`).
    site : str
        Site id.
    period : int
        Period it was built in [year].
    amount : float
        Capacity built [MW or MWh].
    rate_kcny_per_year : float
        Its annual cost per unit [kCNY/yr per MW or MWh], at its own period's capex.
    """

    variable: str
    site: str
    period: int
    amount: float
    rate_kcny_per_year: float


def period_weights(
    periods: Sequence[int], final_period_years: int, discount_rate: float
) -> tuple[dict[int, int], dict[int, float]]:
    r"""Return the years each period stands for and its discounted weight.

    Parameters
    ----------
    periods : sequence of int
        Investment periods [year], increasing.
    final_period_years : int
        Years the last period stands for.
    discount_rate : float
        Real discount rate [fraction per year].

    Returns
    -------
    tuple of dict
        Years per period, and :math:`w_p = \sum_{y=p}^{p+n_p-1} (1+r)^{-(y-p_0)}`.
    """
    base = periods[0]
    ends = [*periods[1:], periods[-1] + final_period_years]
    years = {period: end - period for period, end in zip(periods, ends, strict=True)}
    weights = {
        period: sum((1 + discount_rate) ** -(year - base) for year in range(period, end))
        for period, end in zip(periods, ends, strict=True)
    }
    return years, weights


def prepare_pathway(catalogue: Catalogue, scenario: ResolvedScenario) -> PathwayInputs:
    """Prepare every period's inputs of a pathway scenario.

    Raises
    ------
    optimiser.errors.InputError
        When a period's settings are invalid or its candidate sites differ from the first's.
    """
    pathway = scenario.settings.pathway
    periods = list(pathway.periods) or [scenario.settings.year]
    scenarios = {period: period_settings(scenario, period) for period in periods}
    inputs = {period: prepare_inputs(catalogue, scenarios[period]) for period in periods}
    first = list(inputs[periods[0]].sites.index)
    for period in periods[1:]:
        if list(inputs[period].sites.index) != first:
            raise InputError(
                scenario.model_path,
                f"pathway.period_changes.{period}",
                "every period must have the same candidate sites",
            )
    parameters = inputs[periods[0]].parameters
    rate = parameters["discount_rate"]
    years, weights = period_weights(periods, pathway.final_period_years, rate)
    lifetimes = {
        variable: float(parameters[name]) for variable, name in LIFETIME_PARAMETERS.items()
    }
    return PathwayInputs(
        periods=periods,
        scenarios=scenarios,
        inputs=inputs,
        years=years,
        weights=weights,
        lifetimes=lifetimes,
        discount_rate=rate,
    )


def block_name(period: int) -> str:
    """Return the name of a period's block in the pathway LP (``period_2025``)."""
    return f"period_{period}"


def add_period_block(model: pyo.ConcreteModel, period: int, inputs: ModelInputs) -> pyo.Block:
    """Add one period's single-year LP (sets, variables, every rule) as a block."""
    block = pyo.Block(concrete=True)
    model.add_component(block_name(period), block)
    data = lp_data(inputs)
    block.data = data
    add_sets(block, data)
    add_variables(block, data)
    for rule in CONSTRAINTS:
        rule(block)
    return block


def build_pathway_model(
    pathway: PathwayInputs,
    periods: Sequence[int] | None = None,
    inherited: Sequence[Vintage] = (),
) -> pyo.ConcreteModel:
    """Build the pathway LP over ``periods`` (default all), with capacity ``inherited``.

    Parameters
    ----------
    pathway : PathwayInputs
        Every period's inputs.
    periods : sequence of int, optional
        The periods to optimise (a myopic step passes one); default all.
    inherited : sequence of Vintage
        Capacity built in earlier periods, fixed (myopic steps).

    Returns
    -------
    pyomo.environ.ConcreteModel
        ``period_<year>`` blocks, ``built_capacity[variable, site, period]`` [MW or MWh],
        each block's ``annual_cost`` [kCNY/yr] and the objective ``total_cost``
        [discounted kCNY].
    """
    periods = list(periods) if periods is not None else list(pathway.periods)
    model = pyo.ConcreteModel(name="dcsite-pathway")
    model.fixed_variables = []
    blocks = {period: add_period_block(model, period, pathway.inputs[period]) for period in periods}
    for block in blocks.values():
        model.fixed_variables += block.fixed_variables
    sites = list(pathway.inputs[periods[0]].sites.index)
    model.period_years = pyo.Set(initialize=periods, ordered=True)
    model.capacity_kinds = pyo.Set(initialize=CAPACITY_VARIABLES, ordered=True)
    model.all_sites = pyo.Set(initialize=sites, ordered=True)
    model.built_capacity = pyo.Var(
        model.capacity_kinds, model.all_sites, model.period_years, within=pyo.NonNegativeReals
    )
    rates = {period: capital_cost_rates(blocks[period].data) for period in periods}
    capacity_carried_forward(model, pathway, blocks, inherited)
    for period, block in blocks.items():
        built_here = [
            rates[built][variable][site] * model.built_capacity[variable, site, built]
            for built in periods
            if built <= period
            for variable in CAPACITY_VARIABLES
            if pathway.in_service(variable, built, period)
            for site in sites
        ]
        kept = sum(
            vintage.rate_kcny_per_year * vintage.amount
            for vintage in inherited
            if pathway.in_service(vintage.variable, vintage.period, period)
        )
        block.annual_cost = pyo.Expression(expr=operating_cost(block) + sum(built_here) + kept)
    model.total_cost = pyo.Objective(
        expr=sum(pathway.weights[period] * block.annual_cost for period, block in blocks.items()),
        sense=pyo.minimize,
    )
    return model


def capacity_carried_forward(
    model: pyo.ConcreteModel,
    pathway: PathwayInputs,
    blocks: dict[int, pyo.Block],
    inherited: Sequence[Vintage],
) -> None:
    r"""Capacity in service in a period is what earlier periods built and has not retired.

    .. math:: X_{isp} = \sum_{q \le p:\, p - q < T_i} B_{isq} \quad \forall i, s, p

    :math:`X_{isp}` the period's capacity variable :math:`i` (new IT :math:`N_s`, :math:`W_s`,
    :math:`S_s`, :math:`P_s`, :math:`E_s` of ``docs/formulation.md``), :math:`B_{isq}` built in
    period :math:`q`, :math:`T_i` its lifetime [years]. Capacity inherited from earlier myopic
    steps enters as a constant.
    """
    periods = list(blocks)

    def rule(model: pyo.ConcreteModel, variable: str, site: str, period: int) -> pyo.Expression:
        block = blocks[period]
        built = sum(
            model.built_capacity[variable, site, earlier]
            for earlier in periods
            if pathway.in_service(variable, earlier, period)
        )
        kept = sum(
            vintage.amount
            for vintage in inherited
            if vintage.variable == variable
            and vintage.site == site
            and pathway.in_service(variable, vintage.period, period)
        )
        return getattr(block, variable)[site] == built + kept

    model.capacity_carried_forward = pyo.Constraint(
        model.capacity_kinds, model.all_sites, model.period_years, rule=rule
    )


def basis_for_next_period(basis: NamedBasis, period: int, next_period: int) -> NamedBasis:
    """Return one period's final basis renamed to start the next period's LP.

    Consecutive periods of a myopic path are the same LP but for demand, costs and the
    corridors in service: the basis of one, its block and its builds renamed, is a good start
    for the next (dual simplex then needs a few thousand iterations instead of forty thousand
    on the built-in pathway). Rows and columns the next period adds (a corridor coming into
    service) are left to :func:`optimiser.lp.solver.solve_model_with_basis`'s defaults.
    """
    old_block, new_block = f"{block_name(period)}.", f"{block_name(next_period)}."
    old_end, new_end = f",{period}]", f",{next_period}]"

    def renamed(name: str) -> str:
        if name.startswith(old_block):
            return new_block + name.removeprefix(old_block)
        if name.startswith(LINKING_PREFIXES) and name.endswith(old_end):
            return name.removesuffix(old_end) + new_end
        return name

    return NamedBasis(
        {renamed(name): status for name, status in basis.columns.items()},
        {renamed(name): status for name, status in basis.rows.items()},
    )


LINKING_PREFIXES = ("built_capacity[", "capacity_carried_forward[")
"""Names of the pathway LP's own columns and rows, indexed by period last."""


def period_data(model: pyo.ConcreteModel, period: int) -> LpData:
    """Return the lookups a period's block was built from."""
    data: LpData = getattr(model, block_name(period)).data
    return data


__all__ = [
    "PathwayInputs",
    "Vintage",
    "basis_for_next_period",
    "build_pathway_model",
    "period_weights",
    "prepare_pathway",
]
