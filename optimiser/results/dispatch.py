"""Dispatch a written plan over the full year, month by month: the engine of the full-year check.

Reads a results folder (its ``clusters.csv`` capacities and ``inputs/``), prepares the same
scenario on all 8,760 hours of the catalogue's profiles and dispatches the plan with its
capacities held (:mod:`optimiser.lp.validation`: the same LP with priced slack), as twelve
month-long LPs in worker processes. A month that needs a priced shortfall under fixed
routing shares is dispatched again with the plan's own hourly routing; a plan on an
hour-matched measure is routed hour by hour from the start, and each month values the green
surplus it banks for the year at the plan's shadow price
(:func:`optimiser.lp.validation.add_banked_surplus`).
:mod:`optimiser.results.validation` judges the dispatch and writes ``validation/``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.errors import AuditError, InfeasibleError, InputError
from optimiser.lp.build import build_model
from optimiser.lp.highs_options import solver_options
from optimiser.lp.highs_run import new_highs, run_highs
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.objective import CAPACITY_VARIABLES
from optimiser.lp.solver import SolvedModel, compile_model, solved_model
from optimiser.lp.storage import LONG_DURATION_COLUMNS
from optimiser.lp.units import CNY_PER_KCNY
from optimiser.lp.validation import (
    BANKED_SURPLUS,
    SLACK_RULES,
    add_banked_surplus,
    add_priced_slack,
    month_inputs,
    surplus_value,
    with_plan_capex,
)
from optimiser.paths import recorded_model_file
from optimiser.results.accounting import PlanTables, cost_breakdown
from optimiser.results.plan_files import read_inputs
from optimiser.results.plan_tables import plan_tables
from optimiser.results.summary import build_summary
from optimiser.results.supply_tables import FIRM_CONTRACT_COLUMNS
from optimiser.results.tables import SolveResult, cluster_table, corridor_table, hourly_table
from optimiser.scenario import ResolvedScenario
from optimiser.settings import ScenarioSettings
from optimiser.settings.green_accounting import is_hour_matched

SLACK_COMPONENTS = tuple(dict.fromkeys(slack_rule.slack for slack_rule in SLACK_RULES))
"""The slack columns of a validation dispatch, by component name."""
SHORTFALL_TOLERANCE_MW = 1e-6
"""Slack below this [MW per hour, or MWh and tCO2 per year] is solver noise, not a shortfall."""


def full_year_scenario(
    folder: Path, settings: ScenarioSettings, weather_year: int | None = None
) -> ResolvedScenario:
    """Return the folder's scenario on the full year, with latency-bound load in annual shares.

    Annual-share routing is exact here: every region's latency-bound demand follows the one
    national shape, so routing need not change from hour to hour (``docs/formulation.md``); it
    keeps the dispatch LP to one column per site for that load, not one per region and hour.
    ``weather_year``: dispatch on that year's wind and solar (default: the plan's year).
    """
    with (folder / "inputs" / "scenario.yaml").open(encoding="utf-8") as stream:
        dump = yaml.safe_load(stream)
    changed = settings.model_dump(mode="json")
    # The full year is judged on the policy's targets: no representation margin.
    changed["time"].update(
        representation="full_year",
        extreme_days=False,
        extra_days=[],
        target_margins={},
        cluster_representation=None,
    )
    # A plan made on several weather years is dispatched on one at a time (the first unless
    # another is asked for).
    planned_years = changed["time"]["weather_years"]
    changed["time"]["weather_years"] = []
    if weather_year is None and planned_years:
        weather_year = planned_years[0]
    if weather_year is not None:
        changed["time"]["weather_year"] = weather_year
    changed["latency"]["routing"] = "annual_shares"
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return ResolvedScenario(
        model_path=recorded_model_file(dump["model_path"], folder),
        model_name=dump["model"],
        scenario_name=dump["scenario"],
        description="full-year validation of a plan",
        overrides=dump.get("overrides") or {},
        catalogue_path=Path(summary["catalogue_path"]),
        settings=ScenarioSettings.model_validate(changed),
    )


def read_capacities(folder: Path, planned: ModelInputs) -> pd.DataFrame:
    """Return the plan's capacities per site from ``clusters.csv`` [MW, MWh]."""
    path = folder / "clusters.csv"
    clusters = pd.read_csv(path)
    missing = [
        column for column in ("cluster_id", *CAPACITY_VARIABLES) if column not in clusters.columns
    ]
    if missing:
        raise InputError(path, missing[0], "column missing")
    # Clean firm contracts are held too; a plan written before them contracted none.
    contracts = [
        column
        for column in (*FIRM_CONTRACT_COLUMNS, *LONG_DURATION_COLUMNS)
        if column in clusters.columns
    ]
    capacities = clusters.set_index("cluster_id")[[*CAPACITY_VARIABLES, *contracts]]
    absent = sorted(set(planned.sites.index) - set(capacities.index))
    if absent:
        raise InputError(path, "cluster_id", f"sites of inputs/sites.csv missing: {absent}")
    return capacities


