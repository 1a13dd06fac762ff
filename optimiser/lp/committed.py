"""The new IT capacity a scenario commits per site: the plans file and the settings.

Read by the input tables (:mod:`optimiser.lp.inputs`) and checked with the other ids a
scenario names (:mod:`optimiser.lp.scenario_checks`) before anything is built.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.data.plans import read_plans_csv
from optimiser.errors import InputError
from optimiser.lp.periods import max_it_capacity
from optimiser.settings import ScenarioSettings


def committed_capacity(
    catalogue: Catalogue, settings: ScenarioSettings, source: Path | str
) -> pd.DataFrame:
    """Return the new IT capacity a scenario commits per site [MW] (plans file + settings).

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id``; ``committed_new_it_capacity_mw``, built as part of the capacity
        that serves the plan's demand (``sites.committed_new_it_capacity_mw``, and the plans
        file when ``sites.plans_mode`` is ``within``), and ``additional_new_it_capacity_mw``,
        built on top of it and carrying none of its load (the plans file when ``plans_mode``
        is ``in_addition``).

    Raises
    ------
    optimiser.errors.InputError
        An unknown or excluded site, a negative commitment, or one beyond the site's room
        (maximum minus existing IT capacity), both kinds together.
    """
    committed = pd.DataFrame(
        0.0,
        index=catalogue.clusters.index,
        columns=["committed_new_it_capacity_mw", "additional_new_it_capacity_mw"],
    )
    plans_csv = settings.sites.plans_csv
    plans_column = (
        "additional_new_it_capacity_mw"
        if settings.sites.plans_mode == "in_addition"
        else "committed_new_it_capacity_mw"
    )
    entries: list[tuple[str | Path, str, str, float, str]] = []
    if plans_csv is not None:
        plans = read_plans_csv(plans_csv)
        entries += [
            (plans_csv, f"cluster_id={site}", site, value, plans_column)
            for site, value in plans.items()
        ]
    entries += [
        (
            source,
            f"sites.committed_new_it_capacity_mw.{site}",
            site,
            float(value),
            "committed_new_it_capacity_mw",
        )
        for site, value in settings.sites.committed_new_it_capacity_mw.items()
    ]
    for where, field, site, value, column in entries:
        if site not in catalogue.clusters.index:
            known = ", ".join(catalogue.clusters.index)
            raise InputError(where, field, f"unknown site {site!r}; known: {known}")
        if site in settings.sites.exclude:
            raise InputError(where, field, f"site {site!r} is excluded by sites.exclude")
        if not value >= 0:
            raise InputError(where, field, f"expected at least 0 MW, got {value:g}")
        committed.loc[site, column] += value
    clusters = catalogue.clusters
    maximum = max_it_capacity(catalogue, settings, source)
    room = (maximum - clusters["existing_it_capacity_mw"]).clip(lower=0)
    total = committed.sum(axis=1)
    for site in total.index[total > room + 1e-9]:
        raise InputError(
            plans_csv if plans_csv is not None else source,
            f"committed new IT capacity at {site}",
            f"{total[site]:,.0f} MW exceeds the site's room of {room[site]:,.0f} MW "
            f"in {settings.year} (maximum IT capacity by sites.room_by_year "
            f"{settings.sites.room_by_year!r} x sites.max_it_capacity_scale - "
            "existing_it_capacity_mw)",
        )
    return committed


__all__ = ["committed_capacity"]
