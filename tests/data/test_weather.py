"""Tests of optimiser.data.weather, weather_stations and weather_era5 (real weather to profiles).

Every weather file is made here: EPW and CSV station files of a synthetic year, and a small
ERA5-like cutout with the variables and attributes atlite's era5 module writes, so that
``atlite.Cutout(path)`` opens it without downloading anything.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from optimiser.data.profiles import HOURS_PER_YEAR, hourly_index
from optimiser.data.weather import (
    DC_AC_RATIO,
    TURBINE_CUT_IN_MS,
    WeatherProfiles,
    calibrate_solar,
    calibrate_wind,
    farm_power_curve,
    site_targets,
    wind_capacity_factor_from_speed,
    write_weather_profiles,
)
from optimiser.data.weather_stations import station_profiles
from optimiser.errors import InputError, OutputError
from tests.tiny import SITES, tiny_catalogue, tiny_tables

SOLAR_TARGETS = {"east_a": 1150.0, "west_b": 1450.0, "west_c": 1600.0}
WIND_TARGETS = {"east_a": 1900.0, "west_b": 2300.0, "west_c": 2600.0}
CALM_HOURS = np.arange(100, 112)  # hours of the synthetic year with no wind at all


@pytest.fixture(scope="module")
def catalogue():
    tables = tiny_tables()
    provinces = tables["provinces"]
    for site, province in tables["clusters"]["province_id"].items():
        provinces.at[province, "solar_full_load_hours_h"] = SOLAR_TARGETS[site]
        provinces.at[province, "wind_full_load_hours_h"] = WIND_TARGETS[site]
    return tiny_catalogue(tables)


def synthetic_weather(lat: float, lon: float, seed: int) -> pd.DataFrame:
    """A year of hour means at a place: clear sky dimmed by daily cloud, a persistent wind."""
    from pvlib import location

    times = hourly_index(2025, offset_minutes=30)
    clear = location.Location(lat, lon, tz=times.tz).get_clearsky(times, model="simplified_solis")
    generator = np.random.default_rng(seed)
    cloud = np.repeat(generator.uniform(0.2, 1.0, 365), 24)
    weather = pd.DataFrame(
        {
            "ghi_w_per_m2": (clear["ghi"].to_numpy() * cloud).round(),
            "dni_w_per_m2": (clear["dni"].to_numpy() * cloud**2).round(),
            "dhi_w_per_m2": (clear["dhi"].to_numpy() * (1.5 - 0.5 * cloud)).round(),
            "temperature_c": 12.0 + 12.0 * np.sin(2 * np.pi * (np.arange(HOURS_PER_YEAR) / 8760)),
        }
    )
    anomaly = np.convolve(generator.standard_normal(HOURS_PER_YEAR + 23), np.ones(24) / 5, "valid")
    speed = np.clip(np.round(4.0 * np.exp(0.5 * anomaly)), 0.0, 20.0)  # whole m/s, as CSWD
    speed[CALM_HOURS] = 0.0
    weather["wind_speed_10m_ms"] = speed
    return weather


def write_epw(
    path: Path, lat: float, lon: float, seed: int = 0, rows: int = HOURS_PER_YEAR
) -> Path:
    weather = synthetic_weather(lat, lon, seed)
    starts = hourly_index(2025)
    fields = np.zeros((HOURS_PER_YEAR, 35), dtype=object)
    fields[:, 0] = 1995
    fields[:, 1], fields[:, 2], fields[:, 3] = starts.month, starts.day, starts.hour + 1
    fields[:, 4] = 0
    fields[:, 5] = "?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9"
    fields[:, 6] = weather["temperature_c"].round(1)
    fields[:, 7], fields[:, 8], fields[:, 9] = 0.0, 60, 101325
    fields[:, 13] = weather["ghi_w_per_m2"]
    fields[:, 14] = weather["dni_w_per_m2"]
    fields[:, 15] = weather["dhi_w_per_m2"]
    fields[:, 21] = weather["wind_speed_10m_ms"]
    header = [
        f"LOCATION,Station{seed},Province,CHN,CSWD,{54000 + seed},{lat},{lon},8.0,50.0",
        "DESIGN CONDITIONS,0",
        "TYPICAL/EXTREME PERIODS,0",
        "GROUND TEMPERATURES,0",
        "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
        "COMMENTS 1,synthetic",
        "COMMENTS 2,synthetic",
        "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
    ]
    body = pd.DataFrame(fields[:rows]).to_csv(header=False, index=False, lineterminator="\n")
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    return path


def write_station_csv(path: Path, lat: float, lon: float, seed: int = 0) -> Path:
    weather = synthetic_weather(lat, lon, seed)
    weather.insert(0, "hour", np.arange(HOURS_PER_YEAR))
    weather["lat"], weather["lon"] = lat, lon
    weather.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def station_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three stations near the tiny sites, 30-60 km off; one far away that serves none."""
    folder = tmp_path_factory.mktemp("stations")
    write_epw(folder / "east.epw", 31.3, 121.1, seed=1)  # 34.7 km from east_a
    write_epw(folder / "east_far.epw", 32.5, 121.0, seed=2)  # ~170 km from east_a
    write_epw(folder / "west_b.epw", 38.5, 106.1, seed=3)
    write_station_csv(folder / "west_c.csv", 39.8, 100.3, seed=4)
    write_epw(folder / "tropic.epw", 20.0, 110.0, seed=5)
    return folder


