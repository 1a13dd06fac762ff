"""24/7 carbon-free energy as it is counted: CFE scores, the hourly floor, the grid and corridors
hour by hour, no power wheeled back, a certificate market and leakage.

The tiny cases are worked by hand; the built-in catalogue's hourly shares are checked against
its annual figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from optimiser.data.catalogue import load_catalogue
from optimiser.data.grid_hourly import (
    corridor_hourly_supply,
    grid_carbon_free_share,
    load_shape,
)
from optimiser.errors import InfeasibleError, InputError
from optimiser.lp.inputs import prepare_inputs
from optimiser.paths import default_model_path
from optimiser.pipeline import run_scenario
from optimiser.results.tables import SolveResult
from optimiser.scenario import resolve_scenario
from tests.tiny import HOURS, tiny_catalogue, tiny_scenario, tiny_tables

SUNLIT = np.isin(np.arange(HOURS) % 24, range(6, 18))


def solar_by_day(tables: dict) -> dict:
    """East A gets solar at full output from 06:00 to 18:00 and none at night; storage is dear.

    Solar costs 2e6/20 = 0.1 M CNY/MW/yr for 4,380 MWh (23 CNY/MWh), so it covers every
    daytime hour; grid power (500 CNY/MWh, not carbon-free) covers the night unless a target
    asks for storage, whose energy capacity (10 M CNY/MWh over 10 years) costs about
    2,740 CNY per MWh shifted, far above the grid.
    """
    tables["solar_capacity_factor"]["east_a"] = np.where(SUNLIT, 1.0, 0.0)
    tables["clusters"].loc["east_a", ["max_solar_mw", "max_storage_mw"]] = [10_000.0, 10_000.0]
    tables["parameters"]["storage_energy_capex_cny_per_mwh"] = 10e6
    return tables


def east_a(result: SolveResult) -> pd.Series:
    return result.clusters.set_index("cluster_id").loc["east_a"]


HOURLY_TARGET = {"green_share_target": 0.9, "green_accounting": "hourly"}


def test_an_hourly_target_is_a_cfe_score() -> None:
    catalogue = tiny_catalogue(solar_by_day(tiny_tables()))
    result = run_scenario(catalogue, tiny_scenario(policy=HOURLY_TARGET))
    site = east_a(result)
    # Day hours fully solar, and stored solar for 0.8 of the night's energy: 12 + 12 x 0.8 =
    # 0.9 x 24, a score of exactly 0.9. Which night hours it covers is the LP's choice, so
    # some hours stay below 0.9: a score, not a floor.
    assert site["green_share_hourly"] == pytest.approx(0.9, abs=1e-6)
    assert site["min_hourly_green_share"] < 0.9 - 1e-3
    hourly = result.hourly
    night = hourly[(hourly["cluster_id"] == "east_a") & ~hourly["hour"].isin(range(6, 18))]
    assert (night["carbon_free_mw"].sum() / night["consumption_mw"].sum()) == pytest.approx(0.8)


def test_a_target_margin_raises_what_the_lp_holds_a_site_to_not_the_target() -> None:
    catalogue = tiny_catalogue(solar_by_day(tiny_tables()))
    plain = run_scenario(catalogue, tiny_scenario(policy=HOURLY_TARGET))
    margin = run_scenario(
        catalogue, tiny_scenario(policy=HOURLY_TARGET, time={"target_margins": {"east_a": 0.05}})
    )
    site = east_a(margin)
    # Planned to 0.95 (stored solar for 0.9 of the night's energy), reported against 0.9.
    assert site["green_share_hourly"] == pytest.approx(0.95, abs=1e-6)
    assert site["green_share_target"] == pytest.approx(0.9)
    assert margin.inputs.sites.loc["east_a", "green_share_planning_target"] == pytest.approx(0.95)
    assert margin.summary["objective_cny_per_year"] > plain.summary["objective_cny_per_year"]
    # Never above 1; a margin at an untargeted site changes nothing.
    capped = run_scenario(
        catalogue, tiny_scenario(policy=HOURLY_TARGET, time={"target_margins": {"east_a": 0.5}})
    )
    assert east_a(capped)["green_share_hourly"] == pytest.approx(1.0, abs=1e-6)
    untargeted = run_scenario(
        catalogue,
        tiny_scenario(
            policy={**HOURLY_TARGET, "green_target_applies_to": "hub_clusters"},
            time={"target_margins": {"west_c": 0.1}},
        ),
    )
    assert untargeted.inputs.sites.loc["west_c", "green_share_planning_target"] == 0.0


def test_a_target_margin_must_name_a_site_and_be_a_fraction() -> None:
    with pytest.raises(InputError, match=r"time.target_margins.east_b.*did you mean"):
        prepare_inputs(tiny_catalogue(), tiny_scenario(time={"target_margins": {"east_b": 0.1}}))
    with pytest.raises(ValidationError, match="target_margins"):
        tiny_scenario(time={"target_margins": {"east_a": 1.5}})


def test_an_hourly_floor_holds_in_every_hour_and_raises_the_score() -> None:
    tables = solar_by_day(tiny_tables())
    score = run_scenario(tiny_catalogue(tables), tiny_scenario(policy=HOURLY_TARGET))
    floor = run_scenario(
        tiny_catalogue(tables), tiny_scenario(policy={**HOURLY_TARGET, "hourly_floor": 0.9})
    )
    site = east_a(floor)
    # No hour below 0.9: nights at 0.9 and days at 1.0 give a score of 0.95.
    assert site["min_hourly_green_share"] == pytest.approx(0.9, abs=1e-6)
    assert site["green_share_hourly"] == pytest.approx(0.95, abs=1e-6)
    assert floor.summary["objective_cny_per_year"] > score.summary["objective_cny_per_year"]


def test_an_hourly_floor_without_storage_cannot_cover_the_night() -> None:
    tables = solar_by_day(tiny_tables())
    tables["clusters"].loc["east_a", "max_storage_mw"] = 0.0
    policy = {"green_share_target": 0.5, "green_accounting": "hourly"}
    # A score of 0.5 is all daytime solar; a floor of 0.5 needs green power at night.
    assert east_a(run_scenario(tiny_catalogue(tables), tiny_scenario(policy=policy)))[
        "green_share_hourly"
    ] == pytest.approx(0.5, abs=1e-6)
    with pytest.raises(InfeasibleError):
        run_scenario(tiny_catalogue(tables), tiny_scenario(policy={**policy, "hourly_floor": 0.5}))


def test_an_hourly_floor_with_annual_accounting_is_refused() -> None:
    with pytest.raises(ValidationError, match="hourly_floor"):
        tiny_scenario(policy={"green_accounting": "annual", "hourly_floor": 0.5})


def test_the_grid_counts_at_its_carbon_free_share_in_the_hour() -> None:
    tables = tiny_tables()
    tables["provinces"]["grid_carbon_free_share"] = 0.5
    tables["provinces"]["grid_renewable_share"] = 0.5
    tables["wind_capacity_factor"]["east_a"] = 0.0
    tables["solar_capacity_factor"]["east_a"] = np.where(SUNLIT, 0.5, 0.0)
    # East land's carbon-free power is all solar: its grid is clean by day, not at night.
    tables["grid_mix"] = pd.DataFrame(
        {
            "year": 2024,
            "hydro_share": 0.0,
            "nuclear_share": 0.0,
            "wind_share": 0.0,
            "solar_share": 0.5,
            "other_renewable_share": 0.0,
            "fossil_share": 0.5,
        },
        index=pd.Index(["east_land", "west_land", "far_land"], name="province_id"),
    )
    catalogue = tiny_catalogue(tables)
    shares = grid_carbon_free_share(catalogue, ["east_land"])["east_land"]
    assert shares[~SUNLIT].max() == 0.0
    assert shares[SUNLIT].min() == pytest.approx(1.0)
    assert shares.mean() == pytest.approx(0.5)
    result = run_scenario(catalogue, tiny_scenario())
    site = east_a(result)
    # The same grid purchases: half green over the year (annual measure), and hour by hour
    # green by day only, also a half for a flat load.
    assert site["green_share_annual"] == pytest.approx(0.5)
    assert site["green_share_hourly"] == pytest.approx(0.5)
    assert site["min_hourly_green_share"] == pytest.approx(0.0)
    hourly = result.hourly[result.hourly["cluster_id"] == "east_a"]
    assert set(hourly["grid_carbon_free_share"].round(9)) == {0.0, 1.0}


def test_built_in_grid_shares_vary_by_hour_and_keep_their_annual_mean() -> None:
    catalogue = load_catalogue()
    provinces = list(dict.fromkeys(catalogue.clusters["province_id"]))
    shares = grid_carbon_free_share(catalogue, provinces)
    load = load_shape(catalogue)
    annual = catalogue.provinces["grid_carbon_free_share"]
    for province in provinces:
        mean = float((shares[province] * load).sum() / load.sum())
        assert abs(mean - annual[province]) < 0.005, province
        assert shares[province].std() > 0.005, province
    assert (shares.to_numpy() >= 0).all() and (shares.to_numpy() <= 1).all()


def test_hydro_lines_carry_less_in_the_dry_season() -> None:
    catalogue = load_catalogue()
    corridors = catalogue.corridors
    green, available = corridor_hourly_supply(catalogue, corridors)
    hydro = corridors.index[corridors["green_source"] == "hydro"]
    bundled = corridors.index[corridors["renewable_share"] < 1]
    assert len(hydro) and len(bundled)
    january, august = slice(0, 744), slice(5088, 5832)
    for line in hydro:
        assert available[line].iloc[january].mean() < available[line].iloc[august].mean()
        assert (green[line] == 1.0).all()
    for line in bundled:
        assert (available[line] == 1.0).all()
        # The thermal part is never green; the renewable part follows the weather.
        assert green[line].mean() == pytest.approx(corridors.loc[line, "renewable_share"], abs=1e-6)
        assert green[line].std() > 0.01


def test_no_power_is_wheeled_back_toward_its_sending_end() -> None:
    catalogue = load_catalogue()
    scenario = resolve_scenario(
        default_model_path(), "baseline", ["network.corridors_in_service_by_year=2030"]
    )
    links = prepare_inputs(catalogue, scenario).corridor_links
    reached = set(zip(links["corridor_id"], links["cluster_id"], strict=True))
    # Horinger (Inner Mongolia) lies nearer Qingyang and Yinchuan than Shandong does: power
    # sent from Gansu or Ningxia to Shandong never travels back ~1,000 km to it.
    assert ("longdong_shandong", "horinger") not in reached
    assert ("ningdong_shandong", "horinger") not in reached
    # Zhangjiakou lies farther from Qingyang than Shandong does: it may take that line's power.
    assert ("longdong_shandong", "zhangjiakou") in reached


def test_wheeled_corridor_power_is_green_but_not_own_supply() -> None:
    from tests.lp.test_green_rules import reversed_corridor

    tables = reversed_corridor(tiny_tables())
    tables["corridors"].loc["west_east", "renewable_share"] = 1.0
    result = run_scenario(tiny_catalogue(tables), tiny_scenario(sites={"exclude": ["west_b"]}))
    site = result.clusters.set_index("cluster_id").loc["west_c"]
    assert site["corridor_import_mwh"] > 0
    # A grid transaction: counted green by the grid measures, not as the site's own supply.
    assert site["green_share_annual"] == pytest.approx(1.0)
    assert site["green_share_hourly"] == pytest.approx(1.0)
    assert site["green_share_hourly_own_supply"] == pytest.approx(0.0)


def with_curve(tables: dict, steps: list[tuple[float, float]]) -> dict:
    tables["certificate_supply"] = pd.DataFrame(
        {
            "instrument": [f"step_{number}" for number in range(len(steps))],
            "volume_twh_per_year": [volume for volume, _ in steps],
            "price_cny_per_mwh": [price for _, price in steps],
        },
        index=pd.Index([f"step_{number}" for number in range(len(steps))], name="step_id"),
    )
    return tables


def test_certificates_are_bought_up_the_supply_curve() -> None:
    # East A and west B need 0.8 x (100 + 70) MW x 8,760 h = 1.19 TWh of certificates.
    needed_twh = 0.8 * 170 * HOURS / 1e6
    tables = with_curve(tiny_tables(), [(0.5, 10.0), (1.0, 40.0)])
    result = run_scenario(tiny_catalogue(tables), tiny_scenario(policy={"green_share_target": 0.8}))
    summary = result.summary
    assert summary["certificates_mwh_per_year"] == pytest.approx(needed_twh * 1e6)
    # 0.5 TWh at 10 CNY/MWh, the rest at 40: the marginal certificate costs 40.
    expected = 0.5e6 * 10.0 + (needed_twh - 0.5) * 1e6 * 40.0
    assert summary["certificate_cost_cny_per_year"] == pytest.approx(expected, rel=1e-9)
    assert summary["cost_breakdown_cny_per_year"]["certificates"] == pytest.approx(expected)
    assert summary["certificate_marginal_price_cny_per_mwh"] == 40.0
    assert summary["certificate_volume_available_mwh_per_year"] == pytest.approx(1.5e6)


def test_a_limited_market_makes_the_rest_physical() -> None:
    tables = with_curve(tiny_tables(), [(0.5, 10.0)])
    # Without green supply beyond 0.5 TWh of certificates, an 80 % target cannot be met.
    with pytest.raises(InfeasibleError):
        run_scenario(tiny_catalogue(tables), tiny_scenario(policy={"green_share_target": 0.8}))
    scaled = run_scenario(
        tiny_catalogue(tables),
        tiny_scenario(policy={"green_share_target": 0.8, "certificate_volume_scale": 3.0}),
    )
    assert scaled.summary["certificates_mwh_per_year"] == pytest.approx(0.8 * 170 * HOURS)


def test_a_flat_certificate_price_is_unlimited() -> None:
    tables = with_curve(tiny_tables(), [(0.5, 10.0)])
    result = run_scenario(
        tiny_catalogue(tables),
        tiny_scenario(policy={"green_share_target": 0.8, "certificate_price_cny_per_mwh": 3.0}),
    )
    assert result.summary["certificates_mwh_per_year"] == pytest.approx(0.8 * 170 * HOURS)
    assert result.summary["certificate_volume_available_mwh_per_year"] is None


def test_leakage_to_untargeted_sites_is_reported_and_closed_by_all_sites() -> None:
    tables = tiny_tables()
    # West C, outside the hubs, has room and a dearer grid than west B.
    tables["clusters"].loc["west_c", "max_it_capacity_mw"] = 1000.0
    tables["provinces"].loc["far_land", "price_cny_per_mwh"] = 250.0
    none = run_scenario(tiny_catalogue(tables), tiny_scenario())
    policy = {"green_share_target": 0.5, "certificates_allowed": False}
    # Green power at the hubs only from a solar plant at west B, dearer than west C's grid.
    tables["solar_capacity_factor"][["east_a", "west_b"]] = 0.2
    tables["clusters"].loc[["east_a", "west_b"], "max_solar_mw"] = 10_000.0
    tables["parameters"]["solar_capex_cny_per_mw"] = 20e6  # 571 CNY/MWh at a 0.2 factor
    target = run_scenario(tiny_catalogue(tables), tiny_scenario(policy=policy))
    everywhere = run_scenario(
        tiny_catalogue(tables),
        tiny_scenario(policy={**policy, "green_target_applies_to": "all_sites"}),
    )
    before = none.summary["untargeted_share_of_it_energy"]
    # Work leaves west B for west C, outside the hubs, when only the hubs must be green.
    assert target.summary["untargeted_share_of_it_energy"] > before + 0.1
    assert everywhere.summary["untargeted_share_of_it_energy"] == 0.0


def test_certificate_volumes_follow_the_modelled_demand() -> None:
    # A step's volume is the instrument's national volume times the data centres' share of
    # national consumption: twice the demand, twice the volume.
    catalogue = tiny_catalogue(with_curve(tiny_tables(), [(0.5, 10.0)]))
    base = prepare_inputs(catalogue, tiny_scenario()).certificate_supply
    doubled = prepare_inputs(catalogue, tiny_scenario(demand={"scale": 2.0})).certificate_supply
    assert base["volume_gwh_per_year"].iloc[0] == pytest.approx(500.0)
    assert doubled["volume_gwh_per_year"].iloc[0] == pytest.approx(1000.0)
