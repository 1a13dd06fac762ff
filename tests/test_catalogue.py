"""The catalogue loader accepts the shipped catalogue and rejects each kind of bad value with
the file, the row (line) and the column in one message."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from optimiser.data.catalogue import Catalogue, load_catalogue
from optimiser.errors import InputError

REGIONS = Path(__file__).resolve().parents[1] / "regions"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REGIONS)


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    target = tmp_path / "regions"
    shutil.copytree(REGIONS, target, ignore=shutil.ignore_patterns("scripts"))
    return target


def test_shipped_catalogue_loads(catalogue: Catalogue) -> None:
    assert len(catalogue.provinces) == 31
    national = catalogue.clusters[catalogue.clusters["is_hub_cluster"]]
    assert set(national.index) == {
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
    }
    assert set(national["hub_id"]) == set(catalogue.hubs.index)
    assert len(catalogue.latency) == len(catalogue.provinces) * len(catalogue.clusters)
    assert catalogue.solar_capacity_factor.shape == (8760, len(catalogue.clusters))
    assert catalogue.demand_shape.mean().round(6).tolist() == [1.0, 1.0]
    assert catalogue.parameters["fibre_latency_us_per_km"] == 4.9


def test_default_catalogue_is_the_shipped_one(catalogue: Catalogue) -> None:
    default = load_catalogue()
    pd.testing.assert_frame_equal(default.clusters, catalogue.clusters)


def test_boundaries_cover_every_province(catalogue: Catalogue) -> None:
    boundaries = catalogue.province_boundaries()
    mainland = boundaries[boundaries["is_mainland"]]
    assert set(mainland["province_id"]) == set(catalogue.provinces.index)
    assert boundaries.crs.to_epsg() == 4326


def edit_csv(path: Path, change: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


def set_cell(row: int, column: str, value: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame

    return change


BAD_VALUES = [
    # (file, change, words the message must contain)
    (
        "clusters.csv",
        set_cell(2, "lat", "north"),
        ["clusters.csv", "line 4", "column lat", "finite number"],
    ),
    (
        "clusters.csv",
        set_cell(0, "max_it_capacity_mw", "-5"),
        ["clusters.csv", "line 2", "column max_it_capacity_mw", "out of range"],
    ),
    (
        "clusters.csv",
        set_cell(1, "utilisation_target", "65"),
        ["clusters.csv", "line 3", "column utilisation_target", "percentage"],
    ),
    (
        "clusters.csv",
        set_cell(3, "pue_limit", "nan"),
        ["clusters.csv", "line 5", "column pue_limit", "missing"],
    ),
    (
        "clusters.csv",
        set_cell(3, "pue_limit", "inf"),
        ["clusters.csv", "line 5", "column pue_limit", "finite"],
    ),
    (
        "clusters.csv",
        set_cell(0, "role", "north"),
        ["clusters.csv", "line 2", "column role", "east, west"],
    ),
    (
        "clusters.csv",
        set_cell(1, "province_id", "atlantis"),
        ["clusters.csv", "line 3", "column province_id", "'atlantis'"],
    ),
    (
        "clusters.csv",
        set_cell(1, "cluster_id", "zhangjiakou"),
        ["clusters.csv", "line 3", "duplicate id", "cluster_id=zhangjiakou"],
    ),
    (
        "clusters.csv",
        set_cell(0, "is_hub_cluster", "maybe"),
        ["clusters.csv", "line 2", "column is_hub_cluster", "true or false"],
    ),
    (
        "clusters.csv",
        lambda frame: frame.rename(columns={"lat": "latitude"}),
        ["clusters.csv", "column latitude", "unknown column"],
    ),
    (
        "clusters.csv",
        lambda frame: frame.drop(columns=["max_it_capacity_mw"]),
        ["clusters.csv", "column max_it_capacity_mw", "missing"],
    ),
    (
        "provinces.csv",
        set_cell(5, "grid_renewable_share", "1.5"),
        ["provinces.csv", "line 7", "column grid_renewable_share", "at most 1"],
    ),
    (
        "provinces.csv",
        set_cell(0, "grid_region_id", "mars"),
        ["provinces.csv", "line 2", "column grid_region_id", "'mars'"],
    ),
    (
        "corridors.csv",
        set_cell(0, "to_province_id", "atlantis"),
        ["corridors.csv", "line 2", "column to_province_id", "'atlantis'"],
    ),
    (
        "corridors.csv",
        set_cell(0, "in_service_year", "2025.5"),
        ["corridors.csv", "line 2", "column in_service_year", "whole number"],
    ),
    ("latency.csv", lambda frame: frame.iloc[1:], ["latency.csv", "missing round-trip time"]),
    (
        "parameters.csv",
        lambda frame: frame[frame["parameter"] != "discount_rate"],
        ["parameters.csv", "parameter discount_rate", "missing"],
    ),
    (
        "parameters.csv",
        lambda frame: pd.concat([frame, pd.DataFrame({"parameter": ["magic"], "value": ["1"]})]),
        ["parameters.csv", "unknown parameter 'magic'"],
    ),
    (
        "profiles/wind_capacity_factor.csv",
        lambda frame: frame.iloc[:-24],
        ["wind_capacity_factor.csv", "8760", "got 8736"],
    ),
    (
        "profiles/solar_capacity_factor.csv",
        lambda frame: frame.drop(index=100),
        ["solar_capacity_factor.csv", "line 102", "column hour", "no gaps"],
    ),
    (
        "profiles/solar_capacity_factor.csv",
        set_cell(10, "zhongwei", "1.7"),
        ["solar_capacity_factor.csv", "line 12", "column zhongwei", "out of range"],
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "words"),
    BAD_VALUES,
    ids=[f"{file}-{words[-1]}" for file, _, words in BAD_VALUES],
)
def test_bad_value_is_rejected_with_its_place(
    catalogue_copy: Path,
    file: str,
    change: Callable[[pd.DataFrame], pd.DataFrame],
    words: list[str],
) -> None:
    edit_csv(catalogue_copy / file, change)
    with pytest.raises(InputError) as raised:
        load_catalogue(catalogue_copy)
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message, (word, message)


def test_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_catalogue(tmp_path / "nowhere")


def test_user_profile_replaces_the_default(catalogue: Catalogue, tmp_path: Path) -> None:
    profile = catalogue.solar_capacity_factor.copy() * 0.5
    path = tmp_path / "solar.csv"
    profile.to_csv(path)
    replaced = catalogue.with_profile("solar_capacity_factor", path)
    assert replaced.solar_capacity_factor["zhongwei"].sum() == pytest.approx(
        0.5 * catalogue.solar_capacity_factor["zhongwei"].sum(), rel=1e-6
    )
    assert replaced.sources["solar_capacity_factor"] == path


def test_user_profile_with_a_gap_is_rejected(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "solar.csv"
    catalogue.solar_capacity_factor.drop(index=5).to_csv(path)
    with pytest.raises(InputError, match=r"solar.csv: line 7, column hour: expected hour 5"):
        catalogue.with_profile("solar_capacity_factor", path)
