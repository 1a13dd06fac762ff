"""Compare pathways (``dcsite compare`` on pathway folders or pathway scenarios).

Two pathways are compared period by period: ``comparison.csv`` has one row per scenario and
period with the period's headline figures, the path's totals (discounted cost, cumulative
emissions) and ``<figure>_change`` against the first scenario in the same period;
``capacity_diff.csv`` has the IT capacity in service per site, period and scenario and its
change, which shows what one plan builds that the other does not (for perfect against myopic
foresight: the capacity myopia strands or delays).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.errors import InputError
from optimiser.pipeline.pathway import run_pathway, write_pathway_results
from optimiser.report.overview import write_overview_report
from optimiser.results.folder import (
    check_output_dir,
    is_pathway_dir,
    period_folders,
    write_folder_atomically,
)
from optimiser.results.pathway import PATH_FIGURES
from optimiser.results.validation import record_period_verdicts, validate_results_dir
from optimiser.scenario import ResolvedScenario

TOTALS = ("npv_cost_cny", "cumulative_emissions_tco2")
"""The path's totals, repeated on each of its rows in ``comparison.csv``."""


def pathway_comparison_table(
    folders: Sequence[Path], names: Sequence[str], labels: Sequence[str] = ()
) -> pd.DataFrame:
    """Return one row per scenario and period, with changes from the first scenario."""
    rows = []
    labels = list(labels) or [""] * len(names)
    for folder, name, label in zip(folders, names, labels, strict=True):
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        path = pd.read_csv(folder / "path.csv")
        for record in path.to_dict("records"):
            row = {
                "scenario": name,
                "label": label or str(summary.get("description") or name).rstrip("."),
                "foresight": summary.get("foresight"),
                "period": int(record["period"]),
                "folder": str(folder),
            }
            # Each period's full-year verdict, where its plan was validated (empty otherwise).
            row["holds_over_full_year"] = record.get("holds_over_full_year")
            row.update({total: summary.get(total) for total in TOTALS})
            row.update({figure: record.get(figure) for figure in PATH_FIGURES})
            rows.append(row)
    table = pd.DataFrame(rows)
    first = table[table["scenario"] == names[0]].set_index("period")
    for column in (*TOTALS, *PATH_FIGURES):
        values = pd.to_numeric(table[column], errors="coerce")
        reference = pd.to_numeric(first[column], errors="coerce").reindex(table["period"])
        table[column] = values
        table[f"{column}_change"] = values.to_numpy() - reference.to_numpy()
    return table


def capacity_diff_table(folders: Sequence[Path], names: Sequence[str]) -> pd.DataFrame:
    """Return IT capacity in service per site, period and scenario [MW], and its change."""
    frames = []
    for folder, name in zip(folders, names, strict=True):
        clusters = pd.read_csv(folder / "clusters.csv")
        frame = clusters[["period", "cluster_id", "total_it_capacity_mw", "idle_it_capacity_mw"]]
        frames.append(frame.assign(scenario=name))
    table = pd.concat(frames, ignore_index=True)
    first = frames[0].set_index(["period", "cluster_id"])
    keys = pd.MultiIndex.from_frame(table[["period", "cluster_id"]])
    for column in ("total_it_capacity_mw", "idle_it_capacity_mw"):
        table[f"{column}_change"] = (
            table[column].to_numpy() - first[column].reindex(keys).to_numpy()
        )
    ordered = ["period", "cluster_id", "scenario", "total_it_capacity_mw"]
    ordered += ["total_it_capacity_mw_change", "idle_it_capacity_mw", "idle_it_capacity_mw_change"]
    return (
        table[ordered].sort_values(["period", "cluster_id"], kind="stable").reset_index(drop=True)
    )


