"""A representation that holds: optimise, validate over the full year, correct, again.

``dcsite refine``. A plan optimised on representative or monthly days is dispatched over all
8,760 hours (:mod:`optimiser.results.validation`). Where it falls short, the next round
corrects the representation in two ways:

- the days of the year where IT load went unserved or an hourly floor was missed are added as
  days of their own (``time.extra_days``);
- a site whose green share over the year falls below its target has its target margin grown
  (``time.target_margins``; by the gap, then by secant steps, :func:`grown_margins`):
  averaged hours smooth away the still, dark hours, so a plan's own CFE score overstates the
  year's, and the margin plans for that. This is the feedback by which ReEDS corrects its
  representative time slices with an hourly dispatch.

The loop stops when the plan holds over the full year, when nothing is left to correct, when
the corrected targets are infeasible (no plan on the representation holds), or after the
given number of rounds; each round is a complete results folder ``round-<n>/`` with
its ``validation/``, and ``refine.json`` lists the rounds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.data.catalogue import Catalogue
from optimiser.errors import InfeasibleError, InputError, OutputError
from optimiser.pipeline.single_year import run_scenario
from optimiser.results.folder import write_results
from optimiser.results.validation import ValidationResult, validate_results_dir
from optimiser.scenario import ResolvedScenario
from optimiser.settings.green_accounting import TARGET_SHARE_COLUMN
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
    target_margins : dict of str to float
        The round's margins on the sites' green targets [fraction].
    status : str
        ``optimal``, or ``infeasible`` when the corrected targets cannot be met (the loop
        stops: no plan on this representation holds; the figures are then NaN).
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
    target_margins: dict[str, float]
    status: str = "optimal"


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


MARGIN_STEP_BEYOND_GAP = 0.002
"""Added to a site's gap when its margin grows [fraction]: lands the next plan just above the
target rather than on it, within the solver's tolerances."""


MOST_STEPS_PER_GAP = 3.0
"""The secant step is at most this many times the gap: a round whose share barely moved must
not send a margin to its bound at once."""


def full_year_shares(validation: ValidationResult) -> dict[str, float]:
    """Return each site's full-year share in the measure its target is set on [fraction]."""
    clusters = validation.clusters.set_index("cluster_id")
    accounting = validation.dispatch.inputs.settings.policy.green_accounting
    return {
        str(site): float(value) for site, value in clusters[TARGET_SHARE_COLUMN[accounting]].items()
    }


