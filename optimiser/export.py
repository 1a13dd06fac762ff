"""Export a results folder as one Excel workbook, for readers who work in spreadsheets.

Presentation stage, beside the maps and the report, and like them read from the folder's files
alone (``summary.json``, ``clusters.csv``, ``allocation.csv``, ``corridors.csv``,
``hourly.parquet`` and, in a comparison's plan folders, ``prices.csv``). The workbook has a
``README`` sheet first, listing every sheet and every column with its unit (read from the
column's name, where the units are), then one sheet per table. It is written to a temporary file
beside the target and renamed into place, so a reader never sees half a workbook.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from optimiser.errors import InputError, OutputError
from optimiser.files import make_shareable

EXCEL_MAX_ROWS = 1_048_576
"""Rows of one Excel sheet, header included."""

SHEETS = {
    "summary": (
        "summary.json",
        "Headline figures of the plan, one per row; nested entries as dotted keys.",
    ),
    "clusters": ("clusters.csv", "One row per candidate site: capacities, energy, green shares."),
    "allocation": (
        "allocation.csv",
        "One row per demand province, site and workload class: IT energy served there.",
    ),
    "corridors": ("corridors.csv", "One row per UHV corridor: energy, peak flow, value."),
    "hourly": (
        "hourly.parquet",
        "Dispatch per site and modelled hour (weight_h: hours it stands for).",
    ),
    "prices": ("prices.csv", "Marginal prices from the solver's duals (comparison plans only)."),
}
"""Sheet name: (file in the results folder, what one row is). Missing optional files are skipped."""

OPTIONAL_FILES = {"prices.csv"}

UNIT_SUFFIXES = (
    ("_cny_per_mw_per_year", "CNY/MW/yr"),
    ("_cny_per_tco2", "CNY/tCO2"),
    ("_cny_per_mwh", "CNY/MWh"),
    ("_cny_per_year", "CNY/yr"),
    ("_tco2_per_year", "tCO2/yr"),
    ("_kgco2_per_mwh", "kgCO2/MWh"),
    ("_mwh_per_year", "MWh/yr"),
    ("_mwh", "MWh"),
    ("_gwh", "GWh"),
    ("_mw", "MW"),
    ("_cny", "CNY"),
    ("_ms", "ms"),
    ("_km", "km"),
    ("_h", "h"),
    ("_s", "s"),
)
"""Column-name endings and the unit they carry, longest first (the house naming rule)."""

FRACTION_WORDS = re.compile(r"(^|_)(share|utilisation)(_|$)")
ANNUAL_TABLES = {"clusters", "allocation", "corridors"}
"""Tables whose energies are annual sums (MWh per year of modelled hours × weights)."""
STOCK_COLUMNS = {"storage_energy_mwh", "storage_state_mwh"}
"""Energies that are amounts held (storage size, state of charge), not annual flows."""


def column_unit(column: str, table: str = "") -> str:
    """Return the unit of a column, read from its name.

    Examples
    --------
    >>> column_unit("new_it_capacity_mw")
    'MW'
    >>> column_unit("green_share_hourly")
    'fraction 0-1'
    >>> column_unit("consumption_mwh", "clusters")
    'MWh/yr'
    """
    # A nested summary entry carries the unit of its parent (cost_breakdown_cny_per_year.wind).
    parent, _, name = column.rpartition(".")
    if parent:
        return (
            column_unit(parent, table) if column_unit(parent, table) != "–" else column_unit(name)
        )
    if name in STOCK_COLUMNS:
        return "MWh"
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return "MWh/yr" if unit == "MWh" and table in ANNUAL_TABLES else unit
    if FRACTION_WORDS.search(name):
        return "fraction 0-1"
    return "–"


def flatten(entries: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested mappings to dotted keys; lists become ``", "``-joined text.

    Examples
    --------
    >>> flatten({"a": {"b": 1, "c": [2, 3]}, "d": None})
    {'a.b': 1, 'a.c': '2, 3', 'd': None}
    """
    flat: dict[str, Any] = {}
    for key, value in entries.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = ", ".join(map(str, value))
        else:
            flat[name] = value
    return flat