def dispatch_month(
    inputs: ModelInputs,
    capacities: pd.DataFrame,
    surplus_values: pd.Series | None = None,
) -> tuple[PlanTables, dict[str, pd.Series], SolvedModel]:
    """Dispatch one month of a plan with its capacities fixed and priced slack.

    Parameters
    ----------
    inputs : ModelInputs
        The month's inputs (:func:`optimiser.lp.validation.month_inputs`).
    capacities : pandas.DataFrame
        The plan's capacities by site.
    surplus_values : pandas.Series, optional
        Per site, the value of a green surplus banked for the year [CNY/MWh]
        (:func:`plan_surplus_values`); none when omitted.

    Returns
    -------
    tuple
        The month's decisions, its slack by component and HiGHS's solution.

    Raises
    ------
    optimiser.errors.AuditError
        When the month's cost recomputed in pandas plus its priced slack differs from HiGHS's
        objective (the check the audit makes of every plan).
    """
    model = build_model(inputs, held_capacities=capacities)
    started = time.perf_counter()
    penalties = inputs.settings.validation.model_dump()
    compiled = add_priced_slack(compile_model(model), inputs.hours["weight_h"].to_dict(), penalties)
    if surplus_values is not None:
        compiled = add_banked_surplus(
            compiled, surplus_values.to_dict(), penalties["green_shortfall_penalty_cny_per_mwh"]
        )
    solver = inputs.settings.solver
    highs = new_highs(solver_options(solver))
    highs.passModel(compiled.lp)
    handover = time.perf_counter() - started
    solution = run_highs(highs)
    if solution.status != "Optimal":
        # With every shortfall priced a dispatch always exists; anything else is the solver
        # giving up (e.g. at its time limit).
        raise InfeasibleError(
            f"the full-year dispatch stopped without an optimum (HiGHS: {solution.status})"
        )
    solved = solved_model(compiled, solution, handover)
    plan = plan_tables(inputs, solved)
    slack = {name: solved.values[name] for name in SLACK_COMPONENTS if name in solved.values}
    cost = cost_breakdown(plan, inputs).to_numpy().sum()
    objective = solved.objective_kcny * CNY_PER_KCNY
    penalty = penalty_cost(slack, inputs)
    banked = banked_value(solved.values.get(BANKED_SURPLUS), surplus_values, penalties)
    if not np.isclose(cost + penalty - banked, objective, rtol=1e-6, atol=1.0):
        msg = (
            f"full-year dispatch, hours {inputs.hours.index[0]}-{inputs.hours.index[-1]}: cost "
            f"{cost:.9g} + shortfall penalties {penalty:.9g} - banked surplus {banked:.9g} CNY "
            f"differ from HiGHS's objective {objective:.9g}"
        )
        raise AuditError(msg)
    return plan, slack, solved


def banked_value(
    banked: pd.Series | None, surplus_values: pd.Series | None, penalties: dict[str, float]
) -> float:
    """Return the value the dispatch put on its banked green surplus [CNY], recomputed.

    The surplus in MWh per site, times its value capped as
    :func:`optimiser.lp.validation.add_banked_surplus` caps it.
    """
    if banked is None or banked.empty or surplus_values is None:
        return 0.0
    penalty = penalties["green_shortfall_penalty_cny_per_mwh"]
    values = (
        surplus_values.reindex(banked.index)
        .fillna(0.0)
        .map(lambda value: surplus_value(value, penalty))
    )
    return float((banked.astype(float) * values).sum())


