"""Read the tables a catalogue folder may leave out, each with its own checks.

Part of the first stage of the pipeline, under :mod:`optimiser.data.catalogue`: the grid mix,
the provinces' peak loads, the daily grid load curve, the certificate supply curve, the monthly
shares, clean firm supply, long-duration storage and the clusters' room to build by year. An
older catalogue folder without one of their files still loads; the table is then absent
(:class:`optimiser.data.catalogue.Catalogue` holds None).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimiser.data import checks
from optimiser.data.table_files import TableSpec, read_schema, read_table, read_text_csv
from optimiser.errors import InputError, did_you_mean

# An older catalogue folder without one of these files still loads; the attribute is None.
GRID_MIX = TableSpec("grid_mix", "grid_mix.csv", ("province_id",))
GRID_LOAD_DAILY = TableSpec("grid_load_daily", "profiles/grid_load_daily.csv", ("hour_of_day",))
CERTIFICATE_SUPPLY = TableSpec("certificate_supply", "certificate_supply.csv", ("step_id",))
MONTHLY_SHARES = TableSpec("monthly_shares", "profiles/monthly_shares.csv", ("month",))
FIRM_SUPPLY = TableSpec("firm_supply", "firm_supply.csv", ("supply_id",))
STORAGE_TECHNOLOGIES = TableSpec(
    "storage_technologies", "storage_technologies.csv", ("technology_id",)
)
STORAGE_POTENTIAL = TableSpec(
    "storage_potential", "storage_potential.csv", ("province_id", "technology_id", "year")
)
GRID_PEAK_LOAD = TableSpec("grid_peak_load", "grid_peak_load.csv", ("province_id",))
CLUSTER_ROOM_BY_YEAR = TableSpec(
    "cluster_room_by_year", "cluster_room_by_year.csv", ("cluster_id", "year")
)
OPTIONAL_TABLES = (
    GRID_MIX,
    GRID_PEAK_LOAD,
    GRID_LOAD_DAILY,
    CERTIFICATE_SUPPLY,
    MONTHLY_SHARES,
    FIRM_SUPPLY,
    STORAGE_TECHNOLOGIES,
    STORAGE_POTENTIAL,
    CLUSTER_ROOM_BY_YEAR,
)
GRID_MIX_SHARES = [
    "hydro_share",
    "nuclear_share",
    "wind_share",
    "solar_share",
    "other_renewable_share",
    "fossil_share",
]
GRID_MIX_TOLERANCE = 0.005
"""Largest accepted gap between a province's generation shares and 1 [fraction]."""
MONTHLY_SHARES_TOLERANCE = 0.001
"""Largest accepted gap between a column of monthly shares and 1 [fraction]."""
DAILY_MEAN_TOLERANCE = 0.001
"""Largest accepted gap between the daily load curve's mean and 1 [-]."""
MONTHLY_COLUMNS = ("hydro_national", "electricity_consumption_national")
PROVINCE_HYDRO_PATTERN = "hydro_<province_id>"


def read_grid_mix(regions_dir: Path, schema: pd.DataFrame, provinces: set[str]) -> pd.DataFrame:
    """Read ``grid_mix.csv``: known provinces, and each row's shares summing to 1."""
    path = regions_dir / GRID_MIX.file
    table = read_table(regions_dir, GRID_MIX, schema)
    checks.check_known_ids(table["province_id"], provinces, "province_id", path, "province")
    checks.check_row_sums(table, GRID_MIX_SHARES, path, "province_id", GRID_MIX_TOLERANCE)
    return table


def read_grid_load_daily(regions_dir: Path, schema: pd.DataFrame) -> pd.DataFrame:
    """Read ``profiles/grid_load_daily.csv``: hours 0-23 in order, multipliers of mean 1."""
    path = regions_dir / GRID_LOAD_DAILY.file
    table = read_table(regions_dir, GRID_LOAD_DAILY, schema)
    checks.check_sequence(table, "hour_of_day", range(24), path, "hours 0-23")
    checks.check_mean_is_one(
        table["load_multiplier"], "load_multiplier", path, DAILY_MEAN_TOLERANCE
    )
    return table


