"""What the ``dcsite`` command shows while it works: stages, elapsed time, tables.

Just below :mod:`optimiser.cli`, which parses the options and calls the library: this module
holds the consoles and the pieces of output that are more than a line. Progress adapts to
where the output goes: in a terminal a rich status line shows the current stage and the time
elapsed; when the output is a file or a pipe (a log), each stage is one plain line with its
elapsed time, printed as it starts, so a log shows where a long run is.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from optimiser.results.validation import ValidationResult

from optimiser.errors import DcsiteError
from optimiser.paths import PACKAGE_DIR

# Tables stay readable when the output is a file or a pipe (rich would assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 220)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 1000)
T = TypeVar("T")


STAGE_TEXT = {
    "read": "reading the model and the catalogue",
    "build": "building the LP",
    "solve": "solving with HiGHS",
    "results": "extracting and auditing the plan",
}
"""How the pipeline's stage names (:func:`optimiser.pipeline.solve`) are shown."""


def stage_text(stage: str) -> str:
    """Return how a stage is shown: a pipeline stage's name spelled out, after any label.

    A study labels the stages of each of its solves (``planned: solve``); the label stays.

    Examples
    --------
    >>> stage_text("planned: solve")
    'planned: solving with HiGHS'
    >>> stage_text("writing results")
    'writing results'
    """
    label, _, name = stage.rpartition(": ")
    if name not in STAGE_TEXT:
        return stage
    return f"{label}: {STAGE_TEXT[name]}" if label else STAGE_TEXT[name]


class LiveStageText:
    """The text of a live status line, its elapsed time read anew at every refresh.

    A stage of a minute or two (a solve, a month's dispatch) shows time passing, never a
    clock stopped at the moment the stage began.

    Parameters
    ----------
    stage : str
        The stage, as shown.
    progress : StageProgress
        Whose start the time counts from.
    """

    def __init__(self, stage: str, progress: StageProgress) -> None:
        self.stage = stage
        self.progress = progress

    def __rich__(self) -> Text:
        """Return the stage and the time elapsed now (rich calls it at every refresh)."""
        return Text(f"{self.stage}… ({self.progress.elapsed:.1f} s)")


