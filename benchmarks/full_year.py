"""The full-year default model optimised end to end, with HiGHS options and settings to try.

Builds the default model (``models/national-2025.yaml``, scenario ``baseline``) over all 8,760
hours (``time.representation: full_year``), compiles it and runs HiGHS (HiPO unless
``--set solver.method=...`` says otherwise) with a time limit, then prints the phases, the LP's
size, HiGHS's status, objective and iterations, the last lines of its log (the interior-point
gap) and the peak memory. Extra HiGHS options (``--option presolve_rule_off=1024``) and model
settings (``--set solver.split_annual_rows=true``) are what is being tried.

As ``dcsite solve`` does, interior point gets the upper bounds the rows imply
(``--no-implied-bounds`` leaves them out). ``benchmarks/run.py`` runs it with
``--set time.annual_rows=monthly --set solver.interior_point_gap=0.001``.

Run: ``python benchmarks/full_year.py [--time-limit 900] [--option NAME=VALUE] [--set KEY=VALUE]``
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace

import yaml

from optimiser.data.catalogue import load_catalogue
from optimiser.lp.bounds import RELAXATION
from optimiser.lp.build import build_model
from optimiser.lp.highs_options import bounded_for, solver_options
from optimiser.lp.highs_run import new_highs
from optimiser.lp.inputs import prepare_inputs
from optimiser.lp.solver import compile_model
from optimiser.paths import default_model_path
from optimiser.scenario import resolve_scenario


def run(
    time_limit_s: float,
    options: dict[str, object],
    overrides: list[str],
    presolve_only: bool = False,
    clip_capacity_factor: float = 0.0,
    implied_bounds: bool = True,
    bound_relaxation: float = RELAXATION,
) -> None:
    settings = [
        "time.representation=full_year",
        "solver.method=hipo",
        f"solver.time_limit_s={time_limit_s}",
        *overrides,
    ]
    started = time.perf_counter()
    scenario = resolve_scenario(default_model_path(), "baseline", settings)
    inputs = prepare_inputs(load_catalogue(scenario.catalogue_path), scenario)
    if clip_capacity_factor > 0:
        # PyPSA-Eur's clip_p_max_pu: capacity factors below the threshold are set to zero.
        inputs = replace(
            inputs,
            wind_capacity_factor=inputs.wind_capacity_factor.where(
                inputs.wind_capacity_factor >= clip_capacity_factor, 0.0
            ),
            solar_capacity_factor=inputs.solar_capacity_factor.where(
                inputs.solar_capacity_factor >= clip_capacity_factor, 0.0
            ),
        )
    prepared = time.perf_counter()
    model = build_model(inputs)
    built = time.perf_counter()
    compiled = compile_model(model)
    solver = scenario.settings.solver
    chosen = {**solver_options(solver), **options}
    # As dcsite solve does (optimiser.lp.solver.solve_model): bounds before interior point.
    if implied_bounds:
        compiled, bounded = bounded_for(compiled, chosen, bound_relaxation)
        print(f"implied upper bounds given to {bounded:,} columns")
    compiled_at = time.perf_counter()
    if presolve_only:
        for rule_off in (0, 1024):
            highs = new_highs({**chosen, "presolve_rule_off": rule_off})
            compiled.pass_to(highs)
            started = time.perf_counter()
            highs.presolve()
            reduced = highs.getPresolvedLp()
            print(
                f"presolve alone, presolve_rule_off={rule_off}: "
                f"{time.perf_counter() - started:.1f} s, {reduced.num_row_:,} rows, "
                f"{reduced.num_col_:,} columns left",
                flush=True,
            )
        return
    highs = new_highs(chosen)
    log: list[str] = []
    # HiPO writes its iteration lines (the gap) to the console only: the log goes there.
    highs.setOptionValue("output_flag", True)
    highs.setOptionValue("log_to_console", True)
    highs.cbLogging.subscribe(lambda event: log.append(event.message))
    compiled.pass_to(highs)
    solve_started = time.perf_counter()
    highs.run()
    solved = time.perf_counter()
    info = highs.getInfo()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"settings: {settings}; HiGHS options: {chosen}")
    print(f"LP: {compiled.sizes}", flush=True)
    print(
        f"prepare {prepared - started:.1f} s, build {built - prepared:.1f} s, "
        f"compile {compiled_at - built:.1f} s, HiGHS {solved - solve_started:.1f} s, "
        f"peak {peak_mb:,.0f} MB"
    )
    print(
        f"status {highs.modelStatusToString(highs.getModelStatus())}, objective "
        f"{info.objective_function_value * 1000:.6g} CNY/yr, interior-point iterations "
        f"{info.ipm_iteration_count}, simplex iterations {info.simplex_iteration_count}, "
        f"primal-dual gap {info.primal_dual_objective_error:.2e}"
    )
    lines = "".join(log).splitlines()
    print("first lines of HiGHS's log (ranges, scaling advice):")
    for line in lines[:14]:
        print(f"  {line}")
    print("last lines of HiGHS's log:")
    for line in lines[-25:]:
        print(f"  {line}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=900.0)
    parser.add_argument("--option", action="append", default=[], help="HiGHS NAME=VALUE")
    parser.add_argument("--set", action="append", default=[], help="model setting KEY=VALUE")
    parser.add_argument(
        "--presolve-only",
        action="store_true",
        help="time HiGHS's presolve alone, with and without its dependent-equation search",
    )
    parser.add_argument(
        "--clip-capacity-factor",
        type=float,
        default=0.0,
        help="set wind and solar capacity factors below this to zero (PyPSA-Eur's clip_p_max_pu)",
    )
    parser.add_argument(
        "--no-implied-bounds",
        action="store_true",
        help="leave out the upper bounds the rows imply (dcsite gives them to interior point)",
    )
    parser.add_argument(
        "--bound-relaxation",
        type=float,
        default=RELAXATION,
        help=f"margin of the implied bounds, relative and absolute (default {RELAXATION})",
    )
    arguments = parser.parse_args()
    options = {
        name: yaml.safe_load(value)
        for name, _, value in (text.partition("=") for text in arguments.option)
    }
    run(
        arguments.time_limit,
        options,
        arguments.set,
        arguments.presolve_only,
        arguments.clip_capacity_factor,
        not arguments.no_implied_bounds,
        arguments.bound_relaxation,
    )
