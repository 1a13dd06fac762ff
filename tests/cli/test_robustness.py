"""Property: whatever value any setting gets on the command line, ``dcsite solve`` answers cleanly.

Hypothesis draws a settable key (every key ``dcsite scenarios`` lists, plus keys below the
mapping settings) and a hostile value for it: wrong types, NaN, infinities, negatives, huge
numbers, empty lists, unknown ids. Whatever it draws, the command must exit 0 (an audited
plan), 2 (bad input) or 3 (infeasible or unbounded), print no traceback, and leave no partial
folder behind. Solves run in process on the built-in model's average day (24 hours).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from optimiser.cli import app
from optimiser.data.catalogue import load_catalogue
from optimiser.results.folder import audit_results_dir
from optimiser.scenario import DICT_SETTINGS, settable_keys

FAST = ["--set", "time.representation=average_day", "--no-validate"]
KEYS = sorted(
    [key for key, *_ in settable_keys() if key not in DICT_SETTINGS]
    + [f"parameters.{name}" for name in load_catalogue().parameters]
    + [
        "parameters",
        "network.province_grid_headroom_mw",
        "network.province_grid_headroom_mw.beijing",
    ]
)
HOSTILE = [
    "nan",
    ".nan",
    "inf",
    "-inf",
    ".inf",
    "-.inf",
    "-1",
    "0",
    "-0.0",
    "1e-300",
    "1e308",
    "-1e308",
    "99999999999999999999999",
    "[]",
    "{}",
    "[atlantis]",
    "{atlantis: 1}",
    "atlantis",
    "''",
    "null",
    "true",
    "false",
    "0.5",
    "1",
    "2",
    "[1, 2]",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)


def solve_with(key: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        out = Path(root) / "run"
        outcome = CliRunner().invoke(
            app, ["solve", *FAST, "--set", f"{key}={value}", "--no-maps", "--out", str(out)]
        )
        output = outcome.output
        assert outcome.exit_code in {0, 2, 3}, f"{key}={value}: exit {outcome.exit_code}\n{output}"
        assert "Traceback" not in output, output
        assert "internal error" not in output, output
        leftovers = [path.name for path in Path(root).iterdir() if path.name != "run"]
        assert leftovers == [], f"{key}={value}: partial folders {leftovers}"
        if outcome.exit_code == 0:
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            assert summary["status"] == "optimal"
            assert audit_results_dir(out)
        else:
            assert not out.exists(), f"{key}={value}: exit {outcome.exit_code} left {out}"
            assert outcome.stderr.startswith("error:"), output  # stdout has the progress


COMMON = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Reproducible draws (the same examples on every run), no time limit per example."""


@settings(COMMON, max_examples=15)
@given(key=st.sampled_from(KEYS), value=VALUES)
def test_any_setting_value_gives_a_clean_answer(key: str, value: str) -> None:
    solve_with(key, value)


@pytest.mark.slow
@settings(COMMON, max_examples=400)
@given(key=st.sampled_from(KEYS), value=VALUES)
def test_any_setting_value_gives_a_clean_answer_at_length(key: str, value: str) -> None:
    solve_with(key, value)


@pytest.mark.slow
@pytest.mark.parametrize("key", KEYS)
def test_every_key_takes_every_hostile_word(key: str) -> None:
    for value in ("nan", "-1", "[]", "atlantis", "1e308"):
        solve_with(key, value)
