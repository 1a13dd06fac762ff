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
        Hourly capacity factor [fraction] per site (columns), 8,760 rows indexed by ``hour``.
    demand_shape : pandas.DataFrame
        Hourly multiplier of the annual-mean demand [-] per workload class (columns
        ``latency_bound``, ``flexible``), 8,760 rows indexed by ``hour``.
    schemas : dict of str to pandas.DataFrame
        The schema of each table, as read from ``regions/schema/``.
    sources : dict of str to pathlib.Path
        The file each table was read from (user-supplied profiles replace the defaults).
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
            CSV with an ``hour`` column (0-8759) and the same value columns as the default.
        """
        if name not in PROFILE_FILES:
            raise InputError(path, "profile", f"unknown profile {name!r}")
        columns = list(getattr(self, name).columns)
        profile = _read_profile(path, columns, name)
        return replace(self, **{name: profile}, sources={**self.sources, name: Path(path)})


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


def _read_profile(path: Path, columns: list[str], name: str) -> pd.DataFrame:
    frame = _read_text_csv(Path(path))
    high = None if name == "demand_shape" else 1.0
    checks.check_profile(frame, columns, Path(path), low=0.0, high=high)
    unknown = [column for column in frame.columns if column not in {"hour", *columns}]
    if unknown:
        raise InputError(
            path, f"column {unknown[0]}", f"unknown column; expected hour and {', '.join(columns)}"
        )
    profile = frame[columns].apply(pd.to_numeric).astype("float64")
    profile.index = pd.RangeIndex(checks.HOURS_PER_YEAR, name="hour")
    return profile


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
    profiles = {
        name: _read_profile(
            regions_dir / file, site_ids if name != "demand_shape" else list(WORKLOAD_CLASSES), name
        )
        for name, file in PROFILE_FILES.items()
    }
    indexed = {
        spec.name: tables[spec.name].set_index(spec.keys[0], drop=True)
        for spec in TABLES
        if len(spec.keys) == 1
    }
    sources = {spec.name: regions_dir / spec.file for spec in TABLES}
    sources.update({name: regions_dir / file for name, file in PROFILE_FILES.items()})
    sources["parameters"] = regions_dir / "parameters.csv"
    return Catalogue(
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
    )
