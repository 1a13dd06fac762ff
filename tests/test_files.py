"""File modes: what dcsite writes is readable by others, as the user's umask allows."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from optimiser.files import current_umask, make_shareable
from optimiser.studies.alternatives import run_alternatives
from optimiser.studies.compare import run_compare
from tests.tiny import tiny_catalogue, tiny_scenario


@pytest.fixture
def umask_027() -> Iterator[int]:
    """Run a test under umask 027 (group may read, others nothing), then restore the umask."""
    earlier = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(earlier)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_current_umask_reads_without_changing_it(umask_027: int) -> None:
    assert current_umask() == umask_027
    assert current_umask() == umask_027


def test_temporary_files_and_folders_get_the_mode_open_and_mkdir_give(
    tmp_path: Path, umask_027: int
) -> None:
    handle, file_name = tempfile.mkstemp(dir=tmp_path)
    os.close(handle)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    assert (mode(Path(file_name)), mode(folder)) == (0o600, 0o700)  # tempfile: private
    make_shareable(file_name)
    make_shareable(folder)
    assert (mode(Path(file_name)), mode(folder)) == (0o640, 0o750)


def written_modes(folder: Path) -> dict[str, int]:
    """Return the mode of a folder and of everything in it, by path relative to it."""
    paths = [folder, *folder.rglob("*")]
    return {str(path.relative_to(folder)): mode(path) for path in paths}


def test_study_folders_are_readable_by_others(tmp_path: Path) -> None:
    earlier = os.umask(0o022)  # the usual umask: 0644 files, 0755 folders
    try:
        run_compare(
            out_dir=tmp_path / "comparison",
            catalogue=tiny_catalogue(),
            resolved=[
                tiny_scenario().model_copy(update={"scenario_name": "first"}),
                tiny_scenario(policy={"green_share_target": 0.5}).model_copy(
                    update={"scenario_name": "second"}
                ),
            ],
            difference_maps=False,
            validate=False,  # fast: the study folder is what is tested here
        )
        run_alternatives(
            out_dir=tmp_path / "alternatives",
            catalogue=tiny_catalogue(),
            resolved=tiny_scenario(),
        )
    finally:
        os.umask(earlier)
    for study in ("comparison", "alternatives"):
        modes = written_modes(tmp_path / study)
        assert modes["."] == 0o755, study  # mkdtemp's 0700 would hide the whole study
        for name, found in modes.items():
            expected = 0o755 if (tmp_path / study / name).is_dir() else 0o644
            assert found == expected, f"{study}/{name}: {oct(found)}"
