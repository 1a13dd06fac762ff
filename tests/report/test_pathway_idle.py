"""The pathway report's idle capacity by part, on a tiny myopic path that over-builds.

Hand-worked on the tiny catalogue (tests/tiny.py, as in tests/studies/test_pathway.py):
bandwidth turns dear in 2030, so a myopic path that built 240 MW in the west in 2025 must
build 200 MW at east_a again; in 2030 the west holds 200 MW the coordinated plan does not need
(over-building, at 1 M CNY/MW/yr of capacity cost), beside the 220 MW idle by design (the 0.5
utilisation cap).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from optimiser.pipeline.pathway import run_pathway, write_pathway_results
from optimiser.report.pathway import write_pathway_report
from optimiser.report.pathway_idle import idle_by_period, readable_idle
from tests.tiny import tiny_catalogue, tiny_scenario

DEAR_BANDWIDTH = {2030: {"parameters": {"bandwidth_cost_cny_per_gbps_per_year": 1e8}}}


@pytest.fixture(scope="module")
def myopic_path(tmp_path_factory) -> Path:
    scenario = tiny_scenario(
        pathway={
            "periods": [2025, 2030],
            "foresight": "myopic",
            "final_period_years": 10,
            "period_changes": DEAR_BANDWIDTH,
        },
        solver={"method": "simplex"},
    )
    result = run_pathway(tiny_catalogue(), scenario)
    return write_pathway_results(result, tmp_path_factory.mktemp("idle") / "path")


def test_idle_parts_per_period_add_up_and_put_the_avoidable_part_first(myopic_path) -> None:
    table = idle_by_period(myopic_path)
    assert table is not None
    assert table.loc[2025, "idle_avoidable_mw"] == pytest.approx(0.0, abs=1e-6)
    assert table.loc[2030, "idle_overbuilt_mw"] == pytest.approx(200.0)
    assert table.loc[2030, "idle_shortfall_mw"] == pytest.approx(0.0, abs=1e-6)
    assert table.loc[2030, "idle_by_design_mw"] == pytest.approx(220.0)
    assert table.loc[2030, "stranded_overbuilt_cny_per_year"] == pytest.approx(200e6)
    for unit in ("mw", "cny_per_year"):  # the parts add up to path.csv's totals
        prefix = "idle" if unit == "mw" else "stranded"
        parts = sum(table[f"{prefix}_{part}_{unit}"] for part in ("overbuilt", "shortfall"))
        pd.testing.assert_series_equal(
            parts, table[f"{prefix}_avoidable_{unit}"], check_names=False, atol=1e-6
        )
        pd.testing.assert_series_equal(
            parts + table[f"{prefix}_by_design_{unit}"],
            table[f"{prefix}_all_{unit}"],
            check_names=False,
            atol=1e-6,
        )
    readable = readable_idle(table)
    assert list(readable.columns[:4]) == [
        "Period",
        "Avoidable idle [MW]",
        "Over-building [MW]",
        "Demand shortfall [MW]",
    ]
    assert readable["Avoidable, stranded [bn CNY/yr]"].tolist() == pytest.approx([0.0, 0.2])


def test_the_pathway_report_shows_the_idle_parts(myopic_path) -> None:
    page = write_pathway_report(myopic_path).read_text(encoding="utf-8")
    section = page.split('id="idle"')[1].split("<h2")[0]
    (sentence,) = re.findall(r'<p id="path-idle">([^<]*)</p>', section)
    assert sentence.startswith(
        "Avoidable idle capacity: 200 MW in 2030 (200 over-building, 0 demand shortfall), "
        "0.2 bn CNY/yr. Besides it, idle by design"
    )
    assert "220 MW in 2030" in sentence
    assert 'id="path-idle-chart"' in section and "data:image/png;base64," in section
    rows = re.findall(r"<tr>(.*?)</tr>", section)
    cells = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows[1:]]
    assert [row[:3] for row in cells] == [["2025", "0", "0"], ["2030", "200", "200"]]
    chinese = write_pathway_report(myopic_path, "zh").read_text(encoding="utf-8")
    assert "闲置IT容量构成" in chinese and "可避免闲置 [MW]" in chinese


def test_a_path_solved_before_the_split_gets_a_note(myopic_path, tmp_path) -> None:
    import shutil

    old = Path(shutil.copytree(myopic_path, tmp_path / "old"))
    path = pd.read_csv(old / "path.csv")
    path.drop(columns=[c for c in path.columns if "idle_it_capacity_" in c]).to_csv(
        old / "path.csv", index=False
    )
    assert idle_by_period(old) is None
    page = write_pathway_report(old).read_text(encoding="utf-8")
    assert "solved before idle capacity was split into parts" in page
