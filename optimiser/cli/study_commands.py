"""The commands of several solves: alternatives, refine, shortfall, compare and sweep."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from optimiser.cli.guard import run_guarded
from optimiser.cli.options import (
    LangOption,
    ModelArgument,
    ScenarioOption,
    SetOption,
    model_path,
)
from optimiser.terminal.consoles import console
from optimiser.terminal.input_checks import check_names, refuse_missing_targets
from optimiser.terminal.progress import PointLines, StageProgress
from optimiser.terminal.study_views import alternatives_and_print, rounds_table, shortfall_view


def refuse_language(lang: str) -> None:
    """Refuse a language that cannot be written (Chinese without a CJK font) before any solve."""
    from optimiser.words import resolve_language

    resolve_language(lang)


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
        check_names(model_path(model), [scenario], set_ or [])
        alternatives_and_print(
            model_path(model),
            scenario,
            group,
            slack,
            out_dir=out,
            overrides=set_ or [],
            overwrite=overwrite,
        )

    run_guarded(action)


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

        resolved = resolve_scenario(model_path(model), scenario, set_ or [])
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
    lang: LangOption = "en",
) -> None:
    """Demand lower than planned: keep what the plan built, serve less, show what stands idle."""

    def action() -> None:
        check_names(model_path(model), [scenario], set_ or [])
        refuse_language(lang)
        from optimiser.studies.shortfall import run_demand_shortfall

        started = time.perf_counter()
        # Two solves of a minute or more: each finished stage leaves a line with its time.
        stages = StageProgress(console, started=started, keep=True)
        with stages.shown("reading the model and the catalogue"):
            written, table = run_demand_shortfall(
                model_path(model),
                scenario,
                demand_scale,
                out,
                overrides=set_ or [],
                overwrite=overwrite,
                progress=stages.update,
                lang=lang,
            )
        console.print(shortfall_view(table, demand_scale))
        console.print(
            f"study written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


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
    lang: LangOption = "en",
) -> None:
    """Compare scenarios: headline figures, sites and the price of each policy."""

    def action() -> None:
        refuse_missing_targets(targets or [])
        refuse_language(lang)
        model_file = model_path(targets[0] if targets else None)
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
                lang=lang,
            )
        console.print(rich_comparison(table))
        console.print(
            f"comparison written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


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
    overwrite: Annotated[
        bool,
        typer.Option(help="Start again (the old --out stays until the new sweep is complete)."),
    ] = False,
    validate_points: Annotated[
        bool,
        typer.Option(
            "--validate/--no-validate",
            help="Dispatch each point's plan over all 8,760 hours and record whether it holds.",
        ),
    ] = True,
    lang: LangOption = "en",
) -> None:
    """Solve a grid of settings and draw the cost curve (re-solving, not rebuilding)."""

    def action() -> None:
        check_names(model_path(model), [scenario], set_ or [])
        refuse_language(lang)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from optimiser.studies.sweep import (
            default_sweep_dir,
            parse_vary,
            run_sweep,
            sweep_grid,
        )
        from optimiser.studies.sweep_folder import working_dir

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
            written = working_dir(target, resume=resume, overwrite=overwrite)
            if resume and (written / "points").is_dir():
                from optimiser.studies.sweep import point_id
                from optimiser.studies.sweep_folder import read_points

                done = read_points(written)
                bar.advance(task, sum(point_id(values) in done for values in sweep_grid(axes)))
            table = run_sweep(
                model_path(model),
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
                lang=lang,
            )
        counts = table["status"].value_counts().to_dict()
        console.print(
            ", ".join(f"{count} {status}" for status, count in counts.items())
            + f"; sweep written to [bold]{target}[/] "
            f"({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)