class StageProgress:
    """Show the stage a command is in and the time since it started.

    Parameters
    ----------
    output : rich.console.Console
        Where to show it.
    plain : bool
        Print one line per stage instead of a live status line (the default when the output
        is not a terminal; also used with ``--verbose``, whose solver log would garble a live
        line).
    started : float, optional
        When the command started (:func:`time.perf_counter`); default now.
    keep : bool
        In a terminal, also leave a line for each finished stage with the time it took, above
        the live status line (for commands of a few long stages, such as the solves of
        ``dcsite alternatives``).
    """

    def __init__(
        self,
        output: Console,
        *,
        plain: bool | None = None,
        started: float | None = None,
        keep: bool = False,
    ) -> None:
        self.output = output
        self.plain = not output.is_terminal if plain is None else plain
        self.started = time.perf_counter() if started is None else started
        self.keep = keep
        self._status: Any = None
        self._current: tuple[str, float] | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the command started [s]."""
        return time.perf_counter() - self.started

    def update(self, stage: str) -> None:
        """Show that a stage starts."""
        stage = stage_text(stage)
        if self._status is not None:
            self._finish_stage()
            self._current = (stage, self.elapsed)
            self._status.update(LiveStageText(stage, self))
        else:
            self.output.print(f"[{self.elapsed:7.1f} s] {escape(stage)}", highlight=False)
            self.output.file.flush()

    @contextlib.contextmanager
    def shown(self, first: str | None = None) -> Iterator[StageProgress]:
        """Show progress while the block runs, starting with stage ``first`` if given."""
        if self.plain:
            if first is not None:
                self.update(first)
            yield self
            return
        stage = stage_text(first or "starting")
        with self.output.status(LiveStageText(stage, self)) as status:
            self._status = status
            self._current = (stage, self.elapsed)
            try:
                yield self
                self._finish_stage()
            finally:
                self._status = None

    def _finish_stage(self) -> None:
        """In a terminal with ``keep``: leave a line for the stage that just ended."""
        if self.keep and self._current is not None:
            stage, since = self._current
            self.output.print(
                f"[{self.elapsed:7.1f} s] {escape(stage)} ({self.elapsed - since:.1f} s)",
                highlight=False,
            )


class PointLines:
    """Print one plain line per finished sweep point: elapsed time, count, status, values.

    Parameters
    ----------
    output : rich.console.Console
        Where to print.
    total : int
        Points in the sweep.
    started : float
        When the sweep started (:func:`time.perf_counter`).
    """

    def __init__(self, output: Console, total: int, started: float) -> None:
        self.output = output
        self.total = total
        self.started = started
        self.finished = 0

    def __call__(self, record: dict[str, Any]) -> None:
        """Print the line of one finished point (a sweep's ``on_point`` callback)."""
        self.finished += 1
        values = ", ".join(f"{key}={value}" for key, value in record["values"].items())
        self.output.print(
            f"[{time.perf_counter() - self.started:7.1f} s] point {self.finished}/{self.total} "
            f"{record['status']}: {escape(values)}",
            highlight=False,
        )
        self.output.file.flush()


def draw_decorations(folder: Path, result: Any, started: float | None = None) -> list[str]:
    """Draw the maps, GeoPackage and report of a written plan; return those that failed."""
    from optimiser.pipeline import write_decorations

    try:
        stages = StageProgress(console, started=started)
        with stages.shown("drawing maps and report"):
            outcomes = write_decorations(folder, result, progress=stages.update)
    except KeyboardInterrupt:
        error_console.print(
            f"[bold red]interrupted[/] while drawing: the plan in {folder} is complete and "
            f"audited; draw its maps with `dcsite map {folder}`"
        )
        raise typer.Exit(130) from None
    return warn_about_failed_artefacts(outcomes)


def warn_about_failed_artefacts(outcomes: dict[str, str]) -> list[str]:
    """Print one warning per artefact that could not be drawn; return their names."""
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


def catalogue_table(loaded: Any) -> Table:
    """Return the candidate sites of a catalogue as a rich table."""
    table = Table(title=escape(f"Candidate sites ({loaded.path})"))
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
    return table


def alternatives_view(table: Any, group: str, slack: float) -> Table:
    """Return the near-optimal range of a group of sites as a rich table."""
    view = Table(
        title=f"Near-optimal range of compute served in {escape(group)} "
        f"(cost within {100 * slack:.1f} % of the optimum)"
    )
    for column in (
        "plan",
        f"IT energy in {group} TWh/yr",
        f"new IT MW in {group}",
        "cost bn CNY/yr",
        "cost increase",
    ):
        view.add_column(escape(column), justify="left" if column == "plan" else "right")
    for row in table.itertuples(index=False):
        view.add_row(
            row.plan,
            f"{row.group_it_energy_mwh / 1e6:,.2f}",
            f"{row.group_new_it_capacity_mw:,.0f}",
            f"{row.objective_cny_per_year / 1e9:,.3f}",
            f"{100 * row.cost_increase:+.2f} %",
        )
    return view


def alternatives_and_print(
    model: Path, scenario: str, group: str, slack: float, **options: Any
) -> Path:
    """Solve and write the near-optimal range of a group, showing each solve as it happens.

    ``options`` pass on to :func:`optimiser.studies.alternatives.run_alternatives` (``out_dir``,
    ``overrides``, ``overwrite``). Returns the folder written.
    """
    from optimiser.studies.alternatives import run_alternatives

    started = time.perf_counter()
    stages = StageProgress(console, started=started, keep=True)
    with stages.shown("reading the model and the catalogue"):
        written, table = run_alternatives(
            model, scenario, group, slack, progress=stages.update, **options
        )
    console.print(alternatives_view(table, group, slack))
    console.print(
        f"alternatives written to [bold]{escape(str(written))}[/] "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return written


def idle_headline(summary: dict[str, Any]) -> str:
    """Return the idle-capacity headline: the avoidable part first, then the part by design.

    Avoidable is over-building plus demand shortfall; by design the hourly utilisation cap's
    headroom and the hours below the peak, which every plan has (``docs/compute.md``).
    """

    def share(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else f"{100 * value:.1f} %"

    idle, cost = summary["idle_it_capacity_mw"], summary["stranded_capex_cny_per_year"]
    if "idle_it_capacity_avoidable_mw" not in summary:  # a plan written before the split
        return (
            f"idle {share(summary['idle_share'])} ({idle:,.0f} MW, "
            f"{summary['idle_it_capacity_eflops']:,.0f} EFLOPS), costing {cost / 1e9:,.2f} "
            "bn CNY/yr"
        )
    return (
        f"avoidable idle {summary['idle_it_capacity_avoidable_mw']:,.0f} MW "
        f"({share(summary['avoidable_idle_share'])}: over-building "
        f"{summary['idle_it_capacity_overbuilt_mw']:,.0f} MW, demand shortfall "
        f"{summary['idle_it_capacity_shortfall_mw']:,.0f} MW), stranding "
        f"{summary['stranded_capex_avoidable_cny_per_year'] / 1e9:,.2f} bn CNY/yr; idle by "
        f"design (utilisation cap's headroom, hours below the peak) "
        f"{summary['idle_it_capacity_by_design_mw']:,.0f} MW, "
        f"{summary['stranded_capex_by_design_cny_per_year'] / 1e9:,.2f} bn CNY/yr; "
        f"all idle {share(summary['idle_share'])} ({idle:,.0f} MW, "
        f"{summary['idle_it_capacity_eflops']:,.0f} EFLOPS), {cost / 1e9:,.2f} bn CNY/yr"
    )


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
        f"racks; {idle_headline(summary)}"
    )
    console.print(
        f"green share ({summary['green_accounting']} target "
        f"{share(summary['green_share_target'])}): "
        f"{share(summary['green_share_annual'])} annual (certificates count), "
        f"{share(summary['green_share_hourly'])} 24/7 CFE score (grid at its hourly share), "
        f"{share(summary['green_share_hourly_own_supply'])} CFE score on own supply"
    )
    bought = summary.get("certificates_mwh_per_year") or 0.0
    if bought > 0:
        console.print(
            f"certificates {bought / 1e6:,.2f} TWh/yr, "
            f"{summary['certificate_cost_cny_per_year'] / 1e6:,.1f} M CNY/yr, last one at "
            f"{summary['certificate_marginal_price_cny_per_mwh']:,.2f} CNY/MWh"
        )
    table = Table(
        title="Sites (green shares: annual / CFE score / CFE score on own supply)",
        show_lines=False,
    )
    for column in (
        "site",
        "role",
        "existing MW",
        "new MW",
        "wind MW",
        "solar MW",
        "green annual",
        "CFE score",
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


def print_validation(summary: dict[str, Any], clusters: Any) -> None:
    """Print the full-year verdict, costs and shortfalls of a validated plan."""

    def share(value: float | None) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{round(100 * value, 1) + 0.0:.1f} %"  # + 0.0: never "-0.0 %" from noise

    from optimiser.terminal.verdict import print_verdict

    print_verdict(console, summary, clusters)
    console.print(
        f"unserved IT energy {summary['unserved_it_energy_mwh']:,.0f} MWh in "
        f"{summary['unserved_hours']:,} h; green shortfall {summary['green_shortfall_mwh']:,.0f} "
        "MWh over the year; "
        + (
            f"{summary['floor_shortfall_mwh']:,.0f} MWh below the hourly floor; "
            if summary.get("floor_shortfall_mwh")
            else ""
        )
        + f"validated in {summary['timings_s']['total_s']:.0f} s"
    )
    table = Table(title="Sites over the full year")
    for column in (
        "site",
        "target",
        "green annual",
        "CFE score",
        "own supply",
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
            share(getattr(row, "green_share_hourly_own_supply", None)),
            share(row.min_hourly_green_share),
            f"{row.unserved_it_energy_mwh:,.0f}",
            f"{row.green_shortfall_mwh:,.0f}",
            f"{row.hours_below_target:,}",
            "yes" if row.holds_over_full_year else "[red]no[/]",
        )
    console.print(table)


def rounds_table(records: Any) -> Table:
    """Return the rounds of ``dcsite refine``: days added, costs, shortfalls, verdict."""
    table = Table(title="Rounds")
    for column in (
        "round",
        "extra days",
        "target margins",
        "planned bn CNY/yr",
        "full year bn CNY/yr",
        "unserved MWh",
        "green short MWh",
        "holds",
        "status",
    ):
        table.add_column(column, justify="right")
    for record in records:
        table.add_row(
            str(record.round),
            ", ".join(str(day) for day in record.extra_days) or "–",
            ", ".join(
                f"{site} +{100 * margin:.1f} pt" for site, margin in record.target_margins.items()
            )
            or "–",
            f"{record.planned_cost_cny_per_year / 1e9:,.3f}",
            f"{record.full_year_cost_cny_per_year / 1e9:,.3f}",
            f"{record.unserved_it_energy_mwh:,.0f}",
            f"{record.green_shortfall_mwh:,.0f}",
            "yes" if record.holds_over_full_year else "no",
            escape(record.status),
        )
    return table


def shortfall_view(table: Any, demand_scale: float) -> Table:
    """Return ``dcsite shortfall``'s table: per site, new capacity and what stands idle."""
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
    return view


def run_reporting_errors(action: Callable[[], T], *, debug: bool = False) -> T:
    """Run a command's body, turning every error into one line and an exit code.

    The project's errors exit with their own code (2 bad input, 3 infeasible or unbounded);
    anything unexpected exits 1 as an internal error. The project's warnings become
    ``warning:`` lines. With ``debug`` the errors are raised, tracebacks and all.
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
        return _report_errors(action, debug)


def _report_errors(action: Callable[[], T], debug: bool) -> T:
    try:
        return action()
    except (typer.Exit, click.exceptions.Abort, click.exceptions.ClickException):
        raise
    except DcsiteError as error:
        if debug:
            raise
        _print_error(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        error_console.print("[bold red]interrupted[/]: nothing was written")
        raise typer.Exit(130) from None
    except Exception as error:
        if debug:
            raise
        _print_error(
            f"[bold red]internal error:[/] {type(error).__name__}: {escape(str(error))} "
            "(run with --debug for the traceback)"
        )
        raise typer.Exit(1) from None


def _print_error(text: str) -> None:
    # Escaped by the callers: rule names such as demand_served[anhui,0] are not rich markup.
    error_console.print(text, highlight=False, soft_wrap=True)


def validate_with_progress(
    folder: Path,
    label: str = "full-year validation",
    pool: ProcessPoolExecutor | None = None,
    started: float | None = None,
    weather_year: int | None = None,
) -> ValidationResult:
    """Validate one results folder over the full year, showing its stages with elapsed time.

    ``pool``: worker processes started ahead of the validation
    (:func:`optimiser.results.validation.start_dispatch_workers`); ``started``: the
    ``time.perf_counter()`` the elapsed times count from (default now); ``weather_year``:
    dispatch on that weather year (default the plan's).

    Returns
    -------
    optimiser.results.validation.ValidationResult
        The validation (also written to ``validation/`` and into ``summary.json``).
    """
    from optimiser.results.validation import validate_results_dir

    # One plain line per stage with the time in a log; in a terminal a live line, and a line
    # left for each finished stage: the months take a minute or two between them.
    stages = StageProgress(console, started=started, keep=True)
    with stages.shown(f"{label}: reading the plan and the full year's profiles"):

        def progress(stage: str) -> None:
            stages.update(f"{label}: {stage}")

        return validate_results_dir(folder, progress=progress, pool=pool, weather_year=weather_year)


def validate_and_print(result_dir: Path, weather_year: int | None = None) -> None:
    """Validate a results folder over the full year and print the verdict per site.

    A pathway's folder is validated period by period: each ``periods/<year>/`` is a plan of
    its own year, dispatched over that year's 8,760 hours. ``weather_year``: dispatch on that
    weather year's wind and solar rather than the plan's.
    """
    from optimiser.results.folder import is_pathway_dir, period_folders
    from optimiser.results.validation import check_dir_name

    # A pathway's results folders are its periods.
    folders = period_folders(result_dir) if is_pathway_dir(result_dir) else [result_dir]
    for folder in folders:
        label = "full-year validation" + (f" of {folder.name}" if len(folders) > 1 else "")
        if weather_year is not None:
            label += f" on weather year {weather_year}"
        validation = validate_with_progress(folder, label, weather_year=weather_year)
        if len(folders) > 1:
            console.print(f"[bold]period {folder.name}[/]")
        print_validation(validation.summary, validation.clusters)
        name = check_dir_name(validation.summary, weather_year)
        console.print(f"validation written to [bold]{folder / name}[/]")


def print_scenarios(path: Path) -> None:
    """Print a model file's scenarios and every settable key with its default."""
    from optimiser.scenario import load_model_file, settable_keys

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


def audit_and_print(folder: Path) -> None:
    """Re-audit a results folder, or every one in a comparison or sweep folder, and print it.

    A results folder prints ``audit passed`` with its checks (a failure is the error); a
    folder of them prints one line per results folder and fails if any of them fails.
    """
    from optimiser.errors import AuditError
    from optimiser.results.folder import (
        audit_folders,
        audit_results_dir,
        is_pathway_dir,
        is_results_folder,
    )

    pathway = is_pathway_dir(folder)
    if pathway:  # the path's own tables, then each period below as a folder of results
        from optimiser.results.pathway import audit_pathway_dir

        checks = audit_pathway_dir(folder)
        console.print(f"[green]passed[/] the path ({len(checks)} checks: {', '.join(checks)})")
    elif is_results_folder(folder) or (folder / "summary.json").exists():
        passed = audit_results_dir(folder)
        console.print(f"[green]audit passed[/] ({len(passed)} checks: {', '.join(passed)})")
        return
    audits = audit_folders(folder)
    for audit in audits:
        name = escape(str(audit.folder.relative_to(folder)))
        if audit.failed:
            reasons = "; ".join(f"{check}: {why}" for check, why in audit.failed.items())
            console.print(f"[red]failed[/] {name}: {escape(reasons)}", highlight=False)
        else:
            console.print(f"[green]passed[/] {name} ({len(audit.passed)} checks)", highlight=False)
    failures = sum(1 for audit in audits if audit.failed)
    if failures:
        msg = f"audit failed in {failures} of {len(audits)} results folders in {folder}"
        raise AuditError(msg)
    console.print(f"all {len(audits)} results folders in [bold]{escape(str(folder))}[/] passed")