def read_certificate_supply(regions_dir: Path, schema: pd.DataFrame) -> pd.DataFrame:
    """Read ``certificate_supply.csv``: positive volumes, steps in ascending price."""
    path = regions_dir / CERTIFICATE_SUPPLY.file
    table = read_table(regions_dir, CERTIFICATE_SUPPLY, schema)
    volume, price = table["volume_twh_per_year"], table["price_cny_per_mwh"]
    checks.check_positive(volume, "volume_twh_per_year", path, table, "step_id")
    checks.check_ascending(price, "price_cny_per_mwh", path, table, "step_id")
    return table


def read_cluster_room_by_year(
    regions_dir: Path, schema: pd.DataFrame, sites: set[str]
) -> pd.DataFrame:
    """Read ``cluster_room_by_year.csv``: every site, the same years each, room never shrinking.

    Returns
    -------
    pandas.DataFrame
        Index ``cluster_id`` (str) and ``year`` (int), sorted: ``max_it_capacity_mw``, the
        site's maximum IT capacity in that year [MW], existing capacity included.

    Raises
    ------
    optimiser.errors.InputError
        An unknown site, a site without rows, a site whose years differ from the others', or
        a maximum below the one of an earlier year; names the file, line and column.
    """
    path = regions_dir / CLUSTER_ROOM_BY_YEAR.file
    table = read_table(regions_dir, CLUSTER_ROOM_BY_YEAR, schema)
    checks.check_known_ids(table["cluster_id"], sites, "cluster_id", path, "site")
    missing = sorted(sites - set(table["cluster_id"]))
    if missing:
        raise InputError(path, "column cluster_id", f"no rows for site {missing[0]!r}")
    years = sorted(set(table["year"]))
    for site, rows in table.groupby("cluster_id", sort=False):
        if sorted(rows["year"]) != years:
            listed = ", ".join(str(year) for year in years)
            raise InputError(
                path, f"cluster_id={site}, column year", f"expected one row for each of {listed}"
            )
        ordered = rows.sort_values("year")
        shrinking = ordered["max_it_capacity_mw"].diff() < 0
        if shrinking.any():
            row = ordered[shrinking].iloc[0]
            raise InputError(
                path,
                f"line {checks.file_line(int(row.name))}, column max_it_capacity_mw",
                f"{row['max_it_capacity_mw']:,.0f} MW in {row['year']} is below the site's "
                "maximum in an earlier year: room to build never shrinks",
            )
    return table.set_index(["cluster_id", "year"]).sort_index()


def read_province_table(
    regions_dir: Path, spec: TableSpec, schema: pd.DataFrame, provinces: set[str]
) -> pd.DataFrame:
    """Read a table whose rows belong to provinces: every ``province_id`` a known province."""
    table = read_table(regions_dir, spec, schema)
    path = regions_dir / spec.file
    checks.check_known_ids(table["province_id"], provinces, "province_id", path, "province")
    return table


def read_storage_technologies(regions_dir: Path, schema: pd.DataFrame) -> pd.DataFrame:
    """Read ``storage_technologies.csv``: each duration range from its minimum up."""
    path = regions_dir / STORAGE_TECHNOLOGIES.file
    table = read_table(regions_dir, STORAGE_TECHNOLOGIES, schema)
    checks.reject_first(
        (table["min_duration_h"] > table["max_duration_h"]).to_numpy(),
        table,
        "min_duration_h",
        path,
        "technology_id",
        lambda first: (
            f"value {table['min_duration_h'].iloc[first]:g} h is above max_duration_h "
            f"{table['max_duration_h'].iloc[first]:g} h: expected min_duration_h <= "
            "max_duration_h"
        ),
    )
    return table


