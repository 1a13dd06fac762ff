"""Sweep points written without building the Pyomo model: :class:`AffinePoints`.

Used by :mod:`optimiser.studies.sweep` for serial sweeps of one numeric setting. Three points
are built and compiled (:func:`optimiser.pipeline.compile_scenario`); when their LPs make an
:class:`optimiser.lp.parametric.AffineLp`, the LP of every other point of the same structure
is written from them, and only the cheap preparation of its inputs (pandas) is repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from optimiser.data.catalogue import Catalogue
from optimiser.errors import DcsiteError
from optimiser.lp.inputs import ModelInputs, prepare_inputs
from optimiser.lp.parametric import AffineLp, structure_key
from optimiser.lp.solver import CompiledLp
from optimiser.pipeline.single_year import compile_scenario
from optimiser.scenario import ResolvedScenario

MIN_AFFINE_POINTS = 4
"""A sweep of fewer points of one structure is built point by point (three probes are built)."""


class AffinePoints:
    """The LPs of a one-setting sweep written from three built probes, not rebuilt per point.

    The points are grouped by the structure their inputs give the LP
    (:func:`optimiser.lp.parametric.structure_key`); in the largest group of at least
    :data:`MIN_AFFINE_POINTS` points, the smallest, a middle and the largest value are built and
    compiled, and if their LPs make an :class:`~optimiser.lp.parametric.AffineLp`, every other
    point of the group gets its LP from it. Points of other structures, and every point of a
    sweep whose setting is not affine, are built as before.

    Parameters
    ----------
    catalogue : optimiser.data.catalogue.Catalogue
        Regional data.
    scenario_for : callable
        The scenario of a point, from its values (dotted setting → value).
    todo : sequence of dict
        The points to solve.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        scenario_for: Callable[[Mapping[str, Any]], ResolvedScenario],
        todo: Sequence[Mapping[str, Any]],
    ) -> None:
        self.catalogue = catalogue
        self.scenario_for = scenario_for
        self.family: AffineLp | None = None
        self.lps: dict[float, tuple[ModelInputs, CompiledLp]] = {}
        self.key: tuple[object, ...] | None = None
        self.setting = ""
        self.probes: set[float] = set()
        self.inputs: dict[float, ModelInputs] = {}
        keys = {key for values in todo for key in values}
        numbers = [values.get(next(iter(keys))) for values in todo] if len(keys) == 1 else []
        if not numbers or not all(
            isinstance(value, int | float) and not isinstance(value, bool) for value in numbers
        ):
            return
        self.setting = next(iter(keys))
        # Each point's inputs are prepared once, here: they decide its structure and are what
        # its results are extracted with.
        try:
            groups: dict[tuple[object, ...], list[float]] = {}
            for value in sorted({float(number) for number in numbers if number is not None}):
                inputs = prepare_inputs(catalogue, self._scenario(value))
                self.inputs[float(value)] = inputs
                groups.setdefault(structure_key(inputs), []).append(float(value))
        except DcsiteError:  # reported by the point itself when it is solved
            return
        key, group = max(groups.items(), key=lambda item: len(item[1]))
        if len(group) < MIN_AFFINE_POINTS:
            return
        probes = (group[0], group[len(group) // 2], group[-1])
        try:
            built = [compile_scenario(catalogue, self._scenario(value)) for value in probes]
        except DcsiteError:
            return
        self.family = AffineLp.from_probes(probes, [lp for _, lp, _ in built])
        self.key = key
        self.probes = set(probes)
        self.lps = {
            value: (inputs, lp) for value, (inputs, lp, _) in zip(probes, built, strict=True)
        }

    def is_probe(self, values: Mapping[str, Any]) -> bool:
        """Return whether a point is one of the three built probes."""
        return set(values) == {self.setting} and float(values[self.setting]) in self.probes

    def _scenario(self, value: float) -> ResolvedScenario:
        return self.scenario_for({self.setting: value})

    def lp(self, values: Mapping[str, Any]) -> tuple[ModelInputs, CompiledLp] | None:
        """Return a point's inputs and LP without building it, or None to build it."""
        if self.family is None or set(values) != {self.setting}:
            return None
        value = float(values[self.setting])
        if value in self.lps:
            return self.lps.pop(value)
        inputs = self.inputs.pop(value, None)
        if inputs is None:
            inputs = prepare_inputs(self.catalogue, self._scenario(value))
        if structure_key(inputs) != self.key:
            return None
        return inputs, self.family.at(value)
