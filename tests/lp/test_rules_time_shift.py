"""Flexible work shifted between the hours of a day (``demand.flexible_shift_share``).

A tiny case worked by hand: one site, ``east_a``, serves 100 MW of flexible work. Solar runs
at full output from 06:00 to 18:00 and not at all at night; storage energy is dear; the site
must reach a CFE score of 0.95, hour by hour.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from optimiser.pipeline import run_scenario
from optimiser.results.supply_tables import flexible_load_table
from tests.tiny import HOURS, tiny_catalogue, tiny_scenario, tiny_tables

SUNLIT = np.isin(np.arange(HOURS) % 24, range(6, 18))
SCORE_95 = {"green_share_target": 0.95, "green_accounting": "hourly"}


def one_sunny_site() -> dict:
    """Return tables where all work is 100 MW of flexible load at ``east_a``, lit by day.

    IT capacity costs 1 M CNY/MW/yr (2 M per MW of load at utilisation 0.5), solar 0.1 M
    CNY/MW/yr, storage power 0.1 M CNY/MW/yr and energy 1 M CNY/MWh/yr; grid power costs
    500 CNY/MWh and is not carbon-free.
    """
    tables = tiny_tables()
    provinces = tables["provinces"]
    provinces["demand_latency_bound_mw"] = 0.0
    provinces["demand_flexible_mw"] = [100.0, 0.0, 0.0]
    clusters = tables["clusters"]
    clusters.loc[["west_b", "west_c"], "max_it_capacity_mw"] = 0.0
    clusters.loc["east_a", ["max_solar_mw", "max_storage_mw"]] = [10_000.0, 10_000.0]
    tables["solar_capacity_factor"]["east_a"] = np.where(SUNLIT, 1.0, 0.0)
    tables["parameters"]["storage_energy_capex_cny_per_mwh"] = 10e6
    return tables


def test_shifting_work_into_sunlit_hours_lowers_the_cost_of_a_95_percent_score() -> None:
    catalogue = tiny_catalogue(one_sunny_site())
    fixed = run_scenario(catalogue, tiny_scenario(policy=SCORE_95))
    shifted = run_scenario(
        catalogue, tiny_scenario(policy=SCORE_95, demand={"flexible_shift_share": 0.5})
    )
    # By hand, per day of 2,400 MWh: 95 % is 2,280 MWh carbon-free; the grid gives 120 MWh.
    # Fixed load: solar covers the 1,200 MWh of daytime, storage 1,080 MWh of the night, so
    # it holds 1,080 / 0.9 = 1,200 MWh, charged with 1,333.3 MWh (111.1 MW for 12 h), its
    # power at least a quarter of its energy (4 h at most): IT 200 + storage energy 1,200 +
    # power 30 + solar (100 + 111.1 MW) 21.11 + grid 21.9 = 1,473.01 M CNY/yr.
    assert fixed.summary["objective_cny_per_year"] == pytest.approx(1_473.01e6, rel=1e-5)
    # Half the work may move: 150 MW by day, 50 MW by night. Storage covers 480 MWh of the
    # night: 533.3 MWh held, charged at 49.38 MW. IT 300 + energy 533.33 + power 13.33 +
    # solar (150 + 49.38 MW) 19.94 + grid 21.9 = 888.50 M CNY/yr.
    assert shifted.summary["objective_cny_per_year"] == pytest.approx(888.50e6, rel=1e-5)
    site = shifted.clusters.set_index("cluster_id").loc["east_a"]
    assert site["storage_energy_mwh"] == pytest.approx(1600 / 3, rel=1e-6)
    assert site["green_share_hourly"] == pytest.approx(0.95, abs=1e-6)
    # The load before and after shifting: each day's energy kept, within 1 +- 0.5 of shape.
    table = flexible_load_table(shifted.plan, shifted.inputs)
    assert table["demand_before_shift_mw"].to_numpy() == pytest.approx(np.full(24, 100.0))
    day = np.isin(table["hour"], range(6, 18))
    assert table.loc[day, "load_after_shift_mw"].to_numpy() == pytest.approx(np.full(12, 150.0))
    assert table.loc[~day, "load_after_shift_mw"].to_numpy() == pytest.approx(np.full(12, 50.0))
    # 50 MW moved in each of 12 hours, every day of the year.
    assert shifted.summary["flexible_energy_shifted_mwh_per_year"] == pytest.approx(
        50 * 12 * 365, rel=1e-6
    )
    assert fixed.summary["flexible_energy_shifted_mwh_per_year"] == pytest.approx(0.0, abs=1e-6)


def test_shifting_keeps_each_days_energy_with_several_days() -> None:
    # Representative days of a year whose sun varies between days: every modelled day keeps
    # its own energy, and the audit re-checks it.
    tables = one_sunny_site()
    sun = tables["solar_capacity_factor"]["east_a"].to_numpy()
    tables["solar_capacity_factor"]["east_a"] = sun * np.repeat(
        np.where(np.arange(365) % 3 == 0, 0.3, 1.0), 24
    )
    shifted = run_scenario(
        tiny_catalogue(tables),
        tiny_scenario(
            policy=SCORE_95,
            demand={"flexible_shift_share": 0.3},
            time={"representation": "monthly_days"},
        ),
    )
    table = flexible_load_table(shifted.plan, shifted.inputs)
    daily = table.groupby(table.index // 24)[["demand_before_shift_mw", "load_after_shift_mw"]]
    sums = daily.sum()
    assert sums["load_after_shift_mw"].to_numpy() == pytest.approx(
        sums["demand_before_shift_mw"].to_numpy()
    )
    ratio = table["load_after_shift_mw"] / table["demand_before_shift_mw"]
    assert ratio.max() == pytest.approx(1.3, abs=1e-6)
    assert ratio.min() >= 0.7 - 1e-6


@pytest.mark.parametrize("share", [-0.1, 1.5])
def test_a_shift_share_outside_0_to_1_is_refused(share: float) -> None:
    with pytest.raises(ValidationError, match="flexible_shift_share"):
        tiny_scenario(demand={"flexible_shift_share": share})


def test_the_report_shows_the_load_before_and_after_shifting(tmp_path) -> None:
    from optimiser.report import write_report
    from optimiser.results.folder import write_results

    result = run_scenario(
        tiny_catalogue(one_sunny_site()),
        tiny_scenario(policy=SCORE_95, demand={"flexible_shift_share": 0.5}),
    )
    folder = write_results(result, tmp_path / "plan")
    assert (folder / "flexible_load.csv").exists()
    write_report(folder)
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert 'id="shift-chart"' in page
    assert "Up to 50% of the flexible work may move" in page