def plan_surplus_values(folder: Path, settings: ScenarioSettings) -> pd.Series | None:
    """Return each site's value of a banked green surplus: its plan's target shadow price.

    Only for an hour-matched measure: under annual matching certificates already move green
    energy between months (a month buys what it needs at the market's price), so no month has
    a surplus to bank. ``None`` also for a plan written before shadow prices were recorded.

    Returns
    -------
    pandas.Series or None
        ``green_target_shadow_price_cny_per_mwh`` of ``clusters.csv`` by site [CNY/MWh].
    """
    if not is_hour_matched(settings.policy.green_accounting):
        return None
    column = "green_target_shadow_price_cny_per_mwh"
    clusters = pd.read_csv(folder / "clusters.csv")
    if column not in clusters.columns:
        return None
    return clusters.set_index("cluster_id")[column].astype(float).fillna(0.0)


def penalty_cost(slack: dict[str, pd.Series], inputs: ModelInputs) -> float:
    """Return the priced slack of a dispatch [CNY/yr], recomputed from its values."""
    penalties = inputs.settings.validation.model_dump()
    weight = inputs.hours["weight_h"]
    total = 0.0
    for slack_rule in SLACK_RULES:
        series = slack.get(slack_rule.slack)
        if series is None or series.empty:
            continue
        hourly = isinstance(series.index[0], tuple)
        weights = (
            weight.reindex([index[-1] for index in series.index]).to_numpy() if hourly else 1.0
        )
        total += penalties[slack_rule.penalty] * float((series.to_numpy() * weights).sum())
    return total


def combine_months(plans: list[PlanTables], inputs: ModelInputs) -> PlanTables:
    """Join the months' decisions into one full-year plan.

    Capacities are the same in every month; certificates add up; the flexible allocation of
    the year is the months' allocations weighted by their hours.
    """
    hours_per_year = float(inputs.hours["weight_h"].sum())
    sites = plans[0].sites.copy()
    sites["certificates_gwh"] = sum(plan.sites["certificates_gwh"] for plan in plans)
    flexible = pd.concat(
        [
            plan.flexible_allocation.assign(
                load_mw=plan.flexible_allocation["load_mw"]
                * float(plan.hourly["hour"].nunique())
                / hours_per_year
            )
            for plan in plans
        ]
    )
    flexible = flexible.groupby(["province_id", "cluster_id"], as_index=False)["load_mw"].sum()
    return PlanTables(
        sites=sites,
        hourly=pd.concat([plan.hourly for plan in plans], ignore_index=True),
        latency_hourly=pd.concat([plan.latency_hourly for plan in plans], ignore_index=True),
        flexible_allocation=flexible,
        corridor_hourly=pd.concat([plan.corridor_hourly for plan in plans], ignore_index=True),
        long_duration_hourly=pd.concat(
            [plan.long_duration_hourly for plan in plans], ignore_index=True
        ),
    )


def combine_slack(slacks: list[dict[str, pd.Series]]) -> dict[str, pd.Series]:
    """Join the months' slack: hourly rows side by side, annual rows (per site) added up."""
    combined: dict[str, pd.Series] = {}
    for name in SLACK_COMPONENTS:
        parts = [slack[name] for slack in slacks if name in slack and not slack[name].empty]
        if not parts:
            continue
        joined = pd.concat(parts)
        hourly = isinstance(joined.index[0], tuple)
        combined[name] = joined if hourly else joined.groupby(level=0).sum()
    return combined


def _worker_ready() -> None:
    """Nothing: unpickling this task in a worker imports this module and the LP stack."""


