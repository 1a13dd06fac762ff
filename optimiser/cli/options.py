"""The options several commands share, defined once, and the model file they name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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

LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="en, or zh: the pages and maps in Chinese as well (report-zh.html, *-zh.png; "
        "needs a CJK font).",
    ),
]


def model_path(model: Path | None) -> Path:
    """Return the model file a command names: a path, a built-in model's name or the default."""
    from optimiser.paths import resolve_model_path

    return resolve_model_path(model)
