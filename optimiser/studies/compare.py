"""Compare scenarios side by side: headline figures, sites, and the price of each policy.

A study of many solves. :func:`run_compare` solves the scenarios asked for (or reads results
folders solved before), writes each plan's folder under the comparison folder, and adds
``comparison.csv`` (headline figures per scenario and their change from the first),
``clusters_diff.csv`` (new capacity and green shares per site and scenario) and ``prices.csv``
(marginal prices from the duals, :mod:`optimiser.results.prices`). The comparison folder is
written whole into a temporary folder and renamed into place, as a results folder is.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError
from optimiser.lp.resolve import ResolveSession
from optimiser.pipeline.pathway import is_pathway
from optimiser.pipeline.single_year import solve_with_duals
from optimiser.report import write_overview_report
from optimiser.results.folder import (
    check_output_dir,
    is_pathway_dir,
    next_free_dir,
    write_folder_atomically,
    write_results,
)
from optimiser.results.prices import PRICE_COLUMNS, price_table
from optimiser.results.summary import HEADLINE_FIGURES, summary_siting_cost
from optimiser.results.validation import (
    tidy_verdict_columns,
    validate_results_dir,
    verdict_columns,
)
from optimiser.studies.pathway_compare import compare_pathways
from optimiser.studies.readable import comparison_by_figure, readable_sites
from optimiser.words import language_suffix, resolve_language

if TYPE_CHECKING:
    from optimiser.scenario import ResolvedScenario

COMPARISON_COLUMNS = HEADLINE_FIGURES
"""Headline figures of ``summary.json`` compared (each also gets a ``_change`` column)."""

CLUSTER_COLUMNS = [
    "new_it_capacity_mw",
    "green_share_annual",
    "green_share_hourly",
    "green_share_hourly_own_supply",
    "idle_it_capacity_overbuilt_mw",
    "idle_it_capacity_shortfall_mw",
    "idle_it_capacity_mw",
    "stranded_capex_cny_per_year",
]
"""Per-site figures of ``clusters.csv`` compared in ``clusters_diff.csv``."""


@dataclass
class ComparedPlan:
    """One scenario of a comparison, as read from its results folder.

    Attributes
    ----------
    name : str
        Scenario name (the folder name inside the comparison).
    label : str
        Readable name in tables and charts: ``--label``, else the scenario's description.
    folder : pathlib.Path
        Its results folder.
    summary : dict
        ``summary.json``.
    clusters : pandas.DataFrame
        ``clusters.csv``.
    prices : pandas.DataFrame
        ``prices.csv`` (empty when the folder has none).
    """

    name: str
    label: str
    folder: Path
    summary: dict[str, Any]
    clusters: pd.DataFrame
    prices: pd.DataFrame


def is_result_dir(path: str | Path) -> bool:
    """Return whether ``path`` is a results folder (it holds ``summary.json``)."""
    return (Path(path) / "summary.json").is_file()


def read_plan(folder: Path, name: str | None = None, label: str = "") -> ComparedPlan:
    """Read the parts of a results folder a comparison needs (label: default its description)."""
    with (folder / "summary.json").open(encoding="utf-8") as stream:
        summary = json.load(stream)
    prices_path = folder / "prices.csv"
    prices = (
        pd.read_csv(prices_path, keep_default_na=False, na_values=[""])
        if prices_path.exists()
        else pd.DataFrame(columns=PRICE_COLUMNS)
    )
    prices["workload"] = prices["workload"].fillna("")
    name = name or str(summary.get("scenario") or folder.name)
    return ComparedPlan(
        name=name,
        label=label or str(summary.get("description") or "").rstrip(".") or name,
        folder=folder,
        summary=summary,
        clusters=pd.read_csv(folder / "clusters.csv"),
        prices=prices,
    )


def setting_text(value: Any) -> str:
    """Return a setting's value as a label reads it: a list as ``a,b``, a number as written.

    Examples
    --------
    >>> setting_text(["ximeng_taizhou", "hami_zhengzhou"])
    'ximeng_taizhou,hami_zhengzhou'
    >>> setting_text({"east_a": 0.05})
    'east_a:0.05'
    """
    if isinstance(value, list | tuple):
        return ",".join(setting_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key}:{setting_text(item)}" for key, item in value.items())
    return str(value)


def distinct_labels(plans: Sequence[ComparedPlan]) -> list[str]:
    """Return the plans' labels, made distinct where two are alike.

    Two runs of one scenario (say with and without a corridor) share a description: each then
    gets the settings it was run with (``--set``) that the others do not share, else its folder.
    """
    labels = [plan.label for plan in plans]
    overrides = [
        {key: setting_text(value) for key, value in plan.summary.get("overrides", {}).items()}
        for plan in plans
    ]
    for number, plan in enumerate(plans):
        alike = [other for other, same in enumerate(plans) if same.label == plan.label]
        if len(alike) < 2:
            continue
        shared = set.intersection(*(set(overrides[other].items()) for other in alike))
        own = [
            f"{key}={value}"
            for key, value in overrides[number].items()
            if (key, value) not in shared
        ]
        labels[number] = f"{plan.label} ({', '.join(own) if own else 'no --set'})"
    if len(set(labels)) != len(labels):
        labels = [
            f"{label} [{plan.folder.name}]" for label, plan in zip(labels, plans, strict=True)
        ]
    return labels


def comparison_table(plans: Sequence[ComparedPlan]) -> pd.DataFrame:
    """Return ``comparison.csv``: one row per scenario, changes relative to the first.

    Columns: ``scenario``, ``label`` (readable name), ``model``, ``folder`` (its results
    folder), ``status``, the full-year verdict and figures
    (:func:`optimiser.results.validation.verdict_columns`; empty for a plan not validated), each
    of
    :data:`COMPARISON_COLUMNS` and, for each, ``<column>_change`` (this scenario minus the
    first, in the column's unit).
    """
    rows = []
    for plan, label in zip(plans, distinct_labels(plans), strict=True):
        summary = plan.summary
        row = {
            "scenario": plan.name,
            "label": label,
            "model": summary.get("model"),
            "folder": str(plan.folder),
            "status": summary.get("status"),
            **verdict_columns(summary),
        }
        row.update({column: summary.get(column) for column in COMPARISON_COLUMNS})
        row["siting_cost_cny_per_year"] = summary_siting_cost(summary)  # older folders lack it
        rows.append(row)
    table = tidy_verdict_columns(pd.DataFrame(rows))
    for column in COMPARISON_COLUMNS:
        values = pd.to_numeric(table[column], errors="coerce")
        table[column] = values
        table[f"{column}_change"] = values - values.iloc[0]
    return table


def clusters_diff_table(plans: Sequence[ComparedPlan]) -> pd.DataFrame:
    """Return ``clusters_diff.csv``: per site and scenario, figures and changes from the first.

    Columns: ``cluster_id``, ``scenario``, ``role``, then each of :data:`CLUSTER_COLUMNS` and
    ``<column>_change`` (this scenario minus the first, same site).
    """
    frames = []
    for plan in plans:
        frame = plan.clusters[["cluster_id", "role", *CLUSTER_COLUMNS]].copy()
        frame.insert(1, "scenario", plan.name)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    first = frames[0].set_index("cluster_id")
    for column in CLUSTER_COLUMNS:
        reference = first[column].reindex(table["cluster_id"]).to_numpy()
        table[f"{column}_change"] = table[column] - reference
    ordered = ["cluster_id", "scenario", "role"]
    for column in CLUSTER_COLUMNS:
        ordered += [column, f"{column}_change"]
    order = {plan.name: number for number, plan in enumerate(plans)}
    table = table.sort_values(
        ["cluster_id", "scenario"],
        key=lambda column: column.map(order) if column.name == "scenario" else column,
        kind="stable",
    )
    return table[ordered].reset_index(drop=True)


def prices_table(plans: Sequence[ComparedPlan]) -> pd.DataFrame:
    """Return ``prices.csv``: every scenario's marginal prices, a ``scenario`` column first."""
    frames = [plan.prices.assign(scenario=plan.name) for plan in plans if len(plan.prices)]
    if not frames:
        return pd.DataFrame(columns=["scenario", *PRICE_COLUMNS])
    return pd.concat(frames, ignore_index=True)[["scenario", *PRICE_COLUMNS]]


def _write_difference_maps(
    staging: Path, plans: Sequence[ComparedPlan], lang: str = "en"
) -> list[Path]:
    # Imported here: geopandas and matplotlib load only when a comparison draws its maps.
    from optimiser.maps.base import save_figure
    from optimiser.maps.draw import difference_map_figure

    folder = staging / "difference_maps"
    folder.mkdir()
    written = []
    for plan, language in itertools.product(plans[1:], dict.fromkeys(("en", lang))):
        path = folder / f"{plan.name}-vs-{plans[0].name}{language_suffix(language)}.png"
        try:
            figure = difference_map_figure(plans[0].folder, plan.folder, language)
            written.append(save_figure(figure, path))
        except Exception as error:  # a map is an extra: the tables stand without it
            warnings.warn(f"no difference map for {plan.name}: {error}", stacklevel=2)
    return written


def default_compare_dir(root: Path | None = None) -> Path:
    """Return a new folder name for a comparison: ``results/compare-<n>``."""
    return next_free_dir("compare", root)


def run_compare(
    targets: Sequence[str | Path] = (),
    scenarios: Sequence[str] = (),
    out_dir: str | Path | None = None,
    *,
    overrides: Sequence[str] | Mapping[str, Any] = (),
    catalogue: Catalogue | None = None,
    resolved: Sequence[Any] = (),
    labels: Sequence[str] = (),
    overwrite: bool = False,
    difference_maps: bool = True,
    progress: Any = None,
    extra: Callable[[Path, list[ComparedPlan]], None] | None = None,
    validate: bool = True,
    lang: str = "en",
) -> tuple[Path, pd.DataFrame]:
    """Solve (or read) scenarios and write a comparison folder.

    Parameters
    ----------
    targets : sequence of str or pathlib.Path
        Either results folders to compare (each holding ``summary.json``), or at most one
        model file (default the built-in model) whose ``scenarios`` are solved.
    scenarios : sequence of str
        Scenario names to solve, the first being the reference of the ``_change`` columns.
    out_dir : str or pathlib.Path, optional
        New comparison folder; default ``results/compare-<n>``.
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied to every solved scenario (as ``--set``).
    catalogue : optimiser.data.catalogue.Catalogue, optional
        Regional data; default the scenarios' catalogue.
    resolved : sequence of optimiser.scenario.ResolvedScenario
        Scenarios already resolved, solved instead of ``scenarios`` (for the Python API).
    labels : sequence of str
        One readable name per scenario or folder, in order (as ``--label``); default each
        scenario's description.
    overwrite : bool
        Replace an existing ``out_dir`` (only once the new one is complete).
    difference_maps : bool
        Also draw a map of each scenario's difference from the first, into
        ``difference_maps/`` (when :mod:`optimiser.maps.base` offers ``difference_map_figure``).
    progress : callable, optional
        Called with a short message as each stage starts.
    extra : callable, optional
        Called with the staging folder and the plans to write more files before the folder is
        moved into place (a study's own tables).
    validate : bool
        Dispatch each solved plan over the full year (``validation/`` in its folder) and give
        the verdict in the table's ``holds_over_full_year`` and ``full_year_*`` columns.
        Folders compared as they are keep the verdict they have, if any.
    lang : str
        ``en``, or ``zh`` for ``report-zh.html`` and the difference maps in Chinese
        (``<name>-zh.png``) beside the English ones; refused before anything is solved when
        no CJK font is installed.

    Returns
    -------
    tuple of (pathlib.Path, pandas.DataFrame)
        The folder written and the comparison table.
    """
    from optimiser.paths import resolve_model_path

    def report(message: str) -> None:
        if progress is not None:
            progress(message)

    resolve_language(lang)  # Chinese without a CJK font: refused before any solve
    targets = [resolve_model_path(target) for target in targets]  # pathway-2030: built-in
    result_dirs = [Path(target) for target in targets if is_result_dir(target)]
    _check_targets(targets, result_dirs, scenarios, overrides, resolved)
    pathways = [folder for folder in result_dirs if is_pathway_dir(folder)]
    if pathways and (len(pathways) != len(result_dirs) or len(pathways) < 2):
        raise InputError(
            "compare", ", ".join(map(str, targets)), "compare two or more pathway folders"
        )
    to_solve = list(resolved)
    if not result_dirs and not to_solve:
        to_solve = _resolve_scenarios(targets, scenarios, overrides)
    if pathways or any(is_pathway(scenario) for scenario in to_solve):
        # Either pathway folders or pathway scenarios: the targets refuse folders with scenarios.
        return compare_pathways(
            Path(out_dir) if out_dir is not None else default_compare_dir(),
            folders=pathways,
            scenarios=to_solve,
            catalogue=catalogue,
            labels=labels,
            overwrite=overwrite,
            progress=progress,
            validate=validate,
            lang=lang,
        )
    if len(result_dirs) == 1:
        raise InputError("compare", str(result_dirs[0]), "compare needs at least two folders")
    names = _plan_names(to_solve, result_dirs)
    if labels and len(labels) != len(names):
        raise InputError(
            "--label",
            ", ".join(labels),
            f"give one label per scenario or folder ({len(names)}), or none",
        )
    labels = list(labels) or [""] * len(names)
    out_dir = Path(out_dir) if out_dir is not None else default_compare_dir()
    check_output_dir(out_dir, overwrite)  # before the solves, not after them
    tables: list[pd.DataFrame] = []

    def fill(staging: Path) -> None:
        if to_solve:
            plans = _solve_plans(
                staging, to_solve, names, labels, catalogue, validate=validate, report=report
            )
        else:
            plans = [
                read_plan(folder, name, label)
                for folder, name, label in zip(result_dirs, names, labels, strict=True)
            ]
        report("comparing")
        table = comparison_table(plans)
        if to_solve:  # folders inside the comparison, relative to it
            table["folder"] = [plan.name for plan in plans]
        _write_comparison(staging, plans, table, difference_maps, extra, report, lang)
        tables.append(table)

    out_dir = write_folder_atomically(out_dir, fill, overwrite=overwrite)
    return out_dir, tables[0]


def _check_targets(
    targets: Sequence[str | Path],
    result_dirs: Sequence[Path],
    scenarios: Sequence[str],
    overrides: Sequence[str] | Mapping[str, Any],
    resolved: Sequence[Any],
) -> None:
    """Refuse targets that are neither results folders alone nor at most one model file."""
    for target in targets:
        if not Path(target).exists():
            raise InputError(target, "", "no such results folder or model file")
    if result_dirs and overrides:  # folders are read as solved: a setting would be ignored
        raise InputError(
            "--set",
            ", ".join(map(str, overrides)),
            "settings apply to scenarios solved from a model file, not to results folders",
        )
    if result_dirs and len(result_dirs) != len(targets):
        raise InputError(
            "compare",
            ", ".join(map(str, targets)),
            "give either results folders (with summary.json) or one model file",
        )
    if result_dirs and (scenarios or resolved):
        raise InputError(
            "--scenario",
            ", ".join(scenarios),
            "scenarios are solved from a model file, not from results folders",
        )
    if not result_dirs and len(targets) > 1:
        raise InputError("compare", ", ".join(map(str, targets)), "at most one model file")


def _resolve_scenarios(
    targets: Sequence[str | Path],
    scenarios: Sequence[str],
    overrides: Sequence[str] | Mapping[str, Any],
) -> list[ResolvedScenario]:
    """Return the named scenarios of the model file (default the built-in), resolved."""
    from optimiser.paths import default_model_path
    from optimiser.scenario import resolve_scenario

    if len(scenarios) < 2:
        raise InputError("--scenario", ", ".join(scenarios), "compare needs at least two scenarios")
    repeated = sorted({name for name in scenarios if list(scenarios).count(name) > 1})
    if repeated:  # one model, one set of overrides: the same scenario solves the same
        raise InputError(
            "--scenario",
            ", ".join(repeated),
            "given twice; to compare one scenario with other settings, solve each with "
            "dcsite solve --out and compare the folders",
        )
    model_path = Path(targets[0]) if targets else default_model_path()
    return [resolve_scenario(model_path, name, overrides) for name in scenarios]


def _plan_names(to_solve: Sequence[ResolvedScenario], result_dirs: Sequence[Path]) -> list[str]:
    """Return one distinct name per plan: its scenario's, else its folder's, else numbered."""
    names = [scenario.scenario_name for scenario in to_solve] or [
        str(read_plan(folder).summary.get("scenario") or folder.name) for folder in result_dirs
    ]
    if len(set(names)) != len(names) and result_dirs:
        # Two runs of one scenario: their folders' names tell them apart.
        names = [folder.name for folder in result_dirs]
    if len(set(names)) != len(names):
        names = [f"{name}-{number + 1}" for number, name in enumerate(names)]
    return names


def _solve_plans(
    staging: Path,
    to_solve: Sequence[ResolvedScenario],
    names: Sequence[str],
    labels: Sequence[str],
    catalogue: Catalogue | None,
    *,
    validate: bool,
    report: Callable[[str], None],
) -> list[ComparedPlan]:
    """Solve each scenario in one session, write it (with its prices) and check it if asked."""
    from optimiser.data.catalogue import load_catalogue

    session = ResolveSession()
    loaded = catalogue
    plans = []
    for name, label, scenario in zip(names, labels, to_solve, strict=True):
        report(f"solving {name}")
        if loaded is None:
            loaded = load_catalogue(scenario.catalogue_path)

        def solve_stage(stage: str, name: str = name) -> None:
            report(f"{name}: {stage}")

        point = solve_with_duals(loaded, scenario, session, progress=solve_stage)
        prices = price_table(point.result, point.solved)

        def write_prices(folder: Path, prices: pd.DataFrame = prices) -> None:
            prices.to_csv(folder / "prices.csv", index=False)

        report(f"writing {name}")
        folder = write_results(point.result, staging / name, extra=write_prices)
        if validate:
            report(f"validating {name} over the full year")
            validate_results_dir(folder, loaded)
        plans.append(read_plan(folder, name, label))
    return plans


def _write_comparison(
    staging: Path,
    plans: list[ComparedPlan],
    table: pd.DataFrame,
    difference_maps: bool,
    extra: Callable[[Path, list[ComparedPlan]], None] | None,
    report: Callable[[str], None],
    lang: str = "en",
) -> None:
    """Write the comparison's tables, difference maps, a study's own files and its report."""
    table.to_csv(staging / "comparison.csv", index=False)
    clusters_diff_table(plans).to_csv(staging / "clusters_diff.csv", index=False)
    prices_table(plans).to_csv(staging / "prices.csv", index=False)
    if difference_maps:
        report("drawing difference maps")
        _write_difference_maps(staging, plans, lang)
    if extra is not None:
        extra(staging, plans)
    write_overview_report(
        staging,
        f"comparison of {', '.join(plan.name for plan in plans)}",
        [
            ("Scenarios: changes from the first", comparison_by_figure(table)),
            ("Sites", readable_sites(pd.read_csv(staging / "clusters_diff.csv"))),
            ("The price of each policy", "prices.csv"),
        ],
        [("difference_maps/*.png", "Capacity moved")],
        lang,
    )
