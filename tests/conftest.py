"""Fixtures shared by the tests of several stages.

The shipped catalogue's tables as read from ``regions/``, and the results folder of the
default model solved once per test run (:mod:`tests.solved_results`). Fixtures used by one
test module stay in that module; the tiny hand-solvable catalogue is :mod:`tests.tiny`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.repository import REGIONS_DIR
from tests.solved_results import default_results_folder


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    """The catalogue's ``regions/provinces.csv`` as stored, read afresh for each module."""
    return pd.read_csv(REGIONS_DIR / "provinces.csv")


@pytest.fixture(scope="module")
def clusters() -> pd.DataFrame:
    """The catalogue's ``regions/clusters.csv`` as stored, read afresh for each module."""
    return pd.read_csv(REGIONS_DIR / "clusters.csv")


@pytest.fixture(scope="module")
def default_results() -> Path:
    """The results folder of ``dcsite solve`` on the default model (solved once, read-only)."""
    return default_results_folder()


@pytest.fixture
def resolutions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every scenario resolved during the test, as (model file name, scenario), in order.

    :func:`optimiser.scenario.resolve_scenario` is replaced wherever it was imported by name and
    in :mod:`optimiser.scenario` itself (for the modules imported later).
    """
    import optimiser.scenario

    original = optimiser.scenario.resolve_scenario
    made: list[tuple[str, str]] = []

    def counted(model_path: Any, scenario: str = "baseline", overrides: Any = ()) -> Any:
        made.append((Path(model_path).name, scenario))
        return original(model_path, scenario, overrides)

    for name, module in list(sys.modules.items()):
        if name.startswith("optimiser") and getattr(module, "resolve_scenario", None) is original:
            monkeypatch.setattr(module, "resolve_scenario", counted)
    return made
