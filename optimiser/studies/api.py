"""Comparisons and sweeps from Python: typed calls that return tidy tables.

The Python face of :mod:`optimiser.studies.compare` and :mod:`optimiser.studies.sweep`, exported
as :func:`optimiser.compare` and :func:`optimiser.sweep`. Each call writes the same folder as
the ``dcsite compare`` / ``dcsite sweep`` command and returns the table written there, with the
folder in the table's ``attrs["folder"]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.errors import InputError
from optimiser.studies.compare import run_compare
from optimiser.studies.sweep import SweepAxis, default_sweep_dir, parse_vary, run_sweep

Overrides = Sequence[str] | Mapping[str, Any]
"""Settings applied to every solve, as ``--set``: ``["KEY=VALUE", ...]`` or ``{KEY: VALUE}``."""


def compare(
    scenarios: Sequence[str] = (),
    *,
    model: str | Path | None = None,
    results: Sequence[str | Path] = (),
    overrides: Overrides = (),
    labels: Sequence[str] = (),
    out: str | Path | None = None,
    overwrite: bool = False,
    difference_maps: bool = True,
    validate: bool = True,
) -> pd.DataFrame:
    """Solve scenarios (or read results folders) side by side, as ``dcsite compare``.

    Parameters
    ----------
    scenarios : sequence of str
        Scenarios of ``model`` to solve, at least two; the first is the reference of the
        ``_change`` columns.
    model : str or pathlib.Path, optional
        Model file (YAML); default the built-in 2025 national model.
    results : sequence of str or pathlib.Path
        Results folders already solved, compared instead of ``scenarios``.
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied to every solved scenario (as ``--set``).
    labels : sequence of str
        One readable name per scenario or folder (as ``--label``); default each scenario's
        description.
    out : str or pathlib.Path, optional
        New comparison folder; default ``results/compare-<n>``.
    overwrite : bool
        Replace an existing ``out`` (only once the new one is complete).
    difference_maps : bool
        Also draw a map of each scenario's difference from the first.
    validate : bool
        Dispatch each solved plan over the full year; the table's ``holds_over_full_year``
        and ``full_year_*`` columns give the verdict.

    Returns
    -------
    pandas.DataFrame
        ``comparison.csv``: one row per scenario, headline figures (units in the column names)
        and their ``_change`` from the first; ``attrs["folder"]`` is the comparison folder.
    """
    if results and (scenarios or model is not None):
        raise InputError(
            "compare", "results", "give either results folders or a model's scenarios, not both"
        )
    targets = [Path(folder) for folder in results] or ([Path(model)] if model else [])
    folder, table = run_compare(
        targets,
        list(scenarios),
        out,
        overrides=overrides,
        labels=list(labels),
        overwrite=overwrite,
        difference_maps=difference_maps,
        validate=validate,
    )
    table.attrs["folder"] = folder
    return table


def sweep(
    vary: Mapping[str, Sequence[Any]] | Sequence[str],
    *,
    model: str | Path | None = None,
    scenario: str = "baseline",
    overrides: Overrides = (),
    out: str | Path | None = None,
    workers: int = 0,
    resume: bool = False,
    overwrite: bool = False,
    validate: bool = True,
) -> pd.DataFrame:
    """Solve a grid of settings, as ``dcsite sweep``.

    Parameters
    ----------
    vary : mapping of str to sequence, or sequence of str
        The settings to vary and their values, ``{"policy.green_share_target": [0.5, 0.8]}``,
        or ``--vary`` texts (``"policy.green_share_target=0.5:1.0:0.1"``); the grid is their
        cartesian product.
    model : str or pathlib.Path, optional
        Model file (YAML); default the built-in 2025 national model.
    scenario : str
        The scenario every point starts from.
    overrides : sequence of str or mapping
        ``KEY=VALUE`` settings applied to the base scenario (as ``--set``).
    out : str or pathlib.Path, optional
        Sweep folder; default ``results/sweep-<n>``.
    workers : int
        Dask worker processes on this machine; 0 solves here, one point after the other.
    resume : bool
        Continue the sweep in ``out``, solving only the points not yet written.
    overwrite : bool
        Start again; an existing ``out`` is replaced only once the new sweep is complete.
    validate : bool
        Dispatch each optimal point's plan over the full year; ``holds_over_full_year`` and
        the ``full_year_*`` columns give the verdict.

    Returns
    -------
    pandas.DataFrame
        ``sweep.csv``: one row per point, the varied settings, ``status``, the full-year
        verdict and the headline figures (units in the column names); ``attrs["folder"]`` is
        the sweep folder.
    """
    if isinstance(vary, str):
        vary = [vary]
    if isinstance(vary, Mapping):
        axes = [SweepAxis(str(key), tuple(values)) for key, values in vary.items()]
        for axis in axes:
            if not axis.values:
                raise InputError("vary", axis.key, "give at least one value")
            parse_vary(f"{axis.key}={axis.values[0]}")  # an unknown key fails here, by name
    else:
        axes = [parse_vary(text) for text in vary]
    folder = Path(out) if out is not None else default_sweep_dir()
    table = run_sweep(
        model,
        axes,
        folder,
        scenario=scenario,
        overrides=overrides,
        workers=workers,
        resume=resume,
        overwrite=overwrite,
        validate=validate,
    )
    table.attrs["folder"] = folder
    return table
