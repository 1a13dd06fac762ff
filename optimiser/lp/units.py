"""Units of the LP: costs in thousands of CNY, green energy in GWh.

The objective is in kCNY to keep its coefficients within a few orders of magnitude of one
another (``docs/formulation.md``); certificates are counted in GWh. One home for both
factors, below every module that converts.
"""

from __future__ import annotations

CNY_PER_KCNY = 1e3
"""CNY in one of the objective's units [CNY/kCNY]."""
MWH_PER_GWH = 1000.0
"""MWh in one GWh [MWh/GWh]."""

__all__ = ["CNY_PER_KCNY", "MWH_PER_GWH"]
