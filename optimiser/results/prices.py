"""The price of each policy: marginal costs read from the duals of a solved plan.

Reporting stage, beside :mod:`optimiser.results.tables`. The duals HiGHS returns
(:class:`optimiser.lp.solver.SolvedModel`, sign convention d objective / d row bound, in kCNY per
unit of the row) say what one more unit of each limit or requirement would cost. This module
turns them into figures a planner reads, in CNY:

- the green target, per site: per MWh of green energy and per percentage point of target;
- each UHV corridor: the value of one more MW available to data centres all year;
- demand, per region and workload class: the cost of serving one more MW all year;
- the carbon cap: the value of one more tonne allowed.

Each figure is the derivative of the optimal cost with respect to one input, which the tests
check against a finite-difference re-solve. Where the LP is degenerate the left and right
derivatives differ and the dual is one of them (a subgradient).
"""

from __future__ import annotations

import pandas as pd

from optimiser.lp.solver import SolvedModel
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.results.tables import SolveResult

PERCENTAGE_POINT = 0.01
"""One percentage point of a green share [fraction]."""

PRICE_COLUMNS = ["quantity", "id", "workload", "value", "unit"]
"""Columns of :func:`price_table` (``prices.csv`` adds ``scenario`` first)."""

UNITS = {
    "green_target_cost_per_mwh": "CNY/MWh",
    "green_target_cost_per_percentage_point": "CNY/yr per percentage point",
    "corridor_marginal_value": "CNY/MW/yr",
    "demand_marginal_cost": "CNY/MW/yr",
    "carbon_cap_marginal_value": "CNY/tCO2",
}
"""Unit of each quantity of :func:`price_table`."""


def _duals(solved: SolvedModel, component: str) -> pd.Series:
    return solved.duals.get(component, pd.Series(dtype=float))


def green_target_prices(result: SolveResult, solved: SolvedModel) -> pd.DataFrame:
    r"""Return the marginal cost of the green target at each targeted site.

    Raising a site's target :math:`t_s` by :math:`\delta` tightens its green-share row by
    :math:`\delta` times its consumption (annual accounting: :math:`\sum_h w_h \eta_s
    \ell_{sh}`; hourly accounting: :math:`\eta_s \ell_{sh}` in each hour), so the cost rises
    by minus the dual times that consumption (envelope theorem).

    Parameters
    ----------
    result : optimiser.results.tables.SolveResult
        The solved plan.
    solved : optimiser.lp.solver.SolvedModel
        Its duals.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id`` (targeted sites): ``green_target_cost_per_percentage_point``
        [CNY/yr per percentage point], ``green_target_cost_per_mwh`` [CNY per MWh of extra
        green energy when the target rises; the shadow price of the annual row],
        ``consumption_mwh`` [MWh/yr].
    """
    duals = _duals(solved, "green_share_at_least_target")
    columns = [
        "green_target_cost_per_percentage_point",
        "green_target_cost_per_mwh",
        "consumption_mwh",
    ]
    if duals.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="cluster_id"))
    consumption = result.clusters.set_index("cluster_id")["consumption_mwh"]
    # One row per site in every measure (the annual share or the CFE score).
    sites = list(duals.index)
    cost_kcny_per_unit_target = -duals.to_numpy() * consumption.reindex(sites).to_numpy()
    per_point = pd.Series(cost_kcny_per_unit_target, index=sites)
    per_point = per_point * PERCENTAGE_POINT * CNY_PER_KCNY
    table = pd.DataFrame({"green_target_cost_per_percentage_point": per_point})
    table["consumption_mwh"] = consumption.reindex(table.index).to_numpy()
    energy = PERCENTAGE_POINT * table["consumption_mwh"]
    table["green_target_cost_per_mwh"] = table[
        "green_target_cost_per_percentage_point"
    ] / energy.where(energy > 0)
    return (table[columns] + 0.0).rename_axis("cluster_id")  # + 0.0 turns -0.0 into 0.0


