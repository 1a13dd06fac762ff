"""The ``dcsite`` command through its real entry point: outputs, exit codes, bad input.

Solves use the built-in model with ``time.representation=average_day`` (24 hours) to stay fast.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import highspy
import pandas as pd
import pytest

from optimiser.paths import default_model_path

FAST = ["--set", "time.representation=average_day", "--no-validate"]
DCSITE = Path(sys.executable).with_name("dcsite")


def dcsite(*arguments: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(DCSITE)] if DCSITE.exists() else [sys.executable, "-m", "optimiser"]
    return subprocess.run(
        [*command, *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "baseline"
    run = dcsite("solve", *FAST, "--no-maps", "--out", out)
    assert run.returncode == 0, run.stderr
    return out


def test_solve_writes_every_output(solved: Path) -> None:
    for name in (
        "summary.json",
        "clusters.csv",
        "allocation.csv",
        "corridors.csv",
        "hourly.parquet",
        "inputs/scenario.yaml",
        "inputs/sites.csv",
        "inputs/parameters.csv",
        "plan/latency_hourly.parquet",
    ):
        assert (solved / name).exists(), name
    summary = json.loads((solved / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "model",
        "scenario",
        "overrides",
        "status",
        "objective_cny_per_year",
        "total_it_capacity_mw",
        "new_it_capacity_mw",
        "west_hub_share_of_new_capacity",
        "western_region_share_of_new_capacity",
        "green_share_hourly_own_supply",
        "green_share_annual",
        "green_share_hourly",
        "emissions_tco2_per_year",
        "energy_mwh_per_year",
        "timings_s",
        "solver",
    ):
        assert key in summary, key
    assert summary["status"] == "optimal"
    assert summary["overrides"] == {"time.representation": "average_day"}
    assert summary["audit"]["status"] == "passed"
    assert {"build_s", "highs_solve_s", "results_s"} <= set(summary["timings_s"])
    clusters = pd.read_csv(solved / "clusters.csv")
    assert len(clusters) == 16
    assert clusters["green_share_annual"].notna().sum() >= 10
    hub = clusters[clusters["is_hub_cluster"] & (clusters["consumption_mwh"] > 0)]
    assert (hub["green_share_annual"] >= 0.8 - 1e-6).all()


def test_a_results_folder_names_a_built_in_model_by_its_file_name(solved: Path) -> None:
    import yaml

    summary = json.loads((solved / "summary.json").read_text(encoding="utf-8"))
    dump = yaml.safe_load((solved / "inputs" / "scenario.yaml").read_text(encoding="utf-8"))
    assert summary["model_path"] == dump["model_path"] == "national-2025.yaml"


def test_a_model_file_of_ones_own_is_recorded_relative_to_the_results(tmp_path: Path) -> None:
    import yaml

    import optimiser

    model = yaml.safe_load(default_model_path().read_text(encoding="utf-8"))
    model["scenarios"] = {"baseline": model["scenarios"]["baseline"]}
    (tmp_path / "studies").mkdir()
    (tmp_path / "studies" / "mine.yaml").write_text(yaml.safe_dump(model), encoding="utf-8")
    run = dcsite("solve", "studies/mine.yaml", *FAST, "--out", "results/run", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "results" / "run"
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["model_path"] == str(Path("../../studies/mine.yaml"))
    # Read back wherever the folder is read from, to the same file.
    loaded = optimiser.load_results(folder)
    assert loaded.scenario.model_path == (tmp_path / "studies" / "mine.yaml").resolve()
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert str(tmp_path) not in report


def test_an_existing_results_folder_is_never_overwritten_silently(solved: Path) -> None:
    before = (solved / "summary.json").read_text(encoding="utf-8")
    run = dcsite("solve", *FAST, "--no-maps", "--out", solved)
    assert run.returncode == 2
    assert "already exists" in run.stderr
    assert (solved / "summary.json").read_text(encoding="utf-8") == before


def test_overwrite_replaces_a_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    (out / "stale.txt").write_text("old", encoding="utf-8")
    run = dcsite("solve", *FAST, "--no-maps", "--out", out, "--overwrite")
    assert run.returncode == 0, run.stderr
    assert not (out / "stale.txt").exists()
    assert (out / "summary.json").exists()


@pytest.mark.slow
def test_default_output_folders_are_new_per_run(tmp_path: Path) -> None:
    for _ in range(2):
        assert dcsite("solve", *FAST, "--no-maps", cwd=tmp_path).returncode == 0
    folders = sorted(path.name for path in (tmp_path / "results").iterdir())
    assert folders == ["national-2025-baseline-001", "national-2025-baseline-002"]


@pytest.mark.slow
def test_check_and_scenarios_commands() -> None:
    check = dcsite("check")
    assert check.returncode == 0, check.stderr
    assert "baseline" in check.stdout and "hourly-green" in check.stdout
    listing = dcsite("scenarios")
    assert listing.returncode == 0
    for key in (
        "policy.green_share_target",
        "policy.green_accounting",
        "network.corridor_capacity_scale",
        "demand.scale",
        "maps.review_number",
    ):
        assert key in listing.stdout
    # Units in square brackets are text, not rich markup that would vanish.
    assert "Multiplier of all demand [-]." in listing.stdout
    assert "[days]" in listing.stdout


@pytest.mark.slow
def test_regions_command_prints_and_maps(tmp_path: Path) -> None:
    run = dcsite("regions", "--map", tmp_path / "sites.png")
    assert run.returncode == 0, run.stderr
    assert "zhongwei" in run.stdout
    assert (tmp_path / "sites.png").stat().st_size > 10_000
    again = dcsite("regions", "--map", tmp_path / "sites.png")
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.slow  # 6 s: with the long tests, to keep the default run within 5 minutes
def test_export_model_writes_the_lp_highs_solves(tmp_path: Path) -> None:
    path = tmp_path / "baseline.mps"
    run = dcsite("solve", *FAST, "--no-maps", "--out", tmp_path / "run", "--export-model", path)
    assert run.returncode == 0, run.stderr
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.readModel(str(path))
    highs.run()
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    objective = highs.getInfo().objective_function_value * 1e3  # the LP is in kCNY
    assert objective == pytest.approx(summary["objective_cny_per_year"], rel=1e-7)


def test_infeasible_scenario_exits_3_naming_the_rules(tmp_path: Path) -> None:
    out = tmp_path / "run"
    run = dcsite("solve", *FAST, "--no-maps", "--out", out, "--set", "demand.scale=50")
    assert run.returncode == 3
    assert "infeasible" in run.stderr
    assert "capacity_within_maximum" in run.stderr or "it_load_within_capacity" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def _model_with(tmp_path: Path, old: str, new: str) -> Path:
    text = default_model_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "model.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _profile(tmp_path: Path, drop_hours: int = 0, gap: bool = False) -> Path:
    from optimiser.data.catalogue import load_catalogue

    profile = load_catalogue().wind_capacity_factor
    if drop_hours:
        profile = profile.iloc[:-drop_hours]
    if gap:
        profile = profile.drop(index=300)
    path = tmp_path / "wind.csv"
    profile.to_csv(path)
    return path


BAD_INPUT = {
    # case: (builder of the extra arguments, words the one-line message must contain)
    "malformed yaml": (
        lambda tmp: [_model_with(tmp, "name: national-2025", "name: [oops")],
        ["model.yaml", "malformed YAML"],
    ),
    "unknown key": (
        lambda tmp: [_model_with(tmp, "    pue_west: 1.2", "    pue_wets: 1.2")],
        ["model.yaml", "base.policy.pue_wets", "unknown key (did you mean 'policy.pue_west'"],
    ),
    "wrong type": (
        lambda tmp: [_model_with(tmp, "scale: 1.0", "scale: big")],
        ["model.yaml", "base.demand.scale"],
    ),
    "negative value": (lambda tmp: ["--set", "demand.scale=-2"], ["--set", "demand.scale"]),
    "share above one": (
        lambda tmp: ["--set", "network.corridor_share_for_data_centres=1.5"],
        ["network.corridor_share_for_data_centres", "less than or equal"],
    ),
    "percentage for a fraction": (
        lambda tmp: ["--set", "policy.green_share_target=80"],
        ["policy.green_share_target", "percentage"],
    ),
    "nan": (
        lambda tmp: ["--set", "policy.carbon_price_cny_per_tco2=.nan"],
        ["policy.carbon_price_cny_per_tco2"],
    ),
    "inf": (lambda tmp: ["--set", "latency.max_rtt_ms=.inf"], ["latency.max_rtt_ms"]),
    "unknown override key": (
        lambda tmp: ["--set", "policy.green=1"],
        ["--set", "policy.green", "unknown key"],
    ),
    "unknown scenario": (
        lambda tmp: ["--scenario", "hourly-gren"],
        ["unknown scenario 'hourly-gren' (did you mean 'hourly-green'"],
    ),
    "unknown site": (
        lambda tmp: ["--set", "sites.exclude=[atlantis]"],
        ["--set: sites.exclude.0", "unknown site 'atlantis'"],
    ),
    "unknown corridor": (
        lambda tmp: ["--set", "network.exclude_corridors=[ningxia_mars]"],
        ["--set: network.exclude_corridors.0", "unknown corridor 'ningxia_mars'"],
    ),
    "unknown province": (
        lambda tmp: ["--set", "network.province_grid_headroom_mw.mars=10"],
        ["--set: network.province_grid_headroom_mw.mars", "unknown province"],
    ),
    "unknown parameter": (
        lambda tmp: ["--set", "parameters.magic_rate=1"],
        ["--set: parameters.magic_rate", "unknown parameter"],
    ),
    "missing parent": (
        lambda tmp: [_model_with(tmp, "parent: baseline", "parent: basline")],
        ["model.yaml", "parent scenario 'basline' does not exist"],
    ),
    "inheritance cycle": (
        lambda tmp: [_model_with(tmp, "    parent: base\n", "    parent: green-100\n")],
        ["model.yaml", "inheritance cycle"],
    ),
    "profile too short": (
        lambda tmp: ["--set", f"profiles.wind_capacity_factor_csv={_profile(tmp, 24)}"],
        ["wind.csv", "expected 8760"],
    ),
    "profile gap": (
        lambda tmp: ["--set", f"profiles.wind_capacity_factor_csv={_profile(tmp, gap=True)}"],
        ["wind.csv", "line 302, column hour", "no gaps"],
    ),
    "unreachable latency": (
        lambda tmp: ["--set", "latency.max_rtt_ms=2"],
        ["latency.max_rtt_ms", "contradictory settings"],
    ),
    "unwritable output": (
        lambda tmp: ["--out", "/proc/dcsite-results"],
        ["/proc/dcsite-results", "cannot write"],
    ),
    "bad export suffix": (
        lambda tmp: ["--export-model", tmp / "model.txt"],
        ["--export-model", ".mps"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, case: str, monkeypatch) -> None:
    # In process, through the command's entry point (the subprocess path is tested above).
    from typer.testing import CliRunner

    from optimiser.cli import app

    build, words = BAD_INPUT[case]
    arguments = build(tmp_path)
    model = [arguments.pop(0)] if arguments and isinstance(arguments[0], Path) else []
    out = [] if "--out" in arguments else ["--out", tmp_path / "results"]
    monkeypatch.chdir(tmp_path)
    words_given = ["solve", *model, *FAST, "--no-maps", *out, *arguments]
    run = CliRunner().invoke(app, [str(word) for word in words_given])
    assert run.exit_code == 2, (run.stdout, run.stderr)
    message = run.stderr.strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message, (word, message)
    assert not (tmp_path / "results").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    run = dcsite("--debug", "solve", *FAST, "--scenario", "nope", "--out", tmp_path / "r")
    assert run.returncode != 0
    assert "Traceback" in run.stderr


@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.parametrize(
    "signal_number", [signal.SIGINT, pytest.param(signal.SIGTERM, marks=pytest.mark.slow)]
)
def test_interrupted_solve_leaves_no_results_folder(tmp_path: Path, signal_number: int) -> None:
    out = tmp_path / "run"
    command = [str(DCSITE)] if DCSITE.exists() else [sys.executable, "-m", "optimiser"]
    # On a busy machine the writing can end before this test sees it start: try again then
    # (the point is what an interruption leaves, not the timing).
    stderr = ""
    for _ in range(10):
        shutil.rmtree(out, ignore_errors=True)
        process = subprocess.Popen(
            [*command, "solve", *FAST, "--out", str(out)],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        # Wait until the results are being written (the staging folder exists).
        while time.monotonic() < deadline and process.poll() is None:
            if any(path.name.startswith(".run.partial-") for path in tmp_path.iterdir()):
                break
            time.sleep(0.005)
        if process.poll() is not None:
            process.communicate()
            continue
        process.send_signal(signal_number)
        _, stderr = process.communicate(timeout=120)
        if process.returncode != 0:
            break
        # The writing ended between the look and the signal: the folder is whole; again.
        assert (out / "summary.json").exists()
    if process.returncode == 0:
        # Every interruption landed after the folder was whole (checked above): what an
        # interruption leaves could not be seen on this machine's timing this time.
        pytest.skip("each solve finished writing before the signal arrived")
    assert not out.exists()
    assert [path.name for path in tmp_path.iterdir()] == [], stderr
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.mark.slow  # 4 s: with the long tests, to keep the default run within 5 minutes
def test_diagnose_reports_the_smallest_violations(tmp_path: Path) -> None:
    out = tmp_path / "run"
    run = dcsite("solve", *FAST, "--no-maps", "--out", out, "--set", "demand.scale=3", "--diagnose")
    assert run.returncode == 3
    assert "Diagnosis" in run.stdout
    # Three times the demand does not fit in the sites: their maximum capacity gives way.
    assert "capacity_within_maximum[" in run.stdout
    assert not out.exists()


@pytest.mark.slow
def test_audit_command_rechecks_a_folder_and_catches_tampering(
    solved: Path, tmp_path: Path
) -> None:
    passed = dcsite("audit", solved)
    assert passed.returncode == 0, passed.stderr
    assert "audit passed" in passed.stdout
    tampered = tmp_path / "tampered"
    shutil.copytree(solved, tampered)
    latency = pd.read_parquet(tampered / "plan" / "latency_hourly.parquet")
    latency.loc[0, "load_mw"] *= 0.5  # serve less than the region's demand
    latency.to_parquet(tampered / "plan" / "latency_hourly.parquet", index=False)
    failed = dcsite("audit", tampered)
    assert failed.returncode == 1
    assert "demand_served" in failed.stderr
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "summary.json").write_text("{}", encoding="utf-8")
    missing = dcsite("audit", tmp_path / "half")
    assert missing.returncode == 2 and "not a complete results directory" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = dcsite("audit", tmp_path / "empty")
    assert empty.returncode == 2
    assert empty.stderr.count("\n") == 1 and "no results folder in it" in empty.stderr
    # the folder holding both: one line each, and a failure
    both = dcsite("audit", tmp_path)
    assert both.returncode == 1
    assert "failed tampered: demand_served" in both.stdout
    assert "audit failed in 1 of 1 results folders" in both.stderr


@pytest.mark.slow
def test_verbose_streams_the_solver_log_and_a_log_gets_plain_progress(tmp_path: Path) -> None:
    import re

    run = dcsite("solve", *FAST, "--no-maps", "--verbose", "--out", tmp_path / "run")
    assert run.returncode == 0, run.stderr
    # Output to a pipe: one line per stage with the time elapsed, in order, as it starts.
    stages = re.findall(r"^\[\s*(\d+\.\d) s\] (.+)$", run.stdout, re.MULTILINE)
    names = [name for _, name in stages]
    assert names[:5] == [
        "reading the model and the catalogue",
        "building the LP",
        "solving with HiGHS",
        "extracting and auditing the plan",
        "writing results",
    ]
    seconds = [float(elapsed) for elapsed, _ in stages]
    assert seconds == sorted(seconds)
    log = run.stdout.index("Running HiGHS")
    assert run.stdout.index("solving with HiGHS") < log < run.stdout.index("writing results")
    assert "Model status" in run.stdout
    quiet = dcsite("solve", *FAST, "--no-maps", "--out", tmp_path / "quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert "Running HiGHS" not in quiet.stdout
    assert "building the LP" in quiet.stdout


def test_a_mistyped_scenario_is_refused_before_the_solver_stack_is_imported() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from optimiser.cli import app\n"
        "result = CliRunner().invoke(app, ['solve', '-s', 'hourly-gren', '--no-maps'])\n"
        "print(result.exit_code, 'pyomo' in sys.modules, 'scipy' in sys.modules)\n"
        "print(result.output)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    first, output = ran.stdout.split("\n", 1)
    assert first == "2 False False"
    assert "did you mean 'hourly-green'" in output


INPUT_ERRORS = {
    "shortfall": (["shortfall", "-s", "nope"], "unknown scenario 'nope'"),
    "alternatives": (["alternatives", "-s", "nope"], "unknown scenario 'nope'"),
    "check": (["check", "-s", "nope"], "unknown scenario 'nope'"),
    "compare": (["compare", "-s", "baseline", "-s", "nope"], "unknown scenario 'nope'"),
    "compare model": (
        ["compare", "pathway2030", "-s", "baseline", "-s", "high-growth"],
        "no such results folder or model file (did you mean 'pathway-2030', a built-in model?)",
    ),
    "refine": (["refine", "--set", "policy.green_shar=0.9"], "unknown key"),
    "sweep": (["sweep", "-s", "nope", "--vary", "demand.scale=0.9,1"], "unknown scenario"),
    "validate": (["validate", "nowhere"], "nowhere: no such folder"),
    "audit": (["audit", "nowhere"], "nowhere: no such folder"),
    "map": (["map", "nowhere"], "nowhere: no such folder"),
    "report": (["report", "nowhere"], "nowhere: no such folder"),
}
"""Input errors of each command that answers them before importing the solver stack."""


def test_every_command_answers_an_input_error_before_importing_the_solver_stack(
    tmp_path: Path,
) -> None:
    # One process for all: a command that imported Pyomo or SciPy would leave it in
    # sys.modules for the rest, so each is checked as it ends.
    probe = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from optimiser.cli import app\n"
        "seen = {}\n"
        f"for name, (arguments, _) in {INPUT_ERRORS!r}.items():\n"
        "    result = CliRunner().invoke(app, arguments)\n"
        "    heavy = [m for m in ('pyomo', 'scipy.stats') if m in sys.modules]\n"
        "    seen[name] = [result.exit_code, result.stderr, heavy]\n"
        "print(json.dumps(seen))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
    )
    seen = json.loads(ran.stdout)
    for name, (_, expected) in INPUT_ERRORS.items():
        exit_code, stderr, heavy = seen[name]
        assert exit_code == 2, (name, stderr)
        assert expected in stderr, (name, stderr)
        assert len(stderr.strip().splitlines()) == 1, (name, stderr)  # one line
        assert heavy == [], (name, heavy)


@pytest.mark.parametrize(
    ("arguments", "hint"),
    [
        (
            ["solve", "-s", "high-growth"],
            "'high-growth' is a scenario of the built-in model pathway-2030: "
            "dcsite solve pathway-2030 -s high-growth",
        ),
        (
            ["solve", "pathway-2030", "-s", "carbon-price"],
            "'carbon-price' is a scenario of the built-in model national-2025: "
            "dcsite solve national-2025 -s carbon-price",
        ),
        (
            ["shortfall", "-s", "no-new-corridor"],
            "did you mean 'no-new-corridors' of the built-in model pathway-2030",
        ),
    ],
)
def test_a_scenario_of_another_built_in_model_is_named_with_its_model(
    arguments: list[str], hint: str
) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 2
    assert hint in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_mistyped_built_in_model_name_is_suggested() -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app

    result = CliRunner().invoke(app, ["solve", "pathway2030"])
    assert result.exit_code == 2
    assert "did you mean 'pathway-2030', a built-in model?" in result.stderr


def test_a_validation_setting_without_the_check_is_refused(tmp_path: Path) -> None:
    run = dcsite(
        "solve", *FAST, "--set", "validation.workers=1", "--no-maps", "--out", tmp_path / "r"
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "error: --set: validation.workers: applies to the full-year check, which "
        "--no-validate skips; drop one of them"
    )
    assert not (tmp_path / "r").exists()


def test_a_failed_check_keeps_the_plan_and_says_it_is_not_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from optimiser.cli import app
    from optimiser.results import validation

    def broken(*arguments: object, **keywords: object) -> None:
        raise RuntimeError("worker process died")

    monkeypatch.setattr(validation, "validate_results_dir", broken)
    out = tmp_path / "run"
    arguments = ["solve", "--set", "time.representation=average_day", "--no-maps"]
    outcome = CliRunner().invoke(app, [*arguments, "--out", str(out)])
    assert outcome.exit_code == 4, outcome.output  # the plan is written; a later step failed
    assert "not validated over the full year: worker process died" in outcome.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["holds_over_full_year"] is None
    assert summary["validation"] == {"status": "not validated", "reason": "worker process died"}
    assert summary["status"] == "optimal"
    assert (out / "clusters.csv").exists()


def test_a_year_without_room_is_explained_in_mw_and_places(tmp_path: Path) -> None:
    # 2030's demand (2.5 times 2025's) on the catalogue's end-2025 room: refused before HiGHS.
    out = tmp_path / "run"
    run = dcsite("solve", "--set", "year=2030", "--no-validate", "--no-maps", "--out", out)
    assert run.returncode == 3
    assert "2030: latency-bound demand of Guangdong" in run.stderr
    assert "MW at sites within 10 ms (Shaoguan, Nanning)" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()
