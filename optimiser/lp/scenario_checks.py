"""Check the ids and values a scenario names against the catalogue, before anything is built.

Every scenario of a model file is checked when any one is solved
(:func:`check_every_scenario`), so a broken sibling scenario is reported at once; the solved
scenario is checked again as its inputs are prepared (:mod:`optimiser.lp.inputs`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError, did_you_mean
from optimiser.lp.committed import committed_capacity
from optimiser.scenario import load_model_file, resolve_paths, scenario_settings
from optimiser.settings import ScenarioSettings


def reject_unknown_keys(
    source: Path | str, setting: str, keys: Iterable[str], known: pd.Index, noun: str
) -> None:
    """Refuse the first key of a per-id setting that names no known id (one line, a hint)."""
    for key in keys:
        if key not in known:
            raise InputError(
                source, f"{setting}.{key}", f"unknown {noun} id{did_you_mean(key, known)}"
            )


def check_known_ids(catalogue: Catalogue, settings: ScenarioSettings, source: Path | str) -> None:
    """Check that the sites, corridors, provinces and parameters a scenario names exist.

    Parameter overrides must also lie within the range their schema allows.
    """
    for name, value in settings.parameters.items():
        catalogue.check_parameter(name, float(value), source)
    both = "green_certificate_price_cny_per_mwh" in settings.parameters
    if both and settings.policy.certificate_price_cny_per_mwh is not None:
        raise InputError(
            source,
            "policy.certificate_price_cny_per_mwh",
            "also set as parameters.green_certificate_price_cny_per_mwh; set only one",
        )
    reject_unknown_keys(
        source,
        "network.province_grid_headroom_mw",
        settings.network.province_grid_headroom_mw,
        catalogue.provinces.index,
        "province",
    )
    committed_capacity(catalogue, settings, source)
    margins = settings.time.target_margins
    reject_unknown_keys(source, "time.target_margins", margins, catalogue.clusters.index, "site")
    for position, corridor in enumerate(settings.network.exclude_corridors):
        if corridor not in catalogue.corridors.index:
            known = ", ".join(catalogue.corridors.index)
            raise InputError(
                source,
                f"network.exclude_corridors.{position}",
                f"unknown corridor {corridor!r}"
                f"{did_you_mean(corridor, catalogue.corridors.index)}; known: {known}",
            )
    for corridor in settings.network.corridor_in_service_year:
        if corridor not in catalogue.corridors.index:
            raise InputError(
                source,
                f"network.corridor_in_service_year.{corridor}",
                f"unknown corridor {corridor!r}{did_you_mean(corridor, catalogue.corridors.index)}",
            )
    for position, site in enumerate(settings.sites.exclude):
        if site not in catalogue.clusters.index:
            known = ", ".join(catalogue.clusters.index)
            hint = did_you_mean(site, catalogue.clusters.index)
            raise InputError(
                source, f"sites.exclude.{position}", f"unknown site {site!r}{hint}; known: {known}"
            )


def check_every_scenario(catalogue: Catalogue, model_path: Path) -> None:
    """Check the ids named by every scenario of a model file against the catalogue.

    Run before solving any one scenario, so that a broken sibling scenario is reported at
    once rather than when it is first solved.

    Raises
    ------
    optimiser.errors.InputError
        Naming the model file, the scenario and the key with the unknown id.
    """
    model = load_model_file(model_path)
    for name in model.scenarios:
        merged = ScenarioSettings.model_validate(scenario_settings(model, name, model_path))
        settings = resolve_paths(merged, Path(model_path).parent)
        try:
            check_known_ids(catalogue, settings, model_path)
        except InputError as error:
            if error.source != str(model_path):  # a file the scenario names: say which
                raise InputError(
                    error.source, error.field, f"{error.problem} (scenario {name})"
                ) from None
            field = f"scenarios.{name}: {error.field}"
            raise InputError(model_path, field, error.problem) from None


__all__ = ["check_every_scenario", "check_known_ids", "reject_unknown_keys"]
