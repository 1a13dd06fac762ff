"""Load the regional data catalogue (``regions/``) and check it against its schemas.

First stage of the pipeline: every table the model uses comes through
:func:`load_catalogue`, which converts each column to its schema dtype, checks ranges, allowed
values, unique ids and cross-references, and returns one typed :class:`Catalogue`. Nothing
downstream reads the CSV files directly. A table is read by :mod:`optimiser.data.table_files`,
the tables a folder may leave out by :mod:`optimiser.data.optional_tables`, and the ids the
tables share are checked by :mod:`optimiser.data.cross_references`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from optimiser.data import checks
from optimiser.data.cross_references import check_non_hub_roles, check_references
from optimiser.data.optional_tables import OPTIONAL_TABLES, read_optional_tables
from optimiser.data.table_files import (
    TableSpec,
    read_parameters,
    read_profile,
    read_schema,
    read_table,
)
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

TABLES = (
    TableSpec("hubs", "hubs.csv", ("hub_id",)),
    TableSpec("grid_regions", "grid_regions.csv", ("grid_region_id",)),
    TableSpec("provinces", "provinces.csv", ("province_id",)),
    TableSpec("clusters", "clusters.csv", ("cluster_id",)),
    TableSpec("corridors", "corridors.csv", ("corridor_id",)),
    TableSpec("latency", "latency.csv", ("province_id", "cluster_id")),
)
"""The tables every catalogue folder has (those it may leave out: ``OPTIONAL_TABLES``)."""


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
    grid_peak_load : pandas.DataFrame or None
        Index ``province_id``: ``year`` and ``peak_load_mw``, the province's peak electricity
        load [MW]; provinces without a row have no default grid headroom.
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
    cluster_room_by_year : pandas.DataFrame or None
        Index ``cluster_id``, ``year``: ``max_it_capacity_mw``, each site's maximum IT
        capacity in a plan year [MW], existing included, from the clusters' own plans
        (``sites.room_by_year: catalogue``).

    Each of the last nine is None for a catalogue folder without its file (an older folder, or
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
    grid_peak_load: pd.DataFrame | None = field(default=None, repr=False)
    monthly_shares: pd.DataFrame | None = field(default=None, repr=False)
    grid_load_daily: pd.DataFrame | None = field(default=None, repr=False)
    certificate_supply: pd.DataFrame | None = field(default=None, repr=False)
    firm_supply: pd.DataFrame | None = field(default=None, repr=False)
    storage_technologies: pd.DataFrame | None = field(default=None, repr=False)
    storage_potential: pd.DataFrame | None = field(default=None, repr=False)
    cluster_room_by_year: pd.DataFrame | None = field(default=None, repr=False)
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
        profile, years = read_profile(path, columns, name)
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
        name: read_profile(
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
    optional, optional_schemas = read_optional_tables(
        regions_dir, provinces, set(tables["clusters"]["cluster_id"])
    )
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
