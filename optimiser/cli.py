"""The ``dcsite`` command line: one command per job, each calling one library function.

Every error prints one line on stderr and exits with its code: 2 bad input, 3 infeasible or
unbounded, 4 solved and written but a map or the report could not be drawn, 1 anything else
(an internal error); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import math
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
import typer
from rich.markup import escape
from rich.table import Table

from optimiser.errors import DcsiteError, InfeasibleError
from optimiser.paths import PACKAGE_DIR
from optimiser.terminal import (
    PointLines,
    StageProgress,
    console,
    draw_decorations,
    error_console,
    print_diagnosis,
)

app = typer.Typer(
    name="dcsite",
    help="Where to put compute capacity in China's East Data, West Computing programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}
EXIT_DECORATION_FAILED = 4
"""Exit code of a solve whose plan was written and audited but a map or the report failed."""
T = TypeVar("T")

ModelArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Model file (YAML). Default: the built-in 2025 national model.", show_default=False
    ),
]
ScenarioOption = Annotated[str, typer.Option("--scenario", "-s", help="Scenario name.")]
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

    The project's errors exit with their own code (2 bad input, 3 infeasible or unbounded);
    anything unexpected exits 1 as an internal error. The project's warnings become
    ``warning:`` lines. ``--debug`` shows tracebacks instead.
    """
    python_form = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        # Shown as they happen (a warning about --workers matters before the sweep, not after).
        if PACKAGE_DIR in Path(filename).resolve().parents:
            _print_error(f"[bold yellow]warning:[/] {escape(str(message))}")
        else:  # another library's warning keeps Python's own form
            python_form(message, category, filename, lineno, file, line)

    with warnings.catch_warnings():
        warnings.showwarning = show
        return _run_reporting_errors(action)


def _run_reporting_errors(action: Callable[[], T]) -> T:
    try:
        return action()
    except (typer.Exit, click.exceptions.Abort, click.exceptions.ClickException):
        raise
    except DcsiteError as error:
        if _state["debug"]:
            raise
        _print_error(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        error_console.print("[bold red]interrupted[/]: nothing was written")
        raise typer.Exit(130) from None
    except Exception as error:
        if _state["debug"]:
            raise
        _print_error(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))} "
            "(run with --debug for the traceback)"
        )
        raise typer.Exit(1) from None


def _print_error(text: str) -> None:
    # Escaped by the callers: rule names such as demand_served[anhui,0] are not rich markup.
    error_console.print(text, highlight=False, soft_wrap=True)


