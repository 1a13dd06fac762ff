"""Sweeps: grid parsing, monotone cost curves, Dask equals serial, resume, failed points."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from optimiser.cli import app
from optimiser.errors import InputError, OutputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import audit_results_dir, load_results
from optimiser.studies.pareto import pareto_figure
from optimiser.studies.points import point_name
from optimiser.studies.sweep import (
    HEADLINE_COLUMNS,
    VERDICT_COLUMNS,
    apply_overrides,
    parse_vary,
    run_sweep,
    sweep_grid,
)
from optimiser.studies.sweep_folder import staging_dir
from tests.tiny import tiny_catalogue, tiny_scenario

TARGETS = "policy.green_share_target=0.5:1.0:0.05"


@pytest.fixture(scope="module")
def serial_sweep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    out = tmp_path_factory.mktemp("serial") / "sweep"
    table = run_sweep(
        tiny_scenario(), [parse_vary(TARGETS)], out, catalogue=tiny_catalogue(), validate=False
    )
    return out, table


def test_parse_vary_range_includes_stop_and_lists_parse_as_yaml() -> None:
    axis = parse_vary(TARGETS)
    assert axis.key == "policy.green_share_target"
    assert axis.values == pytest.approx([0.5 + 0.05 * step for step in range(11)])
    assert parse_vary("latency.max_rtt_ms=10,20").values == (10, 20)
    assert parse_vary("policy.certificates_allowed=true,false").values == (True, False)
    grid = sweep_grid([parse_vary("latency.max_rtt_ms=10,20"), parse_vary("demand.scale=1,2")])
    assert grid[1] == {"latency.max_rtt_ms": 10, "demand.scale": 2}
    assert len(grid) == 4


@pytest.mark.parametrize(
    "text",
    [
        "policy.green_target=0.5:1:0.1",
        "policy.green_share_target",
        "demand.scale=2:1:0.5",
        "demand.scale=1:2:0",
    ],
)
def test_parse_vary_rejects_bad_input(text: str) -> None:
    with pytest.raises(InputError):
        parse_vary(text)


def test_apply_overrides_validates_values() -> None:
    changed = apply_overrides(tiny_scenario(), {"policy.green_share_target": 0.9})
    assert changed.settings.policy.green_share_target == 0.9
    assert changed.overrides["policy.green_share_target"] == 0.9
    with pytest.raises(InputError):
        apply_overrides(tiny_scenario(), {"policy.green_share_target": 90})


def test_cost_rises_with_the_green_target(serial_sweep: tuple[Path, pd.DataFrame]) -> None:
    out, table = serial_sweep
    assert (table["status"] == "optimal").all()
    costs = table["objective_cny_per_year"].to_numpy()
    assert (costs[1:] >= costs[:-1] - 1e-6).all()
    assert costs[-1] > costs[0]
    assert list(table.columns) == [
        "policy.green_share_target",
        "status",
        "message",
        *VERDICT_COLUMNS,
        *HEADLINE_COLUMNS,
    ]
    assert (out / "pareto.png").stat().st_size > 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Sweep points</h2>" in report and report.count("<tr>") == len(table) + 1
    assert "<th>Cost [bn CNY/yr]</th>" in report
    assert "<th>Premium over the cheapest [%]</th>" in report
    assert "data:image/png;base64," in report
    assert len(list((out / "points").glob("*/point.json"))) == 11
    written = pd.read_csv(out / "sweep.csv")
    assert written["objective_cny_per_year"].to_numpy() == pytest.approx(costs)


def test_each_point_is_a_results_folder_named_by_its_settings(
    serial_sweep: tuple[Path, pd.DataFrame],
) -> None:
    out, table = serial_sweep
    names = sorted(path.name for path in (out / "points").iterdir())
    assert names == sorted(f"green_share_target={value!r}" for value in parse_vary(TARGETS).values)
    folder = out / "points" / "green_share_target=0.85"
    loaded = load_results(folder)
    row = table.set_index("policy.green_share_target").loc[0.85]
    assert loaded.summary["objective_cny_per_year"] == pytest.approx(row.objective_cny_per_year)
    assert loaded.scenario.overrides["policy.green_share_target"] == 0.85
    assert loaded.scenario.settings.policy.green_share_target == 0.85
    assert "objective" in audit_results_dir(folder)
    record = json.loads((folder / "point.json").read_text(encoding="utf-8"))
    assert record["status"] == "optimal" and record["values"] == {TARGETS.split("=")[0]: 0.85}
    result = CliRunner().invoke(app, ["audit", str(folder)])
    assert result.exit_code == 0, result.output


def test_point_names_are_readable_safe_and_distinct() -> None:
    keys = ["policy.green_share_target", "demand.scale"]
    assert point_name({keys[0]: 0.9, keys[1]: 2}, keys) == "green_share_target=0.9,scale=2"
    assert point_name({"a.scale": 1, "b.scale": 1}, ["a.scale", "b.scale"]) == (
        "a.scale=1,b.scale=1"
    )
    unsafe = [
        point_name({"network.exclude_corridors": [text]}, ["network.exclude_corridors"])
        for text in ("a/b", "a b", "a:b")
    ]
    assert len(set(unsafe)) == 3
    assert all("/" not in name and " " not in name and ":" not in name for name in unsafe)
    long = point_name({"x.y": "z" * 400}, ["x.y"])
    assert len(long) <= 120


def test_warm_re_solves_match_fresh_solves(serial_sweep: tuple[Path, pd.DataFrame]) -> None:
    _, table = serial_sweep
    for row in table.iloc[[3, 10]].itertuples(index=False):
        target = row[0]
        fresh = run_scenario(tiny_catalogue(), tiny_scenario(policy={"green_share_target": target}))
        assert row.objective_cny_per_year == pytest.approx(
            fresh.summary["objective_cny_per_year"], rel=1e-9
        )


@pytest.mark.slow
def test_dask_workers_give_the_serial_numbers(
    serial_sweep: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    _, serial = serial_sweep
    parallel = run_sweep(
        tiny_scenario(),
        [parse_vary(TARGETS)],
        tmp_path / "dask",
        catalogue=tiny_catalogue(),
        validate=False,
        workers=2,
    )
    pd.testing.assert_frame_equal(parallel, serial, rtol=1e-9)


def sweep_targets(out: Path, **options: Any) -> pd.DataFrame:
    """Sweep the tiny model's green target (``TARGETS``) into ``out``, unchecked."""
    return run_sweep(
        tiny_scenario(),
        [parse_vary(TARGETS)],
        out,
        catalogue=tiny_catalogue(),
        validate=False,
        **options,
    )


