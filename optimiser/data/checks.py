"""Checks of input tables against their schemas: the gate between files and the model.

Each ``check_*`` function tests one thing and raises :class:`~optimiser.errors.InputError`
naming the file, the row (as the line number in the file, header = line 1) and the column, and
what was expected. :mod:`optimiser.data.catalogue` runs them on every table it loads; scenario files
are checked by their pydantic models in :mod:`optimiser.scenario`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from optimiser.errors import InputError

HOURS_PER_YEAR = 8760
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
SCHEMA_COLUMNS = ["column", "dtype", "unit", "min", "max", "allowed", "required", "description"]


def file_line(position: int) -> int:
    """Return the line number in a CSV file of the data row at ``position`` (0-based)."""
    return position + 2  # line 1 is the header


def _row_label(frame: pd.DataFrame, position: int, id_column: str | None) -> str:
    label = f"line {file_line(position)}"
    if id_column and id_column in frame.columns:
        label += f" ({id_column}={frame[id_column].iloc[position]})"
    return label


def reject_first(
    wrong: Any,
    frame: pd.DataFrame,
    column: str,
    path: Path,
    id_column: str | None,
    expected: Callable[[int], str],
) -> None:
    """Raise an :class:`InputError` naming the first row where ``wrong`` holds, if any.

    Parameters
    ----------
    wrong : array-like of bool
        One flag per row of ``frame``.
    frame, column, path, id_column
        The table, the column checked, its file and the column that names a row.
    expected : callable
        Given the first wrong row's position, returns what was expected and what was found.
    """
    positions = np.flatnonzero(np.asarray(wrong, dtype=bool))
    if len(positions):
        first = int(positions[0])
        row = _row_label(frame, first, id_column)
        raise InputError(path, f"{row}, column {column}", expected(first))


def check_schema_file(schema: pd.DataFrame, path: Path) -> None:
    """Check that a schema file has the expected columns and dtypes."""
    missing = [column for column in SCHEMA_COLUMNS if column not in schema.columns]
    if missing:
        raise InputError(path, "header", f"schema is missing columns {missing}")
    bad = sorted(set(schema["dtype"]) - {"str", "int", "float", "bool"})
    if bad:
        raise InputError(path, "column dtype", f"unknown dtypes {bad}; expected str/int/float/bool")


def check_columns(frame: pd.DataFrame, schema: pd.DataFrame, path: Path) -> None:
    """Check that a table has every required column of its schema and no unknown column."""
    expected = list(schema["column"])
    unknown = [column for column in frame.columns if column not in expected]
    if unknown:
        raise InputError(
            path, f"column {unknown[0]}", f"unknown column; expected one of {', '.join(expected)}"
        )
    required = schema.loc[schema["required"].str.lower() == "true", "column"]
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise InputError(path, f"column {missing[0]}", "required column is missing")


def check_not_missing(frame: pd.DataFrame, column: str, path: Path, id_column: str | None) -> None:
    """Check that a column has no empty or NaN cell."""
    text = frame[column].astype(str).str.strip()
    empty = text.isin(["", "nan", "NaN", "None", "<NA>"]).to_numpy()
    reject_first(empty, frame, column, path, id_column, lambda _: "missing value (empty or NaN)")


def convert_column(
    frame: pd.DataFrame, column: str, dtype: str, path: Path, id_column: str | None
) -> pd.Series:
    """Convert a text column to its schema dtype, naming the first cell that does not convert."""
    text = frame[column].astype(str).str.strip()
    if dtype == "str":
        return text
    if dtype == "bool":
        lowered = text.str.lower()
        reject_first(
            ~lowered.isin(_TRUE | _FALSE).to_numpy(),
            frame,
            column,
            path,
            id_column,
            lambda first: f"expected true or false, got {text.iloc[first]!r}",
        )
        return lowered.isin(_TRUE)
    numbers = pd.to_numeric(text, errors="coerce")
    reject_first(
        ~np.isfinite(numbers.to_numpy(dtype=float, na_value=np.nan)),
        frame,
        column,
        path,
        id_column,
        lambda first: f"expected a finite number, got {text.iloc[first]!r}",
    )
    if dtype == "int":
        reject_first(
            (numbers % 1 != 0).to_numpy(),
            frame,
            column,
            path,
            id_column,
            lambda first: f"expected a whole number, got {text.iloc[first]!r}",
        )
        return numbers.astype("int64")
    return numbers.astype("float64")


def _bound(value: str) -> float | None:
    value = str(value).strip()
    if value in {"", "nan", "None"}:
        return None
    return float(value)


def check_range(
    values: pd.Series,
    column: str,
    unit: str,
    minimum: str,
    maximum: str,
    path: Path,
    frame: pd.DataFrame,
    id_column: str | None,
) -> None:
    """Check that numbers lie within the schema's ``[min, max]`` (inclusive)."""
    low, high = _bound(minimum), _bound(maximum)
    unit_text = "" if unit in {"", "-", "nan"} else f" {unit}"
    for bound, outside, word in (
        (low, values < (low if low is not None else -math.inf), "at least"),
        (high, values > (high if high is not None else math.inf), "at most"),
    ):
        if bound is None:
            continue

        def out_of_range(first: int, word: str = word, bound: float = bound) -> str:
            value = values.iloc[first]
            # A fraction above 1 is most often a percentage typed by mistake.
            percentage = unit == "fraction" and value > 1
            hint = " (a fraction 0-1: was a percentage given?)" if percentage else ""
            return f"value {value:g} out of range: expected {word} {bound:g}{unit_text}{hint}"

        reject_first(outside.to_numpy(), frame, column, path, id_column, out_of_range)


