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
from tests.repository import REGIONS_DIR


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(REGIONS_DIR)


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    target = tmp_path / "regions"
    shutil.copytree(REGIONS_DIR, target, ignore=shutil.ignore_patterns("scripts"))
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
    # Wind and solar come for three weather years; a plan is made on the first by default.
    assert catalogue.weather_years == [1, 2, 3]
    assert catalogue.weather_year == 1
    for name in ("solar_capacity_factor", "wind_capacity_factor"):
        years = catalogue.weather_year_profiles[name]
        assert list(years) == [1, 2, 3]
        assert years[1].equals(getattr(catalogue, name))
        assert not years[2].equals(years[1])
    assert catalogue.demand_shape.mean().round(6).tolist() == [1.0, 1.0]
    assert catalogue.parameters["fibre_latency_us_per_km"] == 4.9


def test_shipped_catalogue_has_the_carbon_free_tables(catalogue: Catalogue) -> None:
    mix = catalogue.grid_mix
    assert mix is not None and set(mix.index) == set(catalogue.provinces.index)
    assert len(mix) == 31
    shares = mix.drop(columns="year").sum(axis=1)
    assert ((shares - 1).abs() < 0.005).all()
    monthly = catalogue.monthly_shares
    assert monthly is not None and list(monthly.index) == list(range(1, 13))
    assert {"hydro_national", "electricity_consumption_national"} <= set(monthly.columns)
    daily = catalogue.grid_load_daily
    assert daily is not None and list(daily.index) == list(range(24))
    assert daily["load_multiplier"].mean() == pytest.approx(1.0, abs=1e-9)
    supply = catalogue.certificate_supply
    assert supply is not None and supply["price_cny_per_mwh"].is_monotonic_increasing
    assert {"grid_carbon_free_share"} <= set(catalogue.provinces.columns)
    assert set(catalogue.corridors["green_source"]) == {"hydro", "wind_solar"}
    for name in ("grid_mix", "monthly_shares", "grid_load_daily", "certificate_supply"):
        assert catalogue.sources[name].exists()


def test_folder_without_the_optional_tables_still_loads(catalogue_copy: Path) -> None:
    for file in (
        "grid_mix.csv",
        "certificate_supply.csv",
        "profiles/monthly_shares.csv",
        "profiles/grid_load_daily.csv",
    ):
        (catalogue_copy / file).unlink()
    older = load_catalogue(catalogue_copy)
    assert older.grid_mix is None and older.monthly_shares is None
    assert older.grid_load_daily is None and older.certificate_supply is None
    assert "grid_mix" not in older.sources


def test_province_hydro_profile_is_accepted(catalogue_copy: Path) -> None:
    path = catalogue_copy / "profiles" / "monthly_shares.csv"
    edit_csv(path, lambda frame: frame.assign(hydro_sichuan=frame["hydro_national"]))
    monthly = load_catalogue(catalogue_copy).monthly_shares
    assert monthly is not None
    assert monthly["hydro_sichuan"].sum() == pytest.approx(1.0, abs=1e-3)


def test_default_catalogue_is_the_shipped_one(catalogue: Catalogue) -> None:
    default = load_catalogue()
    pd.testing.assert_frame_equal(default.clusters, catalogue.clusters)


def test_boundaries_cover_every_province(catalogue: Catalogue) -> None:
    boundaries = catalogue.province_boundaries()
    mainland = boundaries[boundaries["is_mainland"]]
    assert set(mainland["province_id"]) == set(catalogue.provinces.index)
    assert boundaries.crs.to_epsg() == 4326


