"""The maps, GeoPackage and report of a written plan, drawn with progress and warnings.

Drawn after the plan is written and audited, so that a failure here cannot lose it: each
artefact that could not be drawn is one warning line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from optimiser.terminal.consoles import console, error_console
from optimiser.terminal.progress import StageProgress

if TYPE_CHECKING:
    from optimiser.results.tables import SolveResult


def draw_decorations(folder: Path, result: SolveResult, started: float | None = None) -> list[str]:
    """Draw the maps, GeoPackage and report of a written plan; return those that failed."""
    from optimiser.pipeline.single_year import write_decorations

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
