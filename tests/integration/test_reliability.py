"""Reliability: a solved plan is never lost, every input is validated whole, errors are one line.

Solves run in process through the real command-line entry point, on the built-in model with
``time.representation=average_day`` (24 hours) to stay fast.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import optimiser
from optimiser.cli import app
from optimiser.maps import draw
from optimiser.maps.base import RESULT_MAP_KINDS
from optimiser.maps.layers import load_result_layers, write_plan_geopackage
from optimiser.pipeline import single_year as pipeline
from optimiser.results.folder import audit_results_dir, write_results
from optimiser.studies.sweep import SweepAxis, run_sweep
from optimiser.studies.sweep_folder import read_points
from tests.solved_results import copy_results, default_results_folder
from tests.tiny import tiny_catalogue, tiny_scenario

FAST = ["--set", "time.representation=average_day", "--no-validate"]
DECORATIONS = {f"maps/{kind}.png" for kind in RESULT_MAP_KINDS} | {"plan.gpkg", "report.html"}


def invoke(*arguments: str | Path) -> tuple[int, str]:
    outcome = CliRunner().invoke(app, [str(argument) for argument in arguments])
    return outcome.exit_code, outcome.output


PROGRESS_LINE = re.compile(r"^\[\s*\d+\.\d s\] ")
"""A stage line (``[   1.5 s] building the LP``), printed as a run goes when not in a terminal."""


def one_line(output: str) -> str:
    """Return the one line of an error, besides the progress lines before it."""
    lines = [line for line in output.splitlines() if line.strip() and not PROGRESS_LINE.match(line)]
    assert len(lines) == 1, output
    assert "Traceback" not in output
    return lines[0]


# Results before decorations ----------------------------------------------------------------


@pytest.mark.slow
def test_the_no_corridors_example_solves_and_draws_every_map(tmp_path: Path) -> None:
    code, output = invoke(
        "solve", *FAST, "--set", "network.corridor_capacity_scale=0", "--out", tmp_path / "run"
    )
    assert code == 0, output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["artefacts"] == dict.fromkeys(DECORATIONS, "written")
    for name in DECORATIONS:
        assert (tmp_path / "run" / name).stat().st_size > 0, name


@pytest.mark.slow
def test_a_failing_map_keeps_the_audited_plan(tmp_path: Path, monkeypatch) -> None:
    def broken(*arguments, **keywords):
        raise ValueError("zero-size array to reduction operation maximum")

    monkeypatch.setattr(draw, "flow_map_figure", broken)
    folder = tmp_path / "run"
    code, output = invoke("solve", *FAST, "--out", folder)
    assert code == 4, output
    assert "Traceback" not in output
    warning = [line for line in output.splitlines() if line.startswith("warning:")]
    assert warning == [
        "warning: maps/flows.png not written: ValueError: zero-size array to reduction "
        "operation maximum (recorded in summary.json)"
    ]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["artefacts"]["maps/flows.png"].startswith("failed: ValueError")
    assert summary["artefacts"]["maps/capacity.png"] == "written"
    assert summary["artefacts"]["report.html"] == "written"
    assert not (folder / "maps" / "flows.png").exists()
    assert (folder / "maps" / "capacity.png").exists()
    assert audit_results_dir(folder)  # the plan stands, audited, whatever the pictures did


EMPTY_LAYERS = [
    "no corridors",  # the default run draws one case; the long run all four (about 4 s each)
    pytest.param("no new capacity", marks=pytest.mark.slow),
    pytest.param("no storage", marks=pytest.mark.slow),
    pytest.param("a single site", marks=pytest.mark.slow),
]


def _empty_layer(folder: Path, case: str) -> None:
    clusters = pd.read_csv(folder / "clusters.csv")
    corridors = pd.read_csv(folder / "corridors.csv")
    allocation = pd.read_csv(folder / "allocation.csv")
    if case == "no corridors":
        corridors = corridors.iloc[0:0]
    elif case == "no new capacity":
        clusters["new_it_capacity_mw"] = 0.0
        clusters["total_it_capacity_mw"] = clusters["existing_it_capacity_mw"]
    elif case == "no storage":
        for column in clusters.columns:
            if column.startswith("storage_"):
                clusters[column] = 0.0
    elif case == "a single site":
        site = clusters["cluster_id"].iloc[0]
        clusters = clusters[clusters["cluster_id"] == site]
        allocation = allocation[allocation["cluster_id"] == site]
    clusters.to_csv(folder / "clusters.csv", index=False)
    corridors.to_csv(folder / "corridors.csv", index=False)
    allocation.to_csv(folder / "allocation.csv", index=False)


@pytest.mark.parametrize("case", EMPTY_LAYERS)
def test_every_map_kind_draws_an_empty_layer(tmp_path: Path, case: str) -> None:
    folder = copy_results(default_results_folder(), tmp_path / "copy")
    _empty_layer(folder, case)
    written = draw.draw_result_maps(folder, RESULT_MAP_KINDS, "svg")
    assert [path.name for path in written] == [f"{kind}.svg" for kind in RESULT_MAP_KINDS]
    assert all(path.stat().st_size > 0 for path in written)
    (folder / "plan.gpkg").unlink()
    assert write_plan_geopackage(folder, load_result_layers(folder)).exists()


# Every input validated whole ---------------------------------------------------------------


def _model(tmp_path: Path, sibling_changes: str) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(
        "name: sibling-test\n"
        "base:\n"
        "  time: {representation: average_day}\n"
        "scenarios:\n"
        "  baseline: {description: fine}\n"
        f"  broken: {{description: broken, changes: {sibling_changes}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ("{network: {corridors_in_service_by_year: abc}}", "network.corridors_in_service_by_year"),
        ("{policy: {green_share_target: .nan}}", "policy.green_share_target"),
        ("{sites: {exclude: [atlantis]}}", "sites.exclude.0"),
        ("{parameters: {magic_rate: 1}}", "parameters.magic_rate"),
        ("{network: {province_grid_headroom_mw: {atlantis: 5}}}", "province_grid_headroom_mw"),
    ],
)
def test_a_broken_sibling_scenario_stops_any_solve(tmp_path: Path, changes: str, field: str):
    model = _model(tmp_path, changes)
    code, output = invoke("solve", model, "--scenario", "baseline", "--out", tmp_path / "run")
    assert code == 2, output
    line = one_line(output)
    assert line.startswith(f"error: {model}: scenarios.broken")
    assert field in line
    assert not (tmp_path / "run").exists()


def test_model_paths_that_are_not_model_files(tmp_path: Path) -> None:
    binary = tmp_path / "image.yaml"
    binary.write_bytes(bytes(range(256)))
    table = tmp_path / "table.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    for path, problem in (
        (tmp_path, "is a folder; expected a model file (YAML)"),
        (binary, "not a UTF-8 text file"),
        (table, "expected a mapping"),
        (tmp_path / "missing.yaml", "file does not exist"),
    ):
        code, output = invoke("solve", path, "--no-maps")
        assert code == 2, output
        assert one_line(output).startswith(f"error: {path}: {problem}")
    code, output = invoke("solve", *FAST, "--catalogue", table, "--no-maps")
    assert code == 2, output
    assert "is a file; expected a catalogue folder" in one_line(output)


# One line for every unexpected error --------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    def broken(*arguments, **keywords):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(pipeline, "extract_results", broken)
    code, output = invoke("solve", *FAST, "--out", tmp_path / "run")
    assert code == 1
    assert one_line(output) == (
        "internal error: RuntimeError: something nobody foresaw "
        "(run with --debug for the traceback)"
    )
    assert list(tmp_path.iterdir()) == []
    debug = CliRunner().invoke(app, ["--debug", "solve", *FAST, "--out", str(tmp_path / "run")])
    assert isinstance(debug.exception, RuntimeError)


# Concurrency and interruption ----------------------------------------------------------------


def test_a_run_that_takes_the_numbered_folder_first_moves_the_other_on(tmp_path: Path) -> None:
    result = pipeline.run_scenario(tiny_catalogue(), tiny_scenario())
    target = tmp_path / "tiny-test-001"

    def another_run_finishes_first(staging: Path) -> None:
        shutil.copytree(staging, target)

    written = write_results(result, target, extra=another_run_finishes_first, renumber=True)
    assert written == tmp_path / "tiny-test-002"
    assert audit_results_dir(written)
    leftovers = [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
    assert leftovers == []


def test_an_explicit_folder_taken_meanwhile_is_an_error_not_an_overwrite(tmp_path: Path) -> None:
    result = pipeline.run_scenario(tiny_catalogue(), tiny_scenario())
    target = tmp_path / "chosen"

    def another_run_finishes_first(staging: Path) -> None:
        target.mkdir()
        (target / "theirs.txt").write_text("not mine", encoding="utf-8")

    with pytest.raises(Exception, match="already exists"):
        write_results(result, target, extra=another_run_finishes_first)
    assert (target / "theirs.txt").read_text(encoding="utf-8") == "not mine"


@pytest.mark.slow
def test_two_solves_into_one_results_root_get_distinct_folders(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "optimiser", "solve", *FAST, "--no-maps"]
    # The processes run the code under test, wherever the package was imported from.
    source = str(Path(optimiser.__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": source}
    runs = [
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, error = run.communicate(timeout=300)
        assert run.returncode == 0, error.decode()
    folders = sorted(path.name for path in (tmp_path / "results").iterdir())
    assert folders == ["national-2025-baseline-001", "national-2025-baseline-002"]
    for name in folders:
        assert audit_results_dir(tmp_path / "results" / name)


@pytest.mark.slow
def test_a_sweep_survives_a_killed_dask_worker(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        worker_pids = list(client.run(os.getpid).values())
        killed: list[int] = []
        lock = threading.Lock()

        def kill_a_worker_once(record: dict) -> None:
            with lock:
                if not killed:
                    os.kill(worker_pids[0], signal.SIGKILL)
                    killed.append(worker_pids[0])

        axis = SweepAxis("policy.carbon_price_cny_per_tco2", tuple(range(0, 400, 50)))
        table = run_sweep(
            tiny_scenario(),
            [axis],
            tmp_path / "sweep",
            catalogue=tiny_catalogue(),
            validate=False,
            scheduler=cluster.scheduler_address,
            on_point=kill_a_worker_once,
        )
    assert killed
    assert list(table["status"]) == ["optimal"] * len(axis.values)
    points = read_points(tmp_path / "sweep")
    assert sorted(record["values"][axis.key] for record in points.values()) == list(axis.values)
    assert len(list((tmp_path / "sweep" / "points").glob("*/point.json"))) == len(axis.values)


# Chinese maps without a CJK font -------------------------------------------------------------


def test_chinese_maps_without_a_font_are_refused_and_not_written(tmp_path: Path, monkeypatch):
    from optimiser import words

    monkeypatch.setattr(words, "cjk_font_family", lambda: None)
    folder = copy_results(default_results_folder(), tmp_path / "copy")
    code, output = invoke("map", folder, "--kind", "capacity", "--lang", "zh")
    assert code == 2, output
    assert "Traceback" not in output
    error = next(line for line in output.splitlines() if "error" in line)
    assert "no font with Chinese glyphs" in error
    assert "apt-get install fonts-noto-cjk" in error
    assert not (folder / "maps" / "capacity-zh.png").exists()


@pytest.mark.slow
def test_a_failed_report_is_drawn_again_by_the_report_command(tmp_path: Path, monkeypatch):
    from optimiser import report

    def broken(*arguments, **keywords):
        raise OSError("disk full")

    folder = tmp_path / "run"
    with monkeypatch.context() as patch:
        patch.setattr(report, "write_report", broken)
        code, output = invoke("solve", *FAST, "--out", folder)
    assert code == 4, output
    assert "warning: report.html not written: OSError: disk full" in output
    assert not (folder / "report.html").exists()
    code, output = invoke("report", folder)
    assert code == 0, output
    assert (folder / "report.html").stat().st_size > 0
