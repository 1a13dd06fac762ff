"""Diagnosis of infeasible scenarios by priced slack, on the tiny fixture."""

from __future__ import annotations

import pytest

from optimiser.errors import InfeasibleError
from optimiser.lp.diagnose import relaxed_solution, summarise_violations
from optimiser.pipeline import run_scenario
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


def test_diagnosis_finds_the_exact_shortfall() -> None:
    tables = tiny_tables()
    # 220 MW of load needs 440 MW of capacity at utilisation 0.5; allow only 400 in all.
    tables["clusters"]["max_it_capacity_mw"] = [200.0, 100.0, 100.0]
    with pytest.raises(InfeasibleError) as raised:
        run_scenario(tiny_catalogue(tables), tiny_scenario())
    assert "capacity_within_maximum" in str(raised.value)
    compiled, options = raised.value.diagnosis_context()
    violations = relaxed_solution(compiled, options)
    summary = summarise_violations(violations).set_index("rule")
    # 20 MW of load is missing: 40 MW of capacity beyond the maxima (per-row prices equal,
    # so the one row of capacity is cheaper than 24 hourly rows of unserved demand).
    assert summary.loc["capacity_within_maximum", "total"] == pytest.approx(40.0)
    assert set(summary.index) == {"capacity_within_maximum"}
