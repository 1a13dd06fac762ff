"""Results folders are written whole or not at all, and earlier results are never lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from optimiser.errors import InputError, OutputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import (
    audit_folders,
    audit_results_dir,
    find_results_folders,
    write_results,
)
from tests.tiny import tiny_catalogue, tiny_scenario


@pytest.fixture(scope="module")
def result():
    return run_scenario(tiny_catalogue(), tiny_scenario())


def test_written_folder_audits_from_its_files(result, tmp_path: Path) -> None:
    out = write_results(result, tmp_path / "run")
    assert "objective" in audit_results_dir(out)
    assert [path.name for path in tmp_path.iterdir()] == ["run"]


def test_existing_folder_needs_overwrite(result, tmp_path: Path) -> None:
    write_results(result, tmp_path / "run")
    with pytest.raises(OutputError, match="already exists"):
        write_results(result, tmp_path / "run")


def test_failure_while_writing_leaves_nothing(result, tmp_path: Path) -> None:
    def fail(folder: Path) -> None:
        (folder / "half-written.txt").write_text("...", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_results(result, tmp_path / "run", extra=fail)
    assert list(tmp_path.iterdir()) == []


def test_interrupted_overwrite_restores_the_earlier_results(
    result, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_results(result, tmp_path / "run")
    before = (out / "summary.json").read_text(encoding="utf-8")
    original = Path.rename
    calls: list[Path] = []

    def rename(self: Path, target: Path) -> Path:
        calls.append(self)
        if len(calls) == 2:  # the old folder is aside, the new one not yet in place
            raise KeyboardInterrupt
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        write_results(result, out, overwrite=True)
    monkeypatch.undo()
    assert (out / "summary.json").read_text(encoding="utf-8") == before
    assert [path.name for path in tmp_path.iterdir()] == ["run"]


def test_audit_folders_audits_every_results_folder_one_and_two_levels_down(
    result, tmp_path: Path
) -> None:
    import optimiser

    write_results(result, tmp_path / "study" / "first")
    write_results(result, tmp_path / "study" / "points" / "second")
    (tmp_path / "study" / "notes").mkdir()  # neither a results folder nor holding one
    assert find_results_folders(tmp_path / "study") == [
        tmp_path / "study" / "first",
        tmp_path / "study" / "points" / "second",
    ]
    audits = optimiser.audit_folders(tmp_path / "study")
    assert [audit.status for audit in audits] == ["passed", "passed"]
    assert "objective" in audits[1].passed and audits[1].failed == {}
    # a results folder given directly is audited alone, its inputs/ and plan/ not searched
    assert [audit.folder for audit in audit_folders(tmp_path / "study" / "first")] == [
        tmp_path / "study" / "first"
    ]


def test_audit_folders_names_every_failed_check_and_goes_on(result, tmp_path: Path) -> None:
    write_results(result, tmp_path / "study" / "a")
    tampered = write_results(result, tmp_path / "study" / "b")
    latency = pd.read_parquet(tampered / "plan" / "latency_hourly.parquet")
    latency["load_mw"] *= 0.5  # serve half the latency-bound demand
    latency.to_parquet(tampered / "plan" / "latency_hourly.parquet", index=False)
    write_results(result, tmp_path / "study" / "c")
    (tmp_path / "study" / "c" / "hourly.parquet").write_bytes(b"not parquet")
    audits = {audit.folder.name: audit for audit in audit_folders(tmp_path / "study")}
    assert audits["a"].status == "passed"
    assert audits["b"].status == "failed"
    assert "demand_served" in audits["b"].failed
    assert "demand_served broken at" in audits["b"].failed["demand_served"]
    assert "objective" in audits["b"].passed or "objective" in audits["b"].failed
    assert list(audits["c"].failed) == ["read"]


def test_audit_folders_refuses_a_folder_without_results(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    with pytest.raises(InputError, match="no results folder in it"):
        audit_folders(tmp_path / "empty")
    with pytest.raises(InputError, match="no such folder"):
        audit_folders(tmp_path / "missing")