def test_maritime_boundary_is_the_catalogues_or_else_the_built_in(catalogue_copy: Path) -> None:
    line = load_catalogue(catalogue_copy).maritime_boundary()
    assert line.crs.to_epsg() == 4326
    assert list(line["boundary_id"]) == ["south_china_sea_dashed_line"]
    assert len(line.geometry.iloc[0].geoms) == 10
    own = catalogue_copy / "maritime_boundary.geojson"
    own.write_text(
        own.read_text(encoding="utf-8").replace("南海断续线", "本目录"), encoding="utf-8"
    )
    assert list(load_catalogue(catalogue_copy).maritime_boundary()["name_zh"]) == ["本目录"]
    own.unlink()  # a copy of regions/ made before the file was added: the built-in line
    assert list(load_catalogue(catalogue_copy).maritime_boundary()["name_zh"]) == ["南海断续线"]


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
        lambda frame: frame.iloc[:-24],  # the last day of weather year 3
        ["wind_capacity_factor.csv", "weather_year 3", "expected 8760 hourly rows", "got 8736"],
    ),
    (
        "profiles/solar_capacity_factor.csv",
        lambda frame: frame.drop(index=100),
        [
            "solar_capacity_factor.csv",
            "line 102",
            "column hour",
            "expected hour 100 of weather year 1",
            "no gaps",
        ],
    ),
    (
        "profiles/wind_capacity_factor.csv",
        lambda frame: frame.drop(index=8760 + 5),
        [
            "wind_capacity_factor.csv",
            "line 8767",
            "column hour",
            "expected hour 5 of weather year 2",
        ],
    ),
    (
        "profiles/solar_capacity_factor.csv",
        set_cell(10, "zhongwei", "1.7"),
        ["solar_capacity_factor.csv", "line 12", "column zhongwei", "out of range"],
    ),
    (
        "grid_mix.csv",
        set_cell(2, "fossil_share", "0.65"),
        ["grid_mix.csv", "line 4 (province_id=hebei)", "*_share", "shares sum to 0.93; expected 1"],
    ),
    (
        "grid_mix.csv",
        set_cell(0, "province_id", "atlantis"),
        ["grid_mix.csv", "line 2", "column province_id", "'atlantis'"],
    ),
    (
        "certificate_supply.csv",
        set_cell(1, "price_cny_per_mwh", "1"),
        ["certificate_supply.csv", "line 3", "column price_cny_per_mwh", "ascending order"],
    ),
    (
        "certificate_supply.csv",
        set_cell(0, "volume_twh_per_year", "-1"),
        ["certificate_supply.csv", "line 2", "column volume_twh_per_year", "out of range"],
    ),
    (
        "certificate_supply.csv",
        set_cell(2, "volume_twh_per_year", "0"),
        ["certificate_supply.csv", "line 4", "column volume_twh_per_year", "more than 0"],
    ),
    (
        "certificate_supply.csv",
        set_cell(0, "price_cny_per_mwh", "-2"),
        ["certificate_supply.csv", "line 2", "column price_cny_per_mwh", "at least 0"],
    ),
    (
        "profiles/monthly_shares.csv",
        set_cell(6, "hydro_national", "0.2"),
        ["monthly_shares.csv", "column hydro_national", "monthly shares sum to 1.069"],
    ),
    (
        "profiles/monthly_shares.csv",
        lambda frame: frame.assign(hydro_atlantis=frame["hydro_national"]),
        ["monthly_shares.csv", "column hydro_atlantis", "unknown province 'atlantis'"],
    ),
    (
        "profiles/monthly_shares.csv",
        lambda frame: frame.assign(wind_national=frame["hydro_national"]),
        ["monthly_shares.csv", "column wind_national", "unknown column"],
    ),
    (
        "profiles/monthly_shares.csv",
        lambda frame: frame.drop(index=3),
        ["monthly_shares.csv", "line 5", "column month", "expected 4"],
    ),
    (
        "profiles/grid_load_daily.csv",
        set_cell(0, "load_multiplier", "2"),
        ["grid_load_daily.csv", "column load_multiplier", "mean is 1.04"],
    ),
    (
        "corridors.csv",
        set_cell(0, "green_source", "coal"),
        ["corridors.csv", "line 2", "column green_source", "hydro, wind_solar"],
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


def test_shipped_room_by_year_covers_every_site_in_2025_2027_2030(catalogue: Catalogue) -> None:
    room = catalogue.cluster_room_by_year
    assert room is not None
    assert set(room.index.get_level_values("cluster_id")) == set(catalogue.clusters.index)
    assert sorted(set(room.index.get_level_values("year"))) == [2025, 2027, 2030]
    # Qingyang's own plan: 300k standard racks by 2025 and 800k by 2030, at 2.5 kW each.
    assert room.loc[("qingyang", 2025), "max_it_capacity_mw"] == 750.0
    assert room.loc[("qingyang", 2030), "max_it_capacity_mw"] == 2000.0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda table: table.replace({"cluster_id": {"lhasa": "lhasaa"}}),
            r"cluster_room_by_year.csv: line \d+, column cluster_id: unknown site 'lhasaa'",
        ),
        (
            lambda table: table[table["cluster_id"] != "lhasa"],
            r"cluster_room_by_year.csv: column cluster_id: no rows for site 'lhasa'",
        ),
        (
            lambda table: table[~((table["cluster_id"] == "lhasa") & (table["year"] == "2027"))],
            r"cluster_room_by_year.csv: cluster_id=lhasa, column year: expected one row for "
            r"each of 2025, 2027, 2030",
        ),
        (
            lambda table: table.assign(
                max_it_capacity_mw=table["max_it_capacity_mw"].where(
                    ~((table["cluster_id"] == "lhasa") & (table["year"] == "2030")), "100"
                )
            ),
            r"cluster_room_by_year.csv: line \d+, column max_it_capacity_mw: 100 MW in 2030 is "
            r"below the site's maximum in an earlier year",
        ),
    ],
    ids=["unknown site", "site without rows", "year missing", "room shrinking"],
)
def test_bad_room_by_year_is_rejected_with_its_place(
    catalogue_copy: Path, change: Callable[[pd.DataFrame], pd.DataFrame], expected: str
) -> None:
    edit_csv(catalogue_copy / "cluster_room_by_year.csv", change)
    with pytest.raises(InputError, match=expected):
        load_catalogue(catalogue_copy)


def test_a_catalogue_without_room_by_year_loads_and_says_so_when_asked(
    catalogue_copy: Path,
) -> None:
    from optimiser.lp.periods import max_it_capacity
    from optimiser.settings import ScenarioSettings

    (catalogue_copy / "cluster_room_by_year.csv").unlink()
    older = load_catalogue(catalogue_copy)
    assert older.cluster_room_by_year is None
    settings = ScenarioSettings.model_validate({"sites": {"room_by_year": "catalogue"}})
    with pytest.raises(InputError, match=r"model.yaml: sites.room_by_year: catalogue needs"):
        max_it_capacity(older, settings, "model.yaml")