def _model_path(model: Path | None) -> Path:
    from optimiser.paths import default_model_path

    return model if model is not None else default_model_path()


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
        bool,
        typer.Option(
            "--diagnose", help="If infeasible, relax the rules with priced slack and report."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show HiGHS's log while it solves.")
    ] = False,
) -> None:
    """Solve one scenario and write its results folder."""

    def action() -> None:
        from optimiser.pipeline import solve as solve_scenario
        from optimiser.results.folder import check_output_dir, default_output_dir, write_results

        if out is not None:
            check_output_dir(out, overwrite)
        if export_model is not None and export_model.suffix.lower() not in {".mps", ".lp"}:
            from optimiser.errors import InputError

            raise InputError("--export-model", str(export_model), "expected .mps or .lp")
        started = time.perf_counter()
        stages = StageProgress(console, plain=True if verbose else None, started=started)
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
                result, out or default_output_dir(result), overwrite=overwrite, renumber=out is None
            )
        print_summary(result.summary, result.clusters)
        failed = draw_decorations(written, result, started) if maps else []
        console.print(
            f"results written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )
        if failed:
            raise typer.Exit(EXIT_DECORATION_FAILED)

    run_guarded(action)


def print_summary(summary: dict[str, Any], clusters: Any) -> None:
    """Print the headline figures and the sites table of a plan."""

    def share(value: float | None) -> str:
        # None (nothing new built) and NaN (a site that consumes nothing) have no share.
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    console.print(
        f"[bold]{summary['model']} / {summary['scenario']}[/]: optimal, "
        f"cost {summary['objective_cny_per_year'] / 1e9:,.2f} bn CNY/yr, "
        f"emissions {summary['emissions_tco2_per_year'] / 1e6:,.2f} MtCO2/yr; audit passed"
    )
    console.print(
        f"new IT capacity {summary['new_it_capacity_mw']:,.0f} MW: "
        f"{share(summary['west_hub_share_of_new_capacity'])} at the four western hubs "
        "(Inner Mongolia, Guizhou, Gansu, Ningxia), "
        f"{share(summary['western_region_share_of_new_capacity'])} in the 12 provinces of the "
        "western region"
    )
    console.print(
        f"IT capacity {summary['total_it_capacity_mw']:,.0f} MW = "
        f"{summary['total_it_capacity_eflops']:,.0f} EFLOPS = {summary['total_racks']:,.0f} "
        f"racks; idle {share(summary['idle_share'])} ({summary['idle_it_capacity_mw']:,.0f} MW, "
        f"{summary['idle_it_capacity_eflops']:,.0f} EFLOPS), costing "
        f"{summary['stranded_capex_cny_per_year'] / 1e9:,.2f} bn CNY/yr"
    )
    console.print(
        f"green share ({summary['green_accounting']} target "
        f"{share(summary['green_share_target'])}): "
        f"{share(summary['green_share_annual'])} annual (certificates count), "
        f"{share(summary['green_share_hourly'])} hour-matched (grid mix included), "
        f"{share(summary['green_share_hourly_own_supply'])} hour-matched own supply"
    )
    table = Table(
        title="Sites (green shares: annual / hour-matched / own supply)", show_lines=False
    )
    for column in (
        "site",
        "role",
        "existing MW",
        "new MW",
        "wind MW",
        "solar MW",
        "green annual",
        "hour-matched",
        "own supply",
    ):
        table.add_column(column, justify="left" if column in {"site", "role"} else "right")
    for row in clusters.itertuples(index=False):
        table.add_row(
            row.cluster_id,
            row.role,
            f"{row.existing_it_capacity_mw:,.0f}",
            f"{row.new_it_capacity_mw:,.0f}",
            f"{row.wind_capacity_mw:,.0f}",
            f"{row.solar_capacity_mw:,.0f}",
            share(row.green_share_annual),
            share(row.green_share_hourly),
            share(row.green_share_hourly_own_supply),
        )
    console.print(table)


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
) -> None:
    """Show how firm the siting is: least and most compute a group serves within a cost slack."""

    def action() -> None:
        from optimiser.data.catalogue import load_catalogue
        from optimiser.scenario import resolve_scenario
        from optimiser.studies.alternatives import alternatives_table, near_optimal_range
        from optimiser.terminal import alternatives_view

        resolved = resolve_scenario(_model_path(model), scenario, set_ or [])
        stages = StageProgress(console)
        with stages.shown("solving the least-cost plan and its alternatives"):
            plans = near_optimal_range(
                load_catalogue(resolved.catalogue_path), resolved, group, slack
            )
        console.print(alternatives_view(alternatives_table(plans), group, slack))

    run_guarded(action)


@app.command()
def audit(
    result_dir: Annotated[Path, typer.Argument(help="A results folder written by solve.")],
) -> None:
    """Re-check a solved plan from its folder alone, in plain pandas."""

    def action() -> None:
        from optimiser.results.folder import audit_results_dir

        passed = audit_results_dir(result_dir)
        console.print(f"[green]audit passed[/] ({len(passed)} checks: {', '.join(passed)})")

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
        from optimiser.data.catalogue import load_catalogue
        from optimiser.lp.inputs import prepare_inputs
        from optimiser.scenario import load_model_file, resolve_scenario

        path = _model_path(model)
        names = scenario or list(load_model_file(path).scenarios)
        for name in names:
            resolved = resolve_scenario(path, name, set_ or [])
            inputs = prepare_inputs(load_catalogue(resolved.catalogue_path), resolved)
            console.print(
                f"[green]ok[/] {name}: {len(inputs.sites)} sites, "
                f"{len(inputs.regions)} regions, {len(inputs.hours)} hours, "
                f"{len(inputs.corridors)} corridors"
            )

    run_guarded(action)


@app.command()
def scenarios(model: ModelArgument = None) -> None:
    """List a model's scenarios and every settable key with its default."""

    def action() -> None:
        from optimiser.scenario import load_model_file, settable_keys

        path = _model_path(model)
        loaded = load_model_file(path)
        table = Table(title=escape(f"Scenarios of {loaded.name} ({path})"))
        table.add_column("scenario")
        table.add_column("parent")
        table.add_column("description")
        for name, entry in loaded.scenarios.items():
            # Descriptions carry units in brackets ([MW]); rich would read them as markup.
            table.add_row(escape(name), escape(entry.parent), escape(entry.description))
        console.print(table)
        keys = Table(title="Settable keys (--set KEY=VALUE); units are in the names")
        for column in ("key", "type", "default", "description"):
            keys.add_column(column, overflow="fold")
        for key, type_name, default, description in settable_keys():
            keys.add_row(key, escape(type_name), escape(repr(default)), escape(description))
        console.print(keys)

    run_guarded(action)


