"""The ``dcsite`` command line: one command per job, each calling one library function.

Every error prints one line on stderr and exits with its code: 2 bad input, 3 infeasible or
unbounded, 4 solved and written but a map or the report could not be drawn, 1 anything else
(an internal error); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.markup import escape

from optimiser.errors import EXIT_DECORATION_FAILED, InfeasibleError
from optimiser.terminal.consoles import console
from optimiser.terminal.decorations import draw_decorations
from optimiser.terminal.error_reporting import run_reporting_errors
from optimiser.terminal.input_checks import (
    check_names,
    refuse_missing_folder,
    refuse_missing_targets,
)
from optimiser.terminal.plan_view import audit_and_print, print_diagnosis, print_summary
from optimiser.terminal.progress import PointLines, StageProgress
from optimiser.terminal.study_views import alternatives_and_print, rounds_table, shortfall_view
from optimiser.terminal.validation_view import validate_and_print, validate_with_progress
from optimiser.terminal.verdict import print_verdict

app = typer.Typer(
    name="dcsite",
    help="Where to put compute capacity in China's East Data, West Computing programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}
T = TypeVar("T")

ModelArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Model file (YAML) or a built-in model's name (pathway-2030). Default: the "
        "built-in 2025 national model.",
        show_default=False,
    ),
]
ScenarioOption = Annotated[str, typer.Option("--scenario", "-s", help="Scenario name.")]
ReviewNumberOption = Annotated[
    str | None,
    typer.Option(
        "--review-number",
        help="Map review number (审图号) to print, e.g. 'GS(2024)1234号', for maps that passed "
        "map review (default: the run's maps.review_number; none for the catalogue).",
        show_default=False,
    ),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="Override a setting: KEY=VALUE (dotted key), repeatable.", show_default=False
    ),
]


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Solve planning scenarios, compare policies and draw regional maps."""
    _state["debug"] = debug
    # A kill (SIGTERM) unwinds like Ctrl-C, so a half-written results folder is removed.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_guarded(action: Callable[[], T]) -> T:
    """Run a command's body, turning every error into one line and an exit code.

    See :func:`optimiser.terminal.error_reporting.run_reporting_errors`; ``--debug`` shows
    tracebacks instead.
    """
    return run_reporting_errors(action, debug=_state["debug"])


def _model_path(model: Path | None) -> Path:
    from optimiser.paths import resolve_model_path

    return resolve_model_path(model)


@app.command()
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
) -> None:
    """Solve one scenario (or a 2025 → 2030 pathway) and write its results folder."""

    def action() -> None:
        from optimiser.scenario import resolve_scenario

        # Names and --set values are checked before the solver stack (Pyomo, SciPy, several
        # seconds) is imported, so a typo is answered at once.
        resolved = resolve_scenario(_model_path(model), scenario, set_ or [])
        refuse_validation_settings_unchecked(validate_plan, set_ or [])
        from optimiser.pipeline import solve as solve_scenario
        from optimiser.results.folder import check_output_dir, default_output_dir, write_results
        from optimiser.terminal.pathway import solve_pathway_command

        pathway = (_model_path(model), scenario, set_ or [], catalogue)
        one_year = {"--verbose": verbose, "--diagnose": diagnose, "--export-model": export_model}
        if solve_pathway_command(
            *pathway,
            out=out,
            overwrite=overwrite,
            maps=maps,
            foresight=foresight,
            validate=validate_plan,
            single_year_options=one_year,
        ):
            return
        if out is not None:
            check_output_dir(out, overwrite)
        if export_model is not None and export_model.suffix.lower() not in {".mps", ".lp"}:
            from optimiser.errors import InputError

            raise InputError("--export-model", str(export_model), "expected .mps or .lp")
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
                    result = solve_scenario(
                        _model_path(model),
                        scenario,
                        set_ or [],
                        catalogue,
                        export_path=export_model,
                        progress=stages.update,
                        verbose=verbose,
                    )
                except InfeasibleError as error:
                    if diagnose and isinstance(error.context, tuple):
                        stages.update("diagnosing: relaxing the rules with priced slack")
                        print_diagnosis(*error.context)
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