def demand_prices(result: SolveResult, solved: SolvedModel) -> pd.DataFrame:
    r"""Return the marginal cost of serving one more MW of demand, per region and class.

    Latency-bound demand :math:`d^{lat}_r` is the right-hand side of ``demand_served``
    (:math:`d^{lat}_r \phi^{lat}_h` in every hour), so its marginal cost is
    :math:`\sum_h y_{rh} \phi^{lat}_h`. Flexible demand :math:`d^{flex}_r` is the right-hand
    side of ``flexible_demand_allocated`` and adds :math:`\phi^{flex}_h d^{flex}_r` to
    ``flexible_demand_served`` in every hour, so its marginal cost is
    :math:`y_r + \sum_h y_h \phi^{flex}_h`.

    Parameters
    ----------
    result : optimiser.results.tables.SolveResult
        The solved plan.
    solved : optimiser.lp.solver.SolvedModel
        Its duals.

    Returns
    -------
    pandas.DataFrame
        Columns ``province_id``, ``workload`` (``latency_bound`` or ``flexible``),
        ``marginal_cost_cny_per_mw_per_year`` [CNY per MW of annual-mean IT load per year].
    """
    hours = result.inputs.hours
    rows = []
    latency = _duals(solved, "demand_served")
    if not latency.empty:
        keys = pd.MultiIndex.from_tuples(list(latency.index), names=["province_id", "hour"])
        shape = hours["demand_shape_latency_bound"].reindex(keys.get_level_values("hour"))
        weighted = pd.Series(latency.to_numpy() * shape.to_numpy(), index=keys)
        for region, value in weighted.groupby(level="province_id").sum().items():
            rows.append((region, "latency_bound", value))
    allocated = _duals(solved, "flexible_demand_allocated")
    if not allocated.empty:
        served = _duals(solved, "flexible_demand_served")
        shape = hours["demand_shape_flexible"].reindex(list(served.index))
        national = float((served.to_numpy() * shape.to_numpy()).sum())
        for region, value in allocated.items():
            rows.append((region, "flexible", value + national))
    table = pd.DataFrame(rows, columns=["province_id", "workload", "value"])
    table["marginal_cost_cny_per_mw_per_year"] = table.pop("value") * CNY_PER_KCNY + 0.0
    return table.sort_values(["province_id", "workload"]).reset_index(drop=True)


def corridor_prices(result: SolveResult) -> pd.Series:
    """Return each corridor's marginal value [CNY per MW available to data centres per year].

    Read from ``corridors.csv`` (:func:`optimiser.results.tables.corridor_table`): minus the sum of
    the hourly duals of ``corridor_flow_within_limit``.
    """
    corridors = result.corridors.set_index("corridor_id")
    return corridors["marginal_value_cny_per_mw_per_year"].astype(float)


def carbon_cap_price(solved: SolvedModel) -> float | None:
    """Return the value of one more tonne under the carbon cap [CNY/tCO2], if a cap is set."""
    duals = _duals(solved, "carbon_within_cap")
    if duals.empty:
        return None
    return float(-duals.sum() * CNY_PER_KCNY) + 0.0


def price_table(result: SolveResult, solved: SolvedModel) -> pd.DataFrame:
    """Return every marginal price of a plan in one long table (``prices.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PRICE_COLUMNS`: ``quantity`` (a key of :data:`UNITS`), ``id`` (site,
        corridor or province id; ``all_targeted_sites`` for the green target as a whole,
        ``total`` for the carbon cap), ``workload`` (demand only, else empty), ``value`` and
        ``unit``.
    """
    rows: list[tuple[str, str, str, float]] = []
    green = green_target_prices(result, solved)
    for site, row in green.iterrows():
        rows.append(
            ("green_target_cost_per_mwh", str(site), "", float(row["green_target_cost_per_mwh"]))
        )
        rows.append(
            (
                "green_target_cost_per_percentage_point",
                str(site),
                "",
                float(row["green_target_cost_per_percentage_point"]),
            )
        )
    if len(green):
        rows.append(
            (
                "green_target_cost_per_percentage_point",
                "all_targeted_sites",
                "",
                float(green["green_target_cost_per_percentage_point"].sum()),
            )
        )
    for corridor, value in corridor_prices(result).items():
        rows.append(("corridor_marginal_value", str(corridor), "", float(value)))
    for row in demand_prices(result, solved).itertuples(index=False):
        rows.append(
            (
                "demand_marginal_cost",
                str(row.province_id),
                str(row.workload),
                float(row.marginal_cost_cny_per_mw_per_year),
            )
        )
    carbon = carbon_cap_price(solved)
    if carbon is not None:
        rows.append(("carbon_cap_marginal_value", "total", "", carbon))
    table = pd.DataFrame(rows, columns=["quantity", "id", "workload", "value"])
    table["unit"] = table["quantity"].map(UNITS)
    return table[PRICE_COLUMNS]
