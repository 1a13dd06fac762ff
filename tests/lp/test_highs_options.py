"""``solver.method``: simplex, IPX, HiPO, ``choose``; the algorithm that ran is recorded."""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from optimiser.errors import InfeasibleError
from optimiser.lp import highs_run
from optimiser.lp.handover import SolverError
from optimiser.lp.highs_options import INTERIOR_POINT_FROM_COLUMNS, highs_options
from optimiser.lp.highs_run import algorithm_from_log, new_highs, run_highs
from optimiser.pipeline import run_scenario
from optimiser.settings import SolverSettings
from tests.tiny import tiny_catalogue, tiny_scenario


def chain_lp(method: str, *, basis_needed: bool = False) -> highspy.Highs:
    """A small LP that presolve leaves alone (presolve off), so the method itself runs."""
    options = highs_options(method, 60, 0, basis_needed=basis_needed)
    highs = new_highs({**options, "presolve": "off"})
    count = 50
    highs.addVars(count, np.zeros(count), np.full(count, 10.0))
    highs.changeColsCost(count, np.arange(count, dtype=np.int32), -np.ones(count))
    for column in range(count - 1):
        highs.addRow(
            -highspy.kHighsInf,
            15.0,
            2,
            np.array([column, column + 1], dtype=np.int32),
            np.array([1.0, 2.0]),
        )
    return highs


@pytest.mark.parametrize(
    ("method", "algorithm"),
    [("simplex", "dual simplex"), ("ipx", "ipx"), ("hipo", "hipo"), ("ipm", "hipo")],
)
def test_the_algorithm_that_ran_is_read_back(method: str, algorithm: str) -> None:
    solution = run_highs(chain_lp(method))
    assert solution.status == "Optimal"
    assert solution.algorithm == algorithm
    assert solution.objective == pytest.approx(-253.3333333, rel=1e-6)
    # Interior point without a basis needed runs no crossover.
    assert solution.crossover is False


def test_crossover_only_when_a_basis_is_needed() -> None:
    assert highs_options("hipo", 60, 0)["run_crossover"] == "off"
    assert highs_options("hipo", 60, 0, basis_needed=True)["run_crossover"] == "on"
    solution = run_highs(chain_lp("hipo", basis_needed=True))
    assert solution.algorithm == "hipo"
    assert solution.crossover is True


def test_interior_point_skips_the_dependent_equation_search() -> None:
    for method in ("hipo", "ipm", "ipx"):
        assert highs_options(method, 60, 0)["presolve_rule_off"] == 1024
    assert "presolve_rule_off" not in highs_options("simplex", 60, 0)
    assert "presolve_rule_off" not in highs_options("choose", 60, 0)  # set once HiPO is chosen
    highs = new_highs(highs_options("hipo", 60, 0))
    assert highs.getOptionValue("presolve_rule_off")[1] == 1024


def test_choose_picks_by_size() -> None:
    highs = chain_lp("choose")
    assert highs.getNumCol() < INTERIOR_POINT_FROM_COLUMNS
    assert run_highs(highs).algorithm == "dual simplex"


def test_a_silent_fallback_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # HiGHS without highspy[extras] logs an error and runs dual simplex instead of HiPO.
    monkeypatch.setattr(highs_run, "algorithm_from_log", lambda lines: "dual simplex")
    with pytest.raises(SolverError, match="asked for hipo but ran dual simplex"):
        run_highs(chain_lp("hipo"))


def test_algorithm_from_log() -> None:
    assert algorithm_from_log(["Using dual simplex solver - serial"]) == "dual simplex"
    assert algorithm_from_log(["IPX model has 3 rows", "Ipx: IPM optimal"]) == "ipx"
    assert algorithm_from_log(["Hipo: Solved", "Ipx: IPM optimal"]) == "hipo+ipx"
    assert algorithm_from_log(["Presolve reductions: ... - Reduced to empty"]) == "presolve"
    assert algorithm_from_log([]) == "unknown"


def test_summary_records_the_algorithm() -> None:
    result = run_scenario(tiny_catalogue(), tiny_scenario(solver={"method": "simplex"}))
    assert result.summary["solver"]["algorithm"] in {"dual simplex", "presolve"}
    assert result.summary["solver"]["crossover"] == "no"


def test_ipm_is_an_alias_of_hipo() -> None:
    assert SolverSettings(method="ipm").method == "ipm"
    assert highs_options("ipm", 60, 0)["solver"] == "hipo"
    with pytest.raises(ValueError):
        SolverSettings(method="barrier")  # type: ignore[arg-type]


