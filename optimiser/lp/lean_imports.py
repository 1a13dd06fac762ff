"""Keep SciPy's statistics out of a solve: Pyomo's deferred SciPy import, made lean.

Part of the hand-over stage (:mod:`optimiser.lp.handover`). Pyomo's standard-form compiler
builds its sparse matrices through Pyomo's deferred ``scipy`` module; resolving it runs Pyomo's
``_finalize_scipy``, which also imports ``scipy.stats``, ``scipy.integrate`` and
``scipy.spatial``: about 1 s of imports on an idle machine (3 s on a loaded one) that no step
of a solve uses, a tenth of HiGHS's own time on the default model. :func:`defer_scipy_stats`
swaps that callback for one that imports ``scipy.sparse`` alone; SciPy still imports any other
subpackage on first use (``scipy.stats`` is a lazy attribute of ``scipy``).
"""

from __future__ import annotations

from types import ModuleType


def _finalize_scipy_sparse(module: ModuleType, available: bool) -> None:
    if available:
        import scipy.sparse  # noqa: F401  (the one subpackage the compiler uses)


def defer_scipy_stats() -> bool:
    """Make Pyomo's deferred SciPy import load ``scipy.sparse`` only; return whether it did.

    Nothing is changed (False) when SciPy is already imported, or when Pyomo's internals are
    not the ones this was written for (Pyomo 6.x: ``DeferredImportCallbackFinder._callbacks``
    and ``_finalize_scipy``): the solve is then as fast as before, never wrong.
    """
    import sys

    from pyomo.common import dependencies

    if "scipy" in sys.modules:
        return False
    finder = getattr(dependencies, "DeferredImportCallbackFinder", None)
    finalize = getattr(dependencies, "_finalize_scipy", None)
    pending = getattr(finder, "_callbacks", {}).get("scipy", [])
    swapped = False
    for indicator in pending:
        if getattr(indicator, "_callback", None) is finalize and finalize is not None:
            indicator._callback = _finalize_scipy_sparse
            swapped = True
    return swapped
