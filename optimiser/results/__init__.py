"""A solved plan as tables, its re-check in pandas, and its results folder.

Fourth stage of the pipeline. :mod:`~optimiser.results.tables` turns HiGHS's values into tidy
tables and headline figures (through :mod:`~optimiser.results.plan_tables` and
:mod:`~optimiser.results.summary`, with the balances, emissions and costs of
:mod:`~optimiser.results.accounting`), :mod:`~optimiser.results.audit` re-checks every rule in
pandas, :mod:`~optimiser.results.prices` reads the price of each policy from the duals, and
:mod:`~optimiser.results.folder` writes and reads results folders.
"""
