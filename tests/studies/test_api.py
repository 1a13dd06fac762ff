"""The Python API: results folders read back, comparisons and sweeps as DataFrames."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import optimiser
from optimiser.errors import InputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import write_results
from tests.repository import REPO_ROOT
from tests.tiny import tiny_catalogue, tiny_scenario

FAST = {"time.representation": "average_day"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[optimiser.SolveResult, Path]:
    result = run_scenario(tiny_catalogue(), tiny_scenario(policy={"green_share_target": 0.5}))
    folder = write_results(result, tmp_path_factory.mktemp("api") / "run")
    return result, folder


def test_load_results_returns_what_solve_returned(
    written: tuple[optimiser.SolveResult, Path],
) -> None:
    result, folder = written
    loaded = optimiser.load_results(folder)
    assert isinstance(loaded, optimiser.SolveResult)
    assert loaded.summary == json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert loaded.summary["objective_cny_per_year"] == result.summary["objective_cny_per_year"]
    for name in ("clusters", "allocation", "corridors", "hourly"):
        pd.testing.assert_frame_equal(
            getattr(loaded, name), getattr(result, name), check_dtype=False, obj=name
        )
    for name in ("sites", "hourly", "latency_hourly", "flexible_allocation"):
        pd.testing.assert_frame_equal(
            getattr(loaded.plan, name), getattr(result.plan, name), check_dtype=False, obj=name
        )
    pd.testing.assert_frame_equal(
        loaded.inputs.hours, result.inputs.hours, check_dtype=False, check_index_type=False
    )
    assert loaded.inputs.parameters == pytest.approx(result.inputs.parameters)
    assert loaded.scenario.settings == result.scenario.settings
    assert (loaded.scenario.model_name, loaded.scenario.scenario_name) == ("tiny", "test")
    assert loaded.objective_kcny == pytest.approx(result.objective_kcny, rel=1e-12)
    assert loaded.timings == pytest.approx(result.timings)
    assert loaded.sizes == result.sizes


def test_load_results_names_what_is_missing(
    written: tuple[optimiser.SolveResult, Path], tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="no such folder"):
        optimiser.load_results(tmp_path / "nowhere")
    (tmp_path / "summary.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"clusters\.csv: not a complete results folder"):
        optimiser.load_results(tmp_path)


def test_compare_returns_its_table_and_writes_the_cli_folder(
    written: tuple[optimiser.SolveResult, Path], tmp_path: Path
) -> None:
    _, folder = written
    table = optimiser.compare(
        results=[folder, folder],
        labels=["first", "second"],
        out=tmp_path / "cmp",
        difference_maps=False,
    )
    assert table.attrs["folder"] == tmp_path / "cmp"
    assert list(table["label"]) == ["first", "second"]
    pd.testing.assert_frame_equal(
        table, pd.read_csv(tmp_path / "cmp" / "comparison.csv"), check_dtype=False
    )
    assert table["objective_cny_per_year_change"].iloc[1] == 0.0
    with pytest.raises(InputError, match="not both"):
        optimiser.compare(["baseline"], results=[folder])
    with pytest.raises(InputError, match=r"--set.*not to results folders"):
        optimiser.compare(results=[folder, folder], overrides=FAST, out=tmp_path / "bad")


def test_sweep_returns_its_table_and_writes_the_cli_folder(tmp_path: Path) -> None:
    points = optimiser.sweep(
        {"policy.green_share_target": [0.9]},
        overrides=FAST,
        out=tmp_path / "sweep",
        validate=False,
    )
    assert points.attrs["folder"] == tmp_path / "sweep"
    assert list(points["policy.green_share_target"]) == [0.9]
    assert list(points["status"]) == ["optimal"]
    pd.testing.assert_frame_equal(
        points,
        pd.read_csv(tmp_path / "sweep" / "sweep.csv", keep_default_na=False, na_values=[""]).fillna(
            {"message": ""}
        ),
        check_dtype=False,
    )
    with pytest.raises(InputError, match=r"policy\.green_shar.*did you mean"):
        optimiser.sweep({"policy.green_shar": [0.5]}, out=tmp_path / "bad")


def test_every_subpackage_is_installed() -> None:
    # pyproject lists packages by name: a new subpackage missing there is missing when
    # installed with `pip install .`, though an editable install would not show it.
    import tomllib

    root = REPO_ROOT
    listed = set(
        tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        "optimiser." + ".".join(init.parent.relative_to(root / "optimiser").parts)
        for init in (root / "optimiser").rglob("__init__.py")
        if init.parent != root / "optimiser"
    }
    assert found <= listed, sorted(found - listed)