def start_dispatch_workers(workers: int) -> ProcessPoolExecutor | None:
    """Start a validation's worker processes ahead of it, or None for ``workers`` <= 1.

    Each worker is spawned and imports the LP stack (Pyomo, HiGHS, pandas: a few seconds)
    at once, so when started while HiGHS solves the plan on one core, the full-year dispatch
    that follows starts without that wait. Give the pool to :func:`validate_results_dir` and
    shut it down afterwards.
    """
    if workers <= 1:
        return None
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    for _ in range(workers):
        pool.submit(_worker_ready)
    return pool


def dispatch_months(
    months: list[ModelInputs],
    capacities: pd.DataFrame,
    workers: int,
    pool: ProcessPoolExecutor | None = None,
    surplus_values: pd.Series | None = None,
) -> Iterator[tuple[PlanTables, dict[str, pd.Series], SolvedModel]]:
    """Dispatch the months in order, ``workers`` at once in separate processes.

    The months are independent LPs, so two cores halve the wall time; processes are started
    fresh (``spawn``), never forked from a process that may hold threads, or taken from
    ``pool`` (:func:`start_dispatch_workers`), which is left running. (Starting each month from
    the previous one's basis was measured and did not pay: benchmarks/README.md.)
    """
    if workers <= 1 and pool is None:
        for month in months:
            yield dispatch_month(month, capacities, surplus_values)
        return
    with contextlib.ExitStack() as stack:
        if pool is None:
            context = multiprocessing.get_context("spawn")
            pool = stack.enter_context(
                ProcessPoolExecutor(max_workers=min(workers, len(months)), mp_context=context)
            )
        futures = [
            pool.submit(dispatch_month, month, capacities, surplus_values) for month in months
        ]
        try:
            for future in futures:
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def dispatch_reporting(
    total: int,
    outcomes: Iterator[tuple[PlanTables, dict[str, pd.Series], SolvedModel]],
    announce: Callable[[int], str],
    report: Callable[[str], None],
) -> list[tuple[PlanTables, dict[str, pd.Series], SolvedModel]]:
    """Collect the months' dispatches, reporting each month as its turn comes.

    A month takes ten seconds or more: a line per month shows where a check of a minute or
    two is. ``announce`` gives the line of the n-th of ``total`` months (from 1); the months
    are awaited in order, so with several workers a month may be done when its line shows.
    """
    dispatched = []
    report(announce(1))
    for number, outcome in enumerate(outcomes, start=1):
        dispatched.append(outcome)
        if number < total:
            report(announce(number + 1))
    return dispatched


def short_months(
    dispatched: list[tuple[PlanTables, dict[str, pd.Series], SolvedModel]],
) -> list[int]:
    """Return the months (0-11) whose dispatch needed a priced shortfall of any kind."""
    short = []
    for index, (_, slack, _) in enumerate(dispatched):
        if any(
            not series.empty and float(series.max()) > SHORTFALL_TOLERANCE_MW
            for series in slack.values()
        ):
            short.append(index)
    return short


def with_routing(settings: ScenarioSettings, routing: str) -> ScenarioSettings:
    """Return settings with latency-bound load routed as given (``hourly``, ``annual_shares``)."""
    latency = settings.latency.model_copy(update={"routing": routing})
    return settings.model_copy(update={"latency": latency})