def monthly_shares_schema(
    schema: pd.DataFrame, columns: list[str], provinces: set[str], path: Path
) -> pd.DataFrame:
    """Return the monthly-shares schema with its ``hydro_<province_id>`` row made concrete.

    One schema row per ``hydro_<province>`` column the file has, for a known province; any
    other column beyond the schema's is rejected.
    """
    named = schema[schema["column"] != PROVINCE_HYDRO_PATTERN]
    pattern = schema[schema["column"] == PROVINCE_HYDRO_PATTERN]
    extra = [column for column in columns if column not in set(named["column"])]
    for column in extra:
        province = column.removeprefix("hydro_")
        if column == province or pattern.empty:
            expected = ", ".join(["month", *MONTHLY_COLUMNS, PROVINCE_HYDRO_PATTERN])
            raise InputError(path, f"column {column}", f"unknown column; expected {expected}")
        if province not in provinces:
            hint = did_you_mean(province, provinces)
            raise InputError(path, f"column {column}", f"unknown province {province!r}{hint}")
    rows = [pattern.iloc[0].to_dict() | {"column": column} for column in extra]
    return pd.concat([named, pd.DataFrame(rows, columns=schema.columns)], ignore_index=True)


def read_monthly_shares(
    regions_dir: Path, schema: pd.DataFrame, provinces: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read ``profiles/monthly_shares.csv``: months 1-12 in order, each column summing to 1.

    Returns
    -------
    table : pandas.DataFrame
        The typed table, in file order.
    schema : pandas.DataFrame
        Its schema, one row per column of the file.
    """
    path = regions_dir / MONTHLY_SHARES.file
    header = list(read_text_csv(path).columns)
    concrete = monthly_shares_schema(schema, header, provinces, path)
    table = read_table(regions_dir, MONTHLY_SHARES, concrete)
    checks.check_sequence(table, "month", range(1, 13), path, "months 1-12")
    shares = [column for column in table.columns if column != "month"]
    checks.check_column_sums(table, shares, path, MONTHLY_SHARES_TOLERANCE)
    return table, concrete


def read_optional_tables(
    regions_dir: Path, provinces: set[str], sites: set[str]
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Read the tables a catalogue folder may leave out, those whose file it has.

    Parameters
    ----------
    regions_dir : pathlib.Path
        The catalogue folder.
    provinces, sites : set of str
        The known ``province_id`` and ``cluster_id`` values.

    Returns
    -------
    tables : dict of str to pandas.DataFrame
        Each table present, indexed by its key column.
    schemas : dict of str to pandas.DataFrame
        Their schemas.
    """
    tables: dict[str, pd.DataFrame] = {}
    schemas: dict[str, pd.DataFrame] = {}
    for spec in OPTIONAL_TABLES:
        if not (regions_dir / spec.file).exists():
            continue
        schema = read_schema(regions_dir, spec.name)
        if spec is GRID_MIX:
            table = read_grid_mix(regions_dir, schema, provinces)
        elif spec is GRID_LOAD_DAILY:
            table = read_grid_load_daily(regions_dir, schema)
        elif spec is CERTIFICATE_SUPPLY:
            table = read_certificate_supply(regions_dir, schema)
        elif spec in (FIRM_SUPPLY, GRID_PEAK_LOAD):
            table = read_province_table(regions_dir, spec, schema, provinces)
        elif spec is STORAGE_TECHNOLOGIES:
            table = read_storage_technologies(regions_dir, schema)
        elif spec is STORAGE_POTENTIAL:
            table = read_province_table(regions_dir, spec, schema, provinces)
            checks.check_unique(table, list(spec.keys), regions_dir / spec.file)
            tables[spec.name] = table  # keyed by three columns: kept as rows
            schemas[spec.name] = schema
            continue
        elif spec is CLUSTER_ROOM_BY_YEAR:
            tables[spec.name] = read_cluster_room_by_year(regions_dir, schema, sites)
            schemas[spec.name] = schema
            continue
        else:
            table, schema = read_monthly_shares(regions_dir, schema, provinces)
        tables[spec.name] = table.set_index(spec.keys[0], drop=True)
        schemas[spec.name] = schema
    return tables, schemas
