r"""The green and carbon rules of the siting LP: targets, the hourly floor, certificates, the cap.

Part of :data:`optimiser.lp.rules.CONSTRAINTS`; one function per rule, adding one Pyomo
component of its name, in the symbols of :mod:`optimiser.lp.rules` and ``docs/formulation.md``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from optimiser.lp.model import LpData, it_load, not_green_supply, site_emissions_tco2


def green_share_at_least_target(model: pyo.ConcreteModel) -> None:
    r"""Each targeted site's green share over the year reaches the target, in its measure.

    Consumption minus what is not green is green, so the share is at least :math:`t_s` exactly
    when the year's not-green supply is at most :math:`(1 - t_s)` of its consumption:

    .. math:: \sum_h w_h N_{sh} - 1000\, Q_s \le (1 - t_s) \sum_h w_h \eta_s \ell_{sh}
       \quad \forall s: t_s > 0

    :math:`N_{sh}` is the measure's not-green supply [MW]: under ``annual`` (market based)
    :math:`B_{sh} = (1 - g_s) G_{sh} + \sum_k (1 - \gamma_k) I_{ksh}`, with certificates
    :math:`Q_s` [GWh/yr]; under ``hourly`` (the 24/7 CFE score)
    :math:`B^h_{sh} = (1 - g_{sh}) G_{sh} + \sum_k (1 - \gamma_{kh}) I_{ksh}`; under
    ``hourly_own_supply`` (the CFE score on own supply)
    :math:`O_{sh} = G_{sh} + \sum_{k \in own(s)} (1 - \gamma_{kh}) I_{ksh} + \sum_{k \notin
    own(s)} I_{ksh}`. Certificates count only under ``annual`` (:math:`Q_s = 0` otherwise).
    An hour's not-green supply never exceeds its consumption in an optimum (grid and corridor
    power cost money), so the hour-matched rows are the CFE score
    :math:`\sum_h w_h \min(\text{CFE}_{sh}, \eta_s \ell_{sh}) / \sum_h w_h \eta_s \ell_{sh}
    \ge t_s`.

    With ``time.annual_rows: monthly`` the row is split into partial sums
    :math:`P^G_{sb}` [MWh] over the blocks of hours :math:`b` (free variables; component
    ``green_share_partial_sums``):

    .. math:: P^G_{sb} = \sum_{h \in b} w_h \big(N_{sh} - (1 - t_s) \eta_s \ell_{sh}\big)
       \quad \forall s, b; \qquad \sum_b P^G_{sb} - 1000\, Q_s \le 0
    """
    data: LpData = model.data
    targeted = [site for site in data.sites if data.site[site]["green_share_target"] > 0]

    def above_allowance(site: str, hours: list[int]) -> pyo.Expression:
        weights = data.weight
        allowance = (1 - data.site[site]["green_share_planning_target"]) * data.site[site]["pue"]
        not_green = sum(weights[hour] * not_green_supply(model, site, hour) for hour in hours)
        consumption = sum(weights[hour] * it_load(model, site, hour) for hour in hours)
        return not_green - allowance * consumption

    if data.annual_rows == "monthly":

        def partial_rule(model: pyo.ConcreteModel, site: str, block: int) -> pyo.Expression:
            return model.green_share_partial_mwh[site, block] == above_allowance(
                site, data.hour_blocks[block]
            )

        model.green_share_partial_sums = pyo.Constraint(
            targeted, model.hour_blocks, rule=partial_rule
        )

        def linked_rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
            partial = sum(model.green_share_partial_mwh[site, block] for block in model.hour_blocks)
            return partial - 1000.0 * model.certificates_gwh[site] <= 0

        model.green_share_at_least_target = pyo.Constraint(targeted, rule=linked_rule)
        return

    def annual_rule(model: pyo.ConcreteModel, site: str) -> pyo.Expression:
        return above_allowance(site, data.hours) - 1000.0 * model.certificates_gwh[site] <= 0

    model.green_share_at_least_target = pyo.Constraint(targeted, rule=annual_rule)


def green_share_at_least_floor(model: pyo.ConcreteModel) -> None:
    r"""With ``policy.hourly_floor`` :math:`f`: each targeted site's green share in every hour.

    .. math:: N_{sh} \le (1 - f)\, \eta_s \ell_{sh} \quad \forall s: t_s > 0, h

    :math:`N_{sh}` the not-green supply of the hour-matched measure (see
    :func:`green_share_at_least_target`). The stricter form of an hourly target: no hour below
    :math:`f`, on top of the score. No rows without a floor.
    """
    data: LpData = model.data
    floor = data.hourly_floor
    targeted = [site for site in data.sites if data.site[site]["green_share_target"] > 0]
    sites = targeted if floor is not None else []

    def rule(model: pyo.ConcreteModel, site: str, hour: int) -> pyo.Expression:
        allowance = (1 - (floor or 0.0)) * data.site[site]["pue"]
        return not_green_supply(model, site, hour) <= allowance * it_load(model, site, hour)

    model.green_share_at_least_floor = pyo.Constraint(sites, model.hours, rule=rule)


def certificates_bought_on_market(model: pyo.ConcreteModel) -> None:
    r"""The certificates the sites count are bought on the steps of the market's supply curve.

    .. math:: \sum_s Q_s = \sum_b Q_b, \qquad 0 \le Q_b \le \bar{Q}_b

    :math:`Q_b` [GWh/yr] bought on step :math:`b` at price :math:`\pi_b`, within its yearly
    volume :math:`\bar{Q}_b` (a bound of the column). Steps are filled cheapest first, so the
    price of the last MWh, the row's dual, rises with the volume bought. No row where
    certificates cannot count.
    """
    data: LpData = model.data
    indices = ["total"] if data.certificate_steps else []
    model.certificates_bought_on_market = pyo.Constraint(
        indices,
        rule=lambda model, _: (
            sum(model.certificates_gwh[site] for site in data.sites)
            == sum(model.certificate_purchase_gwh[step] for step in data.certificate_steps)
        ),
    )


def carbon_within_cap(model: pyo.ConcreteModel) -> None:
    r"""Total emissions of all sites stay within the cap (when the scenario sets one).

    .. math:: \sum_s \sum_h w_h \big(e_s G_{sh} + e^{fossil} \sum_k (1-\gamma_k) I_{ksh}\big)
       \le \bar{E}

    :math:`e_s` MEE regional grid factor, :math:`e^{fossil}` fossil factor [tCO2/MWh].
    """
    data: LpData = model.data
    cap = data.carbon_cap_tco2_per_year
    indices = [] if cap is None else ["total"]
    model.carbon_within_cap = pyo.Constraint(
        indices,
        rule=lambda model, _: sum(site_emissions_tco2(model, site) for site in data.sites) <= cap,
    )
