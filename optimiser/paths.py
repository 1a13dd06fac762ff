"""Where the built-in data catalogue and models live, in a source tree and when installed.

``regions/`` and ``models/`` sit at the top of the repository, where users read and edit them;
an installed package carries copies as ``optimiser/regions`` and ``optimiser/models``. The
folders dcsite writes record the model file they were solved from without an absolute path
(:func:`recorded_model_path`).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _first_existing(name: str, marker: str) -> Path:
    candidates = [PACKAGE_DIR / name, PACKAGE_DIR.parent / name]
    for candidate in candidates:
        if (candidate / marker).exists():
            return candidate
    tried = ", ".join(str(candidate) for candidate in candidates)
    msg = f"the built-in {name}/ folder is missing (looked in {tried}); reinstall dcsite"
    raise FileNotFoundError(msg)


def default_regions_dir() -> Path:
    """Return the folder of the built-in regional data catalogue."""
    return _first_existing("regions", "clusters.csv")


def default_models_dir() -> Path:
    """Return the folder of the built-in model files."""
    return _first_existing("models", "national-2025.yaml")


def default_model_path() -> Path:
    """Return the built-in default model: the 2025 national plan."""
    return default_models_dir() / "national-2025.yaml"


def resolve_model_path(model: str | Path | None) -> Path:
    """Return a model file: the path given, a built-in model by name, or the default.

    ``pathway-2030`` names ``models/pathway-2030.yaml`` of the installed package when no file
    of that name exists where the command runs.
    """
    if model is None:
        return default_model_path()
    path = Path(model)
    if not path.exists() and path.suffix == "" and path.name == str(model):
        built_in = default_models_dir() / f"{path.name}.yaml"
        if built_in.exists():
            return built_in
    return path


def recorded_model_path(model_path: str | Path, folder: str | Path) -> str:
    """Return how a folder written by dcsite records the model file it was solved from.

    Never an absolute path, which would name the machine it was made on and break when the
    folder is read elsewhere: a built-in model is recorded by its file name
    (``national-2025.yaml``), any other model file by its path relative to ``folder``
    (``../../studies/mine.yaml``). :func:`recorded_model_file` reads it back.

    Parameters
    ----------
    model_path : str or pathlib.Path
        The model file.
    folder : str or pathlib.Path
        The folder whose files record it (a results, pathway, study or sweep folder).

    Examples
    --------
    >>> recorded_model_path(default_model_path(), "results/national-2025-baseline-001")
    'national-2025.yaml'
    """
    path = Path(model_path).resolve()
    if path.parent == default_models_dir().resolve():
        return path.name
    try:
        return os.path.relpath(path, Path(folder).resolve())
    except ValueError:  # on another drive (Windows): no relative path; the name still tells
        return path.name


def recorded_model_file(recorded: str | Path, folder: str | Path) -> Path:
    """Return the model file a folder records (:func:`recorded_model_path`), as a full path.

    A bare file name of a built-in model is that model; a relative path is relative to
    ``folder``; an absolute path (folders written before paths were recorded relatively) is
    returned as it is.
    """
    path = Path(recorded)
    if path.is_absolute():
        return path
    built_in = default_models_dir() / path.name
    if path.name == str(recorded) and built_in.exists():
        return built_in
    return (Path(folder) / path).resolve()
