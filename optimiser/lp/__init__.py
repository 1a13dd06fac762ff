"""The siting linear programme: inputs → Pyomo → HiGHS.

Third stage of the pipeline. :mod:`~optimiser.lp.inputs` prepares the tables of one scenario,
:mod:`~optimiser.lp.model` declares the sets, variables and objective, :mod:`~optimiser.lp.rules`
holds one function per constraint, :mod:`~optimiser.lp.build` assembles them,
:mod:`~optimiser.lp.solver` runs HiGHS (with the options of :mod:`~optimiser.lp.highs_options`,
through :mod:`~optimiser.lp.highs_run`), :mod:`~optimiser.lp.resolve` re-solves a live HiGHS
model, and :mod:`~optimiser.lp.infeasibility` and :mod:`~optimiser.lp.diagnose` explain an
infeasible one.
"""