def dispatch_full_year(
    folder: Path,
    catalogue: Catalogue | None = None,
    progress: Callable[[str], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
    weather_year: int | None = None,
) -> tuple[SolveResult, dict[str, pd.Series], dict[str, float]]:
    """Dispatch a results folder's plan over the full year, month by month, with priced slack.

    ``pool``: worker processes already started (:func:`start_dispatch_workers`);
    ``weather_year``: the year of wind and solar to dispatch on (default: the plan's).

    Returns
    -------
    tuple
        The dispatch as result tables (accounted for in pandas over all 8,760 hours), the
        slack values by component (hourly rows indexed like their rows, annual rows summed
        over the months), and the seconds per phase.
    """

    def report(stage: str) -> None:
        if progress is not None:
            progress(stage)

    started = time.perf_counter()
    planned = read_inputs(folder)
    capacities = read_capacities(folder, planned)
    surplus_values = plan_surplus_values(folder, planned.settings)
    resolved = full_year_scenario(folder, planned.settings, weather_year)
    if catalogue is None:
        catalogue = load_catalogue(resolved.catalogue_path)
    try:
        inputs = prepare_inputs(catalogue, resolved)
    except InputError as error:  # a year asked for on the command line, not in the model file
        if weather_year is None or error.field != "time.weather_year":
            raise
        raise InputError("--weather-year", "", error.problem) from None
    if list(inputs.sites.index) != list(planned.sites.index):
        raise InputError(
            folder / "inputs" / "sites.csv",
            "cluster_id",
            f"the catalogue {resolved.catalogue_path} no longer has the plan's sites",
        )
    inputs = with_plan_capex(inputs, planned)
    routed_hourly = planned.settings.latency.routing == "hourly" and is_hour_matched(
        planned.settings.policy.green_accounting
    )
    if routed_hourly:
        # An hour-matched plan follows the wind and sun by routing load hour by hour: under
        # fixed shares 11 of hourly-green's 12 months fell short and were dispatched again
        # (measured 2026-12-05), so such a plan is routed hour by hour from the start.
        inputs = replace(inputs, settings=with_routing(inputs.settings, "hourly"))
    timings = {"read_s": time.perf_counter() - started, "months_s": 0.0, "highs_solve_s": 0.0}
    plans, slacks = [], []
    objective = 0.0
    sizes: dict[str, int] = {}
    solver: dict[str, str] = {}
    months = month_inputs(inputs)
    workers = inputs.settings.validation.workers
    started = time.perf_counter()
    dispatched = dispatch_reporting(
        len(months),
        dispatch_months(months, capacities, workers, pool, surplus_values),
        lambda number: f"dispatching month {number} of {len(months)}",
        report,
    )
    rerouting = planned.settings.latency.routing == "hourly" and not routed_hourly
    short = short_months(dispatched) if rerouting else []
    if short:
        # Annual shares restrict the routing the plan was made with: a month that falls
        # short under them is dispatched again with latency-bound load routed hour by hour,
        # as planned (a relaxation, so a month that holds under the shares holds as planned).
        hourly = month_inputs(replace(inputs, settings=with_routing(inputs.settings, "hourly")))
        again = dispatch_reporting(
            len(short),
            dispatch_months(
                [hourly[index] for index in short], capacities, workers, pool, surplus_values
            ),
            lambda number: (
                f"dispatching short month {short[number - 1] + 1} again with hourly "
                f"routing ({number} of {len(short)})"
            ),
            report,
        )
        for index, outcome in zip(short, again, strict=True):
            dispatched[index] = outcome
    timings["months_rerouted"] = float(len(short))
    timings["months_routed_hourly"] = float(12 if routed_hourly else len(short))
    for plan, slack, solved in dispatched:
        plans.append(plan)
        slacks.append(slack)
        objective += solved.objective_kcny
        timings["highs_solve_s"] += solved.timings["highs_solve_s"]
        sizes = {key: max(value, sizes.get(key, 0)) for key, value in solved.sizes.items()}
        solver = dict(solved.solver)
    timings["months_s"] = time.perf_counter() - started
    report("accounting for the full year")
    started = time.perf_counter()
    plan = combine_months(plans, inputs)
    # Duals of twelve separate months price nothing of the year: none are reported.
    stand_in = SolvedModel(
        values={},
        duals={},
        objective_kcny=objective,
        timings={},
        sizes={f"largest_month_{key}": value for key, value in sizes.items()},
        solver=solver,
    )
    costs = cost_breakdown(plan, inputs)
    clusters = cluster_table(plan, inputs, stand_in, costs)
    corridors = corridor_table(plan, inputs, stand_in)
    dispatch = SolveResult(
        summary=build_summary(clusters, corridors, costs, stand_in, resolved),
        clusters=clusters,
        allocation=pd.DataFrame(),
        corridors=corridors,
        hourly=hourly_table(plan, inputs),
        plan=plan,
        inputs=inputs,
        scenario=resolved,
        sizes=stand_in.sizes,
        solver=solver,
        objective_kcny=objective,
    )
    timings["results_s"] = time.perf_counter() - started
    return dispatch, combine_slack(slacks), timings
