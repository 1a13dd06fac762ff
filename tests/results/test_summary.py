"""The summary's headline figures, on the tiny fixture."""

from __future__ import annotations

import pytest

from optimiser.pipeline import run_scenario
from tests.tiny import tiny_catalogue, tiny_scenario


def test_the_summary_gives_the_share_of_national_data_centre_electricity() -> None:
    # 220 MW all year at PUE 1 is 1.9272 TWh of the tiny catalogue's 100 TWh.
    result = run_scenario(tiny_catalogue(), tiny_scenario())
    assert result.summary["national_data_centre_electricity_twh"] == pytest.approx(100.0)
    assert result.summary["share_of_national_data_centres"] == pytest.approx(0.019272)
