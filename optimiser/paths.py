"""Where the built-in data catalogue and models live, in a source tree and when installed.

``regions/`` and ``models/`` sit at the top of the repository, where users read and edit them;
an installed package carries copies as ``optimiser/regions`` and ``optimiser/models``.
"""

from __future__ import annotations

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
