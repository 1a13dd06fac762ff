"""Load the regional data catalogue (``regions/``) and check it against its schemas.

First stage of the pipeline: every table the model uses comes through
:func:`load_catalogue`, which converts each column to its schema dtype, checks ranges, allowed
values, unique ids and cross-references, and returns one typed :class:`Catalogue`. Nothing
downstream reads the CSV files directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from optimiser.data import checks
from optimiser.errors import InputError, did_you_mean
from optimiser.paths import default_regions_dir

if TYPE_CHECKING:
    import geopandas

WORKLOAD_CLASSES = ("latency_bound", "flexible")
PROFILE_FILES = {
    "solar_capacity_factor": "profiles/solar_capacity_factor.csv",
    "wind_capacity_factor": "profiles/wind_capacity_factor.csv",
    "demand_shape": "profiles/demand_shape.csv",
}


@dataclass(frozen=True)
class TableSpec:
    """How one catalogue table is stored and keyed."""

    name: str
    file: str
    keys: tuple[str, ...]


TABLES = (
    TableSpec("hubs", "hubs.csv", ("hub_id",)),
    TableSpec("grid_regions", "grid_regions.csv", ("grid_region_id",)),
    TableSpec("provinces", "provinces.csv", ("province_id",)),
    TableSpec("clusters", "clusters.csv", ("cluster_id",)),
    TableSpec("corridors", "corridors.csv", ("corridor_id",)),
    TableSpec("latency", "latency.csv", ("province_id", "cluster_id")),
)
# Tables a catalogue folder may leave out (an older folder still loads; the attribute is None).
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
OPTIONAL_TABLES = (
    GRID_MIX,
    GRID_LOAD_DAILY,
    CERTIFICATE_SUPPLY,
    MONTHLY_SHARES,
    FIRM_SUPPLY,
    STORAGE_TECHNOLOGIES,
    STORAGE_POTENTIAL,
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


@dataclass(frozen=True)
class Catalogue:
    """The regional data catalogue, validated.

    Attributes
    ----------
    path : pathlib.Path
        Folder the catalogue was read from.
    hubs, grid_regions, provinces, clusters, corridors : pandas.DataFrame
        One row per id, indexed by ``hub_id``, ``grid_region_id``, ``province_id``,
        ``cluster_id`` and ``corridor_id``; columns as in ``regions/schema/``.
    latency : pandas.DataFrame
        Round-trip time from every province to every site, columns ``province_id``,
        ``cluster_id``, ``distance_km``, ``rtt_ms``.
    parameters : dict of str to float
        Costs and technical parameters (``regions/parameters.csv``), units in the names.
    solar_capacity_factor, wind_capacity_factor : pandas.DataFrame
        Hourly capacity factor [fraction] per site (columns), 8,760 rows indexed by ``hour``:
        the weather year in use (the first of the file's by default).
    demand_shape : pandas.DataFrame
        Hourly multiplier of the annual-mean demand [-] per workload class (columns
        ``latency_bound``, ``flexible``), 8,760 rows indexed by ``hour``.
    schemas : dict of str to pandas.DataFrame
        The schema of each table, as read from ``regions/schema/``.
    sources : dict of str to pathlib.Path
        The file each table was read from (user-supplied profiles replace the defaults).
    grid_mix : pandas.DataFrame or None
        Index ``province_id``: ``year`` and each source's share of the province's electricity
        generation [fraction] (``hydro_share``, ``nuclear_share``, ``wind_share``,
        ``solar_share``, ``other_renewable_share``, ``fossil_share``; they sum to 1).
    monthly_shares : pandas.DataFrame or None
        Index ``month`` (1-12): the share of an annual total falling in each month [fraction],
        columns ``hydro_national``, optional ``hydro_<province_id>`` and
        ``electricity_consumption_national``; each column sums to 1.
    grid_load_daily : pandas.DataFrame or None
        Index ``hour_of_day`` (0-23, China Standard Time): ``load_multiplier``, a typical
        provincial grid's load as a multiple of its daily mean [-] (mean 1).
    certificate_supply : pandas.DataFrame or None
        Index ``step_id``: ``instrument``, ``volume_twh_per_year`` [TWh/yr] and
        ``price_cny_per_mwh`` [CNY/MWh], in ascending price: the yearly supply curve of green
        certificates.
    firm_supply : pandas.DataFrame or None
        Index ``supply_id``: clean firm supply a data centre may contract in its province,
        ``technology`` (``nuclear`` or ``hydro``), ``province_id``, ``capacity_mw``,
        ``in_service_year``, ``availability_factor`` [fraction] and
        ``delivered_price_cny_per_mwh`` among others.
    storage_technologies : pandas.DataFrame or None
        Index ``technology_id``: long-duration storage technologies with
        ``power_capex_cny_per_mw``, ``energy_capex_cny_per_mwh``, ``lifetime_years``,
        ``fixed_om_share_per_year``, ``round_trip_efficiency`` [fraction], ``min_duration_h``,
        ``max_duration_h``, ``self_discharge_share_per_day`` and ``capex_change_per_year``.
    storage_potential : pandas.DataFrame or None
        ``province_id``, ``technology_id``, ``year``, ``capacity_mw``: capacity of pumped
        hydro and compressed air in service in each province by the end of the year.

    Each of the last seven is None for a catalogue folder without its file (an older folder, or
    a catalogue built in code).
    weather_year_profiles : dict
        For a profile whose file has a ``weather_year`` column: its 8,760-hour frame for each
        weather year, in the file's order (``{"wind_capacity_factor": {1: frame, ...}}``).
        Profiles of one year are not listed.
    weather_year : int or None
        The weather year the profiles above are from; None when no profile has weather years.
    """

    path: Path
    hubs: pd.DataFrame
    grid_regions: pd.DataFrame
    provinces: pd.DataFrame
    clusters: pd.DataFrame
    corridors: pd.DataFrame
    latency: pd.DataFrame
    parameters: dict[str, float]
    solar_capacity_factor: pd.DataFrame
    wind_capacity_factor: pd.DataFrame
    demand_shape: pd.DataFrame
    schemas: dict[str, pd.DataFrame] = field(repr=False)
    sources: dict[str, Path] = field(repr=False)
    grid_mix: pd.DataFrame | None = field(default=None, repr=False)
    monthly_shares: pd.DataFrame | None = field(default=None, repr=False)
    grid_load_daily: pd.DataFrame | None = field(default=None, repr=False)
    certificate_supply: pd.DataFrame | None = field(default=None, repr=False)
    firm_supply: pd.DataFrame | None = field(default=None, repr=False)
    storage_technologies: pd.DataFrame | None = field(default=None, repr=False)
    storage_potential: pd.DataFrame | None = field(default=None, repr=False)
    weather_year_profiles: dict[str, dict[int, pd.DataFrame]] = field(
        default_factory=dict, repr=False
    )
    weather_year: int | None = None

    @property
    def weather_years(self) -> list[int]:
        """Return the weather years every profile with weather years has (file order)."""
        listed = list(self.weather_year_profiles.values())
        if not listed:
            return []
        return [year for year in listed[0] if all(year in frames for frames in listed[1:])]

    def for_weather_year(self, year: int, source: str | Path, field: str) -> Catalogue:
        """Return a copy whose profiles are those of one weather year.

        Parameters
        ----------
        year : int
            A weather year of every profile file that has weather years.
        source, field : str or pathlib.Path, str
            Where the year was asked for, named in the error if the data lacks it.

        Raises
        ------
        optimiser.errors.InputError
            If no profile has weather years, or one lacks ``year``.
        """
        if not self.weather_year_profiles:
            raise InputError(
                source,
                field,
                f"weather year {year} asked for, but the profiles have no weather_year column "
                f"(one year only: {self.sources.get('wind_capacity_factor', self.path)})",
            )
        chosen = {}
        for name, frames in self.weather_year_profiles.items():
            if year not in frames:
                known = ", ".join(str(known) for known in frames)
                raise InputError(
                    source,
                    field,
                    f"weather year {year} is not in {self.sources.get(name, name)} "
                    f"(its years: {known})",
                )
            chosen[name] = frames[year]
        return replace(self, **chosen, weather_year=year)

    def province_boundaries(self) -> geopandas.GeoDataFrame:
        """Return the simplified province polygons (EPSG:4326), read on demand.

        Returns
        -------
        geopandas.GeoDataFrame
            One row per province (31 mainland plus Hong Kong, Macau, Taiwan), with
            ``province_id``, ``adcode``, ``name_en``, ``name_zh`` and ``is_mainland``.
        """
        import geopandas

        path = self.path / "province_boundaries.geojson"
        if not path.exists():
            raise InputError(path, "", "province boundary file is missing")
        return geopandas.read_file(path)

    def maritime_boundary(self) -> geopandas.GeoDataFrame:
        """Return China's maritime boundary, the ten-dash line (EPSG:4326), read on demand.

        Read from the catalogue folder's ``maritime_boundary.geojson``, or from the built-in
        catalogue's when the folder has none (a copy of ``regions/`` made before the file was
        added): the line is the same for every catalogue, and every map of China draws it.

        Returns
        -------
        geopandas.GeoDataFrame
            One row, a MultiLineString of the ten dashes, with ``boundary_id``, ``name_en``
            and ``name_zh``.
        """
        import geopandas

        name = "maritime_boundary.geojson"
        path = self.path / name
        if not path.exists():
            path = default_regions_dir() / name
        if not path.exists():
            raise InputError(path, "", "maritime boundary file is missing")
        return geopandas.read_file(path)

    def check_parameter(self, name: str, value: float, source: str | Path) -> None:
        """Check a scenario's override of a parameter: a known name, within its schema's range.

        Raises
        ------
        optimiser.errors.InputError
            Naming ``parameters.<name>`` in ``source``.
        """
        field = f"parameters.{name}"
        if name not in self.parameters:
            known = ", ".join(sorted(self.parameters))
            hint = did_you_mean(name, self.parameters)
            raise InputError(source, field, f"unknown parameter{hint}; known: {known}")
        schema = self.schemas.get("parameters")
        rows = schema[schema["column"] == name] if schema is not None else None
        if rows is None or rows.empty:  # a catalogue built in code may carry no schema
            checks.check_setting_in_range(value, "", "", "", source, field)
            return
        row = rows.iloc[0]
        checks.check_setting_in_range(value, row["unit"], row["min"], row["max"], source, field)

    def with_profile(self, name: str, path: Path) -> Catalogue:
        """Return a copy with one hourly profile replaced by a user's CSV file.

        Parameters
        ----------
        name : str
            ``solar_capacity_factor``, ``wind_capacity_factor`` or ``demand_shape``.
        path : pathlib.Path
            CSV with an ``hour`` column (0-8759) and the same value columns as the default;
            capacity factors may come for several weather years (a leading ``weather_year``
            column, 8,760 rows each), of which the first is used unless a year is chosen.
            Whether the weather years of all profiles agree is checked by
            :func:`check_weather_years` once every replacement is made.
        """
        if name not in PROFILE_FILES:
            raise InputError(path, "profile", f"unknown profile {name!r}")
        columns = list(getattr(self, name).columns)
        profile, years = _read_profile(path, columns, name)
        by_year = {key: value for key, value in self.weather_year_profiles.items() if key != name}
        if years:
            by_year[name] = years
        return replace(
            self,
            **{name: profile},
            sources={**self.sources, name: Path(path)},
            weather_year_profiles=by_year,
            weather_year=self.weather_year if by_year else None,
        )


def check_weather_years(catalogue: Catalogue) -> Catalogue:
    """Refuse profiles whose weather years differ; set the year in use to the first.

    Raises
    ------
    optimiser.errors.InputError
        Naming the file whose years differ from the first profile file's.
    """
    listed = catalogue.weather_year_profiles
    if not listed:
        return replace(catalogue, weather_year=None)
    (first_name, first), *others = listed.items()
    for name, frames in others:
        if list(frames) != list(first):
            raise InputError(
                catalogue.sources.get(name, name),
                "weather_year",
                f"years {', '.join(map(str, frames))} differ from "
                f"{catalogue.sources.get(first_name, first_name)}'s "
                f"{', '.join(map(str, first))}",
            )
    year = next(iter(first))
    return replace(
        catalogue, **{name: frames[year] for name, frames in listed.items()}, weather_year=year
    )


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


def _read_text_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError(path, "", "file is missing")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
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
    frame = _read_text_csv(path)
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
    frame = _read_text_csv(path)
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


def _read_profile(
    path: Path, columns: list[str], name: str
) -> tuple[pd.DataFrame, dict[int, pd.DataFrame]]:
    """Read an hourly profile; return its (first) year and, with weather years, each year."""
    frame = _read_text_csv(Path(path))
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


def check_references(tables: Mapping[str, pd.DataFrame], regions_dir: Path) -> None:
    """Check the ids each table refers to exist in the table they name."""
    provinces = set(tables["provinces"]["province_id"])
    clusters = set(tables["clusters"]["cluster_id"])
    checks.check_known_ids(
        tables["provinces"]["grid_region_id"],
        tables["grid_regions"]["grid_region_id"],
        "grid_region_id",
        regions_dir / "provinces.csv",
        "grid region",
    )
    checks.check_known_ids(
        tables["clusters"]["province_id"],
        provinces,
        "province_id",
        regions_dir / "clusters.csv",
        "province",
    )
    checks.check_known_ids(
        tables["clusters"]["hub_id"],
        tables["hubs"]["hub_id"],
        "hub_id",
        regions_dir / "clusters.csv",
        "hub",
        extra_allowed=["non_hub"],
    )
    for end in ("from_province_id", "to_province_id"):
        checks.check_known_ids(
            tables["corridors"][end], provinces, end, regions_dir / "corridors.csv", "province"
        )
    latency = tables["latency"]
    path = regions_dir / "latency.csv"
    checks.check_known_ids(latency["province_id"], provinces, "province_id", path, "province")
    checks.check_known_ids(latency["cluster_id"], clusters, "cluster_id", path, "cluster")
    pairs = set(zip(latency["province_id"], latency["cluster_id"], strict=True))
    for province in sorted(provinces):
        for cluster in sorted(clusters):
            if (province, cluster) not in pairs:
                raise InputError(
                    path,
                    f"province_id={province}, cluster_id={cluster}",
                    "missing round-trip time for this province and site",
                )


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
    header = list(_read_text_csv(path).columns)
    concrete = monthly_shares_schema(schema, header, provinces, path)
    table = read_table(regions_dir, MONTHLY_SHARES, concrete)
    checks.check_sequence(table, "month", range(1, 13), path, "months 1-12")
    shares = [column for column in table.columns if column != "month"]
    checks.check_column_sums(table, shares, path, MONTHLY_SHARES_TOLERANCE)
    return table, concrete


def read_optional_tables(
    regions_dir: Path, provinces: set[str]
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """Read the tables a catalogue folder may leave out, those whose file it has.

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
        elif spec is FIRM_SUPPLY:
            table = read_province_table(regions_dir, spec, schema, provinces)
        elif spec is STORAGE_TECHNOLOGIES:
            table = read_storage_technologies(regions_dir, schema)
        elif spec is STORAGE_POTENTIAL:
            table = read_province_table(regions_dir, spec, schema, provinces)
            checks.check_unique(table, list(spec.keys), regions_dir / spec.file)
            tables[spec.name] = table  # keyed by three columns: kept as rows
            schemas[spec.name] = schema
            continue
        else:
            table, schema = read_monthly_shares(regions_dir, schema, provinces)
        tables[spec.name] = table.set_index(spec.keys[0], drop=True)
        schemas[spec.name] = schema
    return tables, schemas