def grown_margins(
    validation: ValidationResult,
    margins: dict[str, float],
    previous: tuple[dict[str, float], dict[str, float]] | None = None,
) -> dict[str, float]:
    """Return the target margins grown by each site's green gap over the full year.

    A site whose year falls short of its target (``green_shortfall_mwh`` above zero) gets a
    step added to its margin, plus ``MARGIN_STEP_BEYOND_GAP``. The step is its gap
    ``target - share`` (``share``: its full-year share in the measure the target is set on)
    the first time; from the second round on, the secant through the last two rounds
    (margin against full-year share): raising a target also moves work and plant, so a point
    of margin buys less than a point of share, and the plain gap would take many rounds. The
    secant step lies between the gap and ``MOST_STEPS_PER_GAP`` times it, and a site short two
    rounds running gets twice ``MARGIN_STEP_BEYOND_GAP`` beyond it (on ``hourly-green``,
    Horinger's fifth round fell 0.001 points short with the single step). A margin never
    takes the target beyond 1: at ``1 - target`` nothing is left to correct.

    Parameters
    ----------
    validation : ValidationResult
        The full-year check of the round's plan.
    margins : dict of str to float
        The margins the round planned with.
    previous : tuple of dict, optional
        The margins and full-year shares of the round before.
    """
    clusters = validation.clusters.set_index("cluster_id")
    shares = full_year_shares(validation)
    short = clusters.index[clusters["green_shortfall_mwh"] > 0]
    grown = dict(margins)
    for site in short:
        target = float(clusters.loc[site, "green_share_target"])
        gap = target - shares[site]
        step = gap
        beyond = MARGIN_STEP_BEYOND_GAP
        if previous is not None and site in previous[1]:
            moved_margin = margins.get(site, 0.0) - previous[0].get(site, 0.0)
            moved_share = shares[site] - previous[1][site]
            if moved_margin > 0 and moved_share > 1e-4:
                step = min(MOST_STEPS_PER_GAP * gap, max(gap, gap * moved_margin / moved_share))
            if previous[1][site] < target:
                # Short two rounds running: near the target a point of margin buys less and
                # less share, so land further above it.
                beyond = 2 * MARGIN_STEP_BEYOND_GAP
        grown[site] = min(1.0 - target, max(0.0, grown.get(site, 0.0) + step + beyond))
    return grown


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
        When the scenario does not use representative or monthly days, or a count is below 1.
    """
    if resolved.settings.time.representation not in ("representative_days", "monthly_days"):
        raise InputError(
            resolved.model_path,
            "time.representation",
            "refining adds days to modelled days: expected representative_days or monthly_days",
        )
    if rounds < 1 or days_per_round < 1:
        raise InputError("--rounds", str(rounds), "expected at least one round and one day")
    out_dir = Path(out_dir)
    if out_dir.exists():
        raise OutputError(f"{out_dir}: already exists; choose another --out")
    out_dir.mkdir(parents=True)
    days = list(resolved.settings.time.extra_days)
    margins = dict(resolved.settings.time.target_margins)
    history: tuple[dict[str, float], dict[str, float]] | None = None
    records: list[RefineRound] = []
    for number in range(1, rounds + 1):
        scenario = apply_overrides(
            resolved, {"time.extra_days": sorted(days), "time.target_margins": dict(margins)}
        )
        try:
            result = run_scenario(catalogue, scenario)
        except InfeasibleError as error:
            # The corrected targets cannot be met on these days: the answer is that no plan
            # on this representation holds, which the rounds so far and this line say.
            records.append(infeasible_round(number, days, margins, str(error)))
            write_rounds(out_dir, records)
            if progress is not None:
                progress(f"round {number}: infeasible with the corrected targets; stopping")
            break
        folder = write_results(result, out_dir / f"round-{number}")
        validation = validate_results_dir(folder, catalogue)
        short = short_days(validation, days_per_round)
        record = checked_round(number, folder, validation, margins, sorted(days), short)
        records.append(record)
        write_rounds(out_dir, records)
        if progress is not None:
            verdict = "holds" if record.holds_over_full_year else "falls short"
            progress(
                f"round {number}: {len(days)} extra days, target margins at "
                f"{len(margins)} sites; the plan {verdict}"
            )
        new = [day for day in short if day not in days]
        grown = grown_margins(validation, margins, history)
        history = (dict(margins), full_year_shares(validation))
        if record.holds_over_full_year or (not new and grown == margins):
            break
        days += new
        margins = grown
    return records


def checked_round(
    number: int,
    folder: Path,
    validation: ValidationResult,
    margins: dict[str, float],
    extra_days: list[int] | None = None,
    short: list[int] | None = None,
) -> RefineRound:
    """Return the record of a round solved and checked over the full year.

    Parameters
    ----------
    number : int
        The round, from 1.
    folder : pathlib.Path
        Its results folder.
    validation : ValidationResult
        Its full-year check.
    margins : dict of str to float
        The target margins it planned with [fraction].
    extra_days, short : list of int, optional
        The days kept whole in it, and its worst short days (none by default).
    """
    summary = validation.summary
    return RefineRound(
        round=number,
        extra_days=list(extra_days or []),
        folder=str(folder),
        planned_cost_cny_per_year=summary["planned_cost_cny_per_year"],
        full_year_cost_cny_per_year=summary["full_year_cost_cny_per_year"],
        holds_over_full_year=summary["holds_over_full_year"],
        unserved_it_energy_mwh=summary["unserved_it_energy_mwh"],
        green_shortfall_mwh=summary["green_shortfall_mwh"],
        short_days=list(short or []),
        target_margins=dict(margins),
    )


def infeasible_round(
    number: int, days: list[int], margins: dict[str, float], message: str
) -> RefineRound:
    """Return the record of a round whose corrected scenario is infeasible."""
    nan = float("nan")
    return RefineRound(
        round=number,
        extra_days=sorted(days),
        folder="",
        planned_cost_cny_per_year=nan,
        full_year_cost_cny_per_year=nan,
        holds_over_full_year=False,
        unserved_it_energy_mwh=nan,
        green_shortfall_mwh=nan,
        short_days=[],
        target_margins=dict(margins),
        status=f"infeasible: {message.splitlines()[0]}",
    )


def write_rounds(
    out_dir: Path,
    records: list[RefineRound],
    name: str = "refine.json",
    folder: Callable[[RefineRound], str] | None = None,
) -> None:
    """Write the rounds so far as JSON, one entry per round: ``refine.json`` of ``dcsite refine``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder to write into.
    records : list of RefineRound
        The rounds, in order.
    name : str
        File name (the hold rounds of ``dcsite solve`` write ``rounds/rounds.json``).
    folder : callable, optional
        Each round's folder as recorded; default the round's own ``folder``.
    """
    rows: list[dict[str, Any]] = []
    for record in records:
        row = asdict(record)
        if folder is not None:
            row["folder"] = folder(record)
        rows.append(row)
    (out_dir / name).write_text(json.dumps(rows, indent=2), encoding="utf-8")


def rounds_table(records: list[RefineRound]) -> pd.DataFrame:
    """Return the rounds as a table (one row per round)."""
    return pd.DataFrame([asdict(record) for record in records])
