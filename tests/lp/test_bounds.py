"""Upper bounds implied by an LP's rows (optimiser.lp.bounds), checked by hand."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sparse

from optimiser.lp.bounds import RELAXATION, implied_upper_bounds, with_implied_bounds
from optimiser.lp.handover import INFINITY, CompiledLp
from optimiser.lp.highs_run import new_highs, run_highs


def small_lp(
    rows: list[list[float]],
    row_lower: list[float],
    row_upper: list[float],
    col_lower: list[float],
    col_upper: list[float],
    cost: list[float] | None = None,
) -> CompiledLp:
    matrix = sparse.csc_matrix(np.array(rows, dtype=float))
    columns = len(col_lower)
    arrays = {
        "col_cost_": np.array(cost if cost is not None else [0.0] * columns, dtype=float),
        "col_lower_": np.array(col_lower, dtype=float),
        "col_upper_": np.array(col_upper, dtype=float),
        "row_lower_": np.array(row_lower, dtype=float),
        "row_upper_": np.array(row_upper, dtype=float),
        "start_": matrix.indptr,
        "index_": matrix.indices,
        "value_": matrix.data,
    }
    return CompiledLp(
        highs_lp=None,
        row_components=["row"] * len(rows),
        row_indices=list(range(len(rows))),
        column_components=["x"] * columns,
        column_indices=list(range(columns)),
        objective_offset=0.0,
        arrays=arrays,
    )


def relaxed(bound: float, relaxation: float = RELAXATION) -> float:
    return bound + relaxation * (1 + abs(bound))


def test_capacity_bounds_output_and_chains_along_rows() -> None:
    # output <= 0.5 capacity; capacity <= 100 (potential row): output <= 50, capacity <= 100.
    lp = small_lp(
        [[1.0, -0.5], [0.0, 1.0]],
        [-INFINITY, -INFINITY],
        [0.0, 100.0],
        [0.0, 0.0],
        [INFINITY, INFINITY],
    )
    upper = implied_upper_bounds(lp)
    assert upper[1] == pytest.approx(relaxed(100.0))
    assert upper[0] == pytest.approx(relaxed(0.5 * relaxed(100.0)))
    assert implied_upper_bounds(lp, relaxation=1e-6)[1] == pytest.approx(relaxed(100.0, 1e-6))
    # One round alone bounds the capacity but not yet the output.
    assert np.isinf(implied_upper_bounds(lp, rounds=1)[0])


def test_a_term_without_a_bound_leaves_the_row_silent() -> None:
    # x0 - x1 <= 10 with x1 unbounded above: x0 has no implied bound.
    lp = small_lp([[1.0, -1.0]], [-INFINITY], [10.0], [0.0, 0.0], [INFINITY, INFINITY])
    assert np.isinf(implied_upper_bounds(lp)).all()


def test_free_columns_and_lower_bounds_count_at_their_least() -> None:
    # x0 + x1 <= 10 with x1 free: nothing implied for x0 (x1 may be negative).
    lp = small_lp([[1.0, 1.0]], [-INFINITY], [10.0], [0.0, -INFINITY], [INFINITY, INFINITY])
    assert np.isinf(implied_upper_bounds(lp)[0])
    # With x1 >= -4 and x0 >= 2: x0 <= 14, x1 <= 8.
    lp = small_lp([[1.0, 1.0]], [-INFINITY], [10.0], [2.0, -4.0], [INFINITY, INFINITY])
    upper = implied_upper_bounds(lp)
    assert upper == pytest.approx([relaxed(14.0), relaxed(8.0)])


def test_greater_equal_and_equality_rows_are_read_both_ways() -> None:
    # -2 x0 >= -6 (x0 <= 3); x1 + x2 = 5 (each <= 5).
    lp = small_lp(
        [[-2.0, 0.0, 0.0], [0.0, 1.0, 1.0]],
        [-6.0, 5.0],
        [INFINITY, 5.0],
        [0.0, 0.0, 0.0],
        [INFINITY, INFINITY, INFINITY],
    )
    assert implied_upper_bounds(lp) == pytest.approx([relaxed(3.0), relaxed(5.0), relaxed(5.0)])


def test_own_bounds_tighter_than_implied_are_kept() -> None:
    lp = small_lp([[1.0]], [-INFINITY], [10.0], [0.0], [4.0])
    assert implied_upper_bounds(lp)[0] == 4.0


@pytest.mark.parametrize("relaxation", [RELAXATION, 1e-6])
def test_the_optimum_is_unchanged_and_a_margin_keeps_the_bounds_slack(relaxation: float) -> None:
    # max x0 + x1 (min -x0 - x1) over x0 <= 0.5 c, x1 <= 0.3 c, c <= 100, costs on c.
    lp = small_lp(
        [[1.0, 0.0, -0.5], [0.0, 1.0, -0.3], [0.0, 0.0, 1.0]],
        [-INFINITY] * 3,
        [0.0, 0.0, 100.0],
        [0.0, 0.0, 0.0],
        [INFINITY] * 3,
        cost=[-1.0, -1.0, 0.5],
    )
    bounded, gained = with_implied_bounds(lp, relaxation)
    assert gained == 3
    assert bounded.array("value_") is lp.array("value_")  # the matrix is shared
    objectives = []
    for model in (lp, bounded):
        highs = new_highs({"solver": "simplex"})
        model.pass_to(highs)
        solution = run_highs(highs)
        objectives.append(solution.objective)
        values = solution.column_values
    assert objectives[0] == pytest.approx(objectives[1], rel=1e-12)
    # Both potentials used, both outputs at their implied bounds: only a margin keeps them slack.
    assert values == pytest.approx([50.0, 30.0, 100.0])
    if relaxation > 0:
        assert (values < bounded.array("col_upper_")).all()
    else:
        assert values[:2] == pytest.approx(bounded.array("col_upper_")[:2])