@pytest.fixture(scope="module")
def station_result(station_folder: Path, catalogue) -> WeatherProfiles:
    return station_profiles(station_folder, catalogue)


def test_power_curve_is_atlites_smoothed_curve_with_no_output_below_cut_in() -> None:
    speed, capacity_factor = farm_power_curve()
    assert capacity_factor.max() == pytest.approx(1.0)
    assert np.all(capacity_factor[speed < TURBINE_CUT_IN_MS] == 0.0)
    assert np.all(np.diff(capacity_factor[(speed > 3) & (speed < 18)]) > 0)
    atlite_resource = pytest.importorskip(
        "atlite.resource", reason="atlite not installed (pip install 'dcsite[era5]')"
    )
    from optimiser.data import weather

    turbine = {
        "V": weather._TURBINE_SPEED_MS,
        "POW": weather._TURBINE_OUTPUT_MW,
        "P": 3.06,
        "hub_height": 100.0,
    }
    smoothed = atlite_resource.windturbine_smooth(turbine)
    above = speed >= TURBINE_CUT_IN_MS
    np.testing.assert_allclose(smoothed["V"], speed)
    np.testing.assert_allclose(
        capacity_factor[above], (smoothed["POW"] / smoothed["P"])[above], atol=1e-12
    )


def test_wind_calibration_scales_the_speed_not_the_output() -> None:
    speeds = np.tile([0.0, 2.0, 5.0, 8.0, 12.0, 30.0], 1460)
    capacity_factor, multiplier = calibrate_wind(speeds, 2500.0)
    assert capacity_factor.sum() == pytest.approx(2500.0, abs=1e-6)
    np.testing.assert_allclose(capacity_factor, wind_capacity_factor_from_speed(speeds, multiplier))
    assert capacity_factor[speeds == 0.0].max() == 0.0  # a calm stays calm at any multiplier
    with pytest.raises(ValueError, match="no wind-speed multiplier"):
        calibrate_wind(np.full(HOURS_PER_YEAR, 0.5), 8000.0)


def test_solar_calibration_clips_at_the_inverters() -> None:
    dc = np.tile(np.r_[np.zeros(12), np.linspace(0.1, 0.9, 12)], 365)
    capacity_factor, multiplier = calibrate_solar(dc, 2500.0)
    assert capacity_factor.sum() == pytest.approx(2500.0, abs=1e-6)
    assert capacity_factor.max() == pytest.approx(1.0 / DC_AC_RATIO)
    assert multiplier > 1.0
    with pytest.raises(ValueError, match="cannot reach"):
        calibrate_solar(dc, 4000.0)