def interrupted_after(points: int) -> Callable[[dict[str, Any]], None]:
    """Return an ``on_point`` callback that interrupts a sweep once ``points`` are written."""
    seen: list[dict[str, Any]] = []

    def interrupt(record: dict[str, Any]) -> None:
        seen.append(record)
        if len(seen) == points:
            raise KeyboardInterrupt

    return interrupt


def resumed_to_the_same_table(out: Path, serial: Path) -> int:
    """Resume the sweep in ``out``, check its table against ``serial``'s; return points solved."""
    resumed: list[dict[str, Any]] = []
    sweep_targets(out, resume=True, on_point=resumed.append)
    pd.testing.assert_frame_equal(
        pd.read_csv(out / "sweep.csv"), pd.read_csv(serial / "sweep.csv"), rtol=1e-9
    )
    return len(resumed)


def test_interrupted_sweep_resumes_to_the_same_table(
    serial_sweep: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "sweep"
    with pytest.raises(KeyboardInterrupt):
        sweep_targets(out, on_point=interrupted_after(5))
    assert len(list((out / "points").glob("*/point.json"))) == 5
    assert not list((out / "points").glob(".*"))  # no staging folder left behind
    assert not (out / "sweep.csv").exists()
    with pytest.raises(OutputError):
        sweep_targets(out)
    assert resumed_to_the_same_table(out, serial_sweep[0]) == 6


def test_an_interrupted_overwrite_keeps_the_old_sweep_and_resumes_the_new_one(
    serial_sweep: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "sweep"
    old_axis = parse_vary("policy.green_share_target=0.5,0.6")
    run_sweep(tiny_scenario(), [old_axis], out, catalogue=tiny_catalogue(), validate=False)
    before = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    with pytest.raises(KeyboardInterrupt):
        sweep_targets(out, overwrite=True, on_point=interrupted_after(3))
    after = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert after == before  # the old sweep, whole and untouched
    assert len(list((staging_dir(out) / "points").glob("*/point.json"))) == 3
    # The three points solved before the interruption are kept.
    assert resumed_to_the_same_table(out, serial_sweep[0]) == 8
    assert not staging_dir(out).exists()
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_infeasible_point_is_recorded_and_others_go_on(tmp_path: Path) -> None:
    axis = parse_vary("network.province_grid_headroom_mw.east_land=1000,0")
    table = run_sweep(
        tiny_scenario(), [axis], tmp_path / "sweep", catalogue=tiny_catalogue(), validate=False
    )
    by_value = table.set_index("network.province_grid_headroom_mw.east_land")
    assert list(table["network.province_grid_headroom_mw.east_land"]) == [0, 1000]
    assert by_value.loc[0, "status"] == "infeasible"
    assert "infeasible" in by_value.loc[0, "message"]
    assert pd.isna(by_value.loc[0, "objective_cny_per_year"])
    assert by_value.loc[1000, "status"] == "optimal"
    infeasible = tmp_path / "sweep" / "points" / "east_land=0"
    assert sorted(path.name for path in infeasible.iterdir()) == ["point.json"]
    assert (tmp_path / "sweep" / "points" / "east_land=1000" / "summary.json").exists()


def test_cli_sweep_on_the_default_model(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    arguments = [
        "sweep",
        "--vary",
        "policy.green_share_target=0.7,0.9",
        "--set",
        "time.representation=average_day",
        "--no-validate",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "2 optimal" in result.output
    table = pd.read_csv(out / "sweep.csv")
    assert list(table["policy.green_share_target"]) == [0.7, 0.9]
    assert table["objective_cny_per_year"].is_monotonic_increasing
    again = CliRunner().invoke(app, arguments)
    assert again.exit_code == 2
    resumed = CliRunner().invoke(app, [*arguments, "--resume"])
    assert resumed.exit_code == 0, resumed.output


def test_pareto_cost_axis_starts_at_zero_and_points_show_the_premium(
    serial_sweep: tuple[Path, pd.DataFrame],
) -> None:
    import matplotlib.pyplot as plt

    _, table = serial_sweep
    figure = pareto_figure(table, [parse_vary(TARGETS)])
    plot = figure.axes[0]
    assert plot.get_ylim()[0] == 0.0
    costs = table["objective_cny_per_year"].to_numpy()
    premiums = [f"{100 * (cost / costs.min() - 1):+.2f} %" for cost in costs]
    assert [text.get_text() for text in plot.texts] == premiums
    plt.close(figure)


def test_more_workers_than_usable_cores_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    from optimiser.studies import sweep

    monkeypatch.setattr(sweep, "usable_cores", lambda: 2)
    with pytest.warns(UserWarning, match="--workers 3 is more than the 2 usable cores"):
        sweep.check_workers(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sweep.check_workers(2)


@pytest.mark.slow  # 12 s: with the long tests, to keep the default run within 5 minutes
def test_each_point_is_checked_over_the_full_year(tmp_path: Path) -> None:
    axis = parse_vary("policy.green_share_target=0.5,0.8")
    table = run_sweep(tiny_scenario(), [axis], tmp_path / "sweep", catalogue=tiny_catalogue())
    # The tiny model's hours are all alike: its average day is exact, so each plan holds.
    assert table["holds_over_full_year"].tolist() == [True, True]
    assert table["full_year_cost_cny_per_year"].to_numpy() == pytest.approx(
        table["objective_cny_per_year"].to_numpy(), rel=1e-6
    )
    record = json.loads(
        (tmp_path / "sweep" / "points" / "green_share_target=0.8" / "point.json").read_text()
    )
    assert record["holds_over_full_year"] is True