def check_setting_in_range(
    value: float, unit: str, minimum: str, maximum: str, source: str | Path, field: str
) -> None:
    """Check one setting against a schema row's ``[min, max]`` (inclusive), e.g. a parameter.

    Parameters
    ----------
    value : float
        The setting's value.
    unit, minimum, maximum : str
        The schema row's unit and bounds (empty for none).
    source : str or pathlib.Path
        Where the setting came from (the model file, or ``--set``).
    field : str
        The setting's dotted key.
    """
    low, high = _bound(minimum), _bound(maximum)
    unit_text = "" if unit in {"", "-", "nan"} else f" {unit}"
    if not math.isfinite(value):
        raise InputError(source, field, f"expected a finite number, got {value}")
    if low is not None and value < low:
        raise InputError(
            source, field, f"value {value:g} out of range: expected at least {low:g}{unit_text}"
        )
    if high is not None and value > high:
        raise InputError(
            source, field, f"value {value:g} out of range: expected at most {high:g}{unit_text}"
        )


def check_allowed(
    values: pd.Series,
    column: str,
    allowed: str,
    path: Path,
    frame: pd.DataFrame,
    id_column: str | None,
) -> None:
    """Check that a categorical column holds only its schema's allowed values."""
    if str(allowed).strip() in {"", "nan"}:
        return
    choices = [choice.strip() for choice in str(allowed).split(";")]
    reject_first(
        ~values.isin(choices).to_numpy(),
        frame,
        column,
        path,
        id_column,
        lambda first: f"unknown value {values.iloc[first]!r}; expected one of {', '.join(choices)}",
    )


