"""Read committed build plans: new IT capacity that provinces or operators have already decided.

A plans file (CSV, columns ``cluster_id`` and ``committed_new_it_capacity_mw``) lists new IT
capacity that must be built at a site whatever the least-cost plan would choose, as provinces'
own compute plans do. ``regions/plans/`` ships an example; a scenario points at a file with
``sites.plans_csv`` or lists sites under ``sites.committed_new_it_capacity_mw``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimiser.data import checks
from optimiser.errors import InputError

PLAN_COLUMNS = ("cluster_id", "committed_new_it_capacity_mw")


def read_plans_csv(path: str | Path) -> pd.Series:
    """Read a plans file into committed new IT capacity by site [MW].

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file; other columns (a note, a source) are kept out of the model.

    Returns
    -------
    pandas.Series
        Index ``cluster_id``: committed new IT capacity [MW]; a site listed twice adds up.

    Raises
    ------
    optimiser.errors.InputError
        A missing file or column, a value that is not a finite number, or a negative one.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "plans file does not exist (expected a CSV file)")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(path, "", f"not a readable UTF-8 CSV file ({error})") from None
    for column in PLAN_COLUMNS:
        if column not in frame.columns:
            raise InputError(path, f"column {column}", "required column is missing")
    checks.check_not_missing(frame, "cluster_id", path, "cluster_id")
    values = checks.convert_column(
        frame, "committed_new_it_capacity_mw", "float", path, "cluster_id"
    )
    checks.reject_first(
        values.to_numpy() < 0,
        frame,
        "committed_new_it_capacity_mw",
        path,
        "cluster_id",
        lambda first: f"expected at least 0 MW, got {values.iloc[first]:g}",
    )
    sites = frame["cluster_id"].str.strip()
    return values.groupby(sites.to_numpy()).sum().rename_axis("cluster_id").astype(np.float64)
