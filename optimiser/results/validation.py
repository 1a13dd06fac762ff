"""Check a written plan over the full year: ``dcsite validate RESULT_DIR``.

A plan is optimised on representative hours (by default 12 representative days and the
year's extreme days); ``dcsite solve`` checks it here after writing it. The plan is dispatched
over all 8,760 hours of the catalogue's profiles with its capacities held
(:mod:`optimiser.results.dispatch`), and judged here in the measure its target is set on. The
dispatch is accounted for with the plan's own pandas accounting (:func:`optimiser.results.tables.
extract_results`, :mod:`optimiser.results.accounting`), so the full-year green shares are the
same measures as the plan's. The answer goes into ``validation/`` inside the folder, written
whole or not at all: ``hourly.parquet`` (8,760 hours per site), ``clusters.csv`` (per site,
with "holds over the full year"), ``grid.csv`` (per province, the data centres' draw on its
grid against its peak load and headroom) and ``validation.json`` (the summary).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.errors import InputError
from optimiser.files import make_shareable
from optimiser.results.dispatch import (
    SHORTFALL_TOLERANCE_MW,
    dispatch_full_year,
    penalty_cost,
)
from optimiser.results.folder import update_summary, write_text_atomically
from optimiser.results.grid_tables import grid_table
from optimiser.results.plan_files import read_inputs
from optimiser.results.tables import (
    SolveResult,
)
from optimiser.settings import TimeSettings
from optimiser.settings.green_accounting import HOURLY_SHARE_COLUMN, NOT_GREEN_COLUMN

VALIDATION_DIR = "validation"


@dataclass
class ValidationResult:
    """A plan dispatched over the full year.

    Attributes
    ----------
    summary : dict
        What ``validation.json`` holds.
    clusters : pandas.DataFrame
        Per site: full-year green shares, shortfalls, ``holds_over_full_year``.
    hourly : pandas.DataFrame
        Per site and hour of the year: the dispatch and its shortfalls.
    dispatch : SolveResult
        The full-year dispatch as result tables.
    """

    summary: dict[str, Any]
    clusters: pd.DataFrame
    hourly: pd.DataFrame
    dispatch: SolveResult


def _site_hour_slack(series: pd.Series | None, column: str) -> pd.DataFrame:
    """Return slack indexed (site, hour) as a frame with ``cluster_id``, ``hour``, column."""
    if series is None or series.empty or not isinstance(series.index[0], tuple):
        return pd.DataFrame({"cluster_id": [], "hour": [], column: []})
    index = pd.MultiIndex.from_tuples(list(series.index), names=["cluster_id", "hour"])
    return pd.DataFrame({column: series.to_numpy(dtype=float)}, index=index).reset_index()


def year_green_shortfall(
    dispatch: SolveResult, hourly: pd.DataFrame, target: pd.Series
) -> pd.Series:
    """Return each site's green shortfall over the whole year, in the plan's measure [MWh].

    The measure the plan was solved under, over the year's energies: not-green energy minus
    certificates above the allowance :math:`(1 - t_s)` of consumption (the annual share or
    the CFE score). The months are dispatched as separate LPs, each held to the target over
    its own energies, so a month's surplus is not moved to cover another's gap by the
    dispatch; a plan is judged on the year's sum, as its target is stated.
    """
    accounting = dispatch.inputs.settings.policy.green_accounting
    weight = hourly["weight_h"]
    not_green = (hourly[NOT_GREEN_COLUMN[accounting]] * weight).groupby(hourly["cluster_id"]).sum()
    consumption = (hourly["consumption_mw"] * weight).groupby(hourly["cluster_id"]).sum()
    sites = target.index
    certificates = dispatch.plan.sites["certificates_gwh"].reindex(sites).fillna(0.0) * 1000.0
    allowance = (1 - target) * consumption.reindex(sites).fillna(0.0)
    gap = not_green.reindex(sites).fillna(0.0) - certificates - allowance
    gap = gap.where((target > 0) & (gap > SHORTFALL_TOLERANCE_MW * consumption.reindex(sites)), 0)
    return gap.fillna(0.0)


def shortfall_tables(
    dispatch: SolveResult, slack: dict[str, pd.Series], plan_clusters: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the full-year hourly table and the per-site table of a dispatch.

    Parameters
    ----------
    dispatch : SolveResult
        The full-year dispatch as result tables (green shares from the pandas accounting).
    slack : dict of str to pandas.Series
        Slack values by component, indexed like their rows.
    plan_clusters : pandas.DataFrame
        The plan's ``clusters.csv`` (for its own green shares).

    Returns
    -------
    tuple of pandas.DataFrame
        ``hourly`` (the dispatch's hourly table with ``unserved_it_load_mw`` and
        ``green_shortfall_mw`` [MW]) and ``clusters`` (one row per site).
    """
    inputs = dispatch.inputs
    hourly = dispatch.hourly
    keys = ["cluster_id", "hour"]
    unserved = _site_hour_slack(slack.get("unserved_it_load_mw"), "unserved_it_load_mw")
    accounting = inputs.settings.policy.green_accounting
    # The floor (policy.hourly_floor) has one row, and one slack, per site and hour.
    green = _site_hour_slack(slack.get("green_floor_shortfall_mw"), "green_shortfall_mw")
    hourly = hourly.merge(unserved, on=keys, how="left").merge(green, on=keys, how="left")
    hourly = hourly.fillna({"unserved_it_load_mw": 0.0, "green_shortfall_mw": 0.0})
    for column in ("unserved_it_load_mw", "green_shortfall_mw"):
        hourly[column] = hourly[column].where(hourly[column] > SHORTFALL_TOLERANCE_MW, 0.0)
    weight = hourly["weight_h"]
    by_site = hourly.groupby("cluster_id")
    sites = inputs.sites.index
    target = inputs.sites["green_share_target"]
    table = dispatch.clusters.set_index("cluster_id")[
        [
            "role",
            "green_share_target",
            "total_it_capacity_mw",
            "consumption_mwh",
            "green_share_annual",
            "green_share_hourly",
            "green_share_hourly_own_supply",
            "min_hourly_green_share",
            "min_hourly_green_share_own_supply",
            "cost_cny_per_year",
        ]
    ].copy()
    planned = plan_clusters.set_index("cluster_id").reindex(sites)
    measures = [
        name for name in table.columns if "green_share" in name and name != "green_share_target"
    ]
    for column in measures:
        table[f"planned_{column}"] = planned.get(column)  # None in folders that lack it
    table["unserved_it_energy_mwh"] = (
        (hourly["unserved_it_load_mw"] * weight).groupby(hourly["cluster_id"]).sum()
    )
    table["unserved_hours"] = by_site["unserved_it_load_mw"].apply(
        lambda column: (column > 0).sum()
    )
    table["green_shortfall_mwh"] = year_green_shortfall(dispatch, hourly, target)
    table["floor_shortfall_mwh"] = (
        (hourly["green_shortfall_mw"] * weight).groupby(hourly["cluster_id"]).sum()
    )
    # Hours below the floor (policy.hourly_floor); none without a floor.
    table["green_shortfall_hours"] = by_site["green_shortfall_mw"].apply(
        lambda column: (column > 0).sum()
    )
    # Hours below target in the measure the plan was held to.
    share = HOURLY_SHARE_COLUMN[accounting]
    below = hourly[share] < target.reindex(hourly["cluster_id"]).to_numpy() - 1e-9
    table["hours_below_target"] = below.groupby(hourly["cluster_id"]).sum()
    table = table.reindex(sites).fillna(
        {
            "unserved_it_energy_mwh": 0.0,
            "unserved_hours": 0,
            "green_shortfall_mwh": 0.0,
            "floor_shortfall_mwh": 0.0,
            "green_shortfall_hours": 0,
            "hours_below_target": 0,
        }
    )
    table["holds_over_full_year"] = (
        (table["unserved_it_energy_mwh"] <= 0)
        & (table["green_shortfall_mwh"] <= 0)
        & (table["floor_shortfall_mwh"] <= 0)
    )
    for column in ("unserved_hours", "green_shortfall_hours", "hours_below_target"):
        table[column] = table[column].astype(int)
    return hourly, table.rename_axis("cluster_id").reset_index()