@app.command()
def alternatives(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    group: Annotated[
        str, typer.Option(help="Sites whose new capacity varies: east, west, a hub or a site.")
    ] = "east",
    slack: Annotated[
        float, typer.Option(help="Allowed cost increase over the optimum [fraction].")
    ] = 0.05,
    set_: SetOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder to write (new).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
) -> None:
    """Show how firm the siting is: least and most compute a group serves within a cost slack."""

    def action() -> None:
        check_names(_model_path(model), [scenario], set_ or [])
        alternatives_and_print(
            _model_path(model),
            scenario,
            group,
            slack,
            out_dir=out,
            overrides=set_ or [],
            overwrite=overwrite,
        )

    run_guarded(action)


@app.command()
def audit(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder, or a comparison or sweep folder.")
    ],
) -> None:
    """Re-check solved plans from their folders alone, in plain pandas."""

    def action() -> None:
        refuse_missing_folder(result_dir)
        audit_and_print(result_dir)

    run_guarded(action)


@app.command()
def validate(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    weather_year: Annotated[
        int | None,
        typer.Option(
            "--weather-year",
            help="Dispatch on this weather year's wind and solar (default: the year the plan "
            "was made on); written to validation-weather-year-<year>/.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Dispatch a solved plan over all 8,760 hours and say whether it holds."""

    def action() -> None:
        refuse_missing_folder(result_dir, needs_summary=True)
        validate_and_print(result_dir, weather_year)

    run_guarded(action)


@app.command()
def refine(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    set_: SetOption = None,
    rounds: Annotated[int, typer.Option(help="Largest number of solves.")] = 3,
    days_per_round: Annotated[int, typer.Option(help="Short days added per round, at most.")] = 4,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Refine folder (new).")] = None,
) -> None:
    """Optimise, check over the full year, correct the days and targets, again, until it holds."""

    def action() -> None:
        from optimiser.scenario import resolve_scenario

        resolved = resolve_scenario(_model_path(model), scenario, set_ or [])
        from optimiser.data.catalogue import load_catalogue
        from optimiser.results.folder import next_free_dir
        from optimiser.studies.refine import refine_plan

        folder = out or next_free_dir(f"{resolved.model_name}-{resolved.scenario_name}-refine")
        stages = StageProgress(console)
        with stages.shown("refining: solving and validating round 1"):

            def progress(line: str) -> None:
                console.print(line)
                stages.update("refining: solving and validating the next round")

            records = refine_plan(
                load_catalogue(resolved.catalogue_path),
                resolved,
                folder,
                rounds=rounds,
                days_per_round=days_per_round,
                progress=progress,
            )
        console.print(rounds_table(records))
        console.print(f"rounds written to [bold]{folder}[/]")

    run_guarded(action)


@app.command()
def check(
    model: ModelArgument = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", "-s", help="Scenario(s) to check; default all."),
    ] = None,
    set_: SetOption = None,
) -> None:
    """Validate a model file and the catalogue without solving."""

    def action() -> None:
        from optimiser.scenario import load_model_file

        path = _model_path(model)
        names = scenario or list(load_model_file(path).scenarios)
        check_names(_model_path(model), names, set_ or [])
        from optimiser.data.catalogue import load_catalogue
        from optimiser.lp.pathway import prepare_pathway
        from optimiser.scenario import resolve_scenario

        for name in names:
            resolved = resolve_scenario(path, name, set_ or [])
            # Every period of a pathway is prepared, so a bad period change is found too.
            pathway = prepare_pathway(load_catalogue(resolved.catalogue_path), resolved)
            inputs = pathway.inputs[pathway.periods[-1]]
            periods = f"; periods {pathway.periods}" if len(pathway.periods) > 1 else ""
            console.print(
                f"[green]ok[/] {name}: {len(inputs.sites)} sites, "
                f"{len(inputs.regions)} regions, {len(inputs.hours)} hours, "
                f"{len(inputs.corridors)} corridors{periods}"
            )

    run_guarded(action)


@app.command()
def scenarios(model: ModelArgument = None) -> None:
    """List a model's scenarios and every settable key with its default."""

    def action() -> None:
        from optimiser.terminal.input_views import print_scenarios

        print_scenarios(_model_path(model))

    run_guarded(action)


@app.command()
def regions(
    map_: Annotated[
        Path | None, typer.Option("--map", help="Draw the catalogue on a map (PNG/SVG/PDF).")
    ] = None,
    catalogue: Annotated[Path | None, typer.Option(help="Catalogue folder.")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing map file.")] = False,
    review_number: ReviewNumberOption = None,
) -> None:
    """Show the candidate sites of the data catalogue, and draw them on a map."""

    def action() -> None:
        from optimiser.data.catalogue import load_catalogue
        from optimiser.terminal.input_views import catalogue_table

        loaded = load_catalogue(catalogue)
        table = catalogue_table(loaded)
        console.print(table)
        if map_ is not None:
            from optimiser.maps.catalogue_map import draw_catalogue_map
            from optimiser.maps.draw import checked_review_number

            written = draw_catalogue_map(
                loaded,
                map_,
                overwrite=overwrite,
                review_number=checked_review_number(review_number),
            )
            console.print(f"map written to [bold]{written}[/]")

    run_guarded(action)


@app.command("map")
def map_command(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    kind: Annotated[str, typer.Option("--kind", help="capacity, green, flows or all.")] = "all",
    fmt: Annotated[str, typer.Option("--format", help="png, svg or pdf.")] = "png",
    lang: Annotated[str, typer.Option("--lang", help="Site names in en or zh.")] = "en",
    overwrite: Annotated[bool, typer.Option(help="Replace existing map files.")] = False,
    review_number: ReviewNumberOption = None,
) -> None:
    """Draw the maps of a results folder again, from its files alone (no solve)."""

    def action() -> None:
        refuse_missing_folder(result_dir)
        from optimiser.maps.base import RESULT_MAP_KINDS
        from optimiser.maps.draw import draw_result_maps

        kinds = list(RESULT_MAP_KINDS) if kind == "all" else [kind]
        written = draw_result_maps(
            result_dir,
            kinds,
            fmt=fmt,
            lang=lang,
            overwrite=overwrite,
            review_number=review_number,
        )
        for path in written:
            console.print(f"map written to [bold]{path}[/]")

    run_guarded(action)


@app.command("shortfall")
def shortfall_command(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    demand_scale: Annotated[
        float,
        typer.Option(help="Demand that comes, as a share of the planned [fraction 0-1]."),
    ] = 0.7,
    set_: SetOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Study folder (new).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
) -> None:
    """Demand lower than planned: keep what the plan built, serve less, show what stands idle."""

    def action() -> None:
        check_names(_model_path(model), [scenario], set_ or [])
        from optimiser.studies.shortfall import run_demand_shortfall

        started = time.perf_counter()
        # Two solves of a minute or more: each finished stage leaves a line with its time.
        stages = StageProgress(console, started=started, keep=True)
        with stages.shown("reading the model and the catalogue"):
            written, table = run_demand_shortfall(
                _model_path(model),
                scenario,
                demand_scale,
                out,
                overrides=set_ or [],
                overwrite=overwrite,
                progress=stages.update,
            )
        console.print(shortfall_view(table, demand_scale))
        console.print(
            f"study written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


@app.command("report")
def report_command(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing report.html.")] = False,
) -> None:
    """Write the folder's report.html again, from its files alone (no solve)."""

    def action() -> None:
        refuse_missing_folder(result_dir)
        from optimiser.report import write_report

        console.print(f"report written to [bold]{write_report(result_dir, overwrite=overwrite)}[/]")

    run_guarded(action)


@app.command("export")
def export_command(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    fmt: Annotated[str, typer.Option("--format", help="Export format: xlsx.")] = "xlsx",
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Same as --format xlsx.")] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Workbook to write (default: RESULT_DIR/<name>.xlsx)."),
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing workbook.")] = False,
) -> None:
    """Write the folder's tables as one Excel workbook, with a README sheet of units."""

    def action() -> None:
        from optimiser.errors import InputError
        from optimiser.export import write_workbook

        if fmt != "xlsx":  # --xlsx is the default spelled out; any other format is refused
            raise InputError("--format", fmt, "expected xlsx")
        written = write_workbook(result_dir, out, overwrite=overwrite)
        console.print(f"workbook written to [bold]{written}[/]")

    run_guarded(action)


@app.command("compare")
def compare_command(
    targets: Annotated[
        list[Path] | None,
        typer.Argument(
            help="A model file (default: the built-in model), or two or more "
            "results folders already solved.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            "-s",
            help="Scenario to solve, repeatable; the first is the reference of the changes.",
        ),
    ] = None,
    set_: SetOption = None,
    label: Annotated[
        list[str] | None,
        typer.Option(
            "--label",
            help="Readable name of each scenario or folder, in order, repeatable "
            "(default: the scenario's description).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Comparison folder (new).")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
    maps: Annotated[
        bool, typer.Option("--maps/--no-maps", help="Draw the difference maps.")
    ] = True,
    validate_plans: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Dispatch each solved plan over all 8,760 hours and record whether it holds.",
        ),
    ] = True,
) -> None:
    """Compare scenarios: headline figures, sites and the price of each policy."""

    def action() -> None:
        refuse_missing_targets(targets or [])
        model_file = _model_path(targets[0] if targets else None)
        if len(targets or []) <= 1 and model_file.is_file():  # not folders: names to check
            check_names(model_file, scenario or [], set_ or [])
        from optimiser.studies.compare import run_compare
        from optimiser.studies.readable import rich_comparison

        started = time.perf_counter()
        stages = StageProgress(console)
        with stages.shown("comparing"):
            written, table = run_compare(
                [str(target) for target in targets or []],
                scenario or [],
                out,
                overrides=set_ or [],
                labels=label or [],
                overwrite=overwrite,
                difference_maps=maps,
                progress=stages.update,
                validate=validate_plans,
            )
        console.print(rich_comparison(table))
        console.print(
            f"comparison written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


@app.command("sweep")
def sweep_command(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            help="Setting to vary: KEY=START:STOP:STEP (STOP included) or "
            "KEY=V1,V2,...; repeatable (cartesian product).",
            show_default=False,
        ),
    ] = None,
    set_: SetOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="Dask worker processes on this machine "
            "(0: solve here, one point after the other).",
        ),
    ] = 0,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of a running Dask scheduler.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Sweep folder.")] = None,
    resume: Annotated[
        bool, typer.Option(help="Continue the sweep in --out, solving only missing points.")
    ] = False,
    overwrite: Annotated[bool, typer.Option(help="Delete --out and start again.")] = False,
    validate_points: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Dispatch each point's plan over all 8,760 hours and record whether it holds.",
        ),
    ] = True,
) -> None:
    """Solve a grid of settings and draw the cost curve (re-solving, not rebuilding)."""

    def action() -> None:
        check_names(_model_path(model), [scenario], set_ or [])
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from optimiser.studies.sweep import default_sweep_dir, parse_vary, run_sweep, sweep_grid

        axes = [parse_vary(text) for text in vary or []]
        if resume and out is None:
            from optimiser.errors import InputError

            raise InputError("--resume", "", "give the sweep folder to resume with --out")
        target = out or default_sweep_dir()
        started = time.perf_counter()
        total = len(sweep_grid(axes)) if axes else 0
        line = PointLines(console, total, started)  # a log's progress: one line per point

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,  # a log gets one line per point instead
        ) as bar:
            task = bar.add_task("solving points", total=total)
            if resume and (target / "points").is_dir():
                from optimiser.studies.sweep import point_id, read_points

                done = read_points(target)
                bar.advance(task, sum(point_id(values) in done for values in sweep_grid(axes)))
            table = run_sweep(
                _model_path(model),
                axes,
                target,
                scenario=scenario,
                overrides=set_ or [],
                workers=workers,
                scheduler=scheduler,
                resume=resume,
                overwrite=overwrite,
                on_point=(lambda record: bar.advance(task)) if console.is_terminal else line,
                validate=validate_points,
            )
        counts = table["status"].value_counts().to_dict()
        console.print(
            ", ".join(f"{count} {status}" for status, count in counts.items())
            + f"; sweep written to [bold]{target}[/] "
            f"({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


@app.command("profiles")
def profiles_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write (new).")],
    epw: Annotated[
        Path | None,
        typer.Option("--epw", help="Folder of EPW (or CSV) station files, a typical year each."),
    ] = None,
    era5: Annotated[
        Path | None, typer.Option("--era5", help="An ERA5 cutout (.nc) made with atlite.")
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option("--year", help="ERA5: calendar year to convert, repeatable (default all)."),
    ] = None,
    max_distance_km: Annotated[
        float, typer.Option(help="EPW: farthest a station may be from its site, in km.")
    ] = 300.0,
    catalogue: Annotated[
        Path | None, typer.Option(help="Catalogue folder of the sites (default: built-in).")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
) -> None:
    """Turn real weather into solar and wind profiles, calibrated to full-load hours."""

    def action() -> None:
        from rich.table import Table

        from optimiser.data.catalogue import load_catalogue
        from optimiser.data.weather import OUTPUT_FILES, write_weather_profiles
        from optimiser.errors import InputError, OutputError

        if (epw is None) == (era5 is None):
            raise InputError("--epw/--era5", "", "give exactly one weather source")
        if year and era5 is None:
            raise InputError("--year", "", "applies to --era5 only (a typical year has no year)")
        if out.exists() and not overwrite:
            raise OutputError(f"{out}: already exists; choose another --out or pass --overwrite")
        started = time.perf_counter()
        sites = load_catalogue(catalogue)
        if era5 is not None:
            from optimiser.data.weather_era5 import era5_profiles

            profiles = era5_profiles(era5, sites, years=year)
        else:
            from optimiser.data.weather_stations import station_profiles

            assert epw is not None
            profiles = station_profiles(epw, sites, max_distance_km=max_distance_km)
        written = write_weather_profiles(profiles, out, overwrite=overwrite)
        table = Table("site", "weather", "km", "solar ×", "wind speed ×")
        for site, row in profiles.calibration.iterrows():
            table.add_row(
                str(site),
                escape(str(row["weather_source"])),
                f"{row['distance_km']:.0f}",
                f"{row['solar_multiplier']:.3f}",
                f"{row['wind_speed_multiplier']:.3f}",
            )
        console.print(table)
        years = profiles.solar.get("weather_year")
        span = "a typical year" if years is None else f"years {', '.join(map(str, years.unique()))}"
        console.print(
            f"profiles of {len(profiles.calibration)} sites ({span}) written to [bold]{written}[/] "
            f"({time.perf_counter() - started:.1f} s); use them with --set "
            f"profiles.solar_capacity_factor_csv={written / OUTPUT_FILES['solar']} and "
            f"profiles.wind_capacity_factor_csv={written / OUTPUT_FILES['wind']}",
            highlight=False,
        )

    run_guarded(action)


def run() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m optimiser``."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
