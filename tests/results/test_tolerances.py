"""The audit's tolerances and its two comparisons (optimiser.results.tolerances)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from optimiser.errors import AuditError
from optimiser.results.tolerances import (
    ABSOLUTE_TOLERANCE_MW,
    INTERIOR_POINT_SCALE,
    RELATIVE_TOLERANCE,
    absolute_tolerance,
    check_at_most,
    check_equal,
    scaled_to,
    tolerance,
)

LABELS = pd.Index(["east_a", "west_b"])


def solved_with(interior_point_gap: float | None) -> SimpleNamespace:
    """Stand in for a SolveResult: the audit reads only its solver settings."""
    solver = SimpleNamespace(interior_point_gap=interior_point_gap)
    return SimpleNamespace(inputs=SimpleNamespace(settings=SimpleNamespace(solver=solver)))


def test_the_tolerance_is_absolute_plus_relative_to_the_magnitude() -> None:
    expected = ABSOLUTE_TOLERANCE_MW + RELATIVE_TOLERANCE * np.array([0.0, 1e6, 1e6])
    assert tolerance(np.array([0.0, 1e6, -1e6])) == pytest.approx(expected)


def test_a_plan_accepted_at_an_interior_point_gap_is_checked_looser_inside_only() -> None:
    with scaled_to(solved_with(1e-6)):
        assert absolute_tolerance() == pytest.approx(INTERIOR_POINT_SCALE * ABSOLUTE_TOLERANCE_MW)
    assert absolute_tolerance() == ABSOLUTE_TOLERANCE_MW
    with scaled_to(solved_with(None)):
        assert absolute_tolerance() == ABSOLUTE_TOLERANCE_MW


def test_equal_within_the_tolerance_passes_and_beyond_it_names_the_first_label() -> None:
    check_equal("demand served", LABELS, np.array([100.0, 50.0]), np.array([100.00005, 50.0]))
    with pytest.raises(AuditError, match="demand served broken at west_b: 50 != 51"):
        check_equal("demand served", LABELS, np.array([100.0, 50.0]), np.array([100.0, 51.0]))


def test_at_most_allows_the_tolerance_above_the_limit_and_no_more() -> None:
    check_at_most("capacity", LABELS, np.array([10.00005, 3.0]), np.array([10.0, 5.0]))
    with pytest.raises(AuditError, match=r"capacity broken at east_a: 10\.01 > limit 10"):
        check_at_most("capacity", LABELS, np.array([10.01, 6.0]), np.array([10.0, 5.0]))
