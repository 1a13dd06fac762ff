"""dcsite: where to put compute capacity in China's East Data, West Computing programme.

The package follows the pipeline: read the regional catalogue (:mod:`optimiser.data.catalogue`) and
a scenario (:mod:`optimiser.scenario`), build the siting linear programme
(:mod:`optimiser.lp.model`, :mod:`optimiser.lp.rules`), solve it with HiGHS
(:mod:`optimiser.lp.solver`), extract and audit the plan (:mod:`optimiser.results.tables`,
:mod:`optimiser.results.audit`) and write it (:mod:`optimiser.results.folder`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from optimiser.version import __version__

if TYPE_CHECKING:
    from optimiser.data.catalogue import Catalogue, load_catalogue
    from optimiser.pipeline.pathway import solve_pathway
    from optimiser.pipeline.single_year import solve
    from optimiser.results.folder import audit_folders, load_results
    from optimiser.results.pathway import PathwayResult
    from optimiser.results.tables import SolveResult
    from optimiser.studies.api import compare, sweep

__all__ = [
    "Catalogue",
    "PathwayResult",
    "SolveResult",
    "__version__",
    "audit_folders",
    "compare",
    "load_catalogue",
    "load_results",
    "solve",
    "solve_pathway",
    "sweep",
]


def __getattr__(name: str) -> Any:
    # Lazy imports keep `import optimiser` (and the CLI's start-up) cheap: Pyomo and geopandas
    # are only imported when a command needs them.
    if name in {"Catalogue", "load_catalogue"}:
        from optimiser.data import catalogue

        return getattr(catalogue, name)
    if name == "solve":
        from optimiser.pipeline.single_year import solve

        return solve
    if name in {"load_results", "audit_folders"}:
        from optimiser.results import folder

        return getattr(folder, name)
    if name in {"compare", "sweep"}:
        from optimiser.studies import api

        return getattr(api, name)
    if name == "solve_pathway":
        from optimiser.pipeline.pathway import solve_pathway

        return solve_pathway
    if name == "PathwayResult":
        from optimiser.results.pathway import PathwayResult

        return PathwayResult
    if name == "SolveResult":
        from optimiser.results.tables import SolveResult

        return SolveResult
    msg = f"module 'optimiser' has no attribute {name!r}"
    raise AttributeError(msg)
