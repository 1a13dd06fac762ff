"""Demand lower than planned: capacity built for the forecast, then less demand comes.

A study of two solves, written as a comparison folder
(:func:`optimiser.studies.compare.run_compare`): ``planned`` solves a scenario as it is;
``realised`` keeps the new IT capacity ``planned`` built at every site and serves
``demand_scale`` of its demand (``demand.realised_share``; 0.7: demand 30 % lower than
planned). The capacity kept that served the planned demand is committed
(``sites.committed_new_it_capacity_mw``) in place of the scenario's commitments, so a plans
file is counted once: built ``within``, it is part of what is kept and left out of the realised
scenario; built ``in_addition``, it stays in it, on top of what is kept. What the second plan
cannot use is idle: ``shortfall.csv`` gives, per site, the idle capacity in MW and EFLOPS, its
over-building and shortfall parts and the stranded cost of each plan, and
``realised/maps/idle.png`` maps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.data.catalogue import load_catalogue
from optimiser.errors import InputError
from optimiser.maps.draw import draw_result_maps
from optimiser.paths import default_model_path
from optimiser.pipeline.single_year import run_scenario
from optimiser.results.folder import next_free_dir
from optimiser.scenario import parse_override, resolve_scenario
from optimiser.studies.compare import ComparedPlan, run_compare
from optimiser.words import resolve_language

SHORTFALL_COLUMNS = [
    "new_it_capacity_mw",
    "idle_it_capacity_mw",
    "idle_it_capacity_eflops",
    "idle_share",
    "idle_it_capacity_overbuilt_mw",
    "idle_it_capacity_shortfall_mw",
    "stranded_capex_cny_per_year",
    "stranded_capex_shortfall_cny_per_year",
]
"""Per-site figures of ``clusters.csv`` set side by side in ``shortfall.csv``."""


def shortfall_table(planned: pd.DataFrame, realised: pd.DataFrame) -> pd.DataFrame:
    """Return per site the idle capacity and stranded cost of the planned and realised plans.

    Parameters
    ----------
    planned, realised : pandas.DataFrame
        ``clusters.csv`` of the two plans.

    Returns
    -------
    pandas.DataFrame
        ``cluster_id``, then ``<figure>_planned``, ``<figure>_realised`` and
        ``<figure>_change`` for each of :data:`SHORTFALL_COLUMNS` (units in the names).
    """
    before = planned.set_index("cluster_id")[SHORTFALL_COLUMNS]
    after = realised.set_index("cluster_id")[SHORTFALL_COLUMNS].reindex(before.index)
    table = pd.DataFrame(index=before.index)
    for column in SHORTFALL_COLUMNS:
        table[f"{column}_planned"] = before[column]
        table[f"{column}_realised"] = after[column]
        table[f"{column}_change"] = after[column] - before[column]
    return table.reset_index()


def run_demand_shortfall(
    model_path: str | Path | None = None,
    scenario: str = "baseline",
    demand_scale: float = 0.7,
    out_dir: str | Path | None = None,
    *,
    overrides: Sequence[str] | Mapping[str, Any] = (),
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
    lang: str = "en",
) -> tuple[Path, pd.DataFrame]:
    """Solve a scenario, then again with its new capacity kept and less demand to serve.

    Parameters
    ----------
    model_path : str or pathlib.Path, optional
        Model file; default the built-in model.
    scenario : str
        The scenario planned for.
    demand_scale : float
        Demand that comes, as a share of the planned [fraction], e.g. 0.7.
    out_dir : str or pathlib.Path, optional
        New study folder; default ``results/shortfall-<n>``.
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied to both solves (as ``--set``).
    overwrite : bool
        Replace an existing ``out_dir``.
    progress : callable, optional
        Called with a short message as each stage starts.
    lang : str
        ``en``, or ``zh`` for the study's page and idle map in Chinese as well
        (``report-zh.html``, ``idle-zh.png``); refused before any solve without a CJK font.

    Returns
    -------
    tuple of (pathlib.Path, pandas.DataFrame)
        The folder written and ``shortfall.csv``.
    """
    if not 0 < demand_scale <= 1:
        raise InputError("--demand-scale", str(demand_scale), "expected a share in (0, 1]")
    resolve_language(lang)  # Chinese without a CJK font: refused before any solve
    path = Path(model_path) if model_path is not None else default_model_path()
    settings = (
        dict(overrides) if isinstance(overrides, Mapping) else dict(map(parse_override, overrides))
    )
    planned = resolve_scenario(path, scenario, settings)
    catalogue = load_catalogue(planned.catalogue_path)

    def sizing(stage: str) -> None:
        if progress is not None:
            progress(f"sizing the plan: {stage}")

    built = run_scenario(catalogue, planned, progress=sizing).clusters.set_index("cluster_id")
    # What served the planned demand is kept; builds in addition to it come from the scenario's
    # plans file again, which the realised scenario keeps only when they are built in addition.
    kept = built["new_it_capacity_mw"] - built["additional_new_it_capacity_mw"]
    commitments = {site: float(value) for site, value in kept.items() if value > 1e-6}
    realised_settings: dict[str, Any] = {
        **settings,
        "demand.realised_share": demand_scale * planned.settings.demand.realised_share,
        "sites.committed_new_it_capacity_mw": commitments,
    }
    if planned.settings.sites.plans_mode == "within":
        realised_settings["sites.plans_csv"] = None
    realised = resolve_scenario(path, scenario, realised_settings)
    label = f"realised-{round(100 * demand_scale)}pct"
    plans = [
        planned.model_copy(update={"scenario_name": "planned"}),
        realised.model_copy(update={"scenario_name": label}),
    ]
    table_holder: dict[str, pd.DataFrame] = {}

    def write_shortfall(staging: Path, compared: list[ComparedPlan]) -> None:
        table = shortfall_table(compared[0].clusters, compared[1].clusters)
        table.to_csv(staging / "shortfall.csv", index=False)
        table_holder["table"] = table
        for language in dict.fromkeys(("en", lang)):
            draw_result_maps(
                staging / compared[1].name, ["idle"], catalogue=catalogue, lang=language
            )

    folder, _ = run_compare(
        resolved=plans,
        out_dir=out_dir if out_dir is not None else next_free_dir("shortfall"),
        catalogue=catalogue,
        overwrite=overwrite,
        progress=progress,
        extra=write_shortfall,
        # Both plans share one siting; whether it holds over the year is dcsite validate's
        # question of the planned folder, not of this what-if.
        validate=False,
        lang=lang,
    )
    return folder, table_holder["table"]