def validation_summary(
    dispatch: SolveResult,
    slack: dict[str, pd.Series],
    clusters: pd.DataFrame,
    hourly: pd.DataFrame,
    plan_summary: dict[str, Any],
    planned_representation: str,
    timings: dict[str, float],
) -> dict[str, Any]:
    """Return ``validation.json``: costs against the plan's estimate, shortfalls, verdicts."""
    inputs = dispatch.inputs
    penalties = inputs.settings.validation
    cost = float(sum(dispatch.summary["cost_breakdown_cny_per_year"].values()))
    planned = float(plan_summary["objective_cny_per_year"])

    def total(name: str) -> float:
        series = slack.get(name, pd.Series(dtype=float))
        return float(series[series > SHORTFALL_TOLERANCE_MW].sum())

    headroom = total("grid_above_headroom_mw")  # full year: one hour weighs one hour
    emissions = total("emissions_above_cap_tco2")
    unserved = float(clusters["unserved_it_energy_mwh"].sum())
    green = float(clusters["green_shortfall_mwh"].sum())
    floor = float(clusters["floor_shortfall_mwh"].sum())
    penalty = penalty_cost(slack, inputs)
    holds = dict(zip(clusters["cluster_id"], clusters["holds_over_full_year"], strict=True))
    holds_everywhere = all(holds.values()) and headroom <= 0 and emissions <= 0
    return {
        "model": plan_summary.get("model"),
        "scenario": plan_summary.get("scenario"),
        "planned_representation": planned_representation,
        "hours": len(inputs.hours),
        "holds_over_full_year": bool(holds_everywhere),
        "holds_over_full_year_by_site": {site: bool(value) for site, value in holds.items()},
        "planned_cost_cny_per_year": planned,
        "full_year_cost_cny_per_year": cost,
        "extra_cost_cny_per_year": cost - planned,
        "extra_cost_share": (cost - planned) / planned if planned else None,
        "shortfall_penalty_cny_per_year": penalty,
        "unserved_it_energy_mwh": unserved,
        "unserved_hours": int(hourly.loc[hourly["unserved_it_load_mw"] > 0, "hour"].nunique()),
        "green_shortfall_mwh": green,
        "floor_shortfall_mwh": floor,
        "grid_above_headroom_mwh": headroom,
        "emissions_above_cap_tco2": emissions,
        "green_share_annual": dispatch.summary["green_share_annual"],
        "green_share_hourly": dispatch.summary["green_share_hourly"],
        "green_share_hourly_own_supply": dispatch.summary["green_share_hourly_own_supply"],
        "planned_green_share_annual": plan_summary.get("green_share_annual"),
        "planned_green_share_hourly": plan_summary.get("green_share_hourly"),
        "planned_green_share_hourly_own_supply": plan_summary.get("green_share_hourly_own_supply"),
        "penalties": penalties.model_dump(),
        "timings_s": timings,
        "sizes": dispatch.sizes,
        "solver": dispatch.solver,
    }


