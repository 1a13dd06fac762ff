"""``dcsite export``: one Excel workbook per results folder, with a README sheet of units."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from optimiser.cli import app
from optimiser.export import column_unit
from optimiser.pipeline import run_scenario
from optimiser.results.folder import write_results
from tests.tiny import tiny_catalogue, tiny_scenario


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = run_scenario(tiny_catalogue(), tiny_scenario(policy={"green_share_target": 0.5}))
    return write_results(result, tmp_path_factory.mktemp("export") / "tiny-run")


def _sheet(workbook: openpyxl.Workbook, name: str) -> pd.DataFrame:
    rows = list(workbook[name].iter_rows(values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_export_writes_one_sheet_per_table_and_a_readme_of_units(folder: Path) -> None:
    outcome = CliRunner().invoke(app, ["export", str(folder), "--xlsx"])
    assert outcome.exit_code == 0, outcome.output
    path = folder / "tiny-run.xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == [
        "README",
        "summary",
        "clusters",
        "allocation",
        "corridors",
        "hourly",
    ]
    clusters = _sheet(workbook, "clusters")
    pd.testing.assert_frame_equal(
        clusters, pd.read_csv(folder / "clusters.csv"), check_dtype=False, check_exact=False
    )
    assert len(_sheet(workbook, "hourly")) == len(pd.read_parquet(folder / "hourly.parquet"))
    summary = _sheet(workbook, "summary").set_index("key")
    written = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary.loc["objective_cny_per_year", "value"] == pytest.approx(
        written["objective_cny_per_year"]
    )
    assert summary.loc["cost_breakdown_cny_per_year.it_capex", "unit"] == "CNY/yr"
    readme = _sheet(workbook, "README")
    for sheet in workbook.sheetnames[2:]:
        listed = readme.loc[(readme["sheet"] == sheet) & readme["column"].notna(), "column"]
        assert list(listed) == list(_sheet(workbook, sheet).columns), sheet
    units = readme.dropna(subset=["column"]).set_index(["sheet", "column"])["unit"]
    assert units["clusters", "new_it_capacity_mw"] == "MW"
    assert units["clusters", "consumption_mwh"] == "MWh/yr"
    assert units["clusters", "storage_energy_mwh"] == "MWh"
    assert units["clusters", "green_share_annual"] == "fraction 0-1"
    assert units["corridors", "marginal_value_cny_per_mw_per_year"] == "CNY/MW/yr"
    assert units["hourly", "weight_h"] == "h"
    assert list(folder.glob(".*xlsx*")) == []  # no temporary file left behind
    # Readable by others (the user's umask, not a private temporary file's 0600), and no path
    # of the machine it was made on.
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    paths = summary[summary.index.str.endswith("_path")]["value"]
    assert len(paths) and not any(os.sep in str(value) for value in paths), paths


def test_export_refuses_to_overwrite_and_unknown_formats(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["export", str(folder), "--out", str(target)]).exit_code == 0
    before = target.stat().st_mtime_ns
    again = runner.invoke(app, ["export", str(folder), "--out", str(target)])
    assert again.exit_code == 2
    assert "already exists; pass --overwrite" in again.output
    assert target.stat().st_mtime_ns == before
    replaced = runner.invoke(app, ["export", str(folder), "--out", str(target), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    wrong = runner.invoke(app, ["export", str(folder), "--format", "csv"])
    assert wrong.exit_code == 2
    assert "--format: csv: expected xlsx" in wrong.output
    missing = runner.invoke(app, ["export", str(tmp_path)])
    assert missing.exit_code == 2
    assert "summary.json" in missing.output


def test_units_are_read_from_column_names() -> None:
    assert column_unit("objective_cny_per_year") == "CNY/yr"
    assert column_unit("green_target_shadow_price_cny_per_mwh") == "CNY/MWh"
    assert column_unit("timings_s.highs_solve_s") == "s"
    assert column_unit("it_energy_mwh", "allocation") == "MWh/yr"
    assert column_unit("storage_state_mwh", "hourly") == "MWh"
    assert column_unit("cluster_id") == "–"
