"""Run the pipeline: scenario → LP → HiGHS → results → audit, for one year or a pathway.

The one place that chains the stages for the Python API, the CLI and the studies.
:mod:`~optimiser.pipeline.single_year` solves one scenario (:func:`solve`, and
:func:`~optimiser.pipeline.single_year.solve_with_duals` for the re-solves of sweeps and
comparisons); :mod:`~optimiser.pipeline.pathway` solves a 2025 → 2030 pathway with perfect or
myopic foresight (:func:`solve_pathway`) and writes its folder.
"""

from __future__ import annotations

from optimiser.pipeline.pathway import (
    is_pathway,
    run_pathway,
    solve_pathway,
    write_pathway_decorations,
    write_pathway_results,
)
from optimiser.pipeline.single_year import (
    PointSolution,
    compile_scenario,
    finish_solve,
    run_scenario,
    solve,
    solve_with_duals,
    write_decorations,
)

__all__ = [
    "PointSolution",
    "compile_scenario",
    "finish_solve",
    "is_pathway",
    "run_pathway",
    "run_scenario",
    "solve",
    "solve_pathway",
    "solve_with_duals",
    "write_decorations",
    "write_pathway_decorations",
    "write_pathway_results",
]
