"""The regional data catalogue: its tables, schemas and checks, and the profiles derived from it.

First stage of the pipeline. :mod:`~optimiser.data.catalogue` reads and validates ``regions/``
(with the rules of :mod:`~optimiser.data.checks`); :mod:`~optimiser.data.weather_generator`,
:mod:`~optimiser.data.profiles` and :mod:`~optimiser.data.latency` are the methods that built its
wind and solar weather years, demand shapes and round-trip times; :mod:`~optimiser.data.timeseries`
reduces the year to the modelled hours.
"""
