"""A plan that holds over the full year: re-plan with target margins until the year is met.

``dcsite solve`` checks its plan over all 8,760 hours. A plan whose full year falls short of
its green target (and serves every hour's IT load) is planned again with each short site's gap
as a target margin (``time.target_margins``, grown as :func:`optimiser.studies.refine.grown_margins`
grows them: by the gap, then by secant steps), and checked again, until a round holds or the
rounds run out. Modelled days smooth away the still, dark hours, so a plan's own CFE score
overstates its year's; the margin plans for that, as ReEDS corrects its representative time
slices with an hourly dispatch.

The first plan stays written where ``dcsite solve`` put it until a later round holds (or falls
less short); every round is a complete results folder ``rounds/round-<n>/`` with its
``validation/``, and ``rounds/rounds.json`` lists them. The round chosen is then put in the
folder's place, whole (:func:`optimiser.results.folder.write_folder_atomically`), with the
first plan kept as ``rounds/round-1/``: nothing solved is lost, and an interrupted round leaves
the rounds before it as they were.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError
from optimiser.paths import recorded_model_file, recorded_model_path
from optimiser.pipeline.single_year import run_scenario
from optimiser.results.folder import update_summary, write_folder_atomically, write_results
from optimiser.results.tables import SolveResult
from optimiser.results.validation import ValidationResult, validate_results_dir
from optimiser.scenario import ResolvedScenario
from optimiser.studies.refine import (
    RefineRound,
    checked_round,
    full_year_shares,
    grown_margins,
    infeasible_round,
    write_rounds,
)
from optimiser.studies.sweep import apply_overrides

ROUNDS_DIR = "rounds"
"""Sub-folder of a results folder holding the rounds of a held plan."""
DEFAULT_HOLD_ROUNDS = 4
"""Rounds a solve may add to hold its green target over the full year (``--hold-rounds``)."""


@dataclass
class HeldPlan:
    """The outcome of :func:`hold_over_full_year`.

    Attributes
    ----------
    folder : pathlib.Path
        The results folder (now holding the chosen round's plan).
    result : SolveResult
        The chosen round's plan.
    validation : ValidationResult
        Its full-year check.
    rounds : list of RefineRound
        Every round, the first included.
    chosen_round : int
        The round put in the folder's place (1: the first plan).
    """

    folder: Path
    result: SolveResult
    validation: ValidationResult
    rounds: list[RefineRound]
    chosen_round: int


def needs_margins(validation: ValidationResult) -> bool:
    """Return whether target margins can make a plan hold: green short, every hour served.

    Unserved IT load and a missed hourly floor are shortfalls of capacity in particular hours,
    which a margin on the year's share does not address (``dcsite refine`` adds those days).
    """
    summary = validation.summary
    return (
        not summary["holds_over_full_year"]
        and summary["green_shortfall_mwh"] > 0
        and summary["unserved_it_energy_mwh"] <= 0
        and summary.get("floor_shortfall_mwh", 0.0) <= 0
    )


def margins_text(margins: dict[str, float]) -> str:
    """Return the margins a round plans with, as read: ``wuhu +5.5 pts, horinger +5.4 pts``."""
    return ", ".join(
        f"{site} +{100 * value:.1f} pts" for site, value in margins.items() if value > 0
    )


def chosen(records: list[RefineRound]) -> int:
    """Return the round to answer with: the first that holds, else the least short."""
    checked = [record for record in records if record.status == "optimal"]
    holding = [record for record in checked if record.holds_over_full_year]
    if holding:
        return holding[0].round
    return min(checked, key=lambda record: record.green_shortfall_mwh).round


def hold_over_full_year(
    folder: Path,
    result: SolveResult,
    validation: ValidationResult,
    catalogue: Catalogue,
    *,
    rounds: int = DEFAULT_HOLD_ROUNDS,
    progress: Callable[[str], None] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> HeldPlan:
    """Re-plan a written plan with target margins until it holds over the full year.

    Parameters
    ----------
    folder : pathlib.Path
        The first plan's results folder, validated (``validation``).
    result : SolveResult
        The first plan.
    validation : ValidationResult
        Its full-year check.
    catalogue : optimiser.data.catalogue.Catalogue
        The catalogue the plan was solved with.
    rounds : int
        Largest number of rounds added after the first (0: none).
    progress : callable, optional
        Called with a line as each round starts and ends.
    pool : concurrent.futures.ProcessPoolExecutor, optional
        Worker processes for the full-year checks.

    Returns
    -------
    HeldPlan
        The folder, now holding the chosen round, with every round's record.
    """

    def report(line: str) -> None:
        if progress is not None:
            progress(line)

    resolved: ResolvedScenario = result.scenario
    margins = dict(resolved.settings.time.target_margins)
    records = [checked_round(1, folder, validation, margins)]
    if not needs_margins(validation) or rounds < 1:
        return HeldPlan(folder, result, validation, records, 1)
    rounds_dir = folder / ROUNDS_DIR
    rounds_dir.mkdir(exist_ok=True)
    plans = {1: (result, validation)}
    history: tuple[dict[str, float], dict[str, float]] | None = None
    last = validation
    for number in range(2, rounds + 2):
        grown = grown_margins(last, margins, history)
        history = (dict(margins), full_year_shares(last))
        if grown == margins:
            break
        margins = grown
        report(f"round {number}: planning again with target margins ({margins_text(margins)})")
        scenario = apply_overrides(resolved, {"time.target_margins": dict(margins)})
        try:
            planned = run_scenario(
                catalogue,
                scenario,
                progress=prefixed(report, f"round {number}: "),
            )
        except InfeasibleError as error:
            records.append(infeasible_round(number, [], margins, str(error)))
            report(f"round {number}: infeasible with these margins; stopping")
            break
        written = write_results(planned, rounds_dir / f"round-{number}")
        checked = validate_results_dir(
            written,
            catalogue,
            progress=prefixed(report, f"round {number}: full-year validation: "),
            pool=pool,
        )
        records.append(checked_round(number, written, checked, margins))
        plans[number] = (planned, checked)
        verdict = "holds" if checked.summary["holds_over_full_year"] else "falls short"
        report(
            f"round {number}: {verdict} over the full year "
            f"(green shortfall {checked.summary['green_shortfall_mwh'] / 1e3:,.0f} GWh)"
        )
        last = checked
        if checked.summary["holds_over_full_year"] or not needs_margins(checked):
            break
    write_rounds(rounds_dir, records, "rounds.json", folder=round_folder)
    number = chosen(records)
    if number != 1:
        promote(folder, number)
    final_result, final_validation = plans[number]
    update_summary(
        folder,
        {
            "hold_rounds": {
                "rounds": len(records),
                "chosen_round": number,
                "target_margins": records[number - 1].target_margins,
                "rounds_folder": ROUNDS_DIR,
            }
        },
    )
    return HeldPlan(folder, final_result, final_validation, records, number)


def prefixed(report: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    """Return a progress callback that reports each stage after ``prefix``."""

    def progress(stage: str) -> None:
        report(prefix + stage)

    return progress


def round_folder(record: RefineRound) -> str:
    """Return where a round's plan is recorded in ``rounds.json``, relative to the results folder.

    The first plan is the folder itself (``.``); a later round is ``rounds/round-<n>``; a round
    without a plan (infeasible) has none (``""``).
    """
    if not record.folder:
        return ""
    return "." if record.round == 1 else f"{ROUNDS_DIR}/round-{record.round}"


def rerecord_model_file(copy: Path, source: Path) -> None:
    """Record the model file of a results folder copied from ``source`` as seen from ``copy``.

    A model file of one's own is recorded relative to its folder
    (:func:`optimiser.paths.recorded_model_path`); a round's folder lies two levels below the
    results folder it is promoted to, so the path is recorded again from there.
    """
    summary_path = copy / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    model = recorded_model_path(recorded_model_file(summary["model_path"], source), copy)
    summary["model_path"] = model
    summary_path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    scenario_path = copy / "inputs" / "scenario.yaml"
    dump = yaml.safe_load(scenario_path.read_text(encoding="utf-8"))
    dump["model_path"] = model
    scenario_path.write_text(
        yaml.safe_dump(dump, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def promote(folder: Path, number: int) -> None:
    """Put round ``number``'s plan in the folder's place, keeping the first as ``round-1``.

    Everything is copied into a new folder that replaces the old one only once complete.
    """
    rounds_dir = folder / ROUNDS_DIR

    def fill(staging: Path) -> None:
        shutil.copytree(rounds_dir / f"round-{number}", staging, dirs_exist_ok=True)
        rerecord_model_file(staging, rounds_dir / f"round-{number}")
        shutil.copytree(rounds_dir, staging / ROUNDS_DIR)
        first = staging / ROUNDS_DIR / "round-1"
        shutil.copytree(folder, first, ignore=shutil.ignore_patterns(ROUNDS_DIR))
        rerecord_model_file(first, folder)

    write_folder_atomically(folder, fill, overwrite=True)


__all__ = [
    "DEFAULT_HOLD_ROUNDS",
    "ROUNDS_DIR",
    "HeldPlan",
    "hold_over_full_year",
    "margins_text",
    "needs_margins",
]
