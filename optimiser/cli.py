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
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from optimiser.errors import DcsiteError, InfeasibleError
from optimiser.paths import PACKAGE_DIR

app = typer.Typer(
    name="dcsite",
    help="Where to put compute capacity in China's East Data, West Computing programme.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Tables stay readable when the output is a file or a pipe (rich would assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 160)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 1000)
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
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            return _run_reporting_errors(action)
    finally:
        for warning in caught:
            if PACKAGE_DIR in Path(warning.filename).resolve().parents:
                _print_error(f"[bold yellow]warning:[/] {escape(str(warning.message))}")
            else:  # another library's warning keeps Python's own form
                warnings.showwarning(
                    warning.message, warning.category, warning.filename, warning.lineno
                )


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
    validate_plan: Annotated[
        bool,
        typer.Option(
            "--validate", help="Then dispatch the plan over all 8,760 hours (dcsite validate)."
        ),
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
        with console.status("reading the model") as status:

            def progress(stage: str) -> None:
                status.update(f"{stage}…")

            try:
                result = solve_scenario(
                    _model_path(model),
                    scenario,
                    set_ or [],
                    catalogue,
                    export_path=export_model,
                    progress=progress,
                )
            except InfeasibleError as error:
                if diagnose and isinstance(error.context, tuple):
                    status.update("diagnosing: relaxing the rules with priced slack…")
                    print_diagnosis(*error.context)
                raise
            status.update("writing results…")
            # The plan is written and audited first; pictures follow and cannot lose it.
            written = write_results(
                result, out or default_output_dir(result), overwrite=overwrite, renumber=out is None
            )
        print_summary(result.summary, result.clusters)
        if validate_plan:
            # Before the pictures, so that the report can show the verdict.
            validate_and_print(written)
        failed = draw_decorations(written, result) if maps else []
        console.print(
            f"results written to [bold]{written}[/] ({time.perf_counter() - started:.1f} s)"
        )
        if failed:
            raise typer.Exit(EXIT_DECORATION_FAILED)

    run_guarded(action)


def draw_decorations(folder: Path, result: Any) -> list[str]:
    """Draw the maps, GeoPackage and report of a written plan; return those that failed."""
    from optimiser.pipeline import write_decorations

    try:
        with console.status("drawing maps and report…") as status:
            outcomes = write_decorations(
                folder, result, progress=lambda stage: status.update(f"{stage}…")
            )
    except KeyboardInterrupt:
        error_console.print(
            f"[bold red]interrupted[/] while drawing: the plan in {folder} is complete and "
            f"audited; draw its maps with `dcsite map {folder}`"
        )
        raise typer.Exit(130) from None
    failed = [name for name, outcome in outcomes.items() if outcome != "written"]
    for name in failed:
        error_console.print(
            f"[bold yellow]warning:[/] {name} not written: "
            f"{escape(outcomes[name].removeprefix('failed: '))} (recorded in summary.json)",
            highlight=False,
            soft_wrap=True,
        )
    return failed


def print_diagnosis(compiled: Any, options: dict[str, Any]) -> None:
    """Print the smallest violations of each rule that would make the scenario feasible."""
    from optimiser.lp.diagnose import relaxed_solution, summarise_violations

    summary = summarise_violations(relaxed_solution(compiled, options))
    if summary.empty:
        console.print("diagnosis: even with every relaxable rule relaxed, no plan exists")
        return
    table = Table(title="Diagnosis: the smallest violations that would make a plan (rule units)")
    for column in ("rule", "rows violated", "total", "largest", "largest at"):
        table.add_column(column, justify="right" if column in {"total", "largest"} else "left")
    for row in summary.itertuples(index=False):
        table.add_row(
            row.rule,
            str(row.rows),
            f"{row.total:,.3f}",
            f"{row.largest:,.3f}",
            escape(row.example),
        )
    console.print(table)


def print_summary(summary: dict[str, Any], clusters: Any) -> None:
    """Print the headline figures and the sites table of a plan."""

    def share(value: float | None) -> str:
        # None (nothing new built) and NaN (a site that consumes nothing) have no share.
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    console.print(
        f"[bold]{summary['model']} / {summary['scenario']}[/]: optimal, "
        f"cost {summary['objective_cny_per_year'] / 1e9:,.2f} bn CNY/yr; new IT capacity "
        f"{summary['new_it_capacity_mw']:,.0f} MW ({share(summary['west_share_of_new_capacity'])}"
        f" west); green share {share(summary['green_share_annual'])} annual, "
        f"{share(summary['green_share_hourly'])} hour-matched; emissions "
        f"{summary['emissions_tco2_per_year'] / 1e6:,.2f} MtCO2/yr; audit passed"
    )
    table = Table(title="Sites", show_lines=False)
    for column in (
        "site",
        "role",
        "existing MW",
        "new MW",
        "wind MW",
        "solar MW",
        "green annual",
        "green hour-matched",
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

        resolved = resolve_scenario(_model_path(model), scenario, set_ or [])
        with console.status("solving the least-cost plan and its alternatives…"):
            plans = near_optimal_range(
                load_catalogue(resolved.catalogue_path), resolved, group, slack
            )
        table = alternatives_table(plans)
        view = Table(
            title=f"Near-optimal range of compute served in {group} "
            f"(cost within {100 * slack:.1f} % of the optimum)"
        )
        for column in (
            "plan",
            f"IT energy in {group} TWh/yr",
            f"new IT MW in {group}",
            "cost bn CNY/yr",
            "cost increase",
        ):
            view.add_column(column, justify="left" if column == "plan" else "right")
        for row in table.itertuples(index=False):
            view.add_row(
                row.plan,
                f"{row.group_it_energy_mwh / 1e6:,.2f}",
                f"{row.group_new_it_capacity_mw:,.0f}",
                f"{row.objective_cny_per_year / 1e9:,.3f}",
                f"{100 * row.cost_increase:+.2f} %",
            )
        console.print(view)

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
def validate(
    result_dir: Annotated[Path, typer.Argument(help="A results folder written by solve.")],
) -> None:
    """Dispatch a solved plan over all 8,760 hours and say whether it holds."""

    def action() -> None:
        validate_and_print(result_dir)

    run_guarded(action)


def validate_and_print(result_dir: Path) -> None:
    """Validate a results folder over the full year and print the verdict per site."""
    from optimiser.results.validation import validate_results_dir

    with console.status("full-year validation: reading…") as status:
        validation = validate_results_dir(
            result_dir, progress=lambda stage: status.update(f"full-year validation: {stage}…")
        )
    print_validation(validation.summary, validation.clusters)
    console.print(f"validation written to [bold]{result_dir / 'validation'}[/]")


def print_validation(summary: dict[str, Any], clusters: Any) -> None:
    """Print the full-year verdict, costs and shortfalls of a validated plan."""

    def share(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    verdict = "[green]yes[/]" if summary["holds_over_full_year"] else "[red]no[/]"
    console.print(
        f"[bold]full year ({summary['hours']:,} h)[/]: plan holds {verdict}; cost "
        f"{summary['full_year_cost_cny_per_year'] / 1e9:,.2f} bn CNY/yr against "
        f"{summary['planned_cost_cny_per_year'] / 1e9:,.2f} planned "
        f"({summary['extra_cost_cny_per_year'] / 1e9:+,.2f} bn); unserved IT energy "
        f"{summary['unserved_it_energy_mwh']:,.0f} MWh in {summary['unserved_hours']:,} h; "
        f"green shortfall {summary['green_shortfall_mwh']:,.0f} MWh; "
        f"{summary['timings_s']['total_s']:.0f} s"
    )
    table = Table(title="Sites over the full year")
    for column in (
        "site",
        "target",
        "green annual",
        "green hour-matched",
        "worst hour",
        "unserved MWh",
        "green short MWh",
        "hours below target",
        "holds",
    ):
        table.add_column(column, justify="left" if column == "site" else "right")
    for row in clusters.itertuples(index=False):
        table.add_row(
            row.cluster_id,
            share(row.green_share_target),
            share(row.green_share_annual),
            share(row.green_share_hourly),
            share(row.min_hourly_green_share),
            f"{row.unserved_it_energy_mwh:,.0f}",
            f"{row.green_shortfall_mwh:,.0f}",
            f"{row.hours_below_target:,}",
            "yes" if row.holds_over_full_year else "[red]no[/]",
        )
    console.print(table)


@app.command()
def refine(
    model: ModelArgument = None,
    scenario: ScenarioOption = "baseline",
    set_: SetOption = None,
    rounds: Annotated[int, typer.Option(help="Largest number of solves.")] = 3,
    days_per_round: Annotated[int, typer.Option(help="Short days added per round, at most.")] = 4,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Refine folder (new).")] = None,
) -> None:
    """Optimise on representative days, validate over the full year, add the short days, again."""

    def action() -> None:
        from optimiser.data.catalogue import load_catalogue
        from optimiser.results.folder import next_free_dir
        from optimiser.scenario import resolve_scenario
        from optimiser.studies.refine import refine_plan

        resolved = resolve_scenario(_model_path(model), scenario, set_ or [])
        folder = out or next_free_dir(f"{resolved.model_name}-{resolved.scenario_name}-refine")
        with console.status("refining: solving and validating round 1…") as status:

            def progress(line: str) -> None:
                console.print(line)
                status.update("refining: solving and validating the next round…")

            records = refine_plan(
                load_catalogue(resolved.catalogue_path),
                resolved,
                folder,
                rounds=rounds,
                days_per_round=days_per_round,
                progress=progress,
            )
        table = Table(title="Rounds")
        for column in (
            "round",
            "extra days",
            "planned bn CNY/yr",
            "full year bn CNY/yr",
            "unserved MWh",
            "green short MWh",
            "holds",
        ):
            table.add_column(column, justify="right")
        for record in records:
            table.add_row(
                str(record.round),
                ", ".join(str(day) for day in record.extra_days) or "–",
                f"{record.planned_cost_cny_per_year / 1e9:,.3f}",
                f"{record.full_year_cost_cny_per_year / 1e9:,.3f}",
                f"{record.unserved_it_energy_mwh:,.0f}",
                f"{record.green_shortfall_mwh:,.0f}",
                "yes" if record.holds_over_full_year else "no",
            )
        console.print(table)
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
        table = Table(title=f"Scenarios of {loaded.name} ({path})")
        table.add_column("scenario")
        table.add_column("parent")
        table.add_column("description")
        for name, entry in loaded.scenarios.items():
            table.add_row(name, entry.parent, entry.description)
        console.print(table)
        keys = Table(title="Settable keys (--set KEY=VALUE); units are in the names")
        for column in ("key", "type", "default", "description"):
            keys.add_column(column, overflow="fold")
        for key, type_name, default, description in settable_keys():
            keys.add_row(key, type_name, repr(default), description)
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

        loaded = load_catalogue(catalogue)
        table = Table(title=f"Candidate sites ({loaded.path})")
        for column in (
            "site",
            "名称",
            "hub",
            "province",
            "role",
            "existing MW",
            "max MW",
            "PUE",
            "utilisation",
        ):
            table.add_column(
                column,
                justify="right" if "MW" in column or column in {"PUE", "utilisation"} else "left",
            )
        for site, row in loaded.clusters.iterrows():
            table.add_row(
                str(site),
                row["name_zh"],
                row["hub_id"],
                row["province_id"],
                row["role"],
                f"{row['existing_it_capacity_mw']:,.0f}",
                f"{row['max_it_capacity_mw']:,.0f}",
                f"{row['pue_limit']:.2f}",
                f"{row['utilisation_target']:.2f}",
            )
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
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Comparison folder (new).")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --out folder.")] = False,
) -> None:
    """Compare scenarios: headline figures, sites and the price of each policy."""

    def action() -> None:
        from optimiser.studies.compare import comparison_rich_table, run_compare

        started = time.perf_counter()
        with console.status("comparing") as status:
            written, table = run_compare(
                [str(target) for target in targets or []],
                scenario or [],
                out,
                overrides=set_ or [],
                overwrite=overwrite,
                progress=lambda message: status.update(f"{message}…"),
            )
        console.print(comparison_rich_table(table))
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
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("solving points", total=len(sweep_grid(axes)) if axes else 0)
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
                on_point=lambda record: bar.advance(task),
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
