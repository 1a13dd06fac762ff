r"""LPs whose numbers move with one setting: new points without rebuilding the Pyomo model.

A sweep varies one setting (a green target, a price, a scale) over many values; the LP's
structure (its rows, columns and non-zero pattern) stays the same and, for most settings, every
number in it (costs, bounds, right-hand sides, matrix entries) is an affine function of the
setting: the green target enters as :math:`(1 - t_s)\,\eta_s`, a price as a cost, a scale as a
right-hand side. Building and compiling the Pyomo model costs some twenty times HiGHS's warm
re-solve, so :class:`AffineLp` builds it at three of the sweep's values only (the probes), checks
that the three LPs share one structure and that the middle one lies exactly on the line through
the outer two, and then writes the LP of any other value as
:math:`p(v) = p(v_0) + (v - v_0)\,(p(v_1) - p(v_0)) / (v_1 - v_0)`. A setting that fails the
check (the discount rate enters through annuity factors, which are not affine) or changes the
structure gets no :class:`AffineLp`: its points are built one by one as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from optimiser.lp.inputs import ModelInputs
from optimiser.lp.solver import CompiledLp

AFFINE_TOLERANCE = 1e-12
"""Largest relative deviation of the middle probe from the line [fraction]: rounding only."""

_ARRAYS = ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_")


def structure_key(inputs: ModelInputs) -> tuple[object, ...]:
    """Return what decides the LP's rows, columns and non-zero pattern, from its inputs alone.

    Two points with the same key and the same settings other than the varied one build LPs of
    one structure: the same index sets (sites, regions with demand, eligible pairs, corridors
    and their links, hours, provinces with headroom), the same targeted sites and certificate
    rule, the same routing, carbon cap present or not, and the same zero coefficients a setting
    can create (a green target of 1 leaves no non-green allowance).
    """
    settings = inputs.settings
    regions = inputs.regions
    pairs = inputs.pairs
    target = inputs.sites["green_share_planning_target"]
    return (
        tuple(inputs.sites.index),
        tuple(regions.index[regions["demand_latency_bound_mw"] > 0]),
        tuple(regions.index[regions["demand_flexible_mw"] > 0]),
        tuple(
            zip(pairs["province_id"], pairs["cluster_id"], pairs["latency_eligible"], strict=True)
        ),
        tuple(inputs.corridors.index),
        tuple(
            zip(
                inputs.corridor_links["corridor_id"],
                inputs.corridor_links["cluster_id"],
                strict=True,
            )
        ),
        tuple(inputs.hours.index),
        tuple(inputs.headroom.index),
        tuple(target > 0),
        tuple(target >= 1),
        settings.policy.green_accounting,
        settings.policy.certificates_allowed,
        settings.policy.hourly_floor is None,
        tuple(inputs.certificate_supply.index),
        tuple(inputs.certificate_supply["volume_gwh_per_year"] < float("inf")),
        settings.policy.carbon_cap_tco2_per_year is None,
        settings.policy.carbon_price_cny_per_tco2 > 0,
        settings.latency.routing,
    )


def _same_pattern(first: CompiledLp, second: CompiledLp) -> bool:
    return (
        first.num_rows == second.num_rows
        and first.num_columns == second.num_columns
        and first.row_components == second.row_components
        and first.row_indices == second.row_indices
        and first.column_components == second.column_components
        and first.column_indices == second.column_indices
        and np.array_equal(first.array("start_"), second.array("start_"))
        and np.array_equal(first.array("index_"), second.array("index_"))
        and first.fixed_values == second.fixed_values
    )


def _numbers(compiled: CompiledLp) -> dict[str, np.ndarray]:
    numbers = {name: compiled.array(name) for name in _ARRAYS}
    numbers["a_values"] = compiled.array("value_")
    numbers["offset"] = np.array([float(compiled.objective_offset)])
    return numbers


@dataclass
class AffineLp:
    """The LPs of one structure whose numbers are affine in one setting's value.

    Attributes
    ----------
    base_value : float
        The setting's value at the base probe.
    base : CompiledLp
        The LP at the base probe (its names and pattern serve every value).
    numbers : dict of str to numpy.ndarray
        Costs, bounds, matrix values and offset at the base probe.
    slopes : dict of str to numpy.ndarray
        Their change per unit of the setting (0 where a bound is infinite at both probes).
    """

    base_value: float
    base: CompiledLp
    numbers: dict[str, np.ndarray]
    slopes: dict[str, np.ndarray]

    @classmethod
    def from_probes(cls, values: Sequence[float], probes: Sequence[CompiledLp]) -> AffineLp | None:
        """Return the affine family through three probes, or None if they do not make one.

        Parameters
        ----------
        values : sequence of float
            The setting's value at each probe, three distinct values.
        probes : sequence of CompiledLp
            The LPs built and compiled at those values.

        Returns
        -------
        AffineLp or None
            None when the probes differ in structure or the middle one is off the line
            through the other two by more than :data:`AFFINE_TOLERANCE`.
        """
        if len(values) != 3 or len(set(values)) != 3:
            return None
        order = np.argsort(values)
        (low, middle, high) = (float(values[position]) for position in order)
        first, centre, last = (probes[position] for position in order)
        if not (_same_pattern(first, centre) and _same_pattern(first, last)):
            return None
        numbers, ends, check = _numbers(first), _numbers(last), _numbers(centre)
        slopes: dict[str, np.ndarray] = {}
        for name, start in numbers.items():
            end = ends[name]
            finite = np.isfinite(start) & np.isfinite(end)
            # An infinite bound must stay the same infinite bound at every value.
            if not np.array_equal(start[~finite], end[~finite]):
                return None
            slope = np.zeros_like(start)
            slope[finite] = (end[finite] - start[finite]) / (high - low)
            if not np.array_equal(start[~finite], check[name][~finite]):
                return None
            predicted = start[finite] + (middle - low) * slope[finite]
            actual = check[name][finite]
            scale = np.maximum(np.abs(actual), 1.0)
            if (np.abs(predicted - actual) > AFFINE_TOLERANCE * scale).any():
                return None
            slopes[name] = slope
        return cls(low, first, numbers, slopes)

    def at(self, value: float) -> CompiledLp:
        """Return the LP at a value of the setting (same rows, columns and names)."""
        step = float(value) - self.base_value
        numbers = {name: start + step * self.slopes[name] for name, start in self.numbers.items()}
        base = self.base
        arrays = {name: numbers[name] for name in _ARRAYS}
        arrays.update(
            start_=base.array("start_"), index_=base.array("index_"), value_=numbers["a_values"]
        )
        # The HighsLp is made only if asked for: sweeps hand the arrays to HiGHS directly.
        return CompiledLp(
            highs_lp=None,
            row_components=base.row_components,
            row_indices=base.row_indices,
            column_components=base.column_components,
            column_indices=base.column_indices,
            objective_offset=float(numbers["offset"][0]),
            fixed_values=base.fixed_values,
            layouts=base.layouts,
            arrays=arrays,
        )


__all__ = ["AFFINE_TOLERANCE", "AffineLp", "structure_key"]