def other_weather_year_dir(weather_year: int) -> str:
    """Return the folder name of a plan's check on a weather year it was not planned on."""
    return f"{VALIDATION_DIR}-weather-year-{weather_year}"


def check_dir_name(summary: dict[str, Any], weather_year: int | None) -> str:
    """Return the folder one check is written to, from its ``validation.json``.

    ``validation/`` for the plan's own weather year, ``validation-weather-year-<year>/`` for
    a year it was not planned on (``weather_year``, as asked for).
    """
    if weather_year is None or summary["weather_year"] == summary["planned_weather_year"]:
        return VALIDATION_DIR
    return other_weather_year_dir(weather_year)


def write_validation(
    folder: Path, validation: ValidationResult, name: str = VALIDATION_DIR
) -> Path:
    """Write ``validation/`` (or ``name``) into a results folder, whole or not at all.

    The files are written to a temporary folder beside it and renamed into place; an earlier
    folder of that name is replaced only once the new one is complete.
    """
    target = folder / name
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.partial-", dir=folder))
    aside: Path | None = None
    try:
        validation.hourly.to_parquet(staging / "hourly.parquet", index=False)
        validation.clusters.to_csv(staging / "clusters.csv", index=False)
        grid_table(validation.hourly, validation.dispatch.inputs).to_csv(
            staging / "grid.csv", index=False
        )
        with (staging / "validation.json").open("w", encoding="utf-8") as stream:
            json.dump(validation.summary, stream, indent=2, ensure_ascii=False, default=float)
        make_shareable(staging)  # mkdtemp's folder is private; a check is for sharing
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{name}.old-", dir=folder))
            aside.rmdir()
            target.rename(aside)
        staging.rename(target)
    except BaseException:
        if aside is not None and not target.exists():
            aside.rename(target)  # the earlier validation comes back
            aside = None
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
    return target


