"""Sweeps without rebuilding: LPs written from three probes equal the LPs built point by point."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from optimiser.lp.parametric import AffineLp
from optimiser.pipeline import compile_scenario, run_scenario
from optimiser.studies.sweep import apply_overrides, parse_vary, run_sweep
from tests.tiny import tiny_catalogue, tiny_scenario, tiny_tables


def green_catalogue():
    """The tiny catalogue with solar at every site, so that green targets bind and cost."""
    tables = tiny_tables()
    tables["clusters"]["max_solar_mw"] = 1000.0
    tables["solar_capacity_factor"][:] = 0.25
    return tiny_catalogue(tables)


def compiled_at(key: str, value: float, **changes: object):
    scenario = apply_overrides(tiny_scenario(**changes), {key: value})
    return compile_scenario(green_catalogue(), scenario)[1]


def numbers(compiled) -> np.ndarray:
    lp = compiled.lp
    return np.concatenate(
        [
            np.asarray(lp.col_cost_),
            np.asarray(lp.col_lower_),
            np.asarray(lp.col_upper_),
            np.asarray(lp.row_lower_),
            np.asarray(lp.row_upper_),
            np.asarray(lp.a_matrix_.value_),
            [lp.offset_],
        ]
    )


@pytest.mark.parametrize(
    ("key", "values", "check"),
    [
        ("policy.green_share_target", (0.2, 0.5, 0.9), 0.35),
        ("policy.carbon_price_cny_per_tco2", (10.0, 50.0, 200.0), 120.0),
        ("demand.scale", (0.5, 1.0, 2.0), 1.3),
    ],
)
def test_affine_lp_equals_the_built_lp(key: str, values: tuple, check: float) -> None:
    family = AffineLp.from_probes(values, [compiled_at(key, value) for value in values])
    assert family is not None
    written, built = family.at(check), compiled_at(key, check)
    assert written.row_indices == built.row_indices
    assert written.column_indices == built.column_indices
    assert np.allclose(numbers(written), numbers(built), rtol=1e-12, atol=1e-12)


def test_a_setting_that_is_not_affine_is_built_point_by_point() -> None:
    # The discount rate enters through annuity factors: no affine family.
    key = "parameters.discount_rate"
    values = (0.0, 0.05, 0.1)
    probes = [compiled_at(key, value) for value in values]
    assert AffineLp.from_probes(values, probes) is None


def test_sweep_without_rebuilding_equals_rebuilt_solves(tmp_path: Path) -> None:
    catalogue = green_catalogue()
    axis = parse_vary("policy.green_share_target=0.3:1.0:0.1")
    out = tmp_path / "sweep"
    table = run_sweep(tiny_scenario(), [axis], out, catalogue=catalogue, validate=False)
    points = {
        record["values"]["policy.green_share_target"]: record
        for record in (json.loads(p.read_text()) for p in (out / "points").glob("*/point.json"))
    }
    # Three probes are built; a target of 1 leaves no non-green allowance (another structure)
    # and is built too; the other four points are written from the probes.
    sources = {value: record["lp"] for value, record in points.items()}
    assert sorted(sources.values()).count("affine") == 4
    assert sources[1.0] == "built"
    for row in table.itertuples(index=False):
        target = row[0]
        fresh = run_scenario(catalogue, tiny_scenario(policy={"green_share_target": target}))
        assert row.objective_cny_per_year == pytest.approx(
            fresh.summary["objective_cny_per_year"], rel=1e-9
        )
