"""Draw the maps of a solved plan from its results folder, and the difference of two plans.

Dispatches each map kind to its figure (:mod:`optimiser.maps.figures`,
:mod:`optimiser.maps.difference`), picks the language and font, and writes the files whole or
not at all into ``RESULT_DIR/maps/``, with ``plan.gpkg`` beside them for a fresh solve.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from pydantic import ValidationError

from optimiser.errors import InputError, OutputError
from optimiser.maps.base import (
    MAP_FORMATS,
    RESULT_MAP_KINDS,
    map_file_name,
    save_figure,
)
from optimiser.maps.difference import difference_map_figure as moved_capacity_figure
from optimiser.maps.figures import capacity_map_figure, flow_map_figure
from optimiser.maps.green import green_map_figure
from optimiser.maps.grid import grid_map_figure
from optimiser.maps.idle import idle_map_figure
from optimiser.maps.layers import ResultLayers, load_result_layers
from optimiser.maps.words import translate_figure
from optimiser.results.folder import is_pathway_dir, period_folders
from optimiser.settings import MapSettings
from optimiser.words import resolve_language

if TYPE_CHECKING:
    from optimiser.data.catalogue import Catalogue


def checked_review_number(review_number: str | None, option: str = "--review-number") -> str | None:
    """Return a map review number (审图号) checked as ``maps.review_number`` is.

    Raises
    ------
    optimiser.errors.InputError
        Naming ``option`` when the number is blank, more than one line, longer than 40
        characters or starts with the label the maps print themselves.
    """
    try:
        return MapSettings(review_number=review_number).review_number
    except ValidationError as error:
        raise InputError(option, repr(review_number), error.errors()[0]["msg"]) from None


def result_map_figure(layers: ResultLayers, kind: str, lang: str = "en") -> Figure:
    """Draw one map of a plan: ``capacity``, ``green``, ``flows``, ``idle`` or ``grid``."""
    draw = {
        "capacity": capacity_map_figure,
        "green": green_map_figure,
        "flows": flow_map_figure,
        "idle": idle_map_figure,
        "grid": grid_map_figure,
    }
    if kind not in draw:
        raise InputError("--kind", kind, f"expected one of {', '.join(RESULT_MAP_KINDS)}, all")
    used, family = resolve_language(lang)
    figure = draw[kind](layers, lang=used, font_family=family)
    if used == "zh" and family is not None:  # titles, legends and units too, not names alone
        translate_figure(figure, family)
    return figure


def difference_map_figure(
    result_a_dir: str | Path, result_b_dir: str | Path, lang: str = "en"
) -> Figure:
    """Draw the IT capacity moved per site between two results directories (B − A) [MW].

    See :func:`optimiser.maps.difference.difference_map_figure`.
    """
    used, family = resolve_language(lang)
    figure = moved_capacity_figure(result_a_dir, result_b_dir, lang=used, font_family=family)
    if used == "zh" and family is not None:
        translate_figure(figure, family)
    return figure


def draw_result_maps(
    result_dir: str | Path,
    kinds: Iterable[str] = RESULT_MAP_KINDS,
    fmt: str = "png",
    lang: str = "en",
    overwrite: bool = False,
    catalogue: Catalogue | None = None,
    layers: ResultLayers | None = None,
    review_number: str | None = None,
) -> list[Path]:
    """Draw maps of a plan from its results directory alone, into ``result_dir/maps/``.

    Reads ``clusters.csv``, ``allocation.csv``, ``corridors.csv`` and ``inputs/``; takes
    boundaries, coordinates and names from the catalogue. Nothing is solved again.

    Parameters
    ----------
    result_dir : str or pathlib.Path
        A results directory written by ``dcsite solve`` (a pathway's: each period's maps).
    kinds : iterable of str
        Any of ``capacity``, ``green``, ``flows``, ``idle``, ``grid``.
    fmt : str
        ``png``, ``svg`` or ``pdf``.
    lang : str
        ``en`` or ``zh`` (every word in Chinese; files named ``<kind>-zh.<fmt>``). Chinese
        without a font with Chinese glyphs is refused before anything is written.
    overwrite : bool
        Replace existing map files.
    catalogue : Catalogue, optional
        The catalogue the plan was solved with (default: the built-in one).
    layers : ResultLayers, optional
        The folder's layers when already read (:func:`load_result_layers`), so that drawing
        several maps one by one reads the folder once.
    review_number : str, optional
        The map review number (审图号) to print instead of the run's ``maps.review_number``
        (default: the run's, which prints none when it set none).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    kinds = list(kinds)
    if f".{fmt}" not in MAP_FORMATS:
        raise InputError("--format", fmt, "expected png, svg or pdf")
    unknown = [kind for kind in kinds if kind not in RESULT_MAP_KINDS]
    if unknown:
        raise InputError(
            "--kind", ", ".join(unknown), f"expected one of {', '.join(RESULT_MAP_KINDS)}, all"
        )
    used, _ = resolve_language(lang)  # before anything is read or written
    if is_pathway_dir(Path(result_dir)):
        # A pathway's folder: every period's maps, each in its own folder.
        return [
            path
            for period in period_folders(result_dir)
            for path in draw_result_maps(
                period, kinds, fmt, lang, overwrite, catalogue, review_number=review_number
            )
        ]
    review_number = checked_review_number(review_number)
    if layers is None:
        layers = load_result_layers(result_dir, catalogue)
    if review_number is not None:
        layers = dataclasses.replace(layers, review_number=review_number)
    folder = Path(result_dir) / "maps"
    targets = [folder / map_file_name(kind, fmt, lang) for kind in kinds]
    existing = [str(path) for path in targets if path.exists()]
    if existing and not overwrite:
        raise OutputError(f"{', '.join(existing)}: already exists; pass --overwrite to replace it")
    folder.mkdir(exist_ok=True)
    return [
        save_figure(result_map_figure(layers, kind, used), path, overwrite=overwrite)
        for kind, path in zip(kinds, targets, strict=True)
    ]
