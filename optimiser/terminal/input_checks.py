"""Input the ``dcsite`` command checks before it imports the solver stack.

Pyomo, HiGHS and SciPy take several seconds to import; a mistyped scenario, ``--set`` key,
model name or folder is answered before that, in about a second. Each check raises the same
:class:`~optimiser.errors.InputError` the library would raise later, so the answer is the one
line it always was, only sooner. This module imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from optimiser.errors import InputError


def check_names(model_path: Path, scenarios: Sequence[str], overrides: Sequence[str]) -> None:
    """Resolve each scenario of a model file with the ``--set`` overrides, keeping nothing.

    Raises
    ------
    optimiser.errors.InputError
        A model file that does not exist, an unknown scenario or setting key, a bad value.
    """
    from optimiser.scenario import resolve_scenario

    for scenario in scenarios:
        resolve_scenario(model_path, scenario, list(overrides))


def refuse_missing_folder(folder: Path, needs_summary: bool = False) -> None:
    """Refuse a folder that does not exist, or (``needs_summary``) is not a results folder."""
    if not folder.is_dir():
        raise InputError(folder, "", "no such folder")
    if needs_summary and not (folder / "summary.json").is_file():
        raise InputError(folder, "summary.json", "not a results folder (file missing)")


def refuse_missing_targets(targets: Sequence[Path]) -> None:
    """Refuse ``dcsite compare`` targets that are no folder, no file and no built-in model."""
    from optimiser.paths import resolve_model_path
    from optimiser.scenario import built_in_model_hint

    for target in targets:
        if not resolve_model_path(target).exists():
            hint = built_in_model_hint(Path(target))
            raise InputError(target, "", f"no such results folder or model file{hint}")
