"""grid.csv: the data centres' draw on each province's grid, worked out by hand on the tiny model.

The tiny plan (``tests/tiny.py``) puts 100 MW of load at ``east_a`` (East land), 70 MW at
``west_b`` (West land) and 50 MW, its limit, at ``west_c`` (Far land), every hour alike and
all of it from the grid (PUE 1, no wind or solar). Far land is given a peak load.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from optimiser.pipeline import run_scenario
from optimiser.report import write_report
from optimiser.results.folder import write_results
from optimiser.results.grid_tables import GRID_COLUMNS, grid_table
from optimiser.results.validation import validate_results_dir
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables

TWH_PER_MW_YEAR = 8760 / 1e6
"""TWh a load of 1 MW draws in a year [TWh/MW/yr]."""


def far_land_peak(peak_load_mw: float) -> dict:
    """The tiny tables with Far land's peak load, its headroom 10 % of it."""
    tables = tiny_tables()
    tables["grid_peak_load"] = pd.DataFrame(
        {"year": [2025], "peak_load_mw": [peak_load_mw]},
        index=pd.Index(["far_land"], name="province_id"),
    )
    tables["parameters"]["grid_headroom_share_of_peak_load"] = 0.1
    return tables


@pytest.fixture(scope="module")
def binding():
    """Far land peaks at 300 MW: 30 MW of headroom, so west_c buys 30 MW and west_b 90 MW."""
    return run_scenario(tiny_catalogue(far_land_peak(300.0)), tiny_scenario())


def test_grid_table_when_the_headroom_binds(binding) -> None:
    table = grid_table(binding.hourly, binding.inputs).set_index("province_id")
    assert list(table.reset_index().columns) == list(GRID_COLUMNS)
    assert list(table.index) == ["east_land", "far_land", "west_land"]
    far = table.loc["far_land"]
    assert (far["name_en"], far["name_zh"], far["site_count"]) == ("Far land", "远省", 1)
    assert far["peak_load_mw"] == pytest.approx(300.0)
    assert far["headroom_mw"] == pytest.approx(30.0)
    assert far["data_centre_grid_peak_mw"] == pytest.approx(30.0, rel=1e-6)
    assert far["data_centre_grid_twh"] == pytest.approx(30 * TWH_PER_MW_YEAR, rel=1e-6)
    assert far["data_centre_consumption_twh"] == pytest.approx(30 * TWH_PER_MW_YEAR, rel=1e-6)
    assert far["share_of_peak_load"] == pytest.approx(0.1, rel=1e-6)
    assert far["headroom_used_share"] == pytest.approx(1.0, rel=1e-6)
    assert far["headroom_binds"]
    assert far["headroom_source"] == "peak_load_share"
    # West land takes the 20 MW Far land cannot: 90 MW; it has no peak load, so no headroom.
    west = table.loc["west_land"]
    assert west["data_centre_grid_peak_mw"] == pytest.approx(90.0, rel=1e-6)
    assert west["data_centre_grid_twh"] == pytest.approx(90 * TWH_PER_MW_YEAR, rel=1e-6)
    assert pd.isna(west["peak_load_mw"]) and pd.isna(west["headroom_mw"])
    assert pd.isna(west["headroom_used_share"]) and not west["headroom_binds"]
    assert west["headroom_source"] == ""
    assert table.loc["east_land", "data_centre_grid_peak_mw"] == pytest.approx(100.0, rel=1e-6)


def test_grid_table_when_the_headroom_does_not_bind() -> None:
    # A 1,000 MW peak gives 100 MW of headroom: west_c fills to its 50 MW and uses half.
    result = run_scenario(tiny_catalogue(far_land_peak(1000.0)), tiny_scenario())
    far = grid_table(result.hourly, result.inputs).set_index("province_id").loc["far_land"]
    assert far["headroom_mw"] == pytest.approx(100.0)
    assert far["data_centre_grid_peak_mw"] == pytest.approx(50.0, rel=1e-6)
    assert far["data_centre_grid_twh"] == pytest.approx(50 * TWH_PER_MW_YEAR, rel=1e-6)
    assert far["share_of_peak_load"] == pytest.approx(0.05, rel=1e-6)
    assert far["headroom_used_share"] == pytest.approx(0.5, rel=1e-6)
    assert not far["headroom_binds"]


def test_results_folder_full_year_check_and_report_carry_the_grid_table(
    binding, tmp_path: Path
) -> None:
    folder = write_results(binding, tmp_path / "run")
    written = pd.read_csv(folder / "grid.csv").set_index("province_id")
    assert written.loc["far_land", "data_centre_grid_peak_mw"] == pytest.approx(30.0, rel=1e-6)
    assert bool(written.loc["far_land", "headroom_binds"])
    # Over the full year (flat profiles, every hour weighing 1 h) the figures are the same.
    validate_results_dir(folder, tiny_catalogue(far_land_peak(300.0)))
    year = pd.read_csv(folder / "validation" / "grid.csv").set_index("province_id")
    assert year.loc["far_land", "data_centre_grid_twh"] == pytest.approx(
        30 * TWH_PER_MW_YEAR, rel=1e-6
    )
    assert bool(year.loc["far_land", "headroom_binds"])
    page = write_report(folder).read_text(encoding="utf-8")
    assert 'id="grid"' in page and 'id="grid-table"' in page
    assert '<span id="grid-binds">The headroom binds in Far land.</span>' in page
    rows = page.split('id="grid-table"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "Far land" in rows[0]  # the province using most of its headroom comes first
