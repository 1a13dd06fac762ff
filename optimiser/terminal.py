"""What the ``dcsite`` command shows while it works: stages, elapsed time, tables.

Just below :mod:`optimiser.cli`, which parses the options and calls the library: this module
holds the consoles and the pieces of output that are more than a line. Progress adapts to
where the output goes: in a terminal a rich status line shows the current stage and the time
elapsed; when the output is a file or a pipe (a log), each stage is one plain line with its
elapsed time, printed as it starts, so a log shows where a long run is.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

# Tables stay readable when the output is a file or a pipe (rich would assume 80 columns).
console = Console(width=None if sys.stdout.isatty() else 160)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 1000)


STAGE_TEXT = {
    "read": "reading the model and the catalogue",
    "build": "building the LP",
    "solve": "solving with HiGHS",
    "results": "extracting and auditing the plan",
}
"""How the pipeline's stage names (:func:`optimiser.pipeline.solve`) are shown."""


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
    """

    def __init__(
        self, output: Console, *, plain: bool | None = None, started: float | None = None
    ) -> None:
        self.output = output
        self.plain = not output.is_terminal if plain is None else plain
        self.started = time.perf_counter() if started is None else started
        self._status: Any = None

    @property
    def elapsed(self) -> float:
        """Seconds since the command started [s]."""
        return time.perf_counter() - self.started

    def update(self, stage: str) -> None:
        """Show that a stage starts."""
        stage = STAGE_TEXT.get(stage, stage)
        if self._status is not None:
            self._status.update(f"{escape(stage)}… ({self.elapsed:.1f} s)")
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
        with self.output.status(f"{escape(first or 'starting')}…") as status:
            self._status = status
            try:
                yield self
            finally:
                self._status = None


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
