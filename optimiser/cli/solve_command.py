"""``dcsite solve``: one scenario (or a pathway) solved, written, checked and drawn.

The plan is written and audited first, then checked over the full year, then drawn: a
failure of a later step keeps what came before and exits 4.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from optimiser.cli.guard import run_guarded
from optimiser.cli.options import ModelArgument, ScenarioOption, SetOption, model_path
from optimiser.errors import EXIT_DECORATION_FAILED, InfeasibleError
from optimiser.terminal.consoles import console
from optimiser.terminal.decorations import draw_decorations
from optimiser.terminal.plan_view import print_diagnosis, print_summary
from optimiser.terminal.progress import StageProgress
from optimiser.terminal.validation_view import validate_with_progress
from optimiser.terminal.verdict import print_verdict

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from optimiser.results.tables import SolveResult
    from optimiser.results.validation import ValidationResult
    from optimiser.scenario import ResolvedScenario


def solve(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    set_: SetOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Results folder (new).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="Draw the maps.")] = True,
    export_model: Annotated[
        Path | None,
        typer.Option("--export-model", help="Also write the LP HiGHS solves (.mps or .lp)."),
    ] = None,
    catalogue: Annotated[
        Path | None, typer.Option(help="Catalogue folder (default: the model's or built-in).")
    ] = None,
    diagnose: Annotated[
        bool, typer.Option("--diagnose", help="If infeasible, relax rules with priced slack.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show HiGHS's log while it solves.")
    ] = False,
    validate_plan: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Dispatch the plan over all 8,760 hours and lead with whether it holds.",
        ),
    ] = True,
    foresight: Annotated[
        str | None, typer.Option(help="Pathway: perfect (one LP) or myopic (period by period).")
    ] = None,
    hold_rounds: Annotated[
        int | None,
        typer.Option(
            "--hold-rounds",
            help=(
                "Plan again with target margins until the green target holds over the full "
                "year, at most this many more rounds (0: none). Default 4."
            ),
        ),
    ] = None,
) -> None:
    """Solve one scenario (or a 2025 → 2030 pathway) and write its results folder."""

    def action() -> None:
        # Names and --set values are checked before the solver stack (Pyomo, SciPy, several
        # seconds) is imported, so a typo is answered at once.
        resolved = resolve_once(model, scenario, set_ or [], foresight)
        refuse_validation_settings_unchecked(validate_plan, set_ or [])
        rounds = checked_hold_rounds(hold_rounds, validate_plan)
        from optimiser.pipeline.pathway import is_pathway

        if is_pathway(resolved):
            from optimiser.terminal.pathway import solve_pathway_command

            one_year = {
                "--verbose": verbose,
                "--diagnose": diagnose,
                "--export-model": export_model,
            }
            solve_pathway_command(
                resolved,
                catalogue,
                out=out,
                overwrite=overwrite,
                maps=maps,
                validate=validate_plan,
                single_year_options=one_year,
            )
            return
        check_single_year_options(foresight, export_model, out, overwrite)
        from optimiser.pipeline.single_year import solve_resolved
        from optimiser.results.folder import default_output_dir, write_results

        started = time.perf_counter()
        stages = StageProgress(console, plain=True if verbose else None, started=started)
        with contextlib.ExitStack() as stack:
            pool = None
            if validate_plan:
                from optimiser.results.dispatch import start_dispatch_workers

                # Spawned now, the full-year check's workers import the LP stack while HiGHS
                # solves on one core, and the check starts at once.
                pool = start_dispatch_workers(resolved.settings.validation.workers)
                if pool is not None:
                    stack.callback(pool.shutdown, cancel_futures=True)
            with stages.shown():
                try:
                    result = solve_resolved(
                        resolved,
                        catalogue,
                        export_path=export_model,
                        progress=stages.update,
                        verbose=verbose,
                    )
                except InfeasibleError as error:
                    context = error.diagnosis_context() if diagnose else None
                    if context is not None:
                        stages.update("diagnosing: relaxing the rules with priced slack")
                        print_diagnosis(*context)
                    raise
                stages.update("writing results")
                # The plan is written and audited first; pictures follow and cannot lose it.
                written = write_results(
                    result,
                    out or default_output_dir(result),
                    overwrite=overwrite,
                    renumber=out is None,
                )
            validation = None
            check_failed = False
            if validate_plan:
                # After the plan is written (a failure here cannot lose it), before the
                # pictures, so that the report can show the verdict.
                try:
                    validation = validate_with_progress(written, pool=pool, started=started)
                except (KeyboardInterrupt, Exception) as error:
                    record_not_validated(written, error)
                    if isinstance(error, KeyboardInterrupt):
                        raise
                    check_failed = True
                else:
                    result, validation = held_plan(
                        written, result, validation, rounds, pool, started
                    )
                    print_verdict(console, validation.summary, validation.clusters)
            else:
                console.print(
                    "[yellow]not checked over the full year (--no-validate)[/]: the plan is "
                    "sized on modelled days; dcsite validate tells whether it holds"
                )
        print_summary(result.summary, result.clusters)
        if validation is not None and not validation.summary["holds_over_full_year"]:
            # Said again last, where the eye lands once the tables have scrolled by.
            console.print(
                "[bold red]warning[/]: this plan does not hold over the full year (above); "
                f"details in {written / 'validation'}",
                highlight=False,
            )
        failed = draw_decorations(written, result, started) if maps else []
        console.print(
            f"results written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )
        if failed or check_failed:
            raise typer.Exit(EXIT_DECORATION_FAILED)

    run_guarded(action)


def resolve_once(
    model: Path | None, scenario: str, overrides: list[str], foresight: str | None
) -> ResolvedScenario:
    """Resolve the scenario of a solve, once; ``--foresight`` is the setting ``pathway.foresight``.

    The resolved scenario is handed on to the solve (:mod:`optimiser.pipeline`), which does not
    resolve it again.
    """
    from optimiser.scenario import resolve_scenario, with_override

    if foresight is not None:
        overrides = list(with_override(overrides, "pathway.foresight", foresight))
    return resolve_scenario(model_path(model), scenario, overrides)


def check_single_year_options(
    foresight: str | None, export_model: Path | None, out: Path | None, overwrite: bool
) -> None:
    """Refuse what a single-year solve cannot honour, before it starts.

    Raises
    ------
    optimiser.errors.InputError
        ``--foresight`` (a pathway's option), an ``--export-model`` file that is neither
        ``.mps`` nor ``.lp``, or an existing ``--out`` folder without ``--overwrite``.
    """
    from optimiser.errors import InputError
    from optimiser.results.folder import check_output_dir

    if foresight is not None:
        raise InputError("--foresight", foresight, "applies to a pathway (pathway.periods) only")
    if out is not None:
        check_output_dir(out, overwrite)
    if export_model is not None and export_model.suffix.lower() not in {".mps", ".lp"}:
        raise InputError("--export-model", str(export_model), "expected .mps or .lp")


def checked_hold_rounds(hold_rounds: int | None, validate_plan: bool) -> int:
    """Return the rounds a solve may add to hold over the full year (``--hold-rounds``).

    Raises
    ------
    optimiser.errors.InputError
        When negative, or given with ``--no-validate`` (the rounds need the full-year check).
    """
    from optimiser.errors import InputError

    if hold_rounds is None:
        if not validate_plan:
            return 0
        from optimiser.studies.hold import DEFAULT_HOLD_ROUNDS

        return DEFAULT_HOLD_ROUNDS
    if hold_rounds < 0:
        raise InputError("--hold-rounds", str(hold_rounds), "expected 0 or more rounds")
    if not validate_plan and hold_rounds > 0:
        raise InputError(
            "--hold-rounds",
            str(hold_rounds),
            "the rounds follow the full-year check, which --no-validate skips; drop one of them",
        )
    return hold_rounds


def held_plan(
    written: Path,
    result: SolveResult,
    validation: ValidationResult,
    rounds: int,
    pool: ProcessPoolExecutor | None,
    started: float,
) -> tuple[SolveResult, ValidationResult]:
    """Plan again with target margins while the plan falls short of its green target.

    Returns the plan and check the folder now holds (the first ones when no round is needed).
    """
    from optimiser.data.catalogue import load_catalogue
    from optimiser.studies.hold import hold_over_full_year, margins_text, needs_margins

    if rounds < 1 or not needs_margins(validation):
        return result, validation
    stages = StageProgress(console, started=started, keep=True)
    with stages.shown("holding over the full year: loading the catalogue"):
        catalogue = load_catalogue(result.summary["catalogue_path"])
        held = hold_over_full_year(
            written,
            result,
            validation,
            catalogue,
            rounds=rounds,
            progress=lambda line: stages.update(f"holding over the full year: {line}"),
            pool=pool,
        )
    if held.chosen_round != 1:
        console.print(
            f"the plan of round {held.chosen_round} (target margins "
            f"{margins_text(held.rounds[held.chosen_round - 1].target_margins)}) is the answer; "
            f"every round is in {written / 'rounds'}",
            highlight=False,
        )
    return held.result, held.validation


def refuse_validation_settings_unchecked(validate_plan: bool, overrides: list[str]) -> None:
    """Refuse a ``--set validation.…`` given with ``--no-validate``: it would be ignored."""
    if validate_plan:
        return
    for override in overrides:
        key = override.split("=", 1)[0].strip()
        if key.startswith("validation."):
            from optimiser.errors import InputError

            raise InputError(
                "--set",
                key,
                "applies to the full-year check, which --no-validate skips; drop one of them",
            )


def record_not_validated(folder: Path, error: BaseException) -> None:
    """Say, in ``summary.json`` and on the console, that a written plan was not checked, and why.

    The plan stays as written and audited; ``holds_over_full_year`` is null.
    """
    from optimiser.results.folder import update_summary

    reason = "interrupted" if isinstance(error, KeyboardInterrupt) else f"{error}".splitlines()[0]
    update_summary(
        folder,
        {"holds_over_full_year": None, "validation": {"status": "not validated", "reason": reason}},
    )
    console.print(
        f"[bold yellow]not validated over the full year[/]: {escape(reason)}; the plan is "
        f"written in {folder}; dcsite validate {folder} checks it",
        highlight=False,
    )