def test_a_time_limit_is_reported_as_such_not_as_a_fallback() -> None:
    # HiPO stopped by the limit before its log names it: the error is the time limit.
    assert algorithm_from_log(["WARNING: Hipo: Time limit"]) == "hipo"
    scenario = tiny_scenario(solver={"method": "hipo", "time_limit_s": 1e-6})
    with pytest.raises(InfeasibleError, match=r"time limit \(1e-06 s, setting solver.time_limit_s"):
        run_scenario(tiny_catalogue(), scenario)


def test_further_highs_options_reach_highs() -> None:
    # One simplex iteration cannot solve the tiny model: HiGHS stops, and says so.
    scenario = tiny_scenario(
        solver={"method": "simplex", "highs_options": {"simplex_iteration_limit": 1}}
    )
    with pytest.raises(InfeasibleError, match="Iteration limit reached"):
        run_scenario(tiny_catalogue(), scenario)
    assert highs_options("hipo", 60, 0, extra={"ipm_optimality_tolerance": 1e-4})[
        "ipm_optimality_tolerance"
    ] == pytest.approx(1e-4)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"ipm_optimality_tolerence": 1e-4}, "HiGHS has no option 'ipm_optimality_tolerence'"),
        ({"run_crossover": "maybe"}, "HiGHS has no option 'run_crossover' that takes 'maybe'"),
        ({"solver": "ipx"}, "is set by solver.method"),
        ({"time_limit": 5}, "is set by solver.time_limit_s"),
    ],
)
def test_unknown_or_owned_highs_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SolverSettings(highs_options=options)


def test_interior_point_gets_the_implied_bounds_and_the_same_plan() -> None:
    simplex = run_scenario(tiny_catalogue(), tiny_scenario(solver={"method": "simplex"}))
    hipo = run_scenario(tiny_catalogue(), tiny_scenario(solver={"method": "hipo"}))
    assert "implied_upper_bounds" not in simplex.summary["solver"]
    assert int(hipo.summary["solver"]["implied_upper_bounds"]) > 0
    assert hipo.summary["objective_cny_per_year"] == pytest.approx(
        simplex.summary["objective_cny_per_year"], rel=1e-6
    )


def test_an_interior_point_gap_is_accepted_and_recorded() -> None:
    options = highs_options("hipo", 60, 0, interior_point_gap=1e-3)
    assert options["ipm_optimality_tolerance"] == options["optimality_tolerance"] == 1e-3
    assert options["dual_feasibility_tolerance"] == 1e-6
    exact = run_scenario(tiny_catalogue(), tiny_scenario(solver={"method": "hipo"}))
    loose = run_scenario(
        tiny_catalogue(),
        tiny_scenario(solver={"method": "hipo", "interior_point_gap": 0.05}),
    )
    gap = float(loose.summary["solver"]["primal_dual_gap"])
    assert float(exact.summary["solver"]["primal_dual_gap"]) < 1e-7
    assert 1e-7 < gap <= 0.05
    assert int(loose.summary["solver"]["iterations"]) < int(exact.summary["solver"]["iterations"])
    assert loose.summary["objective_cny_per_year"] == pytest.approx(
        exact.summary["objective_cny_per_year"], rel=0.05
    )


def test_an_interior_point_gap_needs_interior_point() -> None:
    with pytest.raises(ValueError, match="interior_point_gap applies to interior point"):
        SolverSettings(interior_point_gap=1e-3)  # method: choose
    assert SolverSettings(method="hipo", interior_point_gap=1e-3).interior_point_gap == 1e-3


def test_a_plan_accepted_at_a_gap_is_audited_to_what_highs_accepted() -> None:
    from optimiser.errors import AuditError
    from optimiser.results.audit import audit_plan

    exact = run_scenario(tiny_catalogue(), tiny_scenario(solver={"method": "hipo"}))
    loose = run_scenario(
        tiny_catalogue(),
        tiny_scenario(solver={"method": "hipo", "interior_point_gap": 0.05}),
    )
    # A capacity 0.002 MW below zero: beyond the audit's 1e-4 MW, within 100 times that.
    for result in (exact, loose):
        result.plan.sites.iloc[0, result.plan.sites.columns.get_loc("wind_capacity_mw")] = -0.002
    with pytest.raises(AuditError, match="non-negativity broken at sites"):
        audit_plan(exact)
    audit_plan(loose)