def check_non_hub_roles(clusters: pd.DataFrame, provinces: pd.DataFrame, path: Path) -> None:
    """Check that each non-hub site has its province's role: west in the western region.

    Hub clusters take their hub's role from the 2022 approval letters; a candidate outside the
    hubs has no letter, so its province decides (the 12 provinces of the Western Development
    programme are west, the rest east), and the two west shares of the results stay apart.
    """
    western = provinces.set_index("province_id")["is_western_region"]
    in_west = western.reindex(clusters["province_id"]).to_numpy(dtype=bool)
    expected = np.where(in_west, "west", "east")
    non_hub = ~clusters["is_hub_cluster"].to_numpy(dtype=bool)
    wrong = non_hub & (clusters["role"].to_numpy() != expected)
    checks.reject_first(
        wrong,
        clusters,
        "role",
        path,
        "cluster_id",
        lambda first: f"a non-hub site takes its province's role: expected {expected[first]}",
    )


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate the regional data catalogue.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A catalogue folder laid out like ``regions/``. Default: the built-in catalogue.

    Returns
    -------
    Catalogue
        Every table, typed and checked.

    Raises
    ------
    optimiser.errors.InputError
        On the first bad value: names the file, the row (line) and column, and what was
        expected.
    """
    regions_dir = Path(path) if path is not None else default_regions_dir()
    if regions_dir.exists() and not regions_dir.is_dir():
        raise InputError(regions_dir, "", "is a file; expected a catalogue folder (like regions/)")
    if not regions_dir.is_dir():
        raise InputError(regions_dir, "", "catalogue folder does not exist")
    schemas = {spec.name: read_schema(regions_dir, spec.name) for spec in TABLES}
    tables = {spec.name: read_table(regions_dir, spec, schemas[spec.name]) for spec in TABLES}
    check_references(tables, regions_dir)
    check_non_hub_roles(tables["clusters"], tables["provinces"], regions_dir / "clusters.csv")
    schemas["parameters"] = read_schema(regions_dir, "parameters")
    parameters = read_parameters(regions_dir, schemas["parameters"])
    site_ids = list(tables["clusters"]["cluster_id"])
    read = {
        name: _read_profile(
            regions_dir / file, site_ids if name != "demand_shape" else list(WORKLOAD_CLASSES), name
        )
        for name, file in PROFILE_FILES.items()
    }
    profiles = {name: profile for name, (profile, _) in read.items()}
    weather_year_profiles = {name: years for name, (_, years) in read.items() if years}
    indexed = {
        spec.name: tables[spec.name].set_index(spec.keys[0], drop=True)
        for spec in TABLES
        if len(spec.keys) == 1
    }
    sources = {spec.name: regions_dir / spec.file for spec in TABLES}
    sources.update({name: regions_dir / file for name, file in PROFILE_FILES.items()})
    sources["parameters"] = regions_dir / "parameters.csv"
    provinces = set(tables["provinces"]["province_id"])
    optional, optional_schemas = read_optional_tables(regions_dir, provinces)
    schemas.update(optional_schemas)
    sources.update(
        {spec.name: regions_dir / spec.file for spec in OPTIONAL_TABLES if spec.name in optional}
    )
    catalogue = Catalogue(
        path=regions_dir,
        hubs=indexed["hubs"],
        grid_regions=indexed["grid_regions"],
        provinces=indexed["provinces"],
        clusters=indexed["clusters"],
        corridors=indexed["corridors"],
        latency=tables["latency"],
        parameters=parameters,
        schemas=schemas,
        sources=sources,
        **profiles,
        **optional,
        weather_year_profiles=weather_year_profiles,
    )
    return check_weather_years(catalogue)
