"""The commands on a written results folder: audit, validate, map, report and export.

Each reads the folder's files alone; none solves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from optimiser.cli.guard import run_guarded
from optimiser.cli.options import ReviewNumberOption
from optimiser.terminal.consoles import console
from optimiser.terminal.input_checks import refuse_missing_folder
from optimiser.terminal.plan_view import audit_and_print
from optimiser.terminal.validation_view import validate_and_print


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


def map_command(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    kind: Annotated[
        str, typer.Option("--kind", help="capacity, green, flows, idle, grid or all.")
    ] = "all",
    fmt: Annotated[str, typer.Option("--format", help="png, svg or pdf.")] = "png",
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the maps: en or zh (needs a CJK font).")
    ] = "en",
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


def report_command(
    result_dir: Annotated[
        Path, typer.Argument(help="A results folder written by solve (a pathway's: every period).")
    ],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing report.html.")] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", help="en, or zh: report-zh.html with Chinese maps (needs a CJK font)."
        ),
    ] = "en",
) -> None:
    """Write the folder's report.html again, from its files alone (no solve)."""

    def action() -> None:
        refuse_missing_folder(result_dir)
        from optimiser.report import write_report

        if lang != "en":
            draw_missing_maps(result_dir, lang)
        written = write_report(result_dir, overwrite=overwrite, lang=lang)
        console.print(f"report written to [bold]{written}[/]")

    run_guarded(action)


def draw_missing_maps(result_dir: Path, lang: str) -> None:
    """Draw the maps a report in another language shows, where its folder lacks them.

    Refuses first, writing nothing, when the language cannot be drawn (Chinese without a CJK
    font), so that no report names itself Chinese with English words in its pictures.
    """
    from optimiser.maps.base import RESULT_MAP_KINDS, map_file_name
    from optimiser.maps.draw import draw_result_maps
    from optimiser.results.folder import is_pathway_dir, period_folders
    from optimiser.words import resolve_language

    resolve_language(lang)
    folders = period_folders(result_dir) if is_pathway_dir(result_dir) else [result_dir]
    for folder in folders:
        missing = [
            kind
            for kind in RESULT_MAP_KINDS
            if (Path(folder) / "maps" / f"{kind}.png").exists()
            and not (Path(folder) / "maps" / map_file_name(kind, "png", lang)).exists()
        ]
        for path in draw_result_maps(folder, missing, lang=lang) if missing else []:
            console.print(f"map written to [bold]{path}[/]")


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
