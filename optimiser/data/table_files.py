"""Read one table of the catalogue folder and type it by its schema.

Part of the first stage of the pipeline, under :mod:`optimiser.data.catalogue`: reads a schema
(``regions/schema/<table>.csv``), a table converted and checked column by column against it
(:mod:`optimiser.data.checks`), ``parameters.csv``, and an hourly profile with one or several
weather years. Every error names the file, the row and the column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimiser.data import checks
from optimiser.errors import InputError


@dataclass(frozen=True)
class TableSpec:
    """How one catalogue table is stored and keyed."""

    name: str
    file: str
    keys: tuple[str, ...]


def read_schema(regions_dir: Path, table: str) -> pd.DataFrame:
    """Read ``regions/schema/<table>.csv``.

    Parameters
    ----------
    regions_dir : pathlib.Path
        The catalogue folder.
    table : str
        Table name, e.g. ``clusters``.
    """
    path = regions_dir / "schema" / f"{table}.csv"
    if not path.exists():
        raise InputError(path, "", "schema file is missing")
    schema = pd.read_csv(path, dtype=str, keep_default_na=False)
    checks.check_schema_file(schema, path)
    return schema


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a UTF-8 CSV file with every value as text, as the schemas' checks expect it."""
    if not path.exists():
        raise InputError(path, "", "file is missing")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(path, "", f"not a readable UTF-8 CSV file ({error})") from None


def read_number_csv(path: Path) -> pd.DataFrame:
    """Read a UTF-8 CSV file of numbers (an hourly profile), each column parsed once.

    A column of numbers comes back as numbers (the C parser's, 8,760 rows a year: reading as
    text and converting took ten times as long); a column with any text in it stays text, and
    the profile checks then name its first bad line, as for a file read as text.
    """
    if not path.exists():
        raise InputError(path, "", "file is missing")
    try:
        return pd.read_csv(path, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise InputError(path, "", f"not a readable UTF-8 CSV file ({error})") from None


def read_table(regions_dir: Path, spec: TableSpec, schema: pd.DataFrame) -> pd.DataFrame:
    """Read one table and convert and check each column against its schema.

    Returns
    -------
    pandas.DataFrame
        The table with typed columns, in file order (not yet indexed).
    """
    path = regions_dir / spec.file
    frame = read_text_csv(path)
    checks.check_columns(frame, schema, path)
    id_column = spec.keys[0]
    typed = {}
    for row in schema.itertuples(index=False):
        if row.column not in frame.columns:
            continue
        checks.check_not_missing(frame, row.column, path, id_column)
        values = checks.convert_column(frame, row.column, row.dtype, path, id_column)
        if row.dtype in {"int", "float"}:
            checks.check_range(
                values, row.column, row.unit, row.min, row.max, path, frame, id_column
            )
        elif row.dtype == "str":
            checks.check_allowed(values, row.column, row.allowed, path, frame, id_column)
        typed[row.column] = values
    table = pd.DataFrame(typed)
    checks.check_unique(table, list(spec.keys), path)
    return table


def read_parameters(regions_dir: Path, schema: pd.DataFrame) -> dict[str, float]:
    """Read ``parameters.csv`` (``parameter,value``) and check each against its schema row."""
    path = regions_dir / "parameters.csv"
    frame = read_text_csv(path)
    for column in ("parameter", "value"):
        if column not in frame.columns:
            raise InputError(path, f"column {column}", "required column is missing")
    checks.check_unique(frame, ["parameter"], path)
    known = list(schema["column"])
    checks.check_known_ids(frame["parameter"], known, "parameter", path, "parameter")
    values = checks.convert_column(frame, "value", "float", path, "parameter")
    by_name = dict(zip(frame["parameter"], values, strict=True))
    for row in schema.itertuples(index=False):
        if row.column not in by_name:
            raise InputError(path, f"parameter {row.column}", "required parameter is missing")
        position = list(frame["parameter"]).index(row.column)
        checks.check_range(
            values.iloc[[position]],
            "value",
            row.unit,
            row.min,
            row.max,
            path,
            frame.iloc[[position]],
            "parameter",
        )
    return {name: float(value) for name, value in by_name.items()}


def read_profile(
    path: Path, columns: list[str], name: str
) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    """Read an hourly profile; return its (first) year and, with weather years, each year."""
    frame = read_number_csv(Path(path))
    high = None if name == "demand_shape" else 1.0
    many = "weather_year" in frame.columns and name != "demand_shape"
    if many and "hour" not in frame.columns:
        raise InputError(path, "column hour", "required column is missing")
    if many:
        years = checks.check_weather_year_profile(frame, columns, Path(path), low=0.0, high=high)
    else:
        checks.check_profile(frame, columns, Path(path), low=0.0, high=high)
    known = {"hour", *columns, *(("weather_year",) if many else ())}
    unknown = [column for column in frame.columns if column not in known]
    if unknown:
        raise InputError(
            path, f"column {unknown[0]}", f"unknown column; expected hour and {', '.join(columns)}"
        )
    values = frame[columns].apply(pd.to_numeric).astype("float64")
    if not many:
        values.index = pd.RangeIndex(checks.HOURS_PER_YEAR, name="hour")
        return values, {}
    by_year = {}
    for number, year in enumerate(years):
        block = values.iloc[number * checks.HOURS_PER_YEAR : (number + 1) * checks.HOURS_PER_YEAR]
        by_year[year] = block.set_axis(pd.RangeIndex(checks.HOURS_PER_YEAR, name="hour"))
    return by_year[years[0]], by_year
