"""What both kinds of solve share (:mod:`optimiser.pipeline.reading`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimiser.errors import InputError
from optimiser.pipeline.reading import read_catalogue, stage_reporter
from optimiser.scenario import resolve_scenario
from tests.repository import REGIONS_DIR


def test_a_sibling_scenario_naming_an_unknown_corridor_is_refused_before_any_solve(
    tmp_path: Path,
) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(
        "name: broken-sibling\nscenarios:\n  baseline: {}\n  broken:\n    changes:\n"
        "      network:\n        exclude_corridors: [nowhere]\n",
        encoding="utf-8",
    )
    resolved = resolve_scenario(model, "baseline")
    with pytest.raises(InputError, match=r"scenarios\.broken") as raised:
        read_catalogue(resolved, REGIONS_DIR)
    assert "nowhere" in str(raised.value)


def test_stages_are_passed_on_only_when_asked() -> None:
    seen: list[str] = []
    stage_reporter(seen.append)("build")
    stage_reporter(None)("solve")
    assert seen == ["build"]
