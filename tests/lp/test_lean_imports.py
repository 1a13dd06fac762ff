"""Pyomo's deferred SciPy import, made lean (:mod:`optimiser.lp.lean_imports`)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import pyomo.environ as pyo
from optimiser.lp.handover import compile_model
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

model = pyo.ConcreteModel()
model.x = pyo.Var(bounds=(0, 1))
model.at_least_half = pyo.Constraint(expr=model.x >= 0.5)
model.cost = pyo.Objective(expr=model.x)
compiled = LinearStandardFormCompiler().write(model, mixed_form=True)
print(compiled.A.shape, 'scipy.sparse' in sys.modules, 'scipy.stats' in sys.modules)
"""


def test_the_hand_over_compiles_without_importing_scipy_stats() -> None:
    ran = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert ran.stdout.split() == ["(1,", "1)", "True", "False"]


def test_scipy_stats_still_loads_on_first_use() -> None:
    probe = PROBE + "import scipy\nprint(scipy.stats.norm.cdf(0.0))\n"
    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert ran.stdout.splitlines()[-1] == "0.5"
