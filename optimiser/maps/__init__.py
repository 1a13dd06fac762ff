"""Regional maps with geopandas and matplotlib, and the plan as a GeoPackage.

:mod:`~optimiser.maps.base` holds the base map, legends, fonts and atomic saving, and
:mod:`~optimiser.maps.china` the projection and what makes every map a standard map of China;
:mod:`~optimiser.maps.catalogue_map` draws the catalogue; :mod:`~optimiser.maps.layers` reads a
results folder into map layers; :mod:`~optimiser.maps.figures` draws the capacity, green-power
and flow maps of a plan, :mod:`~optimiser.maps.difference` the change between two plans, with
site labels from :mod:`~optimiser.maps.labels`; :mod:`~optimiser.maps.draw` writes them.
"""
