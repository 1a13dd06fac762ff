"""Where built-in models live, and how written folders record the model they were solved from."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.paths import (
    default_model_path,
    default_models_dir,
    recorded_model_file,
    recorded_model_path,
)


def test_a_built_in_model_is_recorded_by_its_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "results" / "run"
    recorded = recorded_model_path(default_model_path(), folder)
    assert recorded == "national-2025.yaml"
    assert recorded_model_file(recorded, folder) == default_models_dir() / recorded


@pytest.mark.parametrize(
    ("model", "folder", "expected"),
    [
        ("studies/mine.yaml", "results/run", "../../studies/mine.yaml"),
        ("mine.yaml", "results/run", "../../mine.yaml"),
        ("a/b/mine.yaml", "a/results", "../b/mine.yaml"),
    ],
)
def test_another_model_file_is_recorded_relative_to_the_folder(
    tmp_path: Path, model: str, folder: str, expected: str
) -> None:
    recorded = recorded_model_path(tmp_path / model, tmp_path / folder)
    assert recorded == str(Path(expected))
    assert not Path(recorded).is_absolute()
    assert recorded_model_file(recorded, tmp_path / folder) == (tmp_path / model).resolve()


def test_an_absolute_path_of_an_older_folder_is_read_as_it_is(tmp_path: Path) -> None:
    written = tmp_path / "elsewhere" / "mine.yaml"
    assert recorded_model_file(str(written), tmp_path / "results" / "run") == written