def validate_results_dir(
    folder: str | Path,
    catalogue: Catalogue | None = None,
    progress: Callable[[str], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
    weather_year: int | None = None,
) -> ValidationResult:
    """Dispatch a written plan over the full year and write ``validation/`` into its folder.

    On a weather year other than the plan's (``weather_year``), the check is written to
    ``validation-weather-year-<year>/`` and recorded in ``summary.json`` under
    ``validation_by_weather_year``; the plan's own verdict (``holds_over_full_year``) stays
    that of the year it was planned on.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results folder written by ``dcsite solve``.
    catalogue : optimiser.data.catalogue.Catalogue, optional
        The catalogue whose full-year profiles to use; default the one the plan was solved
        with (``catalogue_path`` in ``summary.json``).
    progress : callable, optional
        Called with the name of each stage as it starts.
    pool : concurrent.futures.ProcessPoolExecutor, optional
        Worker processes started ahead (:func:`start_dispatch_workers`); by default the
        scenario's ``validation.workers`` are started here.
    weather_year : int, optional
        Dispatch on this weather year's wind and solar; default the plan's own.

    Returns
    -------
    ValidationResult
        The summary (also in ``validation/validation.json``), the per-site and hourly tables.

    Raises
    ------
    optimiser.errors.InputError
        When the folder is not a complete results folder, or its catalogue no longer matches.
    """
    folder = Path(folder)
    for name in ("summary.json", "clusters.csv", "inputs/scenario.yaml", "inputs/sites.csv"):
        if not (folder / name).exists():
            raise InputError(folder, name, "not a complete results directory (file missing)")
    plan_summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    planned = read_inputs(folder).settings.time
    if weather_year is None and len(planned.weather_years) > 1:
        return validate_on_each_weather_year(
            folder, plan_summary, planned, catalogue, progress, pool
        )
    validation = dispatch_and_judge(
        folder, plan_summary, planned.representation, catalogue, progress, pool, weather_year
    )
    name = check_dir_name(validation.summary, weather_year)
    if name == VALIDATION_DIR:
        write_validation(folder, validation)
        update_summary(folder, summary_verdict(validation.summary, validation.clusters))
        return validation
    write_validation(folder, validation, name)
    by_year = dict(plan_summary.get("validation_by_weather_year") or {})
    by_year[str(weather_year)] = year_verdict(validation, name)
    update_summary(folder, {"validation_by_weather_year": by_year})
    return validation


def dispatch_and_judge(
    folder: Path,
    plan_summary: dict[str, Any],
    planned_representation: str,
    catalogue: Catalogue | None,
    progress: Callable[[str], None] | None,
    pool: ProcessPoolExecutor | None,
    weather_year: int | None,
) -> ValidationResult:
    """Dispatch a written plan over one weather year's 8,760 hours and judge it."""
    started = time.perf_counter()
    dispatch, slack, timings = dispatch_full_year(folder, catalogue, progress, pool, weather_year)
    hourly, clusters = shortfall_tables(dispatch, slack, pd.read_csv(folder / "clusters.csv"))
    timings["total_s"] = time.perf_counter() - started
    summary = validation_summary(
        dispatch,
        slack,
        clusters,
        hourly,
        plan_summary,
        planned_representation,
        timings,
    )
    summary["weather_year"] = dispatch.inputs.weather_year
    summary["planned_weather_year"] = plan_summary.get("weather_year")
    return ValidationResult(summary, clusters, hourly, dispatch)


def year_verdict(validation: ValidationResult, name: str) -> dict[str, Any]:
    """Return one weather year's verdict and figures, as ``validation_by_weather_year`` lists."""
    verdict = summary_verdict(validation.summary, validation.clusters)["validation"]
    verdict["file"] = f"{name}/validation.json"
    return verdict


def validate_on_each_weather_year(
    folder: Path,
    plan_summary: dict[str, Any],
    planned: TimeSettings,
    catalogue: Catalogue | None,
    progress: Callable[[str], None] | None,
    pool: ProcessPoolExecutor | None,
) -> ValidationResult:
    """Check a plan made on several weather years over each of them.

    The first year's check is written to ``validation/``, the others' to
    ``validation-weather-year-<year>/``; ``summary.json`` gets every year's verdict under
    ``validation_by_weather_year``, and ``holds_over_full_year`` is true only if the plan
    holds in every year. Returns the first year's check, its verdict made the same.
    """
    if catalogue is None:  # read once for all the years
        catalogue = load_catalogue(plan_summary["catalogue_path"])
    years = planned.weather_years
    checks = {}
    for year in years:

        def year_progress(stage: str, year: int = year) -> None:
            if progress is not None:
                progress(f"weather year {year}: {stage}")

        checks[year] = dispatch_and_judge(
            folder, plan_summary, planned.representation, catalogue, year_progress, pool, year
        )
    holds = all(check.summary["holds_over_full_year"] for check in checks.values())
    first, *others = years
    checks[first].summary["holds_over_full_year_by_weather_year"] = {
        str(year): bool(check.summary["holds_over_full_year"]) for year, check in checks.items()
    }
    checks[first].summary["holds_over_full_year"] = holds
    by_year = {str(first): year_verdict(checks[first], VALIDATION_DIR)}
    for year in others:
        name = other_weather_year_dir(year)
        write_validation(folder, checks[year], name)
        by_year[str(year)] = year_verdict(checks[year], name)
    write_validation(folder, checks[first])
    verdict = summary_verdict(checks[first].summary, checks[first].clusters)
    update_summary(folder, {**verdict, "validation_by_weather_year": by_year})
    return checks[first]


VERDICT_FIGURES = (
    "planned_cost_cny_per_year",
    "full_year_cost_cny_per_year",
    "extra_cost_cny_per_year",
    "unserved_it_energy_mwh",
    "unserved_hours",
    "green_shortfall_mwh",
    "floor_shortfall_mwh",
    "planned_green_share_annual",
    "green_share_annual",
    "planned_green_share_hourly",
    "green_share_hourly",
    "planned_green_share_hourly_own_supply",
    "green_share_hourly_own_supply",
)
"""Figures of ``validation.json`` repeated in the plan's ``summary.json``, planned beside the
full year's."""


def summary_verdict(summary: dict[str, Any], clusters: pd.DataFrame) -> dict[str, Any]:
    """Return the keys a validation adds to the plan's ``summary.json``.

    ``holds_over_full_year`` (the verdict, at the top level where every reader looks first)
    and ``validation``: the full-year figures beside the planned ones, the sites that fall
    short and the file with the rest.
    """
    short = clusters.loc[~clusters["holds_over_full_year"].astype(bool), "cluster_id"]
    return {
        "holds_over_full_year": bool(summary["holds_over_full_year"]),
        "validation": {
            "holds_over_full_year": bool(summary["holds_over_full_year"]),
            **{name: summary.get(name) for name in VERDICT_FIGURES},
            "sites_short": [str(site) for site in short],
            "file": f"{VALIDATION_DIR}/validation.json",
        },
    }


FULL_YEAR_COLUMNS = {
    "full_year_cost_cny_per_year": "full_year_cost_cny_per_year",
    "full_year_green_share_annual": "green_share_annual",
    "full_year_green_share_hourly": "green_share_hourly",
    "full_year_green_share_hourly_own_supply": "green_share_hourly_own_supply",
    "full_year_unserved_it_energy_mwh": "unserved_it_energy_mwh",
    "full_year_green_shortfall_mwh": "green_shortfall_mwh",
}
"""Columns a table of plans (comparison, sweep, path) gives each plan's full-year check, and
the ``summary.json`` ``validation`` figure each comes from."""


def verdict_columns(summary: dict[str, Any]) -> dict[str, Any]:
    """Return a plan's full-year verdict and figures as columns of a table of plans.

    ``holds_over_full_year`` is True or False once the plan has been validated, None (an
    empty cell) when it has not; the figures are the full year's (:data:`FULL_YEAR_COLUMNS`).

    Parameters
    ----------
    summary : dict
        The plan's ``summary.json``.
    """
    validation = summary.get("validation") or {}
    holds = summary.get("holds_over_full_year", validation.get("holds_over_full_year"))
    return {
        "holds_over_full_year": holds,
        **{column: validation.get(key) for column, key in FULL_YEAR_COLUMNS.items()},
    }


def tidy_verdict_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Return a table of plans with its verdict columns as written and read back from CSV.

    ``holds_over_full_year`` holds True, False or NaN (not validated), the ``full_year_*``
    figures are numbers or NaN; None would read back from the CSV as NaN.
    """
    table = table.copy()
    if "holds_over_full_year" in table.columns:
        holds = table["holds_over_full_year"].astype(object)
        table["holds_over_full_year"] = holds.where(holds.notna(), np.nan)
    for column in FULL_YEAR_COLUMNS:
        if column in table.columns:
            table[column] = pd.to_numeric(table[column], errors="coerce")
    return table


def record_period_verdicts(folder: str | Path) -> dict[int, bool | None]:
    """Write each validated period's full-year verdict into a pathway folder's tables.

    ``path.csv`` gains the columns of :func:`verdict_columns` per period, and ``summary.json``
    ``holds_over_full_year`` (every period holds; None while some period is not validated)
    and ``holds_over_full_year_by_period``.

    Parameters
    ----------
    folder : str or pathlib.Path
        A pathway folder whose periods (``periods/<year>/``) may hold ``validation/``.

    Returns
    -------
    dict of int to bool or None
        Each period's verdict (None where not validated).
    """
    from optimiser.results.folder import period_folders

    folder = Path(folder)
    columns: dict[int, dict[str, Any]] = {}
    for period_folder in period_folders(folder):
        summary = json.loads((period_folder / "summary.json").read_text(encoding="utf-8"))
        columns[int(period_folder.name)] = verdict_columns(summary)
    path = pd.read_csv(folder / "path.csv")
    verdicts = pd.DataFrame.from_dict(columns, orient="index")
    path = path.drop(columns=[name for name in verdicts.columns if name in path.columns])
    path = path.join(verdicts, on="period")
    write_text_atomically(folder / "path.csv", path.to_csv(index=False))
    by_period = {period: row["holds_over_full_year"] for period, row in columns.items()}
    known = [value for value in by_period.values() if value is not None]
    update_summary(
        folder,
        {
            "holds_over_full_year": all(known) if len(known) == len(by_period) else None,
            "holds_over_full_year_by_period": {str(key): value for key, value in by_period.items()},
        },
    )
    return by_period
