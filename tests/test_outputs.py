"""Results folders are written whole or not at all, and earlier results are never lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny import tiny_catalogue, tiny_scenario

from optimiser.errors import OutputError
from optimiser.pipeline import run_scenario
from optimiser.results.folder import audit_results_dir, write_results


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
