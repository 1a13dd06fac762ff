"""One results folder of the default model, solved once per test session and shared.

The maps need the real catalogue (the tiny one has no province boundaries), so the map and
report tests share one ``dcsite solve`` of the built-in model (about 15 s), run through the
real command-line entry point.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from optimiser.cli import app


@functools.cache
def default_results_folder() -> Path:
    """Return a results folder of the default model's baseline, with maps and report."""
    root = Path(tempfile.mkdtemp(prefix="dcsite-maps-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    folder = root / "baseline"
    outcome = CliRunner().invoke(app, ["solve", "--out", str(folder)])
    assert outcome.exit_code == 0, outcome.output
    return folder


def copy_results(folder: Path, target: Path) -> Path:
    """Copy a results folder (so a test can change it without touching the shared one)."""
    return Path(shutil.copytree(folder, target))
