"""dcsite: where to put compute capacity in China's East Data, West Computing programme.

The package follows the pipeline: read the regional catalogue (:mod:`optimiser.catalogue`) and
a scenario (:mod:`optimiser.scenario`), build the siting linear programme
(:mod:`optimiser.model`, :mod:`optimiser.constraints`), solve it with HiGHS
(:mod:`optimiser.solver`), extract and audit the plan (:mod:`optimiser.results`,
:mod:`optimiser.audit`) and write it (:mod:`optimiser.outputs`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("dcsite")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from optimiser.catalogue import Catalogue, load_catalogue
    from optimiser.results import SolveResult
    from optimiser.solver import solve

__all__ = ["Catalogue", "SolveResult", "__version__", "load_catalogue", "solve"]


def __getattr__(name: str) -> Any:
    # Lazy imports keep `import optimiser` (and the CLI's start-up) cheap: Pyomo and geopandas
    # are only imported when a command needs them.
    if name in {"Catalogue", "load_catalogue"}:
        from optimiser import catalogue

        return getattr(catalogue, name)
    if name == "solve":
        from optimiser.solver import solve

        return solve
    if name == "SolveResult":
        from optimiser.results import SolveResult

        return SolveResult
    msg = f"module 'optimiser' has no attribute {name!r}"
    raise AttributeError(msg)