def test_each_site_takes_its_nearest_station(station_result: WeatherProfiles) -> None:
    calibration = station_result.calibration
    assert calibration.loc["east_a", "weather_source"] == "east.epw"  # not east_far.epw
    assert calibration.loc["west_b", "weather_source"] == "west_b.epw"
    assert calibration.loc["west_c", "weather_source"] == "west_c.csv"
    assert calibration.loc["east_a", "distance_km"] == pytest.approx(34.7, abs=0.1)


def test_station_profiles_are_catalogue_profiles_at_the_provinces_full_load_hours(
    station_result: WeatherProfiles,
) -> None:
    for kind, targets in (("solar", SOLAR_TARGETS), ("wind", WIND_TARGETS)):
        table = getattr(station_result, kind)
        assert list(table.columns) == ["hour", *SITES]  # a typical year: no weather_year
        assert len(table) == HOURS_PER_YEAR
        assert table["hour"].tolist() == list(range(HOURS_PER_YEAR))
        values = table[SITES].to_numpy()
        assert values.min() >= 0.0 and values.max() <= 1.0
        assert np.array_equal(values, values.round(4))
        for site, target in targets.items():
            assert table[site].sum() == pytest.approx(target, abs=0.05), (kind, site)


def test_no_pv_at_night_and_no_wind_in_a_calm(station_result: WeatherProfiles) -> None:
    from pvlib import solarposition

    for site, row in tiny_catalogue().clusters.iterrows():
        times = hourly_index(2025, offset_minutes=30)
        elevation = solarposition.get_solarposition(times, row["lat"], row["lon"])["elevation"]
        deep_night = (elevation < -10.0).to_numpy()  # the sun is down all hour long
        assert deep_night.sum() > 3000
        assert station_result.solar.loc[deep_night, site].max() == 0.0
        assert station_result.solar.loc[~deep_night, site].max() > 0.5
        assert station_result.wind.loc[CALM_HOURS, site].max() == 0.0
        assert station_result.wind[site].max() > 0.9


def test_output_folder_is_new_and_whole(station_result: WeatherProfiles, tmp_path: Path) -> None:
    out = tmp_path / "weather"
    write_weather_profiles(station_result, out)
    assert sorted(path.name for path in out.iterdir()) == [
        "calibration.csv",
        "solar_capacity_factor.csv",
        "wind_capacity_factor.csv",
    ]
    written = pd.read_csv(out / "wind_capacity_factor.csv")
    pd.testing.assert_frame_equal(written, station_result.wind, check_dtype=False)
    with pytest.raises(OutputError, match="already exists"):
        write_weather_profiles(station_result, out)
    write_weather_profiles(station_result, out, overwrite=True)
    assert [path.name for path in tmp_path.iterdir()] == ["weather"]  # no staging left


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("too_few_rows", ["short.epw", "expected 8,760 hourly rows", "got 8,759"]),
        ("too_far", ["site west_c", "nearest station", "km away", "farther than 300 km"]),
        ("wrong_time_zone", ["utc9.epw", "time zone", "expected 8"]),
        ("missing_value", ["gap.epw", "line 1009", "dni_w_per_m2", "missing"]),
        ("empty_folder", ["holds no .epw or .csv station file"]),
    ],
)
def test_bad_station_input_is_one_line_naming_the_file(
    tmp_path: Path, catalogue, case: str, words: list[str]
) -> None:
    write_epw(tmp_path / "east.epw", 31.3, 121.1, seed=1)
    write_epw(tmp_path / "west.epw", 38.5, 106.1, seed=3)
    if case == "too_few_rows":
        write_epw(tmp_path / "short.epw", 39.8, 100.3, seed=4, rows=HOURS_PER_YEAR - 1)
    elif case == "wrong_time_zone":
        path = write_epw(tmp_path / "utc9.epw", 39.8, 100.3, seed=4)
        path.write_text(path.read_text().replace(",8.0,50.0", ",9.0,50.0", 1))
    elif case == "missing_value":
        path = write_epw(tmp_path / "gap.epw", 39.8, 100.3, seed=4)
        lines = path.read_text().splitlines()
        fields = lines[1008].split(",")
        fields[14] = "9999"
        lines[1008] = ",".join(fields)
        path.write_text("\n".join(lines) + "\n")
    elif case == "empty_folder":
        for path in tmp_path.iterdir():
            path.unlink()
    with pytest.raises(InputError) as raised:
        station_profiles(tmp_path, catalogue)
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    assert str(tmp_path) in message
    for word in words:
        assert word in message, (word, message)