def read_sheets(folder: Path) -> dict[str, pd.DataFrame]:
    """Read the tables of a results folder, one DataFrame per sheet of the workbook."""
    if not (folder / "summary.json").is_file():
        raise InputError(folder, "summary.json", "not a results folder (file missing)")
    sheets: dict[str, pd.DataFrame] = {}
    for sheet, (file_name, _) in SHEETS.items():
        path = folder / file_name
        if not path.exists():
            if file_name in OPTIONAL_FILES:
                continue
            raise InputError(folder, file_name, "not a complete results folder (file missing)")
        if sheet == "summary":
            summary = flatten(json.loads(path.read_text(encoding="utf-8")))
            # A workbook travels: paths of the machine it was made on are given by name only.
            summary = {
                key: Path(value).name if key.endswith("_path") and value else value
                for key, value in summary.items()
            }
            sheets[sheet] = pd.DataFrame(
                {
                    "key": list(summary),
                    "value": [_cell(value) for value in summary.values()],
                    "unit": [column_unit(key) for key in summary],
                }
            )
        elif path.suffix == ".parquet":
            sheets[sheet] = pd.read_parquet(path)
        else:
            sheets[sheet] = pd.read_csv(path, keep_default_na=False, na_values=[""])
        if len(sheets[sheet]) >= EXCEL_MAX_ROWS:
            raise OutputError(
                f"{path}: {len(sheets[sheet]):,} rows, more than an Excel sheet holds "
                f"({EXCEL_MAX_ROWS - 1:,}); read the file itself"
            )
    return sheets


def _cell(value: Any) -> Any:
    # A sheet column holds numbers and text alike; None stays an empty cell.
    return value if value is None or isinstance(value, int | float | str) else str(value)


def readme_sheet(sheets: Mapping[str, pd.DataFrame], summary: Mapping[str, Any]) -> pd.DataFrame:
    """Return the ``README`` sheet: every sheet, what a row is, and each column with its unit."""
    rows = [
        {
            "sheet": "",
            "column": "",
            "unit": "",
            "description": f"dcsite results: model {summary.get('model')}, scenario "
            f"{summary.get('scenario')} ({str(summary.get('description', '')).rstrip('.')}). "
            "Units are in "
            "the column names; energies in the site, allocation and corridor sheets are annual.",
        }
    ]
    for sheet, table in sheets.items():
        rows.append({"sheet": sheet, "column": "", "unit": "", "description": SHEETS[sheet][1]})
        columns = table["key"] if sheet == "summary" else table.columns
        for column in columns:
            rows.append(
                {
                    "sheet": sheet,
                    "column": str(column),
                    "unit": column_unit(str(column), sheet),
                    "description": "",
                }
            )
    return pd.DataFrame(rows, columns=["sheet", "column", "unit", "description"])


def default_workbook_path(folder: Path) -> Path:
    """Return where the workbook goes by default: ``<folder>/<folder name>.xlsx``."""
    return folder / f"{folder.resolve().name}.xlsx"


def write_workbook(
    folder: str | Path, out: str | Path | None = None, *, overwrite: bool = False
) -> Path:
    """Write a results folder's tables as one Excel workbook, atomically.

    Parameters
    ----------
    folder : str or pathlib.Path
        A results folder.
    out : str or pathlib.Path, optional
        The workbook (``.xlsx``); default ``<folder>/<folder name>.xlsx``.
    overwrite : bool
        Replace an existing workbook.

    Returns
    -------
    pathlib.Path
        The workbook written.

    Raises
    ------
    optimiser.errors.InputError
        When the folder is not a complete results folder or ``out`` is not ``.xlsx``.
    optimiser.errors.OutputError
        When the workbook exists and ``overwrite`` is not given, or a table is too long.
    """
    folder = Path(folder)
    target = Path(out) if out is not None else default_workbook_path(folder)
    if target.suffix.lower() != ".xlsx":
        raise InputError("--out", str(target), "expected a .xlsx file")
    if target.exists() and not overwrite:
        raise OutputError(f"{target}: already exists; pass --overwrite to replace it")
    sheets = read_sheets(folder)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent
    )
    os.close(handle)
    try:
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            readme_sheet(sheets, summary).to_excel(writer, sheet_name="README", index=False)
            for sheet, table in sheets.items():
                table.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            for worksheet in writer.book.worksheets:
                _fit_columns(worksheet)
        make_shareable(temporary)  # mkstemp's file is private; a workbook is read by others
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _fit_columns(worksheet: Any) -> None:
    # Wide enough for the header and the first rows, so a reader sees names and units.
    for cells in worksheet.iter_cols(max_row=min(worksheet.max_row, 200)):
        width = max((len(str(cell.value)) for cell in cells if cell.value is not None), default=8)
        worksheet.column_dimensions[cells[0].column_letter].width = min(max(width, 8) + 2, 80)
