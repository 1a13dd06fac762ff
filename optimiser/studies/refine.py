"""Representative days that hold: optimise, validate over the full year, add the short days.

``dcsite refine``. A plan optimised on representative days is dispatched over all 8,760 hours
(:mod:`optimiser.results.validation`); the days of the year where it falls short (unserved IT
load, or a green shortfall in the hourly accounting) are added to the representation as days of
their own (``time.extra_days``), and the scenario is solved again. The loop stops when the plan
holds over the full year, when no short day is left to add (an annual green shortfall belongs
to no day), or after the given number of rounds; each round is a complete results folder
``round-<n>/`` with its ``validation/``, and ``refine.json`` lists the rounds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InputError, OutputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import write_results
from optimiser.results.validation import ValidationResult, validate_results_dir
from optimiser.scenario import ResolvedScenario
from optimiser.studies.sweep import apply_overrides

HOURS_PER_DAY = 24


@dataclass
class RefineRound:
    """One round of the loop.

    Attributes
    ----------
    round : int
        1 for the scenario as given.
    extra_days : list of int
        Days of the year kept whole in this round's representation.
    folder : str
        The round's results folder.
    planned_cost_cny_per_year, full_year_cost_cny_per_year : float
        The plan's estimate and its cost over the full year [CNY/yr].
    holds_over_full_year : bool
        Whether the plan holds over all 8,760 hours.
    unserved_it_energy_mwh, green_shortfall_mwh : float
        Shortfalls over the full year [MWh/yr].
    short_days : list of int
        Days of the year where it falls short, worst first (at most ``days_per_round``).
    """

    round: int
    extra_days: list[int]
    folder: str
    planned_cost_cny_per_year: float
    full_year_cost_cny_per_year: float
    holds_over_full_year: bool
    unserved_it_energy_mwh: float
    green_shortfall_mwh: float
    short_days: list[int]


def short_days(validation: ValidationResult, limit: int) -> list[int]:
    """Return the days of the year with the largest shortfall, worst first.

    Parameters
    ----------
    validation : ValidationResult
        A full-year validation.
    limit : int
        At most this many days.
    """
    hourly = validation.hourly
    short = hourly["unserved_it_load_mw"] + hourly["green_shortfall_mw"]
    by_day = short.groupby(hourly["hour"].to_numpy() // HOURS_PER_DAY).sum()
    by_day = by_day[by_day > 0].sort_values(ascending=False, kind="stable")
    return [int(day) for day in by_day.index[:limit]]


def refine_plan(
    catalogue: Catalogue,
    resolved: ResolvedScenario,
    out_dir: str | Path,
    *,
    rounds: int = 3,
    days_per_round: int = 4,
    progress: Callable[[str], None] | None = None,
) -> list[RefineRound]:
    """Optimise, validate and add the short days until the plan holds (or ``rounds`` are done).

    Parameters
    ----------
    catalogue : optimiser.data.catalogue.Catalogue
        Regional data (its full-year profiles are what the plans are validated on).
    resolved : optimiser.scenario.ResolvedScenario
        The scenario, with ``time.representation: representative_days``.
    out_dir : str or pathlib.Path
        New folder for the rounds (``round-<n>/``) and ``refine.json``.
    rounds : int
        Largest number of rounds (solves), at least 1.
    days_per_round : int
        Largest number of short days added per round.
    progress : callable, optional
        Called with a line on each round as it finishes.

    Returns
    -------
    list of RefineRound
        The rounds, in order.

    Raises
    ------
    optimiser.errors.InputError
        When the scenario does not use representative days, or a count is below 1.
    """
    if resolved.settings.time.representation != "representative_days":
        raise InputError(
            resolved.model_path,
            "time.representation",
            "refining adds days to representative days: expected representative_days",
        )
    if rounds < 1 or days_per_round < 1:
        raise InputError("--rounds", str(rounds), "expected at least one round and one day")
    out_dir = Path(out_dir)
    if out_dir.exists():
        raise OutputError(f"{out_dir}: already exists; choose another --out")
    out_dir.mkdir(parents=True)
    days = list(resolved.settings.time.extra_days)
    records: list[RefineRound] = []
    for number in range(1, rounds + 1):
        scenario = apply_overrides(resolved, {"time.extra_days": sorted(days)})
        result = run_scenario(catalogue, scenario)
        folder = write_results(result, out_dir / f"round-{number}")
        validation = validate_results_dir(folder, catalogue)
        summary = validation.summary
        short = short_days(validation, days_per_round)
        record = RefineRound(
            round=number,
            extra_days=sorted(days),
            folder=str(folder),
            planned_cost_cny_per_year=summary["planned_cost_cny_per_year"],
            full_year_cost_cny_per_year=summary["full_year_cost_cny_per_year"],
            holds_over_full_year=summary["holds_over_full_year"],
            unserved_it_energy_mwh=summary["unserved_it_energy_mwh"],
            green_shortfall_mwh=summary["green_shortfall_mwh"],
            short_days=short,
        )
        records.append(record)
        write_rounds(out_dir, records)
        if progress is not None:
            verdict = "holds" if record.holds_over_full_year else "falls short"
            progress(f"round {number}: {len(days)} extra days; the plan {verdict}")
        new = [day for day in short if day not in days]
        if record.holds_over_full_year or not new:
            break
        days += new
    return records


def write_rounds(out_dir: Path, records: list[RefineRound]) -> None:
    """Write ``refine.json`` (the rounds so far) into the refine folder."""
    rows: list[dict[str, Any]] = [asdict(record) for record in records]
    (out_dir / "refine.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


def rounds_table(records: list[RefineRound]) -> pd.DataFrame:
    """Return the rounds as a table (one row per round)."""
    return pd.DataFrame([asdict(record) for record in records])