def test_a_wider_distance_limit_lets_a_far_station_serve(tmp_path: Path, catalogue) -> None:
    write_epw(tmp_path / "only.epw", 35.0, 110.0)
    with pytest.raises(InputError, match="site east_a"):
        station_profiles(tmp_path, catalogue)
    result = station_profiles(tmp_path, catalogue, max_distance_km=1500.0)
    assert set(result.calibration["weather_source"]) == {"only.epw"}


def test_station_profiles_load_as_a_scenarios_own_profiles(
    station_result: WeatherProfiles, catalogue, tmp_path: Path
) -> None:
    out = write_weather_profiles(station_result, tmp_path / "weather")
    loaded = catalogue.with_profile("wind_capacity_factor", out / "wind_capacity_factor.csv")
    assert loaded.wind_capacity_factor.sum().round(2).to_dict() == WIND_TARGETS


# ERA5 through atlite. The grid's cells sit on the tiny sites, so each site has its own weather.
CELL_LONS = [100.0, 106.0, 121.0]
CELL_LATS = [31.0, 38.0, 40.0]


def write_cutout(
    path: Path,
    start: str,
    end: str,
    *,
    lons: list[float] = CELL_LONS,
    lats: list[float] = CELL_LATS,
    calm_china_hours: pd.DatetimeIndex | None = None,
    lowest_speed_ms: float = 0.0,
    drop: tuple[str, ...] = (),
) -> Path:
    """An ERA5 cutout as atlite prepares it: hour-ending UTC labels, W/m², K, m/s."""
    import xarray as xr
    from atlite.pv.solar_position import SolarPosition

    times = pd.date_range(start, end, freq="h")
    dims = ("time", "y", "x")
    shape = (len(times), len(lats), len(lons))
    cutout = xr.Dataset(coords={"time": times, "y": lats, "x": lons})
    cutout = cutout.assign_coords(lon=cutout["x"], lat=cutout["y"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        sun = SolarPosition(cutout, time_shift=pd.Timedelta("-30min")).transpose(*dims)
    top_of_atmosphere = (1361.0 * np.sin(sun["altitude"])).clip(min=0.0).to_numpy()
    generator = np.random.default_rng(7)
    cloud = generator.uniform(0.2, 1.0, shape)
    speed = np.clip(7.0 + 3.0 * generator.standard_normal(shape), lowest_speed_ms, None)
    if calm_china_hours is not None:
        speed[times.isin(calm_china_hours - pd.Timedelta(hours=7))] = 0.0
    variables = {
        "influx_toa": ("influx", top_of_atmosphere),
        "influx_direct": ("influx", 0.6 * top_of_atmosphere * cloud),
        "influx_diffuse": ("influx", 0.15 * top_of_atmosphere),
        "albedo": ("influx", np.full(shape, 0.2)),
        "solar_altitude": ("influx", sun["altitude"].to_numpy()),
        "solar_azimuth": ("influx", sun["azimuth"].to_numpy()),
        "temperature": ("temperature", np.full(shape, 288.15)),
        "wnd100m": ("wind", speed),
        "roughness": ("wind", np.full(shape, 0.1)),
    }
    for name, (feature, values) in variables.items():
        if name not in drop:
            cutout[name] = (dims, values.astype(np.float32), {"module": "era5", "feature": feature})
    cutout.attrs.update(module="era5", prepared_features=["influx", "temperature", "wind"])
    cutout.to_netcdf(path)
    return path


CALM_2020 = pd.date_range("2020-01-05 00:00", periods=12, freq="h")


@pytest.fixture(scope="module")
def cutout_2020(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("atlite", reason="atlite not installed (pip install 'dcsite[era5]')")
    folder = tmp_path_factory.mktemp("era5")
    return write_cutout(
        folder / "china-2020.nc", "2019-12-31", "2020-12-31 23:00", calm_china_hours=CALM_2020
    )


@pytest.fixture(scope="module")
def era5_result(cutout_2020: Path, catalogue) -> WeatherProfiles:
    from optimiser.data.weather_era5 import era5_profiles

    return era5_profiles(cutout_2020, catalogue)


def test_era5_profiles_are_one_real_year_at_the_provinces_full_load_hours(
    era5_result: WeatherProfiles,
) -> None:
    for kind, targets in (("solar", SOLAR_TARGETS), ("wind", WIND_TARGETS)):
        table = getattr(era5_result, kind)
        assert list(table.columns) == ["weather_year", "hour", *SITES]
        assert len(table) == HOURS_PER_YEAR
        assert set(table["weather_year"]) == {2020}
        values = table[SITES].to_numpy()
        assert values.min() >= 0.0 and values.max() <= 1.0
        for site, target in targets.items():
            assert table[site].sum() == pytest.approx(target, abs=0.01), (kind, site)
    assert era5_result.calibration.loc["west_c", "weather_source"] == "cell 40°N 100°E"


def test_era5_hours_are_china_standard_time(era5_result: WeatherProfiles) -> None:
    solar = era5_result.solar
    hour_of_day = solar["hour"] % 24
    assert solar.loc[hour_of_day.isin([22, 23, 0, 1, 2, 3]), SITES].to_numpy().max() == 0.0
    # Solar noon is 11:56 at 121° E and 13:20 at 100° E (UTC+8).
    peak = solar.groupby(hour_of_day)[SITES].mean().idxmax()
    assert peak["east_a"] in {11, 12}
    assert peak["west_c"] in {12, 13}
    calm = (CALM_2020 - pd.Timestamp("2020-01-01")) // pd.Timedelta(hours=1)
    wind = era5_result.wind.set_index("hour")
    assert wind.loc[calm, SITES].to_numpy().max() == 0.0
    assert wind.loc[calm.max() + 1, SITES].min() > 0.0


def test_era5_wind_matches_atlites_own_conversion(cutout_2020: Path) -> None:
    import atlite

    from optimiser.data import weather

    curve_speed, curve = farm_power_curve()
    turbine = {"V": curve_speed, "POW": curve, "P": 1.0, "hub_height": weather.HUB_HEIGHT_M}
    by_atlite = atlite.Cutout(cutout_2020).wind(turbine=turbine, aggregate_time=None)
    cell = by_atlite.sel(x=121.0, y=31.0).to_numpy()
    speed = atlite.Cutout(cutout_2020).data["wnd100m"].sel(x=121.0, y=31.0).to_numpy()
    np.testing.assert_allclose(wind_capacity_factor_from_speed(speed), cell, atol=1e-6)


@pytest.mark.slow
def test_era5_several_years_share_one_multiplier_and_drop_29_february(
    tmp_path: Path, catalogue
) -> None:
    pytest.importorskip("atlite", reason="atlite not installed (pip install 'dcsite[era5]')")
    from optimiser.data.weather_era5 import era5_profiles

    leap_day = pd.date_range("2020-02-29 00:00", periods=24, freq="h")
    path = write_cutout(
        tmp_path / "two.nc",
        "2019-12-31",
        "2021-12-31 23:00",
        calm_china_hours=leap_day,
        lowest_speed_ms=4.0,
    )
    result = era5_profiles(path, catalogue)
    assert len(result.wind) == 2 * HOURS_PER_YEAR
    assert result.wind["weather_year"].tolist() == [2020] * 8760 + [2021] * 8760
    assert result.wind[SITES].to_numpy().min() > 0.0  # the calm 29 February is gone
    yearly = result.wind.groupby("weather_year")[SITES].sum()
    for site, target in WIND_TARGETS.items():
        assert yearly[site].mean() == pytest.approx(target, abs=0.01)
        assert yearly.loc[2020, site] != pytest.approx(target, abs=0.01)  # years differ
    only_2021 = era5_profiles(path, catalogue, years=[2021])
    assert set(only_2021.solar["weather_year"]) == {2021}
    assert only_2021.solar["west_b"].sum() == pytest.approx(SOLAR_TARGETS["west_b"], abs=0.01)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing_variable", ["variable influx_direct", "missing", "'influx' feature"]),
        ("year_not_in_cutout", ["time", "year 2019 is not complete", "complete years: 2020"]),
        ("no_complete_year", ["time", "no complete calendar year", "31 December"]),
        ("site_outside", ["site east_a", "lies outside the cutout"]),
    ],
)
def test_bad_cutout_is_one_line_naming_the_file(
    tmp_path: Path, catalogue, cutout_2020: Path, case: str, words: list[str]
) -> None:
    from optimiser.data.weather_era5 import era5_profiles

    path, years = cutout_2020, None
    short = ("2020-06-01", "2020-06-03 23:00")
    if case == "missing_variable":
        path = write_cutout(tmp_path / "bad.nc", *short, drop=("influx_direct",))
    elif case == "year_not_in_cutout":
        years = [2019]
    elif case == "no_complete_year":
        path = write_cutout(tmp_path / "bad.nc", *short)
    elif case == "site_outside":
        path = write_cutout(tmp_path / "bad.nc", *short, lons=[100.0, 106.0])
    with pytest.raises(InputError) as raised:
        era5_profiles(path, catalogue, years=years)
    message = str(raised.value)
    assert len(message.splitlines()) == 1
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message, (word, message)


def test_profiles_command_writes_a_new_folder_from_a_cutout(tmp_path: Path) -> None:
    pytest.importorskip("atlite", reason="atlite not installed (pip install 'dcsite[era5]')")
    from typer.testing import CliRunner

    from optimiser.cli import app
    from optimiser.data.catalogue import load_catalogue

    # A coarse grid over the built-in sites: 12° cells from 84° E to 132° E, 22° N to 46° N.
    lons, lats = [*np.arange(84.0, 133.0, 12.0)], [*np.arange(22.0, 47.0, 12.0)]
    path = write_cutout(
        tmp_path / "china.nc", "2024-12-31", "2025-12-31 23:00", lons=lons, lats=lats
    )
    out = tmp_path / "weather-2025"
    run = CliRunner().invoke(app, ["profiles", "--era5", str(path), "--out", str(out)])
    assert run.exit_code == 0, (run.stdout, run.stderr)
    assert "profiles of 16 sites (years 2025) written to" in run.stdout
    solar = pd.read_csv(out / "solar_capacity_factor.csv")
    built_in = load_catalogue()
    assert list(solar.columns) == ["weather_year", "hour", *built_in.clusters.index]
    targets = site_targets(built_in)
    np.testing.assert_allclose(
        solar[targets.index].sum(), targets["solar_full_load_hours_h"], atol=0.01
    )
    again = CliRunner().invoke(app, ["profiles", "--era5", str(path), "--out", str(out)])
    assert again.exit_code == 2
    assert (
        again.stderr.strip()
        == f"error: {out}: already exists; choose another --out or pass --overwrite"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "--epw/--era5: give exactly one weather source"),
        (["--epw", "a", "--era5", "b.nc"], "--epw/--era5: give exactly one weather source"),
        (["--epw", "stations", "--year", "2020"], "--year: applies to --era5 only"),
        (["--era5", "missing.nc"], "missing.nc: expected an existing atlite cutout file (.nc)"),
    ],
)
def test_profiles_command_refuses_bad_options_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], message: str
) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(app, ["profiles", *arguments, "--out", "weather"])
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert run.stderr.strip().startswith(f"error: {message}")
    assert len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "weather").exists()


def test_profiles_command_names_a_site_without_a_station_near_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    (tmp_path / "stations").mkdir()
    write_epw(tmp_path / "stations" / "lhasa.epw", 29.6, 91.1)
    arguments = ["profiles", "--epw", str(tmp_path / "stations"), "--out", str(tmp_path / "w")]
    run = CliRunner().invoke(app, [*arguments, "--max-distance-km", "500"])
    assert run.exit_code == 2, (run.stdout, run.stderr)
    assert run.stderr.startswith(f"error: {tmp_path / 'stations'}: site zhangjiakou: nearest ")
    assert "lhasa.epw is 2495 km away" in run.stderr and "farther than 500 km" in run.stderr
    assert not (tmp_path / "w").exists()