def readable_pathway_comparison(table: pd.DataFrame) -> pd.DataFrame:
    """Return the comparison as a reader wants it: bn CNY, MW, percentage points."""
    readable = pd.DataFrame(
        {
            "Scenario": table["label"],
            "Period": table["period"].astype(str),
            "Path cost [bn CNY, discounted]": table["npv_cost_cny"] / 1e9,
            "Change [bn CNY]": table["npv_cost_cny_change"] / 1e9,
            "Cost [bn CNY/yr]": table["objective_cny_per_year"] / 1e9,
            "IT capacity [MW]": table["total_it_capacity_mw"],
            "Change [MW]": table["total_it_capacity_mw_change"],
            "Green, annual [%]": 100 * table["green_share_annual"],
            "24/7 CFE score [%]": 100 * table["green_share_hourly"],
            "Change [pp]": 100 * table["green_share_hourly_change"],
            "Idle [MW]": table["idle_it_capacity_mw"],
        }
    )
    return readable


def compare_pathways(
    out_dir: Path,
    *,
    folders: Sequence[Path] = (),
    scenarios: Sequence[ResolvedScenario] = (),
    catalogue: Catalogue | None = None,
    labels: Sequence[str] = (),
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
    validate: bool = True,
    lang: str = "en",
) -> tuple[Path, pd.DataFrame]:
    """Compare pathway folders, or solve pathway scenarios and compare them.

    Parameters
    ----------
    out_dir : pathlib.Path
        New comparison folder.
    folders : sequence of pathlib.Path
        Pathway results folders (``summary.json`` with ``kind: pathway``).
    scenarios : sequence of ResolvedScenario
        Pathway scenarios to solve instead; each is written into the comparison folder.
    catalogue : Catalogue, optional
        Regional data for the scenarios; default each scenario's.
    overwrite : bool
        Replace an existing ``out_dir`` (only once the new one is complete).
    labels : sequence of str
        One readable name per folder or scenario (default: each one's description).
    progress : callable, optional
        Called with a short message as each stage starts.
    validate : bool
        Dispatch each solved scenario's periods over their full years; ``comparison.csv``
        gives each period's verdict (``holds_over_full_year``). Folders keep theirs, if any.
    lang : str
        ``en``, or ``zh`` for ``report-zh.html`` beside ``report.html``.

    Returns
    -------
    tuple of (pathlib.Path, pandas.DataFrame)
        The folder written and ``comparison.csv``.
    """

    def report(message: str) -> None:
        if progress is not None:
            progress(message)

    for folder in folders:
        if not is_pathway_dir(folder):
            raise InputError(folder, "", "not a pathway results folder; compare pathways only")
    check_output_dir(out_dir, overwrite)
    tables: list[pd.DataFrame] = []

    def fill(staging: Path) -> None:
        names = [folder.name for folder in folders]
        paths = list(folders)
        for scenario in scenarios:
            name = f"{scenario.scenario_name}-{scenario.settings.pathway.foresight}"
            report(f"solving {name}")
            loaded = catalogue or load_catalogue(scenario.catalogue_path)
            written = write_pathway_results(run_pathway(loaded, scenario), staging / name)
            if validate:
                for period_folder in period_folders(written):
                    report(f"validating {name}, {period_folder.name}")
                    validate_results_dir(period_folder, loaded)
                record_period_verdicts(written)
            paths.append(written)
            names.append(name)
        if len(set(names)) != len(names):
            names = [f"{name}-{number + 1}" for number, name in enumerate(names)]
        report("comparing")
        if labels and len(labels) != len(names):
            raise InputError(
                "--label", ", ".join(labels), f"give one label per pathway ({len(names)})"
            )
        table = pathway_comparison_table(paths, names, labels)
        if scenarios:  # solved into the comparison folder: name them relative to it
            table["folder"] = table["scenario"]
        table.to_csv(staging / "comparison.csv", index=False)
        capacity = capacity_diff_table(paths, names)
        capacity.to_csv(staging / "capacity_diff.csv", index=False)
        moved = capacity[capacity["total_it_capacity_mw_change"].abs() > 1.0]
        write_overview_report(
            staging,
            f"comparison of pathways {', '.join(names)}",
            [
                ("Pathways by period: changes from the first", readable_pathway_comparison(table)),
                ("IT capacity that differs from the first [MW]", moved),
            ],
            [],
            lang,
        )
        tables.append(table)

    # Written whole beside the old folder, which is replaced only once the new one is complete.
    out_dir = write_folder_atomically(out_dir, fill, overwrite=overwrite)
    return out_dir, tables[0]


__all__ = ["capacity_diff_table", "compare_pathways", "pathway_comparison_table"]
