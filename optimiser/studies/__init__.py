"""Studies of many solves: scenario comparisons, sweeps and near-optimal ranges.

:mod:`~optimiser.studies.compare` solves scenarios side by side with the price of each policy,
:mod:`~optimiser.studies.sweep` varies settings over a grid (on Dask), and
:mod:`~optimiser.studies.alternatives` finds how much compute a group of sites can serve within
a cost slack of the optimum.
"""