@app.command()
def regions(
    map_: Annotated[
        Path | None, typer.Option("--map", help="Draw the catalogue on a map (PNG/SVG/PDF).")
    ] = None,
    catalogue: Annotated[Path | None, typer.Option(help="Catalogue folder.")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing map file.")] = False,
) -> None:
    """Show the candidate sites of the data catalogue, and draw them on a map."""

    def action() -> None:
        from optimiser.data.catalogue import load_catalogue
        from optimiser.terminal import catalogue_table

        loaded = load_catalogue(catalogue)
        table = catalogue_table(loaded)
        console.print(table)
        if map_ is not None:
            from optimiser.maps.catalogue_map import draw_catalogue_map

            written = draw_catalogue_map(loaded, map_, overwrite=overwrite)
            console.print(f"map written to [bold]{written}[/]")

    run_guarded(action)


@app.command("map")
def map_command(
    result_dir: Annotated[Path, typer.Argument(help="A results folder written by solve.")],
    kind: Annotated[str, typer.Option("--kind", help="capacity, green, flows or all.")] = "all",
    fmt: Annotated[str, typer.Option("--format", help="png, svg or pdf.")] = "png",
    lang: Annotated[str, typer.Option("--lang", help="Site names in en or zh.")] = "en",
    overwrite: Annotated[bool, typer.Option(help="Replace existing map files.")] = False,
) -> None:
    """Draw the maps of a results folder again, from its files alone (no solve)."""

    def action() -> None:
        from optimiser.maps.base import RESULT_MAP_KINDS
        from optimiser.maps.draw import draw_result_maps

        kinds = list(RESULT_MAP_KINDS) if kind == "all" else [kind]
        written = draw_result_maps(result_dir, kinds, fmt=fmt, lang=lang, overwrite=overwrite)
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
        from optimiser.studies.shortfall import run_demand_shortfall

        started = time.perf_counter()
        with console.status("planning") as status:
            written, table = run_demand_shortfall(
                _model_path(model),
                scenario,
                demand_scale,
                out,
                overrides=set_ or [],
                overwrite=overwrite,
                progress=lambda message: status.update(f"{message}…"),
            )
        view = Table(
            title=f"Built for the planned demand, {100 * demand_scale:.0f} % of it comes: "
            "idle IT capacity by site"
        )
        for column in (
            "site",
            "new MW",
            "idle MW planned",
            "idle MW then",
            "idle EFLOPS then",
            "stranded bn CNY/yr then",
        ):
            view.add_column(column, justify="left" if column == "site" else "right")
        for row in table.itertuples(index=False):
            view.add_row(
                row.cluster_id,
                f"{row.new_it_capacity_mw_planned:,.0f}",
                f"{row.idle_it_capacity_mw_planned:,.0f}",
                f"{row.idle_it_capacity_mw_realised:,.0f}",
                f"{row.idle_it_capacity_eflops_realised:,.1f}",
                f"{row.stranded_capex_cny_per_year_realised / 1e9:,.2f}",
            )
        console.print(view)
        console.print(
            f"study written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


@app.command("report")
def report_command(
    result_dir: Annotated[Path, typer.Argument(help="A results folder written by solve.")],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing report.html.")] = False,
) -> None:
    """Write the folder's report.html again, from its files alone (no solve)."""

    def action() -> None:
        from optimiser.report import write_report

        console.print(f"report written to [bold]{write_report(result_dir, overwrite=overwrite)}[/]")

    run_guarded(action)


@app.command("export")
def export_command(
    result_dir: Annotated[Path, typer.Argument(help="A results folder written by solve.")],
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
) -> None:
    """Compare scenarios: headline figures, sites and the price of each policy."""

    def action() -> None:
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
) -> None:
    """Solve a grid of settings and draw the cost curve (re-solving, not rebuilding)."""

    def action() -> None:
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
            )
        counts = table["status"].value_counts().to_dict()
        console.print(
            ", ".join(f"{count} {status}" for status, count in counts.items())
            + f"; sweep written to [bold]{target}[/] "
            f"({time.perf_counter() - started:.1f} s)"
        )

    run_guarded(action)


def run() -> None:  # pragma: no cover - console entry point
    """Entry point used by ``python -m optimiser``."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
