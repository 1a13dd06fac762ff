"""Assemble the siting LP: sets, variables, every rule, the objective.

:func:`build_model` turns :class:`~optimiser.lp.inputs.ModelInputs` into a Pyomo model as a
flat list of steps: the sets and variables of :mod:`optimiser.lp.model`, every rule of
:data:`optimiser.lp.rules.CONSTRAINTS`, then the objective. ``docs/formulation.md`` states the
same model symbol for symbol.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pyomo.environ as pyo

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.model import add_sets, add_variables, lp_data
from optimiser.lp.objective import total_cost
from optimiser.lp.rules import CAPACITY_ONLY_RULES, CONSTRAINTS
from optimiser.lp.storage import held_pairs, hold_long_duration
from optimiser.lp.validation import hold_capacities


def build_model(
    inputs: ModelInputs, held_capacities: pd.DataFrame | None = None
) -> pyo.ConcreteModel:
    """Build the siting LP.

    Parameters
    ----------
    inputs : ModelInputs
        Tables prepared by :func:`optimiser.lp.inputs.prepare_inputs`.
    held_capacities : pandas.DataFrame, optional
        A plan's capacities (index ``cluster_id``, the columns of
        :data:`optimiser.lp.objective.CAPACITY_VARIABLES`), held fixed: the dispatch LP of a
        full-year validation (:func:`optimiser.lp.validation.hold_capacities`).

    Returns
    -------
    pyomo.environ.ConcreteModel
        The LP; ``model.data`` holds the lookups it was built from and ``model.total_cost``
        the objective [kCNY/yr].
    """
    model = pyo.ConcreteModel(name="dcsite")
    if held_capacities is not None:
        # Only the long-duration storage a plan holds gets hours in its dispatch.
        inputs = replace(
            inputs, long_duration_pairs=held_pairs(inputs.long_duration_pairs, held_capacities)
        )
    data = lp_data(inputs)
    model.data = data
    add_sets(model, data)
    add_variables(model, data)
    if held_capacities is not None:
        hold_capacities(model, held_capacities)
        hold_long_duration(model, held_capacities)
    for rule in CONSTRAINTS:
        if held_capacities is not None and rule in CAPACITY_ONLY_RULES:
            continue
        rule(model)
    model.total_cost = pyo.Objective(expr=total_cost(model), sense=pyo.minimize)
    return model