def check_unique(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    """Check that the key columns identify each row once."""
    duplicated = np.flatnonzero(frame.duplicated(subset=columns, keep="first").to_numpy())
    if len(duplicated):
        first = int(duplicated[0])
        key = ", ".join(f"{column}={frame[column].iloc[first]}" for column in columns)
        raise InputError(path, f"line {file_line(first)}", f"duplicate id ({key})")


def check_known_ids(
    values: pd.Series,
    known: Iterable[str],
    column: str,
    path: Path,
    what: str,
    extra_allowed: Iterable[str] = (),
) -> None:
    """Check that every id in a column refers to a row of another table."""
    valid = set(known) | set(extra_allowed)
    bad = np.flatnonzero(~values.isin(sorted(valid)).to_numpy())
    if len(bad):
        first = int(bad[0])
        raise InputError(
            path,
            f"line {file_line(first)}, column {column}",
            f"unknown {what} {values.iloc[first]!r}",
        )


def check_profile(
    frame: pd.DataFrame, columns: Iterable[str], path: Path, *, low: float, high: float | None
) -> None:
    """Check an hourly profile: 8,760 rows, hours 0-8759 in order, every column present."""
    if "hour" not in frame.columns:
        raise InputError(path, "column hour", "required column is missing")
    # Look for a gap first: "hour 101 is missing" helps more than "8,759 rows".
    hours = pd.to_numeric(frame["hour"], errors="coerce").to_numpy()
    gaps = np.flatnonzero(hours != np.arange(len(hours)))
    if len(gaps):
        first = int(gaps[0])
        raise InputError(
            path,
            f"line {file_line(first)}, column hour",
            f"expected hour {first} (hours 0-8759 in order, no gaps), "
            f"got {frame['hour'].iloc[first]}",
        )
    if len(frame) != HOURS_PER_YEAR:
        raise InputError(
            path, "rows", f"expected {HOURS_PER_YEAR} hourly rows (one year), got {len(frame)}"
        )
    check_profile_values(frame, columns, path, low=low, high=high)


def check_weather_year_profile(
    frame: pd.DataFrame, columns: Iterable[str], path: Path, *, low: float, high: float | None
) -> list[int]:
    """Check a profile of several weather years: 8,760 hours 0-8759 in order for each year.

    Returns
    -------
    list of int
        The weather years, in the file's order.
    """
    years = pd.to_numeric(frame["weather_year"], errors="coerce").to_numpy()
    bad = np.flatnonzero(~np.isfinite(years) | (years != np.round(years)))
    if len(bad):
        raise InputError(
            path,
            f"line {file_line(int(bad[0]))}, column weather_year",
            f"expected a whole number, got {frame['weather_year'].iloc[int(bad[0])]}",
        )
    order = list(dict.fromkeys(int(year) for year in years))
    hours = pd.to_numeric(frame["hour"], errors="coerce").to_numpy()
    start = 0
    for year in order:
        rows = np.flatnonzero(years == year)
        count = len(rows)
        if rows[0] != start or rows[-1] != start + count - 1:
            raise InputError(
                path,
                f"line {file_line(int(rows[0]))}, column weather_year",
                "rows of a year "
                f"must follow one another; weather year {year} appears in separate blocks",
            )
        # Look for a gap first: "hour 101 is missing" helps more than "8,759 rows".
        gaps = np.flatnonzero(hours[rows] != np.arange(count))
        if len(gaps):
            first = int(rows[gaps[0]])
            raise InputError(
                path,
                f"line {file_line(first)}, column hour",
                f"expected hour {int(gaps[0])} of weather year {year} (hours 0-8759 in order, "
                f"no gaps), got {frame['hour'].iloc[first]}",
            )
        if count != HOURS_PER_YEAR:
            raise InputError(
                path, f"weather_year {year}", f"expected {HOURS_PER_YEAR} hourly rows, got {count}"
            )
        start += count
    check_profile_values(frame, columns, path, low=low, high=high)
    return order


def check_profile_values(
    frame: pd.DataFrame, columns: Iterable[str], path: Path, *, low: float, high: float | None
) -> None:
    """Check that every profile column is present and its values finite and within range."""
    for column in columns:
        if column not in frame.columns:
            raise InputError(path, f"column {column}", "required profile column is missing")
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise InputError(
                path, f"line {file_line(int(bad[0]))}, column {column}", "expected a finite number"
            )
        outside = np.flatnonzero((values < low) | (values > (high if high is not None else np.inf)))
        if len(outside):
            first = int(outside[0])
            limit = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise InputError(
                path,
                f"line {file_line(first)}, column {column}",
                f"value {values[first]:g} out of range: expected {limit}",
            )


def check_row_sums(
    frame: pd.DataFrame,
    columns: list[str],
    path: Path,
    id_column: str | None,
    tolerance: float,
) -> None:
    """Check that the shares in ``columns`` add up to 1 on every row, within ``tolerance``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The typed table, in file order.
    columns : list of str
        The share columns [fraction] that together make up a whole.
    path, id_column
        The table's file and the column that names a row.
    tolerance : float
        Largest accepted gap between a row's sum and 1 [fraction].
    """
    totals = frame[columns].sum(axis=1).to_numpy(dtype=float)
    reject_first(
        np.abs(totals - 1.0) > tolerance,
        frame,
        "*_share",
        path,
        id_column,
        lambda first: f"shares sum to {totals[first]:.4g}; expected 1 (within {tolerance:g})",
    )


def check_column_sums(
    frame: pd.DataFrame, columns: list[str], path: Path, tolerance: float
) -> None:
    """Check that each of ``columns`` (shares of an annual total) sums to 1 within ``tolerance``."""
    for column in columns:
        total = float(frame[column].sum())
        if abs(total - 1.0) > tolerance:
            raise InputError(
                path,
                f"column {column}",
                f"monthly shares sum to {total:.4g}; expected 1 (within {tolerance:g})",
            )


def check_sequence(
    frame: pd.DataFrame, column: str, expected: range, path: Path, what: str
) -> None:
    """Check that ``column`` holds exactly the values of ``expected``, in order and without gaps.

    Parameters
    ----------
    frame : pandas.DataFrame
        The typed table, in file order.
    column : str
        The key column, e.g. ``month`` (1-12) or ``hour_of_day`` (0-23).
    expected : range
        The values the column must list.
    path : pathlib.Path
        The table's file.
    what : str
        The values' name in the message, e.g. ``months 1-12``.
    """
    values = frame[column].to_numpy()
    wanted = np.asarray(expected)
    shared = min(len(values), len(wanted))
    reject_first(
        values[:shared] != wanted[:shared],
        frame,
        column,
        path,
        None,
        lambda first: f"expected {wanted[first]} ({what} in order, no gaps), got {values[first]}",
    )
    if len(values) != len(wanted):
        raise InputError(path, "rows", f"expected {len(wanted)} rows ({what}), got {len(values)}")


def check_mean_is_one(values: pd.Series, column: str, path: Path, tolerance: float) -> None:
    """Check that a multiplier column averages to 1 within ``tolerance``."""
    mean = float(values.mean())
    if abs(mean - 1.0) > tolerance:
        raise InputError(
            path, f"column {column}", f"mean is {mean:.6g}; expected 1 (within {tolerance:g})"
        )


def check_positive(
    values: pd.Series, column: str, path: Path, frame: pd.DataFrame, id_column: str | None
) -> None:
    """Check that every number in a column is strictly above zero."""
    reject_first(
        (values <= 0).to_numpy(),
        frame,
        column,
        path,
        id_column,
        lambda first: f"value {values.iloc[first]:g} out of range: expected more than 0",
    )


def check_ascending(
    values: pd.Series, column: str, path: Path, frame: pd.DataFrame, id_column: str | None
) -> None:
    """Check that a column never falls from one row to the next (e.g. a supply curve's prices)."""
    numbers = values.to_numpy(dtype=float)
    falls = np.concatenate([[False], numbers[1:] < numbers[:-1]])
    reject_first(
        falls,
        frame,
        column,
        path,
        id_column,
        lambda first: (
            f"value {numbers[first]:g} is below the previous row's {numbers[first - 1]:g}: "
            "rows must be in ascending order"
        ),
    )
